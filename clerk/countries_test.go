package clerk

import (
	"slices"
	"testing"
)

func TestCountryCodes(t *testing.T) {
	codes := CountryCodes()
	if len(codes) != 249 {
		t.Errorf("%d country codes, want the 249 ISO 3166-1 alpha-2 codes in use", len(codes))
	}
	for i, c := range codes {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			t.Errorf("country code %q is not two uppercase letters", c)
		}
		if i > 0 && codes[i-1] >= c {
			t.Errorf("country codes %q, %q are out of order or repeated; the lookup needs them sorted", codes[i-1], c)
		}
	}
	for _, c := range []string{"GB", "US", "KP", "AX", "SS", "ZW"} {
		if !slices.Contains(codes, c) {
			t.Errorf("country codes lack %s", c)
		}
	}
	for _, c := range []string{"UK", "XK", "EU", "ZZ", "AN"} {
		if slices.Contains(codes, c) {
			t.Errorf("country codes hold %s, which is not an ISO 3166-1 alpha-2 code in use", c)
		}
	}
}

func TestCountryName(t *testing.T) {
	if n, ok := CountryName("KR"); !ok || n != "Korea (South)" {
		t.Errorf("CountryName(KR) = %q, %v", n, ok)
	}
	if _, ok := CountryName("UK"); ok {
		t.Errorf("CountryName(UK) is known; the code for Britain is GB")
	}
}
