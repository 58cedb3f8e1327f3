package confirm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
	"go.yaml.in/yaml/v3"
)

// Overrides are the tier overrides of the optional policy file (CLERKBOT_CONFIG):
//
//	tiers:
//	  operations:            # by operationId, exactly as the spec writes it
//	    GetUser: sensitive-read
//	    CreateInvitation: destructive
//	  tags:                  # by tag name, exactly as the spec writes it
//	    "Email & SMS Templates": credential
//
// An operation's own entry beats its tags' entries, which beat DefaultTier; when several
// of an operation's tags have entries, the strictest wins. Overrides may raise or lower
// a tier, with one exception: read and sensitive-read are for GET operations only, so
// no file can turn a write into something that runs at once or passes the scope check.
//
// The file is checked at start against every loaded spec, and every mistake is reported
// with the file and line: unknown keys, unknown operationIds, tags and tier names,
// duplicate entries and read tiers for non-GET operations. A nil *Overrides has none.
type Overrides struct {
	// Source names the file, for messages ("policy.yml").
	Source string
	ops    map[string]override
	tags   map[string]override
}

type override struct {
	tier Tier
	line int
}

// Len returns how many overrides there are.
func (o *Overrides) Len() int {
	if o == nil {
		return 0
	}
	return len(o.ops) + len(o.tags)
}

// lookup returns op's override and where it was set. A read tier never applies to a
// non-GET operation, even one of a spec version the file was not checked against.
func (o *Overrides) lookup(op *clerk.Operation) (Tier, string, bool) {
	if o == nil {
		return "", "", false
	}
	usable := func(t Tier) bool { return !t.IsRead() || op.IsRead() }
	if ov, ok := o.ops[op.ID]; ok && usable(ov.tier) {
		return ov.tier, fmt.Sprintf("set for %s in %s, line %d", op.ID, o.Source, ov.line), true
	}
	var (
		best    Tier
		why     string
		found   bool
		tagName string
	)
	for _, tag := range op.Tags {
		ov, ok := o.tags[tag]
		if !ok || !usable(ov.tier) {
			continue
		}
		if !found || rank(ov.tier) > rank(best) {
			best, tagName, found = ov.tier, tag, true
			why = fmt.Sprintf("set for tag %q in %s, line %d", tagName, o.Source, ov.line)
		}
	}
	return best, why, found
}

// LoadOverrides reads the policy file at path and checks it against specs (every spec
// version the bot has loaded). The errors name the file and line.
func LoadOverrides(path string, specs ...*clerk.Spec) (*Overrides, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy file (CLERKBOT_CONFIG): %w", err)
	}
	return ParseOverrides(filepath.Base(path), data, specs...)
}

// ParseOverrides parses a policy file's contents; name is used in errors. An empty file
// has no overrides. Every problem found is reported, one per line of the error, as
// "name:line: what is wrong".
func ParseOverrides(name string, data []byte, specs ...*clerk.Spec) (*Overrides, error) {
	if len(specs) == 0 {
		return nil, fmt.Errorf("%s: no API spec loaded to check the overrides against", name)
	}
	o := &Overrides{Source: name, ops: map[string]override{}, tags: map[string]override{}}
	p := &overrideParser{name: name, specs: specs, o: o}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case errors.Is(err, io.EOF):
		return o, nil
	case err != nil:
		return nil, fmt.Errorf("%s", yamlError(name, err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, "a second YAML document; the policy file holds one")
	}
	p.file(&doc)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return o, nil
}

type overrideParser struct {
	name  string
	specs []*clerk.Spec
	o     *Overrides
	errs  []error
}

func (p *overrideParser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d: %s", p.name, n.Line, fmt.Sprintf(format, args...)))
}

func (p *overrideParser) file(doc *yaml.Node) {
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = root.Content[0]
	}
	p.mapping(root, "the policy file", map[string]func(*yaml.Node){
		"tiers": func(v *yaml.Node) {
			p.mapping(v, "tiers", map[string]func(*yaml.Node){
				"operations": func(v *yaml.Node) { p.entries(v, "tiers.operations", p.operation) },
				"tags":       func(v *yaml.Node) { p.entries(v, "tiers.tags", p.tag) },
			})
		},
	})
}

// mapping walks a mapping whose keys must be among known, calling each key's function
// with its value. An empty value (null) is an empty mapping.
func (p *overrideParser) mapping(n *yaml.Node, what string, known map[string]func(*yaml.Node)) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of %s", what, keyList(known))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		f, ok := known[k.Value]
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "a key of %s must be a name", what)
		case !ok:
			p.errorf(k, "unknown key %q in %s; known keys: %s", k.Value, what, keyList(known))
		case seen[k.Value] != 0:
			p.errorf(k, "%q appears twice in %s (first at line %d)", k.Value, what, seen[k.Value])
		default:
			seen[k.Value] = k.Line
			f(v)
		}
	}
}

// entries walks a mapping of names to tier names, calling add for each.
func (p *overrideParser) entries(n *yaml.Node, what string, add func(k *yaml.Node, t Tier)) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of names to tiers, such as  GetUser: sensitive-read", what)
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Value == "" {
			p.errorf(k, "a key of %s must be a name", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.errorf(k, "%q appears twice in %s (first at line %d)", k.Value, what, first)
			continue
		}
		seen[k.Value] = k.Line
		if v.Kind != yaml.ScalarNode || isNull(v) {
			p.errorf(v, "the tier of %q must be one of %s", k.Value, tierList())
			continue
		}
		t, err := ParseTier(v.Value)
		if err != nil {
			p.errorf(v, "%s: unknown tier %q; tiers are %s", k.Value, v.Value, tierList())
			continue
		}
		add(k, t)
	}
}

func (p *overrideParser) operation(k *yaml.Node, t Tier) {
	id := k.Value
	var ops []*clerk.Operation
	for _, s := range p.specs {
		for _, op := range s.Operations() {
			if op.ID == id {
				ops = append(ops, op)
			}
		}
	}
	if len(ops) == 0 {
		var names []string
		for _, s := range p.specs {
			for _, op := range s.Operations() {
				names = append(names, op.ID)
			}
		}
		p.errorf(k, "unknown operationId %q in %s%s", id, p.versions(), suggest(id, names))
		return
	}
	if t.IsRead() {
		for _, op := range ops {
			if !op.IsRead() {
				p.errorf(k, "%s is %s, which changes data; only GET operations may be %s, so an override cannot lower it to a read", id, op.Key(), t)
				return
			}
		}
	}
	p.o.ops[id] = override{tier: t, line: k.Line}
}

func (p *overrideParser) tag(k *yaml.Node, t Tier) {
	name := k.Value
	var ops []*clerk.Operation
	known := false
	var names []string
	for _, s := range p.specs {
		for _, tg := range s.Tags() {
			names = append(names, tg.Name)
			if tg.Name == name {
				known = true
				_, tops, _ := s.Tag(name)
				ops = append(ops, tops...)
			}
		}
	}
	if !known {
		p.errorf(k, "unknown tag %q in %s%s", name, p.versions(), suggest(name, names))
		return
	}
	if t.IsRead() {
		for _, op := range ops {
			if !op.IsRead() {
				p.errorf(k, "tag %q holds %s (%s), which changes data; only GET operations may be %s, so an override cannot lower it to a read", name, op.ID, op.Key(), t)
				return
			}
		}
	}
	p.o.tags[name] = override{tier: t, line: k.Line}
}

func (p *overrideParser) versions() string {
	v := make([]string, len(p.specs))
	for i, s := range p.specs {
		v[i] = s.Version
	}
	if len(v) == 1 {
		return "API version " + v[0]
	}
	return "API versions " + strings.Join(v, ", ")
}

// yamlError writes a syntax error of the YAML parser as "name:line: what".
func yamlError(name string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if line, what, ok := strings.Cut(rest, ": "); ok && strings.Trim(line, "0123456789") == "" {
			return name + ":" + line + ": " + what
		}
	}
	return name + ": " + msg
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func keyList(known map[string]func(*yaml.Node)) string {
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

func tierList() string {
	s := make([]string, 0, len(tierRank))
	for _, t := range Tiers() {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

// suggest returns "; did you mean X?" for the closest of names to s, when one is close.
func suggest(s string, names []string) string {
	if best, ok := clerk.Closest(s, names); ok {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}
