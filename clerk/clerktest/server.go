// Package clerktest is an in-memory emulator of Clerk's Backend API (BAPI) served over
// net/http/httptest, for tests and for `clerkbot shell --demo`.
//
// A Server speaks the wire format of the 2026-05-12 spec for the endpoints below: the same
// paths under /v1, the same JSON objects (every field the spec marks required, timestamps in
// Unix milliseconds), bare JSON arrays where the spec says so (/users, /invitations,
// /sessions, /jwt_templates, the bulk endpoints) and {"data":[…],"total_count":N} for the
// organization lists, and Clerk's error body
//
//	{"errors":[{"code","message","long_message","meta"}],"clerk_trace_id":"…"}
//
// with a Clerk-Trace-Id header on every response. A test in this package validates every
// emulated endpoint against the shared copy of Clerk's spec (see SharedSpecDir).
//
// Emulated routes (all under /v1):
//
//	GET, POST           /users
//	GET                 /users/count
//	POST                /users/ban, /users/unban
//	GET, PATCH, DELETE  /users/{user_id}
//	POST                /users/{user_id}/ban, /unban, /lock, /unlock
//	PATCH, PUT          /users/{user_id}/metadata                (PATCH deep-merges, null deletes; PUT replaces)
//	GET                 /users/{user_id}/organization_memberships
//	GET                 /users/{user_id}/organization_invitations
//	GET, POST           /organizations
//	GET, PATCH, DELETE  /organizations/{organization_id}         (GET takes an id or a slug)
//	PATCH, PUT          /organizations/{organization_id}/metadata
//	GET, POST           /organizations/{organization_id}/memberships
//	PATCH, DELETE       /organizations/{organization_id}/memberships/{user_id}
//	PATCH               /organizations/{organization_id}/memberships/{user_id}/metadata
//	GET                 /organization_memberships
//	GET, POST           /organizations/{organization_id}/invitations
//	POST                /organizations/{organization_id}/invitations/bulk
//	GET                 /organizations/{organization_id}/invitations/pending
//	GET                 /organizations/{organization_id}/invitations/{invitation_id}
//	POST                /organizations/{organization_id}/invitations/{invitation_id}/revoke
//	GET                 /organization_invitations
//	GET, POST           /invitations
//	POST                /invitations/bulk
//	POST                /invitations/{invitation_id}/revoke
//	GET, POST           /sessions
//	GET                 /sessions/{session_id}
//	POST                /sessions/{session_id}/revoke
//	GET, POST           /jwt_templates
//	GET, PATCH, DELETE  /jwt_templates/{template_id}
//	GET, PATCH          /instance/communication                  (the SMS country blocklist)
//
// Every request needs "Authorization: Bearer sk_test_…" or "sk_live_…" (any well-formed key,
// or exactly the key given to WithSecretKey); otherwise the answer is 401
// authentication_invalid. Unknown routes answer a Clerk-format 404. Request bodies must be
// JSON objects (arrays for the bulk endpoints); malformed JSON is a 400, and an unknown
// field, a missing required field or a value of the wrong type is a 422 naming the
// parameter in meta.param_name. Unknown query parameters are ignored, as Clerk does. The
// one nod to older API versions: a request with a Clerk-API-Version header before
// 2026-05-12 may still send metadata to PATCH /users/{user_id} and PATCH
// /organizations/{organization_id}, which then replaces it, as those versions did.
//
// Determinism: ids (user_ + 27 base62 characters, org_, orgmem_, orginv_, inv_, sess_,
// client_, idn_ for email addresses and phone numbers, jtmp_) and trace ids come from a
// math/rand source seeded by WithSeed (the sample JWT templates' ids are fixed), and
// timestamps from the clock given to WithClock, so a test that sends the same requests sees
// the same responses. A Server is safe for concurrent use: one mutex guards all state, and a
// request holds it only while it runs, never while a fault's latency elapses.
//
// Faults (InjectFault) make matching requests wait, fail with a status such as 429 (with a
// Retry-After header in seconds) or 503, or both, optionally only N times. Every request,
// faulted or not, is recorded (Requests) with its method, path, raw query, headers, body and
// the status it received.
//
// Typical use in a test:
//
//	s := clerktest.NewServer(clerktest.WithClock(fixed), clerktest.WithSampleData())
//	defer s.Close()
//	id, err := s.AddUser(clerktest.UserSeed{Username: "bob", EmailAddresses: []string{"bob@example.com"}})
//	s.InjectFault(clerktest.Fault{Method: "GET", Path: "/users", Status: 429, RetryAfter: 2 * time.Second, Times: 1})
//	// … point the code under test at s.URL with "Authorization: Bearer " + s.SecretKey …
//	u, ok := s.User(id)   // the user as GET /users/{user_id} renders it
//	reqs := s.Requests()  // what the code under test sent
//
// Where the spec is silent the emulator follows Clerk's habits and says so in the message:
// GET /sessions needs user_id or client_id (422 otherwise); GET /invitations leaves revoked
// invitations out unless status asks for them; only GET /organizations/{organization_id}
// accepts a slug, every other organization path wants the id; revoking a session twice is
// harmless, revoking a non-pending invitation is a 400; unknown request fields are
// rejected even where the spec does not say additionalProperties: false. JWT templates
// default to a 60-second lifetime and 5 seconds of clock skew (the Dashboard's defaults),
// report RS256 unless they have a custom signing key, whose secret is never stored, and
// must have names no other template has; PATCH, like POST, requires name and claims, and
// an explicit null lifetime or allowed_clock_skew restores the default. PATCH
// /instance/communication replaces the SMS country blocklist whole, as the spec says, and
// checks its schema (at most 250 codes, two uppercase letters each, none twice; 422
// otherwise); where the spec is silent, an explicit null blocked_country_codes changes
// nothing, like omitting it ([] clears the list), the countries recognized are the ISO
// 3166-1 alpha-2 codes in use (others are dropped), and the list is kept sorted.
//
// Limits: this is a fake, not a model of Clerk. Sessions and invitations are never created by
// sign-ins or sign-ups, emails are never sent (nor SMS, whatever the blocklist says), roles
// are only org:admin and org:member, instance settings other than the SMS country blocklist
// (required identifiers, password rules beyond "at least 8 characters") are fixed, rate
// limits exist only as injected faults, and only application/json bodies are understood.
// Filters that need data the emulator does not keep (web3 wallets, external accounts) match
// nothing.
package clerktest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// maxRecorded bounds the request log, so a long demo session or a fuzz run does not grow
// without end; the oldest requests are dropped first.
const maxRecorded = 10000

// maxBodyBytes bounds a request body; Clerk's own limit for JSON bodies is of this order.
const maxBodyBytes = 1 << 20

// Server is an in-memory Clerk Backend API. Its zero value is not usable; call NewServer.
type Server struct {
	// URL is the base URL of the emulated API, including the "/v1" prefix, for example
	// "http://127.0.0.1:41234/v1"; use it where the real one is "https://api.clerk.com/v1".
	URL string
	// SecretKey is a secret key the server accepts, for clients that need one.
	SecretKey string

	hs        *httptest.Server
	routes    []route
	now       func() time.Time
	requireSK string // when set, the only accepted secret key

	mu       sync.Mutex
	rnd      *rand.Rand
	requests []Request
	faults   []*faultState
	data     store
}

// Option configures a Server.
type Option func(*config)

type config struct {
	now       func() time.Time
	seed      int64
	sample    bool
	secretKey string
}

// WithClock sets the clock behind every timestamp the server writes. The default is
// time.Now; tests pass a fixed clock so responses are reproducible. The server may call
// now from several goroutines at once.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithSeed seeds the source of ids and trace ids. The default seed is 1, so two servers
// built with the same options hand out the same ids.
func WithSeed(seed int64) Option {
	return func(c *config) { c.seed = seed }
}

// WithSampleData seeds the server with a realistic data set: 25 users (john_doe,
// alice@example.com, a few banned or locked, created over the last 90 days, with plan and
// Stripe metadata), four organizations (Acme Corp, slug acme-corp, among them) with admins
// and members, pending organization and instance invitations, active sessions, and three
// JWT templates with fixed ids: supabase (jtmp_2EzX50YEXsze1ztSq5wK9vOjk0B, HS256 custom
// key), hasura (jtmp_2DK49CKKg0iQRtmvnKxJkrRmVAM) and metabase
// (jtmp_22klGngJX3yL8L7fmXbrdWmHoJd), and an SMS country blocklist of IR and KP.
func WithSampleData() Option {
	return func(c *config) { c.sample = true }
}

// WithSecretKey makes key the only secret key the server accepts. By default any key of the
// form sk_test_… or sk_live_… is accepted.
func WithSecretKey(key string) Option {
	return func(c *config) { c.secretKey = key }
}

// NewServer starts an emulator on a local httptest server. Call Close when done.
func NewServer(opts ...Option) *Server {
	s := newServer(opts...)
	s.hs = httptest.NewServer(s.Handler())
	s.URL = s.hs.URL + "/v1"
	return s
}

// newServer builds a server without a listener.
func newServer(opts ...Option) *Server {
	cfg := config{now: time.Now, seed: 1}
	for _, opt := range opts {
		opt(&cfg)
	}
	s := &Server{
		now:       cfg.now,
		requireSK: cfg.secretKey,
		rnd:       rand.New(rand.NewPCG(uint64(cfg.seed), uint64(cfg.seed)^0x9e3779b97f4a7c15)),
		data:      newStore(),
	}
	s.SecretKey = cfg.secretKey
	if s.SecretKey == "" {
		s.SecretKey = "sk_test_" + s.randomString(40)
	}
	s.routes = s.buildRoutes()
	if cfg.sample {
		s.seedSample()
	}
	return s
}

// Close shuts the server down and waits for outstanding requests.
func (s *Server) Close() { s.hs.Close() }

// Handler returns the emulator's HTTP handler, which serves paths under /v1, for mounting in
// another server. It shares state with s.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Request is one request the server received, as recorded for assertions.
type Request struct {
	Method   string
	Path     string // as received, including "/v1"
	RawQuery string
	Header   http.Header
	Body     []byte
	// Route is the template of the emulated route that matched, such as
	// "/users/{user_id}", or "" when none did.
	Route string
	// Status is the status code of the response the server sent.
	Status int
	// Time is the server clock's reading when the request arrived.
	Time time.Time
}

// Requests returns the requests received so far (the latest 10000), in the order their
// responses were written.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// call is one request being served by a route handler.
type call struct {
	r      *http.Request
	params map[string]string
	query  url.Values
	body   []byte
}

func (c *call) param(name string) string { return c.params[name] }

// handlerFunc serves a matched route with s.mu held. It returns the value to encode as the
// 200 response body, or an error to encode in Clerk's format.
type handlerFunc func(c *call) (any, *apiError)

type route struct {
	method   string
	template string
	segs     []string
	h        handlerFunc
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	arrived := s.now()
	if r.Body == nil { // a request built for ServeHTTP directly, not by a server
		r.Body = http.NoBody
	}
	body, bodyErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/v1")
	rt, params, routeErr := s.match(r.Method, r.URL.EscapedPath())
	template := ""
	if rt != nil {
		template = rt.template
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.requests) >= maxRecorded {
			s.requests = slices.Delete(s.requests, 0, len(s.requests)-maxRecorded+1)
		}
		s.requests = append(s.requests, Request{
			Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, Route: template,
			Status: rec.status, Time: arrived,
		})
	}()

	if f := s.takeFault(r.Method, path); f != nil {
		if f.Latency > 0 && !sleep(r.Context(), f.Latency) {
			rec.status = 499 // client went away; nothing is written
			return
		}
		if f.Status != 0 {
			s.writeFault(rec, f)
			return
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	trace := s.traceID()
	if err := s.authenticate(r.Header.Get("Authorization")); err != nil {
		writeError(rec, trace, err)
		return
	}
	if routeErr != nil {
		writeError(rec, trace, routeErr)
		return
	}
	if bodyErr != nil {
		var tooBig *http.MaxBytesError
		if errors.As(bodyErr, &tooBig) {
			writeError(rec, trace, &apiError{status: http.StatusRequestEntityTooLarge, code: "request_body_too_large",
				message: "request body too large", longMessage: "The request body exceeds 1 MiB."})
			return
		}
		writeError(rec, trace, errMalformed("The request body could not be read."))
		return
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(rec, trace, errMalformed("The query string is malformed: "+err.Error()))
		return
	}
	v, apiErr := rt.h(&call{r: r, params: params, query: query, body: body})
	if apiErr != nil {
		writeError(rec, trace, apiErr)
		return
	}
	writeJSON(rec, trace, http.StatusOK, v)
}

// match finds the route for method and the escaped request path. Literal segments win
// over parameters, so /users/count is not read as /users/{user_id}.
func (s *Server) match(method, escapedPath string) (*route, map[string]string, *apiError) {
	notFound := errNotFoundRoute(method, escapedPath)
	rest, ok := strings.CutPrefix(escapedPath, "/v1/")
	if !ok {
		return nil, nil, notFound
	}
	segs := strings.Split(rest, "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil || u == "" {
			return nil, nil, notFound
		}
		segs[i] = u
	}
	var best *route
	bestLiterals := -1
	pathMatched := false
	for i := range s.routes {
		rt := &s.routes[i]
		literals, ok := matchSegs(rt.segs, segs)
		if !ok {
			continue
		}
		pathMatched = true
		if rt.method == method && literals > bestLiterals {
			best, bestLiterals = rt, literals
		}
	}
	if best == nil {
		if pathMatched {
			return nil, nil, errMethodNotAllowed(method, escapedPath)
		}
		return nil, nil, notFound
	}
	params := map[string]string{}
	for i, seg := range best.segs {
		if isParam(seg) {
			params[seg[1:len(seg)-1]] = segs[i]
		}
	}
	return best, params, nil
}

// matchSegs reports whether a template's segments match a path's, and how many of the
// template's segments are literal.
func matchSegs(tmpl, segs []string) (int, bool) {
	if len(tmpl) != len(segs) {
		return 0, false
	}
	literals := 0
	for i, t := range tmpl {
		if isParam(t) {
			continue
		}
		if t != segs[i] {
			return 0, false
		}
		literals++
	}
	return literals, true
}

func isParam(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

func splitTemplate(t string) []string { return strings.Split(strings.TrimPrefix(t, "/"), "/") }

// authenticate checks the Authorization header the way Clerk does: a Bearer secret key.
func (s *Server) authenticate(h string) *apiError {
	if h == "" {
		return errAuth("The Authorization header is missing. Send \"Authorization: Bearer <secret key>\" with an sk_test_ or sk_live_ key.")
	}
	key, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return errAuth("The Authorization header must have the form \"Bearer <secret key>\".")
	}
	if s.requireSK != "" {
		if key != s.requireSK {
			return errAuth("The secret key provided is invalid.")
		}
		return nil
	}
	for _, prefix := range []string{"sk_test_", "sk_live_"} {
		if rest, ok := strings.CutPrefix(key, prefix); ok && rest != "" && !strings.ContainsAny(rest, " \t") {
			return nil
		}
	}
	return errAuth("The secret key provided is invalid: it must start with sk_test_ or sk_live_.")
}

// recorder remembers the status written, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// sleep waits for d or until ctx is done, and reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomString returns n base62 characters from the seeded source. Callers hold s.mu, or
// run before the server is shared.
func (s *Server) randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = base62[s.rnd.IntN(len(base62))]
	}
	return string(b)
}

// newID returns a Clerk-shaped id: prefix, underscore, 27 base62 characters.
func (s *Server) newID(prefix string) string { return prefix + "_" + s.randomString(27) }

func (s *Server) traceID() string {
	const hex = "0123456789abcdef"
	b := make([]byte, 32)
	for i := range b {
		b[i] = hex[s.rnd.IntN(16)]
	}
	return string(b)
}

// nowMillis is the clock's reading in Unix milliseconds, Clerk's unit for timestamps.
func (s *Server) nowMillis() int64 { return s.now().UnixMilli() }
