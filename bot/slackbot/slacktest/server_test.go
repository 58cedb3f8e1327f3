package slacktest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/clerkbot/clerkbot/bot/slackbot/slacktest"
)

const wait = 10 * time.Second

// client runs slack-go's own socket mode client against s, acknowledging what ackIf
// approves, and returns the events it saw.
func client(t *testing.T, s *slacktest.Server, appToken string, ackIf func(socketmode.Event) bool) (<-chan socketmode.Event, <-chan error) {
	t.Helper()
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(appToken))
	smc := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	stopped := make(chan struct{})
	go func() { errc <- smc.RunContext(ctx); close(stopped) }()
	events := make(chan socketmode.Event, 100)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-smc.Events:
				if ev.Request != nil && ev.Request.EnvelopeID != "" && (ackIf == nil || ackIf(ev)) {
					_ = smc.Ack(*ev.Request)
				}
				select {
				case events <- ev:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		select {
		case <-stopped:
		case <-time.After(wait):
			t.Error("socket mode client did not stop")
		}
	})
	return events, errc
}

func TestSocketModeRoundTrip(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	events, _ := client(t, s, slacktest.AppToken, nil)
	s.WaitConnections(t, 1, wait)

	sent := s.SendMention(slacktest.Message{Channel: "C0OPS00001", User: "U0ALICE001", Text: "<@" + slacktest.BotUserID + "> get user bob"})
	ack := s.WaitAck(t, sent.EnvelopeID, wait)
	if ack.Type != "events_api" {
		t.Errorf("ack type = %q, want events_api", ack.Type)
	}
	var got *slackevents.AppMentionEvent
	deadline := time.After(wait)
	for got == nil {
		select {
		case ev := <-events:
			if api, ok := ev.Data.(slackevents.EventsAPIEvent); ok {
				if m, ok := api.InnerEvent.Data.(*slackevents.AppMentionEvent); ok {
					got = m
				}
			}
		case <-deadline:
			t.Fatal("no app_mention event reached the client")
		}
	}
	if got.User != "U0ALICE001" || got.Channel != "C0OPS00001" || !strings.Contains(got.Text, "get user bob") {
		t.Errorf("app_mention = %+v", got)
	}

	slash := s.SendSlash(slacktest.Slash{Text: "tags", User: "U0ALICE001", Channel: "C0OPS00001"})
	click := s.SendClick(slacktest.Click{ActionID: "clerkbot_approve", Value: "cf_1", User: "U0BOB00001", Channel: "C0OPS00001", MessageTS: "1.000001"})
	s.WaitAck(t, slash.EnvelopeID, wait)
	s.WaitAck(t, click.EnvelopeID, wait)
	if u := s.Unacked(); len(u) != 0 {
		t.Errorf("Unacked() = %v, want none", u)
	}
}

func TestReconnectAndRedelivery(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	// The client acknowledges nothing until told to, so the first delivery is lost.
	ackOn := make(chan struct{})
	_, _ = client(t, s, slacktest.AppToken, func(socketmode.Event) bool {
		select {
		case <-ackOn:
			return true
		default:
			return false
		}
	})
	s.WaitConnections(t, 1, wait)
	sent := s.SendMessage(slacktest.Message{Channel: "D0DM000001", ChannelType: "im", User: "U0ALICE001", Text: "tags"})
	if !s.Wait(wait, func() bool { return len(s.Unacked()) == 1 }) {
		t.Fatal("envelope not pending")
	}
	close(ackOn)
	s.Disconnect("refresh_requested")
	s.WaitConnections(t, 2, wait)
	s.WaitAck(t, sent.EnvelopeID, wait)

	s.Drop()
	s.WaitConnections(t, 3, wait)
	again := s.SendMessage(slacktest.Message{Channel: "D0DM000001", ChannelType: "im", User: "U0ALICE001", Text: "tags"})
	s.WaitAck(t, again.EnvelopeID, wait)
}

func TestInvalidAppToken(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	_, errc := client(t, s, "xapp-1-wrong", nil)
	select {
	case err := <-errc:
		if err == nil || err.Error() != "invalid_auth" {
			t.Errorf("RunContext = %v, want invalid_auth", err)
		}
	case <-time.After(wait):
		t.Fatal("RunContext did not fail")
	}
}

func TestWebAPI(t *testing.T) {
	s := slacktest.NewServer()
	defer s.Close()
	ctx := context.Background()
	api := slack.New(slacktest.BotToken, slack.OptionAPIURL(s.APIURL()),
		slack.OptionRetryConfig(slack.RetryConfig{MaxRetries: 2, RetryAfterDuration: time.Second}))

	auth, err := api.AuthTestContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if auth.TeamID != slacktest.TeamID || auth.UserID != slacktest.BotUserID || auth.BotID != slacktest.BotID {
		t.Errorf("auth.test = %+v", auth)
	}

	s.RateLimit("chat.postMessage", 1, 0)
	ch, ts, err := api.PostMessageContext(ctx, "C0OPS00001", slack.MsgOptionText("hello", false), slack.MsgOptionTS("1.000001"))
	if err != nil || ch != "C0OPS00001" || ts == "" {
		t.Fatalf("PostMessage = %q, %q, %v", ch, ts, err)
	}
	calls := s.Calls("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("%d chat.postMessage calls, want 2 (429, then the retry)", len(calls))
	}
	if got := calls[1].Form.Get("thread_ts"); got != "1.000001" {
		t.Errorf("thread_ts = %q", got)
	}
	if calls[1].Form.Get("token") != "" {
		t.Error("the token is recorded with the form")
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C0OPS00001", ts, slack.MsgOptionText("edited", false)); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PostEphemeralContext(ctx, "C0OPS00001", "U0ALICE001", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "user.json", FileSize: 7, Content: `{"a":1}`, Channel: "C0OPS00001", ThreadTimestamp: ts})
	if err != nil {
		t.Fatal(err)
	}
	if up := s.Uploads(); len(up) != 1 || up[0].FileID != f.ID || string(up[0].Data) != `{"a":1}` {
		t.Errorf("uploads = %+v", up)
	}

	bad := slack.New("xoxb-wrong", slack.OptionAPIURL(s.APIURL()))
	if _, err := bad.AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("auth.test with a wrong token: %v, want invalid_auth", err)
	}
	s.FailWith("chat.postMessage", "missing_scope")
	_, _, err = api.PostMessageContext(ctx, "C0OPS00001", slack.MsgOptionText("x", false))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "missing_scope" {
		t.Errorf("PostMessage with missing_scope: %v", err)
	}
}
