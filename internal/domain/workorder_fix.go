package domain

// WorkOrderChanges names, by the form's labels, the fields a prescriber's
// correction of a returned work order changed (SPEC §10.11 Fix in place), in
// the form's order; the history of the work order keeps them.
func WorkOrderChanges(before, after *WorkOrder) []string {
	var out []string
	for _, f := range []struct {
		label   string
		changed bool
	}{
		{"Patient", before.Personnummer != after.Personnummer},
		{"Kund/leveransadress", before.Customer != after.Customer},
		{"Artikel", before.Article != after.Article},
		{"Individ", before.Unit != after.Unit},
		{"Aktivitetsprioritet", before.Priority != after.Priority},
		{"Typ av åtgärd", before.ActionTypeID != after.ActionTypeID},
		{"Utföres av", before.DepartmentID != after.DepartmentID},
		{"Adressuppgifter", before.AddressMode != after.AddressMode || before.AddressSource != after.AddressSource || before.Address != after.Address},
		{"Felbeskrivning", before.FaultDescription != after.FaultDescription},
	} {
		if f.changed {
			out = append(out, f.label)
		}
	}
	return out
}
