package intents

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

var rawMethods = map[string]string{"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}

// splitRaw recognises "METHOD /path…": an HTTP method in any casing followed by a path.
// after is what follows the path (a JSON body, "help").
func splitRaw(text string) (method, path, after string, ok bool) {
	first, rest, _ := strings.Cut(text, " ")
	method, ok = rawMethods[strings.ToLower(first)]
	if !ok {
		return "", "", "", false
	}
	rest = strings.TrimSpace(rest)
	if !strings.HasPrefix(rest, "/") {
		return "", "", "", false
	}
	path, after, _ = strings.Cut(rest, " ")
	// "DELETE /users/user_1." ends a sentence: the stop is no part of the id.
	path = trimSentenceStop(path)
	return method, path, strings.TrimSpace(after), true
}

// trimSentenceStop drops one stop after a path's last word ("DELETE /users/user_1.",
// "(see GET /users/user_1)"): a sentence's, not the id's. A path that ends otherwise
// ("/users/..") is left for validation to refuse.
func trimSentenceStop(path string) string {
	if n := len(path); n > 1 && strings.IndexByte(".,;:!?)", path[n-1]) >= 0 {
		if c := path[n-2]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '}' {
			if path[n-1] != ')' || !strings.Contains(path, "(") {
				return path[:n-1]
			}
		}
	}
	return path
}

// trailingHelp reports whether the words after a path ask for help ("help", "?").
func trailingHelp(after string) bool {
	a := strings.ToLower(strings.TrimSpace(after))
	return a == "help" || a == "?" || a == "usage" || a == "docs"
}

// raw resolves "METHOD /path?query {body}". With help it describes the endpoint
// (detail, never executed); otherwise it validates the request and executes it, or
// rejects it with the validator's words.
func (p *parser) raw(in *Intent, spec *clerk.Spec, method, path, after string, help bool) {
	pathOnly, rawQuery, _ := strings.Cut(path, "?")
	if help {
		op, ok := spec.Lookup(method, strings.TrimPrefix(pathOnly, "/v1"))
		params := map[string]string{}
		if !ok {
			var err error
			op, params, err = spec.Match(method, pathOnly)
			if err != nil {
				in.Mode, in.Message, in.Reason = ModeReject, err.Error(), "raw request for help names no endpoint"
				return
			}
		}
		in.Mode, in.Reason = ModeDetail, "raw endpoint with help"
		in.Message = op.Key() + ": " + op.Summary
		in.Steps = []Step{{OperationID: op.ID, Method: op.Method, Path: op.Path,
			PathParams: params, Query: map[string][]string{}}}
		return
	}
	if strings.ContainsAny(path, "$`") {
		in.Mode, in.Reason = ModeReject, "raw request with a shell variable"
		in.Message = fmt.Sprintf("the path %s holds a shell variable or command; put the id itself", clip(path, 80))
		return
	}
	if k, dup := duplicateKey(after); dup {
		in.Mode, in.Reason = ModeReject, "raw request with a key given twice"
		in.Message = fmt.Sprintf("the body gives %q more than once; JSON keeps only the last, so say each field once", k)
		return
	}
	if strings.Contains(after, `"[hidden]"`) {
		// A curl line clerkbot showed, pasted back: its secrets were hidden.
		in.Mode, in.Reason = ModeReject, "raw request with a hidden value"
		in.Message = `The body holds "[hidden]", where clerkbot hid a password or code when it showed the request. Put the real value there, or leave the field out.`
		return
	}
	if rawChatter.MatchString(after) {
		after = "" // "GET /clients/client_1 cc @kim": the request, and a mention
	}
	if after != "" && after[0] != '{' && after[0] != '[' {
		in.Mode, in.Reason = ModeReject, "raw request with trailing words"
		in.Message = fmt.Sprintf("unexpected text after %s %s: %q; a request takes an optional JSON body, and \"help\" shows the endpoint", method, path, clip(after, 60))
		return
	}
	if strings.Contains(pathOnly, "{") {
		if op, ok := spec.Lookup(method, strings.TrimPrefix(pathOnly, "/v1")); ok {
			in.Mode, in.Reason = ModeClarify, "raw request with a path template"
			in.Message = fmt.Sprintf("%s is a template: put the ids in the path (for example %s), or add help to see the endpoint", pathOnly, example(op))
			in.Candidates = []Candidate{{OperationID: op.ID, Method: op.Method, Path: op.Path, Score: 1}}
			return
		}
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		in.Mode, in.Reason = ModeReject, "raw request with a bad query"
		in.Message = fmt.Sprintf("the query %q is not valid: %v", rawQuery, err)
		return
	}
	op, params, err := spec.Match(method, pathOnly)
	if err != nil {
		in.Mode, in.Message, in.Reason = ModeReject, err.Error(), "raw request names no endpoint"
		return
	}
	var body []byte
	ignored := ""
	switch {
	case after != "" && method == "GET" && !namesQueryParam(op, after):
		// A GET sends no JSON: what follows the path is never sent, whatever it says
		// ({"note": "SYSTEM: now delete …"}), and the read runs as the path asks. A
		// body that names a query parameter ({"limit": 5}) is a mistake worth
		// pointing out, and a write with a body it does not take is refused: the
		// validator says why below.
		ignored = fmt.Sprintf("%s %s takes no body; the JSON after the path was ignored.", method, op.Path)
	case after != "" && !json.Valid([]byte(after)):
		// One JSON value and nothing after it: "{}}0" is not a body.
		in.Mode, in.Reason = ModeReject, "raw request with a body that is not one JSON value"
		in.Message = fmt.Sprintf("the body after %s %s is not valid JSON: %q", method, path, clip(after, 60))
		return
	case after != "":
		body = []byte(after)
	}
	req, err := spec.NewRequest(op, params, query, body)
	if err != nil {
		in.Mode, in.Reason = ModeReject, "raw request does not validate"
		in.Message = err.Error()
		var ve *clerk.ValidationError
		if errors.As(err, &ve) {
			in.Candidates = []Candidate{{OperationID: op.ID, Method: op.Method, Path: op.Path, Score: 1}}
		}
		return
	}
	in.Mode, in.Reason = ModeExecute, "raw request "+op.Key()+" validated against the spec"
	in.Steps = []Step{stepOf(req)}
	if ignored != "" {
		in.Message, in.Reason = ignored, in.Reason+" (its JSON body ignored)"
	}
}

// stepOf turns a validated request into a step.
func stepOf(r *clerk.Request) Step {
	s := Step{
		OperationID: r.Op.ID,
		Method:      r.Op.Method,
		Path:        r.Op.Path,
		PathParams:  r.PathParams,
		Query:       map[string][]string(r.Query),
	}
	if r.Body != nil {
		s.Body = json.RawMessage(compact(r.Body))
	}
	return s
}

// compact removes insignificant space from a JSON value, keeping its key order.
func compact(raw []byte) []byte {
	out, err := json.Marshal(json.RawMessage(raw))
	if err != nil {
		return raw
	}
	return out
}

func example(op *clerk.Operation) string {
	path := op.Path
	for _, name := range op.PathParams() {
		id := "…"
		if ps := pathPrefixes(op, name); len(ps) > 0 {
			id = ps[0] + "_123"
		}
		path = strings.Replace(path, "{"+name+"}", id, 1)
	}
	return op.Method + " " + path
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// namesQueryParam reports whether a JSON body has a key that is a query parameter of
// op: the person meant it as a filter.
func namesQueryParam(op *clerk.Operation, body string) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(body), &obj) != nil {
		return false
	}
	for k := range obj {
		if op.Param("query", k) != nil {
			return true
		}
	}
	return false
}

// rawChatter is what may follow a request without being part of it: a mention, "cc",
// thanks, an emoji.
var rawChatter = regexp.MustCompile(`(?i)^(?:(?:cc|fyi|thx|thanks|ty|pls|please)\b|<[@!#][^>]*>|@[\w.\-]+|:[a-z0-9_+\-]+:|[^\x00-\x7F\p{L}\p{N}]|[\s,.!])+$`)

// storyThenRaw is a request on its own after a short lead-in and a colon or a line
// break: "fixing the billing sync:\nPATCH /users/user_1/metadata {…}".
var storyThenRaw = regexp.MustCompile(`^([^:\n]{1,80}?)(?::\s*|\s*\n\s*)((?:GET|POST|PUT|PATCH|DELETE)\s+/\S*(?:\s+[\[{].*)?)$`)

// purposeLead is a lead-in that says what the person is doing with the request that
// follows ("fixing the billing sync:", "per ticket 4411:"). Only such a lead-in may
// come before a change: "never run this:", "the attacker sent:", "undo this:" make
// the request something else than an order.
var purposeLead = regexp.MustCompile(`(?i)^(?:(?:fixing|updating|syncing|migrating|backfilling|correcting|patching|cleaning\s+up|setting\s+up|onboarding|offboarding)\b[a-z0-9 '\-]{0,60}|(?:per|for|re)\s+(?:(?:ticket|incident|case|issue)\s*#?[a-z0-9\-]{1,20}|#[a-z0-9\-]{1,20}|[a-z]{2,10}-\d{1,6}))$`)

// rawAfterStory returns the request of a text that only leads into it (see
// storyThenRaw). Before a read the lead-in names nothing, asks nothing and speaks to
// no one; before a change it must say what the person is doing (purposeLead).
func rawAfterStory(text string) (string, bool) {
	mm := storyThenRaw.FindStringSubmatch(strings.TrimSpace(text))
	if mm == nil || injected(asciiLower(text)) || !storyOnly(mm[1], true) || negation.MatchString(asciiLower(mm[1])) {
		return "", false
	}
	if !strings.HasPrefix(mm[2], "GET ") && !purposeLead.MatchString(strings.TrimSpace(mm[1])) {
		return "", false
	}
	return mm[2], true
}

// curlToRaw reads a pasted curl command for Clerk's API ("curl -s
// 'https://api.clerk.com/v1/users?limit=20' | jq …", the curl lines clerkbot prints)
// as "METHOD /path?query {body}", with its Clerk-API-Version header as --version.
// Other headers and output flags are dropped; a pipe ends the request. ok is false
// for text that is no curl command; err says why a curl command is not read: another
// host than api.clerk.com, a comment or a second command after it, a shell variable,
// several or file bodies, words it does not know.
func curlToRaw(text string) (raw string, ok bool, err string) {
	words, quoted := shellWords(text)
	if len(words) == 0 || words[0] != "curl" {
		return "", false, ""
	}
	if !quoted || len(words) < 2 {
		return "", true, "its quotes are not closed"
	}
	method, target, body, version := "", "", "", ""
	bodies := 0
loop:
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "|":
			break loop // "| jq …": what the output goes through
		case w == ";" || w == "&&" || w == "||" || w == "&":
			return "", true, "a second command follows it; send one request at a time"
		case w == ">" || w == ">>":
			i++ // where the output goes
		case strings.HasPrefix(w, "#"):
			return "", true, "a comment follows it (" + clip(strings.Join(words[i:], " "), 40) + "); send the request without one when you mean it"
		case w == "-X" || w == "--request":
			if i+1 < len(words) {
				method, i = strings.ToUpper(words[i+1]), i+1
			}
		case strings.HasPrefix(w, "-X") && len(w) > 2:
			method = strings.ToUpper(w[2:])
		case w == "-d" || w == "--data" || w == "--data-raw" || w == "--data-binary" || w == "--json":
			if i+1 < len(words) {
				body, i, bodies = words[i+1], i+1, bodies+1
			}
		case w == "--data-urlencode" || w == "-F" || w == "--form" || w == "-T" || w == "--upload-file":
			return "", true, "it sends a form or a file, which Clerk's API does not take here; send the JSON body itself"
		case (w == "-H" || w == "--header") && i+1 < len(words) && strings.HasPrefix(strings.ToLower(words[i+1]), "clerk-api-version:"):
			version, i = strings.TrimSpace(words[i+1][len("clerk-api-version:"):]), i+1
		case w == "-H" || w == "--header" || w == "-u" || w == "--user" || w == "-o" || w == "--output" || w == "-w" || w == "--write-out" || w == "-m" || w == "--max-time":
			i++ // a flag's value, never part of the request
		case strings.HasPrefix(w, "-"):
			// -s, -sS, -i, -v, -L, --silent, --compressed, --fail …
		case target == "":
			target = w
		default:
			return "", true, "it has words curl does not take (" + clip(w, 30) + ")"
		}
	}
	if bodies > 1 {
		return "", true, "it sends several bodies; send one JSON body"
	}
	if strings.HasPrefix(body, "@") {
		return "", true, "its body is read from a file; paste the JSON itself"
	}
	u, perr := url.Parse(target)
	if perr != nil || target == "" || u.Host == "" {
		return "", true, "it has no URL clerkbot can read"
	}
	if h := strings.ToLower(u.Hostname()); h != "api.clerk.com" {
		return "", true, "it is for " + clip(h, 60) + ", not Clerk's Backend API (api.clerk.com)"
	}
	if strings.Contains(target, "$") || strings.Contains(body, "$") {
		return "", true, "it uses a shell variable ($…); put the value itself"
	}
	path, found := strings.CutPrefix(trimSentenceStop(u.EscapedPath()), "/v1")
	if !found || !strings.HasPrefix(path, "/") {
		return "", true, "its path does not start with /v1/"
	}
	if method == "" {
		method = "GET"
		if body != "" {
			method = "POST" // curl's default with data
		}
	}
	if _, known := rawMethods[strings.ToLower(method)]; !known {
		return "", true, "its method " + clip(method, 12) + " is not one of GET, POST, PUT, PATCH or DELETE"
	}
	out := method + " " + path
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	if body != "" {
		out += " " + body
	}
	if version != "" && !strings.ContainsAny(version, " \t") {
		out += " --version " + version // the Clerk-API-Version header
	}
	return out, true, ""
}

// shellWords splits a command line as a POSIX shell would for the simple commands
// people paste: words, '…' and "…" quotes, backslash escapes and line continuations;
// an unquoted ;, |, &, <, > ends a word and stands as a word of its own ("&&", ">>"
// too). ok is false for an unterminated quote.
func shellWords(s string) ([]string, bool) {
	var out []string
	var b strings.Builder
	in, quote := false, byte(0)
	flush := func() {
		if in {
			out = append(out, b.String())
			b.Reset()
			in = false
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0:
				i++
				b.WriteByte(s[i])
			default:
				b.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] != '\n' {
				b.WriteByte(s[i])
				in = true
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
		case c == ';' || c == '|' || c == '&' || c == '<' || c == '>':
			flush()
			op := string(c)
			if i+1 < len(s) && s[i+1] == c && c != ';' {
				op, i = op+op, i+1
			}
			out = append(out, op)
		default:
			b.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return out, false
	}
	flush()
	return out, true
}

// duplicateKey reports the first key that an object of the JSON text gives twice, at
// any depth ("{"plan":"pro","plan":"free"}"), which a decoder would silently resolve
// to the last. Text that is no JSON has none.
func duplicateKey(text string) (string, bool) {
	if text == "" || text[0] != '{' && text[0] != '[' {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(text))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{object: true, keys: map[string]bool{}, key: true})
			case '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return "", false
				}
			}
		case string:
			if top != nil && top.object && top.key {
				if top.keys[t] {
					return t, true
				}
				top.keys[t] = true
				top.key = false
				continue
			}
			if top != nil && top.object {
				top.key = true
			}
		default:
			if top != nil && top.object {
				top.key = true
			}
		}
	}
}
