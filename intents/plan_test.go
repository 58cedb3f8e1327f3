package intents

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestReadFirst: a change Clerk takes only whole (PATCH /jwt_templates/{id} requires
// name and claims) reads the template first and copies what the text does not change.
func TestReadFirst(t *testing.T) {
	const tmpl = "jtmp_2Bq7YwKe4LmNx9RtVc3HpZs8JdF"
	cases := []struct {
		text, field string
		value       float64
	}{
		{"change lifetime on jwt template " + tmpl + " to 120", "lifetime", 120},
		{"can you set the allowed clock skew of " + tmpl + " to 10 seconds", "allowed_clock_skew", 10},
	}
	for _, tt := range cases {
		in := parse(t, tt.text)
		assertValid(t, tt.text, in)
		if got := ops(in); in.Mode != ModeExecute || len(got) != 2 || got[0] != "GetJWTTemplate" || got[1] != "UpdateJWTTemplate" {
			t.Fatalf("Parse(%q) = %s %v (%s), want GetJWTTemplate then UpdateJWTTemplate", tt.text, in.Mode, got, in.Reason)
		}
		if id := in.Steps[0].PathParams["template_id"]; id != tmpl {
			t.Errorf("Parse(%q): the read is of %q, want %s", tt.text, id, tmpl)
		}
		var body map[string]any
		if err := json.Unmarshal(in.Steps[1].Body, &body); err != nil {
			t.Fatalf("Parse(%q): body %s: %v", tt.text, in.Steps[1].Body, err)
		}
		want := map[string]any{"name": "$steps[0].name", "claims": "$steps[0].claims", tt.field: tt.value}
		if len(body) != len(want) {
			t.Errorf("Parse(%q): body %v, want %v", tt.text, body, want)
		}
		for k, v := range want {
			if body[k] != v {
				t.Errorf("Parse(%q): body %s = %v, want %v", tt.text, k, body[k], v)
			}
		}
		if !strings.Contains(in.Message, "read first") {
			t.Errorf("Parse(%q): message %q does not say the template is read first", tt.text, in.Message)
		}
	}
}

// TestReadFirstNotWhenNamed: a text that names a field the plan would copy asks
// for a change the copy would undo, so the parser asks back instead.
func TestReadFirstNotWhenNamed(t *testing.T) {
	text := "set lifetime 600 and name hasura on jtmp_2Bq7YwKe4LmNx9RtVc3HpZs8JdF"
	in := parse(t, text)
	if in.Mode != ModeClarify || !strings.Contains(in.Message, "is sent whole") {
		t.Errorf("Parse(%q) = %s %v (%s), want clarify saying the template is sent whole", text, in.Mode, ops(in), in.Message)
	}
	// Review 13: a field said without the plan setting it, a field set that the
	// text does not name, or a change by an amount.
	wantNoWrite(t,
		"bump lifetime on jtmp_2CL4LBcwIsi9Zduk54IVi5a5p63 by 60 seconds",
		"bump lifetime on jtmp_2CL4LBcwIsi9Zduk54IVi5a5p63 to 300 and change the aud claim to \"convex\"",
		"bump the lifetime of jtmp_2CL4LBcwIsi9Zduk54IVi5a5p63 to 600, also it should be called supabase now",
		"bump lifetime on jtmp_2CL4LBcwIsi9Zduk54IVi5a5p63 to 300 and switch it to RS256")
	// A raw request is sent as written: Clerk's required fields stay required.
	raw := `PATCH /jwt_templates/jtmp_2Bq7YwKe4LmNx9RtVc3HpZs8JdF {"lifetime": 300}`
	if in := parse(t, raw); in.Mode != ModeReject || len(in.Steps) != 0 {
		t.Errorf("Parse(%q) = %s %v, want reject: the body lacks name and claims", raw, in.Mode, ops(in))
	}
}

// TestValidateStepsBodyRefs: a reference in a body stands for a value of its field's
// type, and must refer to an earlier step.
func TestValidateStepsBodyRefs(t *testing.T) {
	spec := testSpec(t)
	read := Step{OperationID: "GetJWTTemplate", Method: "GET", Path: "/jwt_templates/{template_id}",
		PathParams: map[string]string{"template_id": "jtmp_2Bq7YwKe4LmNx9RtVc3HpZs8JdF"}}
	change := func(body string) Step {
		return Step{OperationID: "UpdateJWTTemplate", Method: "PATCH", Path: "/jwt_templates/{template_id}",
			PathParams: map[string]string{"template_id": "jtmp_2Bq7YwKe4LmNx9RtVc3HpZs8JdF"}, Body: json.RawMessage(body)}
	}
	ok := change(`{"name": "$steps[0].name", "claims": "$steps[0].claims", "lifetime": 300}`)
	if err := ValidateSteps(spec, []Step{read, ok}); err != nil {
		t.Errorf("a change copying name and claims from the read: %v", err)
	}
	for _, tt := range []struct{ body, want string }{
		{`{"name": "$steps[1].name", "claims": "$steps[0].claims", "lifetime": 300}`, "earlier step"},
		{`{"name": "$steps[0].name", "claims": "$steps[0].claims", "lifetime": "soon"}`, "lifetime"},
		{`{"name": "$steps[0].name", "lifetime": 300}`, "claims"},
	} {
		err := ValidateSteps(spec, []Step{read, change(tt.body)})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidateSteps(%s) = %v, want an error about %s", tt.body, err, tt.want)
		}
	}
	// Display keeps the reference.
	r, err := ok.Request(spec)
	if err != nil || !strings.Contains(string(r.Body), "$steps[0].claims") {
		t.Errorf("Request() = %v, %v; want the body with its references", r, err)
	}
}

// TestCountryList: Clerk replaces the SMS country blocklist whole, so blocking or
// unblocking a country reads the list and sends it back changed; a list said to be
// exactly some codes is sent as said.
func TestCountryList(t *testing.T) {
	const spread = "...$steps[0].blocked_country_codes"
	cases := []struct {
		text  string
		steps []string
		want  []any
	}{
		{"toll fraud spike, pls block sms to RU and NG", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "RU", "NG"}},
		{"we see SMS pumping from Indonesia and Pakistan — block texts to Indonesia and Pakistan", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "ID", "PK"}},
		{"unblock SMS to PK, it was a false positive", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "$not:PK"}},
		{"block SMS to Nigeria, Ghana and Kenya", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "NG", "GH", "KE"}},
		{"block sms to RU pls, toll fraud spike", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "RU"}},
		// A remark whose capitals are abbreviations, not countries, is no part of the list.
		{"block SMS to NG, our US users are unaffected", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "NG"}},
		{"block SMS to Russia, GM signed off", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "RU"}},
		{"BLOCK SMS TO RU AND NG", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "RU", "NG"}},
		// The list's own words, a story before the request, a remark after the countries.
		{"add Kyrgyzstan to the SMS blocklist", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "KG"}},
		{"remove India from the SMS blocklist", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "$not:IN"}},
		{"stop blocking SMS to Brazil", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "$not:BR"}},
		{"Twilio bill doubled overnight, block SMS to Tajikistan and Turkmenistan", []string{"GetInstanceCommunication", "UpdateInstanceCommunication"}, []any{spread, "TJ", "TM"}},
	}
	for _, tt := range cases {
		in := parse(t, tt.text)
		assertValid(t, tt.text, in)
		if got := ops(in); in.Mode != ModeExecute || !slices.Equal(got, tt.steps) {
			t.Errorf("Parse(%q) = %s %v (%s %s), want %v", tt.text, in.Mode, got, in.Reason, in.Message, tt.steps)
			continue
		}
		var body map[string][]any
		if err := json.Unmarshal(in.Steps[len(in.Steps)-1].Body, &body); err != nil {
			t.Fatal(err)
		}
		if got := body["blocked_country_codes"]; !slices.Equal(got, tt.want) {
			t.Errorf("Parse(%q): blocked_country_codes = %v, want %v", tt.text, got, tt.want)
		}
	}
	// No country named where a list would put it, a question, a "don't", a name
	// without talk of texts, or block and unblock at once: no change of the list.
	wantNoWrite(t, "should we block sms to RU?", "don't block sms to RU yet", "block Jordan",
		"block sms to RU, unblock PK", "IT says the sms costs are fine",
		// Review 13: a whole list is never sent as said; a block that is a noun,
		// a country kept, excepted, for later or only mentioned, a person, an
		// abbreviation, another system.
		"replace the sms country blocklist with exactly RU, NG", "overwrite nothing, just block SMS to RU",
		"block SMS to NG and GH should stay open", "block SMS to NG, GH is fine", "don't add RU to the sms blocklist",
		// Review 13 again: a part with a country and other words is a remark, read whole.
		"block sms to NG and RU, FR from the fraud team", "block SMS to RU, Jordan confirmed",
		"block phone numbers from NG on the sign up form", "block SMS to RU and IT please", "block SMS to NG starting Monday",
		"remove the block on SMS to NG", "reverse the SMS ban on NG", "block SMS to NG but not GH",
		"block sms to NG for QA", "block SMS to NG and unban PK",
		"unblock SMS for Jordan, he's stuck in Dubai", "block SMS to NG, then GH next week",
		"block SMS to RU and NG in Twilio geo permissions", "block SMS to NG instead of GH",
		"block SMS to Uzbekistan and SO on")
}

// TestCountryCodes: codes and names of countries, where a list puts them.
func TestCountryCodes(t *testing.T) {
	for text, want := range map[string][]string{
		"block RU, NG and PK":                  {"RU", "NG", "PK"},
		"block South Korea and the UK":         {"KR", "GB"},
		"IT says block sms to RU":              {"RU"},
		"block sms to IT":                      {"IT"},
		"QA asked us to block Georgia numbers": {"GE"},
		"ask Jordan about it":                  nil,
		"block sms to Jordan, he spams":        nil,
	} {
		if got := countryCodes(text); !slices.Equal(got, want) {
			t.Errorf("countryCodes(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestValidateStepsSpread: a spread list refers to an earlier step, and its added or
// removed items are checked as items.
func TestValidateStepsSpread(t *testing.T) {
	spec := testSpec(t)
	read := Step{OperationID: "GetInstanceCommunication", Method: "GET", Path: "/instance/communication"}
	change := func(body string) Step {
		return Step{OperationID: "UpdateInstanceCommunication", Method: "PATCH", Path: "/instance/communication", Body: json.RawMessage(body)}
	}
	if err := ValidateSteps(spec, []Step{read, change(`{"blocked_country_codes": ["...$steps[0].blocked_country_codes", "RU", "$not:PK"]}`)}); err != nil {
		t.Errorf("a spread list with an added and a removed code: %v", err)
	}
	for _, tt := range []struct{ body, want string }{
		{`{"blocked_country_codes": ["...$steps[1].blocked_country_codes", "RU"]}`, "earlier step"},
		{`{"blocked_country_codes": ["...$steps[0].blocked_country_codes", "ru"]}`, "blocked_country_codes"},
		{`{"blocked_country_codes": ["...$steps[0].blocked_country_codes", "$not:russia"]}`, "blocked_country_codes"},
	} {
		err := ValidateSteps(spec, []Step{read, change(tt.body)})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidateSteps(%s) = %v, want an error about %s", tt.body, err, tt.want)
		}
	}
}

// TestReadFirstRenameAndSeveralNumbers: a rename sets the name and copies the claims;
// several numbers go to the fields they are set for; a number only told of is none.
func TestReadFirstRenameAndSeveralNumbers(t *testing.T) {
	const tmpl = "jtmp_2CL4LBcwIsi9Zduk54IVi5a5p63"
	for text, want := range map[string]map[string]string{
		"rename jwt template " + tmpl + " to hasura-v2":            {"name": "hasura-v2", "claims": "$steps[0].claims"},
		tmpl + ": set lifetime to 900 and clock skew to 5":         {"lifetime": "900", "allowed_clock_skew": "5", "name": "$steps[0].name"},
		"set lifetime on " + tmpl + " to 300, 60 is way too short": {"lifetime": "300"},
	} {
		in := parse(t, text)
		assertValid(t, text, in)
		if got := ops(in); in.Mode != ModeExecute || len(got) != 2 || got[1] != "UpdateJWTTemplate" {
			t.Errorf("Parse(%q) = %s %v (%s)", text, in.Mode, got, in.Reason)
			continue
		}
		checkArgs(t, text, in, want)
	}
	wantNoWrite(t, "lifetime 60 on "+tmpl+" is too short, set it to 300",
		"we set "+tmpl+" lifetime to 300 last week, revert it to 60",
		"bump lifetime on "+tmpl+" to 300 or 600, whichever is allowed")
}
