package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/confirm"
)

// BenchmarkUpdateConfirmation measures one write transaction that loads, changes and
// stores a confirmation with an audit entry (fsync included).
func BenchmarkUpdateConfirmation(b *testing.B) {
	db := newTestDB(b)
	c := fullConfirmation()
	c.State = confirm.Pending
	if err := db.CreateConfirmation(c, confirm.AuditEntry{Event: "requested"}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, err := db.UpdateConfirmation(c.ID, func(c *confirm.Confirmation) ([]confirm.AuditEntry, error) {
			c.Ref = map[string]string{"ts": fmt.Sprint(i)}
			return []confirm.AuditEntry{{Event: "ref", ConfirmationID: c.ID}}, nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendAudit measures one audit entry in its own write transaction.
func BenchmarkAppendAudit(b *testing.B) {
	db := newTestDB(b)
	e := confirm.AuditEntry{
		Time: time.Now(), Event: "read", Actor: confirm.Actor{UserID: "U1", TeamID: "T1"},
		OperationID: "GetUser", Method: "GET", Path: "/users/user_1", Tier: confirm.TierRead,
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := db.AppendAudit(e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeenEvent measures the check-and-set of one Slack event id.
func BenchmarkSeenEvent(b *testing.B) {
	db := newTestDB(b)
	now := time.Now()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := db.SeenEvent(fmt.Sprint("Ev", i), time.Hour, now); err != nil {
			b.Fatal(err)
		}
	}
}
