package clerk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

const (
	testKey    = "sk_test_c2VjcmV0LWRldi1rZXktZm9yLXRlc3RzLW9ubHk"
	liveKey    = "sk_live_fake_prod_key_never_leak"
	newestSpec = "2026-05-12"
)

// newRequest builds a validated request for an operation of the newest shared spec.
func newRequest(t testing.TB, id string, path map[string]string, query url.Values, body string) *clerk.Request {
	t.Helper()
	s := testSpec(t, newestSpec)
	op, ok := s.Operation(id)
	if !ok {
		t.Fatalf("no operation %s in %s", id, newestSpec)
	}
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	r, err := s.NewRequest(op, path, query, b)
	if err != nil {
		t.Fatalf("NewRequest(%s): %v", id, err)
	}
	return r
}

// sleeper records the waits a Client asks for, without waiting.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newClient returns a client for base that never really sleeps, has its jitter fixed at
// half the ceiling and no client-side limit unless opts set one.
func newClient(t testing.TB, base string, opts ...clerk.ClientOption) (*clerk.Client, *sleeper) {
	t.Helper()
	s := &sleeper{}
	all := append([]clerk.ClientOption{
		clerk.WithBaseURL(base),
		clerk.WithSleep(s.sleep),
		clerk.WithRand(func() float64 { return 0.5 }),
		clerk.WithRateLimit(0, 0),
	}, opts...)
	c, err := clerk.NewClient(testKey, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, s
}

// hangUp closes the connection without an answer: a network error after the request was
// sent.
func hangUp(t testing.TB, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

func TestClientSendsHeaders(t *testing.T) {
	type seen struct {
		Method, Path, RawQuery, Auth, Version, UA, Accept, ContentType, Body string
	}
	tests := []struct {
		name string
		req  func(t *testing.T) *clerk.Request
		opts []clerk.ClientOption
		want seen
	}{
		{
			name: "get with query",
			req: func(t *testing.T) *clerk.Request {
				return newRequest(t, "GetUserList", nil, url.Values{"limit": {"5"}, "username": {"john_doe"}}, "")
			},
			opts: []clerk.ClientOption{clerk.WithVersion("1.2.3")},
			want: seen{Method: "GET", Path: "/v1/users", RawQuery: "limit=5&username=john_doe", Auth: "Bearer " + testKey,
				Version: "2026-05-12", UA: "clerkbot/1.2.3 (+https://github.com/clerkbot/clerkbot)", Accept: "application/json"},
		},
		{
			name: "post with body and the older spec version",
			req: func(t *testing.T) *clerk.Request {
				s := testSpec(t, "2025-11-10")
				op, _ := s.Operation("CreateInvitation")
				r, err := s.NewRequest(op, nil, nil, []byte(`{"email_address":"a@b.co"}`))
				if err != nil {
					t.Fatal(err)
				}
				return r
			},
			opts: []clerk.ClientOption{clerk.WithUserAgent("custom/9")},
			want: seen{Method: "POST", Path: "/v1/invitations", Auth: "Bearer " + testKey, Version: "2025-11-10",
				UA: "custom/9", Accept: "application/json", ContentType: "application/json", Body: `{"email_address":"a@b.co"}`},
		},
		{
			name: "delete with an escaped path parameter",
			req: func(t *testing.T) *clerk.Request {
				return newRequest(t, "DeleteUser", map[string]string{"user_id": "user_1 2"}, nil, "")
			},
			want: seen{Method: "DELETE", Path: "/v1/users/user_1 2", Auth: "Bearer " + testKey, Version: "2026-05-12",
				UA: "clerkbot/dev (+https://github.com/clerkbot/clerkbot)", Accept: "application/json"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got seen
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				got = seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"),
					r.Header.Get("Clerk-API-Version"), r.Header.Get("User-Agent"), r.Header.Get("Accept"),
					r.Header.Get("Content-Type"), string(body)}
				w.Header().Set("Clerk-Trace-Id", "trace-ok")
				fmt.Fprint(w, `{"id":"x"}`)
			}))
			defer srv.Close()
			c, _ := newClient(t, srv.URL+"/v1", tt.opts...)
			resp, err := c.Do(context.Background(), tt.req(t))
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("request seen by server (-want +got):\n%s", diff)
			}
			if resp.Status != 200 || resp.TraceID != "trace-ok" || resp.Attempts != 1 || string(resp.Body) != `{"id":"x"}` {
				t.Errorf("response = %+v", resp)
			}
		})
	}
}

func TestClientRetries(t *testing.T) {
	// step is what the server does with the n-th request: a status, or hang up.
	const hang = -1
	tests := []struct {
		name        string
		op          string
		path        map[string]string
		body        string
		steps       []int // the last step repeats
		wantCalls   int
		wantStatus  int // 0: no response
		wantErr     []error
		wantNotErr  []error
		wantWaits   []time.Duration
		wantInError string
	}{
		{name: "get 500 then 500 then 200", op: "GetUserList", steps: []int{500, 500, 200},
			wantCalls: 3, wantStatus: 200, wantWaits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}},
		{name: "get 503 every time", op: "GetUserList", steps: []int{503},
			wantCalls: 3, wantStatus: 503, wantErr: []error{clerk.ErrServer}, wantNotErr: []error{clerk.ErrInDoubt},
			wantWaits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, wantInError: "try again in a minute"},
		{name: "put 502 then 200", op: "ReplaceUserMetadata", path: map[string]string{"user_id": "user_1"},
			body: `{"public_metadata":{"plan":"pro"}}`, steps: []int{502, 200}, wantCalls: 2, wantStatus: 200,
			wantWaits: []time.Duration{250 * time.Millisecond}},
		{name: "delete hang-up then 200", op: "DeleteUser", path: map[string]string{"user_id": "user_1"},
			steps: []int{hang, 200}, wantCalls: 2, wantStatus: 200, wantWaits: []time.Duration{250 * time.Millisecond}},
		{name: "get hang-up every time", op: "GetUserList", steps: []int{hang},
			wantCalls: 3, wantNotErr: []error{clerk.ErrInDoubt}, wantInError: "no response from Clerk after 3 tries",
			wantWaits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}},
		{name: "post 500 is not retried and is in doubt", op: "CreateInvitation", body: `{"email_address":"a@b.co"}`,
			steps: []int{500, 200}, wantCalls: 1, wantStatus: 500, wantErr: []error{clerk.ErrServer, clerk.ErrInDoubt},
			wantInError: "may or may not have applied"},
		{name: "post hang-up is not retried and is in doubt", op: "CreateInvitation", body: `{"email_address":"a@b.co"}`,
			steps: []int{hang, 200}, wantCalls: 1, wantErr: []error{clerk.ErrInDoubt}, wantInError: "may or may not have applied"},
		{name: "patch hang-up is not retried and is in doubt", op: "UpdateUserMetadata", path: map[string]string{"user_id": "user_1"},
			body: `{"public_metadata":{"plan":"pro"}}`, steps: []int{hang, 200}, wantCalls: 1, wantErr: []error{clerk.ErrInDoubt}},
		{name: "patch 503 is not retried", op: "UpdateUserMetadata", path: map[string]string{"user_id": "user_1"},
			body: `{"public_metadata":{}}`, steps: []int{503, 200}, wantCalls: 1, wantStatus: 503,
			wantErr: []error{clerk.ErrServer, clerk.ErrInDoubt}},
		{name: "get 404 is not retried", op: "GetUser", path: map[string]string{"user_id": "user_1"},
			steps: []int{404, 200}, wantCalls: 1, wantStatus: 404, wantErr: []error{clerk.ErrNotFound},
			wantNotErr: []error{clerk.ErrServer, clerk.ErrInDoubt}},
		{name: "post 422 is not retried", op: "CreateInvitation", body: `{"email_address":"a@b.co"}`,
			steps: []int{422, 200}, wantCalls: 1, wantStatus: 422, wantErr: []error{clerk.ErrInvalid},
			wantNotErr: []error{clerk.ErrInDoubt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				n := int(calls.Add(1))
				step := tt.steps[min(n, len(tt.steps))-1]
				switch {
				case step == hang:
					hangUp(t, w)
				case step >= 400:
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(step)
					fmt.Fprintf(w, `{"errors":[{"code":"c%d","message":"m","long_message":"failed %d"}],"clerk_trace_id":"t%d"}`, step, step, n)
				default:
					fmt.Fprint(w, `{"id":"user_1","object":"user"}`)
				}
			}))
			defer srv.Close()
			c, sl := newClient(t, srv.URL+"/v1")
			resp, err := c.Do(context.Background(), newRequest(t, tt.op, tt.path, nil, tt.body))

			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if diff := cmp.Diff(tt.wantWaits, sl.got()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			switch {
			case tt.wantStatus == 0 && resp != nil:
				t.Errorf("response = %+v, want none", resp)
			case tt.wantStatus != 0 && resp == nil:
				t.Errorf("no response, want status %d (err %v)", tt.wantStatus, err)
			case resp != nil && (resp.Status != tt.wantStatus || resp.Attempts != tt.wantCalls):
				t.Errorf("response status %d after %d attempts, want %d after %d", resp.Status, resp.Attempts, tt.wantStatus, tt.wantCalls)
			}
			if tt.wantStatus == 200 && err != nil {
				t.Errorf("Do error: %v", err)
			}
			if tt.wantStatus != 200 && err == nil {
				t.Fatalf("Do succeeded, want an error")
			}
			for _, target := range tt.wantErr {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false, want true", err, target)
				}
			}
			for _, target := range tt.wantNotErr {
				if errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = true, want false", err, target)
				}
			}
			if tt.wantInError != "" && !strings.Contains(err.Error(), tt.wantInError) {
				t.Errorf("error %q does not say %q", err, tt.wantInError)
			}
		})
	}
}

// A POST that never left this process (the connection was refused) is safe to try again;
// it must not be reported as in doubt.
func TestClientRetriesUnsentPost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	c, sl := newClient(t, "http://"+addr+"/v1")
	_, err = c.Do(context.Background(), newRequest(t, "CreateInvitation", nil, nil, `{"email_address":"a@b.co"}`))
	if err == nil {
		t.Fatal("Do succeeded against a closed port")
	}
	if errors.Is(err, clerk.ErrInDoubt) {
		t.Errorf("refused connection reported as in doubt: %v", err)
	}
	if got := len(sl.got()); got != 2 {
		t.Errorf("%d waits between tries, want 2 (3 tries): %v", got, err)
	}
}

func TestClientRateLimited429(t *testing.T) {
	now := time.Date(2026, 5, 12, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		op          string
		body        string
		retryAfter  []string // per request; the last repeats; "" means no 429
		wantCalls   int
		wantWaits   []time.Duration
		wantOK      bool
		wantRetry   time.Duration
		wantInError []string
	}{
		{name: "short wait then success", op: "GetUserList", retryAfter: []string{"7", ""},
			wantCalls: 2, wantWaits: []time.Duration{7 * time.Second}, wantOK: true},
		{name: "short wait then success for a post", op: "CreateInvitation", body: `{"email_address":"a@b.co"}`,
			retryAfter: []string{"30", ""}, wantCalls: 2, wantWaits: []time.Duration{30 * time.Second}, wantOK: true},
		{name: "long wait fails at once naming when", op: "GetUserList", retryAfter: []string{"120"},
			wantCalls: 1, wantRetry: 2 * time.Minute, wantInError: []string{"retry in 2m0s", "after 12:02:00 UTC", "trace id t1"}},
		{name: "http date", op: "GetUserList", retryAfter: []string{now.Add(time.Hour).Format(http.TimeFormat)},
			wantCalls: 1, wantRetry: time.Hour, wantInError: []string{"retry in 1h0m0s", "after 13:00:00 UTC"}},
		{name: "short waits until tries run out", op: "DeleteUser", retryAfter: []string{"2"},
			wantCalls: 3, wantWaits: []time.Duration{2 * time.Second, 2 * time.Second}, wantRetry: 2 * time.Second,
			wantInError: []string{"retry in 2s"}},
		{name: "missing retry-after waits a second", op: "GetUserList", retryAfter: []string{"none", ""},
			wantCalls: 2, wantWaits: []time.Duration{time.Second}, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1))
				ra := tt.retryAfter[min(n, len(tt.retryAfter))-1]
				if ra == "" {
					fmt.Fprint(w, `[]`)
					return
				}
				if ra != "none" {
					w.Header().Set("Retry-After", ra)
				}
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprintf(w, `{"errors":[{"code":"too_many_requests","message":"Too many requests","long_message":"Too many requests, please try again later."}],"clerk_trace_id":"t%d"}`, n)
			}))
			defer srv.Close()
			var path map[string]string
			if tt.op == "DeleteUser" {
				path = map[string]string{"user_id": "user_1"}
			}
			c, sl := newClient(t, srv.URL+"/v1", clerk.WithClock(func() time.Time { return now }))
			resp, err := c.Do(context.Background(), newRequest(t, tt.op, path, nil, tt.body))
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if diff := cmp.Diff(tt.wantWaits, sl.got()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if tt.wantOK {
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if resp.Attempts != tt.wantCalls {
					t.Errorf("Attempts = %d, want %d", resp.Attempts, tt.wantCalls)
				}
				return
			}
			if !errors.Is(err, clerk.ErrRateLimited) {
				t.Fatalf("errors.Is(%v, ErrRateLimited) = false", err)
			}
			var apiErr *clerk.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %T is not an *APIError", err)
			}
			if apiErr.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tt.wantRetry)
			}
			for _, s := range tt.wantInError {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if resp == nil || resp.Status != 429 {
				t.Errorf("response = %+v, want the 429", resp)
			}
		})
	}
}

func TestClientLimiter(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		opts    []clerk.ClientOption
		burst   int           // requests that go without waiting
		maxWait time.Duration // the first wait is more than 0 and at most this
	}{
		// Development keys: 100 per 10 s is a burst of 10, then 90 per 10 s.
		{name: "development default", key: testKey, burst: 10, maxWait: 10 * time.Second / 90},
		// Production keys: 1000 per 10 s is a burst of 100, then 900 per 10 s.
		{name: "production default", key: liveKey, burst: 100, maxWait: 10 * time.Second / 900},
		{name: "override", key: liveKey, opts: []clerk.ClientOption{clerk.WithRateLimit(2, time.Hour)},
			burst: 1, maxWait: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `[]`)
			}))
			defer srv.Close()
			sl := &sleeper{}
			opts := append([]clerk.ClientOption{clerk.WithBaseURL(srv.URL + "/v1"), clerk.WithSleep(sl.sleep)}, tt.opts...)
			c, err := clerk.NewClient(tt.key, opts...)
			if err != nil {
				t.Fatal(err)
			}
			req := newRequest(t, "GetUserList", nil, nil, "")
			for i := range tt.burst {
				if _, err := c.Do(context.Background(), req); err != nil {
					t.Fatalf("request %d: %v", i+1, err)
				}
			}
			if got := sl.got(); len(got) != 0 {
				t.Fatalf("the first %d requests waited %v, want no waits", tt.burst, got)
			}
			// The waits are not slept, so the limiter's debt grows with every request: one
			// of the next burst requests must ask to wait, unless they took longer than
			// the whole window to send, which a local server never does.
			for range tt.burst {
				if _, err := c.Do(context.Background(), req); err != nil {
					t.Fatal(err)
				}
				if len(sl.got()) > 0 {
					break
				}
			}
			got := sl.got()
			if len(got) == 0 || got[0] <= 0 || got[0] > tt.maxWait {
				t.Errorf("after the burst waits = %v, want a first wait in (0, %v]", got, tt.maxWait)
			}
		})
	}
}

// A limiter wait longer than the caller's deadline fails at once instead of waiting.
func TestClientLimiterDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `[]`) }))
	defer srv.Close()
	c, sl := newClient(t, srv.URL+"/v1", clerk.WithRateLimit(1, time.Hour))
	req := newRequest(t, "GetUserList", nil, nil, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.Do(ctx, req); err != nil {
		t.Fatal(err)
	}
	_, err := c.Do(ctx, req)
	if !errors.Is(err, clerk.ErrRateLimited) {
		t.Errorf("second request: %v, want ErrRateLimited", err)
	}
	if got := sl.got(); len(got) != 0 {
		t.Errorf("waited %v, want no wait", got)
	}
}

// Cancelling the context ends a Retry-After wait at once, with the real sleep: the test
// cancels when the client logs that it starts waiting 30 s.
func TestClientCancelStopsWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	logger := slog.New(onMessage{msg: "clerk retry wait", do: cancel})
	c, err := clerk.NewClient(testKey, clerk.WithBaseURL(srv.URL+"/v1"), clerk.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(ctx, newRequest(t, "GetUserList", nil, nil, ""))
	if !errors.Is(err, context.Canceled) || !errors.Is(err, clerk.ErrRateLimited) {
		t.Errorf("Do = %v, want context.Canceled and ErrRateLimited", err)
	}
}

// onMessage is a slog.Handler that calls do when a record with message msg is logged.
type onMessage struct {
	msg string
	do  func()
}

func (h onMessage) Enabled(context.Context, slog.Level) bool { return true }
func (h onMessage) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.do()
	}
	return nil
}
func (h onMessage) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h onMessage) WithGroup(string) slog.Handler      { return h }

func TestClientPerTryTimeout(t *testing.T) {
	tests := []struct {
		name      string
		op        string
		body      string
		wantCalls int
		wantErr   error
	}{
		{name: "get is retried", op: "GetUserList", wantCalls: 2},
		{name: "post is in doubt", op: "CreateInvitation", body: `{"email_address":"a@b.co"}`, wantCalls: 1, wantErr: clerk.ErrInDoubt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body) // until the body is read, a hang-up does not end r.Context()
				if calls.Add(1) == 1 {
					select { // slower than the client's timeout
					case <-r.Context().Done():
					case <-time.After(10 * time.Second):
					}
					return
				}
				fmt.Fprint(w, `[]`)
			}))
			defer srv.Close()
			c, _ := newClient(t, srv.URL+"/v1", clerk.WithTimeout(50*time.Millisecond))
			_, err := c.Do(context.Background(), newRequest(t, tt.op, nil, nil, tt.body))
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if tt.wantErr == nil && err != nil {
				t.Errorf("Do: %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("Do = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Do = %v, want it to keep context.DeadlineExceeded", err)
			}
		})
	}
}

func TestClientResponseTooBig(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte(" "), 10<<20+1))
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL+"/v1")
	resp, err := c.Do(context.Background(), newRequest(t, "GetUserList", nil, nil, ""))
	if !errors.Is(err, clerk.ErrResponseTooBig) {
		t.Fatalf("Do = %v, want ErrResponseTooBig", err)
	}
	if !strings.Contains(err.Error(), "10 MiB") {
		t.Errorf("error %q does not name the limit", err)
	}
	if resp == nil || resp.Status != 200 || resp.Body != nil {
		t.Errorf("response = %+v, want status 200 and no body", resp)
	}
}

func TestClientRefusesInvalidRequests(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c, _ := newClient(t, srv.URL+"/v1")
	good := newRequest(t, "GetUserList", nil, nil, "")

	unknownParam := *good
	unknownParam.Query = url.Values{"limt": {"5"}}
	noVersion := *good
	noVersion.Version = ""

	tests := []struct {
		name string
		req  *clerk.Request
		want string
	}{
		{"nil", nil, "needs a request"},
		{"no operation", &clerk.Request{Version: newestSpec}, "needs a request"},
		{"no version", &noVersion, "Clerk-API-Version"},
		{"unknown query parameter", &unknownParam, "did you mean limit?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Do(context.Background(), tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Do = %v, want an error saying %q", err, tt.want)
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}

// The secret key must not appear when the client is printed or logged, nor in errors,
// responses or logs, even when a server echoes it back.
func TestClientNeverShowsKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("X-Echo", auth)
		switch r.URL.Path {
		case "/v1/users":
			fmt.Fprintf(w, `[{"id":"user_1","note":%q}]`, auth)
		case "/v1/users/user_401":
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"errors":[{"code":"authentication_invalid","message":"bad key %s","long_message":"The key %s is invalid","meta":{"key":%q}}],"clerk_trace_id":%q}`,
				auth, auth, auth, auth)
		default: // a proxy's HTML page quoting the request
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, "<html><body><h1>502</h1><pre>%s</pre></body></html>", auth)
		}
	}))
	defer srv.Close()

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	textLogger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sl := &sleeper{}
	c, err := clerk.NewClient(liveKey, clerk.WithBaseURL(srv.URL+"/v1"), clerk.WithLogger(logger), clerk.WithSleep(sl.sleep))
	if err != nil {
		t.Fatal(err)
	}
	if c.Instance() != clerk.Production {
		t.Errorf("Instance() = %v, want PRODUCTION", c.Instance())
	}
	var shown []string
	shown = append(shown, fmt.Sprintf("%v %+v %#v %s %q", c, c, c, c, c))
	shown = append(shown, fmt.Sprintf("%v %+v %#v", *c, *c, *c))
	shown = append(shown, fmt.Sprintf("%+v", struct{ C clerk.Client }{*c}))
	logger.Info("client", "client", c)
	textLogger.Info("client", "client", c, "value", *c)

	resp, err := c.Do(context.Background(), newRequest(t, "GetUserList", nil, nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	shown = append(shown, string(resp.Body), fmt.Sprint(resp.Header))
	for _, id := range []string{"user_401", "user_502"} {
		resp, err := c.Do(context.Background(), newRequest(t, "GetUser", map[string]string{"user_id": id}, nil, ""))
		if err == nil {
			t.Fatalf("GetUser(%s) succeeded", id)
		}
		shown = append(shown, err.Error(), fmt.Sprintf("%+v %#v", err, err), string(resp.Body), fmt.Sprint(resp.Header))
		var apiErr *clerk.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("GetUser(%s) error %T is not an *APIError", id, err)
		}
		shown = append(shown, fmt.Sprintf("%+v", *apiErr))
		logger.Error("clerk failed", "err", err)
		if id == "user_401" && !strings.Contains(err.Error(), "[REDACTED]") {
			t.Errorf("echoed key not replaced by [REDACTED]: %v", err)
		}
	}
	shown = append(shown, logs.String())
	secret := strings.TrimPrefix(liveKey, "sk_live_")
	for _, s := range shown {
		if strings.Contains(s, secret) {
			t.Errorf("key shown in %q", s)
		}
	}
	if !strings.Contains(shown[0], "PRODUCTION") {
		t.Errorf("client printed as %q, want its instance", shown[0])
	}
}

func TestClientLogs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Clerk-Trace-Id", "trace-123")
		fmt.Fprint(w, `{"id":"user_1","private_metadata":{"ssn":"do-not-log"}}`)
	}))
	defer srv.Close()
	var buf bytes.Buffer
	c, _ := newClient(t, srv.URL+"/v1", clerk.WithLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if _, err := c.Do(context.Background(), newRequest(t, "GetUser", map[string]string{"user_id": "user_1"}, nil, "")); err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	want := map[string]any{"op": "GetUser", "method": "GET", "path": "/users/user_1", "status": 200.0, "attempt": 1.0, "trace_id": "trace-123"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("log %s = %v, want %v (record %v)", k, rec[k], v, rec)
		}
	}
	if msg, _ := rec["msg"].(string); msg != strings.ToLower(msg) {
		t.Errorf("log message %q is not lower case", msg)
	}
	if strings.Contains(buf.String(), "do-not-log") {
		t.Errorf("response body logged: %s", buf.String())
	}
}

func BenchmarkClientDo(b *testing.B) {
	body := []byte(`[{"id":"user_1","object":"user","first_name":"John"},{"id":"user_2","object":"user","first_name":"Alice"}]`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	c, _ := newClient(b, srv.URL+"/v1")
	req := newRequest(b, "GetUserList", nil, url.Values{"limit": {"2"}}, "")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// newEmulatorClient starts the Clerk emulator with sample data and a client for it that
// records waits instead of sleeping.
func newEmulatorClient(t *testing.T, opts ...clerk.ClientOption) (*clerktest.Server, *clerk.Client, *sleeper) {
	t.Helper()
	srv := clerktest.NewServer(clerktest.WithSampleData())
	t.Cleanup(srv.Close)
	sl := &sleeper{}
	all := append([]clerk.ClientOption{clerk.WithBaseURL(srv.URL), clerk.WithSleep(sl.sleep)}, opts...)
	c, err := clerk.NewClient(srv.SecretKey, all...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, sl
}

// walk fetches every page of a list request and returns the ids and the number of pages.
func walk(t *testing.T, c *clerk.Client, r *clerk.Request) (ids []string, pages int, last *clerk.List) {
	t.Helper()
	for r != nil {
		pages++
		if pages > 50 {
			t.Fatalf("more than 50 pages; the last request was %s", r.URL(""))
		}
		resp, err := c.Do(context.Background(), r)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		l, err := clerk.DecodeList(r, resp.Body)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, item := range l.Items {
			var v struct{ ID string }
			if err := json.Unmarshal(item, &v); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, v.ID)
		}
		last = l
		r = l.NextRequest(r)
	}
	return ids, pages, last
}

func TestEmulatorPagesUsersByCursor(t *testing.T) {
	srv, c, _ := newEmulatorClient(t)
	resp, err := c.Do(context.Background(), newRequest(t, "GetUsersCount", nil, nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	var count struct {
		TotalCount int `json:"total_count"`
	}
	if err := json.Unmarshal(resp.Body, &count); err != nil || count.TotalCount < 11 {
		t.Fatalf("users/count = %s (%v); the sample data should have more than a page", resp.Body, err)
	}
	srv.ResetRequests()

	ids, pages, _ := walk(t, c, newRequest(t, "GetUserList", nil, url.Values{"limit": {"10"}}, ""))
	if len(ids) != count.TotalCount {
		t.Errorf("walked %d users, users/count says %d", len(ids), count.TotalCount)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("user %s on two pages", id)
		}
		seen[id] = true
	}
	if want := count.TotalCount/10 + 1; pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
	reqs := srv.Requests()
	for i, r := range reqs {
		q, _ := url.ParseQuery(r.RawQuery)
		switch {
		case i == 0 && q.Has("starting_after"):
			t.Errorf("first page asked with a cursor: %s", r.RawQuery)
		case i > 0 && q.Get("starting_after") != ids[i*10-1]:
			t.Errorf("page %d query %q, want starting_after=%s", i+1, r.RawQuery, ids[i*10-1])
		case q.Has("offset"):
			t.Errorf("page %d pages by offset: %s", i+1, r.RawQuery)
		}
	}
}

func TestEmulatorPagesOrganizationsByOffset(t *testing.T) {
	_, c, _ := newEmulatorClient(t)
	ids, pages, last := walk(t, c, newRequest(t, "ListOrganizations", nil, url.Values{"limit": {"3"}}, ""))
	if !last.TotalKnown || int64(len(ids)) != last.Total {
		t.Errorf("walked %d organizations, total %d (known %v)", len(ids), last.Total, last.TotalKnown)
	}
	if want := (len(ids) + 2) / 3; pages != want || len(ids) < 4 {
		t.Errorf("%d organizations in %d pages, want %d pages of 3 and more than one page", len(ids), pages, want)
	}
}

func TestEmulatorFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      clerktest.Fault
		op         string
		path       map[string]string
		body       string
		opts       []clerk.ClientOption
		wantStatus []int // statuses the emulator sent, in order
		wantWaits  []time.Duration
		wantErr    []error
		wantInErr  string
	}{
		{name: "429 then success", op: "GetUserList",
			fault:      clerktest.Fault{Method: "GET", Path: "/users", Status: 429, RetryAfter: 2 * time.Second, Times: 1},
			wantStatus: []int{429, 200}, wantWaits: []time.Duration{2 * time.Second}},
		{name: "429 for a post then success", op: "CreateInvitation", body: `{"email_address":"new@example.com"}`,
			fault:      clerktest.Fault{Method: "POST", Path: "/invitations", Status: 429, Times: 1},
			wantStatus: []int{429, 200}, wantWaits: []time.Duration{time.Second}},
		{name: "429 with a long wait fails naming it", op: "GetUserList",
			fault:      clerktest.Fault{Path: "/users", Status: 429, RetryAfter: 90 * time.Second},
			wantStatus: []int{429}, wantErr: []error{clerk.ErrRateLimited}, wantInErr: "retry in 1m30s"},
		{name: "503 twice then success", op: "GetUser", path: map[string]string{"user_id": "user_x"},
			fault:      clerktest.Fault{Path: "/users/{user_id}", Status: 503, Times: 2},
			wantStatus: []int{503, 503, 404}, wantWaits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond},
			wantErr: []error{clerk.ErrNotFound}, wantInErr: "clerk: GET /users/{user_id} failed with 404"},
		{name: "500 on a post is in doubt", op: "CreateInvitation", body: `{"email_address":"new@example.com"}`,
			fault:      clerktest.Fault{Method: "POST", Status: 500, Times: 1},
			wantStatus: []int{500}, wantErr: []error{clerk.ErrServer, clerk.ErrInDoubt}, wantInErr: "may or may not"},
		{name: "latency beyond the timeout is retried", op: "GetUserList", opts: []clerk.ClientOption{clerk.WithTimeout(100 * time.Millisecond)},
			fault:      clerktest.Fault{Path: "/users", Latency: 5 * time.Second, Times: 1},
			wantStatus: []int{499, 200}, wantWaits: []time.Duration{250 * time.Millisecond}},
		{name: "html from a proxy", op: "GetUserList",
			fault:      clerktest.Fault{Path: "/users", Status: 502, Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"},
			wantStatus: []int{502, 502, 502}, wantWaits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond},
			wantErr: []error{clerk.ErrServer}, wantInErr: `"502 Bad Gateway"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]clerk.ClientOption{clerk.WithRand(func() float64 { return 0.5 })}, tt.opts...)
			srv, c, sl := newEmulatorClient(t, opts...)
			srv.InjectFault(tt.fault)
			resp, err := c.Do(context.Background(), newRequest(t, tt.op, tt.path, nil, tt.body))

			// A request the client gave up on is recorded when its handler returns.
			deadline := time.Now().Add(10 * time.Second)
			for len(srv.Requests()) < len(tt.wantStatus) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			var statuses []int
			for _, r := range srv.Requests() {
				statuses = append(statuses, r.Status)
			}
			// A timed-out try may be recorded after the one that followed it.
			slices.Sort(statuses)
			want := slices.Clone(tt.wantStatus)
			slices.Sort(want)
			if diff := cmp.Diff(want, statuses); diff != "" {
				t.Errorf("statuses sent by the emulator (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWaits, sl.got()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if resp.Attempts != len(tt.wantStatus) {
					t.Errorf("Attempts = %d, want %d", resp.Attempts, len(tt.wantStatus))
				}
				return
			}
			for _, target := range tt.wantErr {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not say %q", err, tt.wantInErr)
			}
			var apiErr *clerk.APIError
			if errors.As(err, &apiErr) && apiErr.TraceID == "" {
				t.Errorf("no trace id in %v", err)
			}
		})
	}
}
