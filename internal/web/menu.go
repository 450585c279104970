package web

import (
	"net/http"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// menuItem is an entry of the manual's menu (the blue list) or of the back-office menu.
// Built is false for a feature that has not landed: it is shown as not yet available,
// not as a working link, and its path answers with a page that says so.
type menuItem struct {
	Label string
	Path  string
	Roles []domain.Role // who sees it; none: everyone logged in
	Built bool
}

// menuLink is a menu item as rendered for one request.
type menuLink struct {
	Label   string
	Path    string
	Current bool
	Built   bool
}

// prescriberMenu is the manual's menu, in the manual's order.
var prescriberMenu = []menuItem{
	{Label: "Hjälpmedel", Path: "/hjalpmedel", Roles: domain.StaffReaders, Built: true},
	{Label: "Individkort", Path: "/individkort", Roles: domain.StaffReaders, Built: true},
	{Label: "Varukatalog", Path: "/varukatalog", Built: true},
	{Label: "Sök artikel", Path: "/artiklar", Built: true},
	{Label: "Kundorder", Path: "/kundorder", Roles: []domain.Role{domain.RolePrescriber}, Built: true},
	{Label: "Arbetsorder", Path: "/arbetsorder", Roles: []domain.Role{domain.RolePrescriber}, Built: true},
	{Label: "Kvittera BMB", Path: "/bmb", Roles: []domain.Role{domain.RolePrescriber}, Built: true},
	{Label: "CFR", Path: "/cfr", Roles: domain.StaffReaders, Built: true},
	{Label: "Avvikelser", Path: "/avvikelser", Roles: []domain.Role{domain.RolePrescriber}, Built: true},
	{Label: "Meddelande", Path: "/meddelanden", Built: true},
	{Label: "Dina uppgifter", Path: "/dina-uppgifter", Built: true},
}

// backOfficeMenu is what HMC staff use beside the prescriber portal.
var backOfficeMenu = []menuItem{
	{Label: "Kundtjänst", Path: "/kundtjanst", Roles: []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}, Built: true},
	{Label: "Nyheter", Path: "/kundtjanst/nyheter", Roles: []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}, Built: true},
	{Label: "Låsta BMB", Path: "/kundtjanst/bmb", Roles: []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}, Built: true},
	{Label: "Makulera kundorder", Path: "/kundtjanst/ordrar", Roles: []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}, Built: true},
	{Label: "Att hantera", Path: "/kundtjanst/att-hantera", Roles: []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}, Built: true},
	{Label: "Avvikelser", Path: "/avvikelser", Roles: domain.BackOffice, Built: true},
	{Label: "Säkerhetsmeddelanden", Path: "/admin/sakerhetsmeddelanden", Roles: domain.BackOffice, Built: true},
	{Label: "Plocklista", Path: "/lager/plocklista", Roles: []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}, Built: true},
	{Label: "Varumottagning", Path: "/lager/mottagning", Roles: []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}, Built: true},
	{Label: "Inköp", Path: "/lager/inkop", Roles: []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}, Built: true},
	{Label: "Returer", Path: "/lager/returer", Roles: []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}, Built: true},
	{Label: "Lagerjournal", Path: "/lager/journal", Roles: []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}, Built: true},
	{Label: "Teknikerkö", Path: "/tekniker", Roles: []domain.Role{domain.RoleTechnician, domain.RoleAdmin}, Built: true},
	{Label: "Mina arbetsordrar", Path: "/tekniker/mina", Roles: []domain.Role{domain.RoleTechnician, domain.RoleAdmin}, Built: true},
	{Label: "Besiktning (FU)", Path: "/tekniker/besiktning", Roles: service.MaintenanceRoles, Built: true},
	{Label: "Artiklar och priser", Path: "/admin/artiklar", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Användare", Path: "/admin/anvandare", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Kunder och betalare", Path: "/admin/kunder", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Fakturering", Path: "/admin/fakturering", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Kostnader per betalare", Path: "/admin/kostnader", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Rapporter", Path: "/admin/rapporter", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Översikt", Path: "/admin/oversikt", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Granskningslogg", Path: "/admin/logg", Roles: []domain.Role{domain.RoleAdmin}, Built: true},
	{Label: "Loggranskning", Path: "/loggranskning", Roles: domain.LogReviewers, Built: true},
	{Label: "Loggutdrag", Path: "/loggutdrag", Roles: []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}, Built: true},
}

// menuFor returns the menus a user sees, with the item of the current page marked:
// the one whose path is the longest prefix of the page's path, so /kundtjanst/nyheter
// marks Nyheter and not Kundtjänst as well.
func menuFor(a *service.Actor, path string) (prescriber, backOffice []menuLink) {
	current := ""
	for _, items := range [][]menuItem{prescriberMenu, backOfficeMenu} {
		for _, it := range items {
			if a.Can(it.Roles...) && (path == it.Path || strings.HasPrefix(path, it.Path+"/")) && len(it.Path) > len(current) {
				current = it.Path
			}
		}
	}
	links := func(items []menuItem) []menuLink {
		var out []menuLink
		for _, it := range items {
			if !a.Can(it.Roles...) {
				continue
			}
			out = append(out, menuLink{Label: it.Label, Path: it.Path, Current: it.Path == current, Built: it.Built})
		}
		return out
	}
	return links(prescriberMenu), links(backOfficeMenu)
}

// registerNotBuilt answers the paths of menu items whose feature has not landed
// with a page that says so plainly.
func (s *Server) registerNotBuilt() {
	for _, items := range [][]menuItem{prescriberMenu, backOfficeMenu} {
		for _, it := range items {
			if it.Built {
				continue
			}
			label := it.Label
			s.page("GET "+it.Path, func(w http.ResponseWriter, r *http.Request) error {
				return s.render(w, r, "home/notbuilt", label, label)
			}, it.Roles...)
		}
	}
}
