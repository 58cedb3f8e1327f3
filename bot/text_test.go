package bot

import (
	"strings"
	"testing"
)

func TestRenderText(t *testing.T) {
	r := Reply{
		Level: LevelSuccess,
		Title: "User Jane Doe",
		Text:  "Found 1 user.",
		Fields: []Field{
			{"ID", "user_2abc"},
			{"Primary email", "jane@acme.com"},
		},
		Tables: []Table{{
			Columns: []string{"id", "name"},
			Rows:    [][]string{{"user_1", "Ann"}, {"user_22", strings.Repeat("x", 60)}},
			Note:    "2 of 40",
		}},
		Code:    []Code{{Label: "curl", Text: "curl 'https://api.clerk.com/v1/users'"}},
		Actions: []Action{{Kind: ActionApprove, Label: "Approve", Value: "cf_1"}, {Kind: ActionRun, Label: "Next page", Value: "GET /users?offset=10"}},
	}
	var b strings.Builder
	if err := RenderText(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "✔ User Jane Doe\n" +
		"Found 1 user.\n" +
		"  ID:             user_2abc\n" +
		"  Primary email:  jane@acme.com\n" +
		"  id       name\n" +
		"  user_1   Ann\n" +
		"  user_22  " + strings.Repeat("x", 47) + "…\n" +
		"  2 of 40\n" +
		"  curl:\n" +
		"    curl 'https://api.clerk.com/v1/users'\n" +
		"  → Next page: GET /users?offset=10\n"
	if got := b.String(); got != want {
		t.Errorf("RenderText() =\n%s\nwant\n%s", got, want)
	}
}

func TestRenderTextEmptyTable(t *testing.T) {
	var b strings.Builder
	if err := RenderText(&b, Reply{Tables: []Table{{Columns: []string{"id"}}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "(none)") {
		t.Errorf("empty table rendered as %q, want a (none) line", b.String())
	}
}
