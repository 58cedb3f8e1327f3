package clerktest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

func TestListUsersFilters(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	acme, globex := orgID(t, s, "acme-corp"), orgID(t, s, "globex")
	john := userID(t, s, "john_doe")

	tests := []struct {
		query string
		want  []string // usernames, in any order
	}{
		{"username=john_doe", []string{"john_doe"}},
		{"username=john_doe&username=alice", []string{"alice", "john_doe"}},
		{"username=JOHN_DOE", []string{"john_doe"}},
		{"username=nobody", nil},
		{"email_address=ALICE@example.com", []string{"alice"}},
		{"email_address=alice@example.com&email_address=bob@acme.com", []string{"alice", "bob_johnson"}},
		{"phone_number=%2B14155550101", []string{"john_doe"}},
		{"query=acme.com", []string{"bob_johnson", "carol_w", "uma_m"}},
		{"query=Doe", []string{"john_doe"}},
		{"query=" + john, []string{"john_doe"}},
		{"email_address_query=INITECH", []string{"frank_m", "grace_wilson", "walter_clark"}},
		{"username_query=ohn", []string{"bob_johnson", "john_doe"}},
		{"name_query=smith", []string{"alice"}},
		{"banned=true", []string{"mallory", "victor_r"}},
		{"organization_id=" + globex, []string{"dave_brown", "erin_davis", "trent_garcia"}},
		{"organization_id=-" + acme + "&query=acme.com", nil},
		{"user_id=-" + john + "&username=john_doe", nil},
		{"user_id=%2B" + john, []string{"john_doe"}},
		{"web3_wallet=0xabc", nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			users := call[[]obj](t, s, "GET", "/users?limit=100&"+tc.query, "", 200)
			if diff := cmp.Diff(sorted(tc.want), sorted(usernames(users)), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("GET /users?%s usernames (-want +got):\n%s", tc.query, diff)
			}
			count := call[obj](t, s, "GET", "/users/count?"+tc.query, "", 200)
			if got := count["total_count"]; got != float64(len(tc.want)) {
				t.Errorf("GET /users/count?%s = %v, want %d", tc.query, got, len(tc.want))
			}
		})
	}
}

func TestListUsersDateFilters(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	all := call[[]obj](t, s, "GET", "/users?limit=500", "", 200)
	bound := start.Add(-30 * 24 * time.Hour).UnixMilli()

	tests := []struct {
		param string
		keep  func(created float64) bool
	}{
		{"created_at_after", func(c float64) bool { return c > float64(bound) }},
		{"created_at_before", func(c float64) bool { return c < float64(bound) }},
	}
	for _, tc := range tests {
		t.Run(tc.param, func(t *testing.T) {
			q := fmt.Sprintf("%s=%d", tc.param, bound)
			got := call[[]obj](t, s, "GET", "/users?limit=500&"+q, "", 200)
			var want []string
			for _, u := range all {
				if tc.keep(u["created_at"].(float64)) {
					want = append(want, u["id"].(string))
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("bound %d splits nothing: %d of %d users kept", bound, len(want), len(all))
			}
			if diff := cmp.Diff(want, ids(got)); diff != "" {
				t.Errorf("GET /users?%s (-want +got):\n%s", q, diff)
			}
			count := call[obj](t, s, "GET", "/users/count?"+q, "", 200)
			if count["total_count"] != float64(len(want)) {
				t.Errorf("GET /users/count?%s = %v, want %d", q, count["total_count"], len(want))
			}
		})
	}
}

func TestListUsersPagination(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	all := ids(call[[]obj](t, s, "GET", "/users?limit=500", "", 200))
	if len(all) != 25 {
		t.Fatalf("sample data has %d users, want 25", len(all))
	}
	asc := slices.Clone(all)
	slices.Reverse(asc)

	created := func(order string) []float64 {
		var out []float64
		for _, u := range call[[]obj](t, s, "GET", "/users?limit=500&order_by="+url.QueryEscape(order), "", 200) {
			out = append(out, u["created_at"].(float64))
		}
		return out
	}
	if c := created("-created_at"); !slices.IsSortedFunc(c, func(a, b float64) int { return int(b - a) }) {
		t.Errorf("default order is not newest first: %v", c)
	}
	if c := created("+created_at"); !slices.IsSorted(c) {
		t.Errorf("+created_at is not oldest first: %v", c)
	}

	tests := []struct {
		name  string
		order string // as sent, already escaped
		want  []string
		walk  func(order string) []string
	}{
		{"limit and offset", "-created_at", all, func(order string) []string {
			var got []string
			for offset := 0; offset < 30; offset += 10 {
				page := call[[]obj](t, s, "GET", fmt.Sprintf("/users?limit=10&offset=%d&order_by=%s", offset, order), "", 200)
				got = append(got, ids(page)...)
			}
			return got
		}},
		{"starting_after newest first", "-created_at", all, walkCursor(t, s)},
		{"starting_after oldest first", "%2Bcreated_at", asc, walkCursor(t, s)},
		{"starting_after unencoded plus", "+created_at", asc, walkCursor(t, s)},
		{"starting_after bare field", "created_at", asc, walkCursor(t, s)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.walk(tc.order)); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("order by username", func(t *testing.T) {
		got := usernames(call[[]obj](t, s, "GET", "/users?limit=500&order_by=-username", "", 200))
		if !slices.IsSortedFunc(got, func(a, b string) int { return -strings.Compare(a, b) }) {
			t.Errorf("-username order: %v", got)
		}
	})
}

// walkCursor pages through /users with starting_after, 7 at a time, the way the spec
// says: stop when a page is shorter than the limit.
func walkCursor(t *testing.T, s *clerktest.Server) func(order string) []string {
	return func(order string) []string {
		var got []string
		after := ""
		for range 10 {
			q := "/users?limit=7&order_by=" + order
			if after != "" {
				q += "&starting_after=" + after
			}
			page := ids(call[[]obj](t, s, "GET", q, "", 200))
			got = append(got, page...)
			if len(page) < 7 {
				return got
			}
			after = page[len(page)-1]
		}
		t.Fatal("cursor walk did not end")
		return nil
	}
}

func TestListUsersErrors(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	john := userID(t, s, "john_doe")
	tests := []struct {
		query, code, param string
	}{
		{"order_by=username&starting_after=" + john, "form_param_value_invalid", "starting_after"},
		{"offset=3&starting_after=" + john, "form_param_value_invalid", "starting_after"},
		{"starting_after=user_missing", "form_param_value_invalid", "starting_after"},
		{"order_by=shoe_size", "form_param_value_invalid", "order_by"},
		{"limit=0", "form_param_value_invalid", "limit"},
		{"limit=501", "form_param_value_invalid", "limit"},
		{"limit=ten", "form_param_format_invalid", "limit"},
		{"offset=-1", "form_param_value_invalid", "offset"},
		{"banned=maybe", "form_param_format_invalid", "banned"},
		{"created_at_after=yesterday", "form_param_format_invalid", "created_at_after"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			e := wantError(t, send(t, s, "GET", "/users?"+tc.query, ""), 422, tc.code)
			if got := e.Meta["param_name"]; got != tc.param {
				t.Errorf("meta.param_name = %v, want %s", got, tc.param)
			}
		})
	}
}

func TestCreateAndUpdateUser(t *testing.T) {
	s := newServer(t)
	u := call[obj](t, s, "POST", "/users", `{"email_address":["Ada@Example.com","ada@work.example"],"username":"Ada_L","first_name":"Ada","password":"correct-horse"}`, 200)
	id := u["id"].(string)
	if !idPattern("user").MatchString(id) {
		t.Errorf("id %q is not user_ + 27 base62 characters", id)
	}
	if u["username"] != "ada_l" {
		t.Errorf("username = %v, want ada_l (Clerk lowercases usernames)", u["username"])
	}
	emails := u["email_addresses"].([]any)
	second := emails[1].(obj)["id"].(string)
	if u["primary_email_address_id"] != emails[0].(obj)["id"] || !idPattern("idn").MatchString(second) {
		t.Errorf("primary_email_address_id = %v, emails %v", u["primary_email_address_id"], emails)
	}
	if u["created_at"] != float64(start.UnixMilli()) || u["password_enabled"] != true {
		t.Errorf("created_at = %v, password_enabled = %v", u["created_at"], u["password_enabled"])
	}

	tests := []struct {
		name  string
		body  string
		check func(u obj) string
	}{
		{"names", `{"first_name":"Augusta","last_name":null}`, func(u obj) string {
			return fmt.Sprint(u["first_name"], " ", u["last_name"])
		}},
		{"primary email", `{"primary_email_address_id":"` + second + `"}`, func(u obj) string {
			return fmt.Sprint(u["primary_email_address_id"] == second)
		}},
		{"remove username", `{"username":""}`, func(u obj) string { return fmt.Sprint(u["username"]) }},
		{"flags", `{"delete_self_enabled":false,"create_organizations_limit":3}`, func(u obj) string {
			return fmt.Sprint(u["delete_self_enabled"], " ", u["create_organizations_limit"])
		}},
	}
	want := []string{"Augusta <nil>", "true", "<nil>", "false 3"}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := call[obj](t, s, "PATCH", "/users/"+id, tc.body, 200)
			if g := tc.check(got); g != want[i] {
				t.Errorf("PATCH %s: got %q, want %q", tc.body, g, want[i])
			}
		})
	}

	t.Run("delete", func(t *testing.T) {
		d := call[obj](t, s, "DELETE", "/users/"+id, "", 200)
		if d["object"] != "user" || d["id"] != id || d["deleted"] != true {
			t.Errorf("DELETE = %v, want a deleted user object", d)
		}
		wantError(t, send(t, s, "GET", "/users/"+id, ""), 404, "resource_not_found")
		if _, ok := s.User(id); ok {
			t.Error("User(id) still finds the deleted user")
		}
	})
}

func TestUserMetadata(t *testing.T) {
	tests := []struct {
		name              string
		method            string
		existing, request string // public_metadata before, and the request body
		want              string // public_metadata after
	}{
		{"nested objects merge", "PATCH", `{"a":{"b":1,"c":2}}`, `{"public_metadata":{"a":{"c":3,"d":4}}}`, `{"a":{"b":1,"c":3,"d":4}}`},
		{"null deletes a key", "PATCH", `{"a":1,"b":2}`, `{"public_metadata":{"a":null}}`, `{"b":2}`},
		{"null deletes a nested key", "PATCH", `{"a":{"b":1,"c":2}}`, `{"public_metadata":{"a":{"b":null}}}`, `{"a":{"c":2}}`},
		{"object replaces a scalar, without its nulls", "PATCH", `{"a":1}`, `{"public_metadata":{"a":{"b":null,"c":1}}}`, `{"a":{"c":1}}`},
		{"scalar replaces an object", "PATCH", `{"a":{"b":1}}`, `{"public_metadata":{"a":"x"}}`, `{"a":"x"}`},
		{"arrays are replaced", "PATCH", `{"a":[1,2]}`, `{"public_metadata":{"a":[3]}}`, `{"a":[3]}`},
		{"null for an absent key", "PATCH", `{"a":1}`, `{"public_metadata":{"z":null}}`, `{"a":1}`},
		{"other fields only", "PATCH", `{"a":1}`, `{"unsafe_metadata":{"u":1}}`, `{"a":1}`},
		{"empty body", "PATCH", `{"a":1}`, ``, `{"a":1}`},
		{"put replaces", "PUT", `{"a":{"b":1},"c":2}`, `{"public_metadata":{"d":3}}`, `{"d":3}`},
		{"put with empty object clears", "PUT", `{"a":1}`, `{"public_metadata":{}}`, `{}`},
		{"put leaves omitted fields", "PUT", `{"a":1}`, `{"private_metadata":{"p":1}}`, `{"a":1}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			var existing map[string]any
			if err := json.Unmarshal([]byte(tc.existing), &existing); err != nil {
				t.Fatal(err)
			}
			id, err := s.AddUser(clerktest.UserSeed{Username: "meta_user", PublicMetadata: existing,
				PrivateMetadata: map[string]any{"keep": true}})
			if err != nil {
				t.Fatal(err)
			}
			got := call[obj](t, s, tc.method, "/users/"+id+"/metadata", tc.request, 200)
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got["public_metadata"]); diff != "" {
				t.Errorf("%s %s: public_metadata (-want +got):\n%s", tc.method, tc.request, diff)
			}
			if tc.request != `{"private_metadata":{"p":1}}` && !cmp.Equal(got["private_metadata"], any(obj{"keep": true})) {
				t.Errorf("private_metadata = %v, want it untouched", got["private_metadata"])
			}
		})
	}
}

func TestBanAndLock(t *testing.T) {
	c := newClock()
	s := clerktest.NewServer(clerktest.WithClock(c.Now), clerktest.WithSampleData())
	t.Cleanup(s.Close)
	john := userID(t, s, "john_doe")
	active := func() int {
		return len(call[[]obj](t, s, "GET", "/sessions?status=active&user_id="+john, "", 200))
	}
	if active() == 0 {
		t.Fatal("john_doe has no active session in the sample data")
	}

	steps := []struct {
		name    string
		method  string
		path    string
		advance time.Duration
		banned  bool
		locked  bool
		lockout any // lockout_expires_in_seconds
	}{
		{"ban", "POST", "/ban", 0, true, false, nil},
		{"unban", "POST", "/unban", 0, false, false, nil},
		{"lock", "POST", "/lock", 0, false, true, float64(3600)},
		{"lock runs down", "GET", "", 30 * time.Minute, false, true, float64(1800)},
		{"lock expires", "GET", "", 31 * time.Minute, false, false, nil},
		{"lock again", "POST", "/lock", 0, false, true, float64(3600)},
		{"unlock", "POST", "/unlock", 0, false, false, nil},
	}
	for _, st := range steps {
		c.Advance(st.advance)
		u := call[obj](t, s, st.method, "/users/"+john+st.path, "", 200)
		if u["banned"] != st.banned || u["locked"] != st.locked || u["lockout_expires_in_seconds"] != st.lockout {
			t.Errorf("after %s: banned %v locked %v lockout %v, want %v %v %v", st.name,
				u["banned"], u["locked"], u["lockout_expires_in_seconds"], st.banned, st.locked, st.lockout)
		}
		if st.name == "ban" && active() != 0 {
			t.Errorf("after ban: %d active sessions, want 0 (a ban revokes them)", active())
		}
	}

	t.Run("bulk", func(t *testing.T) {
		alice := userID(t, s, "alice")
		got := call[[]obj](t, s, "POST", "/users/ban", `{"user_ids":["`+john+`","`+alice+`","user_missing"]}`, 200)
		if diff := cmp.Diff(sorted([]string{john, alice}), sorted(ids(got))); diff != "" {
			t.Errorf("POST /users/ban (-want +got):\n%s", diff)
		}
		banned := usernames(call[[]obj](t, s, "GET", "/users?banned=true&limit=100", "", 200))
		if !slices.Contains(banned, "alice") || !slices.Contains(banned, "john_doe") {
			t.Errorf("banned users = %v, want alice and john_doe among them", banned)
		}
		wantError(t, send(t, s, "POST", "/users/ban", `{"user_ids":[]}`), 422, "form_param_missing")
	})
}

func TestLegacyMetadataOnUpdate(t *testing.T) {
	s := newServer(t)
	id, err := s.AddUser(clerktest.UserSeed{Username: "legacy_user", PublicMetadata: map[string]any{"a": 1, "b": 2}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		version string
		status  int
		want    string // public_metadata after
	}{
		{"", 422, "map[a:1 b:2]"},
		{"2026-05-12", 422, "map[a:1 b:2]"},
		{"2025-11-10", 200, "map[c:3]"}, // replaced, not merged, as those versions did
	}
	for _, tc := range tests {
		t.Run("version "+tc.version, func(t *testing.T) {
			req, _ := http.NewRequest("PATCH", s.URL+"/users/"+id, strings.NewReader(`{"public_metadata":{"c":3}}`))
			req.Header.Set("Authorization", "Bearer "+s.SecretKey)
			if tc.version != "" {
				req.Header.Set("Clerk-API-Version", tc.version)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			u, _ := s.User(id)
			if resp.StatusCode != tc.status || fmt.Sprint(u["public_metadata"]) != tc.want {
				t.Errorf("PATCH with Clerk-API-Version %q = %d, public_metadata %v; want %d, %s",
					tc.version, resp.StatusCode, u["public_metadata"], tc.status, tc.want)
			}
		})
	}
}
