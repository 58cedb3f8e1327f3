package bot

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/intents"
)

// copyStep copies a template's name and claims (objects) and adds RU to a list read
// in step 0, as intents plans a change Clerk takes only whole.
func copyStep() intents.Step {
	return intents.Step{OperationID: "UpdateJWTTemplate", Method: "PATCH", Path: "/jwt_templates/{template_id}",
		PathParams: map[string]string{"template_id": "$steps[0].id"},
		Body:       json.RawMessage(`{"name":"$steps[0].name","claims":"$steps[0].claims","codes":["...$steps[0].codes","RU","$not:KP"]}`)}
}

func TestResolveStepCopiesValuesAndLists(t *testing.T) {
	read, err := decodeJSON([]byte(`{"id":"jtmp_1","name":"hasura","claims":{"role":"{{user.role}}","n":[1,2]},"codes":["KP","IR","RU"]}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := resolveStep(copyStep(), []any{read}, func(int) string { return "the template" })
	if err != nil {
		t.Fatal(err)
	}
	if got.PathParams["template_id"] != "jtmp_1" {
		t.Errorf("template_id = %q", got.PathParams["template_id"])
	}
	var body struct {
		Name   string         `json:"name"`
		Claims map[string]any `json:"claims"`
		Codes  []string       `json:"codes"`
	}
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("body %s: %v", got.Body, err)
	}
	if body.Name != "hasura" || body.Claims["role"] != "{{user.role}}" {
		t.Errorf("name and claims not copied: %s", got.Body)
	}
	// RU was already blocked: once; KP taken out; IR kept.
	if want := []string{"IR", "RU"}; !slices.Equal(body.Codes, want) {
		t.Errorf("codes = %v, want %v", body.Codes, want)
	}
}

func TestResolveStepRefusesWhatIsNotThere(t *testing.T) {
	for _, tc := range []struct{ read, want string }{
		{`{"id":"jtmp_1","claims":{},"codes":[]}`, "no name"},
		{`{"id":"jtmp_1","name":null,"claims":{},"codes":[]}`, "no name"},
		{`{"id":"jtmp_1","name":"x","claims":{},"codes":"KP"}`, "not a list"},
		{`{"data":[{"id":"a"},{"id":"b"}]}`, "2 results"},
	} {
		read, err := decodeJSON([]byte(tc.read))
		if err != nil {
			t.Fatal(err)
		}
		_, err = resolveStep(copyStep(), []any{read}, func(int) string { return "the template" })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("read %s: error %v, want one saying %q", tc.read, err, tc.want)
		}
	}
}

// FuzzResolveStep feeds resolveStep any JSON a Clerk read could answer with: it never
// panics, and a step it resolves has no reference left and a JSON body.
func FuzzResolveStep(f *testing.F) {
	f.Add([]byte(`{"id":"jtmp_1","name":"hasura","claims":{"a":1},"codes":["KP"]}`))
	f.Add([]byte(`{"data":[{"id":"x","name":"n","claims":{},"codes":[]}]}`))
	f.Add([]byte(`[{"id":"x","name":"n","claims":[],"codes":[1,{"a":null}]}]`))
	f.Add([]byte(`{"id":7,"name":{"x":"$steps[0].name"},"claims":"...$steps[0].codes","codes":["$not:KP"]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		read, err := decodeJSON(data)
		if err != nil {
			return
		}
		got, err := resolveStep(copyStep(), []any{read}, func(int) string { return "the template" })
		if err != nil {
			return
		}
		if !json.Valid(got.Body) {
			t.Fatalf("resolved body is not JSON: %s", got.Body)
		}
		var body map[string]any
		if err := json.Unmarshal(got.Body, &body); err != nil {
			t.Fatal(err)
		}
		if codes, _ := body["codes"].([]any); slices.ContainsFunc(codes, func(c any) bool { s, _ := c.(string); return strings.HasPrefix(s, "...$steps[") }) {
			t.Fatalf("a spread was left in %s", got.Body)
		}
	})
}
