package intents

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

// draft is a step as a rule proposes it, before validation.
type draft struct {
	op    string
	path  map[string]string
	query url.Values
	body  map[string]any
}

// plan is what a rule proposes: steps in order, and why.
type plan struct {
	steps  []draft
	reason string
	// joined is set by rules that understand a message with two actions (create an
	// organization and invite into it); other plans with mixed actions get no writes.
	joined bool
}

// ref refers to a field of an earlier step's result; the engine fills it in.
func ref(step int, field string) string { return fmt.Sprintf("$steps[%d].%s", step, field) }

var refPattern = regexp.MustCompile(`^\$steps\[\d+\]\.[A-Za-z0-9_.\[\]]+$`)

// build validates every step of a plan against spec. A value that refers to an earlier
// step is replaced by a stand-in for validation only; the step keeps the reference.
func build(spec *clerk.Spec, pl plan) ([]Step, error) {
	steps := make([]Step, 0, len(pl.steps))
	for i, d := range pl.steps {
		op, ok := spec.Operation(d.op)
		if !ok {
			return nil, fmt.Errorf("operation %s is not in version %s", d.op, spec.Version)
		}
		for _, v := range d.path {
			if m := refPattern.FindString(v); m != "" && !refersBack(v, i) {
				return nil, fmt.Errorf("step %d refers to %s, which is not an earlier step", i, v)
			}
		}
		var body []byte
		if d.body != nil {
			b, err := json.Marshal(d.body)
			if err != nil {
				return nil, err
			}
			body = b
		}
		check := make(map[string]string, len(d.path))
		for k, v := range d.path {
			if refPattern.MatchString(v) {
				v = "stand_in_" + k
			}
			check[k] = v
		}
		q := url.Values{}
		for k, vs := range d.query {
			for _, v := range vs {
				if refPattern.MatchString(v) {
					v = "stand_in"
				}
				q.Add(k, v)
			}
		}
		if _, err := spec.NewRequest(op, check, q, body); err != nil {
			return nil, err
		}
		path := d.path
		if path == nil {
			path = map[string]string{}
		}
		query := map[string][]string(d.query)
		if query == nil {
			query = map[string][]string{}
		}
		steps = append(steps, Step{OperationID: op.ID, Method: op.Method, Path: op.Path,
			PathParams: path, Query: query, Body: body})
	}
	return steps, nil
}

func refersBack(v string, step int) bool {
	var n int
	if _, err := fmt.Sscanf(v, "$steps[%d]", &n); err != nil {
		return false
	}
	return n < step
}

// ValidateSteps checks the steps of an intent against spec the way Parse does:
// each step is an operation of the spec with its method and path, passes
// Spec.NewRequest with references to earlier steps stood in for, and refers only to
// earlier steps.
func ValidateSteps(spec *clerk.Spec, steps []Step) error {
	for i, s := range steps {
		op, ok := spec.Operation(s.OperationID)
		if !ok {
			return fmt.Errorf("step %d: operation %s is not in version %s", i, s.OperationID, spec.Version)
		}
		if op.Method != s.Method || op.Path != s.Path {
			return fmt.Errorf("step %d: %s is %s, not %s %s", i, op.ID, op.Key(), s.Method, s.Path)
		}
		refs := func(v string) error {
			if strings.HasPrefix(v, "$steps[") {
				var n int
				if _, err := fmt.Sscanf(v, "$steps[%d]", &n); err != nil || n >= i || n < 0 {
					return fmt.Errorf("step %d: %s does not refer to an earlier step", i, v)
				}
			}
			return nil
		}
		path := make(map[string]string, len(s.PathParams))
		for k, v := range s.PathParams {
			if err := refs(v); err != nil {
				return err
			}
			if refPattern.MatchString(v) {
				v = "stand_in_" + k
			}
			path[k] = v
		}
		q := url.Values{}
		for k, vs := range s.Query {
			for _, v := range vs {
				if err := refs(v); err != nil {
					return err
				}
				if refPattern.MatchString(v) {
					v = "stand_in"
				}
				q.Add(k, v)
			}
		}
		if _, err := spec.NewRequest(op, path, q, s.Body); err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
	}
	return nil
}
