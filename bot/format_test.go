package bot

import (
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

func formatSpec() (*clerk.Spec, error) { return clerktest.SharedSpec("2026-05-12") }

func TestFormatResultShapes(t *testing.T) {
	spec, err := formatSpec()
	if err != nil {
		t.Fatal(err)
	}
	list, _ := spec.Operation("GetUserList")
	get, _ := spec.Operation("GetUser")
	tests := []struct {
		name, op, body string
		wantTitle      string
		wantText       string
	}{
		{"empty list", "GetUserList", `[]`, "List all users", "Nothing found."},
		{"user", "GetUser", `{"object":"user","id":"user_1","first_name":"Ann","private_metadata":{"k":1}}`, "User Ann", ""},
		{"deleted", "GetUser", `{"object":"user","id":"user_1","deleted":true}`, "Retrieve a user", ""},
		{"not json", "GetUser", `<html>oops</html>`, "Retrieve a user", "not JSON"},
		{"empty body", "GetUser", ``, "Retrieve a user", "Done"},
	}
	for _, tt := range tests {
		op := get
		if tt.op == "GetUserList" {
			op = list
		}
		r := &clerk.Request{Op: op, Version: spec.Version, PathParams: map[string]string{"user_id": "user_1"}}
		reply := formatResult(r, &clerk.Response{Status: 200, Body: []byte(tt.body)}, false)
		if reply.Title != tt.wantTitle || !strings.Contains(reply.Text, tt.wantText) {
			t.Errorf("%s: reply %q / %q, want %q / %q", tt.name, reply.Title, reply.Text, tt.wantTitle, tt.wantText)
		}
		var all strings.Builder
		_ = RenderText(&all, reply)
		if strings.Contains(all.String(), `"k"`) {
			t.Errorf("%s: private metadata shown: %s", tt.name, all.String())
		}
	}
}

// FuzzFormatResult feeds Clerk-like response bodies to the formatter: whatever Clerk (or a
// proxy in front of it) answers, the engine makes a reply and never panics.
func FuzzFormatResult(f *testing.F) {
	spec, err := formatSpec()
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{`[]`, `[{"object":"user","id":"u"}]`, `{"data":[{"id":1}],"total_count":"x"}`,
		`{"object":"user","email_addresses":[1,{"id":null}],"created_at":-5}`, `null`, `"s"`, `{"deleted":true}`, `<html>`} {
		f.Add("GetUserList", seed)
		f.Add("GetUser", seed)
		f.Add("ListOrganizations", seed)
	}
	f.Fuzz(func(t *testing.T, opID, body string) {
		op, ok := spec.Operation(opID)
		if !ok {
			op = spec.Operations()[len(opID)%len(spec.Operations())]
		}
		params := map[string]string{}
		for _, name := range op.PathParams() {
			params[name] = "x_1"
		}
		r := &clerk.Request{Op: op, Version: spec.Version, PathParams: params}
		reply := formatResult(r, &clerk.Response{Status: 200, Body: []byte(body)}, false)
		if reply.Title == "" {
			t.Fatalf("empty title for %s %q", opID, body)
		}
		var b strings.Builder
		if err := RenderText(&b, reply); err != nil {
			t.Fatal(err)
		}
	})
}
