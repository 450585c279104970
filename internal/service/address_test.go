package service

import (
	"hjalpmedel/internal/domain"
	"testing"
)

// The address block is filled from its source; a protected person's home is never used.
func TestFillAddress(t *testing.T) {
	cust := &domain.ServiceCustomer{Number: "2990", Address: domain.ServiceAddress{Name: "Länsservice", Street: "Hedenbrovägen 1", PostalCode: "96136", Town: "BODEN", Phone: "0921-660 00"}}
	home := domain.ServiceAddress{Name: "Svensson, Testare", Street: "Tolvgatan 12", PostalCode: "12125", Town: "STOCKHOLM-GLOBEN", Phone: "08-1"}
	person := &domain.ServicePerson{Personnummer: "191212121212", Address: home}
	protected := &domain.ServicePerson{Personnummer: "194107086995", Address: home, Protected: true}
	tests := []struct {
		name       string
		in         AddressInput
		person     *domain.ServicePerson
		wantStreet string
		wantSource string
		wantNotice bool
	}{
		{"default is the customer", AddressInput{}, person, "Hedenbrovägen 1", "customer", false},
		{"the recipient's home", AddressInput{Source: "recipient"}, person, "Tolvgatan 12", "recipient", false},
		{"typed address is kept", AddressInput{Source: "recipient", Street: "Annan väg 3", Town: "LULEÅ"}, person, "Annan väg 3", "recipient", false},
		{"protected: the customer's address stands in", AddressInput{Source: "recipient"}, protected, "Hedenbrovägen 1", "customer", true},
		{"protected: a typed address is dropped too", AddressInput{Source: "recipient", Street: "Tolvgatan 12"}, protected, "Hedenbrovägen 1", "customer", true},
		{"no person: the customer", AddressInput{Source: "recipient"}, nil, "Hedenbrovägen 1", "customer", false},
		{"door code and instructions stay", AddressInput{DoorCode: "1234", Instructions: "Ring först"}, person, "Hedenbrovägen 1", "customer", false},
	}
	for _, tt := range tests {
		got, notice := fillAddress(tt.in, cust, tt.person)
		if got.Street != tt.wantStreet || got.Source != tt.wantSource || (notice != "") != tt.wantNotice {
			t.Errorf("%s: street %q source %q notice %q", tt.name, got.Street, got.Source, notice)
		}
		if got.DoorCode != tt.in.DoorCode || got.Instructions != tt.in.Instructions {
			t.Errorf("%s: door code %q instructions %q", tt.name, got.DoorCode, got.Instructions)
		}
	}
}
