package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"bulletin/model"
)

// The related items of an article lead, through the index, to the articles
// they lead to in the whole library: by id (the last of the articles that
// share it in the order of the list: the oldest), else by normalised title
// (the first: the newest), links by id only, and nothing for an item of no
// such article.
func TestLinkedResolvesAsTheWholeLibrary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Gas Deal Signed", day(1), "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "b_2.txt"), articleFile("Second With Id 2", day(2), "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "c_2.txt"), articleFile("Third With Id 2", day(3), "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "d_4.txt"), articleFile("Talks – in  “Geneva”", day(4), "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "e_5.txt"), articleFile("TALKS - IN \"GENEVA\"", day(5), "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "u_6.txt"), articleFile("Undated &amp; Alone", "", "Body.", "[]"))
	lib := openTemp(t).Library(openFolder(t, dir))
	update(t, lib)

	related := []model.Related{
		{ID: "2", Title: "whatever"},
		{ID: "99", Title: "gas deal  signed"},
		{Title: "talks — in \"geneva\""},
		{Title: "undated & alone"},
		{ID: "1", Title: "Unknown", Link: true},
		{ID: "98", Title: "Gas Deal Signed", Link: true},
		{ID: "97", Title: "Not In The Library"},
		{Title: ""},
	}
	whole := model.NewLibrary()
	err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		if r.Err == nil && !r.Skipped {
			whole.Add(r.Article)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	linked, err := lib.Linked(ctx, related)
	if err != nil {
		t.Fatal(err)
	}
	few := model.NewLibrary()
	few.Add(linked...)
	want := []string{"n/b_2", "n/a_1", "n/e_5", "n/u_6", "n/a_1", "", "", ""}
	for i, r := range related {
		got := refOf(few.Resolve(r))
		if all := refOf(whole.Resolve(r)); got != all {
			t.Errorf("%+v: through the index %q, in the whole library %q", r, got, all)
		}
		if name := filepath.Base(dir); got != "" && got != name+want[i][1:] || got == "" && want[i] != "" {
			t.Errorf("%+v resolved to %q, want %q", r, got, want[i])
		}
	}
}

func refOf(a *model.Listing, ok bool) string {
	if !ok {
		return ""
	}
	return a.Ref
}

// A bulk indexing drops the index of titles; the first lookup by title
// after it makes the index again and finds the article as before.
func TestTitleLookupAfterABulkIndexing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Gas Deal Signed", day(1), "Body.", "[]"))
	db := openTemp(t)
	lib := db.Library(openFolder(t, dir))
	update(t, lib)
	hasIndex := func() bool {
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'files_by_title_key'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	byTitle := func() {
		t.Helper()
		linked, err := lib.Linked(ctx, []model.Related{{Title: "gas deal signed"}})
		if err != nil || len(linked) != 1 || linked[0].Title != "Gas Deal Signed" {
			t.Fatalf("by title: %v, %v", linked, err)
		}
	}
	byTitle()
	if !hasIndex() {
		t.Fatal("no index of titles after a lookup by title")
	}
	err := db.tx(ctx, "bulk", func(tx *sql.Tx) error { return dropTitleIndex(ctx, tx, bulkFiles) })
	if err != nil {
		t.Fatal(err)
	}
	if hasIndex() {
		t.Fatal("the index of titles is kept through a bulk indexing")
	}
	byTitle()
	if !hasIndex() {
		t.Error("the index of titles was not made again")
	}
}
