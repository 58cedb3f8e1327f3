package confirm

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// DefaultTTL is how long a confirmation waits for its decision unless
// CLERKBOT_CONFIRM_TTL says otherwise.
const DefaultTTL = 15 * time.Minute

// The bounds of CLERKBOT_CONFIRM_TTL: long enough to find an approver, short enough that
// an old card is not approved by mistake.
const (
	MinTTL = time.Minute
	MaxTTL = 24 * time.Hour
)

// ScopeSentence is the clerk-backend-api skill's answer when CLERK_BAPI_SCOPES does not
// cover a request. It is the whole message of a ScopeError.
const ScopeSentence = "This is a write operation and your current scopes may not allow it. Rerun with --admin to bypass?"

// ScopeError is returned by CheckRequest when CLERK_BAPI_SCOPES lacks a scope the
// operation's tier needs and the request is not an admin's --admin. Its message is the
// skill's sentence, ScopeSentence; the fields say what is missing. errors.Is(err,
// ErrNotAllowed) holds.
type ScopeError struct {
	Operation string   // operationId
	Tier      Tier     // the tier that needs the scopes
	Missing   []string // scope words that are missing: "write", "delete"
	Have      Scopes   // what CLERK_BAPI_SCOPES grants
}

func (e *ScopeError) Error() string { return ScopeSentence }

// Unwrap makes a ScopeError an ErrNotAllowed.
func (e *ScopeError) Unwrap() error { return ErrNotAllowed }

// refusal is a sentence that says why a person may not do something. It is an
// ErrNotAllowed, and its message is the sentence alone, ready for a person to read.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return ErrNotAllowed }

func refuse(format string, args ...any) error { return &refusal{fmt.Sprintf(format, args...)} }

// Scopes is what CLERK_BAPI_SCOPES grants. Reads are always granted; write and delete
// only when named. The zero value is read-only, which is also what an unset variable
// means.
type Scopes struct {
	Write   bool
	Delete  bool
	unknown []string
}

// ParseScopes reads CLERK_BAPI_SCOPES: words separated by commas, semicolons or white
// space ("read write delete", "read,write"). A word may carry a namespace before a colon,
// which is ignored ("bapi:write" is write). Words are compared whole and without regard
// to case, never as substrings: "readwrite", "overwrite" and "write:users" grant nothing.
// Words that are not read, write or delete are kept for Unknown, so that the caller can
// warn; they grant nothing.
func ParseScopes(s string) Scopes {
	var sc Scopes
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
	}) {
		word := strings.ToLower(w)
		if i := strings.LastIndexByte(word, ':'); i >= 0 {
			word = word[i+1:]
		}
		switch word {
		case "read":
		case "write":
			sc.Write = true
		case "delete":
			sc.Delete = true
		default:
			if !slices.Contains(sc.unknown, w) {
				sc.unknown = append(sc.unknown, w)
			}
		}
	}
	return sc
}

// Unknown returns the words ParseScopes did not recognise, as written, in order.
func (s Scopes) Unknown() []string { return slices.Clone(s.unknown) }

// Missing returns the scope words that tier t needs and s lacks: none for reads
// (sensitive reads included: they are reads, guarded by their approval instead),
// "write" for writes, "write" and "delete" for destructive and credential operations.
// An unknown tier needs both.
func (s Scopes) Missing(t Tier) []string {
	var need []string
	switch t {
	case TierRead, TierSensitiveRead:
		return nil
	case TierWrite:
		need = []string{"write"}
	default:
		need = []string{"write", "delete"}
	}
	var missing []string
	for _, w := range need {
		if (w == "write" && !s.Write) || (w == "delete" && !s.Delete) {
			missing = append(missing, w)
		}
	}
	return missing
}

// Allow reports whether s covers tier t.
func (s Scopes) Allow(t Tier) bool { return len(s.Missing(t)) == 0 }

// String lists the granted scopes: "read", "read, write", "read, write, delete".
func (s Scopes) String() string {
	out := "read"
	if s.Write {
		out += ", write"
	}
	if s.Delete {
		out += ", delete"
	}
	return out
}

// ID names a person in CLERKBOT_USERS, CLERKBOT_APPROVERS or CLERKBOT_ADMINS: a Slack
// user id, and optionally the team it must belong to. Without a team it means that user
// of the workspace's own team.
type ID struct {
	Team string // "T…", or empty for the workspace's own team
	User string // "U…" or "W…" (Slack), or any non-empty id a transport uses ("local")
}

func (id ID) String() string {
	if id.Team != "" {
		return id.Team + "/" + id.User
	}
	return id.User
}

// matches reports whether a is the person id names, given the workspace's own team.
func (id ID) matches(a Actor, home string) bool {
	if a.UserID == "" || a.UserID != id.User {
		return false
	}
	if id.Team != "" {
		return a.TeamID == id.Team
	}
	return a.TeamID == home
}

// ParseIDs reads a list of Slack user ids separated by commas or white space:
// "U012ABCDEF, W0123456789 T0ABCDEF/U0456789A". A user id starts with U or W, a team id
// with T, followed by upper-case letters and digits. Repeated entries are kept once.
// An empty list is nil.
func ParseIDs(s string) ([]ID, error) {
	var ids []ID
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}) {
		id, err := parseID(f)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func parseID(f string) (ID, error) {
	team, user, pinned := strings.Cut(f, "/")
	if !pinned {
		team, user = "", f
	}
	if pinned {
		if err := checkSlackID(f, team, "team", "T"); err != nil {
			return ID{}, err
		}
	}
	if err := checkSlackID(f, user, "user", "UW"); err != nil {
		return ID{}, err
	}
	return ID{Team: team, User: user}, nil
}

func checkSlackID(entry, id, kind, prefixes string) error {
	const minLen, maxLen = 7, 21
	if strings.HasPrefix(id, "<@") {
		return fmt.Errorf("%q looks like a mention; write the bare Slack %s id, such as %s", entry, kind, strings.Trim(id, "<@>"))
	}
	if up := strings.ToUpper(id); up != id && checkSlackID(entry, up, kind, prefixes) == nil {
		return fmt.Errorf("%q is not a Slack %s id: Slack ids are upper case (%s)", entry, kind, up)
	}
	if id == "" || !strings.ContainsRune(prefixes, rune(id[0])) {
		want := "U or W"
		if kind == "team" {
			want = "T"
		}
		if kind == "user" && id != "" && id[0] == 'T' {
			return fmt.Errorf("%q is a team id; write the user id, or team/user such as %s/U0123ABCD", entry, id)
		}
		return fmt.Errorf("%q is not a Slack %s id: it must start with %s (Slack shows it in the profile, under ⋮ → Copy member ID)", entry, kind, want)
	}
	if len(id) < minLen || len(id) > maxLen {
		return fmt.Errorf("%q is not a Slack %s id: %s has %d characters, Slack's have %d to %d", entry, kind, id, len(id), minLen, maxLen)
	}
	for _, r := range id[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return fmt.Errorf("%q is not a Slack %s id: it may hold only letters A-Z and digits", entry, kind)
		}
	}
	return nil
}

// ParseTTL reads CLERKBOT_CONFIRM_TTL: a Go duration such as "15m" or "1h30m", between
// MinTTL and MaxTTL. Empty means DefaultTTL.
func ParseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultTTL, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		if strings.Trim(s, "0123456789") == "" {
			return 0, fmt.Errorf("confirmation lifetime %q needs a unit, such as %sm for minutes", s, s)
		}
		return 0, fmt.Errorf("confirmation lifetime %q is not a duration such as 15m or 1h", s)
	}
	return d, checkTTL(d)
}

func checkTTL(d time.Duration) error {
	if d < MinTTL || d > MaxTTL {
		return fmt.Errorf("confirmation lifetime %s is out of range: it must be between %s and %s", d, fmtDuration(MinTTL), fmtDuration(MaxTTL))
	}
	return nil
}

// fmtDuration writes 1m0s as 1m and 24h0m0s as 24h.
func fmtDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// PolicyConfig is what a Policy is built from; cmd fills it from the environment with
// ParseIDs, ParseScopes, ParseTTL and LoadOverrides.
type PolicyConfig struct {
	// TeamID is the workspace's own Slack team. Entries of the lists without a team
	// refer to it, and an empty Users list admits all of its members. The shell uses
	// whatever team id its local actor has (often empty).
	TeamID string
	// Users may ask (CLERKBOT_USERS). Empty: every member of TeamID. Admins may always
	// ask.
	Users []ID
	// Approvers may approve (CLERKBOT_APPROVERS). Empty: nothing can be approved, so
	// nothing but reads can run.
	Approvers []ID
	// Admins may use --admin and request credential operations (CLERKBOT_ADMINS).
	Admins []ID
	// Scopes is CLERK_BAPI_SCOPES parsed.
	Scopes Scopes
	// TTL is how long a confirmation waits (CLERKBOT_CONFIRM_TTL); zero means DefaultTTL.
	TTL time.Duration
	// Overrides holds the tier overrides of CLERKBOT_CONFIG, or nil.
	Overrides *Overrides
	// SelfApproval turns the two-person rule off: the requester may approve their own
	// sensitive read, destructive or credential request, if they are an approver. Only
	// `clerkbot shell` sets it, where one person sits at the terminal and is requester,
	// approver and admin at once. The zero value keeps the rule, so that forgetting the
	// field never weakens a deployment.
	SelfApproval bool
}

// Policy decides who may do what. It answers four questions, each in one method:
//
//   - What is this operation's tier? Tier: overrides from CLERKBOT_CONFIG, else
//     DefaultTier.
//   - May this person ask for it? CheckRequest: membership (CLERKBOT_USERS, or the
//     workspace's own team), --admin only for admins, credential operations only for
//     admins, and the scopes of CLERK_BAPI_SCOPES unless an admin passed --admin.
//   - Must it wait for an approval? NeedsConfirmation: everything but a plain read.
//     Nothing here, --admin included, ever skips that; the Service asks Policy and
//     makes every such request wait.
//   - May this person approve it? CheckApproval: approvers only (CLERKBOT_APPROVERS),
//     and for sensitive reads, destructive and credential operations an approver other
//     than the requester (the two-person rule).
//
// People are recognised by Slack user id and team id (Actor.UserID, Actor.TeamID), never
// by name. A list entry without a team ("U123") admits that user of the workspace's own
// team only; "T999/U123" admits that user of team T999, which is how an operator admits
// someone of another workspace on purpose. Anybody else of another team, such as a guest
// in a shared channel, may neither ask nor approve.
//
// A Policy is immutable and safe for concurrent use.
type Policy struct {
	team         string
	users        []ID
	approvers    []ID
	admins       []ID
	scopes       Scopes
	ttl          time.Duration
	overrides    *Overrides
	selfApproval bool
}

// NewPolicy checks cfg and returns its Policy.
func NewPolicy(cfg PolicyConfig) (*Policy, error) {
	for _, l := range []struct {
		name string
		ids  []ID
	}{{"users", cfg.Users}, {"approvers", cfg.Approvers}, {"admins", cfg.Admins}} {
		for _, id := range l.ids {
			if id.User == "" {
				return nil, fmt.Errorf("policy: an entry of the %s has no user id", l.name)
			}
		}
	}
	ttl := cfg.TTL
	if ttl == 0 {
		ttl = DefaultTTL
	}
	if err := checkTTL(ttl); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return &Policy{
		team:         cfg.TeamID,
		users:        slices.Clone(cfg.Users),
		approvers:    slices.Clone(cfg.Approvers),
		admins:       slices.Clone(cfg.Admins),
		scopes:       cfg.Scopes,
		ttl:          ttl,
		overrides:    cfg.Overrides,
		selfApproval: cfg.SelfApproval,
	}, nil
}

// TTL returns how long a confirmation waits for its decision.
func (p *Policy) TTL() time.Duration { return p.ttl }

// Scopes returns what CLERK_BAPI_SCOPES grants.
func (p *Policy) Scopes() Scopes { return p.scopes }

// TwoPersonRule reports whether sensitive reads, destructive and credential operations
// need an approver other than the requester. It is true except in `clerkbot shell`.
func (p *Policy) TwoPersonRule() bool { return !p.selfApproval }

// Tier returns op's tier: an override of its operationId, else the strictest override
// of its tags, else DefaultTier.
func (p *Policy) Tier(op *clerk.Operation) Tier {
	t, _ := p.Explain(op)
	return t
}

// Explain returns op's tier and why, in words for a confirmation card: the default
// rule's reason ("deletes", "mints a token that acts as someone"), or where an override
// was set ("set for GetUser in policy.yml, line 3").
func (p *Policy) Explain(op *clerk.Operation) (Tier, string) {
	if t, why, ok := p.overrides.lookup(op); ok {
		return t, why
	}
	return defaultTier(op)
}

// IsAdmin reports whether a is listed in CLERKBOT_ADMINS.
func (p *Policy) IsAdmin(a Actor) bool { return p.listed(p.admins, a) }

// IsApprover reports whether a is listed in CLERKBOT_APPROVERS.
func (p *Policy) IsApprover(a Actor) bool { return p.listed(p.approvers, a) }

// MayAsk reports whether a may ask clerkbot anything: a listed user or admin, or, when
// CLERKBOT_USERS is empty, any member of the workspace's own team.
func (p *Policy) MayAsk(a Actor) bool { return p.checkMember(a) == nil }

func (p *Policy) listed(ids []ID, a Actor) bool {
	return slices.ContainsFunc(ids, func(id ID) bool { return id.matches(a, p.team) })
}

func (p *Policy) checkMember(a Actor) error {
	switch {
	case a.UserID == "":
		return refuse("I cannot tell who is asking, so I will not run anything")
	case p.IsAdmin(a):
		return nil
	case len(p.users) == 0:
		if a.TeamID != p.team {
			return refuse("%s belongs to another workspace (team %s); only members of this workspace may use clerkbot", a, orNone(a.TeamID))
		}
		return nil
	case !p.listed(p.users, a):
		return refuse("%s is not one of the people allowed to use clerkbot (CLERKBOT_USERS)", a)
	}
	return nil
}

// CheckRequest says whether who may ask for op, with --admin when admin is true. It
// returns nil, an error that is ErrNotAllowed with a sentence saying why, or a
// *ScopeError (also ErrNotAllowed) when only CLERK_BAPI_SCOPES stands in the way.
//
// In order: who must be allowed to ask at all; --admin is for admins only; credential
// operations are for admins only; the scopes must cover the tier unless an admin passed
// --admin; and someone other than the requester must be able to approve when the tier
// needs it. --admin bypasses the scopes and nothing else: the request still waits for
// its approval (NeedsConfirmation ignores --admin, and so does the Service).
func (p *Policy) CheckRequest(who Actor, op *clerk.Operation, admin bool) error {
	t := p.Tier(op)
	if err := p.checkRequester(who, op.ID, t, admin); err != nil {
		return err
	}
	if p.NeedsConfirmation(t) && len(p.eligible(who, t)) == 0 {
		if len(p.approvers) == 0 {
			return refuse("nobody can approve %s: no approvers are configured (CLERKBOT_APPROVERS)", op.ID)
		}
		return refuse("nobody can approve %s: it needs an approver other than you, and you are the only one (CLERKBOT_APPROVERS)", op.ID)
	}
	return nil
}

// checkRequester checks the requester's side of a request of tier t: membership,
// --admin, credential operations and scopes.
func (p *Policy) checkRequester(who Actor, opID string, t Tier, admin bool) error {
	if err := p.checkMember(who); err != nil {
		return err
	}
	isAdmin := p.IsAdmin(who)
	if admin && !isAdmin {
		return refuse("--admin is only for admins (CLERKBOT_ADMINS), and %s is not one", who)
	}
	if t == TierCredential && !isAdmin {
		return refuse("%s is a credential operation (it can act as someone or change how people sign in); only an admin (CLERKBOT_ADMINS) may request it", opID)
	}
	if missing := p.scopes.Missing(t); len(missing) > 0 && !(admin && isAdmin) {
		return &ScopeError{Operation: opID, Tier: t, Missing: missing, Have: p.scopes}
	}
	return nil
}

// NeedsConfirmation reports whether a request of tier t must wait for an approval:
// every tier but read. An unknown tier needs one.
func (p *Policy) NeedsConfirmation(t Tier) bool { return t != TierRead }

// twoPerson reports whether tier t needs an approver other than the requester. Sensitive
// reads are included: their approval is the second pair of eyes on a secret leaving
// Clerk, which a requester approving their own request would not be.
func (p *Policy) twoPerson(t Tier) bool {
	return !p.selfApproval && t != TierWrite
}

// CheckApproval says whether approver may approve c. It checks people only; the Service
// checks state, expiry and the request's hash. The approver must be listed in
// CLERKBOT_APPROVERS (by user id and team). For sensitive reads, destructive and
// credential operations the approver must not be the requester (compared with
// Actor.Is) unless the two-person rule is off (`clerkbot shell`); a write may be
// approved by its requester when they are an approver. The requester is checked again
// as at request time (with the stored tier), so that a person removed from a list, or
// scopes narrowed by a restart, stop a pending request. An unknown stored tier is
// treated as credential.
func (p *Policy) CheckApproval(approver Actor, c *Confirmation) error {
	if approver.UserID == "" {
		return refuse("I cannot tell who is approving, so the request stays pending")
	}
	t := c.Tier
	if !t.Valid() {
		t = TierCredential
	}
	if !p.IsApprover(approver) {
		if len(p.approvers) == 0 {
			return refuse("nobody can approve requests: no approvers are configured (CLERKBOT_APPROVERS)")
		}
		if approver.TeamID != p.team && p.listedUserElsewhere(approver) {
			return refuse("%s is an approver of another workspace (team %s), not of this one", approver, orNone(approver.TeamID))
		}
		return refuse("%s is not an approver (CLERKBOT_APPROVERS); %s may approve", approver, p.WhoMayApprove(c))
	}
	if p.twoPerson(t) && approver.Is(c.Requester) {
		return refuse("you asked for this %s request yourself; it needs %s", t, p.WhoMayApprove(c))
	}
	if err := p.checkRequester(c.Requester, c.Call.OperationID, t, c.Admin); err != nil {
		var se *ScopeError
		if errors.As(err, &se) {
			return refuse("the scopes no longer allow this request: CLERK_BAPI_SCOPES grants %s, and it needs %s", p.scopes, strings.Join(se.Missing, " and "))
		}
		return refuse("the requester may no longer make this request: %v", err)
	}
	return nil
}

// CheckDenial says whether who may deny c: its requester (withdrawing it), or anyone
// who is an approver of this workspace. Unlike CheckApproval it applies no two-person
// rule and does not re-check the requester: stopping a request is always safe, and a
// request whose requester lost their rights is exactly one to deny.
func (p *Policy) CheckDenial(who Actor, c *Confirmation) error {
	switch {
	case who.UserID == "":
		return refuse("I cannot tell who is denying, so the request stays pending")
	case who.Is(c.Requester), p.IsApprover(who):
		return nil
	}
	return refuse("%s may not deny this request: only its requester or an approver (CLERKBOT_APPROVERS) may", who)
}

// listedUserElsewhere reports whether a's user id is listed as an approver, just not
// for a's team: someone of another workspace with the same user id.
func (p *Policy) listedUserElsewhere(a Actor) bool {
	return slices.ContainsFunc(p.approvers, func(id ID) bool { return id.User == a.UserID })
}

// eligible returns the approvers who could approve a request of tier t by requester.
func (p *Policy) eligible(requester Actor, t Tier) []ID {
	var out []ID
	for _, id := range p.approvers {
		if p.twoPerson(t) && id.matches(requester, p.team) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// EligibleApprovers returns the listed approvers who may approve c, for a card that
// mentions them.
func (p *Policy) EligibleApprovers(c *Confirmation) []ID {
	t := c.Tier
	if !t.Valid() {
		t = TierCredential
	}
	return p.eligible(c.Requester, t)
}

// WhoMayApprove says who may approve c, for the card: "any approver other than Jane
// (U123)", "any approver, including the requester", or why nobody can.
func (p *Policy) WhoMayApprove(c *Confirmation) string {
	t := c.Tier
	if !t.Valid() {
		t = TierCredential
	}
	switch {
	case !p.NeedsConfirmation(t):
		return "nobody needs to: reads run at once"
	case len(p.approvers) == 0:
		return "nobody: no approvers are configured (CLERKBOT_APPROVERS)"
	case len(p.eligible(c.Requester, t)) == 0:
		return "nobody: the only approver is the requester, " + c.Requester.String()
	case p.twoPerson(t):
		return "any approver other than " + c.Requester.String()
	case p.IsApprover(c.Requester):
		return "any approver, including the requester"
	default:
		return "any approver"
	}
}

// Describe summarises the policy for `clerkbot doctor` and the logs at start. It names
// lists by their size and ids, never anything secret.
func (p *Policy) Describe() string {
	var b strings.Builder
	list := func(name string, ids []ID, empty string) {
		if len(ids) == 0 {
			fmt.Fprintf(&b, "%s: %s\n", name, empty)
			return
		}
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = id.String()
		}
		fmt.Fprintf(&b, "%s: %s\n", name, strings.Join(s, ", "))
	}
	fmt.Fprintf(&b, "team: %s\n", orNone(p.team))
	list("users", p.users, "every member of team "+orNone(p.team))
	list("approvers", p.approvers, "none, so nothing but reads can run")
	list("admins", p.admins, "none, so nobody may use --admin or credential operations")
	fmt.Fprintf(&b, "scopes: %s\n", p.scopes)
	fmt.Fprintf(&b, "confirmation lifetime: %s\n", fmtDuration(p.ttl))
	if p.selfApproval {
		b.WriteString("two-person rule: off (single-operator shell)\n")
	} else {
		b.WriteString("two-person rule: on for sensitive-read, destructive and credential\n")
	}
	if p.overrides != nil && p.overrides.Len() > 0 {
		fmt.Fprintf(&b, "tier overrides: %d from %s\n", p.overrides.Len(), p.overrides.Source)
	} else {
		b.WriteString("tier overrides: none\n")
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
