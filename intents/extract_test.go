package intents

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"invite <mailto:bob@acme.com|bob@acme.com> to org_1", "invite bob@acme.com to org_1"},
		{"add <http://acme.com|acme.com> to the allowlist", "add acme.com to the allowlist"},
		{"redirect to <https://acme.com/welcome|https://acme.com/welcome>", "redirect to https://acme.com/welcome"},
		{"see <https://acme.com/x?a=1|the docs>", "see https://acme.com/x?a=1"},
		{"ping <@U123ABC>", "ping @U123ABC"},
		{"ping <@U123ABC|bob>", "ping @U123ABC"},
		{"in <#C999|ops>", "in #ops"},
		{"<!here> list users", "@here list users"},
		{"a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"},
		{"set name to \u201cAcme\u201d and \u2018x\u2019", `set name to "Acme" and 'x'`},
		{"`GET /users`", "GET /users"},
		{"call <tel:+15551234|+1 555 1234>", "call +15551234"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtract(t *testing.T) {
	now := testNow // Thursday 2026-11-26 12:00 UTC
	day := 24 * time.Hour
	msAt := func(t time.Time) int64 { return t.UnixMilli() }
	midnight := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want Extraction
	}{
		{"get user user_2xhFjEI5X2qWRvtV13BzSj8H6Dk", Extraction{IDs: []string{"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk"}, Words: []string{"get", "user"}}},
		{"add user_5 to org_1, orgmem_2 orginv_3 inv_4 sess_5 idn_6 mch_7 wle_8", Extraction{
			IDs:   []string{"user_5", "org_1", "orgmem_2", "orginv_3", "inv_4", "sess_5", "idn_6", "mch_7", "wle_8"},
			Words: []string{"add", "to"}}},
		{"get user john_doe with stripe id cus_123 and user_id", Extraction{Words: []string{"get", "user", "john_doe", "with", "stripe", "id", "cus_123", "and", "user_id"}, Numbers: nil}},
		{"invite Bob@Acme.com and carol+x@sub.acme.io", Extraction{Emails: []string{"bob@acme.com", "carol+x@sub.acme.io"}, Words: []string{"invite", "and"}}},
		{"redirect to https://acme.com/welcome?x=1.", Extraction{URLs: []string{"https://acme.com/welcome?x=1"}, Words: []string{"redirect", "to"}}},
		{"add acme.com to the allowlist", Extraction{Domains: []string{"acme.com"}, Words: []string{"add", "to", "the", "allowlist"}}},
		{"list the first 10 users", Extraction{Numbers: []string{"10"}, Words: []string{"list", "the", "first", "10", "users"}}},
		{"ping @U123ABC", Extraction{Mentions: []string{"U123ABC"}, Words: []string{"ping", "u123abc"}}},
		{`create org 'Acme Corp' and "Beta, Inc."`, Extraction{Quoted: []string{"Acme Corp", "Beta, Inc."}, Words: []string{"create", "org", "and"}}},
		{"what's the user's name", Extraction{Words: []string{"what", "the", "user", "name"}}},
		{"users that haven't signed in", Extraction{Words: []string{"users", "that", "have", "not", "signed", "in"}}},
		{"users created in the last 7 days", Extraction{After: msAt(now.Add(-7 * day)), Words: []string{"users", "created"}}},
		{"users from the past 2 weeks", Extraction{After: msAt(now.Add(-14 * day)), Words: []string{"users", "from"}}},
		{"signups in the last 24 hours", Extraction{After: msAt(now.Add(-24 * time.Hour)), Words: []string{"signups"}}},
		{"signups last month", Extraction{After: msAt(now.Add(-30 * day)), Words: []string{"signups"}}},
		{"who joined today", Extraction{After: msAt(midnight), Words: []string{"who", "joined"}}},
		{"who joined yesterday", Extraction{After: msAt(midnight.Add(-day)), Before: msAt(midnight), Words: []string{"who", "joined"}}},
		{"who joined this week", Extraction{After: msAt(midnight.Add(-3 * day)), Words: []string{"who", "joined"}}},
		{"who joined this month", Extraction{After: msAt(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)), Words: []string{"who", "joined"}}},
		{"users since 2026-01-01", Extraction{After: msAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Words: []string{"users"}}},
		{"users before 2026-02-01T10:00:00Z", Extraction{Before: msAt(time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)), Words: []string{"users"}}},
		{"users between 2026-01-01 and 2026-02-01", Extraction{After: msAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Before: msAt(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)), Words: []string{"users"}}},
		{"users created 3 days ago", Extraction{After: msAt(now.Add(-3 * day)), Words: []string{"users", "created"}}},
	}
	opt := cmpopts.IgnoreUnexported(Extraction{})
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Extract(Normalize(tt.text), now)
			if diff := cmp.Diff(tt.want, got, opt, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// FuzzExtract checks that extraction never panics and never returns an id, email or
// URL that is not in the text: nothing is made up.
// TestThousands: a number with thousands separators is one number.
func TestThousands(t *testing.T) {
	for in, want := range map[string]string{
		"set org_1 max members to 1,000": "set org_1 max members to 1000", "credits 2,500,000.": "credits 2500000.",
		"ban user_1, user_2": "ban user_1, user_2", "ids 12,34": "ids 12,34", "at 1,000,00": "at 1,000,00",
		`rename org_1 to "Top 1,000 Club"`: `rename org_1 to "Top 1,000 Club"`, "please *don't* ban user_1": "please don't ban user_1",
		"_never_ delete org_1": "never delete org_1", "ban user_2_abc": "ban user_2_abc",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// findIDs is a scanner for speed; it must find exactly what idPattern finds.
func TestFindIDsIsIDPattern(t *testing.T) {
	for _, s := range []string{
		"", "user_1", "get user_2abc now", "user_id org_ids", "user_id org_1", "x.user_1,org_2", "user_a_b", "_user_1",
		"auser_1", "user_", "orgmem_9 orginv_8", "éuser_1", "USER_1", "cus_123 john_doe", "user_1_",
		"sess_1-x", "user__1", "(org_1)", "org_1\nuser_2",
	} {
		got, want := findIDs(s, -1), idsByPattern(s)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("findIDs(%q) = %v, idPattern finds %v", s, got, want)
		}
		if hasID(s) != (want != nil) {
			t.Errorf("hasID(%q) = %v", s, hasID(s))
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"get user user_1", "invite <mailto:a@b.co|a@b.co> to org_9 as admin", "users in the last 7 days",
		"set plan to 'pro' on user_2", "between 2026-01-01 and 2026-13-45", "\u201cAcme\u201d &amp; <@U1>",
		"last 99999999999 days", "'", `"""`, "since 2026-01-01T25:00", "http://x.y/user_1 a@b.c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		norm := Normalize(text)
		x := Extract(norm, testNow)
		lower := strings.ToLower(norm)
		for _, list := range [][]string{x.IDs, x.URLs} {
			for _, v := range list {
				if !strings.Contains(norm, v) {
					t.Errorf("Extract(%q) found %q, which is not in the text", norm, v)
				}
			}
		}
		for _, e := range x.Emails {
			if !strings.Contains(lower, e) {
				t.Errorf("Extract(%q) found email %q, which is not in the text", norm, e)
			}
		}
		for _, id := range x.IDs {
			p, _, _ := strings.Cut(id, "_")
			if !slices.Contains(clerkPrefixes, p) {
				t.Errorf("Extract(%q) found id %q with unknown prefix", norm, id)
			}
		}
		if got, want := findIDs(text, -1), idsByPattern(text); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("findIDs(%q) = %v, idPattern finds %v", text, got, want)
		}
		if utf8.ValidString(text) && !utf8.ValidString(norm) {
			t.Errorf("Normalize(%q) = %q is not valid UTF-8", text, norm)
		}
	})
}

// idsByPattern are the spans idPattern finds in s, but a field's name ("user_id",
// TestFieldNamesAreNoIDs).
func idsByPattern(s string) [][]int {
	out := slices.DeleteFunc(idPattern.FindAllStringIndex(s, -1), func(l []int) bool {
		_, suffix, _ := strings.Cut(s[l[0]:l[1]], "_")
		return fieldSuffix[suffix]
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// TestFieldNamesAreNoIDs: a prefix before a field's word names a claim or a field
// ("the org_role claim", "/users/{user_id}/metadata"), not an object; an id keeps
// its letters and digits.
func TestFieldNamesAreNoIDs(t *testing.T) {
	x := Extract("customer says org_role claim is missing, and user_id, org_slug and user_metadata too; see org_2abcDEF and user_role1", time.Now())
	if !slices.Equal(x.IDs, []string{"org_2abcDEF", "user_role1"}) {
		t.Errorf("ids = %v, want [org_2abcDEF user_role1]", x.IDs)
	}
}
