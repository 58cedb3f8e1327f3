package intents

import (
	"cmp"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// msg is a sentence prepared for the fast-path rules.
type msg struct {
	text  string // as typed (normalized), options removed
	lower string // text with ASCII letters lower-cased
	x     Extraction
	verbs []verb // distinct, in order of appearance
	res   map[resource]bool
	// memberField is set when "member" names a number of an organization ("member
	// counts", "member limit"), not its memberships.
	memberField bool
	// question is set for a text that asks whether something exists or happened
	// ("did we invite bob@acme.com?", "is user_1 banned?"): it is answered with reads
	// only, whatever action words it contains.
	question bool
	// nonVerb marks the words, by index in x.Words, that are verbs of the lexicon
	// used otherwise: a name ("from Mark"), someone else's doing ("she get"), a noun
	// ("the ban").
	nonVerb map[int]bool
}

// dumpNouns are the words before "dump" that make it a noun.
var dumpNouns = wordSet(`a an the this that credential credentials breach paste data password passwords db
database log leak combo sql csv hash memory`)

func newMsg(text string, x Extraction) *msg {
	m := &msg{text: text, lower: asciiLower(text), x: x, res: make(map[resource]bool)}
	m.question = isQuestion(m.lower, x.Words)
	// "could we allowlist lumen.dev?", "blocklist spam.io": the list's name as the
	// verb, with something to put on it, asks to add it.
	listVerb := false
	if len(x.Emails)+len(x.Domains)+len(x.Phones)+len(x.URLs) > 0 && len(x.Words) > 0 && (listNouns[x.Words[0]] || strings.Contains(m.lower, "list")) {
		first := wordPattern.FindString(politeLead.ReplaceAllString(strings.TrimSpace(m.lower), ""))
		if listVerb = listNouns[first]; listVerb {
			m.question = false
		}
	}
	m.memberField = memberFieldPhrase.MatchString(m.lower)
	names := personNames(text)
	change := slices.ContainsFunc(x.Words, writeVerb)
	var readWords []string
	for i, w := range x.Words {
		v, ok := verbs[w]
		// A verb of the lexicon may be used otherwise: "she's taking over from Mark"
		// names a person; in "can she get an admin invite?" or "they can't see it"
		// it is someone else's doing; "by end of month", "the delete was wrong" are
		// nouns. "need an invite for bob@acme.com" still asks for one.
		if ok && (names[w] || i > 0 && storySubject(x.Words[:i]) ||
			writeVerb(w) && w != "new" && v != vInvite && (i+1 < len(x.Words) && x.Words[i+1] == "of" || i > 0 && determiners[x.Words[i-1]])) {
			if m.nonVerb == nil {
				m.nonVerb = map[int]bool{}
			}
			m.nonVerb[i], ok = true, false
			if v == vInvite {
				m.res[rInvite] = true // "resend the invite"
			}
		}
		if ok && (scopePart(m.lower, w) || (w == "see" || w == "check") && i+1 < len(x.Words) && (seeWhat[x.Words[i+1]] || ticketRef.MatchString(x.Words[i+1]))) {
			// "scope invoices:read", "write:events": a scope's part; "ban user_1 —
			// bot signups, see OPS-112", "(see thread)": a reference. Not verbs.
			if m.nonVerb == nil {
				m.nonVerb = map[int]bool{}
			}
			m.nonVerb[i] = true
			continue
		}
		if ok && v == vCount && i > 0 && x.Words[i-1] == "phone" {
			continue // "phone number" names a value, not a count
		}
		if ok && v == vCount && (w == "count" || w == "number") && byCount.MatchString(m.lower) {
			continue // "top 10 orgs by member count": an order, not a count
		}
		if ok && v == vList && i > 0 && listPrefixes[x.Words[i-1]] {
			continue // "the block list" is a noun
		}
		if ok && (v == vRead || v == vList) && i > 1 && x.Words[i-1] == "to" && purposeWords[x.Words[i-2]] && change {
			// "invite bob@acme.com, he needs to see invoices", "I need to see what
			// user_1 sees, create an actor token": what the change is for
			continue
		}
		if ok && w == "dump" && i > 0 && dumpNouns[x.Words[i-1]] {
			continue // "showed up in a credential dump" is a noun
		}
		if ok && m.question && v != vRead && v != vList && v != vCount {
			// "did we invite bob@acme.com?" asks about invitations; "was user_1
			// deleted?" about the user. The action names what to look at, never
			// what to do.
			if v == vInvite {
				m.res[rInvite] = true
			}
			continue
		}
		if m.question && w == "invited" {
			m.res[rInvite] = true
		}
		if ok && v == vInvite && len(m.verbs) > 0 && !slices.Contains(m.verbs, vRead) {
			// "revoke invite inv_1", "list invite …": after another verb, a noun.
			m.res[rInvite] = true
			continue
		}
		if ok && (v == vRead || v == vList || v == vCount) {
			readWords = append(readWords, w)
		}
		if ok && !slices.Contains(m.verbs, v) {
			m.verbs = append(m.verbs, v)
		}
		if r, ok := resources[w]; ok {
			m.res[r] = true
		}
		if strings.HasSuffix(w, "_metadata") || strings.Contains(w, "_metadata.") {
			m.res[rMetadata] = true // "private_metadata", "public_metadata.plan"
		}
	}
	if len(m.verbs) == 0 && listVerb {
		m.verbs = append(m.verbs, vCreate)
	}
	if logOut.MatchString(m.x.rest) && !slices.Contains(m.verbs, vRevoke) && !m.question {
		// "log user_1 out of every device", "sign out bob@acme.com": end sessions.
		m.verbs = slices.DeleteFunc(m.verbs, func(v verb) bool { return v == vRead })
		m.verbs = append(m.verbs, vRevoke)
		m.res[rSession] = true
	}
	if m.question && len(m.verbs) == 0 {
		m.verbs = append(m.verbs, vRead)
	}
	if m.res[rInvite] && m.x.Has("send", "resend", "issue") && !slices.Contains(m.verbs, vInvite) && !m.question {
		m.verbs = append(m.verbs, vInvite)
	}
	// "new users", "number of", "what is", "check" qualify another verb when one is there.
	if len(m.verbs) > 1 {
		m.verbs = slices.DeleteFunc(m.verbs, func(v verb) bool {
			return v == vRead && m.x.Has("what", "which", "who", "check", "give", "tell") && len(m.verbs) > 1 && !slices.ContainsFunc(readWords, func(w string) bool { return showWords[w] })
		})
	}
	if len(m.verbs) == 1 && m.verbs[0] == vCreate && newPlural.MatchString(m.x.rest) && !m.x.Has("create", "add", "make", "register", "provision", "onboard") {
		// "new users this month", "new signups since monday": recent ones, not a
		// request to create.
		m.verbs[0] = vList
	}
	if len(m.verbs) > 1 && m.x.Has("new") && !m.x.Has("create", "add", "make", "register", "provision", "onboard") {
		m.verbs = slices.DeleteFunc(m.verbs, func(v verb) bool { return v == vCreate })
	}
	if len(m.verbs) > 1 && slices.Contains(m.verbs, vCount) && (!m.x.Has("count", "many") || m.memberField && !m.x.Has("many")) {
		m.verbs = slices.DeleteFunc(m.verbs, func(v verb) bool { return v == vCount })
	}
	if _, one := m.verb(); !one && !m.question {
		m.askedOnly()
	}
	return m
}

// askedOnly keeps, of a text's several verbs, the changes it asks for: a verb that
// opens a clause, after "please", "can you" and the like. A change in a clause of
// its own that opens otherwise only tells: "Lock user_1 for now, we'll unlock once
// they confirm", "kick user_1 out of org_1. dont delete the user itself". Reads,
// verbs beside the asked one ("ban info user_1", "rename org_1 to Revoke Labs"),
// verbs no word says (a logout read from "sign … out") and texts that correct or
// take something back ("lock user_1; actually unlock him") are left as they are.
func (m *msg) askedOnly() {
	rest, at := m.x.rest, 0
	var asked []verb
	first := -1            // where the first clause that asks starts, in x.rest
	told := map[int]verb{} // by index in x.Words
	i := 0
	clause := func(seg string, lead bool) bool {
		ws := clauseWords(seg)
		if i+len(ws) > len(m.x.Words) {
			return false
		}
		j := 0
		for lead && j < len(ws) {
			switch {
			case askLeadWords[ws[j]]:
				j++
				continue
			case j+1 < len(ws) && askModals[ws[j]] && askSubjects[ws[j+1]]:
				j += 2
				continue
			case j+2 < len(ws) && (ws[j] == "need" || ws[j] == "want") && askSubjects[ws[j+1]] && ws[j+2] == "to":
				j += 3
				continue
			}
			break
		}
		opens := false
		if lead && j < len(ws) && questionWords[ws[j]] {
			i += len(ws) // "…, and does it kill their sessions too?" asks as well
			return true
		}
		if j < len(ws) && ws[j] != "new" { // "new signups since nov 1" lists
			v, ok := verbs[ws[j]]
			opens = lead && ok && !m.nonVerb[i+j]
			if opens {
				asked = append(asked, v)
			}
			if opens && first < 0 {
				first = at
			}
		}
		for k, w := range ws {
			if w != m.x.Words[i+k] {
				return false
			}
			if v, ok := verbs[w]; ok && !opens && !m.nonVerb[i+k] {
				told[i+k] = v
			}
		}
		i += len(ws)
		return true
	}
	for _, loc := range clauseCut.FindAllStringIndex(rest, -1) {
		if !clause(rest[at:loc[0]], true) || !clause(rest[loc[0]:loc[1]], false) {
			return
		}
		at = loc[1]
	}
	if !clause(rest[at:], true) || i != len(m.x.Words) || len(asked) == 0 {
		return
	}
	// A story before the request may say what went wrong ("can't get past 2fa");
	// after it, a negation or a correction may take it back.
	if storyTakesBack(rest[:first]) || takesBack(rest[first:]) || slices.ContainsFunc(clauseWords(rest[first:]), func(w string) bool { return corrections[w] }) {
		return
	}
	// A read told beside an asked read qualifies it ("… since nov 1? just need the
	// number"); beside an asked change it is the story's ("a credential stuffing list").
	readAsked := slices.ContainsFunc(asked, func(v verb) bool { return v == vRead || v == vList || v == vCount })
	for k, v := range told {
		if slices.Contains(asked, v) || readAsked && (v == vRead || v == vList || v == vCount) {
			delete(told, k)
		}
	}
	if len(told) == 0 {
		return
	}
	if m.nonVerb == nil {
		m.nonVerb = map[int]bool{}
	}
	for k := range told {
		m.nonVerb[k] = true
	}
	// A kind of verb goes when no word of it is left.
	said := map[verb]bool{}
	for k, w := range m.x.Words {
		if v, ok := verbs[w]; ok && !m.nonVerb[k] {
			said[v] = true
		}
	}
	m.verbs = slices.DeleteFunc(m.verbs, func(v verb) bool {
		for _, t := range told {
			if t == v {
				return !said[v]
			}
		}
		return false
	})
}

// clauseCut ends a clause for askedOnly: punctuation, a dash, or a word that joins
// or subordinates clauses.
var clauseCut = regexp.MustCompile(`[.;!?,:()\n]|\s[—–-]+\s|\b(?:and|but|then|so|while|whilst|once|until|till|after|before|because|since|as|if|when|though|although|or)\b`)

var (
	// askLeadWords, askModals and askSubjects open a clause before the verb it asks
	// with: "please", "just", "can you", "could someone", "need you to".
	askLeadWords = wordSet(`please pls plz kindly just also then now quickly ok okay so and yes yeah go ahead let's lets`)
	askModals    = wordSet(`can could would will`)
	askSubjects  = wordSet(`you u someone somebody anyone anybody we i`)
)

// personNames are the lower-cased words the text writes as a person's name after a
// preposition or a word of asking: "from Mark", "ask Bill", "cc Grant".
func personNames(text string) map[string]bool {
	var out map[string]bool
	for _, mm := range nameAfter.FindAllStringSubmatch(text, -1) {
		if out == nil {
			out = map[string]bool{}
		}
		out[strings.ToLower(mm[1])] = true
	}
	return out
}

var nameAfter = regexp.MustCompile(`\b(?:from|with|by|to|for|cc|per|ask|asked|tell|told|thanks|thx|ping|pinged|and)\s+([A-Z][a-z]+)\b(?:\s*[,.;:!?)]|\s+(?:and|is|was|has|said|says|asked|wants|will|from|in|on)\b|$)`)

// storySubject reports whether the words before a verb end in someone else as its
// subject, with or without a modal between: "she get", "they can't see", "he
// keeps". The verb is what they do, not what the bot is asked.
func storySubject(before []string) bool {
	i := len(before) - 1
	if i > 0 && storyModals[before[i]] {
		i--
	}
	return thirdPersons[before[i]]
}

var (
	thirdPersons = wordSet(`he she they nobody everyone`)
	storyModals  = wordSet(`can cant can't cannot could couldnt couldn't should will wont won't would does doesnt doesn't did didnt didn't do dont don't keep keeps still just already never`)
)

// showWords ask to be shown something; "what", "check" or "tell" only qualify another verb.
var showWords = wordSet(`show get find fetch view see display retrieve lookup look`)

// purposeWords are the words before "to" and a read that say what a change is for:
// "needs to see", "so they are able to get in", "in order to look".
var purposeWords = wordSet(`need needs needed want wants wanted able order`)

// byCount is "by member count", "sorted by count": the order of a list.
var byCount = regexp.MustCompile(`\bby\s+(?:the\s+)?(?:[a-z]+\s+)?count\b|\bby\s+(?:the\s+)?number\s+of\b`)

// newPlural is "new" before a plural resource: "new users", "new orgs".
var newPlural = regexp.MustCompile(`\bnew\s+(?:users|accounts|signups|sign-ups|people|customers|orgs|organizations|organisations|members|memberships|sessions|invitations|invites)\b`)

// listPrefixes make "list" a noun: "allow list", "block list", "wait list".
var listPrefixes = wordSet(`allow block wait white black combo hit`)

// memberFieldPhrase is a number of an organization named after its members.
var memberFieldPhrase = regexp.MustCompile(`\bmembers?(?:hip)?\s+(?:counts?|limit|cap|size)\b|\bmax(?:imum)?\s+(?:number\s+of\s+|allowed\s+)?members(?:hips)?\b|\bby\s+(?:the\s+)?number\s+of\s+members\b|\b(?:most|fewest|least)\s+members\b`)

// questionWords start a yes/no question ("did we …", "is user_1 …", "any …").
var questionWords = wordSet(`did do does is are has have was were any anyone anybody`)

// politeLead is what may precede an imperative: "please", "can you", "could we".
var politeLead = regexp.MustCompile(`^(?:(?:please|pls|plz|kindly|quickly|just|now)[\s,]+|(?:can|could|would|will)\s+(?:you|we|i|u|someone|somebody|anyone|anybody)[\s,]+(?:(?:please|pls|quickly|just)[\s,]+)?)*`)

// isQuestion reports whether a text asks whether something exists or happened: it
// starts with an auxiliary or "any" ("did we already invite …", "is … banned",
// "any pending invites for …"), or it ends with "?" and does not start with an
// action ("can you delete user_1?" is a request).
func isQuestion(lower string, words []string) bool {
	if len(words) == 0 {
		return false
	}
	if questionWords[words[0]] && !(words[0] == "do" && len(words) > 1 && writeVerb(words[1])) {
		return true
	}
	if !strings.HasSuffix(strings.TrimSpace(lower), "?") {
		return false
	}
	head := strings.TrimSpace(lower)
	orders := func(s string) bool {
		first := wordPattern.FindString(politeLead.ReplaceAllString(s, ""))
		return writeVerb(first) || actionWords[first]
	}
	if orders(head) {
		return false // "ban user_1. help?"
	}
	// The sentence that ends in "?" is the one asked: "The customer is user_1.
	// Could you ban them?" asks for a ban.
	if locs := sentenceBreak.FindAllStringIndex(head[:len(head)-1], -1); len(locs) > 0 {
		return !orders(head[locs[len(locs)-1][1]:])
	}
	return true
}

// participle reports whether w is the past form of a verb that asks for a change
// ("deleted", "banned", "revoked", "added").
func participle(w string) bool {
	for _, stem := range []string{strings.TrimSuffix(w, "d"), strings.TrimSuffix(w, "ed")} {
		if stem == w {
			continue
		}
		if writeVerb(stem) || actionWords[stem] {
			return true
		}
		if n := len(stem); n > 2 && stem[n-1] == stem[n-2] && writeVerb(stem[:n-1]) {
			return true // banned → ban
		}
	}
	return false
}

// writeVerb reports whether w is a verb of the lexicon that asks for a change.
func writeVerb(w string) bool {
	v, ok := verbs[w]
	return ok && v != vRead && v != vList && v != vCount
}

// listNouns are lists whose name people use as a verb.
var listNouns = wordSet(`allowlist whitelist blocklist blacklist`)

// logOut is "log out", "sign … out", "logout": ending sessions.
var logOut = regexp.MustCompile(`\b(?:log|sign)(?:ged)?\s+(?:\S+\s+){0,2}?out\b|\b(?:logout|signout|log-out|sign-out)\b`)

// verb returns the one action the text asks for, treating read, list and count as
// one kind; vNone when there is none, and ok false when the text mixes actions.
func (m *msg) verb() (verb, bool) {
	var reads, writes []verb
	for _, v := range m.verbs {
		switch v {
		case vRead, vList, vCount:
			reads = append(reads, v)
		default:
			writes = append(writes, v)
		}
	}
	switch {
	case len(writes) > 1:
		return vNone, false
	case len(writes) == 1 && len(reads) > 0:
		return vNone, false
	case len(writes) == 1:
		return writes[0], true
	case slices.Contains(reads, vCount):
		return vCount, true
	case slices.Contains(reads, vList):
		return vList, true
	case len(reads) > 0:
		return vRead, true
	}
	return vNone, true
}

// unknown returns the words of the text that no lexicon knows and the rule did not
// consume. A rule abstains when any remain.
func (m *msg) unknown(consumed ...string) []string {
	var out []string
	extra := make(map[string]bool, len(consumed))
	for _, c := range consumed {
		if simpleWord(c) {
			extra[strings.TrimRight(c, "'-")] = true // most are: no pattern needed
			continue
		}
		for _, w := range wordPattern.FindAllString(asciiLower(c), -1) {
			extra[strings.TrimRight(w, "'-")] = true
		}
	}
	for _, w := range m.x.Words {
		if _, ok := verbs[w]; ok {
			continue
		}
		if _, ok := resources[w]; ok {
			continue
		}
		if stop[w] || filler[w] || qualifiers[w] || extra[w] || isNumber(w) {
			continue
		}
		if m.question && participle(w) {
			continue // "was org_1 deleted?" asks about the state of org_1
		}
		out = append(out, w)
	}
	return out
}

// simpleWord reports whether s is one lower-case word as wordPattern finds it.
func simpleWord(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '\'' || c == '-') {
			return false
		}
	}
	return true
}

func isNumber(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}

// ids returns the ids with prefix.
func (m *msg) ids(prefix string) []string { return m.x.WithPrefix(prefix) }

// onlyIDs reports whether every id in the text has one of prefixes.
func (m *msg) onlyIDs(prefixes ...string) bool {
	for _, id := range m.x.IDs {
		p, _, _ := strings.Cut(id, "_")
		if !slices.Contains(prefixes, p) {
			return false
		}
	}
	return true
}

// outcome is a rule's answer.
type outcome int

const (
	abstain outcome = iota
	propose
	askBack // clarify with a message
)

type ruleResult struct {
	outcome outcome
	plan    plan
	message string
	cands   []string // askBack: operations to offer
}

func proposed(reason string, steps ...draft) ruleResult {
	return ruleResult{outcome: propose, plan: plan{steps: steps, reason: reason}}
}

type rule struct {
	name string
	fn   func(m *msg) ruleResult
}

// rules run in order; the first that does not abstain decides. Specific rules (several
// resources in a known shape) come before general ones.
var rules = []rule{
	{"bulk delete", ruleBulkDelete},
	{"create organization and invite", ruleCreateOrgAndInvite},
	{"create organization and add", ruleCreateOrgAndAdd},
	{"add email address", ruleAddEmail},
	{"change email address", ruleChangeEmail},
	{"list entries", ruleListEntries},
	{"invitations", ruleInvitations},
	{"memberships", ruleMemberships},
	{"replace metadata", ruleReplaceMetadata},
	{"metadata", ruleMetadata},
	{"rename by name", ruleRenameByName},
	{"credit", ruleCredit},
	{"billing", ruleBilling},
	{"organization settings", ruleOrgSettings},
	{"oauth token", ruleOAuthToken},
	{"organizations", ruleOrganizations},
	{"sessions", ruleSessions},
	{"users", ruleUsers},
}

// fastpath runs the rules.
func fastpath(m *msg) (ruleResult, string) {
	for _, r := range rules {
		if res := r.fn(m); res.outcome != abstain {
			return res, r.name
		}
	}
	return ruleResult{}, ""
}

// --- slots ---

var (
	roleAs      = regexp.MustCompile(`\b(?:as|to|an?|role(?:\s+to)?|role\s*[=:])\s+(?:just\s+|only\s+|simply\s+)?(?:an?\s+)?(org:[a-z_]+|admins?|administrators?|members?|(?:basic|regular|normal|standard|plain|ordinary|simple)\s+(?:members?|users?))\b`)
	calledName  = regexp.MustCompile(`(?i)\b(?:called|named|titled|(?:by|with)\s+(?:the\s+)?(?:first\s+|last\s+)?name(?:\s+of)?|name(?:d)?\s*[=:]|name\s+it|with\s+(?:the\s+)?name(?:\s+of)?)\s+(.+?)(?:\s+(?:and|with|as|to|in|for|on|owned|whose|who|that|which|created|joined|signed|registered|since|before|after|from|last|this|set|setup|configured|installed|exists|enabled|still|already|yet|anymore|per|right\s+away|asap|immediately|thanks|thx|pls|please)\b|\s+[—–]|[,;!?]|\.(?:\s|$)|$)`)
	orgNounName = regexp.MustCompile(`(?i)\b(?:org|organization|organisation|company|workspace|tenant)\s+(.+?)(?:\s+(?:and|with|as|to|in|for|on|owned|whose)\b|[,;!?]|\.(?:\s|$)|$)`)
	toTarget    = regexp.MustCompile(`(?i)\b(?:to|into|in|for)\s+(?:the\s+)?(?:(?:org|organization|organisation|company|workspace|team|tenant)\s+)?(.+?)(?:\s+(?:as|with|and|role|but|so|then|silently|without)\b|[,;!?]|\.(?:\s|$)|$)`)
	renameTo    = regexp.MustCompile(`(?i)\bto\s+(.+?)\s*[.!]?$`)
	slugWord    = regexp.MustCompile(`(?i)\b(?:org|organization|organisation|company|workspace|tenant)\s+([a-z0-9][a-z0-9_\-]*[a-z0-9])\b`)
	// quotedUsername is a username in quotes after the word: "username 'old_qa_bot'".
	quotedUsername = regexp.MustCompile(`(?i)\buser\s?name\s*(?:(?:is|was|=|of)\s+|[:=]\s*)?(?:"([A-Za-z0-9][\w.\-]*)"|'([A-Za-z0-9][\w.\-]*)')`)
	userWordArg    = regexp.MustCompile(`(?i)\b(?:user|username|account|person)\s+([A-Za-z0-9][A-Za-z0-9_.\-]*)`)
	// userStated is a username said as a fact in a clause of its own: "their
	// username is k.tanaka88", "username: bob_1".
	userStated   = regexp.MustCompile(`(?i)\busername\s*(?:(?:is|was|=)\s+|[:=]\s*)([A-Za-z0-9][A-Za-z0-9_.\-]*)`)
	userVerbArg  = regexp.MustCompile(`(?i)\b(?:ban|unban|lock|unlock)\s+([A-Za-z0-9][A-Za-z0-9_.\-]*)`)
	withSlug     = regexp.MustCompile(`(?i)\bslug\s*(?:=|:|of|as)?\s*([a-z0-9][a-z0-9_\-]*)`)
	limitNumber  = regexp.MustCompile(`\b(?:first|top|last|limit|latest|newest|recent|only|just|max|at\s+most|page\s+size(?:\s+of)?)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?:(?:per|a|each|every)\s+page|results|rows|items|entries|records|(?:[a-z]+\s+){0,3}(?:users|people|accounts|signups|organizations|orgs|sessions|invitations|invites|members|memberships))\b`)
	trailingJunk = regexp.MustCompile(`(?:[\s.,;!?]+|\s+(?i:and|or|but|so|with|then))+$`) // "Globex and" (thanks! cleaned off)
	// nameEnd is where an unquoted new name ends and a clause of its own starts: a
	// new sentence, a dash, a comma before a pronoun or a word that explains, or
	// words that only say why or when ("as requested by Bob", "per their email",
	// "right away").
	nameEnd = regexp.MustCompile(`\s+\([^)\s]+\s+[^)]*\)|[.!?]\s+[a-z]|\s+[—–-]+\s+[a-z]|\s+(?:(?:as\s+(?:requested|discussed|agreed|asked|per)|right\s+away|asap|immediately|and\s+thanks|thanks|thx|pls|please)\b|per\s+\S)|,?\s+(?:because|since|cause|cuz|bc)\b|,\s*(?i:they|we|he|she|it|its|it's|their|our|his|her|the|per|as|because|since|so|after|thanks|thx|pls|please|ticket|cc|asap|no|wait|urgent)\b`)
)

// scopePart reports whether w stands in lower only as a part of a scope or a role
// written with a colon ("invoices:read", "read:reports", "org:admin").
func scopePart(lower, w string) bool {
	if !strings.Contains(lower, ":") {
		return false
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], w)
		if j < 0 {
			return i > 0
		}
		j += i
		end := j + len(w)
		before, after := byte(' '), byte(' ')
		if j > 0 {
			before = lower[j-1]
		}
		if end < len(lower) {
			after = lower[end]
		}
		if isWordByte(before) || isWordByte(after) {
			i = end // part of a longer word
			continue
		}
		if before != ':' && (after != ':' || end+1 >= len(lower) || !isWordByte(lower[end+1])) {
			return false // said on its own somewhere
		}
		i = end
	}
}

// seeWhat and ticketRef are what "see" points a reader to, not a thing to look up.
var (
	seeWhat   = wordSet(`thread above below attached attachment ticket doc docs screenshot screenshots link notes comments jira linear zendesk slack channel runbook postmortem incident pr`)
	ticketRef = regexp.MustCompile(`^[a-z]{2,10}-\d+$`)
)

// adminPerson is "invite their admin bob@acme.com": the person invited is the admin.
var adminPerson = regexp.MustCompile(`\b(?:their|its|the)\s+(?:(?:org|organization|organisation|company)(?:'s)?\s+)?(?:admin|administrator)\s+[^\s@]+@`)

// roleWord is a role as people name it.
const roleWord = `(org:[a-z_]+|admins?|administrators?|members?|(?:basic|regular|normal|standard|plain|ordinary|simple)\s+(?:members?|users?))`

var (
	// oldRole names the role someone has now, which a change replaces: "instead of
	// admin", "rather than a member", "from admin (to member)", ", not an admin".
	oldRole = regexp.MustCompile(`\b(?:instead\s+of|rather\s+than|not|from)\s+(?:being\s+)?(?:just\s+)?(?:an?\s+)?` + roleWord + `\b`)
	// makeRole is "make bob@acme.com admin", "make user_1 a basic member": the role
	// right after the person.
	makeRole = regexp.MustCompile(`\bmake\s+\S+\s+(?:(?:just|only)\s+)?(?:an?\s+)?(?:org(?:ani[sz]ation)?\s+)?` + roleWord + `\b`)
	// roleAlone is a role said on its own: "admin role", "with admin rights", or
	// between commas ("invite a@b.co to org_1, admin, expiring in 7 days").
	roleAlone = regexp.MustCompile(`\b` + roleWord + `\s+(?:role|access|rights|permissions|privileges)\b|\bwith\s+(?:the\s+)?` + roleWord + `\b|(?:^|[,;(])\s*` + roleWord + `\s*(?:[,;)]|$)`)
)

// oldRoleWords are the words oldRole consumes.
var oldRoleWords = []string{"instead", "rather", "than", "not", "from", "being"}

// roleTo reads only the role a change goes to: "promote user_1 to admin", "add
// user_1 as a member", "make them a regular member"; not a role said of someone
// else ("an admin requested it", "as an admin I approve").
func (m *msg) roleTo() (string, bool) {
	lower := oldRole.ReplaceAllString(m.lower, " ")
	mm := roleTo.FindStringSubmatch(lower)
	if mm != nil && mm[2] != "" {
		return "", false // "as an admin, I approve": who speaks
	}
	if mm == nil {
		mm = makeRole.FindStringSubmatch(lower)
	}
	return roleKey(mm, lower)
}

// roleTo is "to admin", "as a regular member"; its second group is who speaks after
// it ("as an admin, I approve").
var roleTo = regexp.MustCompile(`\b(?:to|as)\s+(?:an?\s+)?(?:org(?:ani[sz]ation)?\s+)?` + roleWord + `\b(\s*,?\s*(?:i|we)\b)?`)

// roleKey is Clerk's role key for the role a match names (its first group), or for
// a role said on its own in lower ("with the basic member role") when there is no
// match.
func roleKey(mm []string, lower string) (string, bool) {
	if mm == nil {
		if ra := roleAlone.FindStringSubmatch(lower); ra != nil {
			mm = []string{ra[0], cmp.Or(ra[1], ra[2], ra[3])}
		}
	}
	if mm == nil {
		return "", false
	}
	r := strings.Join(strings.Fields(mm[1]), " ")
	switch {
	case strings.HasPrefix(r, "org:"):
		return r, true
	case strings.HasPrefix(r, "admin"):
		return "org:admin", true
	}
	return "org:member", true
}

// role reads "as admin", "to member", "role org:billing", "make bob admin" as Clerk's
// role key. A role the text names as the one being replaced ("instead of admin") is
// not the role asked for.
func (m *msg) role() (string, bool) {
	lower := m.lower
	if strings.Contains(lower, "instead") || strings.Contains(lower, "rather") || strings.Contains(lower, "not") || strings.Contains(lower, "from") {
		lower = oldRole.ReplaceAllString(lower, " ")
	}
	if strings.Contains(lower, "admin") && adminPerson.MatchString(lower) && !roleAs.MatchString(lower) {
		return "org:admin", true
	}
	mm := roleAs.FindStringSubmatch(lower)
	if mm == nil && strings.Contains(lower, "make") {
		mm = makeRole.FindStringSubmatch(lower)
	}
	if r, ok := roleKey(mm, lower); ok {
		return r, true
	}
	return customRole(lower)
}

// asRole is a role of the instance's own, said after "as" at the end of the
// request's clause: "invite bob@x.io to org_1 as a learner", "add user_1 to org_1 as
// instructor 🙏".
var asRole = regexp.MustCompile(`\bas\s+(?:an?\s+)?([a-z]{3,})(?:\s+role)?\s*(?:$|[,.;!?)]|\s+(?:pls|please|thanks|thx|asap|too)\b|\s*[^\x00-\x7F])`)

// notRoles are words after "as" that say how or why, not a role: "as a favour", "as
// a test", "as discussed", "as usual".
var notRoles = wordSet(`favor favour courtesy test exception reminder precaution backup result replacement priority matter
formality whole bonus gift workaround stopgap resort step trial pilot demo fyi usual well soon before agreed planned promised
above below mentioned needed requested discussed per such follows always normal one group team usual last first next same
well planned agreed expected intended promised fallback followup courtesy placeholder start beginning owner creator`)

// customRole reads a role the instance defines ("as a learner" is org:learner): one
// word after "as", no word of the lexicon, no past participle or adverb, and none
// of notRoles. Clerk refuses a key the instance does not have, which the approval
// card and the error show.
func customRole(lower string) (string, bool) {
	mm := asRole.FindStringSubmatch(lower)
	if mm == nil {
		return "", false
	}
	w := mm[1]
	if notRoles[w] || isKnownWord(w) || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ing") {
		return "", false
	}
	return "org:" + w, true
}

// name returns the quoted name, or the words after "called"/"named".
func (m *msg) name() string {
	if len(m.x.Quoted) > 0 {
		return m.x.Quoted[0]
	}
	if mm := calledName.FindStringSubmatch(m.text); mm != nil {
		return cleanName(mm[1])
	}
	return ""
}

// searchPhrase is what a list is searched for: "matching etl", "containing acme",
// "with zapier in the name".
var searchPhrase = regexp.MustCompile(`(?i)\b(?:matching|matchin|matches|containing|contains)\s+("[^"]+"|'[^']+'|[^\s,;?!]+)|\bwith\s+("[^"]+"|'[^']+'|[^\s,;?!]+)\s+in\s+(?:the|their|its)\s+names?\b`)

// fromDomain is "from <domain>", "at <domain>", "@<domain>": addresses at a domain.
var fromDomain = regexp.MustCompile(`\b(?:from|at|on)\s+@?[a-z0-9\-]+\.[a-z.]+|\s@[a-z0-9\-]+\.[a-z]`)

// searchTerm is the name or words a list is searched for, or "".
func (m *msg) searchTerm() string {
	if n := m.name(); n != "" {
		return n
	}
	if mm := searchPhrase.FindStringSubmatch(m.text); mm != nil {
		t := strings.Trim(cmp.Or(mm[1], mm[2]), `"'`)
		if !isKnownWord(asciiLower(t)) {
			return t
		}
	}
	return ""
}

// mailTerm is the part of addresses to search for that the text says where they
// are: "users with a mailinator address", "their emails all end in acme.org".
func (m *msg) mailTerm() string {
	if mm := mailProvider.FindStringSubmatch(m.lower); mm != nil {
		t := strings.TrimPrefix(cmp.Or(mm[1], mm[2]), "@")
		if !isKnownWord(t) && !commonWords[t] && !addressKinds[t] {
			return t
		}
	}
	return ""
}

// mailProvider is where addresses are, said of them: "with a mailinator address",
// "w/ proton.me emails", "emails that end in acme.org".
var mailProvider = regexp.MustCompile(`\b(?:with|w/)\s+(?:an?\s+)?(@?[a-z0-9][a-z0-9-]*(?:\.[a-z][a-z.]*)?)\s+(?:e-?mail\s+)?(?:address(?:es)?|e-?mails?)\b|\b(?:e-?mails?|address(?:es)?)\s+(?:\w+\s+){0,2}(?:ends?|ending)\s+(?:in|with)\s+(@?[a-z0-9-]+\.[a-z][a-z.]*)`)

// addressKinds describe an address, not where it is: "with a work email".
var addressKinds = wordSet(`work personal company business school corporate primary secondary verified unverified new
old valid invalid real fake disposable temporary temp throwaway burner different another same backup recovery main
alternate alt bounced bouncing shared generic role`)

func cleanName(s string) string {
	s = nameEmoji.ReplaceAllString(s, " ") // "Acme 🙏": the emoji is the asker's, not the name's
	s = trailingJunk.ReplaceAllString(strings.TrimSpace(s), "")
	s = strings.Trim(s, `"'`)
	return strings.TrimSpace(s)
}

// nameEmoji are emoji and their joiners and modifiers, never part of a name.
var nameEmoji = regexp.MustCompile(`[\x{1F000}-\x{1FAFF}\x{2600}-\x{27BF}\x{FE0F}\x{200D}\x{1F3FB}-\x{1F3FF}]+`)

// lookupName is the name of an organization to look up: "the Halcyon Health org" is
// found as Halcyon Health (a new organization keeps every word of its name).
func lookupName(s string) string {
	s = cleanName(s)
	if t := orgSuffix.ReplaceAllString(s, ""); t != "" {
		return t
	}
	return s
}

// orgSuffix is a kind word after an organization's name: "Halcyon Health org".
var orgSuffix = regexp.MustCompile(`(?i)\s+(?:org|orgs|organization|organisation|orgnaization|organziation|company|workspace|tenant|account|team)$`)

// isNameOK refuses names that are only lexicon words ("create an organization").
func isNameOK(s string) bool {
	if s == "" || len(s) > 256 || hasID(s) {
		return false // an id names an object that exists, never a new name
	}
	if w := wordPattern.FindString(s); w != "" && s[0] >= 'a' && s[0] <= 'z' && notAName[w] {
		// "for the customer from the story", "after the customer", "the name they
		// mentioned": a description of a name, not one. A capitalised "The Foundry" is.
		return false
	}
	for _, w := range wordPattern.FindAllString(asciiLower(s), -1) {
		if _, ok := verbs[w]; ok {
			continue
		}
		if _, ok := resources[w]; ok {
			continue
		}
		if !stop[w] {
			return true
		}
	}
	return false
}

func (m *msg) limit() string {
	if mm := limitNumber.FindStringSubmatch(m.x.rest); mm != nil {
		n := mm[1]
		if n == "" {
			n = mm[2]
		}
		if v, err := strconv.Atoi(n); err == nil && v >= 1 && v <= 500 {
			return n
		}
	}
	return ""
}

func q(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	return v
}

func ms(n int64) string { return strconv.FormatInt(n, 10) }

// userLookup plans the read that finds a user named by email or username, when the
// text names one user that way and no user id.
func (m *msg) userLookup() (draft, []string, bool) {
	if len(m.ids("user")) > 0 {
		return draft{}, nil, false
	}
	if len(m.x.Emails) == 1 {
		return draft{op: "GetUserList", query: q("email_address", m.x.Emails[0])}, m.x.Emails, true
	}
	if len(m.x.Emails) > 1 {
		return draft{}, nil, false
	}
	if u, ok := m.username(); ok {
		return draft{op: "GetUserList", query: q("username", u)}, []string{u}, true
	}
	if len(m.x.Phones) == 1 && len(m.x.IDs) == 0 {
		// "ban whoever has the phone number +15035550199".
		return draft{op: "GetUserList", query: q("phone_number", m.x.Phones[0])},
			[]string{"phone", "number", "mobile", "cell", "whoever", "whose", "has", "with", "owns", "owner", "of"}, true
	}
	if len(m.x.Quoted) == 0 && len(m.x.IDs) == 0 && len(m.x.Phones) == 0 {
		// "ban user jane", "lock user Jane Doe": a free-text search that the engine
		// follows only when it finds exactly one user.
		if name := m.personName(); name != "" && writeLookupName.MatchString(m.text) && plainName(name) {
			return draft{op: "GetUserList", query: q("query", name)}, strings.Fields(asciiLower(name)), true
		}
	}
	return draft{}, nil, false
}

// writeLookupName is "user <name>" at the end of a change ("ban user jane"); plainName
// checks the name is no word of the lexicon, filler or adverb ("lock the account
// immediately pls" names nobody).
var writeLookupName = regexp.MustCompile(`(?i)\buser\s+[A-Za-z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+)?\s*[?.!]?$`)

func plainName(name string) bool {
	for _, w := range strings.Fields(asciiLower(name)) {
		if isKnownWord(w) || filler[w] || chatStop[w] || stop[w] || strings.HasSuffix(w, "ly") || len(w) < 2 {
			return false
		}
	}
	return true
}

// username finds "user john_doe": a word after user that looks like a username
// (it has a digit, "_", "." or "-"), or follows "username".
func (m *msg) username() (string, bool) {
	if mm := quotedUsername.FindStringSubmatch(m.text); mm != nil {
		return cmp.Or(mm[1], mm[2]), true // "the user with username 'old_qa_bot'"
	}
	found := append(userStated.FindAllStringSubmatch(m.text, -1), userWordArg.FindAllStringSubmatch(m.text, -1)...)
	for _, mm := range append(found, userVerbArg.FindAllStringSubmatch(m.text, -1)...) {
		w := strings.TrimRight(mm[1], ".")
		lw := asciiLower(w)
		if _, ok := verbs[lw]; ok {
			continue
		}
		if _, ok := resources[lw]; ok || stop[lw] || qualifiers[lw] || hasID(w) {
			continue
		}
		if strings.ContainsAny(w, "_.-0123456789") || strings.HasPrefix(asciiLower(mm[0]), "username") {
			return w, true
		}
	}
	return "", false
}

// modifiers returns the words that describe an object right before its noun: "test"
// in "delete the test account bob@acme.com", "stale" in "revoke the stale invite for
// …". Up to two such words that no lexicon knows are taken; a rule acting on an
// object named by id or email may consume them, as they never change what is done.
func (m *msg) modifiers() []string {
	var out []string
	for i, w := range m.x.Words {
		if _, ok := resources[w]; !ok && w != "invite" {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			p := m.x.Words[j]
			if _, ok := verbs[p]; ok || stop[p] || qualifiers[p] || filler[p] || negations[p] || actionWords[p] || isNumber(p) {
				break
			}
			if _, ok := resources[p]; ok {
				break
			}
			out = append(out, p)
		}
	}
	return out
}

// userTarget is the user a write acts on: a user id, or a look-up by email or username
// whose result the action refers to.
func (m *msg) userTarget() (steps []draft, id string, consumed []string, ok bool) {
	users := m.ids("user")
	switch {
	case len(users) == 1:
		return nil, users[0], nil, true
	case len(users) > 1:
		return nil, "", nil, false
	}
	look, used, ok := m.userLookup()
	if !ok {
		return nil, "", nil, false
	}
	return []draft{look}, ref(0, "id"), used, true
}

// notAName are the words a description of a name starts with.
var notAName = wordSet(`for after from to with about like the a an their his her our my its whatever whichever
same this that hmm hmmm hm ugh ugh argh oof ah oh uh um umm erm meh welp well yikes whoa wow phew sigh yo
alright right okay ok so hey hi hello morning evening btw fwiw update followup oops hola hallo hej bonjour ciao ola
urgent urgent-ish context background psa reminder quick go`)
