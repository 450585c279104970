package domain

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A stored message comes back as it was: its format, and each argument of the
// same kind (a term stays a term to translate, a nested message a message).
func TestFormattedRoundTrip(t *testing.T) {
	f := Msgf("%s Meddelande: %s (%d st, %s)", Msgf("BMB till %s är godkänd", "K082KBN"), "Tack!", 3, Term("Hyra"))
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var back Formatted
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := Msgf("%s Meddelande: %s (%d st, %s)", Msgf("BMB till %s är godkänd", "K082KBN"), "Tack!", int64(3), Term("Hyra"))
	if !reflect.DeepEqual(back, want) || back.String() != f.String() {
		t.Errorf("%s came back as %#v (%s)", b, back, back.String())
	}
}
