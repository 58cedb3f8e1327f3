package clerktest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// SharedSpecDir returns the folder holding Clerk's published specs for tests
// (bapi/YYYY-MM-DD.yml): $CLERKBOT_SHARED_SPECS when set, otherwise
// ../shared/clerk-openapi beside the module root (the folder with go.mod), found by
// walking up from the working directory. The error says where it looked.
func SharedSpecDir() (string, error) {
	if dir := os.Getenv("CLERKBOT_SHARED_SPECS"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bapi")); err != nil {
			return "", fmt.Errorf("CLERKBOT_SHARED_SPECS=%s has no bapi folder: tests need Clerk's specs (bapi/2026-05-12.yml) there", dir)
		}
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("no go.mod above %s: cannot find the module root, so cannot find ../shared/clerk-openapi", wd)
		}
		root = parent
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "clerk-openapi")
	if _, err := os.Stat(filepath.Join(dir, "bapi")); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("Clerk's specs are missing: tests need %s/bapi/2026-05-12.yml (the shared folder beside the repository) or CLERKBOT_SHARED_SPECS pointing at a copy", dir)
		}
		return "", err
	}
	return dir, nil
}
