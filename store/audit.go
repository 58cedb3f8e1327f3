package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clerkbot/clerkbot/confirm"
)

// AppendAudit adds an entry to the end of the audit log. The store numbers it; a zero
// Time is set to the current time.
func (db *DB) AppendAudit(e confirm.AuditEntry) error {
	return db.bolt.Update(func(tx *bolt.Tx) error { return appendAudit(tx, &e) })
}

// Audit returns at most limit entries of the audit log (all when limit <= 0), the newest
// ones when newestFirst, otherwise the oldest ones, in that order. An entry that does not
// decode is left out and named in the error, which is returned with the others.
func (db *DB) Audit(limit int, newestFirst bool) ([]confirm.AuditEntry, error) {
	var out []confirm.AuditEntry
	var bad []error
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		first, next := c.First, c.Next
		if newestFirst {
			first, next = c.Last, c.Prev
		}
		for k, v := first(); k != nil && (limit <= 0 || len(out) < limit); k, v = next() {
			if len(k) != 8 {
				bad = append(bad, fmt.Errorf("store: audit key %x: %w: not 8 bytes", k, errDamaged))
				continue
			}
			e, err := decodeAudit(binary.BigEndian.Uint64(k), v)
			if err != nil {
				bad = append(bad, fmt.Errorf("store: %w", err))
				continue
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, errors.Join(bad...)
}

// appendAudit numbers e with the bucket's next sequence and stores it.
func appendAudit(tx *bolt.Tx, e *confirm.AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	data, err := encodeAudit(*e)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return b.Put(u64(seq), data)
}
