package service

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Attachments (bilagor, SPEC §10.6): files on deviations and work orders
// (utprovningsunderlag, specialanpassning), PDF, JPEG or PNG of at most 10 MB,
// the type read from the content. They are listed and downloaded under the
// access rules of their document, and every download is audited.

// newAttachment checks an uploaded file and makes the record to store.
func (s *Service) newAttachment(a *Actor, document string, f FileInput) (*domain.Attachment, error) {
	if len(f.Data) == 0 {
		return nil, domain.Invalid("file", "Välj en fil.")
	}
	if len(f.Data) > domain.MaxAttachmentSize {
		return nil, domain.FileTooLarge("file", domain.MaxAttachmentSize)
	}
	ctype, ok := domain.AttachmentContentType(f.Data)
	if !ok {
		return nil, domain.Invalid("file", "Filen ska vara en PDF, JPEG- eller PNG-bild.")
	}
	name := strings.TrimSpace(filepath.Base(strings.ReplaceAll(f.Name, `\`, "/")))
	if name == "" || name == "." || name == "/" {
		name = "bilaga" + map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[ctype]
	}
	if err := domain.CheckMaxLength("file", "Filnamn", name, 200); err != nil {
		return nil, err
	}
	return &domain.Attachment{Document: document, Filename: name, ContentType: ctype, Size: int64(len(f.Data)),
		Data: f.Data, UploadedAt: s.Now(), UploadedBy: a.Username}, nil
}

// attachmentDocument checks that the document exists and that the actor sees
// it, and returns its patient (whose data a file may show).
func (s *Service) attachmentDocument(ctx context.Context, q repo.Queries, a *Actor, document, ref string) (personnummer string, protected bool, err error) {
	switch document {
	case domain.AttachmentOfDeviation:
		id, perr := strconv.ParseInt(ref, 10, 64)
		if perr != nil {
			return "", false, domain.Errorf(domain.ENotFound, "Avvikelsen finns inte.")
		}
		d, err := q.FindDeviation(ctx, id)
		if err != nil {
			return "", false, err
		}
		return d.Personnummer, d.PatientProtected, a.MaySee(deviationScope(d))
	case domain.AttachmentOfWorkOrder:
		if !domain.ValidDocNumber(ref) {
			return "", false, errNoWorkOrder
		}
		w, err := q.FindWorkOrderByNumber(ctx, ref)
		if domain.ErrorCode(err) == domain.ENotFound {
			return "", false, errNoWorkOrder
		} else if err != nil {
			return "", false, err
		}
		return w.Personnummer, w.PatientProtected, a.MaySee(workOrderScope(w))
	}
	return "", false, domain.Errorf(domain.ENotFound, "Sidan finns inte.")
}

// AddAttachment attaches a file to a deviation or a work order the actor sees.
func (s *Service) AddAttachment(ctx context.Context, a *Actor, document, ref string, f FileInput) (*domain.Attachment, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	if _, _, err := s.attachmentDocument(ctx, s.db.Read(), a, document, ref); err != nil {
		return nil, err
	}
	att, err := s.newAttachment(a, document, f)
	if err != nil {
		return nil, err
	}
	att.DocumentRef = ref
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		if att.ID, err = q.AddAttachment(ctx, *att); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "attachment.add", Entity: document, EntityID: ref,
			After: map[string]any{"attachment": att.ID, "filename": att.Filename, "contentType": att.ContentType, "size": att.Size}})
	})
	if err != nil {
		return nil, err
	}
	att.Data = nil
	return att, nil
}

// Attachments lists a document's files.
func (s *Service) Attachments(ctx context.Context, a *Actor, document, ref string) ([]domain.Attachment, error) {
	q := s.db.Read()
	if _, _, err := s.attachmentDocument(ctx, q, a, document, ref); err != nil {
		return nil, err
	}
	return q.FindAttachments(ctx, document, ref)
}

// Attachment returns a file to download; the download is audited, naming the
// document's patient.
func (s *Service) Attachment(ctx context.Context, a *Actor, document, ref string, id int64) (*domain.Attachment, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	q := s.db.Read()
	pnr, protected, err := s.attachmentDocument(ctx, q, a, document, ref)
	if err != nil {
		return nil, err
	}
	f, err := q.FindAttachment(ctx, document, ref, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Bilagan finns inte.")
	} else if err != nil {
		return nil, err
	}
	err = s.Audit(ctx, a, Audit{Action: "attachment.download", Entity: document, EntityID: ref, Personnummer: pnr,
		Protected: protected, Screen: "Bilaga", After: map[string]any{"attachment": id, "filename": f.Filename}})
	return f, err
}
