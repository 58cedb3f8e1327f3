package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/intents"
)

// runParse is `clerkbot parse [--json] [--now RFC3339] [TEXT…]`: it resolves text to an
// intent without calling Clerk. With no TEXT it reads one text per line from stdin and
// answers one line per text, loading the specs once; a bad line yields a reject line and
// never stops the batch.
func runParse(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the intent as one JSON object per text")
	nowFlag := fs.String("now", "", "fix the clock for relative dates (RFC 3339, e.g. 2026-11-26T12:00:00Z)")
	holdout := fs.String("holdout", "", "leave the built-in labelled `CORPUS` (ho29, …) out of the examples, to measure on it as unseen; \"all\" leaves every one out")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clerkbot parse [--json] [--now RFC3339] [--holdout CORPUS] [TEXT…]\n\n"+
			"Resolves TEXT to an intent without calling Clerk. With no TEXT, reads one text per\n"+
			"line from stdin and answers one line per text. Specs come from CLERK_OPENAPI_SPEC.\n"+
			"OPENAI_API_KEY or OPENAI_BASE_URL (and OPENAI_MODEL) turn on the LLM fallback.\n\n")
		fs.PrintDefaults()
	}
	if help, err := parseFlags(fs, args, true); help || err != nil {
		return err
	}
	now := time.Now
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageError{fmt.Sprintf("--now %q is not an RFC 3339 time such as 2026-11-26T12:00:00Z", *nowFlag)}
		}
		now = func() time.Time { return t }
	}
	llm, err := newLLM(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	specs, err := openSpecs(ctx, getenv, logger)
	if err != nil {
		return err
	}
	opts := intents.Options{Specs: specs, Now: now, Rankers: intents.NewRankers(), LLM: llm}
	if *holdout != "" {
		if opts.Examples, err = heldOut(*holdout); err != nil {
			return err
		}
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()

	write := func(text string) error {
		in := intents.Parse(ctx, text, opts)
		if *asJSON {
			b, err := json.Marshal(in)
			if err != nil {
				return err
			}
			out.Write(b)
			return out.WriteByte('\n')
		}
		explain(ctx, out, specs, text, in)
		return nil
	}
	if fs.NArg() > 0 {
		if err := write(strings.Join(fs.Args(), " ")); err != nil {
			return err
		}
		return out.Flush()
	}
	// One answer per line, whatever the line holds: an overlong or garbled line is
	// answered with a reject by Parse and the batch goes on.
	r := bufio.NewReader(stdin)
	for {
		line, err := r.ReadString('\n')
		if line != "" || err == nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if werr := write(strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")); werr != nil {
				return werr
			}
			if !*asJSON {
				out.WriteByte('\n')
			}
		}
		if err == io.EOF {
			return out.Flush()
		}
		if err != nil {
			return fmt.Errorf("read stdin: %w", err)
		}
	}
}

// explain prints an intent for a person: mode, stage and why, each step as curl.
func explain(ctx context.Context, w io.Writer, specs *clerk.Specs, text string, in intents.Intent) {
	fmt.Fprintf(w, "text:    %q\n", text)
	fmt.Fprintf(w, "mode:    %s (decided by %s)\n", in.Mode, in.Source)
	if in.Reason != "" {
		fmt.Fprintf(w, "why:     %s\n", in.Reason)
	}
	if in.Version != "" {
		fmt.Fprintf(w, "version: %s\n", in.Version)
	}
	if in.Admin {
		fmt.Fprintln(w, "admin:   yes (--admin)")
	}
	if in.Tag != "" {
		fmt.Fprintf(w, "tag:     %s\n", in.Tag)
	}
	var spec *clerk.Spec
	if in.Version != "" {
		spec, _ = specs.Get(ctx, in.Version)
	}
	for i, s := range in.Steps {
		fmt.Fprintf(w, "step %d:  %s %s %s\n", i+1, s.OperationID, s.Method, s.Path)
		if spec == nil || in.Mode != intents.ModeExecute {
			continue
		}
		if req, err := s.Request(spec); err == nil {
			curl := req.Curl(spec.BaseURL)
			for _, v := range s.PathParams {
				if strings.HasPrefix(v, "$steps[") { // show references as written
					curl = strings.ReplaceAll(curl, url.PathEscape(v), v)
				}
			}
			fmt.Fprintf(w, "         %s\n", curl)
		} else {
			fmt.Fprintf(w, "         (not valid: %v)\n", err)
		}
	}
	for _, c := range in.Candidates {
		fmt.Fprintf(w, "maybe:   %s %s %s (%.2f)\n", c.OperationID, c.Method, c.Path, c.Score)
	}
	if in.Message != "" {
		fmt.Fprintf(w, "message: %s\n", strings.ReplaceAll(in.Message, "\n", "\n         "))
	}
}

// heldOut is the built-in example set without the corpus name ("all": no examples).
func heldOut(name string) (*intents.Examples, error) {
	if name == "all" {
		return &intents.Examples{}, nil
	}
	e, err := intents.DefaultExamples()
	if err != nil {
		return nil, err
	}
	name = strings.TrimSuffix(name, ".jsonl")
	if !slices.Contains(e.Corpora(), name) {
		return nil, usageError{fmt.Sprintf("--holdout %q is not a built-in corpus; they are %s, or all", name, strings.Join(e.Corpora(), ", "))}
	}
	return e.Without(name), nil
}
