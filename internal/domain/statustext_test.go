package domain

import "testing"

// One text per code, the same wherever the code is shown (page, API, PDF):
// every known code has a Swedish text of its own, an unknown one shows as itself.
func TestStatusTexts(t *testing.T) {
	for _, tc := range []struct {
		text func(string) string
		code string
		want string
	}{
		{DocumentStatusText, "draft", "Ej verkställd"},
		{DocumentStatusText, "registered", "Registrerad"},
		{DocumentStatusText, "partly_delivered", "Dellevererad"},
		{DocumentStatusText, "delivered", "Levererad"},
		{DocumentStatusText, "started", "Påbörjad"},
		{DocumentStatusText, "closed", "Stängd"},
		{DocumentStatusText, "cancelled", "Makulerad"},
		{LineStatusText, "open", "Öppen"},
		{LineStatusText, "delivered", "Levererad"},
		{LineStatusText, "cancelled", "Makulerad"},
		{ArticleStatusText, "stocked", "Lagervara"},
		{ArticleStatusText, "order_item", "Beställningsvara"},
		{ArticleStatusText, "discontinued", "Utgått"},
		{PurposeText, "rent", "Hyra"},
		{PurposeText, "buy", "Köp"},
		{BillingRunStatusText, "open", "Öppen"},
		{BillingRunStatusText, "closed", "Stängd"},
		{BillingRunStatusText, "notRun", "Inte körd"},
		{BillingJobStatusText, "running", "Pågår"},
		{BillingJobStatusText, "done", "Klar"},
		{BillingJobStatusText, "failed", "Misslyckades"},
		{func(c string) string { return UnitStatusText(c, "") }, "delivered", "Utlämnad"},
		{func(c string) string { return UnitStatusText(c, "2011-09-28") }, "scrapped", "Skrotad 2011-09-28"},
		{MovementTypeText, "receipt", "Inleverans"},
		{MovementTypeText, "work_order", "Reservdel till arbetsorder"},
		{MovementTypeText, "count", "Inventering"},
		{UnitEventText, "lost", "Saknad vid inventering"},
		{CountStatusText, "open", "Pågår"},
		{CountStatusText, "approved", "Godkänd"},
		{CountStatusText, "cancelled", "Makulerad"},
		{DocumentStatusText, "nonsense", "nonsense"},
	} {
		if got := tc.text(tc.code); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}
}

// Every kind of stock-journal row has a text of its own.
func TestMovementTypeTexts(t *testing.T) {
	seen := map[string]string{}
	for _, code := range MovementTypes {
		text := MovementTypeText(code)
		if text == code {
			t.Errorf("%s has no text", code)
		}
		if other, ok := seen[text]; ok {
			t.Errorf("%s and %s are both %q", code, other, text)
		}
		seen[text] = code
	}
}
