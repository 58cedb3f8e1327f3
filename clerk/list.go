package clerk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// defaultLimit is the page size of Clerk's LimitParameter, used when an operation's spec
// does not name its own.
const defaultLimit = 10

// List is one page of a list endpoint, whichever of Clerk's two shapes it came in: a bare
// JSON array (/users, /invitations, /sessions, …) or {"data": […], "total_count": N}.
type List struct {
	Items []json.RawMessage
	// Total is the number of items across all pages, when the response said
	// (TotalKnown); bare arrays never do.
	Total      int64
	TotalKnown bool
	// Next is the query for the next page, the request's query with offset or
	// starting_after moved on; nil when this is the last page.
	Next url.Values
}

// DecodeList decodes the body of a 2xx response to the list request r and works out the
// next page.
//
// There is a next page when the total is known and offset+len(items) < total, or, without
// a total, when the page is full (len(items) == limit, the spec's default limit when the
// query has none). GET /users pages with starting_after, the id of the last user, which
// costs Clerk the same on every page; DecodeList uses it whenever Clerk allows it (no
// offset, and order_by absent or a created_at ordering), and offset otherwise.
func DecodeList(r *Request, body []byte) (*List, error) {
	if r == nil || r.Op == nil {
		return nil, errors.New("clerk: DecodeList needs the request the body answers")
	}
	l, err := decodeItems(body)
	if err != nil {
		return nil, fmt.Errorf("clerk: %s: %w", r.Op.Key(), err)
	}
	limit, err := queryInt(r.Query, "limit", specDefault(r.Op, "limit", defaultLimit))
	if err != nil {
		return nil, fmt.Errorf("clerk: %s: %w", r.Op.Key(), err)
	}
	offset, err := queryInt(r.Query, "offset", 0)
	if err != nil {
		return nil, fmt.Errorf("clerk: %s: %w", r.Op.Key(), err)
	}
	n := int64(len(l.Items))
	var more bool
	switch {
	case n == 0:
		more = false
	case l.TotalKnown:
		more = offset+n < l.Total
	default:
		more = n >= limit
	}
	if !more {
		return l, nil
	}
	next := maps.Clone(r.Query)
	if next == nil {
		next = url.Values{}
	}
	if cursor, ok := nextCursor(r, l, offset); ok {
		next.Set("starting_after", cursor)
		next.Del("offset")
	} else {
		if offset > math.MaxInt64-n {
			return l, nil
		}
		next.Set("offset", strconv.FormatInt(offset+n, 10))
	}
	l.Next = next
	return l, nil
}

// NextRequest returns the request for the page after l, or nil on the last page. It
// keeps r's operation, version, path parameters and every query parameter but the
// position, as Clerk's cursor pagination requires.
func (l *List) NextRequest(r *Request) *Request {
	if l == nil || l.Next == nil || r == nil {
		return nil
	}
	next := *r
	next.Query = maps.Clone(l.Next)
	return &next
}

func decodeItems(body []byte) (*List, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, errors.New("the list response is empty")
	}
	switch body[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, fmt.Errorf("the list response is not a JSON array: %w", err)
		}
		return &List{Items: items}, nil
	case '{':
		var page struct {
			Data       *[]json.RawMessage `json:"data"`
			TotalCount *json.Number       `json:"total_count"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("the list response is not a JSON object with data: %w", err)
		}
		if page.Data == nil {
			return nil, errors.New("the list response is an object without a data array")
		}
		l := &List{Items: *page.Data}
		if page.TotalCount != nil {
			total, err := page.TotalCount.Int64()
			if err != nil || total < 0 {
				return nil, fmt.Errorf("the list response's total_count %s is not a count", page.TotalCount.String())
			}
			l.Total, l.TotalKnown = total, true
		}
		return l, nil
	case 'n':
		if string(body) == "null" {
			return &List{}, nil
		}
	}
	return nil, fmt.Errorf("the list response is neither a JSON array nor {data, total_count}: starts with %q", snippet(body, 20))
}

// nextCursor returns the starting_after value for the next page when the operation takes
// one and Clerk would accept it: a non-zero offset or an ordering other than created_at
// is a 422 with a cursor.
func nextCursor(r *Request, l *List, offset int64) (string, bool) {
	if r.Op.Param("query", "starting_after") == nil || offset != 0 {
		return "", false
	}
	switch strings.TrimSpace(r.Query.Get("order_by")) {
	case "", "created_at", "+created_at", "-created_at":
	default:
		return "", false
	}
	var last struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(l.Items[len(l.Items)-1], &last); err != nil || last.ID == "" {
		return "", false
	}
	if last.ID == r.Query.Get("starting_after") {
		return "", false // the same cursor again would loop for ever
	}
	return last.ID, true
}

// queryInt reads an integer query parameter, or def when it is absent.
func queryInt(q url.Values, name string, def int64) (int64, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s must be a whole number of zero or more, got %q", name, v)
	}
	return n, nil
}

// specDefault is the default the operation's spec gives a numeric query parameter.
func specDefault(op *Operation, name string, def int64) int64 {
	p := op.Param("query", name)
	if p == nil || p.Schema == nil || p.Schema.Value == nil {
		return def
	}
	switch v := p.Schema.Value.Default.(type) {
	case float64:
		if v >= 1 && v <= math.MaxInt32 {
			return int64(v)
		}
	case int:
		if v >= 1 {
			return int64(v)
		}
	case int64:
		if v >= 1 {
			return v
		}
	case json.Number:
		if n, err := v.Int64(); err == nil && n >= 1 {
			return n
		}
	}
	return def
}
