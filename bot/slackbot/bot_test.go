package slackbot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/bot/slackbot"
	"github.com/clerkbot/clerkbot/bot/slackbot/slacktest"
	"github.com/clerkbot/clerkbot/confirm"
)

const wait = 10 * time.Second

// engine answers with the text it was given, or with answer's reply when set, after
// gate opens (when set).
type engine struct {
	gate   chan struct{}
	answer func(bot.Request) bot.Reply
	mu     sync.Mutex
	got    []bot.Request
}

func (e *engine) Handle(ctx context.Context, req bot.Request) bot.Reply {
	if e.gate != nil {
		select {
		case <-e.gate:
		case <-ctx.Done():
		}
	}
	e.mu.Lock()
	e.got = append(e.got, req)
	e.mu.Unlock()
	if e.answer != nil {
		return e.answer(req)
	}
	return bot.Reply{Title: "echo", Text: req.Text}
}

func (e *engine) Decide(context.Context, bot.Decision) []bot.Reply { return nil }

func (e *engine) requests() []bot.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bot.Request(nil), e.got...)
}

// dedup is an in-memory Dedup that can be made to fail.
type dedup struct {
	mu   sync.Mutex
	keys map[string]bool
	err  error
}

func (d *dedup) SeenEvent(key string, _ time.Duration, _ time.Time) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		return false, d.err
	}
	seen := d.keys[key]
	d.keys[key] = true
	return seen, nil
}

type everyone struct{}

func (everyone) MayAsk(a confirm.Actor) bool { return a.TeamID == slacktest.TeamID }

func start(t *testing.T, s *slacktest.Server, e *engine, d *dedup) (stop func() error, ended <-chan struct{}) {
	t.Helper()
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(slacktest.AppToken))
	id, err := slackbot.Identify(context.Background(), api)
	if err != nil {
		t.Fatal(err)
	}
	b, err := slackbot.New(slackbot.Config{Engine: e, Dedup: d, Members: everyone{}, API: api, Identity: id,
		Channels: []string{"C0OPS00001"}, Workers: 2, Queue: 4})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var runErr error
	go func() { runErr = b.Run(ctx); close(done) }()
	stop = func() error {
		cancel()
		select {
		case <-done:
		case <-time.After(wait):
			t.Error("Run did not return")
		}
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	s.WaitConnections(t, 1, wait)
	return stop, done
}

// Acks go out before the work is done, even when every worker is busy and the queue
// is full; shutdown then finishes what was acknowledged.
func TestAckBeforeWork(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	e := &engine{gate: make(chan struct{})}
	stop, _ := start(t, s, e, &dedup{keys: map[string]bool{}})

	var sent []slacktest.Sent
	for range 6 { // 2 workers busy, 4 queued
		sent = append(sent, s.SendMessage(slacktest.Message{Channel: "D0DM000001", ChannelType: "im", User: "U0ALICE001", Text: "tags"}))
	}
	for _, m := range sent {
		s.WaitAck(t, m.EnvelopeID, wait)
	}
	if n := len(e.requests()); n != 0 {
		t.Fatalf("%d requests handled before the engine was let go", n)
	}
	close(e.gate)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if n := len(e.requests()); n != 6 {
		t.Errorf("%d requests handled by shutdown, want 6", n)
	}
}

func TestMentionsAndFilters(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	e := &engine{}
	stop, _ := start(t, s, e, &dedup{keys: map[string]bool{}})
	mention := "<@" + slacktest.BotUserID + "> get user bob"
	s.SendMention(slacktest.Message{Channel: "C0ELSE0001", User: "U0ALICE001", Text: mention})
	s.SendMessage(slacktest.Message{Channel: "C0ELSE0001", User: "U0ALICE001", Text: mention}) // not a channel it reads
	s.SendMessage(slacktest.Message{Channel: "C0OPS00001", User: slacktest.BotUserID, Text: "my own reply"})
	s.SendMessage(slacktest.Message{Channel: "C0OPS00001", User: "U0ALICE001", SubType: "message_deleted"})
	s.SendMessage(slacktest.Message{Channel: "C0OPS00001", User: "U0ALICE001", Text: "<@U0SOMEONE1> please delete user_1"}) // for someone else
	s.SendMessage(slacktest.Message{Channel: "C0OPS00001", User: "U0ALICE001", Text: "get user_1, thanks <@U0SOMEONE1>"})
	s.WaitCalls(t, "chat.postMessage", 2, wait)
	if !s.Wait(wait, func() bool { return len(s.Unacked()) == 0 }) {
		t.Fatal("unacknowledged envelopes")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got := e.requests()
	if len(got) != 2 {
		t.Fatalf("requests = %+v, want 2", got)
	}
	texts := got[0].Text + "|" + got[1].Text
	if !strings.Contains(texts, "get user bob") || strings.Contains(texts, slacktest.BotUserID) || !strings.Contains(texts, "thanks <@U0SOMEONE1>") || strings.Contains(texts, "delete") {
		t.Errorf("texts = %q: want the bot's mention stripped, others kept, and a message for someone else ignored", texts)
	}
	for _, r := range got {
		if r.Who.TeamID != slacktest.TeamID || r.Who.UserID != "U0ALICE001" {
			t.Errorf("Who = %+v", r.Who)
		}
	}
}

// A click the store could not record is left unacknowledged, so Slack sends it again.
func TestClickRecordedBeforeAck(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	d := &dedup{keys: map[string]bool{}, err: errors.New("disk full")}
	start(t, s, &engine{}, d)
	click := s.SendClick(slacktest.Click{ActionID: slackbot.ActionRun, Value: "tags", User: "U0ALICE001", Channel: "C0OPS00001", MessageTS: "1.000001"})
	other := s.SendMessage(slacktest.Message{Channel: "D0DM000001", ChannelType: "im", User: "U0ALICE001", Text: "tags"})
	s.WaitAck(t, other.EnvelopeID, wait) // envelopes are handled in order
	for _, a := range s.Acks() {
		if a.EnvelopeID == click.EnvelopeID {
			t.Fatal("a click was acknowledged though it was not recorded")
		}
	}
	d.mu.Lock()
	d.err = nil
	d.mu.Unlock()
	s.Drop() // Slack redelivers on the next socket
	s.WaitAck(t, click.EnvelopeID, wait)
	s.WaitCalls(t, "chat.postMessage", 2, wait)
}

func TestLinkDisabledIsFatal(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	stop, ended := start(t, s, &engine{}, &dedup{keys: map[string]bool{}})
	s.Disconnect("link_disabled")
	select {
	case <-ended:
	case <-time.After(wait):
		t.Fatal("Run kept going after link_disabled")
	}
	err := stop()
	var f *slackbot.FatalError
	if !errors.As(err, &f) || f.Code != "link_disabled" {
		t.Errorf("Run = %v, want a link_disabled FatalError", err)
	}
}

// A private reply's files cannot ride on an ephemeral message: they go to a direct
// message with the person who asked, and nowhere else.
func TestPrivateFilesGoToDirectMessage(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	big := strings.Repeat(`{"token":"x"}`, 1000)
	e := &engine{answer: func(bot.Request) bot.Reply {
		return bot.Reply{Title: "OAuth token", Text: "Sensitive.", Private: true,
			Attachments: []bot.Attachment{{Name: "token.json", Type: "application/json", Data: []byte(big)}}}
	}}
	stop, _ := start(t, s, e, &dedup{keys: map[string]bool{}})
	const alice = "U0ALICE001"
	s.SendMention(slacktest.Message{Channel: "C0OPS00001", User: alice, Text: "<@" + slacktest.BotUserID + "> oauth token"})
	done := s.WaitCalls(t, "files.completeUploadExternal", 1, wait)[0]
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := done.Form.Get("channel_id"); got != slacktest.IMChannel(alice) {
		t.Errorf("file shared in %q, want the direct message %q", got, slacktest.IMChannel(alice))
	}
	eph := s.Calls("chat.postEphemeral")
	if len(eph) != 1 || eph[0].Form.Get("user") != alice || !strings.Contains(eph[0].Form.Get("blocks"), "privately") {
		t.Errorf("ephemeral = %+v, want one note to %s that the file was sent privately", eph, alice)
	}
	if n := len(s.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d public messages for a private reply", n)
	}
	ups := s.Uploads()
	if len(ups) != 1 || string(ups[0].Data) != big {
		t.Errorf("uploads = %d, want the whole file once", len(ups))
	}
}

// Past Config.Queue waiting jobs, reading from Slack pauses until a worker is free:
// later envelopes stay unacknowledged (Slack redelivers them) and nothing is dropped.
func TestBackpressureAtQueueCap(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	e := &engine{gate: make(chan struct{})}
	stop, _ := start(t, s, e, &dedup{keys: map[string]bool{}}) // 2 workers, queue 4
	var sent []slacktest.Sent
	for range 8 {
		sent = append(sent, s.SendMessage(slacktest.Message{Channel: "D0DM000001", ChannelType: "im", User: "U0ALICE001", Text: "tags"}))
	}
	// 2 running, 4 waiting, the 7th acknowledged and its handing over blocked.
	for _, m := range sent[:7] {
		s.WaitAck(t, m.EnvelopeID, wait)
	}
	time.Sleep(50 * time.Millisecond) // room for a wrong ack of the 8th to arrive
	for _, a := range s.Acks() {
		if a.EnvelopeID == sent[7].EnvelopeID {
			t.Fatal("the 8th envelope was acknowledged while the queue was full")
		}
	}
	close(e.gate)
	s.WaitAck(t, sent[7].EnvelopeID, wait)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if n := len(e.requests()); n != 8 {
		t.Errorf("%d requests handled, want 8", n)
	}
}
