package clerk

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// TextLimit is the most characters Detail.Text ever returns: the length of a Slack
// section's text.
const TextLimit = 3000

// Detail is an endpoint's documentation reduced to what a person needs in chat: what it
// does, what it takes and what it returns. Operation.Detail builds it; Text renders it
// within Slack's limits; Operation.SchemaJSON gives the full schema when this is not
// enough.
type Detail struct {
	OperationID string
	Method      string
	Path        string
	Summary     string
	Description string // the description's first paragraph, on one line
	Deprecated  bool
	Tags        []string
	// Params are ordered by location: path parameters as the template names them, then
	// query, header and cookie parameters, required before optional, otherwise in the
	// spec's order.
	Params    []ParamDetail
	Body      *BodyDetail // nil when the operation takes no body
	Responses []ResponseDetail
}

// ParamDetail describes one parameter.
type ParamDetail struct {
	Name        string
	In          string // path, query, header, cookie
	Required    bool
	Type        string   // "string", "integer (int64)", "array of string", …
	Enum        []string // allowed values; for an array, the allowed item values
	Default     string   // the default as a JSON literal (`10`, `"-created_at"`), or ""
	Description string   // first paragraph, one line, at most descLimit characters
	Deprecated  bool
}

// BodyDetail describes the request body.
type BodyDetail struct {
	ContentType string // application/json when offered, else the first other type
	Required    bool
	Schema      string // the component name when the body is a $ref, else ""
	Type        string // the body's type: "object", "array of User", …
	// Fields are the body's properties (allOf members merged), required first, then by
	// name: kin-openapi keeps properties in a map, so the spec's order is lost.
	Fields []FieldDetail
	// AdditionalProperties says what keys beyond Fields the body accepts: "" (none
	// declared, or false), "any", or the values' type.
	AdditionalProperties string
}

// FieldDetail describes one property of a body, and of an object one level below it.
type FieldDetail struct {
	Name        string
	Type        string
	Required    bool
	Nullable    bool
	ReadOnly    bool
	Deprecated  bool
	Enum        []string
	Default     string // JSON literal, or ""
	Description string // first paragraph, one line, at most descLimit characters
	// Fields are the properties of an object field (or of an array's object items), filled
	// only on the body's top level; nested fields have none.
	Fields               []FieldDetail
	AdditionalProperties string // as in BodyDetail
}

// ResponseDetail describes one response.
type ResponseDetail struct {
	Status      string // "200", "4XX", "default"
	Description string
	Schema      string // "User", "array of User", "DeletedObject", "ClerkErrors", "" for none
}

// descLimit caps the descriptions that Detail keeps; Text shortens further as needed.
const descLimit = 240

// Detail builds the operation's detail. It never fails: what the spec leaves out is
// left empty.
func (o *Operation) Detail() Detail {
	d := Detail{
		OperationID: o.ID,
		Method:      o.Method,
		Path:        o.Path,
		Summary:     collapseSpace(o.Summary),
		Description: firstParagraph(o.Description),
		Deprecated:  o.Deprecated,
		Tags:        slices.Clone(o.Tags),
	}
	for _, p := range o.orderedParams() {
		d.Params = append(d.Params, paramDetail(p))
	}
	if o.op == nil {
		return d
	}
	if o.op.RequestBody != nil && o.op.RequestBody.Value != nil {
		d.Body = bodyDetail(o.op.RequestBody.Value)
	}
	if o.op.Responses != nil {
		m := o.op.Responses.Map()
		for _, status := range detailKeys(m) {
			ref := m[status]
			if ref == nil || ref.Value == nil {
				continue
			}
			r := ResponseDetail{Status: status}
			if ref.Value.Description != nil {
				r.Description = clip(firstParagraph(*ref.Value.Description), descLimit)
			}
			if _, mt := pickContent(ref.Value.Content); mt != nil && mt.Schema != nil {
				r.Schema = responseSchemaName(mt.Schema)
			}
			d.Responses = append(d.Responses, r)
		}
	}
	return d
}

// responseSchemaName names a response's schema; an inline object, common in the newer
// parts of Clerk's spec, is named by its first properties: "object {data, total_count}".
func responseSchemaName(sr *openapi3.SchemaRef) string {
	name := schemaTypeName(sr)
	if name != "object" {
		return name
	}
	fields := fieldDetails(objectOf(sr), false)
	if len(fields) == 0 {
		return name
	}
	const shown = 4
	names := make([]string, 0, shown+1)
	for i, f := range fields {
		if i == shown {
			names = append(names, "…")
			break
		}
		names = append(names, f.Name)
	}
	return "object {" + strings.Join(names, ", ") + "}"
}

// orderedParams returns the parameters in the order Detail documents: path parameters
// as the template names them, then query, header and cookie parameters, required before
// optional, otherwise in the spec's order.
func (o *Operation) orderedParams() []*openapi3.Parameter {
	params := slices.Clone(o.Params)
	template := o.PathParams()
	slices.SortStableFunc(params, func(a, b *openapi3.Parameter) int {
		return cmp.Or(
			cmp.Compare(paramLocationRank(a.In), paramLocationRank(b.In)),
			cmp.Compare(templateIndex(template, a), templateIndex(template, b)),
			requiredFirst(a.Required, b.Required),
		)
	})
	return params
}

func templateIndex(template []string, p *openapi3.Parameter) int {
	if p.In != openapi3.ParameterInPath {
		return 0
	}
	return slices.Index(template, p.Name)
}

func paramLocationRank(in string) int {
	switch in {
	case openapi3.ParameterInPath:
		return 0
	case openapi3.ParameterInQuery:
		return 1
	case openapi3.ParameterInHeader:
		return 2
	case openapi3.ParameterInCookie:
		return 3
	}
	return 4
}

func requiredFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

func paramDetail(p *openapi3.Parameter) ParamDetail {
	pd := ParamDetail{
		Name:        p.Name,
		In:          p.In,
		Required:    p.Required,
		Description: clip(firstParagraph(p.Description), descLimit),
		Deprecated:  p.Deprecated,
	}
	sr := p.Schema
	if sr == nil {
		if _, mt := pickContent(p.Content); mt != nil {
			sr = mt.Schema
		}
	}
	pd.Type = schemaTypeName(sr)
	if sr != nil && sr.Value != nil {
		s := sr.Value
		pd.Enum = enumValues(s.Enum)
		if len(pd.Enum) == 0 && s.Items != nil && s.Items.Value != nil {
			pd.Enum = enumValues(s.Items.Value.Enum)
		}
		pd.Default = defaultLiteral(s.Default)
		pd.Deprecated = pd.Deprecated || s.Deprecated
	}
	return pd
}

func bodyDetail(rb *openapi3.RequestBody) *BodyDetail {
	ct, mt := pickContent(rb.Content)
	b := &BodyDetail{ContentType: ct, Required: rb.Required}
	if mt == nil || mt.Schema == nil {
		return b
	}
	b.Schema = componentName(mt.Schema.Ref)
	b.Type = schemaTypeName(mt.Schema)
	if b.Schema != "" {
		// schemaTypeName names the component; say what it is made of as well.
		b.Type = inlineSchemaTypeName(mt.Schema.Value, 0)
	}
	obj := objectOf(mt.Schema)
	b.Fields = fieldDetails(obj, true)
	b.AdditionalProperties = additionalProps(obj)
	return b
}

// pickContent chooses the media type to describe: JSON when offered, otherwise the
// first in name order.
func pickContent(c openapi3.Content) (string, *openapi3.MediaType) {
	if len(c) == 0 {
		return "", nil
	}
	if mt, ok := c["application/json"]; ok {
		return "application/json", mt
	}
	keys := detailKeys(c)
	return keys[0], c[keys[0]]
}

// objectOf returns the object schema behind sr: its items' for an array, with allOf
// members merged. It returns nil when there are neither properties nor
// additionalProperties to describe.
func objectOf(sr *openapi3.SchemaRef) *mergedObject {
	if sr == nil || sr.Value == nil {
		return nil
	}
	s := sr.Value
	if s.Type.Is(openapi3.TypeArray) && s.Items != nil {
		return objectOf(s.Items)
	}
	m := &mergedObject{props: make(map[string]*openapi3.SchemaRef), required: make(map[string]bool)}
	m.add(s, 0)
	if len(m.props) == 0 && m.additional == nil {
		return nil
	}
	return m
}

// mergedObject is an object schema with the properties, required names and
// additionalProperties of its allOf members folded in.
type mergedObject struct {
	props      map[string]*openapi3.SchemaRef
	required   map[string]bool
	additional *openapi3.BoolSchema
}

func (m *mergedObject) add(s *openapi3.Schema, depth int) {
	if s == nil || depth > 8 {
		return
	}
	for name, p := range s.Properties {
		m.props[name] = p
	}
	for _, name := range s.Required {
		m.required[name] = true
	}
	if s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil {
		ap := s.AdditionalProperties
		m.additional = &ap
	}
	for _, member := range s.AllOf {
		if member != nil {
			m.add(member.Value, depth+1)
		}
	}
	// A lone oneOf or anyOf member is another way the spec wraps a single reference
	// ("type: object, nullable: true, oneOf: [ClerkError]").
	for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		if len(list) == 1 && list[0] != nil {
			m.add(list[0].Value, depth+1)
		}
	}
}

func additionalProps(m *mergedObject) string {
	if m == nil || m.additional == nil {
		return ""
	}
	return boolSchemaName(*m.additional)
}

func boolSchemaName(ap openapi3.BoolSchema) string {
	if ap.Schema != nil {
		return schemaTypeName(ap.Schema) // "any" for {}
	}
	if ap.Has != nil && *ap.Has {
		return "any"
	}
	return ""
}

// fieldDetails lists an object's properties, required first, then by name. With nest set
// each object field lists its own properties, one level deep.
func fieldDetails(m *mergedObject, nest bool) []FieldDetail {
	if m == nil || len(m.props) == 0 {
		return nil
	}
	names := detailKeys(m.props)
	slices.SortStableFunc(names, func(a, b string) int { return requiredFirst(m.required[a], m.required[b]) })
	fields := make([]FieldDetail, 0, len(names))
	for _, name := range names {
		sr := m.props[name]
		f := FieldDetail{Name: name, Required: m.required[name], Type: schemaTypeName(sr)}
		if sr != nil && sr.Value != nil {
			s := sr.Value
			f.Nullable = s.Nullable || s.Type.Includes(openapi3.TypeNull)
			f.ReadOnly = s.ReadOnly
			f.Deprecated = s.Deprecated
			f.Enum = enumValues(s.Enum)
			if len(f.Enum) == 0 && s.Items != nil && s.Items.Value != nil {
				f.Enum = enumValues(s.Items.Value.Enum)
			}
			f.Default = defaultLiteral(s.Default)
			f.Description = clip(firstParagraph(s.Description), descLimit)
			if f.Description == "" {
				// A field written as allOf: [$ref] often carries its text on the component.
				if len(s.AllOf) == 1 && s.AllOf[0] != nil && s.AllOf[0].Value != nil {
					f.Description = clip(firstParagraph(s.AllOf[0].Value.Description), descLimit)
				}
			}
			obj := objectOf(sr)
			f.AdditionalProperties = additionalProps(obj)
			if nest {
				f.Fields = fieldDetails(obj, false)
			}
		}
		fields = append(fields, f)
	}
	return fields
}

// schemaTypeName names a schema in a few words: the component name for a $ref, "array of X",
// "map of X", "one of: A | B", "string (date-time)". Nullability is not part of the
// name; FieldDetail.Nullable carries it.
func schemaTypeName(sr *openapi3.SchemaRef) string {
	return schemaTypeNameDepth(sr, 0)
}

func schemaTypeNameDepth(sr *openapi3.SchemaRef, depth int) string {
	if sr == nil {
		return "any"
	}
	if name := componentName(sr.Ref); name != "" {
		return name
	}
	return inlineSchemaTypeName(sr.Value, depth)
}

// inlineSchemaTypeName names a schema by its own shape, not by its component name. Depth only
// guards against pathological nesting: component references end the walk anyway.
func inlineSchemaTypeName(s *openapi3.Schema, depth int) string {
	if s == nil {
		return "any"
	}
	if depth > 4 {
		return "…"
	}
	sub := func(list openapi3.SchemaRefs, sep string) string {
		names := make([]string, 0, len(list))
		for _, r := range list {
			names = append(names, schemaTypeNameDepth(r, depth+1))
		}
		return strings.Join(names, sep)
	}
	switch {
	case len(s.AllOf) == 1 && len(s.Properties) == 0:
		// allOf: [$ref] is how Clerk's spec adds nullable or a description to a reference.
		return schemaTypeNameDepth(s.AllOf[0], depth+1)
	case len(s.AllOf) > 1:
		return "all of: " + sub(s.AllOf, " & ")
	case len(s.OneOf) == 1:
		return schemaTypeNameDepth(s.OneOf[0], depth+1)
	case len(s.OneOf) > 1:
		return "one of: " + sub(s.OneOf, " | ")
	case len(s.AnyOf) == 1:
		return schemaTypeNameDepth(s.AnyOf[0], depth+1)
	case len(s.AnyOf) > 1:
		return "any of: " + sub(s.AnyOf, " | ")
	}
	var types []string
	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			if t != openapi3.TypeNull {
				types = append(types, t)
			}
		}
	}
	if len(types) == 0 {
		switch {
		case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
			types = []string{openapi3.TypeObject}
		case s.Items != nil:
			types = []string{openapi3.TypeArray}
		default:
			return "any"
		}
	}
	names := make([]string, 0, len(types))
	for _, t := range types {
		switch t {
		case openapi3.TypeArray:
			names = append(names, "array of "+schemaTypeNameDepth(s.Items, depth+1))
		case openapi3.TypeObject:
			if len(s.Properties) == 0 && s.AdditionalProperties.Schema != nil {
				names = append(names, "map of "+schemaTypeNameDepth(s.AdditionalProperties.Schema, depth+1))
			} else {
				names = append(names, "object")
			}
		default:
			if s.Format != "" {
				t += " (" + s.Format + ")"
			}
			names = append(names, t)
		}
	}
	return strings.Join(names, " or ")
}

// componentName returns the last segment of a local reference, "#/components/schemas/User"
// → "User", or "".
func componentName(ref string) string {
	if ref == "" {
		return ""
	}
	return ref[strings.LastIndex(ref, "/")+1:]
}

func enumValues(values []any) []string {
	if len(values) == 0 {
		return nil
	}
	out := make([]string, 0, len(values))
	for _, v := range values {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case nil:
			out = append(out, "null")
		default:
			out = append(out, defaultLiteral(v))
		}
	}
	return out
}

// defaultLiteral renders a default value the way it would be written in a request body.
func defaultLiteral(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// collapseSpace collapses all white space, new lines included, to single spaces.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens s to at most n characters, ending with "…" when it cut. It prefers to
// cut at a space so that words stay whole.
func clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	cut := string(runes[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

func detailKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Text renders the detail as plain text that reads well in a terminal and as Slack
// mrkdwn (bold headings, code names, bullets; no tables). It never exceeds TextLimit
// characters, counted as Slack will count them once a renderer escapes &, < and >.
// When the full rendering is too long it gives up detail in this order: shorter
// descriptions (down to minDesc characters), nested fields as name lists, nested fields
// as counts, no descriptions, then the last parameters and fields by name only, then a
// count of those left out ("… 12 more fields — ask for the full schema"). What is left
// out is said to be left out, never dropped silently; truncated text ends with "…".
func (d Detail) Text() string {
	for _, stage := range textStages {
		if s, ok := d.fit(stage); ok {
			return s
		}
	}
	return d.renderCompact()
}

// fit renders the detail at a stage with the longest descriptions, between minDesc and
// maxDesc characters, that keep it within TextLimit.
func (d Detail) fit(lv textLevel) (string, bool) {
	if lv.desc == 0 {
		s := d.render(lv)
		return s, slackLen(s) <= TextLimit
	}
	withDesc := func(n int) textLevel {
		l := lv
		l.desc, l.nestedDesc = n, n*3/5
		return l
	}
	if s := d.render(withDesc(maxDesc)); slackLen(s) <= TextLimit {
		return s, true
	}
	// Binary search for the longest description cap that fits. A longer cap gives longer
	// text (nearly always: cuts fall on word boundaries), and the result is checked anyway.
	if s := d.render(withDesc(minDesc)); slackLen(s) > TextLimit {
		return "", false // shorter descriptions are not enough; the caller gives up more
	}
	lo, hi, best := minDesc, maxDesc-1, ""
	for lo <= hi {
		mid := (lo + hi) / 2
		if s := d.render(withDesc(mid)); slackLen(s) <= TextLimit {
			lo, best = mid+1, s
		} else {
			hi = mid - 1
		}
	}
	return best, best != ""
}

// textLevel is one step of detail for Text.
type textLevel struct {
	opDesc     int // characters of the operation's description
	desc       int // characters of a parameter's or field's description; 0 drops them
	nested     int // nestedFull, nestedNames or nestedCount
	nestedDesc int // characters of a nested field's description
	enums      int // enum values shown before "…"
	respDesc   bool
}

const (
	nestedFull = iota
	nestedNames
	nestedCount
)

// maxDesc and minDesc bound the descriptions of parameters and fields in Text; shorter
// than minDesc a description says too little to be worth its room.
const (
	maxDesc = 200
	minDesc = 40
)

// textStages are Text's steps from most to least detail; desc > 0 means "as long as
// fits, between minDesc and maxDesc".
var textStages = []textLevel{
	{opDesc: 500, desc: maxDesc, nested: nestedFull, enums: 12, respDesc: true},
	{opDesc: 300, desc: maxDesc, nested: nestedNames, enums: 8, respDesc: true},
	{opDesc: 300, desc: maxDesc, nested: nestedCount, enums: 6, respDesc: false},
	{opDesc: 200, desc: 0, nested: nestedCount, enums: 4, respDesc: false},
}

// compactLevel is the detail of the lines renderCompact keeps whole.
var compactLevel = textLevel{opDesc: 160, desc: 0, nested: nestedCount, enums: 3}

func (d Detail) render(lv textLevel) string {
	var b strings.Builder
	d.writeHeader(&b, lv)
	if len(d.Params) > 0 {
		b.WriteString("\n*Parameters*\n")
		for _, p := range d.Params {
			b.WriteString(paramLine(p, lv))
		}
	}
	if d.Body != nil {
		b.WriteString("\n")
		b.WriteString(d.Body.heading())
		for _, f := range d.Body.Fields {
			b.WriteString(fieldLines(f, lv))
		}
	}
	d.writeResponses(&b, lv.respDesc)
	return strings.TrimRight(b.String(), "\n")
}

// renderCompact is Text's last resort: the header and responses stay, parameters and
// fields are written whole while they fit, then by name only, then counted.
func (d Detail) renderCompact() string {
	var head, tail strings.Builder
	d.writeHeader(&head, compactLevel)
	d.writeResponses(&tail, false)
	type entry struct {
		section string // heading written before a section's first entry
		param   bool
		name    string
		line    string
	}
	var entries []entry
	for _, p := range d.Params {
		entries = append(entries, entry{"\n*Parameters*\n", true, p.Name, paramLine(p, compactLevel)})
	}
	if d.Body != nil {
		heading := "\n" + d.Body.heading()
		for _, f := range d.Body.Fields {
			entries = append(entries, entry{heading, false, f.Name, fieldLines(f, compactLevel)})
		}
	}
	const reserve = 80 // room for the "… N more" line
	budget := TextLimit - slackLen(head.String()) - slackLen(tail.String()) - reserve
	var body strings.Builder
	write := func(s string) {
		body.WriteString(s)
		budget -= slackLen(s)
	}
	bare := d.Body != nil && len(d.Body.Fields) == 0 // a body that is one heading line
	if bare {
		budget -= slackLen("\n" + d.Body.heading())
	}
	section := ""
	i := 0
	for ; i < len(entries); i++ { // whole lines
		add := entries[i].line
		if entries[i].section != section {
			add = entries[i].section + add
		}
		if slackLen(add) > budget {
			break
		}
		write(add)
		section = entries[i].section
	}
	// Then names only, a comma-separated line per section. Each name is paid for as
	// "`name`, " when it is added; the line's own "also: " and new line when it is written.
	var names []string
	flush := func() {
		if len(names) > 0 {
			body.WriteString("also: " + strings.Join(names, ", ") + "\n")
			budget -= len("also: \n") - len(", ")
			names = nil
		}
	}
	for ; i < len(entries); i++ {
		e := entries[i]
		need := slackLen("`"+e.name+"`, ") + len("also: \n")
		if e.section != section {
			flush()
			need += slackLen(e.section)
			if need > budget {
				break
			}
			write(e.section)
			section = e.section
		} else if need > budget {
			break
		}
		names = append(names, "`"+e.name+"`")
		budget -= slackLen("`" + e.name + "`, ")
	}
	flush()
	var params, fields int
	for _, e := range entries[i:] {
		if e.param {
			params++
		} else {
			fields++
		}
	}
	var more []string
	if params > 0 {
		more = append(more, nounCount(params, "more parameter", "more parameters"))
	}
	if fields > 0 {
		more = append(more, nounCount(fields, "more field", "more fields"))
	}
	if len(more) > 0 {
		write("… " + strings.Join(more, " and ") + " — ask for the full schema\n")
	}
	if bare {
		body.WriteString("\n" + d.Body.heading())
	}
	s := strings.TrimRight(head.String()+body.String()+tail.String(), "\n")
	return cutToLimit(s)
}

// nounCount renders "1 field", "3 fields".
func nounCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// cutToLimit is the guarantee behind Text's limit for documents nobody has seen yet: a
// header or a response list too long on its own is cut, and says so.
func cutToLimit(s string) string {
	if slackLen(s) <= TextLimit {
		return s
	}
	const tail = "\n… cut to fit — ask for the full schema"
	runes := []rune(s)
	n := min(len(runes), TextLimit-slackLen(tail))
	for n > 0 && slackLen(string(runes[:n])) > TextLimit-slackLen(tail) {
		n -= 16 // escapes made the text longer than its runes; cut more
	}
	return string(runes[:max(n, 0)]) + tail
}

func (d Detail) writeHeader(b *strings.Builder, lv textLevel) {
	fmt.Fprintf(b, "*%s %s*", d.Method, d.Path)
	if d.Summary != "" {
		b.WriteString(" — ")
		b.WriteString(clip(d.Summary, 200))
	}
	b.WriteString("\n")
	if d.Deprecated {
		b.WriteString("DEPRECATED: Clerk may remove this endpoint.\n")
	}
	if desc := clip(d.Description, lv.opDesc); desc != "" && desc != d.Summary {
		b.WriteString(desc)
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "operationId `%s`", d.OperationID)
	if len(d.Tags) > 0 {
		b.WriteString(" · tags: ")
		b.WriteString(clip(strings.Join(d.Tags, ", "), 100))
	}
	b.WriteString("\n")
}

func (d Detail) writeResponses(b *strings.Builder, withDesc bool) {
	if len(d.Responses) == 0 {
		return
	}
	b.WriteString("\n*Responses*\n")
	for _, r := range d.Responses {
		b.WriteString("• ")
		b.WriteString(r.Status)
		if r.Schema != "" {
			b.WriteString(" ")
			b.WriteString(clip(r.Schema, 80))
		}
		if withDesc && r.Description != "" {
			b.WriteString(" — ")
			b.WriteString(clip(r.Description, 80))
		}
		b.WriteString("\n")
	}
}

func (b *BodyDetail) heading() string {
	var parts []string
	if b.ContentType != "" {
		parts = append(parts, b.ContentType)
	}
	if b.Required {
		parts = append(parts, "required")
	} else {
		parts = append(parts, "optional")
	}
	if b.Schema != "" {
		parts = append(parts, "schema "+b.Schema)
	}
	if b.Type != "" && b.Type != "object" {
		parts = append(parts, clip(b.Type, 80))
	}
	if b.AdditionalProperties != "" {
		parts = append(parts, "other keys: "+clip(b.AdditionalProperties, 40))
	}
	return "*Body* (" + strings.Join(parts, ", ") + ")\n"
}

func paramLine(p ParamDetail, lv textLevel) string {
	attrs := []string{p.In, clip(p.Type, 60)}
	if p.Required {
		attrs = append(attrs, "required")
	}
	if p.Deprecated {
		attrs = append(attrs, "deprecated")
	}
	if e := enumText(p.Enum, lv.enums); e != "" {
		attrs = append(attrs, e)
	}
	if p.Default != "" {
		attrs = append(attrs, "default "+clip(p.Default, 40))
	}
	return "• `" + p.Name + "` (" + strings.Join(attrs, ", ") + ")" + descText(p.Description, lv.desc) + "\n"
}

func fieldLines(f FieldDetail, lv textLevel) string {
	var b strings.Builder
	b.WriteString("• ")
	b.WriteString(fieldHead(f, lv.enums, lv.nested == nestedCount))
	b.WriteString(descText(f.Description, lv.desc))
	b.WriteString("\n")
	if len(f.Fields) == 0 {
		return b.String()
	}
	switch lv.nested {
	case nestedFull:
		for _, nf := range f.Fields {
			b.WriteString("    ◦ ")
			b.WriteString(fieldHead(nf, lv.enums, false))
			b.WriteString(descText(nf.Description, lv.nestedDesc))
			b.WriteString("\n")
		}
	case nestedNames:
		names := make([]string, len(f.Fields))
		for i, nf := range f.Fields {
			names[i] = "`" + nf.Name + "`"
			if nf.Required {
				names[i] += " (required)"
			}
		}
		b.WriteString("    ◦ fields: ")
		b.WriteString(strings.Join(names, ", "))
		b.WriteString("\n")
	}
	return b.String()
}

// fieldHead renders "`name` (type, required, …)"; with count set an object's nested
// fields are counted in place of being listed.
func fieldHead(f FieldDetail, enums int, count bool) string {
	attrs := []string{clip(f.Type, 60)}
	if count && len(f.Fields) > 0 {
		attrs[0] += " of " + nounCount(len(f.Fields), "field", "fields")
	}
	if f.Required {
		attrs = append(attrs, "required")
	}
	if f.Nullable {
		attrs = append(attrs, "nullable")
	}
	if f.ReadOnly {
		attrs = append(attrs, "read-only")
	}
	if f.Deprecated {
		attrs = append(attrs, "deprecated")
	}
	if f.AdditionalProperties != "" && !strings.HasPrefix(f.Type, "map of ") {
		attrs = append(attrs, "other keys: "+clip(f.AdditionalProperties, 40))
	}
	if e := enumText(f.Enum, enums); e != "" {
		attrs = append(attrs, e)
	}
	if f.Default != "" {
		attrs = append(attrs, "default "+clip(f.Default, 40))
	}
	return "`" + f.Name + "` (" + strings.Join(attrs, ", ") + ")"
}

func enumText(values []string, n int) string {
	if len(values) == 0 {
		return ""
	}
	shown := values
	if len(shown) > n {
		shown = shown[:n]
	}
	parts := make([]string, len(shown))
	for i, v := range shown {
		parts[i] = clip(v, 40)
	}
	s := "one of: " + strings.Join(parts, " | ")
	if len(values) > n {
		s += " | … (" + strconv.Itoa(len(values)) + " in all)"
	}
	return s
}

func descText(desc string, n int) string {
	if desc = clip(desc, n); desc == "" {
		return ""
	}
	return " — " + desc
}

// slackLen counts characters as a Slack section will once &, < and > are escaped to
// &amp;, &lt; and &gt;.
func slackLen(s string) int {
	n := utf8.RuneCountInString(s)
	n += 4 * strings.Count(s, "&")
	n += 3 * (strings.Count(s, "<") + strings.Count(s, ">"))
	return n
}

// SchemaJSON returns the whole operation (parameters, request body and responses) as
// indented JSON with every $ref replaced by what it refers to, for a person who needs
// more than Text shows. A reference met again inside itself is left as
// {"$ref": "#/components/schemas/X"}, so recursive schemas end; each inlined component
// keeps its name as "x-ref". Examples are left out: they are long and Text never needs
// them.
func (o *Operation) SchemaJSON() ([]byte, error) {
	out := operationJSON{
		OperationID: o.ID,
		Method:      o.Method,
		Path:        o.Path,
		Summary:     o.Summary,
		Description: o.Description,
		Deprecated:  o.Deprecated,
		Tags:        o.Tags,
	}
	r := &schemaResolver{}
	for _, p := range o.orderedParams() {
		pj := paramJSON{
			Name:        p.Name,
			In:          p.In,
			Required:    p.Required,
			Deprecated:  p.Deprecated,
			Description: p.Description,
			Style:       p.Style,
			Explode:     p.Explode,
		}
		if p.Schema != nil {
			pj.Schema = r.resolve(p.Schema)
		}
		pj.Content = r.content(p.Content)
		out.Parameters = append(out.Parameters, pj)
	}
	if o.op != nil {
		if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
			out.RequestBody = &bodyJSON{
				Description: rb.Value.Description,
				Required:    rb.Value.Required,
				Content:     r.content(rb.Value.Content),
			}
		}
		if o.op.Responses != nil {
			out.Responses = make(map[string]responseJSON)
			for status, ref := range o.op.Responses.Map() {
				if ref == nil || ref.Value == nil {
					continue
				}
				rj := responseJSON{Content: r.content(ref.Value.Content)}
				if ref.Value.Description != nil {
					rj.Description = *ref.Value.Description
				}
				if len(ref.Value.Headers) > 0 {
					rj.Headers = make(map[string]any, len(ref.Value.Headers))
					for name, h := range ref.Value.Headers {
						if h == nil || h.Value == nil {
							continue
						}
						hj := map[string]any{}
						if h.Value.Description != "" {
							hj["description"] = h.Value.Description
						}
						if h.Value.Schema != nil {
							hj["schema"] = r.resolve(h.Value.Schema)
						}
						rj.Headers[name] = hj
					}
				}
				out.Responses[status] = rj
			}
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("schema of %s: %w", o.Key(), r.err)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("schema of %s: %w", o.Key(), err)
	}
	return b, nil
}

type operationJSON struct {
	OperationID string                  `json:"operationId"`
	Method      string                  `json:"method"`
	Path        string                  `json:"path"`
	Summary     string                  `json:"summary,omitempty"`
	Description string                  `json:"description,omitempty"`
	Deprecated  bool                    `json:"deprecated,omitempty"`
	Tags        []string                `json:"tags,omitempty"`
	Parameters  []paramJSON             `json:"parameters,omitempty"`
	RequestBody *bodyJSON               `json:"requestBody,omitempty"`
	Responses   map[string]responseJSON `json:"responses,omitempty"`
}

type paramJSON struct {
	Name        string         `json:"name"`
	In          string         `json:"in"`
	Required    bool           `json:"required,omitempty"`
	Deprecated  bool           `json:"deprecated,omitempty"`
	Description string         `json:"description,omitempty"`
	Style       string         `json:"style,omitempty"`
	Explode     *bool          `json:"explode,omitempty"`
	Schema      any            `json:"schema,omitempty"`
	Content     map[string]any `json:"content,omitempty"`
}

type bodyJSON struct {
	Description string         `json:"description,omitempty"`
	Required    bool           `json:"required,omitempty"`
	Content     map[string]any `json:"content,omitempty"`
}

type responseJSON struct {
	Description string         `json:"description,omitempty"`
	Headers     map[string]any `json:"headers,omitempty"`
	Content     map[string]any `json:"content,omitempty"`
}

// schemaResolver turns kin-openapi schemas into plain JSON values with references
// inlined. kin-openapi marshals a SchemaRef that has a Ref as {"$ref": …} only, so the
// walk is done here: each schema's own keywords are marshalled by kin-openapi with its
// sub-schemas cleared, and the sub-schemas are resolved and put back.
type schemaResolver struct {
	stack []string // references being inlined, outermost first
	err   error
}

func (r *schemaResolver) content(c openapi3.Content) map[string]any {
	if len(c) == 0 {
		return nil
	}
	out := make(map[string]any, len(c))
	for ct, mt := range c {
		m := map[string]any{}
		if mt != nil && mt.Schema != nil {
			m["schema"] = r.resolve(mt.Schema)
		}
		out[ct] = m
	}
	return out
}

func (r *schemaResolver) resolve(sr *openapi3.SchemaRef) any {
	if sr == nil {
		return nil
	}
	if sr.Ref != "" {
		if slices.Contains(r.stack, sr.Ref) || sr.Value == nil {
			return map[string]any{"$ref": sr.Ref}
		}
		r.stack = append(r.stack, sr.Ref)
		defer func() { r.stack = r.stack[:len(r.stack)-1] }()
	}
	s := sr.Value
	if s == nil {
		return map[string]any{}
	}
	own := *s
	own.OneOf, own.AnyOf, own.AllOf, own.Not = nil, nil, nil, nil
	own.Items, own.Properties = nil, nil
	own.AdditionalProperties = openapi3.AdditionalProperties{}
	own.Example, own.Examples = nil, nil
	v, err := own.MarshalYAML()
	if err != nil {
		r.err = cmp.Or(r.err, err)
		return map[string]any{}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return v // a boolean schema (OpenAPI 3.1)
	}
	if sr.Ref != "" {
		m["x-ref"] = sr.Ref
	}
	list := func(key string, refs openapi3.SchemaRefs) {
		if len(refs) == 0 {
			return
		}
		out := make([]any, len(refs))
		for i, x := range refs {
			out[i] = r.resolve(x)
		}
		m[key] = out
	}
	list("oneOf", s.OneOf)
	list("anyOf", s.AnyOf)
	list("allOf", s.AllOf)
	if s.Not != nil {
		m["not"] = r.resolve(s.Not)
	}
	if s.Items != nil {
		m["items"] = r.resolve(s.Items)
	}
	if len(s.Properties) > 0 {
		props := make(map[string]any, len(s.Properties))
		for name, p := range s.Properties {
			props[name] = r.resolve(p)
		}
		m["properties"] = props
	}
	switch ap := s.AdditionalProperties; {
	case ap.Schema != nil:
		m["additionalProperties"] = r.resolve(ap.Schema)
	case ap.Has != nil:
		m["additionalProperties"] = *ap.Has
	}
	return m
}
