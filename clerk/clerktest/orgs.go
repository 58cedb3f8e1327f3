package clerktest

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

type organization struct {
	id, name, slug          string
	maxAllowed              int64 // 0 means unlimited
	adminDeleteEnabled      bool
	publicMeta, privateMeta map[string]any
	createdBy               string
	roleSetKey              *string
	createdAt, updatedAt    int64
}

// orgJSON is the Organization object of the spec.
type orgJSON struct {
	Object                               string         `json:"object"`
	ID                                   string         `json:"id"`
	Name                                 string         `json:"name"`
	Slug                                 string         `json:"slug"`
	ImageURL                             string         `json:"image_url"`
	HasImage                             bool           `json:"has_image"`
	MembersCount                         *int64         `json:"members_count,omitempty"`
	MissingMemberWithElevatedPermissions *bool          `json:"missing_member_with_elevated_permissions,omitempty"`
	PendingInvitationsCount              *int64         `json:"pending_invitations_count,omitempty"`
	MaxAllowedMemberships                int64          `json:"max_allowed_memberships"`
	AdminDeleteEnabled                   bool           `json:"admin_delete_enabled"`
	PublicMetadata                       map[string]any `json:"public_metadata"`
	PrivateMetadata                      map[string]any `json:"private_metadata"`
	CreatedBy                            string         `json:"created_by,omitempty"`
	CreatedAt                            int64          `json:"created_at"`
	UpdatedAt                            int64          `json:"updated_at"`
	RoleSetKey                           *string        `json:"role_set_key"`
}

// orgExtras selects the optional counts of GET /organizations and /organizations/{id}.
type orgExtras struct{ membersCount, missingAdmin bool }

func (s *Server) renderOrg(o *organization, x orgExtras) orgJSON {
	j := orgJSON{
		Object: "organization", ID: o.id, Name: o.name, Slug: o.slug, ImageURL: defaultImageURL,
		MaxAllowedMemberships: o.maxAllowed, AdminDeleteEnabled: o.adminDeleteEnabled,
		PublicMetadata: cloneMeta(o.publicMeta), PrivateMetadata: cloneMeta(o.privateMeta),
		CreatedBy: o.createdBy, CreatedAt: o.createdAt, UpdatedAt: o.updatedAt, RoleSetKey: o.roleSetKey,
	}
	if x.membersCount {
		j.MembersCount = ptr(int64(s.membersCount(o.id)))
		var pending int64
		now := s.nowMillis()
		for _, inv := range s.data.orgInvites {
			if inv.orgID == o.id && inv.status(now) == "pending" {
				pending++
			}
		}
		j.PendingInvitationsCount = &pending
	}
	if x.missingAdmin {
		hasAdmin := false
		for _, m := range s.data.memberships {
			hasAdmin = hasAdmin || (m.orgID == o.id && m.role == roleAdmin)
		}
		j.MissingMemberWithElevatedPermissions = ptr(!hasAdmin)
	}
	return j
}

func (s *Server) membersCount(orgID string) int {
	n := 0
	for _, m := range s.data.memberships {
		if m.orgID == orgID {
			n++
		}
	}
	return n
}

func orgExtrasFrom(c *call) (orgExtras, *apiError) {
	members, err := queryBool(c.query, "include_members_count")
	if err != nil {
		return orgExtras{}, err
	}
	missing, err := queryBool(c.query, "include_missing_member_with_elevated_permissions")
	if err != nil {
		return orgExtras{}, err
	}
	return orgExtras{membersCount: members != nil && *members, missingAdmin: missing != nil && *missing}, nil
}

// orgByIDOrSlug finds an organization by id or, failing that, by slug.
func (s *Server) orgByIDOrSlug(idOrSlug string) (*organization, *apiError) {
	if o, ok := s.data.orgs[idOrSlug]; ok {
		return o, nil
	}
	for _, o := range s.data.orgs {
		if o.slug == idOrSlug {
			return o, nil
		}
	}
	return nil, errNotFound("organization", idOrSlug)
}

func (s *Server) orgByID(id string) (*organization, *apiError) {
	if o, ok := s.data.orgs[id]; ok {
		return o, nil
	}
	return nil, errNotFound("organization", id)
}

func (s *Server) allOrgs() []*organization {
	return sortedValues(s.data.orgs, func(o *organization) int64 { return o.createdAt }, func(o *organization) string { return o.id })
}

func (s *Server) listOrgs(c *call) (any, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	x, err := orgExtrasFrom(c)
	if err != nil {
		return nil, err
	}
	o, err := parseOrderBy(c.query, "-created_at", "name", "created_at", "members_count")
	if err != nil {
		return nil, err
	}
	query, _ := first(c.query, "query")
	users, orgIDs := parseIDFilter(c.query, "user_id"), parseIDFilter(c.query, "organization_id")
	var out []*organization
	for _, org := range s.allOrgs() {
		if query != "" && org.id != query && !containsFold(org.name, query) && !containsFold(org.slug, query) {
			continue
		}
		if !orgIDs.matchAny(org.id) {
			continue
		}
		if !users.empty() {
			var members []string
			for _, m := range s.data.memberships {
				if m.orgID == org.id {
					members = append(members, m.userID)
				}
			}
			if !users.matchAny(members...) {
				continue
			}
		}
		out = append(out, org)
	}
	slices.SortStableFunc(out, func(a, b *organization) int {
		var c int
		switch o.field {
		case "name":
			c = strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
		case "members_count":
			c = cmp.Compare(s.membersCount(a.id), s.membersCount(b.id))
		}
		c = cmp.Or(c, cmp.Compare(a.createdAt, b.createdAt), cmp.Compare(a.id, b.id))
		if o.desc {
			return -c
		}
		return c
	})
	rendered := make([]orgJSON, 0, len(out))
	for _, org := range out {
		rendered = append(rendered, s.renderOrg(org, x))
	}
	return newList(p, rendered), nil
}

func (s *Server) getOrg(c *call) (any, *apiError) {
	o, err := s.orgByIDOrSlug(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	x, err := orgExtrasFrom(c)
	if err != nil {
		return nil, err
	}
	return s.renderOrg(o, x), nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// slugify turns an organization name into a slug candidate.
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (s *Server) slugTaken(slug, except string) bool {
	for _, o := range s.data.orgs {
		if o.id != except && o.slug == slug {
			return true
		}
	}
	return false
}

func checkOrgName(name string) *apiError {
	switch {
	case strings.TrimSpace(name) == "":
		return errParamMissing("name")
	case len(name) > 256:
		return errParamFormat("name", "name must be at most 256 characters long.")
	case strings.Contains(name, "://") || strings.ContainsAny(name, "<>"):
		return errParamFormat("name", "name may not contain URLs or HTML.")
	}
	return nil
}

func (s *Server) checkSlug(slug, except string) *apiError {
	if !slugPattern.MatchString(slug) {
		return errParamFormat("slug", "slug can contain only lowercase letters, digits and single dashes.")
	}
	if s.slugTaken(slug, except) {
		return errIdentifierExists("slug", fmt.Sprintf("The slug %q is taken by another organization.", slug))
	}
	return nil
}

var createOrgFields = []string{"name", "created_by", "private_metadata", "public_metadata", "slug",
	"max_allowed_memberships", "created_at", "role_set_key"}

func (s *Server) createOrg(c *call) (any, *apiError) {
	f, err := parseForm(c.body, createOrgFields...)
	if err != nil {
		return nil, err
	}
	name, err := f.requiredStr("name")
	if err != nil {
		return nil, err
	}
	if err := checkOrgName(name); err != nil {
		return nil, err
	}
	now := s.nowMillis()
	o := &organization{id: s.newID("org"), name: name, adminDeleteEnabled: true, createdAt: now, updatedAt: now}
	createdBy, err := f.str("created_by")
	if err != nil {
		return nil, err
	}
	if createdBy != nil && *createdBy != "" {
		if _, ok := s.data.users[*createdBy]; !ok {
			return nil, errParamValue("created_by", fmt.Sprintf("created_by %q does not match any user.", *createdBy))
		}
		o.createdBy = *createdBy
	}
	slug, err := f.str("slug")
	if err != nil {
		return nil, err
	}
	if slug != nil && *slug != "" {
		if err := s.checkSlug(*slug, ""); err != nil {
			return nil, err
		}
		o.slug = *slug
	} else {
		o.slug = cmp.Or(slugify(name), "org")
		if s.slugTaken(o.slug, "") {
			o.slug += "-" + strings.ToLower(s.randomString(6))
		}
	}
	if err := s.applyOrgSettings(o, f); err != nil {
		return nil, err
	}
	for _, m := range []struct {
		name string
		dst  *map[string]any
	}{{"public_metadata", &o.publicMeta}, {"private_metadata", &o.privateMeta}} {
		v, _, err := f.object(m.name, true)
		if err != nil {
			return nil, err
		}
		*m.dst = cloneMeta(v)
	}
	s.data.orgs[o.id] = o
	if o.createdBy != "" {
		s.addMembership(o.id, o.createdBy, roleAdmin, nil, nil)
	}
	return s.renderOrg(o, orgExtras{}), nil
}

// applyOrgSettings reads the fields create and update share.
func (s *Server) applyOrgSettings(o *organization, f form) *apiError {
	limit, err := f.integer("max_allowed_memberships")
	if err != nil {
		return err
	}
	if limit != nil {
		if *limit < 0 {
			return errParamValue("max_allowed_memberships", "max_allowed_memberships must be 0 (unlimited) or more.")
		}
		o.maxAllowed = *limit
	}
	created, err := f.timestamp("created_at")
	if err != nil {
		return err
	}
	if created != nil {
		o.createdAt = *created
	}
	key, err := f.str("role_set_key")
	if err != nil {
		return err
	}
	if f.has("role_set_key") {
		o.roleSetKey = key
	}
	return nil
}

func (s *Server) updateOrg(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	allowed := []string{"name", "slug", "max_allowed_memberships", "admin_delete_enabled", "created_at", "role_set_key"}
	metaFields := []string{"public_metadata", "private_metadata"}
	if legacyMetadata(c) {
		allowed = append(allowed, metaFields...)
	}
	f, err := parseForm(c.body, allowed...)
	if err != nil {
		return nil, metadataHint(err, "/organizations/{organization_id}")
	}
	no := *o
	if err := replaceMetadata(f, metaFields, &no.publicMeta, &no.privateMeta); err != nil {
		return nil, err
	}
	name, err := f.str("name")
	if err != nil {
		return nil, err
	}
	if name != nil {
		if err := checkOrgName(*name); err != nil {
			return nil, err
		}
		no.name = *name
	}
	slug, err := f.str("slug")
	if err != nil {
		return nil, err
	}
	if slug != nil {
		if err := s.checkSlug(*slug, o.id); err != nil {
			return nil, err
		}
		no.slug = *slug
	}
	adminDelete, err := f.boolean("admin_delete_enabled")
	if err != nil {
		return nil, err
	}
	if adminDelete != nil {
		no.adminDeleteEnabled = *adminDelete
	}
	if err := s.applyOrgSettings(&no, f); err != nil {
		return nil, err
	}
	no.updatedAt = s.nowMillis()
	*o = no
	return s.renderOrg(o, orgExtras{}), nil
}

// deleteOrg deletes an organization with its memberships and invitations, and clears it
// from sessions that had it active.
func (s *Server) deleteOrg(c *call) (any, *apiError) {
	o, err := s.orgByID(c.param("organization_id"))
	if err != nil {
		return nil, err
	}
	delete(s.data.orgs, o.id)
	for id, m := range s.data.memberships {
		if m.orgID == o.id {
			delete(s.data.memberships, id)
		}
	}
	for id, inv := range s.data.orgInvites {
		if inv.orgID == o.id {
			delete(s.data.orgInvites, id)
		}
	}
	for _, ss := range s.data.sessions {
		if ss.lastActiveOrgID != nil && *ss.lastActiveOrgID == o.id {
			ss.lastActiveOrgID = nil
		}
	}
	return deletedJSON{Object: "organization", ID: o.id, Slug: o.slug, Deleted: true}, nil
}

// orgMetadata serves PATCH (deep merge) and PUT (replace) /organizations/{id}/metadata.
func (s *Server) orgMetadata(replace bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		o, err := s.orgByID(c.param("organization_id"))
		if err != nil {
			return nil, err
		}
		f, err := parseForm(c.body, "public_metadata", "private_metadata")
		if err != nil {
			return nil, err
		}
		updated, err := updateMetadata(f, replace, map[string]map[string]any{
			"public_metadata": o.publicMeta, "private_metadata": o.privateMeta,
		})
		if err != nil {
			return nil, err
		}
		o.publicMeta, o.privateMeta = updated["public_metadata"], updated["private_metadata"]
		o.updatedAt = s.nowMillis()
		return s.renderOrg(o, orgExtras{}), nil
	}
}
