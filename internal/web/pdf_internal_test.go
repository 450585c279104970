package web

import (
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/service"
)

// A delivery note for a patient named with Sami letters, in Norrbotten, prints
// every letter and the common punctuation as written (the hand-written
// WinAnsi writer printed "?" for them).
func TestDeliveryNotePDFPrintsSamiLettersAndPunctuation(t *testing.T) {
	name := "Máhtte Áŋŋá Čđŧ-Šárá"
	instructions := "Ring först • nyckel hos granne — “Ŋ” kostar 12 € – tack…"
	note := deliveryNotePDF(&deliveryNoteData{
		Order: &domain.Order{Number: "26000042", Warehouse: "2000", CustomerNumber: "2990", CustomerName: "Gällivare Ŧeaŋŋa",
			Delivery: domain.OrderDelivery{Name: name, Street: "Čoarveluokta 3", PostalCode: "98231", Town: "GÁRASAVVON",
				Instructions: instructions}},
		Lines: []*service.LineView{{OrderLine: domain.OrderLine{DeliveredArticle: "11109", DeliveredName: "Rullstol Cross Ø 40",
			Quantity: 1, Units: []string{"174901"}}}},
		Today: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC),
	})
	text := pdftest.Text(t, note.bytes())
	for _, want := range []string{"Följesedel – Kundorder 26000042", name, "Čoarveluokta 3", "GÁRASAVVON", instructions,
		"Gällivare Ŧeaŋŋa", "Rullstol Cross Ø 40", "174901"} {
		if !strings.Contains(text, want) {
			t.Errorf("the delivery note's text lacks %q:\n%s", want, text)
		}
	}
}

// Amounts stand right-aligned in their column: the right edges of short and long
// amounts line up.
func TestInvoicePDFRightAlignsAmounts(t *testing.T) {
	doc := &textPDF{pages: [][]pdfText{{
		{X: 560, Y: 700, Size: 8, Text: "9,50", Right: true},
		{X: 560, Y: 688, Size: 8, Text: "12 471,60", Right: true},
	}}}
	lines := strings.Split(pdftest.Text(t, doc.bytes()), "\n")
	var ends []int
	for _, l := range lines {
		if l = strings.TrimRight(l, " \f"); l != "" {
			ends = append(ends, len([]rune(l)))
		}
	}
	if len(ends) != 2 || ends[0] != ends[1] {
		t.Errorf("right edges %v, want two equal ones:\n%s", ends, strings.Join(lines, "\n"))
	}
}
