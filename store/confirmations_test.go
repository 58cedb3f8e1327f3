package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/confirm"
)

var _ confirm.Store = (*DB)(nil)

func fullConfirmation() *confirm.Confirmation {
	c := testConfirmation("cf_full")
	c.Call.Query = map[string][]string{"a": {"1", "2"}}
	c.Call.Body = json.RawMessage(`{"public_metadata":{"plan":"pro","old":null}}`)
	c.Admin = true
	c.ReadBy = "ranker"
	c.DecidedBy = &confirm.Actor{UserID: "U2", TeamID: "T1", Name: "Bo"}
	c.DecidedAt = c.CreatedAt.Add(time.Minute)
	c.Result = &confirm.Result{Status: 404, TraceID: "trace", Error: "gone"}
	c.Preview = &confirm.Preview{
		Target: "Jane <jane@acme.com>", Irreversible: true,
		Counts:       []confirm.Count{{Label: "sessions", N: 3}},
		Alternatives: []string{"ban"}, Notes: []string{"n"},
		Before: json.RawMessage(`{"plan":"free"}`), After: json.RawMessage(`{"plan":"pro"}`),
		Problems: []string{"p"},
	}
	c.Ref = map[string]string{"channel": "C1", "ts": "1.2"}
	c.State = confirm.Failed
	return c
}

func TestConfirmationRoundTrip(t *testing.T) {
	db := newTestDB(t)
	want := fullConfirmation()
	if err := db.CreateConfirmation(want, confirm.AuditEntry{Event: "requested", ConfirmationID: want.ID}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Confirmation(want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if err := db.CreateConfirmation(want, confirm.AuditEntry{}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second CreateConfirmation = %v, want already exists", err)
	}
	if _, err := db.Confirmation("cf_nope"); !errors.Is(err, confirm.ErrNotFound) {
		t.Errorf("Confirmation(missing) = %v, want ErrNotFound", err)
	}
	if _, err := db.UpdateConfirmation("cf_nope", nil); !errors.Is(err, confirm.ErrNotFound) {
		t.Errorf("UpdateConfirmation(missing) = %v, want ErrNotFound", err)
	}
}

// TestStoredFormat pins the JSON on disk, so that a change in confirm's types that
// would change the file is caught here.
func TestStoredFormat(t *testing.T) {
	db := newTestDB(t)
	c := testConfirmation("cf_fmt")
	if err := db.CreateConfirmation(c, confirm.AuditEntry{Event: "requested", Time: c.CreatedAt, Actor: c.Requester}); err != nil {
		t.Fatal(err)
	}
	var gotC, gotA string
	db.bolt.View(func(tx *bolt.Tx) error {
		gotC = string(tx.Bucket(bucketConfirmations).Get([]byte("cf_fmt")))
		gotA = string(tx.Bucket(bucketAudit).Get(u64(1)))
		return nil
	})
	wantC := `{"v":1,"id":"cf_fmt","state":"PENDING","call":{"operation_id":"DeleteUser","version":"2026-05-12",` +
		`"method":"DELETE","path":"/users/{user_id}","path_params":{"user_id":"user_1"}},"hash":"abc",` +
		`"tier":"destructive","summary":"Delete a user","instance":"DEVELOPMENT","requester":{"user_id":"U1",` +
		`"team_id":"T1","name":"Ann"},"channel":"C1","created_at":"2026-05-12T10:00:00.123456789Z",` +
		`"expires_at":"2026-05-12T10:15:00.123456789Z"}`
	wantA := `{"v":1,"seq":1,"time":"2026-05-12T10:00:00.123456789Z","event":"requested","actor":{"user_id":"U1","team_id":"T1","name":"Ann"}}`
	if gotC != wantC {
		t.Errorf("stored confirmation\n got %s\nwant %s", gotC, wantC)
	}
	if gotA != wantA {
		t.Errorf("stored audit entry\n got %s\nwant %s", gotA, wantA)
	}
}

func auditCount(t *testing.T, db *DB) int {
	t.Helper()
	all, err := db.Audit(0, false)
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

func TestUpdateConfirmation(t *testing.T) {
	db := newTestDB(t)
	c := testConfirmation("cf_1")
	if err := db.CreateConfirmation(c, confirm.AuditEntry{Event: "requested"}); err != nil {
		t.Fatal(err)
	}

	t.Run("an error from fn writes nothing", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := db.UpdateConfirmation("cf_1", func(c *confirm.Confirmation) ([]confirm.AuditEntry, error) {
			c.State = confirm.Denied
			return []confirm.AuditEntry{{Event: "denied"}}, boom
		})
		if err != boom {
			t.Errorf("err = %v, want fn's error unchanged", err)
		}
		got, _ := db.Confirmation("cf_1")
		if got.State != confirm.Pending || auditCount(t, db) != 1 {
			t.Errorf("state %s, %d audit entries; want PENDING and 1", got.State, auditCount(t, db))
		}
	})

	t.Run("a change is stored with its audit entries", func(t *testing.T) {
		got, err := db.UpdateConfirmation("cf_1", func(c *confirm.Confirmation) ([]confirm.AuditEntry, error) {
			c.State = confirm.Executing
			return []confirm.AuditEntry{{Event: "approved", ConfirmationID: c.ID}}, nil
		})
		if err != nil || got.State != confirm.Executing {
			t.Fatalf("UpdateConfirmation = %v, %v", got, err)
		}
		audit, _ := db.Audit(1, true)
		if len(audit) != 1 || audit[0].Event != "approved" || audit[0].Seq != 2 {
			t.Errorf("newest audit entry = %+v, want approved with seq 2", audit)
		}
		active, _ := db.Confirmations(confirm.Executing)
		if len(active) != 1 {
			t.Errorf("EXECUTING = %d, want 1", len(active))
		}
	})

	t.Run("a final state leaves the active bucket", func(t *testing.T) {
		_, err := db.UpdateConfirmation("cf_1", func(c *confirm.Confirmation) ([]confirm.AuditEntry, error) {
			c.State = confirm.Succeeded
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.bolt.View(func(tx *bolt.Tx) error {
			if n := tx.Bucket(bucketActive).Stats().KeyN; n != 0 {
				t.Errorf("active bucket holds %d keys, want 0", n)
			}
			return nil
		})
		done, _ := db.Confirmations(confirm.Succeeded)
		if len(done) != 1 {
			t.Errorf("SUCCEEDED = %d, want 1", len(done))
		}
	})

	t.Run("the id may not change", func(t *testing.T) {
		_, err := db.UpdateConfirmation("cf_1", func(c *confirm.Confirmation) ([]confirm.AuditEntry, error) {
			c.ID = "cf_2"
			return nil, nil
		})
		if err == nil {
			t.Error("changing the id succeeded")
		}
	})
}

func TestConfirmationsFilterAndOrder(t *testing.T) {
	db := newTestDB(t)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	states := []confirm.State{confirm.Pending, confirm.Denied, confirm.Executing, confirm.Pending, confirm.Succeeded}
	for i, s := range states {
		c := testConfirmation(fmt.Sprintf("cf_%c", 'z'-i)) // ids sort opposite to creation
		c.State, c.CreatedAt = s, base.Add(time.Duration(i)*time.Minute)
		if err := db.CreateConfirmation(c, confirm.AuditEntry{}); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(cs []*confirm.Confirmation) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		states []confirm.State
		want   string
	}{
		{nil, "cf_z cf_y cf_x cf_w cf_v"},
		{[]confirm.State{confirm.Pending}, "cf_z cf_w"},
		{[]confirm.State{confirm.Pending, confirm.Executing}, "cf_z cf_x cf_w"},
		{[]confirm.State{confirm.Denied, confirm.Pending}, "cf_z cf_y cf_w"},
		{[]confirm.State{confirm.Expired}, ""},
	} {
		got, err := db.Confirmations(tc.states...)
		if err != nil || ids(got) != tc.want {
			t.Errorf("Confirmations(%v) = %q, %v; want %q", tc.states, ids(got), err, tc.want)
		}
	}
}

func TestDamagedValueIsAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db := openTest(t, path)
	for _, id := range []string{"cf_good", "cf_bad"} {
		if err := db.CreateConfirmation(testConfirmation(id), confirm.AuditEntry{}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketConfirmations).Put([]byte("cf_bad"), []byte(`{"v":1,"id":"cf_bad","state":`))
	})
	db = openTest(t, path)
	_, err := db.Confirmation("cf_bad")
	if err == nil || !strings.Contains(err.Error(), "confirmation cf_bad: stored value is damaged: unexpected end of JSON input") {
		t.Errorf("Confirmation(cf_bad) = %v", err)
	}
	got, err := db.Confirmations(confirm.Pending)
	if len(got) != 1 || got[0].ID != "cf_good" || err == nil || !strings.Contains(err.Error(), "cf_bad") {
		t.Errorf("Confirmations = %d, %v; want cf_good and an error naming cf_bad", len(got), err)
	}
	_, err = db.UpdateConfirmation("cf_bad", func(*confirm.Confirmation) ([]confirm.AuditEntry, error) {
		t.Error("fn called for a damaged value")
		return nil, nil
	})
	if !errors.Is(err, errDamaged) {
		t.Errorf("UpdateConfirmation(cf_bad) = %v", err)
	}
}

func TestDecodeConfirmationErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{`not json`, "stored value is damaged: invalid character"},
		{`{"id":"cf_1","state":"PENDING"}`, "no format version"},
		{`{"v":2,"id":"cf_1","state":"PENDING"}`, "format version 2 is not known"},
		{`{"v":1,"id":"cf_2","state":"PENDING"}`, `the value is for id "cf_2"`},
		{`{"v":1,"id":"cf_1","state":"LIMBO"}`, `unknown state "LIMBO"`},
		{`{"v":1,"id":"cf_1","state":"PENDING","created_at":"yesterday"}`, "stored value is damaged"},
		{`[]`, "stored value is damaged"},
	} {
		_, err := decodeConfirmation("cf_1", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, errDamaged) {
			t.Errorf("decodeConfirmation(%q) = %v, want %q", tc.data, err, tc.want)
		}
	}
}

func TestAuditOrderAndLimit(t *testing.T) {
	db := newTestDB(t)
	for i := range 10 {
		if err := db.AppendAudit(confirm.AuditEntry{Event: fmt.Sprint("e", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	events := func(es []confirm.AuditEntry) string {
		var out []string
		for _, e := range es {
			if e.Event != fmt.Sprint("e", e.Seq) {
				t.Errorf("entry %d is %s", e.Seq, e.Event)
			}
			if e.Time.IsZero() {
				t.Errorf("entry %d has no time", e.Seq)
			}
			out = append(out, e.Event)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		limit  int
		newest bool
		want   string
	}{
		{3, true, "e10 e9 e8"},
		{3, false, "e1 e2 e3"},
		{0, false, "e1 e2 e3 e4 e5 e6 e7 e8 e9 e10"},
		{-1, true, "e10 e9 e8 e7 e6 e5 e4 e3 e2 e1"},
		{20, false, "e1 e2 e3 e4 e5 e6 e7 e8 e9 e10"},
	} {
		got, err := db.Audit(tc.limit, tc.newest)
		if err != nil || events(got) != tc.want {
			t.Errorf("Audit(%d, %t) = %q, %v; want %q", tc.limit, tc.newest, events(got), err, tc.want)
		}
	}
}

// TestAuditKeysSort checks the keys are 8-byte big-endian, so entry 256 sorts after 255.
func TestAuditKeysSort(t *testing.T) {
	db := newTestDB(t)
	for range 300 {
		if err := db.AppendAudit(confirm.AuditEntry{Event: "read"}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := db.Audit(2, true)
	if got[0].Seq != 300 || got[1].Seq != 299 {
		t.Errorf("newest = %d, %d; want 300, 299", got[0].Seq, got[1].Seq)
	}
}

func TestSeenEvent(t *testing.T) {
	db := newTestDB(t)
	now := time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		key  string
		at   time.Duration
		want bool
	}{
		{"Ev1", 0, false},
		{"Ev1", time.Second, true},
		{"Ev2", time.Second, false},
		{"Ev1", 59 * time.Second, true},
		{"Ev1", time.Minute, false}, // expired: recorded again
		{"Ev1", 61 * time.Second, true},
	}
	for _, s := range steps {
		seen, err := db.SeenEvent(s.key, time.Minute, now.Add(s.at))
		if err != nil || seen != s.want {
			t.Errorf("SeenEvent(%s, +%s) = %t, %v; want %t", s.key, s.at, seen, err, s.want)
		}
	}
	n, err := db.PurgeEvents(now.Add(90 * time.Second)) // Ev2 expired at +61s, Ev1 lives to +120s
	if err != nil || n != 1 {
		t.Errorf("PurgeEvents = %d, %v; want 1", n, err)
	}
	if seen, _ := db.SeenEvent("Ev1", time.Minute, now.Add(100*time.Second)); !seen {
		t.Error("purge removed a live key")
	}
	if n, _ := db.PurgeEvents(now.Add(time.Hour)); n != 1 {
		t.Errorf("second purge removed %d, want 1", n)
	}
}

func TestSeenEventConcurrent(t *testing.T) {
	db := newTestDB(t)
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for range 50 {
		wg.Go(func() {
			seen, err := db.SeenEvent("Ev", time.Hour, now)
			if err != nil {
				t.Error(err)
			}
			if !seen {
				mu.Lock()
				fresh++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if fresh != 1 {
		t.Errorf("%d deliveries were new, want exactly 1", fresh)
	}
}

func TestSpecCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db := openTest(t, path)
	var cache clerk.SpecCache = db
	if _, ok, err := cache.CachedSpec("github:2026-05-12"); ok || err != nil {
		t.Errorf("CachedSpec(missing) = %t, %v", ok, err)
	}
	data := []byte("openapi: 3.0.3\n" + strings.Repeat("x", 100000))
	if err := cache.CacheSpec("github:2026-05-12", data); err != nil {
		t.Fatal(err)
	}
	data[0] = 'X' // the cache keeps its own copy
	db.Close()
	db = openTest(t, path)
	got, ok, err := db.CachedSpec("github:2026-05-12")
	if !ok || err != nil || string(got) != "openapi: 3.0.3\n"+strings.Repeat("x", 100000) {
		t.Errorf("CachedSpec after reopen = %d bytes, %t, %v", len(got), ok, err)
	}
	if err := db.CacheSpec("github:2026-05-12", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.CachedSpec("github:2026-05-12"); string(got) != "v2" {
		t.Errorf("after replace: %q", got)
	}
}

// TestSpecCacheWithLoader uses the store as the cache of a real SpecLoader: a spec
// downloaded once is found again, offline, after a restart.
func TestSpecCacheWithLoader(t *testing.T) {
	specFile := sharedSpec(t)
	data, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db := openTest(t, path)
	if err := db.CacheSpec("github:index", []byte("2026-05-12")); err != nil {
		t.Fatal(err)
	}
	if err := db.CacheSpec("github:2026-05-12", data); err != nil {
		t.Fatal(err)
	}
	l := clerk.SpecLoader{Cache: db, IndexURL: "http://127.0.0.1:1/none", RawURL: "http://127.0.0.1:1/none"}
	specs, err := l.Open(t.Context())
	if err != nil {
		t.Fatalf("offline Open with the store as cache: %v", err)
	}
	if specs.Newest() != "2026-05-12" {
		t.Errorf("newest = %s", specs.Newest())
	}
}

func TestAuditDamagedEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db := openTest(t, path)
	for range 3 {
		if err := db.AppendAudit(confirm.AuditEntry{Event: "read"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketAudit).Put(u64(2), []byte("{oops")) })
	db = openTest(t, path)
	got, err := db.Audit(0, false)
	if len(got) != 2 || got[0].Seq != 1 || got[1].Seq != 3 || err == nil || !strings.Contains(err.Error(), "audit entry 2: stored value is damaged") {
		t.Errorf("Audit = %v, %v; want entries 1 and 3 and an error naming 2", got, err)
	}
}
