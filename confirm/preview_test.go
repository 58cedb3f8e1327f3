package confirm_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
)

func previewSpec(t *testing.T) *clerk.Spec {
	t.Helper()
	s, err := clerktest.SharedSpec("2026-05-12")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// previewFixture starts the emulator with one user who has sessions and memberships, and
// a client for it.
func previewFixture(t *testing.T) (*clerktest.Server, *clerk.Client, string, string) {
	t.Helper()
	srv := clerktest.NewServer(clerktest.WithClock(func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }))
	t.Cleanup(srv.Close)
	uid, err := srv.AddUser(clerktest.UserSeed{
		FirstName: "Jane", LastName: "Doe", Username: "jane",
		EmailAddresses: []string{"jane@acme.com", "jane.doe@gmail.com"},
		PublicMetadata: map[string]any{"plan": "free", "flags": map[string]any{"beta": true, "old": 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	org, err := srv.AddOrganization(clerktest.OrganizationSeed{Name: "Acme Corp", Slug: "acme-corp", CreatedBy: uid})
	if err != nil {
		t.Fatal(err)
	}
	// CreatedBy makes the user the organization's first admin member.
	for range 3 {
		if _, err := srv.AddSession(uid); err != nil {
			t.Fatal(err)
		}
	}
	client, err := clerk.NewClient("sk_test_preview", clerk.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return srv, client, uid, org
}

func newReq(t *testing.T, spec *clerk.Spec, opID string, params map[string]string, body string) *clerk.Request {
	t.Helper()
	op, ok := spec.Operation(opID)
	if !ok {
		t.Fatalf("no operation %s", opID)
	}
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	r, err := spec.NewRequest(op, params, nil, b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func counts(pv *confirm.Preview) map[string]int64 {
	m := map[string]int64{}
	for _, c := range pv.Counts {
		m[c.Label] = c.N
	}
	return m
}

func TestPreviewDeleteUser(t *testing.T) {
	spec := previewSpec(t)
	srv, client, uid, _ := previewFixture(t)
	srv.ResetRequests()
	p := &confirm.Previewer{Clerk: client}
	pv := p.Preview(context.Background(), spec, newReq(t, spec, "DeleteUser", map[string]string{"user_id": uid}, ""))

	if !pv.Irreversible {
		t.Errorf("delete preview not marked irreversible")
	}
	if want := "Jane Doe <jane@acme.com> (" + uid + ")"; pv.Target != want {
		t.Errorf("Target = %q, want %q", pv.Target, want)
	}
	got := counts(pv)
	for label, want := range map[string]int64{"active sessions": 3, "organization memberships": 1, "email addresses": 2, "external accounts": 0, "metadata keys": 2} {
		if got[label] != want {
			t.Errorf("count %q = %d, want %d (all: %v)", label, got[label], want, got)
		}
	}
	if len(pv.Alternatives) != 2 || !strings.Contains(pv.Alternatives[0], "ban") || !strings.Contains(pv.Alternatives[1], "lock") {
		t.Errorf("Alternatives = %q, want ban and lock", pv.Alternatives)
	}
	if len(pv.Problems) > 0 {
		t.Errorf("Problems = %q", pv.Problems)
	}
	for _, r := range srv.Requests() {
		if r.Method != "GET" {
			t.Errorf("preview sent %s %s; previews only read", r.Method, r.Path)
		}
	}
	if _, ok := srv.User(uid); !ok {
		t.Errorf("the user is gone after a preview")
	}
}

func TestPreviewDeleteOrganization(t *testing.T) {
	spec := previewSpec(t)
	_, client, _, org := previewFixture(t)
	p := &confirm.Previewer{Clerk: client}
	pv := p.Preview(context.Background(), spec, newReq(t, spec, "DeleteOrganization", map[string]string{"organization_id": org}, ""))
	if !pv.Irreversible || !strings.HasPrefix(pv.Target, "Acme Corp (org_") {
		t.Errorf("preview = %+v", pv)
	}
	if got := counts(pv)["members"]; got != 1 {
		t.Errorf("members = %d, want 1", got)
	}
}

func TestPreviewMetadataMerge(t *testing.T) {
	spec := previewSpec(t)
	_, client, uid, _ := previewFixture(t)
	p := &confirm.Previewer{Clerk: client}
	body := `{"public_metadata":{"plan":"pro","flags":{"old":null,"new":true}}}`
	pv := p.Preview(context.Background(), spec, newReq(t, spec, "UpdateUserMetadata", map[string]string{"user_id": uid}, body))
	if pv.Irreversible {
		t.Errorf("a metadata merge is not irreversible")
	}
	var before, after map[string]map[string]any
	if err := json.Unmarshal(pv.Before, &before); err != nil {
		t.Fatalf("Before %s: %v", pv.Before, err)
	}
	if err := json.Unmarshal(pv.After, &after); err != nil {
		t.Fatalf("After %s: %v", pv.After, err)
	}
	wantBefore := `{"public_metadata":{"flags":{"beta":true,"old":1},"plan":"free"}}`
	wantAfter := `{"public_metadata":{"flags":{"beta":true,"new":true},"plan":"pro"}}`
	if string(pv.Before) != wantBefore || string(pv.After) != wantAfter {
		t.Errorf("Before/After =\n%s\n%s\nwant\n%s\n%s", pv.Before, pv.After, wantBefore, wantAfter)
	}
	notes := strings.Join(pv.Notes, "\n")
	for _, want := range []string{"public_metadata:", "private_metadata:", "unsafe_metadata:", "This change writes public_metadata"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestPreviewLookupFails(t *testing.T) {
	spec := previewSpec(t)
	_, client, _, _ := previewFixture(t)
	p := &confirm.Previewer{Clerk: client}
	pv := p.Preview(context.Background(), spec, newReq(t, spec, "DeleteUser", map[string]string{"user_id": "user_missing"}, ""))
	if !pv.Irreversible {
		t.Errorf("a failed look-up must still mark the delete irreversible")
	}
	if len(pv.Problems) == 0 || !strings.Contains(pv.Problems[0], "Retrieve a user failed") {
		t.Errorf("Problems = %q, want the failed look-up named", pv.Problems)
	}
	if !strings.Contains(pv.Missing, "user_missing") {
		t.Errorf("Missing = %q, want Clerk's sentence naming the user", pv.Missing)
	}
}
