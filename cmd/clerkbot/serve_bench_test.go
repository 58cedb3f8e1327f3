package main

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/bot/slackbot"
	"github.com/clerkbot/clerkbot/bot/slackbot/slacktest"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
)

// The ack benchmarks push 1,000 envelopes at a running `clerkbot serve` whose Clerk
// answers slowly, and measure how long each waits for its ack: Slack sends an envelope
// again when it is not acknowledged within 3 s, so no ack may wait for Clerk. Run them as
//
//	go test ./cmd/clerkbot -run '^$' -bench ServeAck -benchmem -benchtime 1x
//
// One iteration is one batch of benchBatch envelopes (with the default -benchtime a batch
// takes over a second, so b.Loop stops after one too). "burst" sends the batch as fast
// as the fake Slack writes it: the ack latency is then mostly queueing behind the batch's
// earlier envelopes, and says how fast serve reads. "paced" sends one every benchPace,
// 200 a second, still far above the 30,000 an hour Slack's Events API delivers to one
// app in one workspace: its latency is what one envelope costs, and whether the work
// behind the acks (8 workers, 80 Clerk reads a second at benchLatency) holds them up.
//
// Each benchmark reports, over all its batches:
//
//	p50-ack-ms, p99-ack-ms, max-ack-ms  from the fake Slack's sending an envelope to its
//	                                    reading the ack (slacktest.Ack.Latency)
//	missed-acks                         envelopes not acknowledged within ackBound
//	queue-full-waits                    "work queue full" warnings serve logged, each an
//	                                    envelope whose dispatch, so every later ack, waited
//	reconnects                          sockets opened after the first
//	drain-s                             from a batch's first envelope to its last reply
//	                                    (per batch, outside ns/op)
//	clerk-reqs/op                       requests the batch sent to Clerk
//
// ns/op is the time from a batch's first envelope to its last ack (for "paced", mostly
// the pacing). B/op and allocs/op count the whole process, serve, both fakes and this
// polling, so they are only good for comparing runs.
//
// serve gets a production secret key (sk_live_…), whose client-side limiter allows 1,000
// Clerk requests per 10 s: a development key allows 100, and would stretch the drain of
// a batch to two minutes.
const (
	benchBatch    = 1000
	benchPace     = 5 * time.Millisecond   // between envelopes in "paced"
	benchLatency  = 100 * time.Millisecond // added by the Clerk emulator to every request
	benchClerkKey = "sk_live_bench_fake"
	ackBound      = 2 * time.Minute // after this an envelope counts as missed
	drainBound    = 3 * time.Minute // for a batch's replies
)

// BenchmarkServeAckLatency sends a mix of slash commands, mentions and channel messages
// that all read from Clerk: in a burst, and paced at benchPace.
func BenchmarkServeAckLatency(b *testing.B) {
	b.Run("burst", func(b *testing.B) { benchAcks(b, 0, sendRead) })
	b.Run("paced", func(b *testing.B) { benchAcks(b, benchPace, sendRead) })
}

// BenchmarkServeAckClickLatency sends clicks of Run buttons (such as "Next page"), each
// recorded in bbolt before its ack, on the dispatch path: in a burst, and paced.
func BenchmarkServeAckClickLatency(b *testing.B) {
	b.Run("burst", func(b *testing.B) { benchAcks(b, 0, sendClick) })
	b.Run("paced", func(b *testing.B) { benchAcks(b, benchPace, sendClick) })
}

func sendRead(w *slackWorld, i int) slacktest.Sent {
	switch i % 4 {
	case 0:
		return w.slack.SendSlash(slacktest.Slash{Text: "get user jane_doe", User: carol, UserName: "carol", Channel: opsChan})
	case 1:
		return w.slack.SendMention(slacktest.Message{Channel: opsChan, User: carol, Text: "<@" + slacktest.BotUserID + "> list users"})
	case 2:
		return w.slack.SendMessage(slacktest.Message{Channel: opsChan, User: carol, Text: "get user jane_doe"})
	default:
		return w.slack.SendSlash(slacktest.Slash{Text: "list users", User: carol, UserName: "carol", Channel: opsChan})
	}
}

func sendClick(w *slackWorld, i int) slacktest.Sent {
	value := "get user jane_doe"
	if i%2 == 1 {
		value = "list users"
	}
	return w.slack.SendClick(slacktest.Click{ActionID: slackbot.ActionRun, Value: value, User: carol, UserName: "carol",
		Channel: opsChan, MessageTS: "1700000000.000100"})
}

// benchAcks runs serve, then per iteration sends benchBatch envelopes made by send, one
// every pace (all at once when pace is 0), and waits for their acks; the batch's replies
// are waited for with the timer stopped.
func benchAcks(b *testing.B, pace time.Duration, send func(w *slackWorld, i int) slacktest.Sent) {
	w := newSlackWorld(b, map[string]string{"CLERK_SECRET_KEY": benchClerkKey})
	w.clerk.InjectFault(clerktest.Fault{Latency: benchLatency})
	w.start()

	var lat []time.Duration
	var missed int
	var drain time.Duration
	clerkReqs := len(w.clerk.Requests())
	for b.Loop() {
		replies := postedCount(w)
		start := time.Now()
		ids := make([]string, 0, benchBatch)
		for i := range benchBatch {
			if pace > 0 {
				time.Sleep(time.Until(start.Add(time.Duration(i) * pace)))
			}
			ids = append(ids, send(w, i).EnvelopeID)
		}
		got, miss := awaitAcks(w, ids)
		lat = append(lat, got...)
		missed += miss

		b.StopTimer()
		awaitReplies(w, replies+benchBatch)
		drain += time.Since(start)
		b.StartTimer()
	}
	clerkReqs = len(w.clerk.Requests()) - clerkReqs // exact while under clerktest's 10,000

	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(lat, 50)), "p50-ack-ms")
	b.ReportMetric(ms(percentile(lat, 99)), "p99-ack-ms")
	b.ReportMetric(ms(percentile(lat, 100)), "max-ack-ms")
	b.ReportMetric(float64(missed), "missed-acks")
	b.ReportMetric(float64(strings.Count(w.stderr.String(), `"work queue full; waiting for a worker"`)), "queue-full-waits")
	b.ReportMetric(float64(w.slack.Connections()-1), "reconnects")
	b.ReportMetric(drain.Seconds()/float64(b.N), "drain-s")
	b.ReportMetric(float64(clerkReqs)/float64(b.N), "clerk-reqs/op")
	if err := w.stop(); err != nil {
		b.Fatalf("serve: %v", err)
	}
}

// awaitAcks waits until every envelope of ids is acknowledged, or ackBound passes, and
// returns the latencies of those acknowledged and how many were not. It fails the
// benchmark at once if serve ends.
func awaitAcks(w *slackWorld, ids []string) (lat []time.Duration, missed int) {
	w.t.Helper()
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	got := map[string]time.Duration{}
	seen := 0 // acks already looked at; Acks only grows
	deadline := time.After(ackBound)
	// Polled rather than woken by the fake's Wait, which would run the check on every
	// Web API call as well.
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for len(got) < len(want) {
		select {
		case err := <-w.done:
			w.cancel = nil
			w.t.Fatalf("serve ended with %d of %d envelopes acknowledged: %v\n%s", len(got), len(want), err, lastLines(w.stderr.String(), 20))
		case <-deadline:
			unacked := w.slack.Unacked()
			for _, id := range unacked {
				if want[id] {
					missed++
				}
			}
			w.t.Logf("%d envelopes not acknowledged within %s, such as %v", missed, ackBound, unacked[:min(5, len(unacked))])
			return slices.Collect(maps.Values(got)), missed
		case <-tick.C:
		}
		acks := w.slack.Acks()
		for _, a := range acks[seen:] {
			if _, dup := got[a.EnvelopeID]; want[a.EnvelopeID] && !dup {
				got[a.EnvelopeID] = a.Latency
			}
		}
		seen = len(acks)
	}
	return slices.Collect(maps.Values(got)), 0
}

// postedCount counts the messages serve has posted, in public or privately.
func postedCount(w *slackWorld) int {
	return len(w.slack.Calls("chat.postMessage", "chat.postEphemeral"))
}

// awaitReplies waits until serve has posted n messages. It fails the benchmark at once
// if serve ends, and goes on failed if they do not come within drainBound.
func awaitReplies(w *slackWorld, n int) {
	w.t.Helper()
	deadline := time.After(drainBound)
	tick := time.NewTicker(250 * time.Millisecond) // Calls copies every call
	defer tick.Stop()
	for postedCount(w) < n {
		select {
		case err := <-w.done:
			w.cancel = nil
			w.t.Fatalf("serve ended with %d of %d replies posted: %v\n%s", postedCount(w), n, err, lastLines(w.stderr.String(), 20))
		case <-deadline:
			w.t.Errorf("%d of %d replies posted within %s", postedCount(w), n, drainBound)
			return
		case <-tick.C:
		}
	}
}

// percentile returns the nearest-rank p-th percentile of sorted, 0 when it is empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
