package intents

import (
	"regexp"
	"slices"
	"strconv"
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
var leadingAddress = regexp.MustCompile(`(?i)^(?:(?:(?-i:@[UW][A-Z0-9]*[0-9][A-Z0-9]*)|@?clerk-?bot|(?:hey|hi|hello|hiya|yo)(?:\s+(?:there|team|all|folks|everyone|everybody|guys|y'all))?|good\s+(?:morning|afternoon|evening)|ok|okay)\b(?:[\s,:;!]+|$))+`)

// stripAddress drops the mentions, the bot's name and greetings that start a message:
// "<@U024BE7LH> can you pull up user_1" is "can you pull up user_1". A mention in
// the middle of the text is kept: it may be what the text is about.
func stripAddress(text string) string {
	return strings.TrimSpace(leadingAddress.ReplaceAllString(text, ""))
}

// helpWords are the words of a message that asks what clerkbot can do.
var helpAsk = regexp.MustCompile(`(?i)(?:^|[.!?]\s+|[\p{So}\p{Sk}]\s*)(?:help|usage|commands|what\s+(?:commands|requests|things)\s+(?:do|can)\s+(?:you|u|i|we)\s+(?:understand|know|support|take|accept|use|do)|how\s+do(?:es)?\s+(?:i|we|this|it)\s+(?:use|work)|what\s+(?:(?:kind|sort)s?\s+of\s+)?(?:things\s+)?can\s+(?:i|we|you)\s+(?:ask|do|say)|what\s+do\s+you\s+do)\b`)

// botAsk asks what the bot is for in other words: "what kinds of things can you
// help me with", "what commands does clerkbot support", "what is this bot for", "what
// exactly are you able to do", "can you tell me what kind of things I can ask you".
var botAsk = regexp.MustCompile(`(?i)(?:^|[.!?,:]\s+|[\p{So}\p{Sk}]\s*|\b(?:hi|hey|hello|here)\s+)(?:(?:can|could)\s+(?:you|u)\s+(?:tell|show)\s+me\s+)?what\s+(?:exactly\s+)?(?:(?:kinds?|sorts?|types?)\s+of\s+)?(?:clerk\s+)?(?:things|stuff|commands|requests|questions)?\s*(?:(?:do|does|can|could)\s+(?:you|u|i|we|this\s+bot|the\s+bot|clerkbot|it)|(?:you|u|i|we)\s+can)\s+(?:actually\s+|really\s+)?(?:ask(?:\s+(?:you|u))?|do|say|help(?:\s+(?:me|us))?(?:\s+with)?|handle|understand|know|support|take|accept)\b|\bwhat\s+(?:exactly\s+)?(?:are\s+you|r\s+u|is\s+(?:this|the)\s+bot|is\s+clerkbot)\s+(?:able\s+to\s+do|for|good\s+for|capable\s+of)\b`)

// asksForHelp reports whether text asks how to use clerkbot ("help pls, what kind of
// things can I ask you?") without naming anything of Clerk's: "help me find user
// bob" is a request, not a question about the bot.
func asksForHelp(text string) bool {
	if t := strings.TrimSpace(text); !helpAsk.MatchString(t) && !botAsk.MatchString(t) {
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
var clauseBreak = regexp.MustCompile(`(?i)\s*(?:,|;|\s--?\s|\s\x{2014}\s|[.!?](?:\s|$)|\s(?:because|bc|cuz|since\s+(?:they|he|she|we|i|it)\b|(?:while|whilst|until|till|so(?:\s+that)?)\s))\s*`)

// sentenceEnd is a separator that ends a sentence.
var sentenceEnd = regexp.MustCompile(`[.!?;]`)

// subordinators open a clause that says why or while, never what to do: "lock
// user_1 while we look into the chargeback", "generate a link so I can check".
var subordinators = wordSet(`because bc cuz while whilst until till so`)

// negations keep a clause: "ban user_1, not user_2", "delete user_1, don't".
var negations = wordSet(`not no don't dont never kidding wait stop hold undo cancel nope`)

// dropReasons removes the clauses after the first that only explain why ("…, they
// asked for GDPR erasure", "… asap, laptop was stolen"): two or more words, none of
// them a word of the lexicon or of Clerk, no id, email, number, quote, URL, JSON or
// "key=value". The first clause is always kept, and so is every clause that could
// change what is asked.
func dropReasons(text string) string {
	if strings.Contains(asciiLower(text), "cc") {
		text = ccTail.ReplaceAllString(text, "")
	}
	// An apostrophe inside a word ("it's", "kyle@acme.com's") quotes nothing.
	if strings.ContainsAny(text, "{[\"") || quotedPattern.MatchString(text) {
		return text // a JSON body or a quote: commas inside are not clause breaks
	}
	if mm := trailingAside.FindStringSubmatchIndex(text); mm != nil && mm[0] > 0 && (isReason(text[mm[2]:mm[3]]) || isAside(text[mm[2]:mm[3]])) {
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
	// A dropped clause hands its sentence end on: "count users? also, delete user_1"
	// stays two sentences when "also" goes.
	pending, lastKept := "", true
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		clause := text[loc[1]:end]
		sep := text[loc[0]:loc[1]]
		if clause == "" && loc[1] == len(text) && loc[0] > 0 && text[loc[0]-1] != ' ' && strings.TrimSpace(sep) == sep {
			// "… to hunter2!": a mark at the very end, on the last word kept, stays
			// with it (a password keeps it; the rules see it was typed).
			if lastKept {
				keep += sep
			}
			continue
		}
		words := strings.Fields(asciiLower(sep))
		if isReason(clause) || len(words) > 0 && subordinators[words[0]] && isAside(clause) || notThatAction(clause, keep) {
			if pending == "" && sentenceEnd.MatchString(sep) {
				pending = sep
			}
			lastKept = false
			continue
		}
		lastKept = true
		if pending != "" && !sentenceEnd.MatchString(sep) {
			sep = pending
		}
		pending = ""
		keep += sep + clause
	}
	keep = strings.TrimSpace(keep)
	if strings.HasSuffix(strings.TrimSpace(text), "?") && !strings.HasSuffix(keep, "?") {
		keep += "?" // the question mark says the message asks rather than orders
	}
	return keep
}

// ccTail is a list of people copied in at the end of a message ("… cc @U07QX3M2B1Z"):
// it addresses colleagues, not the bot.
var ccTail = regexp.MustCompile(`(?i)[\s,;]+cc:?(?:[\s,]+(?:and\s+)?@[UW][A-Z0-9]{2,})+[\s.!]*$`)

// notOther is a clause that rules an action out: "dont ban yet", "do NOT delete",
// "not banning yet".
var notOther = regexp.MustCompile(`(?i)^\s*\(?\s*(?:but\s+|and\s+)?(?:(?:please|pls|just)\s+)?(?:don'?t|dont|do\s+not|not|never)\s+(?:need\s+to\s+|to\s+)?([a-z]+)(?:\s+(?:yet|them|him|her|it|the\s+(?:user|account|org|organization|connection|app)|their\s+account|for\s+now|just\s+yet))*(?:\s+(?:until|till|unless)\s+[^.;!?()]{1,60})?\s*[.!)]*\s*$`)

// notThatAction reports whether clause rules out another action than the one the
// first clause asks for: "lock user_1 while we dig in, dont ban yet" asks for the
// lock and says what not to do instead. A clause that rules out the action asked
// ("ban user_1, dont ban yet") is kept, and so is any clause after a request that
// has a negation of its own.
// findOutIf is a question someone looks into, not a condition: "while we figure out
// if it's a real person".
var findOutIf = regexp.MustCompile(`\b(?:figure\s+out|find\s+out|check|see|verify|confirm|determine|investigate|work\s+out|look\s+into)\s+(?:if|whether)\b`)

func notThatAction(clause, first string) bool {
	mm := notOther.FindStringSubmatch(clause)
	if mm == nil {
		return false
	}
	w := asciiLower(mm[1])
	no, ok := verbs[strings.TrimSuffix(strings.TrimSuffix(w, "ning"), "ing")]
	if !ok {
		no, ok = verbs[w]
	}
	if !ok || !changeVerb(no) {
		return false
	}
	lf := findOutIf.ReplaceAllString(asciiLower(first), " ") // "while we figure out if it's a real person"
	if condition.MatchString(lf) || laterDoubt.MatchString(lf) || notSwitchNow.MatchString(lf) || waitWords.MatchString(lf) {
		return false // "lock user_1 after standup, dont ban yet": the request itself waits
	}
	asked := false
	for _, fw := range clauseWords(first) {
		if negations[fw] {
			return false
		}
		if v, ok := verbs[fw]; ok && changeVerb(v) {
			if v == no {
				return false
			}
			asked = true
		}
	}
	return asked
}

// waitWords make a request wait or only a suggestion: "lock user_1 after standup",
// "we could lock user_1".
var waitWords = regexp.MustCompile(`\b(?:after|before|once|when|until|till|later|tomorrow|tonight)\b|\b(?:we|someone|somebody|they|i)\s+(?:could|should|might|would|can)\b`)

// changeVerb reports whether a verb class changes something.
func changeVerb(v verb) bool {
	return v != vNone && v != vRead && v != vList && v != vCount
}

// clauseWords are the lower-cased words of a clause with contractions expanded
// ("he's" is he, "don't" is do, not).
func clauseWords(clause string) []string {
	var out []string
	for _, w := range wordPattern.FindAllString(asciiLower(clause), -1) {
		out = append(out, expandContraction(strings.TrimRight(w, "'-"))...)
	}
	return out
}

// isAside reports whether a clause opened by a subordinator ("while …", "so …",
// "until …", "because …") only says why: it has a subject of its own before any verb
// ("we look into it", "support can reproduce the bug"), so its verbs are not asks
// to the bot; it holds no id, email, number or date, does not speak to the bot
// ("you", "system", "ignore"), and neither stops nor corrects the request.
func isAside(clause string) bool {
	if strings.ContainsAny(clause, "0123456789@_/:=") {
		return false
	}
	words := clauseWords(clause)
	if len(words) < 2 {
		return false
	}
	first := words[0]
	if _, ok := verbs[first]; ok || actionWords[first] || negations[first] || filler[first] || stop[first] && !subjectWords[first] {
		return false
	}
	if x := Extract(clause, time.Date(2000, 6, 15, 12, 0, 0, 0, time.UTC)); x.After != 0 || x.Before != 0 {
		return false
	}
	for _, w := range words {
		w = strings.TrimRight(w, "'-")
		if stopSignals[w] || corrections[w] || injectionWords[w] || statusWords[w] || howWords[w] || w == "you" || w == "u" || w == "also" || w == "then" {
			return false
		}
	}
	return true
}

// howWords say how to do a request, not why: "(private metadata)", "(as admin)".
// A clause with one is never dropped as a reason or an aside.
var howWords = wordSet(`public private unsafe metadata meta admin admins administrator member members role
slug username lifetime seats expiry expires notify privately publicly`)

// statusWords filter what a list returns: "so I can see who hasn't accepted" says
// which invitations are wanted.
var statusWords = wordSet(`pending accepted revoked expired active banned locked verified unverified`)

// subjectWords are the stop words that can be the subject of a clause.
var subjectWords = wordSet(`i we they he she it someone somebody everyone people their his her our my the this that`)

// stopSignals take a request back however the clause reads: "…, wait", "…, hold on".
var stopSignals = wordSet(`wait stop hold undo cancel kidding nope disagree maybe probably possibly perhaps unsure jk`)

// properNameClause is a clause made only of capitalised words: a name.
var properNameClause = regexp.MustCompile(`^\s*[A-Z][\w&\-']*(?:\s+[A-Z][\w&\-']*)*\s*$`)

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

// ownDeed follows "we" or "i" in a clause that tells what the speaker did.
var ownDeed = wordSet(`have had accidentally mistakenly already just wrongly getting seeing being`)

// noLonger is a change of state: "no longer", "not … anymore".
var noLonger = regexp.MustCompile(`\bno\s+longer\b|\bany\s?more\b`)

// corrections make a clause matter however it reads: "ban bob, i mean alice".
var corrections = wordSet(`mean meant instead rather actually correction`)

// isReason reports whether a clause carries nothing a request needs.
func isReason(clause string) bool {
	if strings.ContainsAny(clause, "@_/:=") || properNameClause.MatchString(clause) {
		return false // a value, or a name ("…, Harbor Freight.") a later clause may refer to
	}
	if l := asciiLower(clause); durationPattern.MatchString(l) || durationBefore.MatchString(l) {
		return false // "…, keep the old one valid for an hour": how long, a value
	}
	words := clauseWords(clause)
	if len(words) < 2 {
		return len(words) == 0 || stop[words[0]] || filler[words[0]]
	}
	for _, w := range words {
		if corrections[w] || w == "silently" || howWords[w] {
			return false // "…, no email pls" (silently) says how to do it
		}
	}
	if strings.ContainsAny(clause, "0123456789") {
		// A number in a story ("they've opened 40 fake accounts") says nothing the
		// request needs; anywhere else it may be a value ("valid for 10 minutes").
		return isNarrative(clause, words) && !durationText.MatchString(asciiLower(clause))
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
		if negations[w] || clerkWords[w] || qualifiers[w] || actionWords[w] || injectionWords[w] || roleNames[w] {
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
	// "…, we have send it to the wrong person", "…, I accidentally added her": what
	// the speaker did, told after the request.
	story := narrativeOpeners[words[0]] ||
		(words[0] == "we" || words[0] == "i") && len(words) > 2 && ownDeed[words[1]] && words[2] != "to"
	// "he's no longer a team lead", "they don't work here anymore": a negation that
	// tells how things changed, not one that takes the request back.
	changed := narrativeOpeners[words[0]] && noLonger.MatchString(asciiLower(clause))
	for i, w := range words {
		w = strings.TrimRight(w, "'-")
		negated := negations[w] || strings.HasSuffix(w, "n't")
		// "he still can't get in": what someone cannot do is part of the story.
		unable := narrativeOpeners[words[0]] && w == "not" && i > 0 && (words[i-1] == "can" || words[i-1] == "could")
		told := changed && !stopSignals[w] || unable
		if injectionWords[w] || negated && !told {
			return false
		}
		story = story || narrativeWords[w]
	}
	return story
}

// roleNames filter or set a role: ", admins only" is part of the request.
var roleNames = wordSet(`admin admins administrator administrators owner owners`)

// filler are words of politeness and urgency that no rule needs.
var filler = wordSet(`pls plz please rn asap someone somebody anyone kindly urgent urgently
quick quickly real thx ty thanks thank cheers folks team guys yo hey hi hello sorry again
right away across possible possibly maybe perhaps actually basically also just already yet
ever still anyone anybody someone somebody currently presently ok okay right yeah
bitte danke merci gracias porfa por favor onegai vale svp stp grazie obrigado obrigada atm far`)

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
		if !groupNouns[w] {
			add(w)
		}
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
	for w := range fieldTypoTargets {
		add(w) // "change the usernmae on user_1": a field, never a new metadata key
	}
	return out
}()

// fieldTypoTargets are names of a user's own fields, said as one word.
var fieldTypoTargets = wordSet(`username password firstname lastname metadata`)

// commonWords are ordinary English words close to a lexicon word ("taken" and
// "token"): they are never corrected.
var commonWords = wordSet(`containing contains matching including taken token later other there where these those their whose while
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
watch weeks white works chance shorter extent`)

// plainVerbs are everyday verbs one letter away from a verb of the lexicon ("take" and
// make, "move" and …): a slip is never read into them, though they stay unknown words.
var plainVerbs = wordSet(`take let keep move turn`)

var typoWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// swappedStopWord corrects a three-letter word that is a stop word with two
// neighbouring letters swapped ("teh", "adn", "yuo"), when it is no word of its own
// and only one stop word is that close; otherwise it returns "".
func swappedStopWord(w string) string {
	if len(w) != 3 || stop[w] || realShortWords[w] || isKnownWord(w) {
		return ""
	}
	fix := ""
	for _, c := range []string{w[1:2] + w[:1] + w[2:], w[:1] + w[2:3] + w[1:2]} {
		if stop[c] && c != fix {
			if fix != "" {
				return ""
			}
			fix = c
		}
	}
	return fix
}

// realShortWords are English words that are also a swap away from a stop word.
var realShortWords = wordSet(`fro nay ion sit tis ohm`)

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
		if len(lw) < 5 {
			if fix := swappedStopWord(lw); fix != "" {
				b.WriteString(text[last:s])
				b.WriteString(fix)
				last = e
			}
			continue
		}
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
		filler[w] || negations[w] || injectionWords[w] || oauthProviders[w] || mailProviders[w]
}

// mailProviders are names of mail services, never typos ("gmail" is not "email").
var mailProviders = wordSet(`gmail googlemail yahoo hotmail outlook icloud protonmail proton aol yandex fastmail gmx zoho`)

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
	if len(word) < 3 || len(word) > 6 || known(word) || plainVerbs[word] {
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

// --- phrasal verbs ---

// phrasalSwitch is "turn off MFA", "switch MFA off", "turn on blocking of …".
// phrasalRewrites are phrases that say an operation in other words: "get rid of" is
// remove, "a sign-in link" a sign-in token, "block user_1 from signing in" a ban,
// "cap org_1 at 50 members" its membership limit.
var phrasalRewrites = []struct {
	re    *regexp.Regexp
	to    string
	hints []string // lower-case words one of which the text holds when re can match
}{
	{regexp.MustCompile(`(?i)\b(?:get\s+rid\s+of|do\s+away\s+with|clean\s+out|clean\s+up)\b`), "remove", []string{"rid", "away", "clean"}},
	// "users not active since 90 days": a span of time said with "since".
	{regexp.MustCompile(`(?i)\bsince\s+(\d+|a|an|one|two|three|four|five|six|seven|ten)\s+(days?|weeks?|months?|years?|hours?)\b(\s+ago\b)?`), "for the last $1 $2$3", []string{"since"}},
	// "block number +234…", "block the domain spam.io": the blocklist.
	{regexp.MustCompile(`(?i)^block\s+(?:(?:the\s+)?(?:(?:phone\s+)?number|domain)\s+)?(\+\d[\d\-. ]{6,}\d|[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,})\b`), "add $1 to the blocklist", []string{"block"}},
	// "make email idn_1 the primary one": set it as primary.
	{regexp.MustCompile(`(?i)\bmake\s+(?:the\s+)?(e-?mail|phone)(?:\s+(?:address|number))?\s+(idn_[A-Za-z0-9]+)\s+(?:the\s+|their\s+|her\s+|his\s+)?primary(?:\s+one)?\b`), "set $1 $2 as primary", []string{"primary"}},
	{regexp.MustCompile(`(?i)\bmake\s+(idn_[A-Za-z0-9]+)\s+(?:the\s+|their\s+|her\s+|his\s+)?primary\s+(e-?mail|phone)\b`), "set $2 $1 as primary", []string{"primary"}},
	// "force a password reset for user_1", "force user_1 to reset their password":
	// the password is marked compromised, which makes the next sign-in change it.
	{regexp.MustCompile(`(?i)\bforce\s+(?:a\s+)?(?:password\s+reset|reset\s+of\s+(?:the\s+)?password|new\s+password)\s+(?:for|on|of)\s+(` + objectPattern + `)`), "set password compromised for $1", []string{"force"}},
	{regexp.MustCompile(`(?i)\bforce\s+(` + objectPattern + `)\s+to\s+(?:reset|change)\s+(?:their|his|her|the)\s+password\b`), "set password compromised for $1", []string{"force"}},
	// "reset user_1's password to 'n3w-Secret!'": a reset to a stated value sets it.
	{regexp.MustCompile("(?i)\\breset(\\s+[^.?!]{0,40}?\\bpassword\\b[^.?!]{0,40}?\\bto\\s*[:=]?\\s*['\"`])"), "change$1", []string{"reset"}},
	// "un ban user_1", "undo the ban on user_1", "undo lock user_1": the un-verb.
	{regexp.MustCompile(`(?i)\bun\s+(ban|lock|block|flag|mark|verify)\b`), "un$1", []string{"un"}},
	{regexp.MustCompile(`(?i)\b(?:undo|revert|reverse|clear|lift|drop)\s+(?:the\s+|my\s+|their\s+|our\s+)?(ban|lock)(?:\s+(?:on|of|for|from))?\b`), "un$1", []string{"undo", "revert", "reverse", "clear", "lift", "drop"}},
	{regexp.MustCompile(`(?i)\btake\s+(?:the\s+)?(ban|lock)\s+off(?:\s+of)?\b`), "un$1", []string{"off"}},
	// "the ban on user_1 needs to go": lift it.
	{regexp.MustCompile(`(?i)\bthe\s+(ban|lock)\s+(?:on|of|for)\s+(` + objectPattern + `)\s+(?:needs?\s+to|has\s+to|must|should|can)\s+(?:go|come\s+off|be\s+(?:lifted|removed|reversed|undone|dropped))\b`), "un$1 $2", []string{"go", "off", "lifted", "removed", "reversed", "undone", "dropped"}},
	{regexp.MustCompile(`(?i)(` + objectPattern + `)\s+(?:needs?|wants?|should\s+get|should\s+have)\s+(?:a|the|their|his|her|its)\s+(ban|lock)\s+(?:lifted|removed|reversed|undone)\b`), "un$2 $1", []string{"lifted", "removed", "reversed", "undone"}},
	// "allow spam.ru back", "stop blocking spam.ru": off the block-list.
	{regexp.MustCompile(`(?i)\b(?:allow|let)\s+(\S+[@.]\S+)\s+back(?:\s+in)?\b|\bstop\s+blocking\s+(\S+[@.]\S+)`), "remove $1$2 from the blocklist", []string{"back", "blocking"}},
	// "put user_1 into org_1": add.
	{regexp.MustCompile(`(?i)\bput\s+(` + objectPattern + `)\s+(?:into|in)\s+`), "add $1 to ", []string{"put"}},
	// Verbs of ops chat for what the lexicon says otherwise.
	{regexp.MustCompile(`(?i)\b(?:tear|take|shut)\s+down\b|\bdecommission\b`), "delete", []string{"down", "decommission"}},
	{regexp.MustCompile(`(?i)\battach\b`), "add", []string{"attach"}},
	{regexp.MustCompile(`(?i)\brequire\s+([a-z][\w\-]*)\s+(on|for)\b`), "enable $1 $2", []string{"require"}},
	{regexp.MustCompile(`(?i)\b(?:kick\s+off|start|trigger)\s+(?:a\s+|an\s+|another\s+)?(test\s+run)\b`), "create a $1", []string{"kick", "start", "trigger"}},
	// "take user_1 out of org_1", "offboard user_1 from org_1": remove the member.
	{regexp.MustCompile(`(?i)\btake\s+(` + objectPattern + `)\s+out\s+of\b|\boffboard\s+(` + objectPattern + `)\s+from\b`), "remove $1$2 from", []string{"out", "offboard"}},
	// "enable beta_access for user_1": a flag in public metadata.
	{regexp.MustCompile(`(?i)^(?:(?:please|pls)\s+)?enable\s+([a-z]+_[a-z0-9_]+)\s+(?:for|on)\s+(` + objectPattern + `)\s*$`), "set public metadata $1=true on $2", []string{"enable"}},
	{regexp.MustCompile(`(?i)^(?:(?:please|pls)\s+)?disable\s+([a-z]+_[a-z0-9_]+)\s+(?:for|on)\s+(` + objectPattern + `)\s*$`), "set public metadata $1=false on $2", []string{"disable"}},
	// "credit user_1 $5": credit as a verb, with an amount.
	{regexp.MustCompile(`(?i)^((?:please|pls|plz)\s+)?credit\s+(` + objectPattern + `)\s+([$€£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|cents?))`), "${1}add $3 credit to $2", []string{"credit"}},
	// "pull back invite inv_1", "take back the invitation to a@b.co", "rescind inv_1".
	{regexp.MustCompile(`(?i)\b(?:pull|take|call)\s+back\s+(?:the\s+|that\s+|this\s+)?(invite|invitation|inv_)|\b(?:rescind|withdraw)\s+(?:the\s+|that\s+|this\s+)?(invite|invitation|inv_)`), "revoke $1$2", []string{"back", "rescind", "withdraw"}},
	{regexp.MustCompile(`(?i)\b(?:reset|wipe|clear)\s+(?:the\s+|their\s+|his\s+|her\s+)?(mfa|2fa|two[\s\-]factor(?:\s+auth(?:entication)?)?)(\s+(?:for|on|of)\b|\s*$|[,.!?])`), "disable $1$2", []string{"reset", "wipe", "clear"}},
	{regexp.MustCompile(`(?i)\b(?:mark|flag|set)\s+(.{1,60}?)\s+as\s+(?:not|no\s+longer|un-?)\s*compromised\b`), "unset $1 as compromised", []string{"compromised"}},
	// "clear the compromised password flag on user_1": the flag comes off.
	{regexp.MustCompile(`(?i)\b(?:clear|remove|drop|lift|reset|undo|take\s+off)\s+(?:the\s+)?(?:compromised|pwned|leaked|breached)\s+(?:password\s+)?(?:flag|mark|status|state)\b`), "unset the password as compromised", []string{"compromised", "pwned", "leaked", "breached"}},
	{regexp.MustCompile(`(?i)\b(?:clear|wipe|delete)\s+(?:the\s+|their\s+|his\s+|her\s+)?password\b(?:\s+(?:on|of|for|from)\s+(` + objectPattern + `))?\s*$`), "remove the password of $1", []string{"clear", "wipe", "delete"}},
	{regexp.MustCompile(`(?i)\b(?:act|log\s+in|sign\s+in|login|be\s+logged\s+in|be\s+signed\s+in)\s+as\s+(` + objectPattern + `)`), "impersonate $1", []string{"act", "log", "sign", "login"}},
	{regexp.MustCompile(`(?i)\bun-(flag|mark|ban|lock|block|verify)\b`), "un$1", []string{"un-"}},
	{regexp.MustCompile(`(?i)\bun(?:flag|mark)\s+(it|them|the\s+password|` + objectPattern + `)\s+as\s+compromised\b`), "unset $1 as compromised", []string{"unflag", "unmark"}},
	{regexp.MustCompile(`(?i)\bmake\s+(` + objectPattern + `)\s+a\s+member\s+of\s+(` + objectPattern + `)`), "add $1 to $2 as member", []string{"member"}},
	{regexp.MustCompile(`(?i)\b(?:sign[\s\-]?in|log[\s\-]?in|magic)\s+link\b`), "sign-in token", []string{"link"}},
	{regexp.MustCompile(`(?i)\bthe\s+([a-z][\w\-]*)\s+flag\b`), "the $1 key", []string{"flag"}},
	{regexp.MustCompile(`(?i)\bsend\s+(?:an?\s+|the\s+)?(?:app\s+|instance\s+|new\s+)?invit(?:e|ation)\s+to\b`), "invite", []string{"send"}},
	{regexp.MustCompile(`(?i)\bsend\s+(them|him|her|` + objectPattern + `)\s+(?:an?\s+|the\s+)?(?:app\s+|new\s+)?invit(?:e|ation)\b`), "invite $1", []string{"send"}},
	{regexp.MustCompile(`(?i)\b(?:their|his|her)\s+(?:e-?mail(?:\s+address)?|address)\s+(` + emailPattern.String() + `)`), "$1", []string{"their", "his", "her"}},
	{regexp.MustCompile(`(?i)^(blocklist|blacklist|allowlist|whitelist)\s+((?:the\s+)?(?:(?:phone\s+)?number|e-?mail(?:\s+address)?|domain|address)\s+)?(\S+[@.+]\S*|\+\S+)`), "add $3 to the $1", []string{"list"}},
	{regexp.MustCompile(`(?i)\b(?:whoever|whomever|anyone\s+who|the\s+person\s+who)\s+(?:has|owns|uses|is\s+using)\b`), "the user with", []string{"whoever", "whomever", "anyone", "person"}},
	{regexp.MustCompile(`(?i)^take\s+((?:[a-z]+\s+)?` + objectPattern + `)\s+off\s+(?:of\s+)?(` + objectPattern + `)`), "remove $1 from $2", []string{"take"}},
	{regexp.MustCompile(`(?i)\b(?:get|give|send|generate|make)\s+(?:me\s+|us\s+)?(?:an?\s+|the\s+)?(?:(?:svix|webhooks?)\s+)?(?:dashboard\s+)?(?:link|url)\s+(?:to|for)\s+the\s+(?:svix\s+)?(?:webhooks?\s+)?dashboard\b`), "create a svix dashboard url", []string{"dashboard"}},
	{regexp.MustCompile(`(?i)\b(?:get|give|send|generate|make)\s+(?:me\s+|us\s+)?(?:an?\s+|the\s+)?(?:svix|webhooks?)\s+(?:webhooks?\s+)?dashboard\s+(?:link|url)\b`), "create a svix dashboard url", []string{"dashboard"}},
	{regexp.MustCompile(`(?i)\b(?:get|give|generate|mint|issue)\s+(?:me\s+|us\s+)?(?:an?\s+)?(?:new\s+|fresh\s+)?testing\s+token\b`), "create a testing token", []string{"testing"}},
	{regexp.MustCompile(`(?i)\bour\s+(support\s+e-?mail|application\s+name|app\s+name|instance)\b`), "the instance $1", []string{"our"}},
	{regexp.MustCompile(`(?i)\b(?:lift|remove|undo|reverse|drop)\s+(?:the\s+)?ban\s+(?:on|for|from|of)\b`), "unban", []string{"ban"}},
	{regexp.MustCompile(`(?i)\b(?:lift|remove|undo|reverse|drop)\s+(?:the\s+)?lock(?:out)?\s+(?:on|for|from|of)\b`), "unlock", []string{"lock"}},
	{regexp.MustCompile(`(?i)\brename\s+(user_[A-Za-z0-9]+)\s*[:\-–—,]?\s+((?:first|last)\s+name)\b`), "update $1: $2", []string{"rename"}},
	{regexp.MustCompile(`(?i)\bblock\s+(` + objectPattern + `)\s+from\s+(?:signing|logging)\s+in\b`), "ban $1", []string{"block"}},
	{regexp.MustCompile(`(?i)\b(?:allow|let)\s+(?:machine\s+)?(mch_[A-Za-z0-9]+)\s+(?:to\s+)?(?:call|access|reach|talk\s+to|use|contact)\s+(?:machine\s+)?(mch_[A-Za-z0-9]+)`), "create a machine scope on $1 to $2", []string{"allow", "let"}},
	{regexp.MustCompile(`(?i)\b(?:cap|limit)\s+(` + objectPattern + `)\s+(?:at|to)\s+(\d+)\s+(?:members|seats|users|people)\b`), "bump $1 to $2 seats", []string{"cap", "limit"}},
	{regexp.MustCompile(`(?i)\b(?:raise|increase|bump|set|change|lower|reduce)\s+(?:the\s+)?(?:member(?:ship)?|seat|user)s?\s+(?:limit|cap|count|max(?:imum)?)\s+(?:for|of|on)\s+(` + objectPattern + `)\s+to\s+(\d+)(?:\s+(?:members|seats|users|people))?`), "bump $1 to $2 seats", []string{"limit", "cap", "count", "max"}},
}

var phrasalSwitch = regexp.MustCompile(`(?i)\b(?:turn|switch)\s+(?:(on|off)\b|((?:[^\s,;.!?]+\s+){1,2}?)(on|off)\b)`)

// mfaPhrase is what people call MFA: "two-factor auth", "2-step verification".
var mfaPhrase = regexp.MustCompile(`(?i)\b(?:(?:two|2|multi)[\s\-]?(?:factor|step)(?:\s+(?:auth(?:entication)?|verification|login))?|2fa|2sv)\b`)

// switchedState is a state said with the phrasal verb: "MFA turned on", "is it
// switched off?" — enabled or disabled.
var switchedState = regexp.MustCompile(`(?i)\b(?:turned|switched)\s+(on|off)\b`)

// turnInto is "turn user_1 into an admin": making it one.
var turnInto = regexp.MustCompile(`(?i)\bturn\s+(\S+(?:\s+\S+)?)\s+into\b`)

// setUp is "set up a new org", "spin up an org": creating it.
var setUp = regexp.MustCompile(`(?i)\b(?:set|spin)\s*up\s+(an?|the|new|their)\b`)

// markIt is a state given to what a request adds, as a second verb that ends the
// message: "add phone +1… to user_1, mark it verified". The state is a field of the
// same request; "… mark it verified once he clicks the link" waits, and is no field.
var markIt = regexp.MustCompile(`(?i)(\S)\s*,?\s+(?:and\s+)?mark\s+it\s+(?:as\s+)?(verified|primary)\s*(?:[.!]+\s*)?$`)

// phrasalVerbs rewrites "turn off X" and "turn X off" as "disable X", the same with
// on as "enable", "set up a …" as "create a …", and "two-factor auth" as MFA, so that
// the words the spec uses ("Disable a user's MFA") are the words of the text.
func phrasalVerbs(text string) string {
	low := asciiLower(text)
	for _, r := range phrasalRewrites {
		if slices.ContainsFunc(r.hints, func(h string) bool { return strings.Contains(low, h) }) {
			text = r.re.ReplaceAllString(text, r.to)
		}
	}
	lower := asciiLower(text)
	if strings.Contains(lower, "factor") || strings.Contains(lower, "step") || strings.Contains(lower, "2fa") || strings.Contains(lower, "2sv") {
		text = mfaPhrase.ReplaceAllString(text, "MFA")
	}
	if strings.Contains(lower, "turned") || strings.Contains(lower, "switched") {
		text = switchedState.ReplaceAllStringFunc(text, func(s string) string {
			if strings.HasSuffix(asciiLower(s), "on") {
				return "enabled"
			}
			return "disabled"
		})
	}
	if strings.Contains(lower, "up") {
		text = setUp.ReplaceAllString(text, "create $1")
	}
	if strings.Contains(lower, "into") {
		text = turnInto.ReplaceAllString(text, "make $1")
	}
	if strings.Contains(lower, "mark it") {
		text = markIt.ReplaceAllString(text, "$1 $2")
	}
	if !strings.Contains(lower, "turn") && !strings.Contains(lower, "switch") || !phrasalSwitch.MatchString(text) {
		return text
	}
	var b strings.Builder
	last := 0
	for _, loc := range phrasalSwitch.FindAllStringSubmatchIndex(text, -1) {
		if objectAfter.MatchString(text[loc[1]:]) {
			// "switch enrollment on orgdmn_1 to …": "on" says where, not how.
			continue
		}
		mm := func(i int) string {
			if loc[2*i] < 0 {
				return ""
			}
			return text[loc[2*i]:loc[2*i+1]]
		}
		on, middle := mm(1), ""
		if on == "" {
			on, middle = mm(3), mm(2)
		}
		verb := "disable"
		if asciiLower(on) == "on" {
			verb = "enable"
		}
		b.WriteString(text[last:loc[0]])
		b.WriteString(verb)
		if middle = strings.TrimSpace(middle); middle != "" {
			b.WriteString(" " + middle)
		}
		last = loc[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// objectAfter is an object right after "on": an id, an email, or one in parentheses.
var objectAfter = regexp.MustCompile(`^\s+\(?(?:` + objectPattern + `)`)

// --- a story first, then the request ---

// storyStarts open what a message tells about its subject before it asks: "user_1
// got locked out …", "inv_1 was sent to the wrong address", "user_1 lost their phone".
var storyStarts = wordSet(`got gets was were is has had keeps kept lost forgot can cannot can't
couldn't left says said told sent made took broke wrote went came just accidentally still`)

// pronounObject is what a request says for the thing its story is about: "unlock her
// account", "revoke it".
var pronounObject = regexp.MustCompile(`(?i)\b(?:(?:her|his|their|the|this|that)\s+(?:account|user|profile|invite|invitation|session|org|organization)|it|them|him|her)\b`)

// storyFirst rewrites a message that tells what happened to something before it asks
// for the change ("user_1 got locked out after too many attempts, unlock pls";
// "inv_1 was sent to the wrong address, revoke it"): the request is the later clause,
// and its pronoun ("it", "her account"), or the end of it when it has none, becomes
// the id or email the story is about. It returns "" unless the message has exactly
// that shape: the first clause starts with one id or email and goes on with a story
// (no verb of the lexicon first, nothing that speaks to the bot), and exactly one
// later clause starts with a verb and names no id or email of its own; any other
// later clause only gives a reason.
func storyFirst(text string) (request, target string) {
	if strings.ContainsAny(text, "{[\"") || quotedPattern.MatchString(text) {
		return "", ""
	}
	locs := clauseBreak.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return "", ""
	}
	first := text[:locs[0][0]]
	x := Extract(first, time.Time{})
	if len(x.IDs)+len(x.Emails) != 1 || len(x.Phones) > 0 {
		return "", ""
	}
	target = strings.Join(append(x.IDs, x.Emails...), "")
	at := strings.Index(first, target)
	if at < 0 {
		return "", ""
	}
	// The story may be about a part of the object: "the password of user_1 leaked",
	// "user_1's password showed up in a dump". The request's pronoun is that part.
	owned := ""
	if mm := partOf.FindStringSubmatch(asciiLower(first[:at])); mm != nil && !isVerbWord(mm[1]) {
		owned = mm[1]
	} else {
		for _, w := range wordPattern.FindAllString(asciiLower(first[:at]), -1) {
			if _, ok := resources[w]; !ok && !stop[w] {
				return "", "" // the id is not the subject of the story
			}
		}
	}
	rest := first[at+len(target):]
	story := wordPattern.FindAllString(asciiLower(strings.TrimPrefix(rest, "'s")), -1)
	storyVerb := func(w string) bool { return storyStarts[w] || strings.HasSuffix(w, "ed") && len(w) > 4 }
	if owned == "" && strings.HasPrefix(rest, "'s") && len(story) > 2 && !isVerbWord(story[0]) && !stop[story[0]] && storyVerb(story[1]) {
		owned, story = story[0], story[1:]
	}
	if len(story) < 2 || !storyVerb(story[0]) {
		return "", ""
	}
	if actorVerbs[story[0]] && !notActed[story[1]] {
		// "bob@acme.com banned someone by mistake, can u unban": bob did it, and
		// what was done was done to someone else.
		return "", ""
	}
	for _, w := range story {
		if injectionWords[w] || stopSignals[w] || corrections[w] {
			return "", ""
		}
	}
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		clause := strings.TrimSpace(text[loc[1]:end])
		head := politeLead.ReplaceAllString(asciiLower(clause), "")
		lead := wordPattern.FindString(head)
		_, isVerb := verbs[lead]
		switch {
		case clause == "" || isReason(clause):
		case (isVerb || actionWords[lead]) && request == "":
			cx := Extract(clause, time.Time{})
			if len(cx.IDs)+len(cx.Emails)+len(cx.Phones)+len(cx.Domains) > 0 {
				return "", ""
			}
			request = clause
		default:
			return "", ""
		}
	}
	if request == "" {
		return "", ""
	}
	object := target
	if owned != "" {
		object = "the " + owned + " of " + target
	}
	if loc := pronounObject.FindStringIndex(request); loc != nil {
		return request[:loc[0]] + object + request[loc[1]:], target
	}
	return request + " " + object, target
}

// actorVerbs are actions done to something, in the past: the one who did them is
// not what they were done to. notActed follow them when they only describe the
// subject ("locked out", "banned yesterday").
var (
	actorVerbs = wordSet(`banned locked blocked deleted removed revoked invited created added kicked suspended disabled unbanned unlocked reported flagged impersonated spammed harassed`)
	notActed   = wordSet(`out by from for yesterday today again twice earlier last this on in at after because due`)
)

// partOf is the part of an object a story opens with: "the password of", "password
// for".
var partOf = regexp.MustCompile(`^\s*(?:the\s+|their\s+|his\s+|her\s+)?([a-z]+)\s+(?:of|for|on)\s+$`)

// isVerbWord reports whether w is a verb of the lexicon.
func isVerbWord(w string) bool {
	_, ok := verbs[w]
	return ok
}

// --- pasted text ---

// authorOf asks who wrote a pasted text: "who sent it", "who wrote this".
var authorOf = regexp.MustCompile(`(?i)\bwho(?:ever)?\s+(?:sent|wrote|posted|submitted|pasted|filed|typed)\s+(?:it|this|that)\b`)

// leadFiller may come before the verb of a clause: "…, and then also show user_1".
var leadFiller = wordSet(`please pls plz kindly just also and then now ok okay so quickly`)

// pastedRead finds the request of a message that quotes pasted text ("someone put this
// in their display name: "…" — can you pull up user_1?"). The quoted text is a value,
// whatever it says, so it is taken out; of the clauses left, exactly one may start with
// a verb, and it must read. "Who sent it" (wrote, posted) asks for the author of the
// pasted text: the one email address inside it. It returns "" when the message quotes
// nothing, when no clause or more than one asks for something, or when any clause of
// the person's own asks for a change: the caller answers only with reads.
func pastedRead(text string) string {
	locs := quotedPattern.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return ""
	}
	var own strings.Builder
	var emails []string
	last := 0
	for _, loc := range locs {
		start, end := loc[2], loc[3]
		if start < 0 {
			start, end = loc[4], loc[5]
		}
		own.WriteString(text[last : start-1])
		own.WriteString(" it ")
		for _, e := range Extract(text[start:end], time.Time{}).Emails {
			emails = appendNew(emails, e)
		}
		last = end + 1
	}
	own.WriteString(text[last:])
	rest := own.String()
	request := ""
	bounds := append([][]int{{0, 0}}, clauseBreak.FindAllStringIndex(rest, -1)...)
	for i, b := range bounds {
		end := len(rest)
		if i+1 < len(bounds) {
			end = bounds[i+1][0]
		}
		clause := strings.TrimSpace(rest[b[1]:end])
		words := wordPattern.FindAllString(politeLead.ReplaceAllString(asciiLower(clause), ""), -1)
		for len(words) > 0 && leadFiller[words[0]] {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		v, isVerb := verbs[words[0]]
		switch {
		case writeVerb(words[0]) || actionWords[words[0]]:
			return "" // the person asks for a change: not answered here
		case isVerb && (v == vRead || v == vList || v == vCount) && request == "":
			request = clause
		case isVerb:
			return ""
		}
	}
	if request == "" {
		return ""
	}
	switch {
	case authorOf.MatchString(request):
		x := Extract(request, time.Time{})
		if len(emails) != 1 || len(x.Emails)+len(x.IDs) > 0 {
			return ""
		}
		request = authorOf.ReplaceAllString(request, "user "+emails[0])
	case asksForPastedPerson(request):
		// "find the sender of this message", "who is this?": the one person the pasted
		// text names by email.
		if len(emails) != 1 {
			return ""
		}
		request = "find user " + emails[0]
	}
	return request
}

// pastedWords are what a request calls pasted text and the person behind it.
var pastedWords = wordSet(`it this that message ticket email mail note text form chat bio comment
post sender author writer person user account customer who whom`)

// asksForPastedPerson reports whether a read asks only who is behind a pasted text:
// every word is a read verb, a stop word or one of pastedWords, and it says "it",
// "this" or "that".
func asksForPastedPerson(request string) bool {
	words := clauseWords(politeLead.ReplaceAllString(asciiLower(request), ""))
	ref := false
	for _, w := range words {
		v, isVerb := verbs[w]
		switch {
		case w == "it" || w == "this" || w == "that":
			ref = true
		case pastedWords[w] || stop[w] || filler[w] || isVerb && (v == vRead || v == vList):
		default:
			return false
		}
	}
	return ref
}

// ticketRef is a support ticket or case number that opens or closes a message
// ("ticket #48213 — pull up user_1", "unlock user_1 (case #77)"): where the request
// came from, never part of it.
var (
	ticketLead = regexp.MustCompile(`(?i)^(?:re:\s*)?(?:ticket|case|issue|incident|request|zd|jira|support)\s*(?:no\.?|number)?\s*(?:#\s*\d+|[A-Za-z]+-\d+)\s*(?:[—–:\-,|]+\s*|\s+(?:[—–:\-]\s*)?)`)
	// keyTrail is a tracker's key said as a source: "per ticket SUP-4821", "(see
	// OPS-12)", ", confirmed in SUP-5512". The key is upper case, as trackers write it.
	keyTrail    = regexp.MustCompile(`\s*(?:[—–,;\-]+\s*|\(\s*|\s+)(?i:(?:as\s+)?per|see|ref|re:?|(?:confirmed|approved|requested|agreed|discussed)\s+in|from|via)\s+(?i:(?:the\s+)?(?:ticket|case|incident|jira|issue)\s+)?(?:[A-Z][A-Z0-9]+-\d+|#\s*\d+)\s*\)?\s*[.!]?\s*$`)
	ticketTrail = regexp.MustCompile(`(?i)\s*(?:[—–,;\-]+\s*|\(\s*)(?:ticket|case|incident|zd|jira)\s*(?:no\.?|number)?\s*(?:#\s*\d+|[A-Za-z]+-\d+)\s*\)?\s*[.!]?\s*$`)
)

// dropTicketRef removes a ticket or case number at the start or end of text; text
// that is only a reference is left as it is.
func dropTicketRef(text string) string {
	out := ticketTrail.ReplaceAllString(ticketLead.ReplaceAllString(text, ""), "")
	out = keyTrail.ReplaceAllString(out, "")
	if strings.TrimSpace(out) == "" {
		return text
	}
	return out
}

// cleanSentence runs the rewrites of a sentence (chat voice, phrasal verbs, reasons,
// typos) with every email address and URL held aside, so that no rewrite can reach
// into one ("turn on@x.io", "r.tanaka@x.io"): each is replaced by a stand-in address
// of the same kind, which the rewrites read as an address, and put back after.
func cleanSentence(text string, known func(string) bool) string {
	var held []string
	hold := func(s string) string {
		held = append(held, s)
		return "held" + strconv.Itoa(len(held)-1) + "@held.invalid"
	}
	masked := urlPattern.ReplaceAllStringFunc(text, func(s string) string {
		held = append(held, s)
		return "https://held.invalid/" + strconv.Itoa(len(held)-1)
	})
	masked = emailPattern.ReplaceAllStringFunc(masked, hold)
	if strings.Contains(masked, "w/") {
		// "users w/ 'test' in their email", "w/o a password".
		masked = withSlash.ReplaceAllStringFunc(masked, func(s string) string {
			if strings.HasSuffix(asciiLower(s), "o") {
				return "without"
			}
			return "with" + s[2:] // the space after it stays
		})
	}
	if removesKey.MatchString(masked) {
		// "remove the note key from user_1's metadata (set it to null)": the aside
		// says the removal again, as Clerk's merge does it.
		masked = nullAside.ReplaceAllString(masked, "")
	}
	out := fixTypos(dropReasons(phrasalVerbs(chatVoice(arrowsTo(masked)))), known)
	out = objectFirst(out) // again, after typos: "user_1 username shuld be neo"
	if loc := trailingPlease.FindStringIndex(out); loc != nil && loc[0] > 0 {
		// "… beta to true pls": politeness at the end is no part of the last value.
		out = out[:loc[0]]
	}
	for i := len(held) - 1; i >= 0; i-- {
		n := strconv.Itoa(i)
		out = strings.ReplaceAll(out, "held"+n+"@held.invalid", held[i])
		out = strings.ReplaceAll(out, "https://held.invalid/"+n, held[i])
	}
	return out
}

// removesKey removes a metadata key; nullAside restates it: "(set it to null)".
var (
	removesKey = regexp.MustCompile(`(?i)\b(?:remove|delete|drop|unset|clear)\b[^()]*\b(?:key|metadata|flag|field)\b`)
	nullAside  = regexp.MustCompile(`(?i)\s*\(\s*(?:i\.?e\.?,?\s*|so\s+|just\s+)?(?:set\s+(?:it|that|the\s+key|the\s+value)?\s*(?:to\s+)?null|null(?:\s+it)?|to\s+null|=\s*null|(?:delete|remove|drop)\s+(?:the\s+)?(?:key|field))\s*\)`)
)

// arrow is an arrow between words: "beta -> true", "rename org_1 → 'Acme'".
var arrow = regexp.MustCompile(`\s*(?:->|=>|→|⇒)\s*`)

// pairAfterArrow is a key=value or key: value pair right after an arrow.
var pairAfterArrow = regexp.MustCompile(`^[A-Za-z][\w.\-]*\s*[:=]`)

// arrowsTo reads an arrow outside quotes and JSON as "to": "plan: free -> pro",
// "rename org_1 -> \"Acme EU\"".
func arrowsTo(text string) string {
	if strings.ContainsAny(text, "{[") || !strings.Contains(text, ">") && !strings.Contains(text, "→") && !strings.Contains(text, "⇒") {
		return text
	}
	quotes := quotedPattern.FindAllStringIndex(text, -1)
	var b strings.Builder
	last := 0
	for _, loc := range arrow.FindAllStringIndex(text, -1) {
		if slices.ContainsFunc(quotes, func(q []int) bool { return q[0] < loc[0] && loc[0] < q[1] }) {
			continue
		}
		b.WriteString(text[last:loc[0]])
		if pairAfterArrow.MatchString(text[loc[1]:]) {
			b.WriteString(": ") // "update its metadata -> plan: pro, seats: 5": the pairs
		} else {
			b.WriteString(" to ")
		}
		last = loc[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// trailingPlease is politeness that ends a message: "… pls", "…, thanks!", "… asap pls", "… now".
var trailingPlease = regexp.MustCompile(`(?:[\s,]+(?:pls|plz|please|thx|thanks|ty|tia|asap|rn|cheers|thank\s+you|now|right\s+now)|\s+[^\x00-\x7F\p{L}\p{N}\s]+)+[\s.!]*$`)
