package clerk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. An *APIError matches the one for its status with errors.Is, so callers
// never compare status codes:
//
//	if errors.Is(err, clerk.ErrNotFound) { … }
var (
	ErrInvalid         = errors.New("clerk: invalid request")            // 400, 413, 422
	ErrUnauthorized    = errors.New("clerk: unauthorized")               // 401
	ErrPaymentRequired = errors.New("clerk: paid feature")               // 402
	ErrForbidden       = errors.New("clerk: forbidden")                  // 403
	ErrNotFound        = errors.New("clerk: not found")                  // 404, 410
	ErrConflict        = errors.New("clerk: conflict")                   // 409
	ErrLocked          = errors.New("clerk: locked")                     // 423
	ErrRateLimited     = errors.New("clerk: rate limited")               // 429, and the client's own limiter
	ErrServer          = errors.New("clerk: server error")               // 5xx
	ErrInDoubt         = errors.New("clerk: outcome unknown")            // a write that may or may not have been applied
	ErrResponseTooBig  = errors.New("clerk: response body is too large") // beyond maxResponseBytes
)

// ErrorDetail is one entry of the errors array of Clerk's error body.
type ErrorDetail struct {
	Code        string         `json:"code"`
	Message     string         `json:"message"`
	LongMessage string         `json:"long_message"`
	Meta        map[string]any `json:"meta,omitempty"` // e.g. {"param_name": "email_address"}
}

// APIError is a response from Clerk with a status other than 2xx. Code, Message,
// LongMessage and Meta come from the first entry of Clerk's errors array; Errors keeps all
// of them. Error returns a sentence a person can act on; the bot shows it as it is.
type APIError struct {
	Op          string // "GET /users/{user_id}", when the error came from Client.Do
	Status      int
	Code        string
	Message     string
	LongMessage string
	Meta        map[string]any
	Errors      []ErrorDetail
	// TraceID identifies the request in Clerk's logs: the body's clerk_trace_id, else the
	// Clerk-Trace-Id header, else Cloudflare's cf-ray header. Clerk support asks for it.
	TraceID string
	// RetryAfter is how long Clerk asked us to wait (Retry-After), and RetryAt when that
	// ends; both are zero when the response did not say.
	RetryAfter time.Duration
	RetryAt    time.Time
	// InDoubt is set for a POST or PATCH answered with a 5xx: Clerk may have applied it
	// before failing, so it must be checked, not repeated.
	InDoubt bool
	// Body is a short, cleaned snippet of a response that was not Clerk's JSON (an HTML
	// page from a proxy, say), for the error text; empty otherwise.
	Body string
}

// Is reports whether target is the sentinel for e's status (or ErrInDoubt for a write
// that may have been applied).
func (e *APIError) Is(target error) bool {
	s := e.Status
	switch target {
	case ErrInvalid:
		return s == http.StatusBadRequest || s == http.StatusRequestEntityTooLarge || s == http.StatusUnprocessableEntity
	case ErrUnauthorized:
		return s == http.StatusUnauthorized
	case ErrPaymentRequired:
		return s == http.StatusPaymentRequired
	case ErrForbidden:
		return s == http.StatusForbidden
	case ErrNotFound:
		return s == http.StatusNotFound || s == http.StatusGone
	case ErrConflict:
		return s == http.StatusConflict
	case ErrLocked:
		return s == http.StatusLocked
	case ErrRateLimited:
		return s == http.StatusTooManyRequests
	case ErrServer:
		return s >= 500 && s <= 599
	case ErrInDoubt:
		return e.InDoubt
	}
	return false
}

// Error returns a sentence such as
//
//	clerk: GET /users/{user_id} failed with 404 Not Found (resource_not_found): No user
//	was found with id user_123. Clerk trace id 8d0c….
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("clerk: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(" failed with ")
	} else {
		b.WriteString("request failed with ")
	}
	b.WriteString(strconv.Itoa(e.Status))
	if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" ")
		b.WriteString(t)
	}
	if e.Code != "" {
		b.WriteString(" (")
		b.WriteString(e.Code)
		b.WriteString(")")
	}
	if text := e.text(); text != "" {
		b.WriteString(": ")
		b.WriteString(text)
	}
	if n := len(e.Errors); n > 1 {
		rest := make([]string, 0, n-1)
		for _, d := range e.Errors[1:] {
			if t := detailText(d.Message, d.LongMessage); t != "" {
				rest = append(rest, t)
			}
		}
		if len(rest) > 0 {
			sentence(&b)
			b.WriteString("Also: ")
			b.WriteString(strings.Join(rest, "; "))
		}
	}
	if e.Body != "" {
		sentence(&b)
		b.WriteString("The response was not Clerk's JSON: ")
		b.WriteString(strconv.Quote(e.Body))
	}
	if h := e.hint(); h != "" {
		sentence(&b)
		b.WriteString(h)
	}
	sentence(&b)
	if e.TraceID != "" {
		b.WriteString("Clerk trace id ")
		b.WriteString(e.TraceID)
		b.WriteString(".")
	}
	return strings.TrimSpace(b.String())
}

// text is Clerk's own explanation: the long message, which usually contains the short
// one, or both when they differ.
func (e *APIError) text() string { return detailText(e.Message, e.LongMessage) }

func detailText(msg, long string) string {
	msg, long = strings.TrimSpace(msg), strings.TrimSpace(long)
	switch {
	case long == "":
		return msg
	case msg == "" || strings.Contains(strings.ToLower(long), strings.ToLower(strings.TrimSuffix(msg, "."))):
		return long
	}
	return strings.TrimSuffix(msg, ".") + " — " + long
}

// hint says what a person can do about the status.
func (e *APIError) hint() string {
	switch s := e.Status; {
	case s == http.StatusUnauthorized:
		return "Check that CLERK_SECRET_KEY is a current secret key of this Clerk instance."
	case s == http.StatusPaymentRequired:
		return "This feature needs a paid Clerk plan on this instance."
	case s == http.StatusForbidden:
		return "The secret key is not allowed to do this on this instance."
	case s == http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			if !e.RetryAt.IsZero() {
				return fmt.Sprintf("Clerk's rate limit was reached; retry in %s (after %s).",
					e.RetryAfter, e.RetryAt.UTC().Format("15:04:05 UTC"))
			}
			return fmt.Sprintf("Clerk's rate limit was reached; retry in %s.", e.RetryAfter)
		}
		return "Clerk's rate limit was reached; wait a few seconds and retry."
	case s >= 500 && s <= 599:
		if e.InDoubt {
			return "Clerk may or may not have applied this change; check its current state before trying again."
		}
		return "Clerk had a problem answering; try again in a minute."
	}
	return ""
}

// sentence ends what b holds with a full stop and a space, ready for the next sentence.
func sentence(b *strings.Builder) {
	s := b.String()
	if s == "" {
		return
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ' ':
	default:
		b.WriteString(".")
	}
	if !strings.HasSuffix(b.String(), " ") {
		b.WriteString(" ")
	}
}

// DecodeError builds an *APIError from a response that was not 2xx. It accepts anything:
// Clerk's {errors, clerk_trace_id} body, an empty body, an HTML page or plain text from a
// proxy (kept as a short snippet). Retry-After is read as seconds or an HTTP date relative
// to now.
func DecodeError(status int, header http.Header, body []byte) *APIError {
	return decodeError(status, header, body, time.Now())
}

func decodeError(status int, header http.Header, body []byte, now time.Time) *APIError {
	e := &APIError{Status: status}
	var doc struct {
		Errors       []ErrorDetail `json:"errors"`
		ClerkTraceID string        `json:"clerk_trace_id"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 {
		if err := json.Unmarshal(trimmed, &doc); err == nil && (len(doc.Errors) > 0 || doc.ClerkTraceID != "") {
			e.Errors = doc.Errors
			e.TraceID = clean(doc.ClerkTraceID, 128)
			if len(doc.Errors) > 0 {
				first := doc.Errors[0]
				e.Code, e.Message, e.LongMessage, e.Meta = first.Code, first.Message, first.LongMessage, first.Meta
			}
		} else {
			e.Body = snippet(trimmed, 160)
		}
	}
	if e.TraceID == "" {
		e.TraceID = clean(header.Get("Clerk-Trace-Id"), 128)
	}
	if e.TraceID == "" {
		e.TraceID = clean(header.Get("Cf-Ray"), 128)
	}
	if d, ok := retryAfter(header, now); ok {
		e.RetryAfter = d
		e.RetryAt = now.Add(d)
	}
	return e
}

// retryAfter reads a Retry-After header: delay-seconds (Clerk's form) or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		const most = 24 * 60 * 60 // anything longer is a broken header, not a plan
		return time.Duration(min(n, most)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now).Round(time.Second)
		return max(d, 0), true
	}
	return 0, false
}

// snippet turns a body that is not Clerk's JSON into a short line a person can read:
// tags dropped, white space collapsed, invalid UTF-8 replaced, cut at n runes.
func snippet(body []byte, n int) string {
	var b strings.Builder
	inTag := false
	for _, r := range strings.ToValidUTF8(string(body[:min(len(body), 4096)]), "�") {
		switch {
		case r == '<':
			inTag = true
			b.WriteByte(' ')
		case r == '>' && inTag:
			inTag = false
		case inTag:
		default:
			b.WriteRune(r)
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	if s == "" && len(body) > 0 {
		s = strings.Join(strings.Fields(strings.ToValidUTF8(string(body[:min(len(body), 4096)]), "�")), " ")
	}
	return clean(s, n)
}

// clean drops control characters and cuts s at n runes, marking the cut.
func clean(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n]) + "…"
}
