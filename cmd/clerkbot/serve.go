package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/bot/slackbot"
	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/store"
)

const serveUsage = `Usage: clerkbot serve

Runs clerkbot on Slack over Socket Mode until interrupted. Configuration comes from the
environment (see README): SLACK_APP_TOKEN (xapp-…), SLACK_BOT_TOKEN (xoxb-…),
CLERK_SECRET_KEY, and optionally SLACK_API_URL, CLERK_API_URL, CLERK_BAPI_SCOPES,
CLERK_OPENAPI_SPEC, CLERKBOT_DB, CLERKBOT_USERS, CLERKBOT_APPROVERS, CLERKBOT_ADMINS,
CLERKBOT_CHANNELS, CLERKBOT_CONFIRM_TTL, CLERKBOT_CONFIG, CLERKBOT_HTTP_ADDR, OPENAI_*,
LOG_LEVEL.
`

// sweepEvery is how often serve closes expired confirmations and redraws their cards.
const sweepEvery = 30 * time.Second

// runServe runs the Slack bot. now is the clock of confirmations, which tests move, and
// sweep how often expired ones are closed (sweepEvery).
func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, now func() time.Time, sweep time.Duration) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage) }
	if help, err := parseFlags(fs, args, false); help || err != nil {
		return err
	}
	appToken, botToken, err := slackTokens(getenv)
	if err != nil {
		return err
	}
	apiURL := slackAPIURL(getenv)
	level, err := logLevel(getenv, slog.LevelInfo)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err != nil {
		return err
	}

	api := slack.New(botToken, slack.OptionAPIURL(apiURL), slack.OptionAppLevelToken(appToken),
		slack.OptionRetryConfig(slack.RetryConfig{MaxRetries: 3, RetryAfterDuration: 30 * time.Second, RetryAfterJitter: 250 * time.Millisecond}))
	id, err := slackbot.Identify(ctx, api)
	if err != nil {
		return err
	}
	var lists [3][]confirm.ID
	for i, name := range []string{"CLERKBOT_USERS", "CLERKBOT_APPROVERS", "CLERKBOT_ADMINS"} {
		if lists[i], err = confirm.ParseIDs(getenv(name)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	channels := channelIDs(getenv)

	specs, err := openSpecs(ctx, getenv, logger)
	if err != nil {
		return err
	}
	for _, w := range specs.Warnings() {
		logger.Warn("spec", slog.String("warning", w))
	}
	key := getenv("CLERK_SECRET_KEY")
	if key == "" {
		return errors.New("CLERK_SECRET_KEY is not set: set it to your instance's secret key (sk_test_… or sk_live_…)")
	}
	m := newMetrics()
	opts := []clerk.ClientOption{clerk.WithLogger(logger), clerk.WithVersion(buildVersion()),
		clerk.WithHTTPClient(m.httpClient(m.clerkRequests, m.clerkSeconds))}
	if u := getenv("CLERK_API_URL"); u != "" {
		opts = append(opts, clerk.WithBaseURL(u))
	}
	client, err := clerk.NewClient(key, opts...)
	if err != nil {
		return err
	}
	db, err := store.Open(dbPath(getenv), store.Options{Logger: logger})
	if err != nil {
		return err
	}
	defer db.Close()

	policy, err := loadPolicy(ctx, getenv, specs, confirm.PolicyConfig{
		TeamID: id.TeamID, Users: lists[0], Approvers: lists[1], Admins: lists[2],
		Scopes: confirm.ParseScopes(getenv("CLERK_BAPI_SCOPES")),
	})
	if err != nil {
		return err
	}
	var sb *slackbot.Bot // set before the sweeper starts, the only caller of Expired
	svc := confirm.NewService(confirm.ServiceConfig{
		Store: meteredStore{db, m}, Executor: client, Specs: specs, Approvals: policy, TTL: policy.TTL(), Logger: logger, Now: now,
		Expired: func(ctx context.Context, c *confirm.Confirmation) { sb.CardExpired(ctx, c) },
	})
	if done, err := svc.Reconcile(ctx); err != nil {
		logger.Error("reconciling interrupted confirmations failed", slog.String("err", err.Error()))
	} else {
		for _, c := range done {
			logger.Warn("confirmation interrupted by a restart", slog.String("confirmation", c.ID), slog.String("state", string(c.State)))
		}
	}
	llm, err := newLLMWith(getenv, m.httpClient(m.llmCalls, nil))
	if err != nil {
		return err
	}
	engine := bot.NewEngine(bot.Config{
		Specs: specs, LLM: llm, Clerk: client, Policy: policy, Confirmations: svc, Audit: db,
		Previewer: &confirm.Previewer{Clerk: client}, Logger: logger, Now: now,
	})
	sb, err = slackbot.New(slackbot.Config{
		Engine: engine, Dedup: db, Members: policy, Cards: svc, API: api, Identity: id,
		Channels: channels, Now: now, Logger: logger, Observer: m,
	})
	if err != nil {
		return err
	}

	var wg sync.WaitGroup
	bg, stop := context.WithCancel(ctx)
	defer func() { stop(); wg.Wait() }()
	wg.Go(func() { svc.RunSweeper(bg, sweep) })
	if err := serveHealth(bg, &wg, getenv("CLERKBOT_HTTP_ADDR"), logger, m.handler(), func() error {
		if !sb.Connected() {
			return errors.New("slack socket not connected")
		}
		_, err := db.SeenEvent("readyz", time.Second, time.Now())
		return err
	}); err != nil {
		return err
	}
	logger.Info("serving", slog.String("team", id.TeamID), slog.String("bot_user", id.BotUserID),
		slog.String("instance", client.Instance().String()), slog.String("api_version", specs.Newest()),
		slog.String("scopes", policy.Scopes().String()), slog.Int("channels", len(channels)))
	return sb.Run(ctx)
}

// slackTokens reads and checks the two Slack tokens, naming what is wrong without ever
// printing a token.
func slackTokens(getenv func(string) string) (app, bot string, err error) {
	app, bot = strings.TrimSpace(getenv("SLACK_APP_TOKEN")), strings.TrimSpace(getenv("SLACK_BOT_TOKEN"))
	switch {
	case app == "":
		return "", "", errors.New("SLACK_APP_TOKEN is not set: create an app-level token with the connections:write scope (Basic Information → App-Level Tokens); it starts with xapp-")
	case !strings.HasPrefix(app, "xapp-"):
		return "", "", errors.New("SLACK_APP_TOKEN does not start with xapp-: it must be the app-level token (Basic Information → App-Level Tokens), not a bot or user token")
	case bot == "":
		return "", "", errors.New("SLACK_BOT_TOKEN is not set: install the app to the workspace and copy its Bot User OAuth Token; it starts with xoxb-")
	case !strings.HasPrefix(bot, "xoxb-"):
		return "", "", errors.New("SLACK_BOT_TOKEN does not start with xoxb-: it must be the Bot User OAuth Token (OAuth & Permissions)")
	}
	return app, bot, nil
}

// serveHealth serves /healthz (the process is up), /readyz (ready reports nil) and
// /metrics on addr (default :8080; "off" for none) until ctx ends. The server is owned
// by wg.
func serveHealth(ctx context.Context, wg *sync.WaitGroup, addr string, logger *slog.Logger, metrics http.Handler, ready func() error) error {
	if addr == "off" {
		return nil
	}
	if addr == "" {
		addr = ":8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("CLERKBOT_HTTP_ADDR %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := ready(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("health server stopped", slog.String("err", err.Error()))
		}
	})
	wg.Go(func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	})
	logger.Info("health endpoints", slog.String("addr", ln.Addr().String()))
	return nil
}
