package intents

import (
	"bufio"
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/clerkbot/clerkbot/clerk"
)

// The example stage compares a message with labelled chat messages (examples/*.jsonl,
// written for this project in the format of ../shared/eval/score.py) and lets the
// nearest ones vote for an operation. The ranker asks it only where it cannot run
// its own best operation: the voted operation is ranked like any other, and must be
// filled from the text and pass every check a ranker pick passes.

//go:embed examples/*.jsonl
var exampleFiles embed.FS

// Examples is an index of labelled messages: TF-IDF vectors over normalized words and
// word pairs, with an inverted list per term. It is read-only once built and safe for
// concurrent use.
type Examples struct {
	items []labelled
	idf   map[string]float64
	post  map[string][]exPosting
}

type labelled struct {
	corpus string
	text   string
	terms  []string // exampleTerms(text)
	label  exampleLabel
}

// exampleLabel is what a labelled message asks for: its first accepted mode and the
// operations accepted for it.
type exampleLabel struct {
	mode string
	ops  []string
}

type exPosting struct {
	doc int32
	w   float32
}

var (
	defaultExamples     *Examples
	defaultExamplesErr  error
	defaultExamplesOnce sync.Once
)

// DefaultExamples is the built-in set, indexed on first use (about 45 ms).
func DefaultExamples() (*Examples, error) {
	defaultExamplesOnce.Do(func() {
		var items []labelled
		items, defaultExamplesErr = readExamples(exampleFiles, "examples")
		if defaultExamplesErr == nil {
			defaultExamples = indexExamples(items)
		}
	})
	return defaultExamples, defaultExamplesErr
}

// readExamples reads every *.jsonl of dir: one labelled message per line.
func readExamples(fsys fs.FS, dir string) ([]labelled, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	var items []labelled
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		corpus := strings.TrimSuffix(path.Base(f), ".jsonl")
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var it struct {
				Text   string `json:"text"`
				Expect struct {
					Mode string   `json:"mode"`
					Ops  []string `json:"ops"`
				} `json:"expect"`
			}
			if err := json.Unmarshal(line, &it); err != nil {
				return nil, fmt.Errorf("%s line %d: %v", f, n, err)
			}
			if it.Text == "" || it.Expect.Mode == "" {
				return nil, fmt.Errorf("%s line %d: a labelled message needs text and expect.mode", f, n)
			}
			mode, _, _ := strings.Cut(it.Expect.Mode, "|")
			items = append(items, labelled{corpus: corpus, text: it.Text, terms: exampleTerms(it.Text), label: exampleLabel{mode: mode, ops: it.Expect.Ops}})
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no labelled messages in %s", dir)
	}
	return items, nil
}

// Without is the set without the messages of one corpus (a file name without
// .jsonl), indexed anew: measuring on a corpus as if it had never been seen.
func (e *Examples) Without(corpus string) *Examples {
	return indexExamples(slices.DeleteFunc(slices.Clone(e.items), func(x labelled) bool { return x.corpus == corpus }))
}

// Corpora lists the names of the corpora in the set.
func (e *Examples) Corpora() []string {
	var out []string
	for _, x := range e.items {
		out = append(out, x.corpus)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func indexExamples(items []labelled) *Examples {
	e := &Examples{items: items, idf: map[string]float64{}, post: map[string][]exPosting{}}
	tfs := make([]map[string]int, len(items))
	for i, x := range items {
		tf := map[string]int{}
		for _, t := range x.terms {
			tf[t]++
		}
		tfs[i] = tf
		for t := range tf {
			e.idf[t]++
		}
	}
	n := float64(len(items))
	for t, df := range e.idf {
		e.idf[t] = math.Log((n+1)/(df+1)) + 1
	}
	for i, tf := range tfs {
		var norm float64
		w := make(map[string]float64, len(tf))
		for t, c := range tf {
			w[t] = (1 + math.Log(float64(c))) * e.idf[t]
			norm += w[t] * w[t]
		}
		norm = math.Sqrt(norm)
		for t, x := range w {
			e.post[t] = append(e.post[t], exPosting{doc: int32(i), w: float32(x / norm)})
		}
	}
	return e
}

// exampleVote is what the nearest labelled messages say about a text.
type exampleVote struct {
	nearest   float64  // cosine similarity of the nearest message
	shared    int      // the words the text and the nearest message have in common
	mode      string   // the mode with the most weight
	modeShare float64  // its share of the weight
	opShare   float64  // the first operation's share of the operations' weight
	ops       []string // operations, most weight first
}

// exampleK is how many nearest messages vote.
const exampleK = 7

// vote weighs the exampleK messages nearest to text, each by its similarity.
func (e *Examples) vote(text string) exampleVote {
	q := map[string]float64{}
	for _, t := range exampleTerms(text) {
		q[t]++
	}
	var norm float64
	for t, c := range q {
		q[t] = (1 + math.Log(c)) * e.idf[t]
		norm += q[t] * q[t]
	}
	if norm == 0 {
		return exampleVote{}
	}
	norm = math.Sqrt(norm)
	sims := make([]float64, len(e.items))
	shared := make([]int32, len(e.items)) // words (not pairs) in common
	for t, w := range q {
		word := !strings.Contains(t, " ")
		for _, p := range e.post[t] {
			sims[p.doc] += w / norm * float64(p.w)
			if word {
				shared[p.doc]++
			}
		}
	}
	// The exampleK nearest, best first (ties: the earlier message).
	var hits [exampleK]int32
	n := 0
	for d, s := range sims {
		if s <= 0 || n == exampleK && s <= sims[hits[n-1]] {
			continue
		}
		i := min(n, exampleK-1)
		for i > 0 && sims[hits[i-1]] < s {
			hits[i] = hits[i-1]
			i--
		}
		hits[i] = int32(d)
		n = min(n+1, exampleK)
	}
	if n == 0 {
		return exampleVote{}
	}
	modes, ops := map[string]float64{}, map[string]float64{}
	var total, opTotal float64
	for _, d := range hits[:n] {
		l, sim := e.items[d].label, sims[d]
		modes[l.mode] += sim
		total += sim
		for _, o := range l.ops {
			ops[o] += sim / float64(len(l.ops))
			opTotal += sim / float64(len(l.ops))
		}
	}
	v := exampleVote{nearest: sims[hits[0]], shared: int(shared[hits[0]])}
	for m, w := range modes {
		if w > v.modeShare || w == v.modeShare && m < v.mode {
			v.mode, v.modeShare = m, w
		}
	}
	v.modeShare /= total
	for o := range ops {
		v.ops = append(v.ops, o)
	}
	slices.SortFunc(v.ops, func(a, b string) int { return cmp.Or(cmp.Compare(ops[b], ops[a]), cmp.Compare(a, b)) })
	if len(v.ops) > 0 {
		v.opShare = ops[v.ops[0]] / opTotal
	}
	return v
}

// The example stage acts only on a clear vote: a near message with two words or more
// in common ("lsit the frobnicators" shares one typo with "lsit banned users"), most
// of the weight on execute and at least half on one operation.
const (
	exampleNearest   = 0.3
	exampleModeShare = 0.8
	exampleOpShare   = 0.5
)

// near reports whether the nearest message is near enough to go by: at
// exampleNearest, with two words or more in common.
func (v exampleVote) near() bool { return v.nearest >= exampleNearest && v.shared >= 2 }

// pick is the operation the vote names clearly enough to run, or "".
func (v exampleVote) pick() string {
	if !v.near() || v.mode != string(ModeExecute) || v.modeShare < exampleModeShare || v.opShare < exampleOpShare {
		return ""
	}
	return v.ops[0]
}

// agreed reports whether the vote names the ranker's own best operation, id, first,
// clearly enough when the two stages agree on a read: the nearest message may be
// further off (story-heavy messages share fewer words with any example), and less
// of the weight may be on execute and on the operation. A write is never picked by
// agreement: an adversarial review found "someone … can lock user_1 there" near
// enough to lock requests.
func (v exampleVote) agreed(id string) bool {
	return len(v.ops) > 0 && v.ops[0] == id && v.nearest >= agreedNearest && v.shared >= 2 &&
		v.mode == string(ModeExecute) && v.modeShare >= agreedModeShare && v.opShare >= agreedOpShare
}

const (
	agreedNearest   = 0.15
	agreedModeShare = 0.6
	agreedOpShare   = 0.3
)

var (
	exSlackMail  = regexp.MustCompile(`<mailto:[^|>]*\|([^>]*)>`)
	exSlackLink  = regexp.MustCompile(`<https?://[^|>]*\|([^>]*)>`)
	exMention    = regexp.MustCompile(`<[@#!][^>]*>`)
	exEmail      = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`)
	exID         = regexp.MustCompile(`\b([a-z]+)_[0-9a-z]{10,}\b`)
	exNumber     = regexp.MustCompile(`\b\d+\b`)
	exWord       = regexp.MustCompile(`[a-z_]+`)
	exampleStops = wordSet(`the a an to of for on in and or is are be it this that please pls can could you u me i
we our my with at by from as so just hey hi hello thanks thx`)
)

// exampleTerms are the words of a text for comparing it with the examples: lower
// case, Slack's encodings read, every email one word, an id the word of its prefix
// ("zid" + "user"), numbers one word, common words dropped, endings cut (exStem);
// then every pair of neighbours, joined by a space.
func exampleTerms(text string) []string {
	t := strings.ToLower(text)
	t = exSlackMail.ReplaceAllString(t, "$1")
	t = exSlackLink.ReplaceAllString(t, "$1")
	t = exMention.ReplaceAllString(t, " ")
	t = exEmail.ReplaceAllString(t, " zemail ")
	t = exID.ReplaceAllString(t, " zid$1 ")
	t = exNumber.ReplaceAllString(t, " znum ")
	words := exWord.FindAllString(t, -1)
	out := words[:0]
	for _, w := range words {
		if exampleStops[w] {
			continue
		}
		out = append(out, exStem(w))
	}
	n := len(out)
	for i := 0; i+1 < n; i++ {
		out = append(out, out[i]+" "+out[i+1])
	}
	return out
}

// examples is the set the parser compares with: Options.Examples, or the built-in
// one (none when it cannot be read, which the tests rule out).
func (p *parser) examples() *Examples {
	if p.opts.Examples != nil {
		return p.opts.Examples
	}
	e, err := DefaultExamples()
	if err != nil {
		return &Examples{}
	}
	return e
}

// outOfScope reports whether the nearest messages were mostly out of scope (reject):
// near, and 60% of the weight.
func (v exampleVote) outOfScope() bool {
	return v.near() && v.mode == string(ModeReject) && v.modeShare >= 0.6
}

// vote is the example stage's vote on the whole message, computed once per message.
func (p *parser) vote() exampleVote {
	if !p.voted {
		p.voted = true
		if p.wholeRaw == "" {
			return exampleVote{}
		}
		p.wholeVote = p.examples().vote(p.wholeRaw)
		p.wholeMsg = newMsg(p.wholeRaw, Extract(p.wholeRaw, p.opts.Now()))
	}
	return p.wholeVote
}

// examplePick is the ranked operation the vote picks, when the ranker could run it
// had it been clearly ahead: every path parameter filled from the text, no id left
// over, a method the verb agrees with, and for a write, a change the text asks for
// plainly and on a resource it names. A read is no answer to a message that asks
// for a change and for nothing to be shown ("… unlock bob@acme.com pls").
func (p *parser) examplePick(m *msg, rs []ranked, v exampleVote) (ranked, bool) {
	id := v.pick()
	if id == "" && len(rs) > 0 && rs[0].op.IsRead() && v.agreed(rs[0].op.ID) {
		// "ban wave prep 🌊 show me every account created in the last 24h. …": the
		// ranker's best read, not clearly ahead, is what the nearest messages ask.
		id = rs[0].op.ID
	}
	if id == "" {
		return ranked{}, false
	}
	i := slices.IndexFunc(rs, func(r ranked) bool { return r.op.ID == id })
	if i < 0 {
		return ranked{}, false
	}
	r := rs[i]
	if !r.filled || r.unused > 0 || !r.agrees {
		return ranked{}, false
	}
	w := cmp.Or(p.wholeMsg, m)
	if r.op.IsRead() {
		// "… deleted an org by accident, please undelete it": a restore Clerk cannot
		// make is asked, and a read of the same words is no answer to it.
		return r, !restoreWord.MatchString(w.lower) && (!writeAsked(w) || slices.ContainsFunc(w.verbs, func(v verb) bool { return v == vRead || v == vList || v == vCount }))
	}
	// A change needs a verb that asks for it, and nothing that doubts it or says it
	// is done ("but they have one", "ignore", "Mark already locked user_1"). A
	// change said with no verb ("testing token pls") is never picked: an adversarial
	// review found that the nearest messages of such a phrase are near to any
	// message that mentions the thing ("my kid typed need a testing token").
	return r, r.named && safeWrite(m) && !needDoubt.MatchString(w.lower)
}

// withVoted adds to the ranker's candidates up to two operations the nearest
// labelled messages ask for, when one is near enough to go by; only reads when the
// text is offered only reads (see ranking).
func withVoted(spec *clerk.Spec, m *msg, cands []Candidate, v exampleVote) []Candidate {
	if !v.near() {
		return cands
	}
	added := 0
	for _, id := range v.ops {
		if added == 2 {
			break
		}
		if slices.ContainsFunc(cands, func(c Candidate) bool { return c.OperationID == id }) {
			continue
		}
		if op, ok := spec.Operation(id); ok && (op.IsRead() || !readsOnly(m)) {
			cands = append(cands, Candidate{OperationID: op.ID, Method: op.Method, Path: op.Path})
			added++
		}
	}
	return cands
}

// exStem cuts common English endings: plurals, -ing, -ed.
func exStem(w string) string {
	w = stem(w)
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		w = w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		w = w[:len(w)-2]
	}
	return w
}
