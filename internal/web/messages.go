package web

import (
	"hjalpmedel/internal/domain"
	"net/http"
	"strconv"
	"time"
)

func (s *Server) routesMessages() {
	s.page("GET /meddelanden", s.messagesPage)
	s.page("GET /meddelanden/{id}", s.messagePage)
	s.page("POST /meddelanden/ta-bort", s.messagesDelete)
	s.apiRoute("GET /api/v1/messages", APIDoc{Summary: "Inkorgen, senaste först", Tag: "messages", Response: messagesJSON{}}, s.apiMessages)
	s.apiRoute("DELETE /api/v1/messages", APIDoc{Summary: "Ta bort samtliga meddelanden", Tag: "messages", Response: map[string]int{}}, s.apiDeleteMessages)
}

func (s *Server) messagesPage(w http.ResponseWriter, r *http.Request) error {
	msgs, err := s.svc.Messages(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "messages/list", "Meddelande", msgs)
}

func (s *Server) messagePage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.svc.OpenMessage(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, "messages/show", "Meddelande", m)
}

func (s *Server) messagesDelete(w http.ResponseWriter, r *http.Request) error {
	n, err := s.svc.DeleteAllMessages(r.Context(), actor(r))
	if err != nil {
		return err
	}
	back := r.PostFormValue("tillbaka")
	if !localPath(back) {
		back = "/meddelanden"
	}
	if n == 0 {
		return s.redirectWithFlash(w, r, back, "Det fanns inga meddelanden att ta bort.")
	}
	return s.redirectWithFlash(w, r, back, "Samtliga meddelanden är borttagna.")
}

type messageJSON struct {
	ID      string `json:"id"`
	Sender  string `json:"sender"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Link    string `json:"link,omitempty"`
	Arrived string `json:"arrived"`
	Unread  bool   `json:"unread"`
}

type messagesJSON struct {
	Messages []messageJSON `json:"messages"`
}

func messageOf(lang string, m domain.Message) messageJSON {
	return messageJSON{ID: strconv.FormatInt(m.ID, 10), Sender: m.Sender, Subject: messageText(lang, m.SubjectFormat, m.Subject),
		Body: messageText(lang, m.BodyFormat, m.Body), Link: m.Link, Arrived: m.CreatedAt.Format(time.RFC3339), Unread: m.Unread()}
}

// messageText is a stored message's subject or body in lang: from its format
// and arguments when it has them (newer messages), else its Swedish text.
func messageText(lang string, f domain.Formatted, swedish string) string {
	return translateFormatted(lang, f, f.Format != "", swedish)
}

func (s *Server) apiMessages(w http.ResponseWriter, r *http.Request) error {
	msgs, err := s.svc.Messages(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := messagesJSON{Messages: []messageJSON{}}
	for _, m := range msgs {
		out.Messages = append(out.Messages, messageOf(langOf(r), m))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeleteMessages(w http.ResponseWriter, r *http.Request) error {
	n, err := s.svc.DeleteAllMessages(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]int64{"deleted": n})
}
