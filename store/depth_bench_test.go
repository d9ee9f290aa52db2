package store

import (
	"context"
	"fmt"
	"testing"

	"bulletin/model"
)

// BenchmarkSearchDepthRecall reports what bounding a search to its newest
// matches (SearchDepth) costs in quality: how many of the 20 best matches
// of an unbounded ranking a bounded search still finds, over the query mix
// of BenchmarkSearch, for a few depths. It runs the unbounded ranking once
// a query, which on the 100,000-file corpus takes about a minute.
func BenchmarkSearchDepthRecall(b *testing.B) {
	lib := benchLibrary(b)
	qs := benchQueries(b, lib, 200)
	ctx := context.Background()
	depths := []int{1000, SearchDepth, 10_000}
	found := make([]int, len(depths))
	same := make([]int, len(depths))
	best := 0
	for b.Loop() {
		for _, q := range qs {
			lib.SearchDepth = 1 << 30
			all, err := lib.Search(ctx, q, 20)
			if err != nil {
				b.Fatal(err)
			}
			best += len(all)
			for i, depth := range depths {
				lib.SearchDepth = depth
				bounded, err := lib.Search(ctx, q, 20)
				if err != nil {
					b.Fatal(err)
				}
				n := overlap(all, bounded)
				found[i] += n
				if n == len(all) {
					same[i]++
				}
			}
		}
	}
	if best == 0 {
		b.Fatal("no search found anything")
	}
	for i, depth := range depths {
		b.ReportMetric(100*float64(found[i])/float64(best), fmt.Sprintf("recall-pct-depth-%d", depth))
		b.Logf("depth %d: %.1f%% of the unbounded top 20 found; %d of %d queries alike", depth, 100*float64(found[i])/float64(best), same[i]/b.N, len(qs))
	}
}

// overlap is how many of the hits of want are among those of got.
func overlap(want, got []model.Hit) int {
	in := map[string]bool{}
	for _, h := range got {
		in[h.Ref] = true
	}
	n := 0
	for _, h := range want {
		if in[h.Ref] {
			n++
		}
	}
	return n
}
