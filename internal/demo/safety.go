package demo

import (
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
)

// safety is the demo's patient-safety work (SPEC §10.3–10.4, issue 15): one
// deviation in each status, and an open safety notice on the patient lift
// Molift Mover 180 whose units are at a patient and in stock (those blocked).
func (l *loader) safety() {
	if l.err != nil {
		return
	}
	lno, kbn := l.users["K082LNO"], l.users["K082KBN"]
	day := func(daysAgo int) string { return domain.FormatDate(l.now.AddDate(0, 0, -daysAgo)) }
	deviations := []struct {
		d      domain.Deviation
		steps  []domain.DeviationChange
		author string
	}{
		{d: domain.Deviation{Type: domain.DeviationNearMiss, EventDate: day(2), Unit: "178362", Article: l.find("Rullstol transport Transit 4 sittbredd 45"),
			Personnummer: l.pnr("Wikström"), Customer: "3110", ReporterID: kbn, ReporterUsername: "K082KBN",
			Description: "Tippskyddet lossnade när patienten backade upp på en trottoarkant. Ingen skada."}},
		{d: domain.Deviation{Type: domain.DeviationComplaint, EventDate: day(9), Unit: "157792", Article: "15014", Personnummer: TestPatient,
			Customer: "2990", ReporterID: lno, ReporterUsername: "K082LNO", Description: "Armstödet har spruckit efter tre veckors användning."},
			steps: []domain.DeviationChange{{From: domain.DeviationRegistered, To: domain.DeviationInvestigating}}, author: "KUNDTJANST"},
		{d: domain.Deviation{Type: domain.DeviationDelivery, EventDate: day(20), Order: "26000118", Article: "10156", Personnummer: TestPatient,
			Customer: "2990", ReporterID: lno, ReporterUsername: "K082LNO", Description: "Dynan levererades utan överdrag."},
			steps: []domain.DeviationChange{{From: domain.DeviationRegistered, To: domain.DeviationInvestigating},
				{From: domain.DeviationInvestigating, To: domain.DeviationReported, ReportedToSupplier: day(15)}}, author: "KUNDTJANST"},
		{d: domain.Deviation{Type: domain.DeviationIncident, EventDate: day(60), Unit: "123569", Article: "16952", Harm: true,
			Personnummer: l.pnr("Nilsson"), Customer: "2990", ReporterID: lno, ReporterUsername: "K082LNO",
			Description: "Rollatorn fälldes ihop när patienten lutade sig mot den; patienten föll och fick ett blåmärke på höften."},
			steps: []domain.DeviationChange{{From: domain.DeviationRegistered, To: domain.DeviationInvestigating},
				{From: domain.DeviationInvestigating, To: domain.DeviationReported, ReportedToSupplier: day(50), ReportedToAuthority: day(50)},
				{From: domain.DeviationReported, To: domain.DeviationClosed, ReportedToSupplier: day(50), ReportedToAuthority: day(50),
					Outcome: "Låsmekanismen var sliten. Leverantören har bytt låsbeslag på samma modell; rollatorn skrotades."}}, author: "KUNDTJANST"},
	}
	for i, dv := range deviations {
		dv.d.RegisteredAt = domain.ParseDate(dv.d.EventDate).Add(10 * time.Hour)
		id, err := l.q.InsertDeviation(l.ctx, dv.d)
		if err != nil {
			l.err = err
			return
		}
		for j, c := range dv.steps {
			at := dv.d.RegisteredAt.AddDate(0, 0, 1+j+i)
			if _, err := l.q.UpdateDeviationStatus(l.ctx, id, c.From, c, at); err != nil {
				l.err = err
				return
			}
			if err := l.q.AddDeviationEvent(l.ctx, id, domain.DeviationEvent{At: at, Status: c.To, Username: dv.author}); err != nil {
				l.err = err
				return
			}
		}
	}

	lift := l.find("Personlyft Molift Mover 180")
	id, _, err := l.q.InsertRecall(l.ctx, domain.RecallInput{Title: "Etac FSN 2026-11: lyftbandets fäste på Molift Mover 180 kan lossna",
		Articles: []string{lift}, Action: domain.RecallInspect, Deadline: day(-30)}, "ADMIN", l.now.AddDate(0, 0, -1))
	if err != nil {
		l.err = err
		return
	}
	inStock, err := l.q.Strings(l.ctx, `SELECT u.number FROM recall_units r JOIN units u ON u.number = r.unit_number
		WHERE r.recall_id = ? AND u.status = 'in_stock' ORDER BY u.number`, id)
	if err != nil {
		l.err = err
		return
	}
	_, l.err = l.q.BlockUnits(l.ctx, inStock, domain.UnitBlock{Source: domain.BlockRecall, SourceRef: strconv.FormatInt(id, 10),
		Reason: "Säkerhetsmeddelande " + strconv.FormatInt(id, 10) + ": kontrollera lyftbandets fäste", BlockedBy: "ADMIN"}, l.now.AddDate(0, 0, -1))
}
