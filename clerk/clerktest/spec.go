package clerktest

import (
	"context"
	"sync"

	"errors"
	"fmt"
	"github.com/clerkbot/clerkbot/clerk"
	"os"
	"path/filepath"
)

// SharedSpecsEnv names the environment variable that overrides where SharedSpecDir looks.
const SharedSpecsEnv = "CLERKBOT_SHARED_SPECS"

// SharedSpecDir returns the folder holding the copies of Clerk's OpenAPI specs that tests
// use (its bapi/ subfolder holds YYYY-MM-DD.yml files). It is $CLERKBOT_SHARED_SPECS when
// set; otherwise ../shared/clerk-openapi next to the module root, found by walking up from
// the working directory to the folder holding go.mod. The project never commits spec files,
// so a missing folder is an error that says where it looked.
func SharedSpecDir() (string, error) {
	if dir := os.Getenv(SharedSpecsEnv); dir != "" {
		if err := checkSpecDir(dir); err != nil {
			return "", fmt.Errorf("clerktest: the Clerk OpenAPI spec folder named by %s is missing or incomplete: %w; "+
				"tests need Clerk's specs (bapi/YYYY-MM-DD.yml from github.com/clerk/openapi-specs) there", SharedSpecsEnv, err)
		}
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("clerktest: cannot find the Clerk OpenAPI spec folder: %w", err)
	}
	root, err := moduleRoot(wd)
	if err != nil {
		return "", fmt.Errorf("clerktest: cannot find the Clerk OpenAPI spec folder: %w; set %s to the folder "+
			"holding bapi/YYYY-MM-DD.yml", err, SharedSpecsEnv)
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "clerk-openapi")
	if err := checkSpecDir(dir); err != nil {
		return "", fmt.Errorf("clerktest: the Clerk OpenAPI spec folder is missing: looked for %s "+
			"(../shared/clerk-openapi from the module root %s): %w; tests need Clerk's specs "+
			"(bapi/YYYY-MM-DD.yml from github.com/clerk/openapi-specs) there, or %s set to their folder",
			dir, root, err, SharedSpecsEnv)
	}
	return dir, nil
}

// SharedSpecFile returns the path of one dated spec in SharedSpecDir, such as
// SharedSpecFile("2026-05-12") for bapi/2026-05-12.yml.
func SharedSpecFile(version string) (string, error) {
	dir, err := SharedSpecDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "bapi", version+".yml")
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("clerktest: Clerk OpenAPI spec %s is missing from %s: %w", version, filepath.Join(dir, "bapi"), err)
	}
	return path, nil
}

func checkSpecDir(dir string) error {
	fi, err := os.Stat(filepath.Join(dir, "bapi"))
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", filepath.Join(dir, "bapi"))
	}
	return nil
}

// moduleRoot walks up from dir to the first folder holding a go.mod file.
func moduleRoot(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", errors.New("no go.mod above " + dir)
		}
		d = parent
	}
}

// sharedSpecs holds the shared folder's specs, loaded once per process: parsing one
// version takes about 150 ms, and every test package needs them.
var sharedSpecs = sync.OnceValues(func() (*clerk.Specs, error) {
	dir, err := SharedSpecDir()
	if err != nil {
		return nil, err
	}
	return clerk.SpecLoader{Source: filepath.Join(dir, "bapi")}.Open(context.Background())
})

// SharedSpecs returns the shared folder's specs (every version it holds), loaded once per
// process and shared by every caller.
func SharedSpecs() (*clerk.Specs, error) { return sharedSpecs() }

// SharedSpec returns one version of the shared specs; "" means the newest.
func SharedSpec(version string) (*clerk.Spec, error) {
	specs, err := sharedSpecs()
	if err != nil {
		return nil, err
	}
	return specs.Get(context.Background(), version)
}
