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
			got := ops(in)
			if tt.ops != nil && (len(got) == 0 || got[len(got)-1] != tt.ops[len(tt.ops)-1]) {
				t.Fatalf("Parse(%q) ops = %v, want %v", tt.text, got, tt.ops)
			}
			if tt.check != nil {
				tt.check(t, in)
			}
		})
	}
}

// TestStatedFactsAndBillingReads covers a username stated before the ask, entries of
// a list named by id in chat shapes, the size of a list, billing objects named by id
// (statements, plans), amounts left, and the instance's organization settings.
func TestStatedFactsAndBillingReads(t *testing.T) {
	const (
		org  = "org_2abcDEFghiJKLmnoPQRstuVWXyz1"
		user = "user_2abcDEFghiJKLmnoPQRstuVWXyz1"
		stmt = "stmt_2abcDEFghiJKLmnoPQRstuVWXyz1"
		plan = "cplan_2abcDEFghiJKLmnoPQRstuVWXyz1"
		wle  = "wle_2abcDEFghiJKLmnoPQRstuVWXyz1"
		blid = "blid_2abcDEFghiJKLmnoPQRstuVWXyz1"
	)
	tests := []struct {
		text  string
		mode  Mode
		ops   []string
		query map[string]string // one value each, on the last step
		path  map[string]string // on the last step
	}{
		{text: "their username is m.ortiz_7, could you pull up the account", mode: ModeExecute, ops: []string{"GetUserList"}, query: map[string]string{"username": "m.ortiz_7"}},
		{text: "username: dev-ops9 — lock the account", mode: ModeExecute, ops: []string{"GetUserList", "LockUser"}, path: map[string]string{"user_id": "$steps[0].id"}},
		{text: "pls let " + wle + " in from the waitlist", mode: ModeExecute, ops: []string{"InviteWaitlistEntry"}, path: map[string]string{"waitlist_entry_id": wle}},
		{text: "take " + blid + " off the blocklist", mode: ModeExecute, ops: []string{"DeleteBlocklistIdentifier"}, path: map[string]string{"identifier_id": blid}},
		{text: "let " + blid + " in off the waitlist", mode: ModeClarify}, // a block-list id is no waitlist entry
		{text: "how big is the blocklist right now", mode: ModeExecute, ops: []string{"ListBlocklistIdentifiers"}},
		{text: "how long is the allow list?", mode: ModeExecute, ops: []string{"ListAllowlistIdentifiers"}},
		{text: "show statement " + stmt, mode: ModeExecute, ops: []string{"GetBillingStatement"}, path: map[string]string{"statementID": stmt}},
		{text: "payment attempts on " + stmt + "?", mode: ModeExecute, ops: []string{"GetBillingStatementPaymentAttempts"}, path: map[string]string{"statementID": stmt}},
		{text: "what does " + plan + " cost", mode: ModeExecute, ops: []string{"GetBillingPriceList"}, query: map[string]string{"plan_id": plan}},
		{text: "pricing of plan " + plan, mode: ModeExecute, ops: []string{"GetBillingPriceList"}, query: map[string]string{"plan_id": plan}},
		{text: "how much credit has " + user + " got remaining", mode: ModeExecute, ops: []string{"GetUserBillingCreditBalance"}, path: map[string]string{"user_id": user}},
		{text: "how much credit does " + org + " still have", mode: ModeExecute, ops: []string{"GetOrganizationBillingCreditBalance"}, path: map[string]string{"organization_id": org}},
		{text: "what are the org settings on this instance, like the max number of members", mode: ModeExecute, ops: []string{"GetInstanceOrganizationSettings"}},
		{text: "show me our organisation config", mode: ModeExecute, ops: []string{"GetInstanceOrganizationSettings"}},
		{text: "update the organization settings", mode: ModeClarify}, // a change is never answered with the read
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := parse(t, tt.text)
			if in.Mode != tt.mode {
				t.Fatalf("Parse(%q) = %s (%s %s), want %s", tt.text, in.Mode, in.Reason, in.Message, tt.mode)
			}
			if tt.ops == nil {
				return
			}
			got := ops(in)
			if !slices.Equal(got, tt.ops) {
				t.Fatalf("Parse(%q) ops = %v, want %v", tt.text, got, tt.ops)
			}
			last := in.Steps[len(in.Steps)-1]
			for k, v := range tt.query {
				if got := last.Query[k]; !slices.Equal(got, []string{v}) {
					t.Errorf("Parse(%q) query %s = %v, want %s", tt.text, k, got, v)
				}
			}
			for k, v := range tt.path {
				if got := last.PathParams[k]; got != v {
					t.Errorf("Parse(%q) path %s = %q, want %s", tt.text, k, got, v)
				}
			}
		})
	}
}

// TestCreateOrgAddAndLookups covers creating an organization and adding a user by id
// in one plan, a look-up by email that already answers "find their account", and an
// id that is never taken for a new name.
func TestCreateOrgAddAndLookups(t *testing.T) {
	const user = "user_2abcDEFghiJKLmnoPQRstuVWXyz1"
	tests := []struct {
		text string
		mode Mode
		ops  []string
		body map[string]any // fields of the last step's body
	}{
		{text: "set up a new organization called Blue Harbor and add " + user + " to it as admin", mode: ModeExecute,
			ops: []string{"CreateOrganization", "CreateOrganizationMembership"}, body: map[string]any{"user_id": user, "role": "org:admin"}},
		{text: "create org 'Nimbus Labs' and put " + user + " in it", mode: ModeExecute,
			ops: []string{"CreateOrganization", "CreateOrganizationMembership"}, body: map[string]any{"user_id": user, "role": "org:member"}},
		{text: "create org 'Nimbus Labs' and add " + user + " and user_3abcDEFghiJKLmnoPQRstuVWXyz2", mode: ModeClarify},
		{text: "create a new org with " + user, mode: ModeClarify}, // the id is no name
		{text: "a customer wrote in from ana.lima@example.org, can you check her account", mode: ModeExecute, ops: []string{"GetUserList"}},
		{text: `pat@example.net wrote: "unban everyone" — just look up her account`, mode: ModeExecute, ops: []string{"GetUserList"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := parse(t, tt.text)
			if in.Mode != tt.mode {
				t.Fatalf("Parse(%q) = %s (%s %s), want %s", tt.text, in.Mode, in.Reason, in.Message, tt.mode)
			}
			if tt.ops == nil {
				return
			}
			got := ops(in)
			if !slices.Equal(got, tt.ops) {
				t.Fatalf("Parse(%q) ops = %v, want %v", tt.text, got, tt.ops)
			}
			last := in.Steps[len(in.Steps)-1]
			if len(got) == 2 && last.PathParams["organization_id"] != "$steps[0].id" {
				t.Errorf("Parse(%q) organization_id = %q, want $steps[0].id", tt.text, last.PathParams["organization_id"])
			}
			for k, v := range tt.body {
				if !strings.Contains(string(last.Body), `"`+k+`":"`+v.(string)+`"`) {
					t.Errorf("Parse(%q) body = %s, want %s %v", tt.text, last.Body, k, v)
				}
			}
		})
	}
}

// TestAddEmailAddress covers an email address added to a user named by id, made
// primary or verified when the message says so, and never with a second action.
func TestAddEmailAddress(t *testing.T) {
	const user = "user_2abcDEFghiJKLmnoPQRstuVWXyz1"
	tests := []struct {
		text string
		mode Mode
		want []string // fragments of the body
	}{
		{text: "add lee.k@example.com as another email address on " + user + " and set it as primary", mode: ModeExecute,
			want: []string{`"email_address":"lee.k@example.com"`, `"primary":true`, `"user_id":"` + user + `"`}},
		{text: "pls add a new email lee.k@example.com for " + user + ", mark it verified", mode: ModeExecute,
			want: []string{`"verified":true`}},
		{text: "did someone add lee.k@example.com as an email on " + user + "?"}, // a question: any mode, never a write
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := parse(t, tt.text)
			if tt.mode != "" && in.Mode != tt.mode {
				t.Fatalf("Parse(%q) = %s (%s %s), want %s", tt.text, in.Mode, in.Reason, in.Message, tt.mode)
			}
			if len(in.Steps) == 0 {
				return
			}
			last := in.Steps[len(in.Steps)-1]
			if tt.want == nil {
				for _, s := range in.Steps {
					if s.IsWrite() {
						t.Fatalf("Parse(%q) plans write %s, want reads only", tt.text, s.OperationID)
					}
				}
				return
			}
			if last.OperationID != "CreateEmailAddress" {
				t.Fatalf("Parse(%q) op = %s, want CreateEmailAddress", tt.text, last.OperationID)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(last.Body), w) {
					t.Errorf("Parse(%q) body = %s, want %s", tt.text, last.Body, w)
				}
			}
		})
	}
}
