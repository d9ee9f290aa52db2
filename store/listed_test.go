package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/model"
)

// List reads every field of an article back from its packed row as the
// folder's own scan reads it, whatever the texts hold: spaces and digits
// (the row's separators), bytes beyond ASCII, no date, a date before 1970
// or in a zone west of UTC, warnings, related stories.
func TestListGivesBackWhatTheFolderHolds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "12 34 56.txt"), articleFile("7 8 9 ten", day(1), "Body.", `[{"id":"2","title":"B"},{"id":"3","title":"C"}]`))
	writeFile(t, filepath.Join(dir, "été 2016", "naïve 1_42.txt"), articleFile("Ça déjà vu — 東京", "Sat Sep 3, 2016 10:00:00 -0730", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "old_1.txt"), articleFile("Before the epoch", "Thu Jan 1, 1965 10:00:00", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "u.txt"), articleFile("Undated", "", "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "w_9.txt"), articleFile("Warned", day(4), "Body\x00.", "[]"))
	writeFile(t, filepath.Join(dir, "broken.txt"), "\x00\x01binary")
	folder := openFolder(t, dir)
	lib := openTemp(t).Library(folder)
	update(t, lib)

	var got []string
	results := make(chan model.ScanResult)
	go func() {
		defer close(results)
		err := lib.List(context.Background(), func(r model.ScanResult, _ model.State) error {
			results <- r
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}()
	got = scanned(t, results)
	want := scanned(t, folder.Scan(context.Background(), 2))
	if !slices.Equal(got, want) {
		t.Errorf("List gives\n %q\nthe folder holds\n %q", got, want)
	}
	// The test keeps its point only if the folder has the cases above.
	if !slices.ContainsFunc(want, func(s string) bool { return strings.Contains(s, `"Warned"`) && !strings.Contains(s, "[]") }) {
		t.Errorf("the folder's scan has no warned article: %q", want)
	}
}
