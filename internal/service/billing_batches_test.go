package service

import (
	"fmt"
	"slices"
	"testing"

	"hjalpmedel/internal/domain"
)

// Holdings read by id go to the writer a payer's batch at a time, each
// payer's in the order read; when too many are gathered the largest batch
// goes first, and what is left goes by payer.
func TestPayerBatches(t *testing.T) {
	line := func(payer string, holding int64) []domain.StoredBillingLine {
		return []domain.StoredBillingLine{{Payer: payer, HoldingID: holding}}
	}
	b := newPayerBatches(3, 5)
	var got []string
	batch := func(lines []domain.StoredBillingLine) {
		var s string
		for _, l := range lines {
			s += fmt.Sprintf("%s%d ", l.Payer, l.HoldingID)
		}
		got = append(got, s)
	}
	for id, payer := range []string{"A", "B", "A", "C", "A", "B", "C", "C", "D", "B"} {
		if lines, ok := b.add(line(payer, int64(id+1)), payer); ok {
			batch(lines)
		}
	}
	// Each of A, C and B is full at its third holding.
	want := []string{"A1 A3 A5 ", "C4 C7 C8 ", "B2 B6 B10 "}
	if !slices.Equal(got, want) || b.gathered != 1 {
		t.Fatalf("batches %q with %d gathered, want %q with 1", got, b.gathered, want)
	}
	// Six gathered: of D and F, as large, D goes. E's holding has no lines.
	for id, payer := range []string{"E", "D", "F", "G", "F"} {
		var lines []domain.StoredBillingLine
		if payer != "E" {
			lines = line(payer, int64(id+11))
		}
		if lines, ok := b.add(lines, payer); ok {
			batch(lines)
		}
	}
	for _, payer := range b.payersLeft() {
		batch(b.take(payer))
	}
	want = append(want, "D9 D12 ", "", "F13 F15 ", "G14 ")
	if !slices.Equal(got, want) || b.gathered != 0 {
		t.Fatalf("batches %q with %d gathered, want %q", got, b.gathered, want)
	}
}

// Read by payer, a payer's batch is let go as the next payer's holdings
// begin; a payer never seen, or already let go, has none.
func TestPayerBatchesLeft(t *testing.T) {
	b := newPayerBatches(3, 100)
	for id, payer := range []string{"A", "A", "B"} {
		if _, ok := b.add([]domain.StoredBillingLine{{Payer: payer, HoldingID: int64(id + 1)}}, payer); ok {
			t.Fatalf("a batch at holding %d", id+1)
		}
	}
	if lines, ok := b.leave("A"); !ok || len(lines) != 2 || lines[1].HoldingID != 2 || b.gathered != 1 {
		t.Fatalf("leaving A: %+v, %v, %d gathered; want A's two holdings, 1 gathered", lines, ok, b.gathered)
	}
	for _, payer := range []string{"A", "", "C"} {
		if lines, ok := b.leave(payer); ok {
			t.Fatalf("leaving %q: %+v; want nothing", payer, lines)
		}
	}
}
