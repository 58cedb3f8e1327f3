package clerk_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

// The two versions of Clerk's spec shared with the project.
var versions = []string{"2025-11-10", "2026-05-12"}

// specDir returns the shared folder of Clerk's specs, failing the test with a message
// that says where it was looked for.
func specDir(t testing.TB) string {
	t.Helper()
	dir, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "bapi")
}

// testSpec returns a shared spec version, parsed once per test binary.
func testSpec(t testing.TB, version string) *clerk.Spec {
	t.Helper()
	s, err := clerktest.SharedSpec(version)
	if err != nil {
		t.Fatalf("spec %s: %v", version, err)
	}
	return s
}

func TestSpecCounts(t *testing.T) {
	tests := []struct {
		version string
		ops     int
		tags    int
	}{
		{"2025-11-10", 239, 41},
		{"2026-05-12", 249, 41},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			s := testSpec(t, tt.version)
			if s.Version != tt.version {
				t.Errorf("Version = %q, want %q", s.Version, tt.version)
			}
			if got := len(s.Operations()); got != tt.ops {
				t.Errorf("len(Operations()) = %d, want %d", got, tt.ops)
			}
			if len(s.Tags()) != tt.tags {
				t.Errorf("len(Tags()) = %d, want %d", len(s.Tags()), tt.tags)
			}
			if s.BaseURL != "https://api.clerk.com/v1" {
				t.Errorf("BaseURL = %q", s.BaseURL)
			}
			// Every operation is counted under each of its tags, and every tag has one.
			sum := 0
			for _, tag := range s.Tags() {
				if tag.Count == 0 {
					t.Errorf("tag %q listed with no operations", tag.Name)
				}
				sum += tag.Count
			}
			want := 0
			for _, o := range s.Operations() {
				want += len(o.Tags)
			}
			if sum != want {
				t.Errorf("tag counts add up to %d, operations carry %d tags", sum, want)
			}
		})
	}
}

func TestSpecTags(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	counts := map[string]int{}
	for _, tag := range s.Tags() {
		counts[tag.Name] = tag.Count
	}
	want := map[string]int{
		"Users":                    35,
		"Organizations":            12,
		"Invitations":              4,
		"Sessions":                 7,
		"Directories":              10, // used by operations, not declared
		"SCIM Directories":         10, // used, not declared
		"Admin Portal Link Tokens": 2,  // used, not declared
	}
	for name, n := range want {
		if counts[name] != n {
			t.Errorf("tag %q count = %d, want %d", name, counts[name], n)
		}
	}
	if _, ok := counts["Accountless Applications"]; ok {
		t.Errorf("declared tag %q has no operations but is listed", "Accountless Applications")
	}
	if !slices.IsSortedFunc(s.Tags(), func(a, b clerk.Tag) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	}) {
		t.Errorf("Tags() not sorted by name")
	}
	for _, tag := range s.Tags() {
		if tag.Name == "Users" && tag.Description == "" {
			t.Errorf("Users tag lost its declared description")
		}
	}
}

func TestSpecTagLookup(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	tests := []struct {
		in   string
		want string
		ops  int
	}{
		{"Users", "Users", 35},
		{"users", "Users", 35},
		{"USERS", "Users", 35},
		{"scim directories", "SCIM Directories", 10},
		{"allow-list / block-list", "Allow-list / Block-list", 6},
		{"allowlistblocklist", "Allow-list / Block-list", 6},
		{"email & sms templates", "Email & SMS Templates", 6},
		{"nope", "", 0},
		{"", "", 0},
		{"  ", "", 0},
	}
	for _, tt := range tests {
		tag, ops, ok := s.Tag(tt.in)
		if tag.Name != tt.want || len(ops) != tt.ops || ok != (tt.want != "") {
			t.Errorf("Tag(%q) = %q, %d ops, %v; want %q, %d ops", tt.in, tag.Name, len(ops), ok, tt.want, tt.ops)
		}
		for _, o := range ops {
			if !slices.Contains(o.Tags, tt.want) {
				t.Errorf("Tag(%q) returned %s, which lacks the tag", tt.in, o.ID)
			}
		}
	}
}

func TestSpecOperationLookup(t *testing.T) {
	for _, version := range versions {
		s := testSpec(t, version)
		t.Run(version, func(t *testing.T) {
			tests := []struct {
				id, method, path string
			}{
				{"GetUserList", "GET", "/users"},
				{"GetUser", "GET", "/users/{user_id}"},
				{"DeleteUser", "DELETE", "/users/{user_id}"},
				{"GetUsersCount", "GET", "/users/count"},
				{"UpdateUserMetadata", "PATCH", "/users/{user_id}/metadata"},
				{"CreateOrganizationInvitation", "POST", "/organizations/{organization_id}/invitations"},
				{"RevokeSession", "POST", "/sessions/{session_id}/revoke"},
			}
			for _, tt := range tests {
				o, ok := s.Operation(tt.id)
				if !ok || o.Method != tt.method || o.Path != tt.path {
					t.Errorf("Operation(%q) = %v, %v; want %s %s", tt.id, o, ok, tt.method, tt.path)
					continue
				}
				if got, ok := s.Lookup(strings.ToLower(tt.method), tt.path); !ok || got != o {
					t.Errorf("Lookup(%s, %s) = %v, want %s", tt.method, tt.path, got, tt.id)
				}
				if lower, ok := s.Operation(strings.ToLower(tt.id)); !ok || lower != o {
					t.Errorf("Operation(%q) is not case-insensitive", strings.ToLower(tt.id))
				}
			}
			if _, ok := s.Operation("NoSuchOperation"); ok {
				t.Errorf("Operation(NoSuchOperation) found something")
			}
			if _, ok := s.Lookup("GET", "/users/{id}"); ok {
				t.Errorf("Lookup with a wrong parameter name matched")
			}
			// Every operation is found by its own id and its own key.
			for _, o := range s.Operations() {
				if got, ok := s.Operation(o.ID); !ok || got != o {
					t.Errorf("Operation(%q) did not return itself", o.ID)
				}
				if got, ok := s.Lookup(o.Method, o.Path); !ok || got != o {
					t.Errorf("Lookup(%s) did not return %s", o.Key(), o.ID)
				}
			}
		})
	}
}

func TestSpecMatch(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	tests := []struct {
		method, path string
		wantID       string
		wantParams   map[string]string
		wantErr      string
	}{
		{"DELETE", "/users/user_123", "DeleteUser", map[string]string{"user_id": "user_123"}, ""},
		{"delete", "/users/user_123/", "DeleteUser", map[string]string{"user_id": "user_123"}, ""},
		{"GET", "/users/count", "GetUsersCount", map[string]string{}, ""},
		{"GET", "/users", "GetUserList", map[string]string{}, ""},
		{"GET", "/users?limit=5", "GetUserList", map[string]string{}, ""},
		{"GET", "/v1/users/user_1", "GetUser", map[string]string{"user_id": "user_1"}, ""},
		{"GET", "/organizations/acme-corp", "GetOrganization", map[string]string{"organization_id": "acme-corp"}, ""},
		{"PATCH", "/users/user_abc/metadata", "UpdateUserMetadata", map[string]string{"user_id": "user_abc"}, ""},
		{"DELETE", "/organizations/org_1/memberships/user_5", "DeleteOrganizationMembership",
			map[string]string{"organization_id": "org_1", "user_id": "user_5"}, ""},
		{"GET", "/users/user%20x", "GetUser", map[string]string{"user_id": "user x"}, ""},
		{"POST", "/users/count", "", nil, "POST is not allowed on /users/count"},
		{"GET", "/nope", "", nil, "no Backend API endpoint matches GET /nope"},
		{"GET", "users", "", nil, "must start with /"},
		{"FETCH", "/users", "", nil, "not an HTTP method"},
		{"GET", "/users//metadata", "", nil, "no Backend API endpoint"},
		{"GET", "/users/%2e%2e", "", nil, `user_id must not be ".."`},
		{"GET", "/users/..", "", nil, `user_id must not be ".."`},
		{"GET", "/users/a%2Fb", "", nil, "must not contain /"},
		{"GET", "/users/a%5Cb", "", nil, "must not contain /"},
		{"GET", "/users/%252e%252e", "", nil, "must not contain %"},
		{"GET", "/users/a%00b", "", nil, "control characters"},
		{"GET", "/users/a%zz", "", nil, "not valid percent-encoding"},
		{"GET", "/users/%80", "", nil, "does not decode to text"},
	}
	for _, tt := range tests {
		o, params, err := s.Match(tt.method, tt.path)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Match(%s, %q) error = %v, want %q", tt.method, tt.path, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Match(%s, %q) error: %v", tt.method, tt.path, err)
			continue
		}
		if o.ID != tt.wantID {
			t.Errorf("Match(%s, %q) = %s, want %s", tt.method, tt.path, o.ID, tt.wantID)
		}
		if diff := cmp.Diff(tt.wantParams, params); diff != "" {
			t.Errorf("Match(%s, %q) params (-want +got):\n%s", tt.method, tt.path, diff)
		}
	}
}

// TestSpecMatchEveryTemplate fills every template with sample values and checks that
// the concrete path comes back to the same operation with the same values.
func TestSpecMatchEveryTemplate(t *testing.T) {
	for _, version := range versions {
		s := testSpec(t, version)
		for _, o := range s.Operations() {
			params := map[string]string{}
			for _, name := range o.PathParams() {
				params[name] = "x_" + name
			}
			r := &clerk.Request{Op: o, PathParams: params}
			got, bound, err := s.Match(o.Method, r.Path())
			if err != nil {
				t.Errorf("%s: Match(%s, %s): %v", version, o.Method, r.Path(), err)
				continue
			}
			// A literal segment wins over a parameter, so a concrete path such as
			// /users/x_user_id/… only maps back when no literal sibling exists.
			if got != o {
				t.Errorf("%s: Match(%s, %s) = %s, want %s", version, o.Method, r.Path(), got.ID, o.ID)
			}
			if diff := cmp.Diff(params, bound); diff != "" {
				t.Errorf("%s: %s params (-want +got):\n%s", version, o.ID, diff)
			}
		}
	}
}

func TestParseSpecRejects(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"not yaml", "{{{", "parse OpenAPI document"},
		{"swagger 2", "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "want OpenAPI 3"},
		{"no version", "openapi: 3.0.3\ninfo: {title: x, version: ''}\npaths:\n  /a:\n    get:\n      operationId: A\n      responses: {'200': {description: ok}}\n", ""},
		{"no paths", "openapi: 3.0.3\ninfo: {title: x, version: '2026-01-01'}\npaths: {}\n", "has no paths"},
		{"no operationId", "openapi: 3.0.3\ninfo: {title: x, version: '2026-01-01'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n", "has no operationId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := clerk.ParseSpec([]byte(tt.doc))
			if err == nil {
				t.Fatalf("ParseSpec accepted %q", tt.doc)
			}
			if tt.want != "" && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSpec error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzMatch(f *testing.F) {
	s := testSpec(f, "2026-05-12")
	for _, seed := range []string{"/users/user_1", "/users/count", "/users/%2e%2e", "/organizations/x/memberships/y", "//", "/users/a%zz", "/v1/users"} {
		f.Add("GET", seed)
		f.Add("DELETE", seed)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		o, params, err := s.Match(method, path)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Match(%q, %q): empty error", method, path)
			}
			return
		}
		if o == nil {
			t.Fatalf("Match(%q, %q): nil operation without error", method, path)
		}
		// Whatever matched must be safe to put back into a URL and must round-trip.
		r := &clerk.Request{Op: o, PathParams: params}
		again, params2, err := s.Match(o.Method, r.Path())
		if err != nil || again != o || !cmp.Equal(params, params2) {
			t.Fatalf("Match(%q, %q) = %s %v; re-matching %q gave %v %v %v", method, path, o.ID, params, r.Path(), again, params2, err)
		}
		for name, v := range params {
			if v == "" || v == "." || v == ".." || strings.ContainsAny(v, "/\\%") {
				t.Fatalf("Match(%q, %q) bound unsafe %s=%q", method, path, name, v)
			}
		}
	})
}

func BenchmarkParseSpec(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(specDir(b), "2026-05-12.yml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var spec *clerk.Spec
	for b.Loop() {
		if spec, err = clerk.ParseSpec(data); err != nil {
			b.Fatal(err)
		}
	}
	// What one loaded spec keeps on the heap, the cost of each version held in memory.
	b.StopTimer()
	spec = nil
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	spec, _ = clerk.ParseSpec(data)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc)-float64(before.HeapAlloc), "retained-B")
	runtime.KeepAlive(spec)
}

func BenchmarkLookup(b *testing.B) {
	s := testSpec(b, "2026-05-12")
	b.Run("Operation", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := s.Operation("UpdateUserMetadata"); !ok {
				b.Fatal("not found")
			}
		}
	})
	b.Run("Match", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := s.Match("DELETE", "/organizations/org_1/memberships/user_5"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Tag", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := s.Tag("scim directories"); !ok {
				b.Fatal("not found")
			}
		}
	})
}
