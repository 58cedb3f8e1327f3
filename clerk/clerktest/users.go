package clerktest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// lockoutDuration is how long POST /users/{user_id}/lock locks a user, Clerk's default.
const lockoutDuration = time.Hour

// identification is an email address or a phone number of a user.
type identification struct {
	id        string
	value     string
	reserved  bool
	createdAt int64
	updatedAt int64
}

type user struct {
	id                                          string
	externalID, username, firstName, lastName   *string
	locale                                      *string
	emails, phones                              []*identification
	primaryEmailID, primaryPhoneID              *string
	publicMeta, privateMeta, unsafeMeta         map[string]any
	passwordEnabled, totpEnabled, backupEnabled bool
	passwordUpdatedAt                           *int64
	banned, locked                              bool
	lockExpiresAt                               int64 // Unix ms; 0 locks until unlocked
	lastSignInAt, lastActiveAt, legalAcceptedAt *int64
	createdAt, updatedAt                        int64
	deleteSelfEnabled, createOrgEnabled         bool
	createOrgsLimit                             *int64
	bypassClientTrust                           bool
}

// isLocked reports whether the user is locked at now (Unix ms); a lock with an expiry ends
// by itself.
func (u *user) isLocked(now int64) bool {
	return u.locked && (u.lockExpiresAt == 0 || now < u.lockExpiresAt)
}

func (u *user) primaryEmail() string {
	for _, e := range u.emails {
		if u.primaryEmailID != nil && e.id == *u.primaryEmailID {
			return e.value
		}
	}
	return ""
}

func (u *user) primaryPhone() string {
	for _, p := range u.phones {
		if u.primaryPhoneID != nil && p.id == *u.primaryPhoneID {
			return p.value
		}
	}
	return ""
}

// identifier is what Clerk shows for a user in public user data: primary email, else
// username, else phone.
func (u *user) identifier() string {
	return cmp.Or(u.primaryEmail(), deref(u.username), u.primaryPhone())
}

type verificationJSON struct {
	Object   string `json:"object"`
	Status   string `json:"status"`
	Strategy string `json:"strategy"`
	Attempts *int64 `json:"attempts"`
	ExpireAt *int64 `json:"expire_at"`
}

type emailJSON struct {
	ID                   string            `json:"id"`
	Object               string            `json:"object"`
	EmailAddress         string            `json:"email_address"`
	Reserved             bool              `json:"reserved"`
	Verification         *verificationJSON `json:"verification"`
	LinkedTo             []any             `json:"linked_to"`
	MatchesSSOConnection bool              `json:"matches_sso_connection"`
	CreatedAt            int64             `json:"created_at"`
	UpdatedAt            int64             `json:"updated_at"`
}

type phoneJSON struct {
	ID                      string            `json:"id"`
	Object                  string            `json:"object"`
	PhoneNumber             string            `json:"phone_number"`
	ReservedForSecondFactor bool              `json:"reserved_for_second_factor"`
	DefaultSecondFactor     bool              `json:"default_second_factor"`
	Reserved                bool              `json:"reserved"`
	Verification            *verificationJSON `json:"verification"`
	LinkedTo                []any             `json:"linked_to"`
	BackupCodes             []string          `json:"backup_codes"`
	CreatedAt               int64             `json:"created_at"`
	UpdatedAt               int64             `json:"updated_at"`
}

// userJSON is the User object of the spec.
type userJSON struct {
	ID                            string         `json:"id"`
	Object                        string         `json:"object"`
	ExternalID                    *string        `json:"external_id"`
	PrimaryEmailAddressID         *string        `json:"primary_email_address_id"`
	PrimaryPhoneNumberID          *string        `json:"primary_phone_number_id"`
	PrimaryWeb3WalletID           *string        `json:"primary_web3_wallet_id"`
	Username                      *string        `json:"username"`
	FirstName                     *string        `json:"first_name"`
	LastName                      *string        `json:"last_name"`
	Locale                        *string        `json:"locale"`
	ProfileImageURL               string         `json:"profile_image_url"`
	ImageURL                      string         `json:"image_url"`
	HasImage                      bool           `json:"has_image"`
	PublicMetadata                map[string]any `json:"public_metadata"`
	PrivateMetadata               map[string]any `json:"private_metadata"`
	UnsafeMetadata                map[string]any `json:"unsafe_metadata"`
	EmailAddresses                []emailJSON    `json:"email_addresses"`
	PhoneNumbers                  []phoneJSON    `json:"phone_numbers"`
	Web3Wallets                   []any          `json:"web3_wallets"`
	Passkeys                      []any          `json:"passkeys"`
	PasswordEnabled               bool           `json:"password_enabled"`
	TwoFactorEnabled              bool           `json:"two_factor_enabled"`
	TOTPEnabled                   bool           `json:"totp_enabled"`
	BackupCodeEnabled             bool           `json:"backup_code_enabled"`
	MFAEnabledAt                  *int64         `json:"mfa_enabled_at"`
	MFADisabledAt                 *int64         `json:"mfa_disabled_at"`
	PasswordLastUpdatedAt         *int64         `json:"password_last_updated_at"`
	ExternalAccounts              []any          `json:"external_accounts"`
	SAMLAccounts                  []any          `json:"saml_accounts"`
	EnterpriseAccounts            []any          `json:"enterprise_accounts"`
	LastSignInAt                  *int64         `json:"last_sign_in_at"`
	Banned                        bool           `json:"banned"`
	Locked                        bool           `json:"locked"`
	Deprovisioned                 bool           `json:"deprovisioned"`
	LockoutExpiresInSeconds       *int64         `json:"lockout_expires_in_seconds"`
	VerificationAttemptsRemaining *int64         `json:"verification_attempts_remaining"`
	UpdatedAt                     int64          `json:"updated_at"`
	CreatedAt                     int64          `json:"created_at"`
	DeleteSelfEnabled             bool           `json:"delete_self_enabled"`
	CreateOrganizationEnabled     bool           `json:"create_organization_enabled"`
	CreateOrganizationsLimit      *int64         `json:"create_organizations_limit"`
	LastActiveAt                  *int64         `json:"last_active_at"`
	LegalAcceptedAt               *int64         `json:"legal_accepted_at"`
	BypassClientTrust             bool           `json:"bypass_client_trust"`
}

const defaultImageURL = "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9"

func identificationVerification(reserved bool) *verificationJSON {
	if reserved {
		return nil
	}
	return &verificationJSON{Object: "verification_admin", Status: "verified", Strategy: "admin"}
}

func (s *Server) renderUser(u *user) userJSON {
	now := s.nowMillis()
	j := userJSON{
		ID: u.id, Object: "user", ExternalID: u.externalID,
		PrimaryEmailAddressID: u.primaryEmailID, PrimaryPhoneNumberID: u.primaryPhoneID,
		Username: u.username, FirstName: u.firstName, LastName: u.lastName, Locale: u.locale,
		ProfileImageURL: defaultImageURL, ImageURL: defaultImageURL,
		PublicMetadata: cloneMeta(u.publicMeta), PrivateMetadata: cloneMeta(u.privateMeta),
		UnsafeMetadata: cloneMeta(u.unsafeMeta),
		EmailAddresses: []emailJSON{}, PhoneNumbers: []phoneJSON{},
		Web3Wallets: []any{}, Passkeys: []any{}, ExternalAccounts: []any{},
		SAMLAccounts: []any{}, EnterpriseAccounts: []any{},
		PasswordEnabled: u.passwordEnabled, TwoFactorEnabled: u.totpEnabled || u.backupEnabled,
		TOTPEnabled: u.totpEnabled, BackupCodeEnabled: u.backupEnabled,
		PasswordLastUpdatedAt: u.passwordUpdatedAt, LastSignInAt: u.lastSignInAt,
		Banned: u.banned, Locked: u.isLocked(now),
		VerificationAttemptsRemaining: ptr(int64(100)),
		UpdatedAt:                     u.updatedAt, CreatedAt: u.createdAt,
		DeleteSelfEnabled: u.deleteSelfEnabled, CreateOrganizationEnabled: u.createOrgEnabled,
		CreateOrganizationsLimit: u.createOrgsLimit, LastActiveAt: u.lastActiveAt,
		LegalAcceptedAt: u.legalAcceptedAt, BypassClientTrust: u.bypassClientTrust,
	}
	if j.Locked && u.lockExpiresAt != 0 {
		j.LockoutExpiresInSeconds = ptr((u.lockExpiresAt - now + 999) / 1000)
	}
	for _, e := range u.emails {
		j.EmailAddresses = append(j.EmailAddresses, emailJSON{
			ID: e.id, Object: "email_address", EmailAddress: e.value, Reserved: e.reserved,
			Verification: identificationVerification(e.reserved), LinkedTo: []any{},
			CreatedAt: e.createdAt, UpdatedAt: e.updatedAt,
		})
	}
	for _, p := range u.phones {
		j.PhoneNumbers = append(j.PhoneNumbers, phoneJSON{
			ID: p.id, Object: "phone_number", PhoneNumber: p.value, Reserved: p.reserved,
			Verification: identificationVerification(p.reserved), LinkedTo: []any{},
			CreatedAt: p.createdAt, UpdatedAt: p.updatedAt,
		})
	}
	return j
}

func (s *Server) renderUsers(us []*user) []userJSON {
	out := make([]userJSON, 0, len(us))
	for _, u := range us {
		out = append(out, s.renderUser(u))
	}
	return out
}

func (s *Server) userByID(id string) (*user, *apiError) {
	u, ok := s.data.users[id]
	if !ok {
		return nil, errNotFound("user", id)
	}
	return u, nil
}

func (s *Server) allUsers() []*user {
	return sortedValues(s.data.users, func(u *user) int64 { return u.createdAt }, func(u *user) string { return u.id })
}

// orgIDsOf returns the organizations a user is a member of.
func (s *Server) orgIDsOf(userID string) []string {
	var ids []string
	for _, m := range s.data.memberships {
		if m.userID == userID {
			ids = append(ids, m.orgID)
		}
	}
	return ids
}

// userFilter builds the predicate shared by GET /users and GET /users/count.
func (s *Server) userFilter(c *call) (func(*user) bool, *apiError) {
	q := c.query
	emails, phones, usernames := values(q, "email_address"), values(q, "phone_number"), values(q, "username")
	wallets := values(q, "web3_wallet")
	userIDs, orgIDs, extIDs := parseIDFilter(q, "user_id"), parseIDFilter(q, "organization_id"), parseIDFilter(q, "external_id")
	query, _ := first(q, "query")
	emailQ, _ := first(q, "email_address_query")
	phoneQ, _ := first(q, "phone_number_query")
	usernameQ, _ := first(q, "username_query")
	nameQ, _ := first(q, "name_query")
	provider, _ := first(q, "provider")
	banned, err := queryBool(q, "banned")
	if err != nil {
		return nil, err
	}
	type bound struct {
		name  string
		field func(*user) *int64
		after bool
		v     *int64
	}
	bounds := []bound{
		{name: "created_at_before", field: func(u *user) *int64 { return &u.createdAt }},
		{name: "created_at_after", field: func(u *user) *int64 { return &u.createdAt }, after: true},
		{name: "last_active_at_before", field: func(u *user) *int64 { return u.lastActiveAt }},
		{name: "last_active_at_after", field: func(u *user) *int64 { return u.lastActiveAt }, after: true},
		{name: "last_active_at_since", field: func(u *user) *int64 { return u.lastActiveAt }, after: true},
		{name: "last_sign_in_at_before", field: func(u *user) *int64 { return u.lastSignInAt }},
		{name: "last_sign_in_at_after", field: func(u *user) *int64 { return u.lastSignInAt }, after: true},
	}
	for i := range bounds {
		v, err := queryInt(q, bounds[i].name)
		if err != nil {
			return nil, err
		}
		bounds[i].v = v
	}
	return func(u *user) bool {
		emailValues := make([]string, 0, len(u.emails))
		for _, e := range u.emails {
			emailValues = append(emailValues, e.value)
		}
		phoneValues := make([]string, 0, len(u.phones))
		for _, p := range u.phones {
			phoneValues = append(phoneValues, p.value)
		}
		name := strings.TrimSpace(deref(u.firstName) + " " + deref(u.lastName))
		if len(emails) > 0 && !slices.ContainsFunc(emails, func(e string) bool { return containsFoldAny(emailValues, e) }) {
			return false
		}
		if len(phones) > 0 && !slices.ContainsFunc(phones, func(p string) bool { return slices.Contains(phoneValues, p) }) {
			return false
		}
		if len(usernames) > 0 && (u.username == nil || !containsFoldAny(usernames, *u.username)) {
			return false
		}
		if len(wallets) > 0 || provider != "" {
			return false // the emulator keeps no web3 wallets or external accounts
		}
		if !userIDs.matchAny(u.id) {
			return false
		}
		if !extIDs.empty() && !extIDs.matchAny(deref(u.externalID)) {
			return false
		}
		if !orgIDs.empty() && !orgIDs.matchAny(s.orgIDsOf(u.id)...) {
			return false
		}
		if query != "" {
			fields := append([]string{u.id, deref(u.username), deref(u.firstName), deref(u.lastName), name}, emailValues...)
			fields = append(fields, phoneValues...)
			if !slices.ContainsFunc(fields, func(f string) bool { return containsFold(f, query) }) {
				return false
			}
		}
		if emailQ != "" && !slices.ContainsFunc(emailValues, func(e string) bool { return containsFold(e, emailQ) }) {
			return false
		}
		if phoneQ != "" && !slices.ContainsFunc(phoneValues, func(p string) bool { return containsFold(p, phoneQ) }) {
			return false
		}
		if usernameQ != "" && !containsFold(deref(u.username), usernameQ) {
			return false
		}
		if nameQ != "" && !containsFold(name, nameQ) {
			return false
		}
		if banned != nil && u.banned != *banned {
			return false
		}
		for _, b := range bounds {
			if b.v == nil {
				continue
			}
			f := b.field(u)
			if f == nil || (b.after && *f <= *b.v) || (!b.after && *f >= *b.v) {
				return false
			}
		}
		return true
	}, nil
}

var userOrderFields = []string{"created_at", "updated_at", "email_address", "web3wallet", "first_name",
	"last_name", "phone_number", "username", "last_active_at", "last_sign_in_at"}

// compareUsers orders users by the order_by field, then by creation and id, all in the
// requested direction.
func compareUsers(o orderBy) func(a, b *user) int {
	return func(a, b *user) int {
		var c int
		switch o.field {
		case "updated_at":
			c = cmp.Compare(a.updatedAt, b.updatedAt)
		case "email_address":
			c = strings.Compare(strings.ToLower(a.primaryEmail()), strings.ToLower(b.primaryEmail()))
		case "first_name":
			c = strings.Compare(strings.ToLower(deref(a.firstName)), strings.ToLower(deref(b.firstName)))
		case "last_name":
			c = strings.Compare(strings.ToLower(deref(a.lastName)), strings.ToLower(deref(b.lastName)))
		case "phone_number":
			c = strings.Compare(a.primaryPhone(), b.primaryPhone())
		case "username":
			c = strings.Compare(deref(a.username), deref(b.username))
		case "last_active_at":
			c = cmpInts(a.lastActiveAt, b.lastActiveAt)
		case "last_sign_in_at":
			c = cmpInts(a.lastSignInAt, b.lastSignInAt)
		}
		c = cmp.Or(c, cmp.Compare(a.createdAt, b.createdAt), cmp.Compare(a.id, b.id))
		if o.desc {
			return -c
		}
		return c
	}
}

func (s *Server) listUsers(c *call) (any, *apiError) {
	keep, err := s.userFilter(c)
	if err != nil {
		return nil, err
	}
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	o, err := parseOrderBy(c.query, "-created_at", userOrderFields...)
	if err != nil {
		return nil, err
	}
	less := compareUsers(o)
	var cursor *user
	if after, ok := first(c.query, "starting_after"); ok {
		if o.field != "created_at" {
			return nil, errParamValue("starting_after", "starting_after requires ordering by created_at (order_by omitted, created_at, +created_at or -created_at).")
		}
		if p.offset != 0 {
			return nil, errParamValue("starting_after", "starting_after cannot be combined with a non-zero offset.")
		}
		u, ok := s.data.users[after]
		if !ok {
			return nil, errParamValue("starting_after", fmt.Sprintf("starting_after %q does not match any user.", after))
		}
		cursor = u
	}
	var out []*user
	for _, u := range s.allUsers() {
		if keep(u) && (cursor == nil || less(u, cursor) > 0) {
			out = append(out, u)
		}
	}
	slices.SortStableFunc(out, less)
	return s.renderUsers(apply(p, out)), nil
}

type totalCountJSON struct {
	Object     string `json:"object"`
	TotalCount int64  `json:"total_count"`
}

func (s *Server) countUsers(c *call) (any, *apiError) {
	keep, err := s.userFilter(c)
	if err != nil {
		return nil, err
	}
	var n int64
	for _, u := range s.data.users {
		if keep(u) {
			n++
		}
	}
	return totalCountJSON{Object: "total_count", TotalCount: n}, nil
}

func (s *Server) getUser(c *call) (any, *apiError) {
	u, err := s.userByID(c.param("user_id"))
	if err != nil {
		return nil, err
	}
	return s.renderUser(u), nil
}

// userMemberships serves GET /users/{user_id}/organization_memberships. The spec declares
// no 404 here, so an unknown user has no memberships.
func (s *Server) userMemberships(c *call) (any, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	var out []membershipJSON
	for _, m := range s.allMemberships() {
		if m.userID == c.param("user_id") {
			out = append(out, s.renderMembership(m))
		}
	}
	return newList(p, orEmpty(out)), nil
}

// userOrgInvitations serves GET /users/{user_id}/organization_invitations: invitations sent
// to any of the user's email addresses.
func (s *Server) userOrgInvitations(c *call) (any, *apiError) {
	u, err := s.userByID(c.param("user_id"))
	if err != nil {
		return nil, err
	}
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	status, err := invitationStatusParam(c.query)
	if err != nil {
		return nil, err
	}
	now := s.nowMillis()
	var out []orgInvitationPublicJSON
	for _, inv := range s.allOrgInvitations(true) {
		if !slices.ContainsFunc(u.emails, func(e *identification) bool { return strings.EqualFold(e.value, inv.email) }) {
			continue
		}
		if status != "" && inv.status(now) != status {
			continue
		}
		out = append(out, s.renderOrgInvitationPublic(inv))
	}
	return newList(p, orEmpty(out)), nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
