package clerktest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

var start = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// clock is a settable clock for tests that need time to pass.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: start} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newServer starts an emulator with a fixed clock and closes it when the test ends.
func newServer(t *testing.T, opts ...clerktest.Option) *clerktest.Server {
	t.Helper()
	opts = append([]clerktest.Option{clerktest.WithClock(func() time.Time { return start })}, opts...)
	s := clerktest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes one authenticated request; path is relative to Server.URL and may carry a
// query.
func send(t *testing.T, s *clerktest.Server, method, path, body string) response {
	t.Helper()
	return sendAuth(t, s, method, path, body, "Bearer "+s.SecretKey)
}

func sendAuth(t *testing.T, s *clerktest.Server, method, path, body, auth string) response {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// call sends a request, requires the status, and decodes the JSON answer.
func call[T any](t *testing.T, s *clerktest.Server, method, path, body string, want int) T {
	t.Helper()
	r := send(t, s, method, path, body)
	if r.status != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, r.status, r.body, want)
	}
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%s %s: decoding %s: %v", method, path, r.body, err)
	}
	return v
}

type obj = map[string]any

// clerkError is the first error of a Clerk error body.
type clerkError struct {
	Code        string         `json:"code"`
	Message     string         `json:"message"`
	LongMessage string         `json:"long_message"`
	Meta        map[string]any `json:"meta"`
}

// wantError requires a Clerk error with the status and code, and returns it.
func wantError(t *testing.T, r response, status int, code string) clerkError {
	t.Helper()
	var body struct {
		Errors  []clerkError `json:"errors"`
		TraceID string       `json:"clerk_trace_id"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || len(body.Errors) == 0 {
		t.Fatalf("status %d, body %s: not a Clerk error (%v)", r.status, r.body, err)
	}
	if r.status != status || body.Errors[0].Code != code {
		t.Fatalf("got %d %s, want %d %s: %s", r.status, body.Errors[0].Code, status, code, r.body)
	}
	if body.TraceID == "" || body.TraceID != r.header.Get("Clerk-Trace-Id") {
		t.Errorf("clerk_trace_id %q, header %q: want both, equal", body.TraceID, r.header.Get("Clerk-Trace-Id"))
	}
	return body.Errors[0]
}

// usernames lists the usernames of decoded users, in order.
func usernames(users []obj) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		name, _ := u["username"].(string)
		out = append(out, name)
	}
	return out
}

func ids(items []obj) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it["id"].(string))
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// userID finds a sample user's id by username.
func userID(t *testing.T, s *clerktest.Server, username string) string {
	t.Helper()
	users := call[[]obj](t, s, "GET", "/users?username="+username, "", 200)
	if len(users) != 1 {
		t.Fatalf("%d users named %s, want 1", len(users), username)
	}
	return users[0]["id"].(string)
}

func orgID(t *testing.T, s *clerktest.Server, slug string) string {
	t.Helper()
	return call[obj](t, s, "GET", "/organizations/"+slug, "", 200)["id"].(string)
}

// idPattern matches a Clerk id with the prefix: prefix, underscore, 27 base62 characters.
func idPattern(prefix string) *regexp.Regexp {
	return regexp.MustCompile(`^` + prefix + `_[0-9A-Za-z]{27}$`)
}
