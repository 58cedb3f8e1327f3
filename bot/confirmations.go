package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/intents"
)

// refNext is the key of Confirmation.Ref that holds the steps to run after the
// confirmed one ("create the organization, then invite into it").
const refNext = "next_steps"

// confirmation stores a write as a PENDING confirmation and returns its card. rest are
// the plan's later steps: their references to steps before this one are filled in now,
// and references to this one are renumbered so that it becomes step 0.
func (e *Engine) confirmation(ctx context.Context, req Request, in intents.Intent, spec *clerk.Spec, r *clerk.Request, tier confirm.Tier, index int, rest []intents.Step, results []any) Reply {
	opts := confirm.CreateOptions{
		Channel:  req.Where,
		Admin:    in.Admin,
		Instance: e.cfg.Clerk.Instance().String(),
		Summary:  r.Op.Summary,
		ReadBy:   string(in.Source),
	}
	if e.cfg.Previewer != nil {
		opts.Preview = e.cfg.Previewer.Preview(ctx, spec, r)
		if opts.Preview.Missing != "" {
			return Reply{Level: LevelWarning, Title: "Nothing to " + strings.ToLower(r.Op.Summary), Text: opts.Preview.Missing + " Nothing was asked of Clerk."}
		}
	}
	if len(rest) > 0 {
		next, err := carryOver(rest, index, results)
		if err != nil {
			return e.lookupReply(err)
		}
		data, err := json.Marshal(next)
		if err != nil {
			return formatError("Planning", err)
		}
		opts.Ref = map[string]string{refNext: string(data)}
	}
	c, err := e.cfg.Confirmations.Create(ctx, r, req.Who, tier, opts)
	if err != nil {
		return formatError("Asking for approval", err)
	}
	return e.card(c, r, len(rest))
}

var anyRef = regexp.MustCompile(`\$steps\[(\d+)\]`)

// carryOver prepares the steps after the confirmed one (plan index) to run later:
// references to earlier steps are resolved from their results now, and references to
// the confirmed step become $steps[0].
func carryOver(rest []intents.Step, index int, results []any) ([]intents.Step, error) {
	out := make([]intents.Step, 0, len(rest))
	known := results[:index]
	describe := func(i int) string { return "step " + strconv.Itoa(i) }
	for _, st := range rest {
		// Fill references to steps that already ran; keep the others.
		partial := make([]any, len(known))
		copy(partial, known)
		filled, err := resolveKnown(st, partial, describe)
		if err != nil {
			return nil, err
		}
		out = append(out, renumber(filled, index))
	}
	return out, nil
}

// resolveKnown fills only the references whose results are known.
func resolveKnown(st intents.Step, known []any, describe func(int) string) (intents.Step, error) {
	fill := func(v string) (string, error) {
		m := refPattern.FindStringSubmatch(v)
		if m == nil {
			return v, nil
		}
		n, _ := strconv.Atoi(m[1])
		if n >= len(known) {
			return v, nil
		}
		return resolveValue(v, known, describe)
	}
	out := st
	out.PathParams = map[string]string{}
	for k, v := range st.PathParams {
		r, err := fill(v)
		if err != nil {
			return st, err
		}
		out.PathParams[k] = r
	}
	out.Query = map[string][]string{}
	for k, vs := range st.Query {
		for _, v := range vs {
			r, err := fill(v)
			if err != nil {
				return st, err
			}
			out.Query[k] = append(out.Query[k], r)
		}
	}
	return out, nil
}

// renumber shifts references down by offset, so that step offset becomes step 0.
func renumber(st intents.Step, offset int) intents.Step {
	shift := func(v string) string {
		return anyRef.ReplaceAllStringFunc(v, func(m string) string {
			n, _ := strconv.Atoi(anyRef.FindStringSubmatch(m)[1])
			return fmt.Sprintf("$steps[%d]", n-offset)
		})
	}
	for k, v := range st.PathParams {
		st.PathParams[k] = shift(v)
	}
	for k, vs := range st.Query {
		for i, v := range vs {
			st.Query[k][i] = shift(v)
		}
	}
	if len(st.Body) > 0 {
		st.Body = json.RawMessage(shift(string(st.Body)))
	}
	return st
}

// card draws a confirmation from what is stored, never from what a button carries.
func (e *Engine) card(c *confirm.Confirmation, r *clerk.Request, later int) Reply {
	reply := Reply{
		Level:          LevelWarning,
		Title:          fmt.Sprintf("%s — approval needed", c.Summary),
		ConfirmationID: c.ID,
	}
	if c.Instance == clerk.Production.String() {
		reply.Title = "PRODUCTION · " + reply.Title
	}
	var text []string
	if guess := guessWarning(c.ReadBy); guess != "" {
		text = append(text, guess)
	}
	if c.Preview != nil && c.Preview.Irreversible {
		text = append(text, "*IRREVERSIBLE.* This cannot be undone.")
	}
	if c.Preview != nil && c.Preview.Target != "" {
		text = append(text, "Target: "+c.Preview.Target)
	}
	reply.Text = strings.Join(text, "\n")
	reply.Fields = []Field{
		{"Instance", c.Instance},
		{"Tier", string(c.Tier)},
		{"Requested by", c.Requester.String()},
		{"May approve", e.cfg.Policy.WhoMayApprove(c)},
		{"Expires", c.ExpiresAt.UTC().Format("2006-01-02 15:04:05 UTC")},
	}
	if c.Admin {
		reply.Fields = append(reply.Fields, Field{"Admin override", "--admin (scopes bypassed; approval still required)"})
	}
	if pv := c.Preview; pv != nil {
		for _, n := range pv.Counts {
			reply.Fields = append(reply.Fields, Field{strings.ToUpper(n.Label[:1]) + n.Label[1:], strconv.FormatInt(n.N, 10)})
		}
		if len(pv.Alternatives) > 0 {
			reply.Fields = append(reply.Fields, Field{"Reversible instead", strings.Join(pv.Alternatives, "\n")})
		}
		for _, note := range pv.Notes {
			reply.Text = strings.TrimSpace(reply.Text + "\n" + note)
		}
		if len(pv.Before) > 0 {
			reply.Code = append(reply.Code, Code{Label: "before", Text: indentJSON(pv.Before)}, Code{Label: "after", Text: indentJSON(pv.After)})
		}
		for _, p := range pv.Problems {
			reply.Text = strings.TrimSpace(reply.Text + "\n(preview incomplete: " + p + ")")
		}
	}
	reply.Code = append(reply.Code, Code{Label: "request", Text: r.Curl(e.cfg.Clerk.BaseURL())})
	if later > 0 {
		reply.Text = strings.TrimSpace(reply.Text + fmt.Sprintf("\nAfter this runs, %d more step(s) of the plan follow, each with its own approval if needed.", later))
	}
	reply.Actions = []Action{
		{Kind: ActionApprove, Label: "Approve", Value: c.ID},
		{Kind: ActionDeny, Label: "Deny", Value: c.ID},
	}
	return reply
}

// guessWarning is the card's first line when the request was proposed by a stage that
// guesses (the offline ranker or the language model) rather than by the request as
// typed or a rule that matched it: the approver is asked to compare it with the message.
func guessWarning(readBy string) string {
	var who string
	switch intents.Source(readBy) {
	case intents.SourceRanker:
		who = "the offline ranker"
	case intents.SourceLLM:
		who = "the language model"
	default:
		return ""
	}
	return "*Check this is what was asked.* This request is " + who + "'s best guess from the message, not a rule that matched it: compare the operation and every value with the message before approving."
}

func indentJSON(raw json.RawMessage) string {
	v, err := decodeJSON(raw)
	if err != nil {
		return string(raw)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return string(raw)
	}
	return string(out)
}

// Decide applies a decision and answers with the outcome: the result of the request
// once it ran, and the next step of the plan, if any.
func (e *Engine) Decide(ctx context.Context, d Decision) []Reply {
	if !d.Approve {
		c, err := e.cfg.Confirmations.Deny(ctx, d.ID, d.Who)
		if err != nil {
			return []Reply{decisionError(err)}
		}
		return []Reply{{Level: LevelInfo, Title: c.Summary + " — denied", ConfirmationID: c.ID,
			Text: fmt.Sprintf("Denied by %s at %s. Nothing was sent to Clerk.", d.Who, c.DecidedAt.UTC().Format("15:04:05 UTC"))}}
	}
	c, resp, err := e.cfg.Confirmations.Approve(ctx, d.ID, d.Who)
	if err != nil && (c == nil || notRun(err)) {
		return []Reply{decisionError(err)}
	}
	spec, serr := e.cfg.Specs.Get(ctx, c.Call.Version)
	var r *clerk.Request
	if serr == nil {
		r, serr = c.Call.Request(spec)
	}
	head := fmt.Sprintf("Approved by %s at %s.", d.Who, c.DecidedAt.UTC().Format("15:04:05 UTC"))
	if c.Instance == clerk.Production.String() {
		head = "PRODUCTION instance. " + head
	}
	switch {
	case c.State == confirm.Succeeded && serr == nil && resp != nil:
		reply := formatResult(r, resp, strings.Contains(string(c.Call.Body), "private_metadata"))
		reply.Title = c.Summary + " — done"
		reply.Text = strings.TrimSpace(head + "\n" + reply.Text)
		reply.ConfirmationID = c.ID
		reply.Private = c.Tier == confirm.TierSensitiveRead
		replies := []Reply{reply}
		if next := c.Ref[refNext]; next != "" {
			replies = append(replies, e.continuePlan(ctx, c, spec, resp, next))
		}
		return replies
	case c.State == confirm.InDoubt:
		return []Reply{{Level: LevelError, Title: c.Summary + " — outcome unknown", ConfirmationID: c.ID,
			Text: head + "\nThe connection to Clerk failed after the request was sent, so it may or may not have been applied. Check the current state before asking again."}}
	default:
		reply := formatError(c.Summary, err)
		if err == nil && c.Result != nil {
			reply = Reply{Level: LevelError, Title: c.Summary + " failed", Text: c.Result.Error}
		}
		reply.Text = strings.TrimSpace(head + "\n" + reply.Text)
		reply.ConfirmationID = c.ID
		return []Reply{reply}
	}
}

// continuePlan runs the steps that were waiting for a confirmed write.
func (e *Engine) continuePlan(ctx context.Context, c *confirm.Confirmation, spec *clerk.Spec, resp *clerk.Response, next string) Reply {
	var steps []intents.Step
	if err := json.Unmarshal([]byte(next), &steps); err != nil {
		return Reply{Level: LevelError, Title: "The rest of the plan is unreadable", Text: err.Error()}
	}
	for i := range steps {
		if string(steps[i].Body) == "null" {
			steps[i].Body = nil // a step without a body was stored as JSON null
		}
	}
	first, err := decodeJSON(resp.Body)
	if err != nil {
		return formatError("The rest of the plan", err)
	}
	done := intents.Step{OperationID: c.Call.OperationID, Method: c.Call.Method, Path: c.Call.Path}
	in := intents.Intent{Mode: intents.ModeExecute, Version: spec.Version, Admin: c.Admin, Steps: append([]intents.Step{done}, steps...)}
	req := Request{Who: c.Requester, Where: c.Channel}
	return e.run(ctx, req, in, spec, 1, []any{first}, false)
}

// notRun reports whether an approval failed before anything was sent to Clerk.
func notRun(err error) bool {
	return errors.Is(err, confirm.ErrAlreadyDecided) || errors.Is(err, confirm.ErrExpired) ||
		errors.Is(err, confirm.ErrNotAllowed) || errors.Is(err, confirm.ErrTampered) || errors.Is(err, confirm.ErrNotFound)
}

// decisionError explains why a decision did nothing.
func decisionError(err error) Reply {
	switch {
	case errors.Is(err, confirm.ErrNotFound):
		return Reply{Level: LevelWarning, Title: "No such confirmation", Text: "It may have been made by another clerkbot, or its id was mistyped.", Private: true}
	case errors.Is(err, confirm.ErrExpired):
		return Reply{Level: LevelWarning, Title: "This confirmation has expired", Text: "Nothing was sent to Clerk. Ask again to get a new one.", Private: true}
	case errors.Is(err, confirm.ErrAlreadyDecided):
		return Reply{Level: LevelWarning, Title: "Already decided", Text: err.Error(), Private: true}
	case errors.Is(err, confirm.ErrNotAllowed):
		return Reply{Level: LevelWarning, Title: "You can't decide this one", Text: err.Error(), Private: true}
	case errors.Is(err, confirm.ErrTampered):
		return Reply{Level: LevelError, Title: "Refused: the stored request changed", Text: err.Error() + ". Nothing was sent to Clerk."}
	}
	return Reply{Level: LevelError, Title: "The decision failed", Text: err.Error()}
}
