package clerk_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/google/go-cmp/cmp"
)

// users renders a bare array of n users with ids user_1…user_n.
func users(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"user_%d","object":"user"}`, i+1)
	}
	return "[" + strings.Join(items, ",") + "]"
}

// orgs renders a {data, total_count} page of n organizations.
func orgs(n int, total string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"org_%d","object":"organization"}`, i+1)
	}
	doc := `{"data":[` + strings.Join(items, ",") + `]`
	if total != "" {
		doc += `,"total_count":` + total
	}
	return doc + "}"
}

func TestDecodeList(t *testing.T) {
	tests := []struct {
		name       string
		op         string
		query      url.Values
		body       string
		wantItems  int
		wantTotal  int64
		wantKnown  bool
		wantNext   url.Values
		wantErrMsg string
	}{
		{name: "users full page pages by starting_after", op: "GetUserList",
			query: url.Values{"limit": {"3"}, "email_address": {"a@b.co"}}, body: users(3), wantItems: 3,
			wantNext: url.Values{"limit": {"3"}, "email_address": {"a@b.co"}, "starting_after": {"user_3"}}},
		{name: "users default limit is the spec's 10", op: "GetUserList", body: users(10), wantItems: 10,
			wantNext: url.Values{"starting_after": {"user_10"}}},
		{name: "users short page is the last", op: "GetUserList", query: url.Values{"limit": {"3"}}, body: users(2), wantItems: 2},
		{name: "users empty page", op: "GetUserList", body: `[]`},
		{name: "users cursor moves on", op: "GetUserList", query: url.Values{"limit": {"2"}, "starting_after": {"user_0"}},
			body: users(2), wantItems: 2, wantNext: url.Values{"limit": {"2"}, "starting_after": {"user_2"}}},
		{name: "users with created_at order keep the cursor", op: "GetUserList",
			query: url.Values{"limit": {"1"}, "order_by": {"+created_at"}}, body: users(1), wantItems: 1,
			wantNext: url.Values{"limit": {"1"}, "order_by": {"+created_at"}, "starting_after": {"user_1"}}},
		{name: "users with an offset page by offset", op: "GetUserList",
			query: url.Values{"limit": {"2"}, "offset": {"4"}}, body: users(2), wantItems: 2,
			wantNext: url.Values{"limit": {"2"}, "offset": {"6"}}},
		{name: "users ordered by name page by offset", op: "GetUserList",
			query: url.Values{"limit": {"2"}, "order_by": {"-first_name"}}, body: users(2), wantItems: 2,
			wantNext: url.Values{"limit": {"2"}, "order_by": {"-first_name"}, "offset": {"2"}}},
		{name: "invitations bare array by offset", op: "ListInvitations",
			query: url.Values{"limit": {"2"}, "status": {"pending"}}, body: `[{"id":"inv_1"},{"id":"inv_2"}]`, wantItems: 2,
			wantNext: url.Values{"limit": {"2"}, "status": {"pending"}, "offset": {"2"}}},
		{name: "orgs total says more", op: "ListOrganizations", query: url.Values{"limit": {"2"}},
			body: orgs(2, "5"), wantItems: 2, wantTotal: 5, wantKnown: true,
			wantNext: url.Values{"limit": {"2"}, "offset": {"2"}}},
		{name: "orgs last page by total", op: "ListOrganizations", query: url.Values{"limit": {"2"}, "offset": {"4"}},
			body: orgs(1, "5"), wantItems: 1, wantTotal: 5, wantKnown: true},
		{name: "orgs total wins over a full page", op: "ListOrganizations", query: url.Values{"limit": {"2"}, "offset": {"3"}},
			body: orgs(2, "5"), wantItems: 2, wantTotal: 5, wantKnown: true},
		{name: "orgs short page before total moves by what came", op: "ListOrganizations",
			query: url.Values{"limit": {"10"}}, body: orgs(3, "7"), wantItems: 3, wantTotal: 7, wantKnown: true,
			wantNext: url.Values{"limit": {"10"}, "offset": {"3"}}},
		{name: "orgs empty", op: "ListOrganizations", body: `{"data":[],"total_count":0}`, wantKnown: true},
		{name: "data without total, full page", op: "ListOrganizations", query: url.Values{"limit": {"2"}},
			body: orgs(2, ""), wantItems: 2, wantNext: url.Values{"limit": {"2"}, "offset": {"2"}}},
		{name: "null is an empty list", op: "GetUserList", body: `null`},
		{name: "object without data", op: "GetUserList", body: `{"id":"user_1"}`, wantErrMsg: "without a data array"},
		{name: "a string", op: "GetUserList", body: `"users"`, wantErrMsg: "neither a JSON array"},
		{name: "empty body", op: "GetUserList", body: ``, wantErrMsg: "empty"},
		{name: "broken array", op: "GetUserList", body: `[{"id":`, wantErrMsg: "not a JSON array"},
		{name: "negative total", op: "ListOrganizations", body: `{"data":[],"total_count":-1}`, wantErrMsg: "not a count"},
		{name: "fractional total", op: "ListOrganizations", body: `{"data":[],"total_count":1.5}`, wantErrMsg: "not a count"},
	}
	s := testSpec(t, newestSpec)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, ok := s.Operation(tt.op)
			if !ok {
				t.Fatalf("no operation %s", tt.op)
			}
			r := &clerk.Request{Op: op, Version: s.Version, Query: tt.query}
			before := url.Values{}
			for k, v := range tt.query {
				before[k] = append([]string(nil), v...)
			}
			if tt.query == nil {
				before = nil
			}
			l, err := clerk.DecodeList(r, []byte(tt.body))
			if tt.wantErrMsg != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrMsg) {
					t.Fatalf("DecodeList(%s) = %v, want an error saying %q", tt.body, err, tt.wantErrMsg)
				}
				if !strings.Contains(err.Error(), op.Key()) {
					t.Errorf("error %q does not name the operation", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeList: %v", err)
			}
			if len(l.Items) != tt.wantItems || l.Total != tt.wantTotal || l.TotalKnown != tt.wantKnown {
				t.Errorf("got %d items, total %d (known %v); want %d, %d (%v)",
					len(l.Items), l.Total, l.TotalKnown, tt.wantItems, tt.wantTotal, tt.wantKnown)
			}
			if diff := cmp.Diff(tt.wantNext, l.Next); diff != "" {
				t.Errorf("Next (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, r.Query); diff != "" {
				t.Errorf("DecodeList changed the request's query (-before +after):\n%s", diff)
			}
			next := l.NextRequest(r)
			if (next == nil) != (tt.wantNext == nil) {
				t.Fatalf("NextRequest = %v, want a request: %v", next, tt.wantNext != nil)
			}
			if next != nil {
				if next.Op != r.Op || next.Version != r.Version {
					t.Errorf("NextRequest changed the operation or version")
				}
				if err := next.Validate(); err != nil {
					t.Errorf("next page request is invalid: %v", err)
				}
			}
		})
	}
}

func TestDecodeListKeepsItems(t *testing.T) {
	s := testSpec(t, newestSpec)
	op, _ := s.Operation("ListOrganizations")
	l, err := clerk.DecodeList(&clerk.Request{Op: op, Version: s.Version}, []byte(`{"data":[{"id":"org_1","n":12345678901234567890}],"total_count":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(l.Items[0]); got != `{"id":"org_1","n":12345678901234567890}` {
		t.Errorf("item changed: %s", got)
	}
}

func FuzzDecodeList(f *testing.F) {
	f.Add(users(3), "3", "", "")
	f.Add(orgs(2, "5"), "2", "0", "")
	f.Add(`{"data":null}`, "", "", "-created_at")
	f.Add(`[1,"x",null,{"id":7}]`, "4", "", "")
	f.Add(`{"data":[{"id":"a"}],"total_count":9223372036854775807}`, "1", "9223372036854775807", "")
	s := testSpec(f, newestSpec)
	ops := []string{"GetUserList", "ListOrganizations"}
	f.Fuzz(func(t *testing.T, body, limit, offset, orderBy string) {
		q := url.Values{}
		for k, v := range map[string]string{"limit": limit, "offset": offset, "order_by": orderBy} {
			if v != "" {
				q.Set(k, v)
			}
		}
		for _, id := range ops {
			op, _ := s.Operation(id)
			l, err := clerk.DecodeList(&clerk.Request{Op: op, Version: s.Version, Query: q}, []byte(body))
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error")
				}
				continue
			}
			if l.Next != nil {
				if len(l.Items) == 0 {
					t.Fatalf("next page after an empty page: %v", l.Next)
				}
				if l.Next.Get("offset") == "" && l.Next.Get("starting_after") == "" {
					t.Fatalf("next page %v does not move", l.Next)
				}
				if l.Next.Encode() == q.Encode() {
					t.Fatalf("next page %v is this page", l.Next)
				}
			}
			if l.TotalKnown && l.Total < 0 {
				t.Fatalf("negative total %d", l.Total)
			}
		}
	})
}

func BenchmarkDecodeList(b *testing.B) {
	s := testSpec(b, newestSpec)
	op, _ := s.Operation("GetUserList")
	r := &clerk.Request{Op: op, Version: s.Version, Query: url.Values{"limit": {"100"}}}
	body := []byte(users(100))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := clerk.DecodeList(r, body); err != nil {
			b.Fatal(err)
		}
	}
}
