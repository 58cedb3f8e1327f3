package confirm

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		in            string
		write, delete bool
		unknown       []string
	}{
		{"", false, false, nil},
		{"read", false, false, nil},
		{"read write", true, false, nil},
		{"read write delete", true, true, nil},
		{"read,write", true, false, nil},
		{" read ,\twrite;delete\n", true, true, nil},
		{"WRITE Delete", true, true, nil},
		{"bapi:write bapi:delete", true, true, nil},
		{"delete", false, true, nil},
		{"readwrite", false, false, []string{"readwrite"}},
		{"overwrite", false, false, []string{"overwrite"}},
		{"read-write", false, false, []string{"read-write"}},
		{"write:users", false, false, []string{"write:users"}},
		{"writes deleted", false, false, []string{"writes", "deleted"}},
		{"admin admin write", true, false, []string{"admin"}},
		{"*", false, false, []string{"*"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := ParseScopes(tc.in)
			if got.Write != tc.write || got.Delete != tc.delete {
				t.Errorf("ParseScopes(%q) = write %v delete %v, want write %v delete %v", tc.in, got.Write, got.Delete, tc.write, tc.delete)
			}
			if diff := cmp.Diff(tc.unknown, got.Unknown(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseScopes(%q).Unknown() (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestScopesMissing(t *testing.T) {
	tests := []struct {
		scopes string
		tier   Tier
		want   []string
	}{
		{"", TierRead, nil},
		{"", TierSensitiveRead, nil}, // a read for scope purposes
		{"", TierWrite, []string{"write"}},
		{"", TierDestructive, []string{"write", "delete"}},
		{"write", TierWrite, nil},
		{"write", TierDestructive, []string{"delete"}},
		{"write", TierCredential, []string{"delete"}},
		{"delete", TierDestructive, []string{"write"}},
		{"write delete", TierCredential, nil},
		{"write delete", "bogus", nil},
		{"write", "bogus", []string{"delete"}},
	}
	for _, tc := range tests {
		got := ParseScopes(tc.scopes).Missing(tc.tier)
		if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("ParseScopes(%q).Missing(%s) (-want +got):\n%s", tc.scopes, tc.tier, diff)
		}
	}
	if got := ParseScopes("delete write").String(); got != "read, write, delete" {
		t.Errorf("Scopes.String() = %q, want %q", got, "read, write, delete")
	}
}

func TestParseIDs(t *testing.T) {
	tests := []struct {
		in      string
		want    []ID
		wantErr string
	}{
		{in: "", want: nil},
		{in: " , ", want: nil},
		{in: "U012ABCDEF", want: []ID{{User: "U012ABCDEF"}}},
		{in: "U012ABCDEF, W0123456789\nT0ABCDEF/U0456789A", want: []ID{{User: "U012ABCDEF"}, {User: "W0123456789"}, {Team: "T0ABCDEF", User: "U0456789A"}}},
		{in: "U012ABCDEF U012ABCDEF", want: []ID{{User: "U012ABCDEF"}}},
		{in: "u012abcdef", wantErr: "upper case (U012ABCDEF)"},
		{in: "jane", wantErr: "must start with U or W"},
		{in: "ulrich", wantErr: "must start with U or W"},
		{in: "@jane", wantErr: "must start with U or W"},
		{in: "<@U012ABCDEF>", wantErr: "looks like a mention"},
		{in: "T0ABCDEF", wantErr: "is a team id"},
		{in: "U12", wantErr: "characters"},
		{in: "U012ABC-DEF", wantErr: "only letters A-Z and digits"},
		{in: "X0ABCDEF/U0456789A", wantErr: "must start with T"},
		{in: "T0ABCDEF/", wantErr: "not a Slack user id"},
		{in: "/U0456789A", wantErr: "not a Slack team id"},
		{in: "T0ABCDEF/U0456789A/U1", wantErr: "only letters A-Z and digits"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseIDs(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseIDs(%q) = %v, %v; want an error containing %q", tc.in, got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseIDs(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseIDs(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseTTL(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "", want: 15 * time.Minute},
		{in: " 30m ", want: 30 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "1m", want: time.Minute},
		{in: "24h", want: 24 * time.Hour},
		{in: "15", wantErr: "needs a unit, such as 15m"},
		{in: "fifteen minutes", wantErr: "not a duration"},
		{in: "30s", wantErr: "between 1m and 24h"},
		{in: "25h", wantErr: "between 1m and 24h"},
		{in: "-5m", wantErr: "between 1m and 24h"},
	}
	for _, tc := range tests {
		got, err := ParseTTL(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseTTL(%q) = %v, %v; want an error containing %q", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseTTL(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// The people of the policy tests. Home is the workspace's own team.
const home = "T0HOME0001"

var (
	alice   = Actor{UserID: "U0ALICE001", TeamID: home, Name: "Alice"} // requester, approver, admin
	bob     = Actor{UserID: "U0BOB00001", TeamID: home, Name: "Bob"}   // approver
	carol   = Actor{UserID: "U0CAROL001", TeamID: home, Name: "Carol"} // member, nothing else
	dave    = Actor{UserID: "U0DAVE0001", TeamID: home, Name: "Dave"}  // admin only
	mallory = Actor{UserID: "U0ALICE001", TeamID: "T0OTHER001"}        // Alice's user id, another team
	guest   = Actor{UserID: "U0GUEST001", TeamID: "T0OTHER001"}        // shared-channel guest
	partner = Actor{UserID: "U0PARTNER1", TeamID: "T0PARTNER1"}        // pinned approver of another team
)

func newTestPolicy(t *testing.T, mutate func(*PolicyConfig)) *Policy {
	t.Helper()
	ids := func(s string) []ID {
		t.Helper()
		v, err := ParseIDs(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cfg := PolicyConfig{
		TeamID:    home,
		Approvers: ids("U0ALICE001 U0BOB00001 T0PARTNER1/U0PARTNER1"),
		Admins:    ids("U0ALICE001 U0DAVE0001"),
		Scopes:    ParseScopes("read write delete"),
	}
	if mutate != nil {
		mutate(&cfg)
	}
	p, err := NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckRequest(t *testing.T) {
	readOnly := func(c *PolicyConfig) { c.Scopes = ParseScopes("") }
	writeOnly := func(c *PolicyConfig) { c.Scopes = ParseScopes("read,write") }
	onlyListed := func(c *PolicyConfig) { c.Users, _ = ParseIDs("U0CAROL001") }
	tests := []struct {
		name    string
		mutate  func(*PolicyConfig)
		who     Actor
		op      string
		admin   bool
		wantErr string // "" for allowed; ScopeSentence for a *ScopeError
	}{
		{name: "member reads", who: carol, op: "GetUser"},
		{name: "member writes", who: carol, op: "CreateInvitation"},
		{name: "member deletes", who: carol, op: "DeleteUser"},
		{name: "member sensitive read", who: carol, op: "GetOAuthAccessToken"},
		{name: "guest of a shared channel", who: guest, op: "GetUser", wantErr: "belongs to another workspace (team T0OTHER001)"},
		{name: "same user id, other team", who: mallory, op: "GetUser", wantErr: "another workspace"},
		{name: "no user id", who: Actor{TeamID: home}, op: "GetUser", wantErr: "cannot tell who is asking"},
		{name: "unlisted user", mutate: onlyListed, who: bob, op: "GetUser", wantErr: "not one of the people allowed to use clerkbot (CLERKBOT_USERS)"},
		{name: "listed user", mutate: onlyListed, who: carol, op: "GetUser"},
		{name: "admins may always ask", mutate: onlyListed, who: dave, op: "GetUser"},
		{name: "--admin by a member", who: carol, op: "GetUser", admin: true, wantErr: "--admin is only for admins (CLERKBOT_ADMINS), and Carol (U0CAROL001) is not one"},
		{name: "--admin by an approver", who: bob, op: "DeleteUser", admin: true, wantErr: "only for admins"},
		{name: "--admin by an admin", who: dave, op: "DeleteUser", admin: true},
		{name: "credential by a member", who: carol, op: "CreateActorToken", wantErr: "CreateActorToken is a credential operation"},
		{name: "credential by an approver", who: bob, op: "CreateSignInToken", wantErr: "only an admin (CLERKBOT_ADMINS) may request it"},
		{name: "credential by an admin", who: dave, op: "CreateActorToken"},
		{name: "credential with --admin still checks admins", who: carol, op: "CreateActorToken", admin: true, wantErr: "only for admins"},
		{name: "read with no scopes", mutate: readOnly, who: carol, op: "GetUser"},
		{name: "sensitive read with no scopes", mutate: readOnly, who: carol, op: "GetMachineSecretKey"},
		{name: "write with no scopes", mutate: readOnly, who: carol, op: "UpdateUserMetadata", wantErr: ScopeSentence},
		{name: "write with write", mutate: writeOnly, who: carol, op: "UpdateUserMetadata"},
		{name: "delete with write only", mutate: writeOnly, who: carol, op: "DeleteUser", wantErr: ScopeSentence},
		{name: "credential with write only", mutate: writeOnly, who: dave, op: "CreateActorToken", wantErr: ScopeSentence},
		{name: "admin without --admin", mutate: readOnly, who: dave, op: "DeleteUser", wantErr: ScopeSentence},
		{name: "admin with --admin bypasses scopes", mutate: readOnly, who: dave, op: "DeleteUser", admin: true},
		{name: "admin with --admin, credential", mutate: readOnly, who: dave, op: "CreateActorToken", admin: true},
		{name: "no approvers: write refused", mutate: func(c *PolicyConfig) { c.Approvers = nil }, who: carol, op: "CreateInvitation", wantErr: "nobody can approve CreateInvitation: no approvers are configured"},
		{name: "no approvers: read runs", mutate: func(c *PolicyConfig) { c.Approvers = nil }, who: carol, op: "GetUser"},
		{name: "sole approver deletes", mutate: func(c *PolicyConfig) { c.Approvers, _ = ParseIDs("U0ALICE001") }, who: alice, op: "DeleteUser", wantErr: "needs an approver other than you"},
		{name: "sole approver writes", mutate: func(c *PolicyConfig) { c.Approvers, _ = ParseIDs("U0ALICE001") }, who: alice, op: "CreateInvitation"},
		{name: "sole approver in the shell", mutate: func(c *PolicyConfig) { c.Approvers, _ = ParseIDs("U0ALICE001"); c.SelfApproval = true }, who: alice, op: "DeleteUser"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPolicy(t, tc.mutate)
			err := p.CheckRequest(tc.who, policyOp(t, tc.op), tc.admin)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckRequest(%v, %s, admin=%v) = %v, want nil", tc.who, tc.op, tc.admin, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckRequest(%v, %s, admin=%v) = nil, want an error containing %q", tc.who, tc.op, tc.admin, tc.wantErr)
			}
			if !errors.Is(err, ErrNotAllowed) {
				t.Errorf("CheckRequest(%v, %s) = %v, which is not ErrNotAllowed", tc.who, tc.op, err)
			}
			var se *ScopeError
			if isScope := errors.As(err, &se); isScope != (tc.wantErr == ScopeSentence) {
				t.Errorf("CheckRequest(%v, %s) = %#v: ScopeError %v, want %v", tc.who, tc.op, err, isScope, !isScope)
			}
			if tc.wantErr == ScopeSentence {
				if err.Error() != ScopeSentence {
					t.Errorf("ScopeError message = %q, want exactly %q", err.Error(), ScopeSentence)
				}
			} else if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("CheckRequest(%v, %s) = %q, want it to contain %q", tc.who, tc.op, err, tc.wantErr)
			}
			if strings.Contains(err.Error(), ErrNotAllowed.Error()+":") || strings.HasSuffix(err.Error(), ": "+ErrNotAllowed.Error()) {
				t.Errorf("CheckRequest message %q carries the bare sentinel; it should be one sentence", err)
			}
		})
	}
}

func TestScopeErrorFields(t *testing.T) {
	p := newTestPolicy(t, func(c *PolicyConfig) { c.Scopes = ParseScopes("write") })
	err := p.CheckRequest(carol, policyOp(t, "DeleteUser"), false)
	var se *ScopeError
	if !errors.As(err, &se) {
		t.Fatalf("CheckRequest = %v, want a *ScopeError", err)
	}
	want := &ScopeError{Operation: "DeleteUser", Tier: TierDestructive, Missing: []string{"delete"}, Have: ParseScopes("write")}
	if diff := cmp.Diff(want, se, cmp.AllowUnexported(Scopes{})); diff != "" {
		t.Errorf("ScopeError (-want +got):\n%s", diff)
	}
	if se.Error() != "This is a write operation and your current scopes may not allow it. Rerun with --admin to bypass?" {
		t.Errorf("ScopeError.Error() = %q, not the skill's sentence", se.Error())
	}
}

func confirmation(requester Actor, op string, tier Tier) *Confirmation {
	return &Confirmation{ID: "c1", State: Pending, Call: Call{OperationID: op}, Tier: tier, Requester: requester}
}

func TestCheckApproval(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(*PolicyConfig)
		approver Actor
		c        *Confirmation
		wantErr  string
	}{
		{name: "approver approves a member's write", approver: bob, c: confirmation(carol, "CreateInvitation", TierWrite)},
		{name: "approver approves own write", approver: alice, c: confirmation(alice, "CreateInvitation", TierWrite)},
		{name: "approver approves a member's delete", approver: bob, c: confirmation(carol, "DeleteUser", TierDestructive)},
		{name: "self-approval of a delete", approver: alice, c: confirmation(alice, "DeleteUser", TierDestructive), wantErr: "you asked for this destructive request yourself; it needs any approver other than Alice (U0ALICE001)"},
		{name: "self-approval of a credential", approver: alice, c: confirmation(alice, "CreateActorToken", TierCredential), wantErr: "yourself"},
		{name: "self-approval of a sensitive read", approver: alice, c: confirmation(alice, "GetOAuthAccessToken", TierSensitiveRead), wantErr: "yourself"},
		{name: "other approver, credential", approver: bob, c: confirmation(alice, "CreateActorToken", TierCredential)},
		{name: "unknown stored tier is credential", approver: alice, c: confirmation(alice, "DeleteUser", "bogus"), wantErr: "yourself"},
		{name: "non-approver", approver: carol, c: confirmation(alice, "CreateInvitation", TierWrite), wantErr: "Carol (U0CAROL001) is not an approver (CLERKBOT_APPROVERS)"},
		{name: "admin is not an approver", approver: dave, c: confirmation(carol, "CreateInvitation", TierWrite), wantErr: "is not an approver"},
		{name: "approver's user id from another team", approver: mallory, c: confirmation(carol, "DeleteUser", TierDestructive), wantErr: "an approver of another workspace (team T0OTHER001)"},
		{name: "guest of a shared channel", approver: guest, c: confirmation(carol, "CreateInvitation", TierWrite), wantErr: "is not an approver"},
		{name: "pinned approver of another team", approver: partner, c: confirmation(carol, "DeleteUser", TierDestructive)},
		{name: "pinned approver from the wrong team", approver: Actor{UserID: "U0PARTNER1", TeamID: home}, c: confirmation(carol, "DeleteUser", TierDestructive), wantErr: "is not an approver"},
		{name: "no approvers", mutate: func(c *PolicyConfig) { c.Approvers = nil }, approver: bob, c: confirmation(carol, "CreateInvitation", TierWrite), wantErr: "no approvers are configured"},
		{name: "unknown approver", approver: Actor{TeamID: home}, c: confirmation(carol, "CreateInvitation", TierWrite), wantErr: "cannot tell who is approving"},
		{name: "shell: self-approval of a delete", mutate: func(c *PolicyConfig) { c.SelfApproval = true }, approver: alice, c: confirmation(alice, "DeleteUser", TierDestructive)},
		{name: "shell: still approvers only", mutate: func(c *PolicyConfig) { c.SelfApproval = true }, approver: carol, c: confirmation(carol, "DeleteUser", TierDestructive), wantErr: "is not an approver"},
		{name: "requester no longer allowed", mutate: func(c *PolicyConfig) { c.Users, _ = ParseIDs("U0BOB00001") }, approver: bob, c: confirmation(carol, "CreateInvitation", TierWrite), wantErr: "the requester may no longer make this request"},
		{name: "credential requester no longer admin", mutate: func(c *PolicyConfig) { c.Admins = nil }, approver: bob, c: confirmation(alice, "CreateActorToken", TierCredential), wantErr: "only an admin"},
		{name: "scopes narrowed since", mutate: func(c *PolicyConfig) { c.Scopes = ParseScopes("write") }, approver: bob, c: confirmation(carol, "DeleteUser", TierDestructive), wantErr: "the scopes no longer allow this request: CLERK_BAPI_SCOPES grants read, write, and it needs delete"},
		{name: "--admin request still bypasses scopes", mutate: func(c *PolicyConfig) { c.Scopes = Scopes{} }, approver: bob, c: func() *Confirmation {
			c := confirmation(alice, "DeleteUser", TierDestructive)
			c.Admin = true
			return c
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPolicy(t, tc.mutate)
			err := p.CheckApproval(tc.approver, tc.c)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckApproval(%v, %s by %v) = %v, want nil", tc.approver, tc.c.Tier, tc.c.Requester, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("CheckApproval(%v, %s by %v) = %v, want an error containing %q", tc.approver, tc.c.Tier, tc.c.Requester, err, tc.wantErr)
			}
			if !errors.Is(err, ErrNotAllowed) {
				t.Errorf("CheckApproval error %v is not ErrNotAllowed", err)
			}
		})
	}
}

func TestNeedsConfirmation(t *testing.T) {
	p := newTestPolicy(t, nil)
	for _, tier := range append(Tiers(), "bogus") {
		if got, want := p.NeedsConfirmation(tier), tier != TierRead; got != want {
			t.Errorf("NeedsConfirmation(%s) = %v, want %v", tier, got, want)
		}
	}
}

func TestWhoMayApprove(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*PolicyConfig)
		c      *Confirmation
		want   string
		wantN  int // eligible approvers
	}{
		{name: "destructive", c: confirmation(alice, "DeleteUser", TierDestructive), want: "any approver other than Alice (U0ALICE001)", wantN: 2},
		{name: "sensitive read", c: confirmation(carol, "GetOAuthAccessToken", TierSensitiveRead), want: "any approver other than Carol (U0CAROL001)", wantN: 3},
		{name: "own write", c: confirmation(alice, "CreateInvitation", TierWrite), want: "any approver, including the requester", wantN: 3},
		{name: "member's write", c: confirmation(carol, "CreateInvitation", TierWrite), want: "any approver", wantN: 3},
		{name: "read", c: confirmation(carol, "GetUser", TierRead), want: "nobody needs to: reads run at once", wantN: 3},
		{name: "no approvers", mutate: func(c *PolicyConfig) { c.Approvers = nil }, c: confirmation(carol, "CreateInvitation", TierWrite), want: "nobody: no approvers are configured (CLERKBOT_APPROVERS)"},
		{name: "only the requester", mutate: func(c *PolicyConfig) { c.Approvers, _ = ParseIDs("U0ALICE001") }, c: confirmation(alice, "DeleteUser", TierDestructive), want: "nobody: the only approver is the requester, Alice (U0ALICE001)"},
		{name: "shell", mutate: func(c *PolicyConfig) { c.Approvers, _ = ParseIDs("U0ALICE001"); c.SelfApproval = true }, c: confirmation(alice, "DeleteUser", TierDestructive), want: "any approver, including the requester", wantN: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPolicy(t, tc.mutate)
			if got := p.WhoMayApprove(tc.c); got != tc.want {
				t.Errorf("WhoMayApprove = %q, want %q", got, tc.want)
			}
			if got := p.EligibleApprovers(tc.c); len(got) != tc.wantN {
				t.Errorf("EligibleApprovers = %v, want %d of them", got, tc.wantN)
			}
		})
	}
}

func TestNewPolicy(t *testing.T) {
	p, err := NewPolicy(PolicyConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if p.TTL() != DefaultTTL || !p.TwoPersonRule() || p.Scopes().Write || p.Scopes().Delete {
		t.Errorf("zero PolicyConfig gives TTL %v, two-person rule %v, scopes %v; want 15m, on, read", p.TTL(), p.TwoPersonRule(), p.Scopes())
	}
	// With no team and no lists, a Slack user of any real team is refused.
	if err := p.CheckRequest(carol, policyOp(t, "GetUser"), false); err == nil {
		t.Errorf("a policy without a team admitted %v", carol)
	}
	for _, cfg := range []PolicyConfig{
		{TTL: time.Second},
		{TTL: 48 * time.Hour},
		{Approvers: []ID{{Team: home}}},
	} {
		if _, err := NewPolicy(cfg); err == nil {
			t.Errorf("NewPolicy(%+v) = nil error, want one", cfg)
		}
	}
	shell, err := NewPolicy(PolicyConfig{Approvers: []ID{{User: "local"}}, Admins: []ID{{User: "local"}}, SelfApproval: true})
	if err != nil {
		t.Fatal(err)
	}
	local := Actor{UserID: "local"}
	if err := shell.CheckApproval(local, confirmation(local, "DeleteUser", TierDestructive)); err == nil {
		t.Errorf("the shell's operator approved a destructive request with read-only scopes")
	} else if !strings.Contains(err.Error(), "scopes") {
		t.Errorf("shell approval = %v, want a scope refusal", err)
	}
	if err := shell.CheckRequest(local, policyOp(t, "DeleteUser"), true); err != nil {
		t.Errorf("the shell's admin operator with --admin: %v", err)
	}
}

func TestDescribe(t *testing.T) {
	got := newTestPolicy(t, nil).Describe()
	for _, want := range []string{
		"team: T0HOME0001",
		"users: every member of team T0HOME0001",
		"approvers: U0ALICE001, U0BOB00001, T0PARTNER1/U0PARTNER1",
		"admins: U0ALICE001, U0DAVE0001",
		"scopes: read, write, delete",
		"confirmation lifetime: 15m",
		"two-person rule: on",
		"tier overrides: none",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Describe() lacks %q:\n%s", want, got)
		}
	}
}

func FuzzParseScopes(f *testing.F) {
	for _, s := range []string{"", "read write delete", "read,write", "bapi:write", "readwrite", "overwrite", "WRITE;delete", "write:users", "\x00write"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := ParseScopes(s)
		// Write is granted exactly when some word, after its namespace, is "write".
		want := false
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",; \t\n\r\v\f", r) }) {
			w = strings.ToLower(w)
			if i := strings.LastIndexByte(w, ':'); i >= 0 {
				w = w[i+1:]
			}
			want = want || w == "write"
		}
		if sc.Write != want {
			t.Errorf("ParseScopes(%q).Write = %v, want %v", s, sc.Write, want)
		}
		if !sc.Allow(TierRead) || !sc.Allow(TierSensitiveRead) {
			t.Errorf("ParseScopes(%q) refuses reads", s)
		}
		if sc.Allow(TierDestructive) && !(sc.Write && sc.Delete) {
			t.Errorf("ParseScopes(%q) allows destructive without write and delete", s)
		}
		for _, u := range sc.Unknown() {
			if u == "" {
				t.Errorf("ParseScopes(%q) reports an empty unknown word", s)
			}
		}
	})
}

func FuzzParseIDs(f *testing.F) {
	for _, s := range []string{"", "U012ABCDEF", "U012ABCDEF, W0123456789 T0ABCDEF/U0456789A", "u012", "<@U012ABCDEF>", "T0ABCDEF//U1", "U\u00e9ABCDEF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := ParseIDs(s)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("ParseIDs(%q) returned an empty error", s)
			}
			return
		}
		// What parses prints back to the same list.
		parts := make([]string, len(ids))
		for i, id := range ids {
			if id.User == "" || (id.User[0] != 'U' && id.User[0] != 'W') || (id.Team != "" && id.Team[0] != 'T') {
				t.Errorf("ParseIDs(%q) accepted %#v", s, id)
			}
			parts[i] = id.String()
		}
		again, err := ParseIDs(strings.Join(parts, ","))
		if err != nil {
			t.Fatalf("ParseIDs of its own output %q: %v", parts, err)
		}
		if diff := cmp.Diff(ids, again); diff != "" {
			t.Errorf("ParseIDs round trip of %q (-first +second):\n%s", s, diff)
		}
	})
}

func TestCheckDenial(t *testing.T) {
	p := newTestPolicy(t, func(c *PolicyConfig) { c.Admins = nil }) // Alice's credential request is now stale
	c := confirmation(alice, "CreateActorToken", TierCredential)
	tests := []struct {
		who   Actor
		allow bool
	}{
		{alice, true}, // the requester withdraws
		{bob, true},   // an approver, although the requester lost the right to ask
		{partner, true},
		{carol, false},
		{dave, false},
		{guest, false},
		{mallory, false},
		{Actor{TeamID: home}, false},
	}
	for _, tc := range tests {
		err := p.CheckDenial(tc.who, c)
		if (err == nil) != tc.allow {
			t.Errorf("CheckDenial(%v) = %v, want allowed %v", tc.who, err, tc.allow)
		}
		if err != nil && !errors.Is(err, ErrNotAllowed) {
			t.Errorf("CheckDenial(%v) = %v, not ErrNotAllowed", tc.who, err)
		}
	}
}
