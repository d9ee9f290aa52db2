package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"bulletin/model"
)

// gcPercent is the collector's percent now.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// A listing sent from the index read ahead lets the collector run less
// often; one that reads files does not (its heap holds what it read), and
// neither leaves the setting changed.
func TestListingSetsTheCollectorOnlyWhileItsHeapIsSmall(t *testing.T) {
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	const mine = 77
	defer debug.SetGCPercent(debug.SetGCPercent(mine))
	dir := t.TempDir()
	for i := range 3 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%d.txt", i)), articleFile(fmt.Sprintf("Story %d", i), day(1+i), "Body.", "[]"))
	}
	lib := openTemp(t).Library(openFolder(t, dir))
	list := func(stage string, want int) {
		t.Helper()
		seen := map[int]bool{}
		err := lib.ListUpdating(context.Background(), nil, nil, func(model.ScanResult, model.State) error {
			seen[gcPercent()] = true
			return nil
		}, func() error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 1 || !seen[want] {
			t.Errorf("%s: the collector's percent while listing was %v, want %d", stage, seen, want)
		}
		if got := gcPercent(); got != mine {
			t.Errorf("%s: the listing left the collector's percent at %d, want %d", stage, got, mine)
		}
	}
	list("new folder", mine)
	list("up to date", aheadGCPercent)
	writeFile(t, filepath.Join(dir, "new.txt"), articleFile("New", day(9), "Body.", "[]"))
	list("a file added", mine)
}
