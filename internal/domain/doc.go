// Package domain holds the types and pure business rules of Hjälpmedel
// (SPEC §5): personnummer, the Swedish working-day calendar, document numbers,
// money, input limits and the one error type used by the whole system.
//
// Nothing here does I/O; rules take plain values (and a "now" when they need
// one) so they can be table-tested by hand-worked cases.
package domain
