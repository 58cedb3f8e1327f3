package clerk_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/google/go-cmp/cmp"
)

// fakeGitHub serves the contents API listing and the raw files of a spec folder, and
// counts the requests it answers.
type fakeGitHub struct {
	*httptest.Server
	hits atomic.Int64
}

func newFakeGitHub(t *testing.T, dir string) *fakeGitHub {
	t.Helper()
	g := &fakeGitHub{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/clerk/openapi-specs/contents/bapi", func(w http.ResponseWriter, r *http.Request) {
		g.hits.Add(1)
		entries, err := os.ReadDir(dir)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var list []string
		for _, e := range entries {
			list = append(list, fmt.Sprintf(`{"name":%q,"type":"file","download_url":"x"}`, e.Name()))
		}
		list = append(list, `{"name":"README.md","type":"file"}`)
		fmt.Fprintf(w, "[%s]", strings.Join(list, ","))
	})
	mux.HandleFunc("GET /raw/{name}", func(w http.ResponseWriter, r *http.Request) {
		g.hits.Add(1)
		http.ServeFile(w, r, filepath.Join(dir, filepath.Base(r.PathValue("name"))))
	})
	g.Server = httptest.NewServer(mux)
	t.Cleanup(g.Close)
	return g
}

func (g *fakeGitHub) loader(cache clerk.SpecCache, logger *slog.Logger) clerk.SpecLoader {
	return clerk.SpecLoader{
		IndexURL: g.URL + "/repos/clerk/openapi-specs/contents/bapi",
		RawURL:   g.URL + "/raw/",
		Cache:    cache,
		Logger:   logger,
	}
}

func TestSpecsFromFolder(t *testing.T) {
	ctx := context.Background()
	specs, err := clerk.SpecLoader{Source: specDir(t)}.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(versions, specs.Versions()); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	newest, err := specs.Get(ctx, "")
	if err != nil || newest.Version != "2026-05-12" {
		t.Fatalf("Get(\"\") = %v, %v; want 2026-05-12", newest, err)
	}
	for _, v := range []string{"2025-11-10", "2025-11-10.yml", " 2025-11-10.yaml "} {
		old, err := specs.Get(ctx, v)
		if err != nil || old.Version != "2025-11-10" {
			t.Errorf("Get(%q) = %v, %v", v, old, err)
		}
	}
	a, _ := specs.Get(ctx, "2025-11-10")
	b, _ := specs.Get(ctx, "2025-11-10")
	if a != b {
		t.Errorf("Get returned two parses of one version; a loaded spec must be shared")
	}
	for v, want := range map[string]string{
		"2024-01-01": "version 2024-01-01 is not available; versions: 2025-11-10, 2026-05-12",
		"latest":     `version "latest" must be a date such as 2026-05-12`,
	} {
		if _, err := specs.Get(ctx, v); err == nil || err.Error() != want {
			t.Errorf("Get(%q) error = %v, want %q", v, err, want)
		}
	}
}

func TestSpecsFromFile(t *testing.T) {
	ctx := context.Background()
	specs, err := clerk.SpecLoader{Source: filepath.Join(specDir(t), "2025-11-10.yml")}.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := specs.Versions(); len(got) != 1 || got[0] != "2025-11-10" {
		t.Errorf("Versions() = %v, want [2025-11-10]", got)
	}
	if _, err := specs.Get(ctx, "2026-05-12"); err == nil || !strings.Contains(err.Error(), "point it at a folder") {
		t.Errorf("Get(other version) error = %v, want advice to use a folder", err)
	}
}

func TestSpecsBadSource(t *testing.T) {
	ctx := context.Background()
	empty := t.TempDir()
	notSpec := filepath.Join(t.TempDir(), "spec.yml")
	if err := os.WriteFile(notSpec, []byte("hello: world\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		source, want string
	}{
		{filepath.Join(empty, "missing.yml"), "it must name a spec file, a folder of YYYY-MM-DD.yml files, or an http(s) URL"},
		{empty, "holds no YYYY-MM-DD.yml spec files"},
		{notSpec, notSpec},
	}
	for _, tt := range tests {
		_, err := clerk.SpecLoader{Source: tt.source}.Open(ctx)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q) error = %v, want %q", tt.source, err, tt.want)
		}
	}
}

func TestSpecsFromURL(t *testing.T) {
	ctx := context.Background()
	var hits atomic.Int64
	file := filepath.Join(specDir(t), "2026-05-12.yml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.ServeFile(w, r, file)
	}))
	cache := clerk.DirCache(t.TempDir())
	specs, err := clerk.SpecLoader{Source: srv.URL + "/spec.yml", Cache: cache}.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if specs.Newest() != "2026-05-12" || hits.Load() != 1 {
		t.Errorf("Newest() = %s after %d downloads", specs.Newest(), hits.Load())
	}
	// With the server gone, the cached copy serves, with a warning.
	srv.Close()
	var logs bytes.Buffer
	specs, err = clerk.SpecLoader{Source: srv.URL + "/spec.yml", Cache: cache, Logger: slog.New(slog.NewTextHandler(&logs, nil))}.Open(ctx)
	if err != nil {
		t.Fatalf("offline Open with a cached copy: %v", err)
	}
	if w := specs.Warnings(); len(w) != 1 || !strings.Contains(w[0], "using the cached copy of version 2026-05-12") {
		t.Errorf("Warnings() = %q", w)
	}
	if !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("no warning logged: %s", logs.String())
	}
	// Without a cache, the error names the variable to set.
	_, err = clerk.SpecLoader{Source: srv.URL + "/spec.yml"}.Open(ctx)
	if err == nil || !strings.Contains(err.Error(), "set CLERK_OPENAPI_SPEC") {
		t.Errorf("offline Open without cache error = %v", err)
	}
}

func TestSpecsFromGitHub(t *testing.T) {
	ctx := context.Background()
	gh := newFakeGitHub(t, specDir(t))
	cache := clerk.DirCache(t.TempDir())

	specs, err := gh.loader(cache, nil).Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(versions, specs.Versions()); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	if got := gh.hits.Load(); got != 2 {
		t.Errorf("Open made %d requests, want 2 (listing, newest spec)", got)
	}
	// Another version downloads on first use, once, however many ask at once.
	var wg sync.WaitGroup
	got := make([]*clerk.Spec, 8)
	for i := range got {
		wg.Go(func() {
			s, err := specs.Get(ctx, "2025-11-10")
			if err != nil {
				t.Error(err)
			}
			got[i] = s
		})
	}
	wg.Wait()
	for _, s := range got[1:] {
		if s != got[0] {
			t.Fatalf("concurrent Get returned different specs")
		}
	}
	if n := gh.hits.Load(); n != 3 {
		t.Errorf("after Get(2025-11-10) ×8: %d requests, want 3", n)
	}

	// A restart with the network down works from the cache, and says so.
	gh.Close()
	specs, err = gh.loader(cache, nil).Open(ctx)
	if err != nil {
		t.Fatalf("offline restart: %v", err)
	}
	if specs.Newest() != "2026-05-12" {
		t.Errorf("offline Newest() = %s", specs.Newest())
	}
	if w := specs.Warnings(); len(w) == 0 || !strings.Contains(w[0], "using the cached list") {
		t.Errorf("offline Warnings() = %q, want a warning about the cached list", w)
	}
	if _, err := specs.Get(ctx, "2025-11-10"); err != nil {
		t.Errorf("offline Get(2025-11-10) from cache: %v", err)
	}

	// No cache and no network: a clear error naming CLERK_OPENAPI_SPEC.
	_, err = gh.loader(nil, nil).Open(ctx)
	if err == nil || !strings.Contains(err.Error(), "no cached copy exists; set CLERK_OPENAPI_SPEC") {
		t.Errorf("offline Open without cache error = %v", err)
	}
}

func TestDirCache(t *testing.T) {
	c := clerk.DirCache(filepath.Join(t.TempDir(), "nested"))
	if _, ok, err := c.CachedSpec("github:2026-05-12"); ok || err != nil {
		t.Fatalf("empty cache: ok=%v err=%v", ok, err)
	}
	long := "url:https://example.com/" + strings.Repeat("a", 300) + ".yml"
	for _, key := range []string{"github:2026-05-12", "github:index", long, "url:https://x/../../etc/passwd"} {
		if err := c.CacheSpec(key, []byte(key)); err != nil {
			t.Fatalf("CacheSpec(%q): %v", key, err)
		}
		data, ok, err := c.CachedSpec(key)
		if !ok || err != nil || string(data) != key {
			t.Errorf("CachedSpec(%q) = %q, %v, %v", key, data, ok, err)
		}
	}
	entries, _ := os.ReadDir(string(c))
	if len(entries) != 4 {
		t.Errorf("cache folder holds %d files, want 4 (no temporary files, nothing outside)", len(entries))
	}
}
