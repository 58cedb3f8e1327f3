package intents

import (
	"errors"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

// paramPrefix maps a path parameter to the prefix of the ids it takes.
var paramPrefix = map[string]string{
	"user_id": "user", "organization_id": "org", "invitation_id": "inv", "session_id": "sess",
	"client_id": "client", "machine_id": "mch", "waitlist_entry_id": "wle",
	"email_address_id": "idn", "phone_number_id": "idn", "template_id": "jtmp",
	"actor_token_id": "act", "sign_in_token_id": "sit", "domain_id": "dmn",
	"organization_role_id": "rol", "permission_id": "perm", "identifier_id": "alid",
}

// sentence resolves text that is not a raw request: fast-path rules, then (until the
// ranker exists) clarify, or reject when the text is not about Clerk at all.
func (p *parser) sentence(in *Intent, spec *clerk.Spec, text string) {
	x := Extract(text, p.opts.Now())
	m := newMsg(text, x)
	res, name := fastpath(m)
	switch res.outcome {
	case propose:
		steps, err := build(spec, res.plan)
		if err != nil {
			in.Mode, in.Source = ModeClarify, SourceFastpath
			in.Message = "I understood this as: " + res.plan.reason + ", but the request would not be valid: " + problemText(err)
			in.Reason = "rule " + name + " proposed a plan that does not validate"
			return
		}
		if _, ok := m.verb(); (!ok && !res.plan.joined) || hasInjection(m) {
			for _, s := range steps {
				if s.IsWrite() {
					in.Mode, in.Source = ModeClarify, SourceFastpath
					in.Message = "This message asks for more than one thing; send one request at a time."
					in.Reason = "safety: a write in a message with mixed instructions"
					return
				}
			}
		}
		in.Mode, in.Source, in.Steps = ModeExecute, SourceFastpath, steps
		in.Reason = "rule " + name + ": " + res.plan.reason
		return
	case refuse:
		in.Mode, in.Source, in.Message, in.Reason = ModeReject, SourceFastpath, res.message, "rule "+name+" refused"
		return
	case askBack:
		in.Mode, in.Source, in.Message, in.Reason = ModeClarify, SourceFastpath, res.message, "rule "+name+" needs more"
		return
	}
	if !offTopic(m) && p.rankDecide(in, spec, m) {
		return
	}
	if offTopic(m) {
		in.Mode, in.Source = ModeReject, SourceFastpath
		in.Message = "That is not something clerkbot can do: it runs Clerk Backend API requests (users, organizations, invitations, sessions, …). Type help for examples, or tags to browse the API."
		in.Reason = "no Clerk words, ids or emails in the text"
		return
	}
	in.Mode, in.Source = ModeClarify, SourceFastpath
	in.Message = "I could not tell which Clerk operation you mean. Try a request such as \"GET /users?limit=5\", name one object by id (user_…, org_…), or type tags to browse the API."
	in.Reason = "no rule matched and the ranker found no operation"
}

func problemText(err error) string {
	var ve *clerk.ValidationError
	if errors.As(err, &ve) {
		return strings.Join(ve.Problems, "; ")
	}
	return err.Error()
}

// hasInjection spots text that tries to smuggle a second instruction in: role labels
// ("SYSTEM:", "assistant:"), "ignore previous instructions".
func hasInjection(m *msg) bool {
	l := m.lower
	for _, s := range []string{"system:", "assistant:", "developer:", "ignore previous", "ignore all previous", "ignore the above", "disregard", "new instructions", "instead,", "also delete", "also remove", "and then delete", "then delete"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// clerkWords are words that show a text is about Clerk's API even when no rule knows
// what it asks.
var clerkWords = wordSet(`user users org orgs organization organizations organisation member
members membership memberships invitation invitations invite invites session sessions
metadata token tokens jwt jwks template templates domain domains allowlist blocklist allow
block list instance waitlist webhook webhooks svix saml enterprise connection connections oauth
application applications app apps machine machines m2m api key keys scim directory
directories billing plan plans subscription subscriptions statement statements price prices
role roles permission permissions client clients email emails phone password mfa totp passkey
passkeys sign-in sign-up signup signups actor impersonate redirect url urls identifier
identifiers ban unban lock unlock account accounts tag tags endpoint endpoints settings
restrictions credit credits device devices wallet wallets external verify verification proxy
interstitial`)

// offTopic reports whether a text names nothing Clerk has: no id, email, domain or Clerk
// word. "What's the weather in Paris" and "restart the production database" are.
func offTopic(m *msg) bool {
	if len(m.x.IDs) > 0 || len(m.x.Emails) > 0 || len(m.x.Quoted) > 0 {
		return false
	}
	for _, w := range m.x.Words {
		if strings.ContainsAny(w, "_0123456789") {
			return false // a username or an id of a kind we do not know
		}
		if clerkWords[w] || clerkWords[strings.TrimSuffix(w, "s")] {
			return false
		}
	}
	return true
}
