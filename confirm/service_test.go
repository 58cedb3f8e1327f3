package confirm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
)

func TestCreate(t *testing.T) {
	e := newEnv(t)
	uid := e.addUser(clerktest.UserSeed{Username: "doomed"})
	req := e.deleteUser(uid)
	c, err := e.svc.Create(t.Context(), req, ann, confirm.TierDestructive, confirm.CreateOptions{
		Channel: "C1", Instance: "PRODUCTION", Preview: &confirm.Preview{Target: "doomed", Irreversible: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ID, "cf_") || len(c.ID) != 19 {
		t.Errorf("id %q, want cf_ and 16 characters", c.ID)
	}
	if c.State != confirm.Pending || c.Hash != confirm.Hash(req) || c.Summary != req.Op.Summary ||
		!c.ExpiresAt.Equal(e.clock.Now().Add(confirm.DefaultTTL)) {
		t.Errorf("created %+v", c)
	}
	stored, err := e.db.Confirmation(c.ID)
	if err != nil || stored.Preview == nil || stored.Preview.Target != "doomed" || stored.Instance != "PRODUCTION" || stored.Channel != "C1" {
		t.Errorf("stored %+v, %v", stored, err)
	}
	audit, _ := e.db.Audit(1, true)
	if len(audit) != 1 || audit[0].Event != "requested" || audit[0].Path != "/users/"+uid || !audit[0].Actor.Is(ann) {
		t.Errorf("audit %+v", audit)
	}
	if e.writes() != 0 {
		t.Error("Create sent a write to Clerk")
	}

	other, _ := e.svc.Create(t.Context(), req, ann, confirm.TierDestructive, confirm.CreateOptions{})
	if other.ID == c.ID {
		t.Error("two confirmations got the same id")
	}
	if _, err := e.svc.Create(t.Context(), req, confirm.Actor{}, confirm.TierDestructive, confirm.CreateOptions{}); err == nil {
		t.Error("Create without a requester succeeded")
	}
}

// TestConcurrentApprovalsRunOnce: 200 simultaneous approvals of one confirmation, over
// 20 confirmations; each runs exactly once.
func TestConcurrentApprovalsRunOnce(t *testing.T) {
	e := newEnv(t)
	const trials, clicks = 20, 200
	for trial := range trials {
		uid := e.addUser(clerktest.UserSeed{Username: fmt.Sprint("race", trial)})
		c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
		var ok, decided, other atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range clicks {
			wg.Go(func() {
				<-start
				got, resp, err := e.svc.Approve(context.Background(), c.ID, bob)
				switch {
				case err == nil && got.State == confirm.Succeeded && resp.Status == 200:
					ok.Add(1)
				case errors.Is(err, confirm.ErrAlreadyDecided):
					decided.Add(1)
				default:
					other.Add(1)
					t.Errorf("Approve = %v, %v", got, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if ok.Load() != 1 || decided.Load() != clicks-1 || other.Load() != 0 {
			t.Fatalf("trial %d: %d succeeded, %d already decided, %d other; want 1, %d, 0",
				trial, ok.Load(), decided.Load(), other.Load(), clicks-1)
		}
		if n := e.sent("DELETE", "/users/"+uid); n != 1 {
			t.Fatalf("trial %d: %d DELETEs reached Clerk, want 1", trial, n)
		}
		if ev := e.events(c.ID); ev != "requested approved executed" {
			t.Fatalf("trial %d: audit %q", trial, ev)
		}
	}
}

// TestApproveVersusDeny: approvals and denials race; exactly one decision wins, and the
// request runs once if an approval won and never if a denial did.
func TestApproveVersusDeny(t *testing.T) {
	e := newEnv(t)
	outcomes := map[confirm.State]int{}
	for trial := range 20 {
		uid := e.addUser(clerktest.UserSeed{Username: fmt.Sprint("duel", trial)})
		c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
		var wins atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 100 {
			wg.Go(func() {
				<-start
				var err error
				if i%2 == 0 {
					_, _, err = e.svc.Approve(context.Background(), c.ID, bob)
				} else {
					_, err = e.svc.Deny(context.Background(), c.ID, bob)
				}
				switch {
				case err == nil:
					wins.Add(1)
				case !errors.Is(err, confirm.ErrAlreadyDecided):
					t.Errorf("unexpected error %v", err)
				}
			})
		}
		close(start)
		wg.Wait()
		state := e.state(c.ID)
		deletes := e.sent("DELETE", "/users/"+uid)
		outcomes[state]++
		switch {
		case wins.Load() != 1:
			t.Fatalf("trial %d: %d decisions won, want 1", trial, wins.Load())
		case state == confirm.Succeeded && deletes != 1, state == confirm.Denied && deletes != 0:
			t.Fatalf("trial %d: %s with %d DELETEs", trial, state, deletes)
		case state != confirm.Succeeded && state != confirm.Denied:
			t.Fatalf("trial %d: final state %s", trial, state)
		}
	}
	t.Logf("outcomes over 20 trials: %v", outcomes)
}

// TestNothingExecutes: each way an approval can be wrong leaves Clerk untouched.
func TestNothingExecutes(t *testing.T) {
	cases := []struct {
		name      string
		setup     func(e *env, c *confirm.Confirmation) // before the approval
		approver  confirm.Actor
		want      error
		wantState confirm.State
		wantAudit string
	}{
		{name: "self-approval of a destructive request", approver: ann,
			want: confirm.ErrNotAllowed, wantState: confirm.Pending, wantAudit: "requested refused"},
		{name: "not an approver", approver: eve,
			want: confirm.ErrNotAllowed, wantState: confirm.Pending, wantAudit: "requested refused"},
		{name: "approver's user id in another team", approver: bobT2,
			want: confirm.ErrNotAllowed, wantState: confirm.Pending, wantAudit: "requested refused"},
		{name: "expired", approver: bob,
			setup: func(e *env, _ *confirm.Confirmation) { e.clock.Advance(confirm.DefaultTTL) },
			want:  confirm.ErrExpired, wantState: confirm.Expired, wantAudit: "requested expired"},
		{name: "already denied", approver: bob,
			setup: func(e *env, c *confirm.Confirmation) {
				if _, err := e.svc.Deny(context.Background(), c.ID, bob); err != nil {
					e.t.Fatal(err)
				}
			},
			want: confirm.ErrAlreadyDecided, wantState: confirm.Denied, wantAudit: "requested denied"},
		{name: "cancelled", approver: bob,
			setup: func(e *env, c *confirm.Confirmation) {
				if _, err := e.svc.Cancel(context.Background(), c.ID, ann); err != nil {
					e.t.Fatal(err)
				}
			},
			want: confirm.ErrAlreadyDecided, wantState: confirm.Cancelled, wantAudit: "requested cancelled"},
		{name: "stored request tampered with", approver: bob,
			setup: func(e *env, c *confirm.Confirmation) {
				victim := e.addUser(clerktest.UserSeed{Username: "victim"})
				tamper(e, c.ID, func(call map[string]any) { call["path_params"] = map[string]any{"user_id": victim} })
			},
			want: confirm.ErrTampered, wantState: confirm.Failed, wantAudit: "requested failed"},
		{name: "stored request changed to another operation", approver: bob,
			setup: func(e *env, c *confirm.Confirmation) {
				tamper(e, c.ID, func(call map[string]any) { call["operation_id"] = "BanUser"; call["path"] = "/users/{user_id}/ban" })
			},
			want: confirm.ErrTampered, wantState: confirm.Failed, wantAudit: "requested failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			uid := e.addUser(clerktest.UserSeed{Username: "target"})
			c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
			if tc.setup != nil {
				tc.setup(e, c)
			}
			got, resp, err := e.svc.Approve(t.Context(), c.ID, tc.approver)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Approve = %v, want %v", err, tc.want)
			}
			if resp != nil {
				t.Error("a response came back")
			}
			if got == nil || got.State != tc.wantState || e.state(c.ID) != tc.wantState {
				t.Errorf("state %v (stored %s), want %s", got, e.state(c.ID), tc.wantState)
			}
			if n := e.writes(); n != 0 {
				t.Errorf("%d writes reached Clerk", n)
			}
			if ev := e.events(c.ID); ev != tc.wantAudit {
				t.Errorf("audit %q, want %q", ev, tc.wantAudit)
			}
			if _, ok := e.srv.User(uid); !ok {
				t.Error("the user is gone")
			}
			// A second try by a proper approver never runs it either, unless it is still
			// pending (a refusal changes nothing).
			if tc.wantState != confirm.Pending {
				want := confirm.ErrAlreadyDecided
				if tc.wantState == confirm.Expired {
					want = confirm.ErrExpired
				}
				if _, _, err := e.svc.Approve(t.Context(), c.ID, bob); !errors.Is(err, want) {
					t.Errorf("second Approve = %v, want %v", err, want)
				}
				if n := e.writes(); n != 0 {
					t.Errorf("%d writes reached Clerk after a second approval", n)
				}
			}
		})
	}
}

// tamper edits the stored call of a confirmation in the bbolt file, as someone with the
// file could, leaving the hash alone.
func tamper(e *env, id string, edit func(call map[string]any)) {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	b, err := bolt.Open(e.path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		e.t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		bucket := tx.Bucket([]byte("confirmations"))
		var v map[string]any
		if err := json.Unmarshal(bucket.Get([]byte(id)), &v); err != nil {
			return err
		}
		edit(v["call"].(map[string]any))
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return bucket.Put([]byte(id), data)
	})
	b.Close()
	if err != nil {
		e.t.Fatal(err)
	}
	e.open(nil)
}

func TestSelfApprovalOfAWrite(t *testing.T) {
	e := newEnv(t)
	uid := e.addUser(clerktest.UserSeed{Username: "meta"})
	req := e.request("UpdateUserMetadata", map[string]string{"user_id": uid}, nil, `{"public_metadata":{"plan":"pro"}}`)
	c := e.create(req, ann, confirm.TierWrite)
	got, resp, err := e.svc.Approve(t.Context(), c.ID, ann)
	if err != nil || got.State != confirm.Succeeded || resp.Status != 200 {
		t.Fatalf("Approve = %v, %v; want an approver's own write to run", got, err)
	}
	if got.Result == nil || got.Result.Status != 200 || got.Result.TraceID == "" || !got.DecidedBy.Is(ann) {
		t.Errorf("result %+v, decided by %v", got.Result, got.DecidedBy)
	}
}

func TestOutcomes(t *testing.T) {
	t.Run("Clerk refuses: FAILED with status, trace id and message", func(t *testing.T) {
		e := newEnv(t)
		c := e.create(e.deleteUser("user_doesnotexist000000000000"), ann, confirm.TierDestructive)
		got, resp, err := e.svc.Approve(t.Context(), c.ID, bob)
		var apiErr *clerk.APIError
		if !errors.As(err, &apiErr) || apiErr.Status != 404 || resp == nil || resp.Status != 404 {
			t.Fatalf("Approve = %v, %v; want Clerk's 404", resp, err)
		}
		r := got.Result
		if got.State != confirm.Failed || r.Status != 404 || r.TraceID == "" || r.TraceID != apiErr.TraceID ||
			!strings.Contains(r.Error, "resource_not_found") {
			t.Errorf("outcome %s %+v", got.State, r)
		}
		if ev := e.events(c.ID); ev != "requested approved failed" {
			t.Errorf("audit %q", ev)
		}
	})
	t.Run("a 5xx to a PATCH: IN_DOUBT", func(t *testing.T) {
		e := newEnv(t)
		uid := e.addUser(clerktest.UserSeed{Username: "meta"})
		e.srv.InjectFault(clerktest.Fault{Method: "PATCH", Status: 503})
		req := e.request("UpdateUserMetadata", map[string]string{"user_id": uid}, nil, `{"public_metadata":{"plan":"pro"}}`)
		c := e.create(req, ann, confirm.TierWrite)
		got, _, err := e.svc.Approve(t.Context(), c.ID, bob)
		if !errors.Is(err, clerk.ErrInDoubt) || got.State != confirm.InDoubt || got.Result.Status != 503 {
			t.Errorf("Approve = %s %+v, %v; want IN_DOUBT", got.State, got.Result, err)
		}
		if n := e.sent("PATCH", "/users/"+uid+"/metadata"); n != 1 {
			t.Errorf("%d PATCHes, want 1 (a write in doubt is never retried)", n)
		}
		if ev := e.events(c.ID); ev != "requested approved in_doubt" {
			t.Errorf("audit %q", ev)
		}
	})
	t.Run("no answer to a DELETE: IN_DOUBT", func(t *testing.T) {
		e := newEnv(t)
		uid := e.addUser(clerktest.UserSeed{Username: "lost"})
		e.svc = e.service(nil, failing{errors.New("connection reset by peer")})
		c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
		got, _, err := e.svc.Approve(t.Context(), c.ID, bob)
		if err == nil || got.State != confirm.InDoubt || !strings.Contains(got.Result.Error, "may or may not") {
			t.Errorf("Approve = %s %+v, %v; want IN_DOUBT", got.State, got.Result, err)
		}
	})
	t.Run("refused before sending: FAILED", func(t *testing.T) {
		e := newEnv(t)
		uid := e.addUser(clerktest.UserSeed{Username: "limited"})
		e.svc = e.service(nil, failing{fmt.Errorf("clerk: %w: the client-side limit allows no requests", clerk.ErrRateLimited)})
		c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
		got, _, _ := e.svc.Approve(t.Context(), c.ID, bob)
		if got.State != confirm.Failed || !strings.HasPrefix(got.Result.Error, "not sent") {
			t.Errorf("outcome %s %+v, want FAILED, not sent", got.State, got.Result)
		}
	})
	t.Run("the caller's cancellation does not cut an approved request short", func(t *testing.T) {
		e := newEnv(t)
		uid := e.addUser(clerktest.UserSeed{Username: "patient"})
		c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
		ctx, cancel := context.WithCancel(t.Context())
		e.svc = e.service(func(step string) error {
			if step == "approved" {
				cancel() // the Slack handler gave up just after the approval committed
			}
			return nil
		}, nil)
		got, _, err := e.svc.Approve(ctx, c.ID, bob)
		if err != nil || got.State != confirm.Succeeded {
			t.Errorf("Approve = %s, %v; want SUCCEEDED", got.State, err)
		}
	})
}

// failing is an Executor that never gets an answer.
type failing struct{ err error }

func (f failing) Do(context.Context, *clerk.Request) (*clerk.Response, error) { return nil, f.err }

// TestResponseNeverStoredOrLogged: the response of an approved request is handed back,
// and neither the file nor the log holds it.
func TestResponseNeverStoredOrLogged(t *testing.T) {
	e := newEnv(t)
	const secret = "sekret-4242-private"
	uid := e.addUser(clerktest.UserSeed{Username: "private", PrivateMetadata: map[string]any{"ssn": secret}})
	req := e.request("UpdateUserMetadata", map[string]string{"user_id": uid}, nil, `{"public_metadata":{"plan":"pro"}}`)
	c := e.create(req, ann, confirm.TierWrite)
	_, resp, err := e.svc.Approve(t.Context(), c.ID, bob)
	if err != nil || !strings.Contains(string(resp.Body), secret) {
		t.Fatalf("Approve = %v; the response should hold the private metadata", err)
	}
	e.db.Close()
	data, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Error("the database file holds the response")
	}
	if strings.Contains(e.logs.String(), secret) {
		t.Error("the log holds the response")
	}
	if !strings.Contains(e.logs.String(), `"msg":"confirmation executed"`) {
		t.Errorf("log lacks the execution: %s", e.logs.String())
	}
}

func TestDenyAndCancel(t *testing.T) {
	e := newEnv(t)
	uid := e.addUser(clerktest.UserSeed{Username: "keep"})
	for _, tc := range []struct {
		name  string
		do    func(id string) (*confirm.Confirmation, error)
		want  error
		state confirm.State
	}{
		{"a non-approver may not deny", func(id string) (*confirm.Confirmation, error) { return e.svc.Deny(t.Context(), id, eve) },
			confirm.ErrNotAllowed, confirm.Pending},
		{"an approver may deny", func(id string) (*confirm.Confirmation, error) { return e.svc.Deny(t.Context(), id, bob) },
			nil, confirm.Denied},
		{"the requester may deny their own", func(id string) (*confirm.Confirmation, error) { return e.svc.Deny(t.Context(), id, ann) },
			nil, confirm.Denied},
		{"only the requester may cancel", func(id string) (*confirm.Confirmation, error) { return e.svc.Cancel(t.Context(), id, bob) },
			confirm.ErrNotAllowed, confirm.Pending},
		{"the requester cancels", func(id string) (*confirm.Confirmation, error) { return e.svc.Cancel(t.Context(), id, ann) },
			nil, confirm.Cancelled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
			_, err := tc.do(c.ID)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if s := e.state(c.ID); s != tc.state {
				t.Errorf("state %s, want %s", s, tc.state)
			}
			if tc.state.Terminal() {
				if _, err := tc.do(c.ID); !errors.Is(err, confirm.ErrAlreadyDecided) {
					t.Errorf("second decision = %v, want ErrAlreadyDecided", err)
				}
			}
		})
	}
	if e.writes() != 0 {
		t.Error("a write reached Clerk")
	}
}

func TestSweep(t *testing.T) {
	e := newEnv(t)
	uid := e.addUser(clerktest.UserSeed{Username: "sweep"})
	early := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
	e.clock.Advance(5 * time.Minute)
	late := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
	decided := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
	if _, err := e.svc.Deny(t.Context(), decided.ID, bob); err != nil {
		t.Fatal(err)
	}

	if got, err := e.svc.Sweep(t.Context()); err != nil || len(got) != 0 {
		t.Fatalf("Sweep before any expiry = %d, %v", len(got), err)
	}
	e.clock.Advance(10 * time.Minute) // early's 15 minutes are up, late has 5 left
	got, err := e.svc.Sweep(t.Context())
	if err != nil || len(got) != 1 || got[0].ID != early.ID || got[0].State != confirm.Expired {
		t.Fatalf("Sweep = %v, %v; want %s expired", got, err, early.ID)
	}
	if e.state(late.ID) != confirm.Pending || e.state(decided.ID) != confirm.Denied {
		t.Error("Sweep touched a confirmation that was not due")
	}
	if ev := e.events(early.ID); ev != "requested expired" {
		t.Errorf("audit %q", ev)
	}
	if got, _ := e.svc.Sweep(t.Context()); len(got) != 0 {
		t.Error("a second sweep expired something again")
	}

	// RunSweeper sweeps at once and tells the transport; no sleeping.
	e.clock.Advance(5 * time.Minute)
	expired := make(chan *confirm.Confirmation, 1)
	cfgSvc := confirm.NewService(confirm.ServiceConfig{
		Store: e.db, Executor: e.client, Specs: oneSpec{e.spec}, Approvals: checker, Now: e.clock.Now,
		Expired: func(_ context.Context, c *confirm.Confirmation) { expired <- c },
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		cfgSvc.RunSweeper(ctx, time.Hour)
	}()
	if c := <-expired; c.ID != late.ID {
		t.Errorf("RunSweeper expired %s, want %s", c.ID, late.ID)
	}
	cancel()
	<-done

	// A decision that comes after the deadline, before any sweep, expires the
	// confirmation and tells the transport too; a later decision does not tell it again.
	for i, decide := range []func(id string) error{
		func(id string) error { _, _, err := cfgSvc.Approve(t.Context(), id, bob); return err },
		func(id string) error { _, err := cfgSvc.Deny(t.Context(), id, bob); return err },
	} {
		c := e.create(e.deleteUser(uid), ann, confirm.TierDestructive)
		e.clock.Advance(confirm.DefaultTTL + time.Minute)
		if err := decide(c.ID); !errors.Is(err, confirm.ErrExpired) {
			t.Fatalf("decision %d after the deadline = %v, want ErrExpired", i, err)
		}
		select {
		case got := <-expired:
			if got.ID != c.ID || got.State != confirm.Expired {
				t.Errorf("told about %s (%s), want %s EXPIRED", got.ID, got.State, c.ID)
			}
		default:
			t.Errorf("decision %d expired %s without telling the transport", i, c.ID)
		}
		if err := decide(c.ID); !errors.Is(err, confirm.ErrExpired) {
			t.Errorf("second decision = %v, want ErrExpired", err)
		}
		select {
		case got := <-expired:
			t.Errorf("told again about %s", got.ID)
		default:
		}
	}
}

func TestSetRef(t *testing.T) {
	e := newEnv(t)
	c := e.create(e.deleteUser("user_x"), ann, confirm.TierDestructive)
	if _, err := e.svc.Deny(t.Context(), c.ID, bob); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.SetRef(c.ID, map[string]string{"channel": "C1", "ts": "1.2"})
	if err != nil || got.Ref["ts"] != "1.2" || got.State != confirm.Denied {
		t.Errorf("SetRef = %+v, %v", got, err)
	}
	if ev := e.events(c.ID); ev != "requested denied" {
		t.Errorf("audit %q: SetRef is not a transition", ev)
	}
	// Keys given are set, the others kept.
	got, err = e.svc.SetRef(c.ID, map[string]string{"ts": "3.4", "card": "{}"})
	if err != nil || got.Ref["channel"] != "C1" || got.Ref["ts"] != "3.4" || got.Ref["card"] != "{}" {
		t.Errorf("second SetRef = %v, %v; want channel kept, ts and card set", got.Ref, err)
	}
}

// TestWithPolicy runs approvals through the real Policy's CheckApproval: the two-person
// rule for a delete, approvers only, and the approver's team.
func TestWithPolicy(t *testing.T) {
	requester := confirm.Actor{UserID: "UREQ00001", TeamID: "T0HOME01"}
	approver := confirm.Actor{UserID: "UAPP00001", TeamID: "T0HOME01"}
	ids, err := confirm.ParseIDs("UREQ00001 UAPP00001")
	if err != nil {
		t.Fatal(err)
	}
	policy, err := confirm.NewPolicy(confirm.PolicyConfig{
		TeamID: "T0HOME01", Approvers: ids, Scopes: confirm.ParseScopes("read write delete"),
	})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	svc := confirm.NewService(confirm.ServiceConfig{
		Store: e.db, Executor: e.client, Specs: oneSpec{e.spec}, Approvals: policy, Now: e.clock.Now,
	})
	uid := e.addUser(clerktest.UserSeed{Username: "policy"})
	c, err := svc.Create(t.Context(), e.deleteUser(uid), requester, confirm.TierDestructive, confirm.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []confirm.Actor{
		requester, // two-person rule
		{UserID: "UOTHER001", TeamID: "T0HOME01"}, // not an approver
		{UserID: "UAPP00001", TeamID: "T0ELSE01"}, // the approver's id in another team
	} {
		if _, _, err := svc.Approve(t.Context(), c.ID, who); !errors.Is(err, confirm.ErrNotAllowed) {
			t.Errorf("Approve by %v = %v, want ErrNotAllowed", who, err)
		}
	}
	if e.writes() != 0 {
		t.Fatal("a refused approval reached Clerk")
	}
	got, _, err := svc.Approve(t.Context(), c.ID, approver)
	if err != nil || got.State != confirm.Succeeded || e.sent("DELETE", "/users/"+uid) != 1 {
		t.Errorf("Approve by the approver = %v, %v", got, err)
	}
	if ev := e.events(c.ID); ev != "requested refused refused refused approved executed" {
		t.Errorf("audit %q", ev)
	}
}
