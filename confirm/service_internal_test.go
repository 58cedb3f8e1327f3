package confirm

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// memStore is the least Store that update needs.
type memStore struct {
	mu    sync.Mutex
	c     map[string]Confirmation
	audit []AuditEntry
}

func (m *memStore) CreateConfirmation(c *Confirmation, a AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.c[c.ID] = *c
	m.audit = append(m.audit, a)
	return nil
}

func (m *memStore) Confirmation(id string) (*Confirmation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.c[id]
	if !ok {
		return nil, ErrNotFound
	}
	return &c, nil
}

func (m *memStore) UpdateConfirmation(id string, fn func(c *Confirmation) ([]AuditEntry, error)) (*Confirmation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.c[id]
	if !ok {
		return nil, ErrNotFound
	}
	entries, err := fn(&c)
	if err != nil {
		return nil, err
	}
	m.c[id] = c
	m.audit = append(m.audit, entries...)
	return &c, nil
}

func (m *memStore) Confirmations(...State) ([]*Confirmation, error) { return nil, nil }
func (m *memStore) AppendAudit(e AuditEntry) error                  { return nil }

// TestUpdateGuardsTheStateMachine: whatever a transition function does, update refuses
// to leave a final state, to take a transition the machine does not have, or to change
// state without an audit entry.
func TestUpdateGuardsTheStateMachine(t *testing.T) {
	all := []State{Pending, Executing, Succeeded, Failed, InDoubt, Denied, Expired, Cancelled}
	allowed := map[[2]State]bool{}
	for from, tos := range transitions {
		for _, to := range tos {
			allowed[[2]State{from, to}] = true
		}
	}
	for _, from := range all {
		for _, to := range all {
			if from == to {
				continue
			}
			name := fmt.Sprintf("%s→%s", from, to)
			m := &memStore{c: map[string]Confirmation{"cf_1": {ID: "cf_1", State: from}}}
			s := &Service{store: m, now: time.Now}
			_, err := s.update("cf_1", func(c *Confirmation, _ time.Time) ([]AuditEntry, error) {
				c.State = to
				return []AuditEntry{{Event: "x"}}, nil
			})
			want := allowed[[2]State{from, to}]
			if (err == nil) != want {
				t.Errorf("%s: err = %v, want allowed=%t", name, err, want)
			}
			if from.Terminal() && want {
				t.Errorf("%s: the table lets a final state change", name)
			}
		}
	}
	m := &memStore{c: map[string]Confirmation{"cf_1": {ID: "cf_1", State: Pending}}}
	s := &Service{store: m, now: time.Now}
	_, err := s.update("cf_1", func(c *Confirmation, _ time.Time) ([]AuditEntry, error) {
		c.State = Denied
		return nil, nil
	})
	if err == nil || !strings.Contains(err.Error(), "without an audit entry") {
		t.Errorf("transition without audit: %v", err)
	}
}

func TestOutcomeOf(t *testing.T) {
	apiErr := func(status int, inDoubt bool) error {
		return &clerk.APIError{Status: status, Code: "c", Message: "m", TraceID: "tr", InDoubt: inDoubt}
	}
	resp := func(status int) *clerk.Response { return &clerk.Response{Status: status, TraceID: "tr"} }
	for _, tc := range []struct {
		name   string
		method string
		resp   *clerk.Response
		err    error
		want   State
		event  string
	}{
		{"2xx", http.MethodDelete, resp(200), nil, Succeeded, "executed"},
		{"2xx with a body too large", http.MethodPost, resp(200), clerk.ErrResponseTooBig, Succeeded, "executed"},
		{"4xx", http.MethodDelete, resp(404), apiErr(404, false), Failed, "failed"},
		{"5xx to a DELETE after retries", http.MethodDelete, resp(503), apiErr(503, false), Failed, "failed"},
		{"5xx to a POST", http.MethodPost, resp(503), apiErr(503, true), InDoubt, "in_doubt"},
		{"connection lost after sending a POST", http.MethodPost, nil, fmt.Errorf("x: %w", clerk.ErrInDoubt), InDoubt, "in_doubt"},
		{"no answer to a DELETE", http.MethodDelete, nil, errors.New("no response after 3 tries"), InDoubt, "in_doubt"},
		{"no answer to a GET", http.MethodGet, nil, errors.New("no response after 3 tries"), Failed, "failed"},
		{"invalid, never sent", http.MethodPost, nil, &clerk.ValidationError{Op: "POST /x", Problems: []string{"p"}}, Failed, "failed"},
		{"client-side rate limit", http.MethodPost, nil, clerk.ErrRateLimited, Failed, "failed"},
	} {
		state, r, event := outcomeOf(tc.method, tc.resp, tc.err)
		if state != tc.want || event != tc.event {
			t.Errorf("%s: %s %s, want %s %s", tc.name, state, event, tc.want, tc.event)
		}
		if tc.resp != nil && (r.Status != tc.resp.Status || r.TraceID != "tr") {
			t.Errorf("%s: result %+v lacks status or trace id", tc.name, r)
		}
		if tc.err != nil && r.Error == "" {
			t.Errorf("%s: result has no error text", tc.name)
		}
	}
}

func TestMerged(t *testing.T) {
	cur := map[string]any{"plan": "pro", "n": 2.0, "nested": map[string]any{"a": 1.0, "b": "x"}, "list": []any{1.0}}
	for _, tc := range []struct {
		patch map[string]any
		want  bool
	}{
		{map[string]any{"plan": "pro"}, true},
		{map[string]any{"plan": "free"}, false},
		{map[string]any{"gone": nil}, true},
		{map[string]any{"plan": nil}, false},
		{map[string]any{"nested": map[string]any{"a": 1.0}}, true},
		{map[string]any{"nested": map[string]any{"b": nil}}, false},
		{map[string]any{"plan": map[string]any{"a": 1.0}}, false},
		{map[string]any{"list": []any{1.0}}, true},
		{map[string]any{"missing": "x"}, false},
		{map[string]any{}, true},
	} {
		if got := merged(cur, tc.patch); got != tc.want {
			t.Errorf("merged(%v) = %t, want %t", tc.patch, got, tc.want)
		}
	}
}

func TestCallPath(t *testing.T) {
	c := Call{Path: "/organizations/{organization_id}/memberships/{user_id}",
		PathParams: map[string]string{"organization_id": "org_1", "user_id": "a/b c"}}
	if got, want := callPath(c), "/organizations/org_1/memberships/a%2Fb%20c"; got != want {
		t.Errorf("callPath = %q, want %q", got, want)
	}
}
