package clerk

import (
	"bytes"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
)

// Request is one call to the Backend API, bound to an operation of a Spec version.
// Build it with Spec.NewRequest, which validates it; a Request that did not come from
// NewRequest is validated again by Client.Do.
type Request struct {
	Op         *Operation
	Version    string            // the spec version, sent as Clerk-API-Version
	PathParams map[string]string // unescaped values, by template name
	Query      url.Values
	Body       json.RawMessage // nil when the request has no body
}

// Method returns the HTTP method.
func (r *Request) Method() string { return r.Op.Method }

// Path returns the concrete path, with each parameter escaped into its segment
// ("/users/user_123"). A parameter missing from PathParams is left as its template so
// that a mistake is visible, never silently dropped.
func (r *Request) Path() string {
	segs := splitPath(r.Op.Path)
	for i, seg := range segs {
		if name, ok := templateParam(seg); ok {
			if v, ok := r.PathParams[name]; ok {
				segs[i] = url.PathEscape(v)
			}
		}
	}
	return "/" + strings.Join(segs, "/")
}

// URL returns the full URL of the request against base ("https://api.clerk.com/v1"),
// with the query sorted so that equal requests render equally.
func (r *Request) URL(base string) string {
	u := strings.TrimSuffix(base, "/") + r.Path()
	if q := r.Query.Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// Curl renders the request as a curl command line a person can copy. The secret key is
// never included: the Authorization header refers to $CLERK_SECRET_KEY; nor are
// passwords, codes and other credentials in the body (see secretFields).
func (r *Request) Curl(base string) string {
	var b strings.Builder
	b.WriteString("curl")
	if r.Method() != "GET" {
		b.WriteString(" -X ")
		b.WriteString(r.Method())
	}
	b.WriteString(" ")
	b.WriteString(shellQuote(r.URL(base)))
	b.WriteString(` -H "Authorization: Bearer $CLERK_SECRET_KEY"`)
	if r.Version != "" {
		b.WriteString(" -H ")
		b.WriteString(shellQuote("Clerk-API-Version: " + r.Version))
	}
	if r.Body != nil {
		b.WriteString(" -H 'Content-Type: application/json' --data ")
		b.WriteString(shellQuote(string(compactJSON(maskSecrets(r.Body)))))
	}
	return b.String()
}

// secretFields are body fields whose values are credentials: a password to set or
// check, a one-time code, a TOTP seed, backup codes. They are shown as "[hidden]":
// a curl line ends up in Slack threads, terminals and screenshots.
var secretFields = map[string]bool{"password": true, "password_digest": true, "code": true, "totp_secret": true,
	"backup_codes": true, "secret": true, "client_secret": true, "private_key": true, "signing_key": true,
	"token": true, "access_token": true, "refresh_token": true, "expired_token": true}

// maskSecrets returns raw with the values of secretFields (at any depth) replaced by
// "[hidden]", or raw itself when it holds none or is not JSON.
func maskSecrets(raw json.RawMessage) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return raw
	}
	found := false
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case map[string]any:
			for k, val := range t {
				if secretFields[k] && val != nil {
					t[k], found = "[hidden]", true
					continue
				}
				walk(val)
			}
		case []any:
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(v)
	if !found {
		return raw
	}
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// Canonical returns a stable text form of the request (method, path, sorted query,
// compact body with sorted keys, version). Two requests with the same meaning have the
// same canonical form; confirmations hash it to bind an approval to one request.
func (r *Request) Canonical() []byte {
	var b strings.Builder
	b.WriteString(r.Method())
	b.WriteString(" ")
	b.WriteString(r.Path())
	b.WriteString("\nquery: ")
	keys := make([]string, 0, len(r.Query))
	for k := range r.Query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Query[k] {
			b.WriteString(url.QueryEscape(k))
			b.WriteString("=")
			b.WriteString(url.QueryEscape(v))
			b.WriteString("&")
		}
	}
	b.WriteString("\nbody: ")
	if r.Body != nil {
		b.Write(compactJSON(r.Body))
	}
	b.WriteString("\nversion: ")
	b.WriteString(r.Version)
	return []byte(b.String())
}

// compactJSON re-encodes a JSON value with sorted object keys and no insignificant
// space. Invalid JSON is returned as it was.
func compactJSON(raw json.RawMessage) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep 64-bit ids and exact decimals as they were written
	var v any
	if err := dec.Decode(&v); err != nil {
		return raw
	}
	out, err := json.Marshal(v) // encoding/json sorts map keys
	if err != nil {
		return raw
	}
	return out
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
