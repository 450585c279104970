package web

// English for single sign-on (SITHS over OpenID Connect) and the HSA-id.
func init() {
	addEnglish(map[string]string{
		"Logga in med SITHS": "Log in with SITHS",
		"HSA-id":             "HSA ID",
		"För inloggning med SITHS, t.ex. SE2321000230-K082LNO.":                                                                 "For logging in with SITHS, e.g. SE2321000230-K082LNO.",
		"Inloggning med lösenord är avstängd. Logga in med SITHS.":                                                              "Logging in with a password is switched off. Log in with SITHS.",
		"Inloggningen har gått ut eller är redan använd. Börja om med Logga in med SITHS.":                                      "The login has expired or was already used. Start again with Log in with SITHS.",
		"Identitetsleverantören uppgav inget HSA-id. Kontakta kundtjänst.":                                                      "The identity provider gave no HSA ID. Contact customer service.",
		"Det finns ingen användare med HSA-id %s i Hjälpmedel. Kontakta kundtjänst.":                                            "There is no user with HSA ID %s in Hjälpmedel. Contact customer service.",
		"Identitetsleverantören svarar inte. Försök igen om en stund.":                                                          "The identity provider does not answer. Try again in a while.",
		"Identitetsleverantören avbröt inloggningen.":                                                                           "The identity provider cancelled the login.",
		"Svaret från identitetsleverantören hör inte till inloggningen i den här webbläsaren. Börja om med Logga in med SITHS.": "The identity provider's answer does not belong to the login in this browser. Start again with Log in with SITHS.",
		"Identitetsleverantören godtog inte inloggningskoden (den kan redan vara använd). Börja om med Logga in med SITHS.":     "The identity provider did not accept the login code (it may already have been used). Start again with Log in with SITHS.",
		"Identitetsleverantören skickade ingen ID-token.":                                                                       "The identity provider sent no ID token.",
		"ID-token från identitetsleverantören har gått ut. Börja om med Logga in med SITHS.":                                    "The identity provider's ID token has expired. Start again with Log in with SITHS.",
		"ID-token från identitetsleverantören kunde inte verifieras.":                                                           "The identity provider's ID token could not be verified.",
		"ID-token är utfärdad för en annan tjänst än Hjälpmedel.":                                                               "The ID token was issued for another service than Hjälpmedel.",
		"ID-token hör inte till den här inloggningen (fel nonce). Börja om med Logga in med SITHS.":                             "The ID token does not belong to this login (wrong nonce). Start again with Log in with SITHS.",
		"ID-token från identitetsleverantören kunde inte läsas.":                                                                "The identity provider's ID token could not be read.",
		"HSA-id skrivs som landskod, organisationsnummer, bindestreck och id, t.ex. SE2321000230-K082LNO.":                      "An HSA ID is a country code, an organisation number, a hyphen and an id, e.g. SE2321000230-K082LNO.",
		"Inloggningen finns inte.":                  "The login does not exist.",
		"HSA-id %s används redan av användaren %s.": "HSA ID %s is already used by user %s.",
	})
}
