package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/model"
)

func TestIndexReadsOnlyWhatChanged(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Base(dir)
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", day(1), "Body a.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "b_2.txt"), articleFile("Story B", day(2), "Body b.", "[]"))
	writeFile(t, filepath.Join(dir, "c_3.txt"), articleFile("Story C", day(3), "Body c.", "[]"))
	writeFile(t, filepath.Join(dir, "broken.txt"), "\x00\x01binary")
	writeFile(t, filepath.Join(dir, "README.md"), "notes")
	writeFile(t, filepath.Join(dir, ".hidden", "h.txt"), articleFile("Hidden", day(4), "Body.", "[]"))
	lib := openTemp(t).Library(openFolder(t, dir))

	check := func(wantRead int, want ...string) {
		t.Helper()
		read, problems := update(t, lib)
		if read != wantRead {
			t.Errorf("read %d files, want %d", read, wantRead)
		}
		if len(problems) > 0 {
			t.Errorf("problems: %q", problems)
		}
		got, _ := listed(t, lib)
		for i := range want {
			want[i] = name + "/" + want[i]
		}
		if !slices.Equal(got, want) {
			t.Errorf("listed %q, want %q", got, want)
		}
	}
	// a, b, c, the broken file and the README; not the hidden folder.
	check(5, "c_3 Story C", "sub/b_2 Story B", "a_1 Story A")
	_, problems := listed(t, lib)
	if len(problems) != 1 || !strings.Contains(problems[0], filepath.Join(dir, "broken.txt")+": not an article: binary data") {
		t.Errorf("problems = %q, want broken.txt, as the folder scan says it", problems)
	}
	check(0, "c_3 Story C", "sub/b_2 Story B", "a_1 Story A")

	later := time.Now().Add(time.Hour)
	writeFile(t, filepath.Join(dir, "c_3.txt"), articleFile("Story C, revised", day(3), "Body c.", "[]"))
	touch(t, filepath.Join(dir, "c_3.txt"), later)
	check(1, "c_3 Story C, revised", "sub/b_2 Story B", "a_1 Story A")

	writeFile(t, filepath.Join(dir, "sub", "d_4.txt"), articleFile("Story D", day(4), "Body d.", "[]"))
	check(1, "sub/d_4 Story D", "c_3 Story C, revised", "sub/b_2 Story B", "a_1 Story A")

	if err := os.Remove(filepath.Join(dir, "a_1.txt")); err != nil {
		t.Fatal(err)
	}
	check(0, "sub/d_4 Story D", "c_3 Story C, revised", "sub/b_2 Story B")

	// Same size, new time: read again.
	touch(t, filepath.Join(dir, "c_3.txt"), later.Add(time.Hour))
	check(1, "sub/d_4 Story D", "c_3 Story C, revised", "sub/b_2 Story B")

	if err := os.RemoveAll(filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	check(0, "c_3 Story C, revised")
	if err := lib.db.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

// scanned sums up a scan: one line a file, sorted.
func scanned(t testing.TB, ch <-chan model.ScanResult) []string {
	t.Helper()
	var out []string
	for r := range ch {
		switch {
		case r.Err != nil:
			out = append(out, "error "+r.Err.Error())
		case r.Skipped:
			out = append(out, "skipped "+r.Path)
		default:
			a := r.Article
			out = append(out, fmt.Sprintf("article %s %s %q %s %q %v %d %q %s", r.Path, a.Ref, a.Title, a.Published.Format(time.RFC3339Nano), a.DateText, a.HasDate, a.RelatedCount, a.Warnings, a.ID))
		}
	}
	slices.Sort(out)
	return out
}

// The index's Scan sends what the folder's own Scan sends, cold, warm and
// after changes.
func TestScanMatchesTheFolderScan(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "1.txt"), articleFile("One", day(1), "Body.", `[{"id":"2","title":"Two"} ]`))
	writeFile(t, filepath.Join(dir, "x", "2.txt"), articleFile("Two", "Sat Sep 2, 2016 10:00:00 +0300", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "x", "y", "3.txt"), articleFile("Undated", "", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "bad.txt"), "Broken\n\nBroken\n"+day(3)+"\n\nBody.\n\n\nstring(99) \"[{\"id\":\"1\"")
	writeFile(t, filepath.Join(dir, "empty.txt"), "")
	writeFile(t, filepath.Join(dir, "pic.jpg"), "\xff\xd8")
	writeFile(t, filepath.Join(dir, ".notes.txt"), "hidden")
	folder := openFolder(t, dir)
	src := openTemp(t).Library(folder).Sources()[0]
	ctx := context.Background()
	compare := func(stage string) {
		t.Helper()
		want := scanned(t, folder.Scan(ctx, 2))
		got := scanned(t, src.Scan(ctx, 2))
		if !slices.Equal(got, want) {
			t.Errorf("%s: the index's scan differs from the folder's:\n got %q\nwant %q", stage, got, want)
		}
	}
	compare("cold")
	compare("warm")
	writeFile(t, filepath.Join(dir, "x", "2.txt"), articleFile("Two, again", day(2), "Body.", "[]"))
	touch(t, filepath.Join(dir, "x", "2.txt"), time.Now().Add(time.Hour))
	os.Remove(filepath.Join(dir, "1.txt"))
	writeFile(t, filepath.Join(dir, "x", "4.txt"), articleFile("Four", day(4), "Body.", "[]"))
	compare("changed")
	compare("warm again")
}

func TestInterruptedIndexingKeepsWhatItCommitted(t *testing.T) {
	dir := t.TempDir()
	const n = 400
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%02d", i/100), fmt.Sprintf("%d.txt", i)), articleFile(fmt.Sprintf("Story %d", i), day(1+i%28), "Body.", "[]"))
	}
	path := filepath.Join(t.TempDir(), "bulletin.db")
	ctx, cancel := context.WithCancel(context.Background())
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lib := db.Library(openFolder(t, dir))
	lib.BatchSize, lib.Workers = 50, 1
	committed := 0
	err = lib.Update(ctx, func(p Progress) {
		committed = p.Done
		cancel()
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Update after cancel: %v", err)
	}
	if committed == 0 || committed >= n {
		t.Fatalf("%d files committed before the cancel", committed)
	}
	db.Close()

	lib = reopenChecked(t, path).Library(openFolder(t, dir))
	if got, _ := listed(t, lib); len(got) < committed {
		t.Errorf("%d articles in the index, want at least the %d committed", len(got), committed)
	}
	read, _ := update(t, lib)
	if read > n-committed {
		t.Errorf("the second update read %d files; %d were committed, so at most %d were left", read, committed, n-committed)
	}
	if got, _ := listed(t, lib); len(got) != n {
		t.Errorf("%d articles after the second update, want %d", len(got), n)
	}
}
