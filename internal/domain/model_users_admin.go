package domain

// UserProfile is what an admin changes on a user besides roles and links.
type UserProfile struct {
	HSAID, Name, Phone, Mobile, Email string
	CanPrescribe                      bool
	ServiceDepartmentID               int64
	Warehouse                         string
}

// Named is an id or code with a name (service departments, routes …).
type Named struct {
	ID   int64
	Code string
	Name string
}
