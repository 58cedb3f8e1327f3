package intents

import (
	"regexp"
	"slices"
	"strings"
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
		{pastedOrder, "That change is quoted, struck through, forwarded or given as an example, not asked for by you, so nothing was planned. Ask for it in your own words if you want it.", "the change is in quoted, pasted or example text", true},
		{undoOrder, "Clerk cannot undo a change, and \"undo\" or \"abort\" before one reads as not wanting it. Say the change you want now, for example: unban user_123.", "undo or abort before a change", false},
		{reportedChange, "That tells what was done, not what to do, so nothing was planned. Ask for the change in the present, for example: revoke invitation inv_123.", "a report of a change already made", false},
		{exceptionTarget, "The message excludes the object it names (\"everyone but …\"); clerkbot acts on named objects only. Name each object to change.", "the named object is an exception", false},
		{wholeObjectDelete, "", "", false},
		{unclearDeleteVerb, "", "", false},
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
var negationBefore = regexp.MustCompile(`\b(?:don'?t|dont|do\s+not|does\s+not|doesn'?t|never|not|no|won'?t|wont|will\s+not|shouldn'?t|should\s+not|can'?t|cant|cannot|can\s+not|wouldn'?t|would\s+not|mustn'?t|must\s+not|didn'?t|nobody|noone|no\s+one|neither)((?:\s+(?:need|needs|reason|to|want|wants|going|gonna|have|has|be|able|please|pls|just|really|actually|we|i|you|they|should|must|will|would|ever|yet|the|a|this|that|it|plan|planning|intend|supposed|allowed))*)\s+([a-z][a-z\-]*)\b`)

// negatedWrite: a negation right before a verb of change ("please don't delete
// org_1", "no need to ban user_1"). "Don't notify" and the like say how, not whether,
// and were read before (silently); "not admin" is a role, not a verb.
func negatedWrite(own string, _ *Intent) bool {
	own = quietly.ReplaceAllString(own, " ")
	for _, mm := range negationBefore.FindAllStringSubmatch(own, -1) {
		w := mm[2]
		if writeVerb(w) || actionWords[w] || terseVerbs[w] || w == "ban" || w == "unban" {
			return true
		}
	}
	// "no ban for user_1": a negated noun of a change.
	return noChange.MatchString(own)
}

// terseVerbs are the short verbs of deletion chat uses.
var terseVerbs = wordSet(`nuke zap axe yeet trash scrap kill`)

// noChange is "no ban for …", "ban user_1: no", "… = bad idea", "was the wrong call".
var noChange = regexp.MustCompile(`\bno\s+(?:ban|lock|delete|deletion|removal|unban|unlock)\s+(?:for|on|of)\b|:\s*no\b|=\s*(?:no|bad)\b|\bbad\s+idea\b|\bwrong\s+call\b|\bskip\s+(?:it|that|this)\b`)

// pasteMarker marks text as quoted or pasted rather than asked: a Slack quote line,
// strikethrough, a forwarded message, an example, a log or audit line, a to-do.
var pasteMarker = regexp.MustCompile(`(?m)^\s*>|~[^~\s][^~]*~|` + "```" + `|^\s*(?:fwd?|fw|re|forwarded|pasted(?:\s+from)?|quote|quoting|example|e\.g\.|eg|test|todo|note|log(?:\s+line)?|audit|runbook|step\s*\d+)\s*:|^\s*(?:e\.g\.|i\.e\.|for\s+(?:example|instance))|\bremind\s+me\s+to\b|^\s*\[\s?\]|\bthe\s+bot\s+told\s+me\b|\bmessage\s+from\s+@|\b(?:is\s+)?what\s+(?:they|someone|he|she|the\s+customer|the\s+user)\s+(?:asked|said|wrote|posted|sent)\b|\bsomeone\s+(?:posted|wrote|said|asked)\b|\bsays\s+the\s+runbook\b`)

// pastedOrder: the change stands in quoted, struck-through, forwarded or example
// text ("> ban user_1", "~ban user_1~", "Fwd: please delete user_1", "e.g. ban
// user_1").
func pastedOrder(own string, _ *Intent) bool { return pasteMarker.MatchString(own) }

// undoWords take back a change rather than make it: "undo ban user_1" is handled as
// unban before; "abort delete user_1", "revert: delete org_1" are not changes.
var undoWords = regexp.MustCompile(`\b(?:undo|abort|revert|roll\s*back|rollback)\b\s*:?\s*(?:the\s+)?([a-z]+)`)

func undoOrder(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1].OperationID
	for _, mm := range undoWords.FindAllStringSubmatch(own, -1) {
		if mm[1] == "ban" && last == "UnbanUser" || mm[1] == "lock" && last == "UnlockUser" {
			continue // "undo the ban on user_1" was read as unban
		}
		if writeVerb(mm[1]) || actionWords[mm[1]] || terseVerbs[mm[1]] {
			return true
		}
	}
	return false
}

// reportedAt is a report of a change: it opens with the change in the past tense,
// possibly after who did it ("revoked the invite for …", "I already deleted org_1",
// "made user_1 admin yesterday", "last time someone ran delete user_1 …").
var reportedAt = regexp.MustCompile(`^\s*(?:(?:i|we|someone|they|he|she|support|ops)\s+)?(?:already\s+|just\s+|had\s+|have\s+|has\s+)?([a-z]+(?:ed|de|ne|t))\b`)

// storyReport tells of a change someone made before: "last time someone ran …".
var storyReport = regexp.MustCompile(`\blast\s+time\b|\bsomeone\s+(?:ran|did|tried)\b`)

func reportedChange(own string, _ *Intent) bool {
	if storyReport.MatchString(own) {
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
var exceptAll = regexp.MustCompile(`\b(?:everyone|everybody|every\s+(?:user|member|account|one)|all(?:\s+(?:users|members|accounts|of\s+them))?|the\s+rest)\s+(?:but|except|besides|other\s+than|apart\s+from|save)\b`)

func exceptionTarget(own string, _ *Intent) bool { return exceptAll.MatchString(own) }

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
	i := strings.LastIndex(last.Path, "{")
	v := asciiLower(last.PathParams[strings.Trim(last.Path[i:], "{}")])
	at := strings.Index(own, v)
	if v == "" || strings.HasPrefix(v, "$") || at < 0 {
		return false
	}
	part := ""
	after := own[at+len(v):]
	if strings.HasPrefix(after, "'s ") || strings.HasPrefix(after, "s' ") || strings.HasPrefix(after, "’s ") {
		if w := wordPattern.FindString(after[2:]); w != "" && !ownNouns[w] {
			part = w // "delete user_1's email"
		}
	}
	before := wordPattern.FindAllString(own[:at], -1)
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
	domain domains creator owner owners role roles membership memberships logo image people everyone`)
)

// politeWords may stand between a verb and its object: "delete please user_1".
var politeWords = wordSet(`pls plz please kindly asap now permanently completely entirely fully`)

// deleteWords say delete, and nothing milder: an irreversible delete needs one.
var deleteWords = wordSet(`delete deleted deleting remove removing erase destroy purge wipe nuke zap axe yeet
trash scrap drop kill rm del gdpr`)

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

// unclearDeleteVerb turns into a question a plan that deletes a user or an
// organization when the text never says delete or remove: "deactivate user_1",
// "unblock user_1", "disable user_1" mean a ban, a lock or their undoing.
func unclearDeleteVerb(own string, in *Intent) bool {
	last := in.Steps[len(in.Steps)-1]
	if last.OperationID != "DeleteUser" && last.OperationID != "DeleteOrganization" {
		return false
	}
	for _, w := range wordPattern.FindAllString(own, -1) {
		if isDeleteWord(w) {
			return false
		}
	}
	in.Mode, in.Steps = ModeClarify, nil
	in.Message = "Deleting cannot be undone, and the message does not say delete. To stop someone signing in, ban or lock them; to let them back, unban or unlock. Say which, for example: ban user_123."
	in.Reason = "safety: an irreversible delete the text does not name"
	in.Candidates = nil
	return true
}

// laterClause starts a clause after the first.
var laterClause = regexp.MustCompile(`[,;.!?]\s*|\s+(?:and|so|then|now)\s+`)
