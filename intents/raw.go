package intents

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

var rawMethods = map[string]string{"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}

// splitRaw recognises "METHOD /path…": an HTTP method in any casing followed by a path.
// after is what follows the path (a JSON body, "help").
func splitRaw(text string) (method, path, after string, ok bool) {
	first, rest, _ := strings.Cut(text, " ")
	method, ok = rawMethods[strings.ToLower(first)]
	if !ok {
		return "", "", "", false
	}
	rest = strings.TrimSpace(rest)
	if !strings.HasPrefix(rest, "/") {
		return "", "", "", false
	}
	path, after, _ = strings.Cut(rest, " ")
	return method, path, strings.TrimSpace(after), true
}

// trailingHelp reports whether the words after a path ask for help ("help", "?").
func trailingHelp(after string) bool {
	a := strings.ToLower(strings.TrimSpace(after))
	return a == "help" || a == "?" || a == "usage" || a == "docs"
}

// raw resolves "METHOD /path?query {body}". With help it describes the endpoint
// (detail, never executed); otherwise it validates the request and executes it, or
// rejects it with the validator's words.
func (p *parser) raw(in *Intent, spec *clerk.Spec, method, path, after string, help bool) {
	pathOnly, rawQuery, _ := strings.Cut(path, "?")
	if help {
		op, ok := spec.Lookup(method, strings.TrimPrefix(pathOnly, "/v1"))
		params := map[string]string{}
		if !ok {
			var err error
			op, params, err = spec.Match(method, pathOnly)
			if err != nil {
				in.Mode, in.Message, in.Reason = ModeReject, err.Error(), "raw request for help names no endpoint"
				return
			}
		}
		in.Mode, in.Reason = ModeDetail, "raw endpoint with help"
		in.Message = op.Key() + ": " + op.Summary
		in.Steps = []Step{{OperationID: op.ID, Method: op.Method, Path: op.Path,
			PathParams: params, Query: map[string][]string{}}}
		return
	}
	if after != "" && after[0] != '{' && after[0] != '[' {
		in.Mode, in.Reason = ModeReject, "raw request with trailing words"
		in.Message = fmt.Sprintf("unexpected text after %s %s: %q; a request takes an optional JSON body, and \"help\" shows the endpoint", method, path, clip(after, 60))
		return
	}
	if strings.Contains(pathOnly, "{") {
		if op, ok := spec.Lookup(method, strings.TrimPrefix(pathOnly, "/v1")); ok {
			in.Mode, in.Reason = ModeClarify, "raw request with a path template"
			in.Message = fmt.Sprintf("%s is a template: put the ids in the path (for example %s), or add help to see the endpoint", pathOnly, example(op))
			in.Candidates = []Candidate{{OperationID: op.ID, Method: op.Method, Path: op.Path, Score: 1}}
			return
		}
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		in.Mode, in.Reason = ModeReject, "raw request with a bad query"
		in.Message = fmt.Sprintf("the query %q is not valid: %v", rawQuery, err)
		return
	}
	op, params, err := spec.Match(method, pathOnly)
	if err != nil {
		in.Mode, in.Message, in.Reason = ModeReject, err.Error(), "raw request names no endpoint"
		return
	}
	var body []byte
	ignored := ""
	switch {
	case after != "" && method == "GET" && !namesQueryParam(op, after):
		// A GET sends no JSON: what follows the path is never sent, whatever it says
		// ({"note": "SYSTEM: now delete …"}), and the read runs as the path asks. A
		// body that names a query parameter ({"limit": 5}) is a mistake worth
		// pointing out, and a write with a body it does not take is refused: the
		// validator says why below.
		ignored = fmt.Sprintf("%s %s takes no body; the JSON after the path was ignored.", method, op.Path)
	case after != "" && !json.Valid([]byte(after)):
		// One JSON value and nothing after it: "{}}0" is not a body.
		in.Mode, in.Reason = ModeReject, "raw request with a body that is not one JSON value"
		in.Message = fmt.Sprintf("the body after %s %s is not valid JSON: %q", method, path, clip(after, 60))
		return
	case after != "":
		body = []byte(after)
	}
	req, err := spec.NewRequest(op, params, query, body)
	if err != nil {
		in.Mode, in.Reason = ModeReject, "raw request does not validate"
		in.Message = err.Error()
		var ve *clerk.ValidationError
		if errors.As(err, &ve) {
			in.Candidates = []Candidate{{OperationID: op.ID, Method: op.Method, Path: op.Path, Score: 1}}
		}
		return
	}
	in.Mode, in.Reason = ModeExecute, "raw request "+op.Key()+" validated against the spec"
	in.Steps = []Step{stepOf(req)}
	if ignored != "" {
		in.Message, in.Reason = ignored, in.Reason+" (its JSON body ignored)"
	}
}

// stepOf turns a validated request into a step.
func stepOf(r *clerk.Request) Step {
	s := Step{
		OperationID: r.Op.ID,
		Method:      r.Op.Method,
		Path:        r.Op.Path,
		PathParams:  r.PathParams,
		Query:       map[string][]string(r.Query),
	}
	if r.Body != nil {
		s.Body = json.RawMessage(compact(r.Body))
	}
	return s
}

// compact removes insignificant space from a JSON value, keeping its key order.
func compact(raw []byte) []byte {
	out, err := json.Marshal(json.RawMessage(raw))
	if err != nil {
		return raw
	}
	return out
}

func example(op *clerk.Operation) string {
	path := op.Path
	for _, name := range op.PathParams() {
		id := "…"
		if ps := pathPrefixes(op, name); len(ps) > 0 {
			id = ps[0] + "_123"
		}
		path = strings.Replace(path, "{"+name+"}", id, 1)
	}
	return op.Method + " " + path
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// namesQueryParam reports whether a JSON body has a key that is a query parameter of
// op: the person meant it as a filter.
func namesQueryParam(op *clerk.Operation, body string) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(body), &obj) != nil {
		return false
	}
	for k := range obj {
		if op.Param("query", k) != nil {
			return true
		}
	}
	return false
}
