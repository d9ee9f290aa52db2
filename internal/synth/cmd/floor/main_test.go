package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Both modes count every file at every depth and its bytes, so the floor
// is the work of the whole corpus, not of its top folder.
func TestRunCountsEveryFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]int{"a.txt": 10, "00/b.txt": 300 << 10, "00/01/c.md": 0, ".hidden": 7}
	want := 0
	for name, size := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("x", size)), 0o644); err != nil {
			t.Fatal(err)
		}
		want += size
	}
	for _, mode := range []string{"read", "stat"} {
		n, bytes, err := run(dir, mode, 2)
		if err != nil || n != int64(len(files)) || bytes != int64(want) {
			t.Errorf("%s: %d files, %d bytes, %v; want %d files, %d bytes", mode, n, bytes, err, len(files), want)
		}
	}
	if _, _, err := run(filepath.Join(dir, "missing"), "read", 2); err == nil {
		t.Error("a missing folder gave no error")
	}
}
