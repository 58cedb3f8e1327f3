package intents

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// The tests of this file cover the chat voice: terse, lowercase, second-language and
// slang requests, questions whose subject is "who", short verbs of ops chat, short
// time units and ranges of days. Every sentence is written for the test; none comes
// from an evaluation corpus.

func TestChatVoiceRewrites(t *testing.T) {
	tests := []struct{ in, want string }{
		{"can u pull up user_9Qx", "pull up user_9Qx"},
		{"show ur orgs", "show your orgs"},
		// Never inside an address: "r.tanaka@x.io" is not "are.tanaka".
		{"invite r.tanaka@example.io to org_3Vb", "invite r.tanaka@example.io to org_3Vb"},
		{"who r u", "who are you"},
		{"how many ppl joined this week", "how many people joined this week"},
		{"kindly to delete inv_7Rt", "delete inv_7Rt"},
		{"please to lock user_9Qx", "lock user_9Qx"},
		{"how much orgs exist", "how many orgs exist"},
		{"how much credits does user_9Qx have", "how much credits does user_9Qx have"}, // no resource
		{"nuke user_9Qx", "delete user_9Qx"},
		{"pls zap sess_4Lm", "pls delete sess_4Lm"},
		{"who's locked", "which users are locked"},
		{"who is unverified right now", "which users are unverified right now"},
		{"who hasn't signed in since june", "which users hasn't signed in since june"},
		// Left alone: a resource, an id, quoted text, or no state of a user.
		{"who's in org_3Vb", "who's in org_3Vb"},
		{"who is the owner of the org", "who is the owner of the org"},
		{"who's user_9Qx", "who's user_9Qx"},
		{`set bio of user_9Qx to "u r great"`, `set bio of user_9Qx to "u r great"`},
		{"who wrote this", "who wrote this"},
		{"the nuke button", "the nuke button"}, // not a leading verb
		{"what's the status of u_1", "what's the status of u_1"},
		// The passive of chat in a question or a list; a story is left alone.
		{"which invites got revoked", "which invites were revoked"},
		{"any users get banned today?", "any users are banned today?"},
		{"user_9Qx got locked out, unlock pls", "user_9Qx got locked out, unlock pls"},
		// A username with no resource named is a user's.
		{"find username neo_42", "find user with username neo_42"},
		{"find the org with username neo_42", "find the org with username neo_42"},
	}
	for _, tt := range tests {
		if got := chatVoice(tt.in); got != tt.want {
			t.Errorf("chatVoice(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChatVoiceRequests(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		// "who" as users, with a state or a history.
		{text: "who's banned rn", ops: []string{"GetUserList"}, args: map[string]string{"banned": "true"}},
		{text: "who havent signed in for 60 days", ops: []string{"GetUserList"}},
		// Slang and second-language forms.
		{text: "how much people registered since tuesday?", ops: []string{"GetUsersCount"}},
		{text: "can u show org_8Kp", ops: []string{"GetOrganization"}, args: map[string]string{"organization_id": "org_8Kp"}},
		{text: "please to ban user_6Wd", ops: []string{"BanUser"}, args: map[string]string{"user_id": "user_6Wd"}},
		{text: "whois username trinity.k", ops: []string{"GetUserList"}, args: map[string]string{"username": "trinity.k"}},
		{text: "which invitations of org_8Kp got revoked?", ops: []string{"ListOrganizationInvitations"},
			args: map[string]string{"organization_id": "org_8Kp", "status": "revoked"}},
		{text: "could somebody revoke sess_5Jc", ops: []string{"RevokeSession"}},
		// Terse verbs: a session is ended, other objects deleted.
		{text: "nuke sess_5Jc", ops: []string{"RevokeSession"}, args: map[string]string{"session_id": "sess_5Jc"}},
		{text: "zap user_6Wd", ops: []string{"DeleteUser"}, args: map[string]string{"user_id": "user_6Wd"}},
		{text: "delete sess_5Jc", ops: []string{"RevokeSession"}},
		// A state said with turned on / switched off.
		{text: "does user_6Wd have 2fa switched on?", ops: []string{"GetUser"}},
		// What one object is or points to.
		{text: "what is ru_4Hs pointing to?", ops: []string{"GetRedirectURL"}},
		{text: "what's the status of sess_5Jc?", ops: []string{"GetSession"}},
		// A misspelt field of the user is the field, never a new metadata key.
		{text: "can u change the usernmae on user_2Fm7 to kwame.o", ops: []string{"UpdateUser"}, args: map[string]string{"username": "kwame.o"}},
		// "w/" is with.
		{text: "are there users w/ 'test' in their email? want to filter them out of the funnel numbers", ops: []string{"GetUserList"}, args: map[string]string{"email_address_query": "test"}},
		// A field of what the object's read returns.
		{text: "show me what claims jtmp_2Vb has", ops: []string{"GetJWTTemplate"}, args: map[string]string{"template_id": "jtmp_2Vb"}},
		{text: "last time user_3ls signed in?", ops: []string{"GetUser"}, args: map[string]string{"user_id": "user_3ls"}},
		// What the speaker did, told after the request.
		{text: "revoke inv_2Gy, we have typed the address wrong", ops: []string{"RevokeInvitation"}},
	})
	// A question stays a read however it is spelled.
	for _, text := range []string{"does u have to nuke sess_5Jc?", "is ur org_8Kp zapped?"} {
		in := parse(t, text)
		for _, s := range in.Steps {
			if s.IsWrite() {
				t.Errorf("Parse(%q) planned the write %s (%s)", text, s.OperationID, in.Reason)
			}
		}
	}
}

func TestOutsideClerk(t *testing.T) {
	for _, text := range []string{
		"write me a regex that matches our order numbers",
		"write a python script to export users to redis",
		"can somebody book a flight for the offsite",
		"reserve the small room at noon",
	} {
		if in := parse(t, text); in.Mode != ModeReject {
			t.Errorf("Parse(%q).Mode = %s (%s), want reject", text, in.Mode, in.Reason)
		}
	}
}

func TestRepeatAsk(t *testing.T) {
	for _, text := range []string{
		"do the same thing for the beta org",
		"same again for the staging workspace pls",
		"can you handle the orgs like last time",
	} {
		if in := parse(t, text); in.Mode != ModeClarify {
			t.Errorf("Parse(%q).Mode = %s (%s), want clarify", text, in.Mode, in.Reason)
		}
	}
}

func TestShortUnitsAndDayRanges(t *testing.T) {
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	day := func(m time.Month, d int) time.Time { return time.Date(testNow.Year(), m, d, 0, 0, 0, 0, time.UTC) }
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "users created in the last 36h", args: map[string]string{"created_at_after": ms(testNow.Add(-36 * time.Hour))}},
		{text: "users signed up over the past 10d", args: map[string]string{"created_at_after": ms(testNow.AddDate(0, 0, -10))}},
		{text: "users created between oct 3 and oct 9", args: map[string]string{
			"created_at_after": ms(day(time.October, 3)), "created_at_before": ms(day(time.October, 9))}},
		{text: "list users created from 2nd of september to 20th of september", args: map[string]string{
			"created_at_after": ms(day(time.September, 2)), "created_at_before": ms(day(time.September, 20))}},
	})
	// A range that seems to end before it starts begins a year earlier.
	x := Extract("between dec 28 and jan 4", testNow)
	if want := time.Date(testNow.Year()-1, 12, 28, 0, 0, 0, 0, time.UTC).UnixMilli(); x.After != want {
		t.Errorf("after = %d, want %d", x.After, want)
	}
}

// TestPoliteAndPassive: a request in a polite frame, a change said of its object,
// and an object named by an id in parentheses are read as the plain request.
func TestPoliteAndPassive(t *testing.T) {
	tests := []struct{ in, want string }{
		{"could you please unlock user_9Qx?", "unlock user_9Qx"},
		{"would you mind adding bob@acme.com to org_3Vb?", "add bob@acme.com to org_3Vb"},
		{"could you check whether user_9Qx is banned?", "user_9Qx is banned?"},
		{"Could you lock user_9Qx? She lost her laptop.", "lock user_9Qx? She lost her laptop."},
		{"can you not delete user_9Qx", "can you not delete user_9Qx"}, // no verb after the frame
		{"user_9Qx needs to be unbanned, appeal approved", "unban user_9Qx, appeal approved"},
		{"org_3Vb should be deleted", "delete org_3Vb"},
		{"crm_id 5512 needs adding to user_9Qx", "add crm_id 5512 to user_9Qx"},
		{"first name for user_9Qx should be Zoë, not Zoe", "set first name for user_9Qx to Zoë"},
		// A statement of fact is no request.
		{"user_9Qx is banned", "user_9Qx is banned"},
		{"user_9Qx has been locked", "user_9Qx has been locked"},
		{"add bob@acme.com to the Northwind organization (org_3Vb) as admin", "add bob@acme.com to org_3Vb as admin"},
		{"remove the Google connection (eac_5Tt) from user_9Qx", "remove eac_5Tt from user_9Qx"},
		// Flags, values and roles given, sessions ended everywhere, "anyone with".
		{"turn on the beta_nav flag for user_9Qx", "set public metadata beta_nav=true for user_9Qx"},
		{"switch off the beta_nav feature flag on org_3Vb", "set public metadata beta_nav=false on org_3Vb"},
		{"give user_9Qx role=admin in public metadata", "set user_9Qx role=admin in public metadata"},
		{"give bob@acme.com the admin role in org_3Vb", "make bob@acme.com admin in org_3Vb"},
		{"lock user_9Qx and sign them out everywhere", "lock user_9Qx and revoke all sessions of them"},
		{"anyone with an email like acme.com?", "users with an email like acme.com?"},
		// A field said after its object, with a word of change or a known field.
		{"user_9Qx username should be dmitri_ops, update pls", "set username for user_9Qx to dmitri_ops"},
		{"org_3Vb name change to Acme", "set name for org_3Vb to Acme"},
		{"user_9Qx's first name to Priya", "set first name for user_9Qx to Priya"},
		{`org_3Vb name should be "Acme EU"`, `set name for org_3Vb to "Acme EU"`},
		{"org_3Vb never needs to be deleted", "org_3Vb never needs to be deleted"},
		{"user_9Qx sessions to revoke", "user_9Qx sessions to revoke"}, // no field
		{"user_9Qx plan to pro", "user_9Qx plan to pro"},               // "to" alone needs a known field
		// A change asked as done to its object; a participle before a noun describes.
		{"can we get user_9Qx unbanned? it was a false positive", "can we unban user_9Qx? it was a false positive"},
		{"have org_3Vb deleted asap", "delete org_3Vb asap"},
		{"get user_9Qx revoked sessions", "get user_9Qx revoked sessions"},
		{"give user_9Qx admin in org_3Vb pls", "make user_9Qx admin in org_3Vb pls"},
		{"we need user_9Qx deleted — leftover load-test account", "delete user_9Qx — leftover load-test account"},
		{"I need user_9Qx banned", "ban user_9Qx"},
		// A sign-in link named without a verb, wanted or given.
		{"sign-in token for user_9Qx, expires in 1 hour", "create a sign in token for user_9Qx, expires in 1 hour"},
		{"need a login link for user_9Qx", "create a sign in token for user_9Qx"},
		{"give user_9Qx a magic link", "create a sign in token for user_9Qx"},
	}
	for _, tt := range tests {
		if got := chatVoice(tt.in); got != tt.want {
			t.Errorf("chatVoice(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRequestAmongSentences: of a message in several sentences, the one that asks is
// decided; a story sentence may name the object the request points at.
func TestRequestAmongSentences(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "Good morning! Could you please rename org_8Kp to 'Acme EMEA'? The customer went through a rebrand.",
			ops: []string{"UpdateOrganization"}, args: map[string]string{"organization_id": "org_8Kp", "name": "Acme EMEA"}},
		{text: "Hello team, a customer (ana@example.de) got locked out after too many attempts. Could you unlock her account, please?",
			ops: []string{"GetUserList", "UnlockUser"}, args: map[string]string{"email_address": "ana@example.de"}},
		{text: "Hi there, could you tell me when user_6Wd last signed in? I am trying to figure out if the account is still used.",
			ops: []string{"GetUser"}, args: map[string]string{"user_id": "user_6Wd"}},
	})
	runStageCases(t, SourceFastpath, []stageCase{
		// A story before a dash, then the request; a question, then a story.
		{text: "customer says they can't sign in — unlock kim@example.io pls", ops: []string{"GetUserList", "UnlockUser"},
			args: map[string]string{"email_address": "kim@example.io"}},
		{text: "is user_6Wd banned? customer swears they did nothing", ops: []string{"GetUser"}},
		// Other words for an operation.
		{text: "get rid of the pending invite inv_5Tq", ops: []string{"RevokeInvitation"}, args: map[string]string{"invitation_id": "inv_5Tq"}},
		{text: "block user_6Wd from signing in", ops: []string{"BanUser"}, args: map[string]string{"user_id": "user_6Wd"}},
		{text: "cap org_8Kp at 25 members", ops: []string{"UpdateOrganization"}, args: map[string]string{"max_allowed_memberships": "25"}},
		{text: "raise the member limit for org_8Kp to 60 seats", ops: []string{"UpdateOrganization"}, args: map[string]string{"max_allowed_memberships": "60"}},
		{text: "list everyone with a example.org email", ops: []string{"GetUserList"}, args: map[string]string{"email_address_query": "example.org"}},
		{text: "users whose email contains acme.io", ops: []string{"GetUserList"}, args: map[string]string{"email_address_query": "acme.io"}},
		{text: "list users with usernames containing 'qa_'", ops: []string{"GetUserList"}, args: map[string]string{"username_query": "qa_"}},
		{text: "find users whose name is like Okafor", ops: []string{"GetUserList"}, args: map[string]string{"name_query": "Okafor"}},
	})
	runStageCases(t, SourceFastpath, []stageCase{
		// The story names only what the request names too.
		{text: "We've confirmed that user_6Wd is the account that enumerated invite codes (logs are attached to the ticket). Please ban user_6Wd so they can't sign back in.",
			ops: []string{"BanUser"}, args: map[string]string{"user_id": "user_6Wd"}},
		// An adverb between the polite frame and the verb.
		{text: "Erasure request DSR-1142 is verified (see thread above). Please permanently delete user_6Wd.",
			ops: []string{"DeleteUser"}, args: map[string]string{"user_id": "user_6Wd"}},
		// A story inside the sentence that asks, before a dash or a comma.
		{text: "Morning team, we got an alert overnight. Before anyone decides anything I just want to see the account itself - can you pull up the user with email ana@example.de? thx",
			ops: []string{"GetUserList"}, args: map[string]string{"email_address": "ana@example.de"}},
		// A noun that names the kind of the story's object points at it; a negation in
		// the story only describes the problem.
		{text: "One of our blocklist entries is wrong: blid_39R blocks a partner's mailbox by mistake and they can't sign up. Please remove that identifier from the blocklist.",
			ops: []string{"DeleteBlocklistIdentifier"}, args: map[string]string{"identifier_id": "blid_39R"}},
		// A question after a story: the sentence with the "?" is what is asked.
		{text: "The customer is user_6Wd. Could you ban them?", ops: []string{"BanUser"}, args: map[string]string{"user_id": "user_6Wd"}},
	})
	// A read of the one object the story names, with no pronoun for it.
	runStageCases(t, SourceRanker, []stageCase{
		{text: "A customer says they were charged for Pro. Their user id is user_6Wd. Could you show me which billing subscription Clerk thinks they're on?",
			ops: []string{"GetUserBillingSubscription"}, args: map[string]string{"user_id": "user_6Wd"}},
	})
	// Without a pronoun, the story's object is carried to a read only, never to a change.
	for _, text := range []string{
		"The reporter mentioned user_6Wd in the ticket. Could you ban the spammer?",
		"Their user id is user_6Wd. Could you delete the duplicate account?",
		// A noun of another kind than the story's object.
		"user_6Wd leaked a key. Please revoke the key.",
	} {
		if in := parse(t, text); slices.ContainsFunc(in.Steps, Step.IsWrite) {
			t.Errorf("Parse(%q) = %s %v (%s), want no write", text, in.Mode, ops(in), in.Reason)
		}
	}
	// A sentence that takes the request back plans no write.
	text := "Could you delete user_6Wd? Actually wait, not yet."
	if in := parse(t, text); slices.ContainsFunc(in.Steps, Step.IsWrite) {
		t.Errorf("Parse(%q) = %s %v (%s), want no write", text, in.Mode, ops(in), in.Reason)
	}
}

// TestAreAfterQuestionWord: "who r the admins of org_1?" is "who are".
func TestAreAfterQuestionWord(t *testing.T) {
	wantPlan(t, []struct{ text, op string }{
		{"who r the admins of org_2abcdefghijklmnopqrstuvwxyz1?", "ListOrganizationMemberships"},
	})
}
