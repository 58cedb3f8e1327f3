package store

import (
	"bytes"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SeenEvent records an event key (a Slack event_id, say) until now+ttl and reports
// whether it was already recorded and not yet expired. The check and the write are one
// transaction, so of two deliveries of one event exactly one sees false.
func (db *DB) SeenEvent(key string, ttl time.Duration, now time.Time) (seen bool, err error) {
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		if v := b.Get([]byte(key)); len(v) == 8 && int64(binary.BigEndian.Uint64(v)) > now.UnixNano() {
			seen = true
			return nil
		}
		return b.Put([]byte(key), u64(uint64(now.Add(ttl).UnixNano())))
	})
	return seen, err
}

// PurgeEvents deletes the event keys that expired by now and returns how many.
func (db *DB) PurgeEvents(now time.Time) (int, error) {
	n := 0
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		var expired [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if len(v) != 8 || int64(binary.BigEndian.Uint64(v)) <= now.UnixNano() {
				expired = append(expired, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range expired {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(expired)
		return nil
	})
	return n, err
}
