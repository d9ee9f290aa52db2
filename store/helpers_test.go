package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bulletin/model"
	"bulletin/sources"
)

// openTemp opens a new store in a test folder, closed at the end.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "data", "bulletin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// articleFile is an article file in the corpus layout.
func articleFile(title, date, body, related string) string {
	s := title + "\n\n" + title + "\n"
	if date != "" {
		s += date + "\n"
	}
	return s + "\n" + body + "\n\n\n" + fmt.Sprintf("string(%d) \"%s\"", len(related), related)
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// touch gives a file a new modification time, as an edit would.
func touch(t testing.TB, path string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

// day is a date line of September 2016.
func day(d int) string { return fmt.Sprintf("Sat Sep %d, 2016 10:00:00", d) }

// openFolder opens a test folder as a source.
func openFolder(t testing.TB, dir string) *sources.Folder {
	t.Helper()
	f, err := sources.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// listed lists the library from the index: articles as "ref title", then
// problems as "path: error", each group sorted as List sends it.
func listed(t testing.TB, lib *Library) (articles, problems []string) {
	t.Helper()
	err := lib.List(context.Background(), func(r model.ScanResult, _ model.State) error {
		switch {
		case r.Err != nil:
			problems = append(problems, r.Err.Error())
		case !r.Skipped:
			articles = append(articles, r.Article.Ref+" "+r.Article.Title)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return articles, problems
}

// update runs Library.Update and returns how many files it read, and the
// problems it met.
func update(t testing.TB, lib *Library) (read int, problems []string) {
	t.Helper()
	err := lib.Update(context.Background(), func(p Progress) { read = p.Total }, func(r model.ScanResult) {
		problems = append(problems, r.Err.Error())
	})
	if err != nil {
		t.Fatal(err)
	}
	return read, problems
}

// reopenChecked opens the store at path again, as the next run would after
// an interrupted one, checks that it is sound, and closes it at the end.
func reopenChecked(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
