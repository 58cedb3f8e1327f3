package intents

import (
	"encoding/json"
	"regexp"
	"strings"
)

var (
	// metaAfter is "with public metadata plan=trial, seats=5", "metadata: {…}": the
	// pairs follow the word.
	metaAfter = regexp.MustCompile(`(?i)\b(?:(?:with|and|plus|set|setting|carrying)\s+)?(?:(?:the|their|its)\s+)?(?:(public|private|unsafe)\s+)?meta(?:data)?\b\s*(?:of|=|:|as|to)?\s*`)
	// metaBefore is "with plan trial in public metadata": the pairs come first.
	metaBefore = regexp.MustCompile(`(?i)\bwith\s+(.+?)\s+(?:in|as|into|under)\s+(?:the\s+|their\s+|its\s+)?(?:(public|private|unsafe)\s+)?meta(?:data)?\b`)
)

// kvHead is one "key=value" (or "key: value") at the start of a piece of text.
var kvHead = regexp.MustCompile(`^[\w.\-]+\s*[=:]\s*(?:"[^"]*"|'[^']*'|[^\s,;"']+)`)

// metadataClause reads the metadata a create request carries ("invite bob@acme.com
// with public metadata plan=trial", "… with plan trial in public metadata", "…
// metadata {"plan":"trial"}"): the fields by kind (public_metadata, …), the words
// it used, and found when the text names metadata at all. ok is false when it does
// but the pairs cannot be read, so that the caller abstains rather than drop them.
// Without a kind, metadata is public, except keys that look like billing or internal
// ids, which are private.
func (m *msg) metadataClause() (fields map[string]map[string]any, used []string, found, ok bool) {
	if !m.res[rMetadata] {
		return nil, nil, false, true
	}
	fields = map[string]map[string]any{}
	add := func(kind string, pairs []pair) {
		for _, p := range pairs {
			setMetadata(fields, kind, p)
		}
	}
	text := m.text
	if mm := metaBefore.FindStringSubmatchIndex(text); mm != nil {
		pairs, ok := parsePairs(text[mm[2]:mm[3]])
		if !ok || len(pairs) == 0 {
			return nil, nil, true, false
		}
		kind := ""
		if mm[4] >= 0 {
			kind = asciiLower(text[mm[4]:mm[5]])
		}
		add(kind, pairs)
		return fields, clauseWords(text[mm[0]:mm[1]]), true, true
	}
	mm := metaAfter.FindStringSubmatchIndex(text)
	if mm == nil {
		return nil, nil, true, false
	}
	kind := ""
	if mm[2] >= 0 {
		kind = asciiLower(text[mm[2]:mm[3]])
	}
	used = clauseWords(text[mm[0]:mm[1]])
	rest := text[mm[1]:]
	if strings.HasPrefix(rest, "{") {
		// A JSON object: taken as it is, keys and all.
		_, body, after := cutJSON(rest)
		var obj map[string]any
		if json.Unmarshal([]byte(body), &obj) != nil || len(obj) == 0 {
			return nil, nil, true, false
		}
		if kinds := metadataKinds(obj); kinds != nil {
			// {"private_metadata": {…}}: the kinds are the object's own keys.
			if kind != "" {
				return nil, nil, true, false
			}
			return kinds, used, true, true
		}
		if mm := kindTail.FindStringSubmatch(after); mm != nil && kind == "" {
			kind = asciiLower(mm[1]) // "… metadata {…} -- private"
		}
		if kind == "" {
			kind = "public"
		}
		fields[kind+"_metadata"] = obj
		return fields, used, true, true
	}
	// Pairs up to the first piece that is not one: "plan=trial, link should expire
	// in 3 days" stops before "link".
	var pairs []pair
	for _, piece := range pairSplit.Split(rest, -1) {
		piece = strings.TrimSpace(trailingJunk.ReplaceAllString(piece, ""))
		if strings.Count(piece, ")") > strings.Count(piece, "(") {
			// "(public metadata billable=false)": the aside's end, not the value's.
			piece = strings.TrimSpace(trailingJunk.ReplaceAllString(strings.TrimRight(piece, ")"), ""))
		}
		if piece == "" {
			continue
		}
		last := false
		if kv := kvHead.FindString(piece); kv != "" && len(kv) < len(piece) {
			// "seat_type=viewer on user_1's membership": the pair, then where it goes.
			piece, last = kv, true
		}
		p, ok := parsePairs(piece)
		if !ok || len(p) != 1 || strings.ContainsAny(piece, " ") && !strings.ContainsAny(piece, "=:") {
			break
		}
		pairs = append(pairs, p...)
		used = append(used, clauseWords(piece)...)
		if last {
			break
		}
	}
	if len(pairs) == 0 {
		return nil, nil, true, false
	}
	add(kind, pairs)
	return fields, used, true, true
}

// fieldNouns name a field rather than give its value: "update kyc status on org_1".
var fieldNouns = wordSet(`status state flag field value setting settings info details data stuff thing attribute property`)

// replaceMeta asks to replace a user's metadata rather than merge into it:
// "overwrite all public metadata on user_1 with {…}", "replace user_1's metadata with
// {…}".
var replaceMeta = regexp.MustCompile(`(?i)\b(?:overwrite|replace|reset)\s+(?:all\s+(?:of\s+)?)?(?:the\s+|their\s+|its\s+|(?:user|org)_[A-Za-z0-9]+(?:'s|’s)?\s+)?(?:(public|private|unsafe)\s+)?meta(?:data)?\b`)

// ruleReplaceMetadata plans PUT …/metadata for a request to replace a user's or an
// organization's metadata with the JSON object the text gives. PUT replaces every kind it is
// sent; the text names one kind (public unless it says) or sends the kinds itself.
func ruleReplaceMetadata(m *msg) ruleResult {
	mm := replaceMeta.FindStringSubmatch(m.text)
	if mm == nil || m.question || len(m.x.IDs) != 1 || !strings.HasPrefix(m.x.IDs[0], "user_") && !strings.HasPrefix(m.x.IDs[0], "org_") {
		return ruleResult{}
	}
	op, param := "ReplaceUserMetadata", "user_id"
	if strings.HasPrefix(m.x.IDs[0], "org_") {
		op, param = "ReplaceOrganizationMetadata", "organization_id"
	}
	_, raw, _ := cutJSON(m.text)
	var obj map[string]any
	if raw == "" || json.Unmarshal([]byte(raw), &obj) != nil {
		return ruleResult{outcome: askBack, cands: []string{"ReplaceUserMetadata"},
			message: "Replace it with what? Send the new metadata as JSON, for example: replace the public metadata of user_123 with {\"plan\": \"pro\"}."}
	}
	body := map[string]any{}
	wrapped := true
	for k := range obj {
		wrapped = wrapped && (k == "public_metadata" || k == "private_metadata" || k == "unsafe_metadata")
	}
	if wrapped && mm[1] == "" {
		body = obj
	} else {
		kind := asciiLower(mm[1])
		if kind == "" {
			kind = "public"
		}
		body[kind+"_metadata"] = obj
	}
	if op == "ReplaceOrganizationMetadata" && body["unsafe_metadata"] != nil {
		return ruleResult{outcome: askBack, message: "Organizations have public and private metadata only; say which."}
	}
	return proposed("replace the metadata (PUT replaces what it is sent)",
		draft{op: op, path: map[string]string{param: m.x.IDs[0]}, body: body})
}

// metadataKinds returns obj as metadata by kind when every key of obj is one
// ("public_metadata", "private_metadata", "unsafe_metadata"), else nil.
func metadataKinds(obj map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for k, v := range obj {
		inner, ok := v.(map[string]any)
		if !ok || k != "public_metadata" && k != "private_metadata" && k != "unsafe_metadata" {
			return nil
		}
		out[k] = inner
	}
	return out
}
