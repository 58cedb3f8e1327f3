package clerktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specVersion is the spec the emulator follows.
const specVersion = "2026-05-12"

// fixedNow is the clock of every test server, so that ids and timestamps are reproducible.
var fixedNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// loadSpec loads Clerk's spec from the shared folder and fails the test loudly when the
// folder is missing.
func loadSpec(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	dir, err := SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join(dir, "bapi", specVersion+".yml"))
	if err != nil {
		t.Fatalf("loading Clerk's spec: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("Clerk's spec does not validate: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("building a router for Clerk's spec: %v", err)
	}
	return doc, router
}

// conformanceCase is one request of the conformance run. Paths and bodies may hold
// placeholders such as {john} or {new_user}, replaced by ids before the request is sent.
type conformanceCase struct {
	name   string
	method string
	path   string // without /v1
	query  string
	body   string
	auth   string // Authorization header; the server's key when empty, none when "-"
	fault  *Fault
	status int
	// save stores the response's "id" under this placeholder name.
	save string
	// invalidRequest marks a request that breaks the spec on purpose (bad JSON, unknown or
	// missing fields), so only its response is validated.
	invalidRequest bool
	// undeclared marks a status the spec does not list for the operation; the response is
	// then checked against the ClerkErrors schema, and the spec validator must reject the
	// status, so that the note stays true.
	undeclared bool
	// noRoute marks a path that is not in the spec at all.
	noRoute bool
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func conformanceCases() []conformanceCase {
	return []conformanceCase{
		// Users.
		{name: "list users", method: "GET", path: "/users", status: 200},
		{name: "list users by username", method: "GET", path: "/users", query: "username=john_doe", status: 200},
		{name: "list users by email and page", method: "GET", path: "/users", query: "email_address=alice@example.com&email_address=bob@acme.com&limit=5&offset=0&order_by=-created_at", status: 200},
		{name: "list users by query and dates", method: "GET", path: "/users", query: "query=acme&created_at_after=1700000000000&created_at_before=1900000000000&banned=false", status: 200},
		{name: "list users after cursor", method: "GET", path: "/users", query: "limit=3&starting_after={zane}", status: 200},
		{name: "list users ascending", method: "GET", path: "/users", query: "order_by=%2Bcreated_at&limit=2", status: 200},
		{name: "count users", method: "GET", path: "/users/count", query: "query=example", status: 200},
		{name: "create user", method: "POST", path: "/users", body: `{"email_address":["new@example.com"],"username":"new_user","first_name":"New","last_name":"User","password":"correct-horse-battery","public_metadata":{"plan":"free"},"private_metadata":{"stripe_customer_id":"cus_1"}}`, status: 200, save: "new_user"},
		{name: "get user", method: "GET", path: "/users/{john}", status: 200},
		{name: "update user", method: "PATCH", path: "/users/{new_user}", body: `{"first_name":"Newt","username":"newt","external_id":"ext-1"}`, status: 200},
		{name: "merge user metadata", method: "PATCH", path: "/users/{new_user}/metadata", body: `{"public_metadata":{"prefs":{"beta":true}},"private_metadata":{"stripe_customer_id":null}}`, status: 200},
		{name: "replace user metadata", method: "PUT", path: "/users/{new_user}/metadata", body: `{"unsafe_metadata":{"theme":"light"}}`, status: 200},
		{name: "ban user", method: "POST", path: "/users/{new_user}/ban", status: 200},
		{name: "unban user", method: "POST", path: "/users/{new_user}/unban", status: 200},
		{name: "lock user", method: "POST", path: "/users/{new_user}/lock", status: 200},
		{name: "unlock user", method: "POST", path: "/users/{new_user}/unlock", status: 200},
		{name: "bulk ban", method: "POST", path: "/users/ban", body: `{"user_ids":["{new_user}"]}`, status: 200},
		{name: "bulk unban", method: "POST", path: "/users/unban", body: `{"user_ids":["{new_user}","user_missing"]}`, status: 200},
		{name: "user memberships", method: "GET", path: "/users/{john}/organization_memberships", query: "limit=10", status: 200},

		// Organizations.
		{name: "list organizations", method: "GET", path: "/organizations", query: "query=acme&include_members_count=true&order_by=name", status: 200},
		{name: "list organizations by member", method: "GET", path: "/organizations", query: "user_id={alice}&include_missing_member_with_elevated_permissions=true", status: 200},
		{name: "create organization", method: "POST", path: "/organizations", body: `{"name":"Stark Industries","created_by":"{john}","public_metadata":{"plan":"pro"},"max_allowed_memberships":5}`, status: 200, save: "stark"},
		{name: "get organization by slug", method: "GET", path: "/organizations/acme-corp", query: "include_members_count=true&include_missing_member_with_elevated_permissions=true", status: 200},
		{name: "get organization by id", method: "GET", path: "/organizations/{stark}", status: 200},
		{name: "update organization", method: "PATCH", path: "/organizations/{stark}", body: `{"name":"Stark Industries Intl","slug":"stark-intl","admin_delete_enabled":false}`, status: 200},
		{name: "merge organization metadata", method: "PATCH", path: "/organizations/{stark}/metadata", body: `{"public_metadata":{"tier":{"level":"gold"}}}`, status: 200},
		{name: "replace organization metadata", method: "PUT", path: "/organizations/{stark}/metadata", body: `{"private_metadata":{"notes":"vip"}}`, status: 200},
		{name: "create membership", method: "POST", path: "/organizations/{stark}/memberships", body: `{"user_id":"{alice}","role":"org:member","public_metadata":{"team":"ops"}}`, status: 200},
		{name: "list memberships", method: "GET", path: "/organizations/{stark}/memberships", query: "role=org:member&order_by=-created_at&limit=10", status: 200},
		{name: "list memberships by query", method: "GET", path: "/organizations/{acme}/memberships", query: "query=acme.com&order_by=username", status: 200},
		{name: "update membership", method: "PATCH", path: "/organizations/{stark}/memberships/{alice}", body: `{"role":"org:admin"}`, status: 200},
		{name: "merge membership metadata", method: "PATCH", path: "/organizations/{stark}/memberships/{alice}/metadata", body: `{"public_metadata":{"title":"CTO","team":null}}`, status: 200},
		{name: "delete membership", method: "DELETE", path: "/organizations/{stark}/memberships/{alice}", status: 200},
		{name: "instance memberships", method: "GET", path: "/organization_memberships", query: "limit=5&order_by=created_at", status: 200},
		{name: "create organization invitation", method: "POST", path: "/organizations/{acme}/invitations", body: `{"email_address":"new@example.com","role":"org:member","inviter_user_id":"{john}","redirect_url":"https://app.example.com/join"}`, status: 200, save: "orginv"},
		{name: "bulk organization invitations", method: "POST", path: "/organizations/{acme}/invitations/bulk", body: `[{"email_address":"b1@example.com","role":"org:member"},{"email_address":"b2@example.com","role":"org:admin","expires_in_days":3}]`, status: 200},
		{name: "list organization invitations", method: "GET", path: "/organizations/{acme}/invitations", query: "status=pending&order_by=email_address", status: 200},
		{name: "pending organization invitations", method: "GET", path: "/organizations/{acme}/invitations/pending", status: 200},
		{name: "get organization invitation", method: "GET", path: "/organizations/{acme}/invitations/{orginv}", status: 200},
		{name: "user organization invitations", method: "GET", path: "/users/{new_user}/organization_invitations", query: "status=pending", status: 200},
		{name: "revoke organization invitation", method: "POST", path: "/organizations/{acme}/invitations/{orginv}/revoke", body: `{"requesting_user_id":"{john}"}`, status: 200},
		{name: "instance organization invitations", method: "GET", path: "/organization_invitations", query: "status=pending&query=example", status: 200},
		{name: "delete organization", method: "DELETE", path: "/organizations/{stark}", status: 200},

		// Instance invitations.
		{name: "create invitation", method: "POST", path: "/invitations", body: `{"email_address":"guest@example.com","public_metadata":{"plan":"trial"},"expires_in_days":7,"notify":false}`, status: 200, save: "inv"},
		{name: "bulk invitations", method: "POST", path: "/invitations/bulk", body: `[{"email_address":"g1@example.com"},{"email_address":"g2@example.com","public_metadata":null}]`, status: 200},
		{name: "list invitations", method: "GET", path: "/invitations", query: "status=pending&order_by=email_address&limit=20", status: 200},
		{name: "list invitations by query", method: "GET", path: "/invitations", query: "query=guest", status: 200},
		{name: "revoke invitation", method: "POST", path: "/invitations/{inv}/revoke", status: 200},

		// Sessions.
		{name: "list sessions", method: "GET", path: "/sessions", query: "user_id={john}&status=active", status: 200},
		{name: "create session", method: "POST", path: "/sessions", body: `{"user_id":"{john}","active_organization_id":"{acme}"}`, status: 200, save: "sess"},
		{name: "get session", method: "GET", path: "/sessions/{sess}", status: 200},
		{name: "revoke session", method: "POST", path: "/sessions/{sess}/revoke", status: 200},

		// JWT templates.
		{name: "list jwt templates", method: "GET", path: "/jwt_templates", status: 200},
		{name: "list jwt templates paginated", method: "GET", path: "/jwt_templates", query: "paginated=true&limit=2&offset=1", status: 200},
		{name: "create jwt template", method: "POST", path: "/jwt_templates", body: `{"name":"firebase","claims":{"aud":"my-app","uid":"{{user.id}}","roles":["member"]},"lifetime":120,"allowed_clock_skew":10}`, status: 200, save: "jtmp"},
		{name: "create jwt template with custom key", method: "POST", path: "/jwt_templates", body: `{"name":"grafana","claims":{"email":"{{user.primary_email_address}}"},"custom_signing_key":true,"signing_algorithm":"ES256","signing_key":"-----BEGIN EC PRIVATE KEY-----\nMHc=\n-----END EC PRIVATE KEY-----","lifetime":null}`, status: 200},
		{name: "get jwt template", method: "GET", path: "/jwt_templates/{jtmp}", status: 200},
		{name: "get sample jwt template", method: "GET", path: "/jwt_templates/{supabase}", status: 200},
		{name: "update jwt template", method: "PATCH", path: "/jwt_templates/{jtmp}", body: `{"name":"firebase-prod","claims":{"aud":"prod"},"lifetime":300,"custom_signing_key":false}`, status: 200},
		{name: "delete jwt template", method: "DELETE", path: "/jwt_templates/{jtmp}", status: 200},

		// Instance communication (the SMS country blocklist).
		{name: "get communication", method: "GET", path: "/instance/communication", status: 200},
		{name: "replace blocked countries", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":["RU","CN","ZZ"]}`, status: 200},
		{name: "blocked countries omitted", method: "PATCH", path: "/instance/communication", body: `{}`, status: 200},
		{name: "blocked countries null", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":null}`, status: 200},
		{name: "clear blocked countries", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":[]}`, status: 200},
		{name: "get empty communication", method: "GET", path: "/instance/communication", status: 200},

		{name: "delete user", method: "DELETE", path: "/users/{new_user}", status: 200},

		// Errors.
		{name: "no authorization", method: "GET", path: "/users", auth: "-", status: 401},
		{name: "publishable key", method: "GET", path: "/users", auth: "Bearer pk_test_abc", status: 401},
		{name: "basic authorization", method: "GET", path: "/sessions/{sess}", auth: "Basic c2tfdGVzdF94", status: 401},
		{name: "count without authorization", method: "GET", path: "/users/count", auth: "-", status: 401, undeclared: true},
		{name: "limit out of range", method: "GET", path: "/users", query: "limit=501", status: 422, invalidRequest: true},
		{name: "cursor with other order", method: "GET", path: "/users", query: "order_by=username&starting_after={john}", status: 422},
		{name: "cursor with offset", method: "GET", path: "/users", query: "offset=5&starting_after={john}", status: 422},
		{name: "unknown order", method: "GET", path: "/users", query: "order_by=shoe_size", status: 422},
		{name: "count with bad date", method: "GET", path: "/users/count", query: "created_at_after=yesterday", status: 422, invalidRequest: true},
		{name: "user not found", method: "GET", path: "/users/user_missing", status: 404},
		{name: "malformed json", method: "POST", path: "/users", body: `{"email_address":`, status: 400, invalidRequest: true},
		{name: "email taken", method: "POST", path: "/users", body: `{"email_address":["john@example.com"]}`, status: 422},
		{name: "bad email", method: "POST", path: "/users", body: `{"email_address":["not-an-email"]}`, status: 422},
		{name: "short password", method: "POST", path: "/users", body: `{"username":"shorty","password":"123"}`, status: 422},
		{name: "no identifier", method: "POST", path: "/users", body: `{"first_name":"Nobody"}`, status: 422},
		{name: "unknown field", method: "POST", path: "/users", body: `{"username":"x_user","shoe_size":44}`, status: 422, invalidRequest: true},
		{name: "metadata on update", method: "PATCH", path: "/users/{john}", body: `{"public_metadata":{"plan":"free"}}`, status: 422, invalidRequest: true},
		{name: "update missing user", method: "PATCH", path: "/users/user_missing", body: `{"first_name":"X"}`, status: 404},
		{name: "username taken", method: "PATCH", path: "/users/{alice}", body: `{"username":"john_doe"}`, status: 422},
		{name: "delete missing user", method: "DELETE", path: "/users/user_missing", status: 404},
		{name: "ban missing user", method: "POST", path: "/users/user_missing/ban", status: 404, undeclared: true},
		{name: "metadata not an object", method: "PATCH", path: "/users/{john}/metadata", body: `{"public_metadata":"gold"}`, status: 422, invalidRequest: true},
		{name: "metadata of missing user", method: "PUT", path: "/users/user_missing/metadata", body: `{}`, status: 404},
		{name: "organization not found", method: "GET", path: "/organizations/no-such-org", status: 404},
		{name: "organization without name", method: "POST", path: "/organizations", body: `{}`, status: 422, invalidRequest: true},
		{name: "organization slug taken", method: "POST", path: "/organizations", body: `{"name":"Acme Again","slug":"acme-corp"}`, status: 422},
		{name: "organization metadata bad json", method: "PATCH", path: "/organizations/{acme}/metadata", body: `[1,2`, status: 400, invalidRequest: true},
		{name: "update missing organization", method: "PATCH", path: "/organizations/org_missing", body: `{"name":"X"}`, status: 404},
		{name: "delete missing organization", method: "DELETE", path: "/organizations/org_missing", status: 404},
		{name: "already a member", method: "POST", path: "/organizations/{acme}/memberships", body: `{"user_id":"{john}","role":"org:member"}`, status: 422},
		{name: "unknown role", method: "POST", path: "/organizations/{acme}/memberships", body: `{"user_id":"{zane}","role":"org:owner"}`, status: 422},
		{name: "membership of missing user", method: "POST", path: "/organizations/{acme}/memberships", body: `{"user_id":"user_missing","role":"org:member"}`, status: 404},
		{name: "update non-member", method: "PATCH", path: "/organizations/{acme}/memberships/{zane}", body: `{"role":"org:admin"}`, status: 404},
		{name: "remove non-member", method: "DELETE", path: "/organizations/{acme}/memberships/{zane}", status: 404},
		{name: "invitation without role", method: "POST", path: "/organizations/{acme}/invitations", body: `{"email_address":"x@example.com"}`, status: 422, invalidRequest: true},
		{name: "invitation by non-admin", method: "POST", path: "/organizations/{acme}/invitations", body: `{"email_address":"x@example.com","role":"org:member","inviter_user_id":"{zane}"}`, status: 403},
		{name: "organization invitation not found", method: "GET", path: "/organizations/{acme}/invitations/orginv_missing", status: 404},
		{name: "revoke twice", method: "POST", path: "/organizations/{acme}/invitations/{orginv}/revoke", status: 400},
		{name: "invitations of missing organization", method: "GET", path: "/organizations/org_missing/invitations", status: 404},
		{name: "duplicate invitation", method: "POST", path: "/invitations", body: `{"email_address":"kim@example.com"}`, status: 422},
		{name: "invitation for existing user", method: "POST", path: "/invitations", body: `{"email_address":"john@example.com"}`, status: 422},
		{name: "invitation expiry out of range", method: "POST", path: "/invitations", body: `{"email_address":"late@example.com","expires_in_days":400}`, status: 422, invalidRequest: true},
		{name: "revoke invitation twice", method: "POST", path: "/invitations/{inv}/revoke", status: 400},
		{name: "revoke missing invitation", method: "POST", path: "/invitations/inv_missing/revoke", status: 404},
		{name: "sessions without user", method: "GET", path: "/sessions", status: 422},
		{name: "session not found", method: "GET", path: "/sessions/sess_missing", status: 404},
		{name: "revoke missing session", method: "POST", path: "/sessions/sess_missing/revoke", status: 404},
		{name: "session for missing user", method: "POST", path: "/sessions", body: `{"user_id":"user_missing"}`, status: 404},
		{name: "jwt template not found", method: "GET", path: "/jwt_templates/{jtmp}", status: 404},
		{name: "delete missing jwt template", method: "DELETE", path: "/jwt_templates/{jtmp}", status: 404},
		{name: "update missing jwt template", method: "PATCH", path: "/jwt_templates/{jtmp}", body: `{"name":"x","claims":{}}`, status: 404, undeclared: true},
		{name: "jwt template without claims", method: "POST", path: "/jwt_templates", body: `{"name":"no-claims"}`, status: 422, invalidRequest: true},
		{name: "jwt template update without claims", method: "PATCH", path: "/jwt_templates/{hasura}", body: `{"name":"hasura","lifetime":120}`, status: 422, invalidRequest: true},
		{name: "jwt template claims not an object", method: "POST", path: "/jwt_templates", body: `{"name":"x","claims":["aud"]}`, status: 422, invalidRequest: true},
		{name: "jwt template name taken", method: "POST", path: "/jwt_templates", body: `{"name":"supabase","claims":{}}`, status: 422},
		{name: "jwt template rename to taken name", method: "PATCH", path: "/jwt_templates/{hasura}", body: `{"name":"metabase","claims":{}}`, status: 422},
		{name: "jwt template lifetime out of range", method: "POST", path: "/jwt_templates", body: `{"name":"x","claims":{},"lifetime":10}`, status: 422, invalidRequest: true},
		{name: "jwt template custom key without key", method: "POST", path: "/jwt_templates", body: `{"name":"x","claims":{},"custom_signing_key":true,"signing_algorithm":"HS256"}`, status: 422},
		{name: "jwt templates limit out of range", method: "GET", path: "/jwt_templates", query: "limit=0", status: 422, invalidRequest: true, undeclared: true},
		{name: "blocked country lowercase", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":["us"]}`, status: 422, invalidRequest: true},
		{name: "blocked country not a list", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":"US"}`, status: 422, invalidRequest: true},
		{name: "blocked country twice", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":["US","US"]}`, status: 422, invalidRequest: true},
		{name: "too many blocked countries", method: "PATCH", path: "/instance/communication", body: tooManyCountries(), status: 422, invalidRequest: true},
		{name: "communication unknown field", method: "PATCH", path: "/instance/communication", body: `{"allowed_country_codes":["US"]}`, status: 422, invalidRequest: true},
		{name: "communication malformed json", method: "PATCH", path: "/instance/communication", body: `{"blocked_country_codes":[`, status: 400, invalidRequest: true, undeclared: true},
		{name: "unknown route", method: "GET", path: "/no_such_thing", status: 404, noRoute: true},
		{name: "rate limited", method: "GET", path: "/users", fault: &Fault{Status: 429, RetryAfter: 2 * time.Second, Times: 1}, status: 429, undeclared: true},
		{name: "unavailable", method: "GET", path: "/organizations", fault: &Fault{Path: "/organizations", Status: 503, Times: 1}, status: 503, undeclared: true},
	}
}

// tooManyCountries is a PATCH /instance/communication body with 251 different codes, one
// more than the spec's maxItems.
func tooManyCountries() string {
	codes := make([]string, 251)
	for i := range codes {
		codes[i] = `"` + string([]byte{'A' + byte(i/26), 'A' + byte(i%26)}) + `"`
	}
	return `{"blocked_country_codes":[` + strings.Join(codes, ",") + `]}`
}

// TestConformance sends every emulated endpoint a request, successful and failing, and
// validates each response against Clerk's spec.
func TestConformance(t *testing.T) {
	doc, router := loadSpec(t)
	s := NewServer(WithClock(fixedClock), WithSampleData())
	defer s.Close()

	ids := map[string]string{}
	s.mu.Lock()
	for _, u := range s.data.users {
		if u.username != nil {
			ids[strings.SplitN(*u.username, "_", 2)[0]] = u.id
		}
	}
	for _, o := range s.data.orgs {
		ids[strings.SplitN(o.slug, "-", 2)[0]] = o.id
	}
	for _, tmpl := range s.data.jwtTemplates {
		ids[tmpl.name] = tmpl.id
	}
	s.mu.Unlock()

	covered := map[string]bool{}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	clerkErrors := doc.Components.Schemas["ClerkErrors"]
	if clerkErrors == nil || clerkErrors.Value == nil {
		t.Fatal("the spec has no ClerkErrors schema")
	}

	for _, tc := range conformanceCases() {
		t.Run(tc.name, func(t *testing.T) {
			fill := func(v string) string {
				for k, id := range ids {
					v = strings.ReplaceAll(v, "{"+k+"}", id)
				}
				return v
			}
			path, query, body := fill(tc.path), fill(tc.query), fill(tc.body)
			if placeholder.MatchString(path + query + body) {
				t.Fatalf("unfilled placeholder in %s ?%s %s", path, query, body)
			}
			if tc.fault != nil {
				s.InjectFault(*tc.fault)
			}
			url := s.URL + path
			if query != "" {
				url += "?" + query
			}
			req, err := http.NewRequest(tc.method, url, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			switch tc.auth {
			case "":
				req.Header.Set("Authorization", "Bearer "+s.SecretKey)
			case "-":
			default:
				req.Header.Set("Authorization", tc.auth)
			}
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("%s %s = %d %s, want %d", tc.method, path, resp.StatusCode, data, tc.status)
			}
			trace := resp.Header.Get("Clerk-Trace-Id")
			if trace == "" {
				t.Errorf("response has no Clerk-Trace-Id header")
			}
			var decoded any
			if err := json.Unmarshal(data, &decoded); err != nil {
				t.Fatalf("response is not JSON: %v: %s", err, data)
			}
			if tc.save != "" {
				obj, _ := decoded.(map[string]any)
				id, _ := obj["id"].(string)
				if id == "" {
					t.Fatalf("response has no id to save as %s: %s", tc.save, data)
				}
				ids[tc.save] = id
			}
			if resp.StatusCode >= 400 {
				checkClerkError(t, clerkErrors, decoded, trace)
			}

			reqs := s.Requests()
			last := reqs[len(reqs)-1]
			if tc.noRoute {
				if last.Route != "" {
					t.Errorf("Route = %q for an unknown path, want empty", last.Route)
				}
				return
			}

			specReq, err := http.NewRequest(tc.method, "https://api.clerk.com/v1"+path+"?"+query, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body != "" {
				specReq.Header.Set("Content-Type", "application/json")
			}
			route, params, err := router.FindRoute(specReq)
			if err != nil {
				t.Fatalf("the spec has no operation for %s %s: %v", tc.method, path, err)
			}
			if tc.fault == nil && last.Route != route.Path {
				t.Errorf("emulator matched %q, the spec %q", last.Route, route.Path)
			}
			input := &openapi3filter.RequestValidationInput{Request: specReq, PathParams: params, Route: route, Options: opts}
			if !tc.invalidRequest {
				if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
					t.Fatalf("the test's request breaks the spec (mark it invalidRequest if on purpose): %v", err)
				}
			}
			rvi := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: input, Status: resp.StatusCode, Header: resp.Header, Options: opts,
			}
			rvi.SetBodyBytes(data)
			err = openapi3filter.ValidateResponse(context.Background(), rvi)
			switch {
			case tc.undeclared:
				var re *openapi3filter.ResponseError
				if !errors.As(err, &re) || re.Reason != "status is not supported" {
					t.Errorf("status %d is marked undeclared for %s %s, but validation said %v", tc.status, tc.method, route.Path, err)
				}
			case err != nil:
				t.Errorf("response does not match the spec for %s %s:\n%v\nbody: %s", tc.method, route.Path, err, data)
			}
			if resp.StatusCode == 200 {
				covered[tc.method+" "+route.Path] = true
			}
		})
	}

	for _, rt := range s.routes {
		if !covered[rt.method+" "+rt.template] {
			t.Errorf("no successful conformance case for %s %s", rt.method, rt.template)
		}
	}
}

// checkClerkError validates an error body against the spec's ClerkErrors schema and the
// parts of it the spec leaves optional but clients rely on.
func checkClerkError(t *testing.T, schema *openapi3.SchemaRef, body any, trace string) {
	t.Helper()
	if err := schema.Value.VisitJSON(body, openapi3.MultiErrors(), openapi3.VisitAsResponse()); err != nil {
		t.Errorf("error body does not match ClerkErrors: %v", err)
	}
	obj, _ := body.(map[string]any)
	if got, _ := obj["clerk_trace_id"].(string); got != trace {
		t.Errorf("clerk_trace_id = %q, want the Clerk-Trace-Id header %q", got, trace)
	}
	errs, _ := obj["errors"].([]any)
	if len(errs) == 0 {
		t.Fatalf("error body has no errors: %v", body)
	}
	first, _ := errs[0].(map[string]any)
	for _, k := range []string{"code", "message", "long_message"} {
		if v, _ := first[k].(string); v == "" {
			t.Errorf("errors[0].%s is empty: %v", k, first)
		}
	}
	if _, ok := first["meta"].(map[string]any); !ok {
		t.Errorf("errors[0].meta is not an object: %v", first)
	}
}

// TestConformanceBodies checks that the request bodies of the conformance cases that are
// meant to be valid are valid JSON, so a typo cannot turn a success case into a 400.
func TestConformanceBodies(t *testing.T) {
	for _, tc := range conformanceCases() {
		if tc.body == "" || tc.invalidRequest {
			continue
		}
		if !json.Valid(bytes.TrimSpace([]byte(tc.body))) {
			t.Errorf("%s: body is not valid JSON: %s", tc.name, tc.body)
		}
	}
}

// TestValidatorIsStrict proves the conformance check can fail: drifted copies of real
// responses must be rejected.
func TestValidatorIsStrict(t *testing.T) {
	_, router := loadSpec(t)
	s := NewServer(WithClock(fixedClock), WithSampleData())
	defer s.Close()
	var john map[string]any
	s.mu.Lock()
	for _, u := range s.data.users {
		if deref(u.username) == "john_doe" {
			john = toMap(s.renderUser(u))
		}
	}
	s.mu.Unlock()

	tests := []struct {
		name   string
		path   string
		status int
		body   func() any
	}{
		{"required field missing", "/users/x", 200, func() any { u := cloneJSON(john).(map[string]any); delete(u, "banned"); return u }},
		{"unknown field", "/users/x", 200, func() any { u := cloneJSON(john).(map[string]any); u["shoe_size"] = 44; return u }},
		{"wrong type", "/users/x", 200, func() any { u := cloneJSON(john).(map[string]any); u["created_at"] = "yesterday"; return u }},
		{"list wrapped in data", "/users", 200, func() any { return map[string]any{"data": []any{john}, "total_count": 1} }},
		{"null list", "/instance/communication", 200, func() any {
			return map[string]any{"object": "instance_communication", "blocked_country_codes": nil}
		}},
		{"undeclared status", "/users/x/ban", 404, func() any {
			return map[string]any{"errors": []any{map[string]any{"code": "resource_not_found", "message": "m", "long_message": "l"}}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := "GET"
			if strings.HasSuffix(tc.path, "/ban") {
				method = "POST"
			}
			req, _ := http.NewRequest(method, "https://api.clerk.com/v1"+tc.path, nil)
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(tc.body())
			rvi := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
				Status:                 tc.status,
				Header:                 http.Header{"Content-Type": {"application/json"}},
				Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
			}
			rvi.SetBodyBytes(body)
			if err := openapi3filter.ValidateResponse(context.Background(), rvi); err == nil {
				t.Errorf("ValidateResponse accepted a drifted body: %s", body)
			}
		})
	}
}
