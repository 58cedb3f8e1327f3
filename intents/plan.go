package intents

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/getkin/kin-openapi/openapi3"
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
	if len(pl.steps) == 1 {
		if read, ok := readFirst(spec, pl.steps[0]); ok {
			pl.steps = read
		}
	}
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
		if _, err := spec.NewRequest(op, check, q, standInBody(op, body)); err != nil {
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
		if err := bodyRefs(s.Body, i); err != nil {
			return err
		}
		if _, err := spec.NewRequest(op, path, q, standInBody(op, s.Body)); err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
	}
	return nil
}

// readFirst completes a change that Clerk takes only whole: PATCH /jwt_templates/{id}
// requires name and claims even to change the lifetime. When d sets some fields but
// leaves out fields its body requires, and a GET of the same path returns an object
// that has them, the plan reads the object first and copies those fields from it
// ("$steps[0].claims"). The engine runs the read before the change is shown for
// approval, so the approver sees the whole body that will be sent. ok is false when
// nothing is missing or no read can supply it.
func readFirst(spec *clerk.Spec, d draft) ([]draft, bool) {
	op, ok := spec.Operation(d.op)
	if !ok || (op.Method != "PATCH" && op.Method != "PUT") || len(d.body) == 0 {
		return nil, false
	}
	bs := bodySchema(op)
	if bs == nil {
		return nil, false
	}
	var missing []string
	for _, f := range bs.Required {
		if _, set := d.body[f]; !set {
			missing = append(missing, f)
		}
	}
	get, ok := spec.Lookup("GET", op.Path)
	if len(missing) == 0 || !ok {
		return nil, false
	}
	obj := okSchema(get)
	if obj == nil || slices.ContainsFunc(missing, func(f string) bool { return obj.Properties[f] == nil }) {
		return nil, false
	}
	change := d
	change.body = maps.Clone(d.body)
	for _, f := range missing {
		change.body[f] = ref(0, f)
	}
	return []draft{{op: get.ID, path: maps.Clone(d.path)}, change}, true
}

// okSchema is the schema of the JSON object op answers with on 200, or nil.
func okSchema(op *clerk.Operation) *openapi3.Schema {
	o := op.OpenAPI()
	if o == nil || o.Responses == nil {
		return nil
	}
	r := o.Responses.Value("200")
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is("object") {
		return nil
	}
	return mt.Schema.Value
}

// standInBody replaces each top-level field of body that refers to an earlier step
// with a value of the field's type, for validation only: "$steps[0].claims" stands
// for an object. A reference in a string field, or nested deeper, is left as it is:
// a string takes it as it stands.
func standInBody(op *clerk.Operation, body []byte) []byte {
	if !bytes.Contains(body, []byte("$steps[")) {
		return body
	}
	bs := bodySchema(op)
	var obj map[string]any
	if bs == nil || json.Unmarshal(body, &obj) != nil {
		return body
	}
	for k, v := range obj {
		if items, ok := v.([]any); ok {
			obj[k] = standInItems(items)
			continue
		}
		s, isString := v.(string)
		prop := bs.Properties[k]
		if !isString || !refPattern.MatchString(s) || prop == nil || prop.Value == nil {
			continue
		}
		if stand, ok := standIn(prop.Value); ok {
			obj[k] = stand
		}
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return body
	}
	return out
}

// standInItems is a list as it is checked: without the items of an earlier step's
// list it spreads ("...$steps[0].blocked_country_codes"), and with "$not:X" read as
// X, so that X is checked as an item.
func standInItems(items []any) []any {
	out := make([]any, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		switch {
		case ok && strings.HasPrefix(s, SpreadPrefix) && refPattern.MatchString(s[len(SpreadPrefix):]):
		case ok && strings.HasPrefix(s, NotPrefix):
			out = append(out, s[len(NotPrefix):])
		default:
			out = append(out, it)
		}
	}
	return out
}

// standIn is a value of schema s's type that is not a string: an empty object or
// list, the least number allowed, false.
func standIn(s *openapi3.Schema) (any, bool) {
	switch {
	case s.Type.Is("object"):
		return map[string]any{}, true
	case s.Type.Is("array"):
		return []any{}, true
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min, true
		}
		return 0, true
	case s.Type.Is("boolean"):
		return false, true
	}
	return nil, false
}

// bodyRefs checks that every reference at the top level of body, or spread in one
// of its lists, refers to a step before step i.
func bodyRefs(body []byte, i int) error {
	if !bytes.Contains(body, []byte("$steps[")) {
		return nil
	}
	var obj map[string]any
	if json.Unmarshal(body, &obj) != nil {
		return nil
	}
	check := func(s string) error {
		if refPattern.MatchString(s) && !refersBack(s, i) {
			return fmt.Errorf("step %d: %s does not refer to an earlier step", i, s)
		}
		return nil
	}
	for _, v := range obj {
		switch v := v.(type) {
		case string:
			if err := check(v); err != nil {
				return err
			}
		case []any:
			for _, it := range v {
				if s, ok := it.(string); ok && strings.HasPrefix(s, SpreadPrefix) {
					if err := check(s[len(SpreadPrefix):]); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
