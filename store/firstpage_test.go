package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

func TestFirstPageIsTheNewestIndexedArticlesOfEveryFolder(t *testing.T) {
	one, two := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(one, "a_1.txt"), articleFile("Story A", day(1), "Body a.", "[]"))
	writeFile(t, filepath.Join(one, "c_3.txt"), articleFile("Story C", day(3), "Body c.", "[]"))
	writeFile(t, filepath.Join(two, "b_2.txt"), articleFile("Story B", day(2), "Body b.", "[]"))
	writeFile(t, filepath.Join(two, "d_4.txt"), articleFile("Story D", day(4), "Body d.", "[]"))
	lib := openTemp(t).Library(openFolder(t, one), openFolder(t, two))
	ctx := context.Background()

	page, err := lib.FirstPage(ctx, 3)
	if err != nil || len(page) != 0 {
		t.Fatalf("before indexing: %d articles, %v; want none", len(page), err)
	}
	update(t, lib)
	page, err = lib.FirstPage(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range page {
		titles = append(titles, a.Title)
		if a.Origin == nil || a.Source == "" {
			t.Errorf("%s: no origin or source to open it with", a.Ref)
		}
	}
	if want := []string{"Story D", "Story C", "Story B"}; !slices.Equal(titles, want) {
		t.Errorf("first page %q, want %q", titles, want)
	}
}
