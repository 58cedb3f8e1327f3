// Package slacktest is a fake Slack for tests: the Web API methods clerkbot calls and a
// socket mode websocket, on one httptest server. Point slack-go at it with
// slack.OptionAPIURL(s.APIURL()); the app token opens the socket, the bot token calls the
// Web API, and anything else is refused with invalid_auth as Slack does.
//
// A test pushes envelopes (events, slash commands, button clicks) with the Send… methods
// and reads back what the bot did: the acks (with the time each took), and every Web API
// call with its form. Envelopes pushed while no socket is open wait for the next one, and
// envelopes not acknowledged when a socket closes are sent again on the next, with
// retry_attempt raised, as Slack does. Disconnect, Drop and RateLimit provoke the failures
// a bot must survive.
//
//	s := slacktest.NewServer()
//	defer s.Close()
//	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(slacktest.AppToken))
//	env := s.SendMention(slacktest.Message{Channel: "C1", User: "U1", Text: "<@" + slacktest.BotUserID + "> hi"})
//	ack := s.WaitAck(t, env, 5*time.Second)
package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The identities of the fake workspace. Tokens are fakes that look like Slack's.
const (
	AppToken  = "xapp-1-test"
	BotToken  = "xoxb-test"
	TeamID    = "T0TEST0001"
	BotUserID = "U0BOT00001"
	BotID     = "B0BOT00001"
	AppID     = "A0APP00001"
)

// BotScopes are the scopes auth.test reports for the bot token in X-OAuth-Scopes, as
// Slack does, unless SetScopes changes them: those clerkbot asks for.
const BotScopes = "app_mentions:read,channels:history,chat:write,commands,files:write,groups:history,im:history,im:write"

// IMChannel is the id of the direct message conversations.open returns for a user.
func IMChannel(userID string) string { return "D" + strings.TrimPrefix(userID, "U") }

// Call is one Web API call as the server received it.
type Call struct {
	Method string     // "chat.postMessage"
	Form   url.Values // form fields, or the top-level fields of a JSON body
	TS     string     // the ts given to a posted message (chat.postMessage, chat.postEphemeral)
	At     time.Time
}

// Ack is a socket mode acknowledgement.
type Ack struct {
	EnvelopeID string
	Type       string          // the envelope's type: events_api, slash_commands, interactive
	Payload    json.RawMessage // what the bot sent back, if anything
	Latency    time.Duration   // from the envelope's (last) sending to its ack
}

// Upload is a file sent to an upload URL.
type Upload struct {
	FileID   string
	Filename string
	Data     []byte
}

type envelope struct {
	id      string
	typ     string
	payload json.RawMessage
	accepts bool
	retries int
	sentAt  time.Time
	sent    bool
}

// Server is a fake Slack. Its methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server

	pingEvery time.Duration

	mu          sync.Mutex
	changed     chan struct{} // closed and replaced on every change, for the Wait… methods
	conn        *websocket.Conn
	connWrite   sync.Mutex // gorilla allows one writer at a time
	connections int
	queue       []*envelope          // not yet sent on the current socket
	unacked     map[string]*envelope // sent, waiting for an ack
	acks        []Ack
	calls       []Call
	uploads     []Upload
	limits      map[string]rateLimit
	errs        map[string]string
	outside     map[string]bool // channels the bot is not a member of
	scopes      string          // X-OAuth-Scopes of auth.test; empty sends none
	seq         int
	tsSeq       int64
	closed      bool
}

type rateLimit struct {
	n          int
	retryAfter int
}

// Option configures a Server.
type Option func(*Server)

// WithPingInterval sets how often the server pings the socket (default 5 s); slack-go
// drops a connection that has not been pinged for 30 s.
func WithPingInterval(d time.Duration) Option { return func(s *Server) { s.pingEvery = d } }

// NewServer starts a fake Slack. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		pingEvery: 5 * time.Second,
		changed:   make(chan struct{}),
		unacked:   map[string]*envelope{},
		limits:    map[string]rateLimit{},
		errs:      map[string]string{},
		outside:   map[string]bool{},
		scopes:    BotScopes,
		tsSeq:     1_700_000_000_000_000,
	}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.api)
	mux.HandleFunc("/upload/{file}", s.upload)
	mux.HandleFunc("POST /response/{id}", s.respond)
	mux.HandleFunc("/ws", s.socket)
	s.srv = httptest.NewServer(mux)
	return s
}

// APIURL is the Web API base for slack.OptionAPIURL; it ends with a slash.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// Close closes the socket and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		c.Close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// notify wakes the Wait… methods; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// RateLimit makes the next n calls of a Web API method answer 429 with Retry-After.
func (s *Server) RateLimit(method string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[method] = rateLimit{n: n, retryAfter: int(retryAfter / time.Second)}
}

// NotMember makes the bot a stranger to channels: posting, updating and sharing files
// there fail with not_in_channel, as they do in a channel the bot was not invited to.
func (s *Server) NotMember(channels ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range channels {
		s.outside[c] = true
	}
}

// FailWith makes every later call of a Web API method fail with Slack's error code
// (such as "missing_scope"); an empty code undoes it.
func (s *Server) FailWith(method, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.errs, method)
		return
	}
	s.errs[method] = code
}

// SetScopes sets the scopes auth.test reports in its X-OAuth-Scopes header; none sends
// no header, as a proxy that drops it would.
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = strings.Join(scopes, ",")
}

// Calls returns the Web API calls received, of the given methods (all when none).
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || slices.Contains(methods, c.Method) {
			out = append(out, Call{Method: c.Method, Form: cloneValues(c.Form), TS: c.TS, At: c.At})
		}
	}
	return out
}

// Uploads returns the files uploaded.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.uploads)
}

// Acks returns the acknowledgements received, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.acks)
}

// Unacked returns the ids of the envelopes not acknowledged yet, sent or waiting.
func (s *Server) Unacked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.queue {
		out = append(out, e.id)
	}
	for id := range s.unacked {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Connections returns how many sockets were opened so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

// Connected reports whether a socket is open.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn != nil
}

// Wait polls cond, under the server's lock released, until it holds or timeout passes;
// it reports whether it held. cond may call the server's methods.
func (s *Server) Wait(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return cond()
		}
	}
}

// WaitAck waits for the ack of an envelope and fails t if none comes in time.
func (s *Server) WaitAck(t testing.TB, envelopeID string, timeout time.Duration) Ack {
	t.Helper()
	var got Ack
	ok := s.Wait(timeout, func() bool {
		for _, a := range s.Acks() {
			if a.EnvelopeID == envelopeID {
				got = a
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatalf("slacktest: no ack for envelope %s within %s", envelopeID, timeout)
	}
	return got
}

// WaitCalls waits until at least n calls of method were received and returns them; it
// fails t if they do not come in time.
func (s *Server) WaitCalls(t testing.TB, method string, n int, timeout time.Duration) []Call {
	t.Helper()
	var got []Call
	if !s.Wait(timeout, func() bool { got = s.Calls(method); return len(got) >= n }) {
		t.Fatalf("slacktest: %d %s calls within %s, want %d: %v", len(got), method, timeout, n, got)
	}
	return got
}

// WaitConnections waits until n sockets were opened and one is open.
func (s *Server) WaitConnections(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	if !s.Wait(timeout, func() bool { return s.Connections() >= n && s.Connected() }) {
		t.Fatalf("slacktest: %d connections within %s, want %d", s.Connections(), timeout, n)
	}
}

// --- Web API ---

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	form, err := readForm(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = form.Get("token")
	}
	form.Del("token")

	var ts string // of the message a call posts, known before it is recorded
	if method == "chat.postMessage" || method == "chat.postEphemeral" {
		ts = s.nextTS()
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Form: form, TS: ts, At: time.Now()})
	s.notify()
	if l, ok := s.limits[method]; ok && l.n > 0 {
		l.n--
		s.limits[method] = l
		s.mu.Unlock()
		w.Header().Set("Retry-After", fmt.Sprint(l.retryAfter))
		http.Error(w, "rate limited", http.StatusTooManyRequests)
		return
	}
	code := s.errs[method]
	switch method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update", "files.completeUploadExternal":
		if s.outside[form.Get("channel")] || s.outside[form.Get("channel_id")] {
			code = "not_in_channel"
		}
	}
	s.mu.Unlock()

	wantToken := BotToken
	if method == "apps.connections.open" {
		wantToken = AppToken
	}
	switch {
	case token == "":
		code = "not_authed"
	case token != wantToken && (token == AppToken || token == BotToken):
		code = "not_allowed_token_type" // the other kind of token, as Slack answers
	case token != wantToken:
		code = "invalid_auth"
	}
	if code != "" {
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}

	switch method {
	case "auth.test":
		s.mu.Lock()
		if s.scopes != "" {
			w.Header().Set("X-OAuth-Scopes", s.scopes)
		}
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "url": "https://test.slack.com/", "team": "Test", "user": "clerkbot",
			"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
	case "apps.connections.open":
		u := "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws"
		writeJSON(w, map[string]any{"ok": true, "url": u})
	case "chat.postMessage":
		writeJSON(w, map[string]any{"ok": true, "channel": form.Get("channel"), "ts": ts,
			"message": map[string]any{"text": form.Get("text"), "ts": ts, "bot_id": BotID}})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": form.Get("channel"), "ts": form.Get("ts"), "text": form.Get("text")})
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "conversations.open":
		// The direct message with a user: "D" and the user id's rest, stable per user.
		users := strings.Split(form.Get("users"), ",")
		if len(users) != 1 || users[0] == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "users_list_not_supplied"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": IMChannel(users[0])}})
	case "files.getUploadURLExternal":
		s.mu.Lock()
		s.seq++
		id := fmt.Sprintf("F%08d", s.seq)
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "file_id": id, "upload_url": s.srv.URL + "/upload/" + id})
	case "files.completeUploadExternal":
		var files []map[string]any
		_ = json.Unmarshal([]byte(form.Get("files")), &files)
		writeJSON(w, map[string]any{"ok": true, "files": files})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func (s *Server) nextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tsSeq++
	return fmt.Sprintf("%d.%06d", s.tsSeq/1_000_000, s.tsSeq%1_000_000)
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") != BotToken {
		http.Error(w, "invalid_auth", http.StatusUnauthorized)
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.uploads = append(s.uploads, Upload{FileID: r.PathValue("file"), Filename: hdr.Filename, Data: data})
	s.notify()
	s.mu.Unlock()
	fmt.Fprint(w, "OK - ", len(data))
}

// respond takes a message sent to a response URL. It is recorded as a Call whose
// Method is "response_url", with the JSON fields (response_type, replace_original,
// text, blocks, …) as its form and the URL's id as "response_id". Response URLs need
// no token.
func (s *Server) respond(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	form.Set("response_id", r.PathValue("id"))
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: "response_url", Form: form, At: time.Now()})
	s.notify()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprint(w, "ok")
}

// ResponseURL is the response URL the server gives a slash command or click with id.
func (s *Server) ResponseURL(id string) string { return s.srv.URL + "/response/" + id }

// readForm reads a form body, a JSON body (its top-level values as strings) or the query.
func readForm(r *http.Request) (url.Values, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]json.RawMessage
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		out := url.Values{}
		if len(body) == 0 {
			return out, nil
		}
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, err
		}
		for k, v := range m {
			var str string
			if json.Unmarshal(v, &str) == nil {
				out.Set(k, str)
			} else {
				out.Set(k, string(v))
			}
		}
		return out, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return cloneValues(r.Form), nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
