package intents

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// The tests of this file cover the rule classes that widen what plain English
// reaches across the spec: contractions typed without apostrophes, weekdays and
// inactivity in dates, the filters of the user list, who is in an organization,
// what a customer pays for, ids whose prefix names their resource, OAuth tokens,
// metadata keys from other systems, a role being replaced, enums a description
// lists, invitation extras, questions about an endpoint, text tasks, requests about
// "this", instance-wide lists, and the evidence the ranker needs before a write.
// Every sentence is written for the test; none comes from an evaluation corpus.

// breadthCase is a text and what Parse should make of it, whichever stage decides.
type breadthCase struct {
	text string
	mode Mode              // "" is execute
	op   string            // the last step's operation ("" to skip)
	args map[string]string // values found in some step
}

func runBreadth(t *testing.T, tests []breadthCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			in := parse(t, tt.text)
			mode := tt.mode
			if mode == "" {
				mode = ModeExecute
			}
			if in.Mode != mode {
				t.Fatalf("Parse(%q).Mode = %s (%s; %s) %v, want %s", tt.text, in.Mode, in.Message, in.Reason, ops(in), mode)
			}
			if tt.op != "" {
				if got := ops(in); len(got) == 0 || got[len(got)-1] != tt.op {
					t.Errorf("Parse(%q) steps = %v (%s), want the last to be %s", tt.text, got, in.Reason, tt.op)
				}
			}
			checkArgs(t, tt.text, in, tt.args)
			assertValid(t, tt.text, in)
		})
	}
}

// novDay returns the start of a day of November 2026 (UTC) in Unix milliseconds, as a
// query value; testNow is Thursday 26 November 2026, noon.
func novDay(d int) string {
	return strconv.FormatInt(time.Date(2026, time.November, d, 0, 0, 0, 0, time.UTC).UnixMilli(), 10)
}

// daysAgo returns testNow minus n days in Unix milliseconds, as a query value.
func daysAgo(n int) string { return strconv.FormatInt(testNow.AddDate(0, 0, -n).UnixMilli(), 10) }

func TestBareContractions(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"whos on the team", []string{"who", "on", "the", "team"}},
		{"whats up", []string{"what", "up"}},
		{"they havent logged in", []string{"they", "have", "not", "logged", "in"}},
		{"it doesnt work", []string{"it", "does", "not", "work"}},
		{"i cant sign in", []string{"i", "can", "not", "sign", "in"}},
		{"she wont accept", []string{"she", "will", "not", "accept"}},
		{"its fine, were done", []string{"its", "fine", "were", "done"}}, // words of their own
	}
	for _, tt := range tests {
		if got := Extract(tt.text, testNow).Words; !slices.Equal(got, tt.want) {
			t.Errorf("Extract(%q).Words = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestWeekdayDates: a weekday is the latest such day not after today, or the one
// before when "last" says so; the preposition says which end of the range it bounds.
func TestWeekdayDates(t *testing.T) {
	tests := []struct {
		text          string
		after, before string
	}{
		{"since monday", novDay(23), ""},
		{"after tuesday", novDay(24), ""},
		{"since thursday", novDay(26), ""},
		{"since last thursday", novDay(19), ""},
		{"before wednesday", "", novDay(25)},
		{"until sunday", "", novDay(22)},
		{"on friday", novDay(20), novDay(21)},
		{"last friday", novDay(20), novDay(21)},
		{"since yesterday", novDay(25), ""},
		{"before today", "", novDay(26)},
		{"this week", novDay(23), ""},
		{"this month", novDay(1), ""},
		// A month without a day: its first day, or the whole month after "in".
		{"since september", "1788220800000", ""},
		{"before the start of june", "", "1780272000000"},
		{"in october", "1790812800000", novDay(1)},
		{"in may 2025", "1746057600000", "1748736000000"},
		{"since dec", "1764547200000", ""}, // December 2025: none of 2026 has begun
	}
	for _, tt := range tests {
		x := Extract("users created "+tt.text, testNow)
		after, before := "", ""
		if x.After != 0 {
			after = strconv.FormatInt(x.After, 10)
		}
		if x.Before != 0 {
			before = strconv.FormatInt(x.Before, 10)
		}
		if after != tt.after || before != tt.before {
			t.Errorf("Extract(%q) = after %s, before %s; want after %s, before %s", tt.text, after, before, tt.after, tt.before)
		}
	}
}

// TestUserListFilters: the filters of GET /users from plain English.
func TestUserListFilters(t *testing.T) {
	runBreadth(t, []breadthCase{
		// Dates by weekday and calendar.
		{text: "list accounts that signed up since tuesday", op: "GetUserList", args: map[string]string{"created_at_after": novDay(24)}},
		{text: "new users this month", op: "GetUserList", args: map[string]string{"created_at_after": novDay(1)}},
		{text: "how many new signups since monday", op: "GetUsersCount", args: map[string]string{"created_at_after": novDay(23)}},
		{text: "people who joined last friday", op: "GetUserList", args: map[string]string{"created_at_after": novDay(20), "created_at_before": novDay(21)}},
		{text: "users that logged in since sunday", op: "GetUserList", args: map[string]string{"last_sign_in_at_after": novDay(22)}},
		// Inactivity: the last activity or sign-in is before the date.
		{text: "users who havent been active in 45 days", op: "GetUserList", args: map[string]string{"last_active_at_before": daysAgo(45)}},
		{text: "list users that haven't been active for 120 days", op: "GetUserList", args: map[string]string{"last_active_at_before": daysAgo(120)}},
		{text: "dormant accounts for 30 days", op: "GetUserList", args: map[string]string{"last_active_at_before": daysAgo(30)}},
		{text: "list inactive users for 10 days", op: "GetUserList", args: map[string]string{"last_active_at_before": daysAgo(10)}},
		{text: "users with no activity in the past 60 days", op: "GetUserList", args: map[string]string{"last_active_at_before": daysAgo(60)}},
		{text: "accounts with no logins in 21 days", op: "GetUserList", args: map[string]string{"last_sign_in_at_before": daysAgo(21)}},
		{text: "users who haven't been active at all in the last 90 days", op: "GetUserList", args: map[string]string{"last_active_at_before": daysAgo(90)}},
		{text: "users who signed up with a corvid.law address and havent been active in 60 days", op: "GetUserList",
			args: map[string]string{"last_active_at_before": daysAgo(60), "email_address_query": "corvid.law"}},
		{text: "count users who registered with gmail and haven't logged in once in 30 days", op: "GetUsersCount", args: map[string]string{"last_sign_in_at_before": daysAgo(30)}},
		{text: "people who haven't signed in since monday", op: "GetUserList", args: map[string]string{"last_sign_in_at_before": novDay(23)}},
		{text: "how many users havent logged in for 14 days", op: "GetUsersCount", args: map[string]string{"last_sign_in_at_before": daysAgo(14)}},
		// Order, external id, and "last" that names a field.
		{text: "list users sorted by last sign-in", op: "GetUserList", args: map[string]string{"order_by": "-last_sign_in_at"}},
		{text: "users ordered by email a to z", op: "GetUserList", args: map[string]string{"order_by": "+email_address"}},
		{text: "show users by creation date, oldest first", op: "GetUserList", args: map[string]string{"order_by": "+created_at"}},
		{text: "the most recently active users", op: "GetUserList", args: map[string]string{"order_by": "-last_active_at"}},
		{text: "find the user whose external id is ERP-7731", op: "GetUserList", args: map[string]string{"external_id": "ERP-7731"}},
		{text: "user with external_id 88-1920", op: "GetUserList", args: map[string]string{"external_id": "88-1920"}},
		{text: "users whose last login was before 2026-03-01", op: "GetUserList", args: map[string]string{"last_sign_in_at_before": "1772323200000"}},
		{text: "list the 10 oldest users", op: "GetUserList", args: map[string]string{"limit": "10", "order_by": "+created_at"}},
		{text: "people who haven't logged in since september", op: "GetUserList", args: map[string]string{"last_sign_in_at_before": "1788220800000"}},
		// A filter by organization: the users of org_1, not the organization.
		{text: "users in org_7Qp created since monday", op: "GetUserList", args: map[string]string{"organization_id": "org_7Qp", "created_at_after": novDay(23)}},
	})
	// "last login" names a field: no order by creation.
	in := parse(t, "users whose last login was before 2026-03-01")
	if got := values(in)["order_by"]; len(got) > 0 {
		t.Errorf("Parse(users whose last login …) orders by %v; want no order", got)
	}
}

// TestOrganizationPeople: who is in an organization, with a role filter.
func TestOrganizationPeople(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "whos in org_4Hd", op: "ListOrganizationMemberships", args: map[string]string{"organization_id": "org_4Hd"}},
		{text: "everybody in org_4Hd", op: "ListOrganizationMemberships"},
		{text: "list everyone in org_4Hd with the admin role", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:admin"}},
		{text: "people in org_4Hd that have the admin role", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:admin"}},
		{text: "who has the reviewer role in org_4Hd", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:reviewer"}},
		{text: "members of org_4Hd with role org:billing_manager", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:billing_manager"}},
		{text: "list the basic members of org_4Hd", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:member"}},
		{text: "members of org_4Hd, admins only", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:admin"}},
		{text: "who's an admin of org_4Hd?", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:admin"}},
		{text: "anyone in org_4Hd?", op: "ListOrganizationMemberships"},
		{text: "users in org_4Hd", op: "GetUserList", args: map[string]string{"organization_id": "org_4Hd"}},
		{text: "which users have the owner role in org_4Hd", op: "ListOrganizationMemberships", args: map[string]string{"role": "org:owner"}},
	})
}

// TestAttributeReads: a question about part of one object reads the whole object.
func TestAttributeReads(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "what's the seat limit of org_3Wq", op: "GetOrganization", args: map[string]string{"organization_id": "org_3Wq"}},
		{text: "slug of org_3Wq?", op: "GetOrganization"},
		{text: "what email does user_6Rt have", op: "GetUser", args: map[string]string{"user_id": "user_6Rt"}},
		{text: "when did user_6Rt last sign in?", op: "GetUser"},
		{text: "is mfa enabled for user_6Rt", op: "GetUser"},
		{text: "user_6Rt phone number", op: "GetUser"},
		// An action on the part is no read.
		{text: "reset the password of user_6Rt", mode: ModeClarify},
	})
}

// TestBillingReads: what one user or organization pays for.
func TestBillingReads(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "which plan is org_8Ty on", op: "GetOrganizationBillingSubscription", args: map[string]string{"organization_id": "org_8Ty"}},
		{text: "what tier is org_8Ty currently on?", op: "GetOrganizationBillingSubscription"},
		{text: "is org_8Ty on a paid plan?", op: "GetOrganizationBillingSubscription"},
		{text: "show the subscription for user_5Rk", op: "GetUserBillingSubscription", args: map[string]string{"user_id": "user_5Rk"}},
		{text: "what's user_5Rk's plan", op: "GetUserBillingSubscription"},
		{text: "credits left for org_8Ty", op: "GetOrganizationBillingCreditBalance"},
		{text: "credit balance of user_5Rk", op: "GetUserBillingCreditBalance"},
		// A change of plan is a write, which this read rule never plans.
		{text: "set plan to growth on org_8Ty", op: "MergeOrganizationMetadata", args: map[string]string{"public_metadata.plan": "growth"}},
	})
}

// TestPathPrefixes: the ids each path parameter takes, read from the spec's path or
// pattern, for resources whose parameter name alone does not say it.
func TestPathPrefixes(t *testing.T) {
	spec := testSpec(t)
	tests := []struct {
		op, param string
		want      string
	}{
		{"GetRedirectURL", "id", "ru"},
		{"GetSignUp", "id", "sua"},
		{"DeleteDomain", "domain_id", "dmn"},
		{"DeleteOrganizationDomain", "domain_id", "orgdmn"},
		{"RevokeInvitation", "invitation_id", "inv"},
		{"RevokeOrganizationInvitation", "invitation_id", "orginv"},
		{"DeleteAllowlistIdentifier", "identifier_id", "alid"},
		{"DeleteBlocklistIdentifier", "identifier_id", "blid"},
		{"GetJWTTemplate", "template_id", "jtmp"},
		{"getApiKey", "apiKeyID", "ak"},
		{"revokeM2MToken", "m2m_token_id", "mt"},
		{"revokeAdminPortalLinkToken", "adminPortalLinkTokenID", "aplt"},
		{"DeleteOAuthApplication", "oauth_application_id", "oa"},
		{"DeleteMachineScope", "other_machine_id", "mch"},
		{"UpdateOrganizationMembership", "user_id", "user"},
		{"RevokeUserTrustedDevice", "trusted_device_id", "td"},
	}
	for _, tt := range tests {
		op, ok := spec.Operation(tt.op)
		if !ok {
			t.Fatalf("no operation %s", tt.op)
		}
		if got := pathPrefixes(op, tt.param); !slices.Contains(got, tt.want) {
			t.Errorf("pathPrefixes(%s, %s) = %v, want %s among them", tt.op, tt.param, got, tt.want)
		}
	}
	// Every object parameter of the spec is covered, except those of resources whose
	// prefixes Clerk does not publish (billing, agent tasks, group role mappings) and
	// values that are no ids.
	unknown := map[string]bool{"agent_task_id": true, "statementID": true, "subscription_item_id": true, "discount_id": true,
		"mapping_id": true, "template_name": true, "template_type": true, "slug": true, "provider": true}
	for _, op := range spec.Operations() {
		for _, p := range op.PathParams() {
			if !unknown[p] && len(pathPrefixes(op, p)) == 0 {
				t.Errorf("%s: path parameter %s takes no known id prefix", op.ID, p)
			}
		}
	}
}

// TestObjectByID: a short request on one object named by id reaches its GET, DELETE
// or revoke, for any resource; anything more is the ranker's or a question's.
func TestObjectByID(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "open ru_4Xy", mode: ModeClarify}, // "open" says nothing clerkbot does
		{text: "ru_4Xy", op: "GetRedirectURL", args: map[string]string{"id": "ru_4Xy"}},
		{text: "pull up redirect url ru_4Xy", op: "GetRedirectURL"},
		{text: "drop the redirect url ru_4Xy", op: "DeleteRedirectURL", args: map[string]string{"id": "ru_4Xy"}},
		{text: "get jtmp_5Tq", op: "GetJWTTemplate", args: map[string]string{"template_id": "jtmp_5Tq"}},
		{text: "please remove jwt template jtmp_5Tq", op: "DeleteJWTTemplate"},
		{text: "delete the satellite domain dmn_3Lk", op: "DeleteDomain", args: map[string]string{"domain_id": "dmn_3Lk"}},
		{text: "remove domain orgdmn_3Lk from org_9Pp", op: "DeleteOrganizationDomain", args: map[string]string{"domain_id": "orgdmn_3Lk", "organization_id": "org_9Pp"}},
		{text: "take blid_6Ww out", mode: ModeClarify},
		{text: "delete blid_6Ww", op: "DeleteBlocklistIdentifier", args: map[string]string{"identifier_id": "blid_6Ww"}},
		{text: "revoke sign-in token sit_2Nn", op: "RevokeSignInToken", args: map[string]string{"sign_in_token_id": "sit_2Nn"}},
		{text: "look at sign up sua_1Qq", op: "GetSignUp", args: map[string]string{"id": "sua_1Qq"}},
		{text: "show oauth app oa_7Jj", op: "GetOAuthApplication", args: map[string]string{"oauth_application_id": "oa_7Jj"}},
		{text: "show org invitation orginv_2Ff of org_9Pp", op: "GetOrganizationInvitation", args: map[string]string{"invitation_id": "orginv_2Ff"}},
		// Questions read; a negation takes the write back; a list of ids is one
		// change per id (compound_test.go).
		{text: "did someone delete ru_4Xy?", op: "GetRedirectURL"},
		{text: "delete ru_4Xy, don't actually", mode: ModeClarify},
		{text: "delete ru_4Xy and ru_5Zz", op: "DeleteRedirectURL"},
		// A change asked to apply at once sets the parameter that says so.
		{text: "cancel subscription item csubi_7Hq immediately, not at period end", op: "CancelCommerceSubscriptionItem", args: map[string]string{"end_now": "true"}},
		{text: "cancel subscription item csubi_7Hq", op: "CancelCommerceSubscriptionItem"},
		// A year alone is a date; "r" is are; m2m is machine; a lifetime is the expiry.
		{text: "how many users were created before 2024?", op: "GetUsersCount", args: map[string]string{"created_at_before": "1704067200000"}},
		{text: "how many banned users r there", op: "GetUsersCount", args: map[string]string{"banned": "true"}},
		// A state Clerk cannot filter users by is said, not dropped.
		{text: "how many locked users are there", mode: ModeClarify},
		{text: "list users with mfa enabled", mode: ModeClarify},
		{text: "show m2m machines", op: "ListMachines"},
		{text: "mint an m2m token valid for 2 hours", op: "createM2MToken", args: map[string]string{"seconds_until_expiration": "7200"}},
		// Fields filled from what the text names: the one email as a search, no
		// notification, metadata pairs for a membership, a template by name, a
		// number for a field named by its words, a flag removed.
		{text: "did the invite to ana@example.io go out?", op: "ListInvitations", args: map[string]string{"query": "ana@example.io"}},
		{text: "invite marco@example.it to the app, no email pls", op: "CreateInvitation", args: map[string]string{"notify": "false"}},
		{text: "set public metadata seat_type=viewer on user_3Kq's membership in org_8Jw", op: "UpdateOrganizationMembershipMetadata",
			args: map[string]string{"public_metadata.seat_type": "viewer", "user_id": "user_3Kq", "organization_id": "org_8Jw"}},
		{text: "mint a session token for sess_4Zr w/ the support-debug template", op: "CreateSessionTokenFromTemplate", args: map[string]string{"template_name": "support-debug"}},
		{text: `create a jwt template named hasura, lifetime 3600, claims {"role": "user"}`, op: "CreateJWTTemplate", args: map[string]string{"lifetime": "3600", "name": "hasura"}},
		{text: "remove the beta flag from user_3Kq's public metadata", op: "UpdateUserMetadata", args: map[string]string{"public_metadata.beta": "null"}},
		// Orders said in words; counts of lists; a slug; parts of a looked-up user;
		// what a change waits for is a reason.
		{text: "list orgs, biggest first", op: "ListOrganizations", args: map[string]string{"order_by": "-members_count"}},
		{text: "list machines alphabetically", op: "ListMachines", args: map[string]string{"order_by": "+name"}},
		{text: "how many invitations are still pending?", op: "ListInvitations", args: map[string]string{"status": "pending"}},
		{text: "how many org invitations across all orgs were accepted?", op: "ListInstanceOrganizationInvitations", args: map[string]string{"status": "accepted"}},
		{text: "list members of the acme-corp org", op: "ListOrganizationMemberships", args: map[string]string{"organization_id": "acme-corp"}},
		{text: "when did kate@example.dev last sign in?", op: "GetUserList", args: map[string]string{"email_address": "kate@example.dev"}},
		{text: "lock kim@example.com pending investigation", op: "LockUser", args: map[string]string{"email_address": "kim@example.com"}},
		// A quoted name the best operation has no place for is no answer; the
		// question inside a polite frame is.
		{text: "Hi! Could you let me know how many members the 'Northwind Ops' organization has? They ask about seats.", op: "ListOrganizationMemberships",
			args: map[string]string{"query": "Northwind Ops"}},
		{text: "rename user_3k4j: first name Ana, last name Souza (she got married)", op: "UpdateUser", args: map[string]string{"first_name": "Ana", "last_name": "Souza"}},
		{text: "send an app invite to sam@example.xyz, link should expire in 3 days", op: "CreateInvitation", args: map[string]string{"expires_in_days": "3"}},
		{text: "remove user_21iI from org_2WIn they left the company last week", op: "DeleteOrganizationMembership", args: map[string]string{"user_id": "user_21iI"}},
		{text: "blocklist +2348012345678, SIM farm number", op: "CreateBlocklistIdentifier", args: map[string]string{"identifier": "+2348012345678"}},
		{text: "show me the org plans", op: "GetCommercePlanList"},
		// Users found by phone, username or email before the request on them.
		{text: "ban whoever has the phone number +15035550199", op: "BanUser", args: map[string]string{"phone_number": "+15035550199"}},
		{text: "credit balance for the user with username pixelpusher", op: "GetUserBillingCreditBalance", args: map[string]string{"username": "pixelpusher"}},
		{text: "what plan is kim@example.com on?", op: "GetUserBillingSubscription", args: map[string]string{"email_address": "kim@example.com"}},
		{text: "search users with spamhub in their email address", op: "GetUserList", args: map[string]string{"email_address_query": "spamhub"}},
		{text: "give org_2eCF $150 in credits with note 'annual renewal concession'", op: "AdjustOrganizationBillingCreditBalance",
			args: map[string]string{"amount": "15000", "note": "annual renewal concession"}},
		// Billing objects by id: statements, discounts applied and taken off, a
		// trial extended to the one time the text gives.
		{text: "show statement cstmt_2YBC", op: "GetBillingStatement", args: map[string]string{"statementID": "cstmt_2YBC"}},
		{text: "apply discount cdisc_2hjw to subscription item csubi_2LqF", op: "ApplyBillingSubscriptionItemDiscount", args: map[string]string{"discount_id": "cdisc_2hjw"}},
		{text: "take discount cdisc_2qrD off csubi_2l9x, promo ended", op: "RemoveBillingSubscriptionItemDiscount", args: map[string]string{"discount_id": "cdisc_2qrD"}},
		{text: "extend the free trial on csubi_20I1 to 2026-12-31T23:59:59Z", op: "ExtendBillingSubscriptionItemFreeTrial", args: map[string]string{"extend_to": "2026-12-31T23:59:59Z"}},
		// Settings named by a word no lexicon knows, or by their own verb.
		{text: "enable hibp", op: "UpdateInstance", args: map[string]string{"hibp": "true"}},
		{text: "turn off HIBP breached password checks for the instance", op: "UpdateInstance", args: map[string]string{"hibp": "false"}},
		{text: "block disposable email domains at sign-up", op: "UpdateInstanceRestrictions", args: map[string]string{"block_disposable_email_domains": "true"}},
		// Lifting a ban is an unban; dates bound what the text says happened.
		{text: "appeal approved, lift the ban on user_2fFD", op: "UnbanUser", args: map[string]string{"user_id": "user_2fFD"}},
		{text: "users whose last sign-in is older than 60 days, first 25", op: "GetUserList", args: map[string]string{"limit": "25"}},
		{text: "cancel subscription item csubi_3xCz right away, don't wait for period end", op: "CancelCommerceSubscriptionItem", args: map[string]string{"end_now": "true"}},
		{text: "stash hubspot_contact=HS-20931 in user_3rQP's private metadata", op: "UpdateUserMetadata", args: map[string]string{"private_metadata.hubspot_contact": "HS-20931"}},
		// Replacing metadata is the PUT, of the kind the text names; without JSON, asked.
		{text: `overwrite all public metadata on user_2zCD with {"plan": "enterprise"}`, op: "ReplaceUserMetadata", args: map[string]string{"public_metadata.plan": "enterprise"}},
		{text: "flag user_2xNO for fraud review — private metadata fraud_review: true", op: "UpdateUserMetadata", args: map[string]string{"private_metadata.fraud_review": "true"}},
		{text: "sales extended the trial for org_22uF — set trial_ends_at to 2026-12-15 in public metadata", op: "MergeOrganizationMetadata",
			args: map[string]string{"public_metadata.trial_ends_at": "2026-12-15"}},
		{text: "replace the private metadata of user_2zCD", mode: ModeClarify},
		// A path slug is the one slug-shaped word; an enum path parameter its value.
		{text: "revert the sms template verification_code back to default", op: "RevertTemplate", args: map[string]string{"template_type": "sms", "slug": "verification_code"}},
		// Other words for a few operations; a URL of any scheme; "our" is the instance's.
		{text: "get me a link to the svix webhooks dashboard", op: "GenerateSvixAuthURL"},
		{text: "get me a testing token for the e2e suite", op: "CreateTestingToken"},
		{text: "set our support email to help@example.io", op: "UpdateInstance", args: map[string]string{"support_email": "help@example.io"}},
		{text: "add myapp://oauth-callback as a redirect url", op: "CreateRedirectURL", args: map[string]string{"url": "myapp://oauth-callback"}},
		{text: "clear the password on user_2eQX", op: "RemoveUserPassword", args: map[string]string{"user_id": "user_2eQX"}},
		// A name right after the resource noun; a state before the resource; a read
		// of a summary.
		{text: `create jwt template supabase with claims {"role": "authenticated"}`, op: "CreateJWTTemplate", args: map[string]string{"name": "supabase", "claims.role": "authenticated"}},
		{text: "unverified org domains across every org", op: "ListAllOrganizationDomains", args: map[string]string{"verified": "false"}},
		{text: "summarize who's in org_2KRo", op: "ListOrganizationMemberships", args: map[string]string{"organization_id": "org_2KRo"}},
		// Actors named as such; "act as" is impersonating; "make X its admin".
		{text: "create actor token for user_2bML with actor sub user_2koX --admin", op: "CreateActorToken", args: map[string]string{"user_id": "user_2bML", "actor.sub": "user_2koX"}},
		{text: "create an actor token for user_2FQF with actor user_25HC, valid for 1 hour", op: "CreateActorToken", args: map[string]string{"expires_in_seconds": "3600"}},
		{text: "create an org named Driftwood Supply and make user_2fOt its admin", op: "CreateOrganizationMembership", args: map[string]string{"name": "Driftwood Supply", "role": "org:admin"}},
		// Machine scopes, tokens issued in a format, a setting two endpoints share,
		// URL fields of every shape, merge as a verb.
		{text: "allow machine mch_2POC to call mch_2a0D", op: "CreateMachineScope", args: map[string]string{"machine_id": "mch_2POC", "to_machine_id": "mch_2a0D"}},
		{text: "issue an m2m token in jwt format valid for 1 hour", op: "createM2MToken", args: map[string]string{"token_format": "jwt", "seconds_until_expiration": "3600"}},
		{text: "turn on test mode for the instance", op: "UpdateInstance", args: map[string]string{"test_mode": "true"}},
		{text: "create an oauth app called Zapier Connector with redirect uri https://example.com/cb", op: "CreateOAuthApplication",
			args: map[string]string{"redirect_uris": "https://example.com/cb", "name": "Zapier Connector"}},
		{text: "merge public metadata region=eu into org org_2TFo", op: "MergeOrganizationMetadata", args: map[string]string{"public_metadata.region": "eu"}},
		// The direction of a change is what the text says: not compromised unsets,
		// never removes the password.
		{text: "mark the password of user_2XeB as not compromised", op: "UnsetUserPasswordCompromised"},
		{text: "unset the password of user_2XeB as compromised", op: "UnsetUserPasswordCompromised"},
		{text: "disconnect external account eac_2Tz8 from user_26IK", op: "DeleteExternalAccount", args: map[string]string{"external_account_id": "eac_2Tz8"}},
		{text: "pls make user_2VF7 a member of org_2nsB (role org:member)", op: "CreateOrganizationMembership", args: map[string]string{"role": "org:member"}},
		{text: "start blocking disposable email domains", op: "UpdateInstanceRestrictions", args: map[string]string{"block_disposable_email_domains": "true"}},
		{text: "let mch_2hjt call mch_2q5e", op: "CreateMachineScope", args: map[string]string{"to_machine_id": "mch_2q5e"}},
		{text: "Please delete the user with username 'old_qa_bot'.", op: "DeleteUser", args: map[string]string{"username": "old_qa_bot"}},
		{text: `overwrite the public metadata of org_2Rrw with {"region": "eu-west"}`, op: "ReplaceOrganizationMetadata", args: map[string]string{"public_metadata.region": "eu-west"}},
		{text: "mint a session token for sess_29IE using the jwt template 'hasura'", op: "CreateSessionTokenFromTemplate", args: map[string]string{"template_name": "hasura"}},
		{text: "demote user_2dyy back to a regular member of org_2YyI", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:member"}},
		{text: "How many banned accounts are there at the moment?", op: "GetUsersCount", args: map[string]string{"banned": "true"}},
		// A membership to end with nobody named is asked back, offering its delete.
		{text: "remove him from the org", mode: ModeClarify},
		// Turning an object off is its active field, never its delete.
		{text: "deactivate samlc_7Hq", op: "UpdateSAMLConnection", args: map[string]string{"saml_connection_id": "samlc_7Hq", "active": "false"}},
		{text: "please re-enable saml connection samlc_7Hq", op: "UpdateSAMLConnection", args: map[string]string{"active": "true"}},
		{text: "enterprise connections that are inactive", op: "ListEnterpriseConnections", args: map[string]string{"active": "false"}},
	})
}

// TestOAuthTokenReads: the sensitive read of a user's OAuth access token.
func TestOAuthTokenReads(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "grab the bitbucket oauth token for user_6Mm", op: "GetOAuthAccessToken", args: map[string]string{"provider": "oauth_bitbucket", "user_id": "user_6Mm"}},
		{text: "user_6Mm's discord access token pls", op: "GetOAuthAccessToken", args: map[string]string{"provider": "oauth_discord"}},
		{text: "what is the hubspot token of user_6Mm?", op: "GetOAuthAccessToken", args: map[string]string{"provider": "oauth_hubspot"}},
		{text: "fetch the twitch token for lee@lab.dev", op: "GetOAuthAccessToken", args: map[string]string{"email_address": "lee@lab.dev", "user_id": "$steps[0].id"}},
		{text: "get the x oauth token for user_6Mm", op: "GetOAuthAccessToken", args: map[string]string{"provider": "oauth_x"}},
		{text: "grab the google and github tokens of user_6Mm", mode: ModeClarify},
	})
	// A read of a token never carries a write smuggled after it.
	in := parse(t, "grab the slack token for user_6Mm then delete user_6Mm")
	for _, s := range in.Steps {
		if s.IsWrite() {
			t.Errorf("Parse(grab … then delete …) planned the write %s", s.OperationID)
		}
	}
}

// TestMetadataKeys: keys that name identifiers in other systems are private; plain
// labels, roles of a user and flags are public; quoted values stay whole.
func TestMetadataKeys(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "save stripe_customer_id cus_Z9 on user_3Vv", op: "UpdateUserMetadata", args: map[string]string{"private_metadata.stripe_customer_id": "cus_Z9"}},
		{text: "store the zendesk id 7712 for user_3Vv", op: "UpdateUserMetadata", args: map[string]string{"private_metadata.zendesk_id": "7712"}},
		{text: "add hubspot contact id 55120 to user_3Vv", op: "UpdateUserMetadata", args: map[string]string{"private_metadata.hubspot_contact_id": "55120"}},
		{text: "save the billing account 00A-19 on org_2Kk", op: "MergeOrganizationMetadata", args: map[string]string{"private_metadata.billing_account": "00A-19"}},
		{text: "set role to 'auditor' on user_3Vv", op: "UpdateUserMetadata", args: map[string]string{"public_metadata.role": "auditor"}},
		{text: "set role=viewer for lee@lab.dev", op: "UpdateUserMetadata", args: map[string]string{"public_metadata.role": "viewer", "user_id": "$steps[0].id"}},
		{text: `set team to "Growth Squad" on user_3Vv`, op: "UpdateUserMetadata", args: map[string]string{"public_metadata.team": "Growth Squad"}},
		{text: "mark user_3Vv as early_adopter in public metadata", op: "UpdateUserMetadata", args: map[string]string{"public_metadata.early_adopter": "true"}},
		{text: "update user_3Vv metadata: beta=true", op: "UpdateUserMetadata", args: map[string]string{"public_metadata.beta": "true"}},
		// A role in an organization is a membership's, and a state Clerk keeps is no flag.
		{text: "set role to admin on org_2Kk", mode: ModeClarify},
		{text: "mark user_3Vv as verified", mode: ModeClarify},
	})
}

// TestRoleReplaced: the role a change replaces ("instead of admin", "from admin to
// member") is not the one asked for.
func TestRoleReplaced(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "make lee@lab.dev a plain member of org_1Aa instead of admin", op: "UpdateOrganizationMembership",
			args: map[string]string{"role": "org:member", "email_address": "lee@lab.dev", "organization_id": "org_1Aa"}},
		{text: "make user_8Bb an admin of org_1Aa instead of a member", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:admin"}},
		{text: "make user_8Bb admin in org_1Aa", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:admin"}},
		{text: "switch user_8Bb to member rather than admin in org_1Aa", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:member"}},
		{text: "demote lee@lab.dev from an admin to a member in org_1Aa", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:member"}},
		{text: "turn user_8Bb into a regular member of org_1Aa", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:member"}},
		{text: "turn lee@lab.dev into an admin of org_1Aa", op: "UpdateOrganizationMembership", args: map[string]string{"role": "org:admin"}},
		{text: "invite kai@lab.dev to org_1Aa as admin instead of member", op: "CreateOrganizationInvitation", args: map[string]string{"role": "org:admin"}},
	})
}

// TestDescribedEnums: a string field whose description lists its values is filled
// like an enum ("automatic invitations" is automatic_invitation), and a domain's
// name is the domain.
func TestDescribedEnums(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "add hooli.com as a domain for org_5Cc with automatic invitations", op: "CreateOrganizationDomain",
			args: map[string]string{"name": "hooli.com", "enrollment_mode": "automatic_invitation", "organization_id": "org_5Cc"}},
		{text: "add domain hooli.io to org_5Cc with automatic suggestions", op: "CreateOrganizationDomain", args: map[string]string{"enrollment_mode": "automatic_suggestion"}},
		{text: "create an org domain hooli.dev on org_5Cc, manual invitation", op: "CreateOrganizationDomain", args: map[string]string{"enrollment_mode": "manual_invitation"}},
		{text: "add hooli.net to org_5Cc as a verified domain", op: "CreateOrganizationDomain", args: map[string]string{"name": "hooli.net", "verified": "true"}},
		{text: "set the enrollment mode of domain orgdmn_4Dd in org_5Cc to automatic suggestion", op: "UpdateOrganizationDomain", args: map[string]string{"enrollment_mode": "automatic_suggestion"}},
	})
}

// TestInvitationExtras: metadata and a lifetime on an invitation.
func TestInvitationExtras(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "invite rio@lab.dev with public metadata cohort=fall, the link should expire in 4 days", op: "CreateInvitation",
			args: map[string]string{"public_metadata.cohort": "fall", "expires_in_days": "4"}},
		{text: "invite rio@lab.dev with metadata tier=gold and seats=3", op: "CreateInvitation",
			args: map[string]string{"public_metadata.tier": "gold", "public_metadata.seats": "3"}},
		{text: "invite rio@lab.dev with cohort fall in public metadata", op: "CreateInvitation", args: map[string]string{"public_metadata.cohort": "fall"}},
		{text: `invite rio@lab.dev with metadata {"cohort":"spring"}`, op: "CreateInvitation", args: map[string]string{"public_metadata.cohort": "spring"}},
		{text: "invite rio@lab.dev, valid for 9 days", op: "CreateInvitation", args: map[string]string{"expires_in_days": "9"}},
		// To the app, to sign up: the instance; no email, in either kind.
		{text: "invite rio@lab.dev to app but dont send the email", op: "CreateInvitation", args: map[string]string{"notify": "false"}},
		{text: "invite rio@lab.dev to sign up and send them to <https://app.lab.dev/welcome> afterwards", op: "CreateInvitation",
			args: map[string]string{"redirect_url": "https://app.lab.dev/welcome"}},
		{text: "invite rio@lab.dev to org_6Gg as admin, no email", op: "CreateOrganizationInvitation", args: map[string]string{"notify": "false", "role": "org:admin"}},
		{text: "create an invitation for rio@lab.dev with public metadata company=lab", op: "CreateInvitation", args: map[string]string{"public_metadata.company": "lab"}},
		{text: "invite rio@lab.dev to the workspace", mode: ModeClarify},
		{text: "invite rio@lab.dev to staging", mode: ModeClarify},
		{text: "customer's employees can't sign up, allowlist the domain lab.dev please", op: "CreateAllowlistIdentifier", args: map[string]string{"identifier": "lab.dev"}},
		{text: "create invitation for rio@lab.dev without notification", op: "CreateInvitation", args: map[string]string{"notify": "false"}},
		{text: "invite rio@lab.dev to org_6Gg as admin with public metadata desk=emea, expires in 2 days", op: "CreateOrganizationInvitation",
			args: map[string]string{"public_metadata.desk": "emea", "expires_in_days": "2", "role": "org:admin"}},
		// The instance's invitations carry public metadata only.
		{text: "invite rio@lab.dev with private metadata crm=1", mode: ModeClarify},
		// Metadata that cannot be read is not dropped.
		{text: "invite rio@lab.dev with metadata", mode: ModeClarify},
	})
}

// TestEndpointQuestions: a question about an endpoint named in a sentence is its
// detail; a raw request after "please run" is run as typed.
func TestEndpointQuestions(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "what fields does POST /organizations take?", mode: ModeDetail, op: "CreateOrganization"},
		{text: "which query params does GET /invitations accept -h", mode: ModeDetail, op: "ListInvitations"},
		{text: "what does DELETE /users/{user_id} return", mode: ModeDetail, op: "DeleteUser"},
		{text: "body for PATCH /organizations/{organization_id}?", mode: ModeDetail, op: "UpdateOrganization"},
		{text: "how do I call POST /users/{user_id}/ban --help", mode: ModeDetail, op: "BanUser"},
		{text: "what does GET /nowhere return?", mode: ModeReject},
		{text: "please run GET /organizations?limit=3", op: "ListOrganizations", args: map[string]string{"limit": "3"}},
		{text: "can you call GET /users/user_2Hh", op: "GetUser", args: map[string]string{"user_id": "user_2Hh"}},
	})
	// A method and path quoted or pasted are values, never a question to answer.
	in := parse(t, `what does this log line mean: "DELETE /users/user_2Hh 200"`)
	for _, s := range in.Steps {
		if s.IsWrite() {
			t.Errorf("Parse(quoted DELETE) = %s with the step %s", in.Mode, s.OperationID)
		}
	}
}

// TestTextTasks: requests to work on text are refused, whatever the text says.
func TestTextTasks(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: `translate into italian: "remove every user"`, mode: ModeReject},
		{text: `translate "lock user_1" to dutch`, mode: ModeReject},
		{text: `summarise this for me: "ban org_3 now"`, mode: ModeReject},
		{text: `please reword "revoke every session"`, mode: ModeReject},
		{text: "write a limerick about passwords", mode: ModeReject},
		{text: `proofread: "delete the staging orgs"`, mode: ModeReject},
		{text: `can you paraphrase "unban everybody"`, mode: ModeReject},
	})
}

// TestVagueAsks: a request about something the message does not carry asks for it.
func TestVagueAsks(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "<@U02ABCDEF> could you have a look at this one?", mode: ModeClarify},
		{text: "pls check this", mode: ModeClarify},
		{text: "can someone take a look", mode: ModeClarify},
		{text: "thoughts on this one?", mode: ModeClarify},
		{text: "any idea what's wrong here?", mode: ModeClarify},
		{text: "look into it when you get a chance", mode: ModeClarify},
		{text: "can you fix this?", mode: ModeClarify},
		{text: "pls sort this out", mode: ModeClarify},
		{text: "what's the weather like", mode: ModeReject},
		{text: "look at user_3Pp", op: "GetUser"},
	})
}

// TestInstanceWideLists: "across the whole instance" lists every organization's.
func TestInstanceWideLists(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "expired org invitations across the entire instance", op: "ListInstanceOrganizationInvitations", args: map[string]string{"status": "expired"}},
		{text: "show organization invites instance-wide", op: "ListInstanceOrganizationInvitations"},
		{text: "pending org invites everywhere", op: "ListInstanceOrganizationInvitations", args: map[string]string{"status": "pending"}},
		{text: "every org membership across the instance", op: "InstanceGetOrganizationMemberships"},
		{text: "memberships of all orgs", op: "InstanceGetOrganizationMemberships"},
	})
}

// TestRankerWriteEvidence: weak word overlap never runs a write. The text must name
// the resource (a word of its path, or a word few operations have), operations on the
// instance or on credentials need every word of their path, a change of the instance
// needs a value, and a text that asks for a change is not answered with a read.
func TestRankerWriteEvidence(t *testing.T) {
	for _, text := range []string{
		"change the domain to hooli.com",
		"update the production domain to hooli.io",
		"change the instance domain to hooli.com", // no home_url
		"generate a key",
		"create a token for user_4Tt",
		"disable organizations on the instance",
		"reset everything for user_4Tt",
		"create a permission org:reports:read",
	} {
		t.Run(text, func(t *testing.T) {
			in := parse(t, text)
			if in.Mode == ModeExecute {
				t.Errorf("Parse(%q) = execute %v (%s), want no execution", text, ops(in), in.Reason)
			}
			assertValid(t, text, in)
		})
	}
	// Named resources still run.
	runBreadth(t, []breadthCase{
		{text: "impersonate user_4Tt as user_5Ss", op: "CreateActorToken"},
		{text: "add wait@lab.dev to the waitlist", op: "CreateWaitlistEntry"},
		{text: "revoke api key ak_00112233445566778899aabbccddeeff", op: "revokeApiKey"},
	})
}

// TestRoleKeysAreValues: "org:reports:read" is a key, not the verb "read".
func TestRoleKeysAreValues(t *testing.T) {
	x := Extract("create permission org:reports:read for the team", testNow)
	if !slices.Equal(x.Keys, []string{"org:reports:read"}) || slices.Contains(x.Words, "read") {
		t.Errorf("Extract keys %q, words %q; want the key and no word read", x.Keys, x.Words)
	}
	runBreadth(t, []breadthCase{
		{text: "add user_7Ee to org_1Aa as org:analyst", op: "CreateOrganizationMembership", args: map[string]string{"role": "org:analyst"}},
		{text: "create org permission org:reports:read", mode: ModeClarify}, // name and description missing
	})
}

// TestSignOutEverywhere: every session of a user is its active sessions listed and
// revoked by reference; the engine asks which when several are active.
func TestSignOutEverywhere(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "log user_9Kk out of all devices", op: "RevokeSession", args: map[string]string{"user_id": "user_9Kk", "status": "active", "session_id": "$steps[0].id"}},
		{text: "sign rio@lab.dev out everywhere", op: "RevokeSession", args: map[string]string{"email_address": "rio@lab.dev", "user_id": "$steps[0].id", "session_id": "$steps[1].id"}},
		{text: "kill every session of user_9Kk", op: "RevokeSession"},
	})
}

// TestMachineSecretIsNoOwnKey: "the secret key of mch_…" is the machine's.
func TestMachineSecretIsNoOwnKey(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "show the secret key of machine mch_1Zz", op: "GetMachineSecretKey"},
		{text: "what is the secret key", mode: ModeReject},
		{text: "give me the sk_live key of mch_1Zz", mode: ModeReject},
	})
}

// TestPasswordIsNeverShown: asking to be told a user's password is refused (Clerk never
// returns one); setting, checking or configuring passwords is not.
func TestPasswordIsNeverShown(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "what is the current password of user_2GK? customer forgot and wants us to tell him", mode: ModeReject},
		{text: "can you just tell me what the current password on user_3wZ is, so I can read it to them?", mode: ModeReject},
		{text: "show me her password, kate@acme.io", mode: ModeReject},
		{text: "set password 'x-1234567' for user_1", op: "UpdateUser"},
		{text: "reset the password of user_1 to 'n3w-Secret!'", op: "UpdateUser"},
	})
	for _, text := range []string{"what are the password requirements on the instance", "verify the password 'hunter22' for user_1"} {
		if in := parse(t, text); in.Mode == ModeReject {
			t.Errorf("Parse(%q) = reject (%s), want it read as asked", text, in.Reason)
		}
	}
}

// TestChatShapesOfChanges: shapes of writes seen in support traffic. "all night" is a
// time, not every user; pairs need no comma between them when each has "="; an arrow
// before pairs introduces them; a date in the story of a change on a named object is
// no filter.
func TestChatShapesOfChanges(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "pls ban this guy, he spammed our support form with crypto links all night", mode: ModeClarify},
		{text: "ban all the users who spammed us", mode: ModeClarify},
		{text: "set public metadata plan=enterprise seats=250 on user_1", op: "UpdateUserMetadata",
			args: map[string]string{"public_metadata.plan": "enterprise", "public_metadata.seats": "250"}},
		{text: "org_3EE upgraded to enterprise yesterday (sales closed it). update public metadata of the org -> plan: enterprise, seats: 250",
			op: "MergeOrganizationMetadata", args: map[string]string{"organization_id": "org_3EE", "public_metadata.plan": "enterprise", "public_metadata.seats": "250"}},
		{text: "rename org_1 -> 'Acme EU'", op: "UpdateOrganization", args: map[string]string{"name": "Acme EU"}},
		// Lifetimes said in chat: before their noun, with "only", as how long an old
		// secret stays valid (a value, never a reason to drop).
		{text: "sign in token for user_2UV, 10 min expiry", op: "CreateSignInToken", args: map[string]string{"expires_in_seconds": "600"}},
		{text: "send app invitation to ana@hostalia.es, valid only 3 days please", op: "CreateInvitation", args: map[string]string{"expires_in_days": "3"}},
		{text: "rotate mch_2fN's secret, keep the old one valid for an hour so the cron jobs don't break", op: "RotateMachineSecretKey",
			args: map[string]string{"previous_token_ttl": "3600"}},
		{text: "rotate mch_2hNG's secret, keep the old one valid for 1h (3600s) so deploys can roll", op: "RotateMachineSecretKey",
			args: map[string]string{"previous_token_ttl": "3600"}},
		// A quoted value after the last word of a field's name.
		{text: `revoke api key ak_76bfc9c5c6323466f68d3388972c7cee w/ reason "leaked in CI logs" :fire:`, op: "revokeApiKey",
			args: map[string]string{"revocation_reason": "leaked in CI logs"}},
	})
}

// TestSearchWords: what a list is searched for ("called", "matching", "with … in the
// name", "from <domain>") fills the list's query or name_query.
func TestSearchWords(t *testing.T) {
	runBreadth(t, []breadthCase{
		{text: "top 10 orgs by member count pls", op: "ListOrganizations", args: map[string]string{"limit": "10", "order_by": "-members_count"}},
		{text: "top 10 orgs by number of members?", op: "ListOrganizations", args: map[string]string{"limit": "10", "order_by": "-members_count"}},
		{text: "which orgs have the most members", op: "ListOrganizations", args: map[string]string{"order_by": "-members_count"}},
		{text: "list orgs, biggest first", op: "ListOrganizations", args: map[string]string{"order_by": "-members_count"}},
		{text: "is there an oauth app called Zapier set up? their zap broke", op: "ListOAuthApplications", args: map[string]string{"name_query": "Zapier"}},
		{text: "machines matchin etl?", op: "ListMachines", args: map[string]string{"query": "etl"}},
		{text: "list orgs matching acme", op: "ListOrganizations", args: map[string]string{"query": "acme"}},
		{text: "any pending waitlist entries from fernwood.edu?", op: "ListWaitlistEntries", args: map[string]string{"query": "fernwood.edu", "status": "pending"}},
	})
}
