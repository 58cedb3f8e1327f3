package clerk_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDecodeError(t *testing.T) {
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name    string
		status  int
		header  http.Header
		body    string
		want    clerk.APIError
		inError []string
	}{
		{
			name:   "clerk body, body trace id wins over headers",
			status: 404,
			header: hdr("Clerk-Trace-Id", "from-header", "Cf-Ray", "ray-1"),
			body: `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"No user was found with id user_123.",` +
				`"meta":{"param_name":"user_id"}}],"clerk_trace_id":"from-body"}`,
			want: clerk.APIError{Status: 404, Code: "resource_not_found", Message: "not found",
				LongMessage: "No user was found with id user_123.", Meta: map[string]any{"param_name": "user_id"},
				Errors: []clerk.ErrorDetail{{Code: "resource_not_found", Message: "not found",
					LongMessage: "No user was found with id user_123.", Meta: map[string]any{"param_name": "user_id"}}},
				TraceID: "from-body"},
			inError: []string{"404 Not Found", "(resource_not_found)", "No user was found with id user_123.", "trace id from-body"},
		},
		{
			name:   "header-only trace id",
			status: 422,
			header: hdr("Clerk-Trace-Id", "from-header", "Cf-Ray", "ray-1"),
			body:   `{"errors":[{"code":"form_param_missing","message":"missing","long_message":"email_address is missing"},{"code":"form_param_format_invalid","message":"bad","long_message":"phone_number is invalid"}]}`,
			want: clerk.APIError{Status: 422, Code: "form_param_missing", Message: "missing", LongMessage: "email_address is missing",
				Errors: []clerk.ErrorDetail{
					{Code: "form_param_missing", Message: "missing", LongMessage: "email_address is missing"},
					{Code: "form_param_format_invalid", Message: "bad", LongMessage: "phone_number is invalid"}},
				TraceID: "from-header"},
			inError: []string{"422 Unprocessable Entity", ": email_address is missing. Also: bad — phone_number is invalid", "trace id from-header"},
		},
		{
			name:    "cf-ray only",
			status:  403,
			header:  hdr("Cf-Ray", "8d0c1f2e3a4b5c6d-AMS"),
			body:    `{"errors":[{"code":"authorization_invalid","message":"Unauthorized request","long_message":"You are not authorized to perform this request"}]}`,
			want:    clerk.APIError{Status: 403, Code: "authorization_invalid", Message: "Unauthorized request", LongMessage: "You are not authorized to perform this request", Errors: []clerk.ErrorDetail{{Code: "authorization_invalid", Message: "Unauthorized request", LongMessage: "You are not authorized to perform this request"}}, TraceID: "8d0c1f2e3a4b5c6d-AMS"},
			inError: []string{"403 Forbidden", "Unauthorized request — You are not authorized", "not allowed", "trace id 8d0c1f2e3a4b5c6d-AMS"},
		},
		{
			name:    "html from a proxy",
			status:  502,
			header:  hdr("Content-Type", "text/html", "Cf-Ray", "ray-2"),
			body:    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>",
			want:    clerk.APIError{Status: 502, TraceID: "ray-2", Body: "502 Bad Gateway 502 Bad Gateway cloudflare"},
			inError: []string{"502 Bad Gateway", `not Clerk's JSON: "502 Bad Gateway 502 Bad Gateway cloudflare"`, "try again", "trace id ray-2"},
		},
		{
			name:    "empty body",
			status:  500,
			want:    clerk.APIError{Status: 500},
			inError: []string{"500 Internal Server Error"},
		},
		{
			name:    "json that is not clerk's",
			status:  400,
			body:    `{"error":"bad request"}`,
			want:    clerk.APIError{Status: 400, Body: `{"error":"bad request"}`},
			inError: []string{"400 Bad Request", "bad request"},
		},
		{
			name:    "long plain text is cut",
			status:  503,
			body:    strings.Repeat("upstream connect error ", 50),
			inError: []string{"503 Service Unavailable", "upstream connect error", "…"},
		},
		{
			name:    "retry-after seconds",
			status:  429,
			header:  hdr("Retry-After", "45"),
			body:    `{"errors":[{"code":"too_many_requests","message":"Too many requests","long_message":"Too many requests, please try again later."}],"clerk_trace_id":"t"}`,
			inError: []string{"429 Too Many Requests", "retry in 45s"},
		},
		{
			name:    "unknown status",
			status:  299 + 300,
			inError: []string{"failed with 599"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.header
			if header == nil {
				header = http.Header{}
			}
			got := clerk.DecodeError(tt.status, header, []byte(tt.body))
			if tt.want.Status != 0 {
				if diff := cmp.Diff(tt.want, *got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("DecodeError (-want +got):\n%s", diff)
				}
			}
			msg := got.Error()
			for _, s := range tt.inError {
				if !strings.Contains(msg, s) {
					t.Errorf("Error() = %q, want it to contain %q", msg, s)
				}
			}
			if len(msg) > 1000 {
				t.Errorf("Error() is %d bytes long", len(msg))
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	e := clerk.DecodeError(404, http.Header{}, []byte(`{"errors":[{"code":"resource_not_found","message":"not found",`+
		`"long_message":"No user was found with id user_123."}],"clerk_trace_id":"8d0c"}`))
	e.Op = "GET /users/{user_id}"
	want := "clerk: GET /users/{user_id} failed with 404 Not Found (resource_not_found): not found — No user was found with id user_123. Clerk trace id 8d0c."
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%q, want\n%q", got, want)
	}
}

func TestAPIErrorRetryAt(t *testing.T) {
	h := http.Header{}
	h.Set("Retry-After", time.Now().Add(10*time.Minute).UTC().Format(http.TimeFormat))
	e := clerk.DecodeError(429, h, nil)
	if e.RetryAfter < 9*time.Minute || e.RetryAfter > 10*time.Minute {
		t.Errorf("RetryAfter = %v from an HTTP date 10 minutes ahead", e.RetryAfter)
	}
	if e.RetryAt.IsZero() || !strings.Contains(e.Error(), e.RetryAt.UTC().Format("15:04:05 UTC")) {
		t.Errorf("Error() = %q, want the time to retry", e.Error())
	}
}

func TestAPIErrorIs(t *testing.T) {
	sentinels := map[string]error{
		"invalid": clerk.ErrInvalid, "unauthorized": clerk.ErrUnauthorized, "payment": clerk.ErrPaymentRequired,
		"forbidden": clerk.ErrForbidden, "not found": clerk.ErrNotFound, "conflict": clerk.ErrConflict,
		"locked": clerk.ErrLocked, "rate limited": clerk.ErrRateLimited, "server": clerk.ErrServer,
	}
	tests := []struct {
		status int
		want   string // the one sentinel it matches, "" for none
	}{
		{400, "invalid"}, {401, "unauthorized"}, {402, "payment"}, {403, "forbidden"}, {404, "not found"},
		{409, "conflict"}, {410, "not found"}, {413, "invalid"}, {422, "invalid"}, {423, "locked"},
		{429, "rate limited"}, {500, "server"}, {502, "server"}, {503, "server"}, {504, "server"},
		{418, ""}, {302, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			// Wrapped, as callers see it.
			err := fmt.Errorf("run step: %w", clerk.DecodeError(tt.status, http.Header{}, nil))
			for name, sentinel := range sentinels {
				if got := errors.Is(err, sentinel); got != (name == tt.want) {
					t.Errorf("errors.Is(%d, %v) = %v, want %v", tt.status, sentinel, got, !got)
				}
			}
			if errors.Is(err, clerk.ErrInDoubt) {
				t.Errorf("errors.Is(%d, ErrInDoubt) = true without InDoubt", tt.status)
			}
		})
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(404, `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"x","meta":{"a":1}}],"clerk_trace_id":"t"}`, "", "", "")
	f.Add(429, `{"errors":[]}`, "12", "trace", "")
	f.Add(502, "<html><body>bad gateway</body></html>", "Wed, 21 Oct 2015 07:28:00 GMT", "", "ray")
	f.Add(500, "", "-1", "", "")
	f.Add(0, "\xff\xfe<", "99999999999999999999", "\x00", "\n")
	f.Add(422, `{"errors":null,"clerk_trace_id":7}`, "", "", "")
	f.Fuzz(func(t *testing.T, status int, body, retryAfter, trace, ray string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("Clerk-Trace-Id", trace)
		h.Set("Cf-Ray", ray)
		e := clerk.DecodeError(status, h, []byte(body))
		if e == nil {
			t.Fatal("DecodeError returned nil")
		}
		msg := e.Error()
		if strings.TrimSpace(msg) == "" {
			t.Fatalf("empty Error() for status %d body %q", status, body)
		}
		if e.RetryAfter < 0 {
			t.Errorf("negative RetryAfter %v", e.RetryAfter)
		}
		if strings.ContainsAny(e.TraceID+e.Body, "\n\r\x00") {
			t.Errorf("control characters kept: trace %q body %q", e.TraceID, e.Body)
		}
	})
}

func BenchmarkDecodeError(b *testing.B) {
	body := []byte(`{"errors":[{"code":"resource_not_found","message":"not found","long_message":"No user was found with id user_123.","meta":{"param_name":"user_id"}}],"clerk_trace_id":"8d0c1f2e"}`)
	h := http.Header{}
	b.ReportAllocs()
	for b.Loop() {
		_ = clerk.DecodeError(404, h, body).Error()
	}
}
