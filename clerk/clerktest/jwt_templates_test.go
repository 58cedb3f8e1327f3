package clerktest_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// The sample data's JWT templates, whose ids WithSampleData documents as fixed.
const (
	supabaseID = "jtmp_2EzX50YEXsze1ztSq5wK9vOjk0B"
	hasuraID   = "jtmp_2DK49CKKg0iQRtmvnKxJkrRmVAM"
	metabaseID = "jtmp_22klGngJX3yL8L7fmXbrdWmHoJd"
)

func TestSampleJWTTemplates(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	list := call[[]obj](t, s, "GET", "/jwt_templates", "", 200)
	if diff := cmp.Diff([]string{metabaseID, hasuraID, supabaseID}, ids(list)); diff != "" {
		t.Errorf("GET /jwt_templates ids, newest first (-want +got):\n%s", diff)
	}
	tests := []struct {
		id, name       string
		lifetime, skew float64
		custom         bool
		alg            string
	}{
		{supabaseID, "supabase", 60, 5, true, "HS256"},
		{hasuraID, "hasura", 3600, 10, false, "RS256"},
		{metabaseID, "metabase", 600, 5, false, "RS256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := call[obj](t, s, "GET", "/jwt_templates/"+tc.id, "", 200)
			want := obj{"object": "jwt_template", "id": tc.id, "name": tc.name, "lifetime": tc.lifetime,
				"allowed_clock_skew": tc.skew, "custom_signing_key": tc.custom, "signing_algorithm": tc.alg}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("GET /jwt_templates/%s: %s = %v, want %v", tc.id, k, got[k], v)
				}
			}
			if claims, _ := got["claims"].(obj); len(claims) == 0 {
				t.Errorf("GET /jwt_templates/%s: claims = %v, want a non-empty object", tc.id, got["claims"])
			}
			if _, ok := got["signing_key"]; ok {
				t.Errorf("GET /jwt_templates/%s shows a signing_key", tc.id)
			}
		})
	}
}

func TestListJWTTemplatesPages(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	tests := []struct {
		query string
		want  []string
	}{
		{"limit=2", []string{metabaseID, hasuraID}},
		{"limit=2&offset=1", []string{hasuraID, supabaseID}},
		{"offset=3", []string{}},
		{"paginated=true&limit=1", []string{metabaseID}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := call[[]obj](t, s, "GET", "/jwt_templates?"+tc.query, "", 200)
			if diff := cmp.Diff(tc.want, ids(got)); diff != "" {
				t.Errorf("GET /jwt_templates?%s (-want +got):\n%s", tc.query, diff)
			}
		})
	}
	bad := []struct{ query, code, param string }{
		{"limit=0", "form_param_value_invalid", "limit"},
		{"limit=501", "form_param_value_invalid", "limit"},
		{"offset=-1", "form_param_value_invalid", "offset"},
		{"paginated=maybe", "form_param_format_invalid", "paginated"},
	}
	for _, tc := range bad {
		t.Run(tc.query, func(t *testing.T) {
			e := wantError(t, send(t, s, "GET", "/jwt_templates?"+tc.query, ""), 422, tc.code)
			if e.Meta["param_name"] != tc.param {
				t.Errorf("GET /jwt_templates?%s: param_name = %v, want %s", tc.query, e.Meta["param_name"], tc.param)
			}
		})
	}
}

func TestJWTTemplateLifecycle(t *testing.T) {
	c := newClock()
	s := clerktest.NewServer(clerktest.WithClock(c.Now), clerktest.WithSampleData())
	t.Cleanup(s.Close)

	created := call[obj](t, s, "POST", "/jwt_templates", `{"name":"firebase","claims":{"aud":"my-app","uid":"{{user.id}}"}}`, 200)
	id, _ := created["id"].(string)
	if !idPattern("jtmp").MatchString(id) {
		t.Fatalf("created id %q, want jtmp_ and 27 base62 characters", id)
	}
	ms := float64(start.UnixMilli())
	want := obj{
		"object": "jwt_template", "id": id, "name": "firebase",
		"claims":   obj{"aud": "my-app", "uid": "{{user.id}}"},
		"lifetime": float64(60), "allowed_clock_skew": float64(5),
		"custom_signing_key": false, "signing_algorithm": "RS256",
		"created_at": ms, "updated_at": ms,
	}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("POST /jwt_templates (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, call[obj](t, s, "GET", "/jwt_templates/"+id, "", 200)); diff != "" {
		t.Errorf("GET /jwt_templates/%s (-want +got):\n%s", id, diff)
	}
	if list := call[[]obj](t, s, "GET", "/jwt_templates", "", 200); len(list) != 4 || list[0]["id"] != id {
		t.Errorf("GET /jwt_templates = %v, want the new template first of 4", ids(list))
	}

	c.Advance(time.Hour)
	updated := call[obj](t, s, "PATCH", "/jwt_templates/"+id, `{"name":"firebase-prod","claims":{"aud":"prod"},"lifetime":300}`, 200)
	want["name"], want["claims"], want["lifetime"] = "firebase-prod", obj{"aud": "prod"}, float64(300)
	want["updated_at"] = float64(start.Add(time.Hour).UnixMilli())
	if diff := cmp.Diff(want, updated); diff != "" {
		t.Errorf("PATCH /jwt_templates/%s: claims are replaced, not merged (-want +got):\n%s", id, diff)
	}

	deleted := call[obj](t, s, "DELETE", "/jwt_templates/"+id, "", 200)
	if diff := cmp.Diff(obj{"object": "jwt_template", "id": id, "deleted": true}, deleted); diff != "" {
		t.Errorf("DELETE /jwt_templates/%s (-want +got):\n%s", id, diff)
	}
	e := wantError(t, send(t, s, "GET", "/jwt_templates/"+id, ""), 404, "resource_not_found")
	if e.LongMessage == "" {
		t.Error("404 without a long_message")
	}
	wantError(t, send(t, s, "DELETE", "/jwt_templates/"+id, ""), 404, "resource_not_found")
	wantError(t, send(t, s, "PATCH", "/jwt_templates/"+id, `{"name":"x","claims":{}}`), 404, "resource_not_found")
	if _, ok := s.JWTTemplate(id); ok {
		t.Error("JWTTemplate finds a deleted template")
	}
	created = call[obj](t, s, "POST", "/jwt_templates", `{"name":"firebase-prod","claims":{}}`, 200)
	if created["name"] != "firebase-prod" {
		t.Errorf("the name of a deleted template is not free again: %v", created)
	}
}

func TestJWTTemplateValidation(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		code, param              string
	}{
		{"create without name", "POST", "/jwt_templates", `{"claims":{}}`, "form_param_missing", "name"},
		{"create with blank name", "POST", "/jwt_templates", `{"name":" ","claims":{}}`, "form_param_missing", "name"},
		{"create without claims", "POST", "/jwt_templates", `{"name":"x"}`, "form_param_missing", "claims"},
		{"claims an array", "POST", "/jwt_templates", `{"name":"x","claims":["aud"]}`, "form_param_format_invalid", "claims"},
		{"claims a string", "POST", "/jwt_templates", `{"name":"x","claims":"{\"aud\":1}"}`, "form_param_format_invalid", "claims"},
		{"claims null", "POST", "/jwt_templates", `{"name":"x","claims":null}`, "form_param_format_invalid", "claims"},
		{"name taken", "POST", "/jwt_templates", `{"name":"supabase","claims":{}}`, "form_identifier_exists", "name"},
		{"lifetime too short", "POST", "/jwt_templates", `{"name":"x","claims":{},"lifetime":29}`, "form_param_value_invalid", "lifetime"},
		{"lifetime too long", "POST", "/jwt_templates", `{"name":"x","claims":{},"lifetime":315360001}`, "form_param_value_invalid", "lifetime"},
		{"lifetime a fraction", "POST", "/jwt_templates", `{"name":"x","claims":{},"lifetime":60.5}`, "form_param_format_invalid", "lifetime"},
		{"negative clock skew", "POST", "/jwt_templates", `{"name":"x","claims":{},"allowed_clock_skew":-1}`, "form_param_value_invalid", "allowed_clock_skew"},
		{"clock skew too large", "POST", "/jwt_templates", `{"name":"x","claims":{},"allowed_clock_skew":301}`, "form_param_value_invalid", "allowed_clock_skew"},
		{"custom key without algorithm", "POST", "/jwt_templates", `{"name":"x","claims":{},"custom_signing_key":true,"signing_key":"k"}`, "form_param_missing", "signing_algorithm"},
		{"custom key without key", "POST", "/jwt_templates", `{"name":"x","claims":{},"custom_signing_key":true,"signing_algorithm":"HS256"}`, "form_param_missing", "signing_key"},
		{"algorithm none", "POST", "/jwt_templates", `{"name":"x","claims":{},"custom_signing_key":true,"signing_algorithm":"none","signing_key":"k"}`, "form_param_value_invalid", "signing_algorithm"},
		{"unknown field", "POST", "/jwt_templates", `{"name":"x","claims":{},"audience":"y"}`, "form_param_unknown", "audience"},
		{"update without claims", "PATCH", "/jwt_templates/" + hasuraID, `{"name":"hasura","lifetime":120}`, "form_param_missing", "claims"},
		{"update without name", "PATCH", "/jwt_templates/" + hasuraID, `{"claims":{"role":"user"}}`, "form_param_missing", "name"},
		{"rename to a taken name", "PATCH", "/jwt_templates/" + hasuraID, `{"name":"supabase","claims":{}}`, "form_identifier_exists", "name"},
		{"update lifetime out of range", "PATCH", "/jwt_templates/" + hasuraID, `{"name":"hasura","claims":{},"lifetime":10}`, "form_param_value_invalid", "lifetime"},
	}
	s := newServer(t, clerktest.WithSampleData())
	before, _ := s.JWTTemplate(hasuraID)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := wantError(t, send(t, s, tc.method, tc.path, tc.body), 422, tc.code)
			if got := e.Meta["param_name"]; got != tc.param {
				t.Errorf("%s %s %s: param_name = %v, want %s", tc.method, tc.path, tc.body, got, tc.param)
			}
		})
	}
	if after, _ := s.JWTTemplate(hasuraID); !cmp.Equal(before, after) {
		t.Errorf("rejected updates changed the template (-before +after):\n%s", cmp.Diff(before, after))
	}
	if n := len(call[[]obj](t, s, "GET", "/jwt_templates", "", 200)); n != 3 {
		t.Errorf("rejected creates left %d templates, want the 3 samples", n)
	}
}

// TestJWTTemplateUpdateFields follows one template through PATCHes that each send name and
// claims, as the spec requires, and change one other field.
func TestJWTTemplateUpdateFields(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	steps := []struct {
		name, body     string
		lifetime, skew float64
		custom         bool
		alg            string
	}{
		{"same name again", `{"name":"supabase","claims":{"role":"authenticated"}}`, 60, 5, true, "HS256"},
		{"lifetime and skew", `{"name":"supabase","claims":{},"lifetime":120,"allowed_clock_skew":0}`, 120, 0, true, "HS256"},
		{"null restores defaults", `{"name":"supabase","claims":{},"lifetime":null,"allowed_clock_skew":null}`, 60, 5, true, "HS256"},
		{"algorithm without custom key is ignored", `{"name":"supabase","claims":{},"signing_algorithm":"ES256"}`, 60, 5, true, "HS256"},
		{"new custom key", `{"name":"supabase","claims":{},"custom_signing_key":true,"signing_algorithm":"ES256","signing_key":"pem"}`, 60, 5, true, "ES256"},
		{"back to the instance key", `{"name":"supabase","claims":{},"custom_signing_key":false}`, 60, 5, false, "RS256"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got := call[obj](t, s, "PATCH", "/jwt_templates/"+supabaseID, st.body, 200)
			if got["lifetime"] != st.lifetime || got["allowed_clock_skew"] != st.skew ||
				got["custom_signing_key"] != st.custom || got["signing_algorithm"] != st.alg {
				t.Errorf("PATCH %s = lifetime %v, skew %v, custom %v, alg %v; want %v, %v, %v, %v", st.body,
					got["lifetime"], got["allowed_clock_skew"], got["custom_signing_key"], got["signing_algorithm"],
					st.lifetime, st.skew, st.custom, st.alg)
			}
		})
	}
}

func TestAddJWTTemplate(t *testing.T) {
	s := newServer(t)
	id, err := s.AddJWTTemplate("convex", map[string]any{"aud": "convex"})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := s.JWTTemplate(id)
	if !ok || got["name"] != "convex" || got["lifetime"] != float64(60) || !idPattern("jtmp").MatchString(id) {
		t.Errorf("JWTTemplate(%s) = %v, %v; want convex with the default lifetime", id, got, ok)
	}
	if _, err := s.AddJWTTemplate("convex", nil); err == nil {
		t.Error("AddJWTTemplate accepted a taken name")
	}
	if _, err := s.AddJWTTemplate("", nil); err == nil {
		t.Error("AddJWTTemplate accepted an empty name")
	}
	if _, err := s.AddJWTTemplate("empty", nil); err != nil {
		t.Errorf("AddJWTTemplate with nil claims: %v", err)
	}
}
