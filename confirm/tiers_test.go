package confirm

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

// policyUpdate is the -update flag that rewrites golden files. Other test files of this
// package may define -update too; whichever is initialised first defines it, and the
// other reuses it, so the test binary never panics with "flag redefined".
var policyUpdate = func() func() bool {
	if f := flag.Lookup("update"); f != nil {
		return func() bool { return f.Value.String() == "true" }
	}
	b := flag.Bool("update", false, "rewrite golden files under testdata/")
	return func() bool { return *b }
}()

// policyVersions are the versions of Clerk's spec shared with the project.
var policyVersions = []string{"2025-11-10", "2026-05-12"}

// policySpec parses a shared spec version once per test binary (about 150 ms each).
func policySpec(tb testing.TB, version string) *clerk.Spec {
	tb.Helper()
	spec, err := clerktest.SharedSpec(version)
	if err != nil {
		tb.Fatalf("Clerk's spec %s is needed and could not be loaded: %v", version, err)
	}
	return spec
}

// policyOp returns the operation id of the newest spec.
func policyOp(tb testing.TB, id string) *clerk.Operation {
	tb.Helper()
	op, ok := policySpec(tb, "2026-05-12").Operation(id)
	if !ok || op.ID != id {
		tb.Fatalf("operation %s is not in spec 2026-05-12", id)
	}
	return op
}

func TestDefaultTierCoversEveryOperation(t *testing.T) {
	wantCount := map[string]int{"2025-11-10": 239, "2026-05-12": 249}
	byID := map[string]Tier{}
	for _, v := range policyVersions {
		t.Run(v, func(t *testing.T) {
			ops := policySpec(t, v).Operations()
			if len(ops) != wantCount[v] {
				t.Errorf("spec %s has %d operations, want %d; review the tiers of the new ones", v, len(ops), wantCount[v])
			}
			for _, op := range ops {
				got := DefaultTier(op)
				switch {
				case !got.Valid():
					t.Errorf("DefaultTier(%s) = %q, not a tier", op.ID, got)
				case op.IsRead() != got.IsRead():
					t.Errorf("DefaultTier(%s %s) = %s: GETs must be read tiers, and only GETs", op.ID, op.Key(), got)
				case op.Method == "DELETE" && rank(got) < rank(TierDestructive):
					t.Errorf("DefaultTier(%s %s) = %s, want at least destructive for a DELETE", op.ID, op.Key(), got)
				}
				if prev, ok := byID[op.ID]; ok && prev != got {
					t.Errorf("DefaultTier(%s) = %s in %s but %s in another version", op.ID, got, v, prev)
				}
				byID[op.ID] = got
			}
		})
	}
}

// TestDefaultTierGolden pins the whole default table. After a deliberate change, run
// go test ./confirm -run TestDefaultTierGolden -update and review the diff.
func TestDefaultTierGolden(t *testing.T) {
	for _, v := range policyVersions {
		t.Run(v, func(t *testing.T) {
			var lines []string
			for _, op := range policySpec(t, v).Operations() {
				lines = append(lines, op.ID+" "+string(DefaultTier(op)))
			}
			slices.Sort(lines)
			got := strings.Join(lines, "\n") + "\n"
			path := filepath.Join("testdata", "policy", "tiers-"+v+".txt")
			if policyUpdate() {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./confirm -run TestDefaultTierGolden -update to create it)", err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("default tiers differ from %s (-want +got):\n%s\nIf the change is deliberate, rerun with -update.", path, diff)
			}
		})
	}
}

func TestDefaultTierSpotChecks(t *testing.T) {
	tests := []struct {
		id   string
		want Tier
	}{
		{"GetUser", TierRead},
		{"GetUserList", TierRead},
		{"GetJWKS", TierRead},         // public keys
		{"getM2MTokens", TierRead},    // metadata, never the token
		{"GetDirectory", TierRead},    // api_key only on create and rotate
		{"ListInvitations", TierRead}, // invitation links are mailed to the invitee anyway
		{"GetOAuthAccessToken", TierSensitiveRead},
		{"GetMachineSecretKey", TierSensitiveRead},
		{"getApiKeySecret", TierSensitiveRead},
		{"ListEnterpriseConnectionTestRuns", TierSensitiveRead},
		{"CreateInvitation", TierWrite},
		{"UpdateUser", TierWrite},
		{"UpdateUserMetadata", TierWrite},
		{"ReplaceUserMetadata", TierWrite},
		{"MergeOrganizationMetadata", TierWrite},
		{"UnbanUser", TierWrite},
		{"UnlockUser", TierWrite},
		{"verifyApiKey", TierWrite},
		{"verifyM2MToken", TierWrite},
		{"VerifyTOTP", TierWrite},
		{"VerifyDomainProxy", TierWrite},
		{"UnsetUserPasswordCompromised", TierWrite},
		{"DeleteUser", TierDestructive},
		{"BanUser", TierDestructive},
		{"UsersBan", TierDestructive},
		{"UsersUnban", TierDestructive},
		{"LockUser", TierDestructive},
		{"RevokeSession", TierDestructive},
		{"RevokeInvitation", TierDestructive},
		{"RevokeActorToken", TierDestructive},
		{"revokeApiKey", TierDestructive},
		{"RevokeOAuthApplicationToken", TierDestructive},
		{"RemoveUserPassword", TierDestructive},
		{"DisableMFA", TierDestructive},
		{"DeleteBackupCode", TierDestructive},
		{"DeleteTOTP", TierDestructive},
		{"SetUserPasswordCompromised", TierDestructive},
		{"CreateBulkInvitations", TierDestructive},
		{"CreateOrganizationInvitationBulk", TierDestructive},
		{"RejectWaitlistEntry", TierDestructive},
		{"RevertTemplate", TierDestructive},
		{"ReplaceRoleSet", TierDestructive},
		{"ReplaceUserEmailAddress", TierDestructive},
		{"CreateBlocklistIdentifier", TierDestructive},
		{"CreateActorToken", TierCredential},
		{"CreateSignInToken", TierCredential},
		{"CreateTestingToken", TierCredential},
		{"createM2MToken", TierCredential},
		{"CreateSessionToken", TierCredential},
		{"CreateSessionTokenFromTemplate", TierCredential},
		{"createSession", TierCredential},
		{"createApiKey", TierCredential},
		{"CreateMachine", TierCredential},
		{"RotateMachineSecretKey", TierCredential}, // breaks the old key and reveals a new one
		{"RotateOAuthApplicationSecret", TierCredential},
		{"RotateSCIMDirectoryAPIKey", TierCredential},
		{"UpdateInstance", TierCredential},
		{"UpdateInstanceRestrictions", TierCredential},
		{"UpdateInstanceAuthConfig", TierCredential},
		{"ChangeProductionInstanceDomain", TierCredential},
		{"AddDomain", TierCredential},
		{"UpdateDomain", TierCredential},
		{"DeleteDomain", TierCredential},
		{"CreateSAMLConnection", TierCredential},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			if got := DefaultTier(policyOp(t, tc.id)); got != tc.want {
				t.Errorf("DefaultTier(%s) = %s, want %s", tc.id, got, tc.want)
			}
		})
	}
}

// TestTierExceptionsAreNeeded keeps the exceptions table honest: every entry names an
// operation that exists, and says something the rules would not.
func TestTierExceptionsAreNeeded(t *testing.T) {
	for id, e := range tierExceptions {
		op := policyOp(t, id)
		if !e.tier.Valid() || e.why == "" {
			t.Errorf("tierExceptions[%s] = %+v: want a tier and a reason", id, e)
		}
		if got, _ := ruleTier(op); got == e.tier {
			t.Errorf("tierExceptions[%s] = %s, which the rules already give; remove the entry", id, e.tier)
		}
	}
}

// TestRuleTierWords checks the rules on made-up paths: words are compared whole.
func TestRuleTierWords(t *testing.T) {
	tests := []struct {
		method, path string
		want         Tier
	}{
		{"GET", "/things/{id}/secret", TierSensitiveRead},
		{"GET", "/things/{id}/client_secret", TierSensitiveRead},
		{"GET", "/things/{id}/secretary", TierRead},
		{"GET", "/things/{id}/oauth_access_tokens/{p}", TierSensitiveRead},
		{"POST", "/things/{id}/unban", TierWrite},
		{"POST", "/things/{id}/unlock", TierWrite},
		{"POST", "/things/{id}/blocklist", TierWrite},
		{"POST", "/things/{id}/revoke_all", TierDestructive},
		{"POST", "/things/bulk", TierDestructive},
		{"POST", "/things/{id}/rotate_secret", TierCredential},
		{"POST", "/rotation_log", TierWrite},
		{"POST", "/widget_tokens", TierCredential},
		{"POST", "/widget_tokens/verify", TierWrite},
		{"POST", "/tokenizer", TierWrite},
		{"PATCH", "/instance/anything_new", TierCredential},
		{"DELETE", "/things/{id}", TierDestructive},
		{"PUT", "/things/{id}/metadata", TierWrite},
		{"OPTIONS", "/things", TierDestructive},
	}
	for _, tc := range tests {
		op := &clerk.Operation{ID: "Made" + "Up", Method: tc.method, Path: tc.path}
		if got, why := ruleTier(op); got != tc.want || why == "" {
			t.Errorf("ruleTier(%s %s) = %s (%q), want %s with a reason", tc.method, tc.path, got, why, tc.want)
		}
	}
}

func TestParseTier(t *testing.T) {
	for _, tier := range Tiers() {
		if got, err := ParseTier(" " + strings.ToUpper(string(tier)) + " "); err != nil || got != tier {
			t.Errorf("ParseTier(%q) = %q, %v; want %q", tier, got, err, tier)
		}
	}
	for _, bad := range []string{"", "sensitive", "readonly", "delete", "sensitive_read"} {
		if got, err := ParseTier(bad); err == nil {
			t.Errorf("ParseTier(%q) = %q, want an error", bad, got)
		} else if !strings.Contains(err.Error(), "sensitive-read") {
			t.Errorf("ParseTier(%q) error %q does not list the tiers", bad, err)
		}
	}
}

func TestStricter(t *testing.T) {
	tiers := Tiers()
	for i, a := range tiers {
		for j, b := range tiers {
			want := tiers[max(i, j)]
			if got := stricter(a, b); got != want {
				t.Errorf("stricter(%s, %s) = %s, want %s", a, b, got, want)
			}
		}
	}
	if got := stricter(TierCredential, "bogus"); got != "bogus" {
		t.Errorf("stricter(credential, bogus) = %s; an unknown tier must count as riskiest", got)
	}
}
