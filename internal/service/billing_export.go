package service

import (
	"context"
	"runtime/debug"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Finance export (SPEC §10.8, admin): the billing settings and a closed month
// as a SIE 4 file.

// PayerCostCentre is a payer with its cost centre ("" : its number is used).
type PayerCostCentre struct {
	Payer      string
	Name       string
	CostCentre string
}

// BillingSettingsInput is the settings form: the settings and each payer's cost
// centre by payer number.
type BillingSettingsInput struct {
	Settings    domain.BillingSettings
	CostCentres map[string]string
}

// BillingSettings returns the settings and every payer with its cost centre.
func (s *Service) BillingSettings(ctx context.Context, a *Actor) (domain.BillingSettings, []PayerCostCentre, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return domain.BillingSettings{}, nil, err
	}
	q := s.db.Read()
	settings, err := q.FindBillingSettings(ctx)
	if err != nil {
		return settings, nil, err
	}
	payers, err := s.payerCostCentres(ctx, q)
	return settings, payers, err
}

func (s *Service) payerCostCentres(ctx context.Context, q repo.Queries) ([]PayerCostCentre, error) {
	payers, err := q.FindPayers(ctx)
	if err != nil {
		return nil, err
	}
	cc, err := q.FindCostCentres(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]PayerCostCentre, 0, len(payers))
	for _, p := range payers {
		out = append(out, PayerCostCentre{Payer: p.Number, Name: p.Name, CostCentre: cc[p.Number]})
	}
	return out, nil
}

// CostCentreField is the form field of a payer's cost centre.
func CostCentreField(payer string) string { return "costCentre-" + payer }

// SaveBillingSettings saves the settings and the cost centres given; nothing is
// saved when something is wrong.
func (s *Service) SaveBillingSettings(ctx context.Context, a *Actor, in BillingSettingsInput) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	st := in.Settings
	for _, p := range []*string{&st.OrgNumber, &st.CompanyName, &st.Series, &st.Receivable.Number, &st.Receivable.Name,
		&st.Rent.Number, &st.Rent.Name, &st.Sale.Number, &st.Sale.Name, &st.Credit.Number, &st.Credit.Name} {
		*p = strings.TrimSpace(*p)
	}
	fe := fieldErrors(st.Problems())
	cc := map[string]string{}
	for payer, code := range in.CostCentres {
		code = strings.TrimSpace(code)
		if e := domain.CostCentreProblem(CostCentreField(payer), code); e != nil {
			fe[CostCentreField(payer)] = e
		}
		cc[payer] = code
	}
	if err := fe.err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		before, err := q.FindBillingSettings(ctx)
		if err != nil {
			return err
		}
		oldCC, err := q.FindCostCentres(ctx)
		if err != nil {
			return err
		}
		payers, err := q.FindPayers(ctx)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, p := range payers {
			known[p.Number] = true
		}
		changed := map[string]string{}
		for payer, code := range cc {
			if !known[payer] {
				return domain.Invalidf(CostCentreField(payer), "Betalare %s finns inte.", payer)
			}
			if oldCC[payer] == code {
				continue
			}
			if err := q.SetCostCentre(ctx, payer, code); err != nil {
				return err
			}
			changed[payer] = code
		}
		if err := q.UpdateBillingSettings(ctx, st); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "billing.settings", Entity: "billing_settings", EntityID: "1",
			Before: before, After: map[string]any{"settings": st, "costCentres": changed}})
	})
}

// BillingSIE returns a closed month's SIE 4 file: one voucher per payer that
// books its lines (SPEC §10.8). An open month can still change, so only a
// closed one is exported; the settings must name the organisation.
func (s *Service) BillingSIE(ctx context.Context, a *Actor, month string) ([]byte, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	first, err := domain.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	q := s.db.Read()
	run, err := q.FindBillingRun(ctx, month)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Faktureringen för %s är inte körd.", month)
	} else if err != nil {
		return nil, err
	}
	if run.Status != "closed" {
		return nil, domain.Errorf(domain.EConflict, "%s är inte stängd: SIE-filen tas ut för en stängd månad, som inte ändras.", month)
	}
	settings, err := q.FindBillingSettings(ctx)
	if err != nil {
		return nil, err
	}
	if len(settings.Problems()) > 0 {
		return nil, domain.Errorf(domain.EConflict, "Ange organisationsnummer och konton under Inställningar för fakturering innan SIE-filen tas ut.")
	}
	sums, err := q.FindBillingSums(ctx, month)
	if err != nil {
		return nil, err
	}
	payers, err := s.payerCostCentres(ctx, q)
	if err != nil {
		return nil, err
	}
	amounts := map[string]map[string]domain.Ore{}
	for _, sum := range sums {
		if amounts[sum.Payer] == nil {
			amounts[sum.Payer] = map[string]domain.Ore{}
		}
		amounts[sum.Payer][sum.Kind] += sum.Amount
	}
	f := domain.SIEFile{Settings: settings, Month: first, Generated: s.Today(), GeneratedBy: a.Username,
		Program: "Hjälpmedel", Version: programVersion()}
	for _, p := range payers {
		if amounts[p.Payer] != nil {
			f.Payers = append(f.Payers, domain.SIEPayer{Number: p.Payer, Name: p.Name, CostCentre: p.CostCentre, Amounts: amounts[p.Payer]})
		}
	}
	return domain.WriteSIE(f), nil
}

// programVersion is the module version the binary was built as ("(devel)" in
// a working tree).
func programVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
