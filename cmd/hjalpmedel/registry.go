package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"hjalpmedel/internal/progress"
	"hjalpmedel/internal/service"
)

// registryCmd applies population-register events from a JSON Lines file, one
// event a line, as POST /api/v1/registry/events does (SPEC §10.8):
//
//	hjalpmedel registry import [--db …] FILE
//
// An event already applied (by its id) changes nothing, so a file can be
// imported again; a refused line is reported and the others still applied.
func registryCmd(ctx context.Context, args []string) error {
	return runRegistry(ctx, args, os.Stdout)
}

func runRegistry(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return fmt.Errorf("registry: give import FILE")
	}
	fs := newFlags("registry import")
	dsn := fs.String("db", defaultDB, "SQLite file or postgres:// URL")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: hjalpmedel registry import [--db …] FILE (JSON Lines: one event a line)")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("registry import: give one FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := service.New(db.Repo(), newLogger("text", "warn"))
	st, err := f.Stat()
	if err != nil {
		return err
	}
	bar := progress.New(os.Stderr, "registry import", "bytes", int(st.Size()))
	lines, err := svc.ImportRegistryEvents(ctx, service.RegistryImporter(), bar.Reader(f))
	bar.Finish()
	applied, repeated, refused := 0, 0, 0
	for _, l := range lines {
		switch {
		case l.Error != "":
			refused++
			fmt.Fprintf(out, "line %d: event %q refused: %s\n", l.Line, l.ID, l.Error)
		case l.Created:
			applied++
		default:
			repeated++
		}
	}
	fmt.Fprintf(out, "%d applied, %d already applied before, %d refused\n", applied, repeated, refused)
	if err != nil {
		return err
	}
	if refused > 0 {
		return fmt.Errorf("registry import: %d of %d events refused", refused, len(lines))
	}
	return nil
}
