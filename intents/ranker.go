package intents

import (
	"cmp"
	"encoding/json"
	"maps"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/clerkbot/clerkbot/clerk"
)

// Ranker is the offline ranker of one spec version: BM25 over each operation's summary,
// path words, tag and the first sentence of its description, with a verb → method
// prior and path parameters filled from the ids in the text. It never calls anything.
type Ranker struct {
	spec   *clerk.Spec
	docs   []rankDoc
	idf    map[string]float64
	avgLen float64
	nouns  map[string]bool // every operation's resource words
	// rareIDF is the idf of a word that at most three operations have: such a word
	// names what it is about.
	rareIDF float64
	// respOnly are the words only settings' responses have: no operation lacking
	// one is the less likely for it.
	respOnly map[string]bool
	// settingWords are the words of the settings' paths and responses.
	settingWords map[string]bool
	// codeList is the one change of a list of country codes without path
	// parameters (PATCH /instance/communication), or nil (see listChange).
	codeList *clerk.Operation
}

type rankDoc struct {
	resp map[string]float64 // words of a setting's response (see responseWeight)
	body map[string]float64 // words of a write's body fields (see bodyWeight)
	// link is set for a POST that only makes a URL to open ("Create a Svix
	// Dashboard URL"): nothing is listed or kept, so asking for the link is asking
	// for it to be made.
	link       bool
	op         *clerk.Operation
	tf         map[string]float64
	length     float64
	collection bool // the path ends in a literal segment ("/users"), not a parameter
	// pathWords are the words of the path's literal segments: what the endpoint is
	// about. Each one the text does not mention lowers the score.
	pathWords []string
	// nouns are the words of the resource the operation returns or acts on: the last
	// literal segment that is not an action ("/sessions/{id}/revoke" → session).
	nouns []string
	// summaryVerb is the verb class of the summary's first word ("Create a phone
	// number" → create), or vNone.
	summaryVerb verb
	// fields are the words of each query parameter and body field (without "id"); a
	// text that names all the words of one ("support email", "verified") points here.
	fields [][]string
	// dates is set when a query parameter bounds a time (created_at_after, …).
	dates bool
	// action is the words of the last segment of a write on one object
	// ("/users/{id}/password/set_compromised" → set, compromised): what it does.
	action []string
}

// Rankers keeps one Ranker per spec so that each index is built once.
type Rankers struct {
	mu sync.Mutex
	m  map[*clerk.Spec]*Ranker
}

// NewRankers returns an empty cache.
func NewRankers() *Rankers { return &Rankers{m: make(map[*clerk.Spec]*Ranker)} }

// For returns the ranker of spec, building it on first use.
func (rs *Rankers) For(spec *clerk.Spec) *Ranker {
	if rs == nil {
		return NewRanker(spec)
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := rs.m[spec]
	if r == nil {
		r = NewRanker(spec)
		rs.m[spec] = r
	}
	return r
}

// NewRanker indexes the operations of spec.
func NewRanker(spec *clerk.Spec) *Ranker {
	r := &Ranker{spec: spec, idf: make(map[string]float64), nouns: make(map[string]bool)}
	df := make(map[string]int)
	var total float64
	lists := 0
	for _, op := range spec.Operations() {
		if (op.Method == "PATCH" || op.Method == "PUT") && len(op.PathParams()) == 0 && codeListField(op) != "" {
			r.codeList = op
			lists++
		}
	}
	if lists != 1 {
		r.codeList = nil
	}
	for _, op := range spec.Operations() {
		d := rankDoc{op: op, tf: make(map[string]float64)}
		add := func(text string, w float64) {
			for _, t := range rankTokens(text) {
				d.tf[t] += w
				d.length += w
			}
		}
		add(op.Summary, 1)
		add(firstSentence(op.Description), 0.4)
		for _, t := range op.Tags {
			add(t, 0.5)
		}
		if op.IsRead() {
			// The values a list filters by are its words too: "pending invitations",
			// "accepted", "past due".
			for _, p := range op.OpenAPI().Parameters {
				if p.Value == nil || p.Value.In != "query" {
					continue
				}
				if e := enumOf(schemaValue(p.Value.Schema)); len(e) > 0 && len(e) <= 12 {
					for _, v := range e {
						if str, ok := v.(string); ok {
							add(strings.ReplaceAll(str, "_", " "), 0.5)
						}
					}
				}
			}
		}
		if op.IsRead() && len(op.PathParams()) == 0 && !listResponse(op) {
			// What a read of a setting returns names it too, a little: "max_allowed_memberships
			// in our org settings", "blocked countries for sms". Not counted in the
			// length: a large object is no less about each of its fields.
			d.resp = map[string]float64{}
			for name := range responseFields(op) {
				for _, t := range rankTokens(name) {
					d.resp[t] += responseWeight
				}
			}
		}
		if !op.IsRead() {
			// The fields a write sets name it too, a little: "block email
			// subaddresses", "max allowed memberships". Not counted in the length.
			if bs := bodySchema(op); bs != nil {
				d.body = map[string]float64{}
				for name := range bs.Properties {
					for _, t := range rankTokens(name) {
						d.body[t] = bodyWeight
					}
				}
			}
		}
		segs := strings.Split(strings.Trim(op.Path, "/"), "/")
		for _, seg := range segs {
			if !strings.HasPrefix(seg, "{") {
				add(seg, 1)
				for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' }) {
					d.pathWords = append(d.pathWords, rankTokens(part)...)
				}
			}
		}
		slices.Sort(d.pathWords)
		d.pathWords = slices.Compact(d.pathWords)
		d.dates = takesDates(op)
		if last := segs[len(segs)-1]; !op.IsRead() && !strings.HasPrefix(last, "{") && strings.Contains(op.Path, "}/") {
			for _, part := range strings.FieldsFunc(last, func(r rune) bool { return r == '_' || r == '-' }) {
				d.action = append(d.action, rankTokens(part)...)
			}
		}
		for i := len(segs) - 1; i >= 0 && d.nouns == nil; i-- {
			if strings.HasPrefix(segs[i], "{") {
				continue
			}
			ts := rankTokens(segs[i])
			if !slices.ContainsFunc(ts, func(t string) bool { return verbToken[t] }) {
				d.nouns = ts
			}
		}
		d.fields = fieldWords(op)
		d.link = linkOp(spec, op)
		if first := wordPattern.FindString(asciiLower(op.Summary)); first != "" {
			d.summaryVerb = verbs[first]
		}
		d.collection = !strings.HasPrefix(segs[len(segs)-1], "{")
		for t := range d.tf {
			df[t]++
		}
		for _, t := range d.nouns {
			r.nouns[t] = true
		}
		total += d.length
		r.docs = append(r.docs, d)
	}
	// A response's words weigh in only where the operations' own words are silent:
	// they must not change how rare "name" or "user" is.
	respDF := make(map[string]int)
	for _, d := range r.docs {
		for t := range d.resp {
			if df[t] == 0 {
				respDF[t]++
			}
		}
		for t := range d.body {
			if df[t] == 0 && d.resp[t] == 0 {
				respDF[t]++
			}
		}
	}
	r.settingWords = make(map[string]bool)
	for i := range r.docs {
		for t := range r.docs[i].resp {
			r.settingWords[t] = true
		}
		if r.docs[i].resp != nil {
			for _, t := range r.docs[i].pathWords {
				r.settingWords[t] = true
			}
		}
	}
	maps.Copy(df, respDF)
	r.respOnly = make(map[string]bool, len(respDF))
	for t := range respDF {
		r.respOnly[t] = true
	}
	n := float64(len(r.docs))
	for t, k := range df {
		r.idf[t] = math.Log(1 + (n-float64(k)+0.5)/(float64(k)+0.5))
	}
	if n > 0 {
		r.avgLen = total / n
	}
	r.rareIDF = math.Log(1 + (n-3+0.5)/(3+0.5))
	return r
}

// responseWeight is what a field of a read's response adds to the read's words.
const responseWeight = 0.3

// bodyWeight is what a body field of a write adds to the write's words.
const bodyWeight = 0.3

// knows reports whether a lower-cased word is a word of the spec's operations.
func (r *Ranker) knows(w string) bool {
	ts := rankTokens(w)
	if len(ts) == 0 {
		return true // a stop word
	}
	for _, t := range ts {
		if r.idf[t] == 0 {
			return false
		}
	}
	return true
}

// fieldWords lists the words of op's query parameters and body fields, leaving out
// "id" and paging words that say nothing about what the operation does.
func fieldWords(op *clerk.Operation) [][]string {
	var out [][]string
	add := func(name string) {
		parts := strings.FieldsFunc(asciiLower(name), func(r rune) bool { return r == '_' || r == '-' })
		var ws []string
		for _, part := range parts {
			if part == "allowed" {
				continue // max_allowed_memberships: "max memberships"
			}
			for _, t := range rankTokens(part) {
				if t != "id" && !pagingWords[t] {
					ws = append(ws, t)
				}
			}
		}
		if len(ws) > 0 && len(ws) < 4 {
			out = append(out, ws)
		}
	}
	for _, p := range op.Params {
		if p.In == "query" {
			add(p.Name)
		}
	}
	if s := bodySchema(op); s != nil {
		for name := range s.Properties {
			add(name)
		}
	}
	return out
}

// pagingWords are field words that every list has.
var pagingWords = wordSet(`limit offset order by paginated starting after before query`)

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// rankStop are words too common to tell operations apart.
var rankStop = wordSet(`a an the of for to in on from by me my our us we i you please can could would
will do does did is are was were be been it its this that these those and or at as with all any
some there their them what which who whose how have has had need want just also up so now get
show display find fetch view see retrieve give tell id ids current currently`)

var rankSynonyms = map[string]string{
	"org": "organization", "organisation": "organization", "orgs": "organization",
	"company": "organization", "workspace": "organization",
	"2fa": "mfa", "invite": "invitation", "member": "membership", "people": "user",
	"account": "user", "signup": "sign_up", "allowed": "allowlist", "blocked": "blocklist", "whitelist": "allowlist", "blacklist": "blocklist",
	"block": "blocklist", "allow": "allowlist", "ban": "ban", "setting": "setting",
	"sso": "saml", "key": "key", "secret": "secret", "entry": "entry", "webhook": "svix",
	"impersonate": "impersonate", "impersonation": "impersonate", "impersonating": "impersonate",
	"subscriptions": "subscription", "config": "setting", "configuration": "setting",
	"mark": "set", "flag": "set", "m2m": "machine", "authenticator": "totp", "otp": "totp",
	"avatar": "image", "photo": "image", "picture": "image", "pic": "image", "pfp": "image",
}

// boundPrefixes make one word of a hyphenated pair: "in-app", "on-call".
var boundPrefixes = wordSet(`in on by out over under`)

// rankTokens splits text into lower-cased, singular, synonym-folded words; hyphenated
// and underscored words give their parts and the joined word ("allow-list" → allow,
// list, allowlist).
func rankTokens(text string) []string {
	var out []string
	for _, w := range wordPattern.FindAllString(asciiLower(text), -1) {
		w = strings.Trim(w, "'-_")
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '_' || r == '\'' })
		if len(parts) == 2 && boundPrefixes[parts[0]] && strings.Contains(w, "-") {
			// "in-app messages", "the on-call": one word, not an app or a call.
			parts = []string{parts[0] + parts[1]}
		} else if len(parts) > 1 {
			parts = append(parts, strings.Join(parts, ""))
		}
		for _, p := range parts {
			p = stem(p)
			if s, ok := rankSynonyms[p]; ok {
				p = s
			}
			if p == "" || rankStop[p] {
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// ranked is one scored operation with the values found for it.
type ranked struct {
	op     *clerk.Operation
	link   bool // a link-making POST (rankDoc.link) the text asks a link of
	nouns  []string
	score  float64
	agrees bool // a write whose method or words match the verb of the text
	path   map[string]string
	filled bool // every path parameter has a value from the text
	unused int  // ids in the text the operation has no place for
	// named is set when the text names the resource the operation acts on: one of
	// its nouns is a word of the text or the resource of one of its ids, and for an
	// operation on the instance or on credentials every word of its path is.
	named bool
}

// actionWords are verbs outside the fast path's lexicon that ask for a change.
var actionWords = wordSet(`disable enable rotate reject approve verify mark block unblock allow
impersonate extend adjust refresh revert toggle upload replace merge unset reset resend send
apply issue generate regenerate deactivate activate`)

// verbToken marks the tokens of verbs, which the method prior weighs instead of BM25
// coverage.
var verbToken = func() map[string]bool {
	m := make(map[string]bool)
	for w := range verbs {
		for _, t := range rankTokens(w) {
			m[t] = true
		}
	}
	for w := range actionWords {
		for _, t := range rankTokens(w) {
			m[t] = true
		}
	}
	return m
}()

// actionMethod is the method an action word means when the operation's own words do
// not say it ("disable TOTP" is DELETE /users/{user_id}/totp).
var actionMethod = map[string]string{"disable": "DELETE", "deactivate": "DELETE", "unblock": "DELETE", "unset": "POST",
	"allow": "POST", "block": "POST", "generate": "POST", "issue": "POST"}

// writeAsked reports whether the text asks for any change at all.
func writeAsked(m *msg) bool {
	if m.question {
		return false
	}
	for _, v := range m.verbs {
		if v != vRead && v != vList && v != vCount {
			return true
		}
	}
	for i, w := range m.x.Words {
		if v, ok := verbs[w]; ok && v != vRead && v != vList && v != vCount && !m.nonVerb[i] {
			return true
		}
		if actionWords[w] {
			return true
		}
	}
	return false
}

// Rank scores every operation against the message, best first.
func (r *Ranker) rank(m *msg) []ranked { return r.rankAlso(m, "") }

// rankAlso is rank, keeping the operation also in the list even when no word of the
// text is one of its words (with a score near zero, after all others).
func (r *Ranker) rankAlso(m *msg, also string) []ranked {
	var query []string
	for _, w := range m.x.Words {
		query = append(query, rankTokens(w)...)
	}
	slices.Sort(query)
	query = slices.Compact(query)
	if len(query) == 0 {
		return nil
	}
	if m.x.Has("join", "joined", "joins", "joining") && (slices.Contains(query, "organization") || len(m.ids("org")) > 0) {
		// "who joined org_1 this month": joining an organization makes a membership
		// (joining alone is signing up).
		query = append(query, "membership")
	}
	if countryContext(m) && len(countryCodes(m.text)) > 0 {
		// "block sms to RU and NG": a country code says "country code" as an id says
		// its resource; one field of the spec takes it.
		query = append(append(query, rankTokens("country")...), rankTokens("codes")...)
		slices.Sort(query)
		query = slices.Compact(query)
	}
	if orgSizes.MatchString(m.lower) {
		// "all orgs with member counts", "orgs w/ >50 members": the size of each
		// organization, a field of the list, not a list of memberships.
		query = slices.DeleteFunc(query, func(t string) bool { return t == "member" || t == "membership" || t == "count" })
	}
	// Ids name their resource: user_1 says "user" even when the word is not there.
	covered := slices.Clone(query)
	for _, id := range m.x.IDs {
		p, _, _ := strings.Cut(id, "_")
		covered = append(append(covered, idNouns[p]...), prefixNouns[p]...)
	}
	if len(m.x.IDs) > 0 && verbOnId(m) && !slices.ContainsFunc(query, func(t string) bool { return r.idf[t] > 0 && !verbToken[t] && !r.respOnly[t] }) {
		// "kill sess_1", "unblock blid_1": only a verb and an id. The id's resource is
		// what the text is about, so its words are the query's.
		for _, id := range m.x.IDs {
			p, _, _ := strings.Cut(id, "_")
			query = append(append(query, idNouns[p]...), prefixNouns[p]...)
		}
		slices.Sort(query)
		query = slices.Compact(query)
	}
	v, _ := m.verb()
	if v == vCount {
		covered = append(covered, "count") // "how many users": /users/count
	}
	write := writeAsked(m)
	head := r.headNouns(m)
	typed := make(map[string]bool, len(query))
	for _, t := range query {
		typed[t] = true
	}
	const k1, b = 1.2, 0.75
	out := make([]ranked, 0, 16)
	linkAsk := asksLink(m)
	var lists map[string]bool // listed, per id prefix: read once per message, when needed
	isList := func(prefix string) bool {
		l, ok := lists[prefix]
		if !ok {
			if lists == nil {
				lists = map[string]bool{}
			}
			l = listed(m, prefix)
			lists[prefix] = l
		}
		return l
	}
	for _, d := range r.docs {
		var s float64
		topical := false // a word other than a verb matched
		// A field of the operation named by all its words ("max memberships" for
		// max_allowed_memberships) makes its words the operation's, however common.
		var namedField []string
		for _, f := range d.fields {
			if len(f) >= 2 && !slices.ContainsFunc(f, func(t string) bool { return !typed[t] }) {
				namedField = append(namedField, f...)
			}
		}
		for _, t := range query {
			tf := d.tf[t]
			if tf == 0 && slices.Contains(namedField, t) {
				tf = bodyWeight
			}
			if len(m.x.IDs) == 0 {
				// A setting's fields name it only when nothing is named by id:
				// "switch enrollment on orgdmn_1" is about the domain.
				tf += d.resp[t]
			}
			if r.respOnly[t] {
				tf += d.body[t] // a word only fields have ("subaddresses")
			}
			if tf == 0 {
				continue
			}
			topical = topical || !verbToken[t]
			s += r.idf[t] * tf * (k1 + 1) / (tf + k1*(1-b+b*d.length/r.avgLen))
		}
		if s == 0 {
			if d.op.ID != also {
				continue
			}
			s = 1e-9
		}
		for _, w := range d.pathWords {
			if !slices.Contains(covered, w) {
				s *= 0.6
			}
		}
		// A word of the text that the spec knows but this operation lacks ("password"
		// for DeleteUser) is evidence against it; verbs are weighed by the priors.
		for _, t := range query {
			if d.tf[t] == 0 && d.resp[t] == 0 && d.body[t] == 0 && r.idf[t] > 0 && !verbToken[t] && !r.respOnly[t] {
				s *= 0.6
			}
		}
		rk := ranked{op: d.op, nouns: d.nouns, path: map[string]string{}, named: r.names(d, covered, query)}
		used := map[string]bool{}
		rk.filled = true
		for _, name := range d.op.PathParams() {
			val := fillPath(m, d.op, name, used)
			if val == "" && name == "user_id" && userByEmail(m, d.op) != "" {
				val = ref(0, "id") // "disable mfa for ana@acme.com": the user is looked up first
			}
			if val == "" {
				rk.filled = false
				continue
			}
			rk.path[name] = val
			s *= 1.25
		}
		for _, id := range m.x.IDs {
			switch {
			case used[id]:
			case takesID(d.op, id): // the id filters a list ("sessions for client client_1")
			case ownerNamed(m.lower, asciiLower(id), used): // "delete phone idn_1 off user_2"
			default:
				rk.unused++
				if slices.ContainsFunc(slices.Collect(maps.Keys(used)), func(u string) bool { return idPrefix(u) == idPrefix(id) }) && isList(idPrefix(id)) {
					// "ban user_1, user_2": an operation on one of them would leave
					// the others out (POST /users/ban takes them all).
					s *= 0.5
				}
			}
		}
		if b := bulkPrefix(d.op); b != "" && len(m.ids(b)) < 2 {
			// POST /users/ban is for several users; one is banned by its own path.
			s *= 0.5
		}
		// The thing asked for comes first in the text ("sessions for client …"): an
		// operation on another resource is less likely.
		if len(head) > 0 && !slices.ContainsFunc(d.nouns, func(t string) bool { return slices.Contains(head, t) }) {
			s *= 0.5
		}
		named := 0
		for _, f := range d.fields {
			if named < 2 && !slices.ContainsFunc(f, func(t string) bool { return !typed[t] }) {
				s *= 1.2
				named++
			}
		}
		for _, w := range d.action {
			// "set user_1 password" does not say "compromised": an action on an
			// object is what its last segment says, each word said or, for a verb,
			// said with a verb of its class ("kill" for revoke). Only a text with a
			// verb of the lexicon is held to it.
			if wv, isVerb := verbs[w]; v != vNone && !typed[w] && !slices.Contains(covered, w) && !(isVerb && wv == v) {
				s *= 0.3
				break
			}
		}
		if (m.x.After != 0 || m.x.Before != 0) && d.op.IsRead() && !d.dates {
			// "who joined org_1 in the last 30 days": a read that cannot filter by
			// date answers another question.
			s *= 0.5
		}
		if !rk.filled {
			s *= 0.35
		}
		s *= math.Pow(0.5, float64(rk.unused))
		if d.link && linkAsk {
			// "get me the svix dashboard link": the link is read, though made by a POST.
			rk.link = true
			s *= methodPrior(d.op, vRead, false, false) / 0.4
		} else {
			s *= methodPrior(d.op, v, write, d.collection)
		}
		if d.op.Method == "PUT" && strings.HasSuffix(d.op.Path, "/metadata") && !wholeMeta(m.text) {
			// "flag user_1 — private metadata fraud_review: true" adds a key; only
			// "replace" or "overwrite" drops the others.
			s *= 0.4
		}
		if write && topical && v != vNone && d.summaryVerb != vNone && d.summaryVerb == v {
			// "add a phone number" and "Create a phone number" are one action;
			// "Replace a user's phone number" is another.
			s *= 1.2
		}
		rk.agrees = d.op.IsRead() || rk.link || agrees(m, d, v)
		if !rk.agrees {
			s *= 0.2
		}
		rk.score = s
		out = append(out, rk)
	}
	slices.SortFunc(out, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.op.ID, b.op.ID))
	})
	return out
}

// guardedRoots are the first path segments of operations on the instance as a whole
// and on credentials (impersonation, sign-in and testing tokens, API and M2M keys):
// the ranker runs one only when the text says every word of its path.
var guardedRoots = wordSet(`instance beta_features actor_tokens sign_in_tokens testing_tokens api_keys
m2m_tokens domains proxy_checks jwks webhooks agents admin_portal_link_tokens`)

// names reports whether the words said (the text's tokens and the resources of its
// ids) name the resource of an operation: a word of its path that is no verb ("the
// allowlist", "phone", a user_… id for /users/…), or a word of the text that few
// operations have and this one does ("impersonate", "svix"). An operation on the
// instance or on credentials also needs every word of its first path segment
// ("instance", "machine", "api key"), or a rare word.
func (r *Ranker) names(d rankDoc, said, typed []string) bool {
	for _, t := range typed {
		if _, isVerb := verbs[t]; d.tf[t] > 0 && !isVerb && r.idf[t] >= r.rareIDF {
			return true
		}
	}
	root, _, _ := strings.Cut(strings.TrimPrefix(d.op.Path, "/"), "/")
	guarded := guardedRoots[root] || strings.Contains(d.op.Path, "secret") || strings.Contains(d.op.Path, "rotate")
	isSaid := func(w string) bool { return slices.Contains(said, w) || slices.Contains(said, rankSynonyms[w]) }
	resource := func(w string) bool {
		_, isVerb := verbs[w]
		return !(isVerb && w != "number" || actionWords[w])
	}
	any := slices.ContainsFunc(d.pathWords, func(w string) bool { return resource(w) && isSaid(w) })
	if guarded {
		// The first segment is what the operation changes: "the domain" alone is
		// not the instance's (/instance/change_domain).
		for _, w := range rankTokens(strings.NewReplacer("_", " ", "-", " ").Replace(root)) {
			if resource(w) && !isSaid(w) {
				return false
			}
		}
	}
	return any
}

// headNouns are the resource words of the text's first noun phrase ("saml
// connections" in "list the saml connections for our enterprise"): the thing asked
// for. A phrase of generic words only ("how many people are on the waitlist") is
// passed over; words inside ids do not count.
func (r *Ranker) headNouns(m *msg) []string {
	var out []string
	generic := false
	for _, w := range m.x.Words {
		var found []string
		for _, t := range rankTokens(w) {
			if r.nouns[t] && !verbToken[t] {
				found = append(found, t)
			}
		}
		switch {
		case len(found) > 0 && len(out) == 0:
			generic = genericNouns[w]
			out = found
		case len(found) > 0:
			out = append(out, found...)
			generic = generic && genericNouns[w]
		case len(out) > 0 && generic:
			out = nil
		case len(out) > 0:
			return out
		}
	}
	if generic {
		return nil
	}
	return out
}

// genericNouns name users without saying which kind of object is asked for.
var genericNouns = wordSet(`people person someone everyone anyone`)

// unknownAction returns the first word of a text with no verb when it is not a word
// clerkbot knows ("fix the user"): most likely an action it does not have, so the
// ranker must not answer with a read of the noun that follows.
func unknownAction(r *Ranker, m *msg) string {
	if v, _ := m.verb(); v != vNone || writeAsked(m) {
		return ""
	}
	for _, w := range m.x.Words {
		if stop[w] || filler[w] || isNumber(w) {
			continue
		}
		if isKnownWord(w) || statusWords[w] || slices.ContainsFunc(rankTokens(w), func(t string) bool { return r.nouns[t] }) {
			return "" // "unverified org domains": a state, then the resource
		}
		return w
	}
	return ""
}

// agrees reports whether a write operation does what the verb of the text says:
// "remove" is a DELETE or an operation whose words say remove, "create" a POST or PUT,
// "update" a PATCH, PUT or POST. Action words outside the lexicon (rotate, disable)
// must appear in the operation's words. A write that does not agree is never run.
func agrees(m *msg, d rankDoc, v verb) bool {
	words := d.tf
	// said reports whether the operation's own words include a verb of the class
	// ("remove" for delete, "revoke" for revoke).
	said := func(class verb) bool {
		for w, c := range verbs {
			if c == class && words[stem(w)] > 0 {
				return true
			}
		}
		return false
	}
	for _, w := range m.x.Words {
		if actionWords[w] && words[stem(w)] == 0 && words[rankSynonyms[stem(w)]] == 0 {
			if _, isVerb := verbs[w]; !isVerb && v == vNone && actionMethod[w] != d.op.Method {
				return false
			}
		}
	}
	switch v {
	case vNone:
		return true
	case vCreate:
		return d.op.Method == "POST" || d.op.Method == "PUT"
	case vInvite:
		// "invite … to the app" asks for an invitation, not a Svix app.
		return (d.op.Method == "POST" || d.op.Method == "PUT") && (words["invitation"] > 0 || words["invit"] > 0 || strings.Contains(d.op.Path, "invit"))
	case vUpdate, vRename:
		return d.op.Method != "DELETE"
	case vDelete:
		return d.op.Method == "DELETE" || said(vDelete)
	}
	return said(v)
}

// methodPrior weighs an operation's method against the verb of the text.
func methodPrior(op *clerk.Operation, v verb, write bool, collection bool) float64 {
	get := op.Method == "GET"
	switch {
	case !write && get:
		if v == vList && collection {
			return 1.3
		}
		return 1
	case !write:
		return 0.4 // a write the text does not ask for is only ever a candidate
	case get:
		return 0.5
	}
	switch v {
	case vCreate, vInvite:
		if op.Method == "POST" {
			return 1.3
		}
	case vUpdate, vRename:
		if op.Method == "PATCH" || op.Method == "PUT" {
			return 1.3
		}
	case vDelete:
		if op.Method == "DELETE" {
			return 1.3
		}
	}
	return 1
}

// wholeMetadata asks to replace all of an object's metadata, not merge into it.
// "put plan: pro in their metadata" adds a key; the method PUT, in capitals, asks
// for the replace.
var wholeMetadata = regexp.MustCompile(`\b(?:replace|replacing|overwrite|overwriting|clobber|wipe|entire|whole|all\s+(?:of\s+)?(?:the|its|their|his|her)?\s*(?:public|private|unsafe)?\s*metadata)\b`)

// wholeMeta reports whether text asks to replace all of an object's metadata.
func wholeMeta(text string) bool {
	return wholeMetadata.MatchString(asciiLower(text)) || putMethod.MatchString(text)
}

var putMethod = regexp.MustCompile(`\bPUT\b`)

// idNouns are the words an id prefix stands for.
var idNouns = map[string][]string{
	"user": {"user"}, "org": {"organization"}, "orgmem": {"organization", "membership"},
	"orginv": {"organization", "invitation"}, "inv": {"invitation"}, "sess": {"session"},
	"client": {"client"}, "mch": {"machine"}, "wle": {"waitlist", "entry"}, "jtmp": {"jwt", "template"},
	"dmn": {"domain"}, "act": {"actor", "token"}, "sit": {"sign", "in", "token"},
	"idn": {"email", "address", "phone", "number"}, "rol": {"role"}, "perm": {"permission"},
	"ak": {"api", "key"}, "saml": {"saml", "connection"}, "samlc": {"saml", "connection"},
}

var oauthProviders = wordSet(`google github gitlab microsoft apple facebook discord linkedin
linkedin_oidc twitter x slack notion bitbucket dropbox hubspot tiktok twitch spotify coinbase
atlassian box line xero linear huggingface instagram`)

// fillPath finds the value of a path parameter in the text: an id with the prefix the
// parameter takes, or an OAuth provider name. It never makes one up.
func fillPath(m *msg, op *clerk.Operation, name string, used map[string]bool) string {
	if p := op.Param("path", name); p != nil {
		if s := schemaValue(p.Schema); s != nil && len(s.Enum) > 0 {
			for _, e := range s.Enum {
				if str, ok := e.(string); ok && m.x.Has(asciiLower(str)) {
					return str
				}
			}
			return ""
		}
	}
	if name == "slug" {
		// "revert the sms template verification_code": the one word of the text
		// shaped like a slug (with "_" or "-"), that no id, email or lexicon is.
		var found []string
		for _, w := range m.x.Words {
			if strings.ContainsAny(w, "_-") && !isKnownWord(w) && !compoundWord(w) {
				found = append(found, w)
			}
		}
		if len(found) == 1 {
			return found[0]
		}
		return ""
	}
	if noun, ok := strings.CutSuffix(name, "_name"); ok && !strings.Contains(noun, "_") {
		// "with the support-debug template", "template named support-debug".
		after, before := namePatterns(noun)
		for _, mm := range append(after.FindAllStringSubmatch(m.text, -1), before.FindAllStringSubmatch(m.text, -1)...) {
			v := mm[1]
			if lv := asciiLower(v); !stop[lv] && !hasID(v) && !qualifiers[lv] && !clerkWords[lv] {
				if _, isVerb := verbs[lv]; !isVerb {
					return v
				}
			}
		}
		return ""
	}
	if name == "provider" {
		// "the google and github tokens" names two: no one provider is meant.
		found := ""
		for _, w := range m.x.Words {
			if oauthProviders[w] && found != "" && found != w {
				return ""
			}
			if oauthProviders[w] {
				found = w
			}
		}
		if found == "" {
			return ""
		}
		return "oauth_" + found
	}
	if prefixes := pathPrefixes(op, name); len(prefixes) > 0 {
		for _, id := range m.x.IDs {
			if !used[id] && slices.Contains(prefixes, idPrefix(id)) {
				used[id] = true
				return id
			}
		}
		return ""
	}
	// A parameter without a known prefix ("apiKeyID", "id") takes an id whose prefix
	// no known parameter claims, when there is exactly one such id.
	var free []string
	for _, id := range m.x.IDs {
		p, _, _ := strings.Cut(id, "_")
		if !used[id] && !knownPrefixes[p] {
			free = append(free, id)
		}
	}
	if len(free) == 1 {
		used[free[0]] = true
		return free[0]
	}
	return ""
}

// patternPrefix reads the id prefixes of a parameter's pattern: "^(user|org)_\w{27}$".
var patternPrefix = regexp.MustCompile(`^\^(?:\(([a-z0-9|]+)\)|([a-z0-9]+))_`)

// idPrefixes returns the prefixes of the ids a parameter or field takes: from its
// name (user_id → user) or from its schema's pattern; nil when it takes no id.
func idPrefixes(p *openapi3.Parameter, name string) []string {
	if prefix, ok := paramPrefix[name]; ok {
		return []string{prefix}
	}
	if res, ok := strings.CutSuffix(strings.TrimSuffix(name, "s"), "_id"); ok && len(resourcePrefixes[res]) > 0 {
		return resourcePrefixes[res] // "discount_id": the prefixes of discounts; "user_ids"
	}
	if p != nil {
		return schemaPrefixes(schemaValue(p.Schema))
	}
	return nil
}

func schemaPrefixes(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	if s.Items != nil && s.Items.Value != nil {
		s = s.Items.Value
	}
	mm := patternPrefix.FindStringSubmatch(s.Pattern)
	if mm == nil {
		return nil
	}
	return strings.Split(mm[1]+mm[2], "|")
}

func idPrefix(id string) string {
	p, _, _ := strings.Cut(id, "_")
	return p
}

// listed reports whether the ids of a prefix in m are all one list, written as
// one ("user_1, user_2 and user_3"), that nothing after it singles one out ("…,
// user_2 stays banned"): a change for each of them (see listRequest).
func listed(m *msg, prefix string) bool {
	ids := m.ids(prefix)
	if len(ids) < 2 {
		return false
	}
	l, loc := idList(m.text, ids)
	if len(l) != len(ids) {
		return false
	}
	_, ok := listRequest(m.text, l[0], loc)
	return ok
}

// bulkPrefix is the id prefix of the objects a bulk operation takes in an array
// ("user_ids" of POST /users/ban), or "".
func bulkPrefix(op *clerk.Operation) string {
	s := bodySchema(op)
	if s == nil {
		return ""
	}
	for name, ref := range s.Properties {
		if ps := idsField(name, ref); len(ps) > 0 {
			return ps[0]
		}
	}
	return ""
}

// idsField returns the id prefixes a body field takes as a list ("user_ids": user),
// or nil when it is no list of ids.
func idsField(name string, ref *openapi3.SchemaRef) []string {
	res, ok := strings.CutSuffix(name, "_ids")
	if ps := schemaValue(ref); !ok || ps == nil || !ps.Type.Is("array") {
		return nil
	}
	return resourcePrefixes[res]
}

// takesID reports whether an id could go into a query parameter or body field of op.
func takesID(op *clerk.Operation, id string) bool {
	p, _, _ := strings.Cut(id, "_")
	for _, prm := range op.Params {
		if prm.In == "query" && slices.Contains(schemaPrefixes(schemaValue(prm.Schema)), p) {
			return true
		}
	}
	if s := bodySchema(op); s != nil {
		for name, ref := range s.Properties {
			if ps := schemaValue(ref); ps != nil && ps.Type.Is("string") && slices.Contains(schemaPrefixes(ps), p) {
				return true // "subject": ^(user|org|mch)_…
			}
			if res, ok := strings.CutSuffix(name, "_id"); ok && slices.Contains(resourcePrefixes[res], p) {
				return true // "discount_id" takes cdisc_…
			}
			if slices.Contains(idsField(name, ref), p) {
				return true // "user_ids" of a bulk ban
			}
		}
	}
	for name, prefix := range paramPrefix {
		if prefix != p {
			continue
		}
		if op.Param("query", name) != nil {
			return true
		}
		if s := bodySchema(op); s != nil {
			if _, ok := s.Properties[name]; ok {
				return true
			}
		}
	}
	return false
}

// bodyRequired reports whether op must be sent a JSON body, even an empty one.
func bodyRequired(op *clerk.Operation) bool {
	o := op.OpenAPI()
	return o != nil && o.RequestBody != nil && o.RequestBody.Value != nil && o.RequestBody.Value.Required
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// impersonates finds the user someone is to act as: "impersonate user_2",
// "log in as user_2", "act as user_2".
var impersonates = regexp.MustCompile(`\b(?:impersonat\w*|(?:log|sign)\s*in\s+as|act\s+as|become)\s+(?:the\s+)?(?:user\s+|account\s+(?:of\s+)?)?(user_[A-Za-z0-9]+)`)

// impersonation reads who impersonates whom for a body with user_id and actor.sub
// (POST /actor_tokens): the user after "impersonate" is the target, the one other
// user id of the text is the actor. Anything else (one id, three ids, no verb) is
// left to validation, which asks for what is missing.
// actorNamed is the actor said as such: "with actor user_2", "actor sub user_2",
// "as actor user_2".
var actorNamed = regexp.MustCompile(`(?i)\bactor(?:[\s._]*sub(?:ject)?)?\s*(?:\bis\s+|=\s*|:\s*|\s)(user_[A-Za-z0-9]+)`)

func impersonation(m *msg, s *openapi3.Schema) (target, actor string, ok bool) {
	a, hasActor := s.Properties["actor"]
	if _, hasUser := s.Properties["user_id"]; !hasUser || !hasActor || a.Value == nil || a.Value.Properties["sub"] == nil {
		return "", "", false
	}
	users := m.ids("user")
	if len(users) == 2 {
		if am := actorNamed.FindStringSubmatch(m.text); am != nil && slices.Contains(users, am[1]) {
			// "actor token for user_1 with actor (sub) user_2": the actor is named.
			for _, u := range users {
				if u != am[1] {
					return u, am[1], true
				}
			}
		}
	}
	mm := impersonates.FindAllStringSubmatch(m.text, -1)
	if len(users) != 2 || len(mm) != 1 {
		return "", "", false
	}
	target = mm[0][1]
	for _, u := range users {
		if u != target {
			actor = u
		}
	}
	return target, actor, actor != "" && slices.Contains(users, target)
}

func bodySchema(op *clerk.Operation) *openapi3.Schema {
	o := op.OpenAPI()
	if o == nil || o.RequestBody == nil || o.RequestBody.Value == nil {
		return nil
	}
	media := o.RequestBody.Value.Content.Get("application/json")
	if media == nil || media.Schema == nil {
		return nil
	}
	return media.Schema.Value
}

// rankerMinScore and rankerMargin decide when the ranker answers instead of asking:
// the best operation must score at least rankerMinScore and beat the next by the
// margin (a fraction of its score).
const (
	rankerMinScore = 2.0
	rankerMargin   = 0.2
)

// ranking is the ranker's list for m (see rankAlso). Mixed or smuggled instructions,
// or a question, are offered only reads, never a write to click.
func (p *parser) ranking(spec *clerk.Spec, m *msg, also string) []ranked {
	rs := p.opts.Rankers.For(spec).rankAlso(m, also)
	if readsOnly(m) {
		rs = slices.DeleteFunc(rs, func(r ranked) bool { return !r.op.IsRead() })
	}
	return rs
}

// linkOp reports whether op is a POST that only makes a URL to open: its summary
// says URL or link, it takes no path parameter and no required field, and no GET
// lists what it makes (POST /redirect_urls adds to a list; POST /webhooks/svix_url
// does not).
func linkOp(spec *clerk.Spec, op *clerk.Operation) bool {
	sum := asciiLower(op.Summary)
	if op.Method != "POST" || !(strings.HasSuffix(sum, " url") || strings.HasSuffix(sum, " link")) || len(op.PathParams()) > 0 {
		return false
	}
	if s := bodySchema(op); s != nil && len(s.Required) > 0 {
		return false
	}
	for _, o := range spec.Operations() {
		if o.Path == op.Path && o.Method == "GET" {
			return false
		}
	}
	return true
}

// safeWrite reports whether the text asks for a change plainly: a verb that asks for
// one, one kind of action, no smuggled instruction, no question and no negation after.
// safeLink reports whether a text asks plainly for a link (rankDoc.link): as for a
// write, with no other verb, no question, no injection and no later negation, but
// the verb may be one that hands something over ("get me the svix dashboard link",
// "send me …"); a link asked for with no verb ("need the svix dashboard link") or
// looked for ("look up the svix dashboard link in the wiki") is not made.
func safeLink(m *msg) bool {
	_, oneVerb := m.verb()
	return oneVerb && asksLink(m) && !hasInjection(m) && !m.question && !negatedLater(m.text)
}

// asksLink reports whether a text asks to be handed a link: a link or URL, a verb
// that hands something over, and no other action ("rotate", "delete").
func asksLink(m *msg) bool {
	if !m.x.Has("link", "links", "url", "urls") || !m.x.Has(handOver...) {
		return false
	}
	for _, w := range m.x.Words {
		if v, ok := verbs[w]; ok && v != vRead && v != vCreate || actionWords[w] && !slices.Contains(handOver, w) {
			return false
		}
	}
	return true
}

// handOver are the verbs that ask to be handed something.
var handOver = []string{"get", "give", "send", "generate", "create", "make", "grab"}

func safeWrite(m *msg) bool {
	_, oneVerb := m.verb()
	return writeAsked(m) && oneVerb && !hasInjection(m) && !m.question && !negatedLater(m.text)
}

// mintAsked reports whether the text asks for a new token by its name alone, with no
// verb of change ("testing token pls", "get me a testing token", "actor token for
// user_1, actor user_2"): an operation that only mints one (a POST on /…_tokens,
// without ids in its path) has no other reading. Links have safeLink.
func mintAsked(m *msg, top ranked) bool {
	op := top.op
	if op.Method != "POST" || len(op.PathParams()) > 0 || !strings.HasSuffix(op.Path, "_tokens") {
		return false
	}
	return top.named && !writeAsked(m) && !m.question && !hasInjection(m) && !negatedLater(m.text) && !openQuestion(m.x.Words) &&
		!slices.ContainsFunc(m.x.Words, func(w string) bool {
			// "no testing token", "the testing token removed from the wiki", "… to be shorter"
			if negations[w] || w == "be" {
				return true
			}
			for _, b := range pastBases(w)[1:] {
				if _, ok := verbs[b]; ok {
					return true
				}
			}
			return false
		})
}

// readsOnly reports whether the text mixes or smuggles instructions, or asks a
// question: it is answered, or offered, reads only.
func readsOnly(m *msg) bool {
	_, oneVerb := m.verb()
	return !oneVerb || hasInjection(m) || m.question || openQuestion(m.x.Words)
}

// changeFirst reports whether the text starts with a change it asks for, and asks
// for nothing to be read ("disable organizations on the instance"): a read of the
// same words answers something else.
func changeFirst(m *msg) bool {
	first := wordPattern.FindString(politeLead.ReplaceAllString(m.lower, ""))
	_, oneVerb := m.verb()
	return (writeVerb(first) || actionWords[first]) && writeAsked(m) && oneVerb &&
		!slices.ContainsFunc(m.verbs, func(v verb) bool { return v == vRead || v == vList || v == vCount })
}

// rankDecide turns a ranking into an intent: execute the best operation when it is
// clearly best, can be filled from the text and is a read or an asked-for write;
// otherwise clarify with the top three.
func (p *parser) rankDecide(in *Intent, spec *clerk.Spec, m *msg) bool {
	// The switch is read from the cleaned text; what says it is not for now may
	// stand in an aside the cleaning dropped ("(not urgent, they'll confirm)").
	whole := asciiLower(cmp.Or(p.wholeRaw, m.text))
	if d, ok := p.opts.Rankers.For(spec).toggle(m); ok && !notSwitchNow.MatchString(whole) && !switchScope.MatchString(whole) && (!strings.Contains(whole, "?") || politeAsk.MatchString(whole)) {
		if steps, err := build(spec, plan{steps: []draft{d}}); err == nil {
			in.Mode, in.Source, in.Steps = ModeExecute, SourceRanker, steps
			in.Reason = "ranker: the text switches the setting " + d.op + " " + strings.Join(slices.Sorted(maps.Keys(d.body)), " and ")
			return true
		}
	}
	if op := p.opts.Rankers.For(spec).codeList; op != nil && countryContext(m) && !m.question && !hasInjection(m) && !negatedLater(m.text) {
		// "block SMS to RU and NG", "unblock PK": the one list of country codes.
		if steps, ok := listChange(spec, m, op, cmp.Or(p.wholeRaw, m.text), draft{op: op.ID}); ok {
			if built, err := build(spec, plan{steps: steps}); err == nil {
				in.Mode, in.Source, in.Steps = ModeExecute, SourceRanker, built
				in.Reason = "ranker: the text changes the country codes of " + op.ID
				if len(steps) > 1 {
					in.Message = "Clerk replaces the whole list, so the current one is read first and sent back with this change."
				}
				return true
			}
		}
	}
	rs := p.ranking(spec, m, "")
	if len(rs) == 0 {
		return false
	}
	top := rs[0]
	cands := make([]Candidate, 0, 3)
	for _, r := range rs[:min(3, len(rs))] {
		cands = append(cands, Candidate{OperationID: r.op.ID, Method: r.op.Method, Path: r.op.Path,
			Score: math.Round(100*r.score/top.score) / 100})
	}
	in.Source = SourceRanker
	// Clearly ahead: above the minimum score and the margin, or far ahead of the next
	// with half the minimum ("how many people are on the waitlist?").
	// A runner-up that reads the same resource by another route (the organization's
	// domains by path or by filter) is not a different answer.
	next := 0.0
	// "rotate the secret on mch_1": an order that starts with its verb is not
	// answered by a read, so a read is no rival of the write it asks for.
	ordered := !top.op.IsRead() && !m.question && startsWithChange(m)
	for _, r := range rs[1:] {
		if top.op.IsRead() && r.op.IsRead() && top.filled && len(r.path) <= len(top.path) && len(top.path) > 0 && len(top.nouns) > 0 && !slices.ContainsFunc(top.nouns, func(t string) bool { return !slices.Contains(r.nouns, t) }) {
			continue
		}
		if ordered && r.op.IsRead() {
			continue
		}
		if top.filled && len(top.path) > 0 && !r.filled {
			// "rotate the secret on mch_1": an operation the text gives no id for
			// (an OAuth app's secret) is no rival of one it fills.
			continue
		}
		next = r.score
		break
	}
	clear := top.score >= rankerMinScore && next <= (1-rankerMargin)*top.score ||
		top.score >= rankerMinScore/2 && next <= (1-2*rankerMargin)*top.score
	safe := top.op.IsRead() || safeWrite(m) || top.link && safeLink(m) || mintAsked(m, top)
	unknown := unknownAction(p.opts.Rankers.For(spec), m)
	if runnable := clear && top.filled && top.unused == 0 && safe && top.agrees && unknown == "" &&
		(top.op.IsRead() && !changeFirst(m) || !top.op.IsRead() && top.named); !runnable {
		// The ranker cannot run its best operation: the labelled messages nearest to
		// the text may name one it can.
		vote := p.vote()
		if id := vote.pick(); id != "" && !slices.ContainsFunc(rs, func(r ranked) bool { return r.op.ID == id }) {
			rs = p.ranking(spec, m, id)
		}
		if pick, ok := p.examplePick(m, rs, vote); ok {
			return p.rankRun(in, spec, m, pick, cands, "examples: the labelled messages nearest to the text ask for "+pick.op.ID+", and the text fills it", true)
		}
	}
	if w := unknown; w != "" && clear {
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = "I do not know what \"" + w + "\" asks for. Say it with a verb such as get, list, create, update or delete, or use METHOD /path; the closest operations are: " + candidateList(rs[:min(3, len(rs))]) + "."
		in.Reason = "ranker: the text starts with a word that is neither a known verb nor a resource"
		return true
	}
	if clear && top.op.IsRead() && changeFirst(m) {
		// "disable organizations on the instance": a change was asked, and a read of
		// the same words answers something else.
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = "That asks for a change, but the closest operation only reads: " + candidateList(rs[:1]) + ". Say what to change with the endpoint's words, or use METHOD /path; the closest are: " + candidateList(rs[:min(3, len(rs))]) + "."
		in.Reason = "ranker: a change was asked and the best operation is a read"
		return true
	}
	if clear && top.filled && top.unused == 0 && safe && top.agrees && !top.op.IsRead() && !top.named {
		// Weak overlap is no reason to change something: a write needs the text to
		// name what it changes ("change the domain" does not say the instance's).
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = top.op.Key() + " (" + top.op.Summary + ") changes something the message does not name; say what to change, with its id, for example " + example(top.op)
		in.Reason = "ranker: the best operation is a write on a resource the text does not name"
		return true
	}
	if clear && top.filled && top.unused == 0 && safe && top.agrees {
		why := "ranker: " + top.op.ID + " scored " + strconv.FormatFloat(top.score, 'f', 2, 64) + ", clearly ahead of the next"
		if r, ok := activityRead(m, top, rs); ok {
			// "students in org_1 that havent been active for 90 days": the members
			// cannot be filtered by activity, the users of the organization can.
			top, why = r, why+"; "+r.op.ID+" filters by the activity the text asks"
		}
		return p.rankRun(in, spec, m, top, cands, why, false)
	}
	in.Mode, in.Candidates = ModeClarify, cands
	in.Message = "Which operation do you mean? The closest are: " + candidateList(rs[:min(3, len(rs))]) + ". Say it with the ids it needs, or use METHOD /path."
	switch {
	case !clear:
		in.Reason = "ranker: no operation is clearly ahead"
	case !top.filled:
		in.Message = top.op.Key() + " (" + top.op.Summary + ") needs " + strings.Join(top.op.PathParams(), ", ") + "; give the id, for example " + example(top.op)
		in.Reason = "ranker: the best operation needs ids the text does not give"
	case top.unused > 0:
		in.Reason = "ranker: the text has ids the best operation has no place for"
	case !top.agrees:
		in.Reason = "ranker: the best operation does not do what the verb says"
	default:
		in.Message = top.op.Key() + " (" + top.op.Summary + ") changes something; say what to do with a verb such as create, update or delete, one request at a time."
		in.Reason = "ranker: the best operation is a write the text does not clearly ask for"
	}
	return true
}

// activityRead is a read among the next candidates that filters by the activity the
// text bounds (inactive, last active, last signed in) when the best read cannot, and
// takes every id of the text.
func activityRead(m *msg, top ranked, rs []ranked) (ranked, bool) {
	if !top.op.IsRead() || m.x.After == 0 && m.x.Before == 0 || m.x.Inactive == "" && !activePhrase.MatchString(m.lower) && !signInPhrase.MatchString(m.lower) {
		return ranked{}, false
	}
	if d, _ := fillRequest(m, top); hasDates(d) {
		return ranked{}, false
	}
	for _, r := range rs[1:min(5, len(rs))] {
		if r.op.IsRead() && r.filled && r.unused == 0 && r.agrees {
			if d, _ := fillRequest(m, r); hasDates(d) {
				return r, true
			}
		}
	}
	return ranked{}, false
}

// datesAsked reports whether the dates of a text stand in its request rather than in
// the story before it: "the ban we put on user_1 last week clearly worked — can you
// show me their sessions" asks for no dates. When the request cannot be told from
// the story, the dates are taken as asked.
func datesAsked(text string, now time.Time) bool {
	own := asciiLower(ownWords(text))
	from, to := requestSpan(own)
	if from <= 0 || from >= to || to > len(own) || !storyBefore.MatchString(own[:from]) {
		return true
	}
	x := Extract(own[from:], now)
	return x.After != 0 || x.Before != 0
}

// storyBefore ends a story before the request: a dash, a full stop, a semicolon.
var storyBefore = regexp.MustCompile(`(?:\s[—–-]+\s|[.;!]\s)[^—–.;!]*$`)

// rankRun plans top, an operation the text clearly asks for (why says how that was
// decided), or asks back when the text cannot fill it.
//
// voted is set when the example stage chose top: the ranker did not find it clearly
// ahead, so an email the plan leaves out, or takes as part of a longer value, says
// the text asks for something else.
func (p *parser) rankRun(in *Intent, spec *clerk.Spec, m *msg, top ranked, cands []Candidate, why string, voted bool) bool {
	d, note := fillRequest(m, top)
	if (m.x.After != 0 || m.x.Before != 0) && !hasDates(d) && top.op.IsRead() && datesAsked(m.text, p.opts.Now()) {
		// A change on a named object takes no dates: "upgraded yesterday" only tells
		// the story; a list that cannot filter by them would answer another question.
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = top.op.Key() + " (" + top.op.Summary + ") cannot filter by date; drop the dates or use GET /users for users."
		in.Reason = "ranker: the text has dates the best operation cannot take"
		return true
	}
	if len(d.body) == 0 && top.op.Method == "PATCH" && strings.HasSuffix(top.op.Path, "/metadata") {
		// "sales extended the trial for org_1 — set trial_ends_at to 2026-12-15 in
		// public metadata": the pairs of the clause that names the metadata.
		if body, ok := proseMetadata(m); ok {
			d.body = body
		}
	}
	if s := bodySchema(top.op); s != nil && (top.op.Method == "PATCH" || top.op.Method == "PUT" || !strings.Contains(top.op.Path, "{")) && len(s.Properties) > 0 && len(d.body) == 0 {
		// An update with nothing to set, or a change of the instance ("change the
		// instance domain to acme.io" gives no home_url) is not a request yet.
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = top.op.Key() + " (" + top.op.Summary + ") takes a body; say which fields to set, or send the JSON: " + top.op.Method + " " + top.op.Path + " {…}"
		in.Reason = "ranker: the best operation is a write with nothing to send"
		return true
	}
	pl := plan{steps: []draft{d}}
	if read, ok := readFirst(spec, d); ok {
		pl.steps = read // build would read it again from the one step
		// "bump lifetime on jtmp_1 to 300s": the template's name and claims are read
		// and sent back as they are; a text that says one of them asks for a change
		// this reading would not make ("set lifetime 600 and name hasura").
		p.vote() // the whole message: a remark the cleaning dropped may say a field
		wm := cmp.Or(p.wholeMsg, m)
		if f := unsaidField(wm, top.op, d); f != "" || relativeChange.MatchString(wm.lower) {
			// "bump lifetime by 60 seconds" adds to the lifetime; "… and switch it to
			// RS256" or "change the aud claim to convex" says a field the plan does not
			// set as said.
			in.Mode, in.Candidates = ModeClarify, cands
			in.Message = top.op.Key() + " (" + top.op.Summary + ") is sent whole, with the current values of what the message does not set; say each field and its new value plainly, or send the JSON: " + top.op.Method + " " + top.op.Path + " {…}"
			in.Reason = "ranker: a change sent whole that the text does not say field by field"
			return true
		}
		note = strings.TrimSpace(note + " Clerk takes this change only whole, so the current " + strings.Join(copiedFields(d, read[1]), " and ") + " are read first and sent back unchanged.")
	}
	if email := userByEmail(m, top.op); email != "" && refersToStep0(d) {
		pl.steps = []draft{{op: "GetUserList", query: q("email_address", email)}, d}
		if d.op == "GetUser" && len(d.query) == 0 {
			// "find her account" for an email: the look-up already returns the
			// whole user, so it is the answer.
			pl.steps = pl.steps[:1]
		}
	}
	if n := theOrgNamed(m); n != "" && top.op.IsRead() && !slices.Contains(d.query["query"], n) && len(m.ids("org")) == 0 {
		// "count users in the acme org": an answer for every organization would
		// look like one for acme.
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = "Which organization is \"" + n + "\"? Give its id (org_…) or slug, for example: list members of org_123. To find it: list organizations named " + n + "."
		in.Reason = "ranker: the text names an organization the best operation cannot filter by"
		return true
	}
	if q := unusedQuote(m, top.op, d); q != "" {
		// "how many members the 'Lumen Health' organization has": a name the
		// best operation has no place for is a sign it is the wrong one.
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = "This looks like " + top.op.Key() + " (" + top.op.Summary + "), but it has no place for \"" + q + "\". Name the object by id, or use METHOD /path."
		in.Reason = "ranker: the text quotes a value the best operation has no place for"
		return true
	}
	stray := ""
	if voted {
		stray = strayValue(m, pl)
	}
	if stray != "" {
		in.Mode, in.Candidates = ModeClarify, cands
		in.Message = "This looks like " + top.op.Key() + " (" + top.op.Summary + "), but it has no place for " + stray + ". Say what to do with it, or use METHOD /path."
		in.Reason = "examples: the text names an email the planned request does not take"
		return true
	}
	steps, err := build(spec, pl)
	if err == nil {
		in.Mode, in.Steps = ModeExecute, steps
		in.Message = note
		in.Reason = why
		return true
	}
	in.Mode, in.Candidates = ModeClarify, cands
	in.Message = "This looks like " + top.op.Key() + " (" + top.op.Summary + "), but it needs more: " + problemText(err)
	in.Reason = "ranker's best operation does not validate"
	return true
}

// strayValue is a value of pl that holds an email or an id among other words
// ("kai@lab.dev and mo@lab.dev say: …" as a search), or an email of the text that is
// no whole value of any step; "" when there is none.
func strayValue(m *msg, pl plan) string {
	var vals []string
	for _, d := range pl.steps {
		for _, v := range d.path {
			vals = append(vals, v)
		}
		for _, vs := range d.query {
			vals = append(vals, vs...)
		}
		for _, v := range d.body {
			switch v := v.(type) {
			case string:
				vals = append(vals, v)
			case []string:
				vals = append(vals, v...)
			case []any:
				for _, x := range v {
					if s, ok := x.(string); ok {
						vals = append(vals, s)
					}
				}
			}
		}
	}
	for _, v := range vals {
		if e := emailPattern.FindString(v); e != "" && e != v {
			return e
		}
		if id := idPattern.FindString(v); id != "" && id != v {
			return id
		}
	}
	for _, e := range m.x.Emails {
		if !slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, e) }) {
			return e
		}
	}
	return ""
}

// namePatternsCache holds namePatterns per noun: compiled once, not per request.
var namePatternsCache sync.Map

// namePatterns are the two ways a text names an object of a noun: after it
// ("template named hasura", "template 'hasura'") and before it ("the hasura
// template").
func namePatterns(noun string) (after, before *regexp.Regexp) {
	if v, ok := namePatternsCache.Load(noun); ok {
		p := v.([2]*regexp.Regexp)
		return p[0], p[1]
	}
	q := regexp.QuoteMeta(noun)
	p := [2]*regexp.Regexp{
		regexp.MustCompile(`(?i)\b` + q + `\s+(?:named\s+|called\s+)?['"]?([a-z0-9][\w.\-]*)`),
		regexp.MustCompile(`(?i)\bthe\s+([a-z0-9][\w.\-]*)\s+` + q + `\b`),
	}
	namePatternsCache.Store(noun, p)
	return p[0], p[1]
}

// compoundWord reports whether a hyphenated word is one of ordinary speech ("sign-in", "allow-list").
func compoundWord(w string) bool {
	return strings.HasPrefix(w, "sign-") || strings.HasSuffix(w, "-list") || strings.HasSuffix(w, "-in") || strings.HasSuffix(w, "-up")
}

// nameAfterNoun is the word right after the operation's resource noun that no
// lexicon knows ("jwt template supabase with …"): the new object's name.
func nameAfterNoun(m *msg, nouns []string) string {
	if len(nouns) == 0 {
		return ""
	}
	for i := 0; i+1 < len(m.x.Words); i++ {
		if w := m.x.Words[i]; !slices.Contains(nouns, w) && !slices.Contains(nouns, stem(w)) {
			continue
		}
		if n := m.x.Words[i+1]; slices.Contains(nouns, n) || slices.Contains(nouns, stem(n)) {
			continue // "jwt template": the noun goes on
		}
		next := m.x.Words[i+1]
		if _, isVerb := verbs[next]; isVerb || stop[next] || isKnownWord(next) || namingWord(next) {
			return ""
		}
		return next
	}
	return ""
}

// fieldWord reports whether a word is a word of one of op's body fields ("consent"
// of consent_screen_enabled): it says what to set, not what to call the object.
func fieldWord(op *clerk.Operation, w string) bool {
	t := rankTokens(w)
	if len(t) == 0 {
		return false
	}
	for _, f := range fieldWords(op) {
		if slices.Contains(f, t[0]) {
			return true
		}
	}
	return false
}

// namingWord reports whether a word introduces or is a value rather than a name.
func namingWord(w string) bool { return w == "named" || w == "called" || isNumber(w) }

// unusedQuote returns a quoted name of the text that the draft does not carry
// anywhere (path, query or body), or "".
func unusedQuote(m *msg, op *clerk.Operation, d draft) string {
	if len(m.x.Quoted) == 0 {
		return ""
	}
	// An operation on one object by id that takes no value at all ("delete org_1
	// thats the 'asdf asdf' org i made") has no place a quote after the id could
	// be meant for: it tells about the object.
	valueless := len(d.path) > 0 && !slices.ContainsFunc(op.Params, func(p *openapi3.Parameter) bool { return p.In == "query" }) &&
		(bodySchema(op) == nil || len(bodySchema(op).Properties) == 0)
	firstID := len(m.text)
	for _, v := range d.path {
		if i := strings.Index(m.text, v); i >= 0 && i < firstID {
			firstID = i
		}
	}
	var all []string
	for _, v := range d.path {
		all = append(all, v)
	}
	for _, vs := range d.query {
		all = append(all, vs...)
	}
	if d.body != nil {
		b, _ := json.Marshal(d.body)
		all = append(all, string(b))
	}
	joined := strings.ToLower(strings.Join(all, "\x00"))
	for _, q := range m.x.Quoted {
		// A name: a few words without sentence punctuation. Pasted text is not.
		if len(strings.Fields(q)) > 5 || strings.ContainsAny(q, ".!?,;:") {
			continue
		}
		if valueless && strings.Index(m.text, q) > firstID {
			continue
		}
		if !strings.Contains(joined, strings.ToLower(q)) {
			return q
		}
	}
	return ""
}

func candidateList(rs []ranked) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.op.Key() + " (" + r.op.Summary + ")"
	}
	return strings.Join(parts, "; ")
}

// fillRequest builds the draft of a ranked operation: its path parameters, query
// parameters the text gives (ids, enum words, limit, a quoted name), and for writes the
// body fields it can fill from the text. A required number the text does not give is
// set to the schema's default or minimum, and the note says so.
func fillRequest(m *msg, r ranked) (draft, string) {
	d := draft{op: r.op.ID, path: r.path, query: q()}
	usedIDs := map[string]bool{}
	for _, v := range r.path {
		usedIDs[v] = true
	}
	idFrom := func(prefixes []string) string {
		for _, id := range m.x.IDs {
			if !usedIDs[id] && slices.Contains(prefixes, idPrefix(id)) {
				usedIDs[id] = true
				return id
			}
		}
		return ""
	}
	idFor := func(name string) string { return idFrom(idPrefixes(nil, name)) }
	// Dates bound what the text says happened: a sign-in, activity, or else creation.
	datePrefix := "created_at"
	switch {
	case m.x.Inactive != "" && r.op.Param("query", m.x.Inactive+"_before") != nil:
		datePrefix = m.x.Inactive
	case signInPhrase.MatchString(m.lower) && r.op.Param("query", "last_sign_in_at_before") != nil:
		datePrefix = "last_sign_in_at"
	case activePhrase.MatchString(m.lower) && r.op.Param("query", "last_active_at_before") != nil:
		datePrefix = "last_active_at"
	}
	mail := "" // where the addresses to search for are ("with a mailinator address")
	if len(m.x.Quoted) == 0 && len(m.x.Emails) == 0 && r.op.IsRead() {
		mail = m.mailTerm()
	}
	for _, p := range r.op.Params {
		if p.In != "query" {
			continue
		}
		if id := idFrom(idPrefixes(p, p.Name)); id != "" {
			d.query.Set(p.Name, id)
			continue
		}
		if p.Name == datePrefix+"_after" && m.x.After != 0 {
			d.query.Set(p.Name, ms(m.x.After))
			continue
		}
		if p.Name == datePrefix+"_before" && m.x.Before != 0 {
			d.query.Set(p.Name, ms(m.x.Before))
			continue
		}
		if id := idFor(p.Name); id != "" {
			d.query.Set(p.Name, id)
			continue
		}
		if p.Name == "include_members_count" && orgSizes.MatchString(m.lower) {
			d.query.Set(p.Name, "true")
			continue
		}
		s := schemaValue(p.Schema)
		if s != nil && (s.Type.Is("boolean") || len(s.Enum) == 2 && slices.Contains(s.Enum, any("true")) && slices.Contains(s.Enum, any("false")) ||
			s.Type.Is("string") && len(s.Enum) == 0 && strings.Contains(strings.ReplaceAll(p.Description, "`", ""), "true or false")) {
			if b, ok := m.flag(p.Name); ok {
				d.query.Set(p.Name, strconv.FormatBool(b))
			}
			continue
		}
		switch {
		case p.Name == "order_by":
			if o := m.orderFor(p.Description); o != "" {
				d.query.Set("order_by", o)
			}
		case p.Name == "limit":
			if n := m.limit(); n != "" {
				d.query.Set("limit", n)
			}
		case p.Name == "query" && len(m.x.Quoted) == 1:
			d.query.Set("query", m.x.Quoted[0])
		case mail != "" && (p.Name == "email_address_query" || p.Name == "query" && r.op.Param("query", "email_address_query") == nil):
			// "pending invitations with a mailinator address": the words to search for.
			d.query.Set(p.Name, mail)
		case (p.Name == "query" || p.Name == "name_query") && len(m.x.Quoted) == 0 && r.op.IsRead() && m.searchTerm() != "":
			// "members of org_1 named patel", "machines matching etl", "oauth apps
			// with zapier in the name": the words to search for.
			d.query.Set(p.Name, m.searchTerm())
		case p.Name == "query" && len(m.x.Quoted) == 0 && r.op.IsRead() && slices.Contains(r.nouns, "organization") && theOrgNamed(m) != "":
			// "who is in the acme org", "the id of the acme org": the name to search for.
			d.query.Set("query", theOrgNamed(m))
		case p.Name == "query" && len(m.x.Quoted) == 0 && len(m.x.Emails) == 1 && r.op.Param("query", "email_address") == nil:
			// "did the invite to ana@x.io go out?": the one address is what to search.
			d.query.Set("query", m.x.Emails[0])
		case p.Name == "phone_number" && len(m.x.Phones) == 1 && len(m.x.Emails) == 0 && r.op.IsRead():
			// "whose account is +14155550182 attached to?": the filter for that number.
			d.query.Set(p.Name, m.x.Phones[0])
		case (p.Name == "email_address" || p.Name == "email_addresses") && len(m.x.Emails) == 1 && r.op.IsRead():
			// "did ana@x.io ever get invited to org_1?": the filter for that address.
			d.query.Set(p.Name, m.x.Emails[0])
		case (p.Name == "domains" || p.Name == "domain") && len(m.x.Domains) == 1 && len(m.x.Emails) == 0 && r.op.IsRead():
			// "which orgs have hooli.com as a domain?"
			d.query.Set(p.Name, m.x.Domains[0])
		case p.Name == "query" && len(m.x.Domains) == 1 && len(m.x.Emails) == 0 && r.op.IsRead() && fromDomain.MatchString(m.lower) &&
			r.op.Param("query", "domain") == nil && r.op.Param("query", "domains") == nil:
			// "pending waitlist entries from fernwood.edu": addresses at that domain.
			d.query.Set("query", m.x.Domains[0])
		case s != nil && len(enumOf(s)) > 0:
			if v, ok := m.enumValue(enumOf(s)); ok {
				d.query.Set(p.Name, v)
			}
		}
	}
	s := bodySchema(r.op)
	if s == nil || r.op.IsRead() {
		return d, ""
	}
	if i := jsonStart(m.text); i >= 0 && !fieldBefore(s, m.text[:i]) {
		// "update user_1 with {"first_name": "Bob"}": the object is the body, as
		// typed; its keys must be the operation's fields, and no word of the text
		// adds to it.
		var obj map[string]any
		dec := json.NewDecoder(strings.NewReader(m.text[i:]))
		dec.UseNumber()
		if dec.Decode(&obj) != nil || len(obj) == 0 {
			return d, ""
		}
		for k := range obj {
			if s.Properties[k] == nil {
				return d, ""
			}
		}
		d.body = obj
		return d, ""
	}
	body := map[string]any{}
	var notes []string
	durationUsed := false
	if target, actor, ok := impersonation(m, s); ok {
		// An actor token: user_id is the user being impersonated, actor.sub the
		// person (a support user) who impersonates.
		body["user_id"], body["actor"] = target, map[string]any{"sub": actor}
		usedIDs[target], usedIDs[actor] = true, true
	}
	// Required fields first, then by name: the same text fills the same fields on
	// every run, whatever order the spec's map gives.
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		if _, done := body[name]; !done {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(-cmp.Compare(boolInt(slices.Contains(s.Required, a)), boolInt(slices.Contains(s.Required, b))), cmp.Compare(a, b))
	})
	// A lifetime goes to the field that says expiry when several take a duration
	// ("seconds_until_expiration", not "min_remaining_ttl_seconds").
	expiryField := ""
	for _, name := range names {
		if durationField(name) != 0 && strings.Contains(name, "expir") {
			expiryField = name
		}
	}
	for _, name := range names {
		ps := schemaValue(s.Properties[name])
		if ps == nil {
			continue
		}
		if expiryField != "" && name != expiryField && durationField(name) != 0 {
			continue
		}
		required := slices.Contains(s.Required, name)
		var val any
		switch {
		case ps.Type.Is("string") && len(schemaPrefixes(ps)) > 0:
			// A field whose pattern names id prefixes ("subject": user_, org_, mch_)
			// takes an unused id of one of those kinds.
			if id := idFrom(schemaPrefixes(ps)); id != "" {
				val = id
			}
		case strings.HasSuffix(name, "_ids") && ps.Type.Is("array"):
			// "ban em all: user_1, user_2, user_3": every id of the kind.
			// Only a list: "ban user_1, he's an alt of user_2" names a second user
			// as a reason, not as one to ban; and only for the bulk operation's own
			// action ("delete em all: …" is no unban).
			if ps := idPrefixes(nil, name); len(ps) > 0 && listed(m, ps[0]) && m.x.Has(path.Base(r.op.Path)) {
				var ids []string
				for id := idFor(name); id != ""; id = idFor(name) {
					ids = append(ids, id)
				}
				val = ids
			}
		case strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ids") || paramPrefix[name] != "":
			// Fields named …_id (or created_by) take ids of the right kind, nothing else.
			if id := idFor(name); id != "" {
				val = id
			} else if name == "user_id" && userByEmail(m, r.op) != "" {
				val = ref(0, "id")
			}
		case strings.Contains(name, "email") && ps.Type.Is("string") && len(m.x.Emails) == 1:
			val = m.x.Emails[0]
		case strings.Contains(name, "email") && ps.Type.Is("array") && len(m.x.Emails) == 1:
			val = []string{m.x.Emails[0]}
		case name == "identifier":
			switch {
			case len(m.x.Emails)+len(m.x.Domains)+len(m.x.Phones) != 1:
			case len(m.x.Emails) == 1:
				val = m.x.Emails[0]
			case len(m.x.Domains) == 1:
				val = wildcard(m.lower, m.x.Domains[0])
			case len(m.x.Phones) == 1:
				val = m.x.Phones[0]
			}
		case name == "name" && slices.Contains(r.nouns, "domain") && len(m.x.Domains) == 1 && len(m.x.Quoted) == 0:
			// "add satellite domain blog.acme.com": a domain's name is the domain.
			val = m.x.Domains[0]
		case name == "role" && ps.Type.Is("string") && len(enumOf(ps)) == 0 && slices.Contains(r.nouns, "membership") && (r.op.Method != "POST" || m.x.Has("add", "adding", "put", "invite")):
			// "promote user_1 to admin in org_2, club owner asked": the role the
			// change goes to, never one said of who asked ("an admin requested it").
			if role, ok := m.roleTo(); ok {
				val = role
			}
		case name == "role" && ps.Type.Is("string") && len(enumOf(ps)) == 0 && slices.Contains(r.nouns, "organization"):
			// "invite priya@x to org_1 as an admin", "promote user_1 to admin in
			// org_2": an organization role, as the rules read it (org:admin,
			// org:member or a key such as org:billing). A new membership needs
			// "add": "make them a regular member" changes the one there is.
			if role, ok := m.role(); ok {
				val = role
			}
		case name == "key" && ps.Type.Is("string") && len(m.x.Keys) == 1:
			// "create permission org:invoices:read": the key as typed.
			val = m.x.Keys[0]
		case name == "url" || strings.HasSuffix(name, "_url") || strings.HasSuffix(name, "_uri"):
			// A field that holds one URL takes the one URL of the text; of several
			// such fields, only the one the text names ("metadata url" is the
			// IdP's metadata, not its sign-in URL).
			if len(m.x.URLs) == 1 && ps.Type.Is("string") && (urlFields(s) == 1 || m.namesField(name)) {
				val = m.x.URLs[0]
			}
		case (strings.HasSuffix(name, "_urls") || strings.HasSuffix(name, "_uris")) && ps.Type.Is("array"):
			if len(m.x.URLs) >= 1 {
				val = slices.Clone(m.x.URLs) // "with redirect uri https://…": the list of them
			}
		case name == "password" && !required && r.op.Method == "PATCH" && ps.Type.Is("string"):
			// "reset user_1's password to N3w-Temp-Pass!92": the new password.
			if v := m.newPassword(); v != "" {
				val = v
			}
		case (name == "code" || name == "password") && required && ps.Type.Is("string"):
			// "verify totp 123456 for user_1", "is hunter22 the right password for
			// user_1?": the value said with the field's word.
			val = m.secretValue(name)
		case name == "name" && r.op.Method == "PATCH" && renameValue.MatchString(m.text):
			// "rename machine mch_1 to reporting-cron": the new name, also where
			// the change needs it ("rename jtmp_1 to hasura-v2": the claims are read
			// and sent back, see readFirst).
			val = strings.Trim(renameValue.FindStringSubmatch(m.text)[1], `"'`)
		case name == "name" && required:
			if n := m.name(); n != "" {
				val = n
			} else if n := nameAfterNoun(m, r.nouns); n != "" && !fieldWord(r.op, n) {
				val = n // "create jwt template supabase with claims …"; not "oauth consent screen"
			}
		case ps.Type.Is("string") && len(enumOf(ps)) > 0:
			// "with automatic invitations": a value the field's enum (or its
			// description) lists.
			if v, ok := m.enumValue(enumOf(ps)); ok {
				val = v
			}
		case strings.Contains(name, "phone") && ps.Type.Is("string") && len(m.x.Phones) == 1:
			val = m.x.Phones[0]
		case strings.Contains(name, "phone") && ps.Type.Is("array") && len(m.x.Phones) == 1:
			val = []string{m.x.Phones[0]}
		case ps.Type.Is("boolean") && strings.HasPrefix(name, "notify"):
			// "no email pls", "don't notify them", "silently": no notification.
			if quietly.MatchString(m.lower) {
				val = false
			} else if b, ok := m.flag(name); ok {
				val = b
			}
		case ps.Type.Is("boolean"):
			if b, ok := m.flag(name); ok {
				val = b
			}
		case ps.Type.Is("string") && ps.Format == "date-time" && (m.x.After != 0) != (m.x.Before != 0):
			// "extend the trial on csubi_1 to 2026-12-31": the one time the text gives.
			t := cmp.Or(m.x.Before, m.x.After)
			val = dateValue(time.UnixMilli(t).UTC().Format(time.RFC3339))
		case (ps.Type.Is("integer") || ps.Type.Is("number")) && durationField(name) != 0:
			if d, ok := m.duration(); ok && d%durationField(name) == 0 {
				val = int64(d / durationField(name))
				durationUsed = true
			}
		case ps.Type.Is("object") && strings.HasSuffix(name, "_metadata"):
			// "set public metadata seat_type=viewer on …": the pairs the text gives
			// for that kind of metadata.
			if raw, ok := m.jsonAfter(name); ok {
				val = raw
			} else if fields, _, found, ok := m.metadataClause(); found && ok && fields[name] != nil {
				val = fields[name]
			}
		case ps.Type.Is("object"):
			if raw, ok := m.jsonAfter(name); ok {
				val = raw
			}
		case ps.Type.Is("string"):
			if v, ok := m.fieldValue(name); ok {
				val = v
			} else if v, ok := m.quotedAfterLastWord(name); ok {
				val = v
			}
		}
		if val == nil && name == "max_allowed_memberships" && r.op.Method == "POST" && !relativeChange.MatchString(m.lower) && !seatsOther.MatchString(m.lower) {
			// "create org Halcyon, cap it at 25 seats", "with 15 seats": seats are
			// what customers buy, and the new organization's member limit. Not
			// "25 more seats", nor seats said of something else ("15 seats used").
			if mm := seatNumber.FindStringSubmatch(m.lower); mm != nil {
				n, _ := strconv.Atoi(cmp.Or(mm[1], mm[2]))
				val = n
			}
		}
		if val == nil && (ps.Type.Is("integer") || ps.Type.Is("number")) && !durationUsed {
			// "set lifetime on jtmp_1 to 300s", "lifetime 3600": a number field
			// the text names, and the one number it gives.
			if n, ok := m.namedNumber(name); ok {
				val = n
			}
		}
		if val == nil && required && (ps.Type.Is("integer") || ps.Type.Is("number")) {
			switch {
			case len(m.x.Numbers) == 1 && !durationUsed:
				n, _ := strconv.Atoi(m.x.Numbers[0])
				val = n
			case ps.Default != nil:
				val = ps.Default
				notes = append(notes, name+" was not given; using the default, "+strconv.Quote(toString(ps.Default)))
			case ps.Min != nil:
				val = *ps.Min
				notes = append(notes, name+" was not given; using the minimum, "+strconv.FormatFloat(*ps.Min, 'f', -1, 64))
			}
		}
		if val != nil {
			body[name] = val
		}
	}
	if _, ok := body["password"]; !ok && s.Properties["password"] != nil {
		// "skip password checks", "sign out of other sessions" say how to set a
		// password; without the password they change nothing asked for.
		for name := range body {
			if passwordModifier(name) {
				delete(body, name)
			}
		}
	}
	if len(body) > 0 || len(s.Required) > 0 || bodyRequired(r.op) {
		d.body = body // a required body with no required field is sent as {}
	}
	return d, strings.Join(notes, "; ")
}

// seatsOther are seats said of something other than the limit ("15 seats used",
// "25 more seats", "another 10 seats", "seats in salesforce", "per team"), or
// asked about ("cap at 25?").
var seatsOther = regexp.MustCompile(`\?\s*$|\bseats?\s+(?:per\s+(?:team|group|department|dept|project|user|person|location|site|class|school)|used|taken|filled|occupied|active|left|remaining|in\s+(?:salesforce|sfdc|hubspot|stripe|the\s+crm))\b|\b(?:more|another|additional|extra)\s+\d+\s+seats?\b|\b\d+\s+(?:more|additional|extra)\s+seats?\b`)

// orgSizes asks for organizations with their sizes: "all orgs with member counts",
// "orgs w/ >50 members", "how many orgs have more than 10 members".
var orgSizes = regexp.MustCompile(`\b(?:orgs|organi[sz]ations|companies|workspaces|tenants)\b[^.?!]*?(?:\bmembers?\s+counts?\b|\b(?:more|fewer|less)\s+than\s+\d+\s+members\b|[<>]\s*\d+\s+members\b|\b\d+\+\s+members\b)`)

// seatNumber is a number of seats, or a cap on members: "25 seats", "max 25 members",
// "cap it at 25".
var seatNumber = regexp.MustCompile(`\b(\d{1,6})\s*(?:seats?|seat\s+(?:limit|cap))\b|\b(?:max(?:imum)?|cap(?:ped)?(?:\s+(?:it|them))?\s+at|limit(?:ed)?\s+(?:it\s+|them\s+)?to)\s+(\d{1,6})(?:\s*(?:seats?|members?|memberships?|users?|people))?\b`)

// urlFields counts the fields of a body that each hold one URL.
func urlFields(s *openapi3.Schema) int {
	n := 0
	for name, ref := range s.Properties {
		if ps := schemaValue(ref); ps != nil && ps.Type.Is("string") && (name == "url" || strings.HasSuffix(name, "_url") || strings.HasSuffix(name, "_uri")) {
			n++
		}
	}
	return n
}

// namesField reports whether the text says every word of a field's name but its
// kind ("metadata url" for idp_metadata_url; "idp" and "url" may go unsaid).
func (m *msg) namesField(name string) bool {
	said := 0
	for _, w := range strings.Split(name, "_") {
		switch w {
		case "url", "uri", "idp":
			continue
		}
		if !m.x.Has(w) {
			return false
		}
		said++
	}
	return said > 0
}

// enumValue finds the one value of an enum that the text names: a word or phrase
// equal to it with spaces for underscores ("past due" is past_due), or a word that
// folds to the same resource word ("orgs", "organizations" are org). Two values
// named, or none, give false.
func (m *msg) enumValue(enum []any) (string, bool) {
	found := ""
	for _, e := range enum {
		str, ok := e.(string)
		if !ok || str == "" {
			continue
		}
		if !m.namesValue(asciiLower(str)) {
			continue
		}
		if found != "" && found != str {
			return "", false
		}
		found = str
	}
	return found, found != ""
}

// describedValues are the values a description lists in backquotes: "This can be
// `automatic_invitation`, `automatic_suggestion` or `manual_invitation`".
var describedValues = regexp.MustCompile("`([a-z][a-z0-9_]*)`")

// enumOf returns the values a string schema takes: its enum, or the values its
// description lists when it says "can be" or "one of" (the spec often documents an
// enum only in words).
func enumOf(s *openapi3.Schema) []any {
	if len(s.Enum) > 0 {
		return s.Enum
	}
	d := s.Description
	if !s.Type.Is("string") || !strings.Contains(d, "`") || !(strings.Contains(d, "can be") || strings.Contains(d, "one of") || strings.Contains(d, "either")) {
		return nil
	}
	var out []any
	for _, mm := range describedValues.FindAllStringSubmatch(d, -1) {
		if !slices.Contains(out, any(mm[1])) {
			out = append(out, mm[1])
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// namesValue reports whether the text names an enum value (lower-cased).
func (m *msg) namesValue(v string) bool {
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	switch {
	case len(parts) == 0 || len(parts) > 3:
		return false
	case len(parts) > 1:
		// Word by word, singular or plural: "automatic invitations" names
		// automatic_invitation.
		words := m.x.Words
		for i := 0; i+len(parts) <= len(words); i++ {
			if slices.EqualFunc(words[i:i+len(parts)], parts, func(a, b string) bool { return a == b || stem(a) == stem(b) }) {
				return true
			}
		}
		return m.x.Has(v, strings.Join(parts, "-")) // "past-due"
	}
	if m.x.Has(v) {
		return true
	}
	want := rankTokens(v)
	if len(want) != 1 {
		return false
	}
	for _, w := range m.x.Words {
		if isVerbWord(w) {
			continue // "invite a@b.co" does not name the template "invitation"
		}
		if got := rankTokens(w); len(got) == 1 && got[0] == want[0] {
			return true
		}
	}
	return false
}

// takesDates reports whether op has a query parameter that bounds a time
// (created_at_after, last_active_at_before, …).
func takesDates(op *clerk.Operation) bool {
	for _, p := range op.Params {
		if p.In == "query" && (strings.HasSuffix(p.Name, "_after") || strings.HasSuffix(p.Name, "_before") || strings.HasSuffix(p.Name, "_since")) {
			return true
		}
	}
	return false
}

func hasDates(d draft) bool {
	for k := range d.query {
		if strings.HasSuffix(k, "_after") || strings.HasSuffix(k, "_before") || strings.HasSuffix(k, "_since") {
			return true
		}
	}
	for _, v := range d.body {
		if _, ok := v.(dateValue); ok {
			return true
		}
	}
	return false
}

// dateValue is a body field's RFC 3339 time taken from the text's dates; it marks
// the dates as used.
type dateValue string

func schemaValue(ref *openapi3.SchemaRef) *openapi3.Schema {
	if ref == nil {
		return nil
	}
	return ref.Value
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// flag reads a boolean field the text names: "verified" is true, "not verified" and
// "unverified" are false. Every word of the field must be in the text.
func (m *msg) flag(field string) (bool, bool) {
	words := strings.FieldsFunc(asciiLower(field), func(r rune) bool { return r == '_' || r == '-' })
	if len(words) > 1 && (words[0] == "is" || words[0] == "has") {
		words = words[1:] // "is_satellite": "satellite" says it
	}
	if len(words) == 0 || len(words) > 3 {
		return false, false
	}
	last := words[len(words)-1]
	for i, w := range words {
		if !m.x.Has(w) && !(i == len(words)-1 && m.x.Has("un"+w, "non"+w, "in"+w, "non-"+w)) {
			return false, false
		}
	}
	notRe, valueRe := flagPatterns(last)
	if m.x.Has("un"+last, "non"+last, "in"+last, "non-"+last) || notRe.MatchString(m.x.rest) || switchedOff(words).MatchString(m.lower) {
		return false, true
	}
	// "verified false", "hibp=off", "notify: no", "primary to false": the value said
	// after the field.
	if mm := valueRe.FindStringSubmatch(m.lower); mm != nil {
		switch asciiLower(mm[1]) {
		case "false", "off", "no", "disabled", "0":
			return false, true
		}
	}
	return true, true
}

// durationField is the unit of an integer field that holds a duration
// (expires_in_seconds, expires_in_days), or 0.
func durationField(name string) time.Duration {
	switch {
	case strings.HasSuffix(name, "_in_seconds") || strings.HasSuffix(name, "_seconds") || strings.HasPrefix(name, "seconds_") || strings.HasSuffix(name, "_ttl"):
		// Clerk's *_ttl fields (default_token_ttl, previous_token_ttl) are seconds.
		return time.Second
	case strings.HasSuffix(name, "_in_minutes") || strings.HasPrefix(name, "minutes_"):
		return time.Minute
	case strings.HasSuffix(name, "_in_days") || strings.HasSuffix(name, "_days") || strings.HasPrefix(name, "days_"):
		return 24 * time.Hour
	}
	return 0
}

var durationPattern = regexp.MustCompile(`\b(?:valid|expires?|expiring|expiry|expiration|ttl|lasts?|lasting|good|alive|for)\s+(?:(?:it|them|this|that|the\s+(?:token|link|invite|invitation))\s+)?(?:only\s+|just\s+)?(?:for\s+|in\s+|after\s+|of\s+)?(?:only\s+|just\s+)?(\d{1,6}|a|an|one|two|three|five|seven|ten|thirty)\s*(second|sec|minute|min|hour|hr|day|week|wk|month|year|h|d)s?\b`)

// durationBefore is a lifetime said before its noun: "10 min expiry", "1h ttl".
var durationBefore = regexp.MustCompile(`\b(\d{1,6}|a|an|one|two|three|five|seven|ten|thirty)[\s-]*(second|sec|minute|min|hour|hr|h|day|d|week|wk)s?[\s-]+(?:expiry|expiration|ttl|lifetime|validity|lifespan)\b`)

// durationEnough is a lifetime said as a limit: "10 minutes is plenty", "15 min
// max", "keep it short, like 15 min".
var durationEnough = regexp.MustCompile(`\b(\d{1,6}|a|an|one|two|three|five|seven|ten|thirty)\s*(second|sec|minute|min|hour|hr|h|day|d|week|wk)s?\s+(?:(?:is|should\s+be|would\s+be)\s+(?:plenty|enough|fine|ok|okay|good|max)|max(?:imum)?|tops|at\s+most)\b|\bshort\b[\s,]+(?:like|say|~|max|maybe)?\s*(\d{1,6})\s*(second|sec|minute|min|hour|hr|h)s?\b`)

// duration reads "valid for 10 minutes", "expires in 7 days", "valid only 3 days",
// "10 min expiry".
func (m *msg) duration() (time.Duration, bool) {
	mm := durationPattern.FindStringSubmatch(m.x.rest)
	if mm == nil {
		mm = durationBefore.FindStringSubmatch(m.x.rest)
	}
	if mm == nil && !correctionRe.MatchString(m.x.rest) {
		// Said as a limit, and not taken back ("10 min max, sorry 15").
		if mm = durationEnough.FindStringSubmatch(m.x.rest); mm != nil && mm[1] == "" {
			mm = []string{mm[0], mm[3], mm[4]} // "keep it short, like 15 min"
		}
	}
	if mm == nil {
		return 0, false
	}
	u := mm[2]
	switch u {
	case "h":
		u = "hour"
	case "d":
		u = "day"
	}
	return time.Duration(number(mm[1])) * unit(u), true
}

// jsonAfter returns the JSON object that follows a field's name in the text:
// `claims {"role":"user"}`.
func (m *msg) jsonAfter(field string) (json.RawMessage, bool) {
	head, body, _ := cutJSON(m.text)
	if !strings.HasPrefix(body, "{") || !json.Valid([]byte(body)) {
		return nil, false
	}
	words := strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(asciiLower(field)))
	re := regexp.MustCompile(`\b` + strings.Join(words, `[\s_]+`) + `\s*(?:=|:|to|as|of|is)?\s*$`)
	if !re.MatchString(asciiLower(head)) {
		return nil, false
	}
	return json.RawMessage(body), true
}

// quotedAfterLastWord reads a quoted value after the last word of a field's name:
// "reason: \"leaked in CI logs\"" for revocation_reason, "note 'goodwill'" for a
// *_note field. Only a quote counts: an unquoted word after "reason" is a story.
func (m *msg) quotedAfterLastWord(field string) (string, bool) {
	i := strings.LastIndexAny(field, "_-")
	if i < 0 || len(m.x.Quoted) == 0 {
		return "", false
	}
	last := field[i+1:]
	if len(last) < 4 || !quotableField[last] {
		return "", false
	}
	re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(last) + `\s*(?:=|:|is|of)?\s*("[^"]*"|'[^']*'|` + "`[^`]*`" + `)`)
	mm := re.FindStringSubmatch(m.text)
	if mm == nil || len(mm[1]) < 3 {
		return "", false
	}
	return mm[1][1 : len(mm[1])-1], true
}

// quotableField are last words of field names whose value people quote after the word
// alone: "reason", "note", "description".
var quotableField = wordSet(`reason note description message title label comment`)

// fieldPatterns caches fieldValuePatterns per field: compiled once, not per message.
var fieldPatterns sync.Map

// fieldValuePatterns are the two ways a text gives a field's value: right after its
// words ("first name = Ana", "lifetime to 300") and after the object it is of ("last
// name of user_1 to Oliveira").
func fieldValuePatterns(words []string) [2]*regexp.Regexp {
	key := strings.Join(words, " ")
	if p, ok := fieldPatterns.Load(key); ok {
		return p.([2]*regexp.Regexp)
	}
	field := `(?i)\b` + strings.Join(words, `[\s_]+`)
	const value = `("[^"]*"|'[^']*'|[^\s,;'"]+)`
	p := [2]*regexp.Regexp{
		regexp.MustCompile(field + `\s*(?:=|:|\bis\b|\bto\b|\bof\b)?\s*` + value),
		regexp.MustCompile(field + `\s+(?:of|for|on)\s+[^\s,;]+\s+(?:to|=)\s*` + value),
	}
	fieldPatterns.Store(key, p)
	return p
}

// oldValue and takenValue say a field's value is the one to replace: "the old slug
// acme", "slug acme is taken".
var (
	oldValue   = regexp.MustCompile(`(?i)\b(?:old|current|previous|former)\s+$`)
	takenValue = regexp.MustCompile(`(?i)^\s+(?:is|was)\s+(?:taken|wrong|used|in\s+use|gone|old)\b`)
)

// changedTo is the new value after an old one: " → acme-old" (a bare "to" may say
// why: "slug acme-2 to match the brand").
var changedTo = regexp.MustCompile(`^\s*(?:->|→|=>)\s*("[^"]*"|'[^']*'|[^\s,;'"]+)`)

// vagueValue are words that stand where a value should: "→ whatever she prefers".
var vagueValue = wordSet(`whatever anything something tbd tba same new`)

// keepsValue says a field keeps its value: "first name stays the same".
var keepsValue = wordSet(`stays stay remains remain unchanged untouched as-is`)

// fieldKinds end the name of a longer field, never a value: "idp metadata url to …"
// names idp_metadata_url, it does not set idp_metadata to "url".
var fieldKinds = wordSet(`url urls uri uris id ids key keys name names`)

// valueWords are one-word fields that name nothing else: "with slug acme-corp".
var valueWords = wordSet(`slug username`)

// fieldValue reads a string field the text names with its value: "first name Li",
// "last_name: Wei", "support email = a@b.co". The value is quoted or one word, and never an id,
// a lexicon word or the start of another instruction.
func (m *msg) fieldValue(field string) (string, bool) {
	words := strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(asciiLower(field)))
	// One-word fields ("name", "type", "domain") are ordinary words too often; they
	// are left to the rules and to an explicit JSON body. A slug is only ever a slug.
	if len(words) < 2 && !valueWords[field] || len(words) > 3 || strings.HasSuffix(field, "_id") {
		return "", false
	}
	pats := fieldValuePatterns(words)
	if all := pats[0].FindAllStringSubmatch(m.text, -1); len(all) > 1 {
		// "slug acme is taken, … with slug acme2 instead": which one?
		for _, a := range all[1:] {
			if a[1] != all[0][1] {
				return "", false
			}
		}
	}
	if loc := pats[0].FindStringSubmatchIndex(m.text); loc != nil {
		if to := changedTo.FindStringSubmatch(m.text[loc[1]:]); to != nil {
			// "slug acme → acme-old": the new value, when it is one.
			v := strings.Trim(strings.TrimRight(to[1], ".!?"), `"'`)
			lv := asciiLower(v)
			_, verb := verbs[lv]
			return v, !hasID(v) && !verb && !stop[lv] && !vagueValue[lv]
		}
	}
	mm := pats[0].FindStringSubmatch(m.text)
	if mm == nil || hasID(mm[1]) {
		// "change last name of user_1 to Oliveira": the object between the field
		// and its new value.
		if mm = pats[1].FindStringSubmatch(m.text); mm == nil {
			return "", false
		}
	}
	v := strings.TrimRight(mm[1], ".!?")
	if i := strings.Index(m.text, mm[0]); i >= 0 && (oldValue.MatchString(m.text[:i]) || takenValue.MatchString(m.text[i+len(mm[0]):])) {
		return "", false // "the old slug acme is taken, so use acme-2"
	}
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		return v[1 : len(v)-1], true
	}
	lv := asciiLower(v)
	if _, ok := verbs[lv]; ok || stop[lv] || qualifiers[lv] || hasID(v) || fieldKinds[lv] || vagueValue[lv] || keepsValue[lv] {
		return "", false
	}
	if _, ok := resources[lv]; ok {
		return "", false
	}
	if strings.Contains(field, "email") != emailPattern.MatchString(v) {
		return "", false
	}
	return v, true
}

// negatedLater reports whether a clause after the first holds a negation: "delete
// user_1, they asked us not to" may take the request back, so the ranker plans no
// write for it (the fast path abstains on the words it does not know).
func negatedLater(text string) bool {
	// "…, not at period end", "not later": a contrast that says when, not a no.
	text = notWhen.ReplaceAllString(text, " ")
	text = quietly.ReplaceAllString(asciiLower(text), " ")
	text = keepOthers.ReplaceAllString(text, " ")
	text = unwantedState.ReplaceAllString(text, " ")
	locs := clauseBreak.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return false
	}
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		clause := strings.TrimSpace(text[loc[1]:end])
		if (storyNegation.MatchString(clause) || theyDidNot(clause)) && !takeBackNegation.MatchString(clause) {
			continue // "…, they don't stop spamming", "…, she can't sign in": what happened
		}
		words := clauseWords(clause)
		for j, w := range words {
			if w == "no" && j+1 < len(words) && !changeWord(words[j+1]) && !noPhrase[words[j+1]] {
				continue // "it has zero members and no listings": none of a thing
			}
			if negations[w] || w == "not" {
				return true
			}
		}
	}
	return false
}

// theirNot is a clause whose own subject, someone else, does not do something;
// theyDidNot reports it when what they do not do is no change: "the tidewater pilot
// ended friday and they didn't renew". The writer's own "I don't …" may be a no.
var theirNot = regexp.MustCompile(`^(?:[a-z]+\s+){0,6}?(?:they|she|he|it|(?:the\s+|our\s+|their\s+|his\s+|her\s+)?(?:customer|cust|user|account|person|attacker|victim|owner|client|seller|buyer|merchant|teacher|student|parent|member|admin|vendor|partner|company|school)s?)\s+(?:don'?t|doesn'?t|didn'?t|won'?t|can'?t|cannot|couldn'?t|never|no\s+longer)\s+(?:even\s+|really\s+|ever\s+)?([a-z]+)\b`)

func theyDidNot(clause string) bool {
	mm := theirNot.FindStringSubmatch(clause)
	return mm != nil && !changeWord(mm[1]) && mm[1] != "want" && mm[1] != "need"
}

// noPhrase are the words after "no" that make it a no to the request: "no need", "no
// longer", "no way", "no rush".
var noPhrase = wordSet(`need longer way thanks thx problem rush hurry worries go action changes change`)

// storyNegation is a clause that tells what someone does not do or is not: a
// subject of its own, a negation, and no verb of change after it ("they don't stop
// spamming", "she can't sign in", "he never got the first one", "they're not a real
// customer").
var storyNegation = regexp.MustCompile(`^(?:(?:they|she|he|it|i|we|(?:the\s+|our\s+|their\s+)?(?:customer|cust|user|account|person|attacker|victim|owner|client)s?)(?:'re|'s|'m|\s+are|\s+is|\s+was|\s+were)?\s+(?:don'?t|doesn'?t|didn'?t|won'?t|can'?t|cannot|couldn'?t|shouldn'?t|should\s+not|never|not|isn'?t|aren'?t|wasn'?t|weren'?t|no\s+longer)\s+(?:even\s+|really\s+|ever\s+)?(?:a|an|the|my|our|their|stop|stops|belong|belongs|remember|know|need|needs|work|works|use|uses|get|got|sign|log|see|have|has|had|like|want|own|owns|owned|recogni[sz]e|match|matches|exist|respond|reply|pay|paid|come|coming|real|legit|valid|active|here)\b|(?:i\s+|we\s+)?(?:don'?t|do\s+not)\s+want\s+(?:them|him|her|anyone|people|the\s+\w+)\s+(?:to\s+)?[a-z]+)`)

// takeBackNegation is a negation that takes the request back even in a story
// clause: "they asked us not to", "it's not confirmed", "that's not my call".
var takeBackNegation = regexp.MustCompile(`\b(?:don'?t|doesn'?t|didn'?t|do\s+not|does\s+not)\s+want\s+(?:it|that|this|them|(?:the|a|any)\s+\w+|\w+ion|\w+al)\b|\bnot\s+to(?:\s*[.!]*\s*$|\s+(?:do|ban|unban|lock|unlock|delete|remove|revoke|disable|deactivate|invite|create|update|change|reset|sign|kick|block|add|set|rotate|touch|proceed|go|act|bother|yet)\b)|\bnot\s+(?:confirmed|approved|decided|allowed|authori[sz]ed|sure|ok|okay|my\s+call|our\s+call)\b|\bdon'?t\s+(?:do|want|need)\s+(?:it|that|this)\b`)

// orderWords say an order in words: the property (when the parameter's description
// lists it) and the direction.
var orderWords = []struct {
	re       *regexp.Regexp
	property string
	dir      string
}{
	{regexp.MustCompile(`\b(?:biggest|largest|most\s+members)\b`), "members_count", "-"},
	{regexp.MustCompile(`\b(?:smallest|fewest\s+members|least\s+members)\b`), "members_count", "+"},
	{regexp.MustCompile(`\b(?:newest|latest|most\s+recent(?:ly\s+created)?)\b`), "created_at", "-"},
	{regexp.MustCompile(`\b(?:oldest|earliest)\b`), "created_at", "+"},
	// "by name" ends the text or a clause: "find user by name Oluwaseun" searches.
	{regexp.MustCompile(`\b(?:alphabetical(?:ly)?|a-z|a\s+to\s+z)\b|\bby\s+name(?:\s*$|\s*[,.;)!?]|\s+(?:asc|desc|ascending|descending|please|pls|order|a-z))`), "name", "+"},
	{regexp.MustCompile(`\b(?:expiring\s+(?:first|soonest)|soonest\s+to\s+expire)\b`), "expires_at", "+"},
}

// orderFor reads the order a text asks for when description (an order_by
// parameter's) lists the property it names, or "".
func (m *msg) orderFor(description string) string {
	for _, o := range orderWords {
		if o.re.MatchString(m.lower) && strings.Contains(description, o.property) {
			return o.dir + o.property
		}
	}
	return ""
}

// quietly asks that nobody be notified: "no email", "don't notify them", "silently".
var quietly = regexp.MustCompile(`(?i)\b(?:no|without(?:\s+an?)?|skip(?:\s+the)?)\s+(?:e-?mails?|notifications?|notify(?:ing)?|invite\s+e-?mail)\b|\bwithout\s+(?:sending|emailing|notifying)\b|\b(?:don'?t|do\s+not|dont)\s+(?:e-?mail|notify|send)(?:\s+(?:them|him|her)?\s*(?:the|an|any|a)?\s*(?:e-?mail|invite(?:\s+e-?mail)?|invitation|notification(?:\s+e-?mail)?)s?)?\b|\b(?:silently|quietly)\b`)

// keepOthers says what a change leaves alone: "dont touch the other keys", "merge,
// don't replace the rest", "don't overwrite the private metadata". It is how the
// change is made, not a no to it.
var keepOthers = regexp.MustCompile(`(?i)\b(?:don'?t|do\s+not|dont|without|no\s+need\s+to)\s+(?:touch(?:ing)?|chang(?:e|ing)|replac(?:e|ing)|overwrit(?:e|ing)|wip(?:e|ing)|clobber(?:ing)?|remov(?:e|ing)|modify(?:ing)?|mess(?:ing)?\s+with)\s+(?:the\s+|any\s+)?(?:other|rest|existing|remaining|anything\s+else|everything\s+else|(?:public|private|unsafe)[\s_]metadata)\b[\w\s]*`)

// namedNumber reads the one number a text gives for a field it names by all its
// words ("lifetime 3600", "set lifetime on jtmp_1 to 300s"); a unit of seconds may
// follow it.
func (m *msg) namedNumber(field string) (int64, bool) {
	words := strings.FieldsFunc(asciiLower(field), func(r rune) bool { return r == '_' || r == '-' })
	if len(words) == 0 || len(words) > 3 {
		return 0, false
	}
	for _, w := range words {
		// "max members per org" names max_allowed_memberships: "allowed" goes
		// without saying, and a member is what a membership counts.
		if !m.x.Has(w) && w != "allowed" && !(w == "memberships" && m.x.Has("members", "member")) && !strings.Contains(m.lower, asciiLower(field)) {
			return 0, false
		}
	}
	nums := numberWithUnit.FindAllStringSubmatch(m.x.rest, -1)
	for len(nums) > 1 && nums[len(nums)-1][1] == nums[0][1] {
		nums = nums[:len(nums)-1] // "upgraded to 250 seats, bump max memberships to 250": one number
	}
	if len(nums) > 1 {
		// "lifetime to 900 and clock skew to 5": each number right after its
		// field's last word ("lifetime on jtmp_1 to 300s").
		said := fieldNumberPattern(words[len(words)-1]).FindAllStringSubmatch(m.lower, -1)
		if len(said) != 1 || !everyNumberSet(m.lower) {
			return 0, false
		}
		n, err := strconv.ParseInt(said[0][1], 10, 64)
		if err != nil {
			return 0, false
		}
		return m.inSeconds(field, n)
	}
	if len(nums) != 1 {
		return 0, false
	}
	n, err := strconv.ParseInt(nums[0][1], 10, 64)
	if err != nil {
		return 0, false
	}
	return m.inSeconds(field, n)
}

// inSeconds is n as the field takes it when the text gives it in minutes, hours or
// days ("lifetime to 60 minutes" is 3600 seconds); a field that holds no seconds
// takes no such number.
func (m *msg) inSeconds(field string, n int64) (int64, bool) {
	units := numberTimeUnit.FindAllStringSubmatch(m.lower, -1)
	if len(units) > 0 && (len(units) > 1 || len(numberWithUnit.FindAllString(m.x.rest, -1)) > 1 || unitArithmetic.MatchString(m.lower)) {
		// "2 minutes less than an hour", "1 hour (or 1 day)", "60 mins 60 secs",
		// "under 60 minutes": not one amount said plainly; ask.
		return 0, false
	}
	for _, mm := range units {
		if mm[1] != strconv.FormatInt(n, 10) {
			continue
		}
		if field != "lifetime" && field != "allowed_clock_skew" && durationField(field) != time.Second {
			return 0, false
		}
		return n * int64(unit(mm[2])/time.Second), true
	}
	return n, true
}

// unitArithmetic makes a time more than one amount: a sum, a difference, a bound, a
// choice, a clock time.
var unitArithmetic = regexp.MustCompile(`\b(?:less|more|minus|plus|twice|double|half|under|over|below|above|past|short|not|or|than|between|about|around|roughly|approx\w*|at\s+most|at\s+least|up\s+to|an?\s+(?:hour|minute|day|week)|one\s+(?:hour|minute|day|week))\b|[/()+~<>]`)

// numberTimeUnit is a number in minutes, hours or days: "60 minutes", "2h", "1 day".
var numberTimeUnit = regexp.MustCompile(`\b(\d{1,9})\s*(min|minute|hr|hour|h|day|d)s?\b`)

// everyNumberSet reports whether every number of text is set for a field by name
// ("lifetime to 900 and clock skew to 5"), none told of, reverted to or offered as
// a choice ("revert it to 60", "600 instead of 300", "300 or 600").
func everyNumberSet(text string) bool {
	for _, loc := range numberWithUnit.FindAllStringSubmatchIndex(text, -1) {
		mm := setBefore.FindStringSubmatch(text[:loc[2]])
		if mm == nil || notSetWords[mm[1]] {
			return false
		}
	}
	return true
}

// setBefore is a word and "to", "=" or ":" right before a number.
var setBefore = regexp.MustCompile(`([a-z]{2,})s?\s+(?:(?:on|of|for)\s+(?:the\s+)?(?:jwt\s+)?(?:template\s+)?\S+\s+)?(?:to\s+|=\s*|:\s*)$`)

// notSetWords name no field before "to": "revert it to 60", "back to 60".
var notSetWords = wordSet(`it them this that back revert reverted set change bump raise lower drop go goes went was were is`)

// fieldNumberPattern is a number set right after word: "lifetime to 300s", "skew =
// 5", "lifetime on jtmp_1 to 300"; not "lifetime 60 is too short".
func fieldNumberPattern(word string) *regexp.Regexp {
	if re, ok := fieldNumberPatterns.Load(word); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(word) + `s?\s+(?:(?:on|of|for)\s+(?:the\s+)?(?:jwt\s+)?(?:template\s+)?\S+\s+)?(?:to\s+|=\s*|:\s*)(\d{1,9})(?:s|secs?|seconds?)?(?:$|[\s,.;!?])`)
	fieldNumberPatterns.Store(word, re)
	return re
}

var fieldNumberPatterns sync.Map

// numberWithUnit is a whole number alone or with a unit of seconds: "3600", "300s".
var numberWithUnit = regexp.MustCompile(`(?:^|[\s=:])(\d{1,9})(?:s|secs?|seconds?)?(?:$|[\s,.;!?])`)

// notWhen is a negation that only says when a change applies: "not at period end".
var notWhen = regexp.MustCompile(`(?i)\b(?:not\s+(?:at\s+(?:the\s+)?(?:end|period|renewal)|later|next\s+(?:month|cycle|period))|(?:don'?t|do\s+not|dont|no\s+need\s+to)\s+wait\s+(?:for|until|till)\s+(?:the\s+)?(?:end|period|renewal|billing))[\w\s]*`)

// userByEmail returns the email of the one user a text names by email and not by id,
// when op acts on a user (user_id) and takes no email of its own: "create a sign-in
// token for ana@acme.com" looks the user up first and refers to the result.
func userByEmail(m *msg, op *clerk.Operation) string {
	if len(m.x.Emails) != 1 || len(m.ids("user")) > 0 {
		return ""
	}
	for _, p := range op.Params {
		if strings.Contains(p.Name, "email") {
			return ""
		}
	}
	if s := bodySchema(op); s != nil {
		for name := range s.Properties {
			if strings.Contains(name, "email") || name == "identifier" {
				return ""
			}
		}
	}
	return m.x.Emails[0]
}

// refersToStep0 reports whether a draft takes a value from the result of step 0.
func refersToStep0(d draft) bool {
	want := ref(0, "id")
	for _, v := range d.path {
		if v == want {
			return true
		}
	}
	for _, v := range d.body {
		if v == want {
			return true
		}
	}
	return false
}

// toggleOn and toggleOff are the verbs that switch a setting ("turn on" and "turn off"
// are rewritten to enable and disable first).
var (
	toggleOn  = wordSet(`enable activate start require`)
	toggleOff = wordSet(`disable deactivate stop`)
)

// toggle finds the one boolean setting a text switches: "enable blocking of
// disposable email domains" is UpdateInstanceRestrictions with
// block_disposable_email_domains true; "disable delete self for user_1" is UpdateUser
// with delete_self_enabled false. Every word of the field's name must be in the text
// in some form (block, blocking, blocked), except "enabled" and "disabled", which the
// verb decides. It answers only when exactly one field of one write operation
// matches, every path parameter is filled from the text and no id is left over.
// namesSetting reports whether the text names a boolean setting of a write by a word
// no lexicon knows ("enable hibp"): that is about Clerk too.
func (r *Ranker) namesSetting(m *msg) bool {
	if d, ok := r.toggle(m); ok && d.op != "" {
		return true
	}
	// "is protect enabled on prod?": a word only a setting or two of the API has.
	for _, w := range m.x.Words {
		for _, t := range rankTokens(w) {
			if r.settingWords[t] && r.idf[t] >= r.rareIDF {
				return true
			}
		}
	}
	return false
}

func (r *Ranker) toggle(m *msg) (draft, bool) {
	on, off := m.x.Has(slices.Collect(maps.Keys(toggleOn))...), m.x.Has(slices.Collect(maps.Keys(toggleOff))...)
	if on && off || m.question || switchScope.MatchString(m.lower) || hasInjection(m) || negatedLater(m.text) || condition.MatchString(m.lower) ||
		negationBefore.MatchString(m.lower) || notSwitchNow.MatchString(m.lower) || len(m.x.Emails)+len(m.x.Domains) > 0 {
		// "block disposable email domains except for gmail.com", "pls don't turn
		// off org creation", "… when marketing gives the go-ahead", "… for acme.io
		// only": not a switch of the whole setting, now.
		return draft{}, false
	}
	// Without enable or disable, a setting named by its verb is switched on:
	// "block disposable email domains" is block_disposable_email_domains.
	lead := ""
	if !on && !off {
		lead = wordPattern.FindString(politeLead.ReplaceAllString(m.lower, "")) // "pls block …"
	}
	if _, one := m.verb(); !one {
		return draft{}, false
	}
	var found []draft
	var named []bool
	for _, d := range r.docs {
		if d.op.Method != "PATCH" && d.op.Method != "PUT" {
			continue // a setting is changed, never created ("turn off org creation" is no new user)
		}
		s := bodySchema(d.op)
		if s == nil {
			continue
		}
		var body map[string]any
		var names []string
		for name, ref := range s.Properties {
			ps := schemaValue(ref)
			if ps == nil || !ps.Type.Is("boolean") || passwordModifier(name) {
				continue
			}
			if !on && !off && (lead == "" || !strings.HasPrefix(name, lead+"_") || strings.HasSuffix(name, "abled")) {
				// "create org X" does not switch create_organization_enabled: a
				// permission needs enable or disable.
				continue
			}
			if value, ok := m.switches(name, on || lead != ""); ok {
				if body == nil {
					body = map[string]any{}
				}
				body[name] = value
				names = append(names, name)
			}
		}
		// "turn on block_disposable_email_domains and block_email_subaddresses":
		// several settings of one operation, each named in full. A field whose words
		// are all another's ("allowlist" in allowlist_blocklist_…) is not named apart.
		slices.Sort(names)
		if len(names) == 0 || len(names) > 1 && wordsWithin(names) || r.otherThanSwitch(m, d, s, strings.Join(names, "_")) {
			continue
		}
		path, used := map[string]string{}, map[string]bool{}
		filled := true
		for _, p := range d.op.PathParams() {
			if v := fillPath(m, d.op, p, used); v != "" {
				path[p] = v
			} else {
				filled = false
			}
		}
		if !filled || len(used) != len(m.x.IDs) {
			continue
		}
		found = append(found, draft{op: d.op.ID, path: path, body: body})
		named = append(named, slices.ContainsFunc(d.pathWords, func(w string) bool { return m.x.Has(w) }))
	}
	if len(found) > 1 {
		// The same setting on several operations: the one whose path the text
		// names ("test mode for the instance").
		var kept []draft
		for i, d := range found {
			if named[i] {
				kept = append(kept, d)
			}
		}
		if len(kept) > 0 {
			found = kept
		}
	}
	if len(found) > 1 {
		// A beta endpoint that repeats a setting gives way to the stable one.
		found = slices.DeleteFunc(found, func(d draft) bool {
			op, _ := r.spec.Operation(d.op)
			return op != nil && strings.Contains(op.Path, "beta")
		})
	}
	if len(found) != 1 {
		return draft{}, false
	}
	return found[0], true
}

// wordsWithin reports whether the words of one field are all words of another.
func wordsWithin(names []string) bool {
	for _, a := range names {
		for _, b := range names {
			if a != b && !slices.ContainsFunc(fieldTokens(a), func(t string) bool { return !slices.Contains(fieldTokens(b), t) }) {
				return true
			}
		}
	}
	return false
}

// notSwitchNow says a switch is for later, waits on someone, is taken back or is
// for part of what it switches: "from tuesday", "in a bit", "they'll confirm",
// "nvm, leave it".
var notSwitchNow = regexp.MustCompile(`\b(?:when|once|until|after|before|starting|this\s+weekend|over\s+the\s+weekend|in\s+q\d|at\s+the\s+next|on\s+the\s+\d+\w*|day\s+(?:her|his|their)|from\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next|now\s+on|gmail|yahoo|hotmail|outlook|icloud|proton\w*|aol)|in\s+a\s+(?:bit|while|minute|sec|few)|later|confirm\w*|go[\s-]ahead|nvm|never\s*mind|leave\s+it|actually)\b`)

// politeAsk is a request put as a question: "can you turn on …?", "could we …?"; an
// order with a question mark ("pls block email subaddresses? asking for a friend")
// is unsure.
var politeAsk = regexp.MustCompile(`(?:^|[.!]\s+|\s)(?:can|could|would|will)\s+(?:you|we|u|someone|somebody)\b`)

// switchScope says a switch is for some users, a group or someone else than the one
// named: "for user_1's whole team", "for enterprise customers", "in the mobile app
// only". A setting is switched for the instance or the one user named.
var switchScope = regexp.MustCompile(`\b(?:team|teams|teammates|company|anyone|everyone|interns|bot|like|whole|customers|europe|region|portal|partner|mobile|except|some|certain|asked)\b`)

// passwordModifier reports whether a body field says how a password is set
// (skip_password_checks, sign_out_of_other_sessions): without the password it asks
// for nothing.
func passwordModifier(name string) bool {
	return strings.Contains(name, "password") || strings.HasPrefix(name, "sign_out")
}

// otherThanSwitch reports whether the text says more than the switch of field on
// d: a resource the field and the operation's path do not name ("turn off org
// member creation", "… for the whole instance"), an action noun besides ("org
// creation and deletion"), or a longer field of the operation whose words it also
// says ("org creation limit" is create_organizations_limit).
func (r *Ranker) otherThanSwitch(m *msg, d rankDoc, s *openapi3.Schema, field string) bool {
	own := fieldTokens(field)
	lenient := m.lenientSwitch(field)
	for _, w := range m.x.Words {
		if actionNouns[w] {
			return true
		}
		if !lenient {
			continue
		}
		for _, t := range rankTokens(w) {
			if r.nouns[t] && !slices.Contains(own, t) && !slices.Contains(d.pathWords, t) && t != "user" {
				return true
			}
		}
	}
	for name := range s.Properties {
		if name == field {
			continue
		}
		other := fieldTokens(name)
		extra := slices.DeleteFunc(slices.Clone(other), func(t string) bool { return slices.Contains(own, t) || t == "enabled" })
		if len(extra) > 0 && len(extra) < len(other) && !slices.ContainsFunc(own, func(t string) bool { return !slices.Contains(other, t) && t != "enabled" }) &&
			!slices.ContainsFunc(extra, func(t string) bool { return !m.x.Has(t, t+"s") }) {
			return true
		}
	}
	return false
}

// lenientSwitch reports whether the text says a field's words only by a noun of a
// verb or a short name ("org creation" for create_organization_enabled), not as
// written: then no other resource may be named with them.
func (m *msg) lenientSwitch(field string) bool {
	for _, w := range strings.Split(asciiLower(field), "_") {
		if w == "enabled" || w == "disabled" || w == "is" || w == "has" {
			continue
		}
		if !m.x.Has(w, w+"s", w+"ing", w+"ed", strings.TrimSuffix(w, "e")+"ing", strings.TrimSuffix(w, "s")) {
			return true
		}
	}
	return false
}

// fieldTokens are the rank tokens of each part of a field's name, without the
// joined word rankTokens adds ("create_organization_enabled": create, organization,
// enabled).
func fieldTokens(name string) []string {
	var out []string
	for _, part := range strings.Split(asciiLower(name), "_") {
		out = append(out, rankTokens(part)...)
	}
	return out
}

// actionNouns name an action besides a switch: "turn off org creation and deletion".
var actionNouns = wordSet(`deletion deletions removal removals modification modifications renaming updates`)

// switches reports whether the text names a boolean field, and the value the verb
// gives it (on is true for enable).
func (m *msg) switches(field string, on bool) (value, ok bool) {
	value = on
	n := 0
	var forms []string
	// "turn on block_disposable_email_domains": the field by its own name, when that
	// is no plain word ("allowlist").
	exact := strings.Contains(field, "_") && m.x.Has(asciiLower(field))
	for _, w := range strings.FieldsFunc(asciiLower(field), func(r rune) bool { return r == '_' || r == '-' }) {
		switch w {
		case "enabled", "required":
			continue // "enable pkce", "require pkce": pkce_required
		case "disabled":
			value = !value
			continue
		case "is", "has":
			continue
		}
		// Its forms: "block", "blocking", "blocked"; "creation" for create; the
		// short names of its noun ("org" for organization).
		own := []string{w, w + "s", w + "ing", w + "ed", strings.TrimSuffix(w, "e") + "ing", strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "e") + "ion"}
		for short, long := range rankSynonyms {
			if long == w && short != w {
				own = append(own, short)
			}
		}
		forms = append(forms, own...)
		if !exact && !m.x.Has(own...) {
			return false, false
		}
		n++
	}
	// Any other action in the text is a second request: "enable X and remove Y".
	for _, w := range m.x.Words {
		if (writeVerb(w) || actionWords[w]) && !toggleOn[w] && !toggleOff[w] && !slices.Contains(forms, w) {
			return false, false
		}
	}
	// One word names a field only when no lexicon knows it: "hibp".
	return value, exact || n >= 2 || n == 1 && len(forms) > 0 && !isKnownWord(forms[0]) && len(forms[0]) >= 4
}

// wildcard returns a domain as the text writes it when a wildcard opens it ("block
// *@spam.io", "allow *.acme.com"): the identifier is kept as written.
func wildcard(lower, domain string) string {
	for _, w := range []string{"*@", "*."} {
		if strings.Contains(lower, w+domain) {
			return w + domain
		}
	}
	return domain
}

// openQuestionWords start an open question ("what does …", "how do I …").
var openQuestionWords = wordSet(`what which who whose how why when where`)

// openQuestion reports whether a text starts as an open question. The ranker plans no
// write for one: "what does the org config say, e.g. delete org_1" asks, it does not
// order.
func openQuestion(words []string) bool { return len(words) > 0 && openQuestionWords[words[0]] }

// verbOnId reports whether text is an order that starts with its verb and has no
// other verb ("unblock blid_1 pls", "kill sess_1 now"), as opposed to a story about
// the object ("sess_1 was opened from a stolen laptop, revoke it") or two actions
// ("remove the disable on samlc_1").
func verbOnId(m *msg) bool {
	words := wordPattern.FindAllString(politeLead.ReplaceAllString(m.lower, ""), -1)
	if len(words) == 0 || !isVerbWord(words[0]) && !actionWords[words[0]] {
		return false
	}
	for _, w := range m.x.Words {
		if w != words[0] && (isVerbWord(w) || actionWords[w]) {
			return false
		}
	}
	return true
}

// secretWords are the words a code or password to check is said with.
var secretWords = map[string]string{"code": `(?:totp|otp|mfa|2fa|backup|verification)?\s*code|totp|otp`, "password": `password|pw|pwd|passwd`}

// secretPatterns say a secret's value before its word ("is hunter22 the correct
// password") and after it ("code 123456"), per field.
var secretPatterns = func() map[string][2]*regexp.Regexp {
	out := map[string][2]*regexp.Regexp{}
	for field, words := range secretWords {
		out[field] = [2]*regexp.Regexp{
			regexp.MustCompile(`(?i)\b(?:is|if)\s+("[^"]+"|'[^']+'|\S+)\s+(?:a|an|the|their|her|his)\s+(?:correct|valid|right|working|real)\s+(?:` + words + `)\b`),
			regexp.MustCompile(`(?i)\b(?:` + words + `)\s*(?:[:=]|is)?\s*("[^"]+"|'[^']+'|[^\s"',?!]+)`),
		}
	}
	return out
}()

// newPasswordValue is a password given with the words that set it: "password on
// user_1 to X", "password: X", "temp password X".
var newPasswordValue = regexp.MustCompile("(?i)\\b(?:password|pw|pwd|passwd)\\b(?:\\s+(?:on|for|of)\\s+\\S+)?(?:\\s*(?:to|=|:|->|→|is)\\s*|\\s+)(`[^`]+`|\"[^\"]+\"|'[^']+'|\\S+)")

// newPassword is the one new password the text sets (see newPasswordValue), as
// typed: quoted, or a word that ends with no sentence mark and is no word of the
// lexicon; "" when there is none or more than one.
func (m *msg) newPassword() string {
	if !setsPassword.MatchString(m.text) {
		return ""
	}
	var found []string
	for _, loc := range newPasswordValue.FindAllStringSubmatchIndex(m.text, -1) {
		if oldValue.MatchString(m.text[:loc[0]]) {
			continue // "the old pw: Leaked-Pass-99 got phished"
		}
		mm := []string{m.text[loc[0]:loc[1]], m.text[loc[2]:loc[3]]}
		v := mm[1]
		if q := strings.Trim(v, "`\"'"); q != v && len(v) >= 2 && strings.ContainsRune("`\"'", rune(v[0])) {
			found = appendNew(found, q)
			continue
		}
		lv := asciiLower(v)
		if strings.ContainsAny(v[len(v)-1:], ".,;?!)") || stop[lv] || isVerbWord(lv) || hasID(v) || len(v) < 8 || !strings.ContainsAny(v, "0123456789!@#$%^&*-_") {
			continue
		}
		found = appendNew(found, v)
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// secretValue finds the value a text gives for a code or password to verify:
// "code 123456", "password: hunter22", "is hunter22 the correct password", or "" when
// it gives none or several. A code has a digit; neither is a word of the request.
func (m *msg) secretValue(field string) any {
	before, after := secretPatterns[field][0], secretPatterns[field][1]
	var found []string
	for _, re := range []*regexp.Regexp{before, after} {
		for _, mm := range re.FindAllStringSubmatch(m.text, -1) {
			v := strings.Trim(mm[1], `"'`)
			lv := asciiLower(v)
			if v == "" || stop[lv] || isVerbWord(lv) || hasID(v) || field == "code" && !strings.ContainsAny(v, "0123456789") {
				continue
			}
			if _, ok := resources[lv]; ok || lv == "for" || lv == "of" || lv == "correct" || lv == "valid" {
				continue
			}
			found = appendNew(found, v)
		}
	}
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

// fieldBefore reports whether head ends with the name of a field of s ("… claims"),
// whose value the JSON after it is.
func fieldBefore(s *openapi3.Schema, head string) bool {
	words := wordPattern.FindAllString(asciiLower(head), -1)
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	for name := range s.Properties {
		if name == last || strings.HasSuffix(name, "_"+last) || strings.TrimSuffix(name, "s") == last {
			return true
		}
	}
	return false
}

// flagPatternsCache holds flagPatterns per word: compiled once, not per request.
var flagPatternsCache sync.Map

// flagPatterns are the ways a text says a flag is off ("not verified") and gives its
// value after it ("verified false").
func flagPatterns(w string) (not, value *regexp.Regexp) {
	if v, ok := flagPatternsCache.Load(w); ok {
		p := v.([2]*regexp.Regexp)
		return p[0], p[1]
	}
	q := regexp.QuoteMeta(w)
	p := [2]*regexp.Regexp{
		regexp.MustCompile(`\b(?:not|no|non|isn't|aren't|without)\s+(?:be\s+|been\s+)?` + q + `\b`),
		regexp.MustCompile(`(?i)\b` + q + `\b\s*(?:[=:]|to|is|as)?\s*(true|false|on|off|yes|no|enabled|disabled|0|1)\b`),
	}
	flagPatternsCache.Store(w, p)
	return p[0], p[1]
}

// switchedOff is a verb that turns off the setting of the field words right after
// it: "disable test mode", "turn off hibp", "switch off sync user attributes", "stop
// allow idp initiated".
func switchedOff(words []string) *regexp.Regexp {
	key := strings.Join(words, " ")
	if v, ok := switchedOffCache.Load(key); ok {
		return v.(*regexp.Regexp)
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(w)
	}
	re := regexp.MustCompile(`\b(?:disable|disabling|deactivate|deactivating|turn\s+off|turning\s+off|switch\s+off|switching\s+off|shut\s+off|stop|unset|kill)\s+(?:the\s+)?` + strings.Join(quoted, `[\s_-]+`) + `\b`)
	switchedOffCache.Store(key, re)
	return re
}

var switchedOffCache sync.Map

// orgByWord is "the acme org": a word naming an organization before the noun.
var orgByWord = regexp.MustCompile(`(?i)\bthe\s+([a-z0-9][\w.\-]*)\s+(?:org|organization|organisation|company|workspace|tenant)\b`)

// theOrgNamed is the name of "the acme org" in m, or "" when the word is one of the
// lexicon ("the new org", "the whole org").
func theOrgNamed(m *msg) string {
	mm := orgByWord.FindStringSubmatch(m.text)
	if mm == nil {
		return ""
	}
	if w := asciiLower(mm[1]); isKnownWord(w) || stop[w] || qualifiers[w] || hasID(w) {
		return ""
	}
	return mm[1]
}

// startsWithChange reports whether m starts (after a polite frame) with a verb of
// change: "rotate …", "revoke …", "tear down …".
func startsWithChange(m *msg) bool {
	w := wordPattern.FindString(politeLead.ReplaceAllString(m.lower, ""))
	return changeWord(w)
}

// renameValue is the new name of "rename … to X".
var renameValue = regexp.MustCompile(`(?i)\brename\b.*\bto\s+("[^"]+"|'[^']+'|[^\s,;]+)\s*$`)

// proseMetadata reads the metadata change a sentence states around the ranker's pick:
// the one clause that names metadata, with its object's ids taken out, as pairs
// ("set trial_ends_at to 2026-12-15 in public metadata", "private metadata
// zendesk_org_id = 40019"), or "put VALUE in their private metadata as KEY". It
// reports false unless every part of the clause is read.
func proseMetadata(m *msg) (map[string]any, bool) {
	// The clauses and the breaks between them, so that a colon that joins a key to
	// its value ("set plan: growth in public metadata") or a change to its pairs
	// ("set private metadata on user_1: contract_end = 2025-12-31") can be read
	// across.
	// What the change leaves alone is no second change ("Don't touch the private
	// metadata, it has the netsuite ids").
	text := keepOthers.ReplaceAllString(m.text, "")
	breaks := metaClauseBreak.FindAllStringIndex(text, -1)
	var clauses, seps []string
	at := 0
	for _, b := range breaks {
		clauses = append(clauses, text[at:b[0]])
		seps = append(seps, text[b[0]:b[1]])
		at = b[1]
	}
	clauses = append(clauses, text[at:])
	found := -1
	for i, c := range clauses {
		if strings.Contains(asciiLower(c), "metadata") {
			if found >= 0 {
				return nil, false // two clauses say something about metadata
			}
			found = i
		}
	}
	if found < 0 {
		return nil, false
	}
	tries := []string{clauses[found]}
	if found+1 < len(clauses) && strings.HasPrefix(seps[found], ":") && (found+1 >= len(seps) || !strings.HasPrefix(seps[found+1], ":")) {
		// Not when another colon follows ("…: k = v: w"): which one is the value's?
		tries = append(tries, clauses[found]+seps[found]+clauses[found+1])
	}
	if found > 0 && strings.HasPrefix(seps[found-1], ":") {
		tries = append(tries, clauses[found-1]+seps[found-1]+clauses[found])
	}
	for _, clause := range tries {
		if body, ok := metadataPairs(m, fromChangeVerb(clause)); ok {
			return body, true
		}
	}
	return nil, false
}

// fromChangeVerb cuts what comes before the last verb of change ahead of the word
// metadata: the story that leads up to it ("Enterprise deal closed 🚀 On org_1 set
// public metadata …", "strike 3 for user_1 → set private metadata strikes to 3").
func fromChangeVerb(clause string) string {
	lower := asciiLower(clause)
	meta := strings.Index(lower, "metadata")
	cut := -1
	for _, loc := range metaVerb.FindAllStringIndex(lower, -1) {
		if meta >= 0 && loc[0] < meta {
			cut = loc[0]
		}
	}
	if cut <= 0 {
		return clause
	}
	if reporter.MatchString(lower[:cut]) {
		// "FYI I set …", "Stripe webhook will set …", "support recommended we set
		// …": the verb has a subject of its own; no order is left after the cut.
		return ""
	}
	return clause[cut:]
}

// reporter is a subject or a modal right before a verb: the verb tells what someone
// did, will do or advised, not what to do.
var reporter = regexp.MustCompile(`(?:\b(?:i|we|they|he|she|it|someone|somebody)|'ve|\b(?:will|would|should|could|might|'ll|have|has|had|already|just|gonna|recommended\s+we|suggested\s+we|advised\s+we|asked\s+us\s+to|wants\s+us\s+to))\s*$`)

// metaFieldName is "public_metadata" as a word, or before the key it holds.
var metaFieldName = regexp.MustCompile(`(?i)\b(public|private|unsafe)_metadata(\s|$)`)

// alternatives is a value that offers a choice ("pro/enterprise") or changes a
// number by an amount ("+5").
var alternatives = regexp.MustCompile(`^(?:[A-Za-z]+/[A-Za-z]+|\+\d[\d.]*)$`)

// dottedKind is the metadata a dotted key names: "private_metadata.refund_count".
var dottedKind = regexp.MustCompile(`(?i)\b(public|private|unsafe)_metadata\.`)

// metaOwnerDotted is the owner said before a dotted key.
var metaOwnerDotted = regexp.MustCompile(`(?i)\b(?:membership|org|organization|user|account)\s+((?:public|private|unsafe)_metadata\.)`)

// idWithPrep is a word that may be an id, with the preposition before it and "'s".
var idWithPrep = regexp.MustCompile(`(?i)(?:\b(?:on|for|of|from|at)\s+)?\b[a-z]+_[A-Za-z0-9]+(?:'s)?`)

// idGone is the preposition left before a colon where an id was taken out.
var idGone = regexp.MustCompile(`(?i)\s+(?:on|for|of|in|to|from)\s*:`)

// parenPairs is a key and value in brackets: "(fraud_review: true)".
var parenPairs = regexp.MustCompile(`\(\s*((?:[a-z]+\s+metadata\s+)?[a-z][a-z0-9_.]*\s*[:=]\s*[^()]+)\)`)

// reasonTail is where a reason starts after the pairs.
var reasonTail = regexp.MustCompile(`(?i)\s+(?:so|because|since|bc|cuz|as per)\s+`)

// metaVerb is a verb that sets metadata.
var metaVerb = regexp.MustCompile(`\b(?:set|put|add|store|save|record|update|mark|flag|merge)\b`)

// metadataPairs reads one clause as in proseMetadata.
func metadataPairs(m *msg, clause string) (map[string]any, bool) {
	if strings.ContainsAny(clause, "{}") || misspeltKind(asciiLower(clause)) != "" {
		return nil, false
	}
	clause = slackEmoji.ReplaceAllString(clause, "$1$2")
	// "set private metadata note on user_1 to x": the preposition goes with the id,
	// or "note on" would be the key.
	clause = idWithPrep.ReplaceAllStringFunc(clause, func(s string) string {
		if slices.ContainsFunc(m.x.IDs, func(id string) bool { return strings.Contains(s, id) }) {
			return ""
		}
		return s
	})
	clause = idGone.ReplaceAllString(clause, ":") // "set private metadata on user_1: k = v"
	// "public_metadata badge: x": the field's name as the API writes it says which
	// metadata, as "public metadata" does ("public_metadata.badge" is read as a key).
	clause = metaFieldName.ReplaceAllString(clause, "$1 metadata$2")
	clause = metaOwnerDotted.ReplaceAllString(clause, "$1") // "membership public_metadata.team = x"
	if mm := parenPairs.FindStringSubmatchIndex(clause); mm != nil {
		// "flag user_1 for fraud review in private metadata (fraud_review: true)":
		// the pairs in brackets, in the metadata the clause names. Pairs outside
		// them too ("plan to pro (seats: 25)") are two sets of pairs to tell apart.
		outside := clause[:mm[0]] + " " + clause[mm[1]:]
		if _, rest := metaChange(outside); pairMark.MatchString(rest) {
			return nil, false
		}
		kind := metaKindWord.FindString(outside)
		clause = "set " + kind + " metadata " + clause[mm[2]:mm[3]]
	}
	if loc := reasonTail.FindStringIndex(clause); loc != nil && pairMark.MatchString(clause[:loc[0]]) {
		clause = clause[:loc[0]] // "… to 2 and risk_tier to "high" so billing stops …"
	}
	fields := map[string]map[string]any{}
	if mm := putAs.FindStringSubmatch(clause); mm != nil {
		setMetadata(fields, asciiLower(mm[2]), pair{key: asciiLower(mm[3]), value: mm[1]})
	} else {
		kind, rest := metaChange(clause)
		if !pairMark.MatchString(rest) {
			return nil, false // "mark user_1 as not banned in metadata": no key and value
		}
		if kinds := dottedKind.FindAllStringSubmatch(rest, -1); kind == "" && len(kinds) > 0 &&
			!slices.ContainsFunc(kinds, func(k []string) bool { return !strings.EqualFold(k[1], kinds[0][1]) }) {
			// "set private_metadata.refund_count to 1 and risk to high": a key said
			// after a dotted one is in the same metadata.
			kind = asciiLower(kinds[0][1])
		}
		pairs, ok := parsePairs(rest)
		if !ok || len(pairs) == 0 {
			return nil, false
		}
		for _, p := range pairs {
			first, _, _ := strings.Cut(p.key, "_")
			if !metaKey.MatchString(p.key) || stop[p.key] || negations[p.key] || statusWords[p.key] || isVerbWord(p.key) ||
				strings.Contains(p.key, "_") && (isVerbWord(first) || politeWords[first]) || notKeys[first] {
				// "please merge npi: …" is no key "please_merge_npi"; "set ONLY
				// plan=pro", "entire public metadata to …", "unset trial_ends" say how
				// much to change, not a key.
				return nil, false
			}
			if v, ok := p.value.(string); ok && alternatives.MatchString(v) {
				return nil, false // "plan to pro/enterprise": which one?
			}
			setMetadata(fields, kind, p)
		}
	}
	body := map[string]any{}
	for k, v := range fields {
		body[k] = v
	}
	return body, true
}

// pairMark separates a key from its value; metaKey is a key as people write one.
var (
	pairMark = regexp.MustCompile(`=|:|\bto\b`)
	metaKey  = regexp.MustCompile(`^[a-z][a-z0-9_.]*$`)
)

// metaClauseBreak splits a message into the clauses one of which names the metadata.
var metaClauseBreak = regexp.MustCompile(`[.;!?]\s+|\s[—–-]+\s|,\s+|:\s+`)

// putAs is "put VALUE in their private metadata as KEY".
var putAs = regexp.MustCompile(`(?i)^\s*(?:(?:can|could)\s+you\s+)?(?:please\s+)?(?:put|store|save|add|record|keep|stash)\s+(\S+)\s+(?:in|into|to|under)\s+(?:their|its|his|her|the)?\s*(?:(public|private|unsafe)\s+)?metadata\s+(?:as|under)\s+([a-z][a-z0-9_]*)\s*[.!]?\s*$`)

// unsaidField is a body field of op that the text says without the plan setting it
// ("switch it to RS256": signing_algorithm), or one the plan sets that the text does
// not name ("change the aud claim to convex" set the name); "" when each field is
// said as set. The name is also said by "rename", "call it", "label it".
func unsaidField(m *msg, op *clerk.Operation, d draft) string {
	bs := bodySchema(op)
	if bs == nil {
		return ""
	}
	said := func(field string) bool {
		if field == "name" && m.x.Has("rename", "renamed", "call", "called", "label", "labeled", "labelled", "named", "title") {
			return true
		}
		for _, part := range strings.Split(field, "_") {
			if !genericFieldWords[part] && m.x.Has(part, part+"s", strings.TrimSuffix(part, "s")) {
				return true
			}
		}
		return false
	}
	for _, name := range slices.Sorted(maps.Keys(bs.Properties)) {
		_, set := d.body[name]
		if set != said(name) {
			return name
		}
	}
	if m.x.Has("rs256", "rs384", "rs512", "hs256", "hs384", "hs512", "es256", "es384", "es512", "eddsa", "algorithm", "alg") {
		if _, set := d.body["signing_algorithm"]; !set && bs.Properties["signing_algorithm"] != nil {
			return "signing_algorithm"
		}
	}
	return ""
}

// genericFieldWords are parts of a field's name that say nothing of it alone.
var genericFieldWords = wordSet(`allowed is has enabled custom max min id at the of`)

// relativeChange changes a number by an amount: "by 60 seconds", "another 5 min".
var relativeChange = regexp.MustCompile(`\b(?:by|another|extra|additional|plus)\s+\d+|\+\s*\d+\s*(?:s|secs?|seconds?|mins?|minutes?|h|hours?)?\b`)

// copiedFields are the fields of change that readFirst fills from the read and d
// did not set, sorted.
func copiedFields(d, change draft) []string {
	var out []string
	for k := range change.body {
		if _, set := d.body[k]; !set {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
