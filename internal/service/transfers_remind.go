package service

import (
	"context"
	"fmt"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// The BMB countdown (SPEC §10.11): the addressee of an unanswered transfer is
// reminded on day 5 and day 6 after it was sent, and when it locks both the
// sender and the addressee are told. A job does it (serve runs it every few
// minutes, `hjalpmedel remind` once); each message is sent once, however often
// and on however many servers the job runs (transfer_reminders).

// TransferReminderInterval is how often serve runs the job.
const TransferReminderInterval = 10 * time.Minute

// lockMessageWindow: transfers that locked longer ago than this get no lock
// message (they locked before the job ran, e.g. before an upgrade).
const lockMessageWindow = 7 * 24 * time.Hour

// SendTransferReminders sends the reminders and lock messages due now and
// returns how many transfers got one.
func (s *Service) SendTransferReminders(ctx context.Context) (int, error) {
	now := s.Now()
	ts, err := s.db.Read().FindTransfers(ctx, domain.TransferFilter{Status: string(domain.TransferSent),
		SentAfter: now.Add(-domain.TransferAnswerPeriod - lockMessageWindow)})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, t := range ts {
		if domain.TransferReminderDue(t.SentAt, now) == "" {
			continue
		}
		var ok bool
		err := s.db.Transact(ctx, func(q repo.Queries) error {
			ok, err = s.remindTransfer(ctx, q, t.ID, now)
			return err
		})
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// remindTransfer sends the message due for one transfer, unless it was sent
// already or the transfer was answered meanwhile.
func (s *Service) remindTransfer(ctx context.Context, q repo.Queries, id int64, now time.Time) (bool, error) {
	t, err := q.FindTransfer(ctx, id)
	if err != nil {
		return false, err
	}
	kind := domain.TransferReminderDue(t.SentAt, now)
	if t.Status != string(domain.TransferSent) || kind == "" {
		return false, nil
	}
	if ok, err := q.RecordTransferReminder(ctx, t.ID, kind, now); err != nil || !ok {
		return false, err
	}
	link := fmt.Sprintf("/bmb/%d", t.ID)
	lastDay := domain.TransferLastDay(t.SentAt).Format(time.DateOnly)
	if kind != domain.TransferReminderLocked {
		left := domain.TransferDaysLeftText(domain.TransferDaysLeft(t.SentAt, now))
		return true, s.NotifyAbout(ctx, q, t.ToUserID, t.RecipientPersonnummer,
			domain.Msgf("Påminnelse: BMB från %s att kvittera (%s)", t.FromUsername, left),
			domain.Msgf("BMB %d från %s till %s väntar på din kvittens. Kvittera under Kvittera BMB senast %s, annars blir den låst.",
				t.ID, t.FromName, t.RecipientName, lastDay), link)
	}
	subject := domain.Msgf("BMB %d är låst", t.ID)
	if err := s.NotifyAbout(ctx, q, t.ToUserID, t.RecipientPersonnummer, subject,
		domain.Msgf("BMB %d från %s till %s kvitterades inte inom 7 dagar och är nu låst. Kontakta Länsservice kundtjänst som kan låsa upp den.",
			t.ID, t.FromName, t.RecipientName), link); err != nil {
		return false, err
	}
	return true, s.NotifyAbout(ctx, q, t.FromUserID, t.RecipientPersonnummer, subject,
		domain.Msgf("BMB %d som du skickade till %s (till %s) kvitterades inte inom 7 dagar och är nu låst. Länsservice kundtjänst kan låsa upp den så att du kan skicka den på nytt.",
			t.ID, t.ToName, t.RecipientName), link)
}

// RunTransferReminders runs the job now and then every interval until ctx
// ends; onErr hears of a failed run (the next one tries again).
func (s *Service) RunTransferReminders(ctx context.Context, interval time.Duration, onErr func(error)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := s.SendTransferReminders(ctx); err != nil && ctx.Err() == nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
