package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/store"
)

const shellUsage = `Usage: clerkbot shell [--demo]

Reads requests from the terminal (or stdin), one per line, and answers them with the same
engine the Slack bot uses. Writes wait for "approve? [y/N]"; you are the requester and,
at the terminal, the approver too.

  --demo   run against a built-in Clerk emulator with sample users and organizations;
           needs no CLERK_SECRET_KEY, and scopes default to read write delete

Shell commands besides requests: pending, approve ID, deny ID, help, quit.
`

// shellTeam marks the terminal's operator; Slack team ids start with T, so no Slack
// user can ever be taken for the local operator.
const shellTeam = "terminal"

// runShell runs the shell; now is the clock of confirmations and relative dates, which
// tests set to move time without sleeping.
func runShell(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) error {
	fs := flag.NewFlagSet("shell", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, shellUsage) }
	demo := fs.Bool("demo", false, "run against the built-in Clerk emulator")
	if help, err := parseFlags(fs, args, false); help || err != nil {
		return err
	}
	level, err := logLevel(getenv, slog.LevelWarn)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	specs, err := openSpecs(ctx, getenv, logger)
	if err != nil {
		return err
	}
	for _, w := range specs.Warnings() {
		fmt.Fprintln(stderr, "warning:", w)
	}

	key, baseURL := getenv("CLERK_SECRET_KEY"), getenv("CLERK_API_URL")
	if *demo {
		srv := clerktest.NewServer(clerktest.WithSampleData())
		defer srv.Close()
		key, baseURL = "sk_test_demo_emulator", srv.URL
	}
	if key == "" {
		return errors.New("CLERK_SECRET_KEY is not set: set it to your instance's secret key (sk_test_… or sk_live_…), or run `clerkbot shell --demo` to try clerkbot against a built-in emulator")
	}
	opts := []clerk.ClientOption{clerk.WithLogger(logger), clerk.WithVersion(buildVersion())}
	if baseURL != "" {
		opts = append(opts, clerk.WithBaseURL(baseURL))
	}
	client, err := clerk.NewClient(key, opts...)
	if err != nil {
		return err
	}

	dbPath := getenv("CLERKBOT_DB")
	if dbPath == "" && *demo {
		dir, err := os.MkdirTemp("", "clerkbot-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dbPath = filepath.Join(dir, "demo.db")
	}
	if dbPath == "" {
		dbPath = "clerkbot.db"
	}
	db, err := store.Open(dbPath, store.Options{Logger: logger})
	if err != nil {
		return err
	}
	defer db.Close()

	operator := confirm.Actor{UserID: "operator", TeamID: shellTeam, Name: getenv("USER")}
	scopes := getenv("CLERK_BAPI_SCOPES")
	if scopes == "" && *demo {
		scopes = "read write delete"
	}
	policy, err := loadPolicy(ctx, getenv, specs, confirm.PolicyConfig{
		TeamID:       shellTeam,
		Users:        []confirm.ID{{User: operator.UserID}},
		Approvers:    []confirm.ID{{User: operator.UserID}},
		Admins:       []confirm.ID{{User: operator.UserID}},
		Scopes:       confirm.ParseScopes(scopes),
		SelfApproval: true, // one person at a terminal: the two-person rule is for Slack
	})
	if err != nil {
		return err
	}
	svc := confirm.NewService(confirm.ServiceConfig{
		Store: db, Executor: client, Specs: specs, Approvals: policy,
		TTL: policy.TTL(), Logger: logger, Now: now,
	})
	if done, err := svc.Reconcile(ctx); err != nil {
		fmt.Fprintln(stderr, "warning: reconciling interrupted confirmations:", err)
	} else {
		for _, c := range done {
			fmt.Fprintf(stderr, "note: confirmation %s (%s) was interrupted by a restart and is now %s\n", c.ID, c.Summary, c.State)
		}
	}
	llm, err := newLLM(getenv)
	if err != nil {
		return err
	}
	engine := bot.NewEngine(bot.Config{
		Specs: specs, LLM: llm, Clerk: client, Policy: policy, Confirmations: svc, Audit: db,
		Previewer: &confirm.Previewer{Clerk: client}, Logger: logger, Now: now,
	})

	sh := &shell{engine: engine, db: db, who: operator, in: bufio.NewScanner(stdin), out: stdout, interactive: isTerminal(stdin)}
	sh.in.Buffer(make([]byte, 64*1024), 1<<20)
	if *demo {
		fmt.Fprintf(stdout, "clerkbot demo: a built-in Clerk emulator with sample data (%s instance, API %s). Try: list users, get user john_doe, delete user john_doe. Type help or quit.\n",
			client.Instance(), specs.Newest())
	} else {
		fmt.Fprintf(stdout, "clerkbot shell: %s instance at %s, API %s, scopes %s. Type help or quit.\n",
			client.Instance(), client.BaseURL(), specs.Newest(), policy.Scopes())
	}
	return sh.loop(ctx)
}

type shell struct {
	engine      *bot.Engine
	db          *store.DB
	who         confirm.Actor
	in          *bufio.Scanner
	out         io.Writer
	interactive bool
	saveDir     string // where attachments go, made on first use
	saved       int
}

func (s *shell) prompt(p string) {
	if s.interactive {
		fmt.Fprint(s.out, p)
	}
}

func (s *shell) loop(ctx context.Context) error {
	for {
		s.prompt("clerk> ")
		if !s.in.Scan() {
			return s.in.Err()
		}
		line := strings.TrimSpace(s.in.Text())
		if !s.interactive && line != "" {
			fmt.Fprintf(s.out, "clerk> %s\n", line)
		}
		fields := strings.Fields(line)
		switch {
		case line == "":
			continue
		case line == "quit" || line == "exit":
			return nil
		case line == "pending":
			s.pending()
			continue
		case len(fields) == 2 && (fields[0] == "approve" || fields[0] == "deny") && strings.HasPrefix(fields[1], "cf_"):
			s.decide(ctx, fields[1], fields[0] == "approve")
			continue
		}
		reply := s.engine.Handle(ctx, bot.Request{Who: s.who, Where: "terminal", Text: line})
		s.show(reply)
		if reply.ConfirmationID != "" {
			if err := s.ask(ctx, reply.ConfirmationID); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// ask waits for y or n. An end of input leaves the confirmation pending, to decide later
// with "approve ID", in this run or the next.
func (s *shell) ask(ctx context.Context, id string) error {
	fmt.Fprint(s.out, "approve? [y/N] ")
	if !s.in.Scan() {
		fmt.Fprintf(s.out, "\n(no answer: %s stays pending; say \"approve %s\" or \"deny %s\" later)\n", id, id, id)
		return s.in.Err()
	}
	answer := strings.ToLower(strings.TrimSpace(s.in.Text()))
	if !s.interactive {
		fmt.Fprintln(s.out, answer)
	}
	s.decide(ctx, id, answer == "y" || answer == "yes")
	return nil
}

func (s *shell) decide(ctx context.Context, id string, approve bool) {
	for _, r := range s.engine.Decide(ctx, bot.Decision{Who: s.who, ID: id, Approve: approve}) {
		s.show(r)
	}
}

func (s *shell) pending() {
	list, err := s.db.Confirmations(confirm.Pending)
	if err != nil {
		fmt.Fprintln(s.out, "✖", err)
		return
	}
	if len(list) == 0 {
		fmt.Fprintln(s.out, "No pending confirmations.")
		return
	}
	for _, c := range list {
		fmt.Fprintf(s.out, "  %s  %s %s  (%s, expires %s)\n", c.ID, c.Call.Method, c.Call.Path, c.Summary, c.ExpiresAt.Local().Format(time.Kitchen))
	}
}

// show prints a reply and saves its attachments (full JSON responses) to files, since
// they are too long to read in a terminal.
func (s *shell) show(r bot.Reply) {
	_ = bot.RenderText(s.out, r)
	for _, a := range r.Attachments {
		if s.saveDir == "" {
			dir, err := os.MkdirTemp("", "clerkbot-")
			if err != nil {
				fmt.Fprintln(s.out, "  (could not save it:", err, ")")
				return
			}
			s.saveDir = dir
		}
		s.saved++
		path := filepath.Join(s.saveDir, fmt.Sprintf("%03d-%s", s.saved, filepath.Base(a.Name)))
		if err := os.WriteFile(path, a.Data, 0o600); err != nil {
			fmt.Fprintln(s.out, "  (could not save it:", err, ")")
			continue
		}
		fmt.Fprintf(s.out, "  saved %s to %s\n", a.Name, path)
	}
}

// isTerminal reports whether r is a character device, where a prompt makes sense.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// newLogger builds the shell's logger: text on stderr, warnings and errors unless
// LOG_LEVEL asks for more, so that log lines do not drown the conversation.
// logLevel is LOG_LEVEL, or def when it is unset.
func logLevel(getenv func(string) string, def slog.Level) (slog.Level, error) {
	level := def
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return def, fmt.Errorf("LOG_LEVEL=%q: want debug, info, warn or error", v)
		}
	}
	return level, nil
}
