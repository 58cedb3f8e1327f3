package intents

import (
	"context"
	"testing"
)

// Benchmarks per stage. Each Parse benchmark uses a text the named stage decides.

func benchParse(b *testing.B, text string, want Source) {
	opts := testOptions(b)
	ctx := context.Background()
	if in := Parse(ctx, text, opts); in.Source != want {
		b.Fatalf("Parse(%q).Source = %s, want %s", text, in.Source, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		Parse(ctx, text, opts)
	}
}

func BenchmarkParseModes(b *testing.B) { benchParse(b, "Users version 2025-11-10.yml", SourceRaw) }

func BenchmarkParseRaw(b *testing.B) {
	benchParse(b, `PATCH /users/user_abc/metadata {"public_metadata": {"plan": "pro"}}`, SourceRaw)
}

func BenchmarkParseFastpath(b *testing.B) {
	benchParse(b, "invite <mailto:bob@acme.com|bob@acme.com> to org_1 as admin", SourceFastpath)
}

func BenchmarkParseFastpathMetadata(b *testing.B) {
	benchParse(b, "set plan to 'pro' and onboarded to true on user_abc123", SourceFastpath)
}

func BenchmarkParseRanker(b *testing.B) {
	benchParse(b, "disable mfa for user_77", SourceRanker)
}

// BenchmarkParseCompound: two changes joined by "and", each decided on its own after
// the whole text was not understood.
func BenchmarkParseCompound(b *testing.B) {
	benchParse(b, "ban user_2abc and revoke sess_2xyz", SourceFastpath)
}

// BenchmarkParseSentences: a polite message in three sentences, answered by the one
// that asks.
func BenchmarkParseSentences(b *testing.B) {
	benchParse(b, "Good morning! Could you please rename org_8Kp to 'Acme EMEA'? The customer went through a rebrand.", SourceFastpath)
}

// BenchmarkParseClarify: a text no stage understands, which tries every fallback.
func BenchmarkParseClarify(b *testing.B) {
	benchParse(b, "the org thing for user_36sx and the session stuff since the cutover, weird", SourceRanker)
}

func BenchmarkExtract(b *testing.B) {
	text := Normalize("invite <mailto:bob@acme.com|bob@acme.com> to 'Acme Corp' as admin; users created in the last 7 days, user_2abc org_9")
	b.ReportAllocs()
	for b.Loop() {
		Extract(text, testNow)
	}
}

// BenchmarkRank is the ranker alone over the 249 operations of 2026-05-12.
func BenchmarkRank(b *testing.B) {
	r := NewRanker(testSpec(b))
	text := "list trusted devices of user_8"
	m := newMsg(text, Extract(text, testNow))
	b.ReportAllocs()
	for b.Loop() {
		r.rank(m)
	}
}

// BenchmarkNewRanker is the one-off cost of indexing a spec.
func BenchmarkNewRanker(b *testing.B) {
	spec := testSpec(b)
	b.ReportAllocs()
	for b.Loop() {
		NewRanker(spec)
	}
}

// BenchmarkParseExamples: a text the ranker cannot tell and the examples decide.
func BenchmarkParseExamples(b *testing.B) {
	benchParse(b, "mark idn_2vECqFbiyonaUx6FhaJfEknwgym verified, checked via support call", SourceRanker)
}

// BenchmarkExampleVote is the example stage's comparison with the built-in set.
func BenchmarkExampleVote(b *testing.B) {
	e, err := DefaultExamples()
	if err != nil {
		b.Fatal(err)
	}
	text := "the picture on user_2uTwEbnvvu0fTClFWPcGrlz9RNe is inappropriate, could you remove it? thanks"
	b.ReportAllocs()
	for b.Loop() {
		e.vote(text)
	}
}

// BenchmarkIndexExamples is the one-off cost of indexing the built-in set.
func BenchmarkIndexExamples(b *testing.B) {
	e, err := DefaultExamples()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		indexExamples(e.items)
	}
}
