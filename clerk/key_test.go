package clerk_test

import (
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
)

func TestNewClientKeys(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		want    clerk.Instance
		wantErr []string // the error names all of these
	}{
		{name: "live", key: "sk_live_abcDEF123", want: clerk.Production},
		{name: "test", key: "sk_test_abcDEF123", want: clerk.Development},
		{name: "trailing newline from a file", key: "sk_test_abcDEF123\n", want: clerk.Development},
		{name: "empty", key: "", wantErr: []string{"CLERK_SECRET_KEY", "sk_test_", "sk_live_"}},
		{name: "blank", key: "  \n", wantErr: []string{"CLERK_SECRET_KEY"}},
		{name: "publishable key", key: "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k", wantErr: []string{"publishable", "sk_test_", "sk_live_"}},
		{name: "random", key: "hunter2-not-a-key", wantErr: []string{"sk_test_", "sk_live_"}},
		{name: "upper case prefix", key: "SK_LIVE_abcDEF123", wantErr: []string{"sk_test_", "sk_live_"}},
		{name: "prefix only", key: "sk_live_", wantErr: []string{"whole secret key"}},
		{name: "space inside", key: "sk_test_abc DEF123", wantErr: []string{"spaces"}},
		{name: "newline inside", key: "sk_test_abc\nX-Injected: 1", wantErr: []string{"header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := clerk.NewClient(tt.key)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("NewClient(%q): %v", tt.key, err)
				}
				if got := c.Instance(); got != tt.want {
					t.Errorf("Instance() = %v, want %v", got, tt.want)
				}
				if got := c.BaseURL(); got != clerk.DefaultBaseURL {
					t.Errorf("BaseURL() = %q, want %q", got, clerk.DefaultBaseURL)
				}
				return
			}
			if err == nil {
				t.Fatalf("NewClient(%q) accepted the key as %v", tt.key, c.Instance())
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("NewClient(%q) = %q, want it to mention %q", tt.key, err, s)
				}
			}
			// The part after a prefix is the secret; it must never be echoed.
			if secret := tt.key[min(len(tt.key), 8):]; len(strings.TrimSpace(secret)) > 2 && strings.Contains(err.Error(), secret) {
				t.Errorf("NewClient error %q echoes the key", err)
			}
		})
	}
}

func TestInstanceString(t *testing.T) {
	tests := []struct {
		i    clerk.Instance
		want string
	}{
		{clerk.Production, "PRODUCTION"},
		{clerk.Development, "DEVELOPMENT"},
		{clerk.Instance(0), "UNKNOWN"},
	}
	for _, tt := range tests {
		if got := tt.i.String(); got != tt.want {
			t.Errorf("Instance(%d).String() = %q, want %q", int(tt.i), got, tt.want)
		}
	}
}

func TestNewClientBaseURL(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{in: "https://api.clerk.com/v1/", want: "https://api.clerk.com/v1"},
		{in: "http://127.0.0.1:8080/v1", want: "http://127.0.0.1:8080/v1"},
		{in: "api.clerk.com/v1", wantErr: true},
		{in: "ftp://api.clerk.com/v1", wantErr: true},
		{in: "https://user:pass@api.clerk.com/v1", wantErr: true},
		{in: "https://api.clerk.com/v1?x=1", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		c, err := clerk.NewClient("sk_test_abc", clerk.WithBaseURL(tt.in))
		switch {
		case tt.wantErr && err == nil:
			t.Errorf("WithBaseURL(%q) accepted as %q", tt.in, c.BaseURL())
		case tt.wantErr && !strings.Contains(err.Error(), "CLERK_API_URL"):
			t.Errorf("WithBaseURL(%q) error %q does not name CLERK_API_URL", tt.in, err)
		case !tt.wantErr && err != nil:
			t.Errorf("WithBaseURL(%q): %v", tt.in, err)
		case !tt.wantErr && c.BaseURL() != tt.want:
			t.Errorf("WithBaseURL(%q).BaseURL() = %q, want %q", tt.in, c.BaseURL(), tt.want)
		}
	}
}
