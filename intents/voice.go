package intents

import (
	"regexp"
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
	"u": "you", "ur": "your", "ppl": "people", "peeps": "people", "acct": "account",
	"accts": "accounts", "tmrw": "tomorrow", "tmr": "tomorrow", "thru": "through",
	"w/": "with", "abt": "about",
}

// voiceWord is a word that voiceWords may rewrite, standing alone.
var voiceWord = regexp.MustCompile(`(?i)(^|[\s(,])(u|ur|ppl|peeps|acct|accts|tmrw|tmr|thru|abt|w/)($|[\s),.?!:;])`)

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
	if strings.ContainsAny(text, "{[\"") || quotedPattern.MatchString(text) {
		return text // a value is quoted or pasted: its words are not rewritten
	}
	lower := asciiLower(text)
	text = voiceWord.ReplaceAllStringFunc(text, func(s string) string {
		mm := voiceWord.FindStringSubmatch(s)
		return mm[1] + voiceWords[asciiLower(mm[2])] + mm[3]
	})
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
	text = terseVerb.ReplaceAllString(text, "${1}delete")
	text = needToken.ReplaceAllString(text, "${1}create a ${2}")
	text = validFor.ReplaceAllString(text, "${1}expires in ${2}")
	if strings.Contains(lower, "got ") || strings.Contains(lower, "get ") {
		text = gotState(text)
	}
	if strings.Contains(lower, "username") {
		text = usernameAsUser(text)
	}
	return whoAsUsers(text)
}

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
var needToken = regexp.MustCompile(`(?i)^((?:(?:pls|please|plz|hey|ok|so)[\s,]+)*)(?:(?:i|we)\s+)?(?:need|want|would\s+like|gimme|give\s+me)\s+(?:a|an|one)\s+(?:new\s+|fresh\s+)?((?:sign[\s-]?in|actor|testing)\s+token)\b`)

// validFor is a lifetime said as validity ("valid 10 minutes", "valid for 2
// hours"): the lifetime the rules read as "expires in".
var validFor = regexp.MustCompile(`(?i)(^|\s)(?:valid|good|usable)\s+(?:for\s+)?(\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b)`)
