package intents

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

// Clerk replaces some lists whole: PATCH /instance/communication takes the full SMS
// country blocklist, and drops every code it is not sent. "block SMS to RU and NG"
// therefore reads the list first and sends it back with the two codes added; "unblock
// PK" sends it back without PK. In a plan, a list item "...$steps[0].field" stands for
// the items of that list in step 0's result, and an item "$not:X" takes X out; the
// engine resolves both before the change is shown for approval.

// spreadPrefix and notPrefix mark the items of a list that the engine resolves.
const (
	spreadPrefix = "..."
	notPrefix    = "$not:"
)

// codeListField is the body field of op that holds a list of country codes (strings
// with the pattern ^[A-Z]{2}$), or "".
func codeListField(op *clerk.Operation) string {
	bs := bodySchema(op)
	if bs == nil {
		return ""
	}
	for _, name := range slices.Sorted(maps.Keys(bs.Properties)) {
		p := bs.Properties[name]
		if p == nil || p.Value == nil || !p.Value.Type.Is("array") || p.Value.Items == nil || p.Value.Items.Value == nil {
			continue
		}
		if p.Value.Items.Value.Pattern == "^[A-Z]{2}$" {
			return name
		}
	}
	return ""
}

// listChange plans the change of op's country-code list the text asks for: the read
// of the list at the same path, then the list with the named countries added or taken
// out. A text that asks to replace the list ("set the blocklist to exactly RU, NG")
// sends the named codes alone. ok is false when the text names no country, or does
// not say clearly whether to add or take out.
func listChange(spec *clerk.Spec, m *msg, op *clerk.Operation, d draft) ([]draft, bool) {
	field := codeListField(op)
	if field == "" {
		return nil, false
	}
	loc := listVerb.FindStringSubmatchIndex(m.lower)
	whole := wholeList.FindStringIndex(m.lower)
	if loc == nil && whole == nil {
		return nil, false
	}
	start := 0
	if loc != nil {
		start = loc[0]
	} else {
		start = whole[0]
	}
	span := m.text[start:]
	if end := listEnd.FindStringIndex(span); end != nil {
		span = span[:end[0]]
	}
	codes := countryCodes(span)
	if len(codes) == 0 || !countryContext(m) {
		return nil, false
	}
	remove := loc != nil && takesOut(m.lower[loc[2]:loc[3]])
	if bothWays(m.lower) {
		return nil, false
	}
	change := d
	change.body = map[string]any{}
	if whole != nil && !remove {
		items := make([]any, len(codes))
		for i, c := range codes {
			items[i] = c
		}
		change.body[field] = items
		return []draft{change}, true
	}
	get, ok := spec.Lookup("GET", op.Path)
	if !ok {
		return nil, false
	}
	if obj := okSchema(get); obj == nil || obj.Properties[field] == nil {
		return nil, false
	}
	items := []any{spreadPrefix + ref(0, field)}
	for _, c := range codes {
		if remove {
			c = notPrefix + c
		}
		items = append(items, c)
	}
	change.body[field] = items
	return []draft{{op: get.ID, path: maps.Clone(d.path)}, change}, true
}

// bothWays reports whether text both adds to a list and takes out of it ("block RU,
// unblock PK"): two changes.
func bothWays(text string) bool {
	vs := listVerb.FindAllStringSubmatch(text, -1)
	return slices.ContainsFunc(vs, func(v []string) bool { return takesOut(v[1]) != takesOut(vs[0][1]) })
}

// takesOut reports whether a verb of listVerb takes out of the list.
func takesOut(verb string) bool {
	return !slices.Contains([]string{"block", "ban", "deny", "disable"}, verb) && !strings.HasPrefix(verb, "cut")
}

var (
	// listVerb is the verb that adds to a blocklist or takes out of it.
	listVerb = regexp.MustCompile(`\b(unblock|un-block|allow|re-?enable|lift|take\s+(?:\S+\s+)?off|stop\s+blocking|block|ban|deny|disable|cut\s+off)\b`)
	// wholeList asks for the list to be exactly the codes named.
	wholeList = regexp.MustCompile(`\b(?:replace|overwrite|exactly|only\s+(?:these|those|block))\b`)
	// listEnd ends the sentence of the request.
	listEnd = regexp.MustCompile(`[.;!?](?:\s|$)|\n|\s[—–-]+\s`)
)

// countryContext reports whether m talks of countries or text messages, where a
// country's name or a code that is also a word ("IT") can name a country.
func countryContext(m *msg) bool {
	return m.x.Has("sms", "text", "texts", "country", "countries", "toll", "pumping", "carrier", "carriers",
		"region", "regions", "phone", "phones", "verification", "otp", "international", "geo", "geoblock")
}

// countryCodes are the countries text names, by code ("RU") or by name ("Nigeria",
// "South Korea"), in the order said, without repeats. A code that is also a common
// word or abbreviation ("IT", "QA", "AI") and a name that is also a person's or a
// place's ("Jordan", "Georgia") count only where a list puts them: after "to", "for",
// "from", a comma or "and", and before the end, a comma, "and" or "numbers".
func countryCodes(text string) []string {
	var out []string
	add := func(c string) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	type found struct {
		at   int
		code string
	}
	var all []found
	for _, loc := range codeWord.FindAllStringIndex(text, -1) {
		c := text[loc[0]:loc[1]]
		if _, ok := clerk.CountryName(c); !ok || ambiguousCodes[c] && !inList(text, loc[0], loc[1]) {
			continue
		}
		all = append(all, found{loc[0], c})
	}
	lower := asciiLower(text)
	for _, loc := range countryNamePattern.FindAllStringIndex(lower, -1) {
		name := lower[loc[0]:loc[1]]
		if !inList(text, loc[0], loc[1]) && len(strings.Fields(name)) == 1 {
			continue
		}
		all = append(all, found{loc[0], countryByName[name]})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	for _, f := range all {
		add(f.code)
	}
	return out
}

// inList reports whether text[from:to] stands where a list of countries puts it.
func inList(text string, from, to int) bool {
	return listBefore.MatchString(asciiLower(text[:from])) && listAfter.MatchString(asciiLower(text[to:]))
}

var (
	codeWord   = regexp.MustCompile(`\b[A-Z]{2}\b`)
	listBefore = regexp.MustCompile(`(?:\b(?:to|for|from|block|unblock|and|or|in)\s+|[,/&+]\s*)(?:the\s+)?$`)
	listAfter  = regexp.MustCompile(`^(?:\s*$|\s*[,/&+.;!?)]|\s+(?:and|or|numbers?|sms|texts?|phones?)\b)`)
	// ambiguousCodes are codes that are also words or abbreviations people write in
	// capitals.
	ambiguousCodes = wordSet(`AI AM AS AT BY CI DM DO GO HR ID IN IS IT ME MS NO PM PR PS QA SA SO TO TV MD MO`)
)

// countryByName maps every name of a country, lower case, to its code: the tz
// database's name ("korea (south)"), the name with its qualifier in front ("south
// korea"), the name without the qualifier where only one country has it
// ("myanmar"), "and" for "&", and a few everyday names ("uk", "usa").
var countryByName, countryNamePattern = func() (map[string]string, *regexp.Regexp) {
	names := map[string]string{"uk": "GB", "united kingdom": "GB", "great britain": "GB", "usa": "US",
		"america": "US", "south korea": "KR", "north korea": "KP", "russian federation": "RU"}
	bare := map[string][]string{}
	for _, code := range clerk.CountryCodes() {
		name, _ := clerk.CountryName(code)
		n := strings.ToLower(name)
		names[n] = code
		if strings.Contains(n, "&") {
			names[strings.ReplaceAll(n, "&", "and")] = code
		}
		if base, qual, ok := strings.Cut(n, " ("); ok {
			qual = strings.TrimSuffix(qual, ")")
			names[qual+" "+base] = code
			bare[base] = append(bare[base], code)
		}
	}
	for base, codes := range bare {
		if len(codes) == 1 {
			names[base] = codes[0]
		}
	}
	keys := slices.Collect(maps.Keys(names))
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = regexp.QuoteMeta(k)
	}
	return names, regexp.MustCompile(`\b(?:` + strings.Join(quoted, "|") + `)\b`)
}()
