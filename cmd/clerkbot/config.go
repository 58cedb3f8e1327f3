package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/slack-go/slack"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/confirm"
)

// openSpecs loads Clerk's specs the way every command does: from CLERK_OPENAPI_SPEC when
// set, otherwise from Clerk's repository on GitHub, with downloads cached in the user's
// cache folder (CLERKBOT_CACHE_DIR overrides it) so a restart works offline.
func openSpecs(ctx context.Context, getenv func(string) string, logger *slog.Logger) (*clerk.Specs, error) {
	loader := clerk.SpecLoader{Source: getenv("CLERK_OPENAPI_SPEC"), Logger: logger}
	if dir := cacheDir(getenv); dir != "" {
		loader.Cache = clerk.DirCache(filepath.Join(dir, "specs"))
	}
	specs, err := loader.Open(ctx)
	if err != nil {
		return nil, fmt.Errorf("load Clerk's OpenAPI spec: %w", err)
	}
	return specs, nil
}

func cacheDir(getenv func(string) string) string {
	if dir := getenv("CLERKBOT_CACHE_DIR"); dir != "" {
		return dir
	}
	if dir := getenv("XDG_CACHE_HOME"); dir != "" {
		return filepath.Join(dir, "clerkbot")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".cache", "clerkbot")
	}
	return ""
}

// loadPolicy completes a policy configuration from the environment: the confirmation
// lifetime (CLERKBOT_CONFIRM_TTL) and the optional YAML overrides (CLERKBOT_CONFIG),
// checked against every spec version offered.
func loadPolicy(ctx context.Context, getenv func(string) string, specs *clerk.Specs, cfg confirm.PolicyConfig) (*confirm.Policy, error) {
	if v := getenv("CLERKBOT_CONFIRM_TTL"); v != "" {
		ttl, err := confirm.ParseTTL(v)
		if err != nil {
			return nil, fmt.Errorf("CLERKBOT_CONFIRM_TTL: %w", err)
		}
		cfg.TTL = ttl
	}
	if unknown := cfg.Scopes.Unknown(); len(unknown) > 0 {
		return nil, fmt.Errorf("CLERK_BAPI_SCOPES has words clerkbot does not know: %s; use read, write and delete", strings.Join(unknown, ", "))
	}
	if path := getenv("CLERKBOT_CONFIG"); path != "" {
		var loaded []*clerk.Spec
		for _, v := range specs.Versions() {
			s, err := specs.Get(ctx, v)
			if err != nil {
				return nil, err
			}
			loaded = append(loaded, s)
		}
		o, err := confirm.LoadOverrides(path, loaded...)
		if err != nil {
			return nil, fmt.Errorf("CLERKBOT_CONFIG: %w", err)
		}
		cfg.Overrides = o
	}
	return confirm.NewPolicy(cfg)
}

// dbPath is CLERKBOT_DB, or clerkbot.db in the working folder.
func dbPath(getenv func(string) string) string {
	return cmp.Or(getenv("CLERKBOT_DB"), "clerkbot.db")
}

// slackAPIURL is SLACK_API_URL, or Slack's own, ending in a slash as slack-go wants.
func slackAPIURL(getenv func(string) string) string {
	u := cmp.Or(getenv("SLACK_API_URL"), slack.APIURL)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// channelIDs splits CLERKBOT_CHANNELS at commas and white space.
func channelIDs(getenv func(string) string) []string {
	return strings.FieldsFunc(getenv("CLERKBOT_CHANNELS"), func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}
