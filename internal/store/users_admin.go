package store

import (
	"context"
	"hjalpmedel/internal/domain"
)

// FindAllUsers lists every user by user name.
func (q *Q) FindAllUsers(ctx context.Context) ([]*domain.User, error) {
	rows, err := q.Query(ctx, "SELECT id FROM users ORDER BY username")
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []*domain.User
	for _, id := range ids {
		u, err := q.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// UpdateUserProfile saves a user's profile.
func (q *Q) UpdateUserProfile(ctx context.Context, id int64, p domain.UserProfile) error {
	_, err := q.Exec(ctx, `UPDATE users SET hsa_id = ?, name = ?, phone = ?, mobile = ?, email = ?, can_prescribe = ?,
		service_department_id = ?, warehouse = ? WHERE id = ?`, nullString(p.HSAID), p.Name, p.Phone, p.Mobile, p.Email, p.CanPrescribe,
		nullInt(p.ServiceDepartmentID), nullString(p.Warehouse), id)
	return err
}

// FindServiceDepartments lists the service departments.
func (q *Q) FindServiceDepartments(ctx context.Context) ([]domain.Named, error) {
	rows, err := q.Query(ctx, "SELECT id, name FROM service_departments ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Named
	for rows.Next() {
		var n domain.Named
		if err := rows.Scan(&n.ID, &n.Name); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
