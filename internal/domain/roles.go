package domain

// Role is what a user may do (SPEC §6).
type Role string

const (
	RolePrescriber      Role = "prescriber"
	RoleCustomerService Role = "customer_service"
	RoleWarehouse       Role = "warehouse"
	RoleTechnician      Role = "technician"
	RoleAdmin           Role = "admin"
	// RoleLogReviewer reviews who looked up whom (SPEC §10.2 Loggranskning).
	RoleLogReviewer Role = "log_reviewer"
)

// Roles lists every role in display order.
var Roles = []Role{RolePrescriber, RoleCustomerService, RoleWarehouse, RoleTechnician, RoleLogReviewer, RoleAdmin}

// RoleName is the Swedish display name of a role.
func RoleName(r Role) string {
	switch r {
	case RolePrescriber:
		return "Förskrivare"
	case RoleCustomerService:
		return "Kundtjänst"
	case RoleWarehouse:
		return "Lager"
	case RoleTechnician:
		return "Tekniker"
	case RoleLogReviewer:
		return "Loggranskare"
	case RoleAdmin:
		return "Administratör"
	}
	return string(r)
}

// ValidRole reports whether r is one of the system's roles.
func ValidRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// StaffReaders may read patient data without prescribing (SPEC §6: read).
var StaffReaders = []Role{RolePrescriber, RoleCustomerService, RoleTechnician, RoleAdmin}

// UnitBlockers may block and release units by hand (spärr on the Individkort).
var UnitBlockers = []Role{RoleCustomerService, RoleWarehouse, RoleTechnician, RoleAdmin}

// BackOffice is every role but the prescriber's.
var BackOffice = []Role{RoleCustomerService, RoleWarehouse, RoleTechnician, RoleAdmin}

// LogReviewers may review the audit log (SPEC §10.2 Loggranskning).
var LogReviewers = []Role{RoleLogReviewer, RoleAdmin}
