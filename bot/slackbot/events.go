package slackbot

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/confirm"
)

// transportEvent is the part of an events_api payload the bot reads.
type transportEvent struct {
	TeamID  string `json:"team_id"`
	EventID string `json:"event_id"`
	Event   struct {
		Type        string `json:"type"`
		SubType     string `json:"subtype"`
		User        string `json:"user"`
		UserTeam    string `json:"user_team"`
		Team        string `json:"team"`
		BotID       string `json:"bot_id"`
		Text        string `json:"text"`
		TS          string `json:"ts"`
		ThreadTS    string `json:"thread_ts"`
		Channel     string `json:"channel"`
		ChannelType string `json:"channel_type"`
	} `json:"event"`
}

// transportDest is where a reply goes: a channel, a thread in it, the person who sees
// private replies, and the response URL of a slash command or click, through which the
// bot can answer in a channel it is not a member of.
type transportDest struct {
	channel     string
	thread      string
	user        string
	responseURL string
	// slash marks a slash command's response URL: a card posted through it can be
	// replaced through it later (on expiry). A click's replaces the clicked message.
	slash bool
}

// onEvent acknowledges an Events API envelope and queues the message it carries, if the
// bot should answer it.
func (b *Bot) onEvent(ctx context.Context, req *socketmode.Request) {
	b.ack(ctx, req, nil)
	if req == nil {
		return
	}
	m, ok, err := b.readEvent(req.Payload)
	if err != nil {
		b.log.LogAttrs(ctx, slog.LevelWarn, "unreadable event", slog.String("err", err.Error()))
		return
	}
	if !ok {
		return
	}
	b.enqueue(ctx, m.kind, func(ctx context.Context) {
		if m.eventID != "" && b.seen(ctx, "event:"+m.eventID) {
			return
		}
		// A mention in a channel the bot reads arrives twice, as message and app_mention,
		// with different event ids.
		if m.ts != "" && b.seen(ctx, "msg:"+m.dest.channel+":"+m.ts) {
			return
		}
		b.handle(ctx, m.who, m.dest, m.text)
	})
}

// transportMessage is a message event the bot answers.
type transportMessage struct {
	kind    string // app_mention or message
	eventID string
	ts      string
	who     confirm.Actor
	dest    transportDest
	text    string // without a leading mention of the bot
}

// readEvent reads an events_api payload. ok is false for events the bot does not
// answer: other event types, bots (itself included), edits and other subtypes, and
// plain messages outside the channels it reads.
func (b *Bot) readEvent(payload []byte) (m transportMessage, ok bool, err error) {
	var p transportEvent
	if err := json.Unmarshal(payload, &p); err != nil {
		return m, false, fmt.Errorf("events_api payload: %w", err)
	}
	ev := p.Event
	switch {
	case ev.Type != "app_mention" && ev.Type != "message":
		return m, false, nil
	case ev.BotID != "" || ev.User == "" || ev.User == b.cfg.Identity.BotUserID:
		return m, false, nil // bots, the bot itself, and system messages
	case ev.SubType != "" && ev.SubType != "thread_broadcast" && ev.SubType != "file_share":
		return m, false, nil // edits, deletions, joins, bot_message …
	case ev.Channel == "":
		return m, false, errors.New("events_api payload: a message without a channel")
	case ev.Type == "message" && ev.ChannelType != "im" && !b.channels[ev.Channel]:
		return m, false, nil // a channel the bot only answers mentions in
	}
	text := transportStripMention(ev.Text, b.cfg.Identity.BotUserID)
	if ev.Type == "message" && ev.ChannelType != "im" && (strings.HasPrefix(text, "<@") || strings.HasPrefix(text, "<!")) &&
		!strings.Contains(ev.Text, "<@"+b.cfg.Identity.BotUserID+">") && !strings.Contains(ev.Text, "<@"+b.cfg.Identity.BotUserID+"|") {
		// "<@U0SAM> please delete user_1" in a channel the bot reads is for Sam; so is
		// "<!here> …". Only a message that names the bot, or none, is for it.
		return m, false, nil
	}
	// In a shared channel the author's own team is user_team (or team); the envelope's
	// team_id is the workspace the event was delivered to.
	return transportMessage{
		kind:    ev.Type,
		eventID: p.EventID,
		ts:      ev.TS,
		who:     confirm.Actor{UserID: ev.User, TeamID: cmp.Or(ev.UserTeam, ev.Team, p.TeamID)},
		dest:    transportDest{channel: ev.Channel, thread: cmp.Or(ev.ThreadTS, ev.TS), user: ev.User},
		text:    text,
	}, true, nil
}

// onSlash acknowledges a /clerk command, with the refusal when the person may not ask
// and a short "working on it" otherwise, and queues it.
func (b *Bot) onSlash(ctx context.Context, req *socketmode.Request, cmd slack.SlashCommand) {
	who := confirm.Actor{UserID: cmd.UserID, TeamID: cmd.TeamID, Name: cmd.UserName}
	if !b.cfg.Members.MayAsk(who) {
		b.ack(ctx, req, map[string]any{"response_type": "ephemeral", "text": b.refusal(who).Text})
		return
	}
	b.ack(ctx, req, map[string]any{"response_type": "ephemeral", "text": "Working on it…"})
	dest := transportDest{channel: cmd.ChannelID, user: cmd.UserID, responseURL: cmd.ResponseURL, slash: true}
	text := strings.TrimSpace(cmd.Text)
	b.enqueue(ctx, "slash", func(ctx context.Context) {
		if cmd.TriggerID != "" && b.seen(ctx, "slash:"+cmd.TriggerID) {
			return
		}
		b.handle(ctx, who, dest, text)
	})
}

// onInteractive handles a button click. The click is recorded in the store before it is
// acknowledged: if recording fails, no ack goes out and Slack delivers the click again;
// if it was recorded before, it is acknowledged and dropped.
func (b *Bot) onInteractive(ctx context.Context, req *socketmode.Request, cb slack.InteractionCallback) {
	var action *slack.BlockAction
	var kind bot.ActionKind
	if cb.Type == slack.InteractionTypeBlockActions {
		for _, a := range cb.ActionCallback.BlockActions {
			if k, ok := ActionKindOf(a.ActionID); ok {
				action, kind = a, k
				break
			}
		}
	}
	if action == nil {
		b.ack(ctx, req, nil)
		return
	}
	who := confirm.Actor{UserID: cb.User.ID, TeamID: cmp.Or(cb.User.TeamID, cb.Team.ID), Name: cmp.Or(cb.User.Name, cb.User.Username)}
	key := "click:" + cmp.Or(action.ActionTs, cb.ActionTs, cb.TriggerID) + ":" + who.UserID
	seen, err := b.cfg.Dedup.SeenEvent(key, b.cfg.DedupTTL, b.cfg.Now())
	if err != nil {
		b.log.LogAttrs(ctx, slog.LevelError, "click not recorded; leaving it unacknowledged", slog.String("err", err.Error()))
		return
	}
	b.ack(ctx, req, nil)
	if seen {
		b.log.LogAttrs(ctx, slog.LevelDebug, "duplicate click ignored", slog.String("key", key))
		return
	}
	msgTS := cmp.Or(cb.Container.MessageTs, cb.Message.Timestamp)
	channel := cmp.Or(cb.Container.ChannelID, cb.Channel.ID)
	dest := transportDest{channel: channel, thread: cmp.Or(cb.Message.ThreadTimestamp, cb.Container.ThreadTs, msgTS), user: who.UserID, responseURL: cb.ResponseURL}
	value := action.Value
	switch kind {
	case bot.ActionRun:
		b.enqueue(ctx, "run", func(ctx context.Context) { b.handle(ctx, who, dest, value) })
	default:
		approve := kind == bot.ActionApprove
		b.enqueue(ctx, "decision", func(ctx context.Context) { b.decide(ctx, who, dest, msgTS, value, approve) })
	}
}

// handle answers a request, after checking that its author may ask at all.
func (b *Bot) handle(ctx context.Context, who confirm.Actor, dest transportDest, text string) {
	var reply bot.Reply
	if !b.cfg.Members.MayAsk(who) {
		b.log.LogAttrs(ctx, slog.LevelInfo, "request refused", slog.String("user", who.UserID), slog.String("team", who.TeamID))
		reply = b.refusal(who)
	} else {
		hctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
		reply = b.cfg.Engine.Handle(hctx, bot.Request{Who: who, Where: dest.channel, Text: text})
		cancel()
	}
	ctx, cancel := transportSendContext(ctx)
	defer cancel()
	b.post(ctx, dest, reply)
}

// transportSendTimeout bounds the Slack calls that deliver one reply. They get their own
// time, not what the engine left: the result of an executed write is never dropped
// because Clerk was slow.
const transportSendTimeout = 30 * time.Second

func transportSendContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), transportSendTimeout)
}

// refusal tells someone who may not use clerkbot why.
func (b *Bot) refusal(who confirm.Actor) bot.Reply {
	text := "You are not one of the people allowed to use clerkbot (CLERKBOT_USERS). Ask an admin to add your Slack user id."
	if who.TeamID != b.cfg.Identity.TeamID {
		text = "You belong to another workspace (team " + cmp.Or(who.TeamID, "unknown") + "); only members of this workspace may use clerkbot."
	}
	return bot.Reply{Level: bot.LevelWarning, Title: "Not allowed", Text: text, Private: true}
}

// decide applies an Approve or Deny click. When the decision took effect the card is
// redrawn without its buttons, with the outcome on it; a sensitive read's result goes to
// the requester alone, by direct message. When it did not (not allowed, already decided,
// expired) the clicker alone is told.
func (b *Bot) decide(ctx context.Context, who confirm.Actor, dest transportDest, cardTS, id string, approve bool) {
	start := b.cfg.Now()
	dctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	replies := b.cfg.Engine.Decide(dctx, bot.Decision{Who: who, ID: id, Approve: approve})
	cancel()
	ctx, cancel = transportSendContext(ctx)
	defer cancel()
	if len(replies) == 0 {
		return
	}
	if replies[0].ConfirmationID == "" {
		for _, r := range replies {
			b.post(ctx, dest, r)
		}
		b.expiredByClick(ctx, id, dest.channel, cardTS, start)
		return
	}
	var c *confirm.Confirmation
	if b.cfg.Cards != nil {
		var err error
		if c, err = b.cfg.Cards.Confirmation(id); err != nil {
			b.log.LogAttrs(ctx, slog.LevelWarn, "confirmation not found after its decision", slog.String("confirmation", id), slog.String("err", err.Error()))
		}
	}
	verb := "Denied"
	if approve {
		verb = "Approved"
	}
	outcome := replies[0]
	card := b.cardOf(c, outcome)
	m := RenderDecided(card, outcome, DecisionLine(verb, who.UserID, b.cfg.Now()))
	onCard := false
	if cardTS != "" {
		var err error
		viaResponse := c != nil && c.Ref[refResponse] != "" && c.Ref[refTS] == "" && dest.responseURL != ""
		if viaResponse {
			// The card was posted through a response URL, where the bot is no member:
			// it is replaced through the click's.
			_, _, err = b.cfg.API.PostMessageContext(ctx, dest.channel, append(transportMsgOptions(m, ""), slack.MsgOptionReplaceOriginal(dest.responseURL))...)
		} else {
			_, _, _, err = b.cfg.API.UpdateMessageContext(ctx, dest.channel, cardTS, transportMsgOptions(m, "")...)
			if err != nil && transportNotMember(err) && dest.responseURL != "" {
				viaResponse = true // a card that came through a click's response URL
				_, _, err = b.cfg.API.PostMessageContext(ctx, dest.channel, append(transportMsgOptions(m, ""), slack.MsgOptionReplaceOriginal(dest.responseURL))...)
			}
		}
		if err != nil {
			b.slackError(ctx, "chat.update", err)
		} else {
			onCard = true
			files := transportNewFiles(m.Files, Render(card).Files)
			if viaResponse {
				b.uploadDirect(ctx, who.UserID, files)
			} else {
				b.upload(ctx, dest.channel, dest.thread, files)
			}
		}
	}
	for i, r := range replies {
		switch {
		case r.Private:
			// Only ever to the requester, and never through the clicker's response URL.
			if c == nil {
				b.log.LogAttrs(ctx, slog.LevelWarn, "private result withheld: requester unknown", slog.String("confirmation", id))
				continue
			}
			b.postDirect(ctx, c.Requester.UserID, r)
		case i == 0 && onCard:
			// drawn on the card
		default:
			b.post(ctx, dest, r)
		}
	}
}

// expiredByClick redraws the card of a confirmation this click found past its deadline
// before the card's place was remembered (a click within moments of the card's posting):
// the confirmation service's Expired call could not find the card then, the click can.
func (b *Bot) expiredByClick(ctx context.Context, id, channel, cardTS string, since time.Time) {
	if b.cfg.Cards == nil || cardTS == "" {
		return
	}
	c, err := b.cfg.Cards.Confirmation(id)
	if err != nil || c.State != confirm.Expired || c.DecidedAt.Before(since) || c.Ref[refTS] != "" || c.Ref[refResponse] != "" {
		return
	}
	c.Ref = map[string]string{refChannel: channel, refTS: cardTS}
	b.CardExpired(ctx, c)
}

// transportNewFiles returns the files of files that are not among old (the card's own,
// uploaded with it when it was posted).
func transportNewFiles(files, old []bot.Attachment) []bot.Attachment {
	var out []bot.Attachment
	for _, f := range files {
		if !slices.ContainsFunc(old, func(o bot.Attachment) bool { return o.Name == f.Name && bytes.Equal(o.Data, f.Data) }) {
			out = append(out, f)
		}
	}
	return out
}

// CardExpired redraws the card of a confirmation that expired undecided. Give it to
// confirm.ServiceConfig.Expired.
func (b *Bot) CardExpired(ctx context.Context, c *confirm.Confirmation) {
	if c == nil || c.Ref[refChannel] == "" || (c.Ref[refTS] == "" && c.Ref[refResponse] == "") {
		return
	}
	m := RenderDecided(b.cardOf(c, bot.Reply{ConfirmationID: c.ID}), bot.Reply{}, DecisionLine("Expired", "", c.ExpiresAt))
	var err error
	if ts := c.Ref[refTS]; ts != "" {
		_, _, _, err = b.cfg.API.UpdateMessageContext(ctx, c.Ref[refChannel], ts, transportMsgOptions(m, "")...)
	} else {
		// Posted through a slash command's response URL, which stays valid for 30
		// minutes: longer than the default lifetime of a confirmation.
		_, _, err = b.cfg.API.PostMessageContext(ctx, c.Ref[refChannel], append(transportMsgOptions(m, ""), slack.MsgOptionReplaceOriginal(c.Ref[refResponse]))...)
	}
	if err != nil {
		b.slackError(ctx, "chat.update", err)
	}
}

// The keys of Confirmation.Ref where the bot keeps its card.
const (
	refChannel  = "slack_channel"
	refTS       = "slack_ts"       // empty when posted through a response URL
	refResponse = "slack_response" // the response URL it was posted through, if so
	refCard     = "slack_card"
)

// cardOf returns the card as it was posted, from the confirmation's Ref, or a plain one
// with the outcome's title when it is unknown.
func (b *Bot) cardOf(c *confirm.Confirmation, outcome bot.Reply) bot.Reply {
	if c != nil && c.Ref[refCard] != "" {
		var card bot.Reply
		if err := json.Unmarshal([]byte(c.Ref[refCard]), &card); err == nil {
			return card
		}
	}
	title := outcome.Title
	if c != nil && c.Summary != "" {
		title = c.Summary
	}
	return bot.Reply{Level: bot.LevelInfo, Title: title, ConfirmationID: outcome.ConfirmationID}
}

// remember keeps where a card was posted, and the card itself, with its confirmation,
// so that a decision or the sweeper can redraw it, after a restart too.
func (b *Bot) remember(ctx context.Context, card bot.Reply, channel, ts, responseURL string) {
	if b.cfg.Cards == nil {
		return
	}
	data, err := json.Marshal(card)
	if err != nil {
		return
	}
	ref := map[string]string{refChannel: channel, refTS: ts, refCard: string(data)}
	if responseURL != "" {
		ref[refResponse] = responseURL
	}
	c, err := b.cfg.Cards.SetRef(card.ConfirmationID, ref)
	if err != nil {
		b.log.LogAttrs(ctx, slog.LevelWarn, "card not remembered", slog.String("confirmation", card.ConfirmationID), slog.String("err", err.Error()))
		return
	}
	if c != nil && c.State == confirm.Expired && responseURL == "" {
		// It expired before its place was known (a click or the sweeper in the
		// moment between posting and remembering), so nobody could redraw it then.
		b.CardExpired(ctx, c)
	}
}

// post renders a reply and sends it: privately to dest.user, or into dest's thread with
// its files. A private reply's files go by direct message, since an ephemeral message
// cannot carry files; a private reply Slack will not show (the person is not in the
// channel) goes by direct message whole. Where the bot is not a member (a /clerk in any
// channel) it answers through the response URL instead, and files go by direct message.
// A confirmation card is remembered once posted.
func (b *Bot) post(ctx context.Context, dest transportDest, r bot.Reply) {
	m := Render(r)
	private := m.Ephemeral || r.Private
	opts := transportMsgOptions(m, dest.thread)
	var ts string
	var err error
	method := "chat.postMessage"
	if private {
		method = "chat.postEphemeral"
		_, err = b.cfg.API.PostEphemeralContext(ctx, dest.channel, dest.user, opts...)
	} else {
		_, ts, err = b.cfg.API.PostMessageContext(ctx, dest.channel, opts...)
	}
	viaResponse := false
	if err != nil && transportNotMember(err) && dest.responseURL != "" {
		kind := slack.ResponseTypeInChannel
		if private {
			kind = slack.ResponseTypeEphemeral
		}
		viaResponse, method = true, "response_url"
		_, _, err = b.cfg.API.PostMessageContext(ctx, dest.channel, append(opts, slack.MsgOptionResponseURL(dest.responseURL, kind))...)
	}
	if err != nil && private && transportFatal(err) == nil {
		b.slackError(ctx, method, err)
		b.postDirect(ctx, dest.user, r)
		return
	}
	if err != nil {
		b.slackError(ctx, method, err)
		return
	}
	if len(m.Files) > 0 {
		if private || viaResponse {
			b.uploadDirect(ctx, dest.user, m.Files)
		} else {
			b.upload(ctx, dest.channel, cmp.Or(dest.thread, ts), m.Files)
		}
	}
	if r.ConfirmationID != "" && transportHasApprove(r) {
		responseURL := ""
		if viaResponse && dest.slash {
			responseURL = dest.responseURL
		}
		b.remember(ctx, r, dest.channel, ts, responseURL)
	}
}

// postDirect sends a reply to a person in their direct message with the bot, files
// and all.
func (b *Bot) postDirect(ctx context.Context, user string, r bot.Reply) {
	im, _, _, err := b.cfg.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
	if err != nil {
		b.slackError(ctx, "conversations.open", err)
		return
	}
	r.Private = false // the direct message is private already
	m := Render(r)
	if _, _, err := b.cfg.API.PostMessageContext(ctx, im.ID, transportMsgOptions(m, "")...); err != nil {
		b.slackError(ctx, "chat.postMessage", err)
		return
	}
	b.upload(ctx, im.ID, "", m.Files)
}

// uploadDirect sends files to a person in their direct message with the bot.
func (b *Bot) uploadDirect(ctx context.Context, user string, files []bot.Attachment) {
	im, _, _, err := b.cfg.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
	if err != nil {
		b.slackError(ctx, "conversations.open", err)
		return
	}
	b.upload(ctx, im.ID, "", files)
}

// transportNotMember reports Slack's refusal to post where the bot is not a member.
func transportNotMember(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found")
}

// upload sends files into a channel, in thread when it is set.
func (b *Bot) upload(ctx context.Context, channel, thread string, files []bot.Attachment) {
	for _, f := range files {
		_, err := b.cfg.API.UploadFileContext(ctx, slack.UploadFileParameters{
			Filename: f.Name, Title: f.Name, FileSize: len(f.Data), Reader: bytes.NewReader(f.Data),
			Channel: channel, ThreadTimestamp: thread,
		})
		if err != nil {
			b.slackError(ctx, "files.upload", err)
		}
	}
}

func transportHasApprove(r bot.Reply) bool {
	for _, a := range r.Actions {
		if a.Kind == bot.ActionApprove {
			return true
		}
	}
	return false
}

func transportMsgOptions(m Message, thread string) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return opts
}

// slackError logs a failed Web API call, and stops the bot when Slack's refusal is
// fatal (a revoked token, say).
func (b *Bot) slackError(ctx context.Context, method string, err error) {
	if f := transportFatal(err); f != nil && !errors.Is(ctx.Err(), context.Canceled) {
		b.fail(f)
	}
	b.log.LogAttrs(ctx, slog.LevelError, "slack call failed", slog.String("method", method), slog.String("err", transportErrText(err)))
}

// transportErrText is an error for the log without the URL of a failed request: a
// response URL or an upload URL works as a credential while it lives.
func transportErrText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		host := "?"
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
		return ue.Op + " " + host + ": " + ue.Err.Error()
	}
	return err.Error()
}

// transportMention matches a leading mention of a user: <@U123> or <@U123|name>.
var transportMention = regexp.MustCompile(`^\s*<@([A-Z0-9]+)(\|[^>]*)?>[\s,:]*`)

// transportStripMention removes the leading mentions of the bot ("@clerkbot @clerkbot
// list users" too).
func transportStripMention(text, botUserID string) string {
	for {
		m := transportMention.FindStringSubmatch(text)
		if m == nil || m[1] != botUserID {
			return strings.TrimSpace(text)
		}
		text = text[len(m[0]):]
	}
}
