package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"

	"github.com/clerkbot/clerkbot/bot/slackbot"
	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/intents"
	"github.com/clerkbot/clerkbot/store"
)

const doctorUsage = `Usage: clerkbot doctor [--timeout 10s]

Checks every setting clerkbot serve reads from the environment and prints one line per
check: ok, warn, FAIL (what is wrong and how to fix it) or skip (why). It asks Slack who
the bot token is (auth.test) and whether the app token may open a socket
(apps.connections.open; the socket is not opened), reads one user from Clerk
(GET /users?limit=1), loads the OpenAPI spec, opens the database, parses the access lists
and the policy, and lists the LLM server's models. It writes nothing to Slack, Clerk or
the LLM, and never prints a token or a key.

It exits 1 when a check failed; warnings do not fail.

Flags:
  --timeout D   how long each check may take (default 10s)
`

// botScopes returns the bot token scopes clerkbot needs: those its app manifest asks
// for, which slackbot's tests pin to the calls and events that need them.
func botScopes() ([]string, error) {
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(slackbot.Manifest, &m); err != nil {
		return nil, fmt.Errorf("the built-in app manifest does not parse: %w", err)
	}
	if len(m.OAuth.Scopes.Bot) == 0 {
		return nil, errors.New("the built-in app manifest names no bot scopes")
	}
	return m.OAuth.Scopes.Bot, nil
}

// secretVars are the variables whose values doctor never prints; every line goes through
// a replacer of their values, whatever produced it.
var secretVars = []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "CLERK_SECRET_KEY", "OPENAI_API_KEY"}

type checkStatus int

const (
	checkOK checkStatus = iota
	checkWarn
	checkFail
	checkSkip
)

var checkLabel = [...]string{checkOK: "ok", checkWarn: "warn", checkFail: "FAIL", checkSkip: "skip"}

// doctor runs the checks in order and prints their results. Later checks read what
// earlier ones found (the team, the specs, whether a token is usable) and are skipped,
// saying why, when what they need failed.
type doctor struct {
	getenv  func(string) string
	out     io.Writer
	timeout time.Duration
	redact  *strings.Replacer
	counts  [4]int

	appToken, botToken string // usable tokens, else empty
	slackURL           string
	team               string // from auth.test
	key                string // a usable Clerk secret key, else empty
	specs              *clerk.Specs
}

// runDoctor checks every setting of the environment, one line each, and returns an
// error when one check failed.
func runDoctor(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, doctorUsage) }
	timeout := fs.Duration("timeout", 10*time.Second, "how long each check may take")
	if help, err := parseFlags(fs, args, false); help || err != nil {
		return err
	}
	if *timeout <= 0 {
		return usageError{"--timeout must be positive"}
	}
	d := &doctor{getenv: getenv, out: stdout, timeout: *timeout, redact: secretsReplacer(getenv)}

	d.slackTokens()
	d.slackAuth(ctx)
	d.slackSocket(ctx)
	d.clerkKey()
	d.spec(ctx)
	d.clerkRead(ctx)
	d.database()
	d.lists()
	d.channels()
	d.scopes(ctx)
	d.ttl(ctx)
	d.config(ctx)
	d.llm(ctx)
	d.logLevel()

	return d.summary()
}

// secretsReplacer replaces the value of every secret variable, as set and trimmed. Values
// shorter than 8 characters are left alone: they are not real secrets, and replacing
// them would garble every line.
func secretsReplacer(getenv func(string) string) *strings.Replacer {
	var pairs []string
	for _, name := range secretVars {
		raw := getenv(name)
		for _, v := range []string{raw, strings.TrimSpace(raw)} {
			if len(v) >= 8 {
				pairs = append(pairs, v, "[REDACTED]")
			}
		}
	}
	return strings.NewReplacer(pairs...)
}

// report prints one line. A message that starts with the check's name (errors often
// name their variable) does not repeat it.
func (d *doctor) report(s checkStatus, name, msg string) {
	d.counts[s]++
	msg = strings.TrimPrefix(msg, name+": ")
	msg = strings.TrimPrefix(msg, name+" ")
	msg = strings.TrimPrefix(msg, name+"=")
	fmt.Fprintf(d.out, "%-6s%s: %s\n", checkLabel[s], name, d.redact.Replace(msg))
}

// check returns a context for one check, bounded by --timeout.
func (d *doctor) check(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d.timeout)
}

func (d *doctor) summary() error {
	warn := countNoun(d.counts[checkWarn], "warning")
	skip := countNoun(d.counts[checkSkip], "skipped check")
	if n := d.counts[checkFail]; n > 0 {
		failed := countNoun(n, "check") + " failed"
		fmt.Fprintf(d.out, "\n%s (%s, %s)\n", failed, warn, skip)
		return errors.New(failed)
	}
	fmt.Fprintf(d.out, "\nall %d checks passed (%s)\n", d.counts[checkOK]+d.counts[checkWarn], warn)
	return nil
}

func countNoun(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// envWith returns getenv with some variables replaced.
func envWith(getenv func(string) string, set map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := set[k]; ok {
			return v
		}
		return getenv(k)
	}
}

// --- Slack ---

// slackTokens checks each token's presence and prefix with serve's slackTokens, so the
// words are the same. slackTokens stops at the first problem, so the other token is
// stood in by a well-formed dummy, which is never sent anywhere.
func (d *doctor) slackTokens() {
	for _, t := range []struct{ name, other, dummy, prefix string }{
		{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "xoxb-doctor", "xapp-"},
		{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "xapp-doctor", "xoxb-"},
	} {
		app, bot, err := slackTokens(envWith(d.getenv, map[string]string{t.other: t.dummy}))
		if err != nil {
			d.report(checkFail, t.name, err.Error())
			continue
		}
		if t.name == "SLACK_APP_TOKEN" {
			d.appToken = app
		} else {
			d.botToken = bot
		}
		d.report(checkOK, t.name, "set, "+t.prefix+"…")
	}
	d.slackURL = slackAPIURL(d.getenv)
}

func (d *doctor) slackAPI() *slack.Client {
	return slack.New(d.botToken, slack.OptionAPIURL(d.slackURL), slack.OptionAppLevelToken(d.appToken))
}

// Slack's refusals of each token, and what to do about them.
var (
	botTokenFixes = map[string]string{
		"invalid_auth":           "copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & Permissions page",
		"not_authed":             "copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page",
		"account_inactive":       "the app was uninstalled or the token revoked: reinstall the app (OAuth & Permissions → Reinstall) and copy the new Bot User OAuth Token",
		"token_revoked":          "the token was revoked: reinstall the app (OAuth & Permissions → Reinstall) and copy the new Bot User OAuth Token",
		"token_expired":          "the token expired (token rotation is on): turn rotation off or refresh the token, then copy the new Bot User OAuth Token",
		"not_allowed_token_type": "it is not a bot token: use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions",
	}
	appTokenFixes = map[string]string{
		"invalid_auth":           "copy the app-level token (xapp-…) again from Basic Information → App-Level Tokens",
		"not_authed":             "copy the app-level token (xapp-…) from Basic Information → App-Level Tokens",
		"account_inactive":       "the app was uninstalled or the token revoked: generate a new app-level token with connections:write under Basic Information → App-Level Tokens",
		"token_revoked":          "the token was revoked: generate a new app-level token with connections:write under Basic Information → App-Level Tokens",
		"missing_scope":          "the app-level token lacks connections:write: generate one with that scope under Basic Information → App-Level Tokens",
		"not_allowed_token_type": "it is not an app-level token: use an xapp-… token from Basic Information → App-Level Tokens",
		"link_disabled":          "Socket Mode is turned off for this app: turn it on under Settings → Socket Mode",
	}
)

// slackProblem says what a failed Slack call means. token is the variable whose token
// was sent; fixes maps Slack's error codes to what to do.
func (d *doctor) slackProblem(err error, token string, fixes map[string]string) string {
	where := redactURL(d.slackURL)
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &se):
		if fix, ok := fixes[se.Err]; ok {
			return fmt.Sprintf("Slack refused %s (%s): %s", token, se.Err, fix)
		}
		return fmt.Sprintf("Slack refused %s (%s); https://api.slack.com/methods explains the code", token, se.Err)
	case errors.As(err, &rl):
		return fmt.Sprintf("Slack is rate limiting this app (retry after %s); run doctor again then", rl.RetryAfter)
	case errors.As(err, &sc):
		return fmt.Sprintf("Slack at %s answered HTTP %d: check SLACK_API_URL (unset means %s)", where, sc.Code, slack.APIURL)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer from Slack at %s within %s: check SLACK_API_URL and the network (proxy, firewall)", where, d.timeout)
	}
	return fmt.Sprintf("cannot reach Slack at %s: %v: check SLACK_API_URL and the network (proxy, firewall)", where, unwrapURLError(err))
}

// slackAuth asks Slack who the bot token is, and which scopes it has.
func (d *doctor) slackAuth(ctx context.Context) {
	const name, scopes = "Slack auth.test", "Slack bot scopes"
	if d.botToken == "" {
		d.report(checkSkip, name, "SLACK_BOT_TOKEN is not usable (see above)")
		d.report(checkSkip, scopes, "needs auth.test")
		return
	}
	ctx, cancel := d.check(ctx)
	defer cancel()
	r, err := d.slackAPI().AuthTestContext(ctx)
	if err != nil {
		d.report(checkFail, name, d.slackProblem(err, "SLACK_BOT_TOKEN", botTokenFixes))
		d.report(checkSkip, scopes, "needs auth.test")
		return
	}
	d.team = r.TeamID
	d.report(checkOK, name, fmt.Sprintf("SLACK_BOT_TOKEN is @%s (%s) in team %s (%s)", r.User, r.UserID, r.Team, r.TeamID))

	need, err := botScopes()
	if err != nil {
		d.report(checkFail, scopes, err.Error())
		return
	}
	granted := strings.FieldsFunc(r.Header.Get("X-OAuth-Scopes"), func(r rune) bool { return r == ',' || r == ' ' })
	if len(granted) == 0 {
		d.report(checkWarn, scopes, "could not read scopes: Slack sent no X-OAuth-Scopes header; check under OAuth & Permissions → Bot Token Scopes that the bot has "+strings.Join(need, ", "))
		return
	}
	var missing []string
	for _, s := range need {
		if !slices.Contains(granted, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		d.report(checkFail, scopes, fmt.Sprintf("the bot token lacks %s: add them under OAuth & Permissions → Bot Token Scopes (or recreate the app from `clerkbot manifest`), then reinstall the app and copy the new token", strings.Join(missing, ", ")))
		return
	}
	d.report(checkOK, scopes, strings.Join(need, ", ")+" granted")
}

// slackSocket checks that the app token may open a Socket Mode connection. Slack answers
// apps.connections.open with a one-time URL, which is not dialled (nor printed: it
// carries a ticket).
func (d *doctor) slackSocket(ctx context.Context) {
	const name = "Slack Socket Mode"
	if d.appToken == "" {
		d.report(checkSkip, name, "SLACK_APP_TOKEN is not usable (see above)")
		return
	}
	ctx, cancel := d.check(ctx)
	defer cancel()
	if _, _, err := d.slackAPI().StartSocketModeContext(ctx); err != nil {
		d.report(checkFail, name, d.slackProblem(err, "SLACK_APP_TOKEN", appTokenFixes))
		return
	}
	d.report(checkOK, name, "SLACK_APP_TOKEN may open a socket (apps.connections.open gave a URL; not dialled)")
}

// --- Clerk ---

func (d *doctor) clerkKey() {
	const name = "CLERK_SECRET_KEY"
	key := d.getenv(name)
	c, err := clerk.NewClient(key) // checks the key; its errors never contain it
	if err != nil {
		d.report(checkFail, name, strings.TrimPrefix(err.Error(), "clerk: "))
		return
	}
	d.key = key
	if c.Instance() == clerk.Production {
		d.report(checkOK, name, "sk_live_…, a PRODUCTION instance: approved writes change real users")
		return
	}
	d.report(checkOK, name, "sk_test_…, a DEVELOPMENT instance")
}

func (d *doctor) spec(ctx context.Context) {
	const name = "CLERK_OPENAPI_SPEC"
	// Downloading and parsing a spec takes longer than a request.
	ctx, cancel := context.WithTimeout(ctx, 3*d.timeout)
	defer cancel()
	specs, err := openSpecs(ctx, d.getenv, slog.New(slog.DiscardHandler))
	if err != nil {
		d.report(checkFail, name, strings.TrimPrefix(err.Error(), "load Clerk's OpenAPI spec: "))
		return
	}
	s, err := specs.Get(ctx, "")
	if err != nil { // Open loaded the newest already; this does not fail
		d.report(checkFail, name, err.Error())
		return
	}
	d.specs = specs
	src := "unset: from GitHub (clerk/openapi-specs)"
	if dir := cacheDir(d.getenv); dir != "" {
		src += ", cached in " + filepath.Join(dir, "specs")
	}
	if v := strings.TrimSpace(d.getenv(name)); v != "" {
		src = redactURL(v)
	}
	d.report(checkOK, name, fmt.Sprintf("version %s (%d operations) from %s; versions offered: %s",
		s.Version, len(s.Operations()), src, strings.Join(specs.Versions(), ", ")))
	for _, w := range specs.Warnings() {
		d.report(checkWarn, name, w)
	}
}

// clerkRead sends one harmless read, GET /users?limit=1, through the client serve uses:
// it proves the address, the key and the API version together.
func (d *doctor) clerkRead(ctx context.Context) {
	const name = "Clerk API"
	switch {
	case d.key == "":
		d.report(checkSkip, name, "CLERK_SECRET_KEY is not usable (see above)")
		return
	case d.specs == nil:
		d.report(checkSkip, name, "the request is built from the spec, which did not load (see CLERK_OPENAPI_SPEC above)")
		return
	}
	opts := []clerk.ClientOption{clerk.WithVersion(buildVersion()), clerk.WithTimeout(d.timeout)}
	if u := d.getenv("CLERK_API_URL"); u != "" {
		opts = append(opts, clerk.WithBaseURL(u))
	}
	client, err := clerk.NewClient(d.key, opts...)
	if err != nil {
		d.report(checkFail, name, strings.TrimPrefix(err.Error(), "clerk: "))
		return
	}
	ctx, cancel := d.check(ctx)
	defer cancel()
	spec, err := d.specs.Get(ctx, "")
	if err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	op, ok := spec.Lookup(http.MethodGet, "/users")
	if !ok {
		d.report(checkFail, name, fmt.Sprintf("spec %s has no GET /users to read with; point CLERK_OPENAPI_SPEC at one of Clerk's Backend API specs", spec.Version))
		return
	}
	req, err := spec.NewRequest(op, nil, url.Values{"limit": {"1"}}, nil)
	if err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	base := client.BaseURL()
	start := time.Now()
	resp, err := client.Do(ctx, req)
	var ae *clerk.APIError
	switch {
	case err == nil:
		d.report(checkOK, name, fmt.Sprintf("GET /users?limit=1 at %s answered %d in %s (Clerk-API-Version %s, %s instance)",
			base, resp.Status, time.Since(start).Round(time.Millisecond), spec.Version, client.Instance()))
	case errors.As(err, &ae) && errors.Is(err, clerk.ErrUnauthorized):
		d.report(checkFail, name, fmt.Sprintf("Clerk at %s refused CLERK_SECRET_KEY (%d %s): copy the secret key again from the Clerk dashboard → API keys, for the instance CLERK_API_URL points at; Clerk trace id %s",
			base, ae.Status, ae.Code, ae.TraceID))
	case errors.As(err, &ae) && errors.Is(err, clerk.ErrNotFound):
		d.report(checkFail, name, fmt.Sprintf("%s; check CLERK_API_URL: it must be the API base ending in /v1 (unset means %s)",
			strings.TrimPrefix(ae.Error(), "clerk: "), clerk.DefaultBaseURL))
	case errors.As(err, &ae):
		d.report(checkFail, name, strings.TrimPrefix(ae.Error(), "clerk: "))
	case errors.Is(err, context.DeadlineExceeded):
		d.report(checkFail, name, fmt.Sprintf("no answer from Clerk at %s within %s: check CLERK_API_URL (unset means %s) and the network (proxy, firewall)",
			base, d.timeout, clerk.DefaultBaseURL))
	default:
		d.report(checkFail, name, fmt.Sprintf("cannot reach Clerk at %s: %s: check CLERK_API_URL (unset means %s) and the network (proxy, firewall)",
			base, strings.TrimPrefix(err.Error(), "clerk: "), clerk.DefaultBaseURL))
	}
}

// --- the database ---

// database opens CLERKBOT_DB the way serve does. A file that does not exist yet is not
// created: doctor only checks that its folder takes new files. A file held by another
// process is a warning, since that process is most likely the bot itself.
func (d *doctor) database() {
	const name = "CLERKBOT_DB"
	path := dbPath(d.getenv)
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(path)
		f, err := os.CreateTemp(dir, ".clerkbot-doctor-*")
		if err != nil {
			d.report(checkFail, name, fmt.Sprintf("%s does not exist and cannot be created: %v; set CLERKBOT_DB to a file in a folder clerkbot may write to", path, err))
			return
		}
		f.Close()
		os.Remove(f.Name())
		d.report(checkOK, name, fmt.Sprintf("%s does not exist yet; serve will create it (the folder is writable)", path))
		return
	}
	db, err := store.Open(path, store.Options{Timeout: min(store.DefaultTimeout, d.timeout)})
	switch {
	case errors.Is(err, store.ErrLocked):
		holder := "another process"
		if pid, ok := store.HolderPID(path); ok {
			holder = "pid " + strconv.Itoa(pid)
		}
		d.report(checkWarn, name, fmt.Sprintf("%s is in use by %s (a running clerkbot serve?); that is expected while the bot runs, but doctor could not look inside it", path, holder))
	case err != nil:
		d.report(checkFail, name, err.Error())
	default:
		db.Close()
		d.report(checkOK, name, path+" opens; its schema is current")
	}
}

// --- who may do what ---

func (d *doctor) lists() {
	team := "the workspace's own team"
	if d.team != "" {
		team = "team " + d.team
	}
	for _, l := range []struct {
		name   string
		empty  string
		status checkStatus
	}{
		{"CLERKBOT_USERS", "empty: every member of " + team + " may ask", checkOK},
		{"CLERKBOT_APPROVERS", "empty: nobody can approve, so nothing but reads can run; set it to the Slack user ids of the approvers (profile → ⋮ → Copy member ID)", checkWarn},
		{"CLERKBOT_ADMINS", "empty: nobody may use --admin or ask for credential operations", checkOK},
	} {
		ids, err := confirm.ParseIDs(d.getenv(l.name))
		switch {
		case err != nil:
			d.report(checkFail, l.name, err.Error())
		case len(ids) == 0:
			d.report(l.status, l.name, l.empty)
		default:
			names := make([]string, len(ids))
			for i, id := range ids {
				names[i] = id.String()
			}
			who := strconv.Itoa(len(ids)) + " people"
			if len(ids) == 1 {
				who = "1 person"
			}
			d.report(checkOK, l.name, who+": "+strings.Join(names, ", "))
		}
	}
}

// channelIDForm is the shape of a Slack channel id: public (C…) or private (G…).
var channelIDForm = regexp.MustCompile(`^[CG][A-Z0-9]{6,20}$`)

func (d *doctor) channels() {
	const name = "CLERKBOT_CHANNELS"
	chans := channelIDs(d.getenv)
	if len(chans) == 0 {
		d.report(checkOK, name, "empty: plain messages are read in no channel; mentions, DMs and /clerk work anywhere")
		return
	}
	var odd []string
	for _, c := range chans {
		if !channelIDForm.MatchString(c) {
			odd = append(odd, strconv.Quote(c))
		}
	}
	if len(odd) > 0 {
		what := "does not look like a channel id"
		if len(odd) > 1 {
			what = "do not look like channel ids"
		}
		d.report(checkWarn, name, fmt.Sprintf("%s %s (C… or G…), so no message will match: use the id at the bottom of the channel's details, not its name", strings.Join(odd, ", "), what))
		return
	}
	d.report(checkOK, name, "plain messages are read in "+strings.Join(chans, ", "))
}

// scopes, ttl and config check one input of loadPolicy each, with loadPolicy itself so
// that the words are serve's; the inputs not under check are blanked.

func (d *doctor) scopes(ctx context.Context) {
	const name = "CLERK_BAPI_SCOPES"
	sc := confirm.ParseScopes(d.getenv(name))
	env := envWith(d.getenv, map[string]string{"CLERKBOT_CONFIRM_TTL": "", "CLERKBOT_CONFIG": ""})
	if _, err := loadPolicy(ctx, env, nil, confirm.PolicyConfig{Scopes: sc}); err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	if strings.TrimSpace(d.getenv(name)) == "" {
		d.report(checkOK, name, `unset: read-only; writes and deletes are refused (set "read write delete" to allow them, each after an approval)`)
		return
	}
	d.report(checkOK, name, "grants "+sc.String())
}

func (d *doctor) ttl(ctx context.Context) {
	const name = "CLERKBOT_CONFIRM_TTL"
	p, err := loadPolicy(ctx, envWith(d.getenv, map[string]string{"CLERKBOT_CONFIG": ""}), nil, confirm.PolicyConfig{})
	if err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	msg := "confirmations wait " + shortDuration(p.TTL())
	if strings.TrimSpace(d.getenv(name)) == "" {
		msg += " (the default)"
	}
	d.report(checkOK, name, msg)
}

// shortDuration writes 15m0s as 15m and 1h0m0s as 1h.
func shortDuration(dur time.Duration) string {
	s := dur.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (d *doctor) config(ctx context.Context) {
	const name = "CLERKBOT_CONFIG"
	path := d.getenv(name)
	switch {
	case path == "":
		d.report(checkOK, name, "unset: the default risk tiers apply")
		return
	case d.specs == nil:
		d.report(checkSkip, name, "its operation ids and tags are checked against the spec, which did not load (see CLERK_OPENAPI_SPEC above)")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 3*d.timeout)
	defer cancel()
	if _, err := loadPolicy(ctx, envWith(d.getenv, map[string]string{"CLERKBOT_CONFIRM_TTL": ""}), d.specs, confirm.PolicyConfig{}); err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	d.report(checkOK, name, fmt.Sprintf("%s loads and matches spec versions %s", path, strings.Join(d.specs.Versions(), ", ")))
}

// --- the LLM ---

// llm checks the LLM fallback with a harmless call, listing the server's models, and
// that the model asked for is among them.
func (d *doctor) llm(ctx context.Context) {
	const name = "LLM"
	lc, on, err := llmConfig(d.getenv)
	if err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	if !on {
		d.report(checkOK, name, "off: neither OPENAI_API_KEY nor OPENAI_BASE_URL is set; the rules and the offline ranker alone resolve text")
		return
	}
	llm := intents.NewOpenAI(lc)
	model := llm.Model()
	where := redactURL(strings.TrimRight(cmp.Or(lc.BaseURL, openai.DefaultConfig("").BaseURL), "/"))
	ctx, cancel := d.check(ctx)
	defer cancel()
	ids, err := llm.Models(ctx)
	if err != nil {
		d.report(checkFail, name, d.llmProblem(err, where))
		return
	}
	if len(ids) > 0 && !slices.Contains(ids, model) && !slices.Contains(ids, model+":latest") {
		shown := ids[:min(len(ids), 10)]
		d.report(checkWarn, name, fmt.Sprintf("%s answers, but model %q is not among its %d models (%s): set OPENAI_MODEL to one of them, or make it available (Ollama: ollama pull %s)",
			where, model, len(ids), strings.Join(shown, ", "), model))
		return
	}
	d.report(checkOK, name, fmt.Sprintf("%s answers (%s); model %s", where, countNoun(len(ids), "model"), model))
}

// llmProblem says what a failed model listing means. A refusal is described in our own
// words: servers echo part of a wrong key in theirs.
func (d *doctor) llmProblem(err error, where string) string {
	var ae *openai.APIError
	var re *openai.RequestError
	status := 0
	switch {
	case errors.As(err, &ae):
		status = ae.HTTPStatusCode
	case errors.As(err, &re):
		status = re.HTTPStatusCode
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Sprintf("%s refused OPENAI_API_KEY (%d): set it to a current key of that server, or unset it for a keyless server such as Ollama", where, status)
	case status == http.StatusNotFound:
		return fmt.Sprintf("%s has no /models (404): OPENAI_BASE_URL must be the API root, ending in /v1 (Ollama: http://localhost:11434/v1)", where)
	case status != 0 && ae != nil:
		return fmt.Sprintf("%s answered %d: %s", where, status, ae.Message)
	case status != 0:
		return fmt.Sprintf("%s answered %d; check OPENAI_BASE_URL", where, status)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer from %s within %s: is the server running? check OPENAI_BASE_URL", where, d.timeout)
	}
	return fmt.Sprintf("no answer from %s: %v: is the server running? check OPENAI_BASE_URL", where, unwrapURLError(err))
}

func (d *doctor) logLevel() {
	const name = "LOG_LEVEL"
	if _, err := logLevel(d.getenv, slog.LevelInfo); err != nil {
		d.report(checkFail, name, err.Error())
		return
	}
	v := d.getenv(name)
	if v == "" {
		v = "info (the default)"
	}
	d.report(checkOK, name, v)
}

// redactURL hides a password in a URL, and returns anything else as it is.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	return s
}

// unwrapURLError drops *url.Error's "Post \"https://…\":" preamble, which repeats the
// address the message already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
