package domain

import (
	"math"
	"math/big"
	"testing"
)

func TestOreStrings(t *testing.T) {
	tests := []struct {
		ore     Ore
		api     string
		display string
	}{
		{0, "0.00", "0,00"},
		{11920, "119.20", "119,20"},
		{-505, "-5.05", "-5,05"},
		{-5, "-0.05", "-0,05"},
		{247160, "2471.60", "2\u00a0471,60"},
		{100000, "1000.00", "1\u00a0000,00"},
		{99999, "999.99", "999,99"},
		{123456789, "1234567.89", "1\u00a0234\u00a0567,89"},
		{-123456789, "-1234567.89", "-1\u00a0234\u00a0567,89"},
		{math.MinInt64, "-92233720368547758.08", "-92\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,08"},
	}
	for _, tt := range tests {
		if got := tt.ore.APIString(); got != tt.api {
			t.Errorf("Ore(%d).APIString() = %q, want %q", tt.ore, got, tt.api)
		}
		if got := tt.ore.Display(); got != tt.display {
			t.Errorf("Ore(%d).Display() = %q, want %q", tt.ore, got, tt.display)
		}
		if tt.ore == math.MinInt64 {
			continue // its magnitude is one past what ParseOre accepts
		}
		for _, s := range []string{tt.api, tt.display} {
			if back, err := ParseOre(s); err != nil || back != tt.ore {
				t.Errorf("ParseOre(%q) = %d, %v; want %d", s, back, err, tt.ore)
			}
		}
	}
}

func TestParseOre(t *testing.T) {
	tests := []struct {
		in      string
		want    Ore
		wantMsg string // "" means accepted
	}{
		{in: "45.50", want: 4550},
		{in: "45,50", want: 4550},
		{in: "45", want: 4500},
		{in: "45,5", want: 4550},
		{in: "0,05", want: 5},
		{in: "2 471,60", want: 247160},
		{in: "2\u00a0471,60", want: 247160},
		{in: " 119.20 ", want: 11920},
		{in: "-5,05", want: -505},
		{in: "- 5,05", want: -505},
		{in: "", wantMsg: MsgAmountFormat},
		{in: "-", wantMsg: MsgAmountFormat},
		{in: "abc", wantMsg: MsgAmountFormat},
		{in: "45,", wantMsg: MsgAmountFormat},
		{in: ",50", wantMsg: MsgAmountFormat},
		{in: "2.471,60", wantMsg: MsgAmountFormat},
		{in: "45,50 kr", wantMsg: MsgAmountFormat},
		{in: "+45", wantMsg: MsgAmountFormat},
		{in: "45,505", wantMsg: MsgAmountDecimals},
		{in: "0.001", wantMsg: MsgAmountDecimals},
		{in: "99999999999999999999", wantMsg: MsgAmountTooLarge},
		{in: "92233720368547758,07", want: math.MaxInt64},
		{in: "92233720368547758,08", wantMsg: MsgAmountTooLarge},
		{in: "92233720368547759", wantMsg: MsgAmountTooLarge},
	}
	for _, tt := range tests {
		got, err := ParseOre(tt.in)
		if tt.wantMsg == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseOre(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		if ErrorCode(err) != EInvalid || ErrorMessage(err) != tt.wantMsg {
			t.Errorf("ParseOre(%q) = %d, %v; want error %q", tt.in, got, err, tt.wantMsg)
		}
	}
}

func TestMulDivRoundHalfUp(t *testing.T) {
	tests := []struct {
		name     string
		amount   Ore
		num, den int64
		want     Ore
	}{
		{"whole month", 30000, 30, 30, 30000},
		{"nothing held", 30000, 0, 31, 0},
		{"rent 300 kr, 10 of 31 days", 30000, 10, 31, 9677}, // 9677.42
		{"rent 100 kr, 1 of 3 days", 10000, 1, 3, 3333},     // 3333.33
		{"rent 100 kr, 2 of 3 days", 10000, 2, 3, 6667},     // 6666.67
		{"exact half rounds up", 5, 1, 2, 3},                // 2.5
		{"just below half", 49, 1, 100, 0},                  // 0.49
		{"negative half away from zero", -5, 1, 2, -3},      // -2.5
		{"negative num", 5, -1, 2, -3},                      // -2.5
		{"negative den", 5, 1, -2, -3},                      // -2.5
		{"two negatives", -5, -1, 2, 3},                     // 2.5
		{"negative below half", -49, 1, 100, 0},             // -0.49
		{"negative above half", -51, 1, 100, -1},            // -0.51
		{"rent 119,20 × 17/28", 11920, 17, 28, 7237},        // 7237.14
		{"product beyond int64", math.MaxInt64 / 2, 4, 4, math.MaxInt64 / 2},
		{"largest", math.MaxInt64, 1, 1, math.MaxInt64},
		{"smallest", math.MinInt64, 1, 1, math.MinInt64},
		{"smallest halved", math.MinInt64, 1, 2, math.MinInt64 / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MulDivRoundHalfUp(tt.amount, tt.num, tt.den); got != tt.want {
				t.Errorf("MulDivRoundHalfUp(%d, %d, %d) = %d, want %d", tt.amount, tt.num, tt.den, got, tt.want)
			}
		})
	}
}

func TestMulDivRoundHalfUpPanics(t *testing.T) {
	for _, tt := range []struct {
		amount   Ore
		num, den int64
	}{
		{1, 1, 0},
		{math.MaxInt64, 2, 1},
		{math.MinInt64, -1, 1},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("MulDivRoundHalfUp(%d, %d, %d) did not panic", tt.amount, tt.num, tt.den)
				}
			}()
			MulDivRoundHalfUp(tt.amount, tt.num, tt.den)
		}()
	}
}

// TestMulDivRoundHalfUpAgainstBig cross-checks the 128-bit arithmetic with
// math/big over a grid of small and large values of every sign.
func TestMulDivRoundHalfUpAgainstBig(t *testing.T) {
	values := []int64{0, 1, 2, 3, 5, 7, 10, 29, 30, 31, 99, 100, 101, 11920, 247160, 1 << 31, 1 << 40, math.MaxInt32}
	for _, a := range values {
		for _, n := range values {
			for _, d := range values {
				if d == 0 {
					continue
				}
				for _, signs := range [][3]int64{{1, 1, 1}, {-1, 1, 1}, {1, -1, 1}, {1, 1, -1}, {-1, -1, -1}} {
					a, n, d := a*signs[0], n*signs[1], d*signs[2]
					want := bigRoundHalfAway(a, n, d)
					if !want.IsInt64() {
						continue
					}
					if got := MulDivRoundHalfUp(Ore(a), n, d); int64(got) != want.Int64() {
						t.Fatalf("MulDivRoundHalfUp(%d, %d, %d) = %d, want %s", a, n, d, got, want)
					}
				}
			}
		}
	}
}

func bigRoundHalfAway(a, n, d int64) *big.Int {
	num := new(big.Int).Mul(big.NewInt(a), big.NewInt(n))
	den := big.NewInt(d)
	if den.Sign() < 0 {
		num.Neg(num)
		den.Neg(den)
	}
	// round(|num|/den) half up, then restore the sign.
	abs := new(big.Int).Abs(num)
	abs.Mul(abs, big.NewInt(2)).Add(abs, den)
	abs.Quo(abs, new(big.Int).Mul(den, big.NewInt(2)))
	if num.Sign() < 0 {
		abs.Neg(abs)
	}
	return abs
}

func FuzzParseOre(f *testing.F) {
	for _, s := range []string{"45.50", "45,50", "45", "2 471,60", "-5,05", "", "1,234", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOre(s)
		if err != nil {
			if ErrorCode(err) != EInvalid {
				t.Fatalf("ParseOre(%q): code %s", s, ErrorCode(err))
			}
			return
		}
		for _, again := range []string{o.APIString(), o.Display()} {
			if back, err := ParseOre(again); err != nil || back != o {
				t.Fatalf("ParseOre(%q) = %d; %q re-parses to %d, %v", s, o, again, back, err)
			}
		}
	})
}
