// Package store keeps clerkbot's state in one bbolt file (CLERKBOT_DB): confirmations,
// the append-only audit log, event de-duplication keys and the spec cache. *DB
// implements confirm.Store and clerk.SpecCache.
//
// The file holds these buckets, all created in one transaction at Open:
//
//	meta/
//	    schema_version   → uint64, 8 bytes big-endian: the last migration applied
//	confirmations/
//	    <id>             → JSON confirmation {"v":1, …}
//	active/
//	    <id>             → state ("PENDING" or "EXECUTING"): the confirmations that are
//	                       not final yet, so that the sweeper and Reconcile do not read
//	                       every confirmation ever made
//	audit/
//	    <seq>            → JSON audit entry {"v":1, …}; seq is NextSequence as 8 bytes
//	                       big-endian, so the log sorts in the order it was written
//	events/
//	    <event key>      → expiry, Unix nanoseconds as 8 bytes big-endian
//	specs/
//	    <cache key>      → the spec's bytes, exactly as downloaded
//
// Values of domain types are JSON of storage structs in this package (codec.go) that
// carry a format version "v" and are converted to and from the confirm types field by
// field, so that renaming a field in confirm never changes the file by accident.
// Structural changes go through the ordered migrations in migrate.go, which run with the
// bucket set-up in the one write transaction of Open.
//
// Every exported method is one bbolt transaction; helpers that take a *bbolt.Tx never
// start another. Nothing uses Batch, which may run a function twice.
//
// Safety at Open: a second clerkbot on the same file waits Options.Timeout for the lock
// and then fails with "database <path> is locked by another clerkbot (pid N)", the pid
// read from <path>.pid, which the holder writes after it opens. A file that is not a
// readable clerkbot database is refused with an error naming it, and is never written:
// Open first reads the whole file through a read-only handle (with memory faults turned
// into errors), and opens it for writing only when that succeeded.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket and key names. Changing one is a migration.
var (
	bucketMeta          = []byte("meta")
	bucketConfirmations = []byte("confirmations")
	bucketActive        = []byte("active")
	bucketAudit         = []byte("audit")
	bucketEvents        = []byte("events")
	bucketSpecs         = []byte("specs")

	keySchemaVersion = []byte("schema_version")
)

// allBuckets are the top-level buckets Open makes sure exist.
var allBuckets = [][]byte{bucketMeta, bucketConfirmations, bucketActive, bucketAudit, bucketEvents, bucketSpecs}

// DefaultTimeout is how long Open waits for another process to release the file.
const DefaultTimeout = time.Second

// Errors Open returns, wrapped with the path and the cause; test with errors.Is.
var (
	// ErrLocked means another process holds the file.
	ErrLocked = errors.New("database is locked by another clerkbot")
	// ErrCorrupt means the file is not a readable clerkbot database. It was not changed.
	ErrCorrupt = errors.New("database is damaged or not a clerkbot database")
	// ErrTooNew means the file was written by a newer clerkbot.
	ErrTooNew = errors.New("database was written by a newer clerkbot")
)

// Options configure Open.
type Options struct {
	// Timeout is how long to wait for another process to release the file; DefaultTimeout
	// when zero.
	Timeout time.Duration
	// Logger receives the migrations applied; nil discards.
	Logger *slog.Logger
}

// DB is an open clerkbot database. It is safe for concurrent use.
type DB struct {
	bolt *bolt.DB
	path string
	log  *slog.Logger
}

// Open opens or creates the database at path, runs pending migrations and makes sure
// every bucket exists, all in one write transaction.
func Open(path string, opts Options) (*DB, error) {
	return open(path, opts, migrations)
}

func open(path string, opts Options, list []migration) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	latest := list[len(list)-1].version
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, fmt.Errorf("database %s is a folder; CLERKBOT_DB must name a file", path)
	} else if err == nil && info.Size() > 0 {
		if err := check(path, opts.Timeout, latest); err != nil {
			return nil, err
		}
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}

	var b *bolt.DB
	err := guard(func() error {
		var err error
		b, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout})
		return err
	})
	if err != nil {
		return nil, openError(path, err)
	}
	db := &DB{bolt: b, path: path, log: opts.Logger}
	var from, to uint64
	err = guard(func() error {
		return b.Update(func(tx *bolt.Tx) error {
			var err error
			from, to, err = migrate(tx, list)
			if err != nil {
				return err
			}
			return createBuckets(tx)
		})
	})
	if err != nil {
		_ = b.Close()
		if errors.Is(err, ErrTooNew) {
			return nil, fmt.Errorf("database %s: %w", path, err)
		}
		return nil, fmt.Errorf("database %s: set-up failed: %w", path, err)
	}
	if from != to {
		db.log.Info("database migrated", slog.String("path", path), slog.Uint64("from", from), slog.Uint64("to", to))
	}
	if err := writePID(path); err != nil {
		db.log.Warn("cannot record pid next to the database", slog.String("path", path), slog.String("err", err.Error()))
	}
	return db, nil
}

// check reads the whole file through a read-only handle and reports whether it is a
// clerkbot database this version can use. It never writes to the file.
func check(path string, timeout time.Duration, latest uint64) error {
	var b *bolt.DB
	err := guard(func() error {
		var err error
		// PreLoadFreelist reads the freelist now, in this goroutine, where a panic or a
		// memory fault is recovered, rather than later.
		b, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true, PreLoadFreelist: true})
		return err
	})
	if err != nil {
		return openError(path, err)
	}
	defer b.Close()
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	var version uint64
	err = guard(func() error {
		return b.View(func(tx *bolt.Tx) error {
			if tx.Size() > info.Size() {
				return fmt.Errorf("the file is %d bytes but its pages reach byte %d: it was cut short", info.Size(), tx.Size())
			}
			var err error
			version, err = schemaVersion(tx)
			if err != nil {
				return err
			}
			if tx.Bucket(bucketMeta) == nil {
				if k, _ := tx.Cursor().First(); k != nil {
					return fmt.Errorf("it is a bbolt file with a bucket %q but no meta bucket, so not clerkbot's", k)
				}
			}
			return walk(tx)
		})
	})
	if err != nil {
		return fmt.Errorf("database %s: %w: %v; the file was left as it is: move it aside or restore a backup",
			path, ErrCorrupt, err)
	}
	if version > latest {
		return fmt.Errorf("database %s: %w (schema version %d; this one knows up to %d): upgrade clerkbot",
			path, ErrTooNew, version, latest)
	}
	return nil
}

// walk reads every key and value of every bucket, so that a damaged page shows up now
// as an error and not later as a panic.
func walk(tx *bolt.Tx) error {
	var visit func(b *bolt.Bucket) error
	visit = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				if nb := b.Bucket(k); nb != nil {
					return visit(nb)
				}
			}
			return nil
		})
	}
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return visit(b) })
}

// guard runs f, turning a panic or a memory fault (a page of the mapped file that is
// not there) into an error. bbolt panics on some kinds of damage.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unreadable page: %v", p)
		}
	}()
	return f()
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("database %s is locked by another clerkbot (%s): %w", path, holder(path), ErrLocked)
	case errors.Is(err, os.ErrPermission), errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("database %s: %w", path, err)
	}
	return fmt.Errorf("database %s: %w: %v; the file was left as it is: move it aside or restore a backup",
		path, ErrCorrupt, err)
}

// Close releases the file and removes the pid file.
func (db *DB) Close() error {
	removePID(db.path)
	return db.bolt.Close()
}

// Path returns the absolute path of the file.
func (db *DB) Path() string { return db.path }

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

func schemaVersion(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchemaVersion)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("meta/schema_version is %d bytes, want 8", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}
