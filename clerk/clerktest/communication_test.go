package clerktest_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// communication is the InstanceCommunication object a client should decode for a blocklist.
func communication(codes ...string) obj {
	list := []any{}
	for _, c := range codes {
		list = append(list, c)
	}
	return obj{"object": "instance_communication", "blocked_country_codes": list}
}

// blocklistBody is a PATCH /instance/communication body listing codes.
func blocklistBody(t *testing.T, codes []string) string {
	t.Helper()
	b, err := json.Marshal(map[string][]string{"blocked_country_codes": codes})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// distinctCodes returns n different codes of the right shape, AA, AB, …, known or not.
func distinctCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = string([]byte{'A' + byte(i/26), 'A' + byte(i%26)})
	}
	return out
}

func TestSampleCommunication(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	want := communication("IR", "KP")
	if diff := cmp.Diff(want, call[obj](t, s, "GET", "/instance/communication", "", 200)); diff != "" {
		t.Errorf("GET /instance/communication (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"IR", "KP"}, s.BlockedCountryCodes()); diff != "" {
		t.Errorf("BlockedCountryCodes() (-want +got):\n%s", diff)
	}
}

func TestCommunicationEmpty(t *testing.T) {
	s := newServer(t)
	if diff := cmp.Diff(communication(), call[obj](t, s, "GET", "/instance/communication", "", 200)); diff != "" {
		t.Errorf("GET /instance/communication without sample data: the list is [], never null (-want +got):\n%s", diff)
	}
	if got := s.BlockedCountryCodes(); got == nil || len(got) != 0 {
		t.Errorf("BlockedCountryCodes() = %#v, want an empty, non-nil list", got)
	}
}

// TestUpdateCommunication follows the sample blocklist through PATCHes, each checked in its
// response and in a GET after it.
func TestUpdateCommunication(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	all := slices.Clone(clerktest.CountryCodes)
	steps := []struct {
		name, body string
		want       []string
	}{
		{"replace the whole list, sorted", `{"blocked_country_codes":["RU","CN"]}`, []string{"CN", "RU"}},
		{"omitted is a no-op", `{}`, []string{"CN", "RU"}},
		{"an empty body is a no-op", ``, []string{"CN", "RU"}},
		{"null is a no-op", `{"blocked_country_codes":null}`, []string{"CN", "RU"}},
		{"unknown codes dropped", `{"blocked_country_codes":["ZZ","GB","UK","XK","AA"]}`, []string{"GB"}},
		{"only unknown codes", `{"blocked_country_codes":["ZZ"]}`, []string{}},
		{"set again", `{"blocked_country_codes":["US","CA","MX"]}`, []string{"CA", "MX", "US"}},
		{"empty list clears", `{"blocked_country_codes":[]}`, []string{}},
		{"250 codes, the most allowed", blocklistBody(t, append([]string{"ZZ"}, all...)), all},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			want := communication(st.want...)
			if diff := cmp.Diff(want, call[obj](t, s, "PATCH", "/instance/communication", st.body, 200)); diff != "" {
				t.Errorf("PATCH /instance/communication %.80s (-want +got):\n%s", st.body, diff)
			}
			if diff := cmp.Diff(want, call[obj](t, s, "GET", "/instance/communication", "", 200)); diff != "" {
				t.Errorf("GET /instance/communication after %.80s (-want +got):\n%s", st.body, diff)
			}
		})
	}
}

func TestUpdateCommunicationValidation(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		code       string
		param      string // meta.param_name; "" for none
	}{
		{"lowercase", `{"blocked_country_codes":["us"]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"a valid code beside a lowercase one", `{"blocked_country_codes":["US","ca"]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"three letters", `{"blocked_country_codes":["USA"]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"one letter", `{"blocked_country_codes":["U"]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"a digit", `{"blocked_country_codes":["U1"]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"padded", `{"blocked_country_codes":[" US"]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"empty string", `{"blocked_country_codes":[""]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"null item", `{"blocked_country_codes":[null]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"a string, not a list", `{"blocked_country_codes":"US"}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"numbers", `{"blocked_country_codes":[1]}`, 422, "form_param_format_invalid", "blocked_country_codes"},
		{"duplicate", `{"blocked_country_codes":["US","CA","US"]}`, 422, "duplicate_record", "blocked_country_codes"},
		{"duplicate unknown code", `{"blocked_country_codes":["ZZ","ZZ"]}`, 422, "duplicate_record", "blocked_country_codes"},
		{"251 codes", blocklistBody(t, distinctCodes(251)), 422, "form_param_value_invalid", "blocked_country_codes"},
		{"unknown field", `{"allowed_country_codes":["US"]}`, 422, "form_param_unknown", "allowed_country_codes"},
		{"malformed json", `{"blocked_country_codes":[`, 400, "malformed_request", ""},
		{"an array body", `["US"]`, 400, "malformed_request", ""},
	}
	s := newServer(t, clerktest.WithSampleData())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := wantError(t, send(t, s, "PATCH", "/instance/communication", tc.body), tc.status, tc.code)
			if got, _ := e.Meta["param_name"].(string); got != tc.param {
				t.Errorf("PATCH /instance/communication %.80s: param_name = %q, want %q", tc.body, got, tc.param)
			}
			if e.LongMessage == "" {
				t.Errorf("PATCH /instance/communication %.80s: no long_message", tc.body)
			}
		})
	}
	if diff := cmp.Diff([]string{"IR", "KP"}, s.BlockedCountryCodes()); diff != "" {
		t.Errorf("rejected updates changed the list (-want +got):\n%s", diff)
	}
}

func TestSetBlockedCountryCodes(t *testing.T) {
	s := newServer(t, clerktest.WithSampleData())
	if err := s.SetBlockedCountryCodes([]string{"NG", "ZZ", "BR"}); err != nil {
		t.Fatal(err)
	}
	got := s.BlockedCountryCodes()
	if diff := cmp.Diff([]string{"BR", "NG"}, got); diff != "" {
		t.Errorf("BlockedCountryCodes() after setting NG, ZZ, BR: unknown codes dropped, sorted (-want +got):\n%s", diff)
	}
	got[0] = "US"
	if diff := cmp.Diff(communication("BR", "NG"), call[obj](t, s, "GET", "/instance/communication", "", 200)); diff != "" {
		t.Errorf("GET /instance/communication after the caller changed BlockedCountryCodes' slice (-want +got):\n%s", diff)
	}
	for _, bad := range [][]string{{"br"}, {"BR", "BR"}, distinctCodes(251)} {
		if err := s.SetBlockedCountryCodes(bad); err == nil {
			t.Errorf("SetBlockedCountryCodes(%.40q) = nil, want an error", bad)
		}
	}
	if diff := cmp.Diff([]string{"BR", "NG"}, s.BlockedCountryCodes()); diff != "" {
		t.Errorf("rejected SetBlockedCountryCodes changed the list (-want +got):\n%s", diff)
	}
	if err := s.SetBlockedCountryCodes(nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(communication(), call[obj](t, s, "GET", "/instance/communication", "", 200)); diff != "" {
		t.Errorf("GET /instance/communication after SetBlockedCountryCodes(nil) (-want +got):\n%s", diff)
	}
}
