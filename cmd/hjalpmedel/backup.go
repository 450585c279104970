package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// backupCmd takes an online backup of the SQLite database:
//
//	hjalpmedel backup [--db FILE] OUT
//
// The server may run meanwhile; the copy is one consistent snapshot.
func backupCmd(ctx context.Context, args []string) error {
	return runBackup(ctx, args, os.Stdout)
}

func runBackup(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("backup")
	dsn := fs.String("db", defaultDB, "the SQLite file to back up (env HJALPMEDEL_DB)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: hjalpmedel backup [--db FILE] OUT\n\nWrites a consistent copy of the SQLite database to OUT (which must not exist) while the server runs.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("backup: give one OUT file")
	}
	if !strings.HasPrefix(*dsn, "postgres") {
		if _, err := os.Stat(*dsn); err != nil {
			return fmt.Errorf("backup: %w", err) // never create an empty database to back up
		}
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	st, err := os.Stat(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backup of %s written to %s: %d bytes in %s\n", *dsn, fs.Arg(0), st.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}
