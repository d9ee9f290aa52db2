package store

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
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

// Step 8 replaces the index by date with one that holds the listed columns:
// a store of step 7 lists the same articles, in the same order, with the
// same fields, after the upgrade, and List's query reads the new index
// alone, in its order (no lookup of each row in the table, no sort).
func TestUpgradeListsTheSameFromTheListingIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", day(3), "Body a.", "[]"))
	writeFile(t, filepath.Join(dir, "b_2.txt"), articleFile("Story B", day(1), "Body b.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "c_3.txt"), articleFile("Story C, same time as A", day(3), "Body c.", "[]"))
	writeFile(t, filepath.Join(dir, "d_4.txt"), articleFile("Story D undated", "", "Body d.", "[]"))
	writeFile(t, filepath.Join(dir, "e_5.txt"), articleFile("Story E zoned", "2016-09-02T10:00:00.5+02:00", "Body e.", `[{"id": 1}]`))
	writeFile(t, filepath.Join(dir, "notes.md"), "not an article")

	all := func(lib *Library) []model.ScanResult {
		t.Helper()
		var got []model.ScanResult
		if err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
			r.Article.Origin = nil // the library's own source, new in each
			got = append(got, r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	old, err := open(ctx, path, false, false, migrations()[:7])
	if err != nil {
		t.Fatal(err)
	}
	update(t, old.Library(openFolder(t, dir)))
	before := all(old.Library(openFolder(t, dir)))
	old.Close()
	if len(before) != 6 {
		t.Fatalf("before the upgrade, listed %d files, want 6: %+v", len(before), before)
	}

	db := reopenChecked(t, path)
	lib := db.Library(openFolder(t, dir))
	if read, _ := update(t, lib); read != 0 {
		t.Errorf("the upgrade made the index read %d files again, want none", read)
	}
	if after := all(lib); !reflect.DeepEqual(after, before) {
		t.Errorf("after the upgrade, listed\n%+v\nwant, as before,\n%+v", after, before)
	}

	scope, err := lib.scope(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan := queryPlan(t, db, listedSQL(scope))
	if !strings.Contains(plan, "COVERING INDEX files_listed") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("List's query is planned as %q, want a scan of the covering index files_listed, without a sort", plan)
	}
}

// queryPlan is SQLite's plan of the query with args, its steps joined by
// "; ".
func queryPlan(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.sql.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(steps, "; ")
}
