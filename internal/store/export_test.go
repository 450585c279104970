package store

// SetKeptPages has EachKeptBillingHolding read n pages a statement, until
// the function returned is called.
func SetKeptPages(n int64) (restore func()) {
	was := keptPages
	keptPages = n
	return func() { keptPages = was }
}
