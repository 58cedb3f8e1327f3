package intents

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/getkin/kin-openapi/openapi3"
)

// This file says which ids a path parameter takes, so that an id typed anywhere in a
// sentence ("delete redirect url ru_…", "show jtmp_…") lands in the parameter of the
// resource it names, for every operation of the spec, without a rule per resource.
//
// The resource of a parameter comes from the spec's path: the collection before it,
// made singular ("/redirect_urls/{id}" is a redirect_url) and qualified by its parent
// when it is nested ("/organizations/{organization_id}/domains/{domain_id}" is an
// organization_domain). Its prefixes come from the spec where the spec states them
// (a pattern such as ^(ak|api_key)_… on the parameter, or on the id of the response),
// and otherwise from resourcePrefixes, Clerk's naming convention, which the spec
// does not spell out.

// resourcePrefixes are the prefixes of the ids of each resource, by the resource's
// name as the spec's paths give it.
var resourcePrefixes = map[string][]string{
	"user": {"user"}, "organization": {"org"}, "organization_membership": {"orgmem"},
	"organization_invitation": {"orginv"}, "organization_domain": {"orgdmn"},
	"invitation": {"inv"}, "session": {"sess"}, "client": {"client"},
	"email_address": {"idn"}, "phone_number": {"idn"}, "web3_wallet": {"idn"}, "passkey": {"idn"},
	"external_account": {"eac", "idn"}, "user_trusted_device": {"td"}, "trusted_device": {"td"},
	"machine": {"mch"}, "jwt_template": {"jtmp"}, "actor_token": {"act"}, "sign_in_token": {"sit"},
	"domain": {"dmn"}, "allowlist_identifier": {"alid"}, "blocklist_identifier": {"blid"},
	"redirect_url": {"ru"}, "waitlist_entry": {"wle"}, "oauth_application": {"oa"},
	"organization_role": {"rol", "role"}, "organization_permission": {"perm"}, "permission": {"perm"},
	"saml_connection": {"samlc", "saml"}, "enterprise_connection": {"entc", "ent"},
	"scim_directory": {"scim"}, "directory": {"dir"}, "sign_up": {"sua"}, "role_set": {"rs"},
	"api_key": {"ak"}, "m2m_token": {"mt"}, "admin_portal_link_token": {"aplt"}, "instance": {"ins"},
	"statement": {"stmt", "cstmt", "bst"}, "subscription_item": {"csubi", "cspi", "csi"}, "plan": {"cplan", "cpl"},
	"price": {"cprice", "bprice", "bpr"}, "discount": {"cdisc", "disc"}, "payment_attempt": {"cpay", "pay"},
}

// prefixNouns are the words each prefix stands for ("ru" is redirect url): the ranker
// counts them as said when the id is in the text.
var prefixNouns = func() map[string][]string {
	out := map[string][]string{}
	for res, prefixes := range resourcePrefixes {
		for _, p := range prefixes {
			for _, t := range rankTokens(res) {
				if !slices.Contains(out[p], t) {
					out[p] = append(out[p], t)
				}
			}
		}
	}
	return out
}()

// knownPrefixes are the prefixes some parameter claims.
var knownPrefixes = func() map[string]bool {
	out := map[string]bool{}
	for _, p := range paramPrefix {
		out[p] = true
	}
	for _, ps := range resourcePrefixes {
		for _, p := range ps {
			out[p] = true
		}
	}
	return out
}()

type paramKey struct {
	op   *clerk.Operation
	name string
}

// pathPrefixCache holds pathPrefixes per operation and parameter; operations of a
// loaded spec never change.
var pathPrefixCache sync.Map

// pathPrefixes returns the prefixes of the ids the path parameter name of op takes:
// those its pattern names, those of the one resource its name says (user_id), or
// those of the resource of its place in the path; nil when none is known.
func pathPrefixes(op *clerk.Operation, name string) []string {
	key := paramKey{op, name}
	if v, ok := pathPrefixCache.Load(key); ok {
		return v.([]string)
	}
	ps := derivePathPrefixes(op, name)
	pathPrefixCache.Store(key, ps)
	return ps
}

func derivePathPrefixes(op *clerk.Operation, name string) []string {
	if p := op.Param("path", name); p != nil {
		if ps := schemaPrefixes(schemaValue(p.Schema)); len(ps) > 0 {
			return ps
		}
	}
	if prefix, ok := paramPrefix[name]; ok {
		return []string{prefix}
	}
	segs := strings.Split(strings.Trim(op.Path, "/"), "/")
	i := slices.Index(segs, "{"+name+"}")
	if i < 1 || strings.HasPrefix(segs[i-1], "{") {
		return nil
	}
	res := singular(segs[i-1])
	if i >= 3 && strings.HasPrefix(segs[i-2], "{") && !strings.HasPrefix(segs[i-3], "{") {
		if ps, ok := resourcePrefixes[singular(segs[i-3])+"_"+res]; ok {
			return ps
		}
	}
	if ps, ok := resourcePrefixes[res]; ok {
		return ps
	}
	if i == len(segs)-1 {
		return responseIDPrefixes(op)
	}
	return nil
}

// singular turns a path segment into the name of one of its objects:
// "redirect_urls" is redirect_url, "waitlist_entries" waitlist_entry.
func singular(seg string) string {
	parts := strings.Split(seg, "_")
	w := parts[len(parts)-1]
	switch {
	case strings.HasSuffix(w, "ies"):
		w = strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "sses"):
		w = strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		w = strings.TrimSuffix(w, "s")
	}
	parts[len(parts)-1] = w
	return strings.Join(parts, "_")
}

// responseIDPrefixes reads the prefix of the id of the object op returns, from the
// pattern or the example the spec gives it.
func responseIDPrefixes(op *clerk.Operation) []string {
	o := op.OpenAPI()
	if o == nil || o.Responses == nil {
		return nil
	}
	for _, code := range []string{"200", "201"} {
		r := o.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			continue
		}
		id := mt.Schema.Value.Properties["id"]
		if id == nil || id.Value == nil {
			continue
		}
		if ps := schemaPrefixes(id.Value); len(ps) > 0 {
			return ps
		}
		if ex, ok := id.Value.Example.(string); ok {
			if p, _, ok := strings.Cut(ex, "_"); ok && p != "" {
				return []string{p}
			}
		}
	}
	return nil
}

// objectOp is an operation on one object: the GET, DELETE or POST …/revoke of the
// object its last path parameter names.
type objectOp struct {
	op     *clerk.Operation
	method string // GET, DELETE, REVOKE for POST …/revoke, or SWITCH (below)
	param  string // the object's path parameter
	nouns  []string
	// field is, for SWITCH, the boolean body field ("active", "enabled") of the
	// PATCH of the object that turns it on or off.
	field string
}

// objectOpsCache holds objectOps per spec.
var objectOpsCache sync.Map

// objectOps lists the operations of spec that act on one object named by id.
func objectOps(spec *clerk.Spec) []objectOp {
	if v, ok := objectOpsCache.Load(spec); ok {
		return v.([]objectOp)
	}
	var out []objectOp
	for _, op := range spec.Operations() {
		segs := strings.Split(strings.Trim(op.Path, "/"), "/")
		method, last := op.Method, segs[len(segs)-1]
		if op.Method == "POST" && last == "revoke" && len(segs) > 1 {
			method, last = "REVOKE", segs[len(segs)-2]
		}
		field := ""
		if method == "PATCH" {
			if b := bodySchema(op); b != nil {
				for _, f := range []string{"active", "enabled"} {
					if p := b.Properties[f]; p != nil && p.Value != nil && p.Value.Type.Is("boolean") {
						method, field = "SWITCH", f
						break
					}
				}
			}
		}
		if method != "GET" && method != "DELETE" && method != "REVOKE" && method != "SWITCH" || !strings.HasPrefix(last, "{") {
			continue
		}
		o := objectOp{op: op, method: method, param: strings.Trim(last, "{}"), field: field}
		for _, seg := range segs {
			if !strings.HasPrefix(seg, "{") {
				o.nouns = append(o.nouns, rankTokens(seg)...)
			}
		}
		out = append(out, o)
	}
	objectOpsCache.Store(spec, out)
	return out
}

// byID plans the one operation a short request on one object named by id asks for:
// "get jtmp_…", "delete ru_… pls", "revoke sit_…". The id's prefix says the resource
// (pathPrefixes), the verb the method: a read is the GET of the object, a delete its
// DELETE, a revoke its POST …/revoke. Every other word of the text must be a word
// of that resource, a stop word or filler, and every other path parameter must be
// filled by another id of the text; otherwise it abstains and the ranker decides.
func byID(m *msg, spec *clerk.Spec) (draft, bool) {
	v, ok := m.verb()
	if !ok || m.question && v != vRead && v != vNone || len(m.x.IDs) == 0 || len(m.x.IDs) > 2 || len(m.x.Emails)+len(m.x.URLs)+len(m.x.Quoted) > 0 {
		return draft{}, false
	}
	var method string
	switch v {
	case vRead, vNone:
		method = "GET"
	case vDelete:
		method = "DELETE"
	case vRevoke:
		method = "REVOKE"
	default:
		return draft{}, false
	}
	on, switched := false, false
	for _, w := range m.x.Words {
		if s, ok := switchWords[w]; ok && v == vNone && !switched {
			// "deactivate samlc_1", "disable …", "re-enable …": the object's
			// active (or enabled) field, never a delete.
			method, on, switched = "SWITCH", s, true
			continue
		}
		if actionWords[w] || negations[w] {
			return draft{}, false // "rotate …": not a read, delete or revoke
		}
	}
	if negatedLater(m.text) {
		return draft{}, false
	}
	found, nouns := objectsByID(m, spec, method)
	if len(found) == 0 && method == "DELETE" {
		// "delete sess_1", "nuke sess_1": an object that cannot be deleted but can be
		// revoked ends that way, which is what deleting it means.
		found, nouns = objectsByID(m, spec, "REVOKE")
	}
	if len(found) != 1 {
		return draft{}, false
	}
	if switched {
		for k := range found[0].body {
			found[0].body[k] = on
		}
	}
	for _, id := range m.x.IDs {
		nouns = append(append(nouns, prefixNouns[idPrefix(id)]...), idNouns[idPrefix(id)]...)
	}
	for _, w := range m.x.Words {
		if _, isVerb := verbs[w]; isVerb || stop[w] || filler[w] || qualifiers[w] && w != "new" || switched && switchWords[w] == on {
			continue
		}
		if method == "GET" && (aboutWords[w] || answers(spec, found[0].op, w)) {
			// "what's ru_1 pointing to?": what the object is; "what claims does
			// jtmp_1 have", "last time user_1 signed in": a field of it.
			continue
		}
		if ts := rankTokens(w); len(ts) > 0 && !slices.ContainsFunc(ts, func(t string) bool { return !slices.Contains(nouns, t) }) {
			continue
		}
		return draft{}, false
	}
	return found[0], true
}

// switchWords turn an object on (true) or off (false).
var switchWords = map[string]bool{
	"enable": true, "activate": true, "reactivate": true, "re-enable": true, "reenable": true, "unpause": true,
	"disable": false, "deactivate": false, "pause": false, "suspend": false,
}

// answers reports whether w names a field of what the operation returns: "claims" of
// a JWT template, "signed" of a user's last_sign_in_at.
func answers(spec *clerk.Spec, opID string, w string) bool {
	op, ok := spec.Operation(opID)
	if !ok {
		return false
	}
	fields, _ := responseWordsCache.Load(op)
	if fields == nil {
		fields, _ = responseWordsCache.LoadOrStore(op, responseWords(op))
	}
	set := fields.(map[string]bool)
	if pathWordsOf(spec)[stem(w)] {
		return false // "sessions for client_1": a resource of its own, not a field
	}
	return set[w] || set[stem(w)] || strings.HasSuffix(w, "ed") && set[strings.TrimSuffix(w, "ed")]
}

// pathWordsCache holds pathWordsOf per spec.
var pathWordsCache sync.Map

// pathWordsOf is every word of the spec's paths, singular: a resource of its own.
func pathWordsOf(spec *clerk.Spec) map[string]bool {
	if v, ok := pathWordsCache.Load(spec); ok {
		return v.(map[string]bool)
	}
	out := map[string]bool{}
	for _, op := range spec.Operations() {
		for _, seg := range strings.Split(op.Path, "/") {
			if strings.HasPrefix(seg, "{") {
				continue
			}
			for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' }) {
				out[stem(part)] = true
			}
		}
	}
	v, _ := pathWordsCache.LoadOrStore(spec, out)
	return v.(map[string]bool)
}

// responseWordsCache holds responseWords per operation.
var responseWordsCache sync.Map

// responseWords are the words of the property names of an operation's success
// response, one level deep: "last_sign_in_at" gives last, sign, in, at.
func responseWords(op *clerk.Operation) map[string]bool {
	out := map[string]bool{}
	for name := range responseFields(op) {
		for _, part := range strings.Split(name, "_") {
			out[part] = true
			out[stem(part)] = true
		}
	}
	return out
}

// listResponse reports whether an operation answers with a list: an array, or an
// object with data and total_count.
func listResponse(op *clerk.Operation) bool {
	if o := op.OpenAPI(); o != nil && o.Responses != nil {
		for code, r := range o.Responses.Map() {
			if !strings.HasPrefix(code, "2") || r.Value == nil {
				continue
			}
			for _, mt := range r.Value.Content {
				if mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Type.Is("array") {
					return true
				}
			}
		}
	}
	f := responseFields(op)
	return f["data"] && f["total_count"] || len(f) == 0
}

// responseFields are the property names of an operation's success response, one
// level deep (a list's items count as the response).
func responseFields(op *clerk.Operation) map[string]bool {
	out := map[string]bool{}
	o := op.OpenAPI()
	if o == nil || o.Responses == nil {
		return out
	}
	for code, r := range o.Responses.Map() {
		if !strings.HasPrefix(code, "2") || r.Value == nil {
			continue
		}
		for _, mt := range r.Value.Content {
			if mt.Schema == nil || mt.Schema.Value == nil {
				continue
			}
			s := mt.Schema.Value
			if s.Items != nil && s.Items.Value != nil {
				s = s.Items.Value
			}
			maps.Copy(out, allProperties(s, 0))
		}
	}
	return out
}

// allProperties is every property name of s and its allOf, oneOf and anyOf parts.
func allProperties(s *openapi3.Schema, depth int) map[string]bool {
	out := map[string]bool{}
	if s == nil || depth > 4 {
		return out
	}
	for name := range s.Properties {
		out[name] = true
	}
	for _, refs := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range refs {
			if r != nil {
				maps.Copy(out, allProperties(r.Value, depth+1))
			}
		}
	}
	return out
}

// aboutWords ask what one object is, holds or leads to: "what's ru_1 pointing to?",
// "status of inv_1". With a read of one object named by id they ask for the object.
var aboutWords = wordSet(`pointing points point refers refer referring status state about overview time date when
summary info details`)

// objectsByID is every operation of method on the object an id of m names, with
// the nouns that name it.
func objectsByID(m *msg, spec *clerk.Spec, method string) (found []draft, nouns []string) {
	for _, o := range objectOps(spec) {
		if o.method != method {
			continue
		}
		// The object is the last id of the text that the parameter takes.
		target := ""
		for _, id := range m.x.IDs {
			if slices.Contains(pathPrefixes(o.op, o.param), idPrefix(id)) {
				target = id
			}
		}
		if target == "" {
			continue
		}
		path, used := map[string]string{o.param: target}, map[string]bool{target: true}
		filled := true
		for _, p := range o.op.PathParams() {
			if p == o.param {
				continue
			}
			if val := fillPath(m, o.op, p, used); val != "" {
				path[p] = val
			} else {
				filled = false
			}
		}
		if !filled || len(used) != len(m.x.IDs) {
			continue
		}
		d := draft{op: o.op.ID, path: path}
		if o.field != "" {
			d.body = map[string]any{o.field: true}
		}
		found = append(found, d)
		nouns = append(nouns, o.nouns...)
	}
	return found, nouns
}
