package service

import "hjalpmedel/internal/domain"

// MayOrder enforces the manual's rule that only authorised prescribers may order
// (Inloggning: "Endast förskrivare med förskrivningsrätt kan beställa"): the user
// must have the prescriber role and the förskrivningsrätt an admin gives in
// Användare (users.can_prescribe). Ordering calls it before anything else.
func (a *Actor) MayOrder() error {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return err
	}
	if !a.CanPrescribe {
		return domain.Errorf(domain.EForbidden, "Du saknar förskrivningsrätt och kan inte beställa. Kontakta hjälpmedelsverksamheten.")
	}
	return nil
}
