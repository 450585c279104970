package domain

import (
	"bytes"
	"testing"
)

func TestCheckDeviationChange(t *testing.T) {
	tests := []struct {
		name  string
		c     DeviationChange
		field string // "" when allowed; "-" for a conflict
	}{
		{"registered to investigating", DeviationChange{From: DeviationRegistered, To: DeviationInvestigating}, ""},
		{"same status with a new date", DeviationChange{From: DeviationInvestigating, To: DeviationInvestigating, ReportedToSupplier: "2026-12-01"}, ""},
		{"skip to closed with outcome", DeviationChange{From: DeviationRegistered, To: DeviationClosed, Outcome: "Ingen åtgärd."}, ""},
		{"reported with supplier date", DeviationChange{From: DeviationInvestigating, To: DeviationReported, ReportedToSupplier: "2026-12-01"}, ""},
		{"reported with authority date", DeviationChange{From: DeviationInvestigating, To: DeviationReported, ReportedToAuthority: "2026-12-01"}, ""},
		{"reported without a date", DeviationChange{From: DeviationInvestigating, To: DeviationReported}, "reportedToSupplier"},
		{"bad date", DeviationChange{From: DeviationRegistered, To: DeviationInvestigating, ReportedToAuthority: "1/12"}, "reportedToAuthority"},
		{"closed without outcome", DeviationChange{From: DeviationReported, To: DeviationClosed}, "outcome"},
		{"backwards", DeviationChange{From: DeviationReported, To: DeviationInvestigating}, "status"},
		{"unknown status", DeviationChange{From: DeviationRegistered, To: "done"}, "status"},
		{"closed never changes", DeviationChange{From: DeviationClosed, To: DeviationClosed, Outcome: "x"}, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDeviationChange(tt.c)
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.field == "-" && ErrorCode(err) != EConflict:
				t.Fatalf("got %v, want a conflict", err)
			case tt.field != "" && tt.field != "-":
				e, ok := err.(*Error)
				if !ok || e.Fields[tt.field] == "" {
					t.Fatalf("got %v, want an error on %s", err, tt.field)
				}
			}
		})
	}
}

func TestAttachmentContentType(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"png", png, "image/png"},
		{"jpeg", jpeg, "image/jpeg"},
		{"text named .pdf", []byte("hello"), ""},
		{"gif", []byte("GIF89a......"), ""},
		{"html", []byte("<html><script>"), ""},
		{"zip", []byte("PK\x03\x04"), ""},
		{"empty", nil, ""},
		{"pdf later in the file", append(bytes.Repeat([]byte(" "), 10), "%PDF-"...), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := AttachmentContentType(tt.data)
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("got %q %v, want %q", got, ok, tt.want)
			}
		})
	}
}
