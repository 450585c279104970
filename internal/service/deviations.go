package service

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Deviations and complaints (avvikelse och reklamation, SPEC §10.3): anyone
// logged in reports one from a holding row, an Individkort, an order or a work
// order; customer service and the admin handle it through its status flow
// (domain.CheckDeviationChange), may block its unit while it is investigated,
// and the reporter gets a message at each change.

// DeviationInput is a report as the form or the API gives it.
type DeviationInput struct {
	Type, EventDate, Description string
	Harm                         bool
	Unit, Article, Order         string
	WorkOrder, Personnummer      string
	File                         *FileInput // a photo or document sent with the report
}

// FileInput is an uploaded file.
type FileInput struct {
	Name string
	Data []byte
}

// DeviationView is a deviation with its history, files and the blocks it holds.
type DeviationView struct {
	*domain.Deviation
	Events      []domain.DeviationEvent
	Attachments []domain.Attachment
	UnitBlocked bool // the unit has an open block of this deviation
	CanHandle   bool // the user may change the status
}

func deviationScope(d *domain.Deviation) Scope {
	return Scope{Customers: []string{d.Customer}, Users: []int64{d.ReporterID}}
}

// ReportDeviation registers a deviation (with its file, when one is sent).
func (s *Service) ReportDeviation(ctx context.Context, a *Actor, in DeviationInput) (*domain.Deviation, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	d, err := s.checkDeviation(a, in)
	if err != nil {
		return nil, err
	}
	var file *domain.Attachment
	if in.File != nil && len(in.File.Data) > 0 {
		if file, err = s.newAttachment(a, domain.AttachmentOfDeviation, *in.File); err != nil {
			return nil, err
		}
	}
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		if err := s.linkDeviation(ctx, q, a, d); err != nil {
			return err
		}
		id, err := q.InsertDeviation(ctx, *d)
		if err != nil {
			return err
		}
		d.ID = id
		if file != nil {
			file.DocumentRef = deviationRef(id)
			if _, err := q.AddAttachment(ctx, *file); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, a, Audit{Action: "deviation.report", Entity: "deviation", EntityID: deviationRef(id),
			Personnummer: d.Personnummer, Screen: "Avvikelse",
			After: map[string]any{"type": d.Type, "unit": d.Unit, "article": d.Article, "order": d.Order,
				"workOrder": d.WorkOrder, "harm": d.Harm, "files": file != nil}})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// checkDeviation checks a report's own fields, naming each wrong one.
func (s *Service) checkDeviation(a *Actor, in DeviationInput) (*domain.Deviation, error) {
	fe := fieldErrors{}
	d := &domain.Deviation{Type: in.Type, EventDate: strings.TrimSpace(in.EventDate), Description: strings.TrimSpace(in.Description),
		Harm: in.Harm, Unit: strings.TrimSpace(in.Unit), Article: strings.TrimSpace(in.Article), Order: strings.TrimSpace(in.Order),
		WorkOrder: strings.TrimSpace(in.WorkOrder), ReporterID: a.ID, ReporterUsername: a.Username, RegisteredAt: s.Now()}
	if !slices.Contains(domain.DeviationTypes, d.Type) {
		fe.add("type", "Välj typ av avvikelse.")
	}
	switch date := domain.ParseDate(d.EventDate); {
	case d.EventDate == "":
		fe.add("eventDate", "Ange datum för händelsen.")
	case date.IsZero():
		fe.add("eventDate", "Ange datum som ÅÅÅÅ-MM-DD.")
	case date.After(s.Today()):
		fe.add("eventDate", "Händelsedatum kan inte vara senare än i dag.")
	}
	if d.Description == "" {
		fe.add("description", "Beskriv vad som hände.")
	} else if err := domain.CheckMaxLength("description", "Vad hände", d.Description, domain.MaxDeviationDescription); err != nil {
		fe["description"] = err.(*domain.Error)
	}
	if d.Unit == "" && d.Article == "" && d.Order == "" && d.WorkOrder == "" {
		fe.add("unit", "Ange individ, artikel, kundorder eller arbetsorder som avvikelsen gäller.")
	}
	if pnr := strings.TrimSpace(in.Personnummer); pnr != "" {
		p, err := domain.ParsePersonnummer(pnr)
		if err != nil {
			fe.add("personnummer", domain.ErrorMessage(err))
		}
		d.Personnummer = string(p)
	}
	return d, fe.errFirst("type", "eventDate", "description", "unit", "personnummer")
}

// linkDeviation checks what the report links to and fills in what follows
// from it: a work order's or order's customer, patient, unit and article; a
// unit's article, and its holder when the reporter sees the holding.
func (s *Service) linkDeviation(ctx context.Context, q repo.Queries, a *Actor, d *domain.Deviation) error {
	if d.WorkOrder != "" {
		w, err := q.FindWorkOrderByNumber(ctx, d.WorkOrder)
		if domain.ErrorCode(err) == domain.ENotFound || !domain.ValidDocNumber(d.WorkOrder) {
			return domain.Invalidf("workOrder", "Arbetsorder %s finns inte.", d.WorkOrder)
		} else if err != nil {
			return err
		}
		if err := a.MaySee(workOrderScope(w)); err != nil {
			return err
		}
		d.Customer = w.Customer
		d.Personnummer, d.Unit, d.Article = cmp.Or(d.Personnummer, w.Personnummer), cmp.Or(d.Unit, w.Unit), cmp.Or(d.Article, w.Article)
	}
	if d.Order != "" {
		o, err := q.FindOrderByNumber(ctx, d.Order)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Invalidf("order", "Kundorder %s finns inte.", d.Order)
		} else if err != nil {
			return err
		}
		if err := a.MaySee(orderScope(o)); err != nil {
			return err
		}
		d.Customer = cmp.Or(d.Customer, o.CustomerNumber)
		d.Personnummer = cmp.Or(d.Personnummer, o.RecipientPersonnummer)
	}
	if d.Unit != "" {
		u, err := q.FindUnitByNumber(ctx, d.Unit)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Invalidf("unit", "Individ %s finns inte.", d.Unit)
		} else if err != nil {
			return err
		}
		if d.Article != "" && d.Article != u.ArticleNumber {
			return domain.Invalidf("article", "Individ %s är av artikel %s, inte %s.", d.Unit, u.ArticleNumber, d.Article)
		}
		d.Article = u.ArticleNumber
		if h, err := q.FindUnitHolding(ctx, d.Unit); err == nil && a.Sees(holdingScope(*h)) {
			d.Customer = cmp.Or(d.Customer, h.CustomerNumber)
			d.Personnummer = cmp.Or(d.Personnummer, h.RecipientPersonnummer)
		} else if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
	}
	if d.Article != "" {
		if ok, err := q.ArticleExists(ctx, d.Article); err != nil {
			return err
		} else if !ok {
			return domain.Invalidf("article", "Artikel %s finns inte.", d.Article)
		}
	}
	if d.Personnummer != "" {
		if _, err := q.FindPersonByNumber(ctx, d.Personnummer); domain.ErrorCode(err) == domain.ENotFound {
			return domain.Invalid("personnummer", "Personnumret finns inte i folkbokföringsregistret.")
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Deviation shows a deviation to its reporter, its customer's prescribers and
// the back office; reading its patient is logged.
func (s *Service) Deviation(ctx context.Context, a *Actor, id int64) (*DeviationView, error) {
	q := s.db.Read()
	d, err := q.FindDeviation(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.MaySee(deviationScope(d)); err != nil {
		return nil, err
	}
	v := &DeviationView{Deviation: d, CanHandle: a.HasRole(domain.DeviationHandlers...)}
	if v.Events, err = q.FindDeviationEvents(ctx, id); err != nil {
		return nil, err
	}
	if v.Attachments, err = q.FindAttachments(ctx, domain.AttachmentOfDeviation, deviationRef(id)); err != nil {
		return nil, err
	}
	if d.Unit != "" {
		blocks, err := q.FindUnitBlocks(ctx, d.Unit)
		if err != nil {
			return nil, err
		}
		v.UnitBlocked = slices.ContainsFunc(blocks, func(b domain.UnitBlock) bool {
			return b.Source == domain.BlockDeviation && b.SourceRef == deviationRef(id)
		})
	}
	if d.Personnummer != "" {
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "deviation", EntityID: deviationRef(id),
			Personnummer: d.Personnummer, Screen: "Avvikelse", Protected: d.PatientProtected}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// DeviationListFilter selects the deviation list.
type DeviationListFilter struct {
	Status, Type, Text string
}

// Deviations lists deviations, newest first: the back office sees all, a
// prescriber their own reports and those of their customers. The patients on
// the list are logged as shown.
func (s *Service) Deviations(ctx context.Context, a *Actor, f DeviationListFilter) ([]*domain.Deviation, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains(domain.DeviationStatuses, f.Status) {
		return nil, domain.Invalid("status", "Välj en status.")
	}
	if f.Type != "" && !slices.Contains(domain.DeviationTypes, f.Type) {
		return nil, domain.Invalid("type", "Välj typ av avvikelse.")
	}
	filter := domain.DeviationFilter{Status: f.Status, Type: f.Type, Text: f.Text, Limit: 500}
	if !a.HasRole(domain.BackOffice...) {
		filter.Scoped, filter.ReporterID, filter.Customers = true, a.ID, a.Customers
	}
	list, err := s.db.Read().FindDeviations(ctx, filter)
	if err != nil {
		return nil, err
	}
	for _, d := range list {
		PersonAccessFrom(ctx).Show(d.Personnummer)
	}
	return list, nil
}

// DeviationStatusInput is a handler's change of a deviation.
type DeviationStatusInput struct {
	Status                                  string
	ReportedToSupplier, ReportedToAuthority string
	Outcome, Comment                        string
	BlockUnit                               bool // block the unit while the deviation is open
}

// ChangeDeviationStatus moves a deviation on (customer service and admin):
// saves the dates and outcome, blocks its unit when asked, releases the
// deviation's block when it is closed, and messages the reporter when the
// status changes.
func (s *Service) ChangeDeviationStatus(ctx context.Context, a *Actor, id int64, in DeviationStatusInput) (*domain.Deviation, error) {
	if err := a.Require(domain.DeviationHandlers...); err != nil {
		return nil, err
	}
	change := domain.DeviationChange{To: in.Status, ReportedToSupplier: strings.TrimSpace(in.ReportedToSupplier),
		ReportedToAuthority: strings.TrimSpace(in.ReportedToAuthority), Outcome: strings.TrimSpace(in.Outcome)}
	in.Comment = strings.TrimSpace(in.Comment)
	if err := domain.CheckMaxLength("comment", "Kommentar", in.Comment, domain.MaxDeviationDescription); err != nil {
		return nil, err
	}
	var out *domain.Deviation
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		d, err := q.FindDeviation(ctx, id)
		if err != nil {
			return err
		}
		change.From = d.Status
		if err := domain.CheckDeviationChange(change); err != nil {
			return err
		}
		if in.BlockUnit && d.Unit == "" {
			return domain.Invalid("blockUnit", "Avvikelsen gäller ingen individ att spärra.")
		}
		if ok, err := q.UpdateDeviationStatus(ctx, id, d.Status, change, s.Now()); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.EConflict, "Avvikelsen ändrades av någon annan just nu. Ladda om sidan och försök igen.")
		}
		if err := q.AddDeviationEvent(ctx, id, domain.DeviationEvent{At: s.Now(), Status: change.To, Username: a.Username, Comment: in.Comment}); err != nil {
			return err
		}
		if err := s.deviationBlock(ctx, q, a, d, change.To, in.BlockUnit); err != nil {
			return err
		}
		if change.To != d.Status {
			status := domain.Term(domain.DeviationStatusText(change.To))
			if err := s.Notify(ctx, q, d.ReporterID, domain.Msgf("Avvikelse %d: %s", id, status),
				domain.Msgf("Avvikelsen du rapporterade (%s) har nu status %s.", domain.Term(domain.DeviationTypeText(d.Type)), status),
				"/avvikelser/"+deviationRef(id)); err != nil {
				return err
			}
		}
		if out, err = q.FindDeviation(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "deviation.status", Entity: "deviation", EntityID: deviationRef(id), Screen: "Avvikelse",
			Before: map[string]string{"status": d.Status},
			After: map[string]any{"status": change.To, "reportedToSupplier": change.ReportedToSupplier,
				"reportedToAuthority": change.ReportedToAuthority, "outcome": change.Outcome, "blockUnit": in.BlockUnit}})
	})
	return out, err
}

// deviationBlock blocks the deviation's unit when asked (once) and releases
// the deviation's block when it is closed.
func (s *Service) deviationBlock(ctx context.Context, q repo.Queries, a *Actor, d *domain.Deviation, to string, block bool) error {
	ref := deviationRef(d.ID)
	if to == domain.DeviationClosed {
		_, err := q.ReleaseUnitBlocks(ctx, domain.UnitBlock{Source: domain.BlockDeviation, SourceRef: ref}, a.Username, s.Now())
		return err
	}
	if !block {
		return nil
	}
	blocks, err := q.FindUnitBlocks(ctx, d.Unit)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(blocks, func(b domain.UnitBlock) bool { return b.Source == domain.BlockDeviation && b.SourceRef == ref }) {
		return nil
	}
	return s.blockUnits(ctx, q, a, []string{d.Unit}, domain.BlockDeviation, ref,
		domain.Msgf("Avvikelse %d under utredning", d.ID).String())
}

// deviationRef is a deviation's id as documents and blocks name it.
func deviationRef(id int64) string { return strconv.FormatInt(id, 10) }
