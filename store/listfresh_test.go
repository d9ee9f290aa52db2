package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bulletin/model"
)

// listLine is what a listing shows of a file: an article with its date,
// related count, warnings and state, or a problem.
func listLine(r model.ScanResult, st model.State) string {
	a := &r.Article
	switch {
	case r.Err != nil:
		return "problem " + r.Err.Error()
	case r.Skipped:
		return "skipped " + r.Path
	}
	return fmt.Sprintf("%s %q %s %v %q %d %q read=%v starred=%v path=%s", a.Ref, a.Title, a.Published.Format(time.RFC3339Nano), a.HasDate,
		a.DateText, a.RelatedCount, a.Warnings, st.Read, st.Starred, r.Path)
}

// listUpdating lists the library with ListUpdating and returns the lines,
// with the problems passed aside, in order.
func listUpdating(t testing.TB, ctx context.Context, lib *Library, listed func()) ([]string, error) {
	t.Helper()
	var lines []string
	err := lib.ListUpdating(ctx, nil, func(r model.ScanResult) {
		lines = append(lines, "unreadable "+r.Err.Error())
	}, func(r model.ScanResult, st model.State) error {
		lines = append(lines, listLine(r, st))
		return nil
	}, func() error {
		if listed != nil {
			listed()
		}
		return nil
	})
	return lines, err
}

// updateThenList is what ListUpdating must match: Update, then List.
func updateThenList(t testing.TB, lib *Library) []string {
	t.Helper()
	var lines []string
	err := lib.Update(context.Background(), nil, func(r model.ScanResult) {
		lines = append(lines, "unreadable "+r.Err.Error())
	})
	if err != nil {
		t.Fatal(err)
	}
	err = lib.List(context.Background(), func(r model.ScanResult, st model.State) error {
		lines = append(lines, listLine(r, st))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestListingWhileIndexingListsAsTheIndexWould(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Base(dir)
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", day(1), "Body a.", `[{"id":"2","title":"B"}]`))
	writeFile(t, filepath.Join(dir, "sub", "b_2.txt"), articleFile("Story B", "Sat Sep 3, 2016 10:00:00 +0300", "Body b.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "c.txt"), articleFile("Same time as B", "Sat Sep 3, 2016 07:00:00", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "u.txt"), articleFile("Undated", "", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "v.txt"), articleFile("Undated too", "", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "w.txt"), articleFile("Warned", day(4), "Body\x00.", "[]"))
	writeFile(t, filepath.Join(dir, "broken.txt"), "\x00\x01binary")
	writeFile(t, filepath.Join(dir, "README.md"), "notes")
	ctx := context.Background()

	mine, theirs := openTemp(t), openTemp(t)
	for _, db := range []*DB{mine, theirs} {
		if err := db.SetStarred(ctx, name+"/u", true); err != nil {
			t.Fatal(err)
		}
	}
	lib, ref := mine.Library(openFolder(t, dir)), theirs.Library(openFolder(t, dir))
	compare := func(stage string) {
		t.Helper()
		want := updateThenList(t, ref)
		got, err := listUpdating(t, ctx, lib, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: listed\n %q\nwant\n %q", stage, got, want)
		}
		// What was written behind the listing lists the same.
		if again := updateThenList(t, lib); !slices.Equal(again, want) {
			t.Errorf("%s: the index written behind the listing lists\n %q\nwant\n %q", stage, again, want)
		}
	}
	compare("new folder")
	compare("indexed")

	later := time.Now().Add(time.Hour)
	writeFile(t, filepath.Join(dir, "sub", "b_2.txt"), articleFile("Story B, revised", day(2), "Body b.", "[]"))
	touch(t, filepath.Join(dir, "sub", "b_2.txt"), later)
	os.Remove(filepath.Join(dir, "a_1.txt"))
	writeFile(t, filepath.Join(dir, "sub", "d_5.txt"), articleFile("Story D", day(5), "Body d.", "[]"))
	writeFile(t, filepath.Join(dir, "new", "e.txt"), articleFile("Story E", day(1), "Body e.", "[]"))
	compare("changed")
	if lines, _ := listUpdating(t, ctx, lib, nil); !slices.ContainsFunc(lines, func(s string) bool { return strings.HasPrefix(s, name+"/sub/b_2 \"Story B, revised\"") }) {
		t.Errorf("the revised story is not listed: %q", lines)
	}
}

func TestListingInterruptedAfterItsOutputResumes(t *testing.T) {
	dir := t.TempDir()
	const n = 600
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%02d", i/100), fmt.Sprintf("%d.txt", i)), articleFile(fmt.Sprintf("Story %d", i), day(1+i%28), "Body.", "[]"))
	}
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	lib := db.Library(openFolder(t, dir))
	lib.BatchSize, lib.Workers = 20, 1
	ctx, cancel := context.WithCancel(context.Background())
	var committed atomic.Int64
	var first []string
	err = lib.ListUpdating(ctx, func(p Progress) { committed.Store(int64(p.Done)) }, nil,
		func(r model.ScanResult, st model.State) error {
			first = append(first, listLine(r, st))
			return nil
		}, func() error {
			// The output is complete: the process ends here.
			cancel()
			return nil
		})
	if !errors.Is(err, context.Canceled) && err != nil {
		t.Fatalf("ListUpdating ended by a cancel after its output: %v", err)
	}
	if len(first) != n {
		t.Fatalf("the interrupted listing listed %d articles, want %d", len(first), n)
	}
	db.Close()

	lib = reopenChecked(t, path).Library(openFolder(t, dir))
	read := 0
	var again []string
	err = lib.ListUpdating(context.Background(), func(p Progress) { read = p.Total }, nil,
		func(r model.ScanResult, st model.State) error {
			again = append(again, listLine(r, st))
			return nil
		}, func() error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d files written before the end; the next listing read %d", committed.Load(), n, read)
	if done := int(committed.Load()); read > n-done {
		t.Errorf("the next listing read %d files; %d were written before the end, so at most %d were left", read, done, n-done)
	}
	if !slices.Equal(again, first) {
		t.Errorf("the next listing differs from the interrupted one")
	}
	if read, _ := update(t, lib); read != 0 {
		t.Errorf("after the next listing, an update still read %d files", read)
	}
	if got, _ := listed(t, lib); len(got) != n {
		t.Errorf("%d articles in the index, want %d", len(got), n)
	}
}

// The index is written once the listing is complete, folder after folder:
// each folder of a library listed for the first time is all in the index
// when ListUpdating returns, and none of it was before the output was.
func TestListingWritesEveryFolderOnceListed(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for d, dir := range dirs {
		for i := range 30 {
			writeFile(t, filepath.Join(dir, fmt.Sprintf("s%d_%d.txt", d, i)), articleFile(fmt.Sprintf("Story %d.%d", d, i), day(1+i%28), "Body.", "[]"))
		}
	}
	db := openTemp(t)
	lib := db.Library(openFolder(t, dirs[0]), openFolder(t, dirs[1]))
	var atListed int
	lines, err := listUpdating(t, context.Background(), lib, func() {
		if err := db.sql.QueryRow(`SELECT count(*) FROM files WHERE kind = 0`).Scan(&atListed); err != nil {
			t.Fatal(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 60 {
		t.Fatalf("listed %d articles, want 60", len(lines))
	}
	if atListed != 0 {
		t.Errorf("%d articles were written before the listing was complete, want none: the writes took the machine from the reads", atListed)
	}
	if read, _ := update(t, lib); read != 0 {
		t.Errorf("after the listing, an update still read %d files", read)
	}
	if got, _ := listed(t, lib); len(got) != 60 {
		t.Errorf("%d articles in the index, want 60", len(got))
	}
}

// An up-to-date index is read while the folder is walked: each change on
// its own, made after a listing that found nothing to read, is seen by the
// next one, and so is a change of reading state.
func TestListingAfterAnUpToDateOneSeesEachChange(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Base(dir)
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", day(1), "Body a.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "b_2.txt"), articleFile("Story B", day(2), "Body b.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "c_3.txt"), articleFile("Story C", day(3), "Body c.", "[]"))
	ctx := context.Background()
	db := openTemp(t)
	lib := db.Library(openFolder(t, dir))
	titles := func(stage string) []string {
		t.Helper()
		var lines []string
		err := lib.ListUpdating(ctx, nil, nil, func(r model.ScanResult, st model.State) error {
			lines = append(lines, fmt.Sprintf("%s %q read=%v starred=%v", strings.TrimPrefix(r.Article.Ref, name+"/"), r.Article.Title, st.Read, st.Starred))
			return nil
		}, func() error { return nil })
		if err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		return lines
	}
	check := func(stage string, want ...string) {
		t.Helper()
		if got := titles(stage); !slices.Equal(got, want) {
			t.Errorf("%s: listed\n %q\nwant\n %q", stage, got, want)
		}
		// Once more, from the index now up to date.
		if got := titles(stage + ", again"); !slices.Equal(got, want) {
			t.Errorf("%s, again: listed\n %q\nwant\n %q", stage, got, want)
		}
	}
	check("indexed", `sub/c_3 "Story C" read=false starred=false`, `sub/b_2 "Story B" read=false starred=false`, `a_1 "Story A" read=false starred=false`)

	writeFile(t, filepath.Join(dir, "sub", "c_3.txt"), articleFile("Story C, revised", day(3), "Body c.", "[]"))
	touch(t, filepath.Join(dir, "sub", "c_3.txt"), time.Now().Add(time.Hour))
	check("rewritten", `sub/c_3 "Story C, revised" read=false starred=false`, `sub/b_2 "Story B" read=false starred=false`, `a_1 "Story A" read=false starred=false`)

	if err := os.Remove(filepath.Join(dir, "a_1.txt")); err != nil {
		t.Fatal(err)
	}
	check("removed", `sub/c_3 "Story C, revised" read=false starred=false`, `sub/b_2 "Story B" read=false starred=false`)

	if err := os.Rename(filepath.Join(dir, "sub", "b_2.txt"), filepath.Join(dir, "b_2.txt")); err != nil {
		t.Fatal(err)
	}
	check("renamed", `sub/c_3 "Story C, revised" read=false starred=false`, `b_2 "Story B" read=false starred=false`)

	writeFile(t, filepath.Join(dir, "d_4.txt"), articleFile("Story D", day(4), "Body d.", "[]"))
	check("added", `d_4 "Story D" read=false starred=false`, `sub/c_3 "Story C, revised" read=false starred=false`, `b_2 "Story B" read=false starred=false`)

	if err := db.MarkRead(ctx, name+"/b_2", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, name+"/d_4", true); err != nil {
		t.Fatal(err)
	}
	check("marked", `d_4 "Story D" read=false starred=true`, `sub/c_3 "Story C, revised" read=false starred=false`, `b_2 "Story B" read=true starred=false`)
}

// indexedFolder is the library of a folder of n stories in directories of
// 500, with its index written.
func indexedFolder(t *testing.T, n int) *Library {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("d%d", i/500), fmt.Sprintf("s_%d.txt", i)), articleFile(fmt.Sprintf("Story %d", i), day(1+i%28), "Body.", "[]"))
	}
	ctx := context.Background()
	lib := openTemp(t).Library(openFolder(t, dir))
	if err := lib.Update(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	return lib
}

// A listing whose receiver gives up early ends with the receiver's error,
// though its rows are still being read, and the next listing is complete.
func TestListStoppedByItsReceiverEnds(t *testing.T) {
	const n = 5*listedBatch + 7
	ctx := context.Background()
	lib := indexedFolder(t, n)
	enough := errors.New("enough")
	sent := 0
	err := lib.List(ctx, func(model.ScanResult, model.State) error {
		sent++
		if sent == 3 {
			return enough
		}
		return nil
	})
	if !errors.Is(err, enough) || sent != 3 {
		t.Errorf("List stopped after %d articles with %v; want 3 and the receiver's error", sent, err)
	}
	sent = 0
	if err := lib.List(ctx, func(model.ScanResult, model.State) error { sent++; return nil }); err != nil || sent != n {
		t.Errorf("the next List sent %d articles (%v); want %d", sent, err, n)
	}
}

// A listing of an up-to-date index sends its rows made articles a few
// batches ahead of the receiver: it sends them in List's order across
// batches, and a receiver that gives up early ends it with its error while
// rows are still being made, and the next listing is complete.
func TestUpToDateListingKeepsOrderAndStopsWithItsReceiver(t *testing.T) {
	const n = (sentBatches+1)*aheadBatch + 7
	ctx := context.Background()
	lib := indexedFolder(t, n)
	var want []string
	if err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		want = append(want, r.Article.Ref)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	listUpToDate := func(stopAt int) ([]string, error) {
		var got []string
		enough := errors.New("enough")
		err := lib.ListUpdating(ctx, nil, nil, func(r model.ScanResult, _ model.State) error {
			got = append(got, r.Article.Ref)
			if len(got) == stopAt {
				return enough
			}
			return nil
		}, func() error { return nil })
		if errors.Is(err, enough) {
			err = nil
		} else if err == nil && stopAt > 0 {
			err = errors.New("the receiver's error was lost")
		}
		return got, err
	}
	got, err := listUpToDate(3)
	if err != nil || len(got) != 3 {
		t.Errorf("listing stopped after %d articles with %v; want 3 and the receiver's error", len(got), err)
	}
	got, err = listUpToDate(0)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("the next listing sent %d articles (%v), in List's order: %v; want %d", len(got), err, slices.Equal(got, want), len(want))
	}
}

// The articles a first listing holds come back as they were read, whether
// their path and id share the ref's bytes or not, and however long their
// texts (a title larger than a chunk of the arena, warnings of any count).
func TestFreshStoreGivesBackWhatItKept(t *testing.T) {
	long := strings.Repeat("Long title ", arenaChunk/8)
	zoned := time.Date(2016, 9, 3, 10, 0, 0, 5, time.FixedZone("", 3*3600))
	in := []model.Article{
		{Ref: "news/09/000001_1200001", Path: "09/000001_1200001.txt", ID: "1200001", Title: "Shared", DateText: "Sat Sep 3, 2016 10:00:00 +0300",
			HasDate: true, Published: zoned, RelatedCount: 3},
		{Ref: "news/odd", Path: "elsewhere/odd.txt", ID: "", Title: long, Warnings: []string{"no date line", "related stories: cut"}},
		{Ref: "news/a_7", Path: "a_7.TXT", ID: "7", Title: "Upper-case extension", HasDate: true, Published: time.Unix(100, 0).UTC(), DateText: "x"},
		{Ref: "news/b_12", Path: "b_12.txt", ID: "99", Title: "Id not in the name", Warnings: []string{"one"}},
		{Ref: "news/c", Path: "c.txt", Title: ""},
		{Ref: "news/d_5", Path: "d_5.txt", ID: "5", Title: "Usual date", HasDate: true, Published: time.Date(2017, 2, 27, 22, 51, 12, 0, time.UTC),
			DateText: "Mon Feb 27, 2017 22:51:12"},
		{Ref: "news/e_6", Path: "e_6.txt", ID: "6", Title: "Usual date in a zone", HasDate: true, Published: zoned, DateText: "Sat Sep 3, 2016 10:00:00"},
	}
	var s freshStore
	var got []uint32
	// Past a chunk of articles, with the long title once.
	for i := range chunkLen + len(in) {
		a := in[i%len(in)]
		if i > len(in) && a.Title == long {
			a.Title = "Short again"
		}
		got = append(got, s.add(i%2, &a))
	}
	s.freeze()
	for i, n := range got {
		want := in[i%len(in)]
		if i > len(in) && want.Title == long {
			want.Title = "Short again"
		}
		a := s.article(n)
		if a.Ref != want.Ref || a.Path != want.Path || a.ID != want.ID || a.Title != want.Title || a.DateText != want.DateText ||
			a.HasDate != want.HasDate || !a.Published.Equal(want.Published) || a.RelatedCount != want.RelatedCount || !slices.Equal(a.Warnings, want.Warnings) {
			t.Fatalf("article %d came back as %+v, want %+v", i, a, want)
		}
		if want.HasDate && a.Published.Format(time.RFC3339Nano) != want.Published.Format(time.RFC3339Nano) {
			t.Fatalf("article %d: date %s, want %s", i, a.Published.Format(time.RFC3339Nano), want.Published.Format(time.RFC3339Nano))
		}
		if int(s.get(n).source) != i%2 {
			t.Fatalf("article %d: source %d, want %d", i, s.get(n).source, i%2)
		}
	}
	// Made ahead of the output, a batch at a time, they come in order.
	i := 0
	for batch := range articlesAhead(&s, got, make(chan struct{})) {
		for _, a := range batch {
			if want := s.article(got[i]); a.Ref != want.Ref || a.Title != want.Title || a.DateText != want.DateText {
				t.Fatalf("article %d made ahead as %q %q, want %q %q", i, a.Ref, a.Title, want.Ref, want.Title)
			}
			i++
		}
	}
	if i != len(got) {
		t.Errorf("%d articles made ahead, want %d", i, len(got))
	}
	// Stopped after a batch, the maker ends.
	stop := make(chan struct{})
	early := articlesAhead(&s, got, stop)
	<-early
	close(stop)
	for range early {
	}
}

// A large first listing is sorted a half on each core, then merged: the
// order must be slices.SortFunc's.
func TestSortInHalvesSortsAsSortFunc(t *testing.T) {
	for _, n := range []int{0, 1, 100, 1 << 14, 1<<16 + 3} {
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = uint64(i) * 0x9e3779b97f4a7c15 // distinct, in no order
		}
		byKey := func(a, b uint32) int { return cmp.Compare(keys[a], keys[b]) }
		got := make([]uint32, n)
		for i := range got {
			got[i] = uint32(i)
		}
		want := slices.Clone(got)
		sortInHalves(got, byKey)
		slices.SortFunc(want, byKey)
		if !slices.Equal(got, want) {
			t.Fatalf("%d items: sorted in halves differs from slices.SortFunc", n)
		}
	}
}

// A first listing keeps the heap close to what it holds, and gives the
// collector back as it was, never raising a GOGC set lower or off.
func TestLowerGCPercentRestoresAndNeverRaises(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	restore := lowerGCPercent(25)
	if got := debug.SetGCPercent(25); got != 25 {
		t.Fatalf("GOGC while held: %d, want 25", got)
	}
	restore()
	if got := debug.SetGCPercent(10); got != 100 {
		t.Fatalf("GOGC after: %d, want 100", got)
	}
	restore = lowerGCPercent(25)
	if got := debug.SetGCPercent(10); got != 10 {
		t.Fatalf("GOGC set to 10 became %d", got)
	}
	restore()
	debug.SetGCPercent(-1)
	lowerGCPercent(25)()
	if got := debug.SetGCPercent(100); got != -1 {
		t.Fatalf("GOGC off became %d", got)
	}
}

// Finding one article by its ref reads a few pages through the ref, not the
// whole source in listing order (what SQLite chose for a scope of one
// source), so `read REF` does not grow with the library.
func TestLookupGoesThroughTheRef(t *testing.T) {
	ctx := context.Background()
	lib := indexedFolder(t, 3)
	scope, err := lib.scope(ctx)
	if err != nil || len(scope) != 1 {
		t.Fatalf("scope %v, %v", scope, err)
	}
	plan := queryPlan(t, lib.db, lookupSQL(scope), "x")
	if !strings.Contains(plan, "files_by_ref (ref=?)") {
		t.Errorf("Lookup's query is planned as %q, want a search of files_by_ref", plan)
	}
	titles := map[string]string{}
	if err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		titles[r.Article.Ref] = r.Article.Title
		return nil
	}); err != nil || len(titles) != 3 {
		t.Fatalf("listed %v, %v", titles, err)
	}
	for ref, title := range titles {
		a, ok, err := lib.Lookup(ctx, ref)
		if err != nil || !ok || a.Title != title {
			t.Errorf("Lookup(%s) = %q, %v, %v; want %q", ref, a.Title, ok, err, title)
		}
	}
}

// A folder's first index walks it without a stat of each file and takes the
// sizes and stamps from the files as they are read. What it stores must be
// what a walk with stats would have given: the same sizes, stamps and
// directory fingerprints, so the next update finds nothing to read.
func TestFirstIndexStoresTheStatsAWalkWould(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", day(1), "Body a.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "b_2.txt"), articleFile("Story B", day(2), "Body b.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "deeper", "c_3.txt"), articleFile("Story C", day(3), "Body c.", "[]"))
	writeFile(t, filepath.Join(dir, "sub", "broken.txt"), "\x00\x01binary")
	writeFile(t, filepath.Join(dir, "README.md"), "notes")
	writeFile(t, filepath.Join(dir, ".hidden.txt"), articleFile("Hidden", day(4), "Body.", "[]"))
	if err := os.Symlink(filepath.Join(dir, "a_1.txt"), filepath.Join(dir, "sub", "link_5.txt")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	touch(t, filepath.Join(dir, "sub", "b_2.txt"), time.Date(2020, 1, 2, 3, 4, 5, 678_000_000, time.UTC))
	walked, err := openFolder(t, dir).Walk(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, d := range walked {
		want[d.Path] = d.Fingerprint()
	}
	ctx := context.Background()
	for _, how := range []string{"listing", "update"} {
		t.Run(how, func(t *testing.T) {
			db := openTemp(t)
			lib := db.Library(openFolder(t, dir))
			if how == "listing" {
				if _, err := listUpdating(t, ctx, lib, nil); err != nil {
					t.Fatal(err)
				}
			} else if err := lib.Update(ctx, nil, nil); err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			rows, err := db.sql.Query(`SELECT path, fingerprint FROM dirs`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var p string
				var fp sql.NullInt64
				if err := rows.Scan(&p, &fp); err != nil {
					t.Fatal(err)
				}
				got[p] = fp.Int64
			}
			rows.Close()
			if !maps.Equal(got, want) {
				t.Errorf("directory fingerprints %v, want %v", got, want)
			}
			rows, err = db.sql.Query(`SELECT path, size, stamp FROM files WHERE kind <> ?`, kindSkipped)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var p string
				var size, stamp int64
				if err := rows.Scan(&p, &size, &stamp); err != nil {
					t.Fatal(err)
				}
				info, err := os.Stat(filepath.Join(dir, p))
				if err != nil {
					t.Fatal(err)
				}
				if size != info.Size() || stamp != info.ModTime().UnixNano() {
					t.Errorf("%s: stored size %d, stamp %d; the file has %d, %d", p, size, stamp, info.Size(), info.ModTime().UnixNano())
				}
				n++
			}
			rows.Close()
			if n != 5 {
				t.Errorf("%d files stored with their stats, want 5 (4 articles and the broken one)", n)
			}
			s := lib.sources[0]
			id, err := s.sourceID(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.plan(ctx, id, 2)
			if err != nil {
				t.Fatal(err)
			}
			if !p.noop() {
				t.Errorf("the next update reads %d files", p.jobs.len())
			}
		})
	}
}
