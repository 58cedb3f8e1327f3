package intents

import (
	"slices"
	"strings"
	"testing"
)

// TestGeneralClasses covers rule classes found in held-out chat: flags before a
// reason, ticket references, wants for a credential, lifetimes said as validity,
// wildcard identifiers, mail providers, ordered limits, chat spellings of the tag
// question and actions on a pronoun alone.
func TestGeneralClasses(t *testing.T) {
	tests := []struct {
		text  string
		mode  Mode
		ops   []string
		admin bool
		check func(t *testing.T, in Intent)
	}{
		{text: "remove user_2abcDEFghiJKLmnoPQRstuVWXyz1 --admin, legal asked", mode: ModeExecute, ops: []string{"DeleteUser"}, admin: true},
		{text: "lock user_2abcDEFghiJKLmnoPQRstuVWXyz1 --admin; fraud team", mode: ModeExecute, ops: []string{"LockUser"}, admin: true},
		{text: "case #1207: get user_2abcDEFghiJKLmnoPQRstuVWXyz1", mode: ModeExecute, ops: []string{"GetUser"}},
		{text: "show org_2abcDEFghiJKLmnoPQRstuVWXyz1 (ticket #77)", mode: ModeExecute, ops: []string{"GetOrganization"}},
		{text: "ticket #5", mode: ModeReject}, // a reference alone is kept, and says nothing
		{text: "we need a sign-in token for user_2abcDEFghiJKLmnoPQRstuVWXyz1 good for 5 minutes --admin", mode: ModeExecute, ops: []string{"CreateSignInToken"}, admin: true,
			check: func(t *testing.T, in Intent) {
				if !strings.Contains(string(in.Steps[0].Body), `"expires_in_seconds":300`) {
					t.Errorf("body = %v, want expires_in_seconds 300", in.Steps[0].Body)
				}
			}},
		{text: "blocklist *@spamdomain.io", mode: ModeExecute, ops: []string{"CreateBlocklistIdentifier"},
			check: func(t *testing.T, in Intent) {
				if !strings.Contains(string(in.Steps[0].Body), `"identifier":"*@spamdomain.io"`) {
					t.Errorf("body = %v, want identifier *@spamdomain.io", in.Steps[0].Body)
				}
			}},
		{text: "count users with hotmail addresses", mode: ModeExecute, ops: []string{"GetUsersCount"},
			check: func(t *testing.T, in Intent) {
				if got := in.Steps[0].Query["email_address_query"]; !slices.Equal(got, []string{"hotmail"}) {
					t.Errorf("query = %v, want email_address_query hotmail", in.Steps[0].Query)
				}
			}},
		{text: "list the 25 least recently active users", mode: ModeExecute, ops: []string{"GetUserList"},
			check: func(t *testing.T, in Intent) {
				if got := in.Steps[0].Query["limit"]; !slices.Equal(got, []string{"25"}) {
					t.Errorf("query = %v, want limit 25", in.Steps[0].Query)
				}
			}},
		{text: "what tags r there", mode: ModeBrowse},
		{text: "lock the account of kim@example.org, lots of failed password attempts", mode: ModeExecute, ops: []string{"GetUserList", "LockUser"}},
		{text: "ban sam@example.org, spam sessions from many ips", mode: ModeExecute, ops: []string{"GetUserList", "BanUser"}},
		{text: "fix it for him", mode: ModeClarify},
		{text: "delete those pls", mode: ModeClarify},
		{text: "the weather is nice", mode: ModeReject},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := parse(t, tt.text)
			if in.Mode != tt.mode || in.Admin != tt.admin {
				t.Fatalf("Parse(%q) = %s admin=%v (%s %s), want %s admin=%v", tt.text, in.Mode, in.Admin, in.Reason, in.Message, tt.mode, tt.admin)
			}
			var ops []string
			for _, s := range in.Steps {
				ops = append(ops, s.OperationID)
			}
			if tt.ops != nil && (len(ops) == 0 || ops[len(ops)-1] != tt.ops[len(tt.ops)-1]) {
				t.Fatalf("Parse(%q) ops = %v, want %v", tt.text, ops, tt.ops)
			}
			if tt.check != nil {
				tt.check(t, in)
			}
		})
	}
}
