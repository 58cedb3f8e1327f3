package intents

import "strings"

// listKind is one of the instance's lists of identifiers.
type listKind struct {
	name   string // as the messages say it
	list   string // operation that lists the entries
	remove string // operation that removes one by id
	param  string // path parameter of remove
	query  bool   // list takes ?query= (the waitlist searches by email)
}

var (
	allowList = listKind{name: "allow-list", list: "ListAllowlistIdentifiers", remove: "DeleteAllowlistIdentifier", param: "identifier_id"}
	blockList = listKind{name: "block-list", list: "ListBlocklistIdentifiers", remove: "DeleteBlocklistIdentifier", param: "identifier_id"}
	waitList  = listKind{name: "waitlist", list: "ListWaitlistEntries", remove: "DeleteWaitlistEntry", param: "waitlist_entry_id", query: true}
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
	if kind == nil || len(m.x.IDs) > 0 {
		return ruleResult{}
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
		return proposed("find the "+kind.name+" entry, then remove it", look, then(kind.remove, kind.param))
	}
	return ruleResult{}
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
