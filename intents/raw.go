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
	return method, path, strings.TrimSpace(after), true
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

// rawAfterStory returns the request of a text that only leads into it (see
// storyThenRaw): the lead-in names nothing, asks nothing and speaks to no one.
func rawAfterStory(text string) (string, bool) {
	mm := storyThenRaw.FindStringSubmatch(strings.TrimSpace(text))
	if mm == nil || injected(asciiLower(text)) || !storyOnly(mm[1], true) {
		return "", false
	}
	return mm[2], true
}

// curlToRaw reads a pasted curl command for Clerk's API ("curl -s
// 'https://api.clerk.com/v1/users?limit=20' | jq …", the curl lines clerkbot prints)
// as "METHOD /path?query {body}", with its Clerk-API-Version header as --version. Other
// headers and output flags are dropped; what follows a
// pipe or a redirect is not part of the request. ok is false when the text is no
// curl command, or its URL is not a BAPI one (no /v1/ path).
func curlToRaw(text string) (string, bool) {
	words, ok := shellWords(text)
	if !ok || len(words) < 2 || words[0] != "curl" {
		return "", false
	}
	method, target, body, version := "", "", "", ""
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "|" || w == ">" || w == ">>" || w == "&&" || w == ";":
			i = len(words)
		case w == "-X" || w == "--request":
			if i+1 < len(words) {
				method, i = strings.ToUpper(words[i+1]), i+1
			}
		case strings.HasPrefix(w, "-X") && len(w) > 2:
			method = strings.ToUpper(w[2:])
		case w == "-d" || w == "--data" || w == "--data-raw" || w == "--data-binary" || w == "--json":
			if i+1 < len(words) {
				body, i = words[i+1], i+1
			}
		case (w == "-H" || w == "--header") && i+1 < len(words) && strings.HasPrefix(strings.ToLower(words[i+1]), "clerk-api-version:"):
			version, i = strings.TrimSpace(words[i+1][len("clerk-api-version:"):]), i+1
		case w == "-H" || w == "--header" || w == "-u" || w == "--user" || w == "-o" || w == "--output" || w == "-w" || w == "--write-out" || w == "-m" || w == "--max-time":
			i++ // a flag's value, never part of the request
		case strings.HasPrefix(w, "-"):
			// -s, -sS, -i, -v, -L, --silent, --compressed, --fail …
		case target == "":
			target = w
		}
	}
	u, err := url.Parse(target)
	if err != nil || target == "" {
		return "", false
	}
	path, found := strings.CutPrefix(u.EscapedPath(), "/v1")
	if !found || !strings.HasPrefix(path, "/") {
		return "", false
	}
	if method == "" {
		method = "GET"
		if body != "" {
			method = "POST" // curl's default with data
		}
	}
	if _, known := rawMethods[strings.ToLower(method)]; !known {
		return "", false
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
	return out, true
}

// shellWords splits a command line as a POSIX shell would for the simple commands
// people paste: words, '…' and "…" quotes, backslash escapes and line continuations.
// ok is false for an unterminated quote.
func shellWords(s string) ([]string, bool) {
	var out []string
	var b strings.Builder
	in, quote := false, byte(0)
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
			if in {
				out = append(out, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, false
	}
	if in {
		out = append(out, b.String())
	}
	return out, true
}
