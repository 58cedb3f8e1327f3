package clerktest

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/clerkbot/clerkbot/clerk"
)

// maxBlockedCountries is the spec's maxItems for blocked_country_codes. It bounds the request,
// before unrecognized codes are dropped.
const maxBlockedCountries = 250

// countryCodePattern is the spec's pattern for one code: uppercase, two letters. Lowercase
// codes are rejected, not folded, because the spec says codes "must be uppercase".
var countryCodePattern = regexp.MustCompile(`^[A-Z]{2}$`)

// communicationJSON is the InstanceCommunication object of the spec.
type communicationJSON struct {
	Object              string   `json:"object"`
	BlockedCountryCodes []string `json:"blocked_country_codes"`
}

// renderCommunication copies the list, so that an encoded response never aliases the
// store, and never encodes a nil list as null: the spec's array is not nullable.
func (s *Server) renderCommunication() communicationJSON {
	codes := slices.Clone(s.data.blockedCountries)
	if codes == nil {
		codes = []string{}
	}
	return communicationJSON{Object: "instance_communication", BlockedCountryCodes: codes}
}

func (s *Server) getCommunication(*call) (any, *apiError) {
	return s.renderCommunication(), nil
}

// updateCommunication serves PATCH /instance/communication. blocked_country_codes replaces
// the whole list; [] clears it. Omitting the field is a no-op, as the spec says, and so is
// an explicit null: the spec marks the field nullable without giving null a meaning, as it
// does for nearly every optional PATCH field (booleans included, where null can only mean
// "not set"), and it spells a reset out where null means one (default_scopes of
// /instance/oauth_application_settings: "Set to null to reset"). A rejected body leaves
// the list as it was.
func (s *Server) updateCommunication(c *call) (any, *apiError) {
	f, err := parseForm(c.body, "blocked_country_codes")
	if err != nil {
		return nil, err
	}
	if !f.has("blocked_country_codes") || f.null("blocked_country_codes") {
		return s.renderCommunication(), nil
	}
	codes, err := f.strList("blocked_country_codes")
	if err != nil {
		return nil, err
	}
	kept, err := checkBlockedCountries(codes)
	if err != nil {
		return nil, err
	}
	s.data.blockedCountries = kept
	return s.renderCommunication(), nil
}

// checkBlockedCountries validates a requested blocklist as the spec's schema does (at most 250
// codes, each uppercase two letters, none twice) and returns the list to store: the
// recognized codes, sorted. Sorting makes the list a set, as uniqueItems treats it, so the
// same request in any order stores and shows the same list.
//
// The spec says codes "that aren't recognized as SMS-tier countries are silently dropped"
// without listing Clerk's tiers; the emulator recognizes every ISO 3166-1 alpha-2 code in
// use (clerk.CountryName), so only codes such as ZZ, UK or XK are dropped. Uniqueness is checked
// before dropping, on what was sent.
func checkBlockedCountries(codes []string) ([]string, *apiError) {
	const param = "blocked_country_codes"
	if len(codes) > maxBlockedCountries {
		return nil, errParamValue(param, fmt.Sprintf("%s accepts at most %d codes.", param, maxBlockedCountries))
	}
	for _, code := range codes {
		if !countryCodePattern.MatchString(code) {
			return nil, errParamFormat(param, fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code: codes are two uppercase letters, such as US.", code))
		}
	}
	kept := make([]string, 0, len(codes))
	seen := make(map[string]bool, len(codes))
	for _, code := range codes {
		if seen[code] {
			return nil, errDuplicate(param, fmt.Sprintf("%s lists %q more than once.", param, code))
		}
		seen[code] = true
		if _, known := clerk.CountryName(code); known {
			kept = append(kept, code)
		}
	}
	slices.Sort(kept)
	return kept, nil
}
