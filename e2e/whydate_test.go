package e2e

// Browser tests of "Beyond the peers" (SPEC §10.11) for a prescriber: why an
// order line has its dates, and the BMB countdown with its reminder.

import (
	"testing"

	"hjalpmedel/internal/testserver"
)

// An article not in stock: the line says why it leaves when it does and what
// would be faster, on the lines after Spara ändringarna and again in the
// check before Verkställ. A closed <details> works without JavaScript.
func TestWhyThisDateOnAnOrderLine(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(demoDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")
	// 16952 Rollator Dolomite Melody: none in stock, lead time 5 working days.
	startPatientOrder(b, "191212121212", "16952")
	b.MustSee("Rollator Dolomite Melody", "2026-03-17")
	b.MustNotSee("Leverantörens leveranstid är 5 arbetsdagar")
	b.ClickButton("Varför detta datum?")
	b.MustSee("Lagervara, men Länsservice Boden har inget i lager av artikeln just nu.",
		"Leverantörens leveranstid är 5 arbetsdagar: leveransdatum 2026-03-17.",
		"Lördag och söndag räknas inte som arbetsdagar.",
		"Kunden har daglig leverans: framme arbetsdagen efter leveransdatum, 2026-03-18.",
		"Snabbare alternativ",
		"Artikel 24310 Rollator Olympos M sitthöjd 60 grå i samma ISO-klass finns i lager (Länsservice Boden): leveransdatum 2026-03-11.")

	// The check before Verkställ says the same.
	b.ClickButton("Fortsätt")
	b.MustSee("Kontrollera beställningen")
	b.ClickButton("Varför detta datum?")
	b.MustSee("Leverantörens leveranstid är 5 arbetsdagar: leveransdatum 2026-03-17.", "Snabbare alternativ")
}

// The demo's BMB was sent five days ago (demo.DueTransferUnit): the job serve
// runs sends the addressee the day-5 reminder, and both sides see the days left.
func TestTransferCountdownAndReminder(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(demoDay))
	if _, err := srv.Svc.SendTransferReminders(t.Context()); err != nil {
		t.Fatal(err)
	}
	kerstin := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(kerstin, "K082KBN", "Demo1234")
	kerstin.MustSee("Påminnelse: BMB från K082LNO att kvittera (2 dagar kvar)")
	kerstin.ClickLink("Kvittera BMB")
	kerstin.In("#overta").MustSee("2026-03-05", "Karlsson, Erik Gustav", "K082LNO", "2 dagar kvar")
	kerstin.ClickLink("2026-03-05")
	kerstin.MustSee("Kvitteras senast", "(2 dagar kvar)")

	lena := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(lena, "K082LNO", "Demo1234")
	lena.ClickLink("Kvittera BMB")
	lena.In("#ej-besvarad").MustSee("Karlsson, Erik Gustav", "K082KBN", "2 dagar kvar")
	lena.MustNotSee("Påminnelse")
}
