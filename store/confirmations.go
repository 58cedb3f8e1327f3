package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/clerkbot/clerkbot/confirm"
)

// CreateConfirmation stores a new confirmation and its audit entry in one transaction.
// It fails if a confirmation with the same id exists.
func (db *DB) CreateConfirmation(c *confirm.Confirmation, audit confirm.AuditEntry) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketConfirmations).Get([]byte(c.ID)) != nil {
			return fmt.Errorf("store: confirmation %s already exists", c.ID)
		}
		if err := putConfirmation(tx, c); err != nil {
			return err
		}
		return appendAudit(tx, &audit)
	})
}

// Confirmation returns the confirmation with the id, or an error matching
// confirm.ErrNotFound.
func (db *DB) Confirmation(id string) (*confirm.Confirmation, error) {
	var c *confirm.Confirmation
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		c, err = getConfirmation(tx, id)
		return err
	})
	return c, err
}

// UpdateConfirmation loads a confirmation, lets fn change it, and stores it together
// with the audit entries fn returns, in one write transaction. When fn returns an error
// nothing is written and the error is returned as it is. fn runs exactly once, while
// every other writer waits; it must not use the DB.
func (db *DB) UpdateConfirmation(id string, fn func(c *confirm.Confirmation) ([]confirm.AuditEntry, error)) (*confirm.Confirmation, error) {
	var c *confirm.Confirmation
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		var err error
		if c, err = getConfirmation(tx, id); err != nil {
			return err
		}
		entries, err := fn(c)
		if err != nil {
			return err
		}
		if c.ID != id {
			return fmt.Errorf("store: confirmation %s: the update changed its id to %q", id, c.ID)
		}
		if err := putConfirmation(tx, c); err != nil {
			return err
		}
		for i := range entries {
			if err := appendAudit(tx, &entries[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Confirmations returns the confirmations in any of the given states, all of them when
// none is given, oldest first. Asking only for PENDING and EXECUTING reads just those,
// through the active bucket. A stored value that does not decode is left out and named
// in the error, which is returned with the others.
func (db *DB) Confirmations(states ...confirm.State) ([]*confirm.Confirmation, error) {
	want := make(map[confirm.State]bool, len(states))
	activeOnly := len(states) > 0
	for _, s := range states {
		want[s] = true
		if s.Terminal() {
			activeOnly = false
		}
	}
	var out []*confirm.Confirmation
	var bad []error
	err := db.bolt.View(func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketConfirmations)
		keep := func(id, data []byte) {
			c, err := decodeConfirmation(string(id), data)
			if err != nil {
				bad = append(bad, fmt.Errorf("store: %w", err))
				return
			}
			if len(want) == 0 || want[c.State] {
				out = append(out, c)
			}
		}
		if activeOnly {
			return tx.Bucket(bucketActive).ForEach(func(id, state []byte) error {
				if !want[confirm.State(state)] {
					return nil
				}
				data := all.Get(id)
				if data == nil {
					bad = append(bad, fmt.Errorf("store: confirmation %s is listed as %s but missing", id, state))
					return nil
				}
				keep(id, data)
				return nil
			})
		}
		return all.ForEach(func(id, data []byte) error {
			keep(id, data)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sortByCreation(out)
	return out, errors.Join(bad...)
}

func getConfirmation(tx *bolt.Tx, id string) (*confirm.Confirmation, error) {
	data := tx.Bucket(bucketConfirmations).Get([]byte(id))
	if data == nil {
		return nil, fmt.Errorf("%w: %s", confirm.ErrNotFound, id)
	}
	c, err := decodeConfirmation(id, data)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return c, nil
}

// putConfirmation stores c and keeps the active bucket in step with its state.
func putConfirmation(tx *bolt.Tx, c *confirm.Confirmation) error {
	if c.ID == "" {
		return errors.New("store: confirmation has no id")
	}
	if !knownState(c.State) {
		return fmt.Errorf("store: confirmation %s: unknown state %q", c.ID, c.State)
	}
	data, err := encodeConfirmation(c)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	id := []byte(c.ID)
	if err := tx.Bucket(bucketConfirmations).Put(id, data); err != nil {
		return err
	}
	active := tx.Bucket(bucketActive)
	if c.State.Terminal() {
		return active.Delete(id)
	}
	return active.Put(id, []byte(c.State))
}

func sortByCreation(cs []*confirm.Confirmation) {
	slices.SortStableFunc(cs, func(a, b *confirm.Confirmation) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
