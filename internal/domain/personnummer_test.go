package domain

import (
	"testing"
	"time"
)

// withCheck completes eleven digits YYYYMMDDNNN with their Luhn check digit,
// so date tests are not accidentally testing the check digit instead.
func withCheck(eleven string) string {
	return eleven + string(LuhnCheckDigit(eleven[2:]))
}

func TestParsePersonnummer(t *testing.T) {
	tests := []struct {
		in      string
		want    Personnummer
		wantMsg string // "" means accepted
	}{
		{in: "191212121212", want: "191212121212"},
		{in: "19121212-1212", want: "191212121212"},
		{in: "19121212+1212", want: "191212121212"},
		{in: " 1912 1212 - 1212 ", want: "191212121212"},
		{in: "19121212\u00a01212", want: "191212121212"},
		{in: "198112189876", want: "198112189876"},
		{in: "19701063-2391", want: "197010632391"}, // samordningsnummer, Skatteverket's example
		{in: withCheck("20000229123"), want: Personnummer(withCheck("20000229123"))},
		{in: withCheck("20240229123"), want: Personnummer(withCheck("20240229123"))},
		{in: "", wantMsg: MsgPersonnummerEmpty},
		{in: "   ", wantMsg: MsgPersonnummerEmpty},
		{in: "121212-1212", wantMsg: MsgPersonnummerLength},
		{in: "1212121212", wantMsg: MsgPersonnummerLength},
		{in: "1912121212123", wantMsg: MsgPersonnummerLength},
		{in: "19121212-121", wantMsg: MsgPersonnummerLength},
		{in: "19121212/1212", wantMsg: MsgPersonnummerCharacters},
		{in: "19121212-12a2", wantMsg: MsgPersonnummerCharacters},
		{in: "١٩١٢١٢١٢١٢١٢", wantMsg: MsgPersonnummerCharacters}, // non-ASCII digits
		{in: "191212-121212", wantMsg: MsgPersonnummerFormat},
		{in: "19121212--1212", wantMsg: MsgPersonnummerFormat},
		{in: "19121212-1213", wantMsg: MsgPersonnummerCheckDigit},
		{in: "191212121211", wantMsg: MsgPersonnummerCheckDigit},
		{in: withCheck("19000229123"), wantMsg: MsgPersonnummerDate}, // 1900 is not a leap year
		{in: withCheck("20230229123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20230230123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20231301123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20230001123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20230100123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20230431123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20230132123"), wantMsg: MsgPersonnummerDate},
		{in: withCheck("20230160123"), wantMsg: MsgPersonnummerDate}, // day 0 + 60
		{in: withCheck("20230192123"), wantMsg: MsgPersonnummerDate}, // day 32 + 60
		{in: withCheck("20230289123"), wantMsg: MsgPersonnummerDate}, // 29 Feb + 60 in 2023
		{in: withCheck("00010101123"), wantMsg: MsgPersonnummerDate},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePersonnummer(tt.in)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("ParsePersonnummer(%q) error %v", tt.in, err)
				}
				if got != tt.want {
					t.Fatalf("ParsePersonnummer(%q) = %q, want %q", tt.in, got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParsePersonnummer(%q) = %q, want error %q", tt.in, got, tt.wantMsg)
			}
			if ErrorCode(err) != EInvalid || ErrorMessage(err) != tt.wantMsg {
				t.Fatalf("ParsePersonnummer(%q) error %v (%s), want %q", tt.in, err, ErrorCode(err), tt.wantMsg)
			}
			if err.(*Error).Fields["personnummer"] != tt.wantMsg {
				t.Fatalf("field message missing: %+v", err)
			}
		})
	}
}

func TestPersonnummerMethods(t *testing.T) {
	tests := []struct {
		p            Personnummer
		birth        time.Time
		sex          string
		coordination bool
		formatted    string
	}{
		{"191212121212", time.Date(1912, 12, 12, 0, 0, 0, 0, time.UTC), "M", false, "19121212-1212"},
		{"198112189876", time.Date(1981, 12, 18, 0, 0, 0, 0, time.UTC), "M", false, "19811218-9876"},
		{Personnummer(withCheck("19800101124")), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "K", false, withCheck("19800101124")[:8] + "-" + withCheck("19800101124")[8:]},
		{"197010632391", time.Date(1970, 10, 3, 0, 0, 0, 0, time.UTC), "M", true, "19701063-2391"},
	}
	for _, tt := range tests {
		t.Run(string(tt.p), func(t *testing.T) {
			if _, err := ParsePersonnummer(string(tt.p)); err != nil {
				t.Fatalf("test value invalid: %v", err)
			}
			if got := tt.p.BirthDate(); !got.Equal(tt.birth) {
				t.Errorf("BirthDate = %v, want %v", got, tt.birth)
			}
			if got := tt.p.Sex(); got != tt.sex {
				t.Errorf("Sex = %q, want %q", got, tt.sex)
			}
			if got := tt.p.IsCoordinationNumber(); got != tt.coordination {
				t.Errorf("IsCoordinationNumber = %v, want %v", got, tt.coordination)
			}
			if got := tt.p.Formatted(); got != tt.formatted {
				t.Errorf("Formatted = %q, want %q", got, tt.formatted)
			}
		})
	}
}

func TestLuhnCheckDigit(t *testing.T) {
	tests := map[string]byte{
		"121212121": '2',
		"811218987": '6',
		"701063239": '1',
		"000000000": '0',
	}
	for nine, want := range tests {
		if got := LuhnCheckDigit(nine); got != want {
			t.Errorf("LuhnCheckDigit(%q) = %q, want %q", nine, got, want)
		}
	}
}

func FuzzParsePersonnummer(f *testing.F) {
	for _, s := range []string{
		"191212121212", "19121212-1212", "19121212+1212", "1912 1212 1212",
		"121212-1212", "19701063-2391", "20000229", "", "-", "19121212-121x", "é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePersonnummer(s)
		if err != nil {
			if ErrorCode(err) != EInvalid {
				t.Fatalf("error code %s for %q", ErrorCode(err), s)
			}
			return
		}
		if len(p) != 12 {
			t.Fatalf("%q accepted as %q, not 12 digits", s, p)
		}
		for i := 0; i < 12; i++ {
			if p[i] < '0' || p[i] > '9' {
				t.Fatalf("%q accepted as %q, not all digits", s, p)
			}
		}
		if LuhnCheckDigit(string(p[2:11])) != p[11] {
			t.Fatalf("%q accepted as %q with a wrong check digit", s, p)
		}
		for _, again := range []string{string(p), p.Formatted()} {
			q, err := ParsePersonnummer(again)
			if err != nil || q != p {
				t.Fatalf("%q re-parses to %q, %v; want %q", again, q, err, p)
			}
		}
		if p.BirthDate().IsZero() {
			t.Fatalf("%q has no birth date", p)
		}
	})
}
