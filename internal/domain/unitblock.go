package domain

import "time"

// The sources of a block on a unit (spärr).
const (
	BlockManual     = "manual"     // set by hand on the Individkort
	BlockDeviation  = "deviation"  // a deviation under investigation (SPEC §10.3)
	BlockRecall     = "recall"     // a safety notice covering the unit (§10.4)
	BlockInspection = "inspection" // a failed inspection (FU, §10.5)
)

// MaxBlockReason is the length limit of a block's reason.
const MaxBlockReason = 500

// UnitBlock is a block on a unit. While any block of a unit is open (Released is
// zero) the unit is never allocated, delivered, handed out or transferred; the
// store enforces this in the statements that do those things.
type UnitBlock struct {
	ID         int64
	Unit       string
	Source     string // BlockManual, BlockDeviation, …
	SourceRef  string // the deviation's or recall's id, the work order's number
	Reason     string
	BlockedAt  time.Time
	BlockedBy  string
	ReleasedAt time.Time
	ReleasedBy string
}

// BlockSourceText is the Swedish name of a block's source.
func BlockSourceText(source string) string {
	switch source {
	case BlockManual:
		return "Manuell spärr"
	case BlockDeviation:
		return "Avvikelse"
	case BlockRecall:
		return "Säkerhetsmeddelande"
	case BlockInspection:
		return "Besiktning (FU)"
	}
	return source
}

// UnitBlockedError is the refusal of an action on a blocked unit.
func UnitBlockedError(unit string) *Error {
	return Errorf(EConflict, "Individ %s är spärrad och kan inte lämnas ut, levereras eller flyttas.", unit)
}
