package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/clerkbot/clerkbot/bot/slackbot"
	"github.com/clerkbot/clerkbot/bot/slackbot/slacktest"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
)

// Slack users of the fake workspace. Alice and Bob and Dave approve; Carol only asks;
// Mallory belongs to another workspace that shares the channel.
const (
	alice    = "U0ALICE001"
	bob      = "U0BOB00001"
	carol    = "U0CAROL001"
	dave     = "U0DAVE0001"
	mallory  = "U0MALLORY1"
	otherOrg = "T0OTHER001"
	opsChan  = "C0OPS00001"
	quiet    = "C0QUIET001" // a channel whose plain messages the bot does not read
)

const wait = 20 * time.Second

// slackWorld is a running `clerkbot serve` against a fake Slack and the Clerk emulator.
type slackWorld struct {
	t      testing.TB
	slack  *slacktest.Server
	clerk  *clerktest.Server
	env    map[string]string
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error

	sweep time.Duration // how often serve sweeps expired confirmations

	mu     sync.Mutex
	offset time.Duration // how far the confirmations' clock runs ahead of the wall clock
}

// now is the clock serve's confirmations run on; advance moves it forward.
func (w *slackWorld) now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return time.Now().Add(w.offset)
}

func (w *slackWorld) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.offset += d
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newSlackWorld(t testing.TB, env map[string]string) *slackWorld {
	t.Helper()
	dir, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	w := &slackWorld{t: t, slack: slacktest.NewServer(), clerk: clerktest.NewServer(), stderr: &syncBuffer{}}
	t.Cleanup(w.slack.Close)
	t.Cleanup(w.clerk.Close)
	if _, err := w.clerk.AddUser(clerktest.UserSeed{FirstName: "Jane", LastName: "Doe", Username: "jane_doe", EmailAddresses: []string{"jane@acme.com"}}); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	w.env = map[string]string{
		"SLACK_APP_TOKEN":    slacktest.AppToken,
		"SLACK_BOT_TOKEN":    slacktest.BotToken,
		"SLACK_API_URL":      w.slack.APIURL(),
		"CLERK_SECRET_KEY":   "sk_test_e2e_fake",
		"CLERK_API_URL":      w.clerk.URL,
		"CLERK_OPENAPI_SPEC": filepath.Join(dir, "bapi"),
		"CLERK_BAPI_SCOPES":  "read write delete",
		"CLERKBOT_DB":        filepath.Join(home, "clerkbot.db"),
		"CLERKBOT_APPROVERS": strings.Join([]string{alice, bob, dave}, ","),
		"CLERKBOT_CHANNELS":  opsChan,
		"CLERKBOT_HTTP_ADDR": "127.0.0.1:0",
		"HOME":               home,
	}
	for k, v := range env {
		w.env[k] = v
	}
	return w
}

// start runs serve until the test ends (or stop), and waits for its socket.
func (w *slackWorld) start() {
	w.t.Helper()
	before := w.slack.Connections()
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel, w.done = cancel, make(chan error, 1)
	go func() {
		w.done <- runServe(ctx, nil, func(k string) string { return w.env[k] }, w.stderr, w.now, cmp.Or(w.sweep, sweepEvery))
	}()
	w.t.Cleanup(func() { w.stop() })
	w.slack.WaitConnections(w.t, before+1, wait)
}

// stop cancels serve and returns what run returned.
func (w *slackWorld) stop() error {
	w.t.Helper()
	if w.cancel == nil {
		return nil
	}
	w.cancel()
	w.cancel = nil
	select {
	case err := <-w.done:
		w.checkLogs()
		return err
	case <-time.After(wait):
		w.t.Fatal("serve did not stop")
		return nil
	}
}

// webAPIScopes are the bot scopes each Web API method serve calls needs (Slack's method
// pages); the response URLs need none.
var webAPIScopes = map[string]string{
	"auth.test": "", "apps.connections.open": "", "response_url": "",
	"chat.postMessage": "chat:write", "chat.postEphemeral": "chat:write", "chat.update": "chat:write",
	"conversations.open":         "im:write",
	"files.getUploadURLExternal": "files:write", "files.completeUploadExternal": "files:write",
}

// checkScopes fails the test when serve called a Web API method whose scope the app
// manifest does not ask for, or one this table does not know.
func (w *slackWorld) checkScopes() {
	w.t.Helper()
	var m struct {
		OAuth struct {
			Scopes struct{ Bot []string } `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(slackbot.Manifest, &m); err != nil {
		w.t.Fatal(err)
	}
	for _, c := range w.slack.Calls() {
		scope, known := webAPIScopes[c.Method]
		switch {
		case !known:
			w.t.Errorf("serve called %s, which webAPIScopes does not know: add its scope here and to the manifest", c.Method)
		case scope != "" && !slices.Contains(m.OAuth.Scopes.Bot, scope):
			w.t.Errorf("serve called %s, which needs %s, missing from bot/slackbot/manifest.yaml", c.Method, scope)
		}
	}
}

func (w *slackWorld) checkLogs() {
	w.t.Helper()
	w.checkScopes()
	logs := w.stderr.String()
	for _, secret := range []string{slacktest.AppToken, slacktest.BotToken, w.env["CLERK_SECRET_KEY"]} {
		if strings.Contains(logs, secret) {
			w.t.Errorf("a secret is in the logs: %s", logs)
		}
	}
}

// posted waits for n chat.postMessage calls and returns them.
func (w *slackWorld) posted(n int) []slacktest.Call {
	w.t.Helper()
	return w.slack.WaitCalls(w.t, "chat.postMessage", n, wait)
}

func (w *slackWorld) allAcked() {
	w.t.Helper()
	if !w.slack.Wait(wait, func() bool { return len(w.slack.Unacked()) == 0 }) {
		w.t.Errorf("unacknowledged envelopes: %v", w.slack.Unacked())
	}
}

func (w *slackWorld) deletes() int {
	n := 0
	for _, r := range w.clerk.Requests() {
		if r.Method == "DELETE" {
			n++
		}
	}
	return n
}

// stopAndCount stops serve and checks what reached Clerk and Slack: deletes DELETEs at
// Clerk and, for each Web API method in calls, that many calls.
func (w *slackWorld) stopAndCount(deletes int, calls map[string]int) {
	w.t.Helper()
	if err := w.stop(); err != nil {
		w.t.Fatalf("serve: %v", err)
	}
	if n := w.deletes(); n != deletes {
		w.t.Errorf("%d DELETEs at Clerk, want %d", n, deletes)
	}
	for method, want := range calls {
		if n := len(w.slack.Calls(method)); n != want {
			w.t.Errorf("%d %s calls, want %d", n, method, want)
		}
	}
}

// content is what a person sees of a posted message: its text and its blocks.
func content(c slacktest.Call) string { return c.Form.Get("text") + "\n" + c.Form.Get("blocks") }

// buttonValue returns the value of the button with the action id in a message's blocks.
func buttonValue(t testing.TB, c slacktest.Call, actionID string) string {
	t.Helper()
	var blocks any
	if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	var found string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["action_id"] == actionID {
				found, _ = v["value"].(string)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(blocks)
	if found == "" {
		t.Fatalf("no %s button in %s", actionID, c.Form.Get("blocks"))
	}
	return found
}

// askDelete has Alice ask, in the ops channel, to delete Jane, and returns the card.
func (w *slackWorld) askDelete() (card slacktest.Call, id string) {
	w.t.Helper()
	before := len(w.slack.Calls("chat.postMessage"))
	w.slack.SendMention(slacktest.Message{Channel: opsChan, User: alice, Text: "<@" + slacktest.BotUserID + "> delete user jane_doe"})
	card = w.posted(before + 1)[before]
	return card, buttonValue(w.t, card, slackbot.ActionApprove)
}

func (w *slackWorld) click(card slacktest.Call, user, action, value string) slacktest.Sent {
	return w.slack.SendClick(slacktest.Click{ActionID: action, Value: value, User: user, Channel: opsChan,
		MessageTS: card.TS, ThreadTS: card.Form.Get("thread_ts")})
}

func TestServeRead(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()

	slash := w.slack.SendSlash(slacktest.Slash{Text: "get user jane_doe", User: carol, UserName: "carol", Channel: opsChan})
	ack := w.slack.WaitAck(t, slash.EnvelopeID, wait)
	if !strings.Contains(string(ack.Payload), "Working on it") {
		t.Errorf("slash ack payload = %s, want a working-on-it note", ack.Payload)
	}
	got := w.posted(1)[0]
	if got.Form.Get("channel") != opsChan || !strings.Contains(content(got), "Jane") {
		t.Errorf("reply = %v, want Jane's card in %s", got.Form, opsChan)
	}

	// A mention is answered in its thread, with the mention taken out of the text.
	m := w.slack.SendMention(slacktest.Message{Channel: quiet, User: carol, Text: "<@" + slacktest.BotUserID + "> get user jane_doe"})
	got = w.posted(2)[1]
	if got.Form.Get("thread_ts") != m.TS || !strings.Contains(content(got), "Jane") {
		t.Errorf("mention reply = %v, want Jane in thread %s", got.Form, m.TS)
	}
	// Plain messages are read in the ops channel and DMs only; bots are ignored.
	w.slack.SendMessage(slacktest.Message{Channel: quiet, User: carol, Text: "get user jane_doe"})
	w.slack.SendMessage(slacktest.Message{Channel: opsChan, User: "U0OTHERBOT", BotID: "B0OTHER001", Text: "get user jane_doe"})
	w.slack.SendMessage(slacktest.Message{Channel: opsChan, User: carol, SubType: "message_changed", Text: "get user jane_doe"})
	dm := w.slack.SendMessage(slacktest.Message{Channel: "D0CAROL001", ChannelType: "im", User: carol, Text: "get user jane_doe"})
	got = w.posted(3)[2]
	if got.Form.Get("channel") != "D0CAROL001" || got.Form.Get("thread_ts") != dm.TS {
		t.Errorf("DM reply = %v", got.Form)
	}
	w.allAcked()
	if err := w.stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if n := len(w.slack.Calls("chat.postMessage")); n != 3 {
		t.Errorf("%d messages posted, want 3 (ignored: a quiet channel, a bot, an edit)", n)
	}
}

func TestServeDeleteApproved(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	card, id := w.askDelete()
	if !strings.Contains(content(card), "Approve") || w.deletes() != 0 {
		t.Fatalf("card = %s; %d deletes before approval", content(card), w.deletes())
	}
	click := w.click(card, bob, slackbot.ActionApprove, id)
	w.slack.WaitAck(t, click.EnvelopeID, wait)
	up := w.slack.WaitCalls(t, "chat.update", 1, wait)[0]
	if up.Form.Get("ts") != card.TS || strings.Contains(up.Form.Get("blocks"), slackbot.ActionApprove) {
		t.Errorf("chat.update = %v, want the card %s without buttons", up.Form, card.TS)
	}
	// The card now says who decided and what came of it, in place of the buttons.
	for _, want := range []string{"Approved", "<@" + bob + ">", "done"} {
		if !strings.Contains(content(up), want) {
			t.Errorf("updated card lacks %q: %s", want, content(up))
		}
	}
	if n := w.deletes(); n != 1 {
		t.Errorf("%d DELETEs at Clerk, want 1", n)
	}
	w.allAcked()
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(w.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted, want only the card: the outcome is drawn on it", n)
	}
}

func TestServeDenied(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	card, id := w.askDelete()
	w.click(card, bob, slackbot.ActionDeny, buttonValue(t, card, slackbot.ActionDeny))
	up := w.slack.WaitCalls(t, "chat.update", 1, wait)[0]
	if strings.Contains(up.Form.Get("blocks"), slackbot.ActionApprove) || !strings.Contains(content(up), "Denied") {
		t.Errorf("chat.update = %s", content(up))
	}
	// A later approval is refused privately and runs nothing.
	w.click(card, dave, slackbot.ActionApprove, id)
	eph := w.slack.WaitCalls(t, "chat.postEphemeral", 1, wait)[0]
	if eph.Form.Get("user") != dave || !strings.Contains(content(eph), "Already decided") {
		t.Errorf("late approval answered with %v, want Dave told it was already decided", eph.Form)
	}
	if n := w.deletes(); n != 0 {
		t.Errorf("%d DELETEs after a denial, want 0", n)
	}
}

func TestServeRefusals(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	card, id := w.askDelete()

	// Carol is no approver; Alice may not approve her own delete; Mallory's team is not ours.
	for i, who := range []struct{ user, team string }{{carol, ""}, {alice, ""}, {mallory, otherOrg}} {
		w.slack.SendClick(slacktest.Click{ActionID: slackbot.ActionApprove, Value: id, User: who.user, Team: who.team,
			Channel: opsChan, MessageTS: card.TS, ThreadTS: card.Form.Get("thread_ts")})
		eph := w.slack.WaitCalls(t, "chat.postEphemeral", i+1, wait)[i]
		if eph.Form.Get("user") != who.user {
			t.Errorf("refusal went to %q, want %q", eph.Form.Get("user"), who.user)
		}
	}
	// Mallory may not ask either.
	w.slack.SendMention(slacktest.Message{Channel: opsChan, User: mallory, Team: otherOrg, Text: "<@" + slacktest.BotUserID + "> list users"})
	eph := w.slack.WaitCalls(t, "chat.postEphemeral", 4, wait)[3]
	if eph.Form.Get("user") != mallory || !strings.Contains(content(eph), "another workspace") {
		t.Errorf("refusal = %v", eph.Form)
	}
	w.allAcked()
	// Refused clicks change nothing: no delete, no card update, only the card posted.
	w.stopAndCount(0, map[string]int{"chat.update": 0, "chat.postMessage": 1})
}

func TestServeConcurrentClicks(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	card, id := w.askDelete()
	var sent []slacktest.Sent
	for i := range 30 {
		who := bob
		if i%2 == 1 {
			who = dave
		}
		sent = append(sent, w.click(card, who, slackbot.ActionApprove, id))
	}
	// Slack delivering one click again: recorded once, run once.
	dup := w.slack.SendClick(slacktest.Click{ActionID: slackbot.ActionApprove, Value: id, User: bob, Channel: opsChan, MessageTS: card.TS, ActionTS: sent[0].TS})
	for _, s := range append(sent, dup) {
		w.slack.WaitAck(t, s.EnvelopeID, wait)
	}
	w.slack.WaitCalls(t, "chat.update", 1, wait)
	// Every other click is told it came too late.
	w.slack.WaitCalls(t, "chat.postEphemeral", 29, wait)
	// One delete, one card update; 29 "too late" answers: the duplicate delivery gets none.
	w.stopAndCount(1, map[string]int{"chat.update": 1, "chat.postEphemeral": 29})
}

func TestServeDuplicatesAndReconnect(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	ev := map[string]any{"type": "message", "channel_type": "channel", "channel": opsChan, "user": carol, "team": slacktest.TeamID,
		"text": "get user jane_doe", "ts": "1700000100.000100"}
	w.slack.SendEvent("Ev0DUP00001", ev)
	w.slack.SendEvent("Ev0DUP00001", ev)
	// A mention in a channel the bot reads comes as a message and as an app_mention.
	both := slacktest.Message{Channel: opsChan, User: carol, Text: "<@" + slacktest.BotUserID + "> get user jane_doe", TS: "1700000200.000200"}
	w.slack.SendMessage(both)
	w.slack.SendMention(both)
	w.posted(2)
	w.allAcked()

	// Slack asks for a reconnect; what comes meanwhile is delivered on the new socket.
	w.slack.Disconnect("refresh_requested")
	late := w.slack.SendMessage(slacktest.Message{Channel: opsChan, User: carol, Text: "get user jane_doe"})
	w.slack.WaitConnections(t, 2, wait)
	w.slack.WaitAck(t, late.EnvelopeID, wait)
	w.posted(3)
	// The retry of an event processed before the reconnect is not processed again.
	w.slack.SendEvent("Ev0DUP00001", ev)
	w.slack.Drop()
	w.slack.WaitConnections(t, 3, wait)
	last := w.slack.SendMessage(slacktest.Message{Channel: opsChan, User: carol, Text: "get user jane_doe"})
	w.slack.WaitAck(t, last.EnvelopeID, wait)
	w.posted(4)
	w.allAcked()
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(w.slack.Calls("chat.postMessage")); n != 4 {
		t.Errorf("%d replies, want 4", n)
	}
}

func TestServeRateLimitedPost(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	w.slack.RateLimit("chat.postMessage", 1, 0)
	w.slack.SendSlash(slacktest.Slash{Text: "get user jane_doe", User: carol, Channel: opsChan})
	calls := w.posted(2)
	if !strings.Contains(content(calls[1]), "Jane") {
		t.Errorf("retried post = %s", content(calls[1]))
	}
}

func TestServeFatal(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no app token", map[string]string{"SLACK_APP_TOKEN": ""}, "SLACK_APP_TOKEN is not set"},
		{"bot token as app token", map[string]string{"SLACK_APP_TOKEN": slacktest.BotToken}, "SLACK_APP_TOKEN does not start with xapp-"},
		{"no bot token", map[string]string{"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"},
		{"wrong bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-wrong-secret"}, "invalid_auth"},
		{"wrong app token", map[string]string{"SLACK_APP_TOKEN": "xapp-1-wrong-secret"}, "invalid_auth"},
		{"bad approver", map[string]string{"CLERKBOT_APPROVERS": "bob"}, "CLERKBOT_APPROVERS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newSlackWorld(t, tc.env)
			var stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			err := run(ctx, []string{"serve"}, func(k string) string { return w.env[k] }, strings.NewReader(""), &bytes.Buffer{}, &stderr)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve = %v, want an error about %s", err, tc.want)
			}
			for k, v := range tc.env {
				if strings.HasSuffix(k, "_TOKEN") && v != "" && strings.Contains(err.Error()+stderr.String(), v) {
					t.Errorf("the token is in the error or the logs: %v", err)
				}
			}
		})
	}
	t.Run("socket mode turned off", func(t *testing.T) {
		w := newSlackWorld(t, nil)
		w.start()
		w.slack.FailWith("apps.connections.open", "link_disabled")
		w.slack.Disconnect("link_disabled")
		select {
		case err := <-w.done:
			w.cancel = nil
			if err == nil || !strings.Contains(err.Error(), "link_disabled") {
				t.Errorf("serve = %v, want link_disabled", err)
			}
		case <-time.After(wait):
			t.Fatal("serve kept running after link_disabled")
		}
	})
}

// A restart between the request and the click loses nothing: the card is found again in
// the database and redrawn, and the delete runs once.
func TestServeRestartBeforeClick(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	card, id := w.askDelete()
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	w.start()
	w.click(card, bob, slackbot.ActionApprove, id)
	up := w.slack.WaitCalls(t, "chat.update", 1, wait)[0]
	if up.Form.Get("ts") != card.TS || !strings.Contains(up.Form.Get("blocks"), "IRREVERSIBLE") || strings.Contains(up.Form.Get("blocks"), slackbot.ActionApprove) {
		t.Errorf("chat.update after a restart = %s, want the stored card without buttons", up.Form.Get("blocks"))
	}
	if n := w.deletes(); n != 1 {
		t.Errorf("%d DELETEs, want 1", n)
	}
}

// get fetches a path from the running serve's health server, whose address it finds in
// the log, and returns the status and body.
func (w *slackWorld) get(path string) (int, string) {
	w.t.Helper()
	var addr string
	for line := range strings.SplitSeq(w.stderr.String(), "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "health endpoints" {
			addr = l.Addr
		}
	}
	if addr == "" {
		w.t.Fatalf("no health endpoint address in the log:\n%s", w.stderr.String())
	}
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatalf("%s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// metricValue returns the value of the sample named exactly series ("name{label=…}").
func metricValue(t *testing.T, text, series string) float64 {
	t.Helper()
	for line := range strings.SplitSeq(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	return 0
}

// Clerk answering 429 is waited out and retried; the person sees the result, and
// /metrics counts both answers, the envelopes, the ack latencies and the reconnect.
func TestServeClerkRateLimitAndMetrics(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	w.clerk.InjectFault(clerktest.Fault{Method: "GET", Path: "/users", Status: http.StatusTooManyRequests, Times: 1})
	w.slack.SendSlash(slacktest.Slash{Text: "get user jane_doe", User: carol, Channel: opsChan})
	got := w.posted(1)[0]
	if !strings.Contains(content(got), "Jane") {
		t.Errorf("reply after a 429 = %s, want Jane's card", content(got))
	}
	card, id := w.askDelete()
	w.click(card, bob, slackbot.ActionApprove, id)
	w.slack.WaitCalls(t, "chat.update", 1, wait)
	w.slack.Disconnect("refresh_requested")
	w.slack.WaitConnections(t, 2, wait)
	late := w.slack.SendMessage(slacktest.Message{Channel: opsChan, User: carol, Text: "get user jane_doe"})
	w.slack.WaitAck(t, late.EnvelopeID, wait)
	w.posted(3)

	if code, body := w.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d %s, want 200", code, body)
	}
	code, m := w.get("/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	for series, want := range map[string]float64{
		`clerkbot_clerk_requests_total{status="429"}`:           1,
		`clerkbot_slack_envelopes_total{type="slash_commands"}`: 1,
		`clerkbot_slack_envelopes_total{type="events_api"}`:     2,
		`clerkbot_slack_envelopes_total{type="interactive"}`:    1,
		`clerkbot_slack_ack_seconds_count`:                      4,
		`clerkbot_slack_reconnects_total`:                       1,
		`clerkbot_confirmations_total{outcome="requested"}`:     1,
		`clerkbot_confirmations_total{outcome="approved"}`:      1,
		`clerkbot_confirmations_total{outcome="executed"}`:      1,
	} {
		if got := metricValue(t, m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if got := metricValue(t, m, `clerkbot_clerk_requests_total{status="200"}`); got < 3 {
		t.Errorf("clerk 200s = %v, want at least 3 (two reads and the delete's look-ups)", got)
	}
	if strings.Contains(m, "clerkbot_llm_calls_total{") {
		t.Errorf("LLM calls counted with no LLM configured:\n%s", m)
	}
}

// A card nobody decides is redrawn by the sweeper once it expires, and a late click
// runs nothing.
func TestServeExpiredCard(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.sweep = 20 * time.Millisecond
	w.start()
	card, id := w.askDelete()
	w.advance(confirm.DefaultTTL + time.Minute)
	up := w.slack.WaitCalls(t, "chat.update", 1, wait)[0]
	if up.Form.Get("ts") != card.TS || !strings.Contains(content(up), "Expired") || strings.Contains(up.Form.Get("blocks"), slackbot.ActionApprove) {
		t.Errorf("expired card = %s, want it marked Expired without buttons", content(up))
	}
	w.click(card, bob, slackbot.ActionApprove, id)
	eph := w.slack.WaitCalls(t, "chat.postEphemeral", 1, wait)[0]
	if eph.Form.Get("user") != bob || !strings.Contains(content(eph), "expired") {
		t.Errorf("late click answer = %s", content(eph))
	}
	w.stopAndCount(0, map[string]int{"chat.update": 1})
}

// /clerk works in a channel the bot was never invited to: answers go through the
// command's response URL, and the card is redrawn through the click's.
func TestServeSlashOutsideItsChannels(t *testing.T) {
	const elsewhere = "C0ELSEWHER"
	w := newSlackWorld(t, nil)
	w.slack.NotMember(elsewhere)
	w.start()
	w.slack.SendSlash(slacktest.Slash{Text: "get user jane_doe", User: carol, Channel: elsewhere})
	read := w.slack.WaitCalls(t, "response_url", 1, wait)[0]
	if read.Form.Get("response_type") != "in_channel" || !strings.Contains(content(read), "Jane") {
		t.Errorf("read answered with %v, want Jane in the channel", read.Form)
	}
	w.slack.SendSlash(slacktest.Slash{Text: "delete user jane_doe", User: alice, Channel: elsewhere})
	card := w.slack.WaitCalls(t, "response_url", 2, wait)[1]
	id := buttonValue(t, card, slackbot.ActionApprove)
	click := w.slack.SendClick(slacktest.Click{ActionID: slackbot.ActionApprove, Value: id, User: bob, Channel: elsewhere, MessageTS: "1700000000.000009"})
	w.slack.WaitAck(t, click.EnvelopeID, wait)
	redrawn := w.slack.WaitCalls(t, "response_url", 3, wait)[2]
	if redrawn.Form.Get("replace_original") != "true" || strings.Contains(redrawn.Form.Get("blocks"), slackbot.ActionApprove) || !strings.Contains(content(redrawn), "Approved") {
		t.Errorf("card redrawn as %v, want the original replaced without buttons", redrawn.Form)
	}
	w.stopAndCount(1, map[string]int{})
}

// /readyz follows the socket: 503 while Slack cannot be reached, 200 once it can.
func TestServeReadyz(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.start()
	if !poll(func() bool { code, _ := w.get("/readyz"); return code == http.StatusOK }) {
		t.Fatal("/readyz not 200 once connected")
	}
	w.slack.FailWith("apps.connections.open", "internal_error")
	w.slack.Drop()
	if !poll(func() bool { code, _ := w.get("/readyz"); return code == http.StatusServiceUnavailable }) {
		t.Fatal("/readyz stayed 200 with the socket down")
	}
	if code, _ := w.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d with the socket down, want 200: the process is alive", code)
	}
	w.slack.FailWith("apps.connections.open", "")
	w.slack.WaitConnections(t, 2, wait)
	if !poll(func() bool { code, _ := w.get("/readyz"); return code == http.StatusOK }) {
		t.Fatal("/readyz not 200 after reconnecting")
	}
}

// poll reports whether cond became true within wait, checking it every 20 ms.
func poll(cond func() bool) bool {
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// A sensitive read's result reaches the person who asked, by direct message, and no one
// else: not the approver who clicked, not the channel, even where the bot answers
// through response URLs.
func TestServeSensitiveReadGoesToRequester(t *testing.T) {
	policy := filepath.Join(t.TempDir(), "policy.yml")
	if err := os.WriteFile(policy, []byte("tiers:\n  operations:\n    GetUser: sensitive-read\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const elsewhere = "C0ELSEWHER"
	w := newSlackWorld(t, map[string]string{"CLERKBOT_CONFIG": policy})
	uid, err := w.clerk.AddUser(clerktest.UserSeed{FirstName: "Sam", Username: "sam_the_secret_username", EmailAddresses: []string{"sam@acme.com"}})
	if err != nil {
		t.Fatal(err)
	}
	w.slack.NotMember(elsewhere)
	w.start()
	w.slack.SendSlash(slacktest.Slash{Text: "get user " + uid, User: carol, Channel: elsewhere})
	card := w.slack.WaitCalls(t, "response_url", 1, wait)[0]
	if strings.Contains(content(card), "sam_the_secret_username") {
		t.Fatalf("the card shows the result before approval: %s", content(card))
	}
	w.slack.SendClick(slacktest.Click{ActionID: slackbot.ActionApprove, Value: buttonValue(t, card, slackbot.ActionApprove),
		User: bob, Channel: elsewhere, MessageTS: "1700000000.000009"})
	inDM := func() []slacktest.Call {
		var out []slacktest.Call
		for _, c := range w.slack.Calls("chat.postMessage") {
			if c.Form.Get("channel") == slacktest.IMChannel(carol) {
				out = append(out, c)
			}
		}
		return out
	}
	if !w.slack.Wait(wait, func() bool { return len(inDM()) > 0 }) {
		t.Fatalf("no direct message to %s", carol)
	}
	if dm := inDM()[0]; !strings.Contains(content(dm), "sam_the_secret_username") {
		t.Errorf("direct message = %s, want the user's details", content(dm))
	}
	redrawn := w.slack.WaitCalls(t, "response_url", 2, wait)[1]
	if !strings.Contains(content(redrawn), "sent privately") {
		t.Errorf("redrawn card = %s, want a note that the result went privately", content(redrawn))
	}
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	for _, c := range w.slack.Calls() {
		if c.Form.Get("channel") != slacktest.IMChannel(carol) && strings.Contains(content(c), "sam_the_secret_username") {
			t.Errorf("the private result leaked through %s: %v", c.Method, c.Form)
		}
	}
}

// A click after the deadline, before the sweeper's next round, expires the confirmation
// itself and the card is redrawn at once.
func TestServeClickFindsExpiry(t *testing.T) {
	w := newSlackWorld(t, nil)
	w.sweep = time.Hour // the sweeper runs once, at the start, and not again
	w.start()
	card, id := w.askDelete()
	w.advance(confirm.DefaultTTL + time.Minute)
	w.click(card, bob, slackbot.ActionApprove, id)
	up := w.slack.WaitCalls(t, "chat.update", 1, wait)[0]
	if up.Form.Get("ts") != card.TS || !strings.Contains(content(up), "Expired") || strings.Contains(up.Form.Get("blocks"), slackbot.ActionApprove) {
		t.Errorf("card after a late click = %s, want it marked Expired without buttons", content(up))
	}
	eph := w.slack.WaitCalls(t, "chat.postEphemeral", 1, wait)[0]
	if eph.Form.Get("user") != bob || !strings.Contains(content(eph), "expired") {
		t.Errorf("late click answer = %s", content(eph))
	}
	w.stopAndCount(0, map[string]int{})
}
