package store

import (
	"fmt"
	"strings"
	"testing"

	"bulletin/sources"
)

// The plan gives back every file it was given, however many and however
// long their names: a name that does not fit what is left of a chunk of
// the arena, or is larger than a chunk, is not cut or mixed with another.
func TestJobListGivesBackEveryFile(t *testing.T) {
	var want []sources.FileStat
	for i := range 3 * chunkLen {
		name := fmt.Sprintf("%d-%s.md", i, strings.Repeat("é", i%200))
		want = append(want, sources.FileStat{Name: name, Article: i%3 != 0, Size: int64(i * 7), Stamp: int64(-i)})
	}
	want = append(want, sources.FileStat{Name: strings.Repeat("x", 1<<nameChunkBits+5), Article: true, Size: 1, Stamp: 2},
		sources.FileStat{Name: "after-the-large-one.md", Size: 3})
	var l jobList
	for i, f := range want {
		l.add(i%5, f)
	}
	if l.len() != len(want) {
		t.Fatalf("%d jobs, want %d", l.len(), len(want))
	}
	for i, f := range want {
		dir, got := l.fileStat(i)
		if dir != i%5 || got != f {
			t.Fatalf("job %d is %v in dir %d, want %v in dir %d", i, got.Name[:min(len(got.Name), 40)], dir, f.Name[:min(len(f.Name), 40)], i%5)
		}
	}
}
