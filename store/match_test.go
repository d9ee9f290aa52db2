package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
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

// TestAuthorRefs finds feed items by their author, which a listing does
// not carry, as a filter on authors needs.
func TestAuthorRefs(t *testing.T) {
	_, lib, r := subscribed(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	data := []byte(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example News</title>` +
		`<item><guid>a</guid><title>Harbour reopens</title><dc:creator>Sports Staff</dc:creator><description>Open.</description></item>` +
		`<item><guid>b</guid><title>Bridge closes</title><dc:creator>Ana Reyes</dc:creator><description>Shut.</description></item>` +
		`<item><guid>c</guid><title>Rain</title><description>Wet.</description></item></channel></rss>`)
	s := save(t, r, fetched(t, data, now), now)
	for _, c := range []struct {
		query string
		want  int
	}{{"staff", 1}, {"STAFF sports", 1}, {"reyes", 1}, {"sta*", 1}, {"nobody", 0}, {"", 0}} {
		refs, err := lib.AuthorRefs(ctx, c.query)
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) != c.want {
			t.Errorf("AuthorRefs(%q) = %v, want %d", c.query, refs, c.want)
		}
	}
	if refs, _ := lib.AuthorRefs(ctx, "staff"); !refs[s.Refs[0]] {
		t.Errorf("AuthorRefs(staff) = %v, want the first item %s", refs, s.Refs[0])
	}
}

// BenchmarkMatchRefsKillfile is the text rules of a typical killfile
// (a phrase, a rare word, a prefix) answered over the 100,000-article
// library, as the reader does in the background after each indexing.
func BenchmarkMatchRefsKillfile(b *testing.B) {
	lib := benchLibrary(b)
	ctx := context.Background()
	for b.Loop() {
		for _, q := range []string{`"sponsored content"`, "horoscope", "advertor*"} {
			if _, err := lib.MatchRefs(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
}
