package confirm

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

// tierExceptions holds the operations whose default tier the rules of DefaultTier do
// not give, each with its reason. It holds only entries that differ from the rules (a
// test checks this).
var tierExceptions = map[string]struct {
	tier Tier
	why  string
}{
	// Reads whose responses carry secrets that the path does not reveal (rule 2).
	"ListEnterpriseConnectionTestRuns": {TierSensitiveRead, "test runs carry the identity provider's id_token and access_token and the raw SAML response"},

	// Writes that mint credentials or decide who may sign in.
	"createApiKey":                      {TierCredential, "mints an API key"},
	"updateApiKey":                      {TierCredential, "changes what an API key may do (scopes, claims, expiry)"},
	"CreateMachine":                     {TierCredential, "mints a machine secret key, returned once"},
	"CreateMachineScope":                {TierCredential, "lets one machine's tokens reach another machine"},
	"createSession":                     {TierCredential, "creates an active session for a user: impersonation"},
	"RefreshSession":                    {TierCredential, "mints a new session token for a user's session"},
	"CreateAgentTask":                   {TierCredential, "returns a URL that, when visited, signs in as the user"},
	"CreateOAuthApplication":            {TierCredential, "mints an OAuth client secret"},
	"UpdateOAuthApplication":            {TierCredential, "changes where OAuth codes and tokens are sent (callback URLs, scopes)"},
	"CreateDirectory":                   {TierCredential, "mints a provisioning API key; a directory creates and changes users"},
	"CreateSCIMDirectory":               {TierCredential, "mints a SCIM API key; a directory creates and changes users"},
	"CreateEnterpriseConnection":        {TierCredential, "decides which identity provider may sign users in"},
	"UpdateEnterpriseConnection":        {TierCredential, "decides which identity provider may sign users in"},
	"CreateSAMLConnection":              {TierCredential, "decides which identity provider may sign users in"},
	"UpdateSAMLConnection":              {TierCredential, "decides which identity provider may sign users in"},
	"CreateJWTTemplate":                 {TierCredential, "decides the claims and signing key of tokens the application trusts"},
	"UpdateJWTTemplate":                 {TierCredential, "decides the claims and signing key of tokens the application trusts"},
	"CreateRedirectURL":                 {TierCredential, "lets a URL receive users and their tokens after sign-in"},
	"CreateSvixApp":                     {TierCredential, "returns a link that signs in to the webhook dashboard (endpoints and signing secrets)"},
	"GenerateSvixAuthURL":               {TierCredential, "returns a link that signs in to the webhook dashboard (endpoints and signing secrets)"},
	"VerifyOrganizationDomainOwnership": {TierCredential, "marks a domain as owned without proof; verified domains decide who joins an organization"},

	// Writes that take something away.
	"UsersUnban":                {TierDestructive, "a bulk action over many users"},
	"CreateBlocklistIdentifier": {TierDestructive, "blocks an identifier, or a whole email domain, as a ban does"},
	"ReplaceUserEmailAddress":   {TierDestructive, "removes the user's current email address; re-pointing a sign-in identifier is how accounts are taken over"},
	"ReplaceUserPhoneNumber":    {TierDestructive, "removes the user's current phone number; re-pointing a sign-in identifier is how accounts are taken over"},
}

// Tier ranks, from least to most risky.
var tierRank = map[Tier]int{
	TierRead:          0,
	TierSensitiveRead: 1,
	TierWrite:         2,
	TierDestructive:   3,
	TierCredential:    4,
}

// Tiers lists every tier, from least to most risky.
func Tiers() []Tier {
	return []Tier{TierRead, TierSensitiveRead, TierWrite, TierDestructive, TierCredential}
}

// ParseTier returns the tier called s ("read", "sensitive-read", "write", "destructive",
// "credential"), ignoring case and surrounding space.
func ParseTier(s string) (Tier, error) {
	t := Tier(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := tierRank[t]; !ok {
		names := make([]string, 0, len(tierRank))
		for _, t := range Tiers() {
			names = append(names, string(t))
		}
		return "", fmt.Errorf("unknown tier %q; tiers are %s", s, strings.Join(names, ", "))
	}
	return t, nil
}

// Valid reports whether t is one of the five tiers.
func (t Tier) Valid() bool { _, ok := tierRank[t]; return ok }

// IsRead reports whether t only reads (read or sensitive-read). Reads pass every scope
// check; only GET operations may have a read tier.
func (t Tier) IsRead() bool { return t == TierRead || t == TierSensitiveRead }

// stricter returns the riskier of a and b. An unknown tier counts as the riskiest.
func stricter(a, b Tier) Tier {
	if rank(a) >= rank(b) {
		return a
	}
	return b
}

func rank(t Tier) int {
	if r, ok := tierRank[t]; ok {
		return r
	}
	return len(tierRank) // unknown: riskier than anything
}

// DefaultTier returns op's tier when no override applies. Every operation of Clerk's
// Backend API gets its tier from the first of these rules that applies; the golden
// files testdata/policy/tiers-*.txt pin the outcome for every operation of every spec
// version we test, so that a change to any rule shows up in review.
//
//  1. A table of exceptions keyed by operationId, each with its reason: sensitive reads
//     the path does not reveal (ListEnterpriseConnectionTestRuns returns the identity
//     provider's tokens), writes that mint credentials or decide who may sign in
//     (createApiKey, createSession, CreateAgentTask, SSO connections, JWT templates,
//     redirect URLs, OAuth applications, machines and their scopes, Svix dashboard
//     links), and writes that take something away (bulk unban, block-list entries,
//     replacing a user's email address or phone number).
//  2. GET (and HEAD) reads. A GET whose path names a secret ("…/secret",
//     "…/secret_key") or a user's OAuth tokens ("…/oauth_access_tokens/…") is a
//     sensitive read: its response is a credential. Other GETs are plain reads, including
//     GET /jwks (public keys), GET /m2m_tokens (token metadata, never the token) and the
//     directory GETs (their api_key is only returned on create and rotate). Invitation
//     links in invitation lists are not treated as secrets: they are mailed to the invitee
//     and admit only that address.
//  3. Any change under /instance, /beta_features or /domains is credential: instance
//     settings and domains decide how everybody signs in, so only an admin asks.
//  4. A POST whose action (the last literal path segment) rotates something
//     ("rotate", "rotate_secret", "rotate_api_key") is credential, not merely
//     destructive: rotating invalidates the old secret and returns the new one to the
//     requester, so it both breaks and mints a credential.
//  5. A POST to a token collection (actor_tokens, sign_in_tokens, testing_tokens,
//     m2m_tokens, admin_portal_link_tokens, a session's tokens) mints a token that acts
//     as someone: credential. Verifying a token ("…/verify") is only a write.
//  6. An action that takes something away is destructive: revoke, ban, lock, reject,
//     revert (a template back to default), replace (role sets: migrates members),
//     remove_password, set_compromised, and any bulk action. Revoking a token is
//     destructive, not credential: it only removes access, and anyone allowed to ask
//     should be able to stop a leaked token without finding an admin.
//  7. DELETE is destructive.
//  8. Any other POST, PUT or PATCH creates or changes: write. That includes metadata
//     merges (PATCH) and replacements (PUT), unban/unlock (lifting a restriction),
//     verifications (they are not GETs, and VerifyPassword and VerifyTOTP have effects:
//     failed attempts count, a backup code is consumed) and proxy checks.
//  9. Anything else (a method the API does not use today) is destructive, so that a new
//     kind of operation is never let through by accident.
func DefaultTier(op *clerk.Operation) Tier {
	t, _ := defaultTier(op)
	return t
}

// defaultTier returns op's default tier and why, in words fit for a confirmation card.
func defaultTier(op *clerk.Operation) (Tier, string) {
	if e, ok := tierExceptions[op.ID]; ok {
		return e.tier, e.why
	}
	return ruleTier(op)
}

// ruleTier applies rules 2 to 9, ignoring the exceptions table.
func ruleTier(op *clerk.Operation) (Tier, string) {
	segs := literalSegments(op.Path)
	action := ""
	if len(segs) > 0 {
		action = segs[len(segs)-1]
	}
	switch op.Method {
	case http.MethodGet, http.MethodHead:
		for _, s := range segs {
			if slices.Contains(words(s), "secret") {
				return TierSensitiveRead, "returns a secret"
			}
			if s == "oauth_access_tokens" {
				return TierSensitiveRead, "returns a user's OAuth access token"
			}
		}
		return TierRead, "only reads"
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return TierDestructive, "uses an unusual method (" + op.Method + ")"
	}
	if len(segs) > 0 {
		switch segs[0] {
		case "instance", "beta_features":
			return TierCredential, "changes instance settings"
		case "domains":
			return TierCredential, "changes the instance's domains"
		}
	}
	if op.Method == http.MethodPost {
		w := words(action)
		switch {
		case slices.Contains(w, "rotate"):
			return TierCredential, "rotates a secret: the old one stops working and the new one is revealed"
		case action == "tokens" || strings.HasSuffix(action, "_tokens"):
			return TierCredential, "mints a token that acts as someone"
		}
		for _, verb := range []string{"revoke", "ban", "lock", "reject", "revert", "replace", "bulk"} {
			if slices.Contains(w, verb) {
				return TierDestructive, destructiveWhy[verb]
			}
		}
		switch action {
		case "remove_password":
			return TierDestructive, "removes the user's password"
		case "set_compromised":
			return TierDestructive, "forces a password reset at the next sign-in"
		}
	}
	if op.Method == http.MethodDelete {
		return TierDestructive, "deletes"
	}
	return TierWrite, "creates or changes"
}

var destructiveWhy = map[string]string{
	"revoke":  "revokes access",
	"ban":     "bans: signs out and blocks sign-in",
	"lock":    "locks: signs out and blocks sign-in",
	"reject":  "rejects",
	"revert":  "reverts to the default, losing customisations",
	"replace": "replaces, migrating or removing what was there",
	"bulk":    "a bulk action",
}

// literalSegments returns the path's segments that are not parameters.
func literalSegments(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s == "" || strings.HasPrefix(s, "{") {
			continue
		}
		out = append(out, s)
	}
	return out
}

// words splits a path segment into its lower-case words: "rotate_api_key" is
// rotate, api, key. Rules compare whole words, so "unban" is not "ban".
func words(seg string) []string {
	return strings.FieldsFunc(strings.ToLower(seg), func(r rune) bool { return r == '_' || r == '-' || r == '.' })
}
