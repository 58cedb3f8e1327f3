package slackbot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func testBot() *Bot {
	return &Bot{cfg: Config{Identity: Identity{TeamID: "T0TEAM0001", BotUserID: "U0BOT00001"}},
		channels: map[string]bool{"C0OPS00001": true}}
}

func TestReadEvent(t *testing.T) {
	b := testBot()
	for _, tc := range []struct {
		name, payload string
		ok            bool
		err           string
		text, team    string
	}{
		{"mention", `{"team_id":"T0TEAM0001","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"<@U0BOT00001> get user bob","channel":"C9","ts":"1.2"}}`, true, "", "get user bob", "T0TEAM0001"},
		{"shared channel author", `{"team_id":"T0TEAM0001","event":{"type":"app_mention","user":"U1","user_team":"T0OTHER001","text":"hi","channel":"C9","ts":"1.2"}}`, true, "", "hi", "T0OTHER001"},
		{"dm", `{"event":{"type":"message","channel_type":"im","user":"U1","text":"tags","channel":"D1","ts":"1.2"}}`, true, "", "tags", ""},
		{"read channel", `{"event":{"type":"message","channel_type":"channel","user":"U1","text":"tags","channel":"C0OPS00001","ts":"1.2"}}`, true, "", "tags", ""},
		{"for someone else", `{"event":{"type":"message","channel_type":"channel","user":"U1","text":"<@U0SAM00001> please delete user_1","channel":"C0OPS00001","ts":"1.2"}}`, false, "", "", ""},
		{"for the channel", `{"event":{"type":"message","channel_type":"channel","user":"U1","text":"<!here> delete user_1","channel":"C0OPS00001","ts":"1.2"}}`, false, "", "", ""},
		{"for the bot too", `{"event":{"type":"message","channel_type":"channel","user":"U1","text":"<@U0SAM00001> <@U0BOT00001> get user_1","channel":"C0OPS00001","ts":"1.2"}}`, true, "", "<@U0SAM00001> <@U0BOT00001> get user_1", ""},
		{"other channel", `{"event":{"type":"message","channel_type":"channel","user":"U1","text":"tags","channel":"C0ELSE0001","ts":"1.2"}}`, false, "", "", ""},
		{"itself", `{"event":{"type":"message","channel_type":"im","user":"U0BOT00001","text":"x","channel":"D1"}}`, false, "", "", ""},
		{"a bot", `{"event":{"type":"message","channel_type":"im","user":"U2","bot_id":"B2","text":"x","channel":"D1"}}`, false, "", "", ""},
		{"an edit", `{"event":{"type":"message","subtype":"message_changed","channel_type":"im","user":"U1","channel":"D1"}}`, false, "", "", ""},
		{"reaction", `{"event":{"type":"reaction_added","user":"U1"}}`, false, "", "", ""},
		{"no channel", `{"event":{"type":"app_mention","user":"U1","text":"hi"}}`, false, "without a channel", "", ""},
		{"not json", `{"event":`, false, "events_api payload", "", ""},
		{"wrong types", `{"event":{"type":7}}`, false, "events_api payload", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok, err := b.readEvent([]byte(tc.payload))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one about %q", err, tc.err)
				}
				return
			}
			if err != nil || ok != tc.ok {
				t.Fatalf("readEvent = %+v, %v, %v; want ok %v", m, ok, err, tc.ok)
			}
			if ok && (m.text != tc.text || m.who.TeamID != tc.team) {
				t.Errorf("text %q team %q, want %q %q", m.text, m.who.TeamID, tc.text, tc.team)
			}
		})
	}
}

// FuzzReadEvent: any payload is read without panicking; what is answered has an
// author who is not the bot, a channel, and no leading mention of the bot left in it.
func FuzzReadEvent(f *testing.F) {
	for _, s := range []string{
		`{"team_id":"T0TEAM0001","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"<@U0BOT00001|clerkbot>: get user bob","channel":"C9","ts":"1.2"}}`,
		`{"event":{"type":"message","channel_type":"im","user":"U1","text":"<@U0BOT00001> <@U0BOT00001> x","channel":"D1","thread_ts":"1.1","ts":"1.2"}}`,
		`{"event":{"type":"message","subtype":"file_share","channel_type":"channel","user":"U1","text":"","channel":"C0OPS00001"}}`,
		`null`, `[]`, `{"event":null}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	b := testBot()
	f.Fuzz(func(t *testing.T, payload []byte) {
		m, ok, err := b.readEvent(payload)
		if err != nil {
			if ok || err.Error() == "" {
				t.Fatalf("ok %v with error %v", ok, err)
			}
			return
		}
		if !ok {
			return
		}
		if m.who.UserID == "" || m.who.UserID == b.cfg.Identity.BotUserID || m.dest.channel == "" || m.dest.user != m.who.UserID {
			t.Fatalf("answered %+v", m)
		}
		if mm := transportMention.FindStringSubmatch(m.text); mm != nil && mm[1] == b.cfg.Identity.BotUserID {
			t.Fatalf("the bot's mention is left in %q", m.text)
		}
		if utf8.ValidString(string(payload)) && !utf8.ValidString(m.text) {
			t.Fatalf("text %q is not UTF-8", m.text)
		}
	})
}
