package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// StartPage is what the start page shows: news from HMC and the user's messages.
type StartPage struct {
	News     []domain.News
	Messages []domain.Message
}

// StartPage loads the start page of a user.
func (s *Service) StartPage(ctx context.Context, a *Actor) (*StartPage, error) {
	q := s.db.Read()
	news, err := q.FindNews(ctx, 10)
	if err != nil {
		return nil, err
	}
	msgs, err := q.FindMessages(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	showMessagePersons(ctx, msgs...)
	return &StartPage{News: news, Messages: msgs}, nil
}

// showMessagePersons tells the request's PersonAccess whom the messages are
// about: their texts name patients without their personnummer.
func showMessagePersons(ctx context.Context, msgs ...domain.Message) {
	access := PersonAccessFrom(ctx)
	for _, m := range msgs {
		access.Show(m.Personnummer)
	}
}

// Messages lists the actor's inbox, newest first.
func (s *Service) Messages(ctx context.Context, a *Actor) ([]domain.Message, error) {
	msgs, err := s.db.Read().FindMessages(ctx, a.ID)
	showMessagePersons(ctx, msgs...)
	return msgs, err
}

// OpenMessage shows one of the actor's messages and marks it read.
func (s *Service) OpenMessage(ctx context.Context, a *Actor, id string) (domain.Message, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return domain.Message{}, domain.Errorf(domain.ENotFound, "Meddelandet finns inte.")
	}
	var m domain.Message
	a.unreadKnown = false
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		var err error
		if m, err = q.FindMessage(ctx, a.ID, n); err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				return domain.Errorf(domain.ENotFound, "Meddelandet finns inte.")
			}
			return err
		}
		if !m.Unread() {
			return nil
		}
		m.ReadAt = s.Now()
		return q.MarkMessageRead(ctx, a.ID, n, m.ReadAt)
	})
	showMessagePersons(ctx, m)
	return m, err
}

// DeleteAllMessages empties the actor's inbox (Ta bort samtliga meddelanden).
func (s *Service) DeleteAllMessages(ctx context.Context, a *Actor) (int64, error) {
	var n int64
	a.unreadKnown = false
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		var err error
		if n, err = q.DeleteMessages(ctx, a.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "message.delete_all", Entity: "user", EntityID: a.Username, After: map[string]int64{"deleted": n}})
	})
	return n, err
}

// UnreadCount is the number of the actor's unread messages, shown in the page header.
func (s *Service) UnreadCount(ctx context.Context, a *Actor) (int, error) {
	if err := a.Require(); err != nil {
		return 0, err
	}
	if a.unreadKnown {
		return a.unread, nil // read with the session, one round trip less per page
	}
	return s.db.Read().CountUnread(ctx, a.ID)
}

// Notify puts a message in a user's inbox inside the caller's transaction; the
// flows (closed work order, BMB sent or answered, cancellations) use it. Subject
// and body are kept as formats and arguments, so the reader sees them in their
// own language.
func (s *Service) Notify(ctx context.Context, q repo.Queries, userID int64, subject, body domain.Formatted, link string) error {
	return s.NotifyAbout(ctx, q, userID, "", subject, body, link)
}

// NotifyAbout is Notify for a message about a person (personnummer), whose
// reading is then logged as a view of that person.
func (s *Service) NotifyAbout(ctx context.Context, q repo.Queries, userID int64, personnummer string, subject, body domain.Formatted, link string) error {
	_, err := q.SendMessage(ctx, domain.Message{UserID: userID, Subject: subject.String(), Body: body.String(), Link: link,
		SubjectFormat: subject, BodyFormat: body, Personnummer: personnummer, CreatedAt: s.Now()})
	return err
}

// NewsInput is a news item to publish.
type NewsInput struct {
	Title, Body, LinkText, LinkURL string
}

// PublishNews publishes news from HMC to every user (customer service, admin).
func (s *Service) PublishNews(ctx context.Context, a *Actor, in NewsInput) (int64, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return 0, err
	}
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	in.LinkText, in.LinkURL = strings.TrimSpace(in.LinkText), strings.TrimSpace(in.LinkURL)
	if in.Title == "" {
		return 0, domain.Invalid("title", "Ange en rubrik.")
	}
	if in.LinkURL != "" && !strings.HasPrefix(in.LinkURL, "https://") && !strings.HasPrefix(in.LinkURL, "http://") && !strings.HasPrefix(in.LinkURL, "/") {
		return 0, domain.Invalid("linkUrl", "Länken måste börja med https:// eller /.")
	}
	var id int64
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		var err error
		id, err = q.PublishNews(ctx, domain.News{Title: in.Title, Body: in.Body, LinkText: in.LinkText, LinkURL: in.LinkURL, PublishedAt: s.Now(), PublishedBy: a.Username})
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "news.publish", Entity: "news", EntityID: strconv.FormatInt(id, 10), After: in})
	})
	return id, err
}

// SearchAudit lists audit entries (admin).
func (s *Service) SearchAudit(ctx context.Context, a *Actor, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindAudit(ctx, f)
}
