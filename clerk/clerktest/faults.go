package clerktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fault describes a failure to inject into matching requests: a delay, an error status,
// or both.
type Fault struct {
	// Method limits the fault to one HTTP method; empty matches any.
	Method string
	// Path limits the fault to some paths, written without the "/v1" prefix. A template
	// with parameters, such as "/users/{user_id}", matches paths of that shape; a path
	// without parameters, such as "/users", matches itself and every path below it. Empty
	// matches every path.
	Path string
	// Status is the error status to answer with, such as 429 or 503. Zero lets the request
	// through after Latency; a value outside 400–599 is sent as 500.
	Status int
	// RetryAfter sets the Retry-After header, rounded up to whole seconds. A 429 always
	// carries one, as Clerk's do: 1 second when RetryAfter is zero. A negative RetryAfter
	// sends none.
	RetryAfter time.Duration
	// Latency delays the response; a client that gives up first sees its own timeout.
	Latency time.Duration
	// Times is how many requests the fault applies to before it is used up; zero means
	// until ClearFaults.
	Times int
	// Body, when set, replaces the Clerk-format error body, to imitate a proxy's HTML page
	// or a truncated response. It is sent as application/json when it is valid JSON, as
	// text/html otherwise.
	Body string
}

type faultState struct {
	Fault
	left int // remaining uses; meaningful when Times > 0
}

// InjectFault adds a fault. When several match a request the earliest added applies.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.Path = strings.TrimPrefix(f.Path, "/v1")
	s.faults = append(s.faults, &faultState{Fault: f, left: f.Times})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault returns the fault for a request, using up one of its times, or nil.
func (s *Server) takeFault(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		out := f.Fault
		if f.Times > 0 {
			f.left--
			if f.left <= 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &out
	}
	return nil
}

func (f *faultState) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if f.Path == "" {
		return true
	}
	if strings.Contains(f.Path, "{") {
		_, ok := matchSegs(splitTemplate(f.Path), strings.Split(strings.TrimPrefix(path, "/"), "/"))
		return ok
	}
	prefix := strings.TrimSuffix(f.Path, "/")
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// faultCodes are the Clerk error codes sent for injected statuses.
var faultCodes = map[int]struct{ code, message string }{
	http.StatusUnauthorized:        {"authentication_invalid", "Invalid authentication"},
	http.StatusForbidden:           {"authorization_invalid", "Unauthorized request"},
	http.StatusNotFound:            {"resource_not_found", "not found"},
	http.StatusConflict:            {"conflict", "conflict"},
	http.StatusTooManyRequests:     {"too_many_requests", "Too many requests"},
	http.StatusInternalServerError: {"internal_clerk_error", "Oops, an unexpected error occurred"},
	http.StatusBadGateway:          {"bad_gateway", "Bad gateway"},
	http.StatusServiceUnavailable:  {"service_unavailable", "Service unavailable"},
	http.StatusGatewayTimeout:      {"gateway_timeout", "Gateway timeout"},
}

func (s *Server) writeFault(w http.ResponseWriter, f *Fault) {
	s.mu.Lock()
	trace := s.traceID()
	s.mu.Unlock()
	if f.Status < 400 || f.Status > 599 {
		f.Status = http.StatusInternalServerError
	}
	retry := f.RetryAfter
	if retry == 0 && f.Status == http.StatusTooManyRequests {
		retry = time.Second
	}
	if retry > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int64((retry+time.Second-1)/time.Second)))
	}
	if f.Body != "" {
		ct := "text/html; charset=utf-8"
		if json.Valid([]byte(f.Body)) {
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Clerk-Trace-Id", trace)
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	fc, ok := faultCodes[f.Status]
	if !ok {
		fc.code, fc.message = "injected_fault", http.StatusText(f.Status)
	}
	writeError(w, trace, &apiError{status: f.Status, code: fc.code, message: fc.message,
		longMessage: fmt.Sprintf("clerktest injected a %d fault for this request.", f.Status)})
}
