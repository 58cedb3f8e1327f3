package clerktest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

func TestAuthentication(t *testing.T) {
	tests := []struct {
		name   string
		opts   []clerktest.Option
		header string
		want   int
	}{
		{"test key", nil, "Bearer sk_test_abc123", 200},
		{"live key", nil, "Bearer sk_live_abc123", 200},
		{"missing header", nil, "", 401},
		{"empty secret", nil, "Bearer sk_test_", 401},
		{"publishable key", nil, "Bearer pk_test_abc", 401},
		{"no scheme", nil, "sk_test_abc", 401},
		{"lowercase scheme", nil, "bearer sk_test_abc", 401},
		{"basic auth", nil, "Basic c2tfdGVzdF9hYmM6", 401},
		{"configured key", []clerktest.Option{clerktest.WithSecretKey("sk_test_right")}, "Bearer sk_test_right", 200},
		{"other key when configured", []clerktest.Option{clerktest.WithSecretKey("sk_test_right")}, "Bearer sk_test_wrong", 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, tc.opts...)
			r := sendAuth(t, s, "GET", "/users", "", tc.header)
			if r.status != tc.want {
				t.Fatalf("Authorization %q: status %d, want %d: %s", tc.header, r.status, tc.want, r.body)
			}
			if tc.want == 401 {
				wantError(t, r, 401, "authentication_invalid")
			}
		})
	}
	t.Run("SecretKey is accepted", func(t *testing.T) {
		s := newServer(t, clerktest.WithSecretKey("sk_live_x"))
		if s.SecretKey != "sk_live_x" {
			t.Errorf("SecretKey = %q, want the configured key", s.SecretKey)
		}
		call[[]obj](t, s, "GET", "/users", "", 200)
	})
}

func TestUnknownRoutes(t *testing.T) {
	s := newServer(t)
	tests := []struct{ method, url string }{
		{"GET", "/v1/no_such_thing"},
		{"GET", "/users"}, // no /v1
		{"GET", "/"},
		{"DELETE", "/v1/users"},
		{"PUT", "/v1/users/user_x"},
		{"GET", "/v1/users/"},
		{"GET", "/v1//users"},
		{"GET", "/v1/users/count/extra"},
		{"HEAD", "/v1/users/count"},
		{"BREW", "/v1/users"},
	}
	base := strings.TrimSuffix(s.URL, "/v1")
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.url, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, base+tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+s.SecretKey)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != 404 {
				t.Fatalf("%s %s = %d, want 404", tc.method, tc.url, resp.StatusCode)
			}
			if tc.method == "HEAD" {
				return
			}
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(resp.Body)
			wantError(t, response{status: resp.StatusCode, header: resp.Header, body: buf.Bytes()}, 404, "resource_not_found")
		})
	}
}

func TestBodyErrors(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	john, acme := userID(t, s, "john_doe"), orgID(t, s, "acme-corp")
	tests := []struct {
		name, method, path, body string
		status                   int
		code, param              string
	}{
		{"malformed JSON", "POST", "/users", `{"username":`, 400, "malformed_request", ""},
		{"array instead of object", "POST", "/users", `["x"]`, 400, "malformed_request", ""},
		{"string body", "POST", "/organizations", `"Acme"`, 400, "malformed_request", ""},
		{"object instead of array", "POST", "/invitations/bulk", `{"email_address":"a@b.co"}`, 400, "malformed_request", ""},
		{"empty bulk", "POST", "/invitations/bulk", `[]`, 422, "form_param_value_invalid", "body"},
		{"unknown field", "POST", "/users", `{"username":"new_one","shoe_size":44}`, 422, "form_param_unknown", "shoe_size"},
		{"wrong type", "POST", "/users", `{"username":"new_one","first_name":5}`, 422, "form_param_format_invalid", "first_name"},
		{"list of numbers", "POST", "/users", `{"email_address":[1]}`, 422, "form_param_format_invalid", "email_address"},
		{"bad created_at", "POST", "/users", `{"username":"new_one","created_at":"last week"}`, 422, "form_param_format_invalid", "created_at"},
		{"missing name", "POST", "/organizations", `{}`, 422, "form_param_missing", "name"},
		{"empty body where required", "POST", "/organizations", ``, 422, "form_param_missing", "name"},
		{"missing role", "POST", "/organizations/" + acme + "/memberships", `{"user_id":"` + john + `"}`, 422, "form_param_missing", "role"},
		{"metadata on user update", "PATCH", "/users/" + john, `{"private_metadata":{}}`, 422, "form_param_unknown", "private_metadata"},
		{"metadata on organization update", "PATCH", "/organizations/" + acme, `{"public_metadata":{}}`, 422, "form_param_unknown", "public_metadata"},
		{"null metadata", "PATCH", "/users/" + john + "/metadata", `{"public_metadata":null}`, 422, "form_param_format_invalid", "public_metadata"},
		{"invalid username", "POST", "/users", `{"username":"a b"}`, 422, "form_param_format_invalid", "username"},
		{"bad slug", "POST", "/organizations", `{"name":"Bad","slug":"Bad Slug"}`, 422, "form_param_format_invalid", "slug"},
		{"name with url", "POST", "/organizations", `{"name":"https://evil.example"}`, 422, "form_param_format_invalid", "name"},
		{"duplicate in one request", "POST", "/users", `{"email_address":["a@b.co","A@B.CO"]}`, 422, "form_identifier_exists", "email_address"},
		{"empty status list", "POST", "/users", `{"email_address":["a@b.co"],"email_address_identification_status":[]}`, 200, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, s, tc.method, tc.path, tc.body)
			if tc.status == 200 {
				if r.status != 200 {
					t.Fatalf("%s %s %s = %d %s, want 200", tc.method, tc.path, tc.body, r.status, r.body)
				}
				return
			}
			e := wantError(t, r, tc.status, tc.code)
			if tc.param != "" && e.Meta["param_name"] != tc.param {
				t.Errorf("meta.param_name = %v, want %s", e.Meta["param_name"], tc.param)
			}
		})
	}
	t.Run("metadata hint", func(t *testing.T) {
		e := wantError(t, send(t, s, "PATCH", "/users/"+john, `{"public_metadata":{"plan":"free"}}`), 422, "form_param_unknown")
		if !strings.Contains(e.LongMessage, "/metadata") {
			t.Errorf("long_message %q does not point to the metadata endpoint", e.LongMessage)
		}
	})
}

func TestFaults(t *testing.T) {
	type step struct {
		method, path string
		status       int
		retryAfter   string
	}
	tests := []struct {
		name   string
		faults []clerktest.Fault
		steps  []step
	}{
		{
			name:   "429 twice, then through",
			faults: []clerktest.Fault{{Status: 429, RetryAfter: 2 * time.Second, Times: 2}},
			steps: []step{
				{"GET", "/users", 429, "2"}, {"GET", "/users/count", 429, "2"}, {"GET", "/users", 200, ""},
			},
		},
		{
			name:   "429 without RetryAfter says 1 second",
			faults: []clerktest.Fault{{Status: 429, Times: 1}},
			steps:  []step{{"GET", "/users", 429, "1"}},
		},
		{
			name:   "Retry-After rounds up",
			faults: []clerktest.Fault{{Status: 503, RetryAfter: 1500 * time.Millisecond}},
			steps:  []step{{"GET", "/users", 503, "2"}, {"GET", "/users", 503, "2"}},
		},
		{
			name:   "negative RetryAfter sends none",
			faults: []clerktest.Fault{{Status: 429, RetryAfter: -1}},
			steps:  []step{{"GET", "/users", 429, ""}},
		},
		{
			name:   "template path",
			faults: []clerktest.Fault{{Path: "/organizations/{organization_id}", Status: 503}},
			steps: []step{
				{"GET", "/organizations/acme-corp", 503, ""}, {"GET", "/organizations", 200, ""},
				{"GET", "/organizations/acme-corp/memberships", 404, ""},
			},
		},
		{
			name:   "prefix path with /v1",
			faults: []clerktest.Fault{{Path: "/v1/users", Status: 500}},
			steps: []step{
				{"GET", "/users", 500, ""}, {"GET", "/users/count", 500, ""}, {"GET", "/organizations", 200, ""},
			},
		},
		{
			name:   "method",
			faults: []clerktest.Fault{{Method: "post", Status: 502}},
			steps: []step{
				{"GET", "/users", 200, ""}, {"POST", "/organizations", 502, ""},
			},
		},
		{
			name: "first added wins and runs out",
			faults: []clerktest.Fault{
				{Path: "/users", Status: 429, Times: 1}, {Status: 503, Times: 1},
			},
			steps: []step{
				{"GET", "/users", 429, "1"}, {"GET", "/users", 503, ""}, {"GET", "/users", 200, ""},
			},
		},
		{
			name:   "latency only",
			faults: []clerktest.Fault{{Latency: time.Millisecond, Times: 1}},
			steps:  []step{{"GET", "/users", 200, ""}},
		},
		{
			name:   "odd status becomes 500",
			faults: []clerktest.Fault{{Status: 200, Times: 1}},
			steps:  []step{{"GET", "/users", 500, ""}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, clerktest.WithSampleData())
			for _, f := range tc.faults {
				s.InjectFault(f)
			}
			for i, st := range tc.steps {
				r := send(t, s, st.method, st.path, "")
				if r.status != st.status {
					t.Fatalf("step %d: %s %s = %d %s, want %d", i, st.method, st.path, r.status, r.body, st.status)
				}
				if got := r.header.Get("Retry-After"); got != st.retryAfter {
					t.Errorf("step %d: Retry-After = %q, want %q", i, got, st.retryAfter)
				}
				if st.status >= 400 && st.status != 404 {
					wantError(t, r, st.status, map[int]string{429: "too_many_requests", 500: "internal_clerk_error",
						502: "bad_gateway", 503: "service_unavailable"}[st.status])
				}
			}
			if got := len(s.Requests()); got != len(tc.steps) {
				t.Errorf("%d requests recorded, want %d (faulted ones included)", got, len(tc.steps))
			}
		})
	}

	t.Run("custom body", func(t *testing.T) {
		s := newServer(t)
		s.InjectFault(clerktest.Fault{Status: 502, Body: "<html>Bad Gateway</html>"})
		r := send(t, s, "GET", "/users", "")
		if r.status != 502 || string(r.body) != "<html>Bad Gateway</html>" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("got %d %q %q, want 502 with the HTML body", r.status, r.header.Get("Content-Type"), r.body)
		}
	})

	t.Run("clear", func(t *testing.T) {
		s := newServer(t)
		s.InjectFault(clerktest.Fault{Status: 503})
		s.ClearFaults()
		call[[]obj](t, s, "GET", "/users", "", 200)
	})

	t.Run("latency outlasts the client", func(t *testing.T) {
		s := newServer(t)
		s.InjectFault(clerktest.Fault{Latency: time.Minute, Status: 503})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/users", nil)
		req.Header.Set("Authorization", "Bearer "+s.SecretKey)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("request answered %d, want the client's deadline to pass first", resp.StatusCode)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		// Close (in Cleanup) must not wait a minute: the server stops waiting when the
		// client goes.
	})
}

func TestRequestsRecorded(t *testing.T) {
	s := newServer(t)
	body := `{"username":"rec_user"}`
	call[obj](t, s, "POST", "/users?x=1&y=two", body, 200)
	send(t, s, "GET", "/nowhere", "")

	got := s.Requests()
	if len(got) != 2 {
		t.Fatalf("%d requests recorded, want 2", len(got))
	}
	r := got[0]
	want := clerktest.Request{Method: "POST", Path: "/v1/users", RawQuery: "x=1&y=two", Body: []byte(body),
		Route: "/users", Status: 200, Time: start}
	r.Header = nil
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("Requests()[0] (-want +got):\n%s", diff)
	}
	if h := got[0].Header.Get("Authorization"); h != "Bearer "+s.SecretKey {
		t.Errorf("recorded Authorization = %q, want the key sent", h)
	}
	if got[0].Header.Get("Content-Type") != "application/json" {
		t.Errorf("recorded Content-Type = %q", got[0].Header.Get("Content-Type"))
	}
	if got[1].Route != "" || got[1].Status != 404 {
		t.Errorf("unknown route recorded as %q %d, want \"\" 404", got[1].Route, got[1].Status)
	}

	got[0].Body[0] = 'X'
	got[0].Header.Set("Authorization", "changed")
	if again := s.Requests(); again[0].Body[0] != '{' || again[0].Header.Get("Authorization") == "changed" {
		t.Error("Requests returns slices that alias the server's record")
	}
	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests after ResetRequests, want 0", n)
	}
}

func TestDeterministic(t *testing.T) {
	body := func(opts ...clerktest.Option) string {
		s := newServer(t, append(opts, clerktest.WithSampleData())...)
		call[obj](t, s, "POST", "/users", `{"username":"same_user"}`, 200)
		r := send(t, s, "GET", "/users?limit=100", "")
		return string(r.body)
	}
	a, b := body(clerktest.WithSeed(7)), body(clerktest.WithSeed(7))
	if a != b {
		t.Error("two servers with the same seed and clock answered differently")
	}
	if c := body(clerktest.WithSeed(8)); c == a {
		t.Error("servers with different seeds answered the same")
	}
}

func TestConcurrentUse(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	const workers = 16
	var wg sync.WaitGroup
	errs := make(chan error, workers*3)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 3 {
				for _, req := range []struct{ method, path, body string }{
					{"POST", "/users", fmt.Sprintf(`{"username":"worker_%d_%d"}`, i, j)},
					{"GET", "/users?limit=5&query=worker", ""},
					{"GET", "/organizations?include_members_count=true", ""},
				} {
					r, err := http.NewRequest(req.method, s.URL+req.path, strings.NewReader(req.body))
					if err != nil {
						errs <- err
						return
					}
					r.Header.Set("Authorization", "Bearer "+s.SecretKey)
					resp, err := http.DefaultClient.Do(r)
					if err != nil {
						errs <- err
						return
					}
					resp.Body.Close()
					if resp.StatusCode != 200 {
						errs <- fmt.Errorf("%s %s = %d", req.method, req.path, resp.StatusCode)
					}
				}
			}
		}()
	}
	go func() {
		for range 20 {
			s.InjectFault(clerktest.Fault{Path: "/nothing", Status: 500})
			_ = s.Requests()
			s.ClearFaults()
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	count := call[obj](t, s, "GET", "/users/count", "", 200)
	if count["total_count"] != float64(25+workers*3) {
		t.Errorf("total_count = %v, want %d", count["total_count"], 25+workers*3)
	}
}

func TestHandlerShared(t *testing.T) {
	s := newServer(t)
	id, err := s.AddUser(clerktest.UserSeed{Username: "via_handler"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "/v1/users/"+id, nil)
	req.Header.Set("Authorization", "Bearer sk_test_any")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"via_handler"`) {
		t.Errorf("Handler() answered %d %s", rec.Code, rec.Body.String())
	}
}
