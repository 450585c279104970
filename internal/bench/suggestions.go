package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// The suggestions mode (SPEC §10.11, issue 18.5): the accessories most often
// ordered with an article in the last 24 months, for main articles sampled from
// the data set (with --existing, one made by seed --scale): the query alone, then
// GET /api/v1/articles/{number}/suggestions as a prescriber. Target: < 50 ms
// per article.

const suggestionsSample = 2000

// TargetSuggestions is the most one article's suggestions may take.
const TargetSuggestions = 50 * time.Millisecond

func init() {
	register("suggestions", func(ctx context.Context, c *Config) error {
		articles, err := suggestionSample(ctx, c.DB.Read(), suggestionsSample)
		if err != nil {
			return err
		}
		from := domain.SuggestionsFrom(time.Now())
		query, api := &Latencies{}, &Latencies{}
		for _, a := range articles {
			t0 := time.Now()
			if _, err := c.DB.Read().FindAccessorySuggestions(ctx, a, from, 8); err != nil {
				return err
			}
			query.Add(time.Since(t0))
		}
		cl, err := loginPrescribers(ctx, c, 1)
		if err != nil {
			return err
		}
		for _, a := range articles {
			t0 := time.Now()
			if err := cl[0].get(ctx, "/api/v1/articles/"+a+"/suggestions"); err != nil {
				return err
			}
			api.Add(time.Since(t0))
		}
		fmt.Fprintf(c.Out, "suggestions for %d articles with accessory counts\n", len(articles))
		for _, r := range []struct {
			name string
			l    *Latencies
		}{{"query", query}, {"GET /api/v1/articles/{number}/suggestions", api}} {
			p99 := r.l.Percentile(99)
			fmt.Fprintf(c.Out, "%s: p50 %s, p99 %s, max %s  target < %s: %s\n", r.name, ms(r.l.Percentile(50)), ms(p99),
				ms(r.l.Percentile(100)), ms(TargetSuggestions), verdict(p99 < TargetSuggestions))
		}
		return nil
	})
}

// suggestionSample picks up to n main articles that have accessory counts, by
// index seeks from random points (no scans).
func suggestionSample(ctx context.Context, q *store.Q, n int) ([]string, error) {
	all, err := q.Strings(ctx, `SELECT main_article FROM accessory_pairs ORDER BY main_article LIMIT 1`)
	if err != nil || len(all) == 0 {
		return nil, fmt.Errorf("bench: no accessory counts in the data set (%v); make it with `hjalpmedel seed --scale N`", err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[string]bool{}
	var out []string
	for tries := 0; tries < 20*n && len(out) < n; tries++ {
		var a string
		err := q.Get(ctx, `SELECT main_article FROM accessory_pairs WHERE main_article >= ? ORDER BY main_article LIMIT 1`,
			[]any{fmt.Sprint(rng.IntN(1_000_000))}, &a)
		if err == store.ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		out = all
	}
	return out, nil
}
