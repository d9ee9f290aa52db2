package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestMatchRefs finds every match of a query, body words included, as a
// filter's text rule needs, and nothing for a query without words.
func TestMatchRefs(t *testing.T) {
	lib, prefix := searchLibrary(t)
	ctx := context.Background()
	for _, c := range []struct {
		query string
		want  []string
	}{
		{`"gas pipeline"`, []string{"p1", "p2", "p3"}},
		{"prices", []string{"p2", "p3"}},
		{"ballot*", []string{"e1", "e2", "e3"}},
		{"CAFÉS", []string{"o2"}},
		{"*** ()", nil},
	} {
		refs, err := lib.MatchRefs(ctx, c.query)
		if err != nil {
			t.Fatalf("MatchRefs(%q): %v", c.query, err)
		}
		var got []string
		for _, r := range slices.Sorted(maps.Keys(refs)) {
			got = append(got, strings.TrimPrefix(r, prefix))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("MatchRefs(%q) = %q, want %q", c.query, got, c.want)
		}
	}
}

// BenchmarkMatchRefs is one text rule answered over the 100,000-article
// library: what a filter with text costs the reader at start.
func BenchmarkMatchRefs(b *testing.B) {
	lib := benchLibrary(b)
	qs := benchQueries(b, lib, 400)
	ctx := context.Background()
	i, n := 0, 0
	for b.Loop() {
		refs, err := lib.MatchRefs(ctx, qs[i%len(qs)])
		if err != nil {
			b.Fatal(err)
		}
		n += len(refs)
		i++
	}
	b.ReportMetric(float64(n)/float64(i), "refs/op")
}
