// Package bench measures the whole system under load over HTTP on loopback.
package bench

import (
	"context"
	"fmt"
)

// Main runs the bench subcommand. (Workloads are added by the read and order work.)
func Main(ctx context.Context, args []string) error {
	return fmt.Errorf("bench: no workloads yet")
}
