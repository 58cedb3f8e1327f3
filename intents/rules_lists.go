package intents

import (
	"regexp"
	"slices"
	"strings"
)

// listKind is one of the instance's lists of identifiers.
type listKind struct {
	name   string // as the messages say it
	list   string // operation that lists the entries
	remove string // operation that removes one by id
	param  string // path parameter of remove
	prefix string // prefix of an entry's id
	query  bool   // list takes ?query= (the waitlist searches by email)
}

var (
	allowList = listKind{name: "allow-list", list: "ListAllowlistIdentifiers", remove: "DeleteAllowlistIdentifier", param: "identifier_id", prefix: "alid"}
	blockList = listKind{name: "block-list", list: "ListBlocklistIdentifiers", remove: "DeleteBlocklistIdentifier", param: "identifier_id", prefix: "blid"}
	waitList  = listKind{name: "waitlist", list: "ListWaitlistEntries", remove: "DeleteWaitlistEntry", param: "waitlist_entry_id", query: true, prefix: "wle"}
)

// listNames are the words (and two-word spellings) that name each list.
var listNames = map[string]*listKind{
	"allowlist": &allowList, "whitelist": &allowList, "allow-list": &allowList, "allow list": &allowList,
	"blocklist": &blockList, "blacklist": &blockList, "block-list": &blockList, "block list": &blockList,
	"waitlist": &waitList, "wait-list": &waitList, "wait list": &waitList,
}

// listWords are the words a list rule consumes besides the list's name.
var listWords = []string{"allowlist", "whitelist", "allow-list", "allow", "blocklist", "blacklist",
	"block-list", "block", "waitlist", "wait-list", "wait", "list", "entry", "entries", "identifier",
	"off", "let", "take", "taking", "through", "unblock", "approve", "admit", "accept", "reject", "deny", "decline"}

// admitWords let someone in off the waitlist; rejectWords turn them down.
var (
	admitWords  = []string{"approve", "admit", "accept", "invite", "let"}
	rejectWords = []string{"reject", "deny", "decline"}
)

// ruleListEntries acts on one entry of the allow-list, the block-list or the waitlist
// named by its value (an email, a domain or a phone number): remove it ("remove
// bob@acme.com from the allowlist", "take spam.io off the blocklist"), and on the
// waitlist let it in ("let bob@acme.com in off the waitlist", "approve bob@acme.com on
// the waitlist") or turn it down; adding one is left to the ranker, which fills the
// create operation's body from the spec. Entries are removed and invited by id, so the entry
// is looked up first; the waitlist is searched by email, while the allow- and
// block-lists cannot be searched: their look-up lists every entry, and the engine goes
// on only when exactly one is listed.
func ruleListEntries(m *msg) ruleResult {
	kind := m.listKind()
	if kind == nil {
		return ruleResult{}
	}
	if len(m.x.IDs) > 0 {
		return listEntryByID(m, kind)
	}
	if len(m.x.Emails)+len(m.x.Domains)+len(m.x.Phones) == 0 {
		return listSize(m, kind)
	}
	value := ""
	switch {
	case len(m.x.Emails)+len(m.x.Domains)+len(m.x.Phones) != 1:
		return ruleResult{}
	case len(m.x.Emails) == 1:
		value = m.x.Emails[0]
	case kind == &waitList:
		return ruleResult{} // the waitlist holds email addresses only
	case len(m.x.Domains) == 1:
		value = m.x.Domains[0]
	default:
		value = m.x.Phones[0]
	}
	v, ok := m.verb()
	if !ok || len(m.unknown(append(listWords, value)...)) > 0 {
		return ruleResult{}
	}
	look := draft{op: kind.list}
	if kind.query {
		look.query = q("query", value)
	}
	then := func(op, param string) draft {
		return draft{op: op, path: map[string]string{param: ref(0, "id")}}
	}
	switch {
	case m.question || v == vRead || v == vList:
		return proposed("look "+value+" up on the "+kind.name, look)
	case kind == &waitList && (v == vInvite || v == vNone && m.x.Has(admitWords...) && !m.x.Has(rejectWords...)):
		return proposed("find the waitlist entry by email, then invite it", look, then("InviteWaitlistEntry", "waitlist_entry_id"))
	case kind == &waitList && v == vNone && m.x.Has(rejectWords...):
		return proposed("find the waitlist entry by email, then reject it", look, then("RejectWaitlistEntry", "waitlist_entry_id"))
	case v == vDelete || v == vNone && (m.x.Has("take", "taking") && m.x.Has("off") || kind == &blockList && m.x.Has("unblock")):
		return unsearchable(kind, value, proposed("find the "+kind.name+" entry, then remove it", look, then(kind.remove, kind.param)))
	}
	return ruleResult{}
}

// unsearchable turns a look-up and change on a list that cannot be searched into the
// list alone, with a note: the look-up would return every entry, not the one named.
func unsearchable(kind *listKind, value string, res ruleResult) ruleResult {
	if kind.query || len(res.plan.steps) < 2 {
		return res
	}
	res.plan.steps = res.plan.steps[:1]
	res.plan.reason = "list the " + kind.name + " to find " + value + "'s entry"
	res.message = "The " + kind.name + " cannot be searched by value, so nothing was changed: find " + value + " in the list, then say the change with the entry's id, for example: delete " + kind.prefix + "_123."
	return res
}

// listKind returns the one list the text names, or nil.
func (m *msg) listKind() *listKind {
	var found *listKind
	for i, w := range m.x.Words {
		k := listNames[w]
		if k == nil && i+1 < len(m.x.Words) {
			k = listNames[w+" "+m.x.Words[i+1]]
		}
		if k == nil {
			continue
		}
		if found != nil && found != k {
			return nil
		}
		found = k
	}
	if found != nil && strings.Contains(m.lower, "allow") && strings.Contains(m.lower, "block") {
		return nil // "move acme.com from the blocklist to the allowlist": two lists
	}
	if found == nil && m.x.Has("unblock") && len(m.x.Emails) == 0 && len(m.x.Domains)+len(m.x.Phones) == 1 {
		// "unblock spam.io": only the block-list blocks a domain or a phone number (an
		// email may be a banned user's).
		return &blockList
	}
	return found
}

// listEntryByID acts on one entry of a list named by its id in the chat shapes the
// ranker cannot read ("let wle_1 in off the waitlist", "take blid_1 off the
// blocklist"): the same actions as by value, without the look-up. A plain verb
// ("reject wle_1", "delete blid_1"), an id of another kind or a second id is left
// to the ranker.
func listEntryByID(m *msg, kind *listKind) ruleResult {
	if len(m.x.IDs) != 1 || len(m.ids(kind.prefix)) != 1 || len(m.x.Emails)+len(m.x.Domains)+len(m.x.Phones) > 0 {
		return ruleResult{}
	}
	id := m.x.IDs[0]
	v, ok := m.verb()
	if !ok || m.question || len(m.unknown(append(listWords, "in", "ok", "lets")...)) > 0 {
		return ruleResult{}
	}
	on := func(op string) draft { return draft{op: op, path: map[string]string{kind.param: id}} }
	switch {
	case kind == &waitList && (v == vInvite || v == vNone && m.x.Has(admitWords...) && !m.x.Has(rejectWords...)):
		return proposed("invite the waitlist entry "+id, on("InviteWaitlistEntry"))
	case v == vNone && (m.x.Has("take", "taking") && m.x.Has("off") || kind == &blockList && m.x.Has("unblock")):
		return proposed("remove the "+kind.name+" entry "+id, on(kind.remove))
	}
	return ruleResult{}
}

// sizeWords ask how big a list is: "how long is the waitlist atm", "size of the
// blocklist".
var sizeWords = []string{"how", "long", "big", "large", "size", "length", "many", "is", "are", "there", "on", "currently", "atm", "now", "right"}

// listSize answers how big one list is, or what is on it, with the list itself
// (its answer carries the count): a read that names the list and nothing else.
func listSize(m *msg, kind *listKind) ruleResult {
	v, ok := m.verb()
	if !ok || !(v == vRead || v == vList || v == vCount || v == vNone) {
		return ruleResult{}
	}
	if v == vNone && !sizeQuestion.MatchString(m.lower) {
		return ruleResult{}
	}
	known := append(slices.Clone(listWords), sizeWords...)
	for _, w := range m.x.Words {
		// Strictly the list and the ask: a status or any other qualifier ("still
		// pending") is a filter the ranker fills from the spec.
		if vv, ok := verbs[w]; ok && (vv == vRead || vv == vList || vv == vCount) || stop[w] || filler[w] || slices.Contains(known, w) {
			continue
		}
		return ruleResult{}
	}
	return proposed("list the "+kind.name, draft{op: kind.list})
}

// sizeQuestion asks after the size of something without a verb of the lexicon.
var sizeQuestion = regexp.MustCompile(`\bhow\s+(?:long|big|large|full)\b|\b(?:size|length)\s+of\b`)
