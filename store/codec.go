package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/clerkbot/clerkbot/confirm"
)

// The storage structs below are the file format. Each field is copied to and from its
// confirm type by hand: a change in confirm does not change what is on disk, and a change
// here is a new format version with a migration.

// formatV1 is the format version of confirmation and audit values.
const formatV1 = 1

type confirmationV1 struct {
	V         int               `json:"v"`
	ID        string            `json:"id"`
	State     string            `json:"state"`
	Call      callV1            `json:"call"`
	Hash      string            `json:"hash"`
	Tier      string            `json:"tier"`
	Summary   string            `json:"summary,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	Requester actorV1           `json:"requester"`
	Channel   string            `json:"channel,omitempty"`
	Admin     bool              `json:"admin,omitempty"`
	ReadBy    string            `json:"read_by,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	ExpiresAt time.Time         `json:"expires_at"`
	DecidedBy *actorV1          `json:"decided_by,omitempty"`
	DecidedAt time.Time         `json:"decided_at,omitzero"`
	Result    *resultV1         `json:"result,omitempty"`
	Preview   *previewV1        `json:"preview,omitempty"`
	Ref       map[string]string `json:"ref,omitempty"`
}

type callV1 struct {
	OperationID string              `json:"operation_id"`
	Version     string              `json:"version"`
	Method      string              `json:"method"`
	Path        string              `json:"path"`
	PathParams  map[string]string   `json:"path_params,omitempty"`
	Query       map[string][]string `json:"query,omitempty"`
	Body        json.RawMessage     `json:"body,omitempty"`
}

type actorV1 struct {
	UserID string `json:"user_id"`
	TeamID string `json:"team_id,omitempty"`
	Name   string `json:"name,omitempty"`
}

type resultV1 struct {
	Status  int    `json:"status,omitempty"`
	TraceID string `json:"trace_id,omitempty"`
	Error   string `json:"error,omitempty"`
}

type previewV1 struct {
	Target       string          `json:"target,omitempty"`
	Irreversible bool            `json:"irreversible,omitempty"`
	Counts       []countV1       `json:"counts,omitempty"`
	Alternatives []string        `json:"alternatives,omitempty"`
	Notes        []string        `json:"notes,omitempty"`
	Before       json.RawMessage `json:"before,omitempty"`
	After        json.RawMessage `json:"after,omitempty"`
	Problems     []string        `json:"problems,omitempty"`
}

type countV1 struct {
	Label string `json:"label"`
	N     int64  `json:"n"`
}

type auditV1 struct {
	V              int       `json:"v"`
	Seq            uint64    `json:"seq"`
	Time           time.Time `json:"time"`
	Event          string    `json:"event"`
	Actor          actorV1   `json:"actor"`
	ConfirmationID string    `json:"confirmation_id,omitempty"`
	OperationID    string    `json:"operation_id,omitempty"`
	Method         string    `json:"method,omitempty"`
	Path           string    `json:"path,omitempty"`
	Tier           string    `json:"tier,omitempty"`
	Instance       string    `json:"instance,omitempty"`
	Status         int       `json:"status,omitempty"`
	TraceID        string    `json:"trace_id,omitempty"`
	Detail         string    `json:"detail,omitempty"`
}

// errDamaged marks a stored value that cannot be decoded.
var errDamaged = errors.New("stored value is damaged")

func encodeConfirmation(c *confirm.Confirmation) ([]byte, error) {
	s := confirmationV1{
		V:         formatV1,
		ID:        c.ID,
		State:     string(c.State),
		Call:      callToV1(c.Call),
		Hash:      c.Hash,
		Tier:      string(c.Tier),
		Summary:   c.Summary,
		Instance:  c.Instance,
		Requester: actorToV1(c.Requester),
		Channel:   c.Channel,
		Admin:     c.Admin,
		ReadBy:    c.ReadBy,
		CreatedAt: c.CreatedAt.UTC(),
		ExpiresAt: c.ExpiresAt.UTC(),
		DecidedAt: c.DecidedAt.UTC(),
		Ref:       c.Ref,
	}
	if c.DecidedBy != nil {
		a := actorToV1(*c.DecidedBy)
		s.DecidedBy = &a
	}
	if r := c.Result; r != nil {
		s.Result = &resultV1{Status: r.Status, TraceID: r.TraceID, Error: r.Error}
	}
	if p := c.Preview; p != nil {
		s.Preview = &previewV1{
			Target: p.Target, Irreversible: p.Irreversible, Alternatives: p.Alternatives,
			Notes: p.Notes, Before: p.Before, After: p.After, Problems: p.Problems,
		}
		for _, n := range p.Counts {
			s.Preview.Counts = append(s.Preview.Counts, countV1{Label: n.Label, N: n.N})
		}
	}
	data, err := marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode confirmation %s: %w", c.ID, err)
	}
	return data, nil
}

// decodeConfirmation decodes the value stored under id. Every failure wraps errDamaged
// and says what is wrong; none panics (FuzzDecodeConfirmation).
func decodeConfirmation(id string, data []byte) (*confirm.Confirmation, error) {
	var s confirmationV1
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("confirmation %s: %w: %v", id, errDamaged, err)
	}
	switch {
	case s.V == 0:
		return nil, fmt.Errorf("confirmation %s: %w: no format version", id, errDamaged)
	case s.V != formatV1:
		return nil, fmt.Errorf("confirmation %s: %w: format version %d is not known to this clerkbot", id, errDamaged, s.V)
	case s.ID != id:
		return nil, fmt.Errorf("confirmation %s: %w: the value is for id %q", id, errDamaged, s.ID)
	case !knownState(confirm.State(s.State)):
		return nil, fmt.Errorf("confirmation %s: %w: unknown state %q", id, errDamaged, s.State)
	}
	c := &confirm.Confirmation{
		ID:        s.ID,
		State:     confirm.State(s.State),
		Call:      callFromV1(s.Call),
		Hash:      s.Hash,
		Tier:      confirm.Tier(s.Tier),
		Summary:   s.Summary,
		Instance:  s.Instance,
		Requester: actorFromV1(s.Requester),
		Channel:   s.Channel,
		Admin:     s.Admin,
		ReadBy:    s.ReadBy,
		CreatedAt: s.CreatedAt,
		ExpiresAt: s.ExpiresAt,
		DecidedAt: s.DecidedAt,
		Ref:       s.Ref,
	}
	if s.DecidedBy != nil {
		a := actorFromV1(*s.DecidedBy)
		c.DecidedBy = &a
	}
	if r := s.Result; r != nil {
		c.Result = &confirm.Result{Status: r.Status, TraceID: r.TraceID, Error: r.Error}
	}
	if p := s.Preview; p != nil {
		c.Preview = &confirm.Preview{
			Target: p.Target, Irreversible: p.Irreversible, Alternatives: p.Alternatives,
			Notes: p.Notes, Before: p.Before, After: p.After, Problems: p.Problems,
		}
		for _, n := range p.Counts {
			c.Preview.Counts = append(c.Preview.Counts, confirm.Count{Label: n.Label, N: n.N})
		}
	}
	return c, nil
}

func knownState(s confirm.State) bool {
	return s == confirm.Pending || s == confirm.Executing || s.Terminal()
}

func callToV1(c confirm.Call) callV1 {
	return callV1{
		OperationID: c.OperationID, Version: c.Version, Method: c.Method, Path: c.Path,
		PathParams: c.PathParams, Query: c.Query, Body: c.Body,
	}
}

func callFromV1(c callV1) confirm.Call {
	out := confirm.Call{
		OperationID: c.OperationID, Version: c.Version, Method: c.Method, Path: c.Path,
		PathParams: c.PathParams, Body: c.Body,
	}
	if c.Query != nil {
		out.Query = url.Values(c.Query)
	}
	return out
}

func actorToV1(a confirm.Actor) actorV1 {
	return actorV1{UserID: a.UserID, TeamID: a.TeamID, Name: a.Name}
}

func actorFromV1(a actorV1) confirm.Actor {
	return confirm.Actor{UserID: a.UserID, TeamID: a.TeamID, Name: a.Name}
}

func encodeAudit(e confirm.AuditEntry) ([]byte, error) {
	s := auditV1{
		V: formatV1, Seq: e.Seq, Time: e.Time.UTC(), Event: e.Event, Actor: actorToV1(e.Actor),
		ConfirmationID: e.ConfirmationID, OperationID: e.OperationID, Method: e.Method,
		Path: e.Path, Tier: string(e.Tier), Instance: e.Instance, Status: e.Status,
		TraceID: e.TraceID, Detail: e.Detail,
	}
	data, err := marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode audit entry: %w", err)
	}
	return data, nil
}

// decodeAudit decodes the audit entry stored under seq.
func decodeAudit(seq uint64, data []byte) (confirm.AuditEntry, error) {
	var s auditV1
	if err := json.Unmarshal(data, &s); err != nil {
		return confirm.AuditEntry{}, fmt.Errorf("audit entry %d: %w: %v", seq, errDamaged, err)
	}
	switch {
	case s.V == 0:
		return confirm.AuditEntry{}, fmt.Errorf("audit entry %d: %w: no format version", seq, errDamaged)
	case s.V != formatV1:
		return confirm.AuditEntry{}, fmt.Errorf("audit entry %d: %w: format version %d is not known to this clerkbot", seq, errDamaged, s.V)
	case s.Seq != seq:
		return confirm.AuditEntry{}, fmt.Errorf("audit entry %d: %w: the value is for entry %d", seq, errDamaged, s.Seq)
	}
	return confirm.AuditEntry{
		Seq: s.Seq, Time: s.Time, Event: s.Event, Actor: actorFromV1(s.Actor),
		ConfirmationID: s.ConfirmationID, OperationID: s.OperationID, Method: s.Method,
		Path: s.Path, Tier: confirm.Tier(s.Tier), Instance: s.Instance, Status: s.Status,
		TraceID: s.TraceID, Detail: s.Detail,
	}, nil
}

// marshal is json.Marshal without HTML escaping, so that a stored body keeps its "&"
// and "<" as written.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
