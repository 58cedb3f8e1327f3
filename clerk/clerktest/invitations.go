package clerktest

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	defaultInvitationDays = 30
	accountsURL           = "https://accounts.clerktest.dev"
)

// invitationStatus is the status of a pending invitation past its expiry: reported as
// expired, as Clerk does, without anything having to run when it expires.
func invitationStatus(state string, expiresAt *int64, now int64) string {
	if state == "pending" && expiresAt != nil && now >= *expiresAt {
		return "expired"
	}
	return state
}

// invitationStatusParam reads the status filter shared by the invitation lists.
func invitationStatusParam(q url.Values) (string, *apiError) {
	status, _ := first(q, "status")
	switch status {
	case "", "pending", "accepted", "revoked", "expired":
		return status, nil
	}
	return "", errParamValue("status", "status must be one of pending, accepted, revoked or expired.")
}

// expiresIn reads expires_in_days (1–365, default 30) as an expiry in Unix ms.
func expiresIn(f form, now int64) (*int64, *apiError) {
	days, err := f.integer("expires_in_days")
	if err != nil {
		return nil, err
	}
	d := int64(defaultInvitationDays)
	if days != nil {
		if *days < 1 || *days > 365 {
			return nil, errParamValue("expires_in_days", "expires_in_days must be between 1 and 365.")
		}
		d = *days
	}
	return ptr(now + d*(24*time.Hour).Milliseconds()), nil
}

func (s *Server) ticketURL(redirect *string, path string) string {
	base := accountsURL + path
	if redirect != nil && *redirect != "" {
		base = *redirect
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "__clerk_ticket=" + s.randomString(32)
}

// Instance invitations (/invitations).

type invitation struct {
	id, email            string
	publicMeta           map[string]any
	state                string // pending, accepted or revoked
	url                  string
	expiresAt            *int64
	createdAt, updatedAt int64
}

func (i *invitation) status(now int64) string { return invitationStatus(i.state, i.expiresAt, now) }

// invitationJSON is the Invitation object of the spec.
type invitationJSON struct {
	Object         string         `json:"object"`
	ID             string         `json:"id"`
	EmailAddress   string         `json:"email_address"`
	PublicMetadata map[string]any `json:"public_metadata"`
	Revoked        bool           `json:"revoked"`
	Status         string         `json:"status"`
	URL            string         `json:"url,omitempty"`
	ExpiresAt      *int64         `json:"expires_at"`
	CreatedAt      int64          `json:"created_at"`
	UpdatedAt      int64          `json:"updated_at"`
}

func (s *Server) renderInvitation(i *invitation) invitationJSON {
	status := i.status(s.nowMillis())
	return invitationJSON{
		Object: "invitation", ID: i.id, EmailAddress: i.email, PublicMetadata: cloneMeta(i.publicMeta),
		Revoked: status == "revoked", Status: status, URL: i.url, ExpiresAt: i.expiresAt,
		CreatedAt: i.createdAt, UpdatedAt: i.updatedAt,
	}
}

var invitationFields = []string{"email_address", "public_metadata", "redirect_url", "notify",
	"ignore_existing", "expires_in_days", "template_slug"}

// buildInvitation validates one invitation form. bulk forbids inviting an existing user even
// with ignore_existing, as the spec says for POST /invitations/bulk.
func (s *Server) buildInvitation(f form, bulk bool, batch []*invitation) (*invitation, *apiError) {
	email, err := f.requiredStr("email_address")
	if err != nil {
		return nil, err
	}
	email = strings.TrimSpace(email)
	if !emailPattern.MatchString(email) {
		return nil, errParamFormat("email_address", fmt.Sprintf("%q is not a valid email address.", email))
	}
	public, _, err := f.object("public_metadata", bulk)
	if err != nil {
		return nil, err
	}
	redirect, err := f.str("redirect_url")
	if err != nil {
		return nil, err
	}
	ignore, err := f.boolean("ignore_existing")
	if err != nil {
		return nil, err
	}
	if _, err := f.boolean("notify"); err != nil {
		return nil, err
	}
	if tmpl, err := f.str("template_slug"); err != nil {
		return nil, err
	} else if tmpl != nil && *tmpl != "invitation" && *tmpl != "waitlist_invitation" {
		return nil, errParamValue("template_slug", "template_slug must be invitation or waitlist_invitation.")
	}
	now := s.nowMillis()
	expires, err := expiresIn(f, now)
	if err != nil {
		return nil, err
	}
	ignoring := ignore != nil && *ignore
	if s.identifierTaken(email, "") && (bulk || !ignoring) {
		return nil, errIdentifierExists("email_address", fmt.Sprintf("A user with email address %q already exists.", email))
	}
	if !ignoring {
		pending := slices.ContainsFunc(batch, func(i *invitation) bool { return strings.EqualFold(i.email, email) })
		for _, i := range s.data.invitations {
			pending = pending || (strings.EqualFold(i.email, email) && i.status(now) == "pending")
		}
		if pending {
			return nil, errDuplicate("email_address", fmt.Sprintf("There is already a pending invitation for %q.", email))
		}
	}
	return &invitation{
		id: s.newID("inv"), email: email, publicMeta: cloneMeta(public), state: "pending",
		url: s.ticketURL(redirect, "/sign-up"), expiresAt: expires, createdAt: now, updatedAt: now,
	}, nil
}

func (s *Server) createInvitation(c *call) (any, *apiError) {
	f, err := parseForm(c.body, invitationFields...)
	if err != nil {
		return nil, err
	}
	inv, err := s.buildInvitation(f, false, nil)
	if err != nil {
		return nil, err
	}
	s.data.invitations[inv.id] = inv
	return s.renderInvitation(inv), nil
}

func (s *Server) bulkInvitations(c *call) (any, *apiError) {
	forms, err := parseFormList(c.body, 10, invitationFields...)
	if err != nil {
		return nil, err
	}
	var batch []*invitation
	for _, f := range forms {
		inv, err := s.buildInvitation(f, true, batch)
		if err != nil {
			return nil, err
		}
		batch = append(batch, inv)
	}
	out := make([]invitationJSON, 0, len(batch))
	for _, inv := range batch {
		s.data.invitations[inv.id] = inv
		out = append(out, s.renderInvitation(inv))
	}
	return out, nil
}

// listInvitations serves GET /invitations: a bare array. Without a status filter revoked
// invitations are left out, as the spec describes.
func (s *Server) listInvitations(c *call) (any, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	status, err := invitationStatusParam(c.query)
	if err != nil {
		return nil, err
	}
	o, err := parseOrderBy(c.query, "-created_at", "created_at", "email_address", "expires_at")
	if err != nil {
		return nil, err
	}
	query, _ := first(c.query, "query")
	now := s.nowMillis()
	var out []*invitation
	for _, inv := range sortedValues(s.data.invitations, func(i *invitation) int64 { return i.createdAt }, func(i *invitation) string { return i.id }) {
		st := inv.status(now)
		if (status == "" && st == "revoked") || (status != "" && st != status) {
			continue
		}
		if query != "" && inv.id != query && !containsFold(inv.email, query) {
			continue
		}
		out = append(out, inv)
	}
	slices.SortStableFunc(out, func(a, b *invitation) int {
		var c int
		switch o.field {
		case "email_address":
			c = strings.Compare(strings.ToLower(a.email), strings.ToLower(b.email))
		case "expires_at":
			c = cmpInts(a.expiresAt, b.expiresAt)
		}
		c = cmp.Or(c, cmp.Compare(a.createdAt, b.createdAt), cmp.Compare(a.id, b.id))
		if o.desc {
			return -c
		}
		return c
	})
	rendered := make([]invitationJSON, 0, len(out))
	for _, inv := range apply(p, out) {
		rendered = append(rendered, s.renderInvitation(inv))
	}
	return rendered, nil
}

func (s *Server) revokeInvitation(c *call) (any, *apiError) {
	id := c.param("invitation_id")
	inv, ok := s.data.invitations[id]
	if !ok {
		return nil, errNotFound("invitation", id)
	}
	if st := inv.status(s.nowMillis()); st != "pending" {
		return nil, errBadRequest("invitation_not_pending", fmt.Sprintf("Only pending invitations can be revoked; %s is %s.", id, st))
	}
	inv.state, inv.updatedAt = "revoked", s.nowMillis()
	return s.renderInvitation(inv), nil
}

// Organization invitations.

type orgInvitation struct {
	id, orgID, email, role  string
	inviterID               *string
	state                   string // pending, accepted or revoked
	publicMeta, privateMeta map[string]any
	url                     *string
	expiresAt               *int64
	createdAt, updatedAt    int64
}

func (i *orgInvitation) status(now int64) string { return invitationStatus(i.state, i.expiresAt, now) }

type inviterJSON struct {
	UserID     string  `json:"user_id"`
	FirstName  *string `json:"first_name"`
	LastName   *string `json:"last_name"`
	ImageURL   string  `json:"image_url"`
	HasImage   bool    `json:"has_image"`
	Identifier string  `json:"identifier"`
}

// orgInvitationJSON is the OrganizationInvitation object of the spec.
type orgInvitationJSON struct {
	Object            string         `json:"object"`
	ID                string         `json:"id"`
	EmailAddress      string         `json:"email_address"`
	Role              string         `json:"role"`
	RoleName          string         `json:"role_name"`
	OrganizationID    string         `json:"organization_id"`
	InviterID         *string        `json:"inviter_id"`
	PublicInviterData *inviterJSON   `json:"public_inviter_data"`
	Status            string         `json:"status"`
	PublicMetadata    map[string]any `json:"public_metadata"`
	PrivateMetadata   map[string]any `json:"private_metadata"`
	URL               *string        `json:"url"`
	ExpiresAt         *int64         `json:"expires_at"`
	CreatedAt         int64          `json:"created_at"`
	UpdatedAt         int64          `json:"updated_at"`
}

type publicOrgJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	ImageURL string `json:"image_url"`
	HasImage bool   `json:"has_image"`
}

// orgInvitationPublicJSON is OrganizationInvitationWithPublicOrganizationData, used by the
// instance-wide and per-user lists.
type orgInvitationPublicJSON struct {
	orgInvitationJSON
	PublicOrganizationData publicOrgJSON `json:"public_organization_data"`
}

func (s *Server) renderOrgInvitation(i *orgInvitation) orgInvitationJSON {
	j := orgInvitationJSON{
		Object: "organization_invitation", ID: i.id, EmailAddress: i.email, Role: i.role,
		RoleName: roleNames[i.role], OrganizationID: i.orgID, InviterID: i.inviterID,
		Status: i.status(s.nowMillis()), PublicMetadata: cloneMeta(i.publicMeta),
		PrivateMetadata: cloneMeta(i.privateMeta), URL: i.url, ExpiresAt: i.expiresAt,
		CreatedAt: i.createdAt, UpdatedAt: i.updatedAt,
	}
	if i.inviterID != nil {
		if u, ok := s.data.users[*i.inviterID]; ok {
			j.PublicInviterData = &inviterJSON{UserID: u.id, FirstName: u.firstName, LastName: u.lastName,
				ImageURL: defaultImageURL, Identifier: u.identifier()}
		}
	}
	return j
}

func (s *Server) renderOrgInvitationPublic(i *orgInvitation) orgInvitationPublicJSON {
	j := orgInvitationPublicJSON{orgInvitationJSON: s.renderOrgInvitation(i)}
	if o, ok := s.data.orgs[i.orgID]; ok {
		j.PublicOrganizationData = publicOrgJSON{ID: o.id, Name: o.name, Slug: o.slug, ImageURL: defaultImageURL}
	}
	return j
}

// allOrgInvitations returns every organization invitation, newest first when desc.
func (s *Server) allOrgInvitations(desc bool) []*orgInvitation {
	out := sortedValues(s.data.orgInvites, func(i *orgInvitation) int64 { return i.createdAt }, func(i *orgInvitation) string { return i.id })
	if desc {
		slices.Reverse(out)
	}
	return out
}

var orgInvitationFields = []string{"email_address", "inviter_user_id", "role", "public_metadata",
	"private_metadata", "redirect_url", "expires_in_days", "notify"}

// checkAdmin verifies that userID is an admin of the organization, for inviter_user_id and
// requesting_user_id.
func (s *Server) checkAdmin(orgID, userID, param string) *apiError {
	if _, err := s.userByID(userID); err != nil {
		return err
	}
	if m := s.findMembership(orgID, userID); m == nil || m.role != roleAdmin {
		return &apiError{status: 403, code: "not_an_admin_in_organization", message: "not an admin",
			longMessage: fmt.Sprintf("%s %s must be an admin of organization %s.", param, userID, orgID), meta: paramMeta(param)}
	}
	return nil
}

func (s *Server) buildOrgInvitation(o *organization, f form, batch []*orgInvitation) (*orgInvitation, *apiError) {
	email, err := f.requiredStr("email_address")
	if err != nil {
		return nil, err
	}
	email = strings.TrimSpace(email)
	role, err := f.requiredStr("role")
	if err != nil {
		return nil, err
	}
	if !emailPattern.MatchString(email) {
		return nil, errParamFormat("email_address", fmt.Sprintf("%q is not a valid email address.", email))
	}
	if err := checkRole(role); err != nil {
		return nil, err
	}
	inviter, err := f.str("inviter_user_id")
	if err != nil {
		return nil, err
	}
	if inviter != nil {
		if err := s.checkAdmin(o.id, *inviter, "inviter_user_id"); err != nil {
			return nil, err
		}
	}
	public, _, err := f.object("public_metadata", true)
	if err != nil {
		return nil, err
	}
	private, _, err := f.object("private_metadata", true)
	if err != nil {
		return nil, err
	}
	redirect, err := f.str("redirect_url")
	if err != nil {
		return nil, err
	}
	if _, err := f.boolean("notify"); err != nil {
		return nil, err
	}
	now := s.nowMillis()
	expires, err := expiresIn(f, now)
	if err != nil {
		return nil, err
	}
	for _, m := range s.data.memberships {
		if u, ok := s.data.users[m.userID]; ok && m.orgID == o.id &&
			slices.ContainsFunc(u.emails, func(e *identification) bool { return strings.EqualFold(e.value, email) }) {
			return nil, &apiError{status: 422, code: "already_a_member_in_organization", message: "already a member",
				longMessage: fmt.Sprintf("%s is already a member of organization %s.", email, o.id), meta: paramMeta("email_address")}
		}
	}
	pending := slices.ContainsFunc(batch, func(i *orgInvitation) bool { return strings.EqualFold(i.email, email) })
	for _, i := range s.data.orgInvites {
		pending = pending || (i.orgID == o.id && strings.EqualFold(i.email, email) && i.status(now) == "pending")
	}
	if pending {
		return nil, errDuplicate("email_address", fmt.Sprintf("There is already a pending invitation for %q in organization %s.", email, o.id))
	}
	var link *string
	if redirect != nil && *redirect != "" {
		link = ptr(s.ticketURL(redirect, ""))
	}
	return &orgInvitation{
		id: s.newID("orginv"), orgID: o.id, email: email, role: role, inviterID: inviter, state: "pending",
		publicMeta: cloneMeta(public), privateMeta: cloneMeta(private), url: link, expiresAt: expires,
		createdAt: now, updatedAt: now,
	}, nil
}

func (s *Server) createOrgInvitation(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	f, err := parseForm(c.body, orgInvitationFields...)
	if err != nil {
		return nil, err
	}
	inv, err := s.buildOrgInvitation(o, f, nil)
	if err != nil {
		return nil, err
	}
	s.data.orgInvites[inv.id] = inv
	return s.renderOrgInvitation(inv), nil
}

func (s *Server) bulkOrgInvitations(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	forms, err := parseFormList(c.body, 10, orgInvitationFields...)
	if err != nil {
		return nil, err
	}
	var batch []*orgInvitation
	for _, f := range forms {
		inv, err := s.buildOrgInvitation(o, f, batch)
		if err != nil {
			return nil, err
		}
		batch = append(batch, inv)
	}
	out := make([]orgInvitationJSON, 0, len(batch))
	for _, inv := range batch {
		s.data.orgInvites[inv.id] = inv
		out = append(out, s.renderOrgInvitation(inv))
	}
	return listResponse[orgInvitationJSON]{Data: out, TotalCount: int64(len(out))}, nil
}

// orgInvitationsFiltered applies the status, email and order_by parameters of the
// invitation lists.
func (s *Server) orgInvitationsFiltered(c *call, keep func(*orgInvitation) bool) ([]*orgInvitation, page, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, p, err
	}
	status, err := invitationStatusParam(c.query)
	if err != nil {
		return nil, p, err
	}
	o, err := parseOrderBy(c.query, "-created_at", "created_at", "email_address")
	if err != nil {
		return nil, p, err
	}
	now := s.nowMillis()
	var out []*orgInvitation
	for _, inv := range s.allOrgInvitations(false) {
		if keep(inv) && (status == "" || inv.status(now) == status) {
			out = append(out, inv)
		}
	}
	slices.SortStableFunc(out, func(a, b *orgInvitation) int {
		c := 0
		if o.field == "email_address" {
			c = strings.Compare(strings.ToLower(a.email), strings.ToLower(b.email))
		}
		c = cmp.Or(c, cmp.Compare(a.createdAt, b.createdAt), cmp.Compare(a.id, b.id))
		if o.desc {
			return -c
		}
		return c
	})
	return out, p, nil
}

func (s *Server) listOrgInvitations(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	email, _ := first(c.query, "email_address")
	invs, p, err := s.orgInvitationsFiltered(c, func(i *orgInvitation) bool {
		return i.orgID == o.id && (email == "" || strings.EqualFold(i.email, email))
	})
	if err != nil {
		return nil, err
	}
	return s.orgInvitationPage(p, invs), nil
}

// pendingOrgInvitations serves the deprecated GET …/invitations/pending.
func (s *Server) pendingOrgInvitations(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	now := s.nowMillis()
	var invs []*orgInvitation
	for _, inv := range s.allOrgInvitations(true) {
		if inv.orgID == o.id && inv.status(now) == "pending" {
			invs = append(invs, inv)
		}
	}
	return s.orgInvitationPage(p, invs), nil
}

func (s *Server) orgInvitationPage(p page, invs []*orgInvitation) listResponse[orgInvitationJSON] {
	out := make([]orgInvitationJSON, 0, len(invs))
	for _, inv := range invs {
		out = append(out, s.renderOrgInvitation(inv))
	}
	return newList(p, out)
}

// instanceOrgInvitations serves GET /organization_invitations.
func (s *Server) instanceOrgInvitations(c *call) (any, *apiError) {
	query, _ := first(c.query, "query")
	invs, p, err := s.orgInvitationsFiltered(c, func(i *orgInvitation) bool {
		return query == "" || containsFold(i.email, query)
	})
	if err != nil {
		return nil, err
	}
	out := make([]orgInvitationPublicJSON, 0, len(invs))
	for _, inv := range invs {
		out = append(out, s.renderOrgInvitationPublic(inv))
	}
	return newList(p, out), nil
}

func (s *Server) orgInvitationFor(c *call) (*orgInvitation, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	id := c.param("invitation_id")
	inv, ok := s.data.orgInvites[id]
	if !ok || inv.orgID != o.id {
		return nil, errNotFound("organization invitation", id)
	}
	return inv, nil
}

func (s *Server) getOrgInvitation(c *call) (any, *apiError) {
	inv, err := s.orgInvitationFor(c)
	if err != nil {
		return nil, err
	}
	return s.renderOrgInvitation(inv), nil
}

func (s *Server) revokeOrgInvitation(c *call) (any, *apiError) {
	inv, err := s.orgInvitationFor(c)
	if err != nil {
		return nil, err
	}
	f, err := parseForm(c.body, "requesting_user_id")
	if err != nil {
		return nil, err
	}
	requester, err := f.str("requesting_user_id")
	if err != nil {
		return nil, err
	}
	if requester != nil {
		if err := s.checkAdmin(inv.orgID, *requester, "requesting_user_id"); err != nil {
			return nil, err
		}
	}
	now := s.nowMillis()
	if st := inv.status(now); st != "pending" {
		return nil, errBadRequest("organization_invitation_not_pending", fmt.Sprintf("Only pending organization invitations can be revoked; %s is %s.", inv.id, st))
	}
	inv.state, inv.updatedAt = "revoked", now
	return s.renderOrgInvitation(inv), nil
}
