package clerk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Where Clerk publishes its specs. The contents API lists the versions; the raw URL
// serves each file.
const (
	DefaultSpecIndexURL = "https://api.github.com/repos/clerk/openapi-specs/contents/bapi"
	DefaultSpecRawURL   = "https://raw.githubusercontent.com/clerk/openapi-specs/main/bapi/"
)

// maxSpecBytes bounds a downloaded spec; Clerk's are under 1 MB.
const maxSpecBytes = 32 << 20

var versionFile = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\.ya?ml$`)
var versionForm = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// SpecCache keeps the bytes of downloaded specs so that a restart works offline.
// The store implements it; DirCache is a plain-file one.
type SpecCache interface {
	// CachedSpec returns the bytes stored under key, and false when there are none.
	CachedSpec(key string) ([]byte, bool, error)
	// CacheSpec stores data under key, replacing what was there.
	CacheSpec(key string, data []byte) error
}

// SpecLoader says where specs come from. Its zero value downloads from GitHub without
// a cache.
type SpecLoader struct {
	// Source is CLERK_OPENAPI_SPEC: a file, a folder of YYYY-MM-DD.yml files, or an
	// http(s) URL of one file. Empty means Clerk's repository on GitHub.
	Source string
	// HTTPClient fetches URLs; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// Cache keeps downloaded bytes; nil means no cache.
	Cache SpecCache
	// Logger receives warnings such as falling back to a cached copy; nil discards them.
	Logger *slog.Logger
	// IndexURL and RawURL override the GitHub locations (tests point them at httptest).
	IndexURL, RawURL string
}

// Specs holds the spec versions a source offers and parses each one at most once, on
// first use. It is safe for concurrent use; every caller of one version shares one
// *Spec.
type Specs struct {
	loader   SpecLoader
	kind     string   // "file", "dir", "url", "github"
	versions []string // sorted, oldest first
	files    map[string]string

	mu       sync.Mutex
	loaded   map[string]*specEntry
	warnings []string
}

type specEntry struct {
	mu   sync.Mutex
	spec *Spec
}

// Open finds which versions the source offers and loads the newest, so that a
// misconfigured source is reported at start, not on the first message.
func (l SpecLoader) Open(ctx context.Context) (*Specs, error) {
	s := &Specs{loader: l, loaded: make(map[string]*specEntry), files: make(map[string]string)}
	if s.loader.HTTPClient == nil {
		s.loader.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if s.loader.Logger == nil {
		s.loader.Logger = slog.New(slog.DiscardHandler)
	}
	if s.loader.IndexURL == "" {
		s.loader.IndexURL = DefaultSpecIndexURL
	}
	if s.loader.RawURL == "" {
		s.loader.RawURL = DefaultSpecRawURL
	}
	if err := s.discover(ctx); err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, ""); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Specs) discover(ctx context.Context) error {
	src := strings.TrimSpace(s.loader.Source)
	switch {
	case src == "":
		s.kind = "github"
		return s.listGitHub(ctx)
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		s.kind = "url"
		spec, err := s.loadURL(ctx, src, "url:"+src)
		if err != nil {
			return err
		}
		s.versions = []string{spec.Version}
		s.loaded[spec.Version] = &specEntry{spec: spec}
		return nil
	}
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("CLERK_OPENAPI_SPEC=%s: %w; it must name a spec file, a folder of YYYY-MM-DD.yml files, or an http(s) URL", src, err)
	}
	if !info.IsDir() {
		s.kind = "file"
		spec, err := s.loadFile(src)
		if err != nil {
			return err
		}
		s.versions = []string{spec.Version}
		s.loaded[spec.Version] = &specEntry{spec: spec}
		return nil
	}
	s.kind = "dir"
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("CLERK_OPENAPI_SPEC=%s: %w", src, err)
	}
	for _, e := range entries {
		if m := versionFile.FindStringSubmatch(e.Name()); m != nil && !e.IsDir() {
			s.versions = append(s.versions, m[1])
			s.files[m[1]] = filepath.Join(src, e.Name())
		}
	}
	if len(s.versions) == 0 {
		return fmt.Errorf("CLERK_OPENAPI_SPEC=%s holds no YYYY-MM-DD.yml spec files", src)
	}
	slices.Sort(s.versions)
	return nil
}

// Versions returns the versions the source offers, oldest first.
func (s *Specs) Versions() []string { return slices.Clone(s.versions) }

// Newest returns the newest version the source offers.
func (s *Specs) Newest() string { return s.versions[len(s.versions)-1] }

// Warnings returns what went wrong but was worked around, such as using a cached copy
// because the network failed.
func (s *Specs) Warnings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.warnings)
}

// Get returns the spec of a version ("2025-11-10" or "2025-11-10.yml"); an empty
// version means the newest.
func (s *Specs) Get(ctx context.Context, version string) (*Spec, error) {
	v, err := s.resolve(version)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e := s.loaded[v]
	if e == nil {
		e = &specEntry{}
		s.loaded[v] = e
	}
	s.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.spec != nil {
		return e.spec, nil
	}
	var spec *Spec
	switch s.kind {
	case "dir":
		spec, err = s.loadFile(s.files[v])
	case "github":
		spec, err = s.loadURL(ctx, strings.TrimSuffix(s.loader.RawURL, "/")+"/"+v+".yml", "github:"+v)
	default:
		err = fmt.Errorf("version %s is not loaded", v) // file and url sources load at Open
	}
	if err != nil {
		return nil, err
	}
	if spec.Version != v {
		s.warn(fmt.Sprintf("spec file for %s declares version %s; using %s", v, spec.Version, spec.Version))
	}
	e.spec = spec
	return spec, nil
}

func (s *Specs) resolve(version string) (string, error) {
	v := strings.TrimSpace(version)
	v = strings.TrimSuffix(strings.TrimSuffix(v, ".yml"), ".yaml")
	if v == "" {
		return s.Newest(), nil
	}
	if !versionForm.MatchString(v) {
		return "", fmt.Errorf("version %q must be a date such as %s", version, s.Newest())
	}
	if !slices.Contains(s.versions, v) {
		switch s.kind {
		case "file", "url":
			return "", fmt.Errorf("version %s is not available: CLERK_OPENAPI_SPEC names one spec, version %s; point it at a folder of YYYY-MM-DD.yml files (or unset it) to choose versions", v, s.Newest())
		}
		return "", fmt.Errorf("version %s is not available; versions: %s", v, strings.Join(s.versions, ", "))
	}
	return v, nil
}

func (s *Specs) warn(msg string) {
	s.loader.Logger.Warn("spec: " + msg)
	s.mu.Lock()
	s.warnings = append(s.warnings, msg)
	s.mu.Unlock()
}

func (s *Specs) loadFile(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	spec, err := ParseSpec(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return spec, nil
}

// loadURL downloads a spec, preferring the cache: a dated spec never changes, so a
// cached copy is as good as a fresh one. Without a cached copy it downloads and caches.
func (s *Specs) loadURL(ctx context.Context, u, key string) (*Spec, error) {
	if s.kind == "github" {
		if data, ok := s.cached(key); ok {
			if spec, err := ParseSpec(data); err == nil {
				return spec, nil
			}
			s.warn("cached copy of " + key + " does not parse; downloading it again")
		}
	}
	data, fetchErr := s.fetch(ctx, u)
	if fetchErr == nil {
		spec, err := ParseSpec(data)
		if err != nil {
			return nil, fmt.Errorf("spec from %s: %w", u, err)
		}
		s.store(key, data)
		return spec, nil
	}
	if data, ok := s.cached(key); ok {
		if spec, err := ParseSpec(data); err == nil {
			s.warn(fmt.Sprintf("could not download %s (%v); using the cached copy of version %s", u, fetchErr, spec.Version))
			return spec, nil
		}
	}
	return nil, fmt.Errorf("could not download the Clerk spec from %s (%w) and no cached copy exists; set CLERK_OPENAPI_SPEC to a spec file, a folder of YYYY-MM-DD.yml files, or a reachable URL", u, fetchErr)
}

func (s *Specs) listGitHub(ctx context.Context) error {
	const key = "github:index"
	data, fetchErr := s.fetch(ctx, s.loader.IndexURL)
	var versions []string
	if fetchErr == nil {
		var entries []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal(data, &entries); err != nil {
			fetchErr = fmt.Errorf("unexpected answer from the GitHub contents API: %w", err)
		}
		for _, e := range entries {
			if m := versionFile.FindStringSubmatch(e.Name); m != nil && e.Type != "dir" {
				versions = append(versions, m[1])
			}
		}
		if fetchErr == nil && len(versions) == 0 {
			fetchErr = errors.New("the GitHub listing holds no YYYY-MM-DD.yml files")
		}
	}
	if fetchErr == nil {
		s.store(key, []byte(strings.Join(versions, "\n")))
	} else {
		cached, ok := s.cached(key)
		if !ok {
			return fmt.Errorf("could not list Clerk's spec versions at %s (%w) and no cached copy exists; set CLERK_OPENAPI_SPEC to a spec file, a folder of YYYY-MM-DD.yml files, or a reachable URL", s.loader.IndexURL, fetchErr)
		}
		versions = strings.Fields(string(cached))
		s.warn(fmt.Sprintf("could not list spec versions (%v); using the cached list", fetchErr))
	}
	slices.Sort(versions)
	s.versions = slices.Compact(versions)
	return nil
}

func (s *Specs) fetch(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "clerkbot")
	resp, err := s.loader.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxSpecBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if len(data) > maxSpecBytes {
		return nil, fmt.Errorf("GET %s: the answer is larger than %d MiB", u, maxSpecBytes>>20)
	}
	return data, nil
}

func (s *Specs) cached(key string) ([]byte, bool) {
	if s.loader.Cache == nil {
		return nil, false
	}
	data, ok, err := s.loader.Cache.CachedSpec(key)
	if err != nil {
		s.warn(fmt.Sprintf("reading cached %s: %v", key, err))
		return nil, false
	}
	return data, ok
}

func (s *Specs) store(key string, data []byte) {
	if s.loader.Cache == nil {
		return
	}
	if err := s.loader.Cache.CacheSpec(key, data); err != nil {
		s.warn(fmt.Sprintf("caching %s: %v", key, err))
	}
}

// DirCache is a SpecCache that keeps each entry as a file in a folder.
type DirCache string

func (d DirCache) file(key string) string {
	name := strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, key)
	if len(name) > 100 { // long URLs: keep a readable prefix, stay unique and short
		sum := sha256.Sum256([]byte(key))
		name = name[:60] + "-" + hex.EncodeToString(sum[:8])
	}
	return filepath.Join(string(d), name)
}

// CachedSpec implements SpecCache.
func (d DirCache) CachedSpec(key string) ([]byte, bool, error) {
	data, err := os.ReadFile(d.file(key))
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// CacheSpec implements SpecCache. It writes a temporary file and renames it, so a crash
// never leaves half a spec behind.
func (d DirCache) CacheSpec(key string, data []byte) error {
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(string(d), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), d.file(key))
}
