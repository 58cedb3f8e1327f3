package intents

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

type stageCase struct {
	text string
	mode Mode
	ops  []string          // every step, in order
	args map[string]string // values found in some step
}

func runStageCases(t *testing.T, source Source, tests []stageCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := parse(t, tt.text)
			mode := tt.mode
			if mode == "" {
				mode = ModeExecute
			}
			if in.Mode != mode {
				t.Fatalf("Parse(%q).Mode = %s (%s; %s), want %s", tt.text, in.Mode, in.Message, in.Reason, mode)
			}
			if in.Source != source {
				t.Errorf("Parse(%q).Source = %s (%s), want %s", tt.text, in.Source, in.Reason, source)
			}
			if tt.ops != nil && !slices.Equal(ops(in), tt.ops) {
				t.Errorf("Parse(%q) steps = %v, want %v", tt.text, ops(in), tt.ops)
			}
			checkArgs(t, tt.text, in, tt.args)
			assertValid(t, tt.text, in)
		})
	}
}

func ago(d time.Duration) string { return strconv.FormatInt(testNow.Add(-d).UnixMilli(), 10) }

const day = 24 * time.Hour

func TestFastpathUsers(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "get user john_doe", ops: []string{"GetUserList"}, args: map[string]string{"username": "john_doe"}},
		{text: "look up user alice.w", ops: []string{"GetUserList"}, args: map[string]string{"username": "alice.w"}},
		{text: "get user Bob", ops: []string{"GetUserList"}, args: map[string]string{"query": "Bob"}},
		// A change on a user named after "user" looks them up by free text first; the
		// engine follows the look-up only when it finds exactly one user.
		{text: "ban user jane", ops: []string{"GetUserList", "BanUser"}, args: map[string]string{"query": "jane", "user_id": "$steps[0].id"}},
		{text: "lock user Jane Doe", ops: []string{"GetUserList", "LockUser"}, args: map[string]string{"query": "Jane Doe"}},
		{text: "show me user user_2abc", ops: []string{"GetUser"}, args: map[string]string{"user_id": "user_2abc"}},
		{text: "user_2abc", ops: []string{"GetUser"}, args: map[string]string{"user_id": "user_2abc"}},
		{text: "find the user with email alice@example.com", ops: []string{"GetUserList"}, args: map[string]string{"email_address": "alice@example.com"}},
		{text: "lookup <mailto:jane@x.io|jane@x.io>", ops: []string{"GetUserList"}, args: map[string]string{"email_address": "jane@x.io"}},
		{text: "list all users", ops: []string{"GetUserList"}},
		{text: "list the 10 newest users", ops: []string{"GetUserList"}, args: map[string]string{"limit": "10", "order_by": "-created_at"}},
		{text: "list users created in the last 7 days", ops: []string{"GetUserList"}, args: map[string]string{"created_at_after": ago(7 * day)}},
		{text: "i need to get all users who signed up in the last 7 days", ops: []string{"GetUserList"}, args: map[string]string{"created_at_after": ago(7 * day)}},
		{text: "who signed up this week?", ops: []string{"GetUserList"}, args: map[string]string{"created_at_after": ago(3*day + 12*time.Hour)}},
		{text: "users active in the last 24 hours", ops: []string{"GetUserList"}, args: map[string]string{"last_active_at_after": ago(day)}},
		{text: "users who signed in since 2026-11-01", ops: []string{"GetUserList"}, args: map[string]string{"last_sign_in_at_after": "1793491200000"}},
		{text: "list banned users", ops: []string{"GetUserList"}, args: map[string]string{"banned": "true"}},
		{text: "list users in org_1", ops: []string{"GetUserList"}, args: map[string]string{"organization_id": "org_1"}},
		{text: "list users with acme.com emails", ops: []string{"GetUserList"}, args: map[string]string{"email_address_query": "acme.com"}},
		{text: "how many users do we have", ops: []string{"GetUsersCount"}},
		{text: "count users", ops: []string{"GetUsersCount"}},
		{text: "how many users signed up this month", ops: []string{"GetUsersCount"}, args: map[string]string{"created_at_after": "1793491200000"}},
		{text: "count banned users", ops: []string{"GetUsersCount"}, args: map[string]string{"banned": "true"}},
		{text: "create a user with email carol@acme.com", ops: []string{"CreateUser"}, args: map[string]string{"email_address": "carol@acme.com"}},
		{text: "add a new user named Jane Doe with email jane@doe.com", ops: []string{"CreateUser"}, args: map[string]string{"first_name": "Jane", "last_name": "Doe"}},
		{text: "create user with email a@b.co and username alice_1", ops: []string{"CreateUser"}, args: map[string]string{"username": "alice_1"}},
		{text: "create a user", mode: ModeClarify},
		{text: "delete user user_abc123", ops: []string{"DeleteUser"}, args: map[string]string{"user_id": "user_abc123"}},
		{text: "remove a user with id user_abc123", ops: []string{"DeleteUser"}, args: map[string]string{"user_id": "user_abc123"}},
		{text: "delete user bob@acme.com", ops: []string{"GetUserList", "DeleteUser"}, args: map[string]string{"email_address": "bob@acme.com", "user_id": "$steps[0].id"}},
		{text: "ban user user_123", ops: []string{"BanUser"}, args: map[string]string{"user_id": "user_123"}},
		{text: "ban bob@acme.com", ops: []string{"GetUserList", "BanUser"}},
		{text: "unban user_123", ops: []string{"UnbanUser"}},
		{text: "lock the account of user_42", ops: []string{"LockUser"}, args: map[string]string{"user_id": "user_42"}},
		{text: "lock user john.doe", ops: []string{"GetUserList", "LockUser"}, args: map[string]string{"username": "john.doe"}},
		{text: "unlock user_42", ops: []string{"UnlockUser"}},
	})
}

func TestFastpathMetadataAndFields(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "update user_9 first name to Jane", ops: []string{"UpdateUser"}, args: map[string]string{"user_id": "user_9", "first_name": "Jane"}},
		{text: "change username of user_4 to neo", ops: []string{"UpdateUser"}, args: map[string]string{"username": "neo"}},
		{text: "set user_9 last name to Smith", ops: []string{"UpdateUser"}, args: map[string]string{"last_name": "Smith"}},
		{text: "set plan to 'pro' and onboarded to true on user_abc123", ops: []string{"UpdateUserMetadata"},
			args: map[string]string{"user_id": "user_abc123", "public_metadata.plan": "pro", "public_metadata.onboarded": "true"}},
		{text: "set public metadata plan=pro on user_123", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"public_metadata.plan": "pro"}},
		{text: "set private metadata stripe_id=cus_123 on user_7", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"private_metadata.stripe_id": "cus_123"}},
		{text: "set stripe_customer_id to cus_abc on user_3", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"private_metadata.stripe_customer_id": "cus_abc"}},
		{text: "set unsafe metadata theme=dark on user_3", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"unsafe_metadata.theme": "dark"}},
		{text: "set seats=5, beta=false on user_4", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"public_metadata.seats": "5", "public_metadata.beta": "false"}},
		{text: "set features.beta to true on user_4", ops: []string{"UpdateUserMetadata"}, args: map[string]string{"public_metadata.features.beta": "true"}},
		{text: "set plan to pro for Bob@Acme.com", ops: []string{"GetUserList", "UpdateUserMetadata"}, args: map[string]string{"public_metadata.plan": "pro"}},
		{text: "set public metadata tier=gold on org_1", ops: []string{"MergeOrganizationMetadata"}, args: map[string]string{"organization_id": "org_1", "public_metadata.tier": "gold"}},
		{text: "update org_1 name to \"New Name\"", ops: []string{"UpdateOrganization"}, args: map[string]string{"name": "New Name"}},
		{text: "set new password for user_1: Wint3r-Kraken-2026", ops: []string{"UpdateUser"}, args: map[string]string{"user_id": "user_1", "password": "Wint3r-Kraken-2026"}},
		{text: "change user_1 password to 'hunter2!!'", ops: []string{"UpdateUser"}, args: map[string]string{"password": "hunter2!!"}},
		{text: "change user_1 password to hunter2!!", mode: ModeClarify},
		{text: "rename user_1 to Bob Smith", ops: []string{"UpdateUser"}, args: map[string]string{"first_name": "Bob", "last_name": "Smith"}},
		{text: "change user_1's name to Bob Smith", ops: []string{"UpdateUser"}, args: map[string]string{"first_name": "Bob", "last_name": "Smith"}},
		{text: "put user_1 into org_1", ops: []string{"CreateOrganizationMembership"}, args: map[string]string{"organization_id": "org_1"}},
		{text: "set seats to 40 in acme's org metadata (org_1)", ops: []string{"MergeOrganizationMetadata"}, args: map[string]string{"organization_id": "org_1", "public_metadata.seats": "40"}},
		{text: "flip onboarding_complete to true in Pied Piper's public metadata, org_2", ops: []string{"MergeOrganizationMetadata"}, args: map[string]string{"public_metadata.onboarding_complete": "true"}},
	})
}

// The kind of metadata said last, in an aside or a sentence of its own, is the
// kind written: dropping "(private metadata)" as a mere aside would publish a
// value the customer must not see.
func TestMetadataKindSaidLast(t *testing.T) {
	opts := testOptions(t)
	for _, text := range []string{
		"set csm_owner on org_1 to rachel (private metadata)",
		"csm_owner on org_1 should be rachel (private metadata)",
		"set csm_owner on org_1 to rachel. private metadata please",
		"set health_score to 3 on user_1 (private)",
		"set metadata plan=pro on user_1 (privately please)",
		`update user_1 metadata {"plan":"pro"} -- private`,
		`update user_1 metadata {"private_metadata":{"plan":"pro"}}`,
	} {
		in := Parse(t.Context(), text, opts)
		if in.Mode != ModeExecute || len(in.Steps) != 1 {
			t.Errorf("Parse(%q) = %s %v (%s), want one metadata merge", text, in.Mode, in.Steps, in.Reason)
			continue
		}
		var body map[string]any
		if err := json.Unmarshal(in.Steps[0].Body, &body); err != nil {
			t.Fatal(err)
		}
		if _, ok := body["private_metadata"]; !ok || len(body) != 1 {
			t.Errorf("Parse(%q) body = %s, want private_metadata only", text, in.Steps[0].Body)
		}
	}
	for _, text := range []string{"set plan to pro in public metadata on user_1 (private)"} {
		if in := Parse(t.Context(), text, opts); in.Mode == ModeExecute {
			t.Errorf("Parse(%q) = %s %s, want a question: two kinds are named", text, in.Steps[0].OperationID, in.Steps[0].Body)
		}
	}
}

func TestFastpathOrganizations(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "create organization Acme Corp", ops: []string{"CreateOrganization"}, args: map[string]string{"name": "Acme Corp"}},
		{text: "create an organization named Initech", ops: []string{"CreateOrganization"}, args: map[string]string{"name": "Initech"}},
		{text: `create org "Beta Inc" with slug beta-inc`, ops: []string{"CreateOrganization"}, args: map[string]string{"name": "Beta Inc", "slug": "beta-inc"}},
		{text: "create an organization", mode: ModeClarify},
		{text: "list organizations", ops: []string{"ListOrganizations"}},
		{text: "list organizations named acme", ops: []string{"ListOrganizations"}, args: map[string]string{"query": "acme"}},
		{text: "get organization acme-corp", ops: []string{"GetOrganization"}, args: map[string]string{"organization_id": "acme-corp"}},
		{text: "fetch organization org_2", ops: []string{"GetOrganization"}, args: map[string]string{"organization_id": "org_2"}},
		{text: "rename org_1 to Acme Inc", ops: []string{"UpdateOrganization"}, args: map[string]string{"organization_id": "org_1", "name": "Acme Inc"}},
		{text: "delete organization org_1", ops: []string{"DeleteOrganization"}, args: map[string]string{"organization_id": "org_1"}},
		{text: "delete org acme-corp", ops: []string{"GetOrganization", "DeleteOrganization"}, args: map[string]string{"organization_id": "acme-corp"}},
		{text: "how many organizations are there", ops: []string{"ListOrganizations"}, args: map[string]string{"limit": "1"}},
	})
}

func TestFastpathMembershipsInvitationsSessions(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "add user_5 to org_1 as member", ops: []string{"CreateOrganizationMembership"}, args: map[string]string{"organization_id": "org_1", "user_id": "user_5", "role": "org:member"}},
		{text: "add user_6 to org_2 as admin", ops: []string{"CreateOrganizationMembership"}, args: map[string]string{"role": "org:admin"}},
		{text: "list members of org_1", ops: []string{"ListOrganizationMemberships"}, args: map[string]string{"organization_id": "org_1"}},
		{text: "list admins of org_1", ops: []string{"ListOrganizationMemberships"}, args: map[string]string{"role": "org:admin"}},
		{text: "change role of user_5 in org_1 to admin", ops: []string{"UpdateOrganizationMembership"}, args: map[string]string{"organization_id": "org_1", "user_id": "user_5", "role": "org:admin"}},
		{text: "change user_6's role in org_2 to member", ops: []string{"UpdateOrganizationMembership"}, args: map[string]string{"role": "org:member"}},
		{text: "make user_5 an admin of org_1", ops: []string{"UpdateOrganizationMembership"}, args: map[string]string{"role": "org:admin"}},
		{text: "remove user_5 from org_1", ops: []string{"DeleteOrganizationMembership"}, args: map[string]string{"organization_id": "org_1", "user_id": "user_5"}},
		{text: "what orgs is user_55 a member of", ops: []string{"UsersGetOrganizationMemberships"}, args: map[string]string{"user_id": "user_55"}},
		{text: "list all organization memberships in the instance", ops: []string{"InstanceGetOrganizationMemberships"}},
		{text: "invite bob@acme.com", ops: []string{"CreateInvitation"}, args: map[string]string{"email_address": "bob@acme.com"}},
		{text: "send an invitation to carol@x.com", ops: []string{"CreateInvitation"}, args: map[string]string{"email_address": "carol@x.com"}},
		{text: "invite bob@acme.com to org_1 as admin", ops: []string{"CreateOrganizationInvitation"}, args: map[string]string{"organization_id": "org_1", "email_address": "bob@acme.com", "role": "org:admin"}},
		{text: "invite <mailto:bob@acme.com|bob@acme.com> to Acme Corp as member", ops: []string{"ListOrganizations", "CreateOrganizationInvitation"},
			args: map[string]string{"query": "Acme Corp", "email_address": "bob@acme.com", "role": "org:member", "organization_id": "$steps[0].id"}},
		{text: "invite bob@acme.com as admin", mode: ModeClarify},
		{text: "list pending invitations", ops: []string{"ListInvitations"}, args: map[string]string{"status": "pending"}},
		{text: "list invitations for org_1", ops: []string{"ListOrganizationInvitations"}, args: map[string]string{"organization_id": "org_1"}},
		{text: "revoke invitation inv_123", ops: []string{"RevokeInvitation"}, args: map[string]string{"invitation_id": "inv_123"}},
		{text: "revoke orginv_1 in org_2", ops: []string{"RevokeOrganizationInvitation"}, args: map[string]string{"invitation_id": "orginv_1", "organization_id": "org_2"}},
		{text: "revoke the invitation for bob@x.com", ops: []string{"ListInvitations", "RevokeInvitation"}},
		{text: "create a new organization called 'Acme Corp' and invite user@example.com as an admin", ops: []string{"CreateOrganization", "CreateOrganizationInvitation"},
			args: map[string]string{"name": "Acme Corp", "email_address": "user@example.com", "role": "org:admin", "organization_id": "$steps[0].id"}},
		{text: "list sessions for user_9", ops: []string{"GetSessionList"}, args: map[string]string{"user_id": "user_9"}},
		{text: "show active sessions for user_1", ops: []string{"GetSessionList"}, args: map[string]string{"status": "active"}},
		{text: "revoke session sess_123", ops: []string{"RevokeSession"}, args: map[string]string{"session_id": "sess_123"}},
		{text: "end session sess_abc", ops: []string{"RevokeSession"}},
	})
}

func TestFastpathRefusals(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "what's the weather in Paris", mode: ModeReject},
		{text: "restart the production database", mode: ModeReject},
	})
}

// TestBulkAskedBack: a change over many objects is never planned; it is asked back,
// offering the list that finds them and the change for one.
func TestBulkAskedBack(t *testing.T) {
	for _, tt := range []struct {
		text  string
		cands []string
	}{
		{"delete all users", []string{"GetUserList", "DeleteUser"}},
		{"remove every user", []string{"GetUserList", "DeleteUser"}},
		{"ban all users", []string{"GetUserList", "BanUser", "UsersBan"}},
		{"kill all of her sessions", []string{"GetSessionList", "RevokeSession"}},
		{"delete the old invites", []string{"ListInvitations", "RevokeInvitation", "ListInstanceOrganizationInvitations", "RevokeOrganizationInvitation"}},
		{"remove all members of the acme org", []string{"ListOrganizationMemberships", "DeleteOrganizationMembership"}},
	} {
		in := parse(t, tt.text)
		var got []string
		for _, c := range in.Candidates {
			got = append(got, c.OperationID)
		}
		if in.Mode != ModeClarify || len(in.Steps) > 0 || !strings.Contains(in.Message, "bulk") || !slices.Equal(got[:min(len(got), len(tt.cands))], tt.cands) {
			t.Errorf("Parse(%q) = %s %v, candidates %v (%s), want a question back offering %v", tt.text, in.Mode, ops(in), got, in.Message, tt.cands)
		}
	}
}

func TestRanker(t *testing.T) {
	runStageCases(t, SourceRanker, []stageCase{
		{text: "disable mfa for user_77", ops: []string{"DisableMFA"}, args: map[string]string{"user_id": "user_77"}},
		{text: "remove password for user_77", ops: []string{"RemoveUserPassword"}},
		{text: "delete the password of user_6", ops: []string{"RemoveUserPassword"}},
		{text: "mark user_5 password as compromised", ops: []string{"SetUserPasswordCompromised"}},
		{text: "show the secret key of machine mch_3", ops: []string{"GetMachineSecretKey"}, args: map[string]string{"machine_id": "mch_3"}},
		{text: "list the trusted devices of user_12", ops: []string{"ListUserTrustedDevices"}, args: map[string]string{"user_id": "user_12"}},
		{text: "create a sign-in token for user_9", ops: []string{"CreateSignInToken"}, args: map[string]string{"user_id": "user_9"}},
		{text: "add acme.com to the allowlist", ops: []string{"CreateAllowlistIdentifier"}, args: map[string]string{"identifier": "acme.com"}},
		{text: "block spammer@evil.com", ops: []string{"CreateBlocklistIdentifier"}, args: map[string]string{"identifier": "spammer@evil.com"}},
		{text: "list email templates", ops: []string{"GetTemplateList"}, args: map[string]string{"template_type": "email"}},
		{text: "list domains", ops: []string{"ListDomains"}},
		{text: "list waitlist entries pending", ops: []string{"ListWaitlistEntries"}, args: map[string]string{"status": "pending"}},
		{text: "reject waitlist entry wle_1", ops: []string{"RejectWaitlistEntry"}},
		{text: "rotate secret key of machine mch_1", ops: []string{"RotateMachineSecretKey"}, args: map[string]string{"previous_token_ttl": "0"}},
		{text: "impersonate user_9", mode: ModeClarify},
		{text: "update instance settings", mode: ModeClarify},
		{text: "delete passkey for user_5", mode: ModeClarify},
		{text: "delete john_doe", mode: ModeClarify},
	})
	in := parse(t, "impersonate user_9")
	found := false
	for _, c := range in.Candidates {
		found = found || c.OperationID == "CreateActorToken"
	}
	if !found || len(in.Candidates) > 3 {
		t.Errorf("Parse(impersonate user_9).Candidates = %v, want at most 3 including CreateActorToken", in.Candidates)
	}
}

// TestOrgNamedWithItsKind: "the Halcyon Health org" is looked up as Halcyon Health; a
// new organization keeps every word of its name.
func TestOrgNamedWithItsKind(t *testing.T) {
	in := parse(t, "invite ines@halcyonhealth.org to the Halcyon Health org as an admin")
	if in.Mode != ModeExecute || len(in.Steps) != 2 || !slices.Equal(in.Steps[0].Query["query"], []string{"Halcyon Health"}) {
		t.Errorf("invite to the Halcyon Health org = %s %v, want a look-up of Halcyon Health first", in.Mode, in.Steps)
	}
	in = parse(t, "create an organization called Acme Team")
	if in.Mode != ModeExecute || !strings.Contains(string(in.Steps[0].Body), `"Acme Team"`) {
		t.Errorf("create Acme Team = %s %v, want the whole name", in.Mode, in.Steps)
	}
}

// TestSignedInNow: whether someone is signed in now is a question about their active
// sessions, not their last sign-in; a notification not to send is no email to add.
func TestSignedInNow(t *testing.T) {
	for _, text := range []string{"is user_38EK signed in anywhere right now? trying to figure out if they're actually using it", "is bob@acme.com logged in anywhere right now?"} {
		in := parse(t, text)
		if in.Mode != ModeExecute || ops(in)[len(in.Steps)-1] != "GetSessionList" {
			t.Errorf("Parse(%q) = %s %v (%s), want the user's sessions", text, in.Mode, ops(in), in.Reason)
		}
	}
	if in := parse(t, "has user_38EK signed in this week?"); in.Mode == ModeExecute && ops(in)[0] == "GetSessionList" {
		t.Errorf("a past sign-in = %v, want the user (last_sign_in_at)", ops(in))
	}
	in := parse(t, "allowlist auditor@kpmg-partner.com but DON'T send them a notification email")
	if in.Mode != ModeExecute || ops(in)[0] != "CreateAllowlistIdentifier" || !strings.Contains(string(in.Steps[0].Body), `"notify":false`) {
		t.Errorf("allowlist without a notification = %s %v", in.Mode, in.Steps)
	}
}

// TestNeedsAThing: "need a svix dashboard link", "QA needs a testing token" ask to
// create one; no longer needing one does not.
func TestNeedsAThing(t *testing.T) {
	wantPlan(t, []struct{ text, op string }{
		{"need a svix dashboard link so i can see which webhook deliveries failed", "GenerateSvixAuthURL"},
		{"gimme a link to the svix webhooks dashboard", "GenerateSvixAuthURL"},
		{"QA needs a testing token for playwright run on dev instance", "CreateTestingToken"},
	})
	if in := parse(t, "we no longer need a testing token"); in.Mode == ModeExecute {
		t.Errorf("no longer needing a token = %s %v, want no change", in.Mode, ops(in))
	}
}

// TestSettingsByTheirFields: a setting is asked for by what it holds.
func TestSettingsByTheirFields(t *testing.T) {
	wantPlan(t, []struct{ text, op string }{
		{"what's max_allowed_memberships set to in our org settings?", "GetInstanceOrganizationSettings"},
		{"is there max memberships limit per organization in our instance settings?", "GetInstanceOrganizationSettings"},
		{"is protect / specter actually enabled on prod?", "GetInstanceProtect"},
		{"which countries are blocked for sms right now?", "GetInstanceCommunication"},
	})
}

// TestMetadataKeyNamesItsKind: "public_metadata.role" is the key role of the public
// metadata, never a key public_metadata inside it (review 10).
func TestMetadataKeyNamesItsKind(t *testing.T) {
	for text, want := range map[string]string{
		`can you set public_metadata.role to "beta" for user_2abcdefghijklmnopqrstuvwxy1`: `{"public_metadata":{"role":"beta"}}`,
		"set private_metadata.crm.id = 42 on user_2abcdefghijklmnopqrstuvwxy1":            `{"private_metadata":{"crm":{"id":42}}}`,
	} {
		in := parse(t, text)
		if in.Mode != ModeExecute || len(in.Steps) != 1 || string(in.Steps[0].Body) != want {
			var body string
			if len(in.Steps) > 0 {
				body = string(in.Steps[0].Body)
			}
			t.Errorf("Parse(%q) = %s %v body %s, want %s", text, in.Mode, ops(in), body, want)
		}
	}
}

// TestStoryAroundTheAsk (session 14): a JSON object merged into a named kind of
// metadata is sent as it is; a name in quotes may be followed by an aside in
// brackets; a first and a last name right before an address are its owner's; "see
// OPS-112" points to a ticket, not a read, and "invoices:read" is a scope; "he
// cannot register" tells the trouble, not a change unwanted, whoever cannot;
// "Hola,", "urgent-ish:", "Context:" open a message to clerkbot; "— done debugging"
// is no status.
func TestStoryAroundTheAsk(t *testing.T) {
	u, o := "user_2abcdefghijklmnopqrstuvwxyz1", "org_2abcdefghijklmnopqrstuvwxyz1"
	for _, c := range []struct {
		text, op, key, want string
	}{
		{`merge {"features":{"ai_assist":true}} into public metadata of ` + u, "UpdateUserMetadata", "public_metadata", `{"features":{"ai_assist":true}}`},
		{"merge `{\"onboarded\": true}` into private metadata for " + u + ", the onboarding webhook missed her", "UpdateUserMetadata", "private_metadata", `{"onboarded":true}`},
		{`set public metadata of ` + o + ` to {"plan": "enterprise", "sso": true}`, "MergeOrganizationMetadata", "public_metadata", `{"plan":"enterprise","sso":true}`},
		{`rename ` + o + ` to "Harbor & Pine Trading Ltd" (legal name change, KYB-512)`, "UpdateOrganization", "name", `"Harbor \u0026 Pine Trading Ltd"`},
		{"rename " + o + " to Acme (EU)", "UpdateOrganization", "name", `"Acme (EU)"`},
		{"Our auditor needs an account. Create a user for Helga Brandt, <mailto:h.brandt@kpmg-audit.de|h.brandt@kpmg-audit.de>.", "CreateUser", "last_name", `"Brandt"`},
		{"create an account for our new pilot contact at halvorsen: Tomasz Wierzbicki, <mailto:tomasz.w@halvorsen.no|tomasz.w@halvorsen.no>", "CreateUser", "first_name", `"Tomasz"`},
	} {
		in := parse(t, c.text)
		if in.Mode != ModeExecute || len(in.Steps) != 1 || in.Steps[0].OperationID != c.op {
			t.Errorf("%q: got %s %v (%s), want %s", c.text, in.Mode, in.Steps, in.Reason, c.op)
			continue
		}
		var body map[string]json.RawMessage
		if err := json.Unmarshal(in.Steps[0].Body, &body); err != nil || string(body[c.key]) != c.want {
			t.Errorf("%q: body %s, want %s = %s", c.text, in.Steps[0].Body, c.key, c.want)
		}
	}
	wantPlan(t, []struct{ text, op string }{
		{"allowlist teacher.ravi@dpsrkp.edu.in , he cannot register", "CreateAllowlistIdentifier"},
		{"unlock " + u + ", she can't log in", "UnlockUser"},
		{"create api key n8n-prod for org_2abcdefghijklmnopqrstuvwxyz, scope invoices:read", "createApiKey"},
		{"read: " + u, "GetUser"},
		{"Hola, the billing sync failed for " + u + " last night. Can you put stripe_customer_id = cus_Q8xLm2 in his private metadata?", "UpdateUserMetadata"},
		{"urgent-ish: " + u + " uploaded a pic of a patient wristband as their avatar. please delete the profile image", "DeleteUserProfileImage"},
		{"Context: Dr. Feng took over as practice lead. Can you change " + u + "'s role in " + o + " to admin?", "UpdateOrganizationMembership"},
		{"revoke actor token act_2CiEaZheRFhXopLMyHHHgYvUmgz — done debugging, thanks!", "RevokeActorToken"},
		{"invite priya.ks@gmail.com to " + o + " as a member, their captain can't send invites", "CreateOrganizationInvitation"},
		// A typo in something, and a state nobody wants, tell why.
		{"Please revoke invitation inv_24h1h5qFzC7S8S9LuNbe4k09kvM. It was sent to the wrong address (there was a typo in the client's domain) and I would rather it not be accepted by whoever owns that mailbox.", "RevokeInvitation"},
		// An operation the text gives no id for is no rival of one it fills.
		{"delete " + o + ", it's the crypto giveaway org, all members already banned", "DeleteOrganization"},
		// An approval told of after the request is its reason, not a voice.
		{"unban dmitri.volkov@contoso.io — appeal was approved", "UnbanUser"},
		{"unban <mailto:nate.r@icloud.com|nate.r@icloud.com> pls, appeal approved ✅", "UnbanUser"},
		// A setting named with "required" is switched by require, enable, disable.
		{"require PKCE on oauth application oa_2uH6pXk9LmT3vRb8NcQ1sWz5YdF", "UpdateOAuthApplication"},
		{"enable pkce on oauth app oa_2uH6pXk9LmT3vRb8NcQ1sWz5YdF", "UpdateOAuthApplication"},
		// "now" at the end is no part of the value.
		{"slug for org_2gzcX4Qmr1Z3fBuv03XS1R31IH5 should be northwind-logistics now", "UpdateOrganization"},
		// A date in the story before the request is no filter of it.
		{"Auditing redirect URLs for leftovers from the old staging env, which was decommissioned in August. Can you list them all? I'll send back which ones to delete.", "ListRedirectURLs"},
		// "pls" and "kindly" open a request after a story as "please" does.
		{"Ms. Patel got married over winter break, pls change the last name on " + u + " to Okafor", "UpdateUser"},
		{"School changed it's name, kindly rename " + o + " to Greenwood High International", "UpdateOrganization"},
		// An emoji between the story and the ask ends the story's sentence.
		{"attacker set the avatar on " + u + " to a phishing QR code 🤦 remove the profile image", "DeleteUserProfileImage"},
		{"someone set up " + u + " with a QR code as avatar 🤦‍♀️ remove the profile image", "DeleteUserProfileImage"},
	})
	wantNoWrite(t, "ban "+u+" — done", "sam, please ban "+u, "don't require pkce on oa_2uH6pXk9LmT3vRb8NcQ1sWz5YdF")
	if in := parse(t, "list orgs created last week"); in.Mode == ModeExecute && !strings.Contains(fmt.Sprint(in.Steps[0].Query), "created_at") {
		t.Errorf("dates in the request itself: got %s %v, want them asked for or sent", in.Mode, in.Steps)
	}
	in := parse(t, "ban "+u+" — bot signups from the same /24, see OPS-112.")
	if in.Mode != ModeExecute || in.Steps[0].OperationID != "BanUser" {
		t.Errorf("a ban with a ticket to see: got %s %v (%s)", in.Mode, in.Steps, in.Reason)
	}
	// Two kinds named for one object, or a replace, are not a merge.
	for _, text := range []string{
		`merge {"plan": "pro"} into public metadata of ` + u + `, or private metadata?`,
		`merge {"private_metadata": {"a": 1}} into public metadata of ` + u,
	} {
		if in := parse(t, text); in.Mode == ModeExecute && in.Steps[0].OperationID == "UpdateUserMetadata" {
			t.Errorf("%q: merged %s", text, in.Steps[0].Body)
		}
	}
	wantNoWrite(t, "don't ban "+u)
}

// TestChangeEmail: "change user_1's email to X" replaces the user's addresses with X
// (PUT /users/{user_id}/email_address); adding one is CreateEmailAddress, and a
// question, a negation or the instance's support email changes no user.
func TestChangeEmail(t *testing.T) {
	u := "user_2abcdefghijklmnopqrstuvwxyz1"
	for _, text := range []string{
		"change " + u + "'s email to dmitri.v@ostrava-labs.eu",
		u + " wants their email changed to dmitri.v@ostrava-labs.eu, the old address bounces",
		"Change the primary email on " + u + " to <mailto:dmitri.v@ostrava-labs.eu|dmitri.v@ostrava-labs.eu>",
		"swap " + u + "'s login email for dmitri.v@ostrava-labs.eu",
	} {
		in := parse(t, text)
		if in.Mode != ModeExecute || len(in.Steps) != 1 || in.Steps[0].OperationID != "ReplaceUserEmailAddress" ||
			in.Steps[0].PathParams["user_id"] != u || string(in.Steps[0].Body) != `{"email_address":"dmitri.v@ostrava-labs.eu"}` {
			t.Errorf("Parse(%q) = %s %v (%s), want ReplaceUserEmailAddress of %s", text, in.Mode, in.Steps, in.Reason, u)
		}
	}
	wantPlan(t, []struct{ text, op string }{
		{"add dmitri.v@ostrava-labs.eu as a second email on " + u, "CreateEmailAddress"},
		{"change the instance support email to help@acme-widgets.io", "UpdateInstance"},
	})
	wantPlan(t, []struct{ text, op string }{
		{"seller wants their login email changed to <mailto:orders@saltandsage.studio|orders@saltandsage.studio> — user is " + u, "ReplaceUserEmailAddress"},
	})
	wantNoWrite(t,
		"should we change "+u+"'s email to dmitri.v@ostrava-labs.eu?",
		"don't change "+u+"'s email to dmitri.v@ostrava-labs.eu",
		"change "+u+"'s email to dmitri.v@ostrava-labs.eu? not sure yet",
	)
}

// TestWantedChange: a field someone wants changed is set ("user_1 wants their
// username changed to x"); a possessive is no part of a key ("set her plan to pro"
// is plan), "organization name" is the organization's name, and a dash is no value.
func TestWantedChange(t *testing.T) {
	u, o := "user_2abcdefghijklmnopqrstuvwxyz1", "org_2abcdefghijklmnopqrstuvwxyz1"
	for _, c := range []struct{ text, op, body string }{
		{u + " wants their username changed to teal_heron", "UpdateUser", `{"username":"teal_heron"}`},
		{"they want their username changed to teal_heron, account is " + u, "UpdateUser", `{"username":"teal_heron"}`},
		{"They would like the organization name changed to \"Northgate Skin & Laser Center\". Org id " + o + ".", "UpdateOrganization", `{"name":"Northgate Skin \u0026 Laser Center"}`},
		{u + " - change their last name to Okafor", "UpdateUser", `{"last_name":"Okafor"}`},
		{u + ": set her plan to pro", "UpdateUserMetadata", `{"public_metadata":{"plan":"pro"}}`},
		{"tag " + u + " public metadata with cohort = winter-27", "UpdateUserMetadata", `{"public_metadata":{"cohort":"winter-27"}}`},
		{"set organization name to \"Northgate\" for " + o, "UpdateOrganization", `{"name":"Northgate"}`},
	} {
		in := parse(t, c.text)
		if in.Mode != ModeExecute || len(in.Steps) != 1 || in.Steps[0].OperationID != c.op || string(in.Steps[0].Body) != c.body {
			t.Errorf("Parse(%q) = %s %v (%s), want %s %s", c.text, in.Mode, in.Steps, in.Reason, c.op, c.body)
		}
	}
	// "it" is the one field the text names before it.
	in := parse(t, u+" has a slur in their username, change it to user48930")
	if in.Mode != ModeExecute || len(in.Steps) != 1 || string(in.Steps[0].Body) != `{"username":"user48930"}` {
		t.Errorf("change it to …: got %s %v (%s), want the username", in.Mode, in.Steps, in.Reason)
	}
	if got := fieldForIt("their first name and last name are wrong, change it to Ana"); got != "their first name and last name are wrong, change it to Ana" {
		t.Errorf("fieldForIt with two fields = %q, want it unchanged", got)
	}
	if got := fieldForIt("set " + u + "'s first name to Jon — typo, set it to John"); strings.Contains(got, "set the first name") {
		t.Errorf("fieldForIt of a correction = %q, want it unchanged", got)
	}
	wantNoWrite(t,
		u+" never wants their username changed to teal_heron",
		"does "+u+" want their username changed to teal_heron?",
		"update his role — "+u,
	)
}

// TestCustomRole: a role of the instance's own said after "as" is its key
// ("as a learner" is org:learner); words that say how or why are no role.
func TestCustomRole(t *testing.T) {
	u, o := "user_2abcdefghijklmnopqrstuvwxyz1", "org_2abcdefghijklmnopqrstuvwxyz1"
	for _, c := range []struct{ text, op, role string }{
		{"invite raj.patel@infy-mail.com to " + o + " as a learner 🐍", "CreateOrganizationInvitation", "org:learner"},
		{"please add " + u + " to " + o + " as instructor 🙏", "CreateOrganizationMembership", "org:instructor"},
		{"invite raj.patel@infy-mail.com to " + o + " as admin", "CreateOrganizationInvitation", "org:admin"},
		{"invite raj.patel@infy-mail.com to " + o, "CreateOrganizationInvitation", "org:member"},
	} {
		in := parse(t, c.text)
		if in.Mode != ModeExecute || len(in.Steps) != 1 || in.Steps[0].OperationID != c.op || !strings.Contains(string(in.Steps[0].Body), `"role":"`+c.role+`"`) {
			t.Errorf("Parse(%q) = %s %v (%s), want %s with role %s", c.text, in.Mode, in.Steps, in.Reason, c.op, c.role)
		}
	}
	for _, text := range []string{"invite raj.patel@infy-mail.com to " + o + " as a favor", "invite raj.patel@infy-mail.com to " + o + " as discussed", "add " + u + " to " + o + " as requested"} {
		if in := parse(t, text); len(in.Steps) > 0 && strings.Contains(string(in.Steps[len(in.Steps)-1].Body), `"role":"org:`) && !strings.Contains(string(in.Steps[len(in.Steps)-1].Body), `"role":"org:member"`) {
			t.Errorf("Parse(%q) = %v: a role from a word that says why", text, in.Steps)
		}
	}
}

// TestPasswordKeepsItsMarks: a password in backticks is sent as typed, ending
// punctuation and all; one typed bare with a mark at the end is asked for in quotes
// (it had been sent without the mark).
func TestPasswordKeepsItsMarks(t *testing.T) {
	u := "user_2abcdefghijklmnopqrstuvwxyz1"
	in := parse(t, "set the password on "+u+" to `Sprint-Demo-2025!`")
	if in.Mode != ModeExecute || len(in.Steps) != 1 || !strings.Contains(string(in.Steps[0].Body), `"password":"Sprint-Demo-2025!"`) {
		t.Errorf("a password in backticks: got %s %v (%s)", in.Mode, in.Steps, in.Reason)
	}
	for _, text := range []string{"set the password on " + u + " to Sprint-Demo-2025!", "set password for " + u + " to hunter2?"} {
		if in := parse(t, text); in.Mode == ModeExecute {
			t.Errorf("Parse(%q) = %s %v, want a question for the exact password", text, in.Mode, in.Steps)
		}
	}
	wantPlan(t, []struct{ text, op string }{{"set plan to pro on " + u + ", they paid!", "UpdateUserMetadata"}})
}

// TestSmallWords: "so far" and "por favor" are no words of the request, and a user
// named only as a signup does not make a token request one to create a user.
func TestSmallWords(t *testing.T) {
	wantPlan(t, []struct{ text, op string }{
		{"who's in org_2txbGgornnPlN3lnx7aRWDKuMFd so far?", "ListOrganizationMemberships"},
		{"por favor, ban user_2txbGgornnPlN3lnx7aRWDKuMFd", "BanUser"},
		{"need a testing token for the playwright signup funnel test", "CreateTestingToken"},
		{"add loopdeck.io as a satellite domain, the marketing site is moving there next week. want sessions to carry over when people click 'open app' from the site", "AddDomain"},
	})
	if in := parse(t, "create a test user for the signup flow"); in.Mode != ModeClarify {
		t.Errorf("a user with no address: got %s %v, want a question back", in.Mode, in.Steps)
	}
}

// TestGroupNouns: what an instance calls its organizations names them ("list all our
// cohorts", "what clubs is user_1 in?"), and no typo is read as one ("for the ios
// build" is no guild; "store" is a typo target as a verb).
func TestGroupNouns(t *testing.T) {
	for w := range groupNouns {
		if _, isVerb := verbs[w]; resources[w] != rOrg || slices.Contains(typoTargets, w) && !isVerb {
			t.Errorf("group noun %q: resource %v, typo target %v; want an organization word and no typo target", w, resources[w], slices.Contains(typoTargets, w))
		}
	}
	wantPlan(t, []struct{ text, op string }{
		{"list all our cohorts 📚", "ListOrganizations"},
		{"what clubs is user_2uxOVH5iVjDpvjTVfgEKjmdrX14 in??", "UsersGetOrganizationMemberships"},
		{"add myapp://oauth-callback as an allowed redirect url for the ios build", "CreateRedirectURL"},
	})
}

// TestTagAndInvitedUser: "tag" sets metadata; an invitation creates no user, so a
// change on "her" after inviting her looks her up rather than taking the
// invitation's id for a user's.
func TestTagAndInvitedUser(t *testing.T) {
	wantPlan(t, []struct{ text, op string }{
		{"tag user_2e1l8vFc8zZ68lz5lF1THHV2tt2 with private metadata spam_review=pending so T&S picks it up in their queue", "UpdateUserMetadata"},
	})
	in := parse(t, "invite grace.liu@gmail.com and then ban her")
	for _, s := range in.Steps {
		if v := s.PathParams["user_id"]; strings.HasPrefix(v, "$steps[") && !strings.HasPrefix(v, "$steps["+fmt.Sprint(slices.IndexFunc(in.Steps, func(x Step) bool { return x.OperationID == "GetUserList" }))+"]") {
			t.Errorf("a change on the invited person takes %s, want the id a look-up of her finds: %v", v, in.Steps)
		}
	}
	if in := parse(t, "create user dana@x.io and add her to org_2abcdefghijklmnopqrstuvwxyz1"); len(in.Steps) != 2 || in.Steps[1].Body == nil || !strings.Contains(string(in.Steps[1].Body), `"user_id":"$steps[0].id"`) {
		t.Errorf("a user created then added: got %v, want the new user's id carried", in.Steps)
	}
}
