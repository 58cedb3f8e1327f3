package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A migration moves the file from schema version-1 to version. Its apply runs inside
// Open's write transaction with every earlier migration, so a failure leaves the file
// as it was. A migration is written against the shape of the file at its version and
// never changes once released; each has a test that starts from the old shape.
type migration struct {
	version uint64
	name    string
	apply   func(tx *bolt.Tx) error
}

// migrations lists every migration in order. Version 0 is an empty file.
var migrations = []migration{
	{1, "create the buckets of schema 1", migrateV1},
}

// migrateV1 creates the buckets of schema 1. The names are written out, not taken from
// allBuckets, because this migration must keep doing what it did when later versions
// add buckets.
func migrateV1(tx *bolt.Tx) error {
	for _, name := range []string{"meta", "confirmations", "active", "audit", "events", "specs"} {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// migrate applies the migrations of list newer than the file's schema version, in order,
// and records the last one. It returns the versions before and after.
func migrate(tx *bolt.Tx, list []migration) (from, to uint64, err error) {
	for i, m := range list {
		if m.version != uint64(i+1) {
			return 0, 0, fmt.Errorf("migration %q has version %d, want %d", m.name, m.version, i+1)
		}
	}
	from, err = schemaVersion(tx)
	if err != nil {
		return 0, 0, err
	}
	latest := uint64(len(list))
	if from > latest {
		return 0, 0, fmt.Errorf("%w (schema version %d; this one knows up to %d): upgrade clerkbot", ErrTooNew, from, latest)
	}
	for _, m := range list[from:] {
		if err := m.apply(tx); err != nil {
			return 0, 0, fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return 0, 0, err
	}
	if from != latest {
		if err := meta.Put(keySchemaVersion, u64(latest)); err != nil {
			return 0, 0, err
		}
	}
	return from, latest, nil
}
