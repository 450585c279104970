package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// remindCmd sends the BMB reminders (day 5 and 6) and lock messages that are
// due, once (SPEC §10.11); serve does the same every few minutes:
//
//	hjalpmedel remind [--db …] [--at 2026-03-14T08:00]
//
// --at runs it as at that time in Sweden (tests, catching up). A message
// already sent, by this command or a server, is not sent again.
func remindCmd(ctx context.Context, args []string) error {
	return runRemind(ctx, args, os.Stdout)
}

func runRemind(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("remind")
	dsn := fs.String("db", defaultDB, "SQLite file or postgres:// URL")
	at := fs.String("at", "", "run as at this time in Sweden, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := service.New(db.Repo(), newLogger("text", "warn"))
	if *at != "" {
		t, err := parseAt(*at)
		if err != nil {
			return err
		}
		svc.Clock = func() time.Time { return t }
	}
	n, err := svc.SendTransferReminders(ctx)
	fmt.Fprintf(out, "%d BMB reminders and lock messages sent\n", n)
	return err
}

// parseAt reads a date or a date and time in Sweden.
func parseAt(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, domain.Stockholm); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("remind: --at %q: give YYYY-MM-DD or YYYY-MM-DDTHH:MM", s)
}
