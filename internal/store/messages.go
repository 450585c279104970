package store

import (
	"context"
	"time"
)

// Message is a personal message in a user's inbox.
type Message struct {
	ID      int64
	UserID  int64
	Sender  string
	Subject string
	Body    string
	Link    string
	// Personnummer is the person the message is about ("" for none): reading
	// the message is a view of that person's data.
	Personnummer string
	CreatedAt    time.Time
	ReadAt       time.Time
}

// Unread reports whether the message has not been opened.
func (m Message) Unread() bool { return m.ReadAt.IsZero() }

// SendMessage puts a message in a user's inbox.
func (q *Q) SendMessage(ctx context.Context, m Message) (int64, error) {
	if m.Sender == "" {
		m.Sender = "Sesam2"
	}
	return q.Insert(ctx, `INSERT INTO messages (user_id, sender, subject, body, link, personnummer, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, m.UserID, m.Sender, m.Subject, m.Body, m.Link, m.Personnummer, Timestamp(m.CreatedAt))
}

const messageColumns = "id, user_id, sender, subject, body, link, personnummer, created_at, COALESCE(read_at, '')"

func scanMessage(sc rowScanner) (Message, error) {
	var m Message
	var created, read string
	err := sc.Scan(&m.ID, &m.UserID, &m.Sender, &m.Subject, &m.Body, &m.Link, &m.Personnummer, &created, &read)
	m.CreatedAt, m.ReadAt = ParseTimestamp(created), ParseTimestamp(read)
	return m, err
}

// FindMessages lists a user's inbox, newest first.
func (q *Q) FindMessages(ctx context.Context, userID int64) ([]Message, error) {
	return queryAll(ctx, q, scanMessage, "SELECT "+messageColumns+" FROM messages WHERE user_id = ? ORDER BY created_at DESC, id DESC", userID)
}

// FindMessage finds one of a user's messages.
func (q *Q) FindMessage(ctx context.Context, userID, id int64) (Message, error) {
	m, err := scanMessage(q.QueryRow(ctx, "SELECT "+messageColumns+" FROM messages WHERE user_id = ? AND id = ?", userID, id))
	return m, mapError(err)
}

// MarkMessageRead stamps the first opening of a message.
func (q *Q) MarkMessageRead(ctx context.Context, userID, id int64, now time.Time) error {
	_, err := q.Exec(ctx, "UPDATE messages SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL", Timestamp(now), userID, id)
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

// News is a message from HMC to every user, shown on the start page.
type News struct {
	ID          int64
	Title       string
	Body        string
	LinkText    string
	LinkURL     string
	PublishedAt time.Time
	PublishedBy string
}

// PublishNews adds a news item.
func (q *Q) PublishNews(ctx context.Context, n News) (int64, error) {
	return q.Insert(ctx, `INSERT INTO news (title, body, link_text, link_url, published_at, published_by)
		VALUES (?, ?, ?, ?, ?, ?)`, n.Title, n.Body, n.LinkText, n.LinkURL, Timestamp(n.PublishedAt), n.PublishedBy)
}

// FindNews lists the latest news, newest first.
func (q *Q) FindNews(ctx context.Context, limit int) ([]News, error) {
	rows, err := q.Query(ctx, `SELECT id, title, body, link_text, link_url, published_at, published_by
		FROM news ORDER BY published_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []News
	for rows.Next() {
		var n News
		var at string
		if err := rows.Scan(&n.ID, &n.Title, &n.Body, &n.LinkText, &n.LinkURL, &at, &n.PublishedBy); err != nil {
			return nil, err
		}
		n.PublishedAt = ParseTimestamp(at)
		out = append(out, n)
	}
	return out, rows.Err()
}
