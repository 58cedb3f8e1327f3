package intents

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// This file reads the chat voice: the way people type in a busy channel, in a
// hurry or in their second language ("can u check …", "how much users …", "please
// to revoke …", "who's banned", "nuke sess_…"). Each rewrite turns one such
// spelling into the words the rules already know; ids, emails, URLs, quoted text
// and JSON are never touched, and a text without any of these shapes is returned
// as it was.

// voiceWords are chat spellings of ordinary words: "u" is you, "ppl" people.
var voiceWords = map[string]string{
	"bl": "blocklist",
	"u":  "you", "ur": "your", "ppl": "people", "peeps": "people", "acct": "account",
	"accts": "accounts", "tmrw": "tomorrow", "tmr": "tomorrow", "thru": "through",
	"w/": "with", "abt": "about",
	// Short forms of the nouns and verbs of ops chat, and slips in short question
	// words that the typo fixer leaves alone (it reads words of five letters on).
	"usr": "user", "usrs": "users", "pw": "password", "pwd": "password", "passwd": "password",
	"pword": "password", "gen": "generate", "mbr": "member", "mbrs": "members", "perms": "permissions",
	"sesh": "session", "seshes": "sessions", "invs": "invitations", "addr": "address", "b4": "before",
	"hw": "how", "whch": "which", "wich": "which", "wht": "what", "wat": "what", "shud": "should",
	"shld": "should", "shuld": "should", "shoud": "should", "yday": "yesterday",
	"whos": "who is", "whats": "what is", "wats": "what is",
}

// areBefore is "r" before a subject: "r there", "r u".
var areBefore = regexp.MustCompile(`(?i)(^|\s)r\s+(there|u|you|they|we|these|those)\b`)

// areAfter is "r" after a plural subject or a question word: "how many users r
// banned", "who r the admins".
var areAfter = regexp.MustCompile(`(?i)\b(users|people|accounts|orgs|organizations|sessions|invites|invitations|members|they|we|you|who|what|where|which|how|why|when)\s+r\s`)

// voiceWord is a word that voiceWords may rewrite, standing alone.
var voiceWord = func() *regexp.Regexp {
	words := slices.Collect(maps.Keys(voiceWords))
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`(?i)(^|[\s(,])(` + strings.Join(words, "|") + `)($|[\s),?!:;]|\.(?:\s|$))`)
}()

// terseVerbs are the short, strong verbs of ops chat: "nuke sess_1", "zap user_1".
// Each is delete; whether that ends a session (revoke) or removes an object is
// read from the id, as for delete itself.
var terseVerb = regexp.MustCompile(`(?i)^((?:(?:pls|plz|please|just|ok|so|now|then|and)\s+)*)(nuke|zap|axe|yeet|trash|scrap)\b`)

// pleaseTo is "please to revoke …", "kindly to delete …": the "to" of a
// second-language request adds nothing.
var pleaseTo = regexp.MustCompile(`(?i)\b(please|pls|plz|kindly|can you|could you)\s+to\s+([a-z]+)\b`)

// howMuch is "how much users" for "how many users": much before a plural noun of
// the lexicon counts.
var howMuch = regexp.MustCompile(`(?i)\bhow\s+much\s+([a-z]+)\b`)

// whoSubject is a question whose subject is "who" with nothing else naming users:
// "who's banned", "who hasn't logged in for 90 days", "who is locked right now".
var whoSubject = regexp.MustCompile(`(?i)^who(?:'s|s|\s+is|\s+are)?\s+`)

// whoStates are the words after "who" that say a user's state or history, so
// the question is about users: "who's banned", "who hasn't signed in".
var whoStates = wordSet(`banned locked unlocked verified unverified active inactive idle dormant
hasnt hasn't havent haven't has have signed logged joined registered created`)

// chatVoice rewrites the chat spellings of text (see the file comment).
func chatVoice(text string) string {
	text = objectFirst(wantedChange(fieldForIt(text)))
	if strings.ContainsAny(text, "{[\"") || quotedPattern.MatchString(text) {
		// A value is quoted or pasted: its words are not rewritten; only the polite
		// frame before the request goes ("could you please rename org_1 to 'X'").
		if head := politeRequest(text); head != text && !strings.ContainsAny(head[:min(len(head), 12)], "{[\"'") {
			return head
		}
		return text
	}
	lower := asciiLower(text)
	// "r" is "are" only before a subject ("how many users r there", "who r u"):
	// alone it may be a value ("set last name to R").
	text = areBefore.ReplaceAllString(text, "${1}are ${2}")
	text = areAfter.ReplaceAllString(text, "${1} are ")
	for range 2 { // twice: neighbours ("r u") share the space between them
		text = voiceWord.ReplaceAllStringFunc(text, func(s string) string {
			mm := voiceWord.FindStringSubmatch(s)
			if mm[1] != "" && mm[2][0] >= 'A' && mm[2][0] <= 'Z' {
				return s // capitalised inside the sentence: a name ("set last name to Gen")
			}
			return mm[1] + voiceWords[asciiLower(mm[2])] + mm[3]
		})
	}
	if strings.Contains(lower, " to ") {
		text = pleaseTo.ReplaceAllString(text, "$1 $2")
	}
	if strings.Contains(lower, "much") {
		text = howMuch.ReplaceAllStringFunc(text, func(s string) string {
			mm := howMuch.FindStringSubmatch(s)
			w := asciiLower(mm[1])
			if _, ok := resources[w]; !ok || !strings.HasSuffix(w, "s") && w != "people" {
				return s // "how much credits", "how much user data": no plural resource
			}
			return "how many " + mm[1]
		})
	}
	if strings.Contains(text, "(") {
		text = byApposition(text)
	}
	text = politeRequest(text)
	if strings.Contains(lower, " be ") || strings.Contains(lower, "ing ") {
		text = passiveVoice(text)
	}
	if strings.Contains(lower, " in") {
		// "is user_1 signed in anywhere right now?": the user's active sessions.
		text = signedInNow.ReplaceAllString(text, "list the active sessions of $1")
	}
	text = terseVerb.ReplaceAllString(text, "${1}delete")
	if !strings.Contains(text, "?") && !needDoubt.MatchString(lower) {
		// "QA needs a testing token": asked for. "…? I thought they had one", "lol
		// no they don't", "she can make one herself": not.
		text = needToken.ReplaceAllString(text, "${1}create a ${2}")
	}
	text = tokenFor.ReplaceAllStringFunc(text, func(s string) string {
		mm := tokenFor.FindStringSubmatch(s)
		if mm[2] != "" {
			return "create a sign in token for " + mm[2]
		}
		return "create a sign in token " + mm[1]
	})
	text = validFor.ReplaceAllString(text, "${1}expires in ${2}")
	if strings.Contains(lower, "got ") || strings.Contains(lower, "get ") {
		text = gotState(text)
	}
	if strings.Contains(lower, "get ") || strings.Contains(lower, "have ") || strings.Contains(lower, "need ") || strings.Contains(lower, "want ") {
		text = causative(text)
	}
	if strings.Contains(lower, "username") {
		text = usernameAsUser(text)
	}
	text = anyoneIn.ReplaceAllString(text, "${1}members ${2} in ${3}${4}")
	text = metaShort.ReplaceAllString(text, "${1} metadata")
	text = anyoneAsUsers.ReplaceAllString(text, "${1}users ${2}")
	if strings.Contains(lower, "no ") || strings.Contains(lower, "without") || strings.Contains(lower, "don") || strings.Contains(lower, "skip") {
		// "no email pls", "don't notify them": one word that no operation shares.
		text = quietly.ReplaceAllString(text, "silently")
		text = butSilently.ReplaceAllString(text, "silently")
	}
	if strings.HasPrefix(lower, "give ") || strings.Contains(lower, " give ") {
		// "give user_1 role=admin in public metadata", "give bob@acme.com the admin
		// role in org_2": giving a value or a role sets it.
		text = givePair.ReplaceAllString(text, "${1}set ${2} ${3}")
		text = giveRole.ReplaceAllString(text, "${1}make ${2} ${3}${4} ${5}")
	}
	if strings.Contains(lower, "flag") {
		text = flagFor.ReplaceAllStringFunc(text, func(s string) string {
			mm := flagFor.FindStringSubmatch(s)
			on := "true"
			if off := asciiLower(mm[1]); strings.HasSuffix(off, "off") || strings.HasPrefix(off, "dis") || strings.HasPrefix(off, "de") || off == "remove" || off == "clear" || off == "unset" {
				on = "false"
			}
			return "set public metadata " + mm[2] + "=" + on + " " + mm[3]
		})
	}
	if strings.Contains(lower, "pending") {
		// "lock bob@x.io pending investigation": why, not which.
		text = pendingWhat.ReplaceAllString(text, "$1")
	}
	if strings.Contains(lower, " out") && !strings.Contains(lower, "except") && !strings.Contains(lower, "but ") {
		text = signOutAll.ReplaceAllString(text, "revoke all sessions of $1")
	}
	return whoAsUsers(text)
}

// givePair and giveRole give an object a value or a role.
var (
	givePair = regexp.MustCompile(`(?i)(^|[\s,])give\s+(` + objectPattern + `)\s+(?:the\s+|a\s+|an\s+)?([\w.\-]+\s*=)`)
	giveRole = regexp.MustCompile(`(?i)(^|[\s,])give\s+(` + objectPattern + `)\s+(?:the\s+|a\s+|an\s+)?(?:(admin|member|owner|org:[\w:\-]+)(?:\s+(?:role|access|rights|permissions|privileges))?|([\w:]+)\s+role)\s+(in|on|of|for|at)\b`)
)

// flagFor is a feature flag switched for one object: "turn on the beta_dashboard flag
// for user_1", "disable the new_nav feature flag on org_2". A flag is public metadata.
var flagFor = regexp.MustCompile(`(?i)\b(turn\s+on|switch\s+on|enable|activate|set|turn\s+off|switch\s+off|disable|deactivate|remove|clear|unset)\s+(?:the\s+)?([a-z][\w\-]*)\s+(?:feature\s+)?flag\s+(for|on)\b`)

// pendingWhat is a reason said as what the change waits for: "pending investigation",
// "pending review", after the object it applies to.
var pendingWhat = regexp.MustCompile(`(?i)(` + objectPattern + `)\s+(?:pending|until|during)\s+(?:an?\s+|the\s+|further\s+)?(?:investigation|review|audit|inquiry|enquiry|appeal|escalation|triage)\b`)

// signOutAll is "sign them out everywhere", "log user_1 out of all devices": every
// session of that user ends.
var signOutAll = regexp.MustCompile(`(?i)\b(?:sign|log|kick)\s+(them|him|her|` + objectPattern + `)\s+out\s+(?:everywhere|of\s+(?:all|every)\s+(?:devices?|sessions?|browsers?))`)

// anyoneAsUsers is "anyone with an email like …", "is there anybody whose name …":
// the users with that property.
var anyoneAsUsers = regexp.MustCompile(`(?i)^((?:(?:is|are)\s+there|list|show(?:\s+me)?|find|get|count)\s+)?(?:anyone|anybody|someone|somebody|everyone|everybody)\s+(with|whose|that|who|named|called)\b`)

// metaShort is "public meta", "private md": metadata of that kind.
var metaShort = regexp.MustCompile(`(?i)\b(public|private|unsafe)\s+(?:meta|md)\b`)

// anyoneIn is "anyone named patel in org_1?": the members of that organization.
var anyoneIn = regexp.MustCompile(`(?i)^((?:(?:is|are)\s+there|list|show(?:\s+me)?|find|get|count)\s+)?(?:anyone|anybody|someone|somebody|everyone|everybody)\s+((?:named|called|with|whose|from)\b.*?)\s+(?:in|inside|at|of)\s+(org_[A-Za-z0-9]+)\b(.*)$`)

// gotPassive is the passive of chat: "which invites got accepted", "any users get
// banned today?".
var gotPassive = regexp.MustCompile(`(?i)\b(got|get|gets)\s+(accepted|revoked|expired|banned|unbanned|locked|unlocked|verified|deleted|removed|invited|created|added)\b`)

// listAsk opens a question or a request for a list, where a passive filters.
var listAsk = regexp.MustCompile(`(?i)^(?:which|what|who|any|how\s+many|list|show|count)\b`)

// gotState rewrites the passive of chat ("got accepted") as the passive the rules
// read ("were accepted") in a question or a request for a list; a story ("user_1
// got locked out, unlock pls") is left to the story rules.
func gotState(text string) string {
	if !listAsk.MatchString(text) {
		return text
	}
	return gotPassive.ReplaceAllStringFunc(text, func(s string) string {
		mm := gotPassive.FindStringSubmatch(s)
		if asciiLower(mm[1]) == "got" {
			return "were " + mm[2]
		}
		return "are " + mm[2]
	})
}

// butSilently is "… but don't send the email" once read: the "but" adds nothing.
var butSilently = regexp.MustCompile(`(?i)\b(?:but|and|just)\s+silently\b`)

// causativeAsk is "get user_1 unbanned", "can we have org_1 deleted?": the change
// done to the object, said last.
var causativeAsk = regexp.MustCompile(`(?i)(?:^\s*(?:i|we)\s+(?:just\s+|really\s+)?)?\b(?:get|have|need|want)\s+(` + objectPattern + `)\s+([a-z]+ed)\b((?:\s+(?:again|asap|now|today|please|pls|plz|right\s+now|right\s+away|immediately|urgently|quickly|too))*\s*(?:[?!.,;:—–]|\s-\s|$))`)

// causative rewrites a change asked for as something done to its object ("can we get
// user_1 unbanned?") as the order ("unban user_1"). A participle before a noun
// describes it and is no change: "get user_1 revoked sessions".
func causative(text string) string {
	return causativeAsk.ReplaceAllStringFunc(text, func(s string) string {
		mm := causativeAsk.FindStringSubmatch(s)
		v, ok := participles[asciiLower(mm[2])]
		if !ok {
			return s
		}
		return v + " " + mm[1] + mm[3]
	})
}

// usernameValue is "username bob_99" with the value after it.
var usernameValue = regexp.MustCompile(`(?i)\busername\s+([A-Za-z0-9][\w.\-]*)`)

// usernameAsUser reads "lookup username bob_99" as the user with that username when
// the text names no resource of its own.
func usernameAsUser(text string) string {
	mm := usernameValue.FindStringSubmatchIndex(text)
	if mm == nil || stop[asciiLower(text[mm[2]:mm[3]])] {
		return text
	}
	for _, w := range wordPattern.FindAllString(asciiLower(text), -1) {
		if _, ok := resources[w]; ok {
			return text
		}
	}
	return text[:mm[0]] + "user with " + text[mm[0]:]
}

// whoAsUsers reads "who" as users when the question names a user's state and no
// resource, id or email of its own: "who's currently banned" is "which users are
// currently banned".
func whoAsUsers(text string) string {
	loc := whoSubject.FindStringIndex(text)
	if loc == nil {
		return text
	}
	rest := text[loc[1]:]
	x := Extract(rest, time.Time{})
	if len(x.IDs)+len(x.Emails)+len(x.Domains) > 0 {
		return text
	}
	state := false
	for _, w := range wordPattern.FindAllString(asciiLower(rest), -1) {
		if _, ok := resources[w]; ok {
			return text // "who's in org_1", "who is the owner of the org": not users as such
		}
		state = state || whoStates[w]
	}
	if !state {
		return text
	}
	if strings.TrimSpace(asciiLower(text[:loc[1]])) == "who" {
		return "which users " + rest // "who hasn't logged in …"
	}
	return "which users are " + rest
}

// needToken is a want for a credential the bot creates ("need a sign-in token for
// user_1", "we want a new actor token"): the request to create it.
var needToken = regexp.MustCompile(`(?i)^((?:(?:pls|please|plz|hey|ok|so)[\s,]+)*)(?:(?:i|we|qa|support|ops|dev|devs|eng|engineering|they|someone|the\s+team|sales|cs)\s+)?(?:need|needs|want|wants|would\s+like|gimme|give\s+me|get\s+me|send\s+me)\s+(?:(?:a|an|one)\s+)?(?:new\s+|fresh\s+)?((?:sign[\s-]?in|actor|testing)\s+token|(?:link|url)\s+(?:to|for)\s+(?:the\s+)?svix(?:\s+webhooks?)?\s+dashboard|svix(?:\s+webhooks?)?\s+dashboard\s+(?:link|url))\b`)

// tokenFor is a credential named without a verb, or given: "sign-in token for user_1",
// "need a login link for user_1", "give user_1 a magic link".
var tokenFor = regexp.MustCompile(`(?i)^(?:(?:pls|please|plz|hey|ok|so)[\s,]+)*(?:(?:i|we)\s+)?(?:(?:need|want|would\s+like|gimme|give\s+me)\s+)?(?:(?:a|an|one|new|fresh)\s+)*(?:one[\s-]time\s+)?(?:sign[\s-]?in|log[\s-]?in|magic)\s+(?:token|link)\s+(for|to)\b|(?i)^give\s+(` + objectPattern + `)\s+(?:a|an|one)\s+(?:new\s+)?(?:sign[\s-]?in|log[\s-]?in|magic)\s+(?:token|link)\b`)

// validFor is a lifetime said as validity ("valid 10 minutes", "valid for 2
// hours"): the lifetime the rules read as "expires in".
var validFor = regexp.MustCompile(`(?i)(^|\s)(?:valid|good|usable)\s+(?:for\s+)?(\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b)`)

// objectPattern is an id or an email, without groups of its own.
var objectPattern = strings.Replace(idPattern.String(), `\b(`, `\b(?:`, 1) + `|` + emailPattern.String()

// passiveAsk is a change said of its object: "user_1 needs to be unbanned", "org_1
// should be deleted", "hubspot_id 519 needs adding to user_2". The verb is a
// participle (or gerund) of the lexicon; a statement ("user_1 is banned") is none.
var passiveAsk = regexp.MustCompile(`(?i)^((?:the\s+)?(?:(?:user|account|org|organi[sz]ation|invite|invitation|session|member)\s+)?[^\s,;.!?]+(?:\s+[^\s,;.!?]+)?)\s+(?:(?:needs?|has|have|ought)\s+to\s+(?:be|get)|(?:must|should)\s+(?:be|get)|needs?)\s+([a-z]+(?:ed|ing))\b\s*(.*)$`)

// fieldShouldBe is a field said with its right value: "first name for user_1 should
// be Siobhán, not Siobhan", "external_id of user_2 should be crm-1".
var fieldShouldBe = regexp.MustCompile(`(?i)^(?:the\s+)?([a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)\s+(?:for|of|on)\s+(` + objectPattern + `)\s+(?:should|must|needs?\s+to)\s+be\s+([^\s,;]+)(?:\s*,?\s+(?:not|instead\s+of)\s+[^\s,;]+)?(.*)$`)

// objectField is a field said after its object, with the value it should have:
// "user_1 username should be dmitri_ops", "jtmp_1 lifetime change to 120 sec",
// "org_1's name -> 'Acme EU'" (arrows are read as "to" before this).
var objectField = regexp.MustCompile(`(?i)^((?:` + objectPattern + `))(?:'s)?\s+([a-z][\w\-]*(?:\s+[a-z][\w\-]*)??)\s+(?:(?:should|must|needs?\s+to)\s+be(?:\s+(?:changed|set|updated)\s+to)?|(?:change|changed|update|updated|set)\s+to|(to))\s+("[^"]*"|'[^']*'|[^\s,;"']+)(.*)$`)

// wantChanged is a field someone wants changed, said with its new value: "user_1
// wants their username changed to teal_heron", "They would like the organization
// name changed to "Acme"". The object may stand before it (the second group); a
// word for who wants it ("seller", "they") goes.
var wantChanged = regexp.MustCompile(`(?i)(^|[.!,;:—–-]\s*|\s)(?:((?:` + objectPattern + `))\s+|(?:the\s+|our\s+|this\s+|that\s+)?[a-z]+\s+)?(?:wants?|needs?|would\s+like|'d\s+like|asked\s+(?:for|to\s+have)|asks\s+(?:for|to\s+have))\s+((?:their|his|her|its|the|our|my)\s+(?:[a-z][\w\-]*\s+){0,2}?[a-z][\w\-]*)\s+(?:changed|updated|set|switched)\s+to\s`)

// changeIt is a change of "it" to a value; fieldNamed a field a message names.
var (
	changeIt   = regexp.MustCompile(`(?i)\b(change|set|update|switch|rename)\s+it\s+to\s`)
	fieldNamed = regexp.MustCompile(`(?i)\b(user\s?name|first\s+name|last\s+name|external[\s_]id|slug|password|e-?mail(?:\s+address)?|phone(?:\s+number)?)\b`)
)

// setTo is a value given right after a field: "… first name to Jon".
var setTo = regexp.MustCompile(`^\s*(?:to|=|:)\s`)

// fieldForIt reads "it" as the one field the text names before it: "user_1 has a
// slur in their username, change it to player_1" changes the username. With no
// field, or two, "it" stays.
func fieldForIt(text string) string {
	loc := changeIt.FindStringSubmatchIndex(text)
	if loc == nil {
		return text
	}
	var field string
	before := text[:loc[0]]
	for _, fl := range fieldNamed.FindAllStringIndex(before, -1) {
		if setTo.MatchString(before[fl[1]:]) {
			return text // "set user_1's first name to Jon — typo, set it to John": a correction
		}
		f := strings.Join(strings.Fields(asciiLower(before[fl[0]:fl[1]])), " ")
		if field != "" && f != field {
			return text
		}
		field = f
	}
	if field == "" {
		return text
	}
	return text[:loc[3]] + " the " + field + " to " + text[loc[1]:]
}

// fieldStops are words no field is named with.
var fieldStops = wordSet(`never always also still really just now is are was be been to from in on of for with and or not no it they them this that`)

// wantedChange rewrites a wanted change as a request: "user_1 wants their username
// changed to x" is "set username for user_1 to x"; "they want their username changed
// to x, account is user_1" is "set username to x, account is user_1". The field is
// words that are no verb and no negation.
func wantedChange(text string) string {
	if !strings.Contains(text, " to ") || strings.HasSuffix(strings.TrimSpace(text), "?") {
		return text
	}
	return wantChanged.ReplaceAllStringFunc(text, func(s string) string {
		mm := wantChanged.FindStringSubmatch(s)
		if slices.ContainsFunc(strings.Fields(asciiLower(mm[0])), func(w string) bool { return negations[w] }) {
			return s // "user_1 never wants …"
		}
		if slices.ContainsFunc(strings.Fields(asciiLower(mm[3]))[1:], func(w string) bool { return fieldStops[w] || isVerbWord(w) }) {
			return s // no field: "their access to be changed", "the ban reverted"
		}
		if mm[2] != "" {
			return mm[1] + "set " + mm[3] + " for " + mm[2] + " to "
		}
		return mm[1] + "set " + mm[3] + " to "
	})
}

// fieldWords are the words a field may not be made of: "user_1 needs to be", "org_1
// members should be" say something else.
var notFieldWords = wordSet(`never always also still really definitely probably maybe just now is are was be been should must need needs to from in on of for with and or not no it they them this that user users org orgs organization organizations member members session sessions`)

// objectFirst rewrites a field said after its object as "set <field> for <object>
// to <value>": with a word of change ("should be", "change to"), or with a bare "to"
// when the field is one the rules know by name ("user_1 first name -> Priya").
func objectFirst(text string) string {
	mm := objectField.FindStringSubmatch(strings.TrimSpace(text))
	if mm == nil {
		return text
	}
	field := asciiLower(mm[2])
	for _, w := range strings.Fields(field) {
		if notFieldWords[w] || negations[w] || isVerbWord(w) {
			return text
		}
	}
	if _, ok := participles[asciiLower(mm[4])]; ok {
		return text // "org_1 never needs to be deleted" is no value
	}
	if mm[3] != "" {
		key := strings.ReplaceAll(field, " ", "_")
		_, user := userFieldKeys[key]
		_, org := orgFieldKeys[key]
		if !user && !org && !strings.Contains(field, "_") {
			return text
		}
	}
	return "set " + mm[2] + " for " + mm[1] + " to " + mm[4] + sayAgain.ReplaceAllString(mm[5], "")
}

// sayAgain is a request said again at the end in one verb: "…, update pls", "… -
// change it please".
var sayAgain = regexp.MustCompile(`(?i)^\s*[,;\-–—]?\s*(?:pls\s+|please\s+)?(?:update|change|set|fix|do)(?:\s+(?:it|that|this|them))?(?:\s+(?:pls|please|plz|thx|thanks|ty))?[\s.!]*$`)

// objectRe is an id or an email.
var objectRe = regexp.MustCompile(objectPattern)

// passiveNot is a word that makes a passive no request: a negation or a question.
var passiveNot = regexp.MustCompile(`\b(?:not|no|never|nobody|noone|why|how|who|what|whether|if|does|doesn't|doesnt|did|didn't|do|don't)\b`)

// participles maps the participles and gerunds of the lexicon's verbs to the verb:
// banned, unbanned, deleted, removing, added …
var participles = func() map[string]string {
	out := map[string]string{}
	for v := range verbs {
		if len(v) < 3 {
			continue
		}
		stemmed := v
		switch {
		case strings.HasSuffix(v, "e"):
			stemmed = v[:len(v)-1]
		case len(v) >= 3 && strings.ContainsRune("bdgmnpt", rune(v[len(v)-1])) && strings.ContainsRune("aeiou", rune(v[len(v)-2])) && !strings.ContainsRune("aeiou", rune(v[len(v)-3])):
			// ban → bann-ed; a short last syllable doubles its consonant.
			if len(v) <= 5 || strings.HasPrefix(v, "un") {
				stemmed = v + v[len(v)-1:]
			}
		}
		out[stemmed+"ed"] = v
		out[stemmed+"ing"] = v
	}
	return out
}()

// passiveVoice rewrites a change said of its object as a request: "user_1 needs to
// be unbanned, appeal approved" is "unban user_1, appeal approved"; "first name for
// user_1 should be Siobhán not Siobhan" is "set first name for user_1 to Siobhán".
func passiveVoice(text string) string {
	if strings.HasSuffix(strings.TrimSpace(text), "?") {
		return text // "should user_1 be unbanned?" asks; it does not order
	}
	if mm := fieldShouldBe.FindStringSubmatch(text); mm != nil {
		if _, ok := participles[asciiLower(mm[3])]; !ok {
			return "set " + mm[1] + " for " + mm[2] + " to " + mm[3] + mm[4]
		}
	}
	mm := passiveAsk.FindStringSubmatch(text)
	if mm == nil {
		return text
	}
	v, ok := participles[asciiLower(mm[2])]
	if !ok {
		return text
	}
	rest := strings.TrimSpace(mm[3])
	object := strings.TrimSpace(mm[1])
	if passiveNot.MatchString(asciiLower(object)) {
		return text // "user_1 doesn't need to be banned", "why does user_1 …"
	}
	if first, _, _ := strings.Cut(asciiLower(rest), " "); first == "to" || first == "from" || first == "on" {
		// "hubspot_id 519 needs adding to user_2": the object is what is added.
		if !objectRe.MatchString(rest) && !objectRe.MatchString(object) {
			return text
		}
		return v + " " + object + " " + rest
	}
	if !objectRe.MatchString(object) {
		return text
	}
	if rest != "" && !strings.HasPrefix(rest, ",") && !strings.HasPrefix(rest, "—") && !strings.HasPrefix(rest, "-") {
		rest = " " + rest
	}
	return v + " " + object + rest
}

// politeHead is the polite frame of a request: "could you please", "would you mind",
// "I'd like you to", "is it possible to". The request is what follows it.
var politeHead = regexp.MustCompile(`(?i)^(?:(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone|anybody)(?:\s+(?:please|kindly|quickly|also|help\s+(?:me|us)(?:\s+to)?))*(?:\s+mind)?|would\s+it\s+be\s+possible\s+to|i'?d\s+like\s+(?:you\s+)?to|i\s+(?:need|want)\s+you\s+to|we\s+(?:need|want)\s+you\s+to|please|pls|plz|kindly)[\s,]+(?:please[\s,]+|pls[\s,]+|kindly\s+|quickly\s+|just\s+|also\s+|now\s+|permanently\s+|immediately\s+|urgently\s+|go\s+ahead\s+and\s+)*([a-z]+)\b`)

// askWhether is a request to find something out: "check whether …", "see if …",
// "tell me whether …". What follows is a question.
var askWhether = regexp.MustCompile(`(?i)^(?:check|see|find\s+out|tell\s+(?:me|us)|let\s+(?:me|us)\s+know|confirm|verify)\s+(?:whether|if)\s+`)

// tellMe frames a question: "let me know how many …", "tell me which …".
var tellMe = regexp.MustCompile(`(?i)^(?:let\s+(?:me|us)\s+know|tell\s+(?:me|us))\s+(?:how|what|which|who|when|where|whose)\b`)

// politeRequest reads a request in a polite frame as the request itself: "could you
// please unlock user_1?" is "unlock user_1"; "would you mind adding bob@acme.com to
// org_1?" is "add bob@acme.com to org_1"; "could you check whether user_1 is banned?"
// is "user_1 is banned?", a question. The frame is dropped only before a verb of
// the lexicon (or its gerund), so "can you see …" stays a read and "could you not …"
// is left alone.
func politeRequest(text string) string {
	// Only the first sentence is the request's frame.
	if loc := sentenceBreak.FindStringIndex(text); loc != nil && loc[1] < len(text) {
		orig := strings.TrimSpace(text[:loc[1]])
		head := strings.TrimSpace(politeRequest(orig))
		if !strings.HasSuffix(head, ".") && !strings.HasSuffix(head, "?") && !strings.HasSuffix(head, "!") {
			head += orig[len(orig)-1:] // the sentence keeps its end: "?" still ends it
		}
		return strings.TrimSpace(head + " " + text[loc[1]:])
	}
	if g := greetingLead.FindStringIndex(text); g != nil && politeHead.MatchString(text[g[1]:]) {
		text = text[g[1]:] // "Hi there, could you …"
	}
	if loc := tellMe.FindStringIndex(text); loc != nil {
		// "let me know how many members …": the question itself.
		at := strings.LastIndexByte(text[:loc[1]], ' ') + 1
		return strings.TrimRight(strings.TrimSpace(text[at:]), "?.! ") + "?"
	}
	mm := politeHead.FindStringSubmatchIndex(text)
	if mm == nil {
		return text
	}
	w := asciiLower(text[mm[2]:mm[3]])
	rest := text[mm[2]:]
	if v, ok := participles[w]; ok && strings.HasSuffix(w, "ing") {
		rest = v + text[mm[3]:]
	} else if _, ok := verbs[w]; !ok && !actionWords[w] && w != "let" && w != "tell" {
		return text
	}
	if loc := askWhether.FindStringIndex(rest); loc != nil {
		q := strings.TrimRight(strings.TrimSpace(rest[loc[1]:]), "?.! ")
		return q + "?"
	}
	if tellMe.MatchString(rest) {
		return politeRequest(rest) // "could you let me know how many …": the question
	}
	rest = strings.TrimRight(strings.TrimSpace(rest), "?")
	return strings.TrimSuffix(strings.TrimSuffix(rest, " please"), ", please")
}

// apposition is an object named by id or email in parentheses after words that
// describe it: "the Brightpath organization (org_1)", "Ahmed (user_2)", "a customer
// (jo@x.de)", "the Google connection (eac_3)".
var apposition = regexp.MustCompile(`\(\s*(` + objectPattern + `)\s*\)`)

// appositionWords may describe an object before its id in parentheses.
var appositionWords = wordSet(`organization organisation org company workspace team user account customer
member connection domain invitation invite session entry template application app key token`)

// byApposition reads "the Brightpath organization (org_1)" as "org_1": the id in the
// parentheses names the object, and the words before it (a name in capitals, the
// kind of object, an article) only describe it. Up to four such words go.
func byApposition(text string) string {
	for {
		loc := apposition.FindStringSubmatchIndex(text)
		if loc == nil {
			return text
		}
		start := loc[0]
		words := strings.Fields(text[:start])
		n := 0
		for i := len(words) - 1; i >= 0 && n < 4; i-- {
			w := words[i]
			lw := asciiLower(strings.Trim(w, ",'’"))
			if lw == "the" || lw == "a" || lw == "an" || lw == "our" || lw == "their" || lw == "his" || lw == "her" {
				n++
				break
			}
			if !appositionWords[lw] && !(w[0] >= 'A' && w[0] <= 'Z') {
				break
			}
			n++
		}
		cut := start
		for range n {
			cut = strings.LastIndexAny(strings.TrimRight(text[:cut], " "), " ") + 1
		}
		text = text[:cut] + text[loc[2]:loc[3]] + text[loc[1]:]
	}
}

// signedInNow asks whether someone is signed in now: sessions, not the last sign-in.
var signedInNow = regexp.MustCompile(`(?i)^\s*(?:is|are)\s+(\S*[_@]\S*)\s+(?:still\s+|currently\s+)?(?:signed|logged)\s+in(?:\s+(?:anywhere(?:\s+else)?|right\s+now|now|currently|at\s+the\s+moment|on\s+any\s+devices?|somewhere))+\b`)

// needDoubt takes back or questions a need: a negation, a joke, a "done", someone
// doing it themselves.
var needDoubt = regexp.MustCompile(`\b(?:no|not|don'?t|dont|doesn'?t|didn'?t|never|already|done|ignore|lol|jk|herself|himself|themselves|themself|itself|thought|since\s+when|said|says|they\s+said|but)\b|✅|:white_check_mark:`)

// withSlash is "w/" (with) and "w/o" (without) in chat.
var withSlash = regexp.MustCompile(`(?i)\bw/o\b|\bw/(?:\s|$)`)
