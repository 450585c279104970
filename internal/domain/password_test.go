package domain

import "testing"

func TestCheckPasswordRule(t *testing.T) {
	tests := []struct {
		pw      string
		wantMsg string // "" means accepted
	}{
		{"Nytt1234", ""},
		{"Demo1234", ""},
		{"åÅ123456", ""},
		{"Ärlig999", ""},
		{"abcdefgh", MsgPasswordMix},
		{"ABCDEFG1", MsgPasswordMix},
		{"abcdefg1", MsgPasswordMix},
		{"Abcdefgh", MsgPasswordMix},
		{"12345678", MsgPasswordMix},
		{"Ab1", MsgPasswordTooShort},
		{"", MsgPasswordTooShort},
		{"Åäö1234", MsgPasswordTooShort}, // 7 characters though 10 bytes
	}
	for _, tt := range tests {
		err := CheckPasswordRule(tt.pw)
		if tt.wantMsg == "" {
			if err != nil {
				t.Errorf("CheckPasswordRule(%q) = %v, want ok", tt.pw, err)
			}
			continue
		}
		if ErrorCode(err) != EInvalid || ErrorMessage(err) != tt.wantMsg || err.(*Error).Fields["password"] != tt.wantMsg {
			t.Errorf("CheckPasswordRule(%q) = %v, want %q", tt.pw, err, tt.wantMsg)
		}
	}
}
