// Command clerkbot is a Slack chat-ops bot for Clerk's Backend API. main only wires
// signals to a context and calls run, which tests call too.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/clerkbot/clerkbot/bot/slackbot"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "clerkbot:", err)
		os.Exit(exitCode(err))
	}
}

// usageError marks a mistake on the command line; it exits 2 like flag's errors.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	if _, ok := err.(usageError); ok {
		return 2
	}
	return 1
}

const usage = `clerkbot — explore and run Clerk's Backend API from Slack or a terminal

Usage:
  clerkbot <command> [flags]

Commands:
  serve      run clerkbot on Slack (Socket Mode); configured from the environment
  shell      talk to clerkbot in the terminal (--demo: against a built-in Clerk emulator)
  audit      print the audit log: who asked what, who decided, what ran
  parse      resolve text to an intent (mode, operations, arguments) without calling Clerk
  doctor     check every setting (tokens, Slack, Clerk, spec, database, LLM) and say how to fix it
  manifest   print the Slack app manifest (paste it at api.slack.com/apps → From a manifest)
  version    print the version and exit

Run "clerkbot <command> -h" for a command's flags.
`

// run dispatches a subcommand. It reads configuration only through getenv and writes
// only to stdout and stderr, so tests drive it like a person at a terminal.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "version", "--version", "-version":
		return runVersion(stdout)
	case "serve":
		return runServe(ctx, args[1:], getenv, stderr, time.Now, sweepEvery)
	case "shell":
		return runShell(ctx, args[1:], getenv, stdin, stdout, stderr, time.Now)
	case "audit":
		return runAudit(ctx, args[1:], getenv, stdout, stderr)
	case "parse":
		return runParse(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "doctor":
		return runDoctor(ctx, args[1:], getenv, stdout, stderr)
	case "manifest":
		if len(args) > 1 {
			return usageError{fmt.Sprintf("manifest takes no arguments, got %q", args[1:])}
		}
		_, err := stdout.Write(slackbot.Manifest)
		return err
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// parseFlags parses a command's flags. help is true when -h asked for the usage, which
// the flag set has printed. Positional arguments are a usage error unless the command
// takes them.
func parseFlags(fs *flag.FlagSet, args []string, takesArgs bool) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, usageError{err.Error()}
	}
	if !takesArgs && fs.NArg() > 0 {
		fs.Usage()
		return false, usageError{fmt.Sprintf("%s takes no arguments, got %q", fs.Name(), fs.Args())}
	}
	return false, nil
}
