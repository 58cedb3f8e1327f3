package clerktest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

func TestSharedSpecDir(t *testing.T) {
	t.Run("found from the module", func(t *testing.T) {
		dir, err := clerktest.SharedSpecDir()
		if err != nil {
			t.Fatal(err) // the shared specs must be there for this repository's tests
		}
		if _, err := os.Stat(filepath.Join(dir, "bapi", "2026-05-12.yml")); err != nil {
			t.Errorf("SharedSpecDir() = %s, which has no bapi/2026-05-12.yml: %v", dir, err)
		}
		file, err := clerktest.SharedSpecFile("2026-05-12")
		if err != nil || file != filepath.Join(dir, "bapi", "2026-05-12.yml") {
			t.Errorf("SharedSpecFile(2026-05-12) = %q, %v", file, err)
		}
		if _, err := clerktest.SharedSpecFile("1999-01-01"); err == nil {
			t.Error("SharedSpecFile(1999-01-01) found a spec that does not exist")
		}
	})

	tests := []struct {
		name      string
		setup     func(t *testing.T) // prepares env and working directory
		wantDir   func() string
		wantInErr []string
	}{
		{
			name: "env override",
			setup: func(t *testing.T) {
				dir := t.TempDir()
				if err := os.Mkdir(filepath.Join(dir, "bapi"), 0o755); err != nil {
					t.Fatal(err)
				}
				t.Setenv(clerktest.SharedSpecsEnv, dir)
			},
			wantDir: func() string { return os.Getenv(clerktest.SharedSpecsEnv) },
		},
		{
			name: "env names a missing folder",
			setup: func(t *testing.T) {
				t.Setenv(clerktest.SharedSpecsEnv, filepath.Join(t.TempDir(), "nope"))
			},
			wantInErr: []string{clerktest.SharedSpecsEnv, "missing", "tests need Clerk's specs"},
		},
		{
			name: "module without shared folder",
			setup: func(t *testing.T) {
				t.Setenv(clerktest.SharedSpecsEnv, "")
				root := filepath.Join(t.TempDir(), "repo")
				if err := os.MkdirAll(filepath.Join(root, "pkg", "sub"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Chdir(filepath.Join(root, "pkg", "sub"))
			},
			wantInErr: []string{"missing", filepath.Join("shared", "clerk-openapi"), "tests need Clerk's specs", clerktest.SharedSpecsEnv},
		},
		{
			name: "no module at all",
			setup: func(t *testing.T) {
				t.Setenv(clerktest.SharedSpecsEnv, "")
				t.Chdir(t.TempDir())
			},
			wantInErr: []string{"go.mod", clerktest.SharedSpecsEnv},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup(t)
			dir, err := clerktest.SharedSpecDir()
			if tc.wantDir != nil {
				if err != nil || dir != tc.wantDir() {
					t.Fatalf("SharedSpecDir() = %q, %v; want %q", dir, err, tc.wantDir())
				}
				return
			}
			if err == nil {
				t.Fatalf("SharedSpecDir() = %q, want an error", dir)
			}
			for _, want := range tc.wantInErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}
