package main

import (
	"context"

	"hjalpmedel/internal/bench"
)

func benchCmd(ctx context.Context, args []string) error {
	return bench.Main(ctx, args, parseFlags)
}
