package clerktest

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// UserSeed describes a user for AddUser. Empty fields take the defaults a user created
// through the API would have.
type UserSeed struct {
	ID                  string // generated when empty
	Username            string
	FirstName, LastName string
	EmailAddresses      []string // the first is primary
	PhoneNumbers        []string // the first is primary
	ExternalID          string
	PublicMetadata      map[string]any
	PrivateMetadata     map[string]any
	UnsafeMetadata      map[string]any
	Password            bool      // password_enabled
	Banned, Locked      bool      // a seeded lock does not expire
	CreatedAt           time.Time // the server clock's now when zero
	LastSignInAt        time.Time // never when zero
	LastActiveAt        time.Time // never when zero
}

// OrganizationSeed describes an organization for AddOrganization.
type OrganizationSeed struct {
	ID                    string // generated when empty
	Name                  string
	Slug                  string // derived from Name when empty
	CreatedBy             string // a user id; that user becomes an org:admin member
	PublicMetadata        map[string]any
	PrivateMetadata       map[string]any
	MaxAllowedMemberships int       // 0 means unlimited
	CreatedAt             time.Time // the server clock's now when zero
}

func optString(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

func optMillis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	return ptr(t.UnixMilli())
}

// AddUser stores a user, bypassing the API's validation except for uniqueness and the
// shape of identifiers, and returns its id.
func (s *Server) AddUser(seed UserSeed) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUser(seed)
}

func (s *Server) addUser(seed UserSeed) (string, error) {
	now := s.nowMillis()
	id := seed.ID
	if id == "" {
		id = s.newID("user")
	}
	if _, ok := s.data.users[id]; ok {
		return "", fmt.Errorf("clerktest: user %s already exists", id)
	}
	u := &user{
		id: id, externalID: optString(seed.ExternalID), firstName: optString(seed.FirstName),
		lastName: optString(seed.LastName), publicMeta: cloneMeta(seed.PublicMetadata),
		privateMeta: cloneMeta(seed.PrivateMetadata), unsafeMeta: cloneMeta(seed.UnsafeMetadata),
		passwordEnabled: seed.Password, banned: seed.Banned, locked: seed.Locked,
		lastSignInAt: optMillis(seed.LastSignInAt), lastActiveAt: optMillis(seed.LastActiveAt),
		createdAt: now, deleteSelfEnabled: true, createOrgEnabled: true,
	}
	if c := optMillis(seed.CreatedAt); c != nil {
		u.createdAt = *c
	}
	u.updatedAt = max(u.createdAt, deref64(u.lastSignInAt))
	if seed.Username != "" {
		name := strings.ToLower(seed.Username)
		if !usernamePattern.MatchString(name) || s.usernameTaken(name, "") {
			return "", fmt.Errorf("clerktest: username %q is invalid or taken", seed.Username)
		}
		u.username = &name
	}
	if u.externalID != nil && s.externalIDTaken(*u.externalID, "") {
		return "", fmt.Errorf("clerktest: external id %q is taken", seed.ExternalID)
	}
	var err *apiError
	if u.emails, err = s.identifications("email_address", seed.EmailAddresses, nil, emailPattern, u.createdAt); err != nil {
		return "", errors.New("clerktest: " + err.longMessage)
	}
	if u.phones, err = s.identifications("phone_number", seed.PhoneNumbers, nil, phonePattern, u.createdAt); err != nil {
		return "", errors.New("clerktest: " + err.longMessage)
	}
	if len(u.emails) > 0 {
		u.primaryEmailID = &u.emails[0].id
	}
	if len(u.phones) > 0 {
		u.primaryPhoneID = &u.phones[0].id
	}
	if seed.Password {
		u.passwordUpdatedAt = ptr(u.createdAt)
	}
	s.data.users[u.id] = u
	return u.id, nil
}

func deref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// AddOrganization stores an organization and returns its id.
func (s *Server) AddOrganization(seed OrganizationSeed) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addOrganization(seed)
}

func (s *Server) addOrganization(seed OrganizationSeed) (string, error) {
	if err := checkOrgName(seed.Name); err != nil {
		return "", fmt.Errorf("clerktest: organization name: %s", err.longMessage)
	}
	now := s.nowMillis()
	o := &organization{
		id: seed.ID, name: seed.Name, slug: seed.Slug, maxAllowed: int64(seed.MaxAllowedMemberships),
		adminDeleteEnabled: true, publicMeta: cloneMeta(seed.PublicMetadata),
		privateMeta: cloneMeta(seed.PrivateMetadata), createdBy: seed.CreatedBy, createdAt: now,
	}
	if o.id == "" {
		o.id = s.newID("org")
	}
	if _, ok := s.data.orgs[o.id]; ok {
		return "", fmt.Errorf("clerktest: organization %s already exists", o.id)
	}
	if o.slug == "" {
		o.slug = slugify(o.name)
	}
	if err := s.checkSlug(o.slug, ""); err != nil {
		return "", errors.New("clerktest: " + err.longMessage)
	}
	if c := optMillis(seed.CreatedAt); c != nil {
		o.createdAt = *c
	}
	o.updatedAt = o.createdAt
	if o.createdBy != "" {
		if _, ok := s.data.users[o.createdBy]; !ok {
			return "", fmt.Errorf("clerktest: organization creator %s does not exist", o.createdBy)
		}
	}
	s.data.orgs[o.id] = o
	if o.createdBy != "" {
		m := s.addMembership(o.id, o.createdBy, roleAdmin, nil, nil)
		m.createdAt, m.updatedAt = o.createdAt, o.createdAt
	}
	return o.id, nil
}

// AddMembership makes a user a member of an organization with role org:admin or
// org:member, and returns the membership id.
func (s *Server) AddMembership(orgID, userID, role string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedMembership(orgID, userID, role)
}

func (s *Server) seedMembership(orgID, userID, role string) (string, error) {
	if _, ok := s.data.orgs[orgID]; !ok {
		return "", fmt.Errorf("clerktest: organization %s does not exist", orgID)
	}
	if _, ok := s.data.users[userID]; !ok {
		return "", fmt.Errorf("clerktest: user %s does not exist", userID)
	}
	if err := checkRole(role); err != nil {
		return "", errors.New("clerktest: " + err.longMessage)
	}
	if s.findMembership(orgID, userID) != nil {
		return "", fmt.Errorf("clerktest: user %s is already a member of %s", userID, orgID)
	}
	return s.addMembership(orgID, userID, role, nil, nil).id, nil
}

// AddInvitation stores a pending instance invitation for an email address and returns its
// id.
func (s *Server) AddInvitation(email string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, err := s.buildInvitation(formOf(map[string]any{"email_address": email}), false, nil)
	if err != nil {
		return "", errors.New("clerktest: " + err.longMessage)
	}
	s.data.invitations[inv.id] = inv
	return inv.id, nil
}

// AddOrganizationInvitation stores a pending invitation to an organization and returns
// its id.
func (s *Server) AddOrganizationInvitation(orgID, email, role string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, apiErr := s.orgByID(orgID)
	if apiErr != nil {
		return "", errors.New("clerktest: " + apiErr.longMessage)
	}
	inv, apiErr := s.buildOrgInvitation(o, formOf(map[string]any{"email_address": email, "role": role}), nil)
	if apiErr != nil {
		return "", errors.New("clerktest: " + apiErr.longMessage)
	}
	s.data.orgInvites[inv.id] = inv
	return inv.id, nil
}

// AddSession signs a user in: it stores an active session and returns its id.
func (s *Server) AddSession(userID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.data.users[userID]
	if !ok {
		return "", fmt.Errorf("clerktest: user %s does not exist", userID)
	}
	now := s.nowMillis()
	u.lastSignInAt, u.lastActiveAt = &now, &now
	return s.addSession(userID, nil, now).id, nil
}

// AddJWTTemplate stores a JWT template with the API's defaults (a 60-second lifetime, 5
// seconds of clock skew, the instance's signing key) and returns its id. The name must be
// free and the claims are checked as POST /jwt_templates checks them; nil claims are an
// empty object.
func (s *Server) AddJWTTemplate(name string, claims map[string]any) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if claims == nil {
		claims = map[string]any{}
	}
	t, err := s.buildJWTTemplate(formOf(map[string]any{"name": name, "claims": claims}))
	if err != nil {
		return "", errors.New("clerktest: " + err.longMessage)
	}
	t.id = s.newID("jtmp")
	s.data.jwtTemplates[t.id] = t
	return t.id, nil
}

// SetBlockedCountryCodes replaces the instance's SMS country blocklist as PATCH
// /instance/communication does: at most 250 codes, each two uppercase letters, none twice,
// or an error and the list unchanged. Codes that are not ISO 3166-1 alpha-2 codes in use
// are dropped, as the API drops them, and the rest are kept sorted; BlockedCountryCodes
// shows what was kept. nil or an empty list clears it.
func (s *Server) SetBlockedCountryCodes(codes []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept, err := checkBlockedCountries(codes)
	if err != nil {
		return errors.New("clerktest: " + err.longMessage)
	}
	s.data.blockedCountries = kept
	return nil
}

// User returns a user as GET /users/{user_id} would, decoded into generic JSON values
// (numbers are float64), or false when there is none.
func (s *Server) User(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.data.users[id]
	if !ok {
		return nil, false
	}
	return toMap(s.renderUser(u)), true
}

// Organization returns an organization, found by id or slug, as the API renders it.
func (s *Server) Organization(idOrSlug string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.orgByIDOrSlug(idOrSlug)
	if err != nil {
		return nil, false
	}
	return toMap(s.renderOrg(o, orgExtras{membersCount: true})), true
}

// Membership returns a user's membership of an organization as the API renders it.
func (s *Server) Membership(orgID, userID string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findMembership(orgID, userID)
	if m == nil {
		return nil, false
	}
	return toMap(s.renderMembership(m)), true
}

// Invitation returns an instance invitation as the API renders it.
func (s *Server) Invitation(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.data.invitations[id]
	if !ok {
		return nil, false
	}
	return toMap(s.renderInvitation(inv)), true
}

// OrganizationInvitation returns an organization invitation as the API renders it.
func (s *Server) OrganizationInvitation(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.data.orgInvites[id]
	if !ok {
		return nil, false
	}
	return toMap(s.renderOrgInvitation(inv)), true
}

// Session returns a session as the API renders it.
func (s *Server) Session(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.data.sessions[id]
	if !ok {
		return nil, false
	}
	return toMap(s.renderSession(ss)), true
}

// JWTTemplate returns a JWT template as the API renders it.
func (s *Server) JWTTemplate(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.data.jwtTemplates[id]
	if !ok {
		return nil, false
	}
	return toMap(renderJWTTemplate(t)), true
}

// BlockedCountryCodes returns the instance's SMS country blocklist, sorted, as GET
// /instance/communication shows it; never nil.
func (s *Server) BlockedCountryCodes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renderCommunication().BlockedCountryCodes
}
