package intents

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The corpora in examples/ are labelled chat messages written for this project, in
// the format of ../shared/eval/score.py, by writers who saw neither the code nor each
// other's sets. They are the example stage's examples (examples.go), and regression
// corpora here: each is parsed with the examples of every other corpus but not its
// own, as if it had never been seen. Each was measured once unseen (the numbers are
// in the notes); the rules were then improved on the failures of ho01 to ho30, so
// those guard against regressions and measure nothing new. corpusFloor is the
// arguments accuracy each must keep.
const corpusFloor = 0.90

// corpusFloors hold the floor of the corpora that are not yet at corpusFloor:
// written in sessions 4 to 6 and measured unseen (the notes have the numbers), each
// floor two points under its score when it was added.
var corpusFloors = map[string]float64{
	"ho17.jsonl": 0.78, "ho18.jsonl": 0.86, "ho19.jsonl": 0.94, "ho20.jsonl": 0.77,
	"ho21.jsonl": 0.85, "ho22.jsonl": 0.79, "ho23.jsonl": 0.77,
	// Written in sessions 5 and 6; arguments at first look: ho24 64, ho25 81, ho26
	// 51, ho27 63, ho28 73.
	"ho24.jsonl": 0.76, "ho25.jsonl": 0.88, "ho26.jsonl": 0.64, "ho27.jsonl": 0.74, "ho28.jsonl": 0.86,
	// Written in session 6 and measured once unseen (ho29 60, ho30 64), then two fixes.
	"ho29.jsonl": 0.64, "ho30.jsonl": 0.62,
	// Written in session 7 as examples, 150 messages each; no rule was changed for
	// them. Arguments with the other corpora's examples: ho34 59, ho35 61, ho36 57,
	// ho37 55, ho38 60.
	"ho34.jsonl": 0.57, "ho35.jsonl": 0.59, "ho36.jsonl": 0.55, "ho37.jsonl": 0.53, "ho38.jsonl": 0.58,
	// Written blind at the start of session 7 and measured once at its end, unseen,
	// with the examples of every other corpus: arguments ho31 63, ho32 66, ho33 62
	// (the session-start parser: 56, 53, 55).
	"ho31.jsonl": 0.61, "ho32.jsonl": 0.64, "ho33.jsonl": 0.60,
	// Written in session 8 as examples, 150 messages each, by personas no earlier
	// corpus had (game moderators, healthcare compliance, an agency's developers,
	// sales engineers). Arguments with the other corpora's examples when added: ho42
	// 58, ho43 68, ho44 65, ho45 61.
	"ho42.jsonl": 0.56, "ho43.jsonl": 0.66, "ho44.jsonl": 0.63, "ho45.jsonl": 0.59,
	// Written blind at the start of session 8 (finance ops, an SRE rotation, edtech
	// support) and measured once at its end, unseen: arguments ho39 60, ho40 64,
	// ho41 67 (the session-start parser: 59, 61, 63).
	"ho39.jsonl": 0.58, "ho40.jsonl": 0.62, "ho41.jsonl": 0.65,
	// Written blind at the start of session 9 (customer success at an HR company, a
	// terse solo founder, trust & safety at a dating app) and measured once at its
	// end, unseen: arguments ho46 73, ho47 58, ho48 59 (the session-start parser:
	// 72, 56, 60).
	"ho46.jsonl": 0.71, "ho47.jsonl": 0.56, "ho48.jsonl": 0.57,
	// Written blind at the start of session 10 (a platform engineer at a dev-tools
	// startup, edtech support agents, an on-call SRE at a fintech) and measured once
	// at its end, unseen: arguments ho49 81, ho50 71, ho51 67 (the session-start
	// parser: 76, 67, 65).
	"ho49.jsonl": 0.79, "ho50.jsonl": 0.69, "ho51.jsonl": 0.65,
	// Written blind at the start of session 11 (account operations at a B2B payments
	// company, a solo technical founder late at night, customer success at a
	// healthcare scheduling company) and measured once at its end, unseen:
	// arguments ho52 69, ho53 80, ho54 54 (the session-start parser: 69, 80, 54).
	"ho52.jsonl": 0.67, "ho53.jsonl": 0.78, "ho54.jsonl": 0.52,
	// Written blind at the start of session 12 (an SRE in a spam sign-up incident, a
	// support agent writing in a second language, a product manager exploring the
	// setup) and measured once at its end, unseen: arguments ho55 72, ho56 64, ho57
	// 69 (the session-start parser: 69, 61, 67).
	"ho55.jsonl": 0.70, "ho56.jsonl": 0.62, "ho57.jsonl": 0.67,
	// Written blind at the start of session 14 (a growth analyst at a subscription
	// app, an IT helpdesk at a law firm, seller support at a marketplace) and
	// measured once at its end, unseen: arguments ho58 75, ho59 65, ho60 66 (the
	// session-start parser: 75, 64, 66).
	"ho58.jsonl": 0.73, "ho59.jsonl": 0.63, "ho60.jsonl": 0.64,
	// Written in session 14 as examples, 150 messages each (a platform engineer
	// owning the instance's configuration, a community manager whose cohorts are
	// organizations); no rule was changed for them. Arguments when added: ho61 82.7,
	// ho62 62.7.
	"ho61.jsonl": 0.80, "ho62.jsonl": 0.60,
	// Written blind at the start of session 15 (customer success at a B2B HR-software
	// company, a security engineer in incident response at a crypto exchange, an
	// operations analyst at a Brazilian fintech writing in a second language) and
	// measured once at its end, unseen: arguments ho63 63, ho64 76, ho65 74 (the
	// session-start parser: 62, 76, 74).
	"ho63.jsonl": 0.60, "ho64.jsonl": 0.74, "ho65.jsonl": 0.72,
}

// corpusItem is one labelled message, as score.py reads it.
type corpusItem struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Expect struct {
		Mode    string         `json:"mode"`
		Ops     []string       `json:"ops"`
		Plan    []string       `json:"plan"`
		Tag     *string        `json:"tag"`
		Version string         `json:"version"`
		Admin   *bool          `json:"admin"`
		Args    map[string]any `json:"args"`
	} `json:"expect"`
	Assert struct {
		NoWrite bool `json:"no_write"`
	} `json:"assert"`
}

func TestCorpora(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("examples", "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpora in examples/ (%v)", err)
	}
	all, err := DefaultExamples()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			items := readCorpus(t, file)
			opts := testOptions(t)
			opts.Examples = all.Without(strings.TrimSuffix(filepath.Base(file), ".jsonl"))
			ok := 0
			for _, it := range items {
				in := Parse(context.Background(), it.Text, opts)
				assertValid(t, it.Text, in)
				if why := scoreItem(it, in); why != "" {
					t.Logf("%s %q: %s (%s)", it.ID, it.Text, why, in.Reason)
					continue
				}
				ok++
			}
			got := float64(ok) / float64(len(items))
			t.Logf("%s: %d/%d (%.1f%%)", filepath.Base(file), ok, len(items), 100*got)
			floor := corpusFloor
			if f, ok := corpusFloors[filepath.Base(file)]; ok {
				floor = f
			}
			if got < floor {
				t.Errorf("%s: arguments accuracy %.1f%%, below the floor of %.0f%%", filepath.Base(file), 100*got, 100*floor)
			}
		})
	}
}

func readCorpus(t *testing.T, file string) []corpusItem {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []corpusItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it corpusItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return items
}

// scoreItem checks an intent the way score.py does (mode, operation, plan, tag,
// version, admin, no writes, arguments) and says what is wrong, or "".
func scoreItem(it corpusItem, in Intent) string {
	e := it.Expect
	if !slices.Contains(strings.Split(e.Mode, "|"), string(in.Mode)) {
		return fmt.Sprintf("mode %s, want %s", in.Mode, e.Mode)
	}
	if len(e.Ops) > 0 {
		if in.Mode == ModeClarify {
			seen := ops(in)
			for _, c := range in.Candidates {
				seen = append(seen, c.OperationID)
			}
			if !slices.ContainsFunc(seen, func(o string) bool { return slices.Contains(e.Ops, o) }) {
				return fmt.Sprintf("clarify offers %v, want one of %v", seen, e.Ops)
			}
		} else {
			got := ops(in)
			if len(got) == 0 || !slices.Contains(e.Ops, got[len(got)-1]) {
				return fmt.Sprintf("operations %v, want the last in %v", got, e.Ops)
			}
			rest := got
			for _, p := range e.Plan {
				i := slices.Index(rest, p)
				if i < 0 {
					return fmt.Sprintf("plan %v, want %v in order", got, e.Plan)
				}
				rest = rest[i+1:]
			}
		}
	}
	if e.Tag != nil && in.Mode == ModeBrowse && !strings.EqualFold(in.Tag, *e.Tag) {
		return fmt.Sprintf("tag %q, want %q", in.Tag, *e.Tag)
	}
	if e.Version != "" && in.Version != e.Version {
		return fmt.Sprintf("version %s, want %s", in.Version, e.Version)
	}
	if e.Admin != nil && in.Admin != *e.Admin {
		return fmt.Sprintf("admin %v, want %v", in.Admin, *e.Admin)
	}
	if it.Assert.NoWrite && slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return fmt.Sprintf("planned a write: %v", ops(in))
	}
	if in.Mode == ModeClarify {
		return ""
	}
	got := values(in)
	for key, want := range e.Args {
		if !slices.ContainsFunc(strings.Split(key, "|"), func(k string) bool { return argFound(got[k], want) }) {
			return fmt.Sprintf("argument %s=%v not in %v", key, want, got)
		}
	}
	return ""
}

// argFound reports whether one of got is want: equal ignoring case, or for
// {"ms_ago": N} a millisecond time within a day of testNow − N.
func argFound(got []string, want any) bool {
	if m, ok := want.(map[string]any); ok {
		ago, _ := m["ms_ago"].(float64)
		at := float64(testNow.UnixMilli()) - ago
		return slices.ContainsFunc(got, func(g string) bool {
			v, err := strconv.ParseFloat(g, 64)
			return err == nil && math.Abs(v-at) <= 86_400_000
		})
	}
	var w string
	switch v := want.(type) {
	case nil:
		w = "null"
	case bool:
		w = strconv.FormatBool(v)
	case float64:
		w = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		w = fmt.Sprint(v)
	}
	return slices.ContainsFunc(got, func(g string) bool { return strings.EqualFold(strings.TrimSpace(g), strings.TrimSpace(w)) })
}
