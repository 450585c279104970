package domain

// Hand-out from the care unit's own store (SPEC §10.7): a prescriber gives a
// patient a unit, or a quantity of an article, that their care unit holds.

// HandOutTake is how much of one of the care unit's holdings a hand-out takes;
// what is left of it stays with the care unit.
type HandOutTake struct {
	Holding TransferHolding
	Take    int
}

// Left is what stays with the care unit.
func (t HandOutTake) Left() int { return t.Holding.Quantity - t.Take }

// PlanHandOut takes quantity of an article from the care unit's holdings of
// it, the oldest first, so the newest stay in the store; it refuses a
// quantity below one or above what the care unit holds.
func PlanHandOut(holdings []TransferHolding, article string, quantity int) ([]HandOutTake, error) {
	if quantity < 1 {
		return nil, Invalid("quantity", "Ange antal, minst 1.")
	}
	held := 0
	for _, h := range holdings {
		held += h.Quantity
	}
	if held < quantity {
		return nil, Invalidf("quantity", "Vårdenheten har %d av artikel %s i förrådet, inte %d.", held, article, quantity)
	}
	var takes []HandOutTake
	for _, h := range holdings {
		if quantity == 0 {
			break
		}
		take := min(h.Quantity, quantity)
		takes = append(takes, HandOutTake{Holding: h, Take: take})
		quantity -= take
	}
	return takes, nil
}
