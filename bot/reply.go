// Package bot is clerkbot's conversation engine and its transports. The engine turns a
// request (who, where, text) or a decision (who, which confirmation, approve or deny)
// into a Reply; it knows no transport. Each transport renders Replies its own way: the
// terminal as text (RenderText), Slack as Block Kit.
package bot

// Reply is what the engine answers, independent of where it is shown.
type Reply struct {
	// Level colours the reply: info, success, warning or error.
	Level Level
	// Title is one short line ("User Jane Doe", "Delete a user — approval needed").
	Title string
	// Text is a short paragraph; it may hold `code` spans and *bold*.
	Text string
	// Fields are label/value pairs shown side by side.
	Fields []Field
	// Tables are lists of records.
	Tables []Table
	// Code blocks, such as the curl line of a request.
	Code []Code
	// Actions are buttons (in the terminal: prompts).
	Actions []Action
	// Attachments carry content too large for a message, such as a full JSON response.
	Attachments []Attachment
	// Private replies go only to the person who asked (sensitive reads, refusals).
	Private bool
	// ConfirmationID is set on a confirmation card, so a transport can find it again.
	ConfirmationID string
}

// Level is how a reply should look.
type Level string

// The levels of a reply.
const (
	LevelInfo    Level = "info"
	LevelSuccess Level = "success"
	LevelWarning Level = "warning"
	LevelError   Level = "error"
)

// Field is one labelled value.
type Field struct {
	Label string
	Value string
}

// Table is a list of records with a header, and a note such as "12 of 240".
type Table struct {
	Columns []string
	Rows    [][]string
	Note    string
}

// Code is a block of literal text.
type Code struct {
	Label string // "curl", "json"
	Text  string
}

// Action is something the person can do next.
type Action struct {
	Kind  ActionKind
	Label string
	// Value is what the transport sends back: a confirmation id for approve and deny,
	// or the text to run for next-page, rerun and candidate actions. It never holds the
	// request itself: the engine reads that from the store.
	Value string
}

// ActionKind says what an action does.
type ActionKind string

// The kinds of action.
const (
	ActionApprove ActionKind = "approve"
	ActionDeny    ActionKind = "deny"
	ActionRun     ActionKind = "run" // run Value as a new message (next page, rerun with --admin, a candidate)
)

// Attachment is a named blob, such as a JSON document.
type Attachment struct {
	Name string
	Type string // MIME type
	Data []byte
}
