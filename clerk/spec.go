package clerk

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Spec is one parsed version of Clerk's Backend API OpenAPI document, indexed for
// look-ups by operationId, by method and path, and by tag. A Spec is immutable after
// ParseSpec returns and is shared by every request that uses its version: it is parsed
// once, never per request.
type Spec struct {
	// Version is the API version the document declares (info.version), e.g. "2026-05-12".
	// Every request to Clerk carries it as Clerk-API-Version.
	Version string
	// BaseURL is the first server URL of the document ("https://api.clerk.com/v1").
	BaseURL string

	doc   *openapi3.T
	ops   []*Operation // sorted by path, then method
	byID  map[string]*Operation
	byKey map[string]*Operation // "GET /users/{user_id}"
	tags  []Tag
	// tagOps maps a folded tag name (see foldName) to the tag's index and operations.
	tagOps map[string]tagEntry
	root   *pathNode
}

type tagEntry struct {
	tag Tag
	ops []*Operation
}

// Operation is one endpoint of the API: a method on a path template.
type Operation struct {
	ID          string
	Method      string // upper case: GET, POST, PUT, PATCH, DELETE
	Path        string // the spec's template, "/users/{user_id}"
	Tags        []string
	Summary     string
	Description string
	Deprecated  bool
	// Params holds the operation's parameters with path-level ones merged in;
	// an operation-level parameter overrides a path-level one of the same name and place.
	Params []*openapi3.Parameter

	op       *openapi3.Operation
	pathItem *openapi3.PathItem
	doc      *openapi3.T
}

// Tag is a group of operations. Tags come from the operations themselves, so a tag that
// is used but not declared at the top of the document is still listed, and a declared
// tag with no operations is not.
type Tag struct {
	Name        string
	Description string
	Count       int // operations carrying this tag
}

// OpenAPI returns the operation as kin-openapi parsed it, for validation and rendering.
func (o *Operation) OpenAPI() *openapi3.Operation { return o.op }

// Key returns "METHOD /path/template", the form people type and logs show.
func (o *Operation) Key() string { return o.Method + " " + o.Path }

// IsRead reports whether the operation only reads (GET or HEAD).
func (o *Operation) IsRead() bool { return o.Method == http.MethodGet || o.Method == http.MethodHead }

// Param returns the parameter called name in the given location ("path", "query",
// "header"), or nil.
func (o *Operation) Param(in, name string) *openapi3.Parameter {
	for _, p := range o.Params {
		if p.In == in && p.Name == name {
			return p
		}
	}
	return nil
}

// PathParams returns the names of the path template's parameters, in order.
func (o *Operation) PathParams() []string {
	var names []string
	for _, seg := range splitPath(o.Path) {
		if name, ok := templateParam(seg); ok {
			names = append(names, name)
		}
	}
	return names
}

// ParseSpec parses an OpenAPI document of Clerk's Backend API and indexes it. It checks
// that the document is an OpenAPI 3 document with operations and a version, and that
// every operation has a unique operationId.
func ParseSpec(data []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("parse OpenAPI document: %w", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		return nil, fmt.Errorf("parse OpenAPI document: want OpenAPI 3.x, got %q", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	return indexSpec(doc)
}

func indexSpec(doc *openapi3.T) (*Spec, error) {
	s := &Spec{
		doc:   doc,
		byID:  make(map[string]*Operation),
		byKey: make(map[string]*Operation),
		root:  &pathNode{},
	}
	if doc.Info != nil {
		s.Version = doc.Info.Version
	}
	if s.Version == "" {
		return nil, fmt.Errorf("OpenAPI document has no info.version; Clerk's specs name their API version there")
	}
	if len(doc.Servers) > 0 {
		s.BaseURL = strings.TrimSuffix(doc.Servers[0].URL, "/")
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, fmt.Errorf("OpenAPI document %s has no paths", s.Version)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := &Operation{
				ID:          op.OperationID,
				Method:      strings.ToUpper(method),
				Path:        path,
				Tags:        op.Tags,
				Summary:     strings.TrimSpace(op.Summary),
				Description: strings.TrimSpace(op.Description),
				Deprecated:  op.Deprecated,
				Params:      mergeParams(item.Parameters, op.Parameters),
				op:          op,
				pathItem:    item,
				doc:         doc,
			}
			if o.ID == "" {
				return nil, fmt.Errorf("%s has no operationId", o.Key())
			}
			if prev, dup := s.byID[o.ID]; dup {
				return nil, fmt.Errorf("operationId %s is used by both %s and %s", o.ID, prev.Key(), o.Key())
			}
			s.byID[o.ID] = o
			s.byKey[o.Key()] = o
			s.ops = append(s.ops, o)
			s.root.insert(splitPath(path), o)
		}
	}
	slices.SortFunc(s.ops, func(a, b *Operation) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(methodRank(a.Method), methodRank(b.Method)))
	})
	s.tags = deriveTags(doc, s.ops)
	s.tagOps = make(map[string]tagEntry, len(s.tags))
	for _, t := range s.tags {
		var ops []*Operation
		for _, o := range s.ops {
			if slices.Contains(o.Tags, t.Name) {
				ops = append(ops, o)
			}
		}
		s.tagOps[foldName(t.Name)] = tagEntry{tag: t, ops: ops}
	}
	return s, nil
}

func mergeParams(pathLevel, opLevel openapi3.Parameters) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	seen := make(map[string]bool)
	for _, ref := range opLevel {
		if ref == nil || ref.Value == nil {
			continue
		}
		out = append(out, ref.Value)
		seen[ref.Value.In+" "+ref.Value.Name] = true
	}
	for _, ref := range pathLevel {
		if ref == nil || ref.Value == nil || seen[ref.Value.In+" "+ref.Value.Name] {
			continue
		}
		out = append(out, ref.Value)
	}
	return out
}

func methodRank(m string) int {
	switch m {
	case http.MethodGet:
		return 0
	case http.MethodPost:
		return 1
	case http.MethodPut:
		return 2
	case http.MethodPatch:
		return 3
	case http.MethodDelete:
		return 4
	}
	return 5
}

func deriveTags(doc *openapi3.T, ops []*Operation) []Tag {
	counts := make(map[string]int)
	for _, o := range ops {
		for _, t := range o.Tags {
			counts[t]++
		}
	}
	desc := make(map[string]string)
	for _, t := range doc.Tags {
		if t != nil {
			desc[t.Name] = firstParagraph(t.Description)
		}
	}
	tags := make([]Tag, 0, len(counts))
	for name, n := range counts {
		tags = append(tags, Tag{Name: name, Description: desc[name], Count: n})
	}
	slices.SortFunc(tags, func(a, b Tag) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	return tags
}

// Operations returns every operation, sorted by path then method. The slice is shared:
// do not modify it.
func (s *Spec) Operations() []*Operation { return s.ops }

// Tags returns the tags that operations use, with counts, sorted by name.
func (s *Spec) Tags() []Tag { return slices.Clone(s.tags) }

// Document returns the parsed OpenAPI document.
func (s *Spec) Document() *openapi3.T { return s.doc }

// Operation returns the operation with the given operationId. The match is exact
// first, then case-insensitive (Clerk mixes "GetUser" and "getApiKeySecret").
func (s *Spec) Operation(id string) (*Operation, bool) {
	if o, ok := s.byID[id]; ok {
		return o, true
	}
	for _, o := range s.ops {
		if strings.EqualFold(o.ID, id) {
			return o, true
		}
	}
	return nil, false
}

// Lookup returns the operation for a method and a path template as the spec writes it
// ("GET", "/users/{user_id}").
func (s *Spec) Lookup(method, template string) (*Operation, bool) {
	o, ok := s.byKey[strings.ToUpper(method)+" "+template]
	return o, ok
}

// Tag returns the tag called name, matched without regard to case, spaces, hyphens or
// punctuation ("users", "SCIM directories", "allow-list / block-list"), and its
// operations.
func (s *Spec) Tag(name string) (Tag, []*Operation, bool) {
	e, ok := s.tagOps[foldName(name)]
	if !ok {
		return Tag{}, nil, false
	}
	return e.tag, slices.Clone(e.ops), true
}

// foldName keeps only lower-cased letters and digits, so that tag names compare the way
// people type them.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Match finds the operation for a method and a concrete path ("DELETE",
// "/users/user_123") and returns the path parameters it binds, unescaped. Literal
// segments win over parameters, so "/users/count" is GetUsersCount, not GetUser.
// A path that matches no template, a method the path does not allow, and parameter
// values that could escape their segment are errors that say which.
func (s *Spec) Match(method, path string) (*Operation, map[string]string, error) {
	method = strings.ToUpper(strings.TrimSpace(method))
	if !isMethod(method) {
		return nil, nil, fmt.Errorf("%q is not an HTTP method the Backend API uses (GET, POST, PUT, PATCH, DELETE)", method)
	}
	if path == "" || path[0] != '/' {
		return nil, nil, fmt.Errorf("path %q must start with /", path)
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimPrefix(path, "/v1/")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	raw := splitPath(path)
	segs := make([]string, len(raw))
	for i, r := range raw {
		v, err := url.PathUnescape(r)
		if err != nil {
			return nil, nil, fmt.Errorf("path segment %q is not valid percent-encoding", r)
		}
		if !utf8.ValidString(v) {
			return nil, nil, fmt.Errorf("path segment %q does not decode to text (UTF-8); ids and names are plain text", r)
		}
		segs[i] = v
	}
	var found []*Operation
	var params []string
	if !s.root.match(segs, &params, &found) {
		return nil, nil, fmt.Errorf("no Backend API endpoint matches %s %s; try \"tags\" to browse", method, path)
	}
	var o *Operation
	for _, cand := range found {
		if cand.Method == method {
			o = cand
			break
		}
	}
	if o == nil {
		allowed := make([]string, 0, len(found))
		for _, cand := range found {
			allowed = append(allowed, cand.Method)
		}
		slices.SortFunc(allowed, func(a, b string) int { return cmp.Compare(methodRank(a), methodRank(b)) })
		return nil, nil, fmt.Errorf("%s is not allowed on %s (template %s); it allows %s",
			method, path, found[0].Path, strings.Join(allowed, ", "))
	}
	names := o.PathParams()
	bound := make(map[string]string, len(names))
	for i, name := range names {
		if err := checkPathValue(name, params[i]); err != nil {
			return nil, nil, err
		}
		bound[name] = params[i]
	}
	return o, bound, nil
}

func isMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// checkPathValue refuses a path parameter value that could leave its segment or hide
// something from a person reading the request: "/", "\", ".", "..", control characters,
// and values that still look percent-encoded after one decoding (double encoding).
func checkPathValue(name, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("%s is empty; it must be an id such as user_2abc…", name)
	case v == "." || v == "..":
		return fmt.Errorf("%s must not be %q: that would change the path", name, v)
	case strings.ContainsAny(v, "/\\"):
		return fmt.Errorf("%s must not contain / or \\ (got %q)", name, v)
	case strings.Contains(v, "%"):
		return fmt.Errorf("%s must not contain %% (got %q); encoded paths are refused", name, v)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("%s must not contain control characters (got %q)", name, v)
		}
	}
	return nil
}

// splitPath splits "/users/{user_id}/" into ["users", "{user_id}"]. Empty segments from
// doubled slashes are kept so that "//" never matches a template.
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func templateParam(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// pathNode is a segment trie over path templates: literal children first, then one
// parameter child.
type pathNode struct {
	literal map[string]*pathNode
	param   *pathNode
	ops     []*Operation
}

func (n *pathNode) insert(segs []string, o *Operation) {
	for _, seg := range segs {
		if _, ok := templateParam(seg); ok {
			if n.param == nil {
				n.param = &pathNode{}
			}
			n = n.param
			continue
		}
		if n.literal == nil {
			n.literal = make(map[string]*pathNode)
		}
		child := n.literal[seg]
		if child == nil {
			child = &pathNode{}
			n.literal[seg] = child
		}
		n = child
	}
	n.ops = append(n.ops, o)
}

// match walks the trie, preferring literal segments and backtracking to the parameter
// branch when the literal branch has no endpoint.
func (n *pathNode) match(segs []string, params *[]string, found *[]*Operation) bool {
	if len(segs) == 0 {
		if len(n.ops) == 0 {
			return false
		}
		*found = n.ops
		return true
	}
	if child := n.literal[segs[0]]; child != nil {
		if child.match(segs[1:], params, found) {
			return true
		}
	}
	if n.param != nil && segs[0] != "" {
		*params = append(*params, segs[0])
		if n.param.match(segs[1:], params, found) {
			return true
		}
		*params = (*params)[:len(*params)-1]
	}
	return false
}

func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
