package intents

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

// Clerk replaces some lists whole: PATCH /instance/communication takes the full SMS
// country blocklist, and drops every code it is not sent. "block SMS to RU and NG"
// therefore reads the list first and sends it back with the two codes added; "unblock
// PK" sends it back without PK. In a plan, a list item "...$steps[0].field" stands for
// the items of that list in step 0's result, and an item "$not:X" takes X out; the
// engine resolves both before the change is shown for approval.

// SpreadPrefix and NotPrefix mark the items of a list in a step's body that the
// engine resolves: "...$steps[0].field" spreads the list read, "$not:X" takes X out.
const (
	SpreadPrefix = "..."
	NotPrefix    = "$not:"
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
// out (see readCountryChange). ok is false when the message does not ask for exactly
// that.
func listChange(spec *clerk.Spec, m *msg, op *clerk.Operation, whole string, d draft) ([]draft, bool) {
	field := codeListField(op)
	if field == "" || !countryContext(m) {
		return nil, false
	}
	// The whole message, not only the clause the cleaning kept: a remark it dropped
	// ("…, but not GH") may change the request.
	cc, ok := readCountryChange(whole)
	if !ok {
		return nil, false
	}
	get, ok := spec.Lookup("GET", op.Path)
	if !ok {
		return nil, false
	}
	if obj := okSchema(get); obj == nil || obj.Properties[field] == nil {
		return nil, false
	}
	items := []any{SpreadPrefix + ref(0, field)}
	for _, c := range cc.codes {
		if cc.remove {
			c = NotPrefix + c
		}
		items = append(items, c)
	}
	change := d
	change.body = map[string]any{field: items}
	return []draft{{op: get.ID, path: maps.Clone(d.path)}, change}, true
}

// countryChange is a change of a country list: codes to add, or to take out.
type countryChange struct {
	remove bool
	codes  []string
}

// readCountryChange reads "block SMS to RU and NG", "unblock texts to Pakistan" and
// nothing else: one verb that adds or takes out, and in its sentence only countries
// (by code in capitals, or by name) and words that say where they are sent ("sms",
// "to", "in the communication settings"). A comma may go on with more countries, or
// end the request with a remark ("…, toll fraud spike"). Anything that could change
// what is asked is no such request, in the sentence or after it: another country, a
// word that keeps, excepts, waits, replaces or takes back ("but not GH", "keep ZA",
// "next week", "exactly", "unban PK"), a person ("she"), or a messaging system other
// than Clerk ("in Twilio"). A name after "for" may be a person's ("block SMS for
// Jordan", "for QA"), so nothing is read there.
func readCountryChange(text string) (countryChange, bool) {
	if loc := listPhrase.FindStringSubmatchIndex(text); loc != nil {
		// "add Kyrgyzstan to the SMS blocklist", "remove India from the SMS block
		// list": the same request as "block SMS to …", "unblock SMS to …".
		verb := "block"
		if v := asciiLower(text[loc[2]:loc[3]]); v == "remove" || v == "take" || v == "drop" {
			verb = "unblock"
		}
		text = text[:loc[0]] + verb + " SMS to " + text[loc[4]:loc[5]] + text[loc[1]:]
	}
	lower := asciiLower(text)
	vs := listVerb.FindAllStringSubmatchIndex(lower, -1)
	if len(vs) == 0 || otherSMS.MatchString(lower[vs[0][0]:]) {
		// Another system where the request is ("… in Twilio geo permissions");
		// the story before it may name one ("twilio bill spiked, block SMS to RU").
		return countryChange{}, false
	}
	// The verb is the request's, said as a verb: not "the block on SMS to NG",
	// "remove the block", "yes exactly, block …".
	from := 0
	if loc := lastListEnd(lower[:vs[0][0]]); loc >= 0 {
		from = loc
	}
	if c := strings.LastIndex(lower[:vs[0][0]], ","); c+1 > from {
		from = c + 1 // "twilio bill doubled overnight, block SMS to …": the clause only
	}
	if prefix := lower[from:vs[0][0]]; listChanger.MatchString(prefix) || listUndo.MatchString(prefix) || nounBefore.MatchString(prefix) {
		return countryChange{}, false
	}
	cc := countryChange{remove: takesOut(lower[vs[0][2]:vs[0][3]])}
	for _, v := range vs[1:] {
		if takesOut(lower[v[2]:v[3]]) != cc.remove {
			return countryChange{}, false // "block RU, unblock PK": two changes
		}
	}
	rest := text[vs[0][1]:]
	end := len(rest)
	if loc := listEnd.FindStringIndex(rest); loc != nil {
		end = loc[0]
	}
	sentence, after := rest[:end], rest[end:]
	if loc := otherAction.FindStringIndex(sentence); loc != nil {
		// "block SMS to NG and ban user_1": a second change on an object of its own,
		// which is planned apart.
		sentence = sentence[:loc[0]]
	}
	segments := strings.Split(sentence, ",")
	for i, seg := range segments {
		codes, ok := countriesOnly(seg, i == 0)
		if !ok {
			if i == 0 {
				return countryChange{}, false
			}
			// A remark ends the request: what it and the rest of the sentence say
			// must not change it.
			after = strings.Join(segments[i:], ",") + after
			break
		}
		cc.codes = append(cc.codes, codes...)
	}
	if len(cc.codes) == 0 || changesList(after) {
		return countryChange{}, false
	}
	var seen []string
	cc.codes = slices.DeleteFunc(cc.codes, func(c string) bool {
		dup := slices.Contains(seen, c)
		seen = append(seen, c)
		return dup
	})
	return cc, true
}

// lastListEnd is where the sentence that ends text starts, or -1.
func lastListEnd(text string) int {
	locs := listEnd.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return -1
	}
	return locs[len(locs)-1][1]
}

// countriesOnly reads one comma part of the request: countries and the words that go
// with them only. first is set for the part that holds the verb.
func countriesOnly(seg string, first bool) (codes []string, ok bool) {
	words := listToken.FindAllString(seg, -1)
	for i := 0; i < len(words); {
		if n, code := countryAt(words, i, !first); n > 0 {
			codes = append(codes, code)
			i += n
			continue
		}
		if !listFiller[asciiLower(words[i])] {
			// A word of neither kind makes the whole part a remark: read apart from
			// its countries, "GH is fine", "FR from the fraud team", "NG on the
			// sign up form" would change what is asked.
			return nil, false
		}
		i++
	}
	return codes, first || len(codes) > 0
}

// countryAt is the country the words from i name: how many words, and its code.
func countryAt(words []string, i int, segStart bool) (int, string) {
	if isCode(words[i]) {
		if (ambiguousCodes[words[i]] || listFiller[asciiLower(words[i])]) && !codeInList(words, i, segStart) {
			return 0, "" // "… and SO on", "loop in HR", "BLOCK SMS TO RU"
		}
		return 1, words[i]
	}
	for n := min(4, len(words)-i); n > 0; n-- {
		name := asciiLower(strings.Join(words[i:i+n], " "))
		if code, ok := countryByName[name]; ok {
			return n, code
		}
	}
	return 0, ""
}

// codeInList reports whether the code at i stands where a list puts it: after "to",
// "from", "and" or a separator (segStart: the words follow a comma), and before the
// end, "and" or a separator.
func codeInList(words []string, i int, segStart bool) bool {
	before := i == 0 && segStart || i > 0 && listLead[asciiLower(words[i-1])]
	after := i+1 == len(words) || listLead[asciiLower(words[i+1])] && asciiLower(words[i+1]) != "to"
	return before && after
}

// listLead are the words and marks around a country in a list.
var listLead = wordSet(`to from and & / + , or`)

// ambiguousCodes are codes that are also words or abbreviations people write in
// capitals.
var ambiguousCodes = wordSet(`AI AM AS AT BE BY CC CI DM DO GA GM GO HR ID IN IS IT LA LB ME MS NO OR PM PR PS PT QA SA SO TL TO TV MD MO US`)

// isCode reports whether w is a country code as people write one: two capitals.
func isCode(w string) bool {
	_, ok := clerk.CountryName(w)
	return len(w) == 2 && ok
}

// changesList reports whether a remark could change the request: it names a country,
// a person, or a word that keeps, excepts, waits, replaces or takes back.
func changesList(remark string) bool {
	if listChanger.MatchString(asciiLower(remark)) || remarkFor.MatchString(asciiLower(remark)) {
		return true
	}
	words := listToken.FindAllString(remark, -1)
	for i := range words {
		if n, _ := countryAt(words, i, true); n > 0 {
			return true
		}
	}
	return false
}

// takesOut reports whether a verb of listVerb takes out of the list.
func takesOut(verb string) bool {
	return strings.HasPrefix(verb, "un") || strings.HasPrefix(verb, "stop")
}

var (
	// listVerb is the verb that adds to a blocklist or takes out of it.
	listVerb = regexp.MustCompile(`\b(unblock|un-block|unban|un-ban|stop\s+blocking|block|ban|deny)\b`)
	// listEnd ends the sentence of the request.
	listEnd = regexp.MustCompile(`[.;!?](?:\s|$)|\n|\s[—–-]+\s|\(`)
	// listToken is a word of a list request.
	listToken = regexp.MustCompile(`[A-Za-z][A-Za-z'’.&-]*[A-Za-z]|[A-Za-z]|\d+|[&/+@#]\S*`)
	// listFiller are the words that say where the countries are sent.
	listFiller = wordSet(`sms text texts txt txts messages message messaging delivery otp otps verification codes
code numbers number phone phones to from in into on of the our their its this all any and & / + country
countries please pls plz asap now too also immediately instance communication communications comms settings
setting blocklist block-list list outbound international going sent sending traffic`)
	// listChanger is a word of a remark that could change a list request.
	listChanger = regexp.MustCompile(`\b(?:not|no|don'?t|never|but|except|excluding|keep|leave|left|stay|open|instead|rather|only|exactly|replace|overwrite|wait|hold|later|tomorrow|tonight|next|after|before|until|once|when|if|unless|allow\w*|enabl\w*|re-?enabl\w*|reopen\w*|lift\w*|remov\w*|unban\w*|unblock\w*|revers\w*|undo|whitelist\w*|fine|ok|okay|monitor\w*|watch\w*|check\w*|review\w*|look|like|similar|per|state|province|city|etc|so\s+on|more|others|rest|temporar\w*|temp|week|weeks|day|days|hour|hours|month|months|he|she|him|her|his|hers|they|them|twilio|vonage|messagebird|sinch|plivo|telnyx|bandwidth|sns|whatsapp)\b`)
	// listUndo is a verb before "block" that undoes it: "remove the block on …".
	listUndo = regexp.MustCompile(`\b(?:remov\w*|kill\w*|revers\w*|switch\w*|turn\w*|disabl\w*|lift\w*|drop\w*|end\w*|undo\w*|rid|cancel\w*|stop\w*|pause\w*|relax\w*|loosen\w*|ease|overwrit\w*|replac\w*|nothing|just|yes|yeah|yep)\b`)
	// nounBefore makes the verb a noun: "the block", "SMS ban".
	nounBefore = regexp.MustCompile(`\b(?:the|a|an|this|that|our|their|its|sms|text|country|geo|existing|current)\s*$`)
	// remarkFor says what a block is for, or for how long: "for QA", "for a week".
	remarkFor = regexp.MustCompile(`^\W*for\b`)
	// listPhrase puts countries on the SMS blocklist or takes them off it.
	listPhrase = regexp.MustCompile(`(?i)\b(add|put|remove|take|drop)\s+(.+?)\s+(?:to|on|onto|from|off(?:\s+of)?)\s+(?:the\s+|our\s+)?sms\s+(?:country\s+)?(?:block\s?list|deny\s?list)\b`)
	// otherAction is a second change on an object named by id.
	otherAction = regexp.MustCompile(`(?i)\s+(?:and|then|also|\+)\s+(?:ban|unban|lock|unlock|delete|remove|revoke|kick|suspend)\s+\S*[a-z]+_[A-Za-z0-9]{10,}`)
	// otherSMS are messaging systems other than Clerk.
	otherSMS = regexp.MustCompile(`\b(?:twilio|vonage|nexmo|messagebird|sinch|plivo|telnyx|bandwidth|aws\s+sns|sns|whatsapp|firebase)\b`)
)

// countryContext reports whether m talks of countries or text messages, where a
// country's name or a code that is also a word ("IT") can name a country.
func countryContext(m *msg) bool {
	return m.x.Has("sms", "text", "texts", "country", "countries", "toll", "pumping", "carrier", "carriers",
		"region", "regions", "phone", "phones", "verification", "otp", "international", "geo", "geoblock")
}

// countryCodes are the countries a request to change a country list names
// (readCountryChange), or none.
func countryCodes(text string) []string {
	cc, _ := readCountryChange(text)
	return cc.codes
}

// countryByName maps every name of a country, lower case, to its code: the tz
// database's name ("korea (south)"), the name with its qualifier in front ("south
// korea"), the name without the qualifier where only one country has it
// ("myanmar"), "and" for "&", and a few everyday names ("uk", "usa").
var countryByName = func() map[string]string {
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
	return names
}()
