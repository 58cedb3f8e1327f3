package clerktest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
)

// Roles are the two every Clerk instance starts with; custom roles are not emulated.
const (
	roleAdmin  = "org:admin"
	roleMember = "org:member"
)

var rolePermissions = map[string][]string{
	roleAdmin: {"org:sys_profile:manage", "org:sys_profile:delete", "org:sys_memberships:read",
		"org:sys_memberships:manage", "org:sys_domains:read", "org:sys_domains:manage"},
	roleMember: {"org:sys_memberships:read"},
}

var roleNames = map[string]string{roleAdmin: "Admin", roleMember: "Member"}

func checkRole(role string) *apiError {
	if _, ok := rolePermissions[role]; !ok {
		return errParamValue("role", fmt.Sprintf("role %q does not exist; clerktest knows %s and %s.", role, roleAdmin, roleMember))
	}
	return nil
}

type membership struct {
	id, orgID, userID, role string
	publicMeta, privateMeta map[string]any
	createdAt, updatedAt    int64
}

type publicUserDataJSON struct {
	UserID          string  `json:"user_id"`
	FirstName       *string `json:"first_name"`
	LastName        *string `json:"last_name"`
	ProfileImageURL *string `json:"profile_image_url"`
	ImageURL        string  `json:"image_url"`
	HasImage        bool    `json:"has_image"`
	Identifier      *string `json:"identifier"`
	Username        *string `json:"username"`
	Banned          bool    `json:"banned"`
	Deprovisioned   bool    `json:"deprovisioned"`
}

// membershipJSON is the OrganizationMembership object of the spec.
type membershipJSON struct {
	ID              string              `json:"id"`
	Object          string              `json:"object"`
	Role            string              `json:"role"`
	RoleName        string              `json:"role_name"`
	Permissions     []string            `json:"permissions"`
	PublicMetadata  map[string]any      `json:"public_metadata"`
	PrivateMetadata map[string]any      `json:"private_metadata"`
	Organization    orgJSON             `json:"organization"`
	PublicUserData  *publicUserDataJSON `json:"public_user_data,omitempty"`
	CreatedAt       int64               `json:"created_at"`
	UpdatedAt       int64               `json:"updated_at"`
}

func (s *Server) renderMembership(m *membership) membershipJSON {
	j := membershipJSON{
		ID: m.id, Object: "organization_membership", Role: m.role, RoleName: roleNames[m.role],
		Permissions:    slices.Clone(rolePermissions[m.role]),
		PublicMetadata: cloneMeta(m.publicMeta), PrivateMetadata: cloneMeta(m.privateMeta),
		CreatedAt: m.createdAt, UpdatedAt: m.updatedAt,
	}
	if o, ok := s.data.orgs[m.orgID]; ok {
		j.Organization = s.renderOrg(o, orgExtras{})
	}
	if u, ok := s.data.users[m.userID]; ok {
		j.PublicUserData = &publicUserDataJSON{
			UserID: u.id, FirstName: u.firstName, LastName: u.lastName,
			ProfileImageURL: ptr(defaultImageURL), ImageURL: defaultImageURL,
			Identifier: ptr(u.identifier()), Username: u.username, Banned: u.banned,
		}
	}
	return j
}

func (s *Server) allMemberships() []*membership {
	return sortedValues(s.data.memberships, func(m *membership) int64 { return m.createdAt }, func(m *membership) string { return m.id })
}

func (s *Server) findMembership(orgID, userID string) *membership {
	for _, m := range s.data.memberships {
		if m.orgID == orgID && m.userID == userID {
			return m
		}
	}
	return nil
}

func (s *Server) addMembership(orgID, userID, role string, public, private map[string]any) *membership {
	now := s.nowMillis()
	m := &membership{id: s.newID("orgmem"), orgID: orgID, userID: userID, role: role,
		publicMeta: cloneMeta(public), privateMeta: cloneMeta(private), createdAt: now, updatedAt: now}
	s.data.memberships[m.id] = m
	return m
}

func (s *Server) createMembership(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	f, err := parseForm(c.body, "user_id", "role", "public_metadata", "private_metadata")
	if err != nil {
		return nil, err
	}
	userID, err := f.requiredStr("user_id")
	if err != nil {
		return nil, err
	}
	role, err := f.requiredStr("role")
	if err != nil {
		return nil, err
	}
	public, _, err := f.object("public_metadata", true)
	if err != nil {
		return nil, err
	}
	private, _, err := f.object("private_metadata", true)
	if err != nil {
		return nil, err
	}
	if err := checkRole(role); err != nil {
		return nil, err
	}
	if _, err := s.userByID(userID); err != nil {
		return nil, err
	}
	if s.findMembership(o.id, userID) != nil {
		return nil, &apiError{status: http.StatusUnprocessableEntity, code: "already_a_member_in_organization",
			message: "already a member", longMessage: fmt.Sprintf("User %s is already a member of organization %s.", userID, o.id),
			meta: paramMeta("user_id")}
	}
	if o.maxAllowed > 0 && int64(s.membersCount(o.id)) >= o.maxAllowed {
		return nil, &apiError{status: http.StatusForbidden, code: "organization_membership_quota_exceeded",
			message:     "membership quota exceeded",
			longMessage: fmt.Sprintf("Organization %s has reached its limit of %d memberships.", o.id, o.maxAllowed)}
	}
	return s.renderMembership(s.addMembership(o.id, userID, role, public, private)), nil
}

var membershipOrderFields = []string{"created_at", "first_name", "last_name", "username", "email_address", "phone_number"}

func (s *Server) listMemberships(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	keep, err := s.userFilter(c)
	if err != nil {
		return nil, err
	}
	roles := values(c.query, "role")
	var out []*membership
	for _, m := range s.allMemberships() {
		if m.orgID != o.id || (len(roles) > 0 && !slices.Contains(roles, m.role)) {
			continue
		}
		if u, ok := s.data.users[m.userID]; !ok || !keep(u) {
			continue
		}
		out = append(out, m)
	}
	return s.pageMemberships(c, out)
}

// instanceMemberships serves GET /organization_memberships.
func (s *Server) instanceMemberships(c *call) (any, *apiError) {
	return s.pageMemberships(c, s.allMemberships())
}

// pageMemberships orders and pages memberships into the {data, total_count} envelope.
func (s *Server) pageMemberships(c *call, ms []*membership) (any, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	o, err := parseOrderBy(c.query, "-created_at", membershipOrderFields...)
	if err != nil {
		return nil, err
	}
	byUser := compareUsers(orderBy{field: o.field})
	slices.SortStableFunc(ms, func(a, b *membership) int {
		c := 0
		ua, uaOK := s.data.users[a.userID]
		ub, ubOK := s.data.users[b.userID]
		if o.field != "created_at" && uaOK && ubOK {
			c = byUser(ua, ub)
		}
		c = cmp.Or(c, cmp.Compare(a.createdAt, b.createdAt), cmp.Compare(a.id, b.id))
		if o.desc {
			return -c
		}
		return c
	})
	rendered := make([]membershipJSON, 0, len(ms))
	for _, m := range ms {
		rendered = append(rendered, s.renderMembership(m))
	}
	return newList(p, rendered), nil
}

// membershipFor finds the membership of the path's organization_id and user_id.
func (s *Server) membershipFor(c *call) (*membership, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	m := s.findMembership(o.id, c.param("user_id"))
	if m == nil {
		return nil, &apiError{status: http.StatusNotFound, code: "resource_not_found", message: "not found",
			longMessage: fmt.Sprintf("User %q is not a member of organization %s.", c.param("user_id"), o.id)}
	}
	return m, nil
}

func (s *Server) updateMembership(c *call) (any, *apiError) {
	m, err := s.membershipFor(c)
	if err != nil {
		return nil, err
	}
	f, err := parseForm(c.body, "role")
	if err != nil {
		return nil, err
	}
	role, err := f.requiredStr("role")
	if err != nil {
		return nil, err
	}
	if err := checkRole(role); err != nil {
		return nil, err
	}
	m.role, m.updatedAt = role, s.nowMillis()
	return s.renderMembership(m), nil
}

// deleteMembership removes a member and answers with the removed membership, as the spec
// says (not a DeletedObject).
func (s *Server) deleteMembership(c *call) (any, *apiError) {
	m, err := s.membershipFor(c)
	if err != nil {
		return nil, err
	}
	j := s.renderMembership(m)
	delete(s.data.memberships, m.id)
	return j, nil
}

func (s *Server) membershipMetadata(c *call) (any, *apiError) {
	m, err := s.membershipFor(c)
	if err != nil {
		return nil, err
	}
	f, err := parseForm(c.body, "public_metadata", "private_metadata")
	if err != nil {
		return nil, err
	}
	updated, err := updateMetadata(f, false, map[string]map[string]any{
		"public_metadata": m.publicMeta, "private_metadata": m.privateMeta,
	})
	if err != nil {
		return nil, err
	}
	m.publicMeta, m.privateMeta = updated["public_metadata"], updated["private_metadata"]
	m.updatedAt = s.nowMillis()
	return s.renderMembership(m), nil
}
