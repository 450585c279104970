package domain

import "time"

// Pickup reasons (orsak) of a pickup order, SPEC §9: code and the manual's text.
var PickupReasons = []struct{ Code, Name string }{
	{"need_ended", "Behovet upphört"},
	{"wrong_order", "Felbeställt"},
	{"deceased", "Avliden"},
	{"replaced", "Byte till annat hjälpmedel"},
	{"broken", "Trasigt"},
	{"other", "Övrigt"},
}

// PickupDate is the planned pickup date (Hämtas datum) of a pickup order
// registered today: the customer's next route day after today that is a working
// day, or the next working day for a customer with daily delivery or without a
// route. routeDays are ISO weekdays (1 = Monday … 7 = Sunday).
func PickupDate(today time.Time, routeDays []int, daily bool) time.Time {
	today = DateOf(today)
	if daily || len(routeDays) == 0 {
		return NextWorkingDay(today)
	}
	on := map[time.Weekday]bool{}
	for _, d := range routeDays {
		on[time.Weekday(d%7)] = true
	}
	d := today
	for i := 0; i < 366; i++ {
		d = d.AddDate(0, 0, 1)
		if on[d.Weekday()] && IsWorkingDay(d) {
			return d
		}
	}
	return NextWorkingDay(today)
}
