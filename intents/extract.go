package intents

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Normalize undoes what Slack and phones do to typed text: links and mentions
// (<mailto:a@b.co|a@b.co>, <https://x|label>, <@U123>), HTML escapes (&lt; &gt; &amp;),
// smart quotes, non-breaking spaces and code backticks. The result is the text as the
// person typed it; JSON bodies inside it become parseable again.
func Normalize(text string) string {
	text = slackLink.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, _ := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "mailto:"):
			return strings.TrimPrefix(target, "mailto:")
		case strings.HasPrefix(target, "@"): // user mention: keep the Slack id
			return target
		case strings.HasPrefix(target, "#"): // channel
			if label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"): // <!here>, <!date^…|label>
			if label != "" {
				return label
			}
			return "@" + strings.TrimPrefix(target, "!")
		case strings.HasPrefix(target, "tel:"):
			return strings.TrimPrefix(target, "tel:")
		}
		// A link Slack made from a bare domain or address shows what was typed; a
		// label with a path ("app.acme.com/welcome") names the page, so the link is
		// the URL, scheme and all.
		if label != "" && !strings.Contains(label, " ") && strings.Contains(target, label) && !strings.Contains(label, "/") {
			if strings.HasPrefix(target, "http://"+label) && len(label) < len(target)-len("http://") {
				return target
			}
			return label
		}
		return target
	})
	// "set the password on user_1 to `Demo-2025!`": code that ends in punctuation
	// keeps it, as a quote does; other backticks only mark code and go.
	text = codeEndingInMark.ReplaceAllString(text, "'$1'")
	text = htmlEscapes.Replace(text)
	// "*don't* ban", "_never_ delete": Slack's bold and italic marks are no part of a
	// word (an id's underscores are inside a word and stay).
	text = slackEmphasis.ReplaceAllString(text, "$1$2$3")
	// "set private_metadata fraud_hold to false": the field's name said as words, so
	// the kind of metadata is read and the key is fraud_hold (outside quotes; a
	// dotted "public_metadata.plan" and a JSON body stay).
	if strings.Contains(text, "_metadata ") {
		quotes := quotedPattern.FindAllStringIndex(text, -1)
		text = replaceOutside(text, metadataField, quotes, func(m string) string { return strings.Replace(m, "_", " ", 1) })
	}
	// "1,000 seats": a thousands separator, not a list of 1 and 000 (outside quotes).
	if strings.Contains(text, ",") {
		quotes := quotedPattern.FindAllStringIndex(text, -1)
		text = replaceOutside(text, thousands, quotes, func(m string) string { return strings.ReplaceAll(m, ",", "") })
	}
	// A mention that starts the message addresses the bot; so do its name and a
	// greeting. "<@U024BE7LH> get user_1" is "get user_1", and a bare mention is empty
	// (help).
	return stripAddress(strings.TrimSpace(text))
}

// codeEndingInMark is one word in backticks that ends in punctuation.
var codeEndingInMark = regexp.MustCompile("`" + `([^\s'` + "`" + `]*[.!?,;:])` + "`")

var slackLink = regexp.MustCompile(`<(?:mailto:|https?://|tel:|@|#|!)[^<>\s]*(?:\|[^<>]*)?>`)

var htmlEscapes = strings.NewReplacer(
	"&lt;", "<", "&gt;", ">", "&amp;", "&", "&quot;", `"`, "&#39;", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u00ab", `"`, "\u00bb", `"`,
	"\u2018", "'", "\u2019", "'", "\u201a", "'",
	"\u00a0", " ", "\u2009", " ", "\u202f", " ",
	"```", " ", "`", "",
)

// Extraction holds the values found in a text by Extract. Nothing in it is made up:
// each value appears in the text (dates are computed from words such as "last 7 days").
type Extraction struct {
	IDs      []string // Clerk ids by known prefix (user_…, org_…), in order, without repeats
	Emails   []string
	URLs     []string
	Domains  []string // bare domain names such as acme.com
	Numbers  []string // whole numbers standing alone
	Phones   []string // phone numbers in E.164 form (+14155550123)
	Mentions []string // Slack user ids from <@U123>; never Clerk ids
	Quoted   []string // text between matching quotes
	// Keys are role and permission keys ("org:admin", "org:invoices:read"): values,
	// whose parts are no words of the request ("read" in org:invoices:read).
	Keys []string
	// After and Before bound a time range in Unix milliseconds from relative or absolute
	// dates; 0 means unbounded.
	After, Before int64
	// Inactive is the field the dates bound when they came from a negated activity
	// ("haven't signed in for 30 days"): "last_sign_in_at" or "last_active_at".
	Inactive string
	// Words are the lower-cased words outside ids, emails, URLs, quotes and dates.
	Words []string
	// rest is the lower-cased text with ids, emails, URLs, quotes and dates blanked.
	rest string
	// now is the clock the dates were computed with.
	now time.Time
}

// clerkPrefixes are the id prefixes Clerk uses. A word is an id only when its prefix is
// one of these, so "john_doe" and "cus_123" are not.
var clerkPrefixes = []string{
	"user", "org", "orgmem", "orginv", "orgdmn", "orgrole", "inv", "sess", "client", "idn",
	"mch", "wle", "ins", "app", "jtmp", "act", "sit", "dmn", "alid", "blid", "saml", "samlc",
	"ent", "entc", "dir", "scim", "ak", "mt", "oat", "oa", "aplt", "rol", "role", "perm",
	"rs", "sms", "eml", "ea", "pn", "ph", "wal", "web3", "pk", "td", "exa", "eac", "sut",
	"csub", "cplan", "cpl", "cspi", "bst", "bpr", "bprice", "si", "tok", "ext", "ru", "sua",
	"eac", "dmn", "orgdmn", "stmt", "csubi", "cstmt", "cprice", "cdisc", "disc", "cpay", "csi",
}

var (
	idPattern     = regexp.MustCompile(`\b(` + strings.Join(clerkPrefixes, "|") + `)_[A-Za-z0-9]+\b`)
	emailPattern  = regexp.MustCompile(`\b[A-Za-z0-9._%+\-]+(?:'[A-Za-z0-9._%+\-]+)*@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b`) // o'brien@x.ie is one address
	urlPattern    = regexp.MustCompile(`(?:https?|[a-z][a-z0-9+.\-]{1,30})://[^\s<>"'|]+`)
	domainPattern = regexp.MustCompile(`\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b`)
	mentionPat    = regexp.MustCompile(`(?:^|\s)@([UW][A-Z0-9]{2,})\b`)
	quotedPattern = regexp.MustCompile(`(?:^|[\s=(:,])(?:"([^"]+)"|'([^']+)')(?:$|[\s.,;:!?)])`)
	phonePattern  = regexp.MustCompile(`(?:^|[\s:(])\+(\d[\d\-. ]{6,16}\d)\b`)
	numberPattern = regexp.MustCompile(`(?:^|\s)(\d{1,9})(?:$|[\s.,;:!?])`)
	keyPattern    = regexp.MustCompile(`\b(?i:org):[A-Za-z][A-Za-z0-9_\-]*(?::[A-Za-z][A-Za-z0-9_\-]*)*\b`)
	wordPattern   = regexp.MustCompile(`[a-z0-9][a-z0-9_'\-]*`)
	isoDate       = `(\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+\-]\d{2}:?\d{2})?)?)`
	sinceDate     = regexp.MustCompile(`\b(since|after|from|before|until|till|to|and)\s+(?:the\s+)?` + isoDate)
	betweenDates  = regexp.MustCompile(`\bbetween\s+` + isoDate + `\s+and\s+` + isoDate)
	lastN         = regexp.MustCompile(`\b(?:(?:in|over|within|during|for)\s+)?(?:the\s+)?(?:last|past|previous)\s+(\d+|a|an|one|two|three|four|five|six|seven|ten|fourteen|thirty)?\s*(minute|min|hour|hr|day|week|wk|month|year|h|d|w|mo|yr)s?\b`)
	olderThan     = regexp.MustCompile(`\b(?:older\s+than|more\s+than|over|at\s+least)\s+(\d+|a|an|one|two|three|four|five|six|seven|ten)\s*(minute|hour|day|week|month|year|h|hr|d|w|wk|mo|yr)s?(?:\s+(?:ago|old))?\b`)
	nAgo          = regexp.MustCompile(`\b(\d+|a|an|one|two|three|four|five|six|seven|ten)\s*(minute|hour|day|week|month|year|h|hr|d|w|wk|mo|yr)s?\s+ago\b`)
	monthName     = `(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`
	monthDay      = regexp.MustCompile(`\b(since|after|from|before|until|till|on)\s+(?:the\s+)?(?:` + monthName + `\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthName + `)(?:,?\s+(\d{4}))?\b`)
	// dayOfMonth is a month and a day without a word before it ("nov 1", "3rd of march").
	dayOfMonth = `(?:` + monthName + `\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthName + `)(?:,?\s+\d{4})?`
	// betweenDays is a range of two such days: "between nov 1 and nov 15", "from
	// march 3 to march 9".
	betweenDays = regexp.MustCompile(`\b(?:between|from)\s+(?:the\s+)?(?P<from>` + dayOfMonth + `)\s+(?:and|to|till|until|through|thru|-)\s+(?:the\s+)?(?P<to>` + dayOfMonth + `)\b`)
	// monthOnly is a month without a day: "since september", "in march 2026".
	monthOnly = regexp.MustCompile(`\b(since|after|from|before|until|till|in|during)\s+(?:the\s+(?:start|beginning)\s+of\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?(?:\s+(\d{4}))?(?:\s*$|[^\d\s]|\s+[^\d\s])`)
	// yearOnly is a year alone: "before 2025", "since 2024", "in 2025".
	yearOnly     = regexp.MustCompile(`\b(since|after|from|before|until|till|in|during)\s+(?:the\s+year\s+)?((?:19|20)\d{2})(?:$|[^\d\-/])`)
	inactiveHead = `\b(?:inactive|idle|dormant|(?:(?:have|has|had|did|do|does)(?:n't|nt|\s+not)|not|never)\s+(?:been\s+)?(?:active|seen|used|logged\s+in|signed\s+in|log(?:ged)?\s*in|sign(?:ed)?\s*in|visited|returned|come\s+back|(?:used|opened)\s+the\s+app)(?:\s+at\s+all|\s+once|\s+even\s+once)?|no\s+(?:activity|logins?|log-ins?|sign[\s\-]?ins?))(\s+(?:users?|accounts?|people|members|customers|ones))?`
	inactiveFor  = regexp.MustCompile(inactiveHead + `\s+(?:for|in|within|during|over)\s+(?:the\s+)?(?:last\s+|past\s+)?(?:over\s+|more\s+than\s+|at\s+least\s+)?(\d+|a|an|one|two|three|four|five|six|seven|ten|fourteen|thirty)?\+?\s*(minute|min|hour|hr|day|week|wk|month|quarter|year)s?\b`)
	// inactiveSince is "haven't signed in since": the date that follows bounds the
	// last activity from above, not below.
	inactiveSince = regexp.MustCompile(inactiveHead + `\s+(since)\b`)
	calendarWords = regexp.MustCompile(`\b(?:(since|after|from|before|until|till)\s+)?(today|yesterday|this\s+(?:week|month|year))\b`)
	weekdayDate   = regexp.MustCompile(`\b(?:(since|after|from|before|until|till|on)\s+(?:(last|this\s+past|past|this)\s+)?|(last|this\s+past)\s+)(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|fri)\b`)
)

// findIf is re's first submatch in s when cond holds, else nil.
func findIf(cond bool, re *regexp.Regexp, s string) []int {
	if !cond {
		return nil
	}
	return re.FindStringSubmatchIndex(s)
}

// findAllIf is re's submatches in s when cond holds, else nil.
func findAllIf(cond bool, re *regexp.Regexp, s string) [][]int {
	if !cond {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// namesMonth reports whether lower may name a month.
func namesMonth(lower string) bool {
	for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// weekdayLocs finds weekday phrases, when the text names a day at all.
func weekdayLocs(lower string) [][]int {
	if !strings.Contains(lower, "mon") && !strings.Contains(lower, "tue") && !strings.Contains(lower, "wed") &&
		!strings.Contains(lower, "thu") && !strings.Contains(lower, "fri") && !strings.Contains(lower, "sat") && !strings.Contains(lower, "sun") {
		return nil
	}
	return weekdayDate.FindAllStringSubmatchIndex(lower, -1)
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

var numberWords = map[string]int{"": 1, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fourteen": 14, "thirty": 30}

// Extract finds ids, emails, URLs, domains, numbers, Slack mentions, quoted text and
// dates in text (already Normalized). Relative dates count back from now.
func Extract(text string, now time.Time) Extraction {
	x := Extraction{now: now}
	// Spans already claimed are blanked out so that an email's domain is not also a
	// domain, an id inside a URL is not an id, and quoted names are not words.
	rest := []byte(text)
	blank := func(loc []int) {
		for i := loc[0]; i < loc[1]; i++ {
			rest[i] = ' '
		}
	}
	if i := jsonStart(text); i >= 0 {
		// A JSON body is a value: its keys and strings are not words of the request.
		dec := json.NewDecoder(strings.NewReader(text[i:]))
		var v json.RawMessage
		if dec.Decode(&v) == nil {
			blank([]int{i, i + int(dec.InputOffset())})
		}
	}
	for _, loc := range findAllIf(strings.ContainsAny(text, `"'`), quotedPattern, string(rest)) {
		for g := 2; g <= 4; g += 2 {
			if loc[g] >= 0 {
				if q := strings.TrimSpace(string(rest[loc[g]:loc[g+1]])); q != "" {
					x.Quoted = appendNew(x.Quoted, q)
				}
				blank([]int{loc[g] - 1, loc[g+1] + 1})
			}
		}
	}
	for _, loc := range findAllIf(strings.Contains(text, "://"), urlPattern, string(rest)) {
		u := strings.TrimRight(string(rest[loc[0]:loc[1]]), ".,;:!?)")
		x.URLs = appendNew(x.URLs, u)
		blank(loc)
	}
	for _, loc := range findAllIf(strings.Contains(text, "@"), emailPattern, string(rest)) {
		x.Emails = appendNew(x.Emails, strings.ToLower(string(rest[loc[0]:loc[1]])))
		blank(loc)
	}
	for _, loc := range findAllIf(strings.Contains(text, "+"), phonePattern, string(rest)) {
		x.Phones = appendNew(x.Phones, "+"+strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, string(rest[loc[2]:loc[3]])))
		blank(loc[:2])
	}
	for _, m := range mentions(string(rest)) {
		x.Mentions = appendNew(x.Mentions, m[1])
	}
	for _, loc := range findIDs(string(rest), -1) {
		id := string(rest[loc[0]:loc[1]])
		if _, after, _ := strings.Cut(id, "_"); after == "id" || after == "ids" {
			continue // the words "user_id", "org_ids"
		}
		x.IDs = appendNew(x.IDs, id)
		blank(loc)
	}
	for _, loc := range keyLocs(rest) {
		x.Keys = appendNew(x.Keys, strings.ToLower(string(rest[loc[0]:loc[1]])))
		blank(loc)
	}
	x.After, x.Before, x.Inactive = dates(asciiLower(string(rest)), now, blank)
	lower := asciiLower(string(rest))
	for _, loc := range domainPattern.FindAllStringIndex(lower, -1) {
		d := lower[loc[0]:loc[1]]
		if versionWord.MatchString(d) || strings.HasSuffix(d, ".yml") || strings.HasSuffix(d, ".yaml") {
			continue
		}
		x.Domains = appendNew(x.Domains, d)
		// A domain is a value: "quayside.app" says nothing about apps.
		blank(loc)
	}
	lower = asciiLower(string(rest))
	for _, m := range numberPattern.FindAllStringSubmatch(lower, -1) {
		x.Numbers = append(x.Numbers, m[1])
	}
	x.rest = lower
	words := wordPattern.FindAllString(lower, -1)
	x.Words = make([]string, 0, len(words)+2)
	for _, w := range words {
		x.Words = append(x.Words, expandContraction(strings.TrimRight(w, "'-"))...)
	}
	return x
}

// expandContraction splits "haven't" into have, not and drops "'s", "'re", "'ll",
// "'ve", "'d" and "'m", so that "who's" is who and "org's" is org.
func expandContraction(w string) []string {
	i := strings.IndexByte(w, '\'')
	if i < 0 {
		if c, ok := bareContractions[w]; ok {
			return c
		}
		return []string{w}
	}
	switch {
	case strings.HasSuffix(w, "n't"):
		switch w {
		case "can't":
			return []string{"can", "not"}
		case "won't":
			return []string{"will", "not"}
		}
		return []string{strings.TrimSuffix(w, "n't"), "not"}
	case w == "let's", w == "i'm", w == "i'd":
		return []string{w}
	}
	switch w[i:] {
	case "'s", "'re", "'ll", "'ve", "'d", "'m":
		return []string{w[:i]}
	}
	return []string{w}
}

// keyLocs finds role and permission keys; most texts have no "org:" at all.
func keyLocs(rest []byte) [][]int {
	if !strings.Contains(asciiLower(string(rest)), "org:") {
		return nil
	}
	return keyPattern.FindAllStringIndex(string(rest), -1)
}

// bareContractions are contractions typed without the apostrophe, as people do in
// chat ("whos in org_1", "users who havent been active"). Only spellings that are
// no English word of their own are listed: "its", "were", "well", "id" and "ill" are
// words, so they are left alone.
var bareContractions = map[string][]string{
	"whos": {"who"}, "whats": {"what"}, "wheres": {"where"}, "hows": {"how"}, "thats": {"that"},
	"theres": {"there"}, "theyre": {"they"}, "youre": {"you"}, "im": {"i"}, "ive": {"i"},
	"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
	"isnt": {"is", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
	"havent": {"have", "not"}, "hasnt": {"has", "not"}, "hadnt": {"had", "not"},
	"cant": {"can", "not"}, "couldnt": {"could", "not"}, "wont": {"will", "not"},
	"wouldnt": {"would", "not"}, "shouldnt": {"should", "not"},
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// WithPrefix returns the ids that start with prefix + "_".
func (x Extraction) WithPrefix(prefix string) []string {
	var out []string
	for _, id := range x.IDs {
		if strings.HasPrefix(id, prefix+"_") {
			out = append(out, id)
		}
	}
	return out
}

// Has reports whether any of words is among the extracted words.
func (x Extraction) Has(words ...string) bool {
	for _, w := range x.Words {
		if slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// dates finds a time range in lower-cased text and blanks the words it used.
func dates(text string, now time.Time, blankText func([]int)) (after, before int64, of string) {
	// Each phrase is blanked here too once read, so that the next patterns do not
	// read it again ("no activity in the last 90 days" is not also "the last 90 days").
	buf := []byte(text)
	lower := text
	blank := func(loc []int) {
		blankText(loc)
		for i := loc[0]; i < loc[1]; i++ {
			buf[i] = ' '
		}
		lower = string(buf)
	}
	// Each pattern runs only when the words it needs are in the text: most messages
	// name no date, and the patterns are the slowest part of Extract.
	digits := strings.ContainsAny(lower, "0123456789")
	between := strings.Contains(lower, "between")
	month := namesMonth(lower)
	iso := digits && strings.Contains(lower, "-")
	ms := func(t time.Time) int64 { return t.UnixMilli() }
	day := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, t.Location()) }
	if m := findIf(between && iso, betweenDates, lower); m != nil {
		if a, ok := parseDate(lower[m[2]:m[3]], now); ok {
			after = ms(a)
		}
		if b, ok := parseDate(lower[m[4]:m[5]], now); ok {
			before = ms(b)
		}
		blank(m[:2])
	}
	if m := findIf((between || strings.Contains(lower, "from")) && digits && month, betweenDays, lower); m != nil {
		// Each side is read as "on <day>"; a range that seems to end before it
		// starts ("between dec 20 and jan 5") starts a year earlier.
		side := func(s string) (time.Time, bool) {
			on := "on " + s
			if mm := monthDay.FindStringSubmatchIndex(on); mm != nil {
				return monthDate(on, mm, now)
			}
			return time.Time{}, false
		}
		f, t := 2*betweenDays.SubexpIndex("from"), 2*betweenDays.SubexpIndex("to")
		a, okA := side(lower[m[f]:m[f+1]])
		b, okB := side(lower[m[t]:m[t+1]])
		if okA && okB {
			if a.After(b) {
				a = a.AddDate(-1, 0, 0)
			}
			after, before = ms(a), ms(b)
			blank(m[:2])
		}
	}
	// Inactivity is read only when a word for it is there: the patterns are slow.
	inactiveOf := ""
	inactive := strings.Contains(lower, "inactive") || strings.Contains(lower, "idle") || strings.Contains(lower, "dormant") ||
		strings.Contains(lower, "not") || strings.Contains(lower, "nt ") || strings.Contains(lower, "n't") || strings.Contains(lower, "never") || strings.Contains(lower, "no ")
	// "not active since <date>": the "since" of that date is an upper bound.
	notSince := -1
	if m := findIf(inactive, inactiveSince, lower); m != nil {
		notSince, inactiveOf = m[4], inactiveField(lower[m[0]:m[1]])
		if m[2] >= 0 {
			blank([]int{m[0], m[2]})
		} else {
			blank([]int{m[0], m[4]})
		}
	}
	bound := func(word string, at int, t time.Time) {
		switch {
		case at == notSince:
			before = ms(t)
		case word == "since" || word == "after" || word == "from":
			after = ms(t)
		case word == "on":
			after, before = ms(t), ms(t.AddDate(0, 0, 1))
		default:
			before = ms(t)
		}
	}
	if m := findIf(inactive, inactiveFor, lower); m != nil {
		// "not active for 90 days": the last activity is before now − 90 days.
		n := 1
		if m[4] >= 0 {
			n = number(lower[m[4]:m[5]])
		}
		before = ms(now.Add(-time.Duration(n) * unit(lower[m[6]:m[7]])))
		inactiveOf = inactiveField(lower[m[0]:m[1]])
		if m[2] >= 0 {
			// "inactive users for 90 days": the noun stays a word of the request.
			blank([]int{m[0], m[2]})
			blank([]int{m[3], m[1]})
		} else {
			blank(m[:2])
		}
	}
	for _, m := range findAllIf(digits && month, monthDay, lower) {
		t, ok := monthDate(lower, m, now)
		if !ok {
			continue
		}
		bound(lower[m[2]:m[3]], m[2], t)
		blank(m[:2])
	}
	for _, m := range findAllIf(month, monthOnly, lower) {
		// "since september": the first of the latest such month not after now; "in
		// october": that month.
		month := months[lower[m[4]:m[4]+3]]
		year := now.Year()
		if m[6] >= 0 {
			year, _ = strconv.Atoi(lower[m[6]:m[7]])
		}
		t := time.Date(year, month, 1, 0, 0, 0, 0, now.Location())
		if m[6] < 0 && t.After(now) {
			t = t.AddDate(-1, 0, 0)
		}
		switch word := lower[m[2]:m[3]]; word {
		case "in", "during":
			after, before = ms(t), ms(t.AddDate(0, 1, 0))
		default:
			bound(word, m[2], t)
		}
		end := m[5]
		if end < len(lower) && lower[end] == '.' {
			end++
		}
		if m[6] >= 0 {
			end = m[7]
		}
		blank([]int{m[0], end})
	}
	for _, m := range findAllIf(strings.Contains(lower, "19") || strings.Contains(lower, "20"), yearOnly, lower) {
		// "before 2025", "since 2024", "in 2025": the first of that year, or the year.
		year, _ := strconv.Atoi(lower[m[4]:m[5]])
		t := time.Date(year, 1, 1, 0, 0, 0, 0, now.Location())
		switch word := lower[m[2]:m[3]]; word {
		case "in", "during":
			after, before = ms(t), ms(t.AddDate(1, 0, 0))
		default:
			bound(word, m[2], t)
		}
		blank([]int{m[0], m[5]})
	}
	for _, m := range findAllIf(iso, sinceDate, lower) {
		t, ok := parseDate(lower[m[4]:m[5]], now)
		if !ok {
			continue
		}
		word := lower[m[2]:m[3]]
		if word == "on" {
			word = "before" // sinceDate has no "on"; keep its old reading
		}
		bound(word, m[2], t)
		blank(m[:2])
	}
	for _, m := range weekdayLocs(lower) {
		// "since monday", "before last friday", "last tuesday": the latest such day
		// before now, or today itself unless "last" says an earlier one.
		word, at, last := "on", m[0], m[6] >= 0 || m[4] >= 0 && strings.HasPrefix(lower[m[4]:m[5]], "last")
		if m[2] >= 0 {
			word, at = lower[m[2]:m[3]], m[2]
		}
		today := day(now)
		back := (int(today.Weekday()) - int(weekdays[lower[m[8]:m[8]+3]]) + 7) % 7
		if back == 0 && last {
			back = 7
		}
		bound(word, at, today.AddDate(0, 0, -back))
		blank(m[:2])
	}
	if m := findIf(strings.Contains(lower, "last") || strings.Contains(lower, "past") || strings.Contains(lower, "previous"), lastN, lower); m != nil {
		n := 1
		if m[2] >= 0 {
			n = number(lower[m[2]:m[3]])
		}
		after = ms(now.Add(-time.Duration(n) * unit(lower[m[4]:m[5]])))
		blank(m[:2])
	}
	if m := findIf(strings.Contains(lower, "than") || strings.Contains(lower, "over") || strings.Contains(lower, "least"), olderThan, lower); m != nil {
		// "older than 60 days", "more than 3 months ago": before that point.
		before = ms(now.Add(-time.Duration(number(lower[m[2]:m[3]])) * unit(lower[m[4]:m[5]])))
		blank(m[:2])
	} else if m := findIf(strings.Contains(lower, "ago"), nAgo, lower); m != nil {
		after = ms(now.Add(-time.Duration(number(lower[m[2]:m[3]])) * unit(lower[m[4]:m[5]])))
		blank(m[:2])
	}
	if m := findIf(strings.Contains(lower, "today") || strings.Contains(lower, "yesterday") || strings.Contains(lower, "this"), calendarWords, lower); m != nil {
		today := day(now)
		var start time.Time
		switch strings.Join(strings.Fields(lower[m[4]:m[5]]), " ") {
		case "today":
			start = today
		case "yesterday":
			start = today.AddDate(0, 0, -1)
		case "this week":
			start = today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7)) // weeks start on Monday
		case "this month":
			start = today.AddDate(0, 0, 1-today.Day())
		case "this year":
			start = today.AddDate(0, 0, 1-today.YearDay())
		}
		switch {
		case m[2] >= 0:
			// "since yesterday" has no end; "before this week" no start.
			bound(lower[m[2]:m[3]], m[2], start)
		case lower[m[4]:m[5]] == "yesterday":
			after, before = ms(start), ms(today)
		default:
			after = ms(start)
		}
		blank(m[:2])
	}
	return after, before, inactiveOf
}

var months = map[string]time.Month{"jan": time.January, "feb": time.February, "mar": time.March,
	"apr": time.April, "may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December}

// monthDate reads a monthDay match ("since Nov 1", "before 3rd of March 2026"). Without
// a year it is the latest such day that is not after now, or after "until" the next
// such day that is not before now.
func monthDate(lower string, m []int, now time.Time) (time.Time, bool) {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return lower[m[2*i]:m[2*i+1]]
	}
	mon, day := group(2), group(3)
	if mon == "" {
		day, mon = group(4), group(5)
	}
	month, ok := months[mon]
	d, err := strconv.Atoi(day)
	if !ok || err != nil || d < 1 || d > 31 {
		return time.Time{}, false
	}
	year := now.Year()
	if y := group(6); y != "" {
		year, _ = strconv.Atoi(y)
	}
	t := time.Date(year, month, d, 0, 0, 0, 0, now.Location())
	if t.Day() != d {
		return time.Time{}, false // 31 November
	}
	switch {
	case group(6) != "":
	case group(1) == "until" || group(1) == "till":
		// "extend the trial until Dec 10": the next such day, not a past one.
		if t.Before(now) {
			t = t.AddDate(1, 0, 0)
		}
	case t.After(now):
		t = t.AddDate(-1, 0, 0)
	}
	return t, true
}

func number(s string) int {
	if n, ok := numberWords[s]; ok {
		return n
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 1
	}
	return min(n, 100000)
}

func unit(s string) time.Duration {
	switch s {
	case "second", "sec":
		return time.Second
	case "minute", "min":
		return time.Minute
	case "hour", "hr", "h":
		return time.Hour
	case "week", "wk", "w":
		return 7 * 24 * time.Hour
	case "month", "mo":
		return 30 * 24 * time.Hour
	case "quarter":
		return 91 * 24 * time.Hour
	case "year", "yr":
		return 365 * 24 * time.Hour
	}
	return 24 * time.Hour
}

func parseDate(s string, now time.Time) (time.Time, bool) {
	s = strings.ToUpper(strings.Replace(s, " ", "T", 1))
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, now.Location()); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// prefixSet holds clerkPrefixes for findIDs.
var prefixSet = func() map[string]bool {
	m := make(map[string]bool, len(clerkPrefixes))
	for _, p := range clerkPrefixes {
		m[p] = true
	}
	return m
}()

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// fieldSuffix are words after a prefix that make a claim's or a field's name, not
// an id: "the org_role claim", "org_slug", "user_metadata".
var fieldSuffix = wordSet(`role roles id ids name names slug metadata admin admins member members domain domains permission permissions
invitation invitations count type status key keys token tokens level settings creator owner image logo limit size`)

// findIDs finds up to n Clerk ids in s (all when n < 0), the spans idPattern matches:
// a whole word made of a known prefix, one underscore and letters or digits. It scans
// words once instead of trying every prefix at every position.
func findIDs(s string, n int) [][]int {
	var out [][]int
	for i := 0; i < len(s) && (n < 0 || len(out) < n); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if u := strings.IndexByte(s[i:j], '_'); u > 0 && i+u+1 < j && prefixSet[s[i:i+u]] &&
			strings.IndexByte(s[i+u+1:j], '_') < 0 && !fieldSuffix[s[i+u+1:j]] {
			out = append(out, []int{i, j})
		}
		i = j
	}
	return out
}

// hasID reports whether s holds a Clerk id.
func hasID(s string) bool { return len(findIDs(s, 1)) > 0 }

// mentions are the Slack user mentions (@U123) in s.
func mentions(s string) [][]string {
	if !strings.Contains(s, "@") {
		return nil
	}
	return mentionPat.FindAllStringSubmatch(s, -1)
}

// spoofedAddress finds a Slack mail link whose label is another address than its
// target ("<mailto:eve@evil.com|bob@acme.com>"): the address, what it shows, true.
func spoofedAddress(text string) (addr, shown string, ok bool) {
	for _, m := range slackLink.FindAllString(text, -1) {
		target, label, _ := strings.Cut(m[1:len(m)-1], "|")
		if !strings.HasPrefix(target, "mailto:") || label == "" {
			continue
		}
		target = strings.TrimPrefix(target, "mailto:")
		if l := strings.TrimSpace(label); emailPattern.MatchString(l) && !strings.EqualFold(l, target) {
			return target, label, true
		}
	}
	return "", "", false
}

// spoofedURL finds a Slack web link whose label is another URL or domain than its
// target ("<https://evil.io/cb|https://app.acme.co/cb>"): the target, what it shows,
// true. Slack's own links show the target without its scheme ("<https://acme.co/x|
// acme.co/x>"), or the start of it; a label of words ("the docs") shows no address.
func spoofedURL(text string) (target, shown string, ok bool) {
	if !strings.Contains(text, "<http") {
		return "", "", false
	}
	for _, m := range slackLink.FindAllString(text, -1) {
		target, label, _ := strings.Cut(m[1:len(m)-1], "|")
		l := strings.TrimSpace(label)
		if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") || l == "" || strings.ContainsAny(l, " \t") || !strings.Contains(l, ".") {
			continue
		}
		t, s := bareURL(target), strings.TrimRight(bareURL(l), "…")
		if t != s && !strings.HasPrefix(t, s) || s == "" {
			return target, label, true
		}
	}
	return "", "", false
}

// bareURL is a URL without its scheme, "www." and a final slash, lower-cased.
func bareURL(u string) string {
	u = asciiLower(u)
	for _, p := range []string{"https://", "http://", "www."} {
		u = strings.TrimPrefix(u, p)
	}
	return strings.TrimRight(u, "/")
}

// metadataField is a kind of metadata written as the field's name before a key:
// "private_metadata fraud_hold".
var metadataField = regexp.MustCompile(`\b(?:public|private|unsafe)_metadata\s+[A-Za-z]`)

// thousands is a number written with thousands separators: "1,000", "2,500,000".
var thousands = regexp.MustCompile(`(?:^|[\s$€£(=:])\d{1,3}(?:,\d{3})+(?:$|[\s.;:!?)])`)

// slackEmphasis is a word in Slack's bold or italic marks: "*don't*", "_never_".
var slackEmphasis = regexp.MustCompile(`(^|[\s(\[{"'])[*_]+([^\s*_](?:[^*]*?[^\s*_])?)[*_]+($|[\s.,;:!?)\]}"'])`)

// replaceOutside replaces the matches of re in text that lie outside the spans.
func replaceOutside(text string, re *regexp.Regexp, spans [][]int, f func(string) string) string {
	return re.ReplaceAllStringFunc(text, func(m string) string {
		i := strings.Index(text, m)
		for _, s := range spans {
			if i >= s[0] && i < s[1] {
				return m
			}
		}
		return f(m)
	})
}

// lookalikeAt finds an id run into a letter, digit or invisible character that is
// not plain ASCII (a Cyrillic "а", a fullwidth digit, a zero-width space): a different
// id than it looks. It returns the id's start, or -1.
func lookalikeAt(text string) int {
	ascii := true
	for i := 0; i < len(text) && ascii; i++ {
		ascii = text[i] < utf8.RuneSelf
	}
	if ascii {
		return -1 // plain ASCII has no look-alikes: the common case, kept cheap
	}
	for _, loc := range idLike.FindAllStringIndex(text, -1) {
		if r, _ := utf8.DecodeRuneInString(text[loc[1]:]); loc[1] < len(text) && r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Cf, r)) {
			return loc[0]
		}
		if r, _ := utf8.DecodeLastRuneInString(text[:loc[0]]); loc[0] > 0 && r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Cf, r)) {
			return loc[0]
		}
	}
	return -1
}

// idLike is an id-shaped word of a known prefix, without the word boundary check.
var idLike = regexp.MustCompile(`(?:` + strings.Join(clerkPrefixes, "|") + `)_[A-Za-z0-9]+`)

// spoofedLink finds a Slack mail link whose label is not its address, whatever the
// label is ("<mailto:bob@acme.com|Alice>"): a write must not act on what is hidden.
func spoofedLink(text string) bool {
	if !strings.Contains(text, "<mailto:") && !strings.Contains(text, "<tel:") {
		return false
	}
	for _, m := range slackLink.FindAllString(text, -1) {
		target, label, _ := strings.Cut(m[1:len(m)-1], "|")
		if strings.HasPrefix(target, "mailto:") && label != "" && !strings.EqualFold(strings.TrimSpace(label), strings.TrimPrefix(target, "mailto:")) {
			return true
		}
		if strings.HasPrefix(target, "tel:") && label != "" && digitsOf(label) != digitsOf(strings.TrimPrefix(target, "tel:")) {
			return true // "<tel:+15550001111|+15559999999>"
		}
	}
	return false
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// inactiveField is the field a negated activity bounds: a sign-in's, or any activity's.
func inactiveField(phrase string) string {
	if strings.Contains(phrase, "log") || strings.Contains(phrase, "sign") {
		return "last_sign_in_at"
	}
	return "last_active_at"
}
