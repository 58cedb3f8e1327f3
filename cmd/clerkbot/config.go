package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/clerkbot/clerkbot/clerk"
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
