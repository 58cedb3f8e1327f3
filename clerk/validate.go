package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// ValidationError lists every problem found in a request, each one a sentence a person
// can act on ("limit must be an integer between 1 and 500, got \"abc\"").
type ValidationError struct {
	Op       string // "GET /users"
	Problems []string
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Op + ": " + e.Problems[0]
	}
	return e.Op + ": " + strconv.Itoa(len(e.Problems)) + " problems: " + strings.Join(e.Problems, "; ")
}

// maxBodyBytes bounds the JSON body a person can hand us; Clerk's own bodies are small.
const maxBodyBytes = 1 << 20

// NewRequest builds a request for op and validates it. pathParams are unescaped values;
// body is JSON or nil. The returned error is a *ValidationError listing every problem.
func (s *Spec) NewRequest(op *Operation, pathParams map[string]string, query url.Values, body []byte) (*Request, error) {
	if op == nil {
		return nil, errors.New("no operation given")
	}
	r := &Request{
		Op:         op,
		Version:    s.Version,
		PathParams: pathParams,
		Query:      query,
	}
	if r.PathParams == nil {
		r.PathParams = map[string]string{}
	}
	if r.Query == nil {
		r.Query = url.Values{}
	}
	if len(bytes.TrimSpace(body)) > 0 {
		r.Body = json.RawMessage(body)
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// Validate checks the request against its operation's spec: the checks of kin-openapi's
// openapi3filter (types, ranges, enums, required parameters and body schema), plus what
// it lets through: undeclared query parameters and body fields, repeated single-valued
// parameters, and path values that could leave their segment. Defaults are never added.
func (r *Request) Validate() error {
	if r == nil || r.Op == nil {
		return errors.New("request has no operation")
	}
	return r.validate()
}

func (r *Request) validate() error {
	p := &problems{}
	op := r.Op
	r.checkPath(p)
	r.checkQuery(p)
	r.checkBody(p)
	r.filter(p)
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Op: op.Key(), Problems: p.list}
}

// problems collects sentences, at most one per place (a parameter or a body field), in
// the order found.
type problems struct {
	list []string
	seen map[string]bool
}

func (p *problems) add(place, msg string) {
	if p.seen == nil {
		p.seen = make(map[string]bool)
	}
	if place != "" {
		if p.seen[place] {
			return
		}
		p.seen[place] = true
	}
	p.list = append(p.list, msg)
}

func (r *Request) checkPath(p *problems) {
	names := r.Op.PathParams()
	for _, name := range names {
		v, ok := r.PathParams[name]
		if !ok || v == "" {
			p.add("path:"+name, fmt.Sprintf("%s is required in the path %s", name, r.Op.Path))
			continue
		}
		if err := checkPathValue(name, v); err != nil {
			p.add("path:"+name, err.Error())
		}
	}
	var extra []string
	for name := range r.PathParams {
		if !slices.Contains(names, name) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	for _, name := range extra {
		p.add("path:"+name, fmt.Sprintf("%s is not a path parameter of %s", name, r.Op.Path))
	}
}

func (r *Request) checkQuery(p *problems) {
	keys := make([]string, 0, len(r.Query))
	for k := range r.Query {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		param := r.Op.Param("query", k)
		if param == nil {
			p.add("query:"+k, fmt.Sprintf("%s is not a query parameter of %s; %s",
				k, r.Op.Key(), acceptHint(k, r.queryNames())))
			continue
		}
		vals := r.Query[k]
		if len(vals) > 1 && !isArray(param.Schema) {
			p.add("query:"+k, fmt.Sprintf("%s takes one value, got %d (%s)", k, len(vals), strings.Join(quoteAll(vals), ", ")))
		}
	}
	for _, param := range r.Op.Params {
		if param.In == "query" && param.Required && len(r.Query[param.Name]) == 0 {
			p.add("query:"+param.Name, fmt.Sprintf("%s is required: %s", param.Name, describeParam(param)))
		}
	}
}

func (r *Request) queryNames() []string {
	var names []string
	for _, param := range r.Op.Params {
		if param.In == "query" {
			names = append(names, param.Name)
		}
	}
	return names
}

func (r *Request) checkBody(p *problems) {
	rb := r.Op.op.RequestBody
	if rb == nil || rb.Value == nil {
		if r.Body != nil {
			p.add("body", fmt.Sprintf("%s takes no body; remove the JSON", r.Op.Key()))
		}
		return
	}
	media := rb.Value.Content.Get("application/json")
	if media == nil {
		types := make([]string, 0, len(rb.Value.Content))
		for ct := range rb.Value.Content {
			types = append(types, ct)
		}
		slices.Sort(types)
		p.add("body", fmt.Sprintf("%s takes %s, not JSON; clerkbot cannot send it", r.Op.Key(), strings.Join(types, " or ")))
		return
	}
	if r.Body == nil {
		// Clerk marks few bodies required, but a schema with required fields cannot be
		// met without one.
		if rb.Value.Required || (media.Schema != nil && media.Schema.Value != nil && len(media.Schema.Value.Required) > 0) {
			msg := fmt.Sprintf("%s needs a JSON body", r.Op.Key())
			if media.Schema != nil && media.Schema.Value != nil && len(media.Schema.Value.Required) > 0 {
				msg += " with " + strings.Join(media.Schema.Value.Required, ", ")
			}
			p.add("body", msg)
		}
		return
	}
	if len(r.Body) > maxBodyBytes {
		p.add("body", fmt.Sprintf("the JSON body is %d bytes; the limit is %d", len(r.Body), maxBodyBytes))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		p.add("body", "the body is not valid JSON: "+jsonProblem(err))
		return
	}
	if dec.More() {
		p.add("body", "the body holds more than one JSON value; send one object")
		return
	}
	if media.Schema != nil {
		checkFields("", v, media.Schema.Value, p, 0)
	}
}

func jsonProblem(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("%v (at byte %d)", syn, syn.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends too early"
	}
	return err.Error()
}

// checkFields walks a body value along its schema, reporting fields the schema does not
// declare and required fields that are missing. kin-openapi accepts undeclared fields
// unless the schema says additionalProperties: false, but Clerk silently ignores many of
// them, so a typo would pass unnoticed.
func checkFields(at string, v any, s *openapi3.Schema, p *problems, depth int) {
	if s == nil || depth > 16 {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		props, required, open, extra := objectShape(s)
		if len(props) == 0 && (open || extra == nil) && len(required) == 0 {
			if extra != nil {
				for _, k := range sortedKeys(v) {
					checkFields(join(at, k), v[k], extra, p, depth+1)
				}
			}
			return // a free-form object, such as metadata
		}
		for _, k := range sortedKeys(v) {
			if ps, ok := props[k]; ok {
				checkFields(join(at, k), v[k], ps, p, depth+1)
				continue
			}
			if extra != nil {
				checkFields(join(at, k), v[k], extra, p, depth+1)
				continue
			}
			if !open {
				names := make([]string, 0, len(props))
				for name := range props {
					names = append(names, name)
				}
				slices.Sort(names)
				where := "the body"
				if at != "" {
					where = at
				}
				p.add("body:"+join(at, k), fmt.Sprintf("%s is not a field of %s; %s", join(at, k), where, acceptHint(k, names)))
			}
		}
		for _, name := range required {
			if _, ok := v[name]; !ok {
				p.add("body:"+join(at, name), fmt.Sprintf("%s is required in the body", join(at, name)))
			}
		}
	case []any:
		if s.Items != nil {
			for i, item := range v {
				checkFields(at+"["+strconv.Itoa(i)+"]", item, s.Items.Value, p, depth+1)
			}
		}
	}
}

// objectShape merges an object schema with its allOf parts. Properties of oneOf/anyOf
// alternatives are accepted but not required, since any one of them may be meant.
// open means undeclared keys are allowed; extra is the schema of undeclared values when
// additionalProperties is a schema.
func objectShape(s *openapi3.Schema) (props map[string]*openapi3.Schema, required []string, open bool, extra *openapi3.Schema) {
	props = make(map[string]*openapi3.Schema)
	explicitlyOpen := false
	var walk func(s *openapi3.Schema, strict bool, depth int)
	walk = func(s *openapi3.Schema, strict bool, depth int) {
		if s == nil || depth > 8 {
			return
		}
		for name, ref := range s.Properties {
			if ref != nil && ref.Value != nil {
				props[name] = ref.Value
			}
		}
		if strict {
			required = append(required, s.Required...)
		}
		if s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has {
			explicitlyOpen = true
		}
		if s.AdditionalProperties.Schema != nil && s.AdditionalProperties.Schema.Value != nil {
			extra = s.AdditionalProperties.Schema.Value
		}
		for _, ref := range s.AllOf {
			if ref != nil {
				walk(ref.Value, strict, depth+1)
			}
		}
		for _, refs := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
			for _, ref := range refs {
				if ref != nil {
					walk(ref.Value, false, depth+1)
				}
			}
		}
	}
	walk(s, true, 0)
	slices.Sort(required)
	required = slices.Compact(required)
	return props, required, explicitlyOpen, extra
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// filter runs kin-openapi's request validator and turns its findings into sentences,
// skipping places the checks above already reported.
func (r *Request) filter(p *problems) {
	op := r.Op
	if p.seen["body"] {
		// An unparseable or unsendable body would only repeat the same problem.
		return
	}
	target := "https://api.clerk.invalid" + r.Path()
	if q := r.Query.Encode(); q != "" {
		target += "?" + q
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	hr, err := http.NewRequest(op.Method, target, body)
	if err != nil {
		p.add("url", "the request cannot be built: "+err.Error())
		return
	}
	if r.Body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    hr,
		PathParams: r.PathParams,
		Route: &routers.Route{
			Spec:      op.doc,
			Path:      op.Path,
			PathItem:  op.pathItem,
			Method:    op.Method,
			Operation: op.op,
		},
		Options: &openapi3filter.Options{
			MultiError:          true,
			SkipSettingDefaults: true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		},
	}
	err = openapi3filter.ValidateRequest(context.Background(), input)
	if err == nil {
		return
	}
	for _, e := range flatten(err) {
		r.explain(e, p)
	}
}

func flatten(err error) []error {
	// A direct type check, not errors.As: a RequestError wraps a MultiError of schema
	// errors, and unwrapping through it would lose which parameter or body it was about.
	if multi, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range multi {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// explain turns one kin-openapi error into a sentence.
func (r *Request) explain(err error, p *problems) {
	var reqErr *openapi3filter.RequestError
	if errors.As(err, &reqErr) {
		if param := reqErr.Parameter; param != nil {
			place := param.In + ":" + param.Name
			var got string
			switch param.In {
			case "query":
				got = strings.Join(quoteAll(r.Query[param.Name]), ", ")
			case "path":
				got = strconv.Quote(r.PathParams[param.Name])
			}
			if got == "" {
				p.add(place, fmt.Sprintf("%s is required: %s", param.Name, describeParam(param)))
				return
			}
			p.add(place, fmt.Sprintf("%s must be %s, got %s", param.Name, describeSchema(schemaOf(param.Schema)), got))
			return
		}
		if reqErr.RequestBody != nil {
			for _, inner := range flatten(reqErr.Err) {
				explainBody(inner, reqErr.Reason, p)
			}
			return
		}
	}
	var secErr *openapi3filter.SecurityRequirementsError
	if errors.As(err, &secErr) {
		return // authentication is the client's job, not the request's
	}
	p.add("", err.Error())
}

func explainBody(err error, reason string, p *problems) {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		msg := reason
		if msg == "" {
			msg = err.Error()
		}
		p.add("body", "the body is invalid: "+msg)
		return
	}
	at := strings.Join(se.JSONPointer(), ".")
	// kin-openapi reports a missing or undeclared field on the parent object; checkFields
	// has already reported it on the field itself, with the fields that are accepted.
	if name, ok := propertyIn(se.Reason); ok {
		if p.seen["body:"+join(at, name)] {
			return
		}
		p.add("body:"+join(at, name), fmt.Sprintf("%s: %s", orBody(at), se.Reason))
		return
	}
	if se.SchemaField == "anyOf" || se.SchemaField == "oneOf" {
		p.add("body:"+at, fmt.Sprintf("%s %s", orBody(at), describeAlternatives(se.Schema, se.SchemaField)))
		return
	}
	p.add("body:"+at, fmt.Sprintf("%s must be %s, got %s", orBody(at), describeSchema(se.Schema), short(se.Value)))
}

// describeAlternatives says what anyOf or oneOf asks for. Clerk uses them mostly to
// require one of several fields ("domain" or "domains"), so those are named.
func describeAlternatives(s *openapi3.Schema, field string) string {
	refs := s.AnyOf
	if field == "oneOf" {
		refs = s.OneOf
	}
	var needs []string
	for _, ref := range refs {
		if ref == nil || ref.Value == nil || len(ref.Value.Required) == 0 {
			needs = nil
			break
		}
		needs = append(needs, strings.Join(ref.Value.Required, " and "))
	}
	switch {
	case len(needs) > 0 && field == "oneOf":
		return "needs exactly one of: " + strings.Join(needs, "; or ")
	case len(needs) > 0:
		return "needs at least one of: " + strings.Join(needs, "; or ")
	}
	return fmt.Sprintf("matches none of the %d forms the endpoint accepts; ask for its help to see them", len(refs))
}

// propertyIn finds NAME in kin-openapi's `property "NAME" is missing` and
// `property "NAME" is unsupported`.
func propertyIn(reason string) (string, bool) {
	rest, ok := strings.CutPrefix(reason, `property "`)
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, `"`)
	return name, ok
}

func orBody(at string) string {
	if at == "" {
		return "the body"
	}
	return at
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return s
}

func schemaOf(ref *openapi3.SchemaRef) *openapi3.Schema {
	if ref == nil {
		return nil
	}
	return ref.Value
}

func isArray(ref *openapi3.SchemaRef) bool {
	s := schemaOf(ref)
	return s != nil && s.Type != nil && s.Type.Is(openapi3.TypeArray)
}

func describeParam(param *openapi3.Parameter) string {
	return describeSchema(schemaOf(param.Schema))
}

// describeSchema says in words what a value must be: "an integer between 1 and 500",
// "one of pending, accepted, revoked", "a list of strings".
func describeSchema(s *openapi3.Schema) string {
	if s == nil {
		return "a value"
	}
	var d string
	switch {
	case len(s.Enum) > 0:
		vals := make([]string, 0, len(s.Enum))
		for _, e := range s.Enum {
			vals = append(vals, fmt.Sprint(e))
		}
		if len(vals) > 10 {
			vals = append(vals[:10], "…")
		}
		d = "one of " + strings.Join(vals, ", ")
	case s.Type == nil || s.Type.IsEmpty():
		d = "a value"
	case s.Type.Is(openapi3.TypeInteger):
		d = "an integer" + bounds(s)
	case s.Type.Is(openapi3.TypeNumber):
		d = "a number" + bounds(s)
	case s.Type.Is(openapi3.TypeBoolean):
		d = "true or false"
	case s.Type.Is(openapi3.TypeString):
		d = "a string"
		switch {
		case s.Format == "date-time":
			d = "a date-time such as 2026-01-02T15:04:05Z"
		case s.Format == "email":
			d = "an email address"
		case s.Pattern != "":
			d += " matching " + s.Pattern
		case s.MinLength > 0 && s.MaxLength != nil:
			d += fmt.Sprintf(" of %d to %d characters", s.MinLength, *s.MaxLength)
		case s.MinLength > 0:
			d += fmt.Sprintf(" of at least %d characters", s.MinLength)
		case s.MaxLength != nil:
			d += fmt.Sprintf(" of at most %d characters", *s.MaxLength)
		}
	case s.Type.Is(openapi3.TypeArray):
		d = "a list"
		if s.Items != nil && s.Items.Value != nil {
			d += " of " + plural(s.Items.Value)
		}
	case s.Type.Is(openapi3.TypeObject):
		d = "a JSON object"
	default:
		d = "a " + strings.Join(s.Type.Slice(), " or ")
	}
	if s.Nullable {
		d += " or null"
	}
	return d
}

// plural names the items of a list: "strings", "integers", "values, each one of a, b".
func plural(s *openapi3.Schema) string {
	switch {
	case len(s.Enum) > 0:
		return "values, each " + describeSchema(s)
	case s.Type == nil:
	case s.Type.Is(openapi3.TypeString):
		return "strings"
	case s.Type.Is(openapi3.TypeInteger):
		return "integers"
	case s.Type.Is(openapi3.TypeNumber):
		return "numbers"
	case s.Type.Is(openapi3.TypeBoolean):
		return "true/false values"
	case s.Type.Is(openapi3.TypeObject):
		return "JSON objects"
	}
	return "values, each " + describeSchema(s)
}

func bounds(s *openapi3.Schema) string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch {
	case s.Min != nil && s.Max != nil:
		return " between " + num(*s.Min) + " and " + num(*s.Max)
	case s.Min != nil:
		return " of at least " + num(*s.Min)
	case s.Max != nil:
		return " of at most " + num(*s.Max)
	}
	return ""
}

func quoteAll(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = strconv.Quote(v)
	}
	return out
}

// acceptHint suggests the accepted name closest to a mistyped one, or lists them all.
func acceptHint(got string, names []string) string {
	if best, ok := Closest(got, names); ok {
		return "did you mean " + best + "?"
	}
	return "it accepts " + listOrNone(names)
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	if len(names) > 15 {
		return strings.Join(names[:15], ", ") + fmt.Sprintf(" and %d more", len(names)-15)
	}
	return strings.Join(names, ", ")
}
