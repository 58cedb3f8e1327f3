package clerktest

import (
	"fmt"
	"slices"
	"strings"
)

// The spec gives no defaults for a template's lifetime and clock skew; these are the ones
// Clerk's Dashboard fills in for a new template, in seconds.
const (
	defaultJWTLifetime  = 60
	defaultJWTClockSkew = 5
)

// instanceSigningAlgorithm is what a template without a custom signing key reports: its
// tokens are signed with the instance's RSA key.
const instanceSigningAlgorithm = "RS256"

// signingAlgorithms are the JWS algorithms (RFC 7518) accepted with a custom signing key.
var signingAlgorithms = []string{
	"HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
	"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA",
}

// jwtTemplateFields are the body fields of both POST and PATCH, which the spec gives the
// same schema.
var jwtTemplateFields = []string{"name", "claims", "lifetime", "allowed_clock_skew",
	"custom_signing_key", "signing_algorithm", "signing_key"}

// jwtTemplate is a stored template. A custom signing key is never kept: the emulator mints
// no tokens, and a secret it does not hold cannot leak through a response or a log.
type jwtTemplate struct {
	id, name             string
	claims               map[string]any
	lifetime, clockSkew  int64 // seconds
	customSigningKey     bool
	signingAlgorithm     string
	createdAt, updatedAt int64
}

// jwtTemplateJSON is the JWTTemplate object of the spec.
type jwtTemplateJSON struct {
	Object           string         `json:"object"`
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	Claims           map[string]any `json:"claims"`
	Lifetime         int64          `json:"lifetime"`
	AllowedClockSkew int64          `json:"allowed_clock_skew"`
	CustomSigningKey bool           `json:"custom_signing_key"`
	SigningAlgorithm string         `json:"signing_algorithm"`
	CreatedAt        int64          `json:"created_at"`
	UpdatedAt        int64          `json:"updated_at"`
}

func renderJWTTemplate(t *jwtTemplate) jwtTemplateJSON {
	return jwtTemplateJSON{
		Object: "jwt_template", ID: t.id, Name: t.name, Claims: cloneMeta(t.claims),
		Lifetime: t.lifetime, AllowedClockSkew: t.clockSkew, CustomSigningKey: t.customSigningKey,
		SigningAlgorithm: t.signingAlgorithm, CreatedAt: t.createdAt, UpdatedAt: t.updatedAt,
	}
}

func (s *Server) jwtTemplateByID(id string) (*jwtTemplate, *apiError) {
	if t, ok := s.data.jwtTemplates[id]; ok {
		return t, nil
	}
	return nil, errNotFound("JWT template", id)
}

// listJWTTemplates serves GET /jwt_templates: a bare array, newest first. The spec declares
// only the array, so paginated is checked but does not change the shape.
func (s *Server) listJWTTemplates(c *call) (any, *apiError) {
	p, err := parsePage(c.query)
	if err != nil {
		return nil, err
	}
	if _, err := queryBool(c.query, "paginated"); err != nil {
		return nil, err
	}
	all := sortedValues(s.data.jwtTemplates, func(t *jwtTemplate) int64 { return t.createdAt }, func(t *jwtTemplate) string { return t.id })
	slices.Reverse(all)
	out := make([]jwtTemplateJSON, 0, len(all))
	for _, t := range apply(p, all) {
		out = append(out, renderJWTTemplate(t))
	}
	return out, nil
}

func (s *Server) getJWTTemplate(c *call) (any, *apiError) {
	t, err := s.jwtTemplateByID(c.param("template_id"))
	if err != nil {
		return nil, err
	}
	return renderJWTTemplate(t), nil
}

func (s *Server) createJWTTemplate(c *call) (any, *apiError) {
	f, err := parseForm(c.body, jwtTemplateFields...)
	if err != nil {
		return nil, err
	}
	t, err := s.buildJWTTemplate(f)
	if err != nil {
		return nil, err
	}
	t.id = s.newID("jtmp")
	s.data.jwtTemplates[t.id] = t
	return renderJWTTemplate(t), nil
}

// buildJWTTemplate validates a create body into a template without an id, so that the
// sample data can give its templates fixed ones.
func (s *Server) buildJWTTemplate(f form) (*jwtTemplate, *apiError) {
	now := s.nowMillis()
	t := &jwtTemplate{lifetime: defaultJWTLifetime, clockSkew: defaultJWTClockSkew,
		signingAlgorithm: instanceSigningAlgorithm, createdAt: now, updatedAt: now}
	if err := s.applyJWTTemplate(t, f); err != nil {
		return nil, err
	}
	return t, nil
}

// updateJWTTemplate serves PATCH /jwt_templates/{template_id}. The spec requires name and
// claims here as on create, so both are replaced; the other fields change only when sent.
func (s *Server) updateJWTTemplate(c *call) (any, *apiError) {
	t, err := s.jwtTemplateByID(c.param("template_id"))
	if err != nil {
		return nil, err
	}
	f, err := parseForm(c.body, jwtTemplateFields...)
	if err != nil {
		return nil, err
	}
	nt := *t
	if err := s.applyJWTTemplate(&nt, f); err != nil {
		return nil, err
	}
	nt.updatedAt = s.nowMillis()
	*t = nt
	return renderJWTTemplate(t), nil
}

// applyJWTTemplate reads the fields create and update share into t, which is only a copy
// until every field has passed.
func (s *Server) applyJWTTemplate(t *jwtTemplate, f form) *apiError {
	name, err := f.requiredStr("name")
	if err != nil {
		return err
	}
	if s.jwtTemplateNameTaken(name, t.id) {
		return errIdentifierExists("name", fmt.Sprintf("A JWT template named %q already exists.", name))
	}
	claims, present, err := f.object("claims", false)
	if err != nil {
		return err
	}
	if !present {
		return errParamMissing("claims")
	}
	t.name, t.claims = name, cloneMeta(claims)
	if err := secondsField(f, "lifetime", 30, 315360000, defaultJWTLifetime, &t.lifetime); err != nil {
		return err
	}
	if err := secondsField(f, "allowed_clock_skew", 0, 300, defaultJWTClockSkew, &t.clockSkew); err != nil {
		return err
	}
	return applySigningKey(t, f)
}

// secondsField reads an optional integer field in [lo, hi] into dst. An explicit null,
// which the spec allows, restores def; an absent field leaves dst alone.
func secondsField(f form, name string, lo, hi, def int64, dst *int64) *apiError {
	v, err := f.integer(name)
	switch {
	case err != nil:
		return err
	case f.null(name):
		*dst = def
	case v != nil && (*v < lo || *v > hi):
		return errParamValue(name, fmt.Sprintf("%s must be between %d and %d seconds.", name, lo, hi))
	case v != nil:
		*dst = *v
	}
	return nil
}

// applySigningKey reads custom_signing_key. True needs signing_algorithm and signing_key in
// the same body, as the spec says; false goes back to the instance's key; absent keeps the
// template's current signing. signing_algorithm and signing_key are ignored without it.
func applySigningKey(t *jwtTemplate, f form) *apiError {
	custom, err := f.boolean("custom_signing_key")
	if err != nil || custom == nil {
		return err
	}
	if !*custom {
		t.customSigningKey, t.signingAlgorithm = false, instanceSigningAlgorithm
		return nil
	}
	alg, err := requiredWithCustomKey(f, "signing_algorithm")
	if err != nil {
		return err
	}
	if !slices.Contains(signingAlgorithms, alg) {
		return errParamValue("signing_algorithm", fmt.Sprintf("signing_algorithm must be one of %s.", strings.Join(signingAlgorithms, ", ")))
	}
	if _, err := requiredWithCustomKey(f, "signing_key"); err != nil {
		return err
	}
	t.customSigningKey, t.signingAlgorithm = true, alg
	return nil
}

func requiredWithCustomKey(f form, name string) (string, *apiError) {
	v, err := f.requiredStr(name)
	if err != nil && err.code == "form_param_missing" {
		err.longMessage = name + " must be included when custom_signing_key is true."
	}
	return v, err
}

func (s *Server) jwtTemplateNameTaken(name, except string) bool {
	for _, t := range s.data.jwtTemplates {
		if t.id != except && t.name == name {
			return true
		}
	}
	return false
}

func (s *Server) deleteJWTTemplate(c *call) (any, *apiError) {
	t, err := s.jwtTemplateByID(c.param("template_id"))
	if err != nil {
		return nil, err
	}
	delete(s.data.jwtTemplates, t.id)
	return deletedJSON{Object: "jwt_template", ID: t.id, Deleted: true}, nil
}
