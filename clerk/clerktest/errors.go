package clerktest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is a Clerk error response before it is encoded.
type apiError struct {
	status      int
	code        string
	message     string
	longMessage string
	meta        map[string]any
}

// errorBody is Clerk's error format (ClerkErrors in the spec).
type errorBody struct {
	Errors       []errorItem `json:"errors"`
	ClerkTraceID string      `json:"clerk_trace_id"`
}

type errorItem struct {
	Code        string         `json:"code"`
	Message     string         `json:"message"`
	LongMessage string         `json:"long_message"`
	Meta        map[string]any `json:"meta"`
}

func writeError(w http.ResponseWriter, trace string, e *apiError) {
	meta := e.meta
	if meta == nil {
		meta = map[string]any{}
	}
	writeJSON(w, trace, e.status, errorBody{
		Errors:       []errorItem{{Code: e.code, Message: e.message, LongMessage: e.longMessage, Meta: meta}},
		ClerkTraceID: trace,
	})
}

func writeJSON(w http.ResponseWriter, trace string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only values built by this package are encoded; failing here is a bug in it.
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Errors: []errorItem{{
			Code: "internal_clerk_error", Message: "Oops, an unexpected error occurred",
			LongMessage: "clerktest could not encode its response: " + err.Error(), Meta: map[string]any{},
		}}, ClerkTraceID: trace})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Clerk-Trace-Id", trace)
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func errAuth(long string) *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "authentication_invalid",
		message: "Invalid authentication", longMessage: long}
}

func errNotFound(what, id string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "resource_not_found", message: "not found",
		longMessage: fmt.Sprintf("No %s was found with id %q.", what, id)}
}

func errNotFoundRoute(method, path string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "resource_not_found", message: "not found",
		longMessage: fmt.Sprintf("The requested resource %s %s does not exist.", method, path)}
}

func errMethodNotAllowed(method, path string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "resource_not_found", message: "not found",
		longMessage: fmt.Sprintf("%s is not supported on %s.", method, path)}
}

func errMalformed(long string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "malformed_request", message: "malformed request",
		longMessage: long}
}

func paramMeta(param string) map[string]any { return map[string]any{"param_name": param} }

func errParamMissing(param string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "form_param_missing", message: "missing data",
		longMessage: param + " must be included.", meta: paramMeta(param)}
}

func errParamUnknown(param string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "form_param_unknown", message: "unknown parameter",
		longMessage: param + " is not a valid parameter for this request.", meta: paramMeta(param)}
}

func errParamFormat(param, long string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "form_param_format_invalid", message: "is invalid",
		longMessage: long, meta: paramMeta(param)}
}

func errParamValue(param, long string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "form_param_value_invalid", message: "is invalid",
		longMessage: long, meta: paramMeta(param)}
}

func errIdentifierExists(param, long string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "form_identifier_exists",
		message: "That identifier is taken.", longMessage: long, meta: paramMeta(param)}
}

func errDuplicate(param, long string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "duplicate_record", message: "duplicate record",
		longMessage: long, meta: paramMeta(param)}
}

func errBadRequest(code, long string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, message: "bad request", longMessage: long}
}
