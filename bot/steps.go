package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/clerkbot/clerkbot/intents"
)

// refPattern is a reference to a field of an earlier step's result: "$steps[0].id".
var refPattern = regexp.MustCompile(`^\$steps\[(\d+)\]\.([A-Za-z0-9_.]+)$`)

// lookupError says why a reference could not be filled: nothing matched, or more than
// one thing did. Matches holds what matched, for the person to pick from.
type lookupError struct {
	step    int
	matches []object
	what    string
}

func (e *lookupError) Error() string {
	if len(e.matches) == 0 {
		return fmt.Sprintf("nothing matched %s", e.what)
	}
	return fmt.Sprintf("%d results matched %s; say which one by id", len(e.matches), e.what)
}

// resolveStep fills every "$steps[N].field" of st from the decoded results of earlier
// steps. A list result must hold exactly one item, so that an action never picks one of
// several people by itself.
func resolveStep(st intents.Step, results []any, describe func(int) string) (intents.Step, error) {
	out := st
	out.PathParams = make(map[string]string, len(st.PathParams))
	for k, v := range st.PathParams {
		r, err := resolveValue(v, results, describe)
		if err != nil {
			return st, err
		}
		out.PathParams[k] = r
	}
	out.Query = make(map[string][]string, len(st.Query))
	for k, vs := range st.Query {
		for _, v := range vs {
			r, err := resolveValue(v, results, describe)
			if err != nil {
				return st, err
			}
			out.Query[k] = append(out.Query[k], r)
		}
	}
	if len(st.Body) > 0 && strings.Contains(string(st.Body), "$steps[") {
		body, err := decodeJSON(st.Body)
		if err != nil {
			return st, fmt.Errorf("step body is not JSON: %w", err)
		}
		body, err = resolveJSON(body, results, describe)
		if err != nil {
			return st, err
		}
		data, err := json.Marshal(body)
		if err != nil {
			return st, err
		}
		out.Body = data
	}
	return out, nil
}

func resolveJSON(v any, results []any, describe func(int) string) (any, error) {
	switch v := v.(type) {
	case string:
		if !refPattern.MatchString(v) {
			return v, nil
		}
		return resolveField(v, results, describe)
	case map[string]any:
		for k, x := range v {
			r, err := resolveJSON(x, results, describe)
			if err != nil {
				return nil, err
			}
			v[k] = r
		}
	case []any:
		if slices.ContainsFunc(v, isSpread) {
			return resolveList(v, results, describe)
		}
		for i, x := range v {
			r, err := resolveJSON(x, results, describe)
			if err != nil {
				return nil, err
			}
			v[i] = r
		}
	}
	return v, nil
}

// isSpread reports whether x is a list item that spreads the list an earlier step
// read ("...$steps[0].blocked_country_codes", intents.SpreadPrefix).
func isSpread(x any) bool {
	s, ok := x.(string)
	return ok && strings.HasPrefix(s, intents.SpreadPrefix) && refPattern.MatchString(s[len(intents.SpreadPrefix):])
}

// resolveList resolves a list with spread items: the items read, then the items
// added, each once and in that order, without the items taken out ("$not:X",
// intents.NotPrefix). "block SMS to RU" sends the list Clerk has with RU added, since
// Clerk replaces the whole list.
func resolveList(items []any, results []any, describe func(int) string) (any, error) {
	var out, drop []any
	add := func(x any) {
		if !slices.ContainsFunc(out, func(y any) bool { return sameItem(x, y) }) {
			out = append(out, x)
		}
	}
	for _, it := range items {
		s, _ := it.(string)
		switch {
		case isSpread(it):
			v, err := resolveField(s[len(intents.SpreadPrefix):], results, describe)
			if err != nil {
				return nil, err
			}
			list, ok := v.([]any)
			if !ok {
				return nil, fmt.Errorf("%s: the value read is not a list", s[len(intents.SpreadPrefix):])
			}
			for _, x := range list {
				add(x)
			}
		case strings.HasPrefix(s, intents.NotPrefix):
			drop = append(drop, s[len(intents.NotPrefix):])
		default:
			add(it)
		}
	}
	out = slices.DeleteFunc(out, func(x any) bool {
		return slices.ContainsFunc(drop, func(d any) bool { return sameItem(x, d) })
	})
	if out == nil {
		out = []any{}
	}
	return out, nil
}

// sameItem compares two items of a list as JSON values.
func sameItem(a, b any) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(x) == string(y)
}

// resolveValue fills a reference in a path or query value, which must be a string or
// a number; any other value is returned as it is.
func resolveValue(v string, results []any, describe func(int) string) (string, error) {
	if !refPattern.MatchString(v) {
		return v, nil
	}
	cur, err := resolveField(v, results, describe)
	if err != nil {
		return "", err
	}
	switch x := cur.(type) {
	case string:
		if x != "" {
			return x, nil
		}
	case json.Number:
		return x.String(), nil
	}
	return "", fmt.Errorf("%s: the result of step %s is no text or number", v, strings.TrimPrefix(v, "$steps["))
}

// resolveField is the value a reference names in an earlier step's result, of any
// JSON type: an object for "$steps[0].claims", which a change copies whole. A field
// that is missing or null is an error, so that a change never sends null for it.
func resolveField(v string, results []any, describe func(int) string) (any, error) {
	m := refPattern.FindStringSubmatch(v)
	n, _ := strconv.Atoi(m[1])
	if n >= len(results) || results[n] == nil {
		return nil, fmt.Errorf("%s refers to step %d, which has not run", v, n)
	}
	item, err := single(results[n], n, describe)
	if err != nil {
		return nil, err
	}
	var cur any = map[string]any(item)
	for _, part := range strings.Split(m[2], ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: step %d's result has no %s", v, n, m[2])
		}
		cur = obj[part]
	}
	if cur == nil {
		return nil, fmt.Errorf("%s: step %d's result has no %s", v, n, m[2])
	}
	return cur, nil
}

// single returns the one object a result holds: the object itself, or the only item of
// a list (a bare array or {data: […]}).
func single(result any, step int, describe func(int) string) (object, error) {
	var items []any
	switch r := result.(type) {
	case map[string]any:
		data, isPage := r["data"].([]any)
		if !isPage {
			return object(r), nil
		}
		items = data
	case []any:
		items = r
	default:
		return nil, fmt.Errorf("step %d's result is not an object", step)
	}
	e := &lookupError{step: step, what: describe(step)}
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			e.matches = append(e.matches, object(m))
		}
	}
	if len(e.matches) != 1 {
		return nil, e
	}
	return e.matches[0], nil
}
