package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/bot/slackbot"
)

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func TestVersion(t *testing.T) {
	out, _, err := runCmd(t, "version")
	if err != nil {
		t.Fatalf("run(version) error: %v", err)
	}
	if !strings.HasPrefix(out, "clerkbot ") || !strings.Contains(out, "go1.") {
		t.Errorf("run(version) printed %q, want \"clerkbot <version> (go…)\"", out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"stray argument", []string{"audit", "everything"}, `audit takes no arguments, got ["everything"]`},
		{"unknown flag", []string{"shell", "--demo=maybe"}, `invalid boolean value "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, tt.args...)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run(%q) error = %v, want usage error containing %q", tt.args, err, tt.want)
			}
			if exitCode(err) != 2 {
				t.Errorf("exitCode = %d, want 2", exitCode(err))
			}
			if !strings.Contains(stderr, "Usage:") {
				t.Errorf("stderr lacks usage: %q", stderr)
			}
		})
	}
}

func TestManifestCommand(t *testing.T) {
	out, _, err := runCmd(t, "manifest")
	if err != nil {
		t.Fatalf("run(manifest) = %v", err)
	}
	if out != string(slackbot.Manifest) || !strings.Contains(out, "socket_mode_enabled: true") {
		t.Errorf("run(manifest) printed %q, want the embedded manifest", out)
	}
	if _, _, err := runCmd(t, "manifest", "extra"); exitCode(err) != 2 {
		t.Errorf("run(manifest extra) = %v, want a usage error", err)
	}
}
