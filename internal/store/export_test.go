package store

// SetKeptPages has EachKeptBillingHolding read n pages a statement, until
// the function returned is called.
func SetKeptPages(n int64) (restore func()) {
	was := keptPages
	keptPages = n
	return func() { keptPages = was }
}

// SetKeptChunk has KeepBillingHoldings copy n holding ids' holdings a
// statement, until the function returned is called.
func SetKeptChunk(n int64) (restore func()) {
	was := keptChunk
	keptChunk = n
	return func() { keptChunk = was }
}
