package intents

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// signupWords imply users even when the text does not say "users".
var signupWords = []string{"signed", "signups", "signup", "joined", "registered", "sign", "logged", "login", "logins", "log"}

// ruleUsers: get one user (id, email, username, name), list users with filters and
// dates, count them, create, delete, ban, unban, lock, unlock.
func ruleUsers(m *msg) ruleResult {
	v, ok := m.verb()
	if !ok || !m.onlyIDs("user", "org") || len(m.ids("org")) > 1 || m.res[rMetadata] {
		return ruleResult{}
	}
	users := m.ids("user")
	implied := m.x.Has(signupWords...) && (m.x.After != 0 || m.x.Before != 0 || v == vCount || m.x.Has("who", "anyone", "anybody", "someone", "somebody"))
	// A lone email or username with a user-only action ("ban bob@acme.com", "lookup
	// a@b.co") names a user too.
	userOnly := v == vBan || v == vUnban || v == vLock || v == vUnlock
	_, named := m.username()
	phone := len(m.x.Phones) == 1 && len(m.x.Emails) == 0 && len(m.x.IDs) == 0
	lone := len(m.res) == 0 && ((len(m.x.Emails) == 1 && (v == vRead || userOnly)) || (named && userOnly) || phone && v == vRead)
	if !m.res[rUser] && len(users) == 0 && !implied && !lone {
		return ruleResult{}
	}
	if m.res[rOrg] && len(m.ids("org")) == 0 {
		return ruleResult{} // "users of Acme": the organization needs its own look-up
	}
	action := map[verb]string{vBan: "BanUser", vUnban: "UnbanUser", vLock: "LockUser", vUnlock: "UnlockUser", vDelete: "DeleteUser"}
	switch v {
	case vBan, vUnban, vLock, vUnlock, vDelete:
		if len(m.ids("org")) > 0 {
			return ruleResult{}
		}
		if len(users) > 1 {
			return severalUsers(m, v, users)
		}
		steps, id, used, ok := m.userTarget()
		if !ok || len(m.unknown(append(used, m.modifiers()...)...)) > 0 {
			return ruleResult{}
		}
		return proposed(strings.ToLower(action[v])+" by "+describeTarget(steps), append(steps, draft{op: action[v], path: map[string]string{"user_id": id}})...)
	case vCreate:
		return createUser(m)
	case vCount:
		if w := m.unfilterable(); w != "" && len(users) == 0 {
			return unfilterableAsk(w)
		}
		query, used, ok := m.userFilters()
		// "how many users in total", "overall": a count is of every match anyway.
		used = append(used, "total", "overall", "altogether", "we", "have", "got", "moment", "currently", "now", "presently", "right")
		if !ok || len(users) > 0 || len(m.unknown(used...)) > 0 {
			return ruleResult{}
		}
		query.Del("limit")
		query.Del("order_by")
		return proposed("count users matching the filters", draft{op: "GetUsersCount", query: query})
	case vRead, vList, vNone:
		if len(users) == 1 && len(m.x.IDs) == 1 && len(m.x.Emails) == 0 {
			if len(m.unknown(userAttributeWords...)) > 0 {
				return ruleResult{}
			}
			return proposed("get a user by id", draft{op: "GetUser", path: map[string]string{"user_id": users[0]}})
		}
		if len(users) > 0 {
			return ruleResult{}
		}
		if w := m.unfilterable(); w != "" && len(m.x.Emails)+len(m.x.Phones) == 0 && m.x.Has("users", "accounts", "people", "who", "everyone") {
			return unfilterableAsk(w)
		}
		query, used, ok := m.userFilters()
		if !ok || len(m.x.Emails) > 1 {
			return ruleResult{}
		}
		if len(m.x.Emails) == 1 {
			query.Set("email_address", m.x.Emails[0])
		} else if phone {
			// "lookup +14155550123": the user with that phone number.
			query.Set("phone_number", m.x.Phones[0])
			used = append(used, "phone", "number", "mobile", "cell", "owns", "own", "belongs", "belong", "whose")
		} else if u, ok := m.username(); ok {
			query.Set("username", u)
			used = append(used, u)
		} else if v != vList && len(query) == 0 && !m.x.Has("users", "all", "people", "accounts", "signups") {
			// "get user bob": a free-text search, when one word names the person.
			if name := m.personName(); name != "" {
				query.Set("query", name)
				used = append(used, name)
			}
		}
		allowed := append(used, "profile", "details")
		if len(m.x.Emails) == 1 || query.Get("username") != "" || query.Get("phone_number") != "" {
			// "when did kate@x.io last sign in?": a part of the one user the
			// look-up returns whole.
			allowed = append(allowed, userAttributeWords...)
		}
		if len(m.unknown(allowed...)) > 0 {
			return ruleResult{}
		}
		return proposed("list users matching the filters", draft{op: "GetUserList", query: query})
	}
	return ruleResult{}
}

// unfilterableStates are states of a user that GET /users and /users/count cannot
// filter by: a list or count of them would silently be of every user.
var unfilterableStates = []string{"locked", "unlocked", "mfa", "2fa", "totp", "two-factor", "passkey", "passkeys"}

// unfilterable returns the state a list or count of users asks for that Clerk cannot
// filter by, or "".
func (m *msg) unfilterable() string {
	for _, w := range unfilterableStates {
		if m.x.Has(w) {
			return w
		}
	}
	return ""
}

func unfilterableAsk(state string) ruleResult {
	return ruleResult{outcome: askBack, cands: []string{"GetUserList", "GetUsersCount"},
		message: "Clerk's user list cannot be filtered by " + state + ", so a count or list would include every user. List users (for example: list users created in the last 30 days) and check the " + state + " field in the result, or look one user up by id."}
}

// userAttributeWords ask for part of a user that GET /users/{user_id} returns whole:
// "what's the email of user_1", "when did user_1 last sign in".
var userAttributeWords = []string{"profile", "details", "record", "data", "info", "name", "first", "last", "username",
	"phone", "number", "numbers", "image", "avatar", "picture", "photo", "public", "private", "unsafe", "created", "updated",
	"when", "sign", "signed", "in", "login", "logged", "last_sign_in_at", "external", "status", "verified", "locked", "banned",
	"mfa", "totp", "password", "backup", "codes", "enabled", "two-factor", "2fa"}

// severalUsers: "ban these two: user_a and user_b" is one bulk request (POST
// /users/ban, at most 50, confirmed as destructive); other actions on several users
// are asked one at a time.
// eitherOr leaves open which of several objects a change is for.
var eitherOr = regexp.MustCompile(`\b(?:or|either|maybe|possibly|perhaps)\b`)

func severalUsers(m *msg, v verb, users []string) ruleResult {
	if len(m.x.Emails) > 0 || len(m.unknown("these", "those", "both", "two", "three", "four", "five", "following")) > 0 {
		return ruleResult{}
	}
	if eitherOr.MatchString(m.lower) {
		// "ban user_1 or user_2", "… and maybe user_3": which of them is not decided.
		return ruleResult{outcome: askBack, message: "Which users? Name each one to act on, for example: ban user_123 and user_456."}
	}
	op := map[verb]string{vBan: "UsersBan", vUnban: "UsersUnban"}[v]
	if op == "" || len(users) > 50 {
		return ruleResult{outcome: askBack, message: "clerkbot acts on one user at a time here, so each change is confirmed; send one request per user."}
	}
	return proposed(strings.ToLower(op)+" for the listed users", draft{op: op, body: map[string]any{"user_ids": users}})
}

func describeTarget(steps []draft) string {
	if len(steps) > 0 {
		return "looking the user up first"
	}
	return "user id"
}

var personAfterUser = regexp.MustCompile(`(?i)\b(?:user|person|account)\s+([A-Za-z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+)?)\s*[?.!]?$`)

// personName finds the name in "get user Bob" or "find user 'Bob Smith'".
func (m *msg) personName() string {
	if len(m.x.Quoted) == 1 {
		return m.x.Quoted[0]
	}
	if mm := calledName.FindStringSubmatch(m.text); mm != nil && isNameOK(cleanName(mm[1])) && len(strings.Fields(mm[1])) <= 3 {
		return cleanName(mm[1]) // "find user by name Oluwaseun", "the user named Kim Lee"
	}
	if mm := personAfterUser.FindStringSubmatch(m.text); mm != nil && isNameOK(mm[1]) {
		for _, w := range strings.Fields(asciiLower(mm[1])) {
			if qualifiers[w] || stop[w] {
				return ""
			}
			if _, ok := verbs[w]; ok {
				return ""
			}
		}
		return mm[1]
	}
	return ""
}

// searchFor finds the search word in "search users for smith", "users matching bob".
var searchFor = regexp.MustCompile(`\b(?:search|find|look)\b.*\b(?:for|matching|containing|like)\s+([a-z][a-z'\-]+)\s*[?.!]?\s*$|\busers?\s+(?:matching|containing|like)\s+([a-z][a-z'\-]+)\s*[?.!]?\s*$`)

var (
	signInPhrase = regexp.MustCompile(`\b(?:signed|logged)\s+in\b|\blog\s*ins?\b|\bsign[\s\-]?ins?\b|\blast\s+seen\b`)
	activePhrase = regexp.MustCompile(`\b(?:active|inactive|idle|dormant|activity|seen)\b`)
	// lastOf is "last" that names a field ("last sign-in", "last active"), not the
	// newest objects.
	lastOf = regexp.MustCompile(`\blast\s+(?:sign|signed|log|login|logins|logged|seen|active|activity|name|updated|modified)\b|\blast[\s_]?name\b`)
	// externalIDSlot is "external id crm-4411", "external_id: abc".
	externalIDSlot = regexp.MustCompile(`(?i)\bexternal[\s_\-]?id\s*(?:=|:|of|is)?\s*("[^"]+"|'[^']+'|[A-Za-z0-9][A-Za-z0-9_.:\-]*)`)
)

// userOrders are the fields GET /users sorts by, as people name them, in the order
// they are tried ("last sign in" before "sign in"). Dates sort newest first unless
// the text says otherwise; names and addresses A to Z.
var userOrders = []struct {
	re    *regexp.Regexp
	field string
	date  bool
}{
	{regexp.MustCompile(`\blast\s+(?:sign(?:ed)?[\s\-]?in|log(?:ged)?[\s\-]?in|login|seen)\b|\bsign[\s\-]?in\s+(?:date|time)\b`), "last_sign_in_at", true},
	{regexp.MustCompile(`\b(?:last\s+)?(?:activity|active|last\s+active)\b`), "last_active_at", true},
	{regexp.MustCompile(`\b(?:last\s+)?(?:updated|update|modified)\b`), "updated_at", true},
	{regexp.MustCompile(`\b(?:creation|created|signup|sign[\s\-]up|join)(?:\s+(?:date|time))?\b`), "created_at", true},
	{regexp.MustCompile(`\bfirst[\s_]?name\b`), "first_name", false},
	{regexp.MustCompile(`\blast[\s_]?name\b|\bsurname\b`), "last_name", false},
	{regexp.MustCompile(`\bemail(?:[\s_]address)?\b`), "email_address", false},
	{regexp.MustCompile(`\busername\b`), "username", false},
	{regexp.MustCompile(`\bphone(?:[\s_]number)?\b`), "phone_number", false},
}

// orderPhrase is "sorted by …", "ordered by …", "order by …", "by …" at the end.
var orderPhrase = regexp.MustCompile(`\b(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?|arrange(?:d)?)\s+(?:them\s+)?by\s+(.+)$|\bby\s+(most\s+recent\s+.+|(?:last|latest|newest|oldest|recent)\s+.+|(?:first|last)\s+name.*|email.*|username.*|creation.*|signup.*)$`)

// userOrder reads "sorted by last sign in", "by most recent activity", "ordered by
// email descending" as GET /users' order_by, with the words it used.
func (m *msg) userOrder() (string, []string) {
	mm := orderPhrase.FindStringSubmatch(m.x.rest)
	if mm == nil {
		if mostRecent.MatchString(m.x.rest) {
			// "the most recently active users", "who signed in most recently"
			switch {
			case signInPhrase.MatchString(m.x.rest):
				return "-last_sign_in_at", []string{"most", "recently", "recent", "login", "logins"}
			case activePhrase.MatchString(m.x.rest):
				return "-last_active_at", []string{"most", "recently", "recent", "activity"}
			}
		}
		return "", nil
	}
	what := mm[1] + mm[2]
	for _, o := range userOrders {
		if !o.re.MatchString(what) {
			continue
		}
		sign := "+"
		if o.date {
			sign = "-"
		}
		switch {
		case descending.MatchString(what):
			sign = "-"
		case ascending.MatchString(what):
			sign = "+"
		}
		// Every word of "sorted by …" is the order's.
		return sign + o.field, clauseWords(mm[0])
	}
	return "", nil
}

// descending and ascending are the words that give a sort's direction.
var (
	descending = regexp.MustCompile(`\b(?:desc|descending|newest|latest|most\s+recent|recent|z\s*-?\s*to\s*-?\s*a|reverse)\b`)
	ascending  = regexp.MustCompile(`\b(?:asc|ascending|oldest|earliest|least\s+recent|a\s*-?\s*to\s*-?\s*z|alphabetical(?:ly)?)\b`)
)

// mostRecent is "most recently active", "who signed in most recently".
var mostRecent = regexp.MustCompile(`\bmost\s+recent(?:ly)?\b`)

// userFilters reads the filters of a user list or count: dates, banned, organization,
// limit, order, email domain and a quoted or "named" name.
func (m *msg) userFilters() (url.Values, []string, bool) {
	query := url.Values{}
	var used []string
	if m.x.After != 0 || m.x.Before != 0 {
		after, before := "created_at_after", "created_at_before"
		switch {
		case m.x.Inactive != "":
			// "signed up with a corvid.law address and haven't been active in 60
			// days": the dates are the negated activity's.
			after, before = m.x.Inactive+"_after", m.x.Inactive+"_before"
		case signInPhrase.MatchString(m.lower):
			after, before = "last_sign_in_at_after", "last_sign_in_at_before"
			used = append(used, "login", "logins", "seen")
		case activePhrase.MatchString(m.lower) && !m.x.Has("signed", "joined", "registered", "created", "signups"):
			after, before = "last_active_at_after", "last_active_at_before"
			used = append(used, "seen")
		}
		if m.x.After != 0 {
			query.Set(after, ms(m.x.After))
		}
		if m.x.Before != 0 {
			query.Set(before, ms(m.x.Before))
		}
	}
	if m.x.Has("banned") {
		query.Set("banned", strconv.FormatBool(!m.x.Has("not", "unbanned")))
		used = append(used, "not")
	}
	if orgs := m.ids("org"); len(orgs) == 1 {
		query.Set("organization_id", orgs[0])
	}
	if n := m.limit(); n != "" {
		query.Set("limit", n)
	}
	if order, words := m.userOrder(); order != "" {
		query.Set("order_by", order)
		used = append(used, words...)
	} else {
		switch {
		case m.x.Has("newest", "latest", "recent", "recently") || m.x.Has("last") && !lastOf.MatchString(m.x.rest):
			query.Set("order_by", "-created_at")
		case m.x.Has("oldest", "earliest"):
			query.Set("order_by", "+created_at")
			used = append(used, "oldest", "earliest")
		}
	}
	if mm := externalIDSlot.FindStringSubmatch(m.text); mm != nil {
		v := strings.Trim(mm[1], `"'`)
		query.Set("external_id", v)
		used = append(used, "external", "external_id", v)
	}
	if mm := providerMail.FindStringSubmatch(m.x.rest); mm != nil && len(m.x.Domains)+len(m.x.Emails) == 0 {
		// "users with gmail addresses": the provider's name is part of the address.
		query.Set("email_address_query", mm[1])
		used = append(used, strings.Fields(mm[0])...)
	}
	mm := fieldContains.FindStringSubmatch(m.text)
	if h := fieldHolds.FindStringSubmatch(m.text); mm == nil && h != nil {
		mm = []string{h[0], h[2], h[1]} // the field, then the value
	}
	if mm != nil {
		// "whose email contains gmail.com", "usernames containing 'qa_bot'", "name
		// like Nguyen": a partial match on that field.
		field := "name_query"
		switch f := asciiLower(mm[1]); {
		case strings.HasPrefix(f, "e"):
			field = "email_address_query"
		case strings.HasPrefix(f, "user"):
			field = "username_query"
		case strings.HasPrefix(f, "phone"):
			field = "phone_number_query"
		}
		v := strings.Trim(mm[2], `"'`)
		query.Set(field, v)
		used = append(used, clauseWords(mm[0])...)
		used = append(used, "whose", "with", "that", "where", v)
		if len(m.x.Domains) == 1 && m.x.Domains[0] == asciiLower(v) {
			return query, used, true
		}
	}
	if len(m.x.Domains) == 1 && len(m.x.Emails) == 0 {
		query.Set("email_address_query", m.x.Domains[0])
		used = append(used, m.x.Domains[0], "domain")
	} else if len(m.x.Domains) > 1 {
		return nil, nil, false
	}
	if name := m.name(); name != "" && len(m.x.Quoted) <= 1 {
		query.Set("query", name)
		used = append(used, name, "called", "named", "name", "query", "matching", "containing", "like", "term", "keyword")
	} else if mm := searchFor.FindStringSubmatch(m.x.rest); mm != nil && isNameOK(mm[1]) && !qualifiers[mm[1]] {
		query.Set("query", mm[1])
		used = append(used, mm[1], "matching", "containing", "like")
	}
	return query, used, true
}

// fieldContains is a partial match on one field of a user: "email contains
// gmail.com", "usernames containing 'qa_bot'", "name like Nguyen".
// fieldHolds is a partial match said the other way round: "with spamhub in their
// email address".
var fieldHolds = regexp.MustCompile(`(?i)\b(?:with|having|has|have)\s+("[^"]+"|'[^']+'|[^\s,;?!]+)\s+in\s+(?:their|the|his|her)\s+(e-?mail(?:\s+address)?|username|user\s+name|name|phone(?:\s+number)?)s?\b`)

var fieldContains = regexp.MustCompile(`(?i)\b(e-?mail(?:\s+address)?|username|user\s+name|name|phone(?:\s+number)?)(?:e?s)?\s+(?:is\s+|are\s+)?(?:contains?|containing|like|matching|match(?:es)?|includes?|including|has|have|with)\s+("[^"]+"|'[^']+'|[^\s,;?!]+)`)

// providerMail names a mail provider by its name before "emails" or "addresses"
// ("users with gmail addresses", "hotmail accounts").
var providerMail = regexp.MustCompile(`\b(gmail|googlemail|yahoo|hotmail|outlook|icloud|protonmail|proton|aol|yandex|fastmail|gmx|zoho)\s+(?:e-?mails?|(?:e-?mail\s+)?ad+res+(?:es)?|accounts?|users?|inboxes)\b`)

var (
	usernameSlot  = regexp.MustCompile(`(?i)\busername\s*(?:=|:|of|is)?\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)`)
	firstNameSlot = regexp.MustCompile(`(?i)\b(?:first|given)[\s_]?name\s*(?:=|:|is)?\s*("[^"]+"|'[^']+'|[A-Za-z][A-Za-z'\-]*)`)
	lastNameSlot  = regexp.MustCompile(`(?i)\b(?:(?:last|family)[\s_]?name|surname)\s*(?:=|:|is)?\s*("[^"]+"|'[^']+'|[A-Za-z][A-Za-z'\-]*)`)
	fullName      = regexp.MustCompile(`(?:named|called|name\s*[=:]?)\s+([A-Z][A-Za-z'\-]+)(?:\s+([A-Z][A-Za-z'\-]+))?`)
)

// nameThenEmail is a first and a last name right before the address they own:
// "Helga Brandt, h.brandt@…", "Tomasz Wiśniewski (t.wisniewski@…".
var nameThenEmail = regexp.MustCompile(`(?:^|[\s:])(\p{Lu}[\p{Ll}'\-]+)\s+(\p{Lu}[\p{L}'\-]+)\s*[,(:]?\s*<?(?:mailto:)?$`)

// forWhom says who a new user is before a colon: "for our new pilot contact at
// halvorsen: …".
var forWhom = regexp.MustCompile(`\bfor\s+((?:our|a|an|the|their|my)\s+[a-z][a-z\s\-]{0,40}?)\s*:\s`)

// namedBeforeEmail finds a person's name said right before the one address of m.
func namedBeforeEmail(m *msg) []string {
	if len(m.x.Emails) != 1 {
		return nil
	}
	i := strings.Index(m.text, m.x.Emails[0])
	if i < 0 {
		return nil
	}
	mm := nameThenEmail.FindStringSubmatch(m.text[:i])
	if mm == nil || isKnownWord(asciiLower(mm[1])) || isKnownWord(asciiLower(mm[2])) {
		return nil
	}
	return mm
}

// otherThings are things a request may ask to create that are no user, whatever
// users it names.
var otherThings = []string{"token", "tokens", "key", "keys", "template", "templates", "domain", "domains", "webhook", "webhooks",
	"app", "apps", "application", "applications", "connection", "connections", "machine", "machines", "link", "url", "secret"}

func createUser(m *msg) ruleResult {
	if len(m.x.IDs) > 0 || len(m.x.Emails) > 1 || !m.res[rUser] {
		return ruleResult{}
	}
	body := map[string]any{}
	var used []string
	if len(m.x.Emails) == 1 {
		body["email_address"] = []string{m.x.Emails[0]}
	}
	if mm := usernameSlot.FindStringSubmatch(m.text); mm != nil {
		body["username"] = mm[1]
		used = append(used, mm[1])
	}
	if len(m.x.Phones) == 1 {
		body["phone_number"] = []string{m.x.Phones[0]}
		used = append(used, "phone", "number", "mobile")
	}
	first, last := firstNameSlot.FindStringSubmatch(m.text), lastNameSlot.FindStringSubmatch(m.text)
	if first != nil || last != nil {
		if first != nil {
			body["first_name"] = strings.Trim(first[1], `"'`)
			used = append(used, first[1], "first", "name", "given")
		}
		if last != nil {
			body["last_name"] = strings.Trim(last[1], `"'`)
			used = append(used, last[1], "last", "name", "family", "surname")
		}
	} else if mm := fullName.FindStringSubmatch(m.text); mm != nil {
		body["first_name"] = mm[1]
		used = append(used, mm[1], "named", "called", "name")
		if mm[2] != "" {
			body["last_name"] = mm[2]
			used = append(used, mm[2])
		}
	} else if mm := namedBeforeEmail(m); mm != nil {
		// "create a user for Helga Brandt, h.brandt@kpmg-audit.de": the person whose
		// address it is.
		body["first_name"], body["last_name"] = mm[1], mm[2]
		used = append(used, mm[1], mm[2])
		if fw := forWhom.FindStringSubmatch(m.lower); fw != nil {
			// "create an account for our new instructor: Ingrid Halvorsen, ingrid@…":
			// who the person is, said before their name.
			used = append(used, strings.Fields(fw[1])...)
		}
	} else if len(m.x.Quoted) == 1 {
		first, last, _ := strings.Cut(m.x.Quoted[0], " ")
		body["first_name"] = first
		if last != "" {
			body["last_name"] = last
		}
		used = append(used, "named", "called", "name")
	}
	if len(body) == 0 || (body["email_address"] == nil && body["username"] == nil && body["phone_number"] == nil) {
		if m.x.Has(otherThings...) {
			return ruleResult{} // "need a testing token for the signup test": the token is asked
		}
		return ruleResult{outcome: askBack, message: "Create a user with which email address or username? For example: create a user with email carol@acme.com"}
	}
	if len(m.unknown(used...)) > 0 {
		return ruleResult{}
	}
	return proposed("create a user", draft{op: "CreateUser", body: body})
}

// --- metadata and field updates ---

var (
	metaKindWord  = regexp.MustCompile(`(?i)\b(public|private|unsafe)\b`)
	metaNoise     = regexp.MustCompile(`(?i)(?:\b(?:in|on|to|into)\s+[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*)?'s\s+)?\b(?:the\s+)?(?:(?:org|organization|organisation|company|user|account|membership)\s+)?(?:(?:public|private|unsafe)\s+)?meta(?:data)?(?:\s+(?:keys?|fields?|values?|flags?))?\b|\b(?:public|private|unsafe)\b`)
	leadVerb      = regexp.MustCompile(`(?i)^\s*(?:please\s+)?(?:can\s+you\s+)?(?:set|update|add|put|store|change|give|mark|flag|edit|modify|save|remove|delete|unset|clear|drop|bump|raise|increase|decrease|reduce|upgrade|downgrade|flip|switch|toggle|record|write|wipe|erase|purge|merge)\b\s*`)
	leadAs        = regexp.MustCompile(`(?i)^(?:as|with)\s+`)
	metaOwner     = regexp.MustCompile(`(?i)\s+(?:in|on|to|into|from)\s+(?:their|his|her|its|the)\s*$`)
	removeKeys    = regexp.MustCompile(`(?i)^(?:the\s+)?(?:keys?\s+|fields?\s+)?([a-z][\w.\-]*(?:\s*(?:,|\band\b)\s*[a-z][\w.\-]*)*)(?:\s+(?:keys?|fields?|entry|entries|values?|flags?))?(?:\s+(?:from|in|on|of))?$`)
	pairPattern   = regexp.MustCompile(`(?i)^(?:so\s+(?:that\s+)?)?(?:with\s+)?(?:(?:the|their|his|her|its|our|my)\s+)?([a-z][\w.\-]*(?:\s+[a-z][\w\-]*){0,2}?)\s*(?:=|:|\s+to\s+|\s+as\s+|\s+is\s+)\s*(.+)$`)
	pairBare      = regexp.MustCompile(`(?i)^(?:(?:the|their|his|her|its|our|my)\s+)?([a-z][\w.\-]*)\s+(\S+)$`)
	pairBareField = regexp.MustCompile(`(?i)^(?:(?:the|their|his|her|its|our|my)\s+)?(?:user'?s\s+)?([a-z]+(?:\s+[a-z]+){1,2})\s+(\S+|"[^"]*"|'[^']*'|\x00\d+\x00)$`)
	spacedPairs   = regexp.MustCompile(`(=\s*[^\s,;=]+)\s+([a-z][\w.\-]*\s*=)`)
	pairSplit     = regexp.MustCompile(`(?i)\s*(?:,|;|\band\b|&)\s*`)
	quotedValue   = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	privateHint   = regexp.MustCompile(`(?i)billing|stripe|customer|cus_|internal|secret|invoice|payment|subscription|crm|hubspot|salesforce|_id$|^id$|token|ssn|tax|vat|account_number|notes?$`)
	targetPhrase  = regexp.MustCompile(`(?i)(?:\b(?:on|for|of|to|from|in)\s+)?(?:the\s+)?(?:(?:user|org|organization|organisation|account)\s+)?\x01(?:'s)?`)
	danglingPrep  = regexp.MustCompile(`(?i)(?:^|\s)(?:on|for|of|to|from|in)\s*$`)
	possessive    = regexp.MustCompile(`^'s\b`)
	userFieldKeys = map[string]string{
		"first_name": "first_name", "firstname": "first_name", "first": "first_name", "given_name": "first_name",
		"last_name": "last_name", "lastname": "last_name", "surname": "last_name", "family_name": "last_name",
		"username": "username", "user_name": "username", "handle": "username",
		"external_id": "external_id", "externalid": "external_id", "locale": "locale", "language": "locale",
		// "set a new password for user_1: …" sets it (PATCH /users/{id}); it is never
		// a metadata key, and never "mark the password compromised".
		"password": "password", "new_password": "password", "temp_password": "password", "temporary_password": "password",
		// Settings of the user that Clerk keeps, not metadata.
		"delete_self_enabled": "delete_self_enabled", "create_organization_enabled": "create_organization_enabled",
		"create_organizations_limit": "create_organizations_limit", "bypass_client_trust": "bypass_client_trust",
	}
	orgFieldKeys = map[string]string{
		"name": "name", "slug": "slug", "max_allowed_memberships": "max_allowed_memberships",
		"max_members": "max_allowed_memberships", "member_limit": "max_allowed_memberships",
		// Seats are what customers buy: "bump max seats for org_1 to 25".
		"seats": "max_allowed_memberships", "max_seats": "max_allowed_memberships", "seat_limit": "max_allowed_memberships",
		"seat_cap": "max_allowed_memberships", "seat_count": "max_allowed_memberships", "max_memberships": "max_allowed_memberships",
		"membership_limit": "max_allowed_memberships", "member_cap": "max_allowed_memberships", "members_limit": "max_allowed_memberships",
		"admin_delete_enabled": "admin_delete_enabled",
		"organization_name":    "name", "organisation_name": "name", "org_name": "name",
	}
	refusedKeys = wordSet("password email email_address phone phone_number role id")
)

// ruleMetadata: "set plan to 'pro' on user_1", "set private metadata stripe_id=cus_1
// on user_7", "update user_9 first name to Jane", "set public metadata tier=gold on
// org_1". Plain user and organization fields go to UpdateUser and UpdateOrganization;
// everything else is merged into metadata with PATCH …/metadata.
func ruleMetadata(m *msg) ruleResult {
	v, ok := m.verb()
	remove := (v == vDelete || v == vNone && m.x.Has("unset", "clear")) && m.res[rMetadata]
	// "add stripe customer id cus_1 to user_2": adding an identifier from another
	// system is a metadata write too; every key must then look like one.
	addsExternalID := v == vCreate && !m.res[rMetadata]
	if ok && v == vRename && len(m.ids("user")) == 1 && len(m.x.IDs) == 1 {
		// "rename user_1 to Bob Smith": the user's name.
		v = vUpdate
		m = newMsg(renameUser.ReplaceAllString(m.text, "set name of $1 to "), m.x)
	}
	if !ok || !(v == vUpdate || (v == vCreate && m.res[rMetadata]) || addsExternalID || (v == vNone && m.res[rMetadata]) || remove) {
		return ruleResult{}
	}
	if m.res[rInvite] || m.res[rSession] || m.res[rMember] && !m.memberField || len(m.x.Emails) > 1 || len(m.x.Quoted) > 8 {
		return ruleResult{}
	}
	if jsonStart(m.text) >= 0 && !m.res[rMetadata] {
		return ruleResult{} // "update user_1 with {…}": a body, not pairs (the raw request takes it)
	}
	if k := misspeltKind(m.lower); k != "" {
		// "set privte metadata risk to high": private or public? Never guessed: a
		// wrong guess puts private data in public metadata.
		return ruleResult{outcome: askBack, cands: []string{"UpdateUserMetadata", "MergeOrganizationMetadata"},
			message: "Which metadata is \"" + k + "\": public, private or unsafe? Say it in full, for example: set risk to high in private metadata of user_123."}
	}
	users, orgs := m.ids("user"), m.ids("org")
	var steps []draft
	target := ""
	text := slackEmoji.ReplaceAllString(m.text, "$1$2") // ":tada: plan to pro :pray:"
	// "pls update user_1 name to …": the polite lead is no key.
	text = text[len(text)-len(politeLead.ReplaceAllString(asciiLower(text), "")):]
	switch {
	case len(users) == 1 && len(orgs) == 0 && len(m.x.IDs) == 1:
		target = users[0]
	case len(orgs) == 1 && len(users) == 0 && len(m.x.IDs) == 1:
		target = orgs[0]
	case len(m.x.IDs) == 0 && len(m.x.Emails) == 1:
		if valueBefore.MatchString(text[:max(0, strings.Index(asciiLower(text), m.x.Emails[0]))]) {
			return ruleResult{} // "set support email to a@b.co": the address is a value, not whose
		}
		steps = []draft{{op: "GetUserList", query: q("email_address", m.x.Emails[0])}}
		target = m.x.Emails[0]
	case len(m.x.IDs) == 0 && len(m.x.Emails) == 0:
		// "set role=x in public metadata for username rkim": the user is looked up
		// by the username the text states after "username".
		mm := statedUsername.FindStringSubmatch(text)
		if mm == nil && v == vUpdate && !remove && (m.res[rMetadata] || m.x.Has("plan", "tier")) && !m.res[rUser] && !m.res[rOrg] {
			// "change the plan to pro": whose?
			return ruleResult{outcome: askBack, cands: []string{"UpdateUserMetadata", "MergeOrganizationMetadata"},
				message: "Whose? Name the user or organization by id or email, for example: set plan to pro on user_123."}
		}
		if mm == nil {
			return ruleResult{}
		}
		steps = []draft{{op: "GetUserList", query: q("username", mm[2])}}
		target = mm[1]
	default:
		return ruleResult{}
	}
	if meta, ok := jsonMetadata(m.text); ok && !remove && m.res[rMetadata] && !replaceMeta.MatchString(m.text) {
		// "merge {"onboarded": true} into public metadata of user_1": the object as
		// it is.
		idFor := target
		if len(steps) > 0 {
			idFor = ref(0, "id")
		}
		if strings.HasPrefix(target, "org_") {
			if _, ok := meta["unsafe_metadata"]; ok {
				return ruleResult{outcome: askBack, message: "Organizations have public and private metadata only; say which."}
			}
			return proposed("merge organization metadata (PATCH deep-merges; null deletes a key)", draft{op: "MergeOrganizationMetadata", path: map[string]string{"organization_id": target}, body: meta})
		}
		return proposed("merge user metadata (PATCH deep-merges; null deletes a key)", append(steps, draft{op: "UpdateUserMetadata", path: map[string]string{"user_id": idFor}, body: meta})...)
	}
	// Cut the target and the words that point at it out of the text.
	if i := strings.Index(asciiLower(text), asciiLower(target)); i >= 0 {
		text = text[:i] + "\x01" + text[i+len(target):]
	}
	text = targetPhrase.ReplaceAllString(text, " ")
	for _, e := range m.x.URLs {
		text = strings.ReplaceAll(text, e, " ")
	}
	// "upgrade bob@acme.com to the pro plan (public metadata plan: pro)": an aside
	// that spells the change out is read on its own and must agree with the rest.
	aside, tailKind := "", ""
	if mm := kindTail.FindStringSubmatchIndex(text); mm != nil && mm[0] > 0 {
		// "…, private metadata please", "… (private)": only the kind, said last.
		tailKind, text = strings.TrimSuffix(asciiLower(text[mm[2]:mm[3]]), "ly"), text[:mm[0]]
	} else if mm := trailingAside.FindStringSubmatchIndex(text); mm != nil && !remove {
		aside, text = text[mm[2]:mm[3]], text[:mm[0]]
	}
	if replaceMeta.MatchString(text) && jsonStart(text) < 0 && !remove {
		// "replace user_1's metadata with plan=pro": a replace takes the whole new
		// object, as JSON; pairs would be merged under odd keys.
		return ruleResult{outcome: askBack, cands: []string{"ReplaceUserMetadata", "UpdateUserMetadata"},
			message: "To replace metadata, give the new object as JSON, for example: replace user_123's public metadata with {\"plan\": \"pro\"}; to change some keys, say set plan=pro on user_123."}
	}
	kind, text := metaChange(text)
	if tailKind != "" {
		if kind != "" && kind != tailKind {
			return ruleResult{} // "public … (private)": which?
		}
		kind = tailKind
	}
	var pairs []pair
	if remove {
		pairs, ok = removedKeys(text)
	} else {
		// "upgrade bob@acme.com to the pro plan": the plan is the value.
		text = planPhrase.ReplaceAllString(text, "$2 to $1")
		text = planAfter.ReplaceAllString(text, "$1 to $2") // "to plan enterprise"
		// "bump org_1 to 30 seats": the number is the value of the field.
		text = countPhrase.ReplaceAllString(text, "$2 to $1")
		// "change plan from pro to free": the old value is no part of the key.
		text = fromTo.ReplaceAllString(text, "$1 to ")
		text = backTo.ReplaceAllString(text, "$1 to ")
		pairs, ok = parsePairs(text)
		if k := flagKey.FindStringSubmatch(text); !ok && m.x.Has("mark", "flag") && k != nil && !participle(asciiLower(k[1])) && !statusWords[asciiLower(k[1])] {
			// "mark user_1 as vip in public metadata": a flag set to true.
			// A state Clerk keeps itself ("deleted", "banned", "verified") is no flag.
			pairs, ok = []pair{{key: asciiLower(k[1]), value: true}}, true
		}
	}
	if aside != "" && (!ok || len(pairs) == 0) && pairMark.MatchString(text) {
		// "plan to pro 🙏 (seats: 25)": the request's own pairs could not be read,
		// so the aside cannot be checked against them.
		return ruleResult{}
	}
	if aside != "" {
		asideKind, asideText := metaChange(aside)
		spelled, aok := parsePairs(asideText)
		if !aok || len(spelled) == 0 || kind != "" && asideKind != "" && kind != asideKind {
			return ruleResult{}
		}
		for _, p := range pairs {
			if !slices.ContainsFunc(spelled, func(s pair) bool { return s.key == p.key && s.value == p.value }) {
				// The aside says something else than the request: ask which.
				return ruleResult{outcome: askBack, cands: []string{"UpdateUserMetadata"},
					message: fmt.Sprintf("The request and the note in brackets disagree about %s (%v or %v?). Say the change once, for example: set %s %v on user_123.", p.key, p.value, valueOf(spelled, p.key), p.key, p.value)}
			}
		}
		pairs, ok = spelled, true
		if kind == "" {
			kind = asideKind
		}
	}
	if !ok || len(pairs) == 0 {
		return ruleResult{}
	}
	if addsExternalID && slices.ContainsFunc(pairs, func(p pair) bool { return !privateHint.MatchString(p.key) }) {
		return ruleResult{}
	}
	isOrg := strings.HasPrefix(target, "org_")
	// "set seats to 40 in their org metadata": a key of the metadata, even when a
	// field has the same name.
	saysMeta := m.res[rMetadata]
	fields, meta := map[string]any{}, map[string]map[string]any{}
	for _, p := range pairs {
		if v, ok := p.value.(string); ok && alternatives.MatchString(v) {
			return ruleResult{} // "plan to pro/enterprise": which one?
		}
		if v, ok := p.value.(string); ok && fieldNouns[asciiLower(v)] {
			// "update kyc status on org_1": the name of a field, and no value for it.
			return ruleResult{outcome: askBack, message: "What should " + p.key + " " + v + " be? Say the value, for example: set " + p.key + "_" + asciiLower(v) + " to approved on " + cmp.Or(target, "user_123") + "."}
		}
		if first, _, _ := strings.Cut(p.key, "_"); notKeys[first] || negations[first] || first == "tag" || first == "mark" || first == "flag" {
			if p.key == "not" || negations[p.key] {
				continue // "set plan to pro, not enterprise": emphasis, no key
			}
			return ruleResult{} // "record in metadata that …", "tag user_1 as banned": no key
		}
		if kind == "" && statusWords[p.key] {
			// "set user_1 banned=false": a state Clerk keeps, changed by its own
			// operation (unban), never a metadata key.
			return ruleResult{outcome: askBack, message: p.key + " is a state Clerk keeps; change it with its own action, for example: unban user_123, or unlock user_123."}
		}
		if !isOrg && kind == "" && refusedPart.MatchString(p.key) && !userFieldKey(p.key) {
			// "change primary email of user_1 to …": an address is the user's own, never
			// a metadata key.
			return ruleResult{}
		}
		if refusedKeys[p.key] && kind == "" && !(p.key == "role" && !isOrg && len(orgs) == 0) && !(p.key == "password" && !isOrg && !saysMeta && newPassword(m, p.value)) {
			// A user has no role of its own: "set role to 'support' on user_1" is a
			// label in public metadata. A role in an organization is a membership's.
			return ruleResult{}
		}
		if p.key == "name" && !isOrg && kind == "" && !saysMeta {
			// "change user_1's name to Bob Smith": a user's name is a first and a last.
			if v, ok := p.value.(string); ok && strings.TrimSpace(v) != "" {
				first, last, _ := strings.Cut(strings.TrimSpace(v), " ")
				fields["first_name"] = first
				if last = strings.TrimSpace(last); last != "" {
					fields["last_name"] = last
				}
				continue
			}
		}
		if f, ok := userFieldKeys[p.key]; ok && !isOrg && kind == "" && !saysMeta && (f != "password" || newPassword(m, p.value)) {
			fields[f] = p.value
			if textFields[f] {
				// "set external_id on user_1 to 4471": a name or an id is text, however
				// it looks.
				fields[f] = asText(p.value)
			}
			continue
		}
		if f, ok := orgFieldKeys[p.key]; ok && isOrg && kind == "" && !saysMeta {
			fields[f] = p.value
			continue
		}
		setMetadata(meta, kind, p)
	}
	if len(fields) > 0 && len(meta) > 0 || len(fields) == 0 && len(meta) == 0 {
		return ruleResult{} // two requests the text did not spell out, or none
	}
	idFor := target
	if len(steps) > 0 {
		idFor = ref(0, "id")
	}
	if len(fields) > 0 {
		if isOrg {
			return proposed("update organization fields", draft{op: "UpdateOrganization", path: map[string]string{"organization_id": idFor}, body: fields})
		}
		if pw, ok := fields["password"].(string); ok && !exactValue(m.text, pw) {
			// "… to hunter2!!": the pair reader trims punctuation off the end of a
			// value, which a password must keep.
			return ruleResult{outcome: askBack, message: "Put the new password in quotes ('…') so that it is sent exactly as typed, punctuation and all."}
		}
		return proposed("update user fields", append(steps, draft{op: "UpdateUser", path: map[string]string{"user_id": idFor}, body: fields})...)
	}
	body := map[string]any{}
	for k, v := range meta {
		body[k] = v
	}
	if isOrg {
		if _, ok := body["unsafe_metadata"]; ok {
			return ruleResult{outcome: askBack, message: "Organizations have public and private metadata only; say which."}
		}
		return proposed("merge organization metadata (PATCH deep-merges; null deletes a key)", draft{op: "MergeOrganizationMetadata", path: map[string]string{"organization_id": idFor}, body: body})
	}
	return proposed("merge user metadata (PATCH deep-merges; null deletes a key)", append(steps, draft{op: "UpdateUserMetadata", path: map[string]string{"user_id": idFor}, body: body})...)
}

// kindTail is the kind of metadata said on its own at the end, after a break:
// "…. private metadata please", "… (private)", "…, public metadata is fine".
var kindTail = regexp.MustCompile(`(?i)(?:[.;,:\-–—]\s*|\s*\(\s*|\s+)(?:(?:in|as|into|to|under)\s+)?(?:the\s+|their\s+|its\s+)?(public|private|unsafe|privately|publicly)(?:\s+(?:meta(?:data)?|md))?(?:\s+(?:please|pls|plz|only|is\s+fine|is\s+ok|works))?\s*\)?[\s.!]*$`)

// statedUsername is "username rkim" (or "user name rkim"): the whole phrase, then the name.
var statedUsername = regexp.MustCompile(`(?i)\b(user\s?name\s+(?:of\s+|is\s+|=\s*)?([a-z0-9][\w.\-]*[a-z0-9]))\b`)

// flagKey is one word a person marks someone as: "vip", "a beta_tester".
var flagKey = regexp.MustCompile(`(?i)^(?:an?\s+)?([a-z][\w\-]*)$`)

// planPhrase is "to the pro plan", "on the enterprise tier": the value of plan or tier.
var planPhrase = regexp.MustCompile(`(?i)^(?:to|on|onto)\s+(?:the\s+|an?\s+)?([a-z0-9][\w\-]*)\s+(plan|tier)$`)

// notKeys are words that cannot name a metadata key or field.
// switchVerbs turn a flag on or off; like any verb they are no part of a key.
var switchVerbs = wordSet(`enable disable activate deactivate toggle`)

// Adverbs and helping verbs tell of a change ("Mark already locked user_1"), never name
// a key.
var notKeys = wordSet(`to for on of in at by from with as the a an and or it them this that
already just still also now then recently finally since has have had was were is are did got been
only exactly entire whole all every unset`)

// countPhrase is "to 30 seats": a number of seats or members.
var countPhrase = regexp.MustCompile(`(?i)^to\s+(\d{1,6})\s+(seats|members)$`)

// metaChange strips what a metadata change says around its pairs (the verb, "public
// metadata", "in their", a possessive) and returns the metadata kind it names
// (public, private, unsafe or "") with the rest.
func metaChange(text string) (kind, rest string) {
	text = strings.TrimSpace(trailingJunk.ReplaceAllString(text, ""))
	text = danglingPrep.ReplaceAllString(text, "")
	text = strings.TrimLeft(leadVerb.ReplaceAllString(text, ""), ":-–, ")
	if mm := metaKindWord.FindStringSubmatch(text); mm != nil {
		kind = asciiLower(mm[1])
	}
	text = strings.TrimLeft(metaNoise.ReplaceAllString(text, " "), ":-–, ")
	text = possessive.ReplaceAllString(strings.TrimSpace(text), "")
	text = leadVerb.ReplaceAllString(text, "")
	text = strings.TrimSpace(danglingPrep.ReplaceAllString(strings.TrimSpace(text), ""))
	// "mark user_1 as plan 'pro' in their public metadata"
	return kind, strings.TrimSpace(metaOwner.ReplaceAllString(leadAs.ReplaceAllString(text, ""), ""))
}

// removedKeys reads the keys of "remove the trial_ends key", "unset a and b": each
// becomes null, which the merge endpoints take as "delete this key".
func removedKeys(text string) ([]pair, bool) {
	mm := removeKeys.FindStringSubmatch(strings.TrimSpace(text))
	if mm == nil {
		return nil, false
	}
	var out []pair
	for _, k := range pairSplit.Split(mm[1], -1) {
		k = asciiLower(strings.TrimSpace(k))
		if k == "" || refusedKeys[k] || stop[k] {
			return nil, false
		}
		out = append(out, pair{key: k, value: nil})
	}
	return out, len(out) > 0
}

type pair struct {
	key   string
	value any
}

// parsePairs reads "plan to 'pro' and onboarded to true", "plan=pro, seats: 5".
func parsePairs(text string) ([]pair, bool) {
	// Hide quoted values so that separators inside them do not split.
	var quoted []string
	text = quotedValue.ReplaceAllStringFunc(text, func(s string) string {
		quoted = append(quoted, s[1:len(s)-1])
		return "\x00" + strconv.Itoa(len(quoted)-1) + "\x00"
	})
	// "plan=enterprise seats=250": pairs written with "=" need no comma between them.
	for next := spacedPairs.ReplaceAllString(text, "$1, $2"); next != text; next = spacedPairs.ReplaceAllString(text, "$1, $2") {
		text = next
	}
	var out []pair
	for i, part := range pairSplit.Split(text, -1) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mm := pairPattern.FindStringSubmatch(part)
		if mm == nil && i > 0 && len(out) > 0 {
			if strings.HasPrefix(asciiLower(part), "not ") {
				continue // "set plan to pro, not enterprise": emphasis
			}
			if f := pairBareField.FindStringSubmatch(part); f != nil && isFieldKey(strings.Join(strings.Fields(asciiLower(f[1])), "_")) {
				mm = f // "…, last name Vance"
			} else if !strings.ContainsAny(part, "_0123456789\x00") {
				// "set plan to free, subscription lapsed": after the first pair, two
				// bare words are a reason, not "subscription=lapsed".
				return nil, false
			}
		}
		if mm == nil {
			mm = pairBare.FindStringSubmatch(part)
		}
		if mm == nil {
			// "first name Jane": a two-word key only when it names a known field.
			if f := pairBareField.FindStringSubmatch(part); f != nil && isFieldKey(strings.Join(strings.Fields(asciiLower(f[1])), "_")) {
				mm = f
			}
		}
		if mm == nil {
			// "stripe customer id cus_123": words for the key, then one value that
			// no word is (a digit, "_", or quotes) — an identifier from another system.
			if f := pairWordsValue.FindStringSubmatch(part); f != nil && keyWords(f[1]) {
				mm = f
			}
		}
		if mm == nil {
			return nil, false
		}
		kw, typedKey := strings.Fields(asciiLower(mm[1])), strings.Fields(mm[1])
		if _, ok := verbs[kw[0]]; (ok || switchVerbs[kw[0]]) && len(kw) > 1 {
			kw, typedKey = kw[1:], typedKey[1:] // "enable beta_dashboard=true": the verb is no part of the key
		}
		key := strings.Join(kw, "_")
		key = strings.ReplaceAll(key, "-", "_")
		if notKeys[key] {
			return nil, false // "bump org_1 to 40": "to" is no key
		}
		if len(typedKey) == 1 && key != "name" && !isFieldKey(key) {
			// "isAdmin=true", "plan-tier=gold", "featureFlags.darkMode=on": a key
			// typed as one word is the key, as typed; words make a key of their own.
			key = typedKey[0]
		}
		raw := strings.TrimSpace(mm[2])
		if !strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == 0 }) {
			return nil, false // "update role — user_1": a dash is no value
		}
		var val any
		if strings.HasPrefix(raw, "\x00") && strings.HasSuffix(raw, "\x00") {
			n, _ := strconv.Atoi(strings.Trim(raw, "\x00"))
			if n >= len(quoted) {
				return nil, false
			}
			val = quoted[n]
		} else {
			if strings.Contains(raw, "\x00") || strings.Contains(raw, " ") && !(key == "name" && personName.MatchString(raw)) {
				return nil, false // "name to Bob Smith" is a name; other values of two words are quoted
			}
			if key == "name" && strings.Contains(raw, " ") {
				out = append(out, pair{key: key, value: raw})
				continue
			}
			if strings.HasSuffix(raw, ".") && !strings.Contains(raw[:len(raw)-1], ".") {
				raw = raw[:len(raw)-1] // "plan=enterprise. the contract is signed": the sentence's end
			}
			val = typed(raw)
			if _, isNum := val.(int64); isNum && (key == "id" || strings.HasSuffix(key, "_id")) {
				val = raw // an identifier from another system stays as typed ("00712")
			}
		}
		out = append(out, pair{key: key, value: val})
	}
	return out, true
}

// pairWordsValue is a key of up to three words and a value with a digit or "_", or
// quoted.
var pairWordsValue = regexp.MustCompile(`(?i)^(?:(?:the|their|his|her|its|our|my)\s+)?([a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){1,2})\s+([\w.\-:]*[\d_][\w.\-:]*|\x00\d+\x00)$`)

// keyWords reports whether words can name a metadata key: none is a verb or a stop
// word.
func keyWords(s string) bool {
	for _, w := range strings.Fields(asciiLower(s)) {
		if _, ok := verbs[w]; ok || stop[w] && w != "id" || notKeys[w] {
			return false
		}
	}
	return true
}

// isFieldKey reports whether key names a plain user or organization field.
func isFieldKey(key string) bool {
	_, user := userFieldKeys[key]
	_, org := orgFieldKeys[key]
	return user || org
}

// slackEmoji is an emoji as Slack writes it, standing alone: ":pray:", ":tada:".
var slackEmoji = regexp.MustCompile(`(^|\s):[a-z0-9_+\-]+:(\s|$)`)

// misspeltKind is the word before "metadata" that is close to public, private or
// unsafe without being one ("privte", "pubic", "pub"), or "".
func misspeltKind(lower string) string {
	for _, mm := range kindBefore.FindAllStringSubmatch(lower, -1) {
		w := mm[1]
		if w == "public" || w == "private" || w == "unsafe" {
			continue
		}
		for _, k := range []string{"public", "private", "unsafe"} {
			if len(w) >= 3 && (strings.HasPrefix(k, w) || editDistance(w, k, 2) <= 2) {
				return w
			}
		}
	}
	return ""
}

// kindBefore is the word before "metadata" (or "meta", "metdata").
var kindBefore = regexp.MustCompile(`\b([a-z]+)[\s_]+met(?:a|adata|data|adta|adata)\b`)

// textFields are the user fields that are text whatever their value looks like.
var textFields = wordSet(`first_name last_name username external_id locale password`)

// asText is a value typed by typed, as the text it was.
func asText(v any) any {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return v
}

// typed turns a word into the JSON value a person means: true/false, a number, null,
// or the word itself.
func typed(s string) any {
	switch asciiLower(s) {
	case "true", "yes", "on", "enabled":
		return true
	case "false", "no", "off", "disabled":
		return false
	case "null", "nil", "none":
		return nil
	}
	m := numberLiteral.FindStringSubmatch(s)
	if m == nil || len(m[1]) > 1 && m[1][0] == '0' || len(m[1])+len(m[2]) > 15 {
		// "zip 02134", "card_last4 0042": leading zeros are part of a code; a
		// number this long is an id ("steam_id 76561198120045511"), which a float
		// would round. Both stay as written.
		return s
	}
	if m[2] == "" {
		n, _ := strconv.ParseInt(s, 10, 64)
		return n
	}
	return json.Number(s) // as written: "12.50" stays 12.50
}

// numberLiteral is a number as people write one in a value: digits, and a fraction.
var numberLiteral = regexp.MustCompile(`^-?(\d+)(?:\.(\d+))?$`)

// setPath sets a dotted key ("features.beta") as nested objects.
func setPath(m map[string]any, key string, v any) {
	parts := strings.Split(key, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

// tokenWords name what GET /users/{user_id}/oauth_access_tokens/{provider} returns.
var tokenWords = []string{"token", "tokens", "access", "oauth", "credential", "credentials", "provider", "connected", "connection", "account", "accounts", "refresh"}

// plainProviders are providers whose names are ordinary words too ("x", "line",
// "box"): they name a provider only next to "oauth" or "token".
var plainProviders = wordSet(`x line box linear notion apple`)

// ruleOAuthToken reads the OAuth access token a user got from a provider: "grab the
// github oauth token for user_1", "what's the slack token of ana@acme.com". It is a
// sensitive read (the policy asks for approval and shows the result privately); the
// text must name one provider, a token, and one user by id, email or username.
func ruleOAuthToken(m *msg) ruleResult {
	v, ok := m.verb()
	if !ok || !(v == vRead || v == vNone) || !m.x.Has("token", "tokens") || !m.onlyIDs("user") || len(m.x.IDs) > 1 {
		return ruleResult{}
	}
	provider := ""
	for i, w := range m.x.Words {
		if !oauthProviders[w] {
			continue
		}
		if plainProviders[w] && !(i+1 < len(m.x.Words) && slices.Contains([]string{"oauth", "token", "access"}, m.x.Words[i+1])) {
			continue
		}
		if provider != "" && provider != w {
			return ruleResult{} // two providers
		}
		provider = w
	}
	if provider == "" {
		return ruleResult{}
	}
	steps, id, used, ok := m.userTarget()
	if !ok || len(m.unknown(append(append(used, tokenWords...), provider, "via", "from")...)) > 0 {
		return ruleResult{}
	}
	return proposed("read a user's OAuth access token (sensitive)", append(steps,
		draft{op: "GetOAuthAccessToken", path: map[string]string{"user_id": id, "provider": "oauth_" + provider}})...)
}

// setMetadata sets p in the metadata of kind ("public", "private", "unsafe") within
// fields, keyed "<kind>_metadata". With no kind, billing and internal ids go to private
// metadata and everything else to public.
func setMetadata(fields map[string]map[string]any, kind string, p pair) {
	// "set public_metadata.role to beta": the key names its kind.
	for _, k := range []string{"public", "private", "unsafe"} {
		if rest, ok := strings.CutPrefix(p.key, k+"_metadata."); ok && rest != "" {
			kind, p.key = k, rest
		}
	}
	if kind == "" {
		kind = "public"
		if privateHint.MatchString(asciiLower(p.key)) {
			kind = "private"
		}
	}
	if fields[kind+"_metadata"] == nil {
		fields[kind+"_metadata"] = map[string]any{}
	}
	setPath(fields[kind+"_metadata"], p.key, p.value)
}

// addEmailPhrase is an email address given to a user as one more address: "add
// bob@acme.com as a new email on user_1", "add bob@acme.com to user_1's email
// addresses".
var addEmailPhrase = regexp.MustCompile(`\b(?:add|attach|give)\b.*@.*\b(?:e-?mail|address|addresses)\b|\b(?:add|attach)\s+(?:an?\s+)?(?:new\s+|second\s+|another\s+)?(?:e-?mail|email\s+address)\b`)

// emailFlagWords are what the person says about the new address: primary, verified.
var emailFlagWords = []string{"primary", "main", "default", "verified", "make", "mark", "set", "it", "new", "second", "another",
	"secondary", "additional", "extra", "alternate", "alternative", "alt", "backup",
	"email", "e-mail", "address", "addresses", "as", "on", "to", "for", "and", "their", "his", "her", "the"}

// ruleAddEmail adds an email address to one user named by id, and makes it primary
// or verified when the message says so ("add bob@acme.com as a new email on user_1
// and make it primary"). It is the one email and the one user id of the text.
func ruleAddEmail(m *msg) ruleResult {
	if len(m.x.Emails) != 1 || len(m.x.IDs) != 1 || len(m.ids("user")) != 1 || m.question || !addEmailPhrase.MatchString(m.lower) {
		return ruleResult{}
	}
	if v, ok := m.verb(); !ok && !(len(m.verbs) == 2 && slices.Contains(m.verbs, vCreate) && slices.Contains(m.verbs, vUpdate)) || ok && v != vCreate {
		return ruleResult{} // "add …" alone, or "add … and make/set it primary"
	}
	if len(m.unknown(append(slices.Clone(emailFlagWords), m.x.Emails[0])...)) > 0 {
		return ruleResult{}
	}
	body := map[string]any{"user_id": m.ids("user")[0], "email_address": m.x.Emails[0]}
	if m.x.Has("primary", "main", "default") {
		body["primary"] = true
	}
	if m.x.Has("verified") {
		body["verified"] = true
	}
	res := proposed("add an email address to the user", draft{op: "CreateEmailAddress", body: body})
	res.plan.joined = true
	return res
}

// changeEmailPhrase asks for a user's email address to be another one: "change the
// email of user_1 to bob@x.io", "swap user_1's login email for bob@x.io", "user_1
// wants their email changed to bob@x.io".
var changeEmailPhrase = regexp.MustCompile(`\b(?:change|update|replace|swap|switch|set)\b[^@]*\b(?:e-?mail|login)\b[^@]{0,60}?\s(?:to|with|for)\s+\S+@|\b(?:e-?mail|login)(?:\s+address)?\s+(?:changed|updated|switched|swapped|replaced)\s+(?:to|with|for)\s+\S+@`)

// changeEmailWords are what the person says around such a change.
var changeEmailWords = []string{"change", "changed", "update", "updated", "replace", "replaced", "swap", "swapped", "switch", "switched",
	"set", "primary", "main", "login", "sign-in", "signin", "email", "e-mail", "address", "account", "user", "to", "with", "for", "of", "on",
	"their", "his", "her", "the", "they", "wants", "want", "needs", "need", "would", "like", "is", "has", "have", "get", "'s", "s", "new"}

// ruleChangeEmail replaces a user's email addresses with the one the text gives,
// for one user named by id: Clerk's PUT /users/{user_id}/email_address, which the
// approval shows as replacing all of them. Adding an address is ruleAddEmail's, and
// the instance's support email is no user's.
func ruleChangeEmail(m *msg) ruleResult {
	if len(m.x.Emails) != 1 || len(m.x.IDs) != 1 || len(m.ids("user")) != 1 || m.question || !changeEmailPhrase.MatchString(m.lower) {
		return ruleResult{}
	}
	if slices.ContainsFunc(m.verbs, func(v verb) bool { return v != vUpdate }) || len(m.unknown(append(slices.Clone(changeEmailWords), m.x.Emails[0])...)) > 0 {
		return ruleResult{}
	}
	return proposed("replace the user's email address", draft{op: "ReplaceUserEmailAddress",
		path: map[string]string{"user_id": m.ids("user")[0]}, body: map[string]any{"email_address": m.x.Emails[0]}})
}

// exactValue reports whether v stands in text as a whole value: quoted, or not
// followed by punctuation that the pair reader would have cut off.
func exactValue(text, v string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], v)
		if j < 0 {
			return false
		}
		end := i + j + len(v)
		if end == len(text) || text[end] == ' ' || text[end] == '"' || text[end] == '\'' {
			return true
		}
		i = end
	}
}

// passwordStates are what a password is said to be, not what it is set to.
var passwordStates = wordSet(`compromised expired leaked breached pwned weak insecure invalid unsafe
reset removed none null empty blank stolen exposed`)

// newPassword reports whether value is a new password the text sets ("set a new
// password for user_1: …"), not a state it marks ("mark user_1's password as
// compromised").
func newPassword(m *msg, value any) bool {
	v, ok := value.(string)
	return ok && v != "" && !passwordStates[asciiLower(v)] && !m.x.Has("mark", "flag")
}

// refusedPart is a metadata key made of a field Clerk keeps itself: "primary_email",
// "phone_number", "new_password".
var refusedPart = regexp.MustCompile(`(?:^|_)(?:email|emails|phone|password|username)(?:$|_)`)

func userFieldKey(k string) bool { _, ok := userFieldKeys[k]; return ok }

// fromTo is "plan from pro to free": a key, its old value, its new one.
var fromTo = regexp.MustCompile(`(?i)\b([a-z][\w.\-]*)\s+from\s+(?:"[^"]*"|'[^']*'|\S+)\s+to\s+`)

// valueBefore ends where a value starts: "… to ", "… = ", "…: ".
var valueBefore = regexp.MustCompile(`(?i)(?:\bto|\bas|\bis|=|:)\s*$`)

// backTo is "max members back to default": the key, then what it returns to.
var backTo = regexp.MustCompile(`(?i)\b([a-z][\w.\-]*)\s+back\s+to\s+`)

// jsonMetadata reads a metadata change given as one JSON object: the object by the
// kind the text names once ("public metadata", "private_metadata"; public when it
// names none), or the kinds that are the object's own keys. ok is false when there
// is no object, more than one, or the kinds disagree.
func jsonMetadata(text string) (map[string]any, bool) {
	i := strings.IndexByte(text, '{')
	if i < 0 {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(text[i:]))
	var obj map[string]any
	if dec.Decode(&obj) != nil || len(obj) == 0 {
		return nil, false
	}
	after := text[i+int(dec.InputOffset()):]
	if strings.Contains(after, "{") {
		return nil, false
	}
	kinds := map[string]bool{}
	for _, mm := range kindNamed.FindAllStringSubmatch(asciiLower(text[:i]+" "+after), -1) {
		kinds[mm[1]] = true
	}
	if own := metadataKinds(obj); own != nil {
		out := map[string]any{}
		for k, v := range own {
			if len(kinds) > 0 && !kinds[strings.TrimSuffix(k, "_metadata")] {
				return nil, false
			}
			out[k] = v
		}
		return out, true
	}
	if mm := kindTail.FindStringSubmatch(after); mm != nil {
		kinds[strings.TrimSuffix(asciiLower(mm[1]), "ly")] = true // "… {…} -- private"
	}
	if len(kinds) > 1 {
		return nil, false
	}
	kind := "public"
	for k := range kinds {
		kind = k
	}
	return map[string]any{kind + "_metadata": obj}, true
}

// kindNamed is a kind of metadata named: "private metadata", "public_metadata".
var kindNamed = regexp.MustCompile(`\b(public|private|unsafe)[\s_-]*(?:meta\s*data|metadata|md)\b`)

// renameUser is "rename user_1 to": the user's name is set.
var renameUser = regexp.MustCompile(`(?i)\brename\s+(?:the\s+user\s+)?(user_[A-Za-z0-9]+)\s+(?:to|as)\s+`)

// personName is a name of capitalised words: "Bob Smith", "Mary-Jane O'Neil".
var personName = regexp.MustCompile(`^[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){1,3}$`)

// planAfter is "to plan enterprise": the word plan or tier, then its value.
var planAfter = regexp.MustCompile(`(?i)^to\s+(?:the\s+)?(plan|tier)\s+([a-z0-9][\w\-]*)$`)

// valueOf is the value of key among pairs, or "something else" when it is not there.
func valueOf(pairs []pair, key string) any {
	for _, p := range pairs {
		if p.key == key {
			return p.value
		}
	}
	return "something else"
}
