package clerktest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

func TestGetOrganization(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	acme := orgID(t, s, "acme-corp")
	tests := []struct {
		name, path string
		wantName   string
		wantCount  any
	}{
		{"by slug", "/organizations/acme-corp", "Acme Corp", nil},
		{"by id", "/organizations/" + acme, "Acme Corp", nil},
		{"with members count", "/organizations/acme-corp?include_members_count=true", "Acme Corp", float64(5)},
		{"other slug", "/organizations/umbrella-labs", "Umbrella Labs", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := call[obj](t, s, "GET", tc.path, "", 200)
			if o["name"] != tc.wantName || o["id"] == "" || o["members_count"] != tc.wantCount {
				t.Errorf("GET %s = name %v, members_count %v; want %s, %v", tc.path, o["name"], o["members_count"], tc.wantName, tc.wantCount)
			}
		})
	}
	t.Run("not found", func(t *testing.T) {
		wantError(t, send(t, s, "GET", "/organizations/no-such-org", ""), 404, "resource_not_found")
	})
}

func TestListOrganizations(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	alice := userID(t, s, "alice")
	type list struct {
		Data       []obj `json:"data"`
		TotalCount int   `json:"total_count"`
	}
	slugs := func(l list) []string {
		var out []string
		for _, o := range l.Data {
			out = append(out, o["slug"].(string))
		}
		return out
	}
	tests := []struct {
		query string
		want  []string
		total int
	}{
		{"", []string{"umbrella-labs", "initech", "globex", "acme-corp"}, 4},
		{"order_by=name", []string{"acme-corp", "globex", "initech", "umbrella-labs"}, 4},
		{"order_by=-members_count", []string{"acme-corp", "umbrella-labs", "initech", "globex"}, 4},
		{"query=CORP", []string{"globex", "acme-corp"}, 2},
		{"query=initech", []string{"initech"}, 1},
		{"user_id=" + alice, []string{"umbrella-labs", "acme-corp"}, 2},
		{"user_id=-" + alice, []string{"initech", "globex"}, 2},
		{"limit=2&offset=1", []string{"initech", "globex"}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := call[list](t, s, "GET", "/organizations?"+tc.query, "", 200)
			if diff := cmp.Diff(tc.want, slugs(got)); diff != "" || got.TotalCount != tc.total {
				t.Errorf("GET /organizations?%s total %d (want %d), slugs (-want +got):\n%s", tc.query, got.TotalCount, tc.total, diff)
			}
		})
	}
}

func TestOrganizationLifecycle(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	john, zane := userID(t, s, "john_doe"), userID(t, s, "zane_lee")

	o := call[obj](t, s, "POST", "/organizations", `{"name":"Wayne Enterprises","created_by":"`+john+`","max_allowed_memberships":2}`, 200)
	id := o["id"].(string)
	if o["slug"] != "wayne-enterprises" || !idPattern("org").MatchString(id) {
		t.Errorf("created %v, want slug wayne-enterprises and an org_ id", o)
	}
	if m, ok := s.Membership(id, john); !ok || m["role"] != "org:admin" {
		t.Errorf("creator membership = %v, %v; want org:admin", m, ok)
	}
	if dup := call[obj](t, s, "POST", "/organizations", `{"name":"Wayne Enterprises"}`, 200); dup["slug"] == "wayne-enterprises" {
		t.Errorf("second organization got the taken slug %v", dup["slug"])
	}

	m := call[obj](t, s, "POST", "/organizations/"+id+"/memberships", `{"user_id":"`+zane+`","role":"org:member"}`, 200)
	if !idPattern("orgmem").MatchString(m["id"].(string)) || m["role_name"] != "Member" {
		t.Errorf("membership = %v", m)
	}
	alice := userID(t, s, "alice")
	wantError(t, send(t, s, "POST", "/organizations/"+id+"/memberships", `{"user_id":"`+alice+`","role":"org:member"}`), 403, "organization_membership_quota_exceeded")
	wantError(t, send(t, s, "POST", "/organizations/"+id+"/memberships", `{"user_id":"`+zane+`","role":"org:member"}`), 422, "already_a_member_in_organization")

	m = call[obj](t, s, "PATCH", "/organizations/"+id+"/memberships/"+zane, `{"role":"org:admin"}`, 200)
	if m["role"] != "org:admin" || len(m["permissions"].([]any)) < 2 {
		t.Errorf("after role update: %v", m)
	}
	m = call[obj](t, s, "DELETE", "/organizations/"+id+"/memberships/"+zane, "", 200)
	if m["object"] != "organization_membership" {
		t.Errorf("DELETE membership answered %v, want the membership", m)
	}
	if _, ok := s.Membership(id, zane); ok {
		t.Error("membership still there after DELETE")
	}

	u := call[obj](t, s, "PATCH", "/organizations/"+id, `{"name":"Wayne Corp","slug":"wayne"}`, 200)
	if u["name"] != "Wayne Corp" || u["slug"] != "wayne" {
		t.Errorf("after update: %v", u)
	}
	wantError(t, send(t, s, "PATCH", "/organizations/"+id, `{"slug":"acme-corp"}`), 422, "form_identifier_exists")

	inv := call[obj](t, s, "POST", "/organizations/"+id+"/invitations", `{"email_address":"lucius@wayne.example","role":"org:member"}`, 200)
	invID := inv["id"].(string)
	d := call[obj](t, s, "DELETE", "/organizations/"+id, "", 200)
	if diff := cmp.Diff(obj{"object": "organization", "id": id, "slug": "wayne", "deleted": true}, d); diff != "" {
		t.Errorf("DELETE organization (-want +got):\n%s", diff)
	}
	if _, ok := s.Membership(id, john); ok {
		t.Error("memberships survive their organization")
	}
	if _, ok := s.OrganizationInvitation(invID); ok {
		t.Error("invitations survive their organization")
	}
}

func TestOrganizationMetadata(t *testing.T) {
	s := newServer(t)
	id, err := s.AddOrganization(clerktest.OrganizationSeed{Name: "Meta Org",
		PublicMetadata: map[string]any{"plan": "pro", "limits": map[string]any{"seats": 5, "api": 100}}})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		method, body, want string
	}{
		{"PATCH", `{"public_metadata":{"limits":{"api":null,"seats":10}}}`, `map[limits:map[seats:10] plan:pro]`},
		{"PUT", `{"public_metadata":{"plan":"free"}}`, `map[plan:free]`},
		{"PATCH", `{"private_metadata":{"x":1}}`, `map[plan:free]`},
	}
	for _, st := range steps {
		o := call[obj](t, s, st.method, "/organizations/"+id+"/metadata", st.body, 200)
		if got := fmt.Sprint(o["public_metadata"]); got != st.want {
			t.Errorf("%s %s: public_metadata = %s, want %s", st.method, st.body, got, st.want)
		}
	}
}

func TestMembershipListFilters(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	acme := orgID(t, s, "acme-corp")
	type list struct {
		Data       []obj `json:"data"`
		TotalCount int   `json:"total_count"`
	}
	tests := []struct {
		query string
		want  []string // usernames
	}{
		{"role=org:admin", []string{"bob_johnson", "john_doe"}},
		{"query=acme.com", []string{"bob_johnson", "carol_w", "uma_m"}},
		{"username=alice", []string{"alice"}},
		{"order_by=username", []string{"alice", "bob_johnson", "carol_w", "john_doe", "uma_m"}},
		{"order_by=-username&limit=2", []string{"uma_m", "john_doe"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := call[list](t, s, "GET", "/organizations/"+acme+"/memberships?"+tc.query, "", 200)
			var names []string
			for _, m := range got.Data {
				names = append(names, m["public_user_data"].(obj)["username"].(string))
			}
			if !slices.Contains([]string{"order_by=username", "order_by=-username&limit=2"}, tc.query) {
				names = sorted(names)
			}
			if diff := cmp.Diff(tc.want, names); diff != "" {
				t.Errorf("memberships?%s (-want +got):\n%s", tc.query, diff)
			}
		})
	}
}

func TestInvitations(t *testing.T) {
	c := newClock()
	s := clerktest.NewServer(clerktest.WithClock(c.Now), clerktest.WithSampleData())
	t.Cleanup(s.Close)

	emails := func(query string) []string {
		var out []string
		for _, inv := range call[[]obj](t, s, "GET", "/invitations?"+query, "", 200) {
			out = append(out, inv["email_address"].(string))
		}
		return out
	}
	if diff := cmp.Diff([]string{"kim@example.com", "lee@partner.io", "morgan@example.net", "yara@example.com"}, emails("")); diff != "" {
		t.Errorf("default list leaves out revoked only (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"spammer@example.biz"}, emails("status=revoked")); diff != "" {
		t.Errorf("status=revoked (-want +got):\n%s", diff)
	}

	inv := call[obj](t, s, "POST", "/invitations", `{"email_address":"new@guest.example","expires_in_days":1}`, 200)
	id := inv["id"].(string)
	if !idPattern("inv").MatchString(id) || inv["status"] != "pending" {
		t.Errorf("created %v", inv)
	}
	c.Advance(25 * time.Hour)
	if got, _ := s.Invitation(id); got["status"] != "expired" {
		t.Errorf("status after expiry = %v, want expired", got["status"])
	}
	wantError(t, send(t, s, "POST", "/invitations/"+id+"/revoke", ""), 400, "invitation_not_pending")

	again := call[obj](t, s, "POST", "/invitations", `{"email_address":"kim@example.com","ignore_existing":true}`, 200)
	revoked := call[obj](t, s, "POST", "/invitations/"+again["id"].(string)+"/revoke", "", 200)
	if revoked["revoked"] != true || revoked["status"] != "revoked" {
		t.Errorf("revoked invitation = %v", revoked)
	}

	wantError(t, send(t, s, "POST", "/invitations/bulk", `[{"email_address":"b1@x.example"},{"email_address":"b1@x.example"}]`), 422, "duplicate_record")
	wantError(t, send(t, s, "POST", "/invitations/bulk", `[{"email_address":"john@example.com","ignore_existing":true}]`), 422, "form_identifier_exists")
}

func TestOrganizationInvitations(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	acme, initech := orgID(t, s, "acme-corp"), orgID(t, s, "initech")
	type list struct {
		Data       []obj `json:"data"`
		TotalCount int   `json:"total_count"`
	}
	pending := call[list](t, s, "GET", "/organizations/"+acme+"/invitations?status=pending", "", 200)
	if pending.TotalCount != 2 {
		t.Errorf("acme-corp has %d pending invitations, want 2", pending.TotalCount)
	}
	revoked := call[list](t, s, "GET", "/organizations/"+initech+"/invitations?status=revoked", "", 200)
	if revoked.TotalCount != 1 {
		t.Errorf("initech has %d revoked invitations, want 1", revoked.TotalCount)
	}
	inv := pending.Data[0]
	if inv["public_inviter_data"] == nil || inv["organization_id"] != acme {
		t.Errorf("invitation = %v, want inviter data and the organization id", inv)
	}
	id := inv["id"].(string)
	got := call[obj](t, s, "POST", "/organizations/"+acme+"/invitations/"+id+"/revoke", "", 200)
	if got["status"] != "revoked" {
		t.Errorf("status after revoke = %v", got["status"])
	}
	wantError(t, send(t, s, "POST", "/organizations/"+acme+"/invitations/"+id+"/revoke", ""), 400, "organization_invitation_not_pending")
	wantError(t, send(t, s, "GET", "/organizations/"+initech+"/invitations/"+id, ""), 404, "resource_not_found")

	all := call[list](t, s, "GET", "/organization_invitations?status=pending", "", 200)
	if all.TotalCount != 2 { // acme's other one and globex's
		t.Errorf("instance-wide pending = %d, want 2", all.TotalCount)
	}
	if all.Data[0]["public_organization_data"] == nil {
		t.Errorf("instance-wide list lacks public_organization_data: %v", all.Data[0])
	}
}

func TestSessions(t *testing.T) {
	c := newClock()
	s := clerktest.NewServer(clerktest.WithClock(c.Now), clerktest.WithSampleData())
	t.Cleanup(s.Close)
	john := userID(t, s, "john_doe")

	list := call[[]obj](t, s, "GET", "/sessions?user_id="+john, "", 200)
	var statuses []string
	for _, ss := range list {
		statuses = append(statuses, ss["status"].(string))
	}
	if diff := cmp.Diff([]string{"active", "ended"}, statuses); diff != "" {
		t.Errorf("john_doe's sessions, newest first (-want +got):\n%s", diff)
	}
	wantError(t, send(t, s, "GET", "/sessions", ""), 422, "form_param_missing")

	ss := call[obj](t, s, "POST", "/sessions", `{"user_id":"`+john+`"}`, 200)
	id := ss["id"].(string)
	if !idPattern("sess").MatchString(id) || !idPattern("client").MatchString(ss["client_id"].(string)) {
		t.Errorf("session ids %v / %v", id, ss["client_id"])
	}
	if got := call[obj](t, s, "POST", "/sessions/"+id+"/revoke", "", 200); got["status"] != "revoked" {
		t.Errorf("status after revoke = %v", got["status"])
	}
	if got := call[obj](t, s, "POST", "/sessions/"+id+"/revoke", "", 200); got["status"] != "revoked" {
		t.Errorf("revoking twice: status %v, want revoked", got["status"])
	}

	other, err := s.AddSession(john)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(8 * 24 * time.Hour)
	if got, _ := s.Session(other); got["status"] != "expired" {
		t.Errorf("status after 8 days = %v, want expired", got["status"])
	}
}

func TestSeedHelpers(t *testing.T) {
	s := newServer(t)
	uid, err := s.AddUser(clerktest.UserSeed{Username: "seeded", EmailAddresses: []string{"seed@example.com"}, Banned: true})
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := s.User(uid); !ok || u["banned"] != true || u["username"] != "seeded" {
		t.Errorf("User(%s) = %v, %v", uid, u, ok)
	}
	oid, err := s.AddOrganization(clerktest.OrganizationSeed{Name: "Seeded Org"})
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := s.Organization("seeded-org"); !ok || o["id"] != oid {
		t.Errorf("Organization(seeded-org) = %v, %v", o, ok)
	}

	tests := []struct {
		name string
		err  func() error
	}{
		{"user with a taken email", func() error {
			_, err := s.AddUser(clerktest.UserSeed{EmailAddresses: []string{"SEED@example.com"}})
			return err
		}},
		{"user with a taken username", func() error { _, err := s.AddUser(clerktest.UserSeed{Username: "seeded"}); return err }},
		{"user with a taken id", func() error { _, err := s.AddUser(clerktest.UserSeed{ID: uid}); return err }},
		{"organization with a taken slug", func() error {
			_, err := s.AddOrganization(clerktest.OrganizationSeed{Name: "Seeded Org"})
			return err
		}},
		{"organization by a missing user", func() error {
			_, err := s.AddOrganization(clerktest.OrganizationSeed{Name: "Orphan", CreatedBy: "user_missing"})
			return err
		}},
		{"membership of a missing organization", func() error { _, err := s.AddMembership("org_missing", uid, "org:member"); return err }},
		{"membership with an unknown role", func() error { _, err := s.AddMembership(oid, uid, "org:owner"); return err }},
		{"session of a missing user", func() error { _, err := s.AddSession("user_missing"); return err }},
		{"invitation with a bad email", func() error { _, err := s.AddInvitation("not-an-email"); return err }},
		{"organization invitation to a missing organization", func() error {
			_, err := s.AddOrganizationInvitation("org_missing", "a@b.co", "org:member")
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.err(); err == nil {
				t.Error("got no error")
			}
		})
	}

	if _, err := s.AddMembership(oid, uid, "org:member"); err != nil {
		t.Errorf("AddMembership: %v", err)
	}
	if _, err := s.AddInvitation("guest@example.com"); err != nil {
		t.Errorf("AddInvitation: %v", err)
	}
	if _, err := s.AddOrganizationInvitation(oid, "guest@example.com", "org:admin"); err != nil {
		t.Errorf("AddOrganizationInvitation: %v", err)
	}
}
