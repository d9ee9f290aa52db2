package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestIndexTextResumesAfterAnInterruption(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%d.txt", i)), articleFile(fmt.Sprintf("Story %d", i), day(1+i%28), fmt.Sprintf("Body with the word w%dx.", i), "[]"))
	}
	path := filepath.Join(t.TempDir(), "bulletin.db")
	ctx, cancel := context.WithCancel(context.Background())
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lib := db.Library(openFolder(t, dir))
	lib.BatchSize, lib.Workers = 50, 1
	update(t, lib)
	done := 0
	err = lib.IndexText(ctx, func(d, total int) {
		done = d
		if total != n {
			t.Errorf("total %d, want %d", total, n)
		}
		cancel()
	})
	if !errors.Is(err, context.Canceled) || done == 0 || done >= n {
		t.Fatalf("IndexText after cancel: %v, %d done", err, done)
	}
	db.Close()

	db, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lib = db.Library(openFolder(t, dir))
	total := 0
	if err := lib.IndexText(context.Background(), func(_, t int) { total = t }); err != nil {
		t.Fatal(err)
	}
	if total != n-done {
		t.Errorf("the second run indexed %d articles, want the %d left", total, n-done)
	}
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		if hits, err := lib.Search(context.Background(), fmt.Sprintf("w%dx", i), 5); err != nil || len(hits) != 1 {
			t.Errorf("search for story %d's word: %d hits, %v", i, len(hits), err)
		}
	}
}

func TestChangedFilesAreSearchedAsTheyAreNow(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), articleFile("Story", day(1), "The old wording.", "[]"))
	writeFile(t, filepath.Join(dir, "b.txt"), articleFile("Other", day(2), "Something else entirely.", "[]"))
	lib := openTemp(t).Library(openFolder(t, dir))
	ctx := context.Background()
	index := func() {
		t.Helper()
		update(t, lib)
		if err := lib.IndexText(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q string) int {
		t.Helper()
		hits, err := lib.Search(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		return len(hits)
	}
	index()
	if count("wording") != 1 {
		t.Fatal("the first indexing missed a word")
	}
	writeFile(t, filepath.Join(dir, "a.txt"), articleFile("Story", day(1), "The new phrasing.", "[]"))
	touch(t, filepath.Join(dir, "a.txt"), time.Now().Add(time.Hour))
	index()
	if count("wording") != 0 || count("phrasing") != 1 {
		t.Errorf("after an edit: old word %d hits, new word %d; want 0 and 1", count("wording"), count("phrasing"))
	}
	if err := os.Remove(filepath.Join(dir, "a.txt")); err != nil {
		t.Fatal(err)
	}
	index()
	if count("phrasing") != 0 || count("else") != 1 {
		t.Error("a removed file is still found, or the others are not")
	}
	if err := lib.db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
