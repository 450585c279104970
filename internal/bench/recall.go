package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"hjalpmedel/internal/store"
)

// The recall mode (SPEC §10.4, issue 15.2): on the data set at --db (made by
// seed --scale, with --existing), the admin registers a safety notice over
// recallUnits units — most of them held by patients, the rest at the centre —
// lists its affected units (three times, as the page and the API do), executes
// it (a work order per patient's unit, a pickup order per care unit's) and
// lists it again. Targets: listing < 2 s, executing < 30 s.

const recallUnits = 10000

func init() {
	register("recall", func(ctx context.Context, c *Config) error {
		admin, err := newClient(c.BaseURL, "ADMIN", false)
		if err != nil {
			return err
		}
		admin.http.Timeout = 10 * time.Minute
		units, err := recallSample(ctx, c.DB, recallUnits)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.Out, "recall over %d units\n", len(units))
		t0 := time.Now()
		id, n, err := registerRecall(admin, units)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.Out, "register: %s (%d units)\n", time.Since(t0).Round(time.Millisecond), n)
		var lists []time.Duration
		for range 3 {
			t := time.Now()
			if err := admin.get(ctx, "/api/v1/recalls/"+id); err != nil {
				return err
			}
			lists = append(lists, time.Since(t))
		}
		slices.Sort(lists)
		fmt.Fprintf(c.Out, "list affected units: median %s (%s)  target < 2 s: %s\n", lists[1].Round(time.Millisecond), lists, verdict(lists[1] < 2*time.Second))
		t0 = time.Now()
		progress, err := executeRecall(admin, id)
		if err != nil {
			return err
		}
		took := time.Since(t0)
		fmt.Fprintf(c.Out, "execute: %s (%s)  target < 30 s: %s\n", took.Round(time.Millisecond), progress, verdict(took < 30*time.Second))
		t0 = time.Now()
		if err := admin.get(ctx, "/api/v1/recalls/"+id); err != nil {
			return err
		}
		fmt.Fprintf(c.Out, "list after execution: %s\n", time.Since(t0).Round(time.Millisecond))
		return nil
	})
}

// recallSample picks n units: nine in ten held (by patients and care units),
// the rest at the centre.
func recallSample(ctx context.Context, db *store.DB, n int) ([]string, error) {
	held, err := db.Read().Strings(ctx, `SELECT unit_number FROM holdings WHERE end_date IS NULL AND unit_number IS NOT NULL
		ORDER BY unit_number LIMIT ?`, n*9/10)
	if err != nil {
		return nil, err
	}
	free, err := db.Read().Strings(ctx, "SELECT number FROM units WHERE status = 'in_stock' ORDER BY number LIMIT ?", n-len(held))
	return append(held, free...), err
}

func registerRecall(admin *client, units []string) (id string, n int, err error) {
	st, body, err := admin.post("/api/v1/recalls", map[string]any{"title": "Bench: säkerhetsmeddelande", "units": units,
		"action": "inspect", "deadline": time.Now().AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		return "", 0, err
	}
	var out struct {
		ID       string
		Progress struct{ Total int }
	}
	if st != http.StatusCreated || json.Unmarshal(body, &out) != nil {
		return "", 0, fmt.Errorf("POST /api/v1/recalls: %d %.300s", st, body)
	}
	return out.ID, out.Progress.Total, nil
}

func executeRecall(admin *client, id string) (string, error) {
	st, body, err := admin.post("/api/v1/recalls/"+id+"/execute", nil)
	if err != nil {
		return "", err
	}
	var out struct {
		Progress struct{ Total, Done, Open int }
		Affected []struct{ WorkOrder, PickupOrder string }
	}
	if st != http.StatusOK || json.Unmarshal(body, &out) != nil {
		return "", fmt.Errorf("POST /api/v1/recalls/%s/execute: %d %.300s", id, st, body)
	}
	var wo, po int
	for _, u := range out.Affected {
		if u.WorkOrder != "" {
			wo++
		}
		if u.PickupOrder != "" {
			po++
		}
	}
	return fmt.Sprintf("%d work orders, %d pickup orders, %d of %d open", wo, po, out.Progress.Open, out.Progress.Total), nil
}

// recallJob is the mixed mode's recall: a notice registered over the units and
// its affected units listed once.
func recallJob(ctx context.Context, admin *client, units []string) (string, error) {
	id, n, err := registerRecall(admin, units)
	if err != nil {
		return "", err
	}
	t0 := time.Now()
	if err := admin.get(ctx, "/api/v1/recalls/"+id); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d units registered and listed (listing %s)", n, time.Since(t0).Round(time.Millisecond)), nil
}
