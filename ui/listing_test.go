package ui

import "testing"

// The library keeps only the listing of an article read from a source:
// opened, it shows its body and related stories, read again; the filter
// finds it by title, and its read mark moves the counts.
func TestListedArticleOpensFiltersAndCounts(t *testing.T) {
	m := newTestModel(t, 100, 30)
	listed, ok := m.s.lib.ByRef("tour/2")
	if !ok {
		t.Fatal("tour/2 is not in the library")
	}
	if a := listed.Article(); a.Body != "" || a.Related != nil || a.Loaded {
		t.Fatalf("the library keeps tour/2 whole: %d bytes of body, %d related", len(a.Body), len(a.Related))
	}
	m = keys(t, m, "/")
	m = typeText(t, m, "keys")
	m = keys(t, m, "enter", "enter")
	if m.article.ref != "tour/2" {
		t.Fatalf("the filter keys opened %q, want tour/2", m.article.ref)
	}
	mustContain(t, plain(m), "The keys of bulletin.", "Related stories")
	if len(m.article.art.Related) == 0 {
		t.Fatal("tour/2 opened without its related stories")
	}
	m = keys(t, m, "1")
	if m.article.ref == "tour/2" || m.article.ref == "" {
		t.Fatalf("1 in tour/2 opened %q", m.article.ref)
	}
	m = keys(t, m, "q", "esc")
	mustContain(t, plain(m), "10 unread of 12 articles")
	countsMatchLibrary(t, m.s)
}
