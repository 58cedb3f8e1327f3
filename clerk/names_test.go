package clerk_test

import (
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
)

func TestClosest(t *testing.T) {
	names := []string{"first_name", "last_name", "email_address", "Email & SMS Templates", "GetUser"}
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"frist_name", "first_name", true},
		{"FIRST_NAME", "first_name", true},
		{"email & sms templates", "Email & SMS Templates", true},
		{"emailsmstemplates", "Email & SMS Templates", true},
		{"getuser", "GetUser", true},
		{"emial_address", "email_address", true},
		{"emial_adress", "", false}, // three mistakes are too many to guess from
		{"password", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := clerk.Closest(tt.got, names)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.got, got, ok, tt.want, tt.ok)
		}
	}
}
