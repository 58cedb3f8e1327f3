package clerk_test

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
)

func TestNewRequestValid(t *testing.T) {
	for _, version := range versions {
		s := testSpec(t, version)
		tests := []struct {
			op      string
			path    map[string]string
			query   url.Values
			body    string
			wantURL string
		}{
			{"GetUserList", nil, nil, "", "/users"},
			{"GetUserList", nil, url.Values{"limit": {"5"}, "offset": {"10"}}, "", "/users?limit=5&offset=10"},
			{"GetUserList", nil, url.Values{"email_address": {"a@b.co", "c@d.co"}, "order_by": {"-created_at"}}, "", "/users?email_address=a%40b.co&email_address=c%40d.co&order_by=-created_at"},
			{"GetUserList", nil, url.Values{"created_at_after": {"1730160000000"}}, "", "/users?created_at_after=1730160000000"},
			{"GetUser", map[string]string{"user_id": "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk"}, nil, "", "/users/user_2xhFjEI5X2qWRvtV13BzSj8H6Dk"},
			{"GetUser", map[string]string{"user_id": "user with space"}, nil, "", "/users/user%20with%20space"},
			{"DeleteUser", map[string]string{"user_id": "user_1"}, nil, "", "/users/user_1"},
			{"CreateInvitation", nil, nil, `{"email_address":"new@acme.com"}`, "/invitations"},
			{"UpdateUserMetadata", map[string]string{"user_id": "user_abc"}, nil, `{"public_metadata":{"plan":"pro","nested":{"a":null}}}`, "/users/user_abc/metadata"},
			{"CreateUser", nil, nil, `{"email_address":["carol@acme.com"],"first_name":"Carol","public_metadata":{"plan":"pro"}}`, "/users"},
			{"ListInvitations", nil, url.Values{"status": {"pending"}}, "", "/invitations?status=pending"},
			{"CreateOrganizationInvitation", map[string]string{"organization_id": "org_1"}, nil, `{"email_address":"bob@acme.com","role":"org:admin"}`, "/organizations/org_1/invitations"},
		}
		for _, tt := range tests {
			op, ok := s.Operation(tt.op)
			if !ok {
				t.Fatalf("%s: no operation %s", version, tt.op)
			}
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			r, err := s.NewRequest(op, tt.path, tt.query, body)
			if err != nil {
				t.Errorf("%s: NewRequest(%s, %v, %v, %s) error: %v", version, tt.op, tt.path, tt.query, tt.body, err)
				continue
			}
			if got, want := r.URL(""), tt.wantURL; got != want {
				t.Errorf("%s: %s URL = %q, want %q", version, tt.op, got, want)
			}
			if r.Version != version {
				t.Errorf("%s: Version = %q", version, r.Version)
			}
			if err := r.Validate(); err != nil {
				t.Errorf("%s: Validate() of a request NewRequest accepted: %v", version, err)
			}
			// No defaults are silently added: the query is exactly what was given.
			if len(r.Query) != len(tt.query) {
				t.Errorf("%s: %s query grew to %v", version, tt.op, r.Query)
			}
		}
	}
}

func TestNewRequestProblems(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	tests := []struct {
		name  string
		op    string
		path  map[string]string
		query url.Values
		body  string
		want  []string // each must appear in the error
	}{
		// path
		{"path missing", "GetUser", nil, nil, "", []string{"user_id is required in the path /users/{user_id}"}},
		{"path empty", "GetUser", map[string]string{"user_id": ""}, nil, "", []string{"user_id is required"}},
		{"path traversal", "DeleteUser", map[string]string{"user_id": ".."}, nil, "", []string{`user_id must not be ".."`}},
		{"path slash", "DeleteUser", map[string]string{"user_id": "user_1/../../organizations/org_1"}, nil, "", []string{"must not contain /"}},
		{"path backslash", "DeleteUser", map[string]string{"user_id": `a\b`}, nil, "", []string{"must not contain /"}},
		{"path encoded", "DeleteUser", map[string]string{"user_id": "%2e%2e"}, nil, "", []string{"must not contain %"}},
		{"path control", "DeleteUser", map[string]string{"user_id": "user_1\n"}, nil, "", []string{"control characters"}},
		{"path unknown", "GetUser", map[string]string{"user_id": "u", "org_id": "o"}, nil, "", []string{"org_id is not a path parameter of /users/{user_id}"}},
		// query
		{"query not integer", "GetUserList", nil, url.Values{"limit": {"abc"}}, "", []string{`limit must be an integer between 1 and 500, got "abc"`}},
		{"query too big", "GetUserList", nil, url.Values{"limit": {"501"}}, "", []string{`limit must be an integer between 1 and 500, got "501"`}},
		{"query too small", "GetUserList", nil, url.Values{"limit": {"0"}}, "", []string{"between 1 and 500"}},
		{"query negative offset", "GetUserList", nil, url.Values{"offset": {"-1"}}, "", []string{"offset must be an integer of at least 0"}},
		{"query bool", "GetUserList", nil, url.Values{"banned": {"maybe"}}, "", []string{`banned must be true or false, got "maybe"`}},
		{"query enum", "ListInvitations", nil, url.Values{"status": {"weird"}}, "", []string{`status must be one of pending, accepted, revoked, expired, got "weird"`}},
		{"query unknown", "GetUserList", nil, url.Values{"created_at": {"gt:1"}}, "", []string{"created_at is not a query parameter of GET /users"}},
		{"query typo", "GetUserList", nil, url.Values{"limt": {"5"}}, "", []string{"did you mean limit?"}},
		{"query repeated", "GetUserList", nil, url.Values{"order_by": {"a", "b"}}, "", []string{`order_by takes one value, got 2 ("a", "b")`}},
		{"query many problems", "GetUserList", nil, url.Values{"limit": {"x"}, "offset": {"y"}, "nope": {"1"}}, "", []string{"limit must be", "offset must be", "nope is not a query parameter", "3 problems"}},
		// body
		{"body on GET", "GetUserList", nil, nil, `{"a":1}`, []string{"GET /users takes no body"}},
		{"body missing", "CreateInvitation", nil, nil, "", []string{"POST /invitations needs a JSON body with email_address"}},
		{"body not json", "CreateInvitation", nil, nil, `{"email_address":`, []string{"not valid JSON"}},
		{"body trailing", "CreateInvitation", nil, nil, `{"email_address":"a@b.co"} {}`, []string{"more than one JSON value"}},
		{"body required field", "CreateInvitation", nil, nil, `{"redirect_url":"https://x.co"}`, []string{"email_address is required in the body"}},
		{"body unknown field", "CreateInvitation", nil, nil, `{"email_address":"a@b.co","emial":"x"}`, []string{"emial is not a field of the body"}},
		{"body typo", "CreateUser", nil, nil, `{"frist_name":"a"}`, []string{"did you mean first_name?"}},
		{"body wrong type", "CreateUser", nil, nil, `{"email_address":"x@y.co"}`, []string{`email_address must be a list of strings, got "x@y.co"`}},
		{"body wrong scalar", "CreateUser", nil, nil, `{"first_name":3}`, []string{"first_name must be a string or null, got 3"}},
		{"body metadata not object", "UpdateUserMetadata", map[string]string{"user_id": "u"}, nil, `{"public_metadata":"pro"}`, []string{"public_metadata must be a JSON object"}},
		{"body array not object", "UpdateUserMetadata", map[string]string{"user_id": "u"}, nil, `[1,2]`, []string{"the body must be a JSON object"}},
		{"body multipart", "SetUserProfileImage", map[string]string{"user_id": "u"}, nil, `{"file":"x"}`, []string{"takes multipart/form-data, not JSON"}},
		{"body anyOf required", "CreateSAMLConnection", nil, nil, `{"name":"x","provider":"saml_okta"}`, []string{"the body needs at least one of: domain; or domains"}},
		{"body nested unknown", "CreateOrganizationInvitationBulk", map[string]string{"organization_id": "org_1"}, nil, `[{"email_address":"a@b.co","role":"org:member","rol":"x"}]`, []string{"[0].rol is not a field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, ok := s.Operation(tt.op)
			if !ok {
				t.Fatalf("no operation %s", tt.op)
			}
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			r, err := s.NewRequest(op, tt.path, tt.query, body)
			if err == nil {
				t.Fatalf("NewRequest(%s, %v, %v, %s) = %s, want an error", tt.op, tt.path, tt.query, tt.body, r.URL(""))
			}
			var ve *clerk.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError: %v", err, err)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error = %q\nwant it to contain %q", err, want)
				}
			}
			for _, p := range ve.Problems {
				if strings.Contains(p, "Schema:") || strings.Contains(p, "\n") {
					t.Errorf("problem leaks kin-openapi's raw dump: %q", p)
				}
			}
		})
	}
}

// TestValidateHandBuilt checks that a Request built without NewRequest is held to the
// same rules, since the client validates whatever reaches it.
func TestValidateHandBuilt(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	op, _ := s.Operation("DeleteUser")
	r := &clerk.Request{Op: op, Version: s.Version, PathParams: map[string]string{"user_id": "../../organizations/org_1"}}
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "must not contain /") {
		t.Errorf("Validate() = %v, want a path problem", err)
	}
	if err := (&clerk.Request{}).Validate(); err == nil {
		t.Errorf("Validate() of an empty request = nil")
	}
}

// TestEveryOperationValidates builds each operation's request with only its path
// parameters. It either validates, or fails only because the operation needs a body or
// a required query parameter: never because of the index, the path or a default.
func TestEveryOperationValidates(t *testing.T) {
	for _, version := range versions {
		s := testSpec(t, version)
		for _, o := range s.Operations() {
			params := map[string]string{}
			for _, name := range o.PathParams() {
				params[name] = "id_1"
				if p := o.Param("path", name); p != nil && p.Schema != nil && len(p.Schema.Value.Enum) > 0 {
					params[name] = fmt.Sprint(p.Schema.Value.Enum[0])
				}
			}
			_, err := s.NewRequest(o, params, nil, nil)
			if err == nil {
				continue
			}
			var ve *clerk.ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("%s %s: %T %v", version, o.ID, err, err)
				continue
			}
			for _, p := range ve.Problems {
				switch {
				case strings.Contains(p, "needs a JSON body"), strings.Contains(p, "is required:"):
				case strings.Contains(p, "takes multipart/form-data, not JSON"): // file uploads
				case strings.Contains(p, `must be a string matching ^(ak|api_key)_[0-9A-Fa-f]{32}$, got "id_1"`):
				default:
					t.Errorf("%s %s: unexpected problem %q", version, o.ID, p)
				}
			}
		}
	}
}

func TestCurlRedactsKey(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	op, _ := s.Operation("CreateInvitation")
	r, err := s.NewRequest(op, nil, nil, []byte(`{"email_address": "o'neil@acme.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	got := r.Curl(s.BaseURL)
	want := `curl -X POST 'https://api.clerk.com/v1/invitations' -H "Authorization: Bearer $CLERK_SECRET_KEY" -H 'Clerk-API-Version: 2026-05-12' -H 'Content-Type: application/json' --data '{"email_address":"o'\''neil@acme.com"}'`
	if got != want {
		t.Errorf("Curl() =\n%s\nwant\n%s", got, want)
	}
	get, _ := s.Operation("GetUserList")
	r, _ = s.NewRequest(get, nil, url.Values{"limit": {"5"}}, nil)
	if got := r.Curl(s.BaseURL); !strings.HasPrefix(got, "curl 'https://api.clerk.com/v1/users?limit=5'") {
		t.Errorf("GET Curl() = %s", got)
	}
}

// TestCurlHidesCredentials: a password or code in the body never reaches the curl
// line a card or a terminal shows; the request itself keeps it.
func TestCurlHidesCredentials(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	op, _ := s.Operation("UpdateUser")
	r, err := s.NewRequest(op, map[string]string{"user_id": "user_1"}, nil, []byte(`{"password": "Wint3r-Kraken-2026", "first_name": "Ann"}`))
	if err != nil {
		t.Fatal(err)
	}
	got := r.Curl(s.BaseURL)
	if strings.Contains(got, "Wint3r") || !strings.Contains(got, `"password":"[hidden]"`) || !strings.Contains(got, `"first_name":"Ann"`) {
		t.Errorf("Curl() = %s, want the password hidden and the rest shown", got)
	}
	if !strings.Contains(string(r.Body), "Wint3r-Kraken-2026") {
		t.Errorf("the request body lost the password: %s", r.Body)
	}
	op, _ = s.Operation("VerifyTOTP")
	r, err = s.NewRequest(op, map[string]string{"user_id": "user_1"}, nil, []byte(`{"code": "123456"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Curl(s.BaseURL); strings.Contains(got, "123456") {
		t.Errorf("Curl() = %s, want the code hidden", got)
	}
}

func TestCanonical(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	op, _ := s.Operation("UpdateUserMetadata")
	a, _ := s.NewRequest(op, map[string]string{"user_id": "user_1"}, nil, []byte(`{"public_metadata": {"b": 1, "a": 12345678901234567890}}`))
	b, _ := s.NewRequest(op, map[string]string{"user_id": "user_1"}, nil, []byte(`{"public_metadata":{"a":12345678901234567890,"b":1}}`))
	c, _ := s.NewRequest(op, map[string]string{"user_id": "user_2"}, nil, []byte(`{"public_metadata":{"a":12345678901234567890,"b":1}}`))
	if string(a.Canonical()) != string(b.Canonical()) {
		t.Errorf("same request, different canonical forms:\n%s\n%s", a.Canonical(), b.Canonical())
	}
	if string(a.Canonical()) == string(c.Canonical()) {
		t.Errorf("different users, same canonical form")
	}
	if !strings.Contains(string(a.Canonical()), "12345678901234567890") {
		t.Errorf("canonical form lost precision: %s", a.Canonical())
	}
}

func FuzzNewRequest(f *testing.F) {
	s := testSpec(f, "2026-05-12")
	f.Add("GetUserList", "", "limit=5&offset=0", "")
	f.Add("GetUser", "user_1", "", "")
	f.Add("DeleteUser", "..", "", "")
	f.Add("UpdateUserMetadata", "user_1", "", `{"public_metadata":{"plan":"pro"}}`)
	f.Add("CreateUser", "", "", `{"email_address":["a@b.co"],"first_name":3}`)
	f.Add("CreateOrganizationInvitationBulk", "org_1", "", `[{"email_address":"a@b.co"}]`)
	f.Add("CreateInvitation", "", "x=1", `{"email_address":`)
	f.Fuzz(func(t *testing.T, opID, pathValue, rawQuery, body string) {
		op, ok := s.Operation(opID)
		if !ok {
			op = s.Operations()[len(opID)%len(s.Operations())]
		}
		params := map[string]string{}
		for _, name := range op.PathParams() {
			params[name] = pathValue
		}
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return
		}
		var b []byte
		if body != "" {
			b = []byte(body)
		}
		r, err := s.NewRequest(op, params, q, b)
		if err != nil {
			var ve *clerk.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("NewRequest error %T %v, want *ValidationError with problems", err, err)
			}
			for _, p := range ve.Problems {
				if strings.TrimSpace(p) == "" {
					t.Fatalf("empty problem in %v", err)
				}
			}
			return
		}
		// Whatever is accepted stays inside its endpoint.
		got, _, err := s.Match(op.Method, r.Path())
		if err != nil || got != op {
			t.Fatalf("accepted %s %q, which matches %v (%v)", op.Method, r.Path(), got, err)
		}
	})
}

func BenchmarkNewRequest(b *testing.B) {
	s := testSpec(b, "2026-05-12")
	list, _ := s.Operation("GetUserList")
	meta, _ := s.Operation("UpdateUserMetadata")
	b.Run("GetUserList", func(b *testing.B) {
		q := url.Values{"limit": {"5"}, "email_address": {"a@b.co"}}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.NewRequest(list, nil, q, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UpdateUserMetadata", func(b *testing.B) {
		params := map[string]string{"user_id": "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk"}
		body := []byte(`{"public_metadata":{"plan":"pro","onboarded":true}}`)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.NewRequest(meta, params, nil, body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Invalid", func(b *testing.B) {
		q := url.Values{"limit": {"abc"}, "nope": {"1"}}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.NewRequest(list, nil, q, nil); err == nil {
				b.Fatal("accepted")
			}
		}
	})
}
