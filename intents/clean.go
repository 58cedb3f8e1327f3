package intents

import (
	"regexp"
	"strings"
	"time"
)

// This file holds what makes a sentence as people type it in Slack look like a
// request: the mention that addresses the bot, politeness and filler, a trailing
// reason ("…, laptop was stolen"), and typos in the words the rules know. Each step
// only ever removes words that carry no value or corrects a word towards the
// lexicon; ids, emails, numbers, URLs and quoted text are never touched.

// leadingAddress matches what addresses the bot at the start of a message: Slack
// mentions (Normalize turns <@U123> into @U123), the bot's name, and a greeting.
var leadingAddress = regexp.MustCompile(`(?i)^(?:(?:@[UW][A-Z0-9]{2,}|@?clerk-?bot|hey|hi|hello|yo|ok|okay)\b(?:[\s,:;!]+|$))+`)

// stripAddress drops the mentions, the bot's name and greetings that start a message:
// "<@U024BE7LH> can you pull up user_1" is "can you pull up user_1". A mention in
// the middle of the text is kept: it may be what the text is about.
func stripAddress(text string) string {
	return strings.TrimSpace(leadingAddress.ReplaceAllString(text, ""))
}

// helpWords are the words of a message that asks what clerkbot can do.
var helpAsk = regexp.MustCompile(`(?i)^(?:help|usage|commands|how\s+do(?:es)?\s+(?:i|we|this|it)\s+(?:use|work)|what\s+(?:(?:kind|sort)s?\s+of\s+)?(?:things\s+)?can\s+(?:i|we|you)\s+(?:ask|do|say)|what\s+do\s+you\s+do)\b`)

// asksForHelp reports whether text asks how to use clerkbot ("help pls, what kind of
// things can I ask you?") without naming anything of Clerk's: "help me find user
// bob" is a request, not a question about the bot.
func asksForHelp(text string) bool {
	if !helpAsk.MatchString(strings.TrimSpace(text)) {
		return false
	}
	x := Extract(text, time.Time{})
	if len(x.IDs) > 0 || len(x.Emails) > 0 || len(x.Quoted) > 0 {
		return false
	}
	for _, w := range x.Words {
		if clerkWords[w] && w != "help" {
			return false
		}
	}
	return true
}

// --- trailing reasons ---

// clauseBreak splits a message into clauses: commas, semicolons, dashes, sentence
// ends and "because".
var clauseBreak = regexp.MustCompile(`(?i)\s*(?:,|;|\s--?\s|\s\x{2014}\s|[.!?](?:\s|$)|\s(?:because|bc|cuz|since\s+(?:they|he|she|we|i|it)\b))\s*`)

// negations keep a clause: "ban user_1, not user_2", "delete user_1, don't".
var negations = wordSet(`not no don't dont never kidding wait stop hold undo cancel nope`)

// dropReasons removes the clauses after the first that only explain why ("…, they
// asked for GDPR erasure", "… asap, laptop was stolen"): two or more words, none of
// them a word of the lexicon or of Clerk, no id, email, number, quote, URL, JSON or
// "key=value". The first clause is always kept, and so is every clause that could
// change what is asked.
func dropReasons(text string) string {
	if strings.ContainsAny(text, "{[\"'=") {
		return text
	}
	if mm := trailingAside.FindStringSubmatchIndex(text); mm != nil && mm[0] > 0 && isReason(text[mm[2]:mm[3]]) {
		// "unlock user_1 (got locked out after a reset)": an aside that only explains.
		text = strings.TrimSpace(text[:mm[0]])
	}
	locs := clauseBreak.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return text
	}
	keep := text[:locs[0][0]]
	if strings.TrimSpace(keep) == "" {
		return text
	}
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		clause := text[loc[1]:end]
		if !isReason(clause) {
			keep += text[loc[0]:end]
		}
	}
	keep = strings.TrimSpace(keep)
	if strings.HasSuffix(strings.TrimSpace(text), "?") && !strings.HasSuffix(keep, "?") {
		keep += "?" // the question mark says the message asks rather than orders
	}
	return keep
}

// trailingAside is a parenthesis that ends a message.
var trailingAside = regexp.MustCompile(`\s*\(([^()]*)\)\s*[.!]?\s*$`)

// narrativeOpeners start a clause that tells what happened ("…, she got locked out",
// "…, their laptop was stolen") rather than what to do.
var narrativeOpeners = wordSet(`got gets was were they he she it their his her apparently seems seemed
looks looked per turns turned`)

// narrativeWords tell what happened: a clause with one of them and no verb of its
// own at the start explains a request ("too many failed attempts").
var narrativeWords = wordSet(`got was were been lost stolen failed forgot forgotten left asked
requested reported complained happened`)

// corrections make a clause matter however it reads: "ban bob, i mean alice".
var corrections = wordSet(`mean meant instead rather actually correction`)

// isReason reports whether a clause carries nothing a request needs.
func isReason(clause string) bool {
	if strings.ContainsAny(clause, "0123456789@_/:=") {
		return false
	}
	words := wordPattern.FindAllString(asciiLower(clause), -1)
	if len(words) < 2 {
		return len(words) == 0 || stop[words[0]] || filler[words[0]]
	}
	for _, w := range words {
		if corrections[w] {
			return false
		}
	}
	if isNarrative(clause, words) {
		return true
	}
	for _, w := range words {
		w = strings.TrimRight(w, "'-")
		if _, ok := verbs[w]; ok {
			return false
		}
		if _, ok := resources[w]; ok {
			return false
		}
		if negations[w] || clerkWords[w] || qualifiers[w] || actionWords[w] || injectionWords[w] {
			return false
		}
	}
	return true
}

// isNarrative reports whether the words of a clause tell a story: they start with a
// narrative opener or hold a narrative word, the first is no verb, the clause gives
// no date, and no word is a negation or speaks to the bot.
func isNarrative(clause string, words []string) bool {
	if _, ok := verbs[words[0]]; ok || actionWords[words[0]] {
		return false
	}
	if x := Extract(clause, time.Date(2000, 6, 15, 12, 0, 0, 0, time.UTC)); x.After != 0 || x.Before != 0 {
		return false // "…, they signed up last week" filters
	}
	story := narrativeOpeners[words[0]]
	for _, w := range words {
		w = strings.TrimRight(w, "'-")
		if negations[w] || injectionWords[w] || strings.HasSuffix(w, "n't") {
			return false
		}
		story = story || narrativeWords[w]
	}
	return story
}

// filler are words of politeness and urgency that no rule needs.
var filler = wordSet(`pls plz please rn asap someone somebody anyone kindly urgent urgently
quick quickly real thx ty thanks thank cheers folks team guys yo hey hi hello sorry again
right away across possible possibly maybe perhaps actually basically also just already yet
ever still anyone anybody someone somebody`)

// injectionWords mark a clause that speaks to the bot; such a clause is never dropped
// as a mere reason, so that the safety checks see it.
var injectionWords = wordSet(`system assistant developer ignore disregard instructions instruction
bot approval approved pre-approved proceed override policy`)

// --- typos ---

// typoTargets are the words a typo may be corrected to: the verbs, nouns and
// qualifiers the rules and the ranker act on.
var typoTargets = func() []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if len(w) >= 4 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for w := range verbs {
		add(w)
	}
	for w := range resources {
		add(w)
	}
	for w := range clerkWords {
		add(w)
	}
	for w := range qualifiers {
		add(w)
	}
	for w := range actionWords {
		add(w)
	}
	return out
}()

// commonWords are ordinary English words close to a lexicon word ("taken" and
// "token"): they are never corrected.
var commonWords = wordSet(`taken token later other there where these those their whose while
about above after again based close count could would should might maybe never
users roles sends sender order orders older newer fewer lower upper under until
ideas items lists names notes plain plans place price prime print proxy quite
share shore since spend state store story table tasks teams thing think today
types value views voice wants whole world write wrong years yours check clean
clear cover delay detail direct enter entry event every exact extra field final
first fixed front given group guest hours house issue label large learn least
level light limit local login model money month music needed night offer owner
paper party phase piece point power press proof queue quota ready reply right
roles round route scope score setup shape short since skill small space staff
start still style super sweet tight title total touch track trial usage valid
watch weeks white works`)

var typoWord = regexp.MustCompile(`[A-Za-z]{5,}`)

// fixTypos corrects words of five letters or more that no lexicon knows to the one
// lexicon word within one edit ("delte" → delete, "sesions" → sessions,
// "invitaitons" → invitations; two edits from nine letters on). A word is left alone
// when it is known (lexicon, stop word, a word of the spec), part of an id, email,
// URL, path or quote, capitalised inside the sentence (a name), an inflection of
// the target ("deleted"), or close to more than one target.
func fixTypos(text string, known func(string) bool) string {
	quotes := quotedPattern.FindAllStringIndex(text, -1)
	inQuote := func(i int) bool {
		for _, q := range quotes {
			if i >= q[0] && i < q[1] {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	last := 0
	for _, loc := range typoWord.FindAllStringIndex(text, -1) {
		s, e := loc[0], loc[1]
		if s > 0 && strings.ContainsRune("_@./:=-#$%&+\\0123456789", rune(text[s-1])) {
			continue
		}
		if e < len(text) && strings.ContainsRune("_@/:=-#$%&+\\0123456789", rune(text[e])) {
			continue
		}
		if e+1 < len(text) && text[e] == '.' && text[e+1] != ' ' {
			continue // a domain or a file name
		}
		if inQuote(s) {
			continue
		}
		word := text[s:e]
		if s > 0 && word[0] >= 'A' && word[0] <= 'Z' {
			continue // a name inside the sentence
		}
		lw := asciiLower(word)
		if known(lw) {
			continue
		}
		if fix := nearest(lw); fix != "" {
			b.WriteString(text[last:s])
			b.WriteString(fix)
			last = e
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// isKnownWord reports whether a lower-cased word needs no correction.
func isKnownWord(w string) bool {
	if _, ok := verbs[w]; ok {
		return true
	}
	if _, ok := resources[w]; ok {
		return true
	}
	return stop[w] || qualifiers[w] || clerkWords[w] || actionWords[w] || commonWords[w] ||
		filler[w] || negations[w] || injectionWords[w] || oauthProviders[w]
}

// nearest returns the one typo target within reach of w, or "".
func nearest(w string) string {
	maxDist := 1
	if len(w) >= 9 {
		maxDist = 2
	}
	best, bestDist, ties := "", maxDist+1, 0
	for _, t := range typoTargets {
		if abs(len(t)-len(w)) > maxDist {
			continue
		}
		if strings.HasPrefix(w, t) {
			continue // an inflection: "deleted", "invited", "locked"
		}
		d := editDistance(w, t, maxDist)
		switch {
		case d < bestDist:
			best, bestDist, ties = t, d, 1
		case d == bestDist && sameMeaning(best, t):
		case d == bestDist:
			ties++
		}
	}
	if ties != 1 || bestDist > maxDist {
		return ""
	}
	return best
}

// sameMeaning reports whether two targets are forms of one word ("session",
// "sessions"), so a typo close to both is still clear.
func sameMeaning(a, b string) bool {
	return strings.TrimSuffix(a, "s") == strings.TrimSuffix(b, "s")
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the optimal string alignment distance of a and b (insertions,
// deletions, substitutions and transpositions of neighbours), or limit+1 once it is
// sure to exceed limit.
func editDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	var rows [3][33]int // words of the lexicon are short: no allocation
	var prev2, prev, cur []int
	if lb < len(rows[0]) {
		prev2, prev, cur = rows[0][:lb+1], rows[1][:lb+1], rows[2][:lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// leadWord is the first word of a text.
var leadWord = regexp.MustCompile(`^\s*([A-Za-z]+)\b`)

// fixLeadVerb corrects a short verb at the start of a text that no lexicon knows
// ("lsit users", "shwo user_1", "gte user bob") to the one verb of the lexicon within
// one swap of neighbouring letters, or, from four letters on, one substituted letter.
// Only the first word and only verbs are tried; it returns "" when there is nothing
// to correct or more than one verb is that close. The caller keeps the correction
// only when the corrected text is understood.
func fixLeadVerb(text string, known func(string) bool) string {
	mm := leadWord.FindStringSubmatchIndex(text)
	if mm == nil {
		return ""
	}
	word := asciiLower(text[mm[2]:mm[3]])
	if len(word) < 3 || len(word) > 6 || known(word) {
		return ""
	}
	// A swap is the likelier slip: "lcok" is lock (a swap), not look (a letter).
	var swaps, subs []string
	for v := range verbs {
		if len(v) != len(word) {
			continue
		}
		switch slip(word, v) {
		case slipSwap:
			swaps = append(swaps, v)
		case slipLetter:
			subs = append(subs, v)
		}
	}
	best := ""
	switch {
	case len(swaps) == 1:
		best = swaps[0]
	case len(swaps) == 0 && len(subs) == 1 && len(word) >= 4:
		best = subs[0]
	default:
		return "" // none, or two verbs as close: no guess
	}
	return text[:mm[2]] + best + text[mm[3]:]
}

const (
	slipNone = iota
	slipSwap
	slipLetter
)

// slip tells how a and b, of the same length, differ: by one swap of neighbouring
// letters, by one letter, or otherwise (slipNone).
func slip(a, b string) int {
	var diff []int
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			diff = append(diff, i)
			if len(diff) > 2 {
				return slipNone
			}
		}
	}
	switch len(diff) {
	case 1:
		return slipLetter
	case 2:
		if i, j := diff[0], diff[1]; j == i+1 && a[i] == b[j] && a[j] == b[i] {
			return slipSwap
		}
	}
	return slipNone
}
