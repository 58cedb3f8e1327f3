package store

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clerkbot/clerkbot/confirm"
)

// testTimeout keeps lock tests short.
const testTimeout = 150 * time.Millisecond

func openTest(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{Timeout: testTimeout})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newTestDB(t testing.TB) *DB {
	t.Helper()
	return openTest(t, filepath.Join(t.TempDir(), "clerkbot.db"))
}

// rawView reads the file with bbolt directly, bypassing the store.
func rawView(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: testTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.View(fn); err != nil {
		t.Fatal(err)
	}
}

func rawUpdate(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: testTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

func TestOpenCreatesBucketsAndPID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db, err := Open(path, Options{Timeout: testTimeout})
	if err != nil {
		t.Fatal(err)
	}
	pid, ok := readPID(path)
	if !ok || pid != os.Getpid() {
		t.Errorf("pid file holds %d (ok %t), want %d", pid, ok, os.Getpid())
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pidPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pid file after Close: %v, want it removed", err)
	}
	rawView(t, path, func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing", name)
			}
		}
		v, err := schemaVersion(tx)
		if v != 1 || err != nil {
			t.Errorf("schema version = %d, %v; want 1", v, err)
		}
		return nil
	})
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %v, want 0600: it holds the audit log", perm)
	}
}

// TestMigrationV1FromEmptyFile starts from the shape before migration 1: a bbolt file
// without buckets (version 0), such as an empty file created by hand.
func TestMigrationV1FromEmptyFile(t *testing.T) {
	for _, name := range []string{"empty bbolt file", "zero-byte file"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clerkbot.db")
			if name == "zero-byte file" {
				if err := os.WriteFile(path, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			} else {
				rawUpdate(t, path, func(tx *bolt.Tx) error { return nil })
			}
			db := openTest(t, path)
			if err := db.AppendAudit(confirm.AuditEntry{Event: "read"}); err != nil {
				t.Fatal(err)
			}
			err := db.bolt.View(func(tx *bolt.Tx) error {
				v, err := schemaVersion(tx)
				if v != 1 {
					t.Errorf("schema version %d, want 1", v)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The synthetic v0 shape: confirmations lived in a "pending" bucket as JSON without a
// format version, the requester a bare user id. Migration 1 of the synthetic list moves
// them into confirmations/ in format 1.
type legacyConfirmation struct {
	ID        string `json:"id"`
	State     string `json:"state"`
	Requester string `json:"requester"`
	Op        string `json:"op"`
}

func syntheticV1(tx *bolt.Tx) error {
	if err := migrateV1(tx); err != nil {
		return err
	}
	old := tx.Bucket([]byte("pending"))
	if old == nil {
		return nil
	}
	err := old.ForEach(func(k, v []byte) error {
		var l legacyConfirmation
		if err := json.Unmarshal(v, &l); err != nil {
			return fmt.Errorf("legacy confirmation %s: %w", k, err)
		}
		c := &confirm.Confirmation{
			ID: l.ID, State: confirm.State(l.State), Requester: confirm.Actor{UserID: l.Requester},
			Call: confirm.Call{OperationID: l.Op},
		}
		return putConfirmation(tx, c)
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket([]byte("pending"))
}

func writeV0(t *testing.T, path string) {
	t.Helper()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket(bucketMeta); err != nil { // meta without schema_version
			return err
		}
		b, err := tx.CreateBucket([]byte("pending"))
		if err != nil {
			return err
		}
		for i, state := range []string{"PENDING", "DENIED"} {
			v, _ := json.Marshal(legacyConfirmation{ID: fmt.Sprint("cf_old", i), State: state, Requester: "U1", Op: "DeleteUser"})
			if err := b.Put([]byte(fmt.Sprint("cf_old", i)), v); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestMigrationSyntheticV0ToV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	writeV0(t, path)
	runs := 0
	list := []migration{{1, "synthetic: pending → confirmations", func(tx *bolt.Tx) error {
		runs++
		return syntheticV1(tx)
	}}}
	for range 2 { // the second open finds version 1 and runs nothing
		db, err := open(path, Options{Timeout: testTimeout}, list)
		if err != nil {
			t.Fatal(err)
		}
		c, err := db.Confirmation("cf_old0")
		if err != nil {
			t.Fatal(err)
		}
		if c.Requester.UserID != "U1" || c.State != confirm.Pending || c.Call.OperationID != "DeleteUser" {
			t.Errorf("migrated confirmation = %+v", c)
		}
		pending, err := db.Confirmations(confirm.Pending)
		if err != nil || len(pending) != 1 || pending[0].ID != "cf_old0" {
			t.Errorf("Confirmations(PENDING) = %v, %v; want cf_old0 through the active bucket", pending, err)
		}
		db.Close()
	}
	if runs != 1 {
		t.Errorf("migration ran %d times, want 1", runs)
	}
	rawView(t, path, func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("pending")) != nil {
			t.Error("old bucket still there")
		}
		return nil
	})
}

// TestMigrationFailureChangesNothing: when a later migration fails, the earlier ones of
// the same Open are rolled back with it and the file keeps its version.
func TestMigrationFailureChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	writeV0(t, path)
	list := []migration{
		{1, "synthetic", syntheticV1},
		{2, "fails", func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketMeta).Put([]byte("marker"), []byte("x")); err != nil {
				return err
			}
			return errors.New("boom")
		}},
	}
	_, err := open(path, Options{Timeout: testTimeout}, list)
	if err == nil || !strings.Contains(err.Error(), "migration 2 (fails): boom") || !strings.Contains(err.Error(), path) {
		t.Fatalf("open = %v, want the failing migration named", err)
	}
	rawView(t, path, func(tx *bolt.Tx) error {
		v, _ := schemaVersion(tx)
		if v != 0 || tx.Bucket([]byte("pending")) == nil || tx.Bucket(bucketMeta).Get([]byte("marker")) != nil {
			t.Errorf("after a failed migration: version %d, pending bucket %v, marker %q; want the v0 file unchanged",
				v, tx.Bucket([]byte("pending")) != nil, tx.Bucket(bucketMeta).Get([]byte("marker")))
		}
		return nil
	})
}

func TestMigrationListMustBeOrdered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	_, err := open(path, Options{Timeout: testTimeout}, []migration{{1, "a", migrateV1}, {3, "b", migrateV1}})
	if err == nil || !strings.Contains(err.Error(), `migration "b" has version 3, want 2`) {
		t.Errorf("open = %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	openTest(t, path).Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(9)) })
	before := fileSum(t, path)
	_, err := Open(path, Options{Timeout: testTimeout})
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "schema version 9; this one knows up to 1") {
		t.Errorf("Open = %v, want ErrTooNew naming both versions", err)
	}
	if fileSum(t, path) != before {
		t.Error("the file changed")
	}
}

func TestLockedInSameProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db := openTest(t, path)
	start := time.Now()
	_, err := Open(path, Options{Timeout: testTimeout})
	want := fmt.Sprintf("database %s is locked by another clerkbot (pid %d)", path, os.Getpid())
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), want) {
		t.Fatalf("second Open = %v, want %q", err, want)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("second Open waited %s; the timeout is %s", waited, testTimeout)
	}

	if err := os.Remove(pidPath(path)); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, Options{Timeout: testTimeout})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "its pid is unknown") {
		t.Errorf("Open without pid file = %v", err)
	}
	db.Close()
	openTest(t, path) // free again
}

// holdEnv makes the test binary, run as a child, open the database it names and hold it
// until its stdin closes.
const holdEnv = "CLERKBOT_STORE_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		db, err := Open(path, Options{})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestLockedByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	_, err = Open(path, Options{Timeout: testTimeout})
	want := fmt.Sprintf("database %s is locked by another clerkbot (pid %d)", path, cmd.Process.Pid)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), want) {
		t.Fatalf("Open = %v, want %q", err, want)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	openTest(t, path) // released
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// filledDB returns a closed database with enough data to span many pages.
func filledDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clerkbot.db")
	db := openTest(t, path)
	for i := range 400 {
		c := testConfirmation(fmt.Sprint("cf_", i))
		c.Summary = strings.Repeat("x", 200)
		if err := db.CreateConfirmation(c, confirm.AuditEntry{Event: "requested"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	return path
}

func TestCorruptFileRefusedAndUntouched(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
	}{
		{"random bytes", func(t *testing.T, path string) { os.WriteFile(path, randomBytes(64<<10), 0o600) }},
		{"a few bytes", func(t *testing.T, path string) { os.WriteFile(path, []byte("hello"), 0o600) }},
		{"text file", func(t *testing.T, path string) {
			os.WriteFile(path, bytes.Repeat([]byte("SLACK_BOT_TOKEN=xoxb-not-a-database\n"), 300), 0o600)
		}},
		{"sqlite header", func(t *testing.T, path string) {
			os.WriteFile(path, append([]byte("SQLite format 3\x00"), make([]byte, 8192)...), 0o600)
		}},
		{"truncated", func(t *testing.T, path string) {
			data, _ := os.ReadFile(filledDB(t))
			os.WriteFile(path, data[:len(data)/3], 0o600)
		}},
		{"damaged pages", func(t *testing.T, path string) {
			data, _ := os.ReadFile(filledDB(t))
			copy(data[4*4096:], randomBytes(len(data)-4*4096)) // both meta pages intact
			os.WriteFile(path, data, 0o600)
		}},
		{"foreign bbolt file", func(t *testing.T, path string) {
			rawUpdate(t, path, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clerkbot.db")
			tc.make(t, path)
			before := fileSum(t, path)
			db, err := Open(path, Options{Timeout: testTimeout})
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			t.Log(err)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "database "+path) ||
				!strings.Contains(err.Error(), "left as it is") {
				t.Errorf("Open = %v, want ErrCorrupt naming the path", err)
			}
			if fileSum(t, path) != before {
				t.Error("the file changed")
			}
			if _, err := os.Stat(pidPath(path)); !errors.Is(err, os.ErrNotExist) {
				t.Error("a pid file was written for a database that did not open")
			}
		})
	}
}

func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir, Options{Timeout: testTimeout})
	if err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("Open(folder) = %v", err)
	}
}

func testConfirmation(id string) *confirm.Confirmation {
	now := time.Date(2026, 5, 12, 10, 0, 0, 123456789, time.UTC)
	return &confirm.Confirmation{
		ID: id, State: confirm.Pending, Hash: "abc", Tier: confirm.TierDestructive,
		Summary: "Delete a user", Instance: "DEVELOPMENT",
		Call: confirm.Call{
			OperationID: "DeleteUser", Version: "2026-05-12", Method: "DELETE", Path: "/users/{user_id}",
			PathParams: map[string]string{"user_id": "user_1"},
		},
		Requester: confirm.Actor{UserID: "U1", TeamID: "T1", Name: "Ann"},
		Channel:   "C1", CreatedAt: now, ExpiresAt: now.Add(15 * time.Minute),
	}
}

// TestDamagedPageNeverPanics damages each page after the two meta pages in turn. Open
// either refuses the file, leaving it as it was, or (when the page was free) opens it and
// reads it without a panic.
func TestDamagedPageNeverPanics(t *testing.T) {
	orig, err := os.ReadFile(filledDB(t))
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	refused := 0
	for off := 2 * page; off < len(orig); off += page {
		data := bytes.Clone(orig)
		copy(data[off:off+page], randomBytes(page))
		path := filepath.Join(t.TempDir(), "clerkbot.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path, Options{Timeout: testTimeout})
		if err != nil {
			refused++
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("page %d: Open = %v, want ErrCorrupt", off/page, err)
			}
			if fileSum(t, path) != sha256.Sum256(data) {
				t.Errorf("page %d: the refused file changed", off/page)
			}
			continue
		}
		if _, err := db.Confirmations(); err != nil {
			t.Errorf("page %d: opened, then Confirmations = %v", off/page, err)
		}
		db.Close()
	}
	if refused == 0 {
		t.Error("no damaged file was refused")
	}
	t.Logf("%d of %d damaged files refused", refused, (len(orig)-2*page)/page)
}
