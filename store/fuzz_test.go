package store

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

func sharedSpec(t *testing.T) string {
	t.Helper()
	path, err := clerktest.SharedSpecFile("2026-05-12")
	if err != nil {
		t.Skip(err)
	}
	return path
}

// FuzzDecodeConfirmation feeds arbitrary bytes to the decoder of stored confirmations:
// it must return a value or an error wrapping errDamaged, never panic, and a value it
// accepts must survive another round trip unchanged.
func FuzzDecodeConfirmation(f *testing.F) {
	good, _ := encodeConfirmation(fullConfirmation())
	f.Add(good)
	f.Add([]byte(`{"v":1,"id":"cf_full","state":"PENDING"}`))
	f.Add([]byte(`{"v":1,"id":"cf_full","state":"PENDING","call":{"query":{"a":null}},"decided_by":null}`))
	f.Add([]byte(`{"v":1,"id":"cf_full","state":"EXECUTING","preview":{"counts":[{"n":1e400}]}}`))
	f.Add([]byte(`null`))
	f.Add([]byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeConfirmation("cf_full", data)
		if err != nil {
			if !errors.Is(err, errDamaged) {
				t.Fatalf("error %v does not wrap errDamaged", err)
			}
			return
		}
		again, err := encodeConfirmation(c)
		if err != nil {
			return // e.g. a body that is not JSON cannot be written back; Put refuses it
		}
		c2, err := decodeConfirmation("cf_full", again)
		if err != nil {
			t.Fatalf("re-decoding what was encoded: %v", err)
		}
		if diff := cmp.Diff(c, c2, cmpopts.EquateEmpty()); diff != "" { // omitempty drops empty lists
			t.Fatalf("second round trip (-first +second):\n%s", diff)
		}
	})
}

// FuzzDecodeAudit does the same for audit entries.
func FuzzDecodeAudit(f *testing.F) {
	f.Add([]byte(`{"v":1,"seq":7,"time":"2026-05-12T10:00:00Z","event":"approved","actor":{"user_id":"U1"}}`))
	f.Add([]byte(`{"v":1,"seq":7,"time":1}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeAudit(7, data)
		if err != nil {
			if !errors.Is(err, errDamaged) {
				t.Fatalf("error %v does not wrap errDamaged", err)
			}
			return
		}
		again, err := encodeAudit(e)
		if err != nil {
			return
		}
		if _, err := decodeAudit(7, again); err != nil {
			t.Fatalf("re-decoding what was encoded: %v", err)
		}
	})
}
