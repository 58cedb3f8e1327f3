package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/bot/slackbot/slacktest"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/store"
)

// Fake secrets of the doctor's world. None of them, nor what follows its prefix, may
// ever appear in what doctor prints.
const (
	doctorClerkKey  = "sk_test_doctorClerkSecret0123"
	doctorOpenAIKey = "sk-doctorOpenAISecret4567"
	doctorModel     = "gpt-4o-mini"
)

// doctorWorld is everything `clerkbot doctor` talks to: the fake Slack, the Clerk
// emulator, an OpenAI-compatible server, the shared specs and a real database file.
type doctorWorld struct {
	slack *slacktest.Server
	clerk *clerktest.Server
	llm   *doctorLLM
	env   map[string]string
	dir   string
}

func newDoctorWorld(t *testing.T) *doctorWorld {
	t.Helper()
	specs, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatal(err)
	}
	w := &doctorWorld{slack: slacktest.NewServer(), clerk: clerktest.NewServer(), llm: newDoctorLLM(t, doctorOpenAIKey), dir: t.TempDir()}
	t.Cleanup(w.slack.Close)
	t.Cleanup(w.clerk.Close)
	db := filepath.Join(w.dir, "clerkbot.db")
	h, err := store.Open(db, store.Options{}) // a database as the first serve leaves it
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	policy := filepath.Join(w.dir, "policy.yml")
	if err := os.WriteFile(policy, []byte("tiers:\n  operations:\n    GetUser: sensitive-read\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.env = map[string]string{
		"SLACK_APP_TOKEN":      slacktest.AppToken,
		"SLACK_BOT_TOKEN":      slacktest.BotToken,
		"SLACK_API_URL":        w.slack.APIURL(),
		"CLERK_SECRET_KEY":     doctorClerkKey,
		"CLERK_API_URL":        w.clerk.URL,
		"CLERK_OPENAPI_SPEC":   filepath.Join(specs, "bapi"),
		"CLERK_BAPI_SCOPES":    "read write delete",
		"CLERKBOT_DB":          db,
		"CLERKBOT_CONFIG":      policy,
		"CLERKBOT_USERS":       "",
		"CLERKBOT_APPROVERS":   "U0ALICE001,U0BOB00001",
		"CLERKBOT_ADMINS":      "U0ALICE001",
		"CLERKBOT_CHANNELS":    "C0OPS00001",
		"CLERKBOT_CONFIRM_TTL": "30m",
		"OPENAI_BASE_URL":      w.llm.URL, // without /v1, as Ollama's is often written
		"OPENAI_API_KEY":       doctorOpenAIKey,
		"OPENAI_MODEL":         doctorModel,
		"HOME":                 w.dir,
	}
	return w
}

// doctor runs `clerkbot doctor` with args and returns what it printed and its error. It
// fails t if any secret of the environment shows in the output or the error.
func (w *doctorWorld) doctor(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, append([]string{"doctor"}, args...), func(k string) string { return w.env[k] }, strings.NewReader(""), &stdout, &stderr)
	all := stdout.String() + stderr.String()
	if err != nil {
		all += err.Error()
	}
	for _, name := range secretVars {
		v := w.env[name]
		if strings.TrimSpace(v) == "" {
			continue
		}
		if strings.Contains(all, v) {
			t.Errorf("the value of %s is in doctor's output:\n%s", name, all)
		}
		// Nothing past the prefix either, which is what a partly masked key shows.
		rest := v
		for _, p := range []string{"xapp-", "xoxb-", "sk_test_", "sk_live_", "pk_test_", "sk-"} {
			rest = strings.TrimPrefix(rest, p)
		}
		if len(rest) >= 8 && strings.Contains(all, rest) {
			t.Errorf("part of %s is in doctor's output:\n%s", name, all)
		}
	}
	return stdout.String(), err
}

// doctorLine returns the line of out that starts with prefix, or fails t.
func doctorLine(t *testing.T, out, prefix string) string {
	t.Helper()
	for l := range strings.Lines(out) {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSuffix(l, "\n")
		}
	}
	t.Fatalf("no line starting %q in:\n%s", prefix, out)
	return ""
}

func TestDoctorAllGood(t *testing.T) {
	w := newDoctorWorld(t)
	out, err := w.doctor(t, "--timeout", "5s")
	if err != nil {
		t.Fatalf("doctor = %v, want nil; output:\n%s", err, out)
	}
	var checks int
	for l := range strings.Lines(out) {
		switch {
		case l == "\n" || strings.HasPrefix(l, "all "):
		case strings.HasPrefix(l, "ok    "):
			checks++
		default:
			t.Errorf("line %q is not ok", l)
		}
	}
	if want := fmt.Sprintf("all %d checks passed (0 warnings)", checks); !strings.Contains(out, want) {
		t.Errorf("output lacks the summary %q:\n%s", want, out)
	}
	for prefix, has := range map[string][]string{
		"ok    SLACK_APP_TOKEN: ":      {"xapp-…"},
		"ok    SLACK_BOT_TOKEN: ":      {"xoxb-…"},
		"ok    Slack auth.test: ":      {"@clerkbot (" + slacktest.BotUserID + ") in team Test (" + slacktest.TeamID + ")"},
		"ok    Slack bot scopes: ":     {"chat:write", "im:write", "files:write", "granted"},
		"ok    Slack Socket Mode: ":    {"apps.connections.open", "not dialled"},
		"ok    CLERK_SECRET_KEY: ":     {"sk_test_…", "DEVELOPMENT"},
		"ok    CLERK_OPENAPI_SPEC: ":   {"version 2026-05-12", "249 operations", "2025-11-10, 2026-05-12"},
		"ok    Clerk API: ":            {"GET /users?limit=1 at " + w.clerk.URL + " answered 200", "Clerk-API-Version 2026-05-12"},
		"ok    CLERKBOT_DB: ":          {w.env["CLERKBOT_DB"] + " opens"},
		"ok    CLERKBOT_USERS: ":       {"every member of team " + slacktest.TeamID},
		"ok    CLERKBOT_APPROVERS: ":   {"2 people: U0ALICE001, U0BOB00001"},
		"ok    CLERKBOT_CHANNELS: ":    {"C0OPS00001"},
		"ok    CLERK_BAPI_SCOPES: ":    {"read, write, delete"},
		"ok    CLERKBOT_CONFIRM_TTL: ": {"30m"},
		"ok    CLERKBOT_CONFIG: ":      {"policy.yml loads"},
		"ok    LLM: ":                  {w.llm.URL + "/v1 answers (2 models); model " + doctorModel},
	} {
		l := doctorLine(t, out, prefix)
		for _, s := range has {
			if !strings.Contains(l, s) {
				t.Errorf("%q lacks %q", l, s)
			}
		}
	}

	// Only harmless calls: no socket, no message, one read at Clerk, one listing at the LLM.
	var methods []string
	for _, c := range w.slack.Calls() {
		methods = append(methods, c.Method)
	}
	if got := strings.Join(methods, " "); got != "auth.test apps.connections.open" || w.slack.Connections() != 0 {
		t.Errorf("Slack saw %q and %d sockets, want auth.test and apps.connections.open, no socket", got, w.slack.Connections())
	}
	reqs := w.clerk.Requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/users" || reqs[0].RawQuery != "limit=1" ||
		reqs[0].Header.Get("Clerk-API-Version") != "2026-05-12" {
		t.Errorf("Clerk saw %+v, want one GET /v1/users?limit=1 with Clerk-API-Version 2026-05-12", reqs)
	}
	if got := w.llm.seen(); len(got) != 1 || got[0] != "GET /v1/models Bearer "+doctorOpenAIKey {
		t.Errorf("the LLM server saw %q, want one GET /v1/models with the key", got)
	}
}

func TestDoctorProblems(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	type want struct {
		prefix string   // the line's start: status and check
		has    []string // what the line says
	}
	tests := []struct {
		name   string
		env    map[string]string
		setup  func(t *testing.T, w *doctorWorld)
		args   []string
		failed int // 0: doctor succeeds
		want   []want
		lacks  []string // what the output must not say
		after  func(t *testing.T, w *doctorWorld)
	}{
		{
			name:   "tokens swapped",
			env:    map[string]string{"SLACK_APP_TOKEN": "xoxb-swappedBotSecret42", "SLACK_BOT_TOKEN": "xapp-1-swappedAppSecret43"},
			failed: 2,
			want: []want{
				{"FAIL  SLACK_APP_TOKEN: ", []string{"does not start with xapp-", "Basic Information → App-Level Tokens"}},
				{"FAIL  SLACK_BOT_TOKEN: ", []string{"does not start with xoxb-", "OAuth & Permissions"}},
				{"skip  Slack auth.test: ", []string{"SLACK_BOT_TOKEN is not usable"}},
				{"skip  Slack bot scopes: ", nil},
				{"skip  Slack Socket Mode: ", []string{"SLACK_APP_TOKEN is not usable"}},
			},
			after: func(t *testing.T, w *doctorWorld) {
				if calls := w.slack.Calls(); len(calls) != 0 {
					t.Errorf("unusable tokens were sent to Slack: %v", calls)
				}
			},
		},
		{
			name:   "tokens missing",
			env:    map[string]string{"SLACK_APP_TOKEN": "", "SLACK_BOT_TOKEN": " "},
			failed: 2,
			want: []want{
				{"FAIL  SLACK_APP_TOKEN: ", []string{"is not set", "connections:write"}},
				{"FAIL  SLACK_BOT_TOKEN: ", []string{"is not set", "Bot User OAuth Token"}},
			},
		},
		{
			name:   "Slack refuses the bot token",
			setup:  func(t *testing.T, w *doctorWorld) { w.slack.FailWith("auth.test", "invalid_auth") },
			failed: 1,
			want: []want{
				{"FAIL  Slack auth.test: ", []string{"Slack refused SLACK_BOT_TOKEN (invalid_auth)", "OAuth & Permissions"}},
				{"skip  Slack bot scopes: ", []string{"needs auth.test"}},
				{"ok    Slack Socket Mode: ", nil},
				{"ok    CLERKBOT_USERS: ", []string{"the workspace's own team"}},
			},
		},
		{
			name:   "a wrong bot token",
			env:    map[string]string{"SLACK_BOT_TOKEN": "xoxb-notTheRightSecret77"},
			failed: 1,
			want:   []want{{"FAIL  Slack auth.test: ", []string{"Slack refused SLACK_BOT_TOKEN (invalid_auth)"}}},
		},
		{
			name:   "Socket Mode turned off",
			setup:  func(t *testing.T, w *doctorWorld) { w.slack.FailWith("apps.connections.open", "link_disabled") },
			failed: 1,
			want:   []want{{"FAIL  Slack Socket Mode: ", []string{"SLACK_APP_TOKEN (link_disabled)", "Settings → Socket Mode"}}},
		},
		{
			name:   "bot scopes missing",
			setup:  func(t *testing.T, w *doctorWorld) { w.slack.SetScopes("chat:write", "commands", "channels:history") },
			failed: 1,
			want: []want{{"FAIL  Slack bot scopes: ", []string{
				"lacks app_mentions:read, groups:history, im:history, im:write, files:write", "Bot Token Scopes", "reinstall"}}},
		},
		{
			name:  "scopes not reported",
			setup: func(t *testing.T, w *doctorWorld) { w.slack.SetScopes() },
			want:  []want{{"warn  Slack bot scopes: ", []string{"could not read scopes", "chat:write"}}},
		},
		{
			name:   "Clerk unreachable",
			env:    map[string]string{"CLERK_API_URL": closed.URL + "/v1"},
			failed: 1,
			want:   []want{{"FAIL  Clerk API: ", []string{"cannot reach Clerk at " + closed.URL + "/v1", "check CLERK_API_URL"}}},
		},
		{
			name: "Clerk refuses the key",
			setup: func(t *testing.T, w *doctorWorld) {
				w.clerk.InjectFault(clerktest.Fault{Status: http.StatusUnauthorized})
			},
			failed: 1,
			want: []want{
				{"ok    CLERK_SECRET_KEY: ", nil},
				{"FAIL  Clerk API: ", []string{"refused CLERK_SECRET_KEY (401 authentication_invalid)", "Clerk dashboard → API keys"}},
			},
		},
		{
			name:   "Clerk too slow",
			setup:  func(t *testing.T, w *doctorWorld) { w.clerk.InjectFault(clerktest.Fault{Latency: 10 * time.Second}) },
			args:   []string{"--timeout", "1s"},
			failed: 1,
			want:   []want{{"FAIL  Clerk API: ", []string{"no answer from Clerk", "within 1s"}}},
		},
		{
			name:   "a publishable key",
			env:    map[string]string{"CLERK_SECRET_KEY": "pk_test_doctorPublishable0123"},
			failed: 1,
			want: []want{
				{"FAIL  CLERK_SECRET_KEY: ", []string{"publishable key", "sk_test_", "sk_live_"}},
				{"skip  Clerk API: ", []string{"CLERK_SECRET_KEY is not usable"}},
			},
		},
		{
			name: "a production key",
			env:  map[string]string{"CLERK_SECRET_KEY": "sk_live_fake_doctor_secret"},
			want: []want{
				{"ok    CLERK_SECRET_KEY: ", []string{"sk_live_…", "PRODUCTION"}},
				{"ok    Clerk API: ", []string{"PRODUCTION instance"}},
			},
		},
		{
			name:   "spec folder missing",
			env:    map[string]string{"CLERK_OPENAPI_SPEC": "/nonexistent/clerk-specs"},
			failed: 1,
			want: []want{
				{"FAIL  CLERK_OPENAPI_SPEC: ", []string{"/nonexistent/clerk-specs", "a folder of YYYY-MM-DD.yml files"}},
				{"skip  Clerk API: ", []string{"spec"}},
				{"skip  CLERKBOT_CONFIG: ", []string{"spec"}},
			},
		},
		{
			name: "database held by a running bot",
			setup: func(t *testing.T, w *doctorWorld) {
				db, err := store.Open(w.env["CLERKBOT_DB"], store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
			},
			want: []want{{"warn  CLERKBOT_DB: ", []string{"in use by pid " + strconv.Itoa(os.Getpid()) + " (a running clerkbot serve?)"}}},
		},
		{
			name: "database damaged",
			setup: func(t *testing.T, w *doctorWorld) {
				w.env["CLERKBOT_DB"] = filepath.Join(w.dir, "damaged.db")
				if err := os.WriteFile(w.env["CLERKBOT_DB"], bytes.Repeat([]byte("not bbolt "), 1000), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			failed: 1,
			want:   []want{{"FAIL  CLERKBOT_DB: ", []string{"damaged.db", "damaged or not a clerkbot database"}}},
		},
		{
			name:  "database not created yet",
			setup: func(t *testing.T, w *doctorWorld) { w.env["CLERKBOT_DB"] = filepath.Join(w.dir, "new.db") },
			want:  []want{{"ok    CLERKBOT_DB: ", []string{"new.db does not exist yet", "serve will create it"}}},
			after: func(t *testing.T, w *doctorWorld) {
				if _, err := os.Stat(w.env["CLERKBOT_DB"]); err == nil {
					t.Error("doctor created the database")
				}
			},
		},
		{
			name:   "bad CLERKBOT_USERS",
			env:    map[string]string{"CLERKBOT_USERS": "U0CAROL001, bob"},
			failed: 1,
			want:   []want{{"FAIL  CLERKBOT_USERS: ", []string{`"bob" is not a Slack user id`}}},
		},
		{
			name: "no approvers",
			env:  map[string]string{"CLERKBOT_APPROVERS": ""},
			want: []want{{"warn  CLERKBOT_APPROVERS: ", []string{"nobody can approve"}}},
		},
		{
			name: "a channel name for an id",
			env:  map[string]string{"CLERKBOT_CHANNELS": "C0OPS00001,#ops"},
			want: []want{{"warn  CLERKBOT_CHANNELS: ", []string{`"#ops" does not look like a channel id`}}},
		},
		{
			name:   "an unknown scope word",
			env:    map[string]string{"CLERK_BAPI_SCOPES": "read admin"},
			failed: 1,
			want:   []want{{"FAIL  CLERK_BAPI_SCOPES: ", []string{"admin", "use read, write and delete"}}},
		},
		{
			name: "scopes unset",
			env:  map[string]string{"CLERK_BAPI_SCOPES": ""},
			want: []want{{"ok    CLERK_BAPI_SCOPES: ", []string{"read-only"}}},
		},
		{
			name:   "a lifetime without a unit",
			env:    map[string]string{"CLERKBOT_CONFIRM_TTL": "15"},
			failed: 1,
			want:   []want{{"FAIL  CLERKBOT_CONFIRM_TTL: ", []string{"needs a unit"}}},
		},
		{
			name: "a policy file with a typo",
			setup: func(t *testing.T, w *doctorWorld) {
				w.env["CLERKBOT_CONFIG"] = filepath.Join(w.dir, "typo.yml")
				if err := os.WriteFile(w.env["CLERKBOT_CONFIG"], []byte("tiers:\n  operations:\n    GetUserz: write\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			failed: 1,
			want:   []want{{"FAIL  CLERKBOT_CONFIG: ", []string{"typo.yml:3", "GetUserz"}}},
		},
		{
			name:   "LLM server down",
			env:    map[string]string{"OPENAI_BASE_URL": closed.URL + "/v1"},
			failed: 1,
			want:   []want{{"FAIL  LLM: ", []string{"no answer from " + closed.URL + "/v1", "is the server running?"}}},
		},
		{
			name:   "LLM refuses the key",
			env:    map[string]string{"OPENAI_API_KEY": "sk-wrongOpenAISecret999"},
			failed: 1,
			want:   []want{{"FAIL  LLM: ", []string{"refused OPENAI_API_KEY (401)"}}},
			lacks:  []string{"***", "t999"}, // the server's partly masked key
		},
		{
			name: "LLM without the model",
			env:  map[string]string{"OPENAI_MODEL": "llama9"},
			want: []want{{"warn  LLM: ", []string{`model "llama9" is not among its 2 models`, "gpt-4o-mini", "ollama pull llama9"}}},
		},
		{
			name: "LLM off",
			env:  map[string]string{"OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "OPENAI_MODEL": ""},
			want: []want{{"ok    LLM: ", []string{"off"}}},
		},
		{
			name:   "a bad log level",
			env:    map[string]string{"LOG_LEVEL": "loud"},
			failed: 1,
			want:   []want{{"FAIL  LOG_LEVEL: ", []string{"debug, info, warn or error"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newDoctorWorld(t)
			for k, v := range tt.env {
				w.env[k] = v
			}
			if tt.setup != nil {
				tt.setup(t, w)
			}
			args := tt.args
			if args == nil {
				args = []string{"--timeout", "5s"}
			}
			out, err := w.doctor(t, args...)
			for _, wl := range tt.want {
				l := doctorLine(t, out, wl.prefix)
				for _, s := range wl.has {
					if !strings.Contains(l, s) {
						t.Errorf("%q lacks %q", l, s)
					}
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(out, s) {
					t.Errorf("the output holds %q:\n%s", s, out)
				}
			}
			var fails int
			for l := range strings.Lines(out) {
				if strings.HasPrefix(l, "FAIL  ") {
					fails++
				}
			}
			if fails != tt.failed {
				t.Errorf("%d FAIL lines, want %d:\n%s", fails, tt.failed, out)
			}
			switch {
			case tt.failed == 0 && err != nil:
				t.Errorf("doctor = %v, want nil:\n%s", err, out)
			case tt.failed > 0 && (err == nil || !strings.Contains(err.Error(), countNoun(tt.failed, "check")+" failed")):
				t.Errorf("doctor = %v, want %q", err, countNoun(tt.failed, "check")+" failed")
			case tt.failed > 0 && exitCode(err) != 1:
				t.Errorf("exit code %d, want 1", exitCode(err))
			}
			if tt.after != nil {
				tt.after(t, w)
			}
		})
	}
}

func TestDoctorUsage(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"--timeout", "0s"}, {"--nope"}} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"doctor"}, args...), func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		if exitCode(err) != 2 {
			t.Errorf("doctor %q = %v, want a usage error", args, err)
		}
	}
}

// doctorLLM is an OpenAI-compatible server that lists two models under /v1/models to
// clients sending its key, and refuses others the way OpenAI does: with part of the
// wrong key in the message.
type doctorLLM struct {
	*httptest.Server
	mu    sync.Mutex
	calls []string
}

func newDoctorLLM(t *testing.T, key string) *doctorLLM {
	t.Helper()
	f := &doctorLLM{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		f.mu.Lock()
		f.calls = append(f.calls, r.Method+" "+r.URL.Path+" "+auth)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if got := strings.TrimPrefix(auth, "Bearer "); got != key {
			masked := got[:min(len(got), 5)] + "***" + got[max(0, len(got)-4):]
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s.","type":"invalid_request_error","code":"invalid_api_key"}}`, masked)
			return
		}
		if r.Method != http.MethodGet || r.URL.Path != "/v1/models" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`)
			return
		}
		io.WriteString(w, `{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","owned_by":"system"},{"id":"llama3.1:latest","object":"model","owned_by":"library"}]}`)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *doctorLLM) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}
