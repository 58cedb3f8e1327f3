package clerktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// form is a decoded JSON request body. Fields stay raw until read, so that an absent field,
// an explicit null and a value are told apart, and a type error names its parameter.
type form struct {
	fields map[string]json.RawMessage
}

// parseForm decodes a JSON object body and rejects fields outside allowed. An empty body is
// an empty object.
func parseForm(body []byte, allowed ...string) (form, *apiError) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return form{fields: map[string]json.RawMessage{}}, nil
	}
	if !json.Valid(body) {
		return form{}, errMalformed("The request body is not valid JSON.")
	}
	if body[0] != '{' {
		return form{}, errMalformed("The request body must be a JSON object.")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return form{}, errMalformed("The request body could not be decoded: " + err.Error())
	}
	return newForm(fields, allowed)
}

// parseFormList decodes a JSON array of objects, the body of the bulk endpoints.
func parseFormList(body []byte, max int, allowed ...string) ([]form, *apiError) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || !json.Valid(body) {
		return nil, errMalformed("The request body must be a JSON array of objects.")
	}
	if body[0] != '[' {
		return nil, errMalformed("The request body must be a JSON array of objects.")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, errMalformed("The request body could not be decoded: " + err.Error())
	}
	if len(items) == 0 || len(items) > max {
		return nil, errParamValue("body", fmt.Sprintf("Send between 1 and %d items.", max))
	}
	out := make([]form, len(items))
	for i, raw := range items {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
			return nil, errMalformed(fmt.Sprintf("Item %d of the request body must be a JSON object.", i))
		}
		f, err := newForm(fields, allowed)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func newForm(fields map[string]json.RawMessage, allowed []string) (form, *apiError) {
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(allowed, k) {
			return form{}, errParamUnknown(k)
		}
	}
	return form{fields: fields}, nil
}

// formOf builds a form from Go values, for seeding through the same validation as the API.
func formOf(fields map[string]any) form {
	f := form{fields: map[string]json.RawMessage{}}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err == nil {
			f.fields[k] = b
		}
	}
	return f
}

// has reports whether the field is present, null or not.
func (f form) has(name string) bool { _, ok := f.fields[name]; return ok }

func (f form) null(name string) bool {
	raw, ok := f.fields[name]
	return ok && string(raw) == "null"
}

// str returns a string field; nil when absent or null.
func (f form) str(name string) (*string, *apiError) {
	raw, ok := f.fields[name]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errParamFormat(name, name+" must be a string.")
	}
	return &v, nil
}

// requiredStr returns a string field that must be present and non-empty.
func (f form) requiredStr(name string) (string, *apiError) {
	v, err := f.str(name)
	if err != nil {
		return "", err
	}
	if v == nil || strings.TrimSpace(*v) == "" {
		return "", errParamMissing(name)
	}
	return *v, nil
}

func (f form) strList(name string) ([]string, *apiError) {
	raw, ok := f.fields[name]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var v []string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errParamFormat(name, name+" must be an array of strings.")
	}
	return v, nil
}

func (f form) boolean(name string) (*bool, *apiError) {
	raw, ok := f.fields[name]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var v bool
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errParamFormat(name, name+" must be a boolean.")
	}
	return &v, nil
}

func (f form) integer(name string) (*int64, *apiError) {
	raw, ok := f.fields[name]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, errParamFormat(name, name+" must be an integer.")
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return nil, errParamFormat(name, name+" must be an integer.")
	}
	return &v, nil
}

// object returns a JSON object field, with numbers kept as json.Number. nullable says
// whether null is accepted (it is returned as a nil map with present true).
func (f form) object(name string, nullable bool) (m map[string]any, present bool, _ *apiError) {
	raw, ok := f.fields[name]
	if !ok {
		return nil, false, nil
	}
	if string(raw) == "null" {
		if nullable {
			return nil, true, nil
		}
		return nil, false, errParamFormat(name, name+" must be a JSON object, not null.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false, errParamFormat(name, name+" must be a JSON object.")
	}
	return m, true, nil
}

// timestamp returns an RFC 3339 field as Unix milliseconds.
func (f form) timestamp(name string) (*int64, *apiError) {
	v, err := f.str(name)
	if err != nil || v == nil {
		return nil, err
	}
	t, perr := time.Parse(time.RFC3339Nano, *v)
	if perr != nil {
		return nil, errParamFormat(name, name+" must be an RFC 3339 date-time, such as 2012-10-20T07:15:20.902Z.")
	}
	ms := t.UnixMilli()
	return &ms, nil
}

// page is a parsed limit/offset pair.
type page struct{ limit, offset int }

// parsePage reads limit (1–500, default 10) and offset (≥ 0, default 0).
func parsePage(q url.Values) (page, *apiError) {
	p := page{limit: 10}
	if v, ok := first(q, "limit"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return p, errParamFormat("limit", "limit must be an integer.")
		}
		if n < 1 || n > 500 {
			return p, errParamValue("limit", "limit must be between 1 and 500.")
		}
		p.limit = n
	}
	if v, ok := first(q, "offset"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return p, errParamFormat("offset", "offset must be an integer.")
		}
		if n < 0 {
			return p, errParamValue("offset", "offset must be greater than or equal to 0.")
		}
		p.offset = n
	}
	return p, nil
}

// apply returns the page's window of s.
func apply[T any](p page, s []T) []T {
	if p.offset >= len(s) {
		return []T{}
	}
	end := min(len(s), p.offset+p.limit)
	return s[p.offset:end]
}

// first returns the first value of a query parameter; an empty value counts as absent.
func first(q url.Values, name string) (string, bool) {
	v := q[name]
	if len(v) == 0 || v[0] == "" {
		return "", false
	}
	return v[0], true
}

// values returns the non-empty values of a repeatable query parameter. Clerk's clients send
// arrays either as repeated parameters or as one comma-separated value; both are accepted.
func values(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func queryInt(q url.Values, name string) (*int64, *apiError) {
	v, ok := first(q, name)
	if !ok {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, errParamFormat(name, name+" must be an integer (Unix milliseconds).")
	}
	return &n, nil
}

func queryBool(q url.Values, name string) (*bool, *apiError) {
	v, ok := first(q, name)
	if !ok {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, errParamFormat(name, name+" must be true or false.")
	}
	return &b, nil
}

// orderBy is a parsed order_by value such as "-created_at".
type orderBy struct {
	field string
	desc  bool
}

// parseOrderBy reads order_by against the allowed fields. A leading "+" that arrived
// unencoded in a query string decodes as a space and is read as "+".
func parseOrderBy(q url.Values, def string, allowed ...string) (orderBy, *apiError) {
	v, ok := first(q, "order_by")
	if !ok {
		v = def
	}
	o := orderBy{field: strings.TrimSpace(v)}
	switch {
	case strings.HasPrefix(o.field, "-"):
		o.field, o.desc = o.field[1:], true
	case strings.HasPrefix(o.field, "+"):
		o.field = o.field[1:]
	}
	if !slices.Contains(allowed, o.field) {
		return o, errParamValue("order_by", fmt.Sprintf("order_by must be one of %s, optionally prefixed with + or -.", strings.Join(allowed, ", ")))
	}
	return o, nil
}

// idFilter is a list of ids each optionally prefixed with + (include) or - (exclude).
type idFilter struct{ include, exclude []string }

func parseIDFilter(q url.Values, name string) idFilter {
	var f idFilter
	for _, v := range values(q, name) {
		switch {
		case strings.HasPrefix(v, "-"):
			f.exclude = append(f.exclude, v[1:])
		case strings.HasPrefix(v, "+"):
			f.include = append(f.include, v[1:])
		default:
			// A "+" sent unencoded arrives as a space, trimmed by values.
			f.include = append(f.include, v)
		}
	}
	return f
}

func (f idFilter) empty() bool { return len(f.include) == 0 && len(f.exclude) == 0 }

// matchAny reports whether the ids of an object pass the filter: at least one included id
// when any are listed, and no excluded id.
func (f idFilter) matchAny(ids ...string) bool {
	for _, id := range ids {
		if slices.Contains(f.exclude, id) {
			return false
		}
	}
	if len(f.include) == 0 {
		return true
	}
	for _, id := range ids {
		if slices.Contains(f.include, id) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func containsFoldAny(list []string, v string) bool {
	return slices.ContainsFunc(list, func(e string) bool { return strings.EqualFold(e, v) })
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

// cmpInts orders two timestamps for sorting; a missing value sorts first.
func cmpInts(a, b *int64) int {
	av, bv := int64(math.MinInt64), int64(math.MinInt64)
	if a != nil {
		av = *a
	}
	if b != nil {
		bv = *b
	}
	switch {
	case av < bv:
		return -1
	case av > bv:
		return 1
	}
	return 0
}
