package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/intents"
)

// Request is a message from a person.
type Request struct {
	Who   confirm.Actor
	Where string // the channel, as the transport names it
	Text  string
}

// Decision is a person's answer to a confirmation card.
type Decision struct {
	Who     confirm.Actor
	ID      string // the confirmation id, the only thing a button carries
	Approve bool
}

// Clerk is what the engine needs of Clerk's API; *clerk.Client implements it.
type Clerk interface {
	Do(ctx context.Context, r *clerk.Request) (*clerk.Response, error)
	Instance() clerk.Instance
	BaseURL() string
}

// Policy is what the engine asks of the policy; *confirm.Policy implements it.
type Policy interface {
	Tier(op *clerk.Operation) confirm.Tier
	CheckRequest(who confirm.Actor, op *clerk.Operation, admin bool) error
	IsAdmin(who confirm.Actor) bool
	WhoMayApprove(c *confirm.Confirmation) string
}

// Confirmations runs the confirmation state machine; *confirm.Service implements it.
type Confirmations interface {
	Create(ctx context.Context, r *clerk.Request, requester confirm.Actor, tier confirm.Tier, opts confirm.CreateOptions) (*confirm.Confirmation, error)
	Approve(ctx context.Context, id string, approver confirm.Actor) (*confirm.Confirmation, *clerk.Response, error)
	Deny(ctx context.Context, id string, actor confirm.Actor) (*confirm.Confirmation, error)
}

// Previewer looks things up for a confirmation card; *confirm.Previewer implements it.
type Previewer interface {
	Preview(ctx context.Context, spec *clerk.Spec, r *clerk.Request) *confirm.Preview
}

// Auditor appends to the audit log; *store.DB implements it.
type Auditor interface {
	AppendAudit(e confirm.AuditEntry) error
}

// Config is what an Engine is built from. LLM, Previewer, Rankers, Logger and Now are
// optional.
type Config struct {
	Specs         intents.Specs
	Rankers       *intents.Rankers
	LLM           intents.LLM
	Clerk         Clerk
	Policy        Policy
	Confirmations Confirmations
	Audit         Auditor
	Previewer     Previewer
	Now           func() time.Time
	Logger        *slog.Logger
}

// Engine is the conversation: requests and decisions in, replies out. It is safe for
// concurrent use; all state lives in the store.
type Engine struct {
	cfg Config
	log *slog.Logger
}

// NewEngine returns an Engine.
func NewEngine(cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Rankers == nil {
		cfg.Rankers = intents.NewRankers()
	}
	return &Engine{cfg: cfg, log: cfg.Logger}
}

// privateAsk finds a request to see private metadata ("with private metadata",
// "--private"), a display option the engine takes out before the text is parsed.
var privateAsk = regexp.MustCompile(`(?i)(\s*,)?\s*(--private\b|\b(with|including|incl\.?|and show|show)\s+(the\s+|its\s+|their\s+)?private(\s+metadata)?\b)`)

// Handle answers a message.
func (e *Engine) Handle(ctx context.Context, req Request) Reply {
	text := req.Text
	showPrivate := false
	if privateAsk.MatchString(text) {
		showPrivate = true
		text = strings.TrimSpace(privateAsk.ReplaceAllString(text, ""))
	}
	in := intents.Parse(ctx, text, intents.Options{Specs: e.cfg.Specs, Now: e.cfg.Now, Rankers: e.cfg.Rankers, LLM: e.cfg.LLM})
	e.log.LogAttrs(ctx, slog.LevelInfo, "intent", slog.String("user", req.Who.UserID), slog.String("mode", string(in.Mode)),
		slog.String("source", string(in.Source)), slog.Int("steps", len(in.Steps)))
	switch in.Mode {
	case intents.ModeHelp:
		return Reply{Title: "clerkbot", Text: in.Message}
	case intents.ModeReject:
		return Reply{Level: LevelWarning, Title: "I can't do that", Text: in.Message}
	case intents.ModeClarify:
		return clarify(in)
	}
	spec, err := e.cfg.Specs.Get(ctx, in.Version)
	if err != nil {
		return Reply{Level: LevelError, Title: "Spec not available", Text: err.Error()}
	}
	switch in.Mode {
	case intents.ModeBrowse:
		return browse(spec, in.Tag)
	case intents.ModeDetail:
		return detail(spec, in)
	case intents.ModeExecute:
		return e.run(ctx, req, in, spec, 0, nil, showPrivate)
	}
	return Reply{Level: LevelError, Title: "Unexpected intent", Text: fmt.Sprintf("mode %q", in.Mode)}
}

func clarify(in intents.Intent) Reply {
	r := Reply{Level: LevelInfo, Title: "Which one did you mean?", Text: in.Message}
	for _, c := range in.Candidates {
		r.Actions = append(r.Actions, Action{Kind: ActionRun, Label: c.Method + " " + c.Path, Value: c.Method + " " + c.Path + " help"})
	}
	return r
}

func browse(spec *clerk.Spec, tag string) Reply {
	if tag == "" {
		t := Table{Columns: []string{"tag", "endpoints", "about"}}
		for _, tg := range spec.Tags() {
			t.Rows = append(t.Rows, []string{tg.Name, fmt.Sprint(tg.Count), tg.Description})
		}
		t.Note = fmt.Sprintf("%d tags, %d endpoints, API version %s. Name a tag to see its endpoints.", len(spec.Tags()), len(spec.Operations()), spec.Version)
		return Reply{Title: "Clerk Backend API", Tables: []Table{t}}
	}
	tg, ops, ok := spec.Tag(tag)
	if !ok {
		return Reply{Level: LevelWarning, Title: "No tag " + tag, Text: `Say "tags" for the list.`}
	}
	t := Table{Columns: []string{"endpoint", "summary", "operation"}}
	for _, o := range ops {
		summary := o.Summary
		if o.Deprecated {
			summary += " (deprecated)"
		}
		t.Rows = append(t.Rows, []string{o.Key(), summary, o.ID})
	}
	t.Note = "Add help to an endpoint to see its parameters, e.g. " + ops[0].Key() + " help"
	return Reply{Title: tg.Name, Text: tg.Description, Tables: []Table{t}}
}

func detail(spec *clerk.Spec, in intents.Intent) Reply {
	if len(in.Steps) == 0 {
		return Reply{Level: LevelWarning, Title: "Which endpoint?", Text: in.Message}
	}
	op, ok := spec.Operation(in.Steps[0].OperationID)
	if !ok {
		return Reply{Level: LevelError, Title: "Unknown operation", Text: in.Steps[0].OperationID}
	}
	return Reply{Title: op.Key(), Text: op.Detail().Text()}
}

// run executes a plan's steps from start on: reads at once, and the first write as a
// confirmation. done holds the decoded results of the steps before start.
func (e *Engine) run(ctx context.Context, req Request, in intents.Intent, spec *clerk.Spec, start int, done []any, showPrivate bool) Reply {
	results := make([]any, len(in.Steps))
	copy(results, done)
	describe := func(i int) string { return describeStep(in.Steps[i]) }
	for i := start; i < len(in.Steps); i++ {
		resolved, err := resolveStep(in.Steps[i], results, describe)
		if err != nil {
			return e.lookupReply(err)
		}
		r, err := resolved.Request(spec)
		if err != nil {
			return formatError("The request", err)
		}
		tier := e.cfg.Policy.Tier(r.Op)
		if err := e.cfg.Policy.CheckRequest(req.Who, r.Op, in.Admin); err != nil {
			e.audit(ctx, confirm.AuditEntry{Event: "refused", Actor: req.Who, OperationID: r.Op.ID, Method: r.Method(),
				Path: r.Path(), Tier: tier, Detail: err.Error()})
			return e.refusal(req, err)
		}
		if tier != confirm.TierRead {
			return e.confirmation(ctx, req, in, spec, r, tier, i, in.Steps[i+1:], results)
		}
		resp, err := e.cfg.Clerk.Do(ctx, r)
		e.audit(ctx, confirm.AuditEntry{Event: "read", Actor: req.Who, OperationID: r.Op.ID, Method: r.Method(),
			Path: r.Path(), Tier: tier, Status: statusOf(resp), TraceID: traceOf(resp, err)})
		if err != nil {
			return formatError(r.Op.Summary, err)
		}
		if i == len(in.Steps)-1 {
			reply := formatResult(r, resp, showPrivate)
			reply.Code = append([]Code{{Label: "request", Text: r.Curl(e.cfg.Clerk.BaseURL())}}, reply.Code...)
			return reply
		}
		if results[i], err = decodeJSON(resp.Body); err != nil {
			return formatError(r.Op.Summary, fmt.Errorf("Clerk's answer is not JSON: %w", err))
		}
	}
	return Reply{Level: LevelWarning, Title: "Nothing to do", Text: in.Message}
}

// describeStep says what a look-up step looked for, for "nothing matched …".
func describeStep(st intents.Step) string {
	var parts []string
	for _, k := range sortedKeys(st.Query) {
		if k == "limit" || k == "offset" {
			continue
		}
		parts = append(parts, k+"="+strings.Join(st.Query[k], ","))
	}
	for _, k := range sortedKeys(st.PathParams) {
		parts = append(parts, k+"="+st.PathParams[k])
	}
	if len(parts) == 0 {
		return st.Method + " " + st.Path
	}
	return strings.Join(parts, " ")
}

func (e *Engine) lookupReply(err error) Reply {
	var le *lookupError
	if !errors.As(err, &le) {
		return Reply{Level: LevelError, Title: "Could not fill in the request", Text: err.Error()}
	}
	if len(le.matches) == 0 {
		return Reply{Level: LevelWarning, Title: "Nothing matched", Text: "Nothing matched " + le.what + ". Check the spelling, or use an id."}
	}
	t := Table{Columns: columnsFor(le.matches)}
	for _, o := range le.matches {
		t.Rows = append(t.Rows, rowFor(t.Columns, o))
	}
	t.Note = "Say it again with the id of the one you mean."
	return Reply{Level: LevelWarning, Title: fmt.Sprintf("%d matches for %s", len(le.matches), le.what), Tables: []Table{t}}
}

// scopeSentence is the skill's answer when scopes may not allow a request.
const scopeSentence = "This is a write operation and your current scopes may not allow it. Rerun with --admin to bypass?"

func (e *Engine) refusal(req Request, err error) Reply {
	var se *confirm.ScopeError
	if errors.As(err, &se) {
		r := Reply{Level: LevelWarning, Title: "Not with the current scopes", Text: scopeSentence, Private: true}
		if e.cfg.Policy.IsAdmin(req.Who) {
			r.Actions = append(r.Actions, Action{Kind: ActionRun, Label: "Rerun with --admin", Value: req.Text + " --admin"})
		}
		return r
	}
	return Reply{Level: LevelWarning, Title: "Not allowed", Text: err.Error(), Private: true}
}

func (e *Engine) audit(ctx context.Context, entry confirm.AuditEntry) {
	entry.Time = e.cfg.Now()
	entry.Instance = e.cfg.Clerk.Instance().String()
	if err := e.cfg.Audit.AppendAudit(entry); err != nil {
		e.log.LogAttrs(ctx, slog.LevelError, "audit append failed", slog.String("err", err.Error()), slog.String("event", entry.Event))
	}
}

func statusOf(resp *clerk.Response) int {
	if resp == nil {
		return 0
	}
	return resp.Status
}

func traceOf(resp *clerk.Response, err error) string {
	var api *clerk.APIError
	if errors.As(err, &api) && api.TraceID != "" {
		return api.TraceID
	}
	if resp != nil {
		return resp.TraceID
	}
	return ""
}
