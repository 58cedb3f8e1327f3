package bot

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// maxCell bounds a table cell in the terminal so one long value cannot wreck a table.
const maxCell = 48

// RenderText writes a reply for a terminal. Approve and deny actions are left to the
// shell's prompt; run actions are listed as commands to type; attachments are only
// named, for the caller to save (the shell writes them to files).
func RenderText(w io.Writer, r Reply) error {
	var b strings.Builder
	if r.Title != "" {
		b.WriteString(levelMark(r.Level))
		b.WriteString(r.Title)
		b.WriteString("\n")
	}
	if r.Text != "" {
		b.WriteString(r.Text)
		b.WriteString("\n")
	}
	if len(r.Fields) > 0 {
		width := 0
		for _, f := range r.Fields {
			width = max(width, utf8.RuneCountInString(f.Label))
		}
		for _, f := range r.Fields {
			fmt.Fprintf(&b, "  %s%s  %s\n", f.Label+":", strings.Repeat(" ", width-utf8.RuneCountInString(f.Label)), indentRest(f.Value, width+5))
		}
	}
	for _, t := range r.Tables {
		writeTable(&b, t)
	}
	for _, c := range r.Code {
		if c.Label != "" {
			fmt.Fprintf(&b, "  %s:\n", c.Label)
		}
		for _, line := range strings.Split(strings.TrimRight(c.Text, "\n"), "\n") {
			b.WriteString("    ")
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	for _, a := range r.Attachments {
		fmt.Fprintf(&b, "  [%s, %d bytes: too long to show here]\n", a.Name, len(a.Data))
	}
	for _, a := range r.Actions {
		if a.Kind == ActionRun {
			fmt.Fprintf(&b, "  → %s: %s\n", a.Label, a.Value)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func levelMark(l Level) string {
	switch l {
	case LevelSuccess:
		return "✔ "
	case LevelWarning:
		return "! "
	case LevelError:
		return "✖ "
	}
	return ""
}

// indentRest indents every line after the first, so multi-line values stay aligned.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

func writeTable(b *strings.Builder, t Table) {
	cell := func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if utf8.RuneCountInString(s) > maxCell {
			s = string([]rune(s)[:maxCell-1]) + "…"
		}
		return s
	}
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = utf8.RuneCountInString(cell(c))
	}
	for _, row := range t.Rows {
		for i := range min(len(row), len(widths)) {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell(row[i])))
		}
	}
	line := func(vals []string) {
		cells := make([]string, len(widths))
		for i := range widths {
			v := ""
			if i < len(vals) {
				v = cell(vals[i])
			}
			if i < len(widths)-1 {
				v += strings.Repeat(" ", widths[i]-utf8.RuneCountInString(v))
			}
			cells[i] = v
		}
		b.WriteString("  ")
		b.WriteString(strings.Join(cells, "  "))
		b.WriteString("\n")
	}
	line(t.Columns)
	if len(t.Rows) == 0 {
		b.WriteString("  (none)\n")
	}
	for _, row := range t.Rows {
		line(row)
	}
	if t.Note != "" {
		b.WriteString("  ")
		b.WriteString(t.Note)
		b.WriteString("\n")
	}
}
