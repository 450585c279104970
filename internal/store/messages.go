package store

import (
	"context"
	"encoding/json"
	"fmt"
	"hjalpmedel/internal/domain"
	"time"
)

// SendMessage puts a message in a user's inbox.
func (q *Q) SendMessage(ctx context.Context, m domain.Message) (int64, error) {
	if m.Sender == "" {
		m.Sender = "Sesam2"
	}
	subject, body := formatJSON(m.SubjectFormat), formatJSON(m.BodyFormat)
	if subject == nil || body == nil {
		return 0, fmt.Errorf("store: a message's format cannot be stored")
	}
	return q.Insert(ctx, `INSERT INTO messages (user_id, sender, subject, body, link, personnummer, created_at, subject_format, body_format)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.UserID, m.Sender, m.Subject, m.Body, m.Link, m.Personnummer, domain.FormatTimestamp(m.CreatedAt),
		string(subject), string(body))
}

// formatJSON is a message's format as stored: "" for none, nil when it cannot be.
func formatJSON(f domain.Formatted) []byte {
	if f.Format == "" {
		return []byte{}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil
	}
	return b
}

const messageColumns = "id, user_id, sender, subject, body, link, personnummer, created_at, COALESCE(read_at, ''), subject_format, body_format"

func scanMessage(sc rowScanner) (domain.Message, error) {
	var m domain.Message
	var created, read, subject, body string
	err := sc.Scan(&m.ID, &m.UserID, &m.Sender, &m.Subject, &m.Body, &m.Link, &m.Personnummer, &created, &read, &subject, &body)
	m.CreatedAt, m.ReadAt = domain.ParseTimestamp(created), domain.ParseTimestamp(read)
	// A format that does not read leaves the Swedish text, which is always there.
	if subject != "" {
		json.Unmarshal([]byte(subject), &m.SubjectFormat)
	}
	if body != "" {
		json.Unmarshal([]byte(body), &m.BodyFormat)
	}
	return m, err
}

// FindMessages lists a user's inbox, newest first.
func (q *Q) FindMessages(ctx context.Context, userID int64) ([]domain.Message, error) {
	return queryAll(ctx, q, scanMessage, "SELECT "+messageColumns+" FROM messages WHERE user_id = ? ORDER BY created_at DESC, id DESC", userID)
}

// FindMessage finds one of a user's messages.
func (q *Q) FindMessage(ctx context.Context, userID, id int64) (domain.Message, error) {
	m, err := scanMessage(q.QueryRow(ctx, "SELECT "+messageColumns+" FROM messages WHERE user_id = ? AND id = ?", userID, id))
	return m, mapError(err)
}

// MarkMessageRead stamps the first opening of a message.
func (q *Q) MarkMessageRead(ctx context.Context, userID, id int64, now time.Time) error {
	_, err := q.Exec(ctx, "UPDATE messages SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL", domain.FormatTimestamp(now), userID, id)
	return err
}

// DeleteMessages empties a user's inbox and returns how many were removed.
func (q *Q) DeleteMessages(ctx context.Context, userID int64) (int64, error) {
	return q.ExecAffected(ctx, "DELETE FROM messages WHERE user_id = ?", userID)
}

// CountUnread counts a user's unopened messages.
func (q *Q) CountUnread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := q.Get(ctx, "SELECT COUNT(*) FROM messages WHERE user_id = ? AND read_at IS NULL", []any{userID}, &n)
	return n, err
}

// PublishNews adds a news item.
func (q *Q) PublishNews(ctx context.Context, n domain.News) (int64, error) {
	return q.Insert(ctx, `INSERT INTO news (title, body, link_text, link_url, published_at, published_by)
		VALUES (?, ?, ?, ?, ?, ?)`, n.Title, n.Body, n.LinkText, n.LinkURL, domain.FormatTimestamp(n.PublishedAt), n.PublishedBy)
}

// FindNews lists the latest news, newest first.
func (q *Q) FindNews(ctx context.Context, limit int) ([]domain.News, error) {
	rows, err := q.Query(ctx, `SELECT id, title, body, link_text, link_url, published_at, published_by
		FROM news ORDER BY published_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.News
	for rows.Next() {
		var n domain.News
		var at string
		if err := rows.Scan(&n.ID, &n.Title, &n.Body, &n.LinkText, &n.LinkURL, &at, &n.PublishedBy); err != nil {
			return nil, err
		}
		n.PublishedAt = domain.ParseTimestamp(at)
		out = append(out, n)
	}
	return out, rows.Err()
}
