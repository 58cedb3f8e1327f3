package intents

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// This file holds the last checks on a plan that changes something, whichever stage
// proposed it. Each one looks at the person's own words (quotes and JSON blanked)
// for a sign that the change was not asked for as planned, and turns the plan into
// a question back. An approver skims a card; a wrong write that looks right is the
// worst thing this package can produce.

// guardWrites runs the checks of this file on in (see each).
func guardWrites(in *Intent, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := asciiLower(ownWords(text))
	raw := asciiLower(text)
	for _, g := range []struct {
		hit     func(own string, in *Intent) bool
		message string
		reason  string
		raw     bool
	}{
		{negatedWrite, "That reads as not wanting the change (a \"don't\", \"never\" or \"no need\" before it), so nothing was planned. Ask for the change on its own when you want it.", "a negation before the change", false},
		{func(own string, _ *Intent) bool { return negatedCausative.MatchString(own) }, "That reads as not wanting the change (\"don't need … locked\"), so nothing was planned. Ask for the change on its own when you want it.", "a negation before the change", false},
		{pastedOrder, "That change is quoted, struck through, forwarded or given as an example, not asked for by you, so nothing was planned. Ask for it in your own words if you want it.", "the change is in quoted, pasted or example text", true},
		{undoOrder, "Clerk cannot undo a change, and \"undo\" or \"abort\" before one reads as not wanting it. Say the change you want now, for example: unban user_123.", "undo or abort before a change", false},
		{reportedChange, "That tells what was done, not what to do, so nothing was planned. Ask for the change in the present, for example: revoke invitation inv_123.", "a report of a change already made", false},
		{exceptionTarget, "The message excludes the object it names (\"everyone but …\"); clerkbot acts on named objects only. Name each object to change.", "the named object is an exception", false},
		{verbAsNoun, "That asks about a change (its status, date, reason or history), not for one; nothing was planned. Clerk keeps no such record an endpoint returns; look the object up instead, for example: get user user_123.", "a change named as a noun in a question", false},
		{statementNotOrder, "That reads as a statement about a change (a ticket title, a button, a request someone filed, a report), not a request for one: a verb such as \"was\", \"came in\" or \"flagged\" follows the change word with no one doing it. Nothing was planned; ask for the change on its own, for example: ban user_123.", "a change word used in a statement", false},
		{calledOff, "That message says the change is already done, taken back, for someone else to make, or only an option or a poll, so nothing was planned. Ask for the change on its own when it is to be made.", "a change done, taken back, someone else's or only an option", false},
		{someoneElsesAct, "That tells what someone else did, can or should do, not a change for clerkbot to make; nothing was planned. To make the change, ask for it: for example, delete user_123.", "a statement about someone's own action", false},
		{noVote, "That reads as a vote, a poll, a joke or a no (an emoji, \"-1\", \"y/n\", sarcasm), so nothing was planned. Ask for the change plainly when it is decided.", "a vote, joke or no", false},
		{notYet, "That change waits for someone or something (an approval, a time, a check), or should only last a while; clerkbot makes a change now and for good. Ask for it when it is due; Clerk has no timed ban or lock.", "a change for later, pending or temporary", false},
		{corrected, "The message corrects itself (\"actually\", \"sorry\", \"I mean\"); say the change once, as meant.", "a message that corrects itself", false},
		{futureOwnAction, "That says a change someone means to make later, not one to make now; nothing was planned. Ask for it when it should happen.", "a change announced for later", false},
		{addressedElsewhere, "That message is addressed to someone else (it starts with @name), so nothing was planned. Ask clerkbot directly.", "a message addressed to someone else", false},
		{askedWho, "That asks who made a change, not for one; nothing was planned.", "a question about a change", false},
		{itForPart, "\"It\" may be the thing the message mentions (an avatar, a phone number, a password, the spam), not the user. Say what to change by name, for example: delete the profile image of user_123.", "\"it\" after a thing the user has", false},
		{func(own string, in *Intent) bool {
			return (otherEnvironment.MatchString(own) || otherInstance.MatchString(own)) && !slices.ContainsFunc(in.Steps, func(s Step) bool { return s.OperationID == "CreateTestingToken" })
		}, "That change is for another environment (staging, a sandbox, dev); clerkbot acts on the one Clerk instance its key belongs to. Run it there, or say it without the other environment if you mean this one.", "a change for another environment", false},
		{reporterTarget, "The message names someone who reported or complained, then acts on \"him\", \"her\" or \"them\"; that may be someone else. Name the object of the change by its id or email.", "the only named person is the reporter", false},
		{wholeObjectDelete, "", "", false},
		{partOfObject, "", "", false},
		{unnamedPart, "", "", false},
		{unusedIDs, "", "", false},
		{singletonDelete, "", "", false},
		{unclearAmount, "The amount is unclear: the message names several sums, or writes one in a way that could be read two ways (\"$1 500\", \"$1.5k\"). Say the one amount plainly, for example: add $1,500 credit to user_123.", "a credit with an unclear amount", false},
		{compromisedUnsaid, "That would mark the password compromised, which the message does not say. To set a password, quote it: set password 'new-secret' for user_123.", "a compromised mark the text does not ask for", false},
		{secretInPublic, "", "", false},
		{unclearDeleteVerb, "", "", false},
		{func(raw string, _ *Intent) bool { return hiddenComment.MatchString(raw) }, "The message holds a comment or markup (<!-- … -->, /* … */, // …, # …, <…>) that Slack does not show as you wrote it, so no change was planned from it. Say the change in plain words.", "a change in a message with hidden comments or markup", true},
		{oppositeDelete, "That would delete the object, but the message takes it out of use or brings it back (\"disable\", \"reactivate\", \"restore\"), which a delete is not. Say which change you mean, for example: lock user_123, or delete org_123.", "a delete the text does not ask for", false},
		{sessionUnasked, "That would create a new session for the user, which the message does not ask for. Clerk cannot change a session's lifetime; to end sessions, say revoke session sess_123.", "a new session the text does not ask for", false},
		{func(raw string, _ *Intent) bool { return embeddedRequest.MatchString(raw) }, "The message holds an API request or a curl command among other words (quoted, logged, or with a comment), so nothing was planned from it. To run a request, send it on its own: POST /users/user_123/ban", "a request or curl command inside other text", true},
		{notifyUnsaid, "The message says no email should go out, but the plan would send one (notify is not turned off). Say it again with the invitation on its own, for example: invite bob@acme.com, no email.", "an email the text does not want", false},
		{fieldAsMetadata, "That would write metadata made of the words of a user's own field (\"profile image\", \"totp enabled\", \"mfa off\"), which is not that field. Say the change with its endpoint's words, for example: delete the profile image of user_123, or disable MFA for user_123.", "a user field written as metadata", false},
		{metadataKindUnsaid, "The message names one kind of metadata (public, private or unsafe) and the plan writes another, so nothing was planned. Say it again with the kind once, for example: set private metadata fraud_hold=false on user_123.", "metadata of a kind the text does not name", false},
		{func(string, *Intent) bool { return nameTail(text, in) }, "The new name runs on into words that may not be part of it (\"when you can\", \"for the rebrand\", \"effective Monday\"), so no change was planned. Put the name in quotes, for example: rename org_123 to 'Acme Labs'", "a name that runs on into the request's words", false},
		{func(string, *Intent) bool { return nameCut(text, in) }, "The name may go on after its punctuation (an abbreviation such as \"Dr.\" or \"St.\", or a company suffix such as \", S.A.\" or \", Inc.\"), so no change was planned. Put the whole name in quotes, for example: create org 'Acme, S.A.'", "a name cut at its punctuation", false},
		{func(string, *Intent) bool { return objectFromStory(text, in) }, "The sentence that asks names its object only as a description (\"the spammer\", \"the duplicate account\"), and the id is in another sentence, so it may be someone else. Name the object of the change by its id or email.", "the object is only described where the change is asked", false},
	} {
		words := own
		if g.raw {
			words = raw // quote marks and brackets, which own blanks
		}
		if g.hit(words, in) {
			if in.Mode == ModeExecute {
				in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
				in.Message, in.Reason = g.message, "safety: "+g.reason
			}
			return
		}
	}
}

// negationBefore is a negation that governs the verb after it, with at most three
// small words between: "please don't delete", "no need to ban", "we won't ban",
// "nobody should delete", "there's no reason to delete".
var negationBefore = regexp.MustCompile(`\b(?:deny|refuse|veto|hardly|dnt|dont't|zero\s+reason\s+to|no\s+reason\s+to|don'?t|dont|do\s+not|does\s+not|doesn'?t|never|not|no|won'?t|wont|will\s+not|shouldn'?t|should\s+not|can'?t|cant|cannot|can\s+not|wouldn'?t|would\s+not|mustn'?t|must\s+not|didn'?t|nobody|noone|no\s+one|neither)((?:\s+(?:need|needs|reason|to|want|wants|going|gonna|have|has|be|able|please|pls|just|really|actually|we|i|you|they|should|must|will|would|ever|yet|the|a|this|that|it|plan|planning|intend|supposed|allowed))*)\s+([a-z][a-z\-]*)\b`)

// negatedWrite: a negation right before a verb of change ("please don't delete
// org_1", "no need to ban user_1"). "Don't notify" and the like say how, not whether,
// and were read before (silently); "not admin" is a role, not a verb.
func negatedWrite(own string, in *Intent) bool {
	own = betweenWords.ReplaceAllString(own, " ") // "let's not 🙏 lock", "don't… ban", "DON'T!!! delete"
	own = quietly.ReplaceAllString(own, " ")
	own = otherCancelled.ReplaceAllString(own, " ")
	if undoes(in.Steps) {
		// "lift the ban on user_1, it was a mistake": the mistake is what the
		// change undoes, its reason.
		own = wasMistake.ReplaceAllString(own, " ")
	}
	for _, mm := range negationBefore.FindAllStringSubmatchIndex(own, -1) {
		w := own[mm[4]:mm[5]]
		if changeWord(w) || w == "ban" || w == "unban" || creditVerbs[w] {
			if sm := theirAbility.FindStringSubmatch(own[:mm[0]]); sm != nil && !ownSubjects[sm[1]] && cannotWord.MatchString(own[mm[0]:mm[5]]) {
				continue // "allowlist bob@acme.com, he cannot register": what he can't do
			}
			if notAble.MatchString(own[mm[0]:mm[5]]) && !slices.ContainsFunc(in.Steps, func(s Step) bool { return s.IsWrite() && doesVerb(s.OperationID, w) }) {
				continue // "user_1 shouldn't be able to create orgs. turn off …": what they may not do
			}
			if notThatAction(ruledOut(own[mm[0]:], mm[5]-mm[0]), own[:mm[0]]) && !slices.ContainsFunc(in.Steps, func(s Step) bool { return s.IsWrite() && doesVerb(s.OperationID, w) }) {
				continue // "lock user_1 …, dont ban yet": another action ruled out
			}
			return true
		}
	}
	// "no ban for user_1": a negated noun of a change.
	return noChange.MatchString(own) || strongNo.MatchString(requestScope(own)) || strongNo.MatchString(own) && !strings.Contains(own, "don")
}

// theirAbility is the word right before a negation, someone else's unless it is one
// of ownSubjects, and cannotWord what they cannot do: "he cannot register", "the
// customer can't sign up", "she isn't able to log in" tell the trouble, not a
// change unwanted.
var (
	theirAbility = regexp.MustCompile(`\b([a-z][a-z']*)\s+$`)
	// ownSubjects are the writer, clerkbot and the words that are no subject.
	ownSubjects = wordSet(`i we you u please pls plz just so and then really also still i'm we're you're it`)
	cannotWord  = regexp.MustCompile(`^(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not|(?:is|are|was|were)\s*n'?o?t\s+able|isn'?t\s+able|aren'?t\s+able|still\s+can'?t)\b`)
)

// ruledOut is the clause of a negation that starts text, up to the first break after
// its verb (which ends at verbEnd): "don't delete), customer churned" is "don't
// delete)".
func ruledOut(text string, verbEnd int) string {
	if i := strings.IndexAny(text[verbEnd:], ",;"); i >= 0 {
		return text[:verbEnd+i]
	}
	return text
}

// notAble says what someone may not do: "shouldn't be able to create orgs".
var notAble = regexp.MustCompile(`^(?:shouldn'?t|should\s+not|mustn'?t|must\s+not|(?:is|are)\s*n'?o?t)\s+(?:be\s+)?(?:able|allowed|permitted)\s+to\s`)

// betweenWords are emoji, symbols and marks that may stand between a negation and
// its verb without changing it.
var betweenWords = regexp.MustCompile(`[^\x00-\x7F\p{L}\p{N}]+|[!?*~]+|:[a-z0-9_+\-]+:`)

// wasMistake says an earlier change was a mistake.
var wasMistake = regexp.MustCompile(`\b(?:it|that|the\s+\w+|this)\s+was\s+(?:a\s+mistake|wrong|an\s+error|accidental)\b`)

// undoes reports whether a plan takes back an earlier change: an unban, an unlock, an
// entry taken off the block-list, a password no longer compromised.
func undoes(steps []Step) bool {
	switch steps[len(steps)-1].OperationID {
	case "UnbanUser", "UnlockUser", "DeleteBlocklistIdentifier", "UnsetUserPasswordCompromised":
		return true
	}
	return false
}

// changeWord reports whether w asks for a change: a write verb, an action word, or
// one of the terse verbs of chat.
func changeWord(w string) bool { return writeVerb(w) || actionWords[w] || terseVerbs[w] }

// terseVerbs are the short verbs of deletion chat uses.
var terseVerbs = wordSet(`nuke zap axe yeet trash scrap kill`)

// strongNo is a no that stands apart from the verb: "do NOT, under any circumstances,
// delete …", "under no circumstances", "no one should", "the last thing we want".
var strongNo = regexp.MustCompile(`\bunder\s+(?:no|any)\s+circumstances?\b|\bat\s+no\s+point\b|\bin\s+no\s+case\b|\bnever,?\s+ever\b|\bno\s+one\s+(?:should|is\s+to|may|must|can)\b|\blast\s+thing\s+we\s+want\b|\bno\s+way\s+(?:we|i|you)\b|\bfar\s+from\s+wanting\b|\b(?:do\s+not|don'?t)\s*[,—–-]|\b(?:not\s+really|is\s+not\s+approved|isn'?t\s+approved|(?:is|was|been)\s+cancel+ed|is\s+off|on\s+hold|dry[\s-]?run|scratch\s+the|belay\s+that)\b|\[draft\]|\(draft\b|\bwas\s+(?:a\s+mistake|wrong|an\s+error|accidental)\b`)

// otherCancelled is something else that was cancelled, a reason for the change rather
// than the change called off: "revoke the invite - the engagement was cancelled".
var otherCancelled = regexp.MustCompile(`\b(?:their|his|her|the|our|a|an|whose)\s+(?:[a-z']+\s+)?(?:engagement|contract|subscription|trial|meeting|event|deal|project|booking|reservation|purchase|payment|card|onboarding|pilot|partnership)\s+(?:is|was|has\s+been|had\s+been|got)\s+cancel+ed\b`)

// noChange is "no ban for …", "ban user_1: no", "… = bad idea", "was the wrong call".
var noChange = regexp.MustCompile(`\bno\s+(?:ban|lock|delete|deletion|removal|unban|unlock)\s+(?:for|on|of)\b|\bskip\s+the\s+(?:ban|lock|delete|deletion|removal|unban|unlock|credit)\b|:\s*no\b|=\s*(?:no|bad)\b|\bbad\s+idea\b|\bwrong\s+call\b|\bskip\s+(?:it|that|this)\b`)

// pasteMarker marks text as quoted or pasted rather than asked: a Slack quote line,
// strikethrough, a forwarded message, an example, a log or audit line, a to-do.
var pasteMarker = regexp.MustCompile(`(?m)^\s*>|~[^~\s][^~]*~|` + "```" + `|^\s*(?:fwd?|fw|forwarded|quote|quoting|example|e\.g\.|eg|todo|test|audit|log|log\s+line|audit\s+log|draft|transcript|note|idea)\s*(?:\([^)]*\))?\s*:|^\s*reminder\b[^:\n]{0,40}:|^\s*test\s+case\b[^:\n]{0,40}:|^\s*(?:pasted|copied)\s+from\b[^:\n]{0,30}:|^\s*(?:runbook\s+)?step\s*\d+\s*:|^\s*todo\s+\w+\s*:|(?m:^\s*[\w ]{0,40}:\s*>\s)|^\s*(?:e\.g\.|i\.e\.|for\s+(?:example|instance))|\bremind\s+me\s+to\b|^\s*\[\s?\]|\bthe\s+bot\s+told\s+me\b|\bmessage\s+from\s+@|\b(?:is\s+)?what\s+(?:they|someone|he|she|the\s+customer|the\s+user)\s+(?:asked|said|wrote|posted|sent)\b|\bsomeone\s+(?:posted|wrote|said)\s*(?::|this\b|that\b|["'“])|\bsomeone\s+asked\s+(?:to|us|me|for|if|whether|that)\b|\bsays\s+the\s+runbook\b|\bjust\s+testing\b|\btest\s+message\b|\bplease\s+ignore\b|\bignore\s+(?:this|me)\b|\btext\s+reads\b|\breads\s*:|^\s*fwd?\s+from\b|\b(?:just\s+pasted|pasted\s+(?:this|from|below|above))\b|\bpasted\s*:|\berror\s+(?:when|while|running|on|in)\b|\[draft\]|\(draft\b|forwarded\s+message|begin\s+forwarded|from\s+the\s+old\s+thread|copy/?paste\s+from|^\s*(?:usage|syntax(?:\s+is)?|example\s+command|sample\s+command|changelog|resolved|closed|completed|handled\s+\w+)\s*[:—–-]|here'?s\s+what\s+the\s+script\s+runs|←|what\s+the\s+attacker|^\s*(?:bug|ticket\s*#?\d*|incident)\b[^:\n]{0,20}[:—–-]|\breports?\s*:|\b(?:wrote|writes|said|says|asked|asks|messaged|emailed|posted|replied|texted|claimed|demanded|requested)\s*:|\bclaims?\s*:\s*[^\s{\[]`)

// negatedCausative does not want something done: "I don't need user_1 locked", "we
// don't want user_1 banned", "no need to get user_1 unbanned".
var negatedCausative = regexp.MustCompile(`\b(?:don'?t|dont|do\s+not|doesn'?t|does\s+not|didn'?t|never|no\s+longer|not)\s+(?:really\s+|actually\s+)?(?:need|want|have|get|needing|wanting)\s+(?:to\s+(?:get|have)\s+)?\S+\s+(?:\w+\s+)?\w+ed\b|\bno\s+need\s+to\s+(?:get|have)\s+\S+\s+\w+ed\b|\bnot\s+(?:like|that|as\s+if)\s+(?:we|i|they|you)\b`)

// otherEnvironment names an environment other than the one clerkbot acts on.
var otherEnvironment = regexp.MustCompile(`\b(?:in|on|from|for|against)\s+(?:the\s+|our\s+)?(?:staging|stg|sandbox|stage|preprod|pre-prod|uat|localhost|(?:dev|development|test|testing|qa|preview|local)(?:\s+(?:instance|env|environment|tenant|app|project))?\s*(?:$|[,;!?)]|\.(?:\s|$)))|[(\[]\s*(?:staging|stg|dev|qa|sandbox|test)\s*[)\]]|^\s*staging\b|\busing\s+the\s+test\s+keys\b|\bthis\s+is\s+for\s+(?:staging|stg|dev|qa)\b|\((?:not|nothing\s+in)\s+prod(?:uction)?\)|\bnot\s+(?:in\s+|on\s+)?prod(?:uction)?\b|\bnot\s+(?:in\s+)?here\b`)

// otherInstance names another Clerk instance, environment or app than the one
// clerkbot acts on, in more words than otherEnvironment: "in the preview deployment",
// "with the dev keys:", "for dev only", "(test mode)", "on acme-staging", "(EU
// instance)", "on the old US instance", "for the mobile app's Clerk instance", "in
// the legacy Clerk app", "training mode:", "not us, that's the staging tenant", "…
// per the Okta sync, not Clerk". Production and "this" instance are no other.
var otherInstance = regexp.MustCompile(`\b(?:in|on|from|for|against|with|using|via)\s+(?:the\s+|our\s+|a\s+)?(?:` + envWords + `)[\s-]+(?:instance|env|environment|tenant|app|project|deployment|keys?|server|stack|cluster|site|build|org|account)s?\b|` +
	`\bthe\s+(?:` + envWords + `)\s+(?:instance|env|environment|tenant|deployment|keys)\b|` +
	`\b(?:in|on|for|against|from)\s+(?:the\s+)?[a-z0-9]+-(?:staging|stg|dev|test|qa|sandbox|preview|uat|demo|e2e)\b|` +
	`\b(?:` + envWords + `)\s+only\b|` +
	`\(\s*(?:` + envWords + `|eu|us|uk|apac|emea|other|old|legacy)\s+(?:mode|instance|env|environment|tenant)\s*\)|\btraining\s+mode\b|` +
	`\b(?:the|our|their)\s+(?:old|legacy|other|second|separate|mobile|eu|us|uk|apac|emea|[a-z]+'s)\s+(?:[a-z]+\s+){0,2}(?:clerk\s+)?(?:instance|tenant)\s*(?:$|[,;:!?).—–]|-\s)|` +
	`\b(?:separate|other|legacy|old|second|another)\s+clerk\s+(?:app|application|instance|account)\b|\bnot\s+(?:in\s+|on\s+)?clerk\b|` +
	// "ban user_1 (in Okta)", "lock user_1 in Keycloak", "ban user_1, from the community Slack"
	`(?:\b[a-z]+_[a-z0-9]+|[,(])\s*\(?\s*(?:in|on|from|via)\s+(?:the\s+|our\s+)?(?:[a-z]+\s+)?(?:okta|keycloak|firebase|cognito|auth0|azure\s*ad|entra|google\s+workspace|slack|discord|mixpanel|segment|amplitude|hubspot|salesforce|zendesk|intercom|postgres|mysql)\b`)

// envWords name an environment other than production.
const envWords = `staging|stg|sandbox|stage|preprod|pre-prod|uat|dev|development|test|testing|qa|preview|local|demo|e2e|integration|training`

// actionItem is someone else's to-do in a plan or a postmortem: "action item (owner:
// security): …". The writer's own ("Action item from standup: ban user_1") is a request.
var actionItem = regexp.MustCompile(`(?i)\baction\s+items?\s*(?:\(\s*(?:owner|assignee|owned\s+by|due)|(?:for|owned\s+by|assigned\s+to)\s+\S)|\bfollow[\s-]?ups?\s*\(\s*(?:owner|assignee)`)

// colonLead is the label before the first colon of a message that opens with one:
// short, on the first line, with no id, email, quote or JSON of its own, and not an
// emoji shortcode's colon.
func colonLead(own string) (string, bool) {
	plain := shortcode.ReplaceAllStringFunc(own, func(s string) string { return strings.Repeat(" ", len(s)) })
	loc := colonBreak.FindStringIndex(plain)
	if loc == nil || loc[0] == 0 || loc[0] > 80 {
		return "", false
	}
	lead := own[:loc[0]]
	if strings.ContainsAny(lead, "\n{}\"`@<") || hasID(lead) {
		return "", false
	}
	return lead, true
}

// colonBreak is a colon that ends a label: before a space or the end.
var colonBreak = regexp.MustCompile(`:(?:\s|$)`)

// relayedLead is a label before a colon that names who said what follows or where it
// was copied from.
var relayedLead = regexp.MustCompile(`\b(?:wrote|writes|write\s+in|said|says|asked|asks|sent|sends|pinged|replied|reply|replies|message|messages|msg|dm|notes?|email|e-mail|mail|chat|conversation|thread\s+in|transcript|excerpt|screenshot|ocr|macro|template|example|docs?|copy|copied|verbatim|quote|quoted|customer|customers|client|user's|attacker|phishing|via|auto-?generated|generated|pagerduty|zendesk|intercom|hubspot|linear|jira|freshdesk|salesforce|criteria|legal|sales|csm|slack\s+connect|in\s+#[\w-]+|from\s+(?:the\s+|a\s+|our\s+)?(?:customer|user|client|ticket|email|chat|attacker|vendor|partner|support|legal|sales))\b|'s\s+(?:ask|request|message|note|reply|email|words)\b|\b(?:team|customer|user|client|their|his|her)\s+request\b|#[\w-]+`)

// bugReport reports a failure: in the request's own sentence ("bug: lock user_1
// returns 404", "ban button is broken") the change is the failing one, not asked;
// in a sentence before it ("The SSO is broken. Please create …") it is the story.
var bugReport = regexp.MustCompile(`\b(?:fails|failing|errors?\s+for|returns?\s+(?:a\s+)?\d{3}|shows\s+a\s+\d{3}|does\s+nothing|doesn'?t\s+work|is\s+broken)\b`)

// pastedOrder: the change stands in quoted, struck-through, forwarded or example
// text ("> ban user_1", "~ban user_1~", "Fwd: please delete user_1", "e.g. ban
// user_1").
func pastedOrder(own string, _ *Intent) bool {
	if pasteMarker.MatchString(own) || actionItem.MatchString(own) {
		return true
	}
	if lead, ok := colonLead(own); ok && relayedLead.MatchString(asciiLower(lead)) && !ownLabel(lead) {
		// "Zendesk macro text: delete user_1", "Sam in #help: can someone ban
		// user_1", "Customer writes in: please delete my account": someone
		// else's words after a label that names them or where they come from.
		return true
	}
	if !bugReport.MatchString(own) {
		return false
	}
	// The sentence of the request, and any after it: a failure told before the
	// request is the reason for it.
	from, _ := requestSpan(own)
	start := 0
	for _, b := range sentenceBreak.FindAllStringIndex(own[:from], -1) {
		start = b[1]
	}
	for _, loc := range bugReport.FindAllStringIndex(own[start:], -1) {
		if !failureOfOther(own[start:], loc[0]) {
			return true
		}
	}
	return false
}

// listGoesOn is a clause break followed by another id of a list.
var listGoesOn = regexp.MustCompile(`^\s*[,;]\s*(?:and\s+|&\s*)?[a-z]+_[0-9a-z]{2,}`)

// ownLabel reports whether the text before a colon is the writer's own request
// that goes on with a field ("create a jwt template called hasura, claims: {…}").
// A ticket's label is not ("Customer ticket ZD-1: please delete my account" quotes
// the customer).
func ownLabel(lead string) bool { return startsRequest(lead) }

// failureOfOther reports whether the failure at i of text is told of something with
// a name of its own, in a clause after the request: "need a testing token, bot
// protection keeps failing the e2e runs" is why; "ban user_1 fails" and "…, it
// returns a 500" report the request failing.
func failureOfOther(text string, i int) bool {
	seps := clauseSep.FindAllStringIndex(text[:i], -1)
	if len(seps) == 0 {
		return false // the request's own clause
	}
	clause := text[seps[len(seps)-1][1]:i]
	words := wordPattern.FindAllString(clause, -1)
	if len(words) < 2 {
		return false
	}
	switch words[0] {
	case "it", "this", "that", "which", "and", "still", "but", "the", "request", "call", "command":
		return false
	}
	for _, w := range words {
		if changeWord(w) {
			return false
		}
	}
	return true
}

// undoneChange are the changes "cancel the … X" takes back.
var undoneChange = wordSet(`revoke revocation ban unban lock unlock delete deletion removal block unblock`)

// undoWords take back a change rather than make it: "undo ban user_1" is handled as
// unban before; "abort delete user_1", "revert: delete org_1", "reverse the unban of
// user_1", "take back the invitation revoke" are not changes. The verb, then the two
// words after it.
var undoWords = regexp.MustCompile(`\b(undo|abort|revert|reverse|roll\s*back|rollback|back\s+out|take\s+back|unwind|cancel)\b\s*:?\s*(?:(?:the|a|that|this|[a-z]+'s)\s+)?([a-z]+)(?:\s+([a-z]+))?`)

func undoOrder(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1].OperationID
	for _, mm := range undoWords.FindAllStringSubmatch(own, -1) {
		words := mm[2:]
		if mm[1] == "cancel" {
			// "cancel invite inv_1", "cancel the old invite" cancel the invitation;
			// "cancel the invitation revoke" takes a change back.
			if !undoneChange[mm[3]] {
				continue
			}
			words = mm[3:]
		}
		for _, w := range words {
			if w == "ban" && last == "UnbanUser" || w == "lock" && last == "UnlockUser" {
				break // "undo the ban on user_1" was read as unban
			}
			if changeWord(w) || w == "ban" {
				return true // "reverse the unban of user_1", "take back the invitation revoke"
			}
		}
	}
	return false
}

// reportedAt is a report of a change: it opens with the change in the past tense,
// possibly after who did it ("revoked the invite for …", "I already deleted org_1",
// "made user_1 admin yesterday", "last time someone ran delete user_1 …").
var reportedAt = regexp.MustCompile(`^\s*(?:(?:i|we|someone|they|he|she|support|ops)\s+)?(?:already\s+|just\s+|had\s+|have\s+|has\s+)?([a-z]+(?:ed|de|ne|t))\b`)

// storyReport tells of a change someone made before: "last time someone ran …".
var storyReport = regexp.MustCompile(`\blast\s+time\b|\bsomeone\s+(?:ran|did|tried)\b|\b(?:webhook|job|sync|script|integration|automation)\s+(?:should|was\s+supposed\s+to|is\s+supposed\s+to)\s+(?:have\s+)?\w+|\b(?:webhook|job|sync|script|integration|automation|apply|pipeline|cron|terraform|salesforce|okta|stripe|hubspot|it|they|we|i)\s+(?:will|'ll|is\s+going\s+to|are\s+going\s+to|gonna)\s+(?:\w+\s+)?(?:set|mark|bump|add|update|change|ban|unban|lock|unlock|delete|remove|revoke|block|unblock|create|invite)\b|\b(?:recommended|suggested|advised)\s+(?:that\s+)?we\b|\b(?:i've|we've|i\s+have|we\s+have)\s+(?:already\s+|just\s+)?(?:set|added|changed|updated|marked|flagged|banned|locked|deleted|removed|revoked|blocked)\b|\b(?:fyi|heads\s+up)[,:]?\s+(?:i|we)\s+(?:set|added|changed|updated|marked|flagged|banned|locked|deleted|removed|revoked|blocked)\b`)

// selfReport is the speaker saying they made a change already: "I already set the
// tier to enterprise, can you confirm it stuck". It reports the planned change only
// when its verb is of the same kind (ownReport).
var selfReport = regexp.MustCompile(`\b(?:i|we)\s+(?:already|just)\s+(set|added|changed|updated|removed|banned|unbanned|locked|unlocked|deleted|revoked|created|invited|marked|flagged)\b`)

// reportKinds are the operation words of each verb of selfReport.
var reportKinds = map[string][]string{
	"set": {"Update", "Merge", "Set"}, "changed": {"Update", "Merge", "Set"}, "updated": {"Update", "Merge", "Set"},
	"marked": {"Update", "Merge", "Set"}, "flagged": {"Update", "Merge", "Set"},
	"added": {"Create", "Add"}, "created": {"Create", "Add"}, "invited": {"Invit"},
	"removed": {"Delete", "Remove"}, "deleted": {"Delete", "Remove"}, "banned": {"Ban"}, "unbanned": {"Unban"},
	"locked": {"Lock"}, "unlocked": {"Unlock"}, "revoked": {"Revoke"},
}

// ownReport reports whether the speaker says they already made a change of the
// kind the plan makes ("we already banned its members" is no report of a delete).
func ownReport(own string, in *Intent) bool {
	for _, mm := range selfReport.FindAllStringSubmatch(own, -1) {
		for _, st := range in.Steps {
			if st.IsWrite() && slices.ContainsFunc(reportKinds[mm[1]], func(k string) bool {
				return strings.Contains(st.OperationID, k) && !(k == "Ban" && strings.Contains(st.OperationID, "Unban")) && !(k == "Lock" && strings.Contains(st.OperationID, "Unlock"))
			}) {
				return true
			}
		}
	}
	return false
}

func reportedChange(own string, in *Intent) bool {
	if storyReport.MatchString(own) || ownReport(own, in) {
		return true
	}
	mm := reportedAt.FindStringSubmatch(own)
	if mm == nil {
		return false
	}
	for _, loc := range laterClause.FindAllStringIndex(own, -1) {
		if startsRequest(own[loc[1]:]) {
			return false // "we onboarded Acme today, spin up their org": the request follows
		}
	}
	return participle(mm[1]) || mm[1] == "made"
}

// exceptAll is "everyone but …", "all users except …": the id after it is spared.
var exceptAll = regexp.MustCompile(`\b(?:everyone|everybody|each\s+(?:user|member|person))\s+(?:in|of|at|from)\b|\bwith\s+the\s+exception\s+of\b|\b(?:everyone|everybody|every\s+(?:user|member|account|one)|all(?:\s+(?:users|members|accounts|of\s+them))?|the\s+rest)\s+(?:but|except|besides|other\s+than|apart\s+from|save)\b`)

func exceptionTarget(own string, in *Intent) bool {
	if exceptAll.MatchString(own) {
		return true
	}
	// "ban the spammers, excluding user_1", "(not user_1)", "besides org_1": the id
	// after such a word is spared; a plan that acts on it is wrong.
	for _, mm := range excludedID.FindAllStringSubmatch(own, -1) {
		for _, s := range in.Steps {
			if s.IsWrite() && strings.Contains(asciiLower(fmt.Sprint(s.PathParams, string(s.Body))), mm[1]) {
				return true
			}
		}
	}
	return false
}

// excludedID is an id right after a word that excludes it.
var excludedID = regexp.MustCompile(`\b(?:except(?:\s+for)?|excluding|besides|other\s+than|apart\s+from|but\s+not|save\s+for|\(not|not\s+including|with\s+the\s+exception\s+of)\s+((?:user|org|sess|inv|orginv|idn)_[a-z0-9]+)`)

// wholeObjectDelete turns into a question a plan that deletes a whole user or
// organization when the text deletes something of it: "delete user_1's email",
// "remove the external account on user_1", "delete the users in org_1". A word for
// a part of the object before the id, or a possessive after it, names the part.
func wholeObjectDelete(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1]
	var parts map[string]bool
	switch last.OperationID {
	case "DeleteUser":
		parts = userParts
	case "DeleteOrganization":
		parts = orgParts
	default:
		return false
	}
	v := objectNamed(own, last)
	at := strings.Index(own, v)
	if v == "" || at < 0 {
		return false
	}
	after := own[at+len(v):]
	part := possessed(after) // "delete user_1's email"
	before := wordPattern.FindAllString(own[:at], -1)
	if strings.Contains(v, "@") {
		before = nil // "the user with email a@b.co": the address names the user
	}
	for j := len(before) - 1; j >= 0 && j >= len(before)-4 && part == ""; j-- {
		if parts[before[j]] {
			part = before[j] // "delete the external account on user_1"
		}
	}
	if part == "" {
		return false
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
	in.Message = "That deletes the " + part + " of " + v + ", not " + v + " itself. Name what to delete by its id (for example the email address idn_…, the external account eac_…, or the member user_… of org_…), or ask to delete " + v + " on its own."
	in.Reason = "safety: the delete names a part of " + v
	return true
}

// ownNouns name a whole object: "delete the user account user_1", "the org".
var ownNouns = wordSet(`user users account accounts profile org orgs organization organizations organisation
company workspace tenant record`)

// userParts and orgParts are the parts of a user and of an organization a message may
// delete by naming the whole: its email, its members.
var (
	userParts = wordSet(`email emails e-mail address addresses phone number numbers external google github
	microsoft apple facebook oauth saml sso wallet web3 avatar image photo picture username invitation invitations
	invite invites membership memberships metadata session sessions password mfa totp passkey passkeys connection
	connections login logins device devices identity identities data`)
	orgParts = wordSet(`user users member members admin admins invitation invitations invite invites metadata
	domain domains creator owner owners role roles membership memberships logo image people everyone everything all`)
)

// politeWords may stand between a verb and its object: "delete please user_1".
var politeWords = wordSet(`pls plz please kindly asap now permanently completely entirely fully`)

// deleteWords say delete, and nothing milder: an irreversible delete needs one.
var deleteWords = wordSet(`delete deleted deleting remove removing erase destroy purge wipe nuke zap axe yeet
trash scrap drop kill rm del gdpr tear teardown decommission`)

// isDeleteWord reports whether w says delete, or is one slip away from a long word
// that does ("delte", "remvoe").
func isDeleteWord(w string) bool {
	if deleteWords[w] {
		return true
	}
	for _, d := range []string{"delete", "remove", "erase", "destroy", "purge"} {
		if len(w) >= 4 && editDistance(w, d, 2) <= 1+boolInt(len(w) >= 6) {
			return true
		}
	}
	return false
}

// unclearDeleteVerb turns into a question a plan that deletes a whole thing (a user,
// an organization, the webhooks app, a connection, …) when the text never says delete
// or remove: "deactivate user_1", "unblock user_1", "disable user_1" mean a ban, a
// lock or their undoing; "disable the webhook … for an hour" is no delete of the
// Svix app.
func unclearDeleteVerb(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1]
	if !wholeDeletes[last.OperationID] {
		return false
	}
	for _, w := range wordPattern.FindAllString(own, -1) {
		if deleteWords[w] {
			return false
		}
	}
	// A slip counts in the verb's place only ("delte user_1"), not anywhere ("…, they
	// were remote").
	if first := wordPattern.FindString(politeLead.ReplaceAllString(strings.TrimSpace(requestClause(own)), "")); isDeleteWord(first) {
		return false
	}
	in.Mode, in.Steps = ModeClarify, nil
	in.Message = "Deleting cannot be undone, and the message does not say delete. To stop someone signing in, ban or lock them; to let them back, unban or unlock. Say which, for example: ban user_123."
	if last.OperationID != "DeleteUser" && last.OperationID != "DeleteOrganization" {
		in.Message = "Deleting cannot be undone, and the message does not say delete (" + last.Method + " " + last.Path + " would). Say delete if that is meant; to switch something off, say which setting, or use METHOD /path."
	}
	in.Reason = "safety: an irreversible delete the text does not name"
	in.Candidates = nil
	return true
}

// wholeDeletes remove a whole thing that cannot be brought back as it was.
var wholeDeletes = map[string]bool{"DeleteUser": true, "DeleteOrganization": true, "DeleteSvixApp": true,
	"DeleteSAMLConnection": true, "DeleteEnterpriseConnection": true, "DeleteOAuthApplication": true,
	"DeleteJWTTemplate": true, "DeleteDomain": true}

// laterClause starts a clause after the first.
var laterClause = regexp.MustCompile(`[,;.!?:]\s*|\s+[—–-]+\s+|\s+(?:and|so|then|now)\s+`)

// askedWhoRe asks who or when a change was made: "who set plan to pro on user_1".
var askedWhoRe = regexp.MustCompile(`^\s*(?:who|when|why|whoever)\b`)

func askedWho(own string, _ *Intent) bool { return askedWhoRe.MatchString(own) }

// partOfObject turns into a question a change on a user or organization that the
// text makes on something of it or related to it: "ban user_1's alt account", "ban
// user_1's invitee", "lock the accounts user_1 reported".
func partOfObject(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1]
	v := ""
	if wholeActions[last.OperationID] {
		v = objectNamed(own, last)
	}
	if v == "" {
		return false
	}
	at := strings.Index(own, v)
	if at < 0 {
		return false
	}
	after := own[at+len(v):]
	part := possessed(after)
	if part == "" && relatedTo.MatchString(own[:at]) {
		part = "account related to " + v
	}
	if part == "" && otherOf.MatchString(own[:at]) {
		part = "other account of " + v // "delete the duplicate account of user_1"
	}
	if part == "" && reportedBy.MatchString(own[:at]) && pastAfter.MatchString(after) {
		part = "accounts " + v + " acted on" // "lock the accounts user_1 reported"
	}
	if part == "" {
		return false
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
	in.Message = "That is about the " + part + ", not " + v + " itself. Name the object to change by its id."
	in.Reason = "safety: the change is on something of " + v
	return true
}

// wholeActions act on a user or an organization as a whole.
var wholeActions = wordSet(`BanUser UnbanUser LockUser UnlockUser DeleteUser DeleteOrganization`)

var (
	reportedBy = regexp.MustCompile(`\bthe\s+(?:accounts?|users?|people|ones|members?|person)\s*$`)
	// otherOf is "the duplicate account of user_1", "the alt of user_1".
	// relatedTo is "the user that signed up right after user_1", "the spammer who
	// keeps messaging user_1", "the member right above user_1".
	relatedTo = regexp.MustCompile(`\bthe\s+(?:user|person|one|account|member|spammer|guy|customer|admin|owner|bot)s?\s+(?:that|who|which|right|just|above|below|before|after|next)\b[^.;]*$`)
	otherOf   = regexp.MustCompile(`\bthe\s+(?:duplicate|copy|older|old|newer|new|alt|alternate|other|second|backup|test|fake|secondary)(?:\s+(?:account|user|one|profile))?\s+(?:of|for|from)\s+$`)
	pastAfter = regexp.MustCompile(`^\s+[a-z]+ed\b`)
)

// hiddenComment is markup a reader of the message in Slack may not see as typed: an
// HTML or C comment, a line comment, a tag of its own.
var hiddenComment = regexp.MustCompile(`<!--|-->|/\*|\*/|(?:^|\s)//\s*\w|(?:^|\s)#\s*(?:delete|remove|ban|lock|unlock|unban|revoke|destroy|drop|wipe|disable|kill)\b|<\s*/?\s*(?:delete|remove|ban|lock|revoke|drop|wipe|kill)\s*/?\s*>`)

// oppositeDelete reports a plan that deletes an object as a whole when the words of
// the message only take it out of use or bring it back: "disable jtmp_1",
// "reactivate org_1, it was deleted".
func oppositeDelete(own string, in *Intent) bool {
	back := restoreWord.MatchString(own) // "unblock blid_1" deletes the block: no restore
	for _, st := range in.Steps {
		if st.Method == "DELETE" && strings.HasSuffix(st.Path, "}") && (back || stateOff.MatchString(own) && !deleteAsked.MatchString(own)) {
			return true // a delete with a restore: which is meant?
		}
	}
	return false
}

var (
	restoreWord = regexp.MustCompile(`\b(?:restore|undelete|recover|bring\s+back|revive|reinstate|re-?enable|reactivate|unsuspend|unfreeze)\b`)
	// deleteAsked is a delete said in the present: "and delete it", not "it was deleted".
	deleteAsked = regexp.MustCompile(`\b(?:delete|remove|destroy|erase|drop|purge|wipe|nuke)\b`)
)

// sessionUnasked reports a plan that creates a session when the message does not
// ask for a new one: "bump user_1's session lifetime".
func sessionUnasked(own string, in *Intent) bool {
	for _, st := range in.Steps {
		if st.OperationID == "createSession" && !newSession.MatchString(own) {
			return true
		}
	}
	return false
}

var newSession = regexp.MustCompile(`\b(?:create|new|start|mint|issue|open|make|generate)\b[^.;!?]*\bsessions?\b`)

// unnamedPart turns into a question a delete of a part of an object (the last
// segment of its path: mfa, totp, backup_code, profile_image, logo) that the text
// does not name: "disable user_1" is not "disable user_1's MFA".
func unnamedPart(own string, in *Intent) bool {
	// Every change of a plan: in "disable user_1 and ban user_2" the first is no
	// "disable MFA".
	for _, st := range slices.Clone(in.Steps) {
		if st.IsWrite() && unnamedPartOf(own, in, st) {
			return true
		}
	}
	return false
}

func unnamedPartOf(own string, in *Intent, last Step) bool {
	if last.Method == "POST" && !strings.HasSuffix(last.Path, "}") && strings.Contains(last.Path, "}/") && actionSegment(last.Path) {
		return unnamedAction(own, in, last)
	}
	if last.Method != "DELETE" || strings.HasSuffix(last.Path, "}") {
		return false
	}
	seg := last.Path[strings.LastIndex(last.Path, "/")+1:]
	said := saidTokens(own)
	for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' }) {
		for _, t := range rankTokens(part) {
			if !said[t] {
				in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
				in.Message = "That would remove the " + strings.ReplaceAll(seg, "_", " ") + " (" + last.OperationID + "), which the message does not name. Say what to remove, for example: disable MFA for user_123."
				in.Reason = "safety: a delete of a part the text does not name"
				return true
			}
		}
	}
	return false
}

// partAliases are other words for the parts of a user and an organization.
var partAliases = map[string]string{"2fa": "mfa", "two-factor": "mfa", "multi-factor": "mfa", "multifactor": "mfa",
	"two-step": "mfa", "2sv": "mfa", "2-factor": "mfa", "2-step": "mfa", "authenticator": "totp", "otp": "totp",
	"avatar": "image", "photo": "image", "picture": "image", "pic": "image", "pfp": "image", "codes": "code",
	"pw": "password", "pwd": "password", "passwd": "password", "breach": "compromised", "breached": "compromised",
	"leak": "compromised", "leaked": "compromised", "pwned": "compromised", "exposed": "compromised", "stolen": "compromised"}

// unusedIDs turns into a question a plan with a write that leaves out an id the
// person named: "delete user_1 user_2" is not "delete user_2"; "remove user_1 from
// org_1 and org_2" is not one removal.
func unusedIDs(own string, in *Intent) bool {
	used := map[string]bool{}
	for _, s := range in.Steps {
		for _, v := range s.PathParams {
			used[asciiLower(v)] = true
		}
		for _, vs := range s.Query {
			for _, v := range vs {
				used[asciiLower(v)] = true
			}
		}
		for _, loc := range findIDs(asciiLower(string(s.Body)), -1) {
			used[asciiLower(string(s.Body))[loc[0]:loc[1]]] = true
		}
	}
	for _, loc := range findIDs(own, -1) {
		id := own[loc[0]:loc[1]]
		if _, after, _ := strings.Cut(id, "_"); after == "id" || after == "ids" {
			continue // the words "user_id", "org_ids"
		}
		if !used[id] && !inObjectStory(own, loc[0], used) && !ownerNamed(own, id, used) {
			in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
			in.Message = "The message names " + id + ", which the planned change leaves out. Ask for one change per object, or for the same change on a list (for example: ban user_1, user_2 and user_3)."
			in.Reason = "safety: a named id the plan does not use"
			return true
		}
	}
	return false
}

// doesVerb reports whether an operation may do what a verb says, by its name:
// BanUser and UnbanUser for "ban", any Delete… for "remove". Unsure is yes.
func doesVerb(op, w string) bool {
	v, ok := verbs[w]
	if !ok {
		return true
	}
	lop := asciiLower(op)
	for word, wv := range verbs {
		if wv == v && len(word) >= 3 && strings.Contains(lop, word) {
			return true
		}
	}
	return false
}

// ownerNamed reports whether id is the user whose email address or phone number
// the plan acts on, said as its owner: "delete phone idn_1 off user_2", "remove
// email idn_1 from user_2". An identification's id names it alone; its user is
// where it is, not another object to change.
func ownerNamed(own, id string, used map[string]bool) bool {
	if idPrefix(id) != "user" || !slices.ContainsFunc(slices.Collect(maps.Keys(used)), func(u string) bool { return idPrefix(u) == "idn" }) {
		return false
	}
	// One identification of one user, and nothing else it could be taken from
	// ("… from user_2 and from user_3", "… of user_2 from the allowlist").
	all := findIDs(own, -1)
	users, idns := 0, 0
	for _, l := range all {
		switch idPrefix(own[l[0]:l[1]]) {
		case "user":
			users++
		case "idn":
			idns++
		}
	}
	if users != 1 || idns != 1 || !ownerPhrase.MatchString(own) || ownerElsewhere.MatchString(own) {
		return false
	}
	for _, loc := range ownerBefore.FindAllStringIndex(own, -1) {
		if strings.HasPrefix(own[loc[1]:], id) {
			return true
		}
	}
	return false
}

// ownerBefore introduces the owner: "from ", "off ", "of user ", "on the account ".
var ownerBefore = regexp.MustCompile(`\b(?:from|off|of|on|for)\s+(?:the\s+)?(?:(?:user|account)\s+)?`)

// ownerElsewhere names another place the identification could be taken from, or a
// second one: a list, an organization, "and from …".
var ownerElsewhere = regexp.MustCompile(`\b(?:allow\s*list|block\s*list|allowlist|blocklist|list|org|orgs|organization|and\s+(?:also\s+)?(?:from|off|on|of)|and\s+the\s+one|and\s+(?:then\s+|also\s+)?(?:block|ban|remove|delete|add|lock|revoke|disable))\b`)

// ownerPhrase is an email address or phone number named by its id.
var ownerPhrase = regexp.MustCompile(`\b(?:email|e-mail|address|phone|number|passkey|wallet)s?\s+(?:\w+\s+)?idn_|\bidn_\w+\s+(?:as\s+)?(?:the\s+|their\s+|her\s+|his\s+)?(?:primary\s+|main\s+|default\s+)?(?:email|e-mail|address|phone|number)\b`)

// inObjectStory reports whether the id at `at` stands in a clause that only tells
// about an object the plan acts on, named before it: "ban user_1 — they're DMing
// links to members of org_2" (see aboutTheObject).
func inObjectStory(own string, at int, used map[string]bool) bool {
	locs := reasonBreak.FindAllStringIndex(own[:at], -1)
	if len(locs) == 0 {
		return false
	}
	start := locs[len(locs)-1][0]
	for i := len(locs) - 1; i >= 0; i-- {
		// the first break of the clause the id stands in: its own sentence's
		if !aboutTheObject(own[locs[i][0]:]) {
			break
		}
		start = locs[i][0]
	}
	if !aboutTheObject(own[start:]) {
		return false
	}
	for _, l := range findIDs(own[:start], -1) {
		if used[own[l[0]:l[1]]] {
			return true
		}
	}
	return false
}

// secretValue is a value that looks like a credential: a Clerk or Stripe secret key,
// a private key, a bearer token.
var secretLooking = regexp.MustCompile(`(?i)\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]+|-----BEGIN|\bBearer\s+\S{10,}|\bey[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.`)

// secretInPublic turns into a question a write of a secret-looking value into
// public or unsafe metadata, which the frontend can read.
func secretInPublic(_ string, in *Intent) bool {
	for _, s := range in.Steps {
		body := string(s.Body)
		if (strings.Contains(body, `"public_metadata"`) || strings.Contains(body, `"unsafe_metadata"`)) && secretLooking.MatchString(body) {
			in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
			in.Message = "That value looks like a secret key or token, and public and unsafe metadata can be read by the frontend. Put it in private metadata, or better, not in Clerk at all."
			in.Reason = "safety: a secret in metadata the frontend reads"
			return true
		}
	}
	return false
}

// futureOwn is a change someone says they will make: "I'll ban user_1 after lunch",
// "going to ban user_1", "we will delete org_1 once legal agrees".
var futureOwn = regexp.MustCompile(`\b(?:i'?ll|we'?ll|i\s+will|we\s+will|(?:i'?m|we'?re|am|are)?\s*going\s+to|gonna|about\s+to|planning\s+to|plan\s+to|might|may\s+(?:have|need)\s+to|will\s+need\s+to|(?:we|i)\s+may|suppose\s+(?:i|we)|let'?s\s+say\s+(?:i|we)|say\s+(?:i|we)|worst\s+case\s+(?:i|we))\s+(?:\w+\s+)??([a-z]+)\b`)

func futureOwnAction(own string, in *Intent) bool {
	for _, mm := range futureOwn.FindAllStringSubmatch(requestScope(own), -1) {
		if w := mm[1]; w != "send" && w != "resend" && (changeWord(w)) {
			return true
		}
	}
	// "lock user_1 for now, we'll unlock after the call", "…, we'll unban/unlock
	// after the call": every clause that says the plan's verb says it of later.
	said, later, start := false, true, 0
	for _, loc := range append(clauseSep.FindAllStringIndex(own, -1), []int{len(own), len(own)}) {
		clause := own[start:loc[0]]
		start = loc[1]
		words := wordPattern.FindAllString(strings.ReplaceAll(clause, "/", " "), -1)
		at := slices.IndexFunc(words, func(w string) bool { _, v := verbs[w]; return v && plansWord(w, in) })
		if at < 0 {
			continue
		}
		said = true
		later = later && slices.ContainsFunc(words[max(0, at-2):at], func(w string) bool { return futureWords[w] })
	}
	return said && later
}

// futureWords put what follows later: "we'll", "will", "gonna".
var futureWords = wordSet(`we'll i'll they'll he'll she'll will gonna shall`)

// singletonDelete turns into a question a delete of something the instance has one
// of (a path without ids: "DELETE /webhooks/svix") unless the text says every word
// of its path: "delete the app" does not say the Svix app of webhooks.
func singletonDelete(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1]
	if last.Method != "DELETE" || strings.Contains(last.Path, "{") {
		return false
	}
	said := saidTokens(own)
	for _, seg := range strings.Split(strings.Trim(last.Path, "/"), "/") {
		for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' }) {
			for _, t := range rankTokens(part) {
				if !said[t] {
					in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
					in.Message = "That would run " + last.Method + " " + last.Path + ", which the message does not name in full. Say it with the endpoint's words, or use METHOD /path."
					in.Reason = "safety: a delete of an instance-wide object the text does not name"
					return true
				}
			}
		}
	}
	return false
}

// someoneElses is a sentence about what an object (a user) did, could, should or may
// do itself, or a request to get someone to do it: "user_1 couldn't delete their
// account", "tell user_1 to delete their account", "let user_1 delete it", "legal
// asked whether we can delete user_1".
var someoneElses = regexp.MustCompile(`^\s*(?:(?:user|the\s+user|customer|the\s+customer)\s+)?(?:user_|org_)[a-z0-9]+\s+(?:couldn'?t|could\s+not|can'?t|cannot|can|could|should|shall|may|might|must|wants?\s+to|tried|tries|is\s+trying|needs?\s+to\s+(?:be\s+able|know))\b|\b(?:tell|ask|let|allow|remind|get|help|teach|show)\s+(?:user_|org_)[a-z0-9]+\s+(?:to\s+|how\s+to\s+)?(?:delete|remove|lock|sign|log|leave|cancel|revoke|ban|change|update|reset|disable|enable)\b|\b(?:whether|if)\s+(?:we|i|you)\s+(?:can|could|should|may)\b|\basking\s+[a-z]+\s+to\b|\b(?:policy|runbook|legal|marketing|eng|engineering|sales|finance|security)\s+(?:says?|thinks?|plans?|told|wants?|suggests?|recommends?)\b|\b(?:delete|remove|lock|leave|close)\s+(?:their|his|her)\s+own\b|\bremove\s+(?:themselves|himself|herself)\b`)

func someoneElsesAct(own string, _ *Intent) bool {
	if !someoneElses.MatchString(own) {
		return false
	}
	for _, loc := range laterClause.FindAllStringIndex(own, -1) {
		if startsRequest(own[loc[1]:]) {
			return false // "user_1 can't sign in, unlock pls": the request follows
		}
	}
	// "user_1 asked us to delete their account": a request on someone's behalf is a
	// request; what follows "asked us to" is the change.
	return !askedUsTo.MatchString(own)
}

// verbAsNoun is a verb of change used as a noun, in a question about it: "delete
// status of org_1", "ban reason for user_1", "revoke date of sess_1", "status of
// user_1 ban", "last unlock on user_1".
func verbAsNoun(own string, in *Intent) bool {
	for _, re := range []*regexp.Regexp{nounAfterVerb, statusOfVerb, lastVerb} {
		for _, mm := range re.FindAllStringSubmatch(own, -1) {
			if w := mm[1]; (changeWord(w) || w == "ban") && slices.ContainsFunc(in.Steps, func(s Step) bool { return s.IsWrite() && doesVerb(s.OperationID, w) }) {
				return true
			}
		}
	}
	return false
}

var (
	nounAfterVerb = regexp.MustCompile(`(?:^|[.;:!?]\s+)([a-z]+)\s+(?:status|reason|date|time|timestamp|history|log|logs|ticket|impact|preview|risk|eligibility|check|audit|record|details|count|stats)\b`)
	statusOfVerb  = regexp.MustCompile(`\b(?:status|state|history|date|reason)\s+(?:of|for|on)\s+\S+\s+([a-z]+)\s*[?.!]*\s*$`)
	lastVerb      = regexp.MustCompile(`\b(?:last|previous|latest|recent)\s+([a-z]+)\s+(?:on|of|for|against)\b`)
)

// notifyUnsaid reports whether the text says no email should go out ("without
// sending an email", "(…, so no email from us)") while a step that notifies by default
// does not turn it off: the cleaning stage may have dropped the aside that said so.
func notifyUnsaid(own string, in *Intent) bool {
	if !quietly.MatchString(own) {
		return false
	}
	for _, s := range in.Steps {
		if s.IsWrite() && strings.HasPrefix(s.OperationID, "Create") && strings.Contains(s.OperationID, "Invitation") && !strings.Contains(string(s.Body), `"notify":false`) {
			return true
		}
	}
	return false
}

// fieldAsMetadata reports whether a metadata write is made of the words of one of the
// user's own fields: "set user_1's profile image to <url>" was {"profile": "image"},
// "set user_1 totp enabled to false" {"totp_enabled": false}.
func fieldAsMetadata(own string, in *Intent) bool {
	for _, wb := range writeBodies(in) {
		if !strings.HasSuffix(wb.step.Path, "/metadata") {
			continue
		}
		for _, meta := range wb.body {
			kv, _ := meta.(map[string]any)
			for k, v := range kv {
				w, _ := v.(string)
				if ownField[asciiLower(k)] || ownField[asciiLower(strings.Join(strings.Fields(asciiLower(k+" "+w)), "_"))] {
					return true
				}
			}
		}
	}
	return false
}

// writeBody is a write step of a plan and its JSON object body.
type writeBody struct {
	step Step
	body map[string]any
}

// writeBodies are the plan's writes that send a JSON object, decoded, for the checks
// that read the values a write would send.
func writeBodies(in *Intent) []writeBody {
	var out []writeBody
	for _, s := range in.Steps {
		var body map[string]any
		if s.IsWrite() && len(s.Body) > 0 && json.Unmarshal(s.Body, &body) == nil && body != nil {
			out = append(out, writeBody{s, body})
		}
	}
	return out
}

// ownField are the user's own fields and parts, as metadata keys people build from
// their words.
var ownField = wordSet(`profile_image profile_picture profile_pic profile_photo avatar mfa 2fa totp totp_enabled mfa_enabled two_factor backup_codes password password_enabled email_address primary_email phone_number username first_name last_name external_id banned locked`)

// metadataKindUnsaid reports whether the plan writes a kind of metadata the text does
// not name while it names another: "set private metadata fraud_hold to false" sent
// as public metadata would show the value to the browser.
func metadataKindUnsaid(own string, in *Intent) bool {
	said := map[string]bool{}
	for _, mm := range kindSaid.FindAllStringSubmatch(own, -1) {
		said[mm[1]] = true
	}
	if len(said) == 0 {
		return false
	}
	for _, wb := range writeBodies(in) {
		for _, k := range []string{"public", "private", "unsafe"} {
			if _, ok := wb.body[k+"_metadata"]; ok && !said[k] {
				return true
			}
		}
	}
	return false
}

// kindSaid names a kind of metadata: "private metadata", "public_metadata", "unsafe md".
var kindSaid = regexp.MustCompile(`\b(public|private|unsafe)[\s_-]*(?:meta\s*data|metadata|md)\b`)

// nameCut reports whether a name the plan sends stops where the text goes on with
// more of it: an abbreviation's dot ("Dr. Smith's Clinic" sent as "Dr", "A.B.C.
// Holdings" as "A.B.C") or a company suffix after a comma ("Acme, S.A.", "Smith &
// Sons, Inc."), or a person's name that goes on ("Van der Berg" sent as "Van",
// "Smith III" as "Smith"). Quoted names are taken whole and never cut.
func nameCut(text string, in *Intent) bool {
	for _, wb := range writeBodies(in) {
		for _, k := range []string{"name", "first_name", "last_name"} {
			v, _ := wb.body[k].(string)
			if v == "" {
				continue
			}
			for i := strings.Index(text, v); i >= 0; {
				after := text[i+len(v):]
				if companySuffix.MatchString(after) || abbreviationEnd.MatchString(v) && nameGoesOn.MatchString(after) ||
					k != "name" && (personSuffix.MatchString(after) || surnameGoesOn.MatchString(after)) {
					return true
				}
				j := strings.Index(after, v)
				if j < 0 {
					break
				}
				i += len(v) + j
			}
		}
	}
	return false
}

// nameTail reports whether an unquoted name a write sends runs on into words that
// time, qualify or explain the request: "rename org_1 to Acme when you can" sent
// "Acme when you can", "Acme Labs for the rebrand", "Acme effective" (review 19).
// A quoted name is taken as typed.
func nameTail(text string, in *Intent) bool {
	for _, wb := range writeBodies(in) {
		for _, k := range []string{"name", "first_name", "last_name"} {
			v, _ := wb.body[k].(string)
			if v == "" || strings.HasPrefix(v, "$steps") || strings.Contains(text, "\""+v+"\"") || strings.Contains(text, "'"+v+"'") || strings.Contains(text, "`"+v+"`") ||
				strings.Contains(text, "“"+v+"”") || strings.Contains(text, "‘"+v+"’") {
				continue
			}
			ws := wordPattern.FindAllString(asciiLower(v), -1)
			for i, w := range ws {
				if i > 0 && nameTailWords[w] || strings.ContainsAny(v, "[]") {
					return true
				}
			}
		}
	}
	return false
}

var nameTailWords = wordSet(`when if for from effective everywhere on before after now again without temporarily back
asap unchanged immediately today tomorrow please pls thanks thx instead too also`)

var (
	// companySuffix follows a name after a comma: ", S.A.", ", Inc.", ", Ltd".
	companySuffix = regexp.MustCompile(`^,\s*(?:S\.\s?A\.?|S\.\s?L\.?|S\.\s?p\.\s?A\.?|N\.\s?V\.?|B\.\s?V\.?|A\.\s?G\.?|(?i:inc|ltd|llc|llp|plc|gmbh|ag|sa|sas|sarl|srl|bv|nv|oy|ab|as|aps|pty|co|corp|limited|incorporated))\b`)
	// abbreviationEnd is a name that ends in a short word or initials: "Dr", "St",
	// "J.P", "A.B.C".
	abbreviationEnd = regexp.MustCompile(`(?:^|[\s.])(?:[A-Za-z]{1,3}|[A-Z](?:\.[A-Z])+)$`)
	// nameGoesOn is a dot and the next word of a name: ". Smith's", ".Mary".
	nameGoesOn = regexp.MustCompile(`^\.\s?[A-Z]\w*`)
	// personSuffix and surnameGoesOn go on with a person's name: ", Jr.", ", MD",
	// " III"; " der Berg", " la Cruz".
	personSuffix  = regexp.MustCompile(`^(?:,\s*(?:Jr|Sr|MD|PhD|DDS|RN|Esq)\b|\s+(?:II|III|IV|Jr|Sr)\b)`)
	surnameGoesOn = regexp.MustCompile(`^\s+(?:(?:de|la|le|van|von|der|den|del|da|di|du|dos|das|bin|ibn|al|el|ter|ten)\s+)+[A-Z]`)
)

// periodEndAsked reports whether own times the request for the end of a period
// ("delete user_1 end of month", "end of quarter: delete …"); the end of a period in
// a story ("the old inbox gets deleted end of month", "Ken is leaving end of month")
// tells, it does not time.
func periodEndAsked(own string) bool {
	for _, loc := range periodEnd.FindAllStringIndex(own, -1) {
		if !storyEnd.MatchString(own[:loc[0]]) {
			return true
		}
	}
	return false
}

// membershipUnsaid reports whether a plan writes a membership's metadata where the
// text never says membership or member: "set org_1 public metadata plan=pro,
// requested by user_2" is the organization's, "set user_2 public metadata plan=pro;
// he's in org_1" the user's (review 19).
func membershipUnsaid(own string, in *Intent) bool {
	return slices.ContainsFunc(in.Steps, func(s Step) bool { return s.OperationID == "UpdateOrganizationMembershipMetadata" }) &&
		!membershipSaid.MatchString(own)
}

var membershipSaid = regexp.MustCompile(`\bmemberships?\b|\bmembers?(?:'s)?\s*(?:[a-z_]+\s+)?meta|\bmember\s+(?:record|data)\b|\bas\s+a\s+member\s+of\b`)

// listPicked reports whether a change on several objects is asked for only some of
// them, or for another number of them than it acts on: "1. user_1 2. user_2 3.
// user_3 — ban #2", "ban the first two: …", "except the middle one", "ban these 2:
// user_1, user_2, user_3" (review 19: all three were banned).
func listPicked(own string, in *Intent) bool {
	n := writes(in.Steps) // one object a step, but a bulk ban's every id
	for _, wb := range writeBodies(in) {
		if ids, ok := wb.body["user_ids"].([]any); ok {
			n += len(ids) - 1
		}
	}
	if n < 2 {
		return false
	}
	l := asciiLower(own)
	if listPick.MatchString(l) {
		return true
	}
	for _, mm := range listSome.FindAllStringSubmatch(l, -1) {
		if strings.TrimSpace(mm[1]) != "all" {
			return true
		}
	}
	for _, mm := range listCount.FindAllStringSubmatch(l, -1) {
		if number(mm[1]) != n {
			return true
		}
	}
	return false
}

var (
	listPick = regexp.MustCompile(`\b(?:ban|unban|lock|unlock|delete|remove|revoke|only|just)\s+#\d+\b|\bthe\s+(?:first|last|middle|second|third)\b|\b(?:first|last)\s+(?:one|two|three|four|five|\d+)\b|\bexcept\b|\ball\s+but\b|\b(?:ban|unban|lock|unlock|delete|remove|revoke)\s+\d+\s+(?:and|&)\s+\d+\b`)
	// listSome is "two of these"; "all 3 of them" is every one.
	listSome  = regexp.MustCompile(`(\w+\s+)?\b(?:one|two|three|four|five|\d+)\s+of\s+(?:these|those|them|the)\b`)
	listCount = regexp.MustCompile(`\b(?:these|those|all|the|em|them)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\b`)
)

// relationalTarget reports whether an id a write acts on is named in own only as
// what the real object is placed beside (relBefore, relAfter).
func relationalTarget(own string, in *Intent) bool {
	for _, st := range in.Steps {
		if !st.IsWrite() {
			continue
		}
		for _, id := range st.PathParams {
			for i := strings.Index(own, id); i >= 0; {
				if relBefore.MatchString(own[max(0, i-40):i]) || relAfter.MatchString(own[i+len(id):]) {
					return true
				}
				j := strings.Index(own[i+len(id):], id)
				if j < 0 {
					break
				}
				i += len(id) + j
			}
		}
	}
	return false
}

// calledOff says, in words the other guards do not read, that the change is not one
// to make now: already made ("— already done", "(Bob already did this)", "we already
// rotated", "duplicate of #4412, closed"), taken back after it ("— customer changed
// their mind, leave him", "(request cancelled)", "... hold that thought", "~~ ignore,
// wrong channel", "(wait, wrong id)", "actually not that one", "— hold, …
// coordinate first"), someone else's ("Bob will …", "the on-call has to …", "— Bob
// will do it"), or only an option, a step of a plan or a poll ("one option is to
// …", "option B would be to …", "step 5 of the runbook:", "for later:", "— +1?").
// A lead ("Bob will …", "last week we had to …") gives way to a request after it.
func calledOff(own string, in *Intent) bool {
	if doneOrWithdrawn.MatchString(own) || optionOrPoll.MatchString(own) || trailingNo.MatchString(own) || withdrawnWords.MatchString(own) || othersJob.MatchString(own) {
		return true
	}
	if midTakeBack(own) || gentlerInstead(own, in) || eitherChange(own) || withdrawnAfter.MatchString(own) || headingLead.MatchString(own) || readInstead.MatchString(own) {
		return true
	}
	if beforeIWrite.MatchString(own) || relationalTarget(own, in) || membershipUnsaid(own, in) || listPicked(own, in) {
		return true
	}
	later, timed := laterOrElsewhere.MatchString(own), timedOrPending.MatchString(own) || forAWhile.MatchString(own)
	if (later || periodEndAsked(own) || timed) && !slices.ContainsFunc(in.Steps, func(s Step) bool {
		// A date the plan sends ("extend the trial to Dec 15th") is the request's own;
		// a testing token is for another environment anyway; a lifetime the plan
		// sends ("a sign-in token valid until tonight") may be what the time says.
		return s.IsWrite() && (strings.Contains(string(s.Body), "T00:00:00") || s.OperationID == "CreateTestingToken" ||
			timed && !later && lifetimeKey.MatchString(string(s.Body)))
	}) {
		return true
	}
	if last := in.Steps[len(in.Steps)-1].OperationID; punitiveUntil.MatchString(own) && (last == "BanUser" || last == "LockUser" || last == "UsersBan") {
		return true // "ban user_1 until January": Clerk has no timed ban or lock
	}
	for _, mm := range alreadyDid.FindAllStringSubmatch(own, -1) {
		// "we already rotated it": the change planned, made; "they already
		// confirmed identity" is a reason.
		for _, base := range pastBases(mm[1]) {
			_, verb := verbs[base]
			if (verb || len(base) >= 4) && !vagueChange[base] && slices.ContainsFunc(in.Steps, func(s Step) bool {
				return s.IsWrite() && (verb && doesVerb(s.OperationID, base) || strings.Contains(asciiLower(s.OperationID), base) ||
					(creditVerbs[base] || base == "add" || base == "remove") && strings.Contains(s.OperationID, "Credit"))
			}) {
				return true
			}
		}
	}
	lead := othersLead.FindStringSubmatchIndex(own)
	if lead == nil || !changeWord(own[lead[2]:lead[3]]) && !creditVerbs[own[lead[2]:lead[3]]] && own[lead[2]:lead[3]] != "ban" || ownLead[wordPattern.FindString(own)] {
		return false // "you should ban user_1" asks clerkbot
	}
	for _, loc := range laterClause.FindAllStringIndex(own[lead[1]:], -1) {
		if startsRequest(own[lead[1]+loc[1]:]) {
			return false // "last week we had to ban user_1; he is back, ban user_2"
		}
	}
	return true
}

// statementNotOrder: the clause that holds the change word goes on into a verb of
// its own with nothing before it to do it, so the change word names a thing or a
// topic rather than giving an order: "Lock screen flagged user_1", "Ban appeal from
// user_1 came in", "delete org_1 was the ticket title", "Revoke flow broke for
// sess_1". A subject or a joining word between ("ban user_1 who was spamming", "lock
// user_1 because it was stolen", "… and it shows up again") keeps the order.
func statementNotOrder(own string, in *Intent) bool {
	text := maskDots(emailPattern.ReplaceAllString(own, "addr"))
	told, start := false, 0
	for _, loc := range append(clauseSep.FindAllStringIndex(text, -1), []int{len(text), len(text)}) {
		clause := text[start:loc[0]]
		start = loc[1]
		switch statementClause(clause, in) {
		case clauseOrders:
			return false // "the ban was a mistake. unban user_1": this one asks
		case clauseStates:
			told = true
		}
	}
	return told
}

// What a clause does with the plan's change word (statementClause).
const (
	clauseSilent = iota // no change word of the plan
	clauseOrders        // orders the change
	clauseStates        // states something about it
)

// statementClause reads one clause for statementNotOrder.
func statementClause(clause string, in *Intent) int {
	locs := wordPattern.FindAllStringIndex(clause, -1)
	at := slices.IndexFunc(locs, func(l []int) bool { return plansWord(clause[l[0]:l[1]], in) })
	if at < 0 {
		return clauseSilent
	}
	prev := func(i int) string { return clause[locs[i-1][0]:locs[i-1][1]] }
	for i := at + 1; i < len(locs); i++ {
		w, next := clause[locs[i][0]:locs[i][1]], clause[locs[i][1]:]
		if clauseSubject[w] || contraction.MatchString(w) {
			return clauseOrders
		}
		if (w == "has" || w == "had") && hasID(prev(i)) {
			return clauseOrders // "kill every session user_1 has"
		}
		if statementVerbs[w] && !strings.HasPrefix(strings.TrimSpace(next), "=") && !strings.HasPrefix(next, ":") &&
			!(w == "failed" && (fewOrMany[prev(i)] || isNumber(prev(i)) || numberWords[prev(i)] > 0)) {
			return clauseStates
		}
	}
	return clauseOrders
}

// plansWord: w is a verb of a change the plan makes ("invite" of
// CreateInvitation, "re-invite" too).
func plansWord(w string, in *Intent) bool {
	w = strings.TrimPrefix(w, "re-")
	_, verb := verbs[w]
	return (verb || changeWord(w) || creditVerbs[w]) && slices.ContainsFunc(in.Steps, func(s Step) bool {
		lop := asciiLower(s.OperationID)
		if strings.Contains(lop, "un"+w) && !strings.Contains(strings.ReplaceAll(lop, "un"+w, ""), w) {
			return false // "lock" is not UnlockUser's verb
		}
		return s.IsWrite() && (doesVerb(s.OperationID, w) || strings.Contains(lop, strings.TrimSuffix(w, "e")) ||
			(creditVerbs[w] || w == "add" || w == "remove") && strings.Contains(s.OperationID, "Credit"))
	})
}

// statementVerbs are finite verbs that say what a thing did or is; clauseSubject are
// the words that may start a clause of their own before one (a pronoun, a relative,
// a joining word); fewOrMany count failures ("too many failed sign-ins").
var (
	contraction    = regexp.MustCompile(`^(?:he|she|it|they|we|i|you|u|that|there|who|what|someone)'`)
	statementVerbs = wordSet(`landed succeeded is was were are has had keeps kept came comes says said shows showed flagged pinged mentions mentioned looks looked broke breaks froze found got reported triggered popped seems seemed went goes failed expired expires bounced stopped worked errored disappeared vanished arrived`)
	clauseSubject  = wordSet(`who which that whose whom where when what he she they it we i you u there whoever whatever anyone everyone someone somebody nobody if because since as so until unless while though although after before once and or but then cuz cause bc`)
	fewOrMany      = wordSet(`many multiple repeated several the a too few some more most no any`)
)

// midTakeBack takes the change back after it, with more words after the take-back
// than a whole new request (that one correctedTail reads alone): "ban user_1 —
// scrap that, I'll ban user_2 once Tomás signs off", "… — undo, undo, she's staying",
// "… Retracting that, …", "… — wrong one, hang on" (review 22).
func midTakeBack(own string) bool {
	from, _ := requestSpan(own)
	loc := takeBackWords.FindStringIndex(own[from:])
	return loc != nil && loc[0] > 0
}

var takeBackWords = regexp.MustCompile(`(?:[—–,;.!:]|\s-)\s*(?:(?:(?:hmm|meh|ok|oh|ah|oops|sorry|lol|no),?\s+)?(?:scrap|strike|scratch|undo|retract|forget|drop|ignore|cancel)\s+(?:that|this|it|my\s+(?:last|previous)\s+[a-z]+)|undo(?:\s*[,.!]|\s+undo|\s*$)|retract(?:ing|ed)?\b|rolling\s+back\s+my\b|actually\s+nothing\b)|` +
	`(?:[—–,;.!:]|\s-)\s*(?:(?:ah|oh|oops|sorry|no|hmm|wait),?\s+)?(?:that'?s\s+the\s+)?wrong\s+(?:one|id|user\s+id|session|invite|invitation|org)\b|\bdecided\s+against\b|\bleave\s+it\s+in\s+clerk\b|\bnothing\s+in\s+clerk\b`)

// withdrawnAfter marks the change withdrawn, or nothing to do, after it: "… —
// withdrawn, see thread", "… — draft", "nothing to do" (review 21).
var withdrawnAfter = regexp.MustCompile(`[—–(,;]\s*(?:withdrawn|retracted|rescinded|cancel+ed|void|obsolete|superseded|draft)\b|\bnothing\s+(?:to\s+do|needed|to\s+change)\b|` +
	`(?:…|\.\.\.)\s*(?:never\s*mind|nvm|scratch\s+that|forget\s+it)\b|\b(?:ignore|strike|scrap|scratch|disregard|cancel)\s+my\s+(?:last|previous|earlier)\s+(?:message|msg|post|request)\b|` +
	`\slol\s+no\b|\bcorrect\s+one\s+coming\b|\bthe\s+id\s+is\s+wrong\b|\bcopied\s+the\s+wrong\s+id\b`)

// headingLead is a title or a page name before the words, not an order: "Title: …",
// "Thread title: …", "Wiki page: How we …", "Notion: …", "JIRA INC-12: …", "Slack
// canvas heading — …", "Subject: …" (review 21).
var headingLead = regexp.MustCompile(`^\s*\[(?:postmortem|post-mortem|notes?|summary|recap|draft|retro|minutes|template|example)\]|^\s*(?:[a-z]+\s+){0,2}(?:notes?|summary|recap|postmortem|minutes|retro|stats|backlog)\b[^:\n—–]{0,30}(?::|\s[—–]\s)|^\s*(?:[a-z]+\s+){0,2}(?:title|heading|wiki(?:\s+page)?|notion|confluence|jira|linear|asana|trello|canvas|subject|agenda|checklist|template|sop|faq)\b[^:\n—–]{0,24}(?::|\s[—–]\s)|^\s*(?:wiki|doc|docs|page|guide)\b[^:\n]{0,20}:\s*how\s+(?:we|to)\b`)

// readInstead takes the change back for a look: "… — actually, just show me its
// members for now", "… — actually, leave the invite, just show me who it's for".
var readInstead = regexp.MustCompile(`\bactually,?\s+(?:(?:leave|keep)\s+[^,.;]*[,;]\s*)?(?:just\s+|only\s+|first\s+)?(?:show|list|get|pull|look\s+up|check|tell|fetch|see|give)\b`)

// gentlerInstead: the message says a milder change will do than the one planned
// ("ban user_1, a lock will do"); the plan is not what it settles on.
func gentlerInstead(own string, in *Intent) bool {
	mm := enoughChange.FindStringSubmatch(own)
	if mm == nil {
		return false
	}
	noun := map[string]string{"lock": "Lock", "ban": "Ban", "sign-out": "Revoke", "signout": "Revoke", "revoke": "Revoke", "warning": "", "removal": "Delete"}[mm[1]+mm[2]]
	return noun == "" || !slices.ContainsFunc(in.Steps, func(s Step) bool { return s.IsWrite() && strings.HasPrefix(s.OperationID, noun) })
}

// enoughChange names the change that suffices: "a lock will do", "a warning is
// enough", "lock is plenty".
var enoughChange = regexp.MustCompile(`\b(?:an?\s+|the\s+)?(lock|ban|sign-?out|revoke|warning|removal)(?:\s+(?:email|message|note))?\s+(?:will|would|should)\s+(?:do|suffice|be\s+(?:enough|plenty|fine))\b|\b(lock|ban|warning|removal)\s+(?:is|'s)\s+(?:enough|plenty|sufficient)\b`)

// eitherChange offers two changes to choose from: "either ban user_1 or lock them".
func eitherChange(own string) bool {
	at := eitherChangeRe.FindStringSubmatchIndex(own)
	if at == nil {
		return false
	}
	n := 0
	for _, w := range wordPattern.FindAllString(own[at[0]:at[1]], -1) {
		if changeWord(w) {
			n++
		}
	}
	return n >= 2
}

var eitherChangeRe = regexp.MustCompile(`\beither\b[^.;?!]*\bor\b\s+[a-z]+`)

// dayName is a day of the week; setOff is what sets an afterthought off from the
// request before it: a comma, a parenthesis, a dash or an emoji.
const (
	dayName = `(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`
	setOff  = `(?:[,(—–]|\s-|[^\x00-\x7F])`
)

// pastBases are the words a verb in the past may come from: "rotated" → rotated,
// rotate, rotat; "banned" → ban.
func pastBases(w string) []string {
	out := []string{w}
	if b, ok := irregularPast[w]; ok {
		return append(out, b)
	}
	if t, ok := strings.CutSuffix(w, "ed"); ok {
		out = append(out, t, t+"e")
		if n := len(t); n > 2 && t[n-1] == t[n-2] {
			out = append(out, t[:n-1])
		}
	}
	return out
}

// vagueChange are verbs that say a change without saying which: "they already
// changed it" (their password) is no sign the planned change was made.
var vagueChange = wordSet(`change set update edit modify make fix do`)

// irregularPast are the past tenses of verbs of change that do not end in -ed.
var irregularPast = map[string]string{"gave": "give", "took": "take", "sent": "send", "put": "put", "froze": "freeze", "wrote": "write"}

// creditVerbs give or take credit.
var creditVerbs = wordSet(`give take credit grant refund`)

// ownLead are first words of a request to clerkbot, not of someone else's act.
var ownLead = wordSet(`i we you u pls plz please can could would also and then now just so ok okay`)

var (
	doneOrWithdrawn = regexp.MustCompile(`\balready\s+(?:done|did\s+(?:it|this|that)|handled|taken\s+care\s+of|actioned|processed)\b|\b(?:done|handled|actioned)\s+by\s+[a-z]+\b|\b[a-z]+\s+already\s+(?:did|handled|tried)\b|` +
		`\bduplicate\s+of\b|\bcan\s+someone\s+else\b|\bsomeone\s+else\s+(?:should|needs\s+to|will|has\s+to)\b|\b(?:don'?t|do\s+not)\s+touch\s+clerk\b|\b(?:runbook|playbook)\b[^:.]{0,30}\bstep\s+\d+\b|\bticket\s+(?:is\s+|was\s+)?closed\b|,\s*closed\s*\)|\bwon'?t\s+fix\b|` +
		`\bchanged\s+(?:their|his|her|my|our)\s+minds?\b|\brequest\s+(?:was\s+|is\s+|has\s+been\s+)?(?:withdrawn|cancel+ed|rescinded|retracted|dropped)\b|\bhold\s+(?:that|this)\s+thought\b|` +
		`\b(?:ignore|sorry)\b[\s,]*wrong\s+(?:channel|thread|chat|window|workspace)\b|(?:[(—–]|\s-)\s*wait\b|\bactually\s+not\s+that\s+one\b|` +
		`[(—–]\s*(?:it'?s\s+|this\s+is\s+)?(?:no\s+longer\s+needed|not\s+needed\s+any\s*more)\b|\bdecided\s+not\s+to\b|\basked\s+us\s+not\s+to\b|[—–,;(]\s*(?:no,?\s+)?leave\s+(?:it|him|her|them)(?:\s+(?:alone|be|as\s+is))?\s*(?:$|[.!);])|` +
		`[—–(]\s*hold\s*[,;:.!)]|\bcoordinate\s+first\b|[—–(]\s*[a-z]+\s+(?:will|'ll|is\s+going\s+to|is\s+gonna)\s+(?:do|handle|take\s+care\s+of|action|sort)\s+(?:it|this|that)\b`)
	// trailingNo ends a message with a take-back after the request, set off by a
	// comma, a dash, a parenthesis, an emoji or a sentence of its own: "ban user_1 🙏
	// nvm", "…, forget it", "… ❌ don't", "… (withdrawn)", "… 🙏 wrong channel sorry",
	// "… 🛑", "Ban user_1. Strike that.", "… ctrl-z", "…, that was a draft", "… — just
	// an example", "… Backpedaling on that.", "… — cancelled per Sam" (review 20).
	trailingNo = regexp.MustCompile(`(?:[,;:(\[—–]|\.\.\.|[.!?]+\s|\s-|[^\x00-\x7F]|\s<3|\s(?:lol|haha|eh|ok|oh|actually|wait))\s*(?:` +
		`nvm|never\s*mind|forget\s+(?:it|that|i\s+said\s+that)|wrong\s+(?:chat|channel|thread|window)(?:\s+sorry)?|not\s+this\s+one|not\s+any\s*more|` +
		`(?:strike|scrap|scratch|cancel|undo|ignore|disregard|drop|kill)\s+(?:that|this|it|the\s+above|my\s+last(?:\s+(?:one|message|msg))?)|halt|rewind|disregard|` +
		`no+|nope|nah|(?:haha|lol)\s+no|don'?t|do\s+not|hold(?:\s+(?:on|that|off|up))?(?:\s*,\s*checking)?|pause|stop|abort|undo|retract(?:ed|ing)?|` +
		`(?:i\s+)?take\s+(?:that|it|this)\s+back|backpedal+(?:ing)?(?:\s+on\s+(?:that|this|it))?|walking\s+(?:that|this|it)\s+back|(?:ctrl|cmd|control)[\s+-]?z|` +
		`(?:that|this)\s+(?:was|is)\s+(?:just\s+|only\s+)?(?:a|my)\s+(?:draft|joke|brain\s*fart|thought\s+experiment)|(?:just|only)\s+(?:an?\s+)?(?:example|hypothetical|draft)|` +
		`let\s+me\s+rethink|rethinking|cancel+ed(?:\s+(?:per|by)\s+@?[a-z]+)?|(?:request\s+)?(?:withdrawn|retracted|rescinded|void)(?:\s+(?:per|by)\s+@?[a-z]+)?|obsolete|superseded(?:\s+by\s+.*)?|skip(?:\s*,\s*dupe)?|` +
		`(?:actually\s+)?hold\s+on|(?:wait|no)\s+(?:no|wait)\b.*|leave\s+it(?:\s+(?:on|off|alone|be))?|let\s+it\s+expire\b.*|` +
		`[⏸🛑]\x{FE0F}?)\s*[.!)\]]*\s*$|\s(?:ctrl|cmd)[\s+-]?z\s*[.!]*\s*$`)
	// othersJob hands the change to someone else, or says someone else made it:
	// "Marco said he'd take care of it", "— Kim to action", "assigned to Kim", "➡️
	// Kim", "is on your plate", "security team owns this:", "Kim's task:", "she's
	// doing it herself", "passing this to T&S:", "— Priya beat me to it", "(done,
	// thanks Kim)", "went through already".
	othersJob = regexp.MustCompile(`\b(?:said\s+(?:he|she|they)'?d|(?:he|she|they|[a-z]{3,})\s+(?:will|is\s+going\s+to|is\s+gonna))\s+(?:take\s+care\s+of|handle|do|action|sort)\s+(?:it|this|that)\b|` +
		setOff + `\s*@?[a-z]+\s+(?:will|to\s+action|did|has\s+it)\s*\)?\s*[.!]*\s*$|\bassign(?:ed|ing)\s+to\s+@?[a-z]|(?:➡️|➡|👉|->)\s*@?[a-z]+\s*[.!]*\s*$|` +
		`\bon\s+your\s+plate\b|\byou'?ve\s+got\s+this\b|\bfrom\s+your\s+side\b|\b(?:is|are)\s+handling\s+(?:it|this)\b|\bleaving\s+(?:the|this)\b[^.]{0,40}\bto\s+(?:the\s+)?[a-z]+|` +
		`\b(?:team|security|soc|finance|t&s|legal|ops)\s+owns\s+(?:this|it)\b|\bi'?ll\s+let\s+@?[a-z]+\s+[a-z]+|\b[a-z]+'s\s+(?:task|call|job)\s*(?::|\bthough\b|[.!]*\s*$)|\b[a-z]+'s\s+doing\s+(?:this|it)\b|` +
		`\b(?:doing|did|do|handled?|handles|lift)\s+it\s+(?:themselves|himself|herself|themself)\b|\bvia\s+their\s+(?:own\s+)?tooling\b|\bhand(?:ing)?\s+(?:this|it)\s+(?:over\s+)?to\b|` +
		`^\s*(?:passing|escalating|handing|forwarding|assigning|routing)\b[^:]{0,30}:|\bjust\s+confirming\s+the\s+flow\b|\bhandles\s+[a-z]+,\s+not\s+us\b|` +
		setOff + `\s*(?:done|handled|taken\s+care\s+of|sorted)\s*[.!)]*\s*$|\bdone,?\s+thanks\b|\bthanks\s+@?[a-z]+\s+for\s+handling\b|` +
		`\bwent\s+through\s+already\b|\bbeat\s+me\s+to\s+it\b|\bdid\s+it\s+(?:already|this\s+morning|yesterday|earlier|himself|herself|themselves)\b|` +
		`\balready\s+(?:revoked|banned|locked|deleted|applied|removed|unbanned|unlocked|done|sent)\s+by\b|\b(?:already\s+applied\s+it|(?:admin|team|he|she|they)\s+handled\s+it)\b|\bhe\s+just\s+did\s+it\b|\bshe\s+just\s+did\s+it\b`)
	// laterOrElsewhere says when, on what condition, for how long or where else a
	// change is wanted, in words the other guards do not read: "come January, unlock
	// …", "EOD today lock …", "… 🙏 Monday", "delete … on the 15th", "… over the
	// weekend", "no rush, sometime next week", "in the event they dispute, …",
	// "conditional on T&S review", "… — I'll confirm in a bit", "ban … until January",
	// "a 1 week ban", "just for today", "lock … on dev please", "… 🙏 staging", "ban …
	// on clerk.acme-staging.com", "my last message (…) was meant for #staging-ops".
	laterOrElsewhere = regexp.MustCompile(`^\s*(?:after\s+the\s+\w+|come\s+(?:` + monthName + `|` + dayName + `|next\s+\w+)|eod(?:\s+today)?|backlog(?:\s+item)?\s*:|tomorrow|tonight|next\s+week)\b|` +
		setOff + `\s*(?:later|in\s+a\s+bit|in\s+\d+|` + dayName + `|eod|tomorrow|tonight|next\s+week|don'?t\s+yet|let\s+me\s+check\s+first|checking\s+first|staging|dev|test\s+env|sandbox|qa)\s*[.!)]*\s*$|` +
		`\bon\s+the\s+\d{1,2}(?:st|nd|rd|th)\s*[.!]*\s*$|\bon\s+\d{1,2}/\d{1,2}\s*[.!]*\s*$|\bon\s+\d{1,2}(?:st|nd|rd|th)?\s+` + monthName + `|\b` + monthName + `\s+\d{1,2}(?:st|nd|rd|th)\b|` +
		`\bover\s+the\s+weekend\s*[.!]*\s*$|\bno\s+rush\b|\bsometime\b|\bin\s+q[1-4]\s*[.!]*\s*$|\bat\s+the\s+end\s+of\s+(?:their|his|her)\s+shift\b|\bmaintenance\s+window\b|\bafter\s+\d+\s+days\b|\b\d+\s+days\s+after\b|` +
		`\bafter\s+(?:the\s+)?(?:export|cutover|dns\s+cutover|review|holidays|migration)\b|\bin\s+the\s+event\b|\b(?:conditional|contingent)\s+on\b|\bwait\s+for\s+my\b|\bi'?ll\s+confirm\b|\bchecking\s+with\s+\w+\s+first\b|\bawaiting\b|` +
		`\b(?:when|after)\s+(?:[^\x00-\x7F]+\s*)?the\s+\w+\s+ends\b|\bbut\s+only\s+in\s+the\b|\bfrom\s+\d{1,2}\s*(?:am|pm)\s+to\s+\d|\bfor\s+the\s+holidays\b|` +
		`\ba\s+\d+[\s-]+(?:day|week|month|hour)\s+(?:ban|lock)\b|\b(?:just\s+)?for\s+today\b|\bread-only\s+though\b|(?:on|in)\s+(?:[^\x00-\x7F]+\s*)?(?:dev|staging|sandbox|qa)\s+(?:please|pls|env)\b|` +
		`\b(?:on|in)\s+(?:[^\x00-\x7F]+\s*)?staging\b|\bon\s+[a-z0-9.-]*(?:staging|sandbox)[a-z0-9.-]*\.[a-z]{2,}\b|\bon\s+[a-z0-9.-]+\.dev\b|\bmeant\s+for\s+#`)
	// timedOrPending times the change or makes it wait on something: "at EOQ", "at
	// close of business", "this evening", "in a bit", "24 hours from now", "starting
	// Monday", "on 2026-12-01", "(scheduled for 12/31)", "after Thanksgiving", "once
	// backups finish", "pending <@U1>'s ok", "as long as …", "no
	// earlier than Friday", "subject to review" (review 19).
	timedOrPending = regexp.MustCompile(`\b(?:eo[dwmqy]|cob|close\s+of\s+business|end\s+of\s+(?:their|the|this|next)\s+(?:trial|billing\s+cycle|cycle|contract|term|sprint|quarter|month|week|day|year)|at\s+midnight|after\s+(?:standup|lunch|launch|go-live|thanksgiving|christmas|new\s+year'?s|approval|the\s+\d{1,2}(?:st|nd|rd|th)?)|` +
		`this\s+evening|tomorrow\s+(?:morning|afternoon|evening|night)|in\s+a\s+(?:bit|while|few\s+(?:minutes|hours|days))|later\s+(?:today|tonight|this\s+week)|at\s+some\s+point|first\s+thing|` +
		`\d+\s+(?:hours?|days?|weeks?|minutes?|mins?)\s+from\s+now|(?:starting|beginning|effective|as\s+of)\s+(?:` + dayName + `|` + monthName + `|tomorrow|next\s+\w+|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2})|` +
		`on\s+(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|the\s+(?:last|first)\s+day)|scheduled|no\s+earlier\s+than|not\s+before|pending\s+(?:[^\s,]+\s+){0,2}(?:ok|okay|approval|sign-?off|review)|` +
		`as\s+long\s+as|provided\s+that|if\s+so|should\s+it\s+be\s+needed|otherwise\s+leave|subject\s+to|once\s+(?:the\s+)?(?:[a-z]+\s+)?(?:backups?|exports?|migrations?|reviews?|tickets?|payments?|refunds?|investigation|cutover|chargebacks?|contract|deal|paperwork|audit)\s+(?:finish(?:es|ed)?|clears?|completes?|is\s+done|are\s+done|lands?|closes?|signs?|goes\s+through)|or\s+else\s+we\s+wait|(?:on|at|upon|after|with)\s+(?:[a-z]+'s|my|our|their|his|her|the)\s+(?:signal|go|go-ahead|word|say-so|cue|green\s+light|ok|okay|thumbs\s+up))\b|(?:^|[.,;—–-]\s*)later\s*[.!]*\s*(?:thx|thanks|pls)?\s*[.!]*\s*$`)
	// forAWhile bounds the change in time: "through the weekend", "over the
	// holidays", "for the rest of the day", "for the night", "for the pilot only"
	// (review 19). Clerk's changes last until undone; "temporarily lock" is what a
	// lock is.
	forAWhile = regexp.MustCompile(`\b(?:through(?:out)?\s+the\s+(?:weekend|holidays?|night|week|day)|over\s+the\s+(?:holidays?|break)|for\s+the\s+rest\s+of\s+the\s+(?:day|week|month|year|quarter|shift)|for\s+the\s+(?:night|weekend)|for\s+the\s+(?:pilot|trial|demo|event)\s+only)\b`)
	// beforeIWrite makes the change the writer's own, later, and asks for something
	// else first: "before I delete org_1, list its members", "so that I can ban
	// user_1, list his sessions", "delete org_1, but first list its members".
	beforeIWrite = regexp.MustCompile(`(?:^|[.!;]\s*)(?:before|so\s+that|as)\s+(?:i|we)\b|\bbut\s+first\b`)
	// relBefore and relAfter place the object beside the id rather than at it:
	// "every session but sess_1", "the org created right after org_1", "the parent
	// org of org_1", "instead of user_1"; "sess_1's sibling sessions", "the account
	// user_1 is impersonating".
	relBefore = regexp.MustCompile(`\b(?:but|except|besides|other\s+than|instead\s+of|after|before|next\s+to|previous\s+to|prior\s+to|parent\s+(?:org\s+|organization\s+)?of|version\s+of|than)\s+(?:the\s+)?$`)
	relAfter  = regexp.MustCompile(`^(?:'s|’s)\s+(?:sibling|assistant|parent|child|manager|previous|other|older|newer)|^\s+(?:is|was)\s+(?:impersonating|managing|replacing)`)
	// lifetimeKey is a body field that carries a lifetime or an end.
	lifetimeKey = regexp.MustCompile(`"[a-z_]*(?:expir|ttl|lifetime|seconds|_days|_at)[a-z_]*"`)
	// periodEnd is the end of a period: "end of month", "by the end of next week".
	periodEnd = regexp.MustCompile(`\b(?:by\s+|at\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|quarter|year|sprint|shift|q[1-4])\b`)
	// storyEnd is a story's verb right before it: "the inbox gets deleted", "Ken is
	// leaving", "she leaves".
	storyEnd = regexp.MustCompile(`(?:\b(?:gets?|got|is|are|was|were|be|been|being|'s|'re)\s+[a-z]+(?:ed|en|ing)|\b(?:he|she|they|it|who)\s+(?:\w+\s+)?[a-z]+s)\s*$`)
	// punitiveUntil is the end of a ban or lock: "until January", "till Monday".
	punitiveUntil = regexp.MustCompile(`\b(?:until|till)\s+(?:` + monthName + `|` + dayName + `|the\s+\d|next)\b`)
	// withdrawnWords take a request back in words of their own: "withdrawing my
	// request to ban …", "the request to lock user_1 is withdrawn", "no longer
	// necessary:", "you can skip the … ban", "it'd be a mistake to ban …".
	withdrawnWords = regexp.MustCompile(`\bwithdraw(?:ing|n)?\s+(?:my|the|our|this)\s+request\b|\bcancel+(?:ing|ed)?\s+(?:my|the|our|this)\s+request\b|\brequest\s+to\s+[^.]{0,60}\bis\s+(?:withdrawn|cancel+ed|void|off)\b|` +
		`^\s*(?:no\s+longer\s+(?:needed|necessary|required)|not\s+needed\s+any\s*more)\s*:|\b(?:request|it|this|that)\s+is\s+no\s+longer\s+(?:needed|necessary|required)\b|\bno\s+longer\s+(?:need|want)\s+to\b|\bwon'?t\s+be\s+needing\s+to\b|` +
		`\byou\s+can\s+skip\b|\bdrop\s+the\s+request\b|\b(?:it'?d|it\s+would)\s+be\s+a\s+mistake\s+to\b|\bretracting\s+this\b|\bwas\s+my\s+first\s+instinct\b|` +
		`\bactually\s+(?:leave|keep)\s+(?:it|them|him|her)\b|\blet'?s\s+give\s+(?:them|him|her)\s+a\s+warning\b`)
	alreadyDid   = regexp.MustCompile(`\b(?:we|i|they|someone|somebody|[a-z]+)\s+already\s+([a-z]+)`)
	optionOrPoll = regexp.MustCompile(`^\s*(?:one\s+(?:option|idea|thought|possibility|alternative)|an?\s+(?:option|idea|alternative)|option\s+[a-z0-9]|plan\s+[a-z0-9]|for\s+later|later|step\s+\d+|runbook\s+step|draft|(?:game\s+day|tabletop|drill)\s+(?:scenario|exercise)|scenario|quoting|quote\s+from|forwarded\s+from|fwd?\s+from|fwd?)\b[^:]{0,30}?(?::|\bwould\s+be\s+to\b|\bis\s+to\b)|^\s*one\s+could\b|^\s*\[\s*(?:done|x|✓|✔|✅)\s*\]|` +
		`[—–]\s*(?:ignore|cancel+ed|abort(?:ed)?|stop|undo|retract(?:ed)?|withdrawn|rescinded|void|strike\s+that|moot(?:\s+now)?|resolved\s+itself|never\s*mind|nvm|no|already\s+[a-z]+ed)\s*[.!]*\s*$|->\s*no\b|[,;]\s*nvm\b|\bwait\s*[.!]*\s*$|\b(?:is|'s)\s+on\s+it\b|\bwithdrew\b|` +
		`\+1\s*\?|\+1\s+if\b|\bthoughts\s*\?|\bshould\s+we\s*\?|\bmaybe\s*\?\s*$`)
	othersLead = regexp.MustCompile(`^\s*(?:(?:the\s+)?on-?call(?:\s+engineer)?|(?:our|the)\s+[a-z]+\s+team|last\s+(?:week|month|night|time|year|quarter)\s*,?\s*(?:we|i|they)|[a-z]+)\s+(?:will|'ll|needs\s+to|has\s+to|had\s+to|should|is\s+going\s+to|is\s+gonna|is\s+about\s+to|are\s+about\s+to|plans\s+to|wants\s+to)\s+([a-z]+)`)
)

var askedUsTo = regexp.MustCompile(`\b(?:asked|asks|wants|requested|requests)\s+(?:us|me|you)\s+to\b`)

// noVoteRe is a vote, a poll, a joke or a no around a change: negating emoji,
// "-1", "y/n", sarcasm, "is what X proposed, I'm against".
var noVoteRe = regexp.MustCompile(`^\s*(?:🚫|❌|👎|🙅|⛔|✋|👍|\+1|:\+1:|lgtm|agree[d,:]|seconded|same,|same\s+here)|(?:🚫|❌|👎|🙅|⛔|✋)\s*[.!?]*\s*$|:(?:-1|thumbsdown|x|no_entry_sign|no_entry|no_good|man_gesturing_no|woman_gesturing_no|\+1|thumbsup|thinking_face|thinking|shrug|man-shrugging|woman-shrugging|person_shrugging|raised_eyebrow|face_with_raised_eyebrow|white_check_mark|heavy_check_mark):|🤔|🤷|🤨|✅|✔️|(?:^|\s)/s\b|(?:^|\s)-1\b|\by/n\b|\[y/n\]|\byes\s+or\s+no\b|\b(?:vote|poll|straw\s+poll)\b|\bapprove\?|\boh\s+sure\b|\byeah\s+right\b|\bwhat\s+could\s+go\s+wrong\b|\bgreat\s+idea\b|\bmy\s+(?:2c|2\s+cents|two\s+cents)\b|👀|\bok\s+with\s+everyone\b|\bany\s+objections\b|\bobjections\?|\bactually\s+don'?t\b|\bplz\s+no\b|\bno+o\b|\bi'?m\s+against\b|\bpremature\b|\bproposed\b|\bsuggested\b|\bwants\s+to\s+\w+\s+\S+\s+but\b`)

func noVote(raw string, _ *Intent) bool {
	raw = withoutChecks(raw, approvedCheck)
	if blockFirst.MatchString(raw) {
		// "blocklist spam@x.io 🚫", "ban … — spammer in the forum 🚫": the sign of
		// the block the order opens with, not a no to it.
		raw = blockSign.ReplaceAllString(raw, "")
	}
	if noVoteRe.MatchString(raw) || strings.Contains(raw, " not") && strings.HasSuffix(strings.TrimSpace(raw), " not") {
		return true
	}
	for _, loc := range toneEmoji.FindAllStringIndex(raw, -1) {
		// A laugh or an eye-roll mocks the request in its own clause ("ban user_1
		// 🙃"); after a clause that only explains, it is about the story ("revoke
		// inv_1, sent it to the wrong tomas 🙃").
		start := strings.LastIndexAny(raw[:loc[0]], ",;(—–.!?")
		before := raw[max(start, 0):loc[0]]
		if start >= 0 && raw[start] == '(' && strings.HasPrefix(strings.TrimSpace(raw[loc[1]:]), ")") && !laughing.MatchString(asciiLower(before)) && !sarcasmWords.MatchString(asciiLower(before)) && len(clauseWords(before)) > 0 {
			continue // "(.con 🙄)": the tone of an aside about something else
		}
		if len(clauseWords(before)) >= 3 && !laughing.MatchString(asciiLower(before)) && asksAfter(raw[loc[1]:]) {
			// "customer locked herself out 🙃 can you unlock user_1": the emoji ends
			// the story; the request comes after it.
			continue
		}
		if start < 0 || !reasonOnly(before) || len(clauseWords(before)) < 3 || laughing.MatchString(asciiLower(before)) {
			return true
		}
	}
	return false
}

// asksAfter reports whether text, what follows an emoji, holds the request: a verb
// of a change, and no laugh of its own.
func asksAfter(text string) bool {
	if laughing.MatchString(asciiLower(text)) || toneEmoji.MatchString(text) {
		return false
	}
	for _, w := range wordPattern.FindAllString(asciiLower(text), -1) {
		if changeWord(w) || actionWords[w] || w == "turn" || w == "switch" {
			return true
		}
	}
	return false
}

// sarcasmWords mock what they follow: "(as if 🙄)", "(obviously 🙄)".
var sarcasmWords = regexp.MustCompile(`\b(?:as\s+if|sure|right|totally|obviously|clearly|of\s+course|great|genius|yeah)\b`)

// approvedCheck is a check mark after an approval: "appeal approved ✅ unban
// user_1" says it was approved, it is no vote.
var approvedCheck = regexp.MustCompile(`\b(approved|confirmed|verified|signed\s+off|ok'?d|done|passed|cleared|completed?)` + checkMark)

// passedCheck is a check mark after a check that passed: "ID check passed ✅". Unlike
// "done ✅", it says nothing of the request itself.
var passedCheck = regexp.MustCompile(`\b(approved|confirmed|verified|signed\s+off|ok'?d|passed|cleared)` + checkMark)

const checkMark = `\s*(?:✅|✔️|:white_check_mark:|:heavy_check_mark:)`

// withoutChecks drops the check marks check finds after the word it keeps, and those
// asked for when done: no vote (approvedCheck) and no status (passedCheck).
func withoutChecks(s string, check *regexp.Regexp) string {
	return reactWith.ReplaceAllString(check.ReplaceAllString(s, "$1"), " ")
}

// reactWith asks for a check mark when it is done: "drop a ✅ here when done".
var reactWith = regexp.MustCompile(`(?i)\b(?:drop|leave|add|put|react\s+with)\s+(?:a|an)\s+(?:✅|✔️|:white_check_mark:|:heavy_check_mark:)`)

// blockFirst is an order that opens with a block: ban, block, blocklist; blockSign
// is the no-entry sign at the end of it.
var (
	blockFirst = regexp.MustCompile(`(?i)^\s*(?:ban|block|blocklist|blacklist|denylist)\s`)
	blockSign  = regexp.MustCompile(`\s*(?:🚫|⛔)\s*[.!]*\s*$`)
)

// laughing words make a clause a joke.
var laughing = regexp.MustCompile(`\b(?:lol|lmao|lmfao|haha\w*|hehe\w*|rofl|jk|kidding|joking|sure|yeah|right|totally|obviously)\b`)

// toneEmoji laughs or rolls its eyes.
var toneEmoji = regexp.MustCompile(`😂|🤣|🙃|🙄|:(?:joy|rofl|upside_down_face|face_with_rolling_eyes):`)

// deferredTail is a condition or a time after the request, set off from it, that
// the request's own clause does not hold: "(once the chargeback clears)", "— but
// only after 5pm", "(after the customer confirms)", "at EOD". A past "after the
// customer complained" is a reason.
var deferredTail = regexp.MustCompile(`[—–(,;]\s*(?:but\s+)?(?:only\s+)?(?:once|as\s+soon\s+as|unless|not\s+(?:before|until))\b|` +
	`[—–(,;]\s*(?:but\s+)?(?:only\s+)?(?:after|when)\s+[^.;)]{0,40}?\b(?:confirms?|clears?|approves?|pays?|signs?|replies|responds?|agrees?|(?:is|are)\s+(?:done|back|over|ready)|finish(?:es)?|gets?\s+back|lands?|merges?|ships?|goes\s+live)\b|` +
	`\bonly\s+after\b|\b(?:at|by|before)\s+(?:eod|cob|eow|end\s+of\s+(?:the\s+)?(?:day|week|shift))\b|[—–(,;]\s*(?:but\s+)?(?:only\s+)?(?:after|from)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)\b|` +
	// "ban user_1, check if he spams again first": something to find out before it.
	`[—–(,;.]\s*(?:but\s+)?(?:(?:please|pls)\s+)?(?:check|verify|confirm|see|look\s+at|make\s+sure|double[\s-]?check|ask)\b[^.;!?]{0,80}\bfirst\b`)

// notYetRe is a change that waits or should not last: "once Dana approves", "but
// first check with …", "assuming legal approves", "pending review", "at 5pm", "in 2
// hours", "for 7 days", "until Friday", a status line.
var notYetRe = regexp.MustCompile(`\bonce\s+\w+\s+(?:approves?|agrees?|signs?\s+off|confirms?|says)\b|\bbut\s+first\b|\bassuming\b|\bonly\s+after\b|\bpending\s+(?:approval|sign-?off|legal|a\s+decision)\b|\b\w+\s+to\s+confirm\b|\bwaiting\s+(?:on|for)\b|\bat\s+\d{1,2}(?::\d{2}\s*(?:am|pm)?|\s*(?:am|pm))\b|\bin\s+\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\b|\b(?:for|during)\s+(?:the\s+next\s+)?\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\b|\buntil\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next|the\s+end|further\s+notice|\d)|\b(?:till|until)\s+the\s+\w+\s+is\s+over\b|\bfor\s+(?:a|an|one)\s+(?:hour|day|week|month|while)\b|\bfor\s+\d+\s*(?:h|d|w)\b|\bin\s+an?\s+(?:hour|minute|day|week)\b|\bat\s+(?:midnight|noon)\b|\bon\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d|\bnext\s+(?:quarter|year|sprint)\b|\beventually\b|\bprovided\b|\bas\s+soon\s+as\b|\bwhenever\b|\bthe\s+moment\b|\bnext\s+time\b|\bshould\s+(?:user|org)_\w+\s+\w+|\bpending\s+(?:\w+\s+)?(?:approval|sign-?off|review)\b|\bin\s+(?:a|an|one|two|three|four|five|ten|\d+)\s+(?:min(?:ute)?s?|hours?|days?|weeks?)\b|\bonce\s+(?:they|he|she|it|we)\b|\bshould\s+(?:they|he|she|the\s+\w+)\s+\w+`)

// storyTime is a time span or hour, which in a sentence of its own tells what happened.
var storyTime = regexp.MustCompile(`\bin\s+(?:\d+|an?|one|two|three|four|five|ten)\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\b|\b(?:for|during)\s+(?:the\s+(?:next|last|past)\s+)?(?:\d+|an?|one)\s*(?:min(?:ute)?s?|hours?|hrs?|h|d|w|days?|weeks?|months?|while)\b|\bat\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b|\bat\s+(?:midnight|noon)\b`)

// lastSentenceEnd is where the last sentence of s that ends in ".", "!" or "?" ends, or 0.
func lastSentenceEnd(s string) int {
	locs := sentenceBreak.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return 0
	}
	return locs[len(locs)-1][1]
}

// needsApproval says someone else must agree first, wherever it stands.
var needsApproval = regexp.MustCompile(`\b(?:need|needs|needed|waiting\s+(?:for|on)|pending|require|requires)\s+(?:an?\s+|the\s+|[a-z]+'s\s+)?(?:(?:manager|legal|security|finance|admin|owner|lead|team|customer|user|written|explicit|formal|final|second)\s+)?(?:approval|sign-?off|ok|go-ahead)\b|\bonce\s+approved\b`)

// notNow makes a change wait on a case, a person, a check or a time, wherever it
// stands in the message (review 20): "supposing they reoffend", "on strike three", "as
// a last resort", "upon confirmation", "at the next violation", "were they to …",
// "on recurrence", "following legal review", "depending on the audit", "Sam needs to
// sign off though", "hold until I hear from Sam", "but hold for now", "pending Sam",
// "double check the id first", "sanity check", "thinking about it", "later", "with a
// week's notice", "48h after the warning", "post-launch", "at renewal", "after the
// weekend".
var (
	notNowAnywhere = regexp.MustCompile(`\bsupposing\b|\bas\s+a\s+last\s+resort\b|\bif\s+all\s+else\s+fails\b|\bwere\s+(?:they|he|she|it|we|you)\s+to\b|\bdepend(?:s|ing)\s+on\b|` +
		`\b(?:needs?|has|have)\s+to\s+(?:sign\s+off|approve|ok|okay|weigh\s+in|green-?light)\b|\bhold\s+(?:it\s+|that\s+|this\s+|off\s+)?(?:until|till|for\s+now)\b|\bbut\s+hold\b|` +
		`\bdouble[\s-]?check\b[^.;]*\bfirst\b|\bcheck\s+with\s+@?[a-z]+\s+(?:first|before)\b|\bsanity[\s-]?check\b|\bthinking\s+about\s+it\b|\bon\s+the\s+fence\b|\bhaven'?t\s+decided\b|` +
		`\bin\s+the\s+(?:\w+\s+)?(?:case|event)\s+(?:that|of|where)\b|\bonly\s+if\b|\b(?:strike|warning|offen[cs]e|violation|report)\s+(?:one|two|three|four|five|\d+)\s+means\b|^\s*(?:please\s+|pls\s+)?hold\s*[:,—–-]|` +
		`^\s*@?[a-z]+\s+to\s+(?:approve|confirm|sign\s+off|decide|review)\b|\bsecond\s+opinion\b|\bhas(?:n'?t|\s+not)\s+(?:replied|confirmed|approved|signed)\b|\bdouble[\s-]?check\b[^.;]*\bbefore\b|` +
		`\bpending\s+(?:the\s+)?(?:\w+\s+)?(?:outcome|decision|result)\b|\biff\b|\bon\s+(?:the\s+)?condition\s+that\b|\bin\s+the\s+(?:\w+\s+)?event\s+(?:that\s+)?(?:they|he|she|it|we|the)\b|\bon\s+(?:a\s+)?successful\b|\bwhen\s+\(?not\s+if\b|` +
		`\bschedul(?:e|ed|ing)\s+(?:this|it|that)\b|\bat\s+the\s+start\s+of\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:morning|afternoon|evening|night)\b|\bon\s+(?:their|the)\s+\d+(?:st|nd|rd|th)\s+day\b|` +
		`\bneed\s+to\s+(?:confirm|check|verify|make\s+sure)\b[^.]*\bfirst\b|\bverifying\s+first\b|\bchecking\s+(?:if|whether)\s+(?:it'?s\s+)?still\b|\bsay\s+i\s+want(?:ed)?\s+to\b|\bwhat'?s\s+the\s+command\b|` +
		`\bweigh\s+in\b|\breview\s+needed\b|\bdraft\s+for\s+(?:approval|review|sign-?off)\b|` +
		`\bnot\s+for\s+now\b|\bqueu\w*\s+(?:this|it|these|that)\s+(?:up\s+)?for\b|\bremind\s+(?:me|us)\s+(?:\w+\s+){0,3}to\b|^\s*(?:[a-z]+\s+){0,3}to-?dos?\s*:`)
	// notNowInRequest are said of the request only in its own clause or before it:
	// "they upgraded at renewal" after the request tells why.
	notNowInRequest = regexp.MustCompile(`\bon\s+(?:the\s+)?(?:[a-z0-9]+\s+)?(?:strike|offen[cs]e|violation)s?\b|\bgiven\s+(?:that\s+)?(?:the|their|his|her|it)\s+(?:\w+\s+){0,2}(?:clears?|goes\s+through|is\s+(?:approved|confirmed|done|cleared)|completes?|lands?)\b|` +
		`\bupon\s+(?:\w+\s+)?(?:confirmation|approval|review|verification|sign-?off|completion|renewal|expiry|expiration)\b|` +
		`\bat\s+the\s+(?:next|first|second|third)\s+(?:\w+\s+)?(?:violation|offen[cs]e|strike|report|incident|complaint|attempt)\b|\bon\s+(?:recurrence|relapse|repeat)\b|` +
		`(?:^|[.,;:!?]\s*)following\s+(?:the\s+|a\s+|their\s+|our\s+)?(?:\w+\s+)?(?:review|approval|sign-?off|investigation|audit|confirmation)\b|` +
		`\blater\s*[.!]*\s*$|\blater\s+(?:today|tonight)\b|\bat\s+the\s+end\s+of\b|\bin\s+` + monthName + `\b|\bon\s+the\s+\d{1,2}(?:st|nd|rd|th)\b|` +
		`\bafter\s+the\s+(?:[\w-]+\s+){0,3}(?:period|window|deadline|quarter|month|sprint|launch|rush|freeze|season|cooldown|cool-down)\b|` +
		`\b(?:after|once|when|until)\s+\S+\s+(?:signs?\s+off|approves?|confirms?|agrees?|okays?)\b|` +
		`\b(?:after|once|when)\s+(?:[^.,;]{0,40}\s)?(?:dies\s+down|calms\s+down|settles(?:\s+down)?|is\s+over|ends|closes|wraps(?:\s+up)?|passes)\b|` +
		`\bwith\s+(?:a|an|one|two|three|\d+)\s+(?:\w+'?s?\s+)?notice\b|\b\d+\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?|mins?|minutes?)\s+(?:after|before)\b|` +
		`\bpost-?(?:launch|release|migration|cutover|deploy|renewal|audit|incident)\b|\bat\s+(?:the\s+)?(?:next\s+)?(?:renewal|expiry|expiration|rollover)\b|\bafter\s+the\s+(?:weekend|holiday|holidays|break|freeze|offsite|deadline|warning|grace\s+period)\b`)
	// andSomeone starts a clause with its own subject: "… and we'll talk later".
	andSomeone = regexp.MustCompile(`\s+and\s+(?:we|i|they|he|she|you|it)(?:'ll|'d|'re|'m|\s)`)
	// pendingSomeone waits on a person: "… pending Sam".
	pendingSomeone = regexp.MustCompile(`\bpending\s+(?:@|<@)?([a-z]+)\s*[.!)]*\s*$`)
)

// notNow: see notNowAnywhere, notNowInRequest and pendingSomeone (reviews 20 and
// 21). A time in a sentence before the request's tells the story ("the contract
// ended in June. Please delete org_1"); a subscription ends at the end of its period
// by itself.
func notNow(own string, in *Intent) bool {
	if notNowAnywhere.MatchString(own) {
		return true
	}
	scope, start := requestScope(own), 0
	for _, loc := range append(chatSentenceEnd.FindAllStringIndex(own, -1), []int{len(own), len(own)}) {
		if slices.ContainsFunc(wordPattern.FindAllString(own[start:loc[0]], -1), func(w string) bool { return plansWord(w, in) }) {
			scope = own[start:loc[0]] // the last sentence that says the planned change
		}
		start = loc[1]
	}
	if _, to := firstClause(maskDots(scope), func(w string) bool { return plansWord(w, in) }); to < len(scope) {
		scope = scope[:to] // "set … on user_1, they upgraded at renewal": why, not when
	}
	if at := andSomeone.FindStringIndex(scope); at != nil {
		scope = scope[:at[0]] // "lock them now and we'll talk about a ban later"
	}
	if notNowInRequest.MatchString(scope) && !slices.ContainsFunc(in.Steps, func(s Step) bool { return strings.Contains(s.OperationID, "Subscription") }) {
		return true
	}
	mm := pendingSomeone.FindStringSubmatch(own)
	return mm != nil && !strings.HasSuffix(mm[1], "ion") && !madePending[mm[1]]
}

// madePending are what a change may stand pending, made now: "lock … pending
// investigation" locks.
var madePending = wordSet(`review further appeal checks results outcome triage approval signoff`)

// statusLine reports on a change rather than asking: "status: …", "done: …",
// "(blocked)", "blocked on legal".
var statusLine = regexp.MustCompile(`^\s*(?:status|done|blocked|wip|fyi|plan)\s*:|,\s*closing\s*[.!]*\s*$|\breopened\b|:\s*(?:completed|done|shipped|resolved|fixed|closed)\b|[—–]\s*(?:shipped|completed|resolved)\b|(?:^|[.!:;,—–-]\s*)it'?s\s+(?:done|sorted|handled)\s*[.!]*\s*$|\bre\s+the\s+(?:earlier|previous|last)\s+request\b|\b(?:was|were|got|has\s+been|have\s+been)\s+(?:processed|completed|executed|actioned)\b|\(blocked\)|\bblocked\s+on\b|[—–-]\s*done(?:\s*[.!,;)]|\s*$)|\(done\)|✅|\b(?:is|was)\s+(?:complete|completed|done)\b|\bcomplete\b\s*$|\byesterday'?s\s+action\b`)

// temporaryBan is a ban said to last a while: Clerk's bans last until lifted.
var temporaryBan = regexp.MustCompile(`\btemporar(?:y|ily)\b|\btemp\s+ban\b`)

func notYet(own string, in *Intent) bool {
	if last := in.Steps[len(in.Steps)-1].OperationID; (last == "BanUser" || last == "UsersBan") && temporaryBan.MatchString(own) {
		return true
	}
	if deferredTail.MatchString(own) || notNow(own, in) {
		return true
	}
	scope := requestScope(own)
	if from, _ := requestSpan(own); from <= len(scope) {
		// A time in a sentence before the request's own tells the story ("logins from
		// 3 countries in 1 hour. lock the account"); a condition there still counts.
		if end := lastSentenceEnd(scope[:from]); end > 0 {
			// "In 2 hours. Lock user_1.": a time alone is no story, but when.
			if story := storyTime.ReplaceAllString(scope[:end], " "); len(wordPattern.FindAllString(story, -1)) >= 4 {
				scope = story + scope[end:]
			}
		}
	}
	scope = onceDone.ReplaceAllString(scope, " ") // "… and I'll email them once it's done"
	if !notYetRe.MatchString(scope) && !statusLine.MatchString(withoutChecks(own, passedCheck)) && !needsApproval.MatchString(own) {
		return false
	}
	// A token's lifetime is what "for 2 hours", "in 30 days" say: the request itself;
	// so is how long an old secret stays valid (previous_token_ttl).
	for _, s := range in.Steps {
		if s.IsWrite() && (strings.Contains(string(s.Body), "expires_in") || strings.Contains(string(s.Body), "seconds_until") || strings.Contains(string(s.Body), `_ttl":`) && !strings.Contains(string(s.Body), `_ttl":0`)) {
			return false
		}
	}
	return true
}

// corrections mark a message that takes back part of itself.
var correctionRe = regexp.MustCompile(`\b(?:actually|sorry|i\s+mean|i\s+meant|correction|scratch\s+that|typo|wait|wrong\s+(?:one|id|user|invite|session|org)|scrap\s+that|strike\s+that|never\s*mind|nvm|undo|retract\w*|forget\s+(?:it|that))\b`)

// corrected turns into a question a plan that acts on several objects when the
// message corrects itself: "ban user_1 (actually user_2)". A typo told of in an
// address ("revoke orginv_1 in org_2, I typo'd the email") corrects nothing said.
func corrected(own string, in *Intent) bool {
	own = addressTypo.ReplaceAllString(politeSorry.ReplaceAllString(own, ""), " ")
	return len(findIDs(own, 2))+len(emailPattern.FindAllString(own, 2)) >= 2 && correctionRe.MatchString(own)
}

// addressTypo is a typo in an address that a message tells of: "typo in the email",
// "typo'd the domain", "(typo .con instead of .com)".
var addressTypo = regexp.MustCompile(`\btypo(?:'d|ed|s)?\s+(?:in\s+)?(?:the\s+|their\s+|her\s+|his\s+|my\s+)?(?:e-?mail(?:\s+address)?|domain|address)\b|\btypo\s+\.\w+\s+instead\s+(?:of\s+)?\.\w+`)

// politeSorry is an apology that takes nothing back: "sorry for the noise", "sorry
// to bother you".
var politeSorry = regexp.MustCompile(`\bsorry\s+(?:for|to|about)\s+(?:the\s+|this\s+|my\s+|all\s+the\s+)?(?:noise|spam|ping|pings|bother|bothering|delay|trouble|mess|hassle|confusion|late|short)\b`)

// clauseSep separates the clauses of a message: punctuation, a dash, or a
// conjunction that starts a clause of its own.
var clauseSep = regexp.MustCompile(`[,;.!?()]+\s*|\s+[—–-]+\s+|\s+(?:but|because|since|cause|cuz|so|though|although|while)\s+`)

// requestClause is the clause of own that asks for the change: the first one with a
// verb of change, or own when no clause has one. A reason, a story or an aside in
// another clause ("…, let me know if you need the ticket", "…, the customer
// declined") is not read for conditions or doubts.
func requestClause(own string) string {
	from, to := requestSpan(own)
	return own[from:to]
}

// requestScope is own up to the end of the request clause: a condition before the
// request ("if user_1 paid, set …", "after the call, ban …") governs it; a reason
// after it does not.
func requestScope(own string) string {
	_, to := requestSpan(own)
	for to < len(own) {
		// "ban em all: user_1, user_2, user_3 after the review": the list goes on
		// in the clauses after the first, and so does the request.
		mm := listGoesOn.FindStringIndex(own[to:])
		if mm == nil {
			break
		}
		next := clauseSep.FindStringIndex(own[to+mm[1]:])
		if next == nil {
			to = len(own)
			break
		}
		to += mm[1] + next[0]
	}
	if mm := conditionAfter.FindStringIndex(own[to:]); mm != nil {
		return own // "ban user_1 and user_2 (if it's the same person)"
	}
	return own[:to]
}

// conditionAfter is a clause right after the request that sets its condition.
var conditionAfter = regexp.MustCompile(`^\s*[,(—–-]*\s*(?:if|unless|only\s+if|provided|as\s+long\s+as|assuming)\b`)

// spanCache keeps the last request span: the checks of one parse ask for the span
// of the same text several times.
var spanCache struct {
	sync.Mutex
	text     string
	from, to int
}

func requestSpan(own string) (from, to int) {
	spanCache.Lock()
	if spanCache.text == own && own != "" {
		from, to = spanCache.from, spanCache.to
		spanCache.Unlock()
		return from, to
	}
	spanCache.Unlock()
	from, to = findRequestSpan(own)
	spanCache.Lock()
	spanCache.text, spanCache.from, spanCache.to = own, from, to
	spanCache.Unlock()
	return from, to
}

func findRequestSpan(own string) (from, to int) {
	// The dots of an address or a domain end no clause: "invite alice@example.com
	// tomorrow" is one clause, its time in it.
	return firstClause(maskDots(own), func(w string) bool { return changeWord(w) || listNouns[w] })
}

// firstClause is the span of the first clause of text (see clauseSep) with a word
// that asks, or the whole text when no clause has one.
func firstClause(text string, asks func(w string) bool) (from, to int) {
	start := 0
	for _, loc := range append(clauseSep.FindAllStringIndex(text, -1), []int{len(text), len(text)}) {
		for _, w := range wordPattern.FindAllString(text[start:loc[0]], -1) {
			if asks(w) {
				return start, loc[0]
			}
		}
		start = loc[1]
	}
	return 0, len(text)
}

// compromisedWords say a password is unsafe or must change.
var compromisedWords = regexp.MustCompile(`\b(?:compromis\w*|leak\w*|breach\w*|pwn\w*|expos\w*|stolen|reset|force\w*)\b`)

// compromisedUnsaid: marking a password (un)compromised needs the text to say so.
func compromisedUnsaid(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1].OperationID
	return (last == "SetUserPasswordCompromised" || last == "UnsetUserPasswordCompromised") && !compromisedWords.MatchString(own)
}

// toSomeone is a message that starts with another person's handle: "@sam please
// delete user_1", "cc @bob ban user_1".
var toSomeone = regexp.MustCompile(`^\s*(?:cc:?\s+)?@([a-z][\w.\-]*)`)

func addressedElsewhere(own string, _ *Intent) bool {
	if mm := toName.FindStringSubmatch(own); mm != nil && !isKnownWord(mm[1]) && !notAName[mm[1]] {
		return true // "alice, please delete user_1", "sam - ban user_1", "thanks alex! now …"
	}
	if strings.HasPrefix(strings.TrimSpace(own), "for @") || strings.HasPrefix(strings.TrimSpace(own), "note to self") {
		return true
	}
	mm := toSomeone.FindStringSubmatch(own)
	if mm == nil {
		return false
	}
	switch mm[1] {
	case "clerkbot", "clerk-bot", "clerk", "bot":
		return false
	}
	return !slackID.MatchString(mm[1]) // a Slack id (@U…) left by Normalize addresses the bot
}

var slackID = regexp.MustCompile(`^[uw][a-z0-9]*[0-9][a-z0-9]*$`)

// objectNamed is how the text names the object a step acts on: its id, or for an
// object looked up first ("$steps[0].id"), the one email address of the text.
func objectNamed(own string, st Step) string {
	for _, k := range []string{"user_id", "organization_id"} {
		id := st.PathParams[k]
		switch {
		case id == "":
		case !strings.HasPrefix(id, "$"):
			return asciiLower(id)
		default:
			if es := emailPattern.FindAllString(own, 2); len(es) == 1 {
				return asciiLower(es[0])
			}
		}
	}
	return ""
}

// possessed is the part a possessive right at the start of after names ("'s email",
// "'s alt account"), or "" when it names the object itself ("'s account", "'s whole
// account").
func possessed(after string) string {
	if !strings.HasPrefix(after, "'s ") && !strings.HasPrefix(after, "s' ") && !strings.HasPrefix(after, "’s ") {
		return ""
	}
	for _, w := range wordPattern.FindAllString(after[2:], 3) {
		switch {
		case ownNouns[w] && !(w == "org" || w == "orgs" || strings.HasPrefix(w, "organi") || w == "company" || w == "workspace"):
			return ""
		case wholeWords[w]:
			continue // "'s whole account"
		default:
			return w
		}
	}
	return ""
}

// wholeWords may stand between a possessive and the object's own noun.
var wholeWords = wordSet(`whole entire full complete main clerk own`)

// toName is a message that opens by naming a person: "alice, please …", "sam - …",
// "dave -> …", "thanks alex! now …".
var toName = regexp.MustCompile(`^\s*(?:thanks\s+|thx\s+|ty\s+|ok\s+|hey\s+|hi\s+)?([a-z][a-z'\-]{1,15})\s*(?:,|[-–—]>?|->|!|:)\s`)

// unnamedAction turns into a question an action on an object ("POST
// /users/{id}/remove_password") whose non-verb words the text never says: "remove
// user_1's avatar" is no RemoveUserPassword.
func unnamedAction(own string, in *Intent, last Step) bool {
	seg := last.Path[strings.LastIndex(last.Path, "/")+1:]
	said := saidTokens(own)
	for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' }) {
		if _, isVerb := verbs[part]; isVerb || actionWords[part] || part == "set" || part == "unset" {
			continue
		}
		for _, t := range rankTokens(part) {
			if !said[t] {
				in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
				in.Message = "That would run " + last.OperationID + " (" + strings.ReplaceAll(seg, "_", " ") + "), which the message does not name. Say what to do with its words, for example: remove the password of user_123."
				in.Reason = "safety: an action whose words the text does not say"
				return true
			}
		}
	}
	return false
}

// actionSegment reports whether the last segment of path is an action on the object
// ("remove_password", "set_compromised", "verify_totp"), not a collection under it.
func actionSegment(path string) bool {
	seg := path[strings.LastIndex(path, "/")+1:]
	parts := strings.Split(seg, "_")
	if len(parts) < 2 {
		return false
	}
	_, isVerb := verbs[parts[0]]
	return isVerb || actionWords[parts[0]] || parts[0] == "set" || parts[0] == "unset"
}

// reporterTarget: the plan acts on the one person the text names, while the request
// says "him", "her" or "them" and the text names that person as someone who reported,
// noticed or suffered it, or names another party they may stand for: "a complaint
// from user_2, ban him", "Per user_2, the spammer is back. Ban them.", "user_2 is being
// harassed. Ban them.", "The manager of user_2 left. Delete them."
func reporterTarget(own string, in *Intent) bool {
	st := in.Steps[len(in.Steps)-1]
	v := objectNamed(own, st)
	if v == "" {
		v = bodyEmail(own, st)
	}
	if v == "" || askedUsTo.MatchString(own) && !othersOf.MatchString(own) {
		return false // "user_1 asked us to delete their account": their own
	}
	if i := strings.LastIndex(own, v); i >= 0 && ownTrouble.MatchString(own[i+len(v):]) {
		return false // "jo@x.io says she's locked out, can you unlock her": her own trouble
	}
	req := requestClause(own)
	if (personPronoun.MatchString(req) || ownerPronoun.MatchString(req)) && nearName(own, v+"'s", nil, relationNext) {
		return true // "user_1's husband lost his phone — remove his mfa"
	}
	if !personPronoun.MatchString(req) {
		// "user_1 flagged a bot account — delete it": "it" is the other account.
		return thingPronoun.MatchString(req) && otherAccount.MatchString(own)
	}
	if slices.ContainsFunc(removeFrom.FindAllStringSubmatch(own, -1), func(mm []string) bool { return strings.TrimRight(mm[1], ".") == v }) {
		// "remove the password from user_1 and sign them out": the object the
		// change acts on, not a source.
		return otherParty.MatchString(own) && !namedBadActor(own, v)
	}
	return nearName(own, v, reporterBefore, reporterAfter) ||
		otherParty.MatchString(own) && !namedBadActor(own, v)
}

// ownTrouble is someone telling of their own trouble: "… says she's locked out",
// "… says it told her too many attempts".
var ownTrouble = regexp.MustCompile(`^\s+(?:says|said|writes|wrote|reports|reported)\s+(?:that\s+)?(?:(?:she|he|they)(?:'s|'re|\s+is|\s+was|\s+are|\s+were|\s+got|\s+gets|\s+can'?t|\s+cannot|\s+couldn'?t|\s+keeps|\s+lost|\s+forgot|\s+has|\s+have)|it\s+(?:told|tells|says|shows)\s+(?:her|him|them))\b`)

// removeFrom is what a change takes away and from whom: "remove the password from
// user_1" (group 1 is the id or email).
var removeFrom = regexp.MustCompile(`\b(?:remov|delet|tak|strip|clear|drop|revok|unlink|detach)\w*\b[^.;!?]{0,40}\bfrom\s+([\w.@+-]+)`)

// reporterBefore and reporterAfter are what stands before or after a name that makes
// it a source, a victim or someone's relation: "a complaint from ", "per ", "thanks
// to ", "the manager of "; " reported", " is being harassed", " is the victim", ": "".
var (
	reporterBefore = regexp.MustCompile(`(?:\b(?:complaint|report|ticket|message|email|dm|note|flag|screenshots?)s?\s+(?:from|by)|\b(?:from|by|per|via)|\b(?:thanks\s+to|according\s+to|thank)|\b(?:manager|colleague|boss|friend|coworker|co-worker|teammate|admin|owner|parent|assistant)\s+of)\s+$`)
	reporterAfter  = regexp.MustCompile(`^(?:\s+(?:reported|complained|flagged|says|said|wrote|messaged|asked|told|forwarded|noticed|spotted|saw|sent|mentioned)\b|\s+(?:is|was|has\s+been|got|gets|is\s+getting|keeps\s+getting|is\s+being|was\s+being)\s+(?:\w+\s+)?(?:harassed|spammed|targeted|stalked|threatened|scammed|bullied|attacked|impersonated|doxxed)\b|\s+(?:is|was)\s+the\s+(?:victim|target|one\s+who)\b|\s*:\s*["'“])`)
)

// nearName reports whether, at some place sub stands in s, the text before it
// matches before or the text after it matches after (a nil pattern is not asked).
func nearName(s, sub string, before, after *regexp.Regexp) bool {
	for i := 0; sub != ""; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return false
		}
		if before != nil && before.MatchString(s[:i+j]) {
			return true
		}
		i += j + len(sub)
		if after != nil && after.MatchString(s[i:]) {
			return true
		}
	}
	return false
}

// namedBadActor reports whether own says that v is the one who did the harm: "the
// attacker is user_1", "user_1 is one of the spammers".
func namedBadActor(own, v string) bool {
	return nearName(own, v, badActorIs, isBadActor)
}

// relationNext, isBadActor and badActorIs read what stands right after or before a
// name: "'s husband", " is the attacker", "the attacker is ".
var (
	relationNext = regexp.MustCompile(`^\s+` + relations + `\b`)
	isBadActor   = regexp.MustCompile(`^\s+(?:is|was)\s+(?:the|a|an|one\s+of\s+the)\s+(?:` + badActor + `)`)
	badActorIs   = regexp.MustCompile(`\bthe\s+(?:` + badActor + `)\s+(?:is|was|=|:)\s+$`)
)

// badActor names the one who did the harm: "the attacker is user_1" says who "them" is.
const badActor = `spammers?|attackers?|harassers?|scammers?|bots?|culprits?|hackers?|abusers?|fraudsters?|trolls?`

// othersOf is someone else of the person named: "asked us to invite her colleague".
var othersOf = regexp.MustCompile(`\b(?:their|his|her)\s+(?:` + relations + `)\b`)

// relations are the people of a person.
const relations = `(?:colleague|friend|manager|boss|coworker|co-worker|teammate|team|partner|assistant|replacement|successor|kid|child|son|daughter|wife|husband|spouse|mother|father|mom|dad|parent|sister|brother|roommate|intern|employee|report|admin|secretary)s?`

// ownerPronoun is a person's pronoun before what they have: "his mfa".
var ownerPronoun = regexp.MustCompile(`\b(?:his|her|their)\b`)

// thingPronoun and otherAccount: "delete it", "that account", after "a bot account".
var (
	thingPronoun = regexp.MustCompile(`\b(?:it|that\s+(?:one|account|user|profile)|the\s+(?:other|fake|bot|second|new)\s+(?:one|account|user|profile)|this\s+(?:one|account))\b`)
	otherAccount = regexp.MustCompile(`\b(?:a|an|another|some|the)\s+(?:\w+\s+)?(?:bot|fake|spam|second|duplicate|impersonat\w*|sock\s*puppet|burner|scam\w*|fraudulent|malicious)\s*(?:account|user|profile)s?\b|\b(?:account|user|profile)\s+(?:impersonating|pretending|posing)\b`)
)

// otherParty is another party a pronoun may stand for: "someone", "the spammer".
var otherParty = regexp.MustCompile(`\b(?:someone|somebody|a\s+bot|bots|(?:the|an?)\s+(?:spammer|attacker|harasser|scammer|bot|culprit|hacker|abuser|fraudster|troll|intruder|impostor|imposter)s?|spammers|attackers|by\s+(?:a|an|some)\s+\w+)\b`)

// bodyEmail is the one email of the text when a step's body acts on it (an identifier
// to allow or block, an address to invite).
func bodyEmail(own string, st Step) string {
	es := emailPattern.FindAllString(own, 2)
	if len(es) != 1 {
		return ""
	}
	if strings.Contains(string(st.Body), `"`+es[0]+`"`) {
		return asciiLower(es[0])
	}
	return ""
}

// saidTokens are the ranker's tokens of own, with the other words for parts
// (partAliases) read as the part: what a path's words are checked against.
func saidTokens(own string) map[string]bool {
	said := map[string]bool{}
	for _, t := range rankTokens(own) {
		said[t] = true
	}
	for _, w := range wordPattern.FindAllString(own, -1) {
		if alias, ok := partAliases[w]; ok {
			said[alias] = true
		}
	}
	return said
}

// unclearAmount: a credit adjustment whose text names several sums ("$500, typo,
// $50"), or one with a space or a k in it ("$1 500", "$1.5k").
func unclearAmount(own string, in *Intent) bool {
	switch in.Steps[len(in.Steps)-1].OperationID {
	case "AdjustUserBillingCreditBalance", "AdjustOrganizationBillingCreditBalance":
	default:
		return false
	}
	n := len(moneySymbol.FindAllString(own, -1)) + len(moneyWord.FindAllString(own, -1))
	return n > 1 || oddAmount.MatchString(own)
}

// oddAmount is a sum written with a space or a k: "$1 500", "$1.5k", "2k usd".
var oddAmount = regexp.MustCompile(`(?i)[$£€]\s?\d{1,3}\s\d{3}\b|[$£€]?\s?\d[\d.,]*\s?k\b`)

// embeddedRequest is an API request or a curl command inside a message that the raw
// stage did not take as the request itself ("the attacker sent: POST /users/…/ban",
// "undo this: POST …", a request in a postmortem timeline).
var embeddedRequest = regexp.MustCompile(`(?:^|[\s:>(\x60"'])(?:get|post|put|patch|delete)\s+/[a-z_{]|\bcurl\s+(?:-|'?"?https?:)`)

// describedObject is an object named by a description: "the spammer", "that duplicate account".
var describedObject = regexp.MustCompile(`\b(?:the|this|that|these|those|our|my|a|an)\s+[a-z]`)

// objectPart is a part of the object a story names, not a description of another:
// "… user_1's password showed up in a dump. pls mark the password as compromised".
var objectPart = regexp.MustCompile(`\b(?:the|this|that)\s+(?:password|pw|profile\s+(?:image|picture|pic|photo)|avatar|logo|mfa|2fa|totp|authenticator(?:\s+app)?|backup\s+codes?|(?:public\s+|private\s+)?metadata|username|(?:first\s+|last\s+)?name|slug)\b`)

// objectFromStory: of a message in several sentences, the one that asks names no id
// or email and points at none with a pronoun ("The reporter mentioned user_1 in the
// ticket. Could you ban the spammer?"), while the write acts on an object another
// sentence names: that object may be someone else.
func objectFromStory(text string, in *Intent) bool {
	ss := sentences(text)
	if len(ss) < 2 {
		return false
	}
	ask := ""
	for _, s := range ss {
		if r := askingPart(s); r != "" {
			if ask != "" {
				return false
			}
			ask = r
		}
	}
	if ask == "" || pronounObject.MatchString(ask) || pronounOwner.MatchString(ask) || !describedObject.MatchString(objectPart.ReplaceAllString(asciiLower(ask), " ")) {
		return false // "… was banned by mistake. unban please": nothing else is meant
	}
	x := Extract(ask, time.Time{})
	if len(x.IDs)+len(x.Emails)+len(x.Phones) > 0 {
		return false
	}
	for _, st := range in.Steps {
		if !st.IsWrite() {
			continue
		}
		for _, v := range st.PathParams {
			if !hasID(v) || !strings.Contains(text, v) {
				continue
			}
			if mm := pronounThing.FindStringSubmatch(ask); mm != nil && slices.Contains(thingKinds[strings.ToLower(strings.Join(strings.Fields(mm[1]), " "))], idPrefix(v)) {
				continue // "ak_1 leaked. Please revoke the key.": the noun names its kind
			}
			return true
		}
	}
	return false
}

// lifetimeWord names how long something lasts; timeAmount is an amount of time in any
// shape people write one ("45m", "1.5 hours", "half an hour", "fifteen minutes").
var (
	lifetimeWord = regexp.MustCompile(`\b(?:valid|expir\w*|ttl|lifetime|lifespan|good\s+for|alive|grace)\b`)
	timeAmount   = regexp.MustCompile(`\b\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\b|\b\d+h\d+m?\b|\b(?:an?|one)\s+(?:hour|day|week|minute|month)\b|(?:expiry|ttl|lifetime|expires?\s+in)\s*(?:of\s+|=|:)?\s*\d+(?:$|[\s,.;!?])|\bhalf\s+(?:an?\s+)?(?:hour|day|minute)\b|\b(?:couple|few)\s+(?:of\s+)?(?:seconds|minutes|hours|days|weeks)\b|\b(?:fifteen|twenty|thirty|forty|fifty|sixty|ninety)(?:[\s-]+five)?\s+(?:seconds|minutes|mins|hours)\b`)
	// compoundTime is a time in two parts, which a lifetime read as one number drops:
	// "an hour and a half", "1h30m", "1 week and 2 days".
	compoundTime = regexp.MustCompile(`\band\s+a\s+half\b|\b\d+\s*h\s*\d+\s*m\b|\b(?:\d+|an?|one)\s*(?:hours?|days?|weeks?|h|d|w)\s+(?:and\s+)?\d+\s*(?:minutes?|mins?|hours?|days?|m|h|d)\b|\b\d+\.\d+\s*(?:hours?|days?|h|d)\b`)
	// negatedTime is a lifetime the text says not to use: "without keeping the old key
	// valid for an hour", "not the 10 min expiry", "use the default".
	negatedTime = regexp.MustCompile(`\b(?:without|not|no|don'?t|never|instead\s+of)\b[^.;]{0,40}?(?:\bvalid\b|\bexpir\w*|\bttl\b|\blifetime\b)|\buse\s+the\s+default\b|\bdefault\s+(?:expiry|lifetime|ttl)\b`)
)

// lifetimeChecks turns into a question a write whose lifetime the text says in a way
// the plan does not carry: a lifetime the operation takes but none was read ("valid
// for half an hour" would leave Clerk's 30-day default on a sign-in token), one read
// from a time of two parts or one the text says not to use, or a lifetime for an
// operation that has none ("revoke ak_1, keep it valid for an hour" cannot be done).
func lifetimeChecks(in *Intent, spec *clerk.Spec, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := asciiLower(ownWords(text))
	said := lifetimeWord.MatchString(own) && timeAmount.MatchString(own) || durationBefore.MatchString(own)
	if !said && !timeAmount.MatchString(own) {
		return
	}
	for _, st := range in.Steps {
		if !st.IsWrite() {
			continue
		}
		op, ok := spec.Operation(st.OperationID)
		if !ok {
			continue
		}
		var fields []string
		if s := bodySchema(op); s != nil {
			for name := range s.Properties {
				if durationField(name) != 0 || name == "lifetime" || strings.HasSuffix(name, "_lifetime") {
					fields = append(fields, name)
				}
			}
			slices.Sort(fields)
		}
		set := false
		for _, f := range fields {
			set = set || strings.Contains(string(st.Body), `"`+f+`"`)
		}
		var msg string
		switch {
		case len(fields) > 0 && !set && said:
			msg = "I could not read how long it should last. Say it plainly, for example \"valid for 30 minutes\", or give " + fields[0] + " in its unit; without it Clerk uses its default."
		case len(fields) > 0 && set && (compoundTime.MatchString(own) || negatedTime.MatchString(own)):
			msg = "The lifetime is unclear (a time in two parts, or one the message says not to use). Say it once, plainly, for example \"valid for 90 minutes\"."
		case len(fields) == 0 && said:
			msg = op.Key() + " (" + op.Summary + ") takes no lifetime, so \"valid for …\" cannot be done with it; it happens at once and for good. Ask without the lifetime when that is what you want."
		default:
			continue
		}
		in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
		in.Message, in.Reason = msg, "safety: a lifetime the plan does not carry as said"
		return
	}
}

// itPronoun is "it" as the object of the request; partNoun is a thing a user has or
// made that "it" may stand for.
var (
	itPronoun = regexp.MustCompile(`\b(?:it|that\s+one)\b`)
	partNoun  = regexp.MustCompile(`\b(?:avatar|photo|picture|image|logo|pfp|phone|number|email|address|password|passkey|session|token|key|metadata|username|name|note|spam|message|post|comment|link|device|file|upload|bio|profile\s+(?:image|photo|picture))s?\b`)
)

// itForPart: a write on a user (or what the text looks a user up by) whose request says
// "it" while the text mentions a thing of the user: "user_1 uploaded an offensive
// avatar. Delete it." never deletes the user.
func itForPart(own string, in *Intent) bool {
	st := in.Steps[len(in.Steps)-1]
	want := map[string]verb{"DeleteUser": vDelete, "BanUser": vBan, "LockUser": vLock, "UpdateUserMetadata": vUpdate, "ReplaceUserMetadata": vUpdate}
	v, ok := want[st.OperationID]
	if !ok {
		return false // an operation on the part itself ("flag it" for the password)
	}
	if removesKey.MatchString(own) {
		own = nullAside.ReplaceAllString(own, "") // "(set it to null)": it is the key removed
	}
	// The sentence that asks for this change says "it"; another one names the thing.
	start := 0
	bounds := append(sentenceBreak.FindAllStringIndex(own, -1), []int{len(own), len(own)})
	for _, b := range bounds {
		sent := own[start:b[1]]
		asks := false
		for _, w := range wordPattern.FindAllString(sent, -1) {
			if wv, isVerb := verbs[w]; isVerb && wv == v || v == vUpdate && (w == "mark" || w == "flag" || w == "set") {
				asks = true
			}
		}
		if asks && itPronoun.MatchString(sent) && partNoun.MatchString(own[:start]+" "+own[b[1]:]) {
			return true
		}
		start = b[1]
	}
	return false
}
