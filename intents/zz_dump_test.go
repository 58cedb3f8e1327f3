package intents

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// go test ./intents -run TestZZDump -zzout FILE: every corpus item, LOO, with the vote.
func TestZZDump(t *testing.T) {
	out := os.Getenv("ZZOUT")
	if out == "" {
		t.Skip("debug dump: set ZZOUT")
	}
	f, _ := os.Create(out)
	defer f.Close()
	enc := json.NewEncoder(f)
	files, _ := filepath.Glob(filepath.Join("examples", "*.jsonl"))
	all, _ := DefaultExamples()
	for _, file := range files {
		c := strings.TrimSuffix(filepath.Base(file), ".jsonl")
		ex := all.Without(c)
		opts := testOptions(t)
		opts.Examples = ex
		for _, it := range readCorpus(t, file) {
			in := Parse(context.Background(), it.Text, opts)
			v := ex.vote(it.Text)
			var cands []string
			for _, c := range in.Candidates {
				cands = append(cands, c.OperationID)
			}
			why := ""
			if id := v.pick(); id != "" {
				text := Normalize(it.Text)
				m := newMsg(text, Extract(text, testNow))
				rs := opts.Rankers.For(testSpec(t)).rankAlso(m, id)
				if readsOnly(m) {
					why += "readsOnly "
				}
				for _, r := range rs {
					if r.op.ID == id {
						_, ov := m.verb()
						if !r.filled {
							why += "unfilled "
						}
						if r.unused > 0 {
							why += "unused "
						}
						if !r.agrees {
							why += "disagrees "
						}
						if !r.op.IsRead() && !r.named {
							why += "unnamed "
						}
						if !r.op.IsRead() && !writeAsked(m) {
							why += "notasked "
						}
						if !r.op.IsRead() && !ov {
							why += "verbs "
						}
						if !r.op.IsRead() && negatedLater(m.text) {
							why += "negLater "
						}
						if r.op.IsRead() && writeAsked(m) {
							why += "readvswrite "
						}
					}
				}
			} else {
				switch {
				case v.nearest < exampleNearest:
					why = "far"
				case v.shared < 2:
					why = "shared"
				case v.mode != "execute" || v.modeShare < exampleModeShare:
					why = "mode"
				default:
					why = "opshare"
				}
			}
			enc.Encode(map[string]any{"why": why, "id": it.ID, "want": it.Expect.Mode, "ops": it.Expect.Ops, "mode": string(in.Mode), "source": string(in.Source), "reason": in.Reason,
				"steps": ops(in), "cands": cands, "fail": scoreItem(it, in),
				"near": v.nearest, "shared": v.shared, "vmode": v.mode, "vms": v.modeShare, "vops": v.ops[:min(3, len(v.ops))], "vos": v.opShare})
		}
	}
}
