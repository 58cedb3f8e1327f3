package confirm

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
)

func policySpecs(tb testing.TB) []*clerk.Spec {
	tb.Helper()
	specs := make([]*clerk.Spec, len(policyVersions))
	for i, v := range policyVersions {
		specs[i] = policySpec(tb, v)
	}
	return specs
}

func TestLoadOverrides(t *testing.T) {
	o, err := LoadOverrides(filepath.Join("testdata", "policy", "overrides.yml"), policySpecs(t)...)
	if err != nil {
		t.Fatal(err)
	}
	if o.Len() != 6 || o.Source != "overrides.yml" {
		t.Errorf("LoadOverrides: %d overrides from %q, want 6 from overrides.yml", o.Len(), o.Source)
	}
	p := newTestPolicy(t, func(c *PolicyConfig) { c.Overrides = o })
	tests := []struct {
		op      string
		want    Tier
		wantWhy string
	}{
		{"GetUser", TierSensitiveRead, "set for GetUser in overrides.yml, line 4"},
		{"CreateInvitation", TierDestructive, "line 5"},
		{"CreateOrganization", TierWrite, "set for CreateOrganization in overrides.yml, line 6"},
		{"DeleteUser", TierWrite, "line 7"},
		{"UpsertTemplate", TierCredential, `set for tag "Email & SMS Templates" in overrides.yml, line 9`},
		{"GetTemplate", TierCredential, "line 9"},
		{"GetOrganization", TierDestructive, `tag "Organizations"`},
		{"DeleteOrganization", TierDestructive, "line 10"},
		{"BanUser", TierDestructive, "bans"}, // no override: the default and its reason
		{"GetUserList", TierRead, "only reads"},
	}
	for _, tc := range tests {
		t.Run(tc.op, func(t *testing.T) {
			for _, v := range policyVersions {
				op, ok := policySpec(t, v).Operation(tc.op)
				if !ok {
					t.Fatalf("%s not in %s", tc.op, v)
				}
				got, why := p.Explain(op)
				if got != tc.want || !strings.Contains(why, tc.wantWhy) {
					t.Errorf("%s: Explain(%s) = %s, %q; want %s, %q", v, tc.op, got, why, tc.want, tc.wantWhy)
				}
				if p.Tier(op) != got {
					t.Errorf("Tier(%s) = %s, Explain says %s", tc.op, p.Tier(op), got)
				}
			}
		})
	}
	if d := p.Describe(); !strings.Contains(d, "tier overrides: 6 from overrides.yml") {
		t.Errorf("Describe() does not count the overrides:\n%s", d)
	}
}

func TestParseOverridesEmpty(t *testing.T) {
	for _, in := range []string{"", "\n# nothing\n", "---\n", "tiers:\n", "tiers:\n  operations:\n  tags: {}\n"} {
		o, err := ParseOverrides("policy.yml", []byte(in), policySpecs(t)...)
		if err != nil || o.Len() != 0 {
			t.Errorf("ParseOverrides(%q) = %d overrides, %v; want none and no error", in, o.Len(), err)
		}
	}
	var none *Overrides
	if none.Len() != 0 {
		t.Error("a nil *Overrides has overrides")
	}
}

func TestParseOverridesErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // each must appear in the error
	}{
		{"unknown top-level key", "tier:\n  operations: {}\n",
			[]string{`policy.yml:1: unknown key "tier" in the policy file; known keys: tiers`}},
		{"unknown key under tiers", "tiers:\n  operation:\n    GetUser: read\n",
			[]string{`policy.yml:2: unknown key "operation" in tiers; known keys: operations, tags`}},
		{"unknown operationId", "tiers:\n  operations:\n    GetUsr: write\n",
			[]string{`policy.yml:3: unknown operationId "GetUsr" in API versions 2025-11-10, 2026-05-12; did you mean "GetUser"?`}},
		{"operationId in the wrong case", "tiers:\n  operations:\n    getuser: write\n",
			[]string{`policy.yml:3: unknown operationId "getuser"`, `did you mean "GetUser"?`}},
		{"unknown tag", "tiers:\n  tags:\n    users: write\n",
			[]string{`policy.yml:3: unknown tag "users"`, `did you mean "Users"?`}},
		{"far from any tag", "tiers:\n  tags:\n    Frobnication: write\n",
			[]string{`policy.yml:3: unknown tag "Frobnication" in API versions 2025-11-10, 2026-05-12`}},
		{"unknown tier", "tiers:\n  operations:\n    GetUser: secret\n",
			[]string{`policy.yml:3: GetUser: unknown tier "secret"; tiers are read, sensitive-read, write, destructive, credential`}},
		{"tier not a name", "tiers:\n  operations:\n    GetUser: [read]\n",
			[]string{`policy.yml:3: the tier of "GetUser" must be one of`}},
		{"missing tier", "tiers:\n  operations:\n    GetUser:\n",
			[]string{`policy.yml:3: the tier of "GetUser" must be one of`}},
		{"write lowered to read", "tiers:\n  operations:\n    CreateUser: read\n",
			[]string{`policy.yml:3: CreateUser is POST /users, which changes data; only GET operations may be read, so an override cannot lower it to a read`}},
		{"delete lowered to sensitive-read", "tiers:\n  operations:\n    DeleteUser: sensitive-read\n",
			[]string{`policy.yml:3: DeleteUser is DELETE /users/{user_id}`}},
		{"tag lowered to read", "tiers:\n  tags:\n    Users: read\n",
			[]string{`policy.yml:3: tag "Users" holds`, "which changes data"}},
		{"duplicate operation", "tiers:\n  operations:\n    GetUser: read\n    GetUser: write\n",
			[]string{`policy.yml:4: "GetUser" appears twice in tiers.operations (first at line 3)`}},
		{"duplicate section", "tiers:\n  tags: {}\n  tags: {}\n",
			[]string{`policy.yml:3: "tags" appears twice in tiers (first at line 2)`}},
		{"tiers not a mapping", "tiers: [read]\n",
			[]string{`policy.yml:1: tiers must be a mapping of operations, tags`}},
		{"operations not a mapping", "tiers:\n  operations: read\n",
			[]string{`policy.yml:2: tiers.operations must be a mapping of names to tiers`}},
		{"not a mapping at all", "- read\n",
			[]string{`policy.yml:1: the policy file must be a mapping of tiers`}},
		{"syntax error", "tiers:\n  operations: {GetUser: read\n",
			[]string{"policy.yml:1: did not find expected"}},
		{"tab indentation", "tiers:\n\toperations: {}\n",
			[]string{"policy.yml:2: found character that cannot start any token"}},
		{"two documents", "tiers: {}\n---\ntiers: {}\n",
			[]string{"policy.yml:2: a second YAML document"}},
		{"every mistake at once", "tiers:\n  operations:\n    GetUsr: write\n    GetUser: writ\n  tags:\n    Userz: write\n",
			[]string{"policy.yml:3: unknown operationId", "policy.yml:4: GetUser: unknown tier", "policy.yml:6: unknown tag"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ParseOverrides("policy.yml", []byte(tc.in), policySpecs(t)...)
			if err == nil {
				t.Fatalf("ParseOverrides(%q) = %d overrides, want an error", tc.in, o.Len())
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseOverrides(%q) error:\n%v\nwant it to contain %q", tc.in, err, w)
				}
			}
		})
	}
}

func TestParseOverridesNeedsSpecs(t *testing.T) {
	if _, err := ParseOverrides("policy.yml", []byte("tiers: {}\n")); err == nil || !strings.Contains(err.Error(), "no API spec") {
		t.Errorf("ParseOverrides without specs = %v, want an error saying so", err)
	}
	if _, err := LoadOverrides(filepath.Join(t.TempDir(), "missing.yml"), policySpecs(t)...); err == nil || !strings.Contains(err.Error(), "CLERKBOT_CONFIG") {
		t.Errorf("LoadOverrides of a missing file = %v, want an error naming CLERKBOT_CONFIG", err)
	}
}

// An override is checked against the specs loaded at start; a spec loaded later may hold
// operations it was never checked against. A read tier must still never reach a write.
func TestOverrideReadTierNeverReachesWrites(t *testing.T) {
	o := &Overrides{
		Source: "policy.yml",
		ops:    map[string]override{"CreateUser": {TierRead, 3}},
		tags:   map[string]override{"Users": {TierRead, 5}},
	}
	p := newTestPolicy(t, func(c *PolicyConfig) { c.Overrides = o })
	for _, id := range []string{"CreateUser", "DeleteUser", "BanUser"} {
		op := policyOp(t, id)
		if got := p.Tier(op); got != DefaultTier(op) {
			t.Errorf("Tier(%s) = %s with a read override; want the default %s", id, got, DefaultTier(op))
		}
	}
	if got := p.Tier(policyOp(t, "GetUserList")); got != TierRead {
		t.Errorf("Tier(GetUserList) = %s, want the tag's read", got)
	}
}

// When an operation has several tags with overrides, the strictest wins.
func TestOverrideStrictestTag(t *testing.T) {
	o := &Overrides{Source: "policy.yml", tags: map[string]override{
		"A": {TierWrite, 1}, "B": {TierCredential, 2}, "C": {TierDestructive, 3},
	}}
	p := newTestPolicy(t, func(c *PolicyConfig) { c.Overrides = o })
	op := &clerk.Operation{ID: "MadeUp", Method: "POST", Path: "/made_up", Tags: []string{"A", "B", "C"}}
	if got, why := p.Explain(op); got != TierCredential || !strings.Contains(why, `tag "B"`) {
		t.Errorf("Explain(op with tags A, B, C) = %s, %q; want credential from tag B", got, why)
	}
}
