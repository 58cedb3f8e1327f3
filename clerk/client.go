package clerk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// DefaultBaseURL is the Backend API's base; CLERK_API_URL overrides it.
const DefaultBaseURL = "https://api.clerk.com/v1"

const (
	maxAttempts      = 3                // tries in total, the first included
	maxRetryAfter    = 30 * time.Second // a longer Retry-After fails at once, saying when to retry
	defaultTimeout   = 15 * time.Second // per try
	backoffBase      = 500 * time.Millisecond
	backoffCap       = 5 * time.Second
	maxResponseBytes = 10 << 20
)

// Client sends Requests to Clerk's Backend API. It authenticates with a secret key that it
// never prints, logs or puts in an error; sends Clerk-API-Version from the request's spec
// version; keeps under Clerk's rate limit; and retries only what is safe to retry:
//
//   - GET, PUT and DELETE are retried on network errors and 5xx, with exponential backoff
//     and full jitter, at most 3 tries in total.
//   - POST and PATCH are retried only when the request never left this process (a refused
//     connection, say). Once any of it was sent, a network error, a timeout or a 5xx is
//     reported as ErrInDoubt: Clerk may or may not have applied it.
//   - A 429 is retried for any method, since Clerk did not apply it, after the Retry-After
//     it names when that is at most 30 s; a longer wait fails at once with an *APIError
//     that says when to retry.
//
// A Client is safe for concurrent use.
type Client struct {
	key       *secretKey
	baseURL   string
	http      *http.Client
	timeout   time.Duration
	limiter   *rate.Limiter
	log       *slog.Logger
	userAgent string
	sleep     func(ctx context.Context, d time.Duration) error
	rand      func() float64
	now       func() time.Time
}

// ClientOption configures a Client.
type ClientOption func(*clientConfig)

type clientConfig struct {
	baseURL   string
	http      *http.Client
	timeout   time.Duration
	rateN     int
	ratePer   time.Duration
	rateSet   bool
	log       *slog.Logger
	version   string
	userAgent string
	sleep     func(ctx context.Context, d time.Duration) error
	rand      func() float64
	now       func() time.Time
}

// WithBaseURL sets the API base, "https://api.clerk.com/v1" by default (CLERK_API_URL).
func WithBaseURL(u string) ClientOption { return func(c *clientConfig) { c.baseURL = u } }

// WithHTTPClient sets the HTTP client. Its Timeout should be zero or longer than the
// per-try timeout, which the Client enforces itself.
func WithHTTPClient(h *http.Client) ClientOption { return func(c *clientConfig) { c.http = h } }

// WithTimeout sets how long one try may take, reading the body included; 15 s by default.
func WithTimeout(d time.Duration) ClientOption { return func(c *clientConfig) { c.timeout = d } }

// WithRateLimit replaces the limit chosen from the key (100 requests per 10 s for
// development keys, 1000 for production): at most n requests in any window of length
// per. n <= 0 turns the client-side limiter off.
func WithRateLimit(n int, per time.Duration) ClientOption {
	return func(c *clientConfig) { c.rateN, c.ratePer, c.rateSet = n, per, true }
}

// WithLogger sets the logger; by default nothing is logged.
func WithLogger(l *slog.Logger) ClientOption { return func(c *clientConfig) { c.log = l } }

// WithVersion sets clerkbot's version for the default User-Agent
// "clerkbot/VERSION (+https://github.com/clerkbot/clerkbot)".
func WithVersion(v string) ClientOption { return func(c *clientConfig) { c.version = v } }

// WithUserAgent replaces the whole User-Agent header.
func WithUserAgent(ua string) ClientOption { return func(c *clientConfig) { c.userAgent = ua } }

// WithSleep replaces the function that waits between tries and for the rate limiter. It
// must return ctx.Err() when ctx ends first. Tests use it to observe waits without
// sleeping.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) ClientOption {
	return func(c *clientConfig) { c.sleep = sleep }
}

// WithRand replaces the source of backoff jitter, a function returning values in [0, 1).
func WithRand(f func() float64) ClientOption { return func(c *clientConfig) { c.rand = f } }

// WithClock replaces time.Now, used for the time a long Retry-After ends.
func WithClock(now func() time.Time) ClientOption { return func(c *clientConfig) { c.now = now } }

// NewClient returns a Client for the secret key. It refuses an empty key, a key that is
// not sk_test_… or sk_live_…, and a base URL that is not http(s); its errors never
// contain the key.
func NewClient(key string, opts ...ClientOption) (*Client, error) {
	k, err := parseKey(key)
	if err != nil {
		return nil, err
	}
	cfg := clientConfig{baseURL: DefaultBaseURL, timeout: defaultTimeout, version: "dev"}
	for _, opt := range opts {
		opt(&cfg)
	}
	base, err := checkBaseURL(cfg.baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		key:       k,
		baseURL:   base,
		http:      cfg.http,
		timeout:   cfg.timeout,
		log:       cfg.log,
		userAgent: cfg.userAgent,
		sleep:     cfg.sleep,
		rand:      cfg.rand,
		now:       cfg.now,
	}
	if c.http == nil {
		c.http = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.userAgent == "" {
		c.userAgent = "clerkbot/" + cfg.version + " (+https://github.com/clerkbot/clerkbot)"
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.rand == nil {
		c.rand = rand.Float64
	}
	if c.now == nil {
		c.now = time.Now
	}
	n, per := 100, 10*time.Second
	if k.instance == Production {
		n = 1000
	}
	if cfg.rateSet {
		n, per = cfg.rateN, cfg.ratePer
	}
	c.limiter = newLimiter(n, per)
	return c, nil
}

// newLimiter allows at most n requests in any window of length per: a burst of b, then
// (n-b) spread over per. A plain n/per rate with a burst of n would allow almost 2n in a
// window, and Clerk counts windows.
func newLimiter(n int, per time.Duration) *rate.Limiter {
	if n <= 0 || per <= 0 {
		return rate.NewLimiter(rate.Inf, 0)
	}
	burst := max(1, n/10)
	refill := n - burst
	if refill <= 0 {
		refill = n
	}
	return rate.NewLimiter(rate.Limit(float64(refill)/per.Seconds()), burst)
}

func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err == nil {
		raw = u.Redacted() // never repeat a password someone put in the URL
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("clerk: CLERK_API_URL %q must be an http or https URL such as %s", raw, DefaultBaseURL)
	}
	if u.User != nil {
		return "", errors.New("clerk: CLERK_API_URL must not contain a user name or password")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("clerk: CLERK_API_URL %q must not have a query or fragment", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// Instance tells whether the key is for a development or a production instance.
func (c *Client) Instance() Instance { return c.key.instance }

// BaseURL returns the API base the client sends to, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// String describes the client without its key.
func (c *Client) String() string {
	if c == nil {
		return "clerk.Client(nil)"
	}
	return fmt.Sprintf("clerk.Client{instance: %s, base: %s, key: %s}", c.key.instance, c.baseURL, c.key)
}

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// Format makes every fmt verb print String, so that %v, %+v and %#v never walk the
// struct's fields.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue is what log/slog records for a Client.
func (c *Client) LogValue() slog.Value {
	if c == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("instance", c.key.instance.String()), slog.String("base_url", c.baseURL))
}

// Response is a response from Clerk, 2xx or not.
type Response struct {
	Status   int
	Header   http.Header
	Body     []byte // at most 10 MiB; any copy of the secret key is replaced by [REDACTED]
	TraceID  string // an error body's clerk_trace_id, else the Clerk-Trace-Id header, else cf-ray
	Attempts int    // tries made, 1 to 3
}

// Do validates r against its operation, sends it and returns Clerk's response. A non-2xx
// status returns the response and an *APIError (wrapped together with ctx's error when ctx
// ended during a wait before another try). A request that got no response returns a nil
// Response and an error that matches ErrInDoubt when r was a POST or PATCH that may have
// reached Clerk, and ctx's error when ctx ended.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	if r == nil || r.Op == nil {
		return nil, errors.New("clerk: Do needs a request with an operation")
	}
	if r.Version == "" {
		return nil, fmt.Errorf("clerk: %s has no spec version to send as Clerk-API-Version", r.Op.Key())
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	method, op := r.Method(), r.Op.Key()
	target := r.URL(c.baseURL)
	safe := retriable(method)
	log := c.log.With(slog.String("op", r.Op.ID), slog.String("method", method), slog.String("path", r.Path()))

	for attempt := 1; ; attempt++ {
		if err := c.wait(ctx, log); err != nil {
			return nil, c.key.scrubError(fmt.Errorf("clerk: %s: %w", op, err))
		}
		start := time.Now()
		resp, sent, err := c.try(ctx, r, target)
		last := attempt == maxAttempts
		if err != nil {
			if errors.Is(err, ErrResponseTooBig) {
				// Clerk answered, so the request was applied as far as Clerk is concerned.
				resp.Attempts = attempt
				return resp, c.key.scrubError(fmt.Errorf("clerk: %s: %w (more than %d MiB, status %d)",
					op, err, maxResponseBytes>>20, resp.Status))
			}
			err = c.key.scrubError(err)
			log.LogAttrs(ctx, slog.LevelWarn, "clerk request failed", slog.Int("attempt", attempt),
				slog.Bool("sent", sent), slog.String("err", err.Error()))
			switch {
			case !safe && sent:
				return nil, fmt.Errorf("clerk: %s: %w: the connection failed after the request was sent, so Clerk "+
					"may or may not have applied it; check its current state before trying again: %w", op, ErrInDoubt, err)
			case ctx.Err() != nil:
				return nil, fmt.Errorf("clerk: %s: %w", op, ctx.Err())
			case last:
				return nil, fmt.Errorf("clerk: %s: no response from Clerk after %d tries: %w", op, attempt, err)
			}
			if err := c.backoff(ctx, log, attempt, 0); err != nil {
				return nil, fmt.Errorf("clerk: %s: %w", op, err)
			}
			continue
		}
		resp.Attempts = attempt
		var apiErr *APIError
		if resp.Status < 200 || resp.Status > 299 {
			apiErr = decodeError(resp.Status, resp.Header, resp.Body, c.now())
			apiErr.Op = op
			resp.TraceID = apiErr.TraceID // the body's clerk_trace_id comes first
		}
		log.LogAttrs(ctx, slog.LevelDebug, "clerk response", slog.Int("status", resp.Status),
			slog.Int("attempt", attempt), slog.String("trace_id", resp.TraceID),
			slog.Duration("duration", time.Since(start)))
		if apiErr == nil {
			return resp, nil
		}
		switch {
		case resp.Status == http.StatusTooManyRequests:
			wait := apiErr.RetryAfter
			if wait <= 0 {
				wait = time.Second // Clerk always names a wait; a proxy may not
			}
			if last || wait > maxRetryAfter || !fits(ctx, wait) {
				return resp, apiErr
			}
			if err := c.backoff(ctx, log, attempt, wait); err != nil {
				return resp, fmt.Errorf("%w (%w)", apiErr, err)
			}
			continue
		case resp.Status >= 500:
			if !safe {
				apiErr.InDoubt = true
				return resp, apiErr
			}
			if last {
				return resp, apiErr
			}
			var hint time.Duration // a short Retry-After on a 503 is worth honouring
			if apiErr.RetryAfter <= maxRetryAfter {
				hint = apiErr.RetryAfter
			}
			if err := c.backoff(ctx, log, attempt, hint); err != nil {
				return resp, fmt.Errorf("%w (%w)", apiErr, err)
			}
			continue
		}
		return resp, apiErr
	}
}

// retriable reports whether a request with this method may be sent again after an
// unknown outcome: sending it twice has the effect of sending it once.
func retriable(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// try sends r once. sent reports whether any of the request was written to the network,
// which is what decides whether a failed POST is in doubt. On ErrResponseTooBig the
// response is returned with its status and header but no body.
func (c *Client) try(parent context.Context, r *Request, target string) (resp *Response, sent bool, err error) {
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	var wrote atomic.Bool // set on the transport's writing goroutine
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaderField: func(string, []string) { wrote.Store(true) },
		WroteHeaders:     func() { wrote.Store(true) },
	})
	hr, err := http.NewRequestWithContext(ctx, r.Method(), target, body)
	if err != nil {
		return nil, false, fmt.Errorf("build request: %w", err)
	}
	hr.Header.Set("Authorization", "Bearer "+c.key.value)
	hr.Header.Set("Clerk-API-Version", r.Version)
	hr.Header.Set("User-Agent", c.userAgent)
	hr.Header.Set("Accept", "application/json")
	if r.Body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(hr)
	if err != nil {
		// *url.Error repeats the method and the URL, query included (emails, say); the
		// caller names the operation instead.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
			err = fmt.Errorf("no answer within %s: %w", c.timeout, err)
		}
		return nil, wrote.Load(), err
	}
	defer res.Body.Close()
	for k, vals := range res.Header {
		for i, v := range vals {
			vals[i] = c.key.scrub(v)
		}
		res.Header[k] = vals
	}
	resp = &Response{Status: res.StatusCode, Header: res.Header}
	resp.TraceID = clean(res.Header.Get("Clerk-Trace-Id"), 128)
	if resp.TraceID == "" {
		resp.TraceID = clean(res.Header.Get("Cf-Ray"), 128)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes+1))
	if err != nil {
		return nil, true, fmt.Errorf("read response (status %d): %w", res.StatusCode, err)
	}
	if len(data) > maxResponseBytes {
		return resp, true, ErrResponseTooBig
	}
	resp.Body = c.key.scrubBytes(data)
	return resp, true, nil
}

// wait takes a token from the client-side limiter, sleeping (through c.sleep) when the
// window is used up. A wait that would outlast ctx fails at once.
func (c *Client) wait(ctx context.Context, log *slog.Logger) error {
	res := c.limiter.Reserve()
	if !res.OK() {
		return fmt.Errorf("%w: the client-side limit allows no requests", ErrRateLimited)
	}
	d := res.Delay()
	if d <= 0 {
		return nil
	}
	if !fits(ctx, d) {
		res.Cancel()
		return fmt.Errorf("%w: the client-side limit needs a wait of %s, longer than the time left", ErrRateLimited, d.Round(time.Millisecond))
	}
	log.LogAttrs(ctx, slog.LevelDebug, "clerk rate limit wait", slog.Duration("wait", d))
	if err := c.sleep(ctx, d); err != nil {
		res.Cancel()
		return err
	}
	return nil
}

// backoff waits before try attempt+1: at least atLeast (a Retry-After), otherwise a
// random time up to 500 ms × 2^(attempt-1), capped at 5 s ("full jitter").
func (c *Client) backoff(ctx context.Context, log *slog.Logger, attempt int, atLeast time.Duration) error {
	ceiling := min(backoffCap, backoffBase<<(attempt-1))
	d := time.Duration(c.rand() * float64(ceiling))
	if atLeast > 0 {
		d = atLeast
	}
	log.LogAttrs(ctx, slog.LevelInfo, "clerk retry wait", slog.Int("attempt", attempt), slog.Duration("wait", d))
	return c.sleep(ctx, d)
}

// fits reports whether a wait of d ends before ctx's deadline.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
