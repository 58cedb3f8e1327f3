package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// shellWorld is one Clerk emulator, one database file and a clock, shared by the runs
// of a test, as a person restarting clerkbot against the same instance would see them.
type shellWorld struct {
	t      *testing.T
	clerk  *clerktest.Server
	env    map[string]string
	mu     sync.Mutex
	now    time.Time
	userID string
}

var shellStart = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func newShellWorld(t *testing.T) *shellWorld {
	t.Helper()
	dir, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	w := &shellWorld{t: t, now: shellStart}
	w.clerk = clerktest.NewServer(clerktest.WithClock(w.clock))
	t.Cleanup(w.clerk.Close)
	w.userID, err = w.clerk.AddUser(clerktest.UserSeed{
		FirstName: "Jane", LastName: "Doe", Username: "jane_doe",
		EmailAddresses: []string{"jane@acme.com"},
		PublicMetadata: map[string]any{"plan": "free", "seats": 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	w.env = map[string]string{
		"CLERK_SECRET_KEY":   "sk_test_e2e_fake",
		"CLERK_API_URL":      w.clerk.URL,
		"CLERK_OPENAPI_SPEC": filepath.Join(dir, "bapi"),
		"CLERK_BAPI_SCOPES":  "read write delete",
		"CLERKBOT_DB":        filepath.Join(home, "clerkbot.db"),
		"HOME":               home,
	}
	return w
}

func (w *shellWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *shellWorld) advance(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

// shell runs `clerkbot shell` once with the given lines on stdin and returns stdout.
func (w *shellWorld) shell(lines ...string) string {
	w.t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return w.env[k] }
	in := strings.NewReader(strings.Join(lines, "\n") + "\n")
	if err := runShell(context.Background(), nil, getenv, in, &out, &errb, w.clock); err != nil {
		w.t.Fatalf("shell %q: %v\nstderr: %s\nstdout: %s", lines, err, errb.String(), out.String())
	}
	if strings.Contains(out.String()+errb.String(), w.env["CLERK_SECRET_KEY"]) {
		w.t.Fatalf("the secret key was printed:\n%s\n%s", out.String(), errb.String())
	}
	return out.String()
}

// sent counts requests of a method that reached the emulator for a path prefix.
func (w *shellWorld) sent(method, prefix string) int {
	n := 0
	for _, r := range w.clerk.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, "/v1"+prefix) {
			n++
		}
	}
	return n
}

var confirmationID = regexp.MustCompile(`cf_[a-z0-9]+`)

func mustContain(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestShellRead(t *testing.T) {
	w := newShellWorld(t)
	out := w.shell("get user jane_doe")
	mustContain(t, out, "Name:", "Jane Doe", "jane@acme.com", "curl '"+w.clerk.URL+"/users?username=jane_doe'")
	if n := w.sent("GET", "/users"); n != 1 {
		t.Errorf("%d GETs reached Clerk, want 1", n)
	}
}

func TestShellMetadataMerge(t *testing.T) {
	w := newShellWorld(t)
	out := w.shell("set plan to pro on "+w.userID, "y")
	mustContain(t, out, "approval needed", "This change writes public_metadata",
		`"plan": "free"`, `"plan": "pro"`, "before:", "after:", "Merge and update a user's metadata — done")
	u, _ := w.clerk.User(w.userID)
	meta, _ := u["public_metadata"].(map[string]any)
	if meta["plan"] != "pro" || meta["seats"] == nil {
		t.Errorf("public_metadata after the merge = %v, want plan pro and seats kept", meta)
	}
}

func TestShellDeleteDenied(t *testing.T) {
	w := newShellWorld(t)
	out := w.shell("delete user jane_doe", "n")
	mustContain(t, out, "IRREVERSIBLE", "Jane Doe <jane@acme.com>", "Active sessions:", "Reversible instead:", "denied", "Nothing was sent to Clerk")
	if n := w.sent("DELETE", "/users"); n != 0 {
		t.Errorf("%d DELETEs reached Clerk after a denial", n)
	}
	if _, ok := w.clerk.User(w.userID); !ok {
		t.Errorf("the user is gone after a denial")
	}
}

func TestShellDeleteApproved(t *testing.T) {
	w := newShellWorld(t)
	out := w.shell("delete user jane_doe", "y")
	mustContain(t, out, "Delete a user — done", "Deleted:", w.userID)
	if n := w.sent("DELETE", "/users"); n != 1 {
		t.Errorf("%d DELETEs reached Clerk, want exactly 1", n)
	}
	if _, ok := w.clerk.User(w.userID); ok {
		t.Errorf("the user still exists after an approved delete")
	}
	// The audit log tells the story.
	var audit, errb bytes.Buffer
	getenv := func(k string) string { return w.env[k] }
	if err := run(context.Background(), []string{"audit", "--json"}, getenv, strings.NewReader(""), &audit, &errb); err != nil {
		t.Fatalf("audit: %v %s", err, errb.String())
	}
	var events []string
	for _, line := range strings.Split(strings.TrimSpace(audit.String()), "\n") {
		var e struct {
			Event       string `json:"event"`
			OperationID string `json:"operation_id"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		events = append(events, e.Event+" "+e.OperationID)
	}
	want := "executed DeleteUser,approved DeleteUser,requested DeleteUser,read GetUserList"
	if got := strings.Join(events, ","); got != want {
		t.Errorf("audit (newest first) = %s\nwant %s", got, want)
	}
}

func TestShellExpired(t *testing.T) {
	w := newShellWorld(t)
	first := w.shell("delete user jane_doe") // no answer: stays pending
	id := confirmationID.FindString(first)
	if id == "" {
		t.Fatalf("no confirmation id in:\n%s", first)
	}
	w.advance(16 * time.Minute)
	out := w.shell("approve " + id)
	mustContain(t, out, "This confirmation has expired", "Nothing was sent to Clerk")
	if n := w.sent("DELETE", "/users"); n != 0 {
		t.Errorf("%d DELETEs reached Clerk after expiry", n)
	}
}

func TestShellScopeRefusal(t *testing.T) {
	w := newShellWorld(t)
	w.env["CLERK_BAPI_SCOPES"] = "read"
	out := w.shell("delete user " + w.userID)
	mustContain(t, out, "This is a write operation and your current scopes may not allow it. Rerun with --admin to bypass?")
	if confirmationID.MatchString(out) {
		t.Errorf("a confirmation was made despite the scopes:\n%s", out)
	}
	if n := w.sent("DELETE", "/users"); n != 0 {
		t.Errorf("%d DELETEs reached Clerk", n)
	}
}

func TestShellRestartKeepsPending(t *testing.T) {
	w := newShellWorld(t)
	first := w.shell("delete user jane_doe")
	id := confirmationID.FindString(first)
	if id == "" {
		t.Fatalf("no confirmation id in:\n%s", first)
	}
	mustContain(t, first, "stays pending")
	// A new process on the same database file still has it.
	out := w.shell("pending", "approve "+id)
	mustContain(t, out, id, "DELETE /users/{user_id}", "Delete a user — done")
	if n := w.sent("DELETE", "/users"); n != 1 {
		t.Errorf("%d DELETEs reached Clerk, want exactly 1", n)
	}
	// Approving again does nothing.
	out = w.shell("approve " + id)
	mustContain(t, out, "Already decided")
	if n := w.sent("DELETE", "/users"); n != 1 {
		t.Errorf("%d DELETEs after a second approval, want still 1", n)
	}
}

func TestShellDemo(t *testing.T) {
	dir, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CLERK_OPENAPI_SPEC": filepath.Join(dir, "bapi"), "HOME": t.TempDir()}
	var out, errb bytes.Buffer
	in := strings.NewReader("count users\nget user john_doe\nquit\n")
	if err := runShell(context.Background(), []string{"--demo"}, func(k string) string { return env[k] }, in, &out, &errb, time.Now); err != nil {
		t.Fatalf("shell --demo: %v\n%s", err, errb.String())
	}
	mustContain(t, out.String(), "clerkbot demo", "Total:", "John Doe")
}

func TestShellNeedsKey(t *testing.T) {
	dir, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CLERK_OPENAPI_SPEC": filepath.Join(dir, "bapi"), "HOME": t.TempDir()}
	var out, errb bytes.Buffer
	err = runShell(context.Background(), nil, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb, time.Now)
	if err == nil || !strings.Contains(err.Error(), "CLERK_SECRET_KEY is not set") || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("shell without a key: %v, want advice naming CLERK_SECRET_KEY and --demo", err)
	}
}
