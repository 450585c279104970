package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/progress"
	"hjalpmedel/internal/sim"
)

// simCmd runs the lifecycle simulation (issue 11) on an empty database: by
// default a temporary SQLite file, or the database --db names, which must not
// hold data yet (the simulation loads the demo data and plays on it).
func simCmd(ctx context.Context, args []string) error {
	return runSim(ctx, args, os.Stdout, os.Stderr)
}

// runSim is simCmd writing the summary to out and progress to progressOut.
func runSim(ctx context.Context, args []string, out, progressOut io.Writer) error {
	fs := newFlags("sim")
	dsn := fs.String("db", "", "empty SQLite file or postgres:// URL (default: a temporary SQLite file)")
	days := fs.Int("days", 730, "days to simulate")
	seed := fs.Uint64("seed", 1, "random seed: the same seed plays the same run")
	start := fs.String("start", sim.DefaultStart.Format(time.DateOnly), "first simulated day (YYYY-MM-DD)")
	prescribers := fs.Int("prescribers", 4, "prescribers created besides the demo's two")
	patients := fs.Int("patients", 40, "patients added to the registry besides the demo's")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	first, err := time.Parse(time.DateOnly, *start)
	if err != nil {
		return fmt.Errorf("sim: --start: %w", err)
	}
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "hjalpmedel-sim-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dsn = filepath.Join(dir, "sim.db")
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if loaded, err := demo.Loaded(ctx, db); err != nil {
		return err
	} else if loaded {
		return fmt.Errorf("sim: %s already has data; the simulation needs an empty database", describeDB(*dsn))
	}
	cfg := sim.Config{Seed: *seed, Days: *days, Start: first, Prescribers: *prescribers, Patients: *patients}
	began := time.Now()
	bar := progress.New(progressOut, "sim", "days", *days)
	cfg.Progress = func(day, _ int) { bar.Set(day) }
	fmt.Fprintf(progressOut, "simulating %d days from %s, seed %d, on %s\n", *days, *start, *seed, describeDB(*dsn))
	s, err := sim.New(ctx, db, cfg)
	if err != nil {
		return err
	}
	rep, runErr := s.Run(ctx)
	bar.Finish()
	printReport(out, rep, describeDB(*dsn), time.Since(began))
	if runErr != nil {
		return fmt.Errorf("sim: %w", runErr)
	}
	return nil
}

// printReport writes the run's summary: days, actions per type, refused actions,
// invariant checks passed and the billed total per closed month.
func printReport(w io.Writer, rep *sim.Report, db string, took time.Duration) {
	fmt.Fprintf(w, "database   %s\n", db)
	fmt.Fprintf(w, "seed       %d\n", rep.Seed)
	fmt.Fprintf(w, "days       %d (%s – %s)\n", rep.Days, rep.Start.Format(time.DateOnly), rep.End.Format(time.DateOnly))
	fmt.Fprintf(w, "time       %s\n", took.Round(time.Second))
	total := 0
	for _, n := range rep.Actions {
		total += n
	}
	fmt.Fprintf(w, "\nactions (%d)\n", total)
	for _, k := range sortedKeys(rep.Actions) {
		fmt.Fprintf(w, "  %-42s %7d\n", k, rep.Actions[k])
	}
	total = 0
	for _, n := range rep.Refused {
		total += n
	}
	fmt.Fprintf(w, "\nrefused as they must be (%d)\n", total)
	for _, k := range sortedKeys(rep.Refused) {
		fmt.Fprintf(w, "  %-42s %7d\n", k, rep.Refused[k])
	}
	fmt.Fprintf(w, "\nunits lent again         %d\n", rep.Relent)
	fmt.Fprintf(w, "invariant checks passed  %d\n", rep.Checks)
	fmt.Fprintf(w, "\nbilled per closed month (equal to the reference computation)\n")
	var sum domain.Ore
	for _, m := range rep.Months {
		fmt.Fprintf(w, "  %s %5d lines %15s kr\n", m.Month, m.Lines, m.Billed.Display())
		sum += m.Billed
	}
	fmt.Fprintf(w, "  total              %15s kr\n", sum.Display())
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
