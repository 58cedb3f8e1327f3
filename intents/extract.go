package intents

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
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
		// A link Slack made from a bare domain or address shows what was typed.
		if label != "" && !strings.Contains(label, " ") && strings.Contains(target, label) {
			if strings.HasPrefix(target, "http://"+label) && len(label) < len(target)-len("http://") {
				return target
			}
			return label
		}
		return target
	})
	text = htmlEscapes.Replace(text)
	return strings.TrimSpace(text)
}

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
	Mentions []string // Slack user ids from <@U123>; never Clerk ids
	Quoted   []string // text between matching quotes
	// After and Before bound a time range in Unix milliseconds from relative or absolute
	// dates; 0 means unbounded.
	After, Before int64
	// Words are the lower-cased words outside ids, emails, URLs, quotes and dates.
	Words []string
	// rest is the lower-cased text with ids, emails, URLs, quotes and dates blanked.
	rest string
}

// clerkPrefixes are the id prefixes Clerk uses. A word is an id only when its prefix is
// one of these, so "john_doe" and "cus_123" are not.
var clerkPrefixes = []string{
	"user", "org", "orgmem", "orginv", "orgdmn", "orgrole", "inv", "sess", "client", "idn",
	"mch", "wle", "ins", "app", "jtmp", "act", "sit", "dmn", "alid", "blid", "saml", "samlc",
	"ent", "entc", "dir", "scim", "ak", "mt", "oat", "oa", "aplt", "rol", "role", "perm",
	"rs", "sms", "eml", "ea", "pn", "ph", "wal", "web3", "pk", "td", "exa", "eac", "sut",
	"csub", "cplan", "cpl", "cspi", "bst", "bpr", "bprice", "si", "tok", "ext",
}

var (
	idPattern     = regexp.MustCompile(`\b(` + strings.Join(clerkPrefixes, "|") + `)_[A-Za-z0-9]+\b`)
	emailPattern  = regexp.MustCompile(`\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b`)
	urlPattern    = regexp.MustCompile(`https?://[^\s<>"'|]+`)
	domainPattern = regexp.MustCompile(`\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b`)
	mentionPat    = regexp.MustCompile(`(?:^|\s)@([UW][A-Z0-9]{2,})\b`)
	quotedPattern = regexp.MustCompile(`(?:^|[\s=(:,])(?:"([^"]+)"|'([^']+)')(?:$|[\s.,;:!?)])`)
	numberPattern = regexp.MustCompile(`(?:^|\s)(\d{1,9})(?:$|[\s.,;:!?])`)
	wordPattern   = regexp.MustCompile(`[a-z0-9][a-z0-9_'\-]*`)
	isoDate       = `(\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+\-]\d{2}:?\d{2})?)?)`
	sinceDate     = regexp.MustCompile(`\b(since|after|from|before|until|till|to|and)\s+(?:the\s+)?` + isoDate)
	betweenDates  = regexp.MustCompile(`\bbetween\s+` + isoDate + `\s+and\s+` + isoDate)
	lastN         = regexp.MustCompile(`\b(?:(?:in|over|within|during|for)\s+)?(?:the\s+)?(?:last|past|previous)\s+(\d+|a|an|one|two|three|four|five|six|seven|ten|fourteen|thirty)?\s*(minute|min|hour|hr|day|week|wk|month|year)s?\b`)
	nAgo          = regexp.MustCompile(`\b(\d+|a|an|one|two|three|four|five|six|seven|ten)\s+(minute|hour|day|week|month|year)s?\s+ago\b`)
	calendarWords = regexp.MustCompile(`\b(today|yesterday|this\s+(?:week|month|year))\b`)
)

var numberWords = map[string]int{"": 1, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "ten": 10, "fourteen": 14, "thirty": 30}

// Extract finds ids, emails, URLs, domains, numbers, Slack mentions, quoted text and
// dates in text (already Normalized). Relative dates count back from now.
func Extract(text string, now time.Time) Extraction {
	var x Extraction
	// Spans already claimed are blanked out so that an email's domain is not also a
	// domain, an id inside a URL is not an id, and quoted names are not words.
	rest := []byte(text)
	blank := func(loc []int) {
		for i := loc[0]; i < loc[1]; i++ {
			rest[i] = ' '
		}
	}
	for _, loc := range quotedPattern.FindAllStringSubmatchIndex(text, -1) {
		for g := 2; g <= 4; g += 2 {
			if loc[g] >= 0 {
				if q := strings.TrimSpace(text[loc[g]:loc[g+1]]); q != "" {
					x.Quoted = appendNew(x.Quoted, q)
				}
				blank([]int{loc[g] - 1, loc[g+1] + 1})
			}
		}
	}
	for _, loc := range urlPattern.FindAllStringIndex(string(rest), -1) {
		u := strings.TrimRight(string(rest[loc[0]:loc[1]]), ".,;:!?)")
		x.URLs = appendNew(x.URLs, u)
		blank(loc)
	}
	for _, loc := range emailPattern.FindAllStringIndex(string(rest), -1) {
		x.Emails = appendNew(x.Emails, strings.ToLower(string(rest[loc[0]:loc[1]])))
		blank(loc)
	}
	for _, m := range mentionPat.FindAllStringSubmatch(string(rest), -1) {
		x.Mentions = appendNew(x.Mentions, m[1])
	}
	for _, loc := range idPattern.FindAllStringIndex(string(rest), -1) {
		id := string(rest[loc[0]:loc[1]])
		if _, after, _ := strings.Cut(id, "_"); after == "id" || after == "ids" {
			continue // the words "user_id", "org_ids"
		}
		x.IDs = appendNew(x.IDs, id)
		blank(loc)
	}
	x.After, x.Before = dates(asciiLower(string(rest)), now, blank)
	lower := asciiLower(string(rest))
	for _, loc := range domainPattern.FindAllStringIndex(lower, -1) {
		d := lower[loc[0]:loc[1]]
		if versionWord.MatchString(d) || strings.HasSuffix(d, ".yml") || strings.HasSuffix(d, ".yaml") {
			continue
		}
		x.Domains = appendNew(x.Domains, d)
	}
	for _, m := range numberPattern.FindAllStringSubmatch(lower, -1) {
		x.Numbers = append(x.Numbers, m[1])
	}
	x.rest = lower
	x.Words = wordPattern.FindAllString(lower, -1)
	for i, w := range x.Words {
		x.Words[i] = strings.TrimRight(w, "'-")
	}
	return x
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
func dates(lower string, now time.Time, blank func([]int)) (after, before int64) {
	ms := func(t time.Time) int64 { return t.UnixMilli() }
	day := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, t.Location()) }
	if m := betweenDates.FindStringSubmatchIndex(lower); m != nil {
		if a, ok := parseDate(lower[m[2]:m[3]], now); ok {
			after = ms(a)
		}
		if b, ok := parseDate(lower[m[4]:m[5]], now); ok {
			before = ms(b)
		}
		blank(m[:2])
	}
	for _, m := range sinceDate.FindAllStringSubmatchIndex(lower, -1) {
		t, ok := parseDate(lower[m[4]:m[5]], now)
		if !ok {
			continue
		}
		switch lower[m[2]:m[3]] {
		case "since", "after", "from":
			after = ms(t)
		default:
			before = ms(t)
		}
		blank(m[:2])
	}
	if m := lastN.FindStringSubmatchIndex(lower); m != nil {
		n := 1
		if m[2] >= 0 {
			n = number(lower[m[2]:m[3]])
		}
		after = ms(now.Add(-time.Duration(n) * unit(lower[m[4]:m[5]])))
		blank(m[:2])
	}
	if m := nAgo.FindStringSubmatchIndex(lower); m != nil {
		after = ms(now.Add(-time.Duration(number(lower[m[2]:m[3]])) * unit(lower[m[4]:m[5]])))
		blank(m[:2])
	}
	if m := calendarWords.FindStringSubmatchIndex(lower); m != nil {
		today := day(now)
		switch strings.Join(strings.Fields(lower[m[2]:m[3]]), " ") {
		case "today":
			after = ms(today)
		case "yesterday":
			after, before = ms(today.AddDate(0, 0, -1)), ms(today)
		case "this week":
			back := (int(today.Weekday()) + 6) % 7 // weeks start on Monday
			after = ms(today.AddDate(0, 0, -back))
		case "this month":
			after = ms(today.AddDate(0, 0, 1-today.Day()))
		case "this year":
			after = ms(today.AddDate(0, 0, 1-today.YearDay()))
		}
		blank(m[:2])
	}
	return after, before
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
	case "minute", "min":
		return time.Minute
	case "hour", "hr":
		return time.Hour
	case "week", "wk":
		return 7 * 24 * time.Hour
	case "month":
		return 30 * 24 * time.Hour
	case "year":
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
