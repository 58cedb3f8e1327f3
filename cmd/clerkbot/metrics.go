package main

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/clerkbot/clerkbot/confirm"
)

// metrics are what `clerkbot serve` exposes on /metrics. Each serve has its own
// registry, so that tests can run several.
//
//	clerkbot_slack_envelopes_total{type}          envelopes acknowledged, by envelope type
//	clerkbot_slack_ack_seconds                    from an envelope's arrival to its ack
//	clerkbot_slack_reconnects_total               sockets opened again after the first
//	clerkbot_confirmations_total{outcome}         requested, approved, denied, expired,
//	                                              cancelled, executed, failed, in_doubt
//	clerkbot_clerk_requests_total{status}         HTTP status, or "error" with no answer
//	clerkbot_clerk_request_seconds                each attempt, retries counted apart
//	clerkbot_llm_calls_total{status}              calls to the LLM server, likewise
//
// plus the Go runtime's and the process's own.
type metrics struct {
	reg           *prometheus.Registry
	envelopes     *prometheus.CounterVec
	ack           prometheus.Histogram
	reconnects    prometheus.Counter
	confirmations *prometheus.CounterVec
	clerkRequests *prometheus.CounterVec
	clerkSeconds  prometheus.Histogram
	llmCalls      *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clerkbot_slack_envelopes_total", Help: "Socket mode envelopes acknowledged, by type.",
		}, []string{"type"}),
		ack: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "clerkbot_slack_ack_seconds", Help: "Time from an envelope's arrival to its acknowledgement.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clerkbot_slack_reconnects_total", Help: "Socket mode connections opened again after the first.",
		}),
		confirmations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clerkbot_confirmations_total", Help: "Confirmation events, by outcome (requested, approved, denied, expired, cancelled, executed, failed, in_doubt).",
		}, []string{"outcome"}),
		clerkRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clerkbot_clerk_requests_total", Help: "HTTP requests to Clerk's Backend API, by status (\"error\" when none came back).",
		}, []string{"status"}),
		clerkSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "clerkbot_clerk_request_seconds", Help: "Duration of each HTTP request to Clerk.",
			Buckets: prometheus.DefBuckets,
		}),
		llmCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clerkbot_llm_calls_total", Help: "HTTP requests to the LLM server, by status (\"error\" when none came back).",
		}, []string{"status"}),
	}
	m.reg.MustRegister(m.envelopes, m.ack, m.reconnects, m.confirmations, m.clerkRequests, m.clerkSeconds, m.llmCalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the registry in Prometheus' text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Acked and Reconnected make metrics a slackbot.Observer.
func (m *metrics) Acked(envelopeType string, took time.Duration) {
	m.envelopes.WithLabelValues(envelopeType).Inc()
	m.ack.Observe(took.Seconds())
}

func (m *metrics) Reconnected() { m.reconnects.Inc() }

// confirmationOutcomes are the audit events that count as confirmation outcomes.
var confirmationOutcomes = map[string]bool{
	"requested": true, "approved": true, "denied": true, "expired": true,
	"cancelled": true, "executed": true, "failed": true, "in_doubt": true,
}

// audited counts the confirmation events among audit entries as they are written.
func (m *metrics) audited(entries []confirm.AuditEntry) {
	for _, e := range entries {
		if confirmationOutcomes[e.Event] {
			m.confirmations.WithLabelValues(e.Event).Inc()
		}
	}
}

// httpClient returns an HTTP client that counts its requests by status in c, and
// times them in h when h is set.
func (m *metrics) httpClient(c *prometheus.CounterVec, h prometheus.Histogram) *http.Client {
	return &http.Client{Transport: countingTransport{next: http.DefaultTransport, count: c, seconds: h}}
}

type countingTransport struct {
	next    http.RoundTripper
	count   *prometheus.CounterVec
	seconds prometheus.Histogram
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	if t.seconds != nil {
		t.seconds.Observe(time.Since(start).Seconds())
	}
	status := "error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
	}
	t.count.WithLabelValues(status).Inc()
	return resp, err
}

// meteredStore is the store with its confirmation events counted.
type meteredStore struct {
	confirm.Store
	m *metrics
}

func (s meteredStore) CreateConfirmation(c *confirm.Confirmation, audit confirm.AuditEntry) error {
	err := s.Store.CreateConfirmation(c, audit)
	if err == nil {
		s.m.audited([]confirm.AuditEntry{audit})
	}
	return err
}

func (s meteredStore) UpdateConfirmation(id string, fn func(c *confirm.Confirmation) ([]confirm.AuditEntry, error)) (*confirm.Confirmation, error) {
	var written []confirm.AuditEntry
	c, err := s.Store.UpdateConfirmation(id, func(c *confirm.Confirmation) ([]confirm.AuditEntry, error) {
		entries, err := fn(c)
		written = entries
		return entries, err
	})
	if err == nil {
		s.m.audited(written)
	}
	return c, err
}

func (s meteredStore) AppendAudit(e confirm.AuditEntry) error {
	err := s.Store.AppendAudit(e)
	if err == nil {
		s.m.audited([]confirm.AuditEntry{e})
	}
	return err
}
