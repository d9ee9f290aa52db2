package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRecoveredFilesAreListedAndReadWithTheirWarnings: files that were once
// refused or misread (stray NULs, a lone title, a related block whose length
// is not a number) are listed and read, and what was wrong is said where the
// reader looks; only a real binary file is refused, by what it looks like.
func TestRecoveredFilesAreListedAndReadWithTheirWarnings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "nul_1.txt"), articleFile("Stray\x00 NULs", "Sat Sep 3, 2016 10:00:00", "Body\x00 one.", `[]`))
	writeFile(t, filepath.Join(dir, "title_2.txt"), "Only a headline")
	writeFile(t, filepath.Join(dir, "count_3.txt"), "Bad count\n\nBad count\nSat Sep 3, 2016 11:00:00\n\nBody three.\n\n\nstring(abc) \"[{\"id\":\"9\",\"title\":\"Recovered story\",\"pic\":\"/v.MP4?v=2\"} ]\"")
	writeFile(t, filepath.Join(dir, "picture.txt"), "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

	list := run(t, "list", dir)
	if list.code != 1 {
		t.Errorf("list: exit %d, want 1 (the picture is refused)", list.code)
	}
	for _, want := range []string{"Stray NULs", "Only a headline", "Bad count  (1 related)"} {
		if !strings.Contains(list.stdout, want) {
			t.Errorf("list lacks %q:\n%s", want, list.stdout)
		}
	}
	for _, want := range []string{
		filepath.Join(dir, "picture.txt") + ": not an article: a PNG image, not text",
		"nul_1: 3 NUL bytes were dropped from the text",
		"title_2: no date line",
		"count_3: related stories: the block's length \"abc\" is not a number of bytes",
	} {
		if !strings.Contains(list.stderr, want) {
			t.Errorf("list's stderr lacks %q:\n%s", want, list.stderr)
		}
	}

	read := run(t, "read", filepath.Join(dir, "count_3.txt"))
	if read.code != 0 {
		t.Fatalf("read: exit %d: %s", read.code, read.stderr)
	}
	for _, want := range []string{"⚠ related stories: the block's length \"abc\" is not a number of bytes", "Body three.", "1. Recovered story (video, not in your library)"} {
		if !strings.Contains(read.stdout, want) {
			t.Errorf("read lacks %q:\n%s", want, read.stdout)
		}
	}
	if strings.Contains(read.stdout, "string(") {
		t.Errorf("read shows the raw block:\n%s", read.stdout)
	}
	nul := run(t, "read", filepath.Join(dir, "nul_1.txt"))
	if !strings.Contains(nul.stdout, "⚠ 3 NUL bytes were dropped from the text") || !strings.Contains(nul.stdout, "Body one.") {
		t.Errorf("read of the NUL file:\n%s", nul.stdout)
	}
}
