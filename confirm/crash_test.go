package confirm_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/store"
)

var errCrash = errors.New("injected crash")

// TestCrashBetweenSteps stops Create and Approve after each step, abandons the Service,
// and starts a fresh one on the same file: no pending confirmation is lost, nothing runs
// twice, and Reconcile settles what was EXECUTING with a read.
func TestCrashBetweenSteps(t *testing.T) {
	cases := []struct {
		step        string
		deletes     int           // DELETEs that reached Clerk before the crash
		afterReopen confirm.State // state found by the new process
		reconciled  confirm.State // after Reconcile
		note        string
		total       int // DELETEs in all, after the new process tries to approve again
	}{
		{"created", 0, confirm.Pending, confirm.Pending, "", 1},
		{"approved", 0, confirm.Executing, confirm.Failed, "did not run before clerkbot stopped", 0},
		{"executed", 1, confirm.Executing, confirm.Succeeded, "", 1},
		{"recorded", 1, confirm.Succeeded, confirm.Succeeded, "", 1},
	}
	for _, tc := range cases {
		t.Run("after "+tc.step, func(t *testing.T) {
			e := newEnv(t)
			uid := e.addUser(clerktest.UserSeed{Username: "crash"})
			path := "/users/" + uid
			e.svc = e.service(func(step string) error {
				if step == tc.step {
					return errCrash
				}
				return nil
			}, nil)
			c, err := e.svc.Create(t.Context(), e.deleteUser(uid), ann, confirm.TierDestructive, confirm.CreateOptions{})
			if tc.step != "created" {
				if err != nil {
					t.Fatal(err)
				}
				_, _, err = e.svc.Approve(t.Context(), c.ID, bob)
			}
			if !errors.Is(err, errCrash) {
				t.Fatalf("err = %v, want the injected crash", err)
			}
			if n := e.sent("DELETE", path); n != tc.deletes {
				t.Fatalf("%d DELETEs before the crash, want %d", n, tc.deletes)
			}

			e.restart()
			if s := e.state(c.ID); s != tc.afterReopen {
				t.Fatalf("after restart: %s, want %s", s, tc.afterReopen)
			}
			got, err := e.svc.Reconcile(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.afterReopen == confirm.Executing; (len(got) == 1) != want {
				t.Errorf("Reconcile settled %d, want %t", len(got), want)
			}
			after, _ := e.db.Confirmation(c.ID)
			if after.State != tc.reconciled || (tc.note != "" && !strings.Contains(after.Result.Error, tc.note)) {
				t.Errorf("after Reconcile: %s %+v, want %s %q", after.State, after.Result, tc.reconciled, tc.note)
			}
			if n := e.sent("DELETE", path); n != tc.deletes {
				t.Fatalf("%d DELETEs after Reconcile, want still %d: never re-run", n, tc.deletes)
			}

			// The new process may decide what is still pending, and nothing else.
			_, _, err = e.svc.Approve(t.Context(), c.ID, bob)
			switch {
			case tc.reconciled == confirm.Pending && err != nil:
				t.Errorf("approving the pending confirmation after the restart: %v", err)
			case tc.reconciled != confirm.Pending && !errors.Is(err, confirm.ErrAlreadyDecided):
				t.Errorf("approving again after the restart: %v, want ErrAlreadyDecided", err)
			}
			if n := e.sent("DELETE", path); n != tc.total {
				t.Errorf("%d DELETEs in all, want %d", n, tc.total)
			}
		})
	}
}

// crashEnv makes the test binary, run as a child, create and approve a user delete on
// the database it names, and exit abruptly (no deferred calls, file not closed) after
// the named step. Its value is step|db path|emulator URL|secret key|user id.
const crashEnv = "CLERKBOT_CONFIRM_TEST_CRASH"

func TestMain(m *testing.M) {
	if v := os.Getenv(crashEnv); v != "" {
		os.Exit(crashChild(v))
	}
	os.Exit(m.Run())
}

func crashChild(v string) int {
	f := strings.Split(v, "|")
	if len(f) != 5 {
		fmt.Fprintln(os.Stderr, "bad", crashEnv)
		return 2
	}
	step, path, url, key, uid := f[0], f[1], f[2], f[3], f[4]
	spec, err := clerktest.SharedSpec("2026-05-12")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	client, err := clerk.NewClient(key, clerk.WithBaseURL(url), clerk.WithRateLimit(0, 0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cfg := confirm.ServiceConfig{Store: db, Executor: client, Specs: oneSpec{spec}, Approvals: checker}
	confirm.SetHook(&cfg, func(s string) error {
		if s == step {
			os.Exit(7) // a crash: nothing after this runs, the file is not closed
		}
		return nil
	})
	svc := confirm.NewService(cfg)
	op, _ := spec.Operation("DeleteUser")
	req, err := spec.NewRequest(op, map[string]string{"user_id": uid}, nil, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	c, err := svc.Create(context.Background(), req, ann, confirm.TierDestructive, confirm.CreateOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if _, _, err := svc.Approve(context.Background(), c.ID, bob); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// TestCrashOfAnotherProcess runs the crash in a real second process that exits without
// closing anything, then reconciles from this one.
func TestCrashOfAnotherProcess(t *testing.T) {
	for _, tc := range []struct {
		step    string
		deletes int
		want    confirm.State
	}{
		{"created", 0, confirm.Pending},
		{"approved", 0, confirm.Failed},
		{"executed", 1, confirm.Succeeded},
	} {
		t.Run("after "+tc.step, func(t *testing.T) {
			e := newEnv(t)
			uid := e.addUser(clerktest.UserSeed{Username: "crash"})
			if err := e.db.Close(); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), crashEnv+"="+strings.Join([]string{tc.step, e.path, e.srv.URL, e.srv.SecretKey, uid}, "|"))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 7 {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if n := e.sent("DELETE", "/users/"+uid); n != tc.deletes {
				t.Fatalf("%d DELETEs from the child, want %d", n, tc.deletes)
			}
			e.open(nil)
			if _, err := e.svc.Reconcile(t.Context()); err != nil {
				t.Fatal(err)
			}
			all, err := e.db.Confirmations()
			if err != nil || len(all) != 1 {
				t.Fatalf("confirmations after the crash: %d, %v; want the one", len(all), err)
			}
			if all[0].State != tc.want {
				t.Errorf("state %s, want %s", all[0].State, tc.want)
			}
			if n := e.sent("DELETE", "/users/"+uid); n != tc.deletes {
				t.Errorf("%d DELETEs in all, want %d", n, tc.deletes)
			}
		})
	}
}

// TestReconcile sets up EXECUTING records the way a crash leaves them, with Clerk in
// either state, and checks each is settled by a read and nothing is written to Clerk.
func TestReconcile(t *testing.T) {
	cases := []struct {
		name string
		make func(e *env) setup
		want confirm.State
		note string
	}{
		{name: "user delete that happened", want: confirm.Succeeded, make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "gone"})
			return setup{e.deleteUser(uid), true}
		}},
		{name: "user delete that did not happen", want: confirm.Failed, note: "ask again", make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "stays"})
			return setup{e.deleteUser(uid), false}
		}},
		{name: "organization delete that happened", want: confirm.Succeeded, make: func(e *env) setup {
			id, _ := e.srv.AddOrganization(clerktest.OrganizationSeed{Name: "Doomed Inc"})
			return setup{e.request("DeleteOrganization", map[string]string{"organization_id": id}, nil, ""), true}
		}},
		{name: "membership delete that happened", want: confirm.Succeeded, make: func(e *env) setup {
			return membership(e, true)
		}},
		{name: "membership delete that did not happen", want: confirm.Failed, make: func(e *env) setup {
			return membership(e, false)
		}},
		{name: "ban that happened", want: confirm.Succeeded, make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "banme"})
			return setup{e.request("BanUser", map[string]string{"user_id": uid}, nil, ""), true}
		}},
		{name: "ban that did not happen", want: confirm.Failed, note: "banned is still false", make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "banme"})
			return setup{e.request("BanUser", map[string]string{"user_id": uid}, nil, ""), false}
		}},
		{name: "unlock that happened", want: confirm.Succeeded, make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "locked", Locked: true})
			return setup{e.request("UnlockUser", map[string]string{"user_id": uid}, nil, ""), true}
		}},
		{name: "user metadata merge that happened", want: confirm.Succeeded, make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "meta", PublicMetadata: map[string]any{"plan": "free", "old": 1, "keep": true},
				PrivateMetadata: map[string]any{"stripe": map[string]any{"id": "cus_1", "tier": 1}}})
			body := `{"public_metadata":{"plan":"pro","old":null},"private_metadata":{"stripe":{"tier":2}}}`
			return setup{e.request("UpdateUserMetadata", map[string]string{"user_id": uid}, nil, body), true}
		}},
		{name: "user metadata merge that did not happen", want: confirm.InDoubt, note: "does not show every new value", make: func(e *env) setup {
			uid := e.addUser(clerktest.UserSeed{Username: "meta", PublicMetadata: map[string]any{"plan": "free"}})
			body := `{"public_metadata":{"plan":"pro"}}`
			return setup{e.request("UpdateUserMetadata", map[string]string{"user_id": uid}, nil, body), false}
		}},
		{name: "organization metadata merge that happened", want: confirm.Succeeded, make: func(e *env) setup {
			id, _ := e.srv.AddOrganization(clerktest.OrganizationSeed{Name: "Meta Org"})
			body := `{"public_metadata":{"tier":"gold"}}`
			return setup{e.request("MergeOrganizationMetadata", map[string]string{"organization_id": id}, nil, body), true}
		}},
		{name: "anything else", want: confirm.InDoubt, note: "check in Clerk", make: func(e *env) setup {
			return setup{e.request("CreateInvitation", nil, nil, `{"email_address":"new@example.com"}`), true}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			s := tc.make(e)
			c := e.create(s.req, ann, confirm.TierDestructive)
			// The crashed process: EXECUTING committed, then (perhaps) the request sent.
			e.svc = e.service(func(step string) error {
				if step == "approved" {
					return errCrash
				}
				return nil
			}, nil)
			if _, _, err := e.svc.Approve(t.Context(), c.ID, bob); !errors.Is(err, errCrash) {
				t.Fatal(err)
			}
			if s.applied {
				if _, err := e.client.Do(t.Context(), s.req); err != nil {
					t.Fatal(err)
				}
			}
			e.restart()
			writes := e.writes()
			got, err := e.svc.Reconcile(t.Context())
			if err != nil || len(got) != 1 {
				t.Fatalf("Reconcile = %d, %v", len(got), err)
			}
			if got[0].State != tc.want || (tc.note != "" && !strings.Contains(got[0].Result.Error, tc.note)) {
				t.Errorf("settled as %s %q, want %s %q", got[0].State, got[0].Result.Error, tc.want, tc.note)
			}
			if n := e.writes(); n != writes {
				t.Errorf("Reconcile sent %d writes to Clerk", n-writes)
			}
			audit, _ := e.db.Audit(1, true)
			if len(audit) != 1 || audit[0].Actor.UserID != "clerkbot" || !strings.HasPrefix(audit[0].Detail, "reconciled after a restart") {
				t.Errorf("audit %+v", audit)
			}
			if again, err := e.svc.Reconcile(t.Context()); err != nil || len(again) != 0 {
				t.Errorf("second Reconcile = %d, %v; want nothing left", len(again), err)
			}
		})
	}
}

// setup is a request a crashed process approved, and whether it got through.
type setup struct {
	req     *clerk.Request
	applied bool
}

func membership(e *env, applied bool) setup {
	e.t.Helper()
	owner := e.addUser(clerktest.UserSeed{Username: "owner"})
	member := e.addUser(clerktest.UserSeed{Username: "member"})
	org, err := e.srv.AddOrganization(clerktest.OrganizationSeed{Name: "Members Inc", CreatedBy: owner})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.srv.AddMembership(org, member, "org:member"); err != nil {
		e.t.Fatal(err)
	}
	req := e.request("DeleteOrganizationMembership", map[string]string{"organization_id": org, "user_id": member}, nil, "")
	return setup{req, applied}
}

// TestReconcileReadFails: when Clerk cannot be read the record stays EXECUTING and the
// error says so; a later Reconcile settles it.
func TestReconcileReadFails(t *testing.T) {
	e := newEnv(t)
	uid := e.addUser(clerktest.UserSeed{Username: "later"})
	c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
	e.svc = e.service(func(step string) error {
		if step == "approved" {
			return errCrash
		}
		return nil
	}, nil)
	e.svc.Approve(t.Context(), c.ID, bob)
	e.restart()
	e.srv.InjectFault(clerktest.Fault{Method: "GET", Status: 503})
	got, err := e.svc.Reconcile(t.Context())
	if len(got) != 0 || err == nil || !strings.Contains(err.Error(), "left EXECUTING") {
		t.Fatalf("Reconcile = %d, %v", len(got), err)
	}
	if s := e.state(c.ID); s != confirm.Executing {
		t.Fatalf("state %s", s)
	}
	e.srv.ClearFaults()
	got, err = e.svc.Reconcile(t.Context())
	if err != nil || len(got) != 1 || got[0].State != confirm.Failed {
		t.Errorf("second Reconcile = %v, %v", got, err)
	}
	if e.writes() != 0 {
		t.Error("a write reached Clerk")
	}
}

// blocking is an Executor that holds a request until released.
type blocking struct {
	next    confirm.Executor
	started chan struct{}
	release chan struct{}
}

func (b blocking) Do(ctx context.Context, r *clerk.Request) (*clerk.Response, error) {
	if r.Method() != "GET" {
		close(b.started)
		<-b.release
	}
	return b.next.Do(ctx, r)
}

// TestReconcileSkipsRunningExecutions: Reconcile during an execution of the same Service
// leaves it alone, so the DELETE that is about to happen is not reported as "did not run".
func TestReconcileSkipsRunningExecutions(t *testing.T) {
	e := newEnv(t)
	uid := e.addUser(clerktest.UserSeed{Username: "slow"})
	b := blocking{next: e.client, started: make(chan struct{}), release: make(chan struct{})}
	e.svc = e.service(nil, b)
	c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
	done := make(chan *confirm.Confirmation)
	go func() {
		got, _, err := e.svc.Approve(context.Background(), c.ID, bob)
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	<-b.started
	got, err := e.svc.Reconcile(t.Context())
	if err != nil || len(got) != 0 {
		t.Errorf("Reconcile during the execution = %v, %v; want it skipped", got, err)
	}
	close(b.release)
	if final := <-done; final.State != confirm.Succeeded {
		t.Errorf("final state %s", final.State)
	}
}
