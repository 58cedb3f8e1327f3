package intents

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// The specs are parsed once per test binary: parsing one takes about 150 ms.
var (
	specsOnce sync.Once
	specsVal  *clerk.Specs
	specsErr  error
	rankers   = NewRankers()
)

// testNow is the clock of every test: Thursday 26 November 2026, noon UTC.
var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func testSpecs(tb testing.TB) *clerk.Specs {
	tb.Helper()
	specsOnce.Do(func() {
		dir, err := clerktest.SharedSpecDir()
		if err != nil {
			specsErr = err
			return
		}
		specsVal, specsErr = clerk.SpecLoader{Source: filepath.Join(dir, "bapi")}.Open(context.Background())
	})
	if specsErr != nil {
		tb.Fatalf("Clerk's specs are needed for these tests and could not be loaded: %v", specsErr)
	}
	return specsVal
}

func testSpec(tb testing.TB) *clerk.Spec {
	tb.Helper()
	spec, err := testSpecs(tb).Get(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	return spec
}

func testOptions(tb testing.TB) Options {
	return Options{Specs: testSpecs(tb), Now: func() time.Time { return testNow }, Rankers: rankers}
}

func parse(tb testing.TB, text string) Intent {
	tb.Helper()
	return Parse(context.Background(), text, testOptions(tb))
}

// ops returns the operation ids of an intent's steps.
func ops(in Intent) []string {
	out := make([]string, len(in.Steps))
	for i, s := range in.Steps {
		out[i] = s.OperationID
	}
	return out
}

// values flattens every step's path parameters, query and body into "key" → values,
// with nested body keys dotted ("public_metadata.plan"), as the scorer does.
func values(in Intent) map[string][]string {
	out := make(map[string][]string)
	var flat func(prefix string, v any)
	flat = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				flat(key, x)
			}
		case []any:
			for _, x := range v {
				flat(prefix, x)
			}
		case string:
			out[prefix] = append(out[prefix], v)
		default:
			b, _ := json.Marshal(v)
			out[prefix] = append(out[prefix], strings.Trim(string(b), `"`))
		}
	}
	for _, s := range in.Steps {
		for k, v := range s.PathParams {
			out[k] = append(out[k], v)
		}
		for k, vs := range s.Query {
			out[k] = append(out[k], vs...)
		}
		if s.Body != nil {
			var b any
			if err := json.Unmarshal(s.Body, &b); err == nil {
				flat("", b)
			}
		}
	}
	return out
}

// checkArgs reports the first wanted argument missing from the intent.
func checkArgs(t *testing.T, text string, in Intent, want map[string]string) {
	t.Helper()
	got := values(in)
	for k, w := range want {
		found := false
		for _, g := range got[k] {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("Parse(%q): argument %s = %q not found in %v", text, k, w, got)
		}
	}
}

// assertValid re-validates every step of an execute or detail intent against the spec
// of its version, and checks that clarify and reject carry a message.
func assertValid(tb testing.TB, text string, in Intent) {
	tb.Helper()
	switch in.Mode {
	case ModeExecute:
		spec, err := testSpecs(tb).Get(context.Background(), in.Version)
		if err != nil {
			tb.Fatalf("Parse(%q): version %q: %v", text, in.Version, err)
		}
		if len(in.Steps) == 0 {
			tb.Errorf("Parse(%q): execute with no steps", text)
		}
		if err := ValidateSteps(spec, in.Steps); err != nil {
			tb.Errorf("Parse(%q): steps do not validate: %v", text, err)
		}
	case ModeClarify, ModeReject:
		if in.Message == "" {
			tb.Errorf("Parse(%q) = %s with no message", text, in.Mode)
		}
	case ModeHelp, ModeBrowse, ModeDetail:
	default:
		tb.Errorf("Parse(%q): unknown mode %q", text, in.Mode)
	}
}

// wantPlan checks that each text is planned and run, its last step the given
// operation.
func wantPlan(t *testing.T, cases []struct{ text, op string }) {
	t.Helper()
	for _, tt := range cases {
		if in := parse(t, tt.text); in.Mode != ModeExecute || len(in.Steps) == 0 || in.Steps[len(in.Steps)-1].OperationID != tt.op {
			t.Errorf("Parse(%q) = %s %v (%s %s), want %s", tt.text, in.Mode, ops(in), in.Reason, in.Message, tt.op)
		}
	}
}

// wantNoWrite fails for each text the parser plans a write for: a step that is not
// a GET, whatever the mode.
func wantNoWrite(t *testing.T, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if in := parse(t, text); slices.ContainsFunc(in.Steps, Step.IsWrite) {
			t.Errorf("Parse(%q) = %s %v (%s), want no write", text, in.Mode, ops(in), in.Reason)
		}
	}
}
