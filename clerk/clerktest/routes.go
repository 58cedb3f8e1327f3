package clerktest

// buildRoutes lists the emulated endpoints, with templates exactly as the spec writes them.
func (s *Server) buildRoutes() []route {
	rs := []struct {
		method, template string
		h                handlerFunc
	}{
		{"GET", "/users", s.listUsers},
		{"POST", "/users", s.createUser},
		{"GET", "/users/count", s.countUsers},
		{"POST", "/users/ban", s.bulkBan(true)},
		{"POST", "/users/unban", s.bulkBan(false)},
		{"GET", "/users/{user_id}", s.getUser},
		{"PATCH", "/users/{user_id}", s.updateUser},
		{"DELETE", "/users/{user_id}", s.deleteUser},
		{"POST", "/users/{user_id}/ban", s.banUser(true)},
		{"POST", "/users/{user_id}/unban", s.banUser(false)},
		{"POST", "/users/{user_id}/lock", s.lockUser(true)},
		{"POST", "/users/{user_id}/unlock", s.lockUser(false)},
		{"PATCH", "/users/{user_id}/metadata", s.userMetadata(false)},
		{"PUT", "/users/{user_id}/metadata", s.userMetadata(true)},
		{"GET", "/users/{user_id}/organization_memberships", s.userMemberships},
		{"GET", "/users/{user_id}/organization_invitations", s.userOrgInvitations},

		{"GET", "/organizations", s.listOrgs},
		{"POST", "/organizations", s.createOrg},
		{"GET", "/organizations/{organization_id}", s.getOrg},
		{"PATCH", "/organizations/{organization_id}", s.updateOrg},
		{"DELETE", "/organizations/{organization_id}", s.deleteOrg},
		{"PATCH", "/organizations/{organization_id}/metadata", s.orgMetadata(false)},
		{"PUT", "/organizations/{organization_id}/metadata", s.orgMetadata(true)},

		{"GET", "/organizations/{organization_id}/memberships", s.listMemberships},
		{"POST", "/organizations/{organization_id}/memberships", s.createMembership},
		{"PATCH", "/organizations/{organization_id}/memberships/{user_id}", s.updateMembership},
		{"DELETE", "/organizations/{organization_id}/memberships/{user_id}", s.deleteMembership},
		{"PATCH", "/organizations/{organization_id}/memberships/{user_id}/metadata", s.membershipMetadata},
		{"GET", "/organization_memberships", s.instanceMemberships},

		{"GET", "/organizations/{organization_id}/invitations", s.listOrgInvitations},
		{"POST", "/organizations/{organization_id}/invitations", s.createOrgInvitation},
		{"POST", "/organizations/{organization_id}/invitations/bulk", s.bulkOrgInvitations},
		{"GET", "/organizations/{organization_id}/invitations/pending", s.pendingOrgInvitations},
		{"GET", "/organizations/{organization_id}/invitations/{invitation_id}", s.getOrgInvitation},
		{"POST", "/organizations/{organization_id}/invitations/{invitation_id}/revoke", s.revokeOrgInvitation},
		{"GET", "/organization_invitations", s.instanceOrgInvitations},

		{"GET", "/invitations", s.listInvitations},
		{"POST", "/invitations", s.createInvitation},
		{"POST", "/invitations/bulk", s.bulkInvitations},
		{"POST", "/invitations/{invitation_id}/revoke", s.revokeInvitation},

		{"GET", "/sessions", s.listSessions},
		{"POST", "/sessions", s.createSession},
		{"GET", "/sessions/{session_id}", s.getSession},
		{"POST", "/sessions/{session_id}/revoke", s.revokeSession},

		{"GET", "/jwt_templates", s.listJWTTemplates},
		{"POST", "/jwt_templates", s.createJWTTemplate},
		{"GET", "/jwt_templates/{template_id}", s.getJWTTemplate},
		{"PATCH", "/jwt_templates/{template_id}", s.updateJWTTemplate},
		{"DELETE", "/jwt_templates/{template_id}", s.deleteJWTTemplate},

		{"GET", "/instance/communication", s.getCommunication},
		{"PATCH", "/instance/communication", s.updateCommunication},
	}
	out := make([]route, len(rs))
	for i, r := range rs {
		out[i] = route{method: r.method, template: r.template, segs: splitTemplate(r.template), h: r.h}
	}
	return out
}
