package web

import "hjalpmedel/internal/domain"

// English for Loggranskning and Loggutdrag (SPEC §10.2).
func init() {
	addEnglish(map[string]string{
		domain.LogFlagReason(domain.FlagProtected):   "Protected identity",
		domain.LogFlagReason(domain.FlagNoCare):      "No care relation",
		domain.LogFlagReason(domain.FlagSameSurname): "Same surname as the user",
		domain.LogFlagReason(domain.FlagOffHours):    "Outside working hours (06–20 on working days)",
		domain.LogFlagReason(domain.FlagManyLookups): "More look-ups than 3 × the user's median per day",
	})
}
