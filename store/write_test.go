package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Ids go by the second, 16 a second: articles of one second beyond that
// borrow the ids of the next seconds, whether they are written in one
// batch, in several, or beside rows already in the index.
func TestArticlesOfOneSecondAreAllIndexed(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Base(dir)
	const n = 60
	var want []string
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("s%02d.txt", i)), articleFile(fmt.Sprintf("Same second %02d", i), day(5), "Body.", "[]"))
		want = append(want, fmt.Sprintf("%s/s%02d Same second %02d", name, i, i))
	}
	for _, batch := range []int{0, 7} {
		lib := openTemp(t).Library(openFolder(t, dir))
		lib.BatchSize = batch
		if read, problems := update(t, lib); read != n || len(problems) > 0 {
			t.Fatalf("batch %d: read %d files (want %d), problems %q", batch, read, n, problems)
		}
		got, _ := listed(t, lib)
		if !slices.Equal(got, want) {
			t.Errorf("batch %d: listed %q\nwant %q", batch, got, want)
		}

		// Half of them edited: their rows are replaced among the others.
		later := time.Now().Add(time.Hour)
		for i := 0; i < n; i += 2 {
			p := filepath.Join(dir, fmt.Sprintf("s%02d.txt", i))
			writeFile(t, p, articleFile(fmt.Sprintf("Same second %02d", i), day(5), "Body, edited.", "[]"))
			touch(t, p, later)
		}
		if read, _ := update(t, lib); read != n/2 {
			t.Errorf("batch %d: the second update read %d files, want %d", batch, read, n/2)
		}
		if got, _ := listed(t, lib); !slices.Equal(got, want) {
			t.Errorf("batch %d: after edits, listed %q\nwant %q", batch, got, want)
		}
		for i := 0; i < n; i += 2 {
			touch(t, filepath.Join(dir, fmt.Sprintf("s%02d.txt", i)), later.Add(-2*time.Hour))
		}
	}
}
