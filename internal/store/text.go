package store

// PrefixEnd returns the smallest string greater than every string with the prefix p,
// so "word >= p AND word < PrefixEnd(p)" is an index range scan on both backends.
func PrefixEnd(p string) string {
	return p + "\U0010FFFF"
}
