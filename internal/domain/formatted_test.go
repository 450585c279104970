package domain

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"
)

// The stored form as encoding/json writes it from the format's types:
// AppendJSON must write the same bytes.
type refFormatted struct {
	Format string   `json:"f"`
	Args   []refArg `json:"a,omitempty"`
}

type refArg struct {
	S *string       `json:"s,omitempty"`
	T *string       `json:"t,omitempty"`
	N *int64        `json:"n,omitempty"`
	F *refFormatted `json:"f,omitempty"`
	X *float64      `json:"x,omitempty"`
}

func refOf(f Formatted) *refFormatted {
	r := &refFormatted{Format: f.Format}
	for _, a := range f.Args {
		var j refArg
		switch a := a.(type) {
		case Term:
			s := string(a)
			j.T = &s
		case Formatted:
			j.F = refOf(a)
		case int:
			n := int64(a)
			j.N = &n
		case int64:
			j.N = &a
		case float64:
			j.X = &a
		default:
			s := fmt.Sprint(a)
			j.S = &s
		}
		r.Args = append(r.Args, j)
	}
	return r
}

func TestFormattedJSONBytes(t *testing.T) {
	for _, f := range []Formatted{
		Msgf(""),
		Msgf("Lagervara som finns i lager (%s): leveransdatum är nästa arbetsdag, %s.", "Centrallagret", "2026-12-04"),
		Msgf("%s och %s: %d, %d, %v", Term("tisdagar"), Msgf("%s", Term("torsdagar")), 3, int64(-7), 2.5e-9),
		Msgf("<b>\"citat\"</b> & \\ \t\n\x01 \u2028\u2029 ogiltig \xff", "a<b>&c", Term("\"x\""), nil, true, 1e21, math.Copysign(0, -1)),
		Msgf("%s", Msgf("%s", Msgf("djup %s", Term("")))),
	} {
		got, err := f.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(refOf(f))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("AppendJSON wrote\n%s\nencoding/json writes\n%s", got, want)
		}
		if viaMarshal, err := json.Marshal(f); err != nil || string(viaMarshal) != string(want) {
			t.Errorf("json.Marshal wrote %s, %v", viaMarshal, err)
		}
	}
}

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
