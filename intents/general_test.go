package intents

import (
	"slices"
	"strings"
	"testing"
)

// The tests of this file cover general behaviours, each with phrasings written for
// the test: questions answered with reads, slips in a short verb, field updates and
// membership questions about a user named by email, organizations named by name,
// invitation roles and redirects, enum values in the text, long-tail writes that the
// ranker fills from the spec, and requests outside Clerk.

// TestQuestionsReadOnly is the safety family for questions: a text that asks whether
// something exists or happened plans reads only, whatever action word it holds.
func TestQuestionsReadOnly(t *testing.T) {
	for _, text := range []string{
		"did we already invite nora@initech.com?",
		"did we invite nora@initech.com already",
		"have we invited ops@umbrella.io",
		"did someone delete user_7Hq?",
		"was org_5Tz deleted?",
		"has user_7Hq been banned yet?",
		"is user_7Hq locked?",
		"have we revoked sess_4Kp?",
		"did anyone remove ana@initech.com from org_5Tz?",
		"did we create an org called Umbrella?",
		"should we ban user_7Hq?",
		"is it ok to unlock user_7Hq?",
		"any chance we blocked spam.example?",
		"do we have a user with email ana@initech.com?",
		"were the invites for umbrella.io revoked?",
		"does org_5Tz have admins?",
		"is ana@initech.com banned",
		"did we send an invite to ana@initech.com?",
		"any pending invitations for ana@initech.com?",
		"has the api key ak_0123456789abcdef0123456789abcdef been revoked?",
		"did the svix app get deleted?",
		"was +14155550100 added to the blocklist?",
		"what does the organization config say, e.g. delete org_2It3kXy6RQLGbzcYQbtdsmfYwap",
		"how do I ban user_7Hq from the dashboard",
		"why was user_7Hq locked, should we unlock them",
	} {
		t.Run(text, func(t *testing.T) {
			in := parse(t, text)
			for _, s := range in.Steps {
				if s.IsWrite() {
					t.Errorf("Parse(%q) planned the write %s (%s: %s)", text, s.OperationID, in.Mode, in.Reason)
				}
			}
			for _, c := range in.Candidates {
				if c.Method != "GET" {
					t.Errorf("Parse(%q) offers the write %s as a candidate", text, c.OperationID)
				}
			}
			assertValid(t, text, in)
		})
	}
}

// TestQuestionsAnswered: the reads a question plans are the look-ups that answer it.
func TestQuestionsAnswered(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "did we already invite nora@initech.com?", ops: []string{"ListInvitations"}, args: map[string]string{"query": "nora@initech.com"}},
		{text: "have we invited ops@umbrella.io", ops: []string{"ListInvitations"}, args: map[string]string{"query": "ops@umbrella.io"}},
		{text: "is ana@initech.com banned?", ops: []string{"GetUserList"}, args: map[string]string{"email_address": "ana@initech.com"}},
		{text: "has anyone from umbrella.io signed up?", ops: []string{"GetUserList"}, args: map[string]string{"email_address_query": "umbrella.io"}},
		{text: "was org_5Tz deleted?", ops: []string{"GetOrganization"}, args: map[string]string{"organization_id": "org_5Tz"}},
		{text: "any pending invites for umbrella.io?", ops: []string{"ListInvitations"}, args: map[string]string{"query": "umbrella.io", "status": "pending"}},
		{text: "any sessions still active for ana@initech.com?", ops: []string{"GetUserList", "GetSessionList"}, args: map[string]string{"status": "active", "user_id": "$steps[0].id"}},
	})
	// Dates ask for a read that takes them; joining an organization is a membership.
	runStageCases(t, SourceRanker, []stageCase{
		{text: "did anyone new join org_2Aya in the last 30 days?", ops: []string{"ListOrganizationMemberships"},
			args: map[string]string{"organization_id": "org_2Aya"}},
		{text: "who joined Hooli's org in the last 30 days? org_2Hq", ops: []string{"ListOrganizationMemberships"}},
	})
	// Filters of a member list are kept, never dropped.
	for _, tt := range []struct{ text, key, value string }{
		{"members of org_1 named patel", "query", "patel"},
		{"anyone named patel in org_1?", "query", "patel"},
		{"list members of org_1 with email ending acme.com", "email_address_query", "acme.com"},
		{"did ahmed@hooli.com ever get invited to org_2Hq?", "email_address", "ahmed@hooli.com"},
		{"which orgs have hooli.com as a domain?", "domains", "hooli.com"},
		{"is there anyone named bob?", "query", "bob"},
		{"list users named bob created last week", "query", "bob"},
		{"what's the id of the acme org", "query", "acme"},
		{"whose account is +14155550182 attached to?", "phone_number", "+14155550182"},
		{"SEC-2291 reported ATO on jmarquez@fastmail.com, can someone look her up", "email_address", "jmarquez@fastmail.com"},
		{"ticket #48213, customer can't log in. can you pull up dana.w@gmail.com?", "email_address", "dana.w@gmail.com"},
	} {
		in := parse(t, tt.text)
		if in.Mode != ModeExecute || len(in.Steps) != 1 || !slices.Contains(in.Steps[0].Query[tt.key], tt.value) {
			t.Errorf("Parse(%q) = %s %v, want one read with %s=%s", tt.text, in.Mode, in.Steps, tt.key, tt.value)
		}
	}
	// Asked back, with the operations meant, when the object is not named.
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"make him an admin", []string{"UpdateOrganizationMembership", "CreateOrganizationMembership"}},
		{"can we give the new hire admin access?", []string{"UpdateOrganizationMembership", "CreateOrganizationMembership"}},
		{"can you reset Sarah's account? she's locked out of everything", []string{"UnlockUser", "RemoveUserPassword", "SetUserPasswordCompromised", "DisableMFA"}},
		{"update the org name to Fernhill Partners", []string{"UpdateOrganization"}},
		{"change the plan to pro", []string{"UpdateUserMetadata", "MergeOrganizationMetadata"}},
	} {
		in := parse(t, tt.text)
		var got []string
		for _, c := range in.Candidates {
			got = append(got, c.OperationID)
		}
		if in.Mode != ModeClarify || !slices.Equal(got, tt.want) {
			t.Errorf("Parse(%q) = %s %v, want a question offering %v", tt.text, in.Mode, got, tt.want)
		}
	}
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "pull back invite inv_25ie, it went to the wrong address", ops: []string{"RevokeInvitation"}},
		{text: "set the public metadata on user_2OPS so beta_access is true", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"public_metadata.beta_access": "true"}},
	})
	runStageCases(t, SourceRanker, []stageCase{
		{text: "could we allowlist lumen.dev?", ops: []string{"CreateAllowlistIdentifier"}, args: map[string]string{"identifier": "lumen.dev"}},
	})
	runStageCases(t, SourceFastpath, []stageCase{{text: "allowlist entries?", ops: []string{"ListAllowlistIdentifiers"}}})
	// A code or password to check, said with its word.
	runStageCases(t, SourceRanker, []stageCase{
		{text: "verify totp code 123456 for user_1", ops: []string{"VerifyTOTP"}, args: map[string]string{"code": "123456"}},
		{text: "verify password 'hunter2!' for user_1", ops: []string{"VerifyPassword"}, args: map[string]string{"password": "hunter2!"}},
		{text: "verify totp for user_1", mode: ModeClarify},
	})
	// Something removed from an object never deletes the object.
	for _, text := range []string{"disconnect google from user_1", "remove google from user_1", "take the github login off user_1"} {
		if in := parse(t, text); slices.ContainsFunc(in.Steps, func(s Step) bool { return s.OperationID == "DeleteUser" }) {
			t.Errorf("Parse(%q) deletes the user: %v (%s)", text, in.Steps, in.Reason)
		}
	}
	runStageCases(t, SourceRanker, []stageCase{
		{text: "rename machine mch_2wB5 to reporting-cron", ops: []string{"UpdateMachine"}, args: map[string]string{"name": "reporting-cron"}},
		{text: "kick off a test run on enterprise connection entc_2vM", ops: []string{"CreateEnterpriseConnectionTestRun"}, args: map[string]string{"enterprise_connection_id": "entc_2vM"}},
		{text: "create permission org:invoices:approve, name it Approve invoices", ops: []string{"CreateOrganizationPermission"}, args: map[string]string{"name": "Approve invoices"}},
	})
	// A read that cannot filter by the organization the text names asks which.
	if in := parse(t, "count users in the acme org"); in.Mode != ModeClarify {
		t.Errorf("Parse(count users in the acme org) = %s %v, want a question: the count of every user is no answer", in.Mode, in.Steps)
	}
	// A request with a question mark is still a request when it starts with the verb.
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "can you ban user_7Hq?", ops: []string{"BanUser"}},
		{text: "could you please lock user_7Hq?", ops: []string{"LockUser"}},
	})
	if got := parse(t, "should we ban user_7Hq?"); len(got.Steps) != 1 || got.Steps[0].OperationID != "GetUser" {
		t.Errorf("Parse(should we ban user_7Hq?) = %s %v, want the read GetUser", got.Mode, ops(got))
	}
}

func TestIsQuestion(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"did we invite a@b.co", true},
		{"any invites for a@b.co", true},
		{"who is user_1?", true},
		{"delete user_1?", false},
		{"can you delete user_1?", false},
		{"please, could you revoke sess_1?", false},
		{"list users", false},
		{"do delete user_1", false},
	}
	for _, tt := range tests {
		x := Extract(tt.text, testNow)
		if got := isQuestion(asciiLower(tt.text), x.Words); got != tt.want {
			t.Errorf("isQuestion(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestFixLeadVerb(t *testing.T) {
	known := isKnownWord
	tests := []struct{ in, want string }{
		{"lsit users", "list users"},
		{"shwo org_1", "show org_1"},
		{"gte user ann_k", "get user ann_k"},
		{"bna user_1", "ban user_1"},
		{"udpate user_1", "update user_1"},
		{"shiw users", "show users"}, // one letter off, four letters
		{"sset users", ""},           // "sset": set is shorter, "reset" is no lexicon verb
		{"teh users", ""},            // no verb is one swap away
		{"list users", ""},           // nothing to correct
		{"lsit", "list"},
		{"ste plan", "set plan"}, // three letters: a swap
		{"sht plan", ""},         // three letters: a letter off is not enough
		{"lcok user_1", "lock user_1"},
	}
	for _, tt := range tests {
		got := fixLeadVerb(tt.in, known)
		if got != tt.want {
			t.Errorf("fixLeadVerb(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLeadVerbSlips: a slip in the first word counts only when the rest is understood.
func TestLeadVerbSlips(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "lsit banned users", ops: []string{"GetUserList"}, args: map[string]string{"banned": "true"}},
		{text: "shwo org_5Tz", ops: []string{"GetOrganization"}},
		{text: "gte user ann_k", ops: []string{"GetUserList"}, args: map[string]string{"username": "ann_k"}},
		{text: "lcok user_7Hq", ops: []string{"LockUser"}},
	})
	in := parse(t, "lsit the frobnicators")
	if in.Mode == ModeExecute {
		t.Errorf("Parse(lsit the frobnicators) = execute %v; the rest is not understood", ops(in))
	}
}

func TestFieldsMembershipsInvites(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		// Field updates on a user named by email.
		{text: "set first name Nora and last name Vance for nora@initech.com", ops: []string{"GetUserList", "UpdateUser"},
			args: map[string]string{"email_address": "nora@initech.com", "first_name": "Nora", "last_name": "Vance", "user_id": "$steps[0].id"}},
		{text: "update nora@initech.com: first name Nora, last name Vance", ops: []string{"GetUserList", "UpdateUser"},
			args: map[string]string{"first_name": "Nora", "last_name": "Vance"}},
		{text: "change the username of ops@umbrella.io to ops_team", ops: []string{"GetUserList", "UpdateUser"}, args: map[string]string{"username": "ops_team"}},
		{text: "set last name Okafor on user_7Hq", ops: []string{"UpdateUser"}, args: map[string]string{"last_name": "Okafor"}},
		// Memberships of a user named by email; invitations are not memberships.
		{text: "what orgs does nora@initech.com belong to", ops: []string{"GetUserList", "UsersGetOrganizationMemberships"}, args: map[string]string{"user_id": "$steps[0].id"}},
		{text: "which organizations is ops@umbrella.io a member of?", ops: []string{"GetUserList", "UsersGetOrganizationMemberships"}},
		{text: "pending org invites for user_7Hq", ops: []string{"UsersGetOrganizationInvitations"}, args: map[string]string{"status": "pending", "user_id": "user_7Hq"}},
		{text: "organization invitations of user_7Hq", ops: []string{"UsersGetOrganizationInvitations"}},
		// Members of an organization named by name: look it up, then list.
		{text: "members of 'Umbrella Labs'", ops: []string{"ListOrganizations", "ListOrganizationMemberships"},
			args: map[string]string{"query": "Umbrella Labs", "organization_id": "$steps[0].id"}},
		{text: "who is in Initech?", ops: []string{"ListOrganizations", "ListOrganizationMemberships"}, args: map[string]string{"query": "Initech"}},
		{text: "list the admins of the Umbrella Labs organization", ops: []string{"ListOrganizations", "ListOrganizationMemberships"},
			args: map[string]string{"query": "Umbrella Labs", "role": "org:admin"}},
		// Invitation roles, redirects, order of org and email.
		{text: "invite nora@initech.com to org_5Tz as just a regular member", ops: []string{"CreateOrganizationInvitation"}, args: map[string]string{"role": "org:member"}},
		{text: "invite nora@initech.com to org_5Tz as a normal user", ops: []string{"CreateOrganizationInvitation"}, args: map[string]string{"role": "org:member"}},
		{text: "invite to org_5Tz nora@initech.com as an admin", ops: []string{"CreateOrganizationInvitation"}, args: map[string]string{"role": "org:admin", "email_address": "nora@initech.com"}},
		{text: "org_5Tz: invite nora@initech.com", ops: []string{"CreateOrganizationInvitation"}, args: map[string]string{"organization_id": "org_5Tz"}},
		{text: "invite nora@initech.com and redirect them to https://app.initech.com/start", ops: []string{"CreateInvitation"},
			args: map[string]string{"redirect_url": "https://app.initech.com/start", "email_address": "nora@initech.com"}},
		{text: "add nora@initech.com to org_5Tz as a standard member", ops: []string{"GetUserList", "CreateOrganizationMembership"}, args: map[string]string{"role": "org:member"}},
	})
}

// TestEnumValues: a word or phrase of the text equal to an enum value of the chosen
// operation's query parameters fills it.
func TestEnumValues(t *testing.T) {
	runStageCases(t, SourceRanker, []stageCase{
		{text: "list past due subscriptions", ops: []string{"GetCommerceSubscriptionItemList"}, args: map[string]string{"status": "past_due"}},
		{text: "show subscription items on a free trial", ops: []string{"GetCommerceSubscriptionItemList"}, args: map[string]string{"status": "free_trial"}},
		{text: "list past-due subscription items", ops: []string{"GetCommerceSubscriptionItemList"}, args: map[string]string{"status": "past_due"}},
		{text: "whitelist partner.example", ops: []string{"CreateAllowlistIdentifier"}, args: map[string]string{"identifier": "partner.example"}},
		{text: "list subscription items for organizations", ops: []string{"GetCommerceSubscriptionItemList"}, args: map[string]string{"payer_type": "org"}},
	})
	// Two values of one enum named: neither is set.
	in := parse(t, "list subscription items active or ended")
	if got := values(in)["status"]; len(got) > 0 {
		t.Errorf("Parse(list subscription items active or ended) status = %v, want none", got)
	}
}

// TestRankerLongTail: writes with a clear verb, a clear resource and the values
// present execute (approval is the policy's job); missing values still ask.
func TestRankerLongTail(t *testing.T) {
	const (
		ak  = "ak_0123456789abcdef0123456789abcdef"
		org = "org_2NFq8kLrT5vWxYz0aBcDeFgHiJk" // 27 characters after the prefix
	)
	runStageCases(t, SourceRanker, []stageCase{
		{text: "revoke api key " + ak, ops: []string{"revokeApiKey"}, args: map[string]string{"apiKeyID": ak}},
		{text: "please revoke " + ak + ", it leaked in a log", ops: []string{"revokeApiKey"}},
		{text: "add phone +4915112345678 to user_7Hq", ops: []string{"CreatePhoneNumber"}, args: map[string]string{"phone_number": "+4915112345678", "user_id": "user_7Hq"}},
		{text: "block +14155550100", ops: []string{"CreateBlocklistIdentifier"}, args: map[string]string{"identifier": "+14155550100"}},
		{text: "allow redirect url https://app.initech.com/callback", ops: []string{"CreateRedirectURL"}, args: map[string]string{"url": "https://app.initech.com/callback"}},
		{text: "add satellite domain docs.initech.com", ops: []string{"AddDomain"}, args: map[string]string{"name": "docs.initech.com", "is_satellite": "true"}},
		{text: "create an api key named deploy-bot for " + org, ops: []string{"createApiKey"}, args: map[string]string{"name": "deploy-bot", "subject": org}},
		{text: "create an actor token so user_Support1 can impersonate user_Cust9", ops: []string{"CreateActorToken"},
			args: map[string]string{"user_id": "user_Cust9", "actor.sub": "user_Support1"}},
		{text: "impersonate user_Cust9 as user_Support1", ops: []string{"CreateActorToken"},
			args: map[string]string{"user_id": "user_Cust9", "actor.sub": "user_Support1"}},
		{text: "generate a svix dashboard link", ops: []string{"GenerateSvixAuthURL"}},
		// Not enough to act on: ask.
		{text: "create an actor token for user_Cust9", mode: ModeClarify},
		{text: "create an api key for " + org, mode: ModeClarify},
	})
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "unlock user_7Hq (got locked out after too many attempts)", ops: []string{"UnlockUser"}},
		{text: "unlock user_7Hq, she got locked out this morning", ops: []string{"UnlockUser"}},
	})
}

// TestOutOfScope: requests for things clerkbot has no endpoint for are rejected with
// the help hint; Clerk-shaped but unclear text still asks.
func TestOutOfScope(t *testing.T) {
	for _, text := range []string{
		"send a newsletter to all users",
		"email every customer about the maintenance window",
		"deploy the hotfix to production",
		"check the stripe webhook on our side",
		"merge PR 4512",
		"merge the pull request for the login page",
		"can you ping everyone in org_5Tz about the outage",
		"restart the auth server",
		// A system outside Clerk where the request acts, or a DNS record.
		"can you bump Tidewater's contract to 3 years in salesforce and update the ARR field",
		"tomasz is joining us, can you add him to our google workspace?",
		"kick user_2nu from the discord server too while you're at it",
		"update the DMARC record on lumenpay.io to p=reject",
		"change the hubspot deal owner on Orbitly to me",
	} {
		in := parse(t, text)
		if in.Mode != ModeReject || !strings.Contains(in.Message, "help") {
			t.Errorf("Parse(%q) = %s (%s: %s), want reject with the help hint", text, in.Mode, in.Reason, in.Message)
		}
	}
	for _, text := range []string{
		"send an invite to nora@initech.com",
		"email address of user_7Hq",
		"merge metadata plan=pro into org_5Tz",
		"update the user",
		// The other system in a reason, or as where a value comes from.
		"can you list users who haven't been active in the last 90 days? I want to cross-check against churned accounts in SFDC before we delete anything",
		"ban user_2a, they were spamming invites in discord",
		"copy the customer id from hubspot into private metadata hubspot_id=881 on user_2a",
	} {
		if in := parse(t, text); in.Mode == ModeReject {
			t.Errorf("Parse(%q) = reject (%s), want it understood or asked about", text, in.Message)
		}
	}
}
