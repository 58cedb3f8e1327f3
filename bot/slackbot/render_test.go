package slackbot_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/bot/slackbot"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// The -update flag regenerates the golden files. It is defined here unless another
// test file of the binary defined it first; init runs after every package variable,
// so either way there is one flag.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func renderUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Slack's limits, written out again here so that the tests check the renderer rather
// than its own constants.
const (
	slackMaxBlocks      = 50
	slackMaxSection     = 3000
	slackMaxFields      = 10
	slackMaxField       = 2000
	slackMaxHeader      = 150
	slackMaxElements    = 25
	slackMaxButtonText  = 75
	slackMaxButtonValue = 2000
	slackMaxActionID    = 255
	slackMaxBlockID     = 255
	slackMaxText        = 3000
	slackMaxContextEls  = 10
	slackMaxTotal       = 12000 // below msg_blocks_too_long; see render.go
)

const renderConfirmationID = "cf_01JDELETEUSER0000000000"

func renderDeleteCard() bot.Reply {
	return bot.Reply{
		Level:          bot.LevelWarning,
		Title:          "Delete a user — approval needed",
		Text:           "*IRREVERSIBLE.* This cannot be undone.\nTarget: Jane Doe <jane@acme.com> (user_2abc)",
		ConfirmationID: renderConfirmationID,
		Fields: []bot.Field{
			{Label: "Instance", Value: "DEVELOPMENT"},
			{Label: "Tier", Value: "destructive"},
			{Label: "Requested by", Value: "Ann (UANN0001)"},
			{Label: "May approve", Value: "any approver other than Ann (UANN0001)"},
			{Label: "Expires", Value: "2026-11-26 12:15:00 UTC"},
			{Label: "Email addresses", Value: "2"},
			{Label: "Phone numbers", Value: "0"},
			{Label: "External accounts", Value: "1"},
			{Label: "Metadata keys", Value: "3"},
			{Label: "Active sessions", Value: "4"},
			{Label: "Organization memberships", Value: "2"},
			{Label: "Reversible instead", Value: "ban user user_2abc (reversible: signs them out and blocks sign-in)\nlock user user_2abc (reversible: blocks sign-in until unlocked)"},
		},
		Code: []bot.Code{{Label: "request", Text: `curl -X DELETE 'https://api.clerk.com/v1/users/user_2abc' -H "Authorization: Bearer $CLERK_SECRET_KEY" -H 'Clerk-API-Version: 2026-05-12'`}},
		Actions: []bot.Action{
			{Kind: bot.ActionApprove, Label: "Approve", Value: renderConfirmationID},
			{Kind: bot.ActionDeny, Label: "Deny", Value: renderConfirmationID},
		},
	}
}

func renderMetadataCard() bot.Reply {
	return bot.Reply{
		Level:          bot.LevelWarning,
		Title:          "PRODUCTION · Merge a user's metadata — approval needed",
		ConfirmationID: "cf_01JMETADATA000000000000",
		Text: "Target: Jane Doe <jane@acme.com> (user_2abc)\n" +
			"public_metadata: readable by your frontend and backend, writable only by the backend (plans, roles, feature flags).\n" +
			"private_metadata: backend only, never sent to the browser (billing and internal ids).\n" +
			"unsafe_metadata: readable and writable by the frontend too; use it only when the user may change it.\n" +
			"This change writes public_metadata; keys set to null are removed; other keys are kept (deep merge).",
		Fields: []bot.Field{
			{Label: "Instance", Value: "PRODUCTION"},
			{Label: "Tier", Value: "write"},
			{Label: "Requested by", Value: "Ann (UANN0001)"},
			{Label: "May approve", Value: "any approver, including the requester"},
			{Label: "Expires", Value: "2026-11-26 12:15:00 UTC"},
		},
		Code: []bot.Code{
			{Label: "before", Text: "{\n  \"public_metadata\": {\n    \"plan\": \"free\",\n    \"beta\": true\n  }\n}"},
			{Label: "after", Text: "{\n  \"public_metadata\": {\n    \"plan\": \"pro\"\n  }\n}"},
			{Label: "request", Text: `curl -X PATCH 'https://api.clerk.com/v1/users/user_2abc/metadata' -H "Authorization: Bearer $CLERK_SECRET_KEY" -H 'Clerk-API-Version: 2026-05-12' -H 'Content-Type: application/json' --data '{"public_metadata":{"beta":null,"plan":"pro"}}'`},
		},
		Actions: []bot.Action{
			{Kind: bot.ActionApprove, Label: "Approve", Value: "cf_01JMETADATA000000000000"},
			{Kind: bot.ActionDeny, Label: "Deny", Value: "cf_01JMETADATA000000000000"},
		},
	}
}

func renderUserCard() bot.Reply {
	return bot.Reply{
		Level: bot.LevelSuccess,
		Title: "User Jane Doe",
		Fields: []bot.Field{
			{Label: "ID", Value: "user_2abc"},
			{Label: "Name", Value: "Jane Doe"},
			{Label: "Username", Value: "jane"},
			{Label: "Primary email", Value: "jane@acme.com"},
			{Label: "Created", Value: "2026-01-15 09:30 UTC"},
			{Label: "Last sign-in", Value: "2026-11-25 17:02 UTC"},
			{Label: "Status", Value: "active"},
			{Label: "Public metadata", Value: `{"plan":"pro","role":"admin & owner"}`},
		},
		Code: []bot.Code{
			{Label: "request", Text: `curl 'https://api.clerk.com/v1/users?username=jane' -H "Authorization: Bearer $CLERK_SECRET_KEY" -H 'Clerk-API-Version: 2026-05-12'`},
			{Label: "json", Text: "{\n  \"id\": \"user_2abc\",\n  \"object\": \"user\",\n  \"first_name\": \"Jane\",\n  \"last_name\": \"Doe\",\n  \"username\": \"jane\",\n  \"public_metadata\": {\n    \"plan\": \"pro\",\n    \"role\": \"admin & owner\"\n  },\n  \"private_metadata\": \"(hidden: 1 keys; ask with \\\"private\\\" to see them)\"\n}"},
		},
	}
}

func renderUserList() bot.Reply {
	t := bot.Table{Columns: []string{"id", "name", "email", "created", "last sign-in", "status"}, Note: "10 shown of 240"}
	names := []string{"Jane Doe", "John Smith", "Ana María López", "Bob <bobby> Tables", "Chen Wei", "Dana Scully", "Eve O'Neil", "Fox Mulder", "Grace Hopper", "Heidi Klum"}
	for i, n := range names {
		status := "active"
		if i == 3 {
			status = "BANNED"
		}
		email := strings.ToLower(strings.Fields(n)[0]) + "@acme.com"
		t.Rows = append(t.Rows, []string{fmt.Sprintf("user_%02dxyz", i), n, email, fmt.Sprintf("2026-0%d-1%d 10:00 UTC", i%9+1, i), "", status})
	}
	return bot.Reply{
		Level:  bot.LevelSuccess,
		Title:  "List all users",
		Tables: []bot.Table{t},
		Code:   []bot.Code{{Label: "request", Text: `curl 'https://api.clerk.com/v1/users?limit=10' -H "Authorization: Bearer $CLERK_SECRET_KEY" -H 'Clerk-API-Version: 2026-05-12'`}},
		Actions: []bot.Action{
			{Kind: bot.ActionRun, Label: "Next page", Value: "GET https://api.clerk.com/v1/users?limit=10&offset=10"},
		},
		Attachments: []bot.Attachment{{Name: "results.json", Type: "application/json", Data: bytes.Repeat([]byte("x"), 4321)}},
	}
}

func renderAPIError() bot.Reply {
	return bot.Reply{
		Level: bot.LevelError,
		Title: "Retrieve a user failed",
		Text:  "No user was found with id user_nope. Check the id, or look it up by email or name.",
		Fields: []bot.Field{
			{Label: "Status", Value: "404"},
			{Label: "Code", Value: "resource_not_found"},
			{Label: "Trace id", Value: "4f8a1c2e9b7d6a5f"},
		},
	}
}

func renderClarify() bot.Reply {
	r := bot.Reply{Level: bot.LevelInfo, Title: "Which one did you mean?", Text: `"remove jane from acme" could be any of these.`}
	for _, c := range []string{"DELETE /organizations/{organization_id}/memberships/{user_id}", "DELETE /users/{user_id}", "POST /users/{user_id}/ban"} {
		r.Actions = append(r.Actions, bot.Action{Kind: bot.ActionRun, Label: c, Value: c + " help"})
	}
	return r
}

func renderScopeRefusal() bot.Reply {
	return bot.Reply{
		Level:   bot.LevelWarning,
		Title:   "Not with the current scopes",
		Text:    "This is a write operation and your current scopes may not allow it. Rerun with --admin to bypass?",
		Private: true,
		Actions: []bot.Action{{Kind: bot.ActionRun, Label: "Rerun with --admin", Value: "ban user jane@acme.com --admin"}},
	}
}

func renderTagList(t *testing.T) bot.Reply {
	t.Helper()
	spec, err := clerktest.SharedSpec("2026-05-12")
	if err != nil {
		t.Fatal(err)
	}
	table := bot.Table{Columns: []string{"tag", "endpoints", "about"}}
	for _, tg := range spec.Tags() {
		table.Rows = append(table.Rows, []string{tg.Name, fmt.Sprint(tg.Count), tg.Description})
	}
	table.Note = fmt.Sprintf("%d tags, %d endpoints, API version %s. Name a tag to see its endpoints.", len(spec.Tags()), len(spec.Operations()), spec.Version)
	return bot.Reply{Title: "Clerk Backend API", Tables: []bot.Table{table}}
}

func renderEndpointDetail(t *testing.T) bot.Reply {
	t.Helper()
	spec, err := clerktest.SharedSpec("2026-05-12")
	if err != nil {
		t.Fatal(err)
	}
	op, ok := spec.Operation("CreateUser")
	if !ok {
		t.Fatal("no CreateUser in the spec")
	}
	return bot.Reply{Title: op.Key(), Text: op.Detail().Text()}
}

// renderStress is larger than any Slack message in every way at once.
func renderStress() bot.Reply {
	r := bot.Reply{Level: bot.LevelError, Title: strings.Repeat("A very long title <b> & ", 20), ConfirmationID: "cf_stress"}
	for i := range 200 {
		r.Fields = append(r.Fields, bot.Field{Label: fmt.Sprintf("Field %d", i), Value: strings.Repeat("v&<", i*5)})
	}
	var text strings.Builder
	for i := 0; text.Len() < 20000; i++ {
		fmt.Fprintf(&text, "Line %d of a long text with <angle> & ampersand, `code` and *bold*.\n", i)
	}
	r.Text = text.String()
	t := bot.Table{Columns: []string{"id", "email", "about"}, Note: "1000 shown"}
	for i := range 1000 {
		t.Rows = append(t.Rows, []string{fmt.Sprintf("user_%04d", i), fmt.Sprintf("u%d@acme.com", i), strings.Repeat("x", i%70)})
	}
	r.Tables = []bot.Table{t}
	r.Code = []bot.Code{{Label: "json", Text: strings.Repeat("{\"k\": \"v\"}\n", 2000)}, {Label: "request", Text: "curl -X DELETE 'https://api.clerk.com/v1/users/user_1'"}}
	r.Actions = []bot.Action{{Kind: bot.ActionApprove, Value: "cf_stress"}, {Kind: bot.ActionDeny, Value: "cf_stress"}}
	for i := range 100 {
		v := fmt.Sprintf("GET /users?offset=%d", i)
		if i%10 == 0 {
			v = strings.Repeat("z", 5000)
		}
		r.Actions = append(r.Actions, bot.Action{Kind: bot.ActionRun, Label: fmt.Sprintf("Candidate %d %s", i, strings.Repeat("label ", 20)), Value: v})
	}
	return r
}

type renderCase struct {
	name string
	msg  slackbot.Message
}

func renderCases(t *testing.T) []renderCase {
	t.Helper()
	at := time.Date(2026, 11, 26, 12, 1, 30, 0, time.UTC)
	approved := bot.Reply{
		Level: bot.LevelSuccess, Title: "Delete a user — done", ConfirmationID: renderConfirmationID,
		Text:   "Approved by Bob (UBOB0001) at 12:01:30 UTC.",
		Fields: []bot.Field{{Label: "Deleted", Value: "user_2abc"}, {Label: "Kind", Value: "user"}},
		Code:   []bot.Code{{Label: "json", Text: "{\n  \"deleted\": true,\n  \"id\": \"user_2abc\",\n  \"object\": \"user\"\n}"}},
	}
	denied := bot.Reply{Level: bot.LevelInfo, Title: "Delete a user — denied", ConfirmationID: renderConfirmationID,
		Text: "Denied by Bob (UBOB0001) at 12:01:30 UTC. Nothing was sent to Clerk."}
	secret := bot.Reply{Level: bot.LevelSuccess, Title: "Retrieve a machine secret key — done", ConfirmationID: "cf_secret", Private: true,
		Fields: []bot.Field{{Label: "secret", Value: "ak_live_SECRET"}}}
	secretCard := bot.Reply{Level: bot.LevelWarning, Title: "Retrieve a machine secret key — approval needed", ConfirmationID: "cf_secret",
		Fields:  []bot.Field{{Label: "Tier", Value: "sensitive-read"}},
		Actions: []bot.Action{{Kind: bot.ActionApprove, Label: "Approve", Value: "cf_secret"}, {Kind: bot.ActionDeny, Label: "Deny", Value: "cf_secret"}}}
	return []renderCase{
		{"user_card", slackbot.Render(renderUserCard())},
		{"user_list_next_page", slackbot.Render(renderUserList())},
		{"delete_confirmation", slackbot.Render(renderDeleteCard())},
		{"delete_approved", slackbot.RenderDecided(renderDeleteCard(), approved, slackbot.DecisionLine("Approved", "UBOB0001", at))},
		{"delete_denied", slackbot.RenderDecided(renderDeleteCard(), denied, slackbot.DecisionLine("Denied", "UBOB0001", at))},
		{"delete_expired", slackbot.RenderDecided(renderDeleteCard(), bot.Reply{}, slackbot.DecisionLine("Expired", "", at.Add(14*time.Minute)))},
		{"sensitive_read_approved", slackbot.RenderDecided(secretCard, secret, slackbot.DecisionLine("Approved", "UBOB0001", at))},
		{"metadata_confirmation", slackbot.Render(renderMetadataCard())},
		{"api_error", slackbot.Render(renderAPIError())},
		{"clarify", slackbot.Render(renderClarify())},
		{"scope_refusal", slackbot.Render(renderScopeRefusal())},
		{"tag_list", slackbot.Render(renderTagList(t))},
		{"endpoint_detail", slackbot.Render(renderEndpointDetail(t))},
		{"stress", slackbot.Render(renderStress())},
	}
}

// renderGolden is what a golden file holds: the message, with files by name and size.
type renderGolden struct {
	Text      string          `json:"text"`
	Ephemeral bool            `json:"ephemeral"`
	Blocks    json.RawMessage `json:"blocks"`
	Files     []renderFile    `json:"files,omitempty"`
}

type renderFile struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Bytes int    `json:"bytes"`
}

// renderJSON writes v as indented JSON with <, > and & as they are, for golden files
// people can read (slack-go's own marshallers escape them).
func renderJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var plain any
	if err := dec.Decode(&plain); err != nil {
		t.Fatalf("json: %v", err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(plain); err != nil {
		t.Fatalf("json: %v", err)
	}
	return b.Bytes()
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range renderCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			g := renderGolden{Text: tc.msg.Text, Ephemeral: tc.msg.Ephemeral, Blocks: renderJSON(t, tc.msg.Blocks)}
			for _, f := range tc.msg.Files {
				g.Files = append(g.Files, renderFile{f.Name, f.Type, len(f.Data)})
			}
			got := renderJSON(t, g)
			path := filepath.Join("testdata", "render", tc.name+".json")
			if renderUpdating() {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot/slackbot -run Render -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestRenderInvariants(t *testing.T) {
	for _, tc := range renderCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range renderCheck(tc.msg) {
				t.Error(p)
			}
		})
	}
}

// A block as Slack's JSON has it, for checking limits independently of slack-go.
type renderBlock struct {
	Type     string          `json:"type"`
	BlockID  string          `json:"block_id"`
	Text     *renderText     `json:"text"`
	Fields   []renderText    `json:"fields"`
	Elements []renderElement `json:"elements"`
}

// renderElement is a context element (a text object) or a button (text inside).
type renderElement struct {
	Type     string          `json:"type"`
	RawText  json.RawMessage `json:"text"`
	ActionID string          `json:"action_id"`
	Value    string          `json:"value"`
	Style    string          `json:"style"`
}

// Str is a context element's text.
func (e renderElement) Str() string {
	var s string
	_ = json.Unmarshal(e.RawText, &s)
	return s
}

// ElText is a button's text object.
func (e renderElement) ElText() *renderText {
	var t renderText
	if json.Unmarshal(e.RawText, &t) != nil {
		return nil
	}
	return &t
}

type renderText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// renderOwnMarkup is the only '<' mrkdwn may hold: a mention the renderer wrote.
var renderOwnMarkup = regexp.MustCompile(`<@[UW][A-Z0-9]+>`)

var renderBadAmp = regexp.MustCompile(`&(?:amp;|lt;|gt;)?`)

// renderCheck lists every way m breaks Slack's limits or the renderer's promises.
func renderCheck(m slackbot.Message) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	n := utf8.RuneCountInString
	if t := n(m.Text); t == 0 || t > slackMaxText {
		bad("Text has %d characters", t)
	}
	var texts strings.Builder // every mrkdwn text, to find the names of files in
	checkMrkdwn := func(where, s string) {
		texts.WriteString(s + "\n")
		if !utf8.ValidString(s) {
			bad("%s: invalid UTF-8", where)
		}
		if strings.TrimSpace(s) == "" {
			bad("%s: empty text", where)
		}
		if strings.ContainsAny(renderOwnMarkup.ReplaceAllString(s, ""), "<>") {
			bad("%s: unescaped < or >: %q", where, s)
		}
		for _, a := range renderBadAmp.FindAllString(s, -1) {
			if a == "&" {
				bad("%s: unescaped &: %q", where, s)
				break
			}
		}
	}
	checkMrkdwn("Text", m.Text)
	if len(m.Blocks) == 0 || len(m.Blocks) > slackMaxBlocks {
		bad("%d blocks", len(m.Blocks))
	}
	var all bytes.Buffer
	enc := json.NewEncoder(&all)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m.Blocks); err != nil {
		bad("blocks do not marshal: %v", err)
		return problems
	}
	if total := n(strings.TrimSpace(all.String())); total > slackMaxTotal {
		bad("blocks' JSON is %d characters, over %d", total, slackMaxTotal)
	}
	var blocks []renderBlock
	if err := json.Unmarshal(all.Bytes(), &blocks); err != nil {
		bad("blocks do not unmarshal: %v", err)
		return problems
	}
	for i, b := range blocks {
		where := fmt.Sprintf("block %d (%s)", i, b.Type)
		if n(b.BlockID) > slackMaxBlockID {
			bad("%s: block_id of %d characters", where, n(b.BlockID))
		}
		switch b.Type {
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" || n(b.Text.Text) == 0 || n(b.Text.Text) > slackMaxHeader {
				bad("%s: header text %+v", where, b.Text)
			}
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				bad("%s: neither text nor fields", where)
			}
			if b.Text != nil {
				if b.Text.Type != "mrkdwn" || n(b.Text.Text) > slackMaxSection {
					bad("%s: text of %d characters", where, n(b.Text.Text))
				}
				checkMrkdwn(where, b.Text.Text)
			}
			if len(b.Fields) > slackMaxFields {
				bad("%s: %d fields", where, len(b.Fields))
			}
			for _, f := range b.Fields {
				if n(f.Text) > slackMaxField {
					bad("%s: field of %d characters", where, n(f.Text))
				}
				checkMrkdwn(where+" field", f.Text)
			}
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > slackMaxContextEls {
				bad("%s: %d elements", where, len(b.Elements))
			}
			for _, e := range b.Elements {
				if n(e.Str()) > slackMaxSection {
					bad("%s: element of %d characters", where, n(e.Str()))
				}
				checkMrkdwn(where, e.Str())
			}
		case "actions":
			if len(b.Elements) == 0 || len(b.Elements) > slackMaxElements {
				bad("%s: %d elements", where, len(b.Elements))
			}
			ids := map[string]bool{}
			for _, e := range b.Elements {
				kind, ok := slackbot.ActionKindOf(e.ActionID)
				switch {
				case !ok || n(e.ActionID) > slackMaxActionID:
					bad("%s: action id %q", where, e.ActionID)
				case ids[e.ActionID]:
					bad("%s: action id %q twice", where, e.ActionID)
				}
				ids[e.ActionID] = true
				if e.ElText() == nil || e.ElText().Type != "plain_text" || n(e.ElText().Text) == 0 || n(e.ElText().Text) > slackMaxButtonText {
					bad("%s: button text %+v", where, e.ElText())
				}
				if n(e.Value) == 0 || n(e.Value) > slackMaxButtonValue {
					bad("%s: button value of %d characters", where, n(e.Value))
				}
				label := ""
				if e.ElText() != nil {
					label = e.ElText().Text
				}
				switch {
				case kind == bot.ActionApprove && (label != "Approve" || e.Style != "primary"):
					bad("%s: approve button %q style %q", where, label, e.Style)
				case kind == bot.ActionDeny && (label != "Deny" || e.Style != "danger"):
					bad("%s: deny button %q style %q", where, label, e.Style)
				}
			}
		case "divider":
		default:
			bad("%s: unexpected block type", where)
		}
	}
	names := map[string]bool{}
	for _, f := range m.Files {
		if f.Name == "" || names[f.Name] {
			bad("file name %q empty or repeated", f.Name)
		}
		names[f.Name] = true
		if len(m.Files) <= 8 && !strings.Contains(texts.String(), renderEscapeForTest(f.Name)) {
			bad("file %q is not named in the message", f.Name)
		}
	}
	return problems
}

func renderEscapeForTest(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// renderButtons returns the buttons of a message: action id → value.
func renderButtons(t *testing.T, m slackbot.Message) (ids []string, values map[string]string, labels map[string]string) {
	t.Helper()
	data, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []renderBlock
	if err := json.Unmarshal(data, &blocks); err != nil {
		t.Fatal(err)
	}
	values, labels = map[string]string{}, map[string]string{}
	for _, b := range blocks {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			ids = append(ids, e.ActionID)
			values[e.ActionID] = e.Value
			if e.ElText() != nil {
				labels[e.ActionID] = e.ElText().Text
			}
		}
	}
	return ids, values, labels
}

func renderFileByName(m slackbot.Message, name string) (bot.Attachment, bool) {
	for _, f := range m.Files {
		if f.Name == name {
			return f, true
		}
	}
	return bot.Attachment{}, false
}

func TestRenderConfirmationButtons(t *testing.T) {
	m := slackbot.Render(renderDeleteCard())
	ids, values, labels := renderButtons(t, m)
	if diff := cmp.Diff([]string{slackbot.ActionApprove, slackbot.ActionDeny}, ids); diff != "" {
		t.Errorf("action ids (-want +got):\n%s", diff)
	}
	for _, id := range ids {
		if values[id] != renderConfirmationID {
			t.Errorf("button %s carries %q, want only the confirmation id %q", id, values[id], renderConfirmationID)
		}
	}
	if labels[slackbot.ActionApprove] != "Approve" || labels[slackbot.ActionDeny] != "Deny" {
		t.Errorf("labels = %v, want Approve and Deny", labels)
	}
	// The engine's label does not change the button's: the contract says "Approve".
	card := renderDeleteCard()
	card.Actions[0].Label = "Yes, delete"
	card.Actions[1].Value = "" // falls back to the reply's confirmation id
	_, values, labels = renderButtons(t, slackbot.Render(card))
	if labels[slackbot.ActionApprove] != "Approve" || values[slackbot.ActionDeny] != renderConfirmationID {
		t.Errorf("labels %v values %v, want Approve and the confirmation id", labels, values)
	}
}

func TestRenderDecided(t *testing.T) {
	at := time.Date(2026, 11, 26, 12, 1, 0, 0, time.UTC)
	outcome := bot.Reply{Level: bot.LevelSuccess, Title: "Delete a user — done", Text: "Approved.", ConfirmationID: renderConfirmationID,
		Actions: []bot.Action{{Kind: bot.ActionApprove, Value: "cf_other"}, {Kind: bot.ActionRun, Label: "Next page", Value: "GET /users?offset=10"}}}
	m := slackbot.RenderDecided(renderDeleteCard(), outcome, slackbot.DecisionLine("Approved", "UBOB0001", at))
	for _, p := range renderCheck(m) {
		t.Error(p)
	}
	ids, _, _ := renderButtons(t, m)
	if diff := cmp.Diff([]string{slackbot.ActionRun}, ids); diff != "" {
		t.Errorf("buttons of a decided card (-want +got):\n%s", diff)
	}
	data := renderJSON(t, m.Blocks)
	for _, want := range []string{"Approved* by <@UBOB0001> at 12:01 UTC", "Delete a user — done", "IRREVERSIBLE", "curl -X DELETE"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("decided card lacks %q", want)
		}
	}
	if m.Ephemeral {
		t.Error("decided card is ephemeral; it replaces a channel message")
	}
}

func TestRenderDecidedKeepsPrivateOutcomeOff(t *testing.T) {
	secret := bot.Reply{Title: "Get secret — done", Private: true, Fields: []bot.Field{{Label: "key", Value: "sk_live_TOPSECRET"}},
		Attachments: []bot.Attachment{{Name: "secret.json", Data: []byte("sk_live_TOPSECRET")}}}
	card := bot.Reply{Title: "Get secret — approval needed", Actions: []bot.Action{{Kind: bot.ActionApprove, Value: "cf_1"}}}
	m := slackbot.RenderDecided(card, secret, slackbot.DecisionLine("Approved", "UBOB0001", time.Time{}))
	data, _ := json.Marshal(m)
	if strings.Contains(string(data), "TOPSECRET") || strings.Contains(m.Text, "TOPSECRET") {
		t.Errorf("a private outcome leaked into the public card: %s", data)
	}
	if len(m.Files) != 0 {
		t.Errorf("files %v on the public card, want none", m.Files)
	}
	if !strings.Contains(string(data), "sent privately") {
		t.Errorf("the card does not say the result went privately: %s", data)
	}
}

func TestRenderEscapes(t *testing.T) {
	evil := "<!channel> & <@U999|boss> <https://evil.example|click>"
	r := bot.Reply{Title: "User " + evil, Text: evil, Fields: []bot.Field{{Label: evil, Value: evil}},
		Tables:  []bot.Table{{Columns: []string{evil}, Rows: [][]string{{evil}}, Note: evil}},
		Code:    []bot.Code{{Label: evil, Text: evil}},
		Actions: []bot.Action{{Kind: bot.ActionRun, Label: evil, Value: evil}}}
	m := slackbot.Render(r)
	for _, p := range renderCheck(m) {
		t.Error(p)
	}
	data, _ := json.Marshal(m.Blocks)
	var blocks []renderBlock
	_ = json.Unmarshal(data, &blocks)
	if strings.Contains(m.Text, "<!channel>") {
		t.Errorf("Text %q mentions the channel", m.Text)
	}
	// The button's value is sent back to us, not shown as mrkdwn: it stays as written.
	_, values, _ := renderButtons(t, m)
	if values[slackbot.ActionRun] != evil {
		t.Errorf("run value = %q, want %q", values[slackbot.ActionRun], evil)
	}
}

func TestRenderTableCutGoesToCSV(t *testing.T) {
	table := bot.Table{Columns: []string{"id", "email"}, Note: "1000 shown"}
	for i := range 1000 {
		table.Rows = append(table.Rows, []string{fmt.Sprintf("user_%04d", i), fmt.Sprintf("u%d@acme.com", i)})
	}
	m := slackbot.Render(bot.Reply{Title: "Users", Tables: []bot.Table{table}})
	for _, p := range renderCheck(m) {
		t.Error(p)
	}
	f, ok := renderFileByName(m, "table.csv")
	if !ok {
		t.Fatalf("no table.csv in %v", m.Files)
	}
	records, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1001 || records[1000][0] != "user_0999" {
		t.Errorf("table.csv has %d records, want the header and 1000 rows", len(records))
	}
	data, _ := json.Marshal(m.Blocks)
	if !regexp.MustCompile(`… \d+ more rows; the whole table is in table.csv`).Match(data) {
		t.Errorf("the message does not say rows are left out: %s", data)
	}
	// A shown row is aligned: the email column starts at the same place on every line.
	if !strings.Contains(string(data), "id         email") || !strings.Contains(string(data), "user_0000  u0@acme.com") {
		t.Errorf("columns are not aligned: %.400s", data)
	}
}

func TestRenderLongTextSplitsAtLines(t *testing.T) {
	var lines []string
	for i := range 150 {
		lines = append(lines, fmt.Sprintf("line %03d: %s", i, strings.Repeat(" word", 8)))
	}
	text := strings.Join(lines, "\n")
	m := slackbot.Render(bot.Reply{Title: "Long", Text: text})
	for _, p := range renderCheck(m) {
		t.Error(p)
	}
	var got []string
	data, _ := json.Marshal(m.Blocks)
	var blocks []renderBlock
	_ = json.Unmarshal(data, &blocks)
	for _, b := range blocks {
		if b.Type == "section" && b.Text != nil {
			got = append(got, b.Text.Text)
		}
	}
	if len(got) < 2 {
		t.Fatalf("%d sections, want the text split", len(got))
	}
	if diff := cmp.Diff(strings.TrimSpace(text), strings.Join(got, "\n")); diff != "" {
		t.Errorf("sections joined differ from the text (-want +got):\n%s", diff)
	}
}

func TestRenderLongRunValueIsNotAButton(t *testing.T) {
	long := "GET /users?" + strings.Repeat("email_address=a%40b.co&", 100)
	m := slackbot.Render(bot.Reply{Title: "Next", Actions: []bot.Action{{Kind: bot.ActionRun, Label: "Next page", Value: long}}})
	for _, p := range renderCheck(m) {
		t.Error(p)
	}
	if ids, _, _ := renderButtons(t, m); len(ids) != 0 {
		t.Errorf("buttons %v, want none for a %d-character value", ids, len(long))
	}
	f, ok := renderFileByName(m, "commands.txt")
	if !ok || !strings.Contains(string(f.Data), long) {
		t.Errorf("commands.txt missing or without the command: %v", m.Files)
	}
}

func TestRenderStress(t *testing.T) {
	r := renderStress()
	m := slackbot.Render(r)
	for _, p := range renderCheck(m) {
		t.Error(p)
	}
	whole, ok := renderFileByName(m, "reply.txt")
	if !ok {
		t.Fatalf("no reply.txt among %v", m.Files)
	}
	for _, want := range []string{"Field 199", "Line 250 of a long text", "Candidate 99", strings.Repeat("z", 5000)} {
		if !bytes.Contains(whole.Data, []byte(want)) {
			t.Errorf("reply.txt lacks %.40q", want)
		}
	}
	if _, ok := renderFileByName(m, "table.csv"); !ok {
		t.Errorf("no table.csv among %v", m.Files)
	}
	ids, values, _ := renderButtons(t, m)
	if len(ids) < 2 || ids[0] != slackbot.ActionApprove || ids[1] != slackbot.ActionDeny || values[ids[0]] != "cf_stress" {
		t.Errorf("buttons %v, want Approve and Deny first, always", ids)
	}
	data, _ := json.Marshal(m.Blocks)
	if !strings.Contains(string(data), "The whole reply is in reply.txt") {
		t.Error("the message does not say it is cut")
	}
}

func TestRenderEmpty(t *testing.T) {
	for _, m := range []slackbot.Message{
		slackbot.Render(bot.Reply{}),
		slackbot.Render(bot.Reply{Level: bot.LevelError}),
		slackbot.Render(bot.Reply{Text: "\n\n  \n", Fields: []bot.Field{{}}, Tables: []bot.Table{{}}, Code: []bot.Code{{}}, Actions: []bot.Action{{}, {Kind: bot.ActionRun}, {Kind: bot.ActionApprove}}}),
		slackbot.RenderDecided(bot.Reply{}, bot.Reply{}, ""),
	} {
		for _, p := range renderCheck(m) {
			t.Error(p)
		}
	}
}

func TestActionKindOf(t *testing.T) {
	tests := []struct {
		id   string
		want bot.ActionKind
		ok   bool
	}{
		{slackbot.ActionApprove, bot.ActionApprove, true},
		{slackbot.ActionDeny, bot.ActionDeny, true},
		{slackbot.ActionRun, bot.ActionRun, true},
		{slackbot.ActionRun + ".3", bot.ActionRun, true},
		{"clerkbot_runner", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := slackbot.ActionKindOf(tt.id); got != tt.want || ok != tt.ok {
			t.Errorf("ActionKindOf(%q) = %q, %v, want %q, %v", tt.id, got, ok, tt.want, tt.ok)
		}
	}
	// Every run button of a message routes as a run, with its own id.
	ids, values, _ := renderButtons(t, slackbot.Render(renderClarify()))
	if len(ids) != 3 {
		t.Fatalf("%d buttons, want 3", len(ids))
	}
	for _, id := range ids {
		if k, _ := slackbot.ActionKindOf(id); k != bot.ActionRun || !strings.HasSuffix(values[id], " help") {
			t.Errorf("button %s: kind %q value %q", id, k, values[id])
		}
	}
}

func TestDecisionLine(t *testing.T) {
	at := time.Date(2026, 11, 26, 12, 1, 59, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		verb, user string
		at         time.Time
		want       string
	}{
		{"Approved", "UBOB0001", at, ":white_check_mark: *Approved* by <@UBOB0001> at 11:01 UTC"},
		{"Denied", "W123ABC", at, ":no_entry_sign: *Denied* by <@W123ABC> at 11:01 UTC"},
		{"Expired", "", at, ":hourglass: *Expired* at 11:01 UTC"},
		{"Approved", "<!channel>", time.Time{}, ":white_check_mark: *Approved* by &lt;!channel&gt;"},
	}
	for _, tt := range tests {
		if got := slackbot.DecisionLine(tt.verb, tt.user, tt.at); got != tt.want {
			t.Errorf("DecisionLine(%q, %q) = %q, want %q", tt.verb, tt.user, got, tt.want)
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add("PRODUCTION · Delete <b>", "*bold* & `code`\n```\nx", "Label", "<!here>", "GET /users?a=1&b=<2>", 3, uint8(0))
	f.Add("", "", "", "", "", 0, uint8(255))
	f.Add(strings.Repeat("é", 200), strings.Repeat("line &<>\n", 600), strings.Repeat("L", 90), strings.Repeat("v", 2100), strings.Repeat("r", 2100), 40, uint8(7))
	f.Add("\xff\xfe", "```", "*", "\x00", "\u200b", 1, uint8(42))
	f.Fuzz(func(t *testing.T, title, text, label, value, action string, n int, shape uint8) {
		n = max(0, min(n, 60))
		r := bot.Reply{Level: []bot.Level{bot.LevelInfo, bot.LevelSuccess, bot.LevelWarning, bot.LevelError, "odd"}[shape%5],
			Title: title, Text: text, Private: shape&8 != 0, ConfirmationID: value}
		for i := range n {
			r.Fields = append(r.Fields, bot.Field{Label: label, Value: strings.Repeat(value, i%4)})
		}
		if shape&16 != 0 {
			tb := bot.Table{Columns: []string{label, value}, Note: text}
			for i := range n * 3 {
				tb.Rows = append(tb.Rows, []string{value, action, strings.Repeat(title, i%3)})
			}
			r.Tables = append(r.Tables, tb)
		}
		if shape&32 != 0 {
			r.Code = append(r.Code, bot.Code{Label: label, Text: text + value}, bot.Code{Label: "request", Text: action})
		}
		kinds := []bot.ActionKind{bot.ActionRun, bot.ActionApprove, bot.ActionDeny, "other"}
		for i := range n {
			r.Actions = append(r.Actions, bot.Action{Kind: kinds[(i+int(shape))%4], Label: label, Value: strings.Repeat(action, 1+i%3)})
		}
		if shape&64 != 0 {
			r.Attachments = append(r.Attachments, bot.Attachment{Name: label, Data: []byte(text)}, bot.Attachment{Name: label})
		}
		m := slackbot.Render(r)
		for _, p := range renderCheck(m) {
			t.Error(p)
		}
		if m.Ephemeral != r.Private {
			t.Errorf("Ephemeral = %v for Private = %v", m.Ephemeral, r.Private)
		}
		d := slackbot.RenderDecided(r, r, slackbot.DecisionLine(label, value, time.Unix(int64(n), 0)))
		for _, p := range renderCheck(d) {
			t.Error("decided:", p)
		}
		if _, err := json.Marshal(d); err != nil {
			t.Error(err)
		}
	})
}
