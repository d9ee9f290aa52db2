package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bulletin/model"
)

// A store written by the version before step 5 holds what that version's
// readers made of the files: a refusal for a file with stray NULs, "seen"
// dates for undated feed items. After the upgrade the reader sees what
// this version reads.
func TestUpgradeReadsFilesAgainAndUndatesSeenItems(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", day(1), "Body a.", "[]"))
	writeFile(t, filepath.Join(dir, "n_2.txt"), articleFile("Story N", day(2), "Body\x00 n.", "[]"))

	old, err := open(ctx, path, false, false, migrations()[:4])
	if err != nil {
		t.Fatal(err)
	}
	if n, err := old.AddFeeds(ctx, feedURL, feedURL); err != nil || n != 1 {
		t.Fatalf("AddFeeds = %d, %v", n, err)
	}
	lib := old.Library(openFolder(t, dir))
	lib.AddFeeds(FeedSub{URL: feedURL})
	update(t, lib)
	r, err := old.NewRefresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	save(t, r, fetched(t, rssOf("u|Harbour undated||<p>harbour</p>"), seen), seen)
	// What the version before wrote.
	for _, q := range []string{
		`UPDATE files SET kind = 2, error = 'not an article: binary data, not text', ref = NULL, title = NULL WHERE name = 'n_2.txt'`,
		`UPDATE files SET has_date = 1, date_text = 'seen 2026-11-01 09:00 UTC' WHERE id IN (SELECT file_id FROM items)`,
	} {
		if _, err := old.sql.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lib = db.Library(openFolder(t, dir))
	lib.AddFeeds(FeedSub{URL: feedURL})
	if read, problems := update(t, lib); read != 2 || len(problems) > 0 {
		t.Errorf("after the upgrade the index read %d files (want both again), problems %q", read, problems)
	}
	var titles []string
	var undated *model.Article
	err = lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		if r.Err != nil {
			t.Errorf("still refused: %v", r.Err)
			return nil
		}
		a := r.Article
		titles = append(titles, a.Title)
		if a.Title == "Harbour undated" {
			undated = &a
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Story N", "Story A", "Harbour undated"}; !slices.Equal(titles, want) {
		t.Errorf("listed %q, want %q (the NUL file read, the undated item last)", titles, want)
	}
	if undated == nil || undated.HasDate || undated.DateText != "" || !undated.Seen.Equal(seen) {
		t.Errorf("the once 'seen' item: %+v", undated)
	}
}
