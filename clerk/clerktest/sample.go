package clerktest

import (
	"strings"
	"time"
)

// sampleUser is one row of the sample data set.
type sampleUser struct {
	first, last, username, email, phone string
	plan                                string
	banned, locked, neverSignedIn       bool
}

var sampleUsers = []sampleUser{
	{first: "John", last: "Doe", username: "john_doe", email: "john@example.com", phone: "+14155550101", plan: "pro"},
	{first: "Alice", last: "Smith", username: "alice", email: "alice@example.com", plan: "enterprise"},
	{first: "Bob", last: "Johnson", username: "bob_johnson", email: "bob@acme.com", plan: "enterprise"},
	{first: "Carol", last: "Williams", username: "carol_w", email: "carol@acme.com", plan: "enterprise"},
	{first: "Dave", last: "Brown", username: "dave_brown", email: "dave@globex.com", phone: "+14155550105", plan: "pro"},
	{first: "Erin", last: "Davis", username: "erin_davis", email: "erin@globex.com", plan: "pro"},
	{first: "Frank", last: "Miller", username: "frank_m", email: "frank@initech.com", plan: "pro"},
	{first: "Grace", last: "Wilson", username: "grace_wilson", email: "grace@initech.com", plan: "free"},
	{first: "Heidi", last: "Moore", username: "heidi_moore", email: "heidi@umbrella-labs.io", plan: "enterprise"},
	{first: "Ivan", last: "Taylor", username: "ivan_t", email: "ivan@umbrella-labs.io", plan: "free"},
	{first: "Judy", last: "Anderson", username: "judy_anderson", email: "judy.anderson@gmail.com", plan: "free"},
	{first: "Mallory", last: "Thomas", username: "mallory", email: "mallory@spam-mail.example", plan: "free", banned: true},
	{first: "Niaj", last: "Jackson", username: "niaj_j", email: "niaj@outlook.com", plan: "free", neverSignedIn: true},
	{first: "Olivia", last: "White", username: "olivia_white", email: "olivia.white@gmail.com", phone: "+447700900123", plan: "pro"},
	{first: "Peggy", last: "Harris", username: "peggy_h", email: "peggy@yahoo.com", plan: "free", locked: true},
	{first: "Rupert", last: "Martin", username: "rupert_m", email: "rupert@example.org", plan: "free"},
	{first: "Sybil", last: "Thompson", username: "sybil_t", email: "sybil@example.org", plan: "pro"},
	{first: "Trent", last: "Garcia", username: "trent_garcia", email: "trent@globex.com", plan: "pro"},
	{first: "Uma", last: "Martinez", username: "uma_m", email: "uma@acme.com", plan: "enterprise"},
	{first: "Victor", last: "Robinson", username: "victor_r", email: "victor@hotmail.com", plan: "free", banned: true},
	{first: "Walter", last: "Clark", username: "walter_clark", email: "walter@initech.com", plan: "pro", locked: true},
	{first: "Xena", last: "Rodriguez", username: "xena_r", email: "xena@proton.me", plan: "free", neverSignedIn: true},
	{first: "Yara", last: "Lewis", username: "yara_lewis", email: "yara@example.com", plan: "pro"},
	{first: "Zane", last: "Lee", username: "zane_lee", email: "zane@example.com", plan: "free"},
	{first: "Quinn", last: "Walker", email: "quinn@example.com", phone: "+14155550125", plan: "free"},
}

type sampleOrg struct {
	name, slug, plan string
	creator          string   // username
	admins, members  []string // usernames
	invites          []struct{ email, role string }
}

var sampleOrgs = []sampleOrg{
	{name: "Acme Corp", slug: "acme-corp", plan: "enterprise", creator: "john_doe",
		admins: []string{"bob_johnson"}, members: []string{"carol_w", "uma_m", "alice"},
		invites: []struct{ email, role string }{{"new.hire@acme.com", roleMember}, {"contractor@freelance.dev", roleMember}}},
	{name: "Globex Corporation", slug: "globex", plan: "pro", creator: "dave_brown",
		members: []string{"erin_davis", "trent_garcia"},
		invites: []struct{ email, role string }{{"sam@globex.com", roleAdmin}}},
	{name: "Initech", slug: "initech", plan: "pro", creator: "frank_m",
		members: []string{"grace_wilson", "walter_clark"},
		invites: []struct{ email, role string }{{"bill.lumbergh@initech.com", roleMember}}},
	{name: "Umbrella Labs", slug: "umbrella-labs", plan: "enterprise", creator: "heidi_moore",
		admins: []string{"alice"}, members: []string{"ivan_t"}},
}

// sampleJWTTemplates are the sample data's JWT templates. Their ids are fixed, not drawn
// from the seeded source, so tests and demos can name them and so adding them changed no
// other sample id. Each row is a POST /jwt_templates body; signing keys are not kept.
var sampleJWTTemplates = []struct {
	id      string
	daysAgo int
	body    map[string]any
}{
	{"jtmp_2EzX50YEXsze1ztSq5wK9vOjk0B", 60, map[string]any{
		"name": "supabase",
		"claims": map[string]any{"aud": "authenticated", "role": "authenticated",
			"email": "{{user.primary_email_address}}", "app_metadata": map[string]any{}, "user_metadata": map[string]any{}},
		"lifetime": 60, "allowed_clock_skew": 5,
		"custom_signing_key": true, "signing_algorithm": "HS256", "signing_key": "sample-supabase-jwt-secret",
	}},
	{"jtmp_2DK49CKKg0iQRtmvnKxJkrRmVAM", 30, map[string]any{
		"name": "hasura",
		"claims": map[string]any{"https://hasura.io/jwt/claims": map[string]any{
			"x-hasura-user-id": "{{user.id}}", "x-hasura-default-role": "user", "x-hasura-allowed-roles": []any{"user", "admin"},
			"x-hasura-org-id": "{{org.id}}"}},
		"lifetime": 3600, "allowed_clock_skew": 10,
	}},
	{"jtmp_22klGngJX3yL8L7fmXbrdWmHoJd", 7, map[string]any{
		"name": "metabase",
		"claims": map[string]any{"email": "{{user.primary_email_address}}", "first_name": "{{user.first_name}}",
			"last_name": "{{user.last_name}}", "groups": []any{"{{org.slug}}"}},
		"lifetime": 600,
	}},
}

// sampleBlockedCountries is the sample instance's SMS country blocklist: countries under
// comprehensive US sanctions, which an instance may block for compliance whatever its
// traffic. Sorted, as the API keeps it.
var sampleBlockedCountries = []string{"IR", "KP"}

// seedSample loads the sample data set relative to the server's clock. It runs before the
// server is shared, so every id and timestamp follows from the seed and the clock alone.
func (s *Server) seedSample() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	start := now.Add(-90 * 24 * time.Hour)
	step := 90 * 24 * time.Hour / time.Duration(len(sampleUsers)+1)
	byName := map[string]string{} // username or email → user id
	for i, su := range sampleUsers {
		created := start.Add(time.Duration(i)*step + time.Duration(s.rnd.IntN(600))*time.Minute)
		seed := UserSeed{
			Username: su.username, FirstName: su.first, LastName: su.last,
			EmailAddresses: []string{su.email}, Password: true, Banned: su.banned, Locked: su.locked,
			CreatedAt:      created,
			PublicMetadata: map[string]any{"plan": su.plan},
		}
		if su.phone != "" {
			seed.PhoneNumbers = []string{su.phone}
		}
		if su.plan != "free" {
			seed.PrivateMetadata = map[string]any{"stripe_customer_id": "cus_" + s.randomString(14)}
		}
		if i%4 == 1 {
			seed.UnsafeMetadata = map[string]any{"theme": "dark"}
		}
		if i%5 == 0 {
			seed.ExternalID = "legacy-" + strings.ToLower(s.randomString(8))
		}
		if !su.neverSignedIn {
			since := now.Sub(created)
			seed.LastSignInAt = now.Add(-time.Duration(s.rnd.Int64N(int64(since))))
			seed.LastActiveAt = seed.LastSignInAt.Add(time.Duration(s.rnd.Int64N(int64(now.Sub(seed.LastSignInAt)) + 1)))
		}
		if su.username == "john_doe" {
			seed.PublicMetadata["onboarding"] = map[string]any{"completed": true, "step": 5}
		}
		id, err := s.addUser(seed)
		if err != nil {
			panic("clerktest: sample data is inconsistent: " + err.Error()) // a bug in this file
		}
		byName[su.username] = id
		byName[su.email] = id
	}

	for i, so := range sampleOrgs {
		created := start.Add(time.Duration(10+i*15) * 24 * time.Hour)
		orgID, err := s.addOrganization(OrganizationSeed{
			Name: so.name, Slug: so.slug, CreatedBy: byName[so.creator], CreatedAt: created,
			PublicMetadata:  map[string]any{"plan": so.plan, "seats": 10 * (len(so.admins) + len(so.members) + 1)},
			PrivateMetadata: map[string]any{"stripe_customer_id": "cus_" + s.randomString(14)},
		})
		if err != nil {
			panic("clerktest: sample data is inconsistent: " + err.Error())
		}
		add := func(usernames []string, role string) {
			for j, name := range usernames {
				m := s.addMembership(orgID, byName[name], role, nil, nil)
				m.createdAt = created.Add(time.Duration(j+1) * 36 * time.Hour).UnixMilli()
				m.updatedAt = m.createdAt
			}
		}
		add(so.admins, roleAdmin)
		add(so.members, roleMember)
		for j, inv := range so.invites {
			at := now.Add(-time.Duration(j+2) * 24 * time.Hour).UnixMilli()
			oi := &orgInvitation{
				id: s.newID("orginv"), orgID: orgID, email: inv.email, role: inv.role,
				inviterID: ptr(byName[so.creator]), state: "pending", publicMeta: map[string]any{},
				privateMeta: map[string]any{}, expiresAt: ptr(at + (defaultInvitationDays * 24 * time.Hour).Milliseconds()),
				createdAt: at, updatedAt: at,
			}
			if so.slug == "initech" {
				oi.state = "revoked"
			}
			s.data.orgInvites[oi.id] = oi
		}
	}

	for i, inv := range []struct{ email, state string }{
		{"kim@example.com", "pending"}, {"lee@partner.io", "pending"}, {"morgan@example.net", "pending"},
		{"spammer@example.biz", "revoked"}, {"yara@example.com", "accepted"},
	} {
		at := now.Add(-time.Duration(3*i+1) * 24 * time.Hour).UnixMilli()
		id := s.newID("inv")
		s.data.invitations[id] = &invitation{
			id: id, email: inv.email, publicMeta: map[string]any{"source": "sample"}, state: inv.state,
			url:       accountsURL + "/sign-up?__clerk_ticket=" + s.randomString(32),
			expiresAt: ptr(at + (defaultInvitationDays * 24 * time.Hour).Milliseconds()),
			createdAt: at, updatedAt: at,
		}
	}

	for i, name := range []string{"john_doe", "john_doe", "alice", "bob_johnson", "dave_brown", "heidi_moore",
		"grace_wilson", "olivia_white", "sybil_t", "yara_lewis", "mallory", "trent_garcia"} {
		u := s.data.users[byName[name]]
		at := now.Add(-time.Duration(i*5+1) * time.Hour).UnixMilli()
		var org *string
		for _, m := range s.allMemberships() {
			if m.userID == u.id {
				org = ptr(m.orgID)
				break
			}
		}
		ss := s.addSession(u.id, org, at)
		switch {
		case u.banned:
			ss.state = "revoked"
		case i == 1:
			ss.state = "ended"
		case i == 9:
			ss.activity = sessionActivity{id: ss.activity.id, deviceType: "iPhone", mobile: true, browserName: "Safari",
				browserVersion: "17.5", ip: "198.51.100.7", city: "London", country: "GB"}
		}
		u.lastActiveAt = ptr(max(deref64(u.lastActiveAt), at))
	}

	for _, st := range sampleJWTTemplates {
		t, err := s.buildJWTTemplate(formOf(st.body))
		if err != nil {
			panic("clerktest: sample data is inconsistent: " + err.longMessage)
		}
		t.id = st.id
		t.createdAt = now.Add(-time.Duration(st.daysAgo) * 24 * time.Hour).UnixMilli()
		t.updatedAt = t.createdAt
		s.data.jwtTemplates[t.id] = t
	}

	blocked, err := checkBlockedCountries(sampleBlockedCountries)
	if err != nil || len(blocked) != len(sampleBlockedCountries) {
		panic("clerktest: sample data is inconsistent: the SMS blocklist has an invalid or unknown code")
	}
	s.data.blockedCountries = blocked
}
