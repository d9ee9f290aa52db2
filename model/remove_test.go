package model

import "testing"

func TestRemovedArticleIsNoLongerListedNorLinkedTo(t *testing.T) {
	l := NewLibrary()
	l.Add(
		Article{Ref: "f/a", Title: "Same Title", ID: "1"},
		Article{Ref: "f/b", Title: "Same Title"},
		Article{Ref: "f/c", Title: "Other"},
	)
	if a, _ := l.Resolve(Related{Title: "Same Title"}); a == nil || a.Ref != "f/a" {
		t.Fatalf("before: resolved to %v, want f/a", a)
	}
	l.Remove("f/a", "f/missing")
	if l.Len() != 2 {
		t.Errorf("%d articles after removing one, want 2", l.Len())
	}
	if _, ok := l.ByRef("f/a"); ok {
		t.Error("f/a still found by ref")
	}
	if a, ok := l.Resolve(Related{ID: "1"}); ok {
		t.Errorf("id of the removed article resolves to %s", a.Ref)
	}
	if a, ok := l.Resolve(Related{Title: "Same Title"}); !ok || a.Ref != "f/b" {
		t.Errorf("the shared title resolves to %v, want the article left, f/b", a)
	}
	for _, a := range l.Articles() {
		if a.Ref == "f/a" {
			t.Error("f/a still listed")
		}
	}
}
