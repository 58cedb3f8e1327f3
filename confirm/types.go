// Package confirm decides who may run what against Clerk and makes every write wait for
// an approval that executes it at most once.
//
// Policy (policy.go) gives each operation a risk tier and checks scopes and roles.
// Service (service.go) runs the confirmation state machine of DESIGN.md:
//
//	PENDING ──approve──► EXECUTING ──► SUCCEEDED | FAILED | IN_DOUBT
//	   └── deny / expire / cancel ──► DENIED | EXPIRED | CANCELLED
//
// The rules that keep it safe, each enforced in one place:
//   - Every transition is one write transaction of the Store, and EXECUTING is committed
//     before Clerk is called: a crash after that point leaves an EXECUTING record that
//     Reconcile resolves with a read, or marks IN_DOUBT for a person. Nothing is re-run.
//   - Terminal states never change.
//   - An approval is bound to the SHA-256 of the canonical request stored at creation; the
//     request that runs is rebuilt from the stored Call and must hash the same.
//   - Approvers are recognised by user id and team id, never by name.
package confirm

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// Tier is an operation's risk, which decides who may request it and who may approve it.
type Tier string

// The tiers of DESIGN.md, from least to most risky.
const (
	TierRead          Tier = "read"           // runs at once
	TierSensitiveRead Tier = "sensitive-read" // approval; result only to the requester; never logged
	TierWrite         Tier = "write"          // approval by an approver (may be the requester)
	TierDestructive   Tier = "destructive"    // approval by an approver other than the requester
	TierCredential    Tier = "credential"     // as destructive, and only an admin may request
)

// State is where a confirmation is in its life.
type State string

// The states of the confirmation state machine.
const (
	Pending   State = "PENDING"
	Executing State = "EXECUTING"
	Succeeded State = "SUCCEEDED"
	Failed    State = "FAILED"
	InDoubt   State = "IN_DOUBT"
	Denied    State = "DENIED"
	Expired   State = "EXPIRED"
	Cancelled State = "CANCELLED"
)

// Terminal reports whether s never changes again.
func (s State) Terminal() bool {
	switch s {
	case Succeeded, Failed, InDoubt, Denied, Expired, Cancelled:
		return true
	}
	return false
}

// Errors a person can act on; the engine turns them into sentences with errors.Is.
var (
	ErrNotFound       = errors.New("no such confirmation")
	ErrExpired        = errors.New("the confirmation has expired")
	ErrAlreadyDecided = errors.New("the confirmation was already decided")
	ErrNotAllowed     = errors.New("not allowed")
	ErrTampered       = errors.New("the stored request does not match what was approved")
)

// Actor is a person. UserID and TeamID identify them (Slack ids, or "local" in the
// shell); Name is for display only and never decides anything.
type Actor struct {
	UserID string `json:"user_id"`
	TeamID string `json:"team_id,omitempty"`
	Name   string `json:"name,omitempty"`
}

// Is reports whether a and b are the same person: same user id and same team.
func (a Actor) Is(b Actor) bool { return a.UserID == b.UserID && a.TeamID == b.TeamID }

func (a Actor) String() string {
	if a.Name != "" {
		return a.Name + " (" + a.UserID + ")"
	}
	return a.UserID
}

// Call is a request to Clerk as it is stored: everything needed to rebuild it exactly.
type Call struct {
	OperationID string            `json:"operation_id"`
	Version     string            `json:"version"`
	Method      string            `json:"method"`
	Path        string            `json:"path"` // the spec's template
	PathParams  map[string]string `json:"path_params,omitempty"`
	Query       url.Values        `json:"query,omitempty"`
	Body        json.RawMessage   `json:"body,omitempty"`
}

// CallOf records r as a Call.
func CallOf(r *clerk.Request) Call {
	return Call{
		OperationID: r.Op.ID,
		Version:     r.Version,
		Method:      r.Op.Method,
		Path:        r.Op.Path,
		PathParams:  r.PathParams,
		Query:       r.Query,
		Body:        r.Body,
	}
}

// Request rebuilds the call against spec, which must be the call's version, and
// validates it again.
func (c Call) Request(spec *clerk.Spec) (*clerk.Request, error) {
	if spec.Version != c.Version {
		return nil, fmt.Errorf("call is for API version %s, spec is %s", c.Version, spec.Version)
	}
	op, ok := spec.Operation(c.OperationID)
	if !ok || op.Method != c.Method || op.Path != c.Path {
		return nil, fmt.Errorf("%w: %s %s is not operation %s of %s", ErrTampered, c.Method, c.Path, c.OperationID, c.Version)
	}
	return spec.NewRequest(op, c.PathParams, c.Query, c.Body)
}

// Hash returns the hex SHA-256 of a request's canonical form, the value an approval is
// bound to.
func Hash(r *clerk.Request) string {
	sum := sha256.Sum256(r.Canonical())
	return hex.EncodeToString(sum[:])
}

// Confirmation is a request waiting for, or past, its decision.
type Confirmation struct {
	ID        string `json:"id"`
	State     State  `json:"state"`
	Call      Call   `json:"call"`
	Hash      string `json:"hash"` // Hash of the request at creation
	Tier      Tier   `json:"tier"`
	Summary   string `json:"summary"`  // the operation's summary, "Delete a user"
	Instance  string `json:"instance"` // DEVELOPMENT or PRODUCTION
	Requester Actor  `json:"requester"`
	Channel   string `json:"channel,omitempty"` // where it was asked, as the transport names it
	Admin     bool   `json:"admin,omitempty"`   // requested with --admin
	// ReadBy names the parser stage that proposed the request (raw, fastpath, ranker,
	// llm), so the card and the audit log say when it was a guess.
	ReadBy    string    `json:"read_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	DecidedBy *Actor    `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
	Result    *Result   `json:"result,omitempty"`
	Preview   *Preview  `json:"preview,omitempty"`
	// Ref holds what a transport needs to find its card again (Slack channel and ts).
	Ref map[string]string `json:"ref,omitempty"`
}

// Result is what came of executing a confirmation. The response body is not kept: it
// may hold secrets (sensitive reads) and is delivered to the requester at once.
type Result struct {
	Status  int    `json:"status,omitempty"`
	TraceID string `json:"trace_id,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Preview is what read-only look-ups found before the card was shown.
type Preview struct {
	// Target names what the request acts on ("Jane Doe <jane@acme.com>").
	Target string `json:"target,omitempty"`
	// Irreversible marks deletes and other changes that cannot be undone.
	Irreversible bool `json:"irreversible,omitempty"`
	// Counts lists what would be destroyed or changed ("sessions": 3).
	Counts []Count `json:"counts,omitempty"`
	// Alternatives are reversible operations that may do ("ban the user instead").
	Alternatives []string `json:"alternatives,omitempty"`
	// Notes explain choices, such as which kind of metadata is used and why.
	Notes []string `json:"notes,omitempty"`
	// Before and After show a value around the change (metadata merges).
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Problems are look-ups that failed; the card still shows, saying so.
	Problems []string `json:"problems,omitempty"`
	// Missing is set when the request's target does not exist (Clerk said 404), so no
	// card is worth showing: the request could only fail.
	Missing string `json:"missing,omitempty"`
}

// Count is one line of a preview: a label and how many.
type Count struct {
	Label string `json:"label"`
	N     int64  `json:"n"`
}

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	Seq            uint64    `json:"seq"` // assigned by the store
	Time           time.Time `json:"time"`
	Event          string    `json:"event"` // requested, approved, denied, expired, cancelled, executed, failed, in_doubt, read, refused
	Actor          Actor     `json:"actor"`
	ConfirmationID string    `json:"confirmation_id,omitempty"`
	OperationID    string    `json:"operation_id,omitempty"`
	Method         string    `json:"method,omitempty"`
	Path           string    `json:"path,omitempty"` // concrete path, never the query or body
	Tier           Tier      `json:"tier,omitempty"`
	Instance       string    `json:"instance,omitempty"`
	Status         int       `json:"status,omitempty"`
	TraceID        string    `json:"trace_id,omitempty"`
	Detail         string    `json:"detail,omitempty"`
}
