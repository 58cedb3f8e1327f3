package slackbot

// Block Kit rendering: a pure function from the engine's bot.Reply to what Slack shows.
// It does no I/O; the transport posts the Message, uploads its Files and routes clicks
// by the action ids below.
//
// Slack rejects a whole message when one limit is broken, so every limit is kept by
// construction: 50 blocks, 3,000 characters a section text, 10 fields of 2,000
// characters a section, 150 characters a header, 25 elements an actions block, 75
// characters a button's text, 2,000 a button's value, 255 an action id. Slack also
// refuses (msg_blocks_too_long) a message whose blocks add up to about 13,000
// characters, a limit it does not document; the blocks' JSON is kept within
// renderMaxTotal for that. What does not fit is never dropped silently: it goes into
// Files (the whole reply as text, a table as CSV, a long command) and the message
// says so.
//
// Every text taken from a reply is escaped (&, <, >) so that a user name such as
// "<!channel>" from Clerk cannot mention anyone; the only mrkdwn markup that reaches
// Slack is the renderer's own (bold labels, code fences) and the engine's *bold* and
// `code` spans, which mrkdwn shares with the terminal.

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/clerkbot/clerkbot/bot"
)

// The action ids of the buttons the renderer draws. A message with several run
// buttons gives the second and later ones a suffix ("clerkbot_run.2"), because
// Slack wants action ids unique within a block: route with ActionKindOf. Ids stay far
// below Slack's 255 characters.
const (
	ActionApprove = "clerkbot_approve" // value: the confirmation id, nothing else
	ActionDeny    = "clerkbot_deny"    // value: the confirmation id, nothing else
	ActionRun     = "clerkbot_run"     // value: text to handle as a new message from the clicker
)

// Slack's limits, and the renderer's own choices within them.
const (
	renderMaxBlocks      = 50
	renderMaxSection     = 3000 // characters of a section's text
	renderMaxFields      = 10   // fields in a section
	renderMaxField       = 2000 // characters of a field
	renderMaxHeader      = 150
	renderMaxButtons     = 25 // elements of an actions block; the renderer draws one such block
	renderMaxButtonText  = 75
	renderMaxButtonValue = 2000
	renderMaxFallback    = 3000 // Message.Text
	// renderMaxTotal bounds the JSON of all blocks together. Slack answers
	// msg_blocks_too_long at about 13,200 characters of text (slackapi/bolt-js#2509);
	// 12,000 characters of JSON, which is always longer than its text, stays below.
	renderMaxTotal = 12000

	renderMaxCell          = 40   // characters of a table cell
	renderMaxLastCell      = 80   // characters of a cell in the last column, which needs no padding
	renderMaxLine          = 240  // characters of a table line
	renderMaxTableSections = 2    // sections one table may fill before the rest goes to a CSV file
	renderMaxCodeSections  = 2    // likewise for a code block
	renderMaxNote          = 500  // characters of a table note, a decision line
	renderMaxFileNote      = 1500 // characters of the list of files
	renderMaxFileName      = 80
)

// Message is a reply as Slack shows it.
type Message struct {
	// Text is the notification and fallback text (the title and the first line of the
	// reply's text), escaped for Slack, at most 3,000 characters. Never empty.
	Text string
	// Blocks is the Block Kit layout: at most 50 blocks within all of Slack's limits.
	Blocks []slack.Block
	// Files hold what is too large for a message: the reply's attachments, full tables
	// as CSV, and the whole reply as text when it did not fit. The blocks name them; the
	// transport uploads them (files.uploadV2) in the message's thread, or to the asker
	// alone when Ephemeral is set.
	Files []bot.Attachment
	// Ephemeral is Reply.Private: post with chat.postEphemeral to the asker only.
	Ephemeral bool
}

// ActionKindOf tells what a button of a rendered message does, from its action id.
func ActionKindOf(actionID string) (bot.ActionKind, bool) {
	base, _, _ := strings.Cut(actionID, ".")
	switch base {
	case ActionApprove:
		return bot.ActionApprove, true
	case ActionDeny:
		return bot.ActionDeny, true
	case ActionRun:
		return bot.ActionRun, true
	}
	return "", false
}

// Render turns a reply into a Slack message.
func Render(r bot.Reply) Message {
	r = renderClean(r)
	b := &rbBuilder{private: r.Private}
	b.reply(r, false)
	b.actions(r)
	return b.finish(renderFallback(r.Title, r.Text, r.Level), r.Private, func(w *bytes.Buffer) {
		_ = bot.RenderText(w, r)
	})
}

// RenderDecided redraws a confirmation card once it is decided, for chat.update: the
// card's content without its buttons, the decision line (mrkdwn, as DecisionLine
// writes it), then the outcome. A private outcome (a sensitive read's result) is not
// shown, only said to have been sent privately: the transport sends Render(outcome) to
// the requester alone. An outcome with no title and no text (an expiry) adds nothing.
func RenderDecided(card bot.Reply, outcome bot.Reply, decision string) Message {
	card, outcome = renderClean(card), renderClean(outcome)
	decision = strings.TrimSpace(strings.ToValidUTF8(decision, "\uFFFD"))
	if decision == "" {
		decision = "Decided."
	}
	decision = renderCutRaw(decision, renderMaxNote) // DecisionLine's output is far shorter
	b := &rbBuilder{private: card.Private}
	b.reply(card, false)
	b.add(renderContext(decision), rbKeep)
	hasOutcome := outcome.Title != "" || outcome.Text != "" || len(outcome.Fields) > 0 || len(outcome.Tables) > 0 || len(outcome.Code) > 0
	switch {
	case hasOutcome && outcome.Private:
		b.add(renderContext(":lock: The result was sent privately to the requester."), rbKeep)
	case hasOutcome:
		b.add(slack.NewDividerBlock(), rbKeep)
		b.reply(outcome, true)
		outcome.Actions = renderOnlyRun(outcome.Actions)
		b.actions(outcome)
	}
	text := renderFallback(card.Title, "", card.Level)
	text = renderCutRaw(text+" — "+decision, renderMaxFallback)
	return b.finish(text, card.Private, func(w *bytes.Buffer) {
		card.Actions = nil
		_ = bot.RenderText(w, card)
		w.WriteString("\n" + decision + "\n\n")
		if hasOutcome && !outcome.Private {
			_ = bot.RenderText(w, outcome)
		}
	})
}

// DecisionLine writes the line RenderDecided shows under a decided card: "Approved by
// <@U123> at 12:01 UTC". verb is Approved, Denied, Expired or Cancelled; userID is
// the Slack user who decided, or "" (an expiry).
func DecisionLine(verb, userID string, at time.Time) string {
	mark := map[string]string{"Approved": ":white_check_mark:", "Denied": ":no_entry_sign:", "Expired": ":hourglass:", "Cancelled": ":heavy_multiplication_x:"}[verb]
	var b strings.Builder
	if mark != "" {
		b.WriteString(mark + " ")
	}
	b.WriteString("*" + renderEscape(verb) + "*")
	switch {
	case renderUserID.MatchString(userID):
		b.WriteString(" by <@" + userID + ">")
	case userID != "":
		b.WriteString(" by " + renderEscape(userID))
	}
	if !at.IsZero() {
		b.WriteString(" at " + at.UTC().Format("15:04 UTC"))
	}
	return b.String()
}

var renderUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// Priorities of blocks when a message is over Slack's limits.
const (
	rbKeep   = iota // always shown: header, badges, decision, notes
	rbHigh          // shown before other content: the request's curl line, the full title
	rbNormal        // shown in order while there is room
)

type rbItem struct {
	block  slack.Block
	prio   int
	slot   int              // rbSlotNone, or rbSlotActions: where the buttons go
	onDrop func(*rbBuilder) // run when the block is left out (a table adds its CSV)
	cost   int              // characters of JSON
	shown  bool
}

const (
	rbSlotNone = iota
	rbSlotActions
)

type rbButton struct {
	el   *slack.ButtonBlockElement
	keep bool // approve and deny are always drawn
}

// rbBuilder collects blocks in display order, then fits them to Slack's limits.
type rbBuilder struct {
	items    []rbItem
	buttons  []rbButton
	files    []bot.Attachment
	commands []string // run commands too long for a button, for commands.txt
	private  bool
}

func (b *rbBuilder) add(block slack.Block, prio int) *rbItem {
	b.items = append(b.items, rbItem{block: block, prio: prio, cost: renderCost(block)})
	return &b.items[len(b.items)-1]
}

func (b *rbBuilder) addFile(name, mime string, data []byte) string {
	name = b.fileName(name)
	b.files = append(b.files, bot.Attachment{Name: name, Type: mime, Data: data})
	return name
}

// fileName makes name unique among the message's files: table.csv, table-2.csv, …
func (b *rbBuilder) fileName(name string) string {
	taken := func(n string) bool {
		for _, f := range b.files {
			if f.Name == n {
				return true
			}
		}
		return false
	}
	if !taken(name) {
		return name
	}
	stem, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		stem, ext = name[:i], name[i:]
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s-%d%s", stem, n, ext); !taken(c) {
			return c
		}
	}
}

// reply adds a reply's content, without its actions. A nested reply (the outcome under
// a decided card) has its title as a bold line instead of a second header.
func (b *rbBuilder) reply(r bot.Reply, nested bool) {
	for _, a := range r.Attachments {
		b.addFile(a.Name, a.Type, a.Data)
	}
	mark := renderLevelMark(r.Level)
	title := strings.Join(strings.Fields(r.Title), " ")
	text := r.Text
	switch {
	case title == "":
		if mark != "" {
			text = mark + " " + text
		}
	case nested:
		line := "*" + renderCutRaw(renderEscape(title), renderMaxHeader) + "*"
		if mark != "" {
			line = mark + " " + line
		}
		b.add(renderSection(line), rbKeep)
		if renderEscapedLen(title) > renderMaxHeader {
			b.sections(r.Title, rbHigh) // the title is cut: the whole title follows
		}
	default:
		head := title
		if mark != "" {
			head = mark + " " + title
		}
		b.add(slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, renderCutRaw(head, renderMaxHeader), true, false)), rbKeep)
		if utf8.RuneCountInString(head) > renderMaxHeader {
			b.sections(r.Title, rbHigh) // the header is cut: the whole title follows
		}
	}
	if strings.HasPrefix(title, "PRODUCTION") {
		b.add(renderContext(":rotating_light: *PRODUCTION instance* — this acts on live users and data."), rbKeep)
	}
	b.sections(text, rbNormal)
	b.fields(r.Fields)
	for _, t := range r.Tables {
		b.table(t)
	}
	for _, c := range r.Code {
		b.code(c)
	}
}

// sections adds text as mrkdwn sections, split at line boundaries.
func (b *rbBuilder) sections(text string, prio int) {
	for _, chunk := range renderChunks(text, renderMaxSection, true) {
		b.add(renderSection(chunk), prio)
	}
}

// fields adds label/value pairs as section fields, ten to a section. A value too long
// for a field gets sections of its own, in its place.
func (b *rbBuilder) fields(fields []bot.Field) {
	var group []*slack.TextBlockObject
	flush := func() {
		if len(group) > 0 {
			b.add(slack.NewSectionBlock(nil, group, nil), rbNormal)
			group = nil
		}
	}
	for _, f := range fields {
		label := strings.Join(strings.Fields(f.Label), " ")
		value := f.Value
		if strings.TrimSpace(value) == "" {
			value = "—"
		}
		text := renderEscape(value)
		if label != "" {
			text = "*" + renderEscape(label) + "*\n" + text
		}
		if utf8.RuneCountInString(text) > renderMaxField {
			flush()
			if label != "" {
				value = "*" + label + "*\n" + value // label is markup-free: labels are short names
			}
			b.sections(value, rbNormal)
			continue
		}
		group = append(group, renderMrkdwn(text))
		if len(group) == renderMaxFields {
			flush()
		}
	}
	flush()
}

// table adds a table as aligned monospace lines in a code block. Rows that do not fit
// in renderMaxTableSections sections, and cells shortened to fit, are counted on the
// last line, and the whole table is attached as CSV.
func (b *rbBuilder) table(t bot.Table) {
	ncols := len(t.Columns)
	for _, row := range t.Rows {
		ncols = max(ncols, len(row))
	}
	shortened := false
	norm := func(vals []string) []string {
		out := make([]string, ncols)
		for i := range out {
			if i < len(vals) {
				limit := renderMaxCell
				if i == ncols-1 {
					limit = renderMaxLastCell
				}
				out[i] = strings.Join(strings.Fields(vals[i]), " ")
				if utf8.RuneCountInString(out[i]) > limit {
					out[i] = renderCutRaw(out[i], limit)
					shortened = true
				}
			}
		}
		return out
	}
	header := norm(t.Columns)
	rows := make([][]string, len(t.Rows))
	widths := make([]int, ncols)
	for i, row := range append([][]string{header}, t.Rows...) {
		cells := header
		if i > 0 {
			cells = norm(row)
			rows[i-1] = cells
		}
		for j, c := range cells {
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	line := func(cells []string) string {
		var s strings.Builder
		for j, c := range cells {
			if j > 0 {
				s.WriteString("  ")
			}
			s.WriteString(c)
			if j < len(cells)-1 {
				s.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c)))
			}
		}
		l := strings.TrimRight(s.String(), " ")
		if utf8.RuneCountInString(l) > renderMaxLine {
			l = renderCutRaw(l, renderMaxLine)
			shortened = true
		}
		return renderDefence(renderEscape(l))
	}
	head := ""
	if len(t.Columns) > 0 {
		head = line(header)
	}
	lines := make([]string, len(rows))
	for i, row := range rows {
		lines[i] = line(row)
	}
	if len(lines) == 0 {
		lines = []string{"(none)"}
	}
	note := ""
	if strings.TrimSpace(t.Note) != "" {
		note = renderCutRaw(renderEscape(strings.Join(strings.Fields(t.Note), " ")), renderMaxNote)
	}
	const fence = "```\n"
	const tailRoom = 200 // the "… N more rows" line
	budget := renderMaxSection - len(fence) - len("\n```") - tailRoom - utf8.RuneCountInString(note) - 1
	var sections []string
	next := 0
	for len(sections) < renderMaxTableSections && next < len(lines) {
		var s strings.Builder
		n := 0
		if head != "" {
			s.WriteString(head)
			n = utf8.RuneCountInString(head)
		}
		start := next
		for next < len(lines) {
			l := utf8.RuneCountInString(lines[next])
			if n > 0 && n+1+l > budget {
				break
			}
			if next > start || head != "" {
				s.WriteString("\n")
				n++
			}
			s.WriteString(lines[next])
			n += l
			next++
		}
		if next == start { // a line longer than the room: impossible with renderMaxLine, kept for safety
			break
		}
		sections = append(sections, fence+s.String()+"\n```")
	}
	more := len(lines) - next
	var csvName string
	if more > 0 || shortened {
		csvName = b.addFile("table.csv", "text/csv", renderCSV(t))
	}
	var tail []string
	switch {
	case more > 0:
		tail = append(tail, fmt.Sprintf("… %d more rows; the whole table is in %s.", more, renderEscape(csvName)))
	case shortened:
		tail = append(tail, fmt.Sprintf("Some cells are shortened; the whole table is in %s.", renderEscape(csvName)))
	}
	if note != "" {
		tail = append(tail, note)
	}
	if len(sections) == 0 {
		sections = []string{strings.Join(tail, "\n")}
	} else if len(tail) > 0 {
		sections[len(sections)-1] += "\n" + strings.Join(tail, "\n")
	}
	dropped := false
	for _, s := range sections {
		it := b.add(renderSection(s), rbNormal)
		if csvName == "" {
			it.onDrop = func(b *rbBuilder) {
				if !dropped {
					dropped = true
					b.addFile("table.csv", "text/csv", renderCSV(t))
				}
			}
		}
	}
}

// code adds a labelled code block. A request's curl line has priority over other
// content; code longer than renderMaxCodeSections sections is cut and attached whole.
func (b *rbBuilder) code(c bot.Code) {
	label := strings.Join(strings.Fields(c.Label), " ")
	body := strings.Trim(c.Text, "\n")
	if strings.TrimSpace(body) == "" {
		body = "(empty)"
	}
	prio := rbNormal
	if label == "request" || label == "curl" {
		prio = rbHigh
	}
	heading := ""
	if label != "" {
		heading = "*" + renderCutRaw(renderEscape(label), 100) + "*\n"
	}
	const tailRoom = 200
	room := renderMaxSection - utf8.RuneCountInString(heading) - len("```\n\n```") - tailRoom
	chunks := renderChunks(renderDefence(body), room, false)
	var cut string
	if len(chunks) > renderMaxCodeSections {
		chunks = chunks[:renderMaxCodeSections]
		name, mime := renderCodeFile(label, body)
		name = b.addFile(name, mime, []byte(c.Text))
		cut = fmt.Sprintf("\nCut here; the whole %s is in %s.", renderEscape(cmp.Or(label, "text")), renderEscape(name))
	}
	for i, chunk := range chunks {
		s := "```\n" + chunk + "\n```"
		if i == 0 {
			s = heading + s
		}
		if i == len(chunks)-1 {
			s += cut
		}
		b.add(renderSection(s), prio)
	}
}

// actions turns a reply's actions into buttons. Approve and deny carry only the
// confirmation id; a run action whose text is too long for a button is listed in
// commands.txt instead, with a line saying so.
func (b *rbBuilder) actions(r bot.Reply) {
	used := map[string]int{}
	id := func(base string) string {
		used[base]++
		if n := used[base]; n > 1 {
			return fmt.Sprintf("%s.%d", base, n)
		}
		return base
	}
	slotted := false
	decided := map[bot.ActionKind]bool{} // one Approve and one Deny, whatever the reply holds
	for _, a := range r.Actions {
		switch a.Kind {
		case bot.ActionApprove, bot.ActionDeny:
			if decided[a.Kind] {
				continue
			}
			decided[a.Kind] = true
			value := cmp.Or(a.Value, r.ConfirmationID)
			label, action, style := "Approve", ActionApprove, slack.StylePrimary
			if a.Kind == bot.ActionDeny {
				label, action, style = "Deny", ActionDeny, slack.StyleDanger
			}
			if value == "" || utf8.RuneCountInString(value) > renderMaxButtonValue {
				b.add(renderContext(":no_entry: "+label+" is not available here: the confirmation id is missing or too long."), rbKeep)
				continue
			}
			btn := slack.NewButtonBlockElement(id(action), value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
			b.buttons = append(b.buttons, rbButton{el: btn.WithStyle(style), keep: true})
		case bot.ActionRun:
			label := renderCutRaw(strings.Join(strings.Fields(a.Label), " "), renderMaxButtonText)
			value := a.Value
			if label == "" {
				label = renderCutRaw(cmp.Or(strings.Join(strings.Fields(value), " "), "Run"), renderMaxButtonText)
			}
			switch {
			case strings.TrimSpace(value) == "":
				b.add(renderContext(renderEscape(label)+" (nothing to run)"), rbNormal)
			case utf8.RuneCountInString(value) > renderMaxButtonValue:
				b.commands = append(b.commands, label+":\n"+value)
				b.add(renderContext(fmt.Sprintf("*%s*: too long for a button (%d characters); the command is in commands.txt, to paste as a message.",
					renderEscape(label), utf8.RuneCountInString(value))), rbNormal)
			default:
				btn := slack.NewButtonBlockElement(id(ActionRun), value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
				b.buttons = append(b.buttons, rbButton{el: btn})
			}
		default:
			continue
		}
		if !slotted {
			slotted = true
			b.items = append(b.items, rbItem{prio: rbKeep, slot: rbSlotActions})
		}
	}
}

// finish fits the blocks to Slack's limits. When they do not fit, content is left out
// (the request's curl line last), the whole reply goes into reply.txt, and a line in
// the message says so. whole writes the whole reply as text.
func (b *rbBuilder) finish(text string, private bool, whole func(*bytes.Buffer)) Message {
	if len(b.commands) > 0 {
		b.addFile("commands.txt", "text/plain", []byte(strings.Join(b.commands, "\n\n")+"\n"))
	}
	// Room kept for what is always shown: the note on what was left out, the file list,
	// the actions block with approve and deny.
	const noteRoom, filesRoom, actionsRoom = 400, renderMaxFileNote + 200, 60
	blocks, total := 2, noteRoom+filesRoom
	hasSlot := false
	for _, it := range b.items {
		switch {
		case it.slot == rbSlotActions:
			hasSlot = true
		case it.prio == rbKeep:
			blocks++
			total += it.cost
		}
	}
	if hasSlot {
		blocks++
		total += actionsRoom
	}
	var buttons []slack.BlockElement
	droppedButtons := 0
	for _, keep := range []bool{true, false} {
		for _, bt := range b.buttons {
			if bt.keep != keep {
				continue
			}
			cost := renderCost(bt.el) + 1
			if !keep && (len(buttons) >= renderMaxButtons || total+cost > renderMaxTotal) {
				droppedButtons++
				continue
			}
			buttons = append(buttons, bt.el)
			total += cost
		}
	}
	// Approve and deny were added first; show buttons in the reply's order.
	buttons = renderInOrder(b.buttons, buttons)
	// Content is shown from the start while it fits, so that what is left out is the
	// end of the reply, not holes in it; the few rbHigh blocks are placed first.
	for _, prio := range []int{rbKeep, rbHigh, rbNormal} {
		for i := range b.items {
			it := &b.items[i]
			if it.slot != rbSlotNone || it.prio != prio {
				continue
			}
			if prio == rbKeep {
				it.shown = true
				continue
			}
			if blocks >= renderMaxBlocks || total+it.cost > renderMaxTotal {
				if prio == rbNormal {
					break
				}
				continue
			}
			it.shown = true
			blocks++
			total += it.cost
		}
	}
	var out []slack.Block
	overflow := droppedButtons > 0
	noted := false
	note := func() {
		if !noted {
			noted = true
			out = append(out, renderContext(":page_facing_up: This reply is longer than a Slack message can be: some of it is not shown here. The whole reply is in reply.txt."))
		}
	}
	for i := range b.items {
		it := &b.items[i]
		switch {
		case it.slot == rbSlotActions:
			if overflow {
				note()
			}
			if len(buttons) > 0 {
				out = append(out, slack.NewActionBlock("", buttons...))
			}
		case it.shown:
			out = append(out, it.block)
		default:
			overflow = true
			note()
			if it.onDrop != nil {
				it.onDrop(b)
			}
		}
	}
	if overflow {
		note()
		var w bytes.Buffer
		whole(&w)
		b.addFile("reply.txt", "text/plain", w.Bytes())
	}
	if len(b.files) > 0 {
		out = append(out, renderContext(b.fileNote(private)))
	}
	if len(out) == 0 {
		out = append(out, renderSection("(empty reply)"))
	}
	return Message{Text: text, Blocks: out, Files: b.files, Ephemeral: private}
}

// fileNote names the files the transport will upload.
func (b *rbBuilder) fileNote(private bool) string {
	where := "Attached in this thread: "
	if private {
		where = "Sent to you privately: "
	}
	var names []string
	n := 0
	for i, f := range b.files {
		name := renderEscape(f.Name) + " (" + renderSize(len(f.Data)) + ")"
		if n+utf8.RuneCountInString(name) > renderMaxFileNote-200 {
			names = append(names, fmt.Sprintf("and %d more", len(b.files)-i))
			break
		}
		names = append(names, name)
		n += utf8.RuneCountInString(name) + 2
	}
	return ":paperclip: " + where + strings.Join(names, ", ") + "."
}

// renderInOrder returns the chosen buttons in the order they were drawn.
func renderInOrder(all []rbButton, chosen []slack.BlockElement) []slack.BlockElement {
	in := map[*slack.ButtonBlockElement]bool{}
	for _, c := range chosen {
		in[c.(*slack.ButtonBlockElement)] = true
	}
	out := make([]slack.BlockElement, 0, len(chosen))
	for _, bt := range all {
		if in[bt.el] {
			out = append(out, bt.el)
		}
	}
	return out
}

// renderClean makes a reply's strings valid UTF-8, so that character counts are the
// counts Slack sees.
func renderClean(r bot.Reply) bot.Reply {
	v := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	r.Title, r.Text, r.ConfirmationID = v(r.Title), v(r.Text), v(r.ConfirmationID)
	r.Fields = append([]bot.Field(nil), r.Fields...)
	for i, f := range r.Fields {
		r.Fields[i] = bot.Field{Label: v(f.Label), Value: v(f.Value)}
	}
	tables := make([]bot.Table, len(r.Tables))
	for i, t := range r.Tables {
		tables[i] = bot.Table{Note: v(t.Note)}
		for _, c := range t.Columns {
			tables[i].Columns = append(tables[i].Columns, v(c))
		}
		for _, row := range t.Rows {
			clean := make([]string, len(row))
			for j, c := range row {
				clean[j] = v(c)
			}
			tables[i].Rows = append(tables[i].Rows, clean)
		}
	}
	r.Tables = tables
	r.Code = append([]bot.Code(nil), r.Code...)
	for i, c := range r.Code {
		r.Code[i] = bot.Code{Label: v(c.Label), Text: v(c.Text)}
	}
	r.Actions = append([]bot.Action(nil), r.Actions...)
	for i, a := range r.Actions {
		r.Actions[i] = bot.Action{Kind: a.Kind, Label: v(a.Label), Value: v(a.Value)}
	}
	r.Attachments = append([]bot.Attachment(nil), r.Attachments...)
	for i, a := range r.Attachments {
		r.Attachments[i].Name = renderCutRaw(cmp.Or(strings.Join(strings.Fields(v(a.Name)), " "), "attachment"), renderMaxFileName)
	}
	return r
}

func renderOnlyRun(actions []bot.Action) []bot.Action {
	var out []bot.Action
	for _, a := range actions {
		if a.Kind == bot.ActionRun {
			out = append(out, a)
		}
	}
	return out
}

func renderLevelMark(l bot.Level) string {
	switch l {
	case bot.LevelSuccess:
		return ":white_check_mark:"
	case bot.LevelWarning:
		return ":warning:"
	case bot.LevelError:
		return ":x:"
	}
	return ""
}

// renderFallback is the notification text: the title and the first line of the text.
func renderFallback(title, text string, l bot.Level) string {
	title = strings.Join(strings.Fields(title), " ")
	first := ""
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			first = line
			break
		}
	}
	parts := []string{}
	if title != "" {
		parts = append(parts, renderCutRaw(renderEscape(title), 1000))
	}
	if first != "" {
		parts = append(parts, renderCutRaw(renderEscape(first), 1000))
	}
	if len(parts) == 0 {
		return "clerkbot: " + cmp.Or(string(l), "reply")
	}
	return strings.Join(parts, "\n")
}

func renderSection(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(renderMrkdwn(text), nil, nil)
}

func renderContext(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", renderMrkdwn(text))
}

// renderMrkdwn is a mrkdwn text object. Verbatim stops Slack from linking names and
// words such as @channel on its own; the renderer's own markup still works.
func renderMrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, true)
}

// renderEscape escapes text for mrkdwn: &, < and > are all Slack asks for.
func renderEscape(s string) string {
	return renderEscaper.Replace(s)
}

var renderEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// renderDefence breaks runs of three backticks inside a code block, which would end it,
// with a zero-width space.
func renderDefence(s string) string {
	if !strings.Contains(s, "```") {
		return s
	}
	var b strings.Builder
	run := 0
	for _, r := range s {
		if r == '`' {
			if run == 2 {
				b.WriteRune('\u200b')
				run = 0
			}
			run++
		} else {
			run = 0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// renderCutRaw shortens s to at most n characters, ending with "…" when cut, and never
// inside an entity such as &amp;.
func renderCutRaw(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n-1])
	// An entity is at most 5 bytes ("&amp;"): a '&' that near the end with no ';'
	// after it may be the start of one.
	if i := strings.LastIndexByte(cut, '&'); i >= 0 && len(cut)-i < 5 && !strings.Contains(cut[i:], ";") {
		cut = cut[:i]
	}
	return cut + "…"
}

// renderChunks escapes text and splits it into pieces of at most limit characters, at
// line boundaries where it can, else at a space, else anywhere. With fences, a code
// fence open at the end of a piece is closed there and opened again in the next.
func renderChunks(text string, limit int, fences bool) []string {
	if esc := strings.Trim(renderEscape(text), "\n"); utf8.RuneCountInString(esc) <= limit {
		if strings.TrimSpace(esc) == "" {
			return nil
		}
		return []string{strings.TrimRight(esc, " \t\n")}
	}
	if fences {
		limit -= len("```\n") + len("\n```")
	}
	var chunks []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" {
			chunks = append(chunks, strings.TrimRight(cur.String(), " \t\n"))
		}
		cur.Reset()
		n = 0
	}
	for _, line := range strings.Split(text, "\n") {
		for _, piece := range renderSplitLine(line, limit) {
			esc := renderEscape(piece)
			l := utf8.RuneCountInString(esc)
			if n > 0 && n+1+l > limit {
				flush()
			}
			if n > 0 || cur.Len() > 0 {
				cur.WriteString("\n")
				n++
			}
			cur.WriteString(esc)
			n += l
		}
	}
	flush()
	if !fences {
		return chunks
	}
	open := false
	for i, c := range chunks {
		if open {
			c = "```\n" + c
		}
		if strings.Count(c, "```")%2 == 1 {
			open = !open
		}
		if open {
			c += "\n```"
		}
		chunks[i] = c
	}
	return chunks
}

// renderSplitLine splits a line whose escaped form is longer than limit, at the last
// space of each piece when there is one in its second half.
func renderSplitLine(line string, limit int) []string {
	if renderEscapedLen(line) <= limit {
		return []string{line}
	}
	var out []string
	for line != "" {
		n, end, space := 0, 0, -1
		for i, r := range line {
			c := 1
			switch r {
			case '&':
				c = 5
			case '<', '>':
				c = 4
			}
			if n+c > limit {
				break
			}
			n += c
			end = i + utf8.RuneLen(r)
			if r == ' ' && n > limit/2 {
				space = end
			}
		}
		if end == len(line) {
			out = append(out, line)
			break
		}
		if space > 0 {
			end = space
		}
		if end == 0 { // limit below one character: cannot happen with Slack's limits
			end = len(line)
		}
		out = append(out, line[:end])
		line = line[end:]
	}
	return out
}

func renderEscapedLen(s string) int {
	return utf8.RuneCountInString(s) + 4*strings.Count(s, "&") + 3*(strings.Count(s, "<")+strings.Count(s, ">"))
}

// renderCost is the length of a block's JSON, as counted against renderMaxTotal.
func renderCost(v any) int {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return renderMaxTotal // cannot happen with slack's types; never shown
	}
	return utf8.RuneCount(bytes.TrimSpace(b.Bytes()))
}

func renderCSV(t bot.Table) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if len(t.Columns) > 0 {
		_ = w.Write(t.Columns)
	}
	for _, row := range t.Rows {
		_ = w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// renderCodeFile names the file for a code block that was cut: JSON as .json.
func renderCodeFile(label, body string) (name, mime string) {
	stem := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, label)
	stem = cmp.Or(renderCutRaw(stem, 40), "code")
	if json.Valid([]byte(body)) {
		return stem + ".json", "application/json"
	}
	return stem + ".txt", "text/plain"
}

func renderSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
