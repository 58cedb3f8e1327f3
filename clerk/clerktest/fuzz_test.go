package clerktest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHandler throws arbitrary methods, paths, queries and bodies at the handler. Whatever
// comes in, the answer must be JSON: a success value, or a Clerk error with a code.
func FuzzHandler(f *testing.F) {
	seeds := []struct{ method, path, query, body string }{
		{"GET", "/v1/users", "limit=5&order_by=-created_at", ""},
		{"GET", "/v1/users", "starting_after=user_x&order_by=%2Bcreated_at", ""},
		{"GET", "/v1/users/count", "email_address=a@b.co&banned=true", ""},
		{"POST", "/v1/users", "", `{"email_address":["a@b.co"],"username":"fuzz_user"}`},
		{"PATCH", "/v1/users/user_x/metadata", "", `{"public_metadata":{"a":{"b":null}}}`},
		{"PUT", "/v1/users/user_x/metadata", "", `{"public_metadata":[]}`},
		{"POST", "/v1/organizations", "", `{"name":"Fuzz Corp","slug":"fuzz"}`},
		{"GET", "/v1/organizations/acme-corp", "include_members_count=true", ""},
		{"POST", "/v1/organizations/org_x/memberships", "", `{"user_id":1,"role":null}`},
		{"POST", "/v1/organizations/org_x/invitations/bulk", "", `[{"email_address":"x@y.z","role":"org:member"}]`},
		{"POST", "/v1/invitations/bulk", "", `[1,2,3]`},
		{"POST", "/v1/invitations", "", `{"email_address":"x@y.z","expires_in_days":1e99}`},
		{"GET", "/v1/sessions", "user_id=user_x&status=active&limit=-1", ""},
		{"POST", "/v1/jwt_templates", "", `{"name":"fuzz","claims":{"a":[1,{"b":null}]},"lifetime":1e3}`},
		{"PATCH", "/v1/jwt_templates/jtmp_2DK49CKKg0iQRtmvnKxJkrRmVAM", "", `{"name":"hasura","claims":{},"custom_signing_key":true}`},
		{"GET", "/v1/instance/communication", "", ""},
		{"PATCH", "/v1/instance/communication", "", `{"blocked_country_codes":["US","ZZ","us","US",null,1]}`},
		{"PATCH", "/v1/instance/communication", "", `{"blocked_country_codes":null}`},
		{"DELETE", "/v1/users/%zz", "", ""},
		{"GET", "/v1/../v1/users", "%", ""},
		{"POST", "/v1/users", "", `{"created_at":"2024-02-30T00:00:00Z","create_organizations_limit":9223372036854775808}`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.body)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		s := newServer(WithClock(fixedClock), WithSampleData()) // fresh state: each input stands alone
		h := s.Handler()
		u, err := url.Parse(path)
		if err != nil || method == "" || strings.ContainsAny(method, " \t\r\n") {
			t.Skip()
		}
		u.RawQuery = query
		req := &http.Request{
			Method: method, URL: u, Header: http.Header{"Authorization": {"Bearer " + s.SecretKey}},
			Body: http.NoBody, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		}
		if body != "" {
			req.Body = io.NopCloser(strings.NewReader(body))
			req.ContentLength = int64(len(body))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q", ct)
		}
		if rec.Header().Get("Clerk-Trace-Id") == "" {
			t.Fatal("no Clerk-Trace-Id header")
		}
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s %s?%s %q: response is not JSON: %v: %s", method, path, query, body, err, rec.Body.Bytes())
		}
		if rec.Code < 400 {
			switch v.(type) {
			case map[string]any, []any:
			default:
				t.Fatalf("success body is neither an object nor an array: %s", rec.Body.Bytes())
			}
			return
		}
		var e struct {
			Errors []struct {
				Code        string `json:"code"`
				Message     string `json:"message"`
				LongMessage string `json:"long_message"`
			} `json:"errors"`
			TraceID string `json:"clerk_trace_id"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || len(e.Errors) == 0 ||
			e.Errors[0].Code == "" || e.Errors[0].Message == "" || e.Errors[0].LongMessage == "" || e.TraceID == "" {
			t.Fatalf("status %d without a Clerk error: %s", rec.Code, rec.Body.Bytes())
		}
	})
}
