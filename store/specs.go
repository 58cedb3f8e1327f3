package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/clerkbot/clerkbot/clerk"
)

var _ clerk.SpecCache = (*DB)(nil)

// CachedSpec returns the bytes cached under key (clerk.SpecCache).
func (db *DB) CachedSpec(key string) ([]byte, bool, error) {
	var data []byte
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketSpecs).Get([]byte(key)); v != nil {
			data = bytes.Clone(v) // v lives only as long as the transaction
		}
		return nil
	})
	return data, data != nil, err
}

// CacheSpec stores data under key, replacing what was there (clerk.SpecCache).
func (db *DB) CacheSpec(key string, data []byte) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSpecs).Put([]byte(key), bytes.Clone(data))
	})
}
