package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// specEnv returns a getenv that points CLERK_OPENAPI_SPEC at the shared specs.
func specEnv(t *testing.T) func(string) string {
	t.Helper()
	dir, err := clerktest.SharedSpecDir()
	if err != nil {
		t.Fatalf("clerkbot parse needs Clerk's specs: %v", err)
	}
	cache := t.TempDir()
	return func(k string) string {
		switch k {
		case "CLERK_OPENAPI_SPEC":
			return filepath.Join(dir, "bapi")
		case "CLERKBOT_CACHE_DIR":
			return cache
		}
		return ""
	}
}

func parseCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"parse"}, args...), specEnv(t), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

type intentJSON struct {
	Mode    string `json:"mode"`
	Source  string `json:"source"`
	Version string `json:"version"`
	Admin   bool   `json:"admin"`
	Tag     string `json:"tag"`
	Steps   []struct {
		OperationID string              `json:"operation_id"`
		Method      string              `json:"method"`
		Path        string              `json:"path"`
		PathParams  map[string]string   `json:"path_params"`
		Query       map[string][]string `json:"query"`
		Body        json.RawMessage     `json:"body"`
	} `json:"steps"`
	Candidates []json.RawMessage `json:"candidates"`
	Message    string            `json:"message"`
}

func TestParseJSONArgs(t *testing.T) {
	out, stderr, err := parseCmd(t, "", "--json", "get", "user", "john_doe")
	if err != nil {
		t.Fatalf("parse --json: %v (stderr %q)", err, stderr)
	}
	want := `{"mode":"execute","source":"fastpath","version":"2026-05-12","admin":false,"tag":"",` +
		`"steps":[{"operation_id":"GetUserList","method":"GET","path":"/users","path_params":{},"query":{"username":["john_doe"]},"body":null}],` +
		`"candidates":[],"message":""}` + "\n"
	if out != want {
		t.Errorf("parse --json get user john_doe =\n%s\nwant\n%s", out, want)
	}
}

func TestParseBatch(t *testing.T) {
	lines := []string{
		"GET /users?limit=5",
		"GET /users?limit=abc",
		"\xff\xfe not utf-8 {",
		strings.Repeat("x", 50000),
		"",
		"users version 2025-11-10.yml",
		"list users created in the last 7 days",
	}
	out, stderr, err := parseCmd(t, strings.Join(lines, "\n"), "--json", "--now", "2026-11-26T12:00:00Z")
	if err != nil {
		t.Fatalf("parse batch: %v (stderr %q)", err, stderr)
	}
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("parse batch answered %d lines for %d texts:\n%s", len(got), len(lines), out)
	}
	wantModes := []string{"execute", "reject", "clarify|reject", "reject", "help", "browse", "execute"}
	for i, line := range got {
		var in intentJSON
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, line)
		}
		if !strings.Contains("|"+wantModes[i]+"|", "|"+in.Mode+"|") {
			t.Errorf("line %d (%.30q): mode %s, want %s (%s)", i+1, lines[i], in.Mode, wantModes[i], in.Message)
		}
		if (in.Mode == "reject" || in.Mode == "clarify") && in.Message == "" {
			t.Errorf("line %d: %s without a message", i+1, in.Mode)
		}
	}
	var last intentJSON
	json.Unmarshal([]byte(got[6]), &last)
	// --now 2026-11-26T12:00:00Z minus 7 days.
	if q := last.Steps[0].Query["created_at_after"]; len(q) != 1 || q[0] != "1795089600000" {
		t.Errorf("created_at_after = %v, want [1795089600000] (7 days before --now)", q)
	}
	var browse intentJSON
	json.Unmarshal([]byte(got[5]), &browse)
	if browse.Tag != "Users" || browse.Version != "2025-11-10" {
		t.Errorf("browse line: tag %q version %q, want Users 2025-11-10", browse.Tag, browse.Version)
	}
}

func TestParseReadable(t *testing.T) {
	out, _, err := parseCmd(t, "", `POST /invitations {"email_address":"a@b.co"}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mode:    execute (decided by raw)", "why:", "CreateInvitation POST /invitations",
		"curl -X POST 'https://api.clerk.com/v1/invitations'", "$CLERK_SECRET_KEY", `{"email_address":"a@b.co"}`} {
		if !strings.Contains(out, want) {
			t.Errorf("parse output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = parseCmd(t, "", "create org 'Acme' and invite a@b.co as admin")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "/organizations/$steps[0].id/invitations") {
		t.Errorf("a reference to an earlier step should show as written:\n%s", out)
	}
}

func TestParseUsageErrors(t *testing.T) {
	_, _, err := parseCmd(t, "", "--now", "yesterday", "help")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "RFC 3339") {
		t.Errorf("parse --now yesterday: error %v, want a usage error about RFC 3339", err)
	}
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "CLERK_OPENAPI_SPEC" {
			return filepath.Join(t.TempDir(), "missing")
		}
		return ""
	}
	err = run(context.Background(), []string{"parse", "help"}, getenv, strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "CLERK_OPENAPI_SPEC") {
		t.Errorf("parse with a missing spec: error %v, want one naming CLERK_OPENAPI_SPEC", err)
	}
}

// TestParseHoldout: --holdout leaves a built-in corpus out of the examples (to score
// it as unseen), or all of them; an unknown name is a usage error listing the names.
func TestParseHoldout(t *testing.T) {
	_, _, err := parseCmd(t, "", "--holdout", "ho99", "help")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "ho02") {
		t.Errorf("parse --holdout ho99: error %v, want a usage error listing the corpora", err)
	}
	const text = "mark idn_2vECqFbiyonaUx6FhaJfEknwgym verified, checked via support call"
	mode := func(args ...string) string {
		out, _, err := parseCmd(t, "", append(args, "--json", text)...)
		if err != nil {
			t.Fatalf("parse %v: %v", args, err)
		}
		var in intentJSON
		if err := json.Unmarshal([]byte(out), &in); err != nil {
			t.Fatalf("parse %v printed %q: %v", args, out, err)
		}
		return in.Mode + " " + in.Source
	}
	if got := mode(); got != "execute ranker" {
		t.Errorf("parse %q = %s, want execute from the examples", text, got)
	}
	if got := mode("--holdout", "all"); got != "clarify ranker" {
		t.Errorf("parse --holdout all %q = %s, want the ranker's clarify", text, got)
	}
	// The text is ho30's; the other corpora have messages near enough to it.
	if got := mode("--holdout", "ho30.jsonl"); got != "execute ranker" {
		t.Errorf("parse --holdout ho30.jsonl %q = %s, want execute from the other corpora's examples", text, got)
	}
}
