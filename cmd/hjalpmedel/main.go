// Command hjalpmedel is the whole system in one binary:
//
//	hjalpmedel serve   [--addr 127.0.0.1:8080] [--db FILE|postgres://…] [--demo] [--log-format text|json]
//	hjalpmedel migrate [--db …]
//	hjalpmedel seed    --demo | --scale N [--db …]
//	hjalpmedel user    create|reset-password|grant|revoke|deactivate|activate|unlock …
//	hjalpmedel bench   [flags]
//	hjalpmedel sim     [--days 730] [--seed N] [--db …]
//	hjalpmedel registry import [--db …] FILE
//	hjalpmedel backup  [--db FILE] OUT
//	hjalpmedel remind  [--db …] [--at YYYY-MM-DDTHH:MM]
//	hjalpmedel version
//
// Every flag can also be set with an HJALPMEDEL_* environment variable
// (HJALPMEDEL_DB, HJALPMEDEL_ADDR, …); a flag on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, args := os.Args[1], os.Args[2:]
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args)
	case "migrate":
		err = migrate(ctx, args)
	case "seed":
		err = seed(ctx, args)
	case "user":
		err = userCmd(ctx, args)
	case "bench":
		err = benchCmd(ctx, args)
	case "sim":
		err = simCmd(ctx, args)
	case "registry":
		err = registryCmd(ctx, args)
	case "backup":
		err = backupCmd(ctx, args)
	case "remind":
		err = remindCmd(ctx, args)
	case "version", "--version":
		printVersion(os.Stdout)
		return
	case "help", "-h", "--help":
		usage()
		return
	default:
		fmt.Fprintf(os.Stderr, "hjalpmedel: unknown command %q\n", cmd)
		usage()
		os.Exit(2)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h printed the flags
		}
		fmt.Fprintln(os.Stderr, "hjalpmedel:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: hjalpmedel <command> [flags]

commands:
  serve    run the web server (--demo loads the demo data into an empty database)
  migrate  apply database migrations
  seed     load data: --demo, or --scale N for a generated data set of N persons
  user     manage users: create, reset-password, grant, revoke, deactivate, activate, unlock
  bench    whole-system load test on a generated data set
  sim      lifecycle simulation: years of a lending centre, invariants checked every day
  registry import FILE: apply population-register events (JSON Lines), each once by its id
  backup   OUT: a consistent copy of the SQLite database, taken while the server runs
  remind   send the BMB reminders (day 5 and 6) and lock messages due now, each once (serve does it every 10 minutes)
  version  the build: version, commit and Go version

Run 'hjalpmedel <command> -h' for the flags of a command.
`)
}

// newFlags returns a flag set whose defaults can come from HJALPMEDEL_* variables.
func newFlags(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ContinueOnError)
}

// parseFlags applies environment defaults, then the command line. Each flag's
// help names its variable, so -h of every command lists them.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		env := envName(f.Name)
		f.Usage += " [" + env + "]"
		if v, ok := os.LookupEnv(env); ok {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s: %w", env, err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	return fs.Parse(args)
}

// envName is the environment variable of a flag: --log-format is HJALPMEDEL_LOG_FORMAT.
func envName(flag string) string {
	return "HJALPMEDEL_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

const defaultDB = "data/hjalpmedel.db"

func newLogger(format, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
