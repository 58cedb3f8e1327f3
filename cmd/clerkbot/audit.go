package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/store"
)

const auditUsage = `Usage: clerkbot audit [--json] [--limit N]

Prints the audit log of CLERKBOT_DB (default clerkbot.db), newest first: who asked what,
who decided, what ran, the result and Clerk's trace id.
`

func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, auditUsage) }
	asJSON := fs.Bool("json", false, "one JSON object per line")
	limit := fs.Int("limit", 50, "how many entries, newest first (0 for all)")
	if help, err := parseFlags(fs, args, false); help || err != nil {
		return err
	}
	if *limit < 0 {
		return usageError{"--limit must be 0 or more"}
	}
	path := dbPath(getenv)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no clerkbot database at %s: set CLERKBOT_DB to the file the bot uses", path)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.Audit(*limit, true)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		return nil
	}
	t := bot.Table{Columns: []string{"time", "event", "actor", "operation", "path", "status", "trace id", "confirmation"}}
	for _, e := range entries {
		status := ""
		if e.Status != 0 {
			status = strconv.Itoa(e.Status)
		}
		t.Rows = append(t.Rows, []string{e.Time.UTC().Format("2006-01-02 15:04:05"), e.Event, e.Actor.String(),
			e.OperationID, e.Method + " " + e.Path, status, e.TraceID, e.ConfirmationID})
	}
	t.Note = fmt.Sprintf("%d entries, newest first", len(entries))
	return bot.RenderText(stdout, bot.Reply{Title: "Audit log (" + path + ")", Tables: []bot.Table{t}})
}
