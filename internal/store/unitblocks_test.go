package store_test

import (
	"context"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// Blocks are set and released in sets (a recall covers many units, in a few
// statements), a unit with two open blocks stays blocked until both are
// released, and units.blocked always says whether an open block remains.
func TestUnitBlocksInSets(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := demoNow
		units, err := db.Read().Strings(ctx, "SELECT number FROM units ORDER BY number ")
		if err != nil || len(units) < 200 {
			t.Fatalf("demo units: %d, %v", len(units), err)
		}
		blockedCount := func() int {
			var n int
			if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM units WHERE blocked", nil, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		events := func() int {
			var n int
			if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM unit_events WHERE kind IN ('blocked', 'unblocked')", nil, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// The demo's safety notice blocks its lifts in stock.
		demoBlocked, demoEvents := blockedCount(), events()
		err = db.Transact(ctx, func(q *store.Q) error {
			n, err := q.BlockUnits(ctx, append(units, "no-such-unit"), domain.UnitBlock{Source: domain.BlockRecall, SourceRef: "7",
				Reason: "FSN 2026-11", BlockedBy: "ADMIN"}, now)
			if n != len(units) {
				t.Errorf("blocked %d; want %d (an unknown unit is skipped)", n, len(units))
			}
			if err != nil {
				return err
			}
			_, err = q.BlockUnits(ctx, units[:1], domain.UnitBlock{Source: domain.BlockManual, Reason: "Sprucken ram", BlockedBy: "LAGER"}, now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := blockedCount(); n != len(units) {
			t.Errorf("%d units blocked; want %d", n, len(units))
		}
		if blocks, err := db.Read().FindUnitBlocks(ctx, units[0]); err != nil || len(blocks) != 2 {
			t.Errorf("open blocks of %s: %+v, %v; want the recall's and the manual one", units[0], blocks, err)
		}
		err = db.Transact(ctx, func(q *store.Q) error {
			n, err := q.ReleaseUnitBlocks(ctx, domain.UnitBlock{Source: domain.BlockRecall, SourceRef: "7"}, "ADMIN", now.Add(time.Hour))
			if n != len(units) {
				t.Errorf("released %d; want %d", n, len(units))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := blockedCount(); n != 1+demoBlocked {
			t.Errorf("%d units blocked after the recall's release; want %d (the manual block and the demo's remain)", n, 1+demoBlocked)
		}
		if blocked, err := db.Read().UnitBlocked(ctx, units[0]); err != nil || !blocked {
			t.Errorf("%s blocked = %v, %v; want true", units[0], blocked, err)
		}
		if n, want := events(), demoEvents+2*len(units)+1; n != want {
			t.Errorf("%d block events; want %d", n, want)
		}
	})
}
