package domain

import (
	"testing"
	"time"
)

func TestTransferLock(t *testing.T) {
	sent := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		after time.Duration
		want  TransferStatus
	}{
		{"just sent", 0, TransferSent},
		{"one day", 24 * time.Hour, TransferSent},
		{"6 days 23 hours", 6*24*time.Hour + 23*time.Hour, TransferSent},
		{"one second before 7 days", 7*24*time.Hour - time.Second, TransferSent},
		{"exactly 7 days", 7 * 24 * time.Hour, TransferLocked},
		{"7 days 1 hour", 7*24*time.Hour + time.Hour, TransferLocked},
		{"30 days", 30 * 24 * time.Hour, TransferLocked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TransferStatusAt(TransferSent, sent, sent.Add(tc.after)); got != tc.want {
				t.Errorf("status after %v = %s, want %s", tc.after, got, tc.want)
			}
		})
	}
	// An answered transfer never locks.
	for _, s := range []TransferStatus{TransferAccepted, TransferRejected, TransferUnlocked} {
		if got := TransferStatusAt(s, sent, sent.Add(30*24*time.Hour)); got != s {
			t.Errorf("%s after 30 days = %s", s, got)
		}
	}
}

func TestCheckTransferAcknowledge(t *testing.T) {
	sent := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	open := sent.Add(6*24*time.Hour + 23*time.Hour)
	locked := sent.Add(7 * 24 * time.Hour)
	tests := []struct {
		name   string
		stored TransferStatus
		by     int64
		now    time.Time
		want   Code
	}{
		{"addressee, open", TransferSent, 2, open, ""},
		{"someone else", TransferSent, 3, open, EForbidden},
		{"the sender", TransferSent, 1, open, EForbidden},
		{"locked", TransferSent, 2, locked, EConflict},
		{"already accepted", TransferAccepted, 2, open, EConflict},
		{"already rejected", TransferRejected, 2, open, EConflict},
		{"unlocked", TransferUnlocked, 2, locked, EConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTransferAcknowledge(tc.stored, sent, 2, tc.by, tc.now)
			if got := ErrorCode(err); got != tc.want {
				t.Errorf("code = %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

func TestCheckTransferUnlock(t *testing.T) {
	sent := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		stored TransferStatus
		after  time.Duration
		want   Code
	}{
		{"locked", TransferSent, 7 * 24 * time.Hour, ""},
		{"still open", TransferSent, 6*24*time.Hour + 23*time.Hour, EConflict},
		{"accepted", TransferAccepted, 8 * 24 * time.Hour, EConflict},
		{"already unlocked", TransferUnlocked, 8 * 24 * time.Hour, EConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(CheckTransferUnlock(tc.stored, sent, sent.Add(tc.after))); got != tc.want {
				t.Errorf("code = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTransferNeedsPatientConfirmation(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"191212121212", "197001011234", true},  // patient to another patient
		{"191212121212", "191212121212", false}, // same patient, new payer only
		{"191212121212", "", false},             // patient to a care unit
		{"", "191212121212", false},             // local store to a patient
		{"", "", false},
	}
	for _, tc := range tests {
		if got := TransferNeedsPatientConfirmation(tc.from, tc.to); got != tc.want {
			t.Errorf("(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// The BMB countdown (SPEC §10.11) in Swedish calendar days, and the reminders
// on day 5 and 6 after the day of sending and at the lock.
func TestTransferCountdownAndReminders(t *testing.T) {
	sent := time.Date(2026, 3, 9, 10, 0, 0, 0, Stockholm) // a Monday, 10:00
	tests := []struct {
		at       time.Time
		daysLeft int
		text     string
		due      TransferReminder
	}{
		{sent, 7, "7 dagar kvar", ""},
		{time.Date(2026, 3, 13, 23, 59, 0, 0, Stockholm), 3, "3 dagar kvar", ""},
		{time.Date(2026, 3, 14, 0, 1, 0, 0, Stockholm), 2, "2 dagar kvar", TransferReminderDay5},
		{time.Date(2026, 3, 15, 8, 0, 0, 0, Stockholm), 1, "1 dag kvar", TransferReminderDay6},
		{time.Date(2026, 3, 16, 9, 59, 0, 0, Stockholm), 0, "Sista dagen i dag", ""},
		{time.Date(2026, 3, 16, 10, 0, 0, 0, Stockholm), 0, "Sista dagen i dag", TransferReminderLocked},
		{time.Date(2026, 3, 20, 10, 0, 0, 0, Stockholm), 0, "Sista dagen i dag", TransferReminderLocked},
	}
	for _, tt := range tests {
		if got := TransferDaysLeft(sent, tt.at); got != tt.daysLeft {
			t.Errorf("TransferDaysLeft at %s = %d, want %d", tt.at, got, tt.daysLeft)
		}
		if got := TransferDaysLeftText(TransferDaysLeft(sent, tt.at)).String(); got != tt.text {
			t.Errorf("TransferDaysLeftText at %s = %q, want %q", tt.at, got, tt.text)
		}
		if got := TransferReminderDue(sent, tt.at); got != tt.due {
			t.Errorf("TransferReminderDue at %s = %q, want %q", tt.at, got, tt.due)
		}
	}
	// Sent at midnight, it locks at midnight: the last day is the day before.
	midnight := time.Date(2026, 3, 9, 0, 0, 0, 0, Stockholm)
	if got := TransferLastDay(midnight); got.Format(time.DateOnly) != "2026-03-15" {
		t.Errorf("TransferLastDay(midnight) = %s", got.Format(time.DateOnly))
	}
}
