package clerktest

import (
	"cmp"
	"slices"
	"time"
)

const (
	sessionLifetime = 7 * 24 * time.Hour  // expire_at after creation
	sessionAbandon  = 30 * 24 * time.Hour // abandon_at after creation
)

type sessionActivity struct {
	id, deviceType, browserName, browserVersion, ip, city, country string
	mobile                                                         bool
}

type session struct {
	id, userID, clientID string
	state                string // active, ended, revoked, removed, replaced or abandoned
	lastActiveOrgID      *string
	activity             sessionActivity
	lastActiveAt         int64
	expireAt, abandonAt  int64
	createdAt, updatedAt int64
}

// status reports an active session past expire_at as expired.
func (ss *session) status(now int64) string {
	if ss.state == "active" && now >= ss.expireAt {
		return "expired"
	}
	return ss.state
}

type activityJSON struct {
	Object         string `json:"object"`
	ID             string `json:"id"`
	DeviceType     string `json:"device_type,omitempty"`
	IsMobile       bool   `json:"is_mobile"`
	BrowserName    string `json:"browser_name,omitempty"`
	BrowserVersion string `json:"browser_version,omitempty"`
	IPAddress      string `json:"ip_address,omitempty"`
	City           string `json:"city,omitempty"`
	Country        string `json:"country,omitempty"`
}

// sessionJSON is the Session object of the spec.
type sessionJSON struct {
	Object                   string        `json:"object"`
	ID                       string        `json:"id"`
	UserID                   string        `json:"user_id"`
	ClientID                 string        `json:"client_id"`
	Actor                    any           `json:"actor"`
	Status                   string        `json:"status"`
	LastActiveOrganizationID *string       `json:"last_active_organization_id"`
	LastActiveAt             int64         `json:"last_active_at"`
	LatestActivity           *activityJSON `json:"latest_activity"`
	ExpireAt                 int64         `json:"expire_at"`
	AbandonAt                int64         `json:"abandon_at"`
	UpdatedAt                int64         `json:"updated_at"`
	CreatedAt                int64         `json:"created_at"`
}

func (s *Server) renderSession(ss *session) sessionJSON {
	a := ss.activity
	return sessionJSON{
		Object: "session", ID: ss.id, UserID: ss.userID, ClientID: ss.clientID,
		Status: ss.status(s.nowMillis()), LastActiveOrganizationID: ss.lastActiveOrgID,
		LastActiveAt: ss.lastActiveAt,
		LatestActivity: &activityJSON{Object: "session_activity", ID: a.id, DeviceType: a.deviceType,
			IsMobile: a.mobile, BrowserName: a.browserName, BrowserVersion: a.browserVersion,
			IPAddress: a.ip, City: a.city, Country: a.country},
		ExpireAt: ss.expireAt, AbandonAt: ss.abandonAt, UpdatedAt: ss.updatedAt, CreatedAt: ss.createdAt,
	}
}

// addSession creates an active session for a user, as a sign-in would, at time at (Unix ms).
func (s *Server) addSession(userID string, orgID *string, at int64) *session {
	ss := &session{
		id: s.newID("sess"), userID: userID, clientID: s.newID("client"), state: "active",
		lastActiveOrgID: orgID, lastActiveAt: at,
		expireAt: at + sessionLifetime.Milliseconds(), abandonAt: at + sessionAbandon.Milliseconds(),
		createdAt: at, updatedAt: at,
		activity: sessionActivity{id: s.newID("sess_activity"), deviceType: "Macintosh", browserName: "Chrome",
			browserVersion: "126.0.0.0", ip: "203.0.113.10", city: "San Francisco", country: "US"},
	}
	s.data.sessions[ss.id] = ss
	return ss
}

var sessionStatuses = []string{"abandoned", "active", "ended", "expired", "removed", "replaced", "revoked"}

// listSessions serves GET /sessions: a bare array, newest first. Clerk requires user_id or
// client_id since 2024-01-01, and so does the emulator.
func (s *Server) listSessions(c *call) (any, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	if _, err := queryBool(c.query, "paginated"); err != nil {
		return nil, err
	}
	userID, _ := first(c.query, "user_id")
	clientID, _ := first(c.query, "client_id")
	if userID == "" && clientID == "" {
		e := errParamMissing("user_id")
		e.longMessage = "Provide user_id or client_id to list sessions."
		return nil, e
	}
	status, _ := first(c.query, "status")
	if status != "" && !slices.Contains(sessionStatuses, status) {
		return nil, errParamValue("status", "status must be one of abandoned, active, ended, expired, removed, replaced or revoked.")
	}
	now := s.nowMillis()
	var out []*session
	for _, ss := range s.data.sessions {
		if (userID != "" && ss.userID != userID) || (clientID != "" && ss.clientID != clientID) {
			continue
		}
		if status != "" && ss.status(now) != status {
			continue
		}
		out = append(out, ss)
	}
	slices.SortFunc(out, func(a, b *session) int {
		return -cmp.Or(cmp.Compare(a.createdAt, b.createdAt), cmp.Compare(a.id, b.id))
	})
	rendered := make([]sessionJSON, 0, len(out))
	for _, ss := range apply(p, out) {
		rendered = append(rendered, s.renderSession(ss))
	}
	return rendered, nil
}

func (s *Server) sessionByID(id string) (*session, *apiError) {
	ss, ok := s.data.sessions[id]
	if !ok {
		return nil, errNotFound("session", id)
	}
	return ss, nil
}

func (s *Server) getSession(c *call) (any, *apiError) {
	ss, err := s.sessionByID(c.param("session_id"))
	if err != nil {
		return nil, err
	}
	return s.renderSession(ss), nil
}

// createSession serves POST /sessions, Clerk's testing-only way to sign a user in.
func (s *Server) createSession(c *call) (any, *apiError) {
	f, err := parseForm(c.body, "user_id", "active_organization_id")
	if err != nil {
		return nil, err
	}
	userID, err := f.requiredStr("user_id")
	if err != nil {
		return nil, err
	}
	orgID, err := f.str("active_organization_id")
	if err != nil {
		return nil, err
	}
	u, err := s.userByID(userID)
	if err != nil {
		return nil, err
	}
	if orgID != nil {
		if _, err := s.orgByID(*orgID); err != nil {
			return nil, err
		}
		if s.findMembership(*orgID, userID) == nil {
			return nil, errParamValue("active_organization_id", "The user is not a member of active_organization_id.")
		}
	}
	now := s.nowMillis()
	u.lastSignInAt, u.lastActiveAt = &now, &now
	return s.renderSession(s.addSession(userID, orgID, now)), nil
}

// revokeSession marks a session revoked. A session that is no longer active keeps its
// status; revoking is idempotent.
func (s *Server) revokeSession(c *call) (any, *apiError) {
	ss, err := s.sessionByID(c.param("session_id"))
	if err != nil {
		return nil, err
	}
	now := s.nowMillis()
	if ss.status(now) == "active" {
		ss.state, ss.updatedAt = "revoked", now
	}
	return s.renderSession(ss), nil
}
