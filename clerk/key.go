package clerk

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// Instance is the kind of Clerk instance a secret key belongs to. Confirmation cards show
// it so that nobody approves a production change believing it is a test.
type Instance int

const (
	// Development is an instance whose secret key starts with sk_test_.
	Development Instance = iota + 1
	// Production is an instance whose secret key starts with sk_live_.
	Production
)

// String returns "DEVELOPMENT" or "PRODUCTION", the words people see on cards.
func (i Instance) String() string {
	switch i {
	case Development:
		return "DEVELOPMENT"
	case Production:
		return "PRODUCTION"
	}
	return "UNKNOWN"
}

const (
	testKeyPrefix = "sk_test_"
	liveKeyPrefix = "sk_live_"
	redacted      = "[REDACTED]"
)

// secretKey holds Clerk's secret key. It is only ever read by Client.try, which puts it in
// the Authorization header; every way of printing or logging it shows a redaction. The
// Client keeps a pointer to it so that even reflection-based printing of a Client copy
// (fmt's %v on a struct that embeds one) shows an address, never the bytes.
type secretKey struct {
	value    string
	instance Instance
}

// parseKey checks a secret key and tells which instance it belongs to. Its errors never
// contain the key, not even a prefix of it beyond the first three characters people
// recognise ("pk_", "sk_").
func parseKey(key string) (*secretKey, error) {
	key = strings.TrimSpace(key) // a trailing newline from a file or a copy is common
	if key == "" {
		return nil, errors.New("clerk: no secret key: set CLERK_SECRET_KEY to a secret key of your Clerk instance " +
			"(sk_test_… for development, sk_live_… for production; Clerk dashboard → API keys)")
	}
	var inst Instance
	switch {
	case strings.HasPrefix(key, testKeyPrefix):
		inst = Development
	case strings.HasPrefix(key, liveKeyPrefix):
		inst = Production
	case strings.HasPrefix(key, "pk_"):
		return nil, errors.New("clerk: CLERK_SECRET_KEY holds a publishable key (pk_…); the Backend API needs a " +
			"secret key starting with sk_test_ (development) or sk_live_ (production)")
	default:
		return nil, errors.New("clerk: CLERK_SECRET_KEY is not a Clerk secret key; it must start with " +
			"sk_test_ (development) or sk_live_ (production)")
	}
	rest := key[len(testKeyPrefix):] // both prefixes have the same length
	if rest == "" {
		return nil, fmt.Errorf("clerk: CLERK_SECRET_KEY is only the prefix %s; paste the whole secret key", key)
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c <= ' ' || c >= 0x7f {
			return nil, errors.New("clerk: CLERK_SECRET_KEY contains spaces or characters that cannot be sent " +
				"in a header; paste the secret key again")
		}
	}
	return &secretKey{value: key, instance: inst}, nil
}

// String hides the key.
func (k *secretKey) String() string {
	if k == nil {
		return "<nil>"
	}
	return k.instance.redactedForm()
}

// GoString hides the key from %#v.
func (k *secretKey) GoString() string { return k.String() }

// Format hides the key from every fmt verb.
func (k *secretKey) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// LogValue hides the key from log/slog.
func (k *secretKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalText hides the key from encoders that look for encoding.TextMarshaler.
func (k *secretKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

func (i Instance) redactedForm() string {
	switch i {
	case Production:
		return liveKeyPrefix + redacted
	case Development:
		return testKeyPrefix + redacted
	}
	return redacted
}

// scrub replaces every occurrence of the key in s. A proxy or a misconfigured server may
// echo the Authorization header back; what it echoes must not reach Slack or a log.
func (k *secretKey) scrub(s string) string {
	if k == nil || k.value == "" || !strings.Contains(s, k.value) {
		return s
	}
	return strings.ReplaceAll(s, k.value, redacted)
}

// scrubBytes is scrub for response bodies; it returns b itself when the key is absent.
func (k *secretKey) scrubBytes(b []byte) []byte {
	if k == nil || k.value == "" || !bytes.Contains(b, []byte(k.value)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(k.value), []byte(redacted))
}

// scrubError returns err unchanged when its text does not contain the key. Otherwise it
// returns an error with the key replaced that still answers errors.Is for err's chain,
// but cannot be unwrapped, since the unwrapped error would print the key.
func (k *secretKey) scrubError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := k.scrub(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string              { return e.msg }
func (e *scrubbedError) Is(target error) bool       { return errors.Is(e.err, target) }
func (e *scrubbedError) As(target any) bool         { return asAPIError(e.err, target) }
func (e *scrubbedError) GoString() string           { return fmt.Sprintf("%q", e.msg) }
func (e *scrubbedError) LogValue() slog.Value       { return slog.StringValue(e.msg) }
func (e *scrubbedError) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(e.msg)) }

// asAPIError lets errors.As find an *APIError behind a scrubbed error; an APIError is
// built from a scrubbed body, so it is safe to hand out.
func asAPIError(err error, target any) bool {
	p, ok := target.(**APIError)
	if !ok {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		*p = ae
		return true
	}
	return false
}
