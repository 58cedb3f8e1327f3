package confirm_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/store"
)

// svcSpec returns Clerk's 2026-05-12 spec, parsed once per test binary.
func svcSpec(tb testing.TB) *clerk.Spec {
	tb.Helper()
	spec, err := clerktest.SharedSpec("2026-05-12")
	if err != nil {
		tb.Fatal(err)
	}
	return spec
}

// oneSpec is a Specs with one version.
type oneSpec struct{ spec *clerk.Spec }

func (o oneSpec) Get(_ context.Context, version string) (*clerk.Spec, error) {
	if version != "" && version != o.spec.Version {
		return nil, fmt.Errorf("version %s is not available", version)
	}
	return o.spec, nil
}

var (
	ann   = confirm.Actor{UserID: "UANN", TeamID: "T1", Name: "Ann"} // asks, and is an approver
	bob   = confirm.Actor{UserID: "UBOB", TeamID: "T1", Name: "Bob"} // approver
	eve   = confirm.Actor{UserID: "UEVE", TeamID: "T1", Name: "Eve"} // not an approver
	bobT2 = confirm.Actor{UserID: "UBOB", TeamID: "T2", Name: "Bob"} // same user id, another team
)

// checker is the real Policy: Ann and Bob approve, the two-person rule holds, and the
// scopes allow every tier, so only approver rules decide.
var checker = func() *confirm.Policy {
	p, err := confirm.NewPolicy(confirm.PolicyConfig{
		TeamID:    "T1",
		Approvers: []confirm.ID{{User: ann.UserID}, {User: bob.UserID}},
		Scopes:    confirm.ParseScopes("read write delete"),
	})
	if err != nil {
		panic(err)
	}
	return p
}()

// clock is a settable clock; tests move it instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a Service over a real bbolt file and a real Clerk client talking to the
// emulator.
type env struct {
	t      testing.TB
	path   string
	db     *store.DB
	srv    *clerktest.Server
	client *clerk.Client
	spec   *clerk.Spec
	clock  *clock
	logs   *syncBuffer
	svc    *confirm.Service
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{
		t:     t,
		path:  filepath.Join(t.TempDir(), "clerkbot.db"),
		spec:  svcSpec(t),
		clock: &clock{t: time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)},
		logs:  &syncBuffer{},
	}
	e.srv = clerktest.NewServer(clerktest.WithSampleData())
	t.Cleanup(e.srv.Close)
	var err error
	e.client, err = clerk.NewClient(e.srv.SecretKey, clerk.WithBaseURL(e.srv.URL), clerk.WithRateLimit(0, 0),
		clerk.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	if err != nil {
		t.Fatal(err)
	}
	e.open(nil)
	return e
}

// open opens the file and builds a fresh Service, as a new process would.
func (e *env) open(hook func(step string) error) {
	e.t.Helper()
	db, err := store.Open(e.path, store.Options{Timeout: time.Second})
	if err != nil {
		e.t.Fatal(err)
	}
	e.db = db
	e.t.Cleanup(func() { db.Close() })
	e.svc = e.service(hook, nil)
}

func (e *env) service(hook func(step string) error, exec confirm.Executor) *confirm.Service {
	if exec == nil {
		exec = e.client
	}
	cfg := confirm.ServiceConfig{
		Store: e.db, Executor: exec, Specs: oneSpec{e.spec}, Approvals: checker,
		Now: e.clock.Now, Logger: slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if hook != nil {
		confirm.SetHook(&cfg, hook)
	}
	return confirm.NewService(cfg)
}

// restart abandons the Service, closes the file as a dying process would, and opens a
// fresh Service on it.
func (e *env) restart() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open(nil)
}

func (e *env) request(opID string, params map[string]string, query url.Values, body string) *clerk.Request {
	e.t.Helper()
	op, ok := e.spec.Operation(opID)
	if !ok {
		e.t.Fatalf("no operation %s", opID)
	}
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	r, err := e.spec.NewRequest(op, params, query, b)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) addUser(seed clerktest.UserSeed) string {
	e.t.Helper()
	id, err := e.srv.AddUser(seed)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) deleteUser(id string) *clerk.Request {
	return e.request("DeleteUser", map[string]string{"user_id": id}, nil, "")
}

func (e *env) create(req *clerk.Request, requester confirm.Actor, tier confirm.Tier) *confirm.Confirmation {
	e.t.Helper()
	c, err := e.svc.Create(context.Background(), req, requester, tier, confirm.CreateOptions{Instance: "DEVELOPMENT"})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// sent counts the requests the emulator received with method on the concrete path
// (without /v1).
func (e *env) sent(method, path string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Method == method && strings.TrimPrefix(r.Path, "/v1") == path {
			n++
		}
	}
	return n
}

// writes counts every request other than GET the emulator received.
func (e *env) writes() int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Method != "GET" {
			n++
		}
	}
	return n
}

func (e *env) state(id string) confirm.State {
	e.t.Helper()
	c, err := e.db.Confirmation(id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c.State
}

// events lists the audit events of one confirmation, oldest first.
func (e *env) events(id string) string {
	e.t.Helper()
	all, err := e.db.Audit(0, false)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, a := range all {
		if a.ConfirmationID == id {
			out = append(out, a.Event)
		}
	}
	return strings.Join(out, " ")
}
