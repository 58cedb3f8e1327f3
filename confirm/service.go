package confirm

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// Store keeps confirmations and the audit log; *store.DB implements it. Each method is
// one transaction.
type Store interface {
	// CreateConfirmation stores a new confirmation with its audit entry; it fails if the
	// id exists.
	CreateConfirmation(c *Confirmation, audit AuditEntry) error
	// Confirmation returns one confirmation, or an error matching ErrNotFound.
	Confirmation(id string) (*Confirmation, error)
	// UpdateConfirmation loads a confirmation, calls fn once, and stores the changed
	// confirmation with the audit entries fn returns, in one write transaction during
	// which no other write runs. When fn fails nothing is written and its error is
	// returned unchanged.
	UpdateConfirmation(id string, fn func(c *Confirmation) ([]AuditEntry, error)) (*Confirmation, error)
	// Confirmations returns those in the given states (all when none is given), oldest
	// first. It may return the readable ones together with an error naming the others.
	Confirmations(states ...State) ([]*Confirmation, error)
	// AppendAudit adds an entry to the audit log.
	AppendAudit(e AuditEntry) error
}

// Executor sends a request to Clerk; *clerk.Client implements it.
type Executor interface {
	Do(ctx context.Context, r *clerk.Request) (*clerk.Response, error)
}

// Specs returns the spec of an API version; *clerk.Specs implements it.
type Specs interface {
	Get(ctx context.Context, version string) (*clerk.Spec, error)
}

// ApprovalChecker decides whether a person may approve a confirmation: approver lists,
// team, the two-person rule. The Policy implements it. It runs inside the Store's write
// transaction, so it must be quick and must not use the Store.
type ApprovalChecker interface {
	CheckApproval(approver Actor, c *Confirmation) error
	// CheckDenial decides whether who may deny c: the requester or an approver. It does
	// not re-check the requester's rights, so a stale request can always be denied.
	CheckDenial(who Actor, c *Confirmation) error
}

// DefaultExecTimeout bounds one approved execution, the client's retries included.
const DefaultExecTimeout = 2 * time.Minute

// ServiceConfig holds what a Service needs. Store, Executor, Specs and Approvals are
// required.
type ServiceConfig struct {
	Store     Store
	Executor  Executor
	Specs     Specs
	Approvals ApprovalChecker
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// TTL is how long a confirmation waits for a decision; DefaultTTL (policy.go) when zero.
	TTL time.Duration
	// ExecTimeout bounds the call to Clerk after an approval; DefaultExecTimeout when zero.
	ExecTimeout time.Duration
	// Logger receives transitions (never a response body); discarded when nil.
	Logger *slog.Logger
	// Expired, when set, is told about each confirmation that expires, so the transport
	// can update the card: by RunSweeper, and by a decision that finds it past its time.
	Expired func(ctx context.Context, c *Confirmation)

	// hook is called after each step of Create and Approve (see the step constants); an
	// error stops the call there, as a crash would. Tests set it through export_test.go.
	hook func(step string) error
}

// The steps after which ServiceConfig.hook runs.
const (
	stepCreated  = "created"  // PENDING committed
	stepApproved = "approved" // EXECUTING committed, Clerk not called yet
	stepExecuted = "executed" // Clerk answered, the outcome not recorded yet
	stepRecorded = "recorded" // the outcome committed
)

// Service runs the confirmation state machine. It is safe for concurrent use; the Store's
// write transactions serialize the transitions, so of any number of concurrent decisions
// on one confirmation exactly one takes effect, and a request runs at most once.
type Service struct {
	store       Store
	exec        Executor
	specs       Specs
	approvals   ApprovalChecker
	now         func() time.Time
	ttl         time.Duration
	execTimeout time.Duration
	log         *slog.Logger
	expired     func(ctx context.Context, c *Confirmation)
	hook        func(step string) error

	// inflight holds the ids this Service moved to EXECUTING and has not recorded an
	// outcome for, so that Reconcile never touches an execution that is still running.
	mu       sync.Mutex
	inflight map[string]bool
}

// NewService returns a Service. It panics if a required dependency is missing, which is
// a wiring mistake.
func NewService(cfg ServiceConfig) *Service {
	if cfg.Store == nil || cfg.Executor == nil || cfg.Specs == nil || cfg.Approvals == nil {
		panic("confirm.NewService: Store, Executor, Specs and Approvals are required")
	}
	s := &Service{
		store: cfg.Store, exec: cfg.Executor, specs: cfg.Specs, approvals: cfg.Approvals,
		now: cfg.Now, ttl: cfg.TTL, execTimeout: cfg.ExecTimeout, log: cfg.Logger,
		expired: cfg.Expired, hook: cfg.hook, inflight: make(map[string]bool),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ttl <= 0 {
		s.ttl = DefaultTTL
	}
	if s.execTimeout <= 0 {
		s.execTimeout = DefaultExecTimeout
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// CreateOptions describe a confirmation beyond its request.
type CreateOptions struct {
	Channel  string   // where it was asked
	Admin    bool     // requested with --admin
	Instance string   // DEVELOPMENT or PRODUCTION
	Preview  *Preview // what read-only look-ups found
	Summary  string   // the operation's summary when empty
	ReadBy   string   // the parser stage that proposed the request
	// Ref is stored as Confirmation.Ref: what the transport needs later, such as the
	// plan's next steps or where its card is.
	Ref map[string]string
}

// clerkbotActor is the actor of transitions nobody clicked: expiry by the sweeper,
// reconciliation at start.
var clerkbotActor = Actor{UserID: "clerkbot", Name: "clerkbot"}

// Create stores a PENDING confirmation for req, bound to the hash of its canonical form,
// and audits "requested". Policy has been checked by the caller. The request must come
// back identical when rebuilt from what is stored, or it is refused now rather than at
// approval.
func (s *Service) Create(ctx context.Context, req *clerk.Request, requester Actor, tier Tier, opts CreateOptions) (*Confirmation, error) {
	if req == nil || req.Op == nil {
		return nil, errors.New("confirm: Create needs a request with an operation")
	}
	if requester.UserID == "" {
		return nil, errors.New("confirm: Create needs a requester")
	}
	spec, err := s.specs.Get(ctx, req.Version)
	if err != nil {
		return nil, fmt.Errorf("confirm: spec %s: %w", req.Version, err)
	}
	call := cloneCall(CallOf(req))
	hash := Hash(req)
	rebuilt, err := call.Request(spec)
	if err != nil {
		return nil, fmt.Errorf("confirm: the request cannot be stored for approval: %w", err)
	}
	if Hash(rebuilt) != hash {
		return nil, errors.New("confirm: the request changes when stored and rebuilt, so it cannot be approved safely")
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	summary := opts.Summary
	if summary == "" {
		summary = req.Op.Summary
	}
	now := s.now()
	c := &Confirmation{
		ID: id, State: Pending, Call: call, Hash: hash, Tier: tier, Summary: summary,
		Instance: opts.Instance, Requester: requester, Channel: opts.Channel, Admin: opts.Admin,
		ReadBy: opts.ReadBy, CreatedAt: now, ExpiresAt: now.Add(s.ttl), Preview: opts.Preview, Ref: maps.Clone(opts.Ref),
	}
	requested := entry(c, "requested", requester, now)
	if c.ReadBy != "" {
		requested = withDetail(requested, "read by "+c.ReadBy)
	}
	if err := s.store.CreateConfirmation(c, requested); err != nil {
		return nil, fmt.Errorf("confirm: store confirmation: %w", err)
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "confirmation requested", attrs(c)...)
	if err := s.step(stepCreated); err != nil {
		return c, err
	}
	return c, nil
}

// Approve decides a PENDING confirmation for approver and, if that succeeds, runs its
// request once.
//
// In one write transaction it checks that the confirmation is PENDING (else
// ErrAlreadyDecided), not expired (else it becomes EXPIRED and ErrExpired is returned),
// that approver may approve it (else the checker's error; nothing changes, and the refusal
// is audited as "refused" in a transaction of its own), and that
// the request rebuilt from the stored Call hashes as it did at creation (else it becomes
// FAILED and the error matches ErrTampered); then it commits EXECUTING. Only after that
// commit is Clerk called, with a context that the caller's cancellation does not end
// (an approved request runs to its outcome, bounded by ExecTimeout), and the outcome is
// committed in a second transaction: SUCCEEDED for 2xx; FAILED when Clerk answered
// otherwise (status, trace id and Clerk's message kept) or the request was never sent;
// IN_DOUBT when it may or may not have been applied.
//
// Errors before execution come with a nil Response and the confirmation as it now stands
// (nil only for ErrNotFound): ErrAlreadyDecided, ErrExpired (now EXPIRED), the checker's
// refusal (still PENDING; Policy refusals match ErrNotAllowed), ErrTampered (now FAILED).
// Check for them first: a non-nil Confirmation alone does not mean it ran.
//
// When the request ran, the returned Confirmation is its recorded outcome and the
// Response is Clerk's answer, which the caller shows; its body is never stored or
// logged. The error is then nil for SUCCEEDED and Clerk's error otherwise (an
// *clerk.APIError, or one matching clerk.ErrInDoubt).
func (s *Service) Approve(ctx context.Context, id string, approver Actor) (*Confirmation, *clerk.Response, error) {
	cur, err := s.store.Confirmation(id)
	if err != nil {
		return nil, nil, err
	}
	if cur.State != Pending {
		return cur, nil, decided(cur)
	}
	spec, err := s.specs.Get(ctx, cur.Call.Version)
	if err != nil {
		return cur, nil, fmt.Errorf("confirm: spec %s: %w", cur.Call.Version, err)
	}

	var (
		req     *clerk.Request
		outcome error // a transition that is also an error for the caller
		refusal error // the checker's verdict; nothing is written
	)
	c, err := s.update(id, func(c *Confirmation, now time.Time) ([]AuditEntry, error) {
		if c.State != Pending {
			return nil, decided(c)
		}
		if !now.Before(c.ExpiresAt) {
			c.State, c.DecidedAt = Expired, now
			outcome = fmt.Errorf("%w: %s expired at %s", ErrExpired, c.ID, c.ExpiresAt.UTC().Format(time.RFC3339))
			return []AuditEntry{withDetail(entry(c, "expired", approver, now), "approval attempted after expiry")}, nil
		}
		if err := s.approvals.CheckApproval(approver, c); err != nil {
			refusal = err
			return nil, err
		}
		r, err := c.Call.Request(spec)
		if err == nil && Hash(r) != c.Hash {
			err = fmt.Errorf("%w: it hashes to %.12s…, the request asked for to %.12s…", ErrTampered, Hash(r), c.Hash)
		}
		if err != nil {
			if !errors.Is(err, ErrTampered) {
				err = fmt.Errorf("the stored request no longer validates against spec %s: %w", spec.Version, err)
			}
			c.State, c.DecidedBy, c.DecidedAt = Failed, &approver, now
			c.Result = &Result{Error: "not run: " + err.Error()}
			outcome = fmt.Errorf("confirm: %s was not run: %w", c.ID, err)
			return []AuditEntry{withDetail(entry(c, "failed", approver, now), c.Result.Error)}, nil
		}
		c.State, c.DecidedBy, c.DecidedAt = Executing, &approver, now
		req = r
		s.setInflight(c.ID, true) // before the commit, so Reconcile never sees it unmarked
		return []AuditEntry{entry(c, "approved", approver, now)}, nil
	})
	if err != nil {
		if req != nil {
			s.setInflight(id, false) // the commit failed
		}
		if refusal != nil {
			e := entry(cur, "refused", approver, s.now())
			if aerr := s.store.AppendAudit(withDetail(e, "approval refused: "+refusal.Error())); aerr != nil {
				s.log.LogAttrs(ctx, slog.LevelError, "audit append failed", slog.String("id", id), slog.String("err", aerr.Error()))
			}
			return cur, nil, err
		}
		if errors.Is(err, ErrAlreadyDecided) || errors.Is(err, ErrExpired) {
			if latest, gerr := s.store.Confirmation(id); gerr == nil {
				cur = latest
			}
			return cur, nil, err
		}
		return cur, nil, fmt.Errorf("confirm: approve %s: %w", id, err)
	}
	if outcome != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "confirmation not run", append(attrs(c), slog.String("err", outcome.Error()))...)
		s.tellExpired(ctx, c, outcome)
		return c, nil, outcome
	}
	defer s.setInflight(id, false)
	s.log.LogAttrs(ctx, slog.LevelInfo, "confirmation approved", attrs(c)...)
	if err := s.step(stepApproved); err != nil {
		return c, nil, err
	}

	ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.execTimeout)
	resp, execErr := s.exec.Do(ectx, req)
	cancel()
	if err := s.step(stepExecuted); err != nil {
		return c, resp, err
	}

	state, result, event := outcomeOf(req.Method(), resp, execErr)
	final, err := s.update(id, func(c *Confirmation, now time.Time) ([]AuditEntry, error) {
		if c.State != Executing {
			return nil, fmt.Errorf("confirmation %s is %s, not EXECUTING", c.ID, c.State)
		}
		c.State, c.Result = state, result
		e := entry(c, event, *c.DecidedBy, now)
		e.Status, e.TraceID, e.Detail = result.Status, result.TraceID, result.Error
		return []AuditEntry{e}, nil
	})
	if err != nil {
		// Clerk was called but the outcome is not recorded: the record stays EXECUTING
		// and Reconcile resolves it with a read.
		s.log.LogAttrs(ctx, slog.LevelError, "confirmation outcome not recorded",
			append(attrs(c), slog.String("outcome", string(state)), slog.String("err", err.Error()))...)
		return c, resp, fmt.Errorf("confirm: %s ran (%s) but its outcome could not be recorded: %w", id, state, err)
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "confirmation executed", attrs(final)...)
	if err := s.step(stepRecorded); err != nil {
		return final, resp, err
	}
	if final.State == Succeeded {
		return final, resp, nil
	}
	return final, resp, execErr
}

// outcomeOf classifies what Client.Do returned.
func outcomeOf(method string, resp *clerk.Response, err error) (State, *Result, string) {
	r := &Result{}
	if resp != nil {
		r.Status, r.TraceID = resp.Status, resp.TraceID
	}
	if err != nil {
		r.Error = clip(err.Error(), 600)
	}
	var invalid *clerk.ValidationError
	switch {
	case resp != nil && resp.Status >= 200 && resp.Status <= 299:
		return Succeeded, r, "executed" // err, if any, is about reading a large body
	case errors.Is(err, clerk.ErrInDoubt):
		return InDoubt, r, "in_doubt"
	case resp != nil:
		return Failed, r, "failed"
	case errors.As(err, &invalid), errors.Is(err, clerk.ErrRateLimited):
		r.Error = "not sent: " + r.Error // refused before it left this process
		return Failed, r, "failed"
	case method == http.MethodGet || method == http.MethodHead:
		return Failed, r, "failed"
	}
	// No answer to a write: the request may have reached Clerk.
	r.Error = "no answer from Clerk, which may or may not have applied it: " + r.Error
	return InDoubt, r, "in_doubt"
}

// Deny decides a PENDING confirmation as DENIED. The requester may deny their own
// request; anyone else must be an approver (ApprovalChecker.CheckDenial).
func (s *Service) Deny(ctx context.Context, id string, actor Actor) (*Confirmation, error) {
	return s.close(ctx, id, actor, Denied, "denied", func(c *Confirmation) error {
		if actor.Is(c.Requester) {
			return nil
		}
		return s.approvals.CheckDenial(actor, c)
	})
}

// Cancel withdraws a PENDING confirmation; only its requester may.
func (s *Service) Cancel(ctx context.Context, id string, actor Actor) (*Confirmation, error) {
	return s.close(ctx, id, actor, Cancelled, "cancelled", func(c *Confirmation) error {
		if !actor.Is(c.Requester) {
			return fmt.Errorf("%w: only %s, who asked, may cancel it", ErrNotAllowed, c.Requester)
		}
		return nil
	})
}

// close moves a PENDING confirmation to a final state without running it.
func (s *Service) close(ctx context.Context, id string, actor Actor, to State, event string, allowed func(*Confirmation) error) (*Confirmation, error) {
	var outcome error
	c, err := s.update(id, func(c *Confirmation, now time.Time) ([]AuditEntry, error) {
		if c.State != Pending {
			return nil, decided(c)
		}
		if !now.Before(c.ExpiresAt) {
			c.State, c.DecidedAt = Expired, now
			outcome = fmt.Errorf("%w: %s expired at %s", ErrExpired, c.ID, c.ExpiresAt.UTC().Format(time.RFC3339))
			return []AuditEntry{entry(c, "expired", actor, now)}, nil
		}
		if err := allowed(c); err != nil {
			return nil, err
		}
		c.State, c.DecidedBy, c.DecidedAt = to, &actor, now
		return []AuditEntry{entry(c, event, actor, now)}, nil
	})
	if err != nil {
		if errors.Is(err, ErrAlreadyDecided) || errors.Is(err, ErrExpired) {
			if cur, gerr := s.store.Confirmation(id); gerr == nil {
				return cur, err
			}
		}
		return nil, err
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "confirmation "+strings.ToLower(string(c.State)), attrs(c)...)
	s.tellExpired(ctx, c, outcome)
	return c, outcome
}

// tellExpired tells ServiceConfig.Expired about c when a decision expired it (outcome
// is ErrExpired).
func (s *Service) tellExpired(ctx context.Context, c *Confirmation, outcome error) {
	if s.expired != nil && c != nil && c.State == Expired && errors.Is(outcome, ErrExpired) {
		s.expired(ctx, c)
	}
}

// Confirmation returns the confirmation with the id, or an error matching ErrNotFound.
func (s *Service) Confirmation(id string) (*Confirmation, error) { return s.store.Confirmation(id) }

// SetRef records where a transport shows the confirmation's card: the keys of ref are
// set, in one transaction, and the other keys (the engine's) are kept. It changes nothing
// else, in any state.
func (s *Service) SetRef(id string, ref map[string]string) (*Confirmation, error) {
	return s.update(id, func(c *Confirmation, _ time.Time) ([]AuditEntry, error) {
		if c.Ref == nil {
			c.Ref = map[string]string{}
		}
		maps.Copy(c.Ref, ref)
		return nil, nil
	})
}

// errSkip makes an update write nothing, quietly: the state changed since it was read.
var errSkip = errors.New("skip")

// Sweep expires the PENDING confirmations whose time is up and returns them.
func (s *Service) Sweep(ctx context.Context) ([]*Confirmation, error) {
	pending, listErr := s.store.Confirmations(Pending)
	errs := []error{listErr}
	var out []*Confirmation
	for _, p := range pending {
		if ctx.Err() != nil {
			errs = append(errs, ctx.Err())
			break
		}
		if s.now().Before(p.ExpiresAt) {
			continue
		}
		c, err := s.update(p.ID, func(c *Confirmation, now time.Time) ([]AuditEntry, error) {
			if c.State != Pending || now.Before(c.ExpiresAt) {
				return nil, errSkip
			}
			c.State, c.DecidedAt = Expired, now
			return []AuditEntry{entry(c, "expired", clerkbotActor, now)}, nil
		})
		switch {
		case errors.Is(err, errSkip):
		case err != nil:
			errs = append(errs, fmt.Errorf("confirm: expire %s: %w", p.ID, err))
		default:
			s.log.LogAttrs(ctx, slog.LevelInfo, "confirmation expired", attrs(c)...)
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}

// RunSweeper calls Sweep now and then every interval until ctx ends, telling
// ServiceConfig.Expired about each confirmation it expires. The caller runs it in a
// goroutine it owns and waits for it to return after cancelling ctx.
func (s *Service) RunSweeper(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		expired, err := s.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.LogAttrs(ctx, slog.LevelError, "sweep failed", slog.String("err", err.Error()))
		}
		if s.expired != nil {
			for _, c := range expired {
				s.expired(ctx, c)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// transitions lists every change of state the machine allows. PENDING → FAILED is an
// approval whose stored request no longer matches; nothing ran.
var transitions = map[State][]State{
	Pending:   {Executing, Denied, Expired, Cancelled, Failed},
	Executing: {Succeeded, Failed, InDoubt},
}

// update is the one way the Service changes a confirmation. It runs fn in the Store's
// write transaction with the time of the transaction, and refuses what the state machine
// does not allow: leaving a final state, an undeclared transition, or a transition
// without an audit entry.
func (s *Service) update(id string, fn func(c *Confirmation, now time.Time) ([]AuditEntry, error)) (*Confirmation, error) {
	return s.store.UpdateConfirmation(id, func(c *Confirmation) ([]AuditEntry, error) {
		from := c.State
		entries, err := fn(c, s.now())
		if err != nil {
			return nil, err
		}
		if c.State == from {
			return entries, nil
		}
		ok := false
		for _, to := range transitions[from] {
			ok = ok || to == c.State
		}
		switch {
		case !ok:
			return nil, fmt.Errorf("confirm: %s may not go from %s to %s", id, from, c.State)
		case len(entries) == 0:
			return nil, fmt.Errorf("confirm: %s went from %s to %s without an audit entry", id, from, c.State)
		}
		return entries, nil
	})
}

func (s *Service) step(name string) error {
	if s.hook == nil {
		return nil
	}
	return s.hook(name)
}

func (s *Service) setInflight(id string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.inflight[id] = true
	} else {
		delete(s.inflight, id)
	}
}

func (s *Service) isInflight(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inflight[id]
}

// decided says why a confirmation no longer takes decisions: ErrExpired when it
// expired, ErrAlreadyDecided otherwise.
func decided(c *Confirmation) error {
	if c.State == Expired {
		return fmt.Errorf("%w: %s expired at %s", ErrExpired, c.ID, c.ExpiresAt.UTC().Format(time.RFC3339))
	}
	by := ""
	if c.DecidedBy != nil {
		by = " by " + c.DecidedBy.String()
	}
	return fmt.Errorf("%w: %s is %s%s", ErrAlreadyDecided, c.ID, c.State, by)
}

// newID returns "cf_" and 16 base32 characters (80 random bits).
func newID() (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("confirm: random id: %w", err)
	}
	return "cf_" + strings.ToLower(base32.StdEncoding.EncodeToString(b[:])), nil
}

// entry is an audit entry about c. Its path is the concrete one; the query and the body
// are never in the audit log.
func entry(c *Confirmation, event string, actor Actor, at time.Time) AuditEntry {
	return AuditEntry{
		Time: at, Event: event, Actor: actor, ConfirmationID: c.ID,
		OperationID: c.Call.OperationID, Method: c.Call.Method, Path: callPath(c.Call),
		Tier: c.Tier, Instance: c.Instance,
	}
}

func withDetail(e AuditEntry, detail string) AuditEntry {
	e.Detail = clip(detail, 600)
	return e
}

// callPath fills the call's template with its path parameters, as Request.Path does.
func callPath(c Call) string {
	segs := strings.Split(c.Path, "/")
	for i, seg := range segs {
		if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			if v, ok := c.PathParams[seg[1:len(seg)-1]]; ok {
				segs[i] = url.PathEscape(v)
			}
		}
	}
	return strings.Join(segs, "/")
}

func cloneCall(c Call) Call {
	c.PathParams = maps.Clone(c.PathParams)
	if c.Query != nil {
		q := make(url.Values, len(c.Query))
		for k, v := range c.Query {
			q[k] = append([]string(nil), v...)
		}
		c.Query = q
	}
	c.Body = bytes.Clone(c.Body)
	return c
}

// attrs are the log attributes of a confirmation: never the query, the body or a
// response.
func attrs(c *Confirmation) []slog.Attr {
	a := []slog.Attr{
		slog.String("id", c.ID), slog.String("state", string(c.State)),
		slog.String("op", c.Call.OperationID), slog.String("tier", string(c.Tier)),
		slog.String("requester", c.Requester.UserID),
	}
	if c.DecidedBy != nil {
		a = append(a, slog.String("decided_by", c.DecidedBy.UserID))
	}
	if r := c.Result; r != nil {
		a = append(a, slog.Int("status", r.Status), slog.String("trace_id", r.TraceID))
	}
	return a
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}
