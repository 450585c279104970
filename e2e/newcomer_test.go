package e2e

// Browser tests of what a newcomer meets on the manual's screens (issue 11.6),
// where a little script of our own is involved: the Hjälpmedel hint follows
// Mottagare, and choosing Mottagare on Leveransuppgifter takes its phone at once.

import (
	"testing"

	"hjalpmedel/internal/testserver"
)

// fieldValue reads what the field with the label holds now.
func fieldValue(b *Browser, label string) string {
	b.st.t.Helper()
	f := b.findField(label)
	var got string
	if err := b.call(&got, "valueOf", f.Sel); err != nil {
		b.fatalf("read the field %q: %v", label, err)
	}
	return got
}

func TestNewcomerHintsPhoneAndArticleInformation(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(demoDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	// Hjälpmedel: choosing Kund changes the hint under the number at once.
	b.In("nav.menu").ClickLink("Hjälpmedel")
	b.In("#f-nummer-hint").MustSee("Skriv personnummer med samtliga 12 siffror")
	b.FillByLabel("Mottagare", "Kund")
	b.In("#f-nummer-hint").MustSee("Skriv kundnumret, till exempel 1464")
	b.In("#f-nummer-hint").MustNotSee("personnummer")
	b.FillByLabel("Personnummer eller kundnummer", "1464")
	b.ClickButton("Sök")
	b.MustSee("Arvidsjaur Kommun Närförråd", "179711", "Vårdenheten", "Skriv kundnumret, till exempel 1464")

	// Artikelinformation of the test patient's aid: the picture and the user manual.
	b.Open("/hjalpmedel?personnummer=191212121212")
	b.In("table.aids").ClickLink("23993")
	b.MustSee("Artikelinformation", "Öppna bruksanvisningen")
	b.MustNotSee("Bild saknas", "Bruksanvisning saknas")

	// Kundorder from the patient: the customer is the one the patient's aids are under.
	b.Open("/kundorder?personnummer=191212121212")
	if got := fieldValue(b, "Kund/leveransadress"); got != "2990" {
		t.Fatalf("Kund/leveransadress preselected %q, want 2990", got)
	}
	b.ClickButton("Fortsätt")
	b.FillByLabel("Artikel", "11109")
	b.ClickButton("Spara ändringarna")
	b.MustSee("11109")
	b.ClickButton("Fortsätt")

	// Leveransuppgifter: the customer's phone first; Mottagare takes the patient's, Kund gives it back.
	b.MustSee("Leveransuppgifter")
	if got := fieldValue(b, "Telefon"); got != "0921-660 00" {
		t.Fatalf("phone at first %q, want the customer's", got)
	}
	b.Check("Mottagare")
	if got := fieldValue(b, "Telefon"); got != "Här sätter vi telefonnumret" {
		t.Errorf("phone after choosing Mottagare %q, want the patient's", got)
	}
	b.Check("Kund/leveransadress")
	if got := fieldValue(b, "Telefon"); got != "0921-660 00" {
		t.Errorf("phone after choosing Kund/leveransadress again %q, want the customer's", got)
	}
}
