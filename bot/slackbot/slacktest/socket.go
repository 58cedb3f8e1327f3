package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// socket speaks socket mode on one websocket: hello first, then the queued envelopes;
// it reads acks until the socket closes. A new socket replaces the previous one, and
// what was sent there without an ack is sent again.
func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	// Hello goes out before the socket is published, so it is always the first message.
	if err := s.write(c, map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": AppID},
		"debug_info":      map[string]any{"host": "slacktest", "approximate_connection_time": 18060}}); err != nil {
		c.Close()
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.Close()
		return
	}
	old := s.conn
	s.conn = c
	s.connections++
	// Envelopes sent on an earlier socket and never acknowledged are due again.
	var again []*envelope
	for _, e := range s.unacked {
		if e.sent {
			e.sent = false
			e.retries++
			again = append(again, e)
		}
	}
	slices.SortFunc(again, func(a, b *envelope) int { return a.sentAt.Compare(b.sentAt) })
	s.queue = append(again, s.queue...)
	s.notify()
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}

	s.flush()

	done := make(chan struct{})
	defer close(done)
	go s.ping(c, done)
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := c.ReadJSON(&ack); err != nil {
			break
		}
		s.acked(ack.EnvelopeID, ack.Payload)
	}
	s.mu.Lock()
	if s.conn == c {
		s.conn = nil
		s.notify()
	}
	s.mu.Unlock()
	c.Close()
}

func (s *Server) ping(c *websocket.Conn, done <-chan struct{}) {
	t := time.NewTicker(s.pingEvery)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			s.connWrite.Lock()
			err := c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second))
			s.connWrite.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (s *Server) acked(id string, payload json.RawMessage) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := Ack{EnvelopeID: id, Payload: payload}
	if e, ok := s.unacked[id]; ok {
		a.Type, a.Latency = e.typ, now.Sub(e.sentAt)
		delete(s.unacked, id)
		s.queue = slices.DeleteFunc(s.queue, func(q *envelope) bool { return q.id == id })
	}
	if string(a.Payload) == "null" {
		a.Payload = nil
	}
	s.acks = append(s.acks, a)
	s.notify()
}

func (s *Server) write(c *websocket.Conn, v any) error {
	s.connWrite.Lock()
	defer s.connWrite.Unlock()
	_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.WriteJSON(v)
}

// flush sends the queued envelopes on the current socket, if there is one.
func (s *Server) flush() {
	for {
		s.mu.Lock()
		c := s.conn
		if c == nil || len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		e := s.queue[0]
		s.queue = s.queue[1:]
		e.sent, e.sentAt = true, time.Now()
		msg := map[string]any{"envelope_id": e.id, "type": e.typ, "payload": e.payload,
			"accepts_response_payload": e.accepts, "retry_attempt": e.retries}
		if e.retries > 0 {
			msg["retry_reason"] = "timeout"
		}
		s.mu.Unlock()
		if err := s.write(c, msg); err != nil {
			// The socket is going away; the envelope goes out again on the next one.
			return
		}
	}
}

// SendEnvelope queues a socket mode envelope of any type and returns its envelope id.
func (s *Server) SendEnvelope(typ string, payload any, acceptsResponse bool) string {
	raw, err := json.Marshal(payload)
	if err != nil {
		panic("slacktest: " + err.Error())
	}
	s.mu.Lock()
	s.seq++
	e := &envelope{id: fmt.Sprintf("env-%06d", s.seq), typ: typ, payload: raw, accepts: acceptsResponse}
	s.unacked[e.id] = e
	s.queue = append(s.queue, e)
	s.notify()
	s.mu.Unlock()
	s.flush()
	return e.id
}

// Disconnect sends a disconnect message with the reason ("refresh_requested",
// "link_disabled", "warning") and closes the socket, as Slack does.
func (s *Server) Disconnect(reason string) {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c == nil {
		return
	}
	_ = s.write(c, map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": "slacktest"}})
	// Like Slack, give the client a moment to read the message and go first.
	s.Wait(2*time.Second, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.conn != c
	})
	s.connWrite.Lock()
	_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, reason), time.Now().Add(time.Second))
	s.connWrite.Unlock()
	c.Close()
}

// Drop closes the socket without a word, like a network failure.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		c.Close()
	}
}

// Message is a message or app_mention event. Empty fields get defaults: a fresh EventID
// and TS, Team TeamID, ChannelType "channel".
type Message struct {
	EventID     string
	Channel     string
	ChannelType string // "channel", "im", "group", "mpim"
	User        string
	Team        string // the author's team; in a shared channel, another workspace's
	Text        string
	TS          string
	ThreadTS    string
	BotID       string
	SubType     string
}

// Sent says what a Send… method sent.
type Sent struct {
	EnvelopeID string
	EventID    string
	TS         string
}

// SendMessage sends a "message" event.
func (s *Server) SendMessage(m Message) Sent { return s.sendEvent("message", m) }

// SendMention sends an "app_mention" event.
func (s *Server) SendMention(m Message) Sent { return s.sendEvent("app_mention", m) }

func (s *Server) sendEvent(typ string, m Message) Sent {
	if m.EventID == "" {
		m.EventID = s.nextID("Ev")
	}
	if m.TS == "" {
		m.TS = s.nextTS()
	}
	if m.Team == "" {
		m.Team = TeamID
	}
	if m.ChannelType == "" {
		m.ChannelType = "channel"
	}
	ev := map[string]any{"type": typ, "user": m.User, "text": m.Text, "ts": m.TS, "channel": m.Channel,
		"event_ts": m.TS, "team": m.Team}
	if typ == "message" {
		ev["channel_type"] = m.ChannelType
	}
	if m.Team != TeamID {
		ev["user_team"], ev["source_team"] = m.Team, m.Team
	}
	for k, v := range map[string]string{"thread_ts": m.ThreadTS, "bot_id": m.BotID, "subtype": m.SubType} {
		if v != "" {
			ev[k] = v
		}
	}
	env := s.SendEvent(m.EventID, ev)
	return Sent{EnvelopeID: env, EventID: m.EventID, TS: m.TS}
}

// SendEvent sends an events_api envelope with the given event_id and inner event, so a
// test can deliver one event twice.
func (s *Server) SendEvent(eventID string, event any) string {
	return s.SendEnvelope("events_api", map[string]any{
		"token": "verification-token", "team_id": TeamID, "api_app_id": AppID, "event": event,
		"type": "event_callback", "event_id": eventID, "event_time": time.Now().Unix(),
		"authorizations": []map[string]any{{"team_id": TeamID, "user_id": BotUserID, "is_bot": true}},
	}, false)
}

// Slash is a slash command. Empty fields get defaults: Command "/clerk", Team TeamID and
// a fresh TriggerID.
type Slash struct {
	Command   string
	Text      string
	User      string
	UserName  string
	Team      string
	Channel   string
	TriggerID string
}

// SendSlash sends a slash_commands envelope.
func (s *Server) SendSlash(c Slash) Sent {
	if c.Command == "" {
		c.Command = "/clerk"
	}
	if c.Team == "" {
		c.Team = TeamID
	}
	if c.TriggerID == "" {
		c.TriggerID = s.nextID("trig")
	}
	env := s.SendEnvelope("slash_commands", map[string]any{
		"token": "verification-token", "team_id": c.Team, "team_domain": "test", "channel_id": c.Channel,
		"channel_name": "ops", "user_id": c.User, "user_name": c.UserName, "command": c.Command, "text": c.Text,
		"api_app_id": AppID, "response_url": s.ResponseURL(c.TriggerID), "trigger_id": c.TriggerID,
	}, true)
	return Sent{EnvelopeID: env}
}

// Click is a press of a button of a message the bot posted. Empty fields get defaults:
// Team TeamID and a fresh ActionTS.
type Click struct {
	ActionID  string
	Value     string
	User      string
	UserName  string
	Team      string
	Channel   string
	MessageTS string // the message that carries the button
	ThreadTS  string // its thread, if it is in one
	ActionTS  string
}

// SendClick sends an interactive block_actions envelope.
func (s *Server) SendClick(c Click) Sent {
	if c.Team == "" {
		c.Team = TeamID
	}
	if c.ActionTS == "" {
		c.ActionTS = s.nextTS()
	}
	trigger := s.nextID("trig")
	msg := map[string]any{"type": "message", "ts": c.MessageTS, "bot_id": BotID, "user": BotUserID, "text": "card"}
	if c.ThreadTS != "" {
		msg["thread_ts"] = c.ThreadTS
	}
	env := s.SendEnvelope("interactive", map[string]any{
		"type": "block_actions", "api_app_id": AppID, "token": "verification-token", "trigger_id": trigger,
		"team":      map[string]any{"id": c.Team, "domain": "test"},
		"user":      map[string]any{"id": c.User, "username": c.UserName, "name": c.UserName, "team_id": c.Team},
		"channel":   map[string]any{"id": c.Channel, "name": "ops"},
		"container": map[string]any{"type": "message", "message_ts": c.MessageTS, "channel_id": c.Channel, "is_ephemeral": false},
		"message":   msg,
		"actions": []map[string]any{{"type": "button", "action_id": c.ActionID, "block_id": "actions", "value": c.Value,
			"text": map[string]any{"type": "plain_text", "text": c.ActionID}, "action_ts": c.ActionTS}},
		"response_url": s.ResponseURL(trigger),
	}, false)
	return Sent{EnvelopeID: env, TS: c.ActionTS}
}

func (s *Server) nextID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s%08d", prefix, s.seq)
}
