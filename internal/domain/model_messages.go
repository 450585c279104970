package domain

import "time"

// Message is a personal message in a user's inbox.
type Message struct {
	ID      int64
	UserID  int64
	Sender  string
	Subject string // in Swedish
	Body    string
	Link    string
	// SubjectFormat and BodyFormat are the same as format and arguments, for
	// showing the message in the reader's language (empty for older messages).
	SubjectFormat, BodyFormat Formatted
	// Personnummer is the person the message is about ("" for none): reading
	// the message is a view of that person's data.
	Personnummer string
	CreatedAt    time.Time
	ReadAt       time.Time
}

// Unread reports whether the message has not been opened.
func (m Message) Unread() bool { return m.ReadAt.IsZero() }

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
