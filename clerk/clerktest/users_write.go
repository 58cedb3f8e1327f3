package clerktest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	emailPattern    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phonePattern    = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	usernamePattern = regexp.MustCompile(`^[a-z0-9_-]{4,64}$`)
)

var createUserFields = []string{"external_id", "first_name", "last_name", "locale", "email_address",
	"email_address_identification_status", "phone_number", "phone_number_identification_status",
	"web3_wallet", "username", "password", "password_digest", "password_hasher", "skip_password_checks",
	"skip_password_requirement", "totp_secret", "backup_codes", "public_metadata", "private_metadata",
	"unsafe_metadata", "delete_self_enabled", "legal_accepted_at", "skip_legal_checks",
	"skip_user_requirement", "create_organization_enabled", "create_organizations_limit", "created_at",
	"bypass_client_trust", "banned", "locked"}

// identifierTaken reports whether an email address or phone number belongs to a user other
// than except.
func (s *Server) identifierTaken(value, except string) bool {
	for _, u := range s.data.users {
		if u.id == except {
			continue
		}
		for _, e := range slices.Concat(u.emails, u.phones) {
			if strings.EqualFold(e.value, value) {
				return true
			}
		}
	}
	return false
}

func (s *Server) usernameTaken(name, except string) bool {
	for _, u := range s.data.users {
		if u.id != except && u.username != nil && *u.username == name {
			return true
		}
	}
	return false
}

func (s *Server) externalIDTaken(id, except string) bool {
	for _, u := range s.data.users {
		if u.id != except && u.externalID != nil && *u.externalID == id {
			return true
		}
	}
	return false
}

// identifications validates new email addresses or phone numbers and their statuses.
func (s *Server) identifications(param string, list, statuses []string, pattern *regexp.Regexp, now int64) ([]*identification, *apiError) {
	if len(statuses) > 0 && len(statuses) != len(list) {
		return nil, errParamValue(param+"_identification_status", fmt.Sprintf("%s_identification_status must have one item per %s.", param, param))
	}
	var out []*identification
	for i, v := range list {
		v = strings.TrimSpace(v)
		if !pattern.MatchString(v) {
			return nil, errParamFormat(param, fmt.Sprintf("%q is not a valid %s.", v, strings.ReplaceAll(param, "_", " ")))
		}
		if s.identifierTaken(v, "") || slices.ContainsFunc(out, func(e *identification) bool { return strings.EqualFold(e.value, v) }) {
			return nil, errIdentifierExists(param, fmt.Sprintf("%s %q is taken. Please try another one.", strings.ReplaceAll(param, "_", " "), v))
		}
		reserved := false
		if len(statuses) > 0 {
			switch statuses[i] {
			case "verified":
			case "reserved":
				reserved = true
			default:
				return nil, errParamValue(param+"_identification_status", "Each status must be verified or reserved.")
			}
		}
		out = append(out, &identification{id: s.newID("idn"), value: v, reserved: reserved, createdAt: now, updatedAt: now})
	}
	return out, nil
}

func (s *Server) createUser(c *call) (any, *apiError) {
	f, err := parseForm(c.body, createUserFields...)
	if err != nil {
		return nil, err
	}
	u, err := s.buildUser(f)
	if err != nil {
		return nil, err
	}
	s.data.users[u.id] = u
	return s.renderUser(u), nil
}

// buildUser validates a create-user form and returns the new, not yet stored, user.
func (s *Server) buildUser(f form) (*user, *apiError) {
	now := s.nowMillis()
	u := &user{id: s.newID("user"), createdAt: now, updatedAt: now, deleteSelfEnabled: true, createOrgEnabled: true}
	var err *apiError
	for _, p := range []struct {
		name string
		dst  **string
	}{{"external_id", &u.externalID}, {"first_name", &u.firstName}, {"last_name", &u.lastName}, {"locale", &u.locale}} {
		if *p.dst, err = f.str(p.name); err != nil {
			return nil, err
		}
	}
	if u.externalID != nil && s.externalIDTaken(*u.externalID, "") {
		return nil, errIdentifierExists("external_id", "external_id must be unique across the instance.")
	}
	lists := map[string][]string{}
	for _, name := range []string{"email_address", "email_address_identification_status", "phone_number",
		"phone_number_identification_status", "web3_wallet", "backup_codes"} {
		if lists[name], err = f.strList(name); err != nil {
			return nil, err
		}
	}
	if len(lists["web3_wallet"]) > 0 {
		return nil, errParamValue("web3_wallet", "clerktest does not emulate web3 wallets.")
	}
	if u.emails, err = s.identifications("email_address", lists["email_address"], lists["email_address_identification_status"], emailPattern, now); err != nil {
		return nil, err
	}
	if u.phones, err = s.identifications("phone_number", lists["phone_number"], lists["phone_number_identification_status"], phonePattern, now); err != nil {
		return nil, err
	}
	if len(u.emails) > 0 {
		u.primaryEmailID = &u.emails[0].id
	}
	if len(u.phones) > 0 {
		u.primaryPhoneID = &u.phones[0].id
	}
	if u.username, err = s.checkUsername(f, ""); err != nil {
		return nil, err
	}
	if err := s.applyPassword(u, f, now); err != nil {
		return nil, err
	}
	skip, err := f.boolean("skip_user_requirement")
	if err != nil {
		return nil, err
	}
	if len(u.emails) == 0 && len(u.phones) == 0 && u.username == nil && (skip == nil || !*skip) {
		e := errParamMissing("email_address")
		e.longMessage = "Provide at least one of email_address, phone_number or username, or set skip_user_requirement."
		return nil, e
	}
	if totp, err := f.str("totp_secret"); err != nil {
		return nil, err
	} else if totp != nil && *totp != "" {
		u.totpEnabled = true
	}
	u.backupEnabled = len(lists["backup_codes"]) > 0
	for _, m := range []struct {
		name string
		dst  *map[string]any
	}{{"public_metadata", &u.publicMeta}, {"private_metadata", &u.privateMeta}, {"unsafe_metadata", &u.unsafeMeta}} {
		v, _, err := f.object(m.name, false)
		if err != nil {
			return nil, err
		}
		*m.dst = cloneMeta(v)
	}
	if err := s.applyUserFlags(u, f); err != nil {
		return nil, err
	}
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"banned", &u.banned}, {"locked", &u.locked}} {
		v, err := f.boolean(b.name)
		if err != nil {
			return nil, err
		}
		if v != nil {
			*b.dst = *v
		}
	}
	return u, nil
}

// checkUsername validates the username field of a form for the user with id except.
func (s *Server) checkUsername(f form, except string) (*string, *apiError) {
	name, err := f.str("username")
	if err != nil || name == nil || *name == "" {
		return nil, err
	}
	v := strings.ToLower(strings.TrimSpace(*name))
	if !usernamePattern.MatchString(v) {
		return nil, errParamFormat("username", "Usernames must be 4 to 64 characters long and contain only letters, numbers, - and _.")
	}
	if s.usernameTaken(v, except) {
		return nil, errIdentifierExists("username", fmt.Sprintf("The username %q is taken. Please try another one.", v))
	}
	return &v, nil
}

func (s *Server) applyPassword(u *user, f form, now int64) *apiError {
	pw, err := f.str("password")
	if err != nil {
		return err
	}
	digest, err := f.str("password_digest")
	if err != nil {
		return err
	}
	if _, err := f.str("password_hasher"); err != nil {
		return err
	}
	if pw != nil && *pw != "" {
		if len(*pw) < 8 {
			return &apiError{status: 422, code: "form_password_length_too_short", message: "Passwords must be 8 characters or more.",
				longMessage: "Passwords must be 8 characters or more.", meta: paramMeta("password")}
		}
		u.passwordEnabled, u.passwordUpdatedAt = true, &now
	}
	if digest != nil && *digest != "" {
		u.passwordEnabled, u.passwordUpdatedAt = true, &now
	}
	return nil
}

// applyUserFlags reads the settings create and update share.
func (s *Server) applyUserFlags(u *user, f form) *apiError {
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"delete_self_enabled", &u.deleteSelfEnabled}, {"create_organization_enabled", &u.createOrgEnabled},
		{"bypass_client_trust", &u.bypassClientTrust}} {
		v, err := f.boolean(b.name)
		if err != nil {
			return err
		}
		if v != nil {
			*b.dst = *v
		}
	}
	for _, name := range []string{"skip_password_checks", "skip_password_requirement", "skip_legal_checks",
		"notify_primary_email_address_changed", "sign_out_of_other_sessions"} {
		if _, err := f.boolean(name); err != nil {
			return err
		}
	}
	limit, err := f.integer("create_organizations_limit")
	if err != nil {
		return err
	}
	if limit != nil && *limit < 0 {
		return errParamValue("create_organizations_limit", "create_organizations_limit must be 0 (unlimited) or more.")
	}
	if f.has("create_organizations_limit") {
		u.createOrgsLimit = limit
	}
	if f.has("legal_accepted_at") {
		if u.legalAcceptedAt, err = f.timestamp("legal_accepted_at"); err != nil {
			return err
		}
	}
	created, err := f.timestamp("created_at")
	if err != nil {
		return err
	}
	if created != nil {
		u.createdAt = *created
	}
	return nil
}

var updateUserFields = []string{"external_id", "first_name", "last_name", "locale", "primary_email_address_id",
	"notify_primary_email_address_changed", "primary_phone_number_id", "primary_web3_wallet_id", "username",
	"profile_image_id", "password", "password_digest", "password_hasher", "skip_password_checks",
	"sign_out_of_other_sessions", "totp_secret", "backup_codes", "delete_self_enabled",
	"create_organization_enabled", "legal_accepted_at", "skip_legal_checks", "create_organizations_limit",
	"created_at", "bypass_client_trust"}

func (s *Server) updateUser(c *call) (any, *apiError) {
	u, err := s.userByID(c.param("user_id"))
	if err != nil {
		return nil, err
	}
	metaFields := []string{"public_metadata", "private_metadata", "unsafe_metadata"}
	allowed := updateUserFields
	if legacyMetadata(c) {
		allowed = slices.Concat(allowed, metaFields)
	}
	f, err := parseForm(c.body, allowed...)
	if err != nil {
		return nil, metadataHint(err, "/users/{user_id}")
	}
	now := s.nowMillis()
	nu := *u // validated on a copy, stored only when everything passes
	if err := replaceMetadata(f, metaFields, &nu.publicMeta, &nu.privateMeta, &nu.unsafeMeta); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		name string
		dst  **string
	}{{"external_id", &nu.externalID}, {"first_name", &nu.firstName}, {"last_name", &nu.lastName}, {"locale", &nu.locale}} {
		if !f.has(p.name) {
			continue
		}
		if *p.dst, err = f.str(p.name); err != nil {
			return nil, err
		}
	}
	if f.has("external_id") && nu.externalID != nil && s.externalIDTaken(*nu.externalID, u.id) {
		return nil, errIdentifierExists("external_id", "external_id must be unique across the instance.")
	}
	if f.has("username") {
		if nu.username, err = s.checkUsername(f, u.id); err != nil {
			return nil, err
		}
	}
	for _, p := range []struct {
		name string
		list []*identification
		dst  **string
	}{{"primary_email_address_id", u.emails, &nu.primaryEmailID}, {"primary_phone_number_id", u.phones, &nu.primaryPhoneID}} {
		id, err := f.str(p.name)
		if err != nil {
			return nil, err
		}
		if id == nil {
			continue
		}
		i := slices.IndexFunc(p.list, func(e *identification) bool { return e.id == *id })
		if i < 0 {
			return nil, errParamValue(p.name, fmt.Sprintf("%s %q does not belong to this user.", p.name, *id))
		}
		if p.list[i].reserved {
			return nil, errParamValue(p.name, fmt.Sprintf("%s %q is not verified.", p.name, *id))
		}
		*p.dst = &p.list[i].id
	}
	if w, err := f.str("primary_web3_wallet_id"); err != nil {
		return nil, err
	} else if w != nil {
		return nil, errParamValue("primary_web3_wallet_id", fmt.Sprintf("primary_web3_wallet_id %q does not belong to this user.", *w))
	}
	if _, err := f.str("profile_image_id"); err != nil {
		return nil, err
	}
	if err := s.applyPassword(&nu, f, now); err != nil {
		return nil, err
	}
	if totp, err := f.str("totp_secret"); err != nil {
		return nil, err
	} else if totp != nil && *totp != "" {
		nu.totpEnabled = true
	}
	if codes, err := f.strList("backup_codes"); err != nil {
		return nil, err
	} else if len(codes) > 0 {
		nu.backupEnabled = true
	}
	if err := s.applyUserFlags(&nu, f); err != nil {
		return nil, err
	}
	nu.updatedAt = now
	*u = nu
	return s.renderUser(u), nil
}

type deletedJSON struct {
	Object  string `json:"object"`
	ID      string `json:"id,omitempty"`
	Slug    string `json:"slug,omitempty"`
	Deleted bool   `json:"deleted"`
}

func (s *Server) deleteUser(c *call) (any, *apiError) {
	u, err := s.userByID(c.param("user_id"))
	if err != nil {
		return nil, err
	}
	delete(s.data.users, u.id)
	for id, m := range s.data.memberships {
		if m.userID == u.id {
			delete(s.data.memberships, id)
		}
	}
	for id, ss := range s.data.sessions {
		if ss.userID == u.id {
			delete(s.data.sessions, id)
		}
	}
	return deletedJSON{Object: "user", ID: u.id, Deleted: true}, nil
}

// setBanned bans or unbans a user; a ban revokes the user's active sessions.
func (s *Server) setBanned(u *user, banned bool) {
	now := s.nowMillis()
	u.banned, u.updatedAt = banned, now
	if !banned {
		return
	}
	for _, ss := range s.data.sessions {
		if ss.userID == u.id && ss.status(now) == "active" {
			ss.state, ss.updatedAt = "revoked", now
		}
	}
}

func (s *Server) banUser(banned bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		u, err := s.userByID(c.param("user_id"))
		if err != nil {
			return nil, err
		}
		s.setBanned(u, banned)
		return s.renderUser(u), nil
	}
}

// bulkBan serves POST /users/ban and /users/unban. Ids that match no user are ignored.
func (s *Server) bulkBan(banned bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		f, err := parseForm(c.body, "user_ids")
		if err != nil {
			return nil, err
		}
		ids, err := f.strList("user_ids")
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, errParamMissing("user_ids")
		}
		if len(ids) > 50 {
			return nil, errParamValue("user_ids", "user_ids accepts at most 50 ids.")
		}
		out := []*user{}
		for _, id := range ids {
			if u, ok := s.data.users[id]; ok && !slices.Contains(out, u) {
				s.setBanned(u, banned)
				out = append(out, u)
			}
		}
		return s.renderUsers(out), nil
	}
}

func (s *Server) lockUser(locked bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		u, err := s.userByID(c.param("user_id"))
		if err != nil {
			return nil, err
		}
		now := s.nowMillis()
		u.locked, u.lockExpiresAt, u.updatedAt = locked, 0, now
		if locked {
			u.lockExpiresAt = now + lockoutDuration.Milliseconds()
		}
		return s.renderUser(u), nil
	}
}

// userMetadata serves PATCH (deep merge) and PUT (replace) /users/{user_id}/metadata.
func (s *Server) userMetadata(replace bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		u, err := s.userByID(c.param("user_id"))
		if err != nil {
			return nil, err
		}
		f, err := parseForm(c.body, "public_metadata", "private_metadata", "unsafe_metadata")
		if err != nil {
			return nil, err
		}
		updated, err := updateMetadata(f, replace, map[string]map[string]any{
			"public_metadata": u.publicMeta, "private_metadata": u.privateMeta, "unsafe_metadata": u.unsafeMeta,
		})
		if err != nil {
			return nil, err
		}
		u.publicMeta, u.privateMeta, u.unsafeMeta = updated["public_metadata"], updated["private_metadata"], updated["unsafe_metadata"]
		u.updatedAt = s.nowMillis()
		return s.renderUser(u), nil
	}
}
