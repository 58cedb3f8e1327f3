// Package slackbot puts clerkbot's engine on Slack over socket mode.
//
// The transport (this file and events.go) acknowledges each envelope and turns it into a
// plain bot.Request or bot.Decision; the engine answers with bot.Reply values; Render
// (render.go) draws them as Block Kit. The rules that keep it safe:
//
//   - Every envelope is acknowledged at once, before any work; Slack gives 3 s. Work runs
//     afterwards in a bounded pool of workers, each request with its own timeout.
//   - A button click is recorded in the store (Dedup) before it is acknowledged, so a
//     click Slack delivers again is never acted on twice. The confirmation state machine
//     behind Engine.Decide guarantees at most one execution on top of that.
//   - Events are de-duplicated by event_id in the store, so a retry after a reconnect is
//     processed once; a channel message that is also an app_mention (Slack sends both)
//     is handled once, by its channel and ts.
//   - People are identified by user id and team id; the team comes from the event (the
//     author's user_team or team in shared channels), never from a name. Whoever may not
//     ask is told why, privately.
//   - Fatal Slack errors (bad or revoked tokens, missing scopes, socket mode turned off)
//     stop Run with a FatalError; everything else reconnects.
//   - Tokens are never logged, and neither is message text.
package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/confirm"
)

// Engine is the conversation; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Decide(ctx context.Context, d bot.Decision) []bot.Reply
}

// Dedup remembers event keys; *store.DB implements it. SeenEvent must check and record
// in one transaction, so that of two deliveries exactly one sees false.
type Dedup interface {
	SeenEvent(key string, ttl time.Duration, now time.Time) (seen bool, err error)
}

// Members says who may ask anything at all; *confirm.Policy implements it.
type Members interface {
	MayAsk(a confirm.Actor) bool
}

// Cards finds and annotates confirmations, so that a card can be redrawn after its
// decision or expiry; *confirm.Service implements it.
type Cards interface {
	Confirmation(id string) (*confirm.Confirmation, error)
	SetRef(id string, ref map[string]string) (*confirm.Confirmation, error)
}

// Config is what a Bot is built from. Cards, Channels, the sizes and durations, Now and
// Logger are optional.
type Config struct {
	Engine  Engine
	Dedup   Dedup
	Members Members
	Cards   Cards
	// API is the Web API client: the bot token, slack.OptionAppLevelToken for socket
	// mode, and slack.OptionAPIURL when not talking to slack.com.
	API *slack.Client
	// SocketOptions are passed to socketmode.New (a dialer, a ping interval).
	SocketOptions []socketmode.Option
	// Identity is the bot's own, from auth.test (see Identify).
	Identity Identity
	// Channels are the channel ids whose plain messages are read (CLERKBOT_CHANNELS).
	Channels []string
	// Workers is how many requests run at once (default 8); Queue how many acknowledged
	// envelopes may wait for a worker (default 10,000) before reading from Slack pauses.
	// Below that, a backlog never delays an acknowledgement.
	Workers int
	Queue   int
	// Timeout bounds one request or decision (default 3 minutes, more than a Clerk
	// execution's own limit).
	Timeout time.Duration
	// DedupTTL is how long event ids and clicks are remembered (default 24 hours; Slack
	// retries for about an hour).
	DedupTTL time.Duration
	Now      func() time.Time
	Logger   *slog.Logger
	// Observer, when set, is told of every acknowledgement and reconnection (metrics).
	Observer Observer
}

// Observer watches the transport. Its methods are called on Run's goroutine and must
// return at once.
type Observer interface {
	// Acked reports an acknowledged envelope: its type (events_api, slash_commands,
	// interactive) and the time from its arrival at Run to its ack.
	Acked(envelopeType string, took time.Duration)
	// Reconnected reports a socket opened again after the first.
	Reconnected()
}

// Identity is who the bot is in its workspace.
type Identity struct {
	TeamID    string // the workspace's own team, "T…"
	BotUserID string // the bot's user, "U…", as mentions name it
	BotID     string // the bot's bot id, "B…", on its own messages
}

// Bot is clerkbot on Slack. Run it once.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	smc      *socketmode.Client
	jobs     chan func(context.Context)
	fatal    chan error
	channels map[string]bool
	up       atomic.Bool
	// Owned by Run's goroutine: when the envelope being dispatched arrived, whether a
	// socket was open before, the acknowledged work waiting for a worker, and whether
	// that backlog was reported.
	arrived   time.Time
	connected bool
	pending   []func(context.Context)
	backlog   bool
}

// New returns a Bot, or an error naming what is missing from cfg.
func New(cfg Config) (*Bot, error) {
	switch {
	case cfg.Engine == nil, cfg.Dedup == nil, cfg.Members == nil, cfg.API == nil:
		return nil, errors.New("slackbot: Engine, Dedup, Members and API are required")
	case cfg.Identity.TeamID == "" || cfg.Identity.BotUserID == "":
		return nil, errors.New("slackbot: the bot's team and user id are required (auth.test)")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 10_000
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Minute
	}
	if cfg.DedupTTL <= 0 {
		cfg.DedupTTL = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	b := &Bot{
		cfg:      cfg,
		log:      cfg.Logger,
		jobs:     make(chan func(context.Context)),
		fatal:    make(chan error, 1),
		channels: map[string]bool{},
	}
	for _, c := range cfg.Channels {
		b.channels[c] = true
	}
	// socketmode keeps disconnect messages to itself; its debug log is the only place
	// their reason shows, and link_disabled must stop the bot (see transportTap).
	// The tap goes last, so that no option given turns it off.
	opts := append(slices.Clone(cfg.SocketOptions), socketmode.OptionDebug(true), socketmode.OptionLog(transportTap{b}))
	b.smc = socketmode.New(cfg.API, opts...)
	return b, nil
}

// Connected reports whether the socket is open, for /readyz.
func (b *Bot) Connected() bool { return b.up.Load() }

// Run connects and serves until ctx ends or a fatal error. Acknowledged work in flight
// or queued is finished before Run returns, each piece within its timeout. It returns nil
// when ctx ended, or the fatal error (a *FatalError for Slack's refusals).
func (b *Bot) Run(ctx context.Context) error {
	sockCtx, stopSocket := context.WithCancel(ctx)
	defer stopSocket()
	// Work outlives ctx: what was acknowledged is finished, within its own timeout.
	workCtx := context.WithoutCancel(ctx)
	var workers sync.WaitGroup
	for range b.cfg.Workers {
		workers.Go(func() {
			for job := range b.jobs {
				job(workCtx)
			}
		})
	}
	sockErr := make(chan error, 1)
	go func() { sockErr <- b.smc.RunContext(sockCtx) }()

	var err error
	socketDone := false
loop:
	for {
		// Work is handed to a worker from here, between envelopes, so that a backlog
		// never holds up an acknowledgement.
		var out chan<- func(context.Context)
		var next func(context.Context)
		if len(b.pending) > 0 {
			out, next = b.jobs, b.pending[0]
		}
		select {
		case out <- next:
			b.pending[0] = nil
			b.pending = b.pending[1:]
			if b.backlog && len(b.pending) == 0 {
				b.backlog = false
				b.log.LogAttrs(ctx, slog.LevelInfo, "work backlog cleared")
			}
		case <-ctx.Done():
			break loop
		case err = <-b.fatal:
			break loop
		case e := <-sockErr:
			socketDone = true
			if ctx.Err() == nil {
				err = transportFatal(e)
				if err == nil {
					err = fmt.Errorf("slack: socket mode stopped: %w", e)
				}
			}
			break loop
		case ev := <-b.smc.Events:
			b.dispatch(sockCtx, ev)
		}
	}
	stopSocket()
	if !socketDone {
		<-sockErr
	}
	b.up.Store(false)
	for _, job := range b.pending {
		b.jobs <- job
	}
	b.pending = nil
	close(b.jobs)
	workers.Wait()
	if err != nil {
		b.log.LogAttrs(ctx, slog.LevelError, "slack stopped", slog.String("err", err.Error()))
	}
	return err
}

// fail stops Run with err; the first fatal error wins.
func (b *Bot) fail(err error) {
	select {
	case b.fatal <- err:
	default:
	}
}

// enqueue adds acknowledged work to the backlog Run hands to the workers. It never drops
// what was acknowledged, not even at shutdown. At Config.Queue waiting jobs it hands the
// oldest to a worker itself, waiting for one: reading from Slack pauses meanwhile
// (backpressure), and Slack redelivers what stays unacknowledged too long.
func (b *Bot) enqueue(ctx context.Context, kind string, job func(context.Context)) {
	if len(b.pending) >= b.cfg.Queue {
		b.log.LogAttrs(ctx, slog.LevelWarn, "work queue full; waiting for a worker", slog.String("kind", kind), slog.Int("waiting", len(b.pending)))
		select {
		case b.jobs <- b.pending[0]:
			b.pending[0] = nil
			b.pending = b.pending[1:]
		case <-ctx.Done(): // shutting down: Run hands out the whole backlog
		}
	}
	b.pending = append(b.pending, job)
	if !b.backlog && len(b.pending) > b.cfg.Workers*4 {
		b.backlog = true
		b.log.LogAttrs(ctx, slog.LevelWarn, "work backlog growing", slog.String("kind", kind), slog.Int("waiting", len(b.pending)))
	}
}

// dispatch handles one socket mode event on Run's goroutine. It must stay quick: acks
// wait behind it.
func (b *Bot) dispatch(ctx context.Context, ev socketmode.Event) {
	b.arrived = time.Now()
	switch ev.Type {
	case socketmode.EventTypeConnecting:
		b.up.Store(false)
		b.log.LogAttrs(ctx, slog.LevelDebug, "slack connecting")
	case socketmode.EventTypeConnected:
		if b.connected && b.cfg.Observer != nil {
			b.cfg.Observer.Reconnected()
		}
		b.connected = true
		if !b.up.Swap(true) {
			b.log.LogAttrs(ctx, slog.LevelInfo, "slack connected")
		}
	case socketmode.EventTypeHello:
		if !b.up.Swap(true) {
			b.log.LogAttrs(ctx, slog.LevelInfo, "slack connected")
		}
	case socketmode.EventTypeConnectionError:
		b.up.Store(false)
		var cause error
		if ce, ok := ev.Data.(*slack.ConnectionErrorEvent); ok {
			cause = ce.ErrorObj
		}
		if f := transportFatal(cause); f != nil {
			b.fail(f)
			return
		}
		b.log.LogAttrs(ctx, slog.LevelWarn, "slack connection failed; retrying", slog.Any("err", cause))
	case socketmode.EventTypeInvalidAuth:
		b.fail(&FatalError{Code: "invalid_auth"})
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		b.log.LogAttrs(ctx, slog.LevelWarn, "slack socket error", slog.String("type", string(ev.Type)))
	case socketmode.EventTypeEventsAPI:
		b.onEvent(ctx, ev.Request)
	case socketmode.EventTypeSlashCommand:
		cmd, _ := ev.Data.(slack.SlashCommand)
		b.onSlash(ctx, ev.Request, cmd)
	case socketmode.EventTypeInteractive:
		cb, _ := ev.Data.(slack.InteractionCallback)
		b.onInteractive(ctx, ev.Request, cb)
	}
}

// ack acknowledges an envelope, with a payload for those that accept one.
func (b *Bot) ack(ctx context.Context, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	if err := b.smc.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		b.log.LogAttrs(ctx, slog.LevelWarn, "ack failed", slog.String("envelope", req.EnvelopeID), slog.String("err", err.Error()))
		return
	}
	if b.cfg.Observer != nil {
		b.cfg.Observer.Acked(req.Type, time.Since(b.arrived))
	}
}

// seen records key and reports whether it was recorded before. A store that fails is
// logged and the work goes ahead: the confirmation state machine still runs any write at
// most once.
func (b *Bot) seen(ctx context.Context, key string) bool {
	seen, err := b.cfg.Dedup.SeenEvent(key, b.cfg.DedupTTL, b.cfg.Now())
	if err != nil {
		b.log.LogAttrs(ctx, slog.LevelError, "dedup failed", slog.String("key", key), slog.String("err", err.Error()))
		return false
	}
	if seen {
		b.log.LogAttrs(ctx, slog.LevelDebug, "duplicate ignored", slog.String("key", key))
	}
	return seen
}

// FatalError is a refusal from Slack that reconnecting cannot cure.
type FatalError struct {
	Code string // Slack's error code, "invalid_auth"
}

func (e *FatalError) Error() string {
	hint := transportHints[e.Code]
	if hint == "" {
		hint = "Slack refused the app"
	}
	return "slack: " + e.Code + ": " + hint
}

var transportHints = map[string]string{
	"invalid_auth":           "a token is wrong: check SLACK_APP_TOKEN (xapp-…) and SLACK_BOT_TOKEN (xoxb-…)",
	"not_authed":             "no token was sent: set SLACK_APP_TOKEN and SLACK_BOT_TOKEN",
	"account_inactive":       "the token belongs to a deactivated user or an uninstalled app: reinstall the app and update the tokens",
	"token_revoked":          "the token was revoked: reinstall the app and update the tokens",
	"missing_scope":          "the app lacks a scope it needs (connections:write on the app-level token; chat:write, commands, app_mentions:read, channels:history, groups:history, im:history, im:write and files:write for the bot, as in the app manifest `clerkbot manifest` prints): add it and reinstall",
	"not_allowed_token_type": "a token of the wrong kind: SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write, SLACK_BOT_TOKEN the bot token (xoxb-…)",
	"link_disabled":          "Socket Mode is turned off for this app: turn it on in the app's settings (Socket Mode)",
}

// transportFatal returns a *FatalError when err is a refusal that reconnecting cannot
// cure, and nil otherwise.
func transportFatal(err error) error {
	if err == nil {
		return nil
	}
	var f *FatalError
	if errors.As(err, &f) {
		return f
	}
	code := err.Error()
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		code = se.Err
	}
	if _, ok := transportHints[code]; ok {
		return &FatalError{Code: code}
	}
	return nil
}

// Identify asks Slack who the bot is (auth.test). Refusals come back as *FatalError.
func Identify(ctx context.Context, api *slack.Client) (Identity, error) {
	r, err := api.AuthTestContext(ctx)
	if err != nil {
		if f := transportFatal(err); f != nil {
			return Identity{}, f
		}
		var sc slack.StatusCodeError
		if errors.As(err, &sc) && sc.Code == 404 {
			return Identity{}, errors.New("slack: auth.test: 404 Not Found: SLACK_API_URL does not point at Slack's Web API (leave it unset for slack.com)")
		}
		return Identity{}, fmt.Errorf("slack: auth.test: %s", transportErrText(err))
	}
	return Identity{TeamID: r.TeamID, BotUserID: r.UserID, BotID: r.BotID}, nil
}

// transportTap reads socketmode's debug log for the one thing it does not tell its
// caller: the reason of a disconnect message. link_disabled means Socket Mode was turned
// off, which no reconnect will cure. Every other line is dropped unread, since it may
// carry message text.
type transportTap struct{ b *Bot }

const transportTapPrefix = "Received WebSocket message: "

func (t transportTap) Output(_ int, s string) error {
	rest, ok := strings.CutPrefix(s, transportTapPrefix)
	if !ok || !strings.Contains(rest, `"disconnect"`) {
		return nil
	}
	var m struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	}
	if json.Unmarshal([]byte(strings.TrimSpace(rest)), &m) != nil || m.Type != "disconnect" {
		return nil
	}
	t.b.up.Store(false)
	t.b.log.LogAttrs(context.Background(), slog.LevelInfo, "slack asked to reconnect", slog.String("reason", m.Reason))
	if m.Reason == "link_disabled" {
		t.b.fail(&FatalError{Code: "link_disabled"})
	}
	return nil
}
