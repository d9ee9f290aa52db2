package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// read REF finds the article through the index, without listing the
// library: its file is read as it is now, its related stories resolve by id
// and by title as in the list, the broken files of the library are still
// reported, and a ref whose file is gone is no article.
func TestReadRefThroughTheIndex(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	dir := filepath.Join(t.TempDir(), "wire")
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Gas Deal Signed", "Thu Sep 1, 2016 10:00:00", "Body a.",
		`[{"id":"2","title":"Anything"},{"id":"77","title":"gas  deal signed"},{"id":"78","title":"Not here"}]`))
	writeFile(t, filepath.Join(dir, "sub", "b_2.txt"), articleFile("Summit Ends", "Fri Sep 2, 2016 10:00:00", "Body b.", `[]`))
	writeFile(t, filepath.Join(dir, "broken.txt"), "\x89PNG\r\n\x1a\n\x00\x00")
	h.ok("add", dir)
	h.run("", "list", "--json")

	// Changed on disk since it was indexed, keeping its size and time.
	path := filepath.Join(dir, "a_1.txt")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	writeFile(t, path, strings.Replace(string(data), "Body a.", "Body A!", 1))
	os.Chtimes(path, st.ModTime(), st.ModTime())

	r := h.run("", "read", "--json", "wire/a_1")
	if r.code != 0 || !strings.Contains(r.stderr, "broken.txt: not an article") {
		t.Fatalf("read: exit %d, stderr %q", r.code, r.stderr)
	}
	var a struct {
		Body    string
		Related []struct{ Ref *string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	if a.Body != "Body A!" {
		t.Errorf("body %q, want the file as it is now", a.Body)
	}
	var refs []string
	for _, rel := range a.Related {
		if rel.Ref == nil {
			refs = append(refs, "-")
		} else {
			refs = append(refs, *rel.Ref)
		}
	}
	if got := strings.Join(refs, " "); got != "wire/sub/b_2 wire/a_1 -" {
		t.Errorf("related resolve to %s", got)
	}
	plain := h.ok("read", "wire/a_1")
	if !strings.Contains(plain.stdout, " 3. Not here (not in your library)") || strings.Contains(plain.stdout, "Summit Ends (not in your library)") {
		t.Errorf("read: %q", plain.stdout)
	}

	os.Remove(filepath.Join(dir, "sub", "b_2.txt"))
	if r := h.run("", "read", "wire/sub/b_2"); r.code != 1 || !strings.Contains(r.stderr, "no article with that ref") {
		t.Errorf("read of a removed file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// A search after the folder was indexed walks only what changed, and still
// sees a file added to a directory and one removed from it.
func TestSearchSeesFilesAddedAndRemoved(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sub", "p1.txt"), articleFile("Gas Pipeline Deal Signed", "Thu Sep 1, 2016 10:00:00", "The gas pipeline will run.", `[]`))
	writeFile(t, filepath.Join(dir, "e1.txt"), articleFile("Election Day Set", "Sat Sep 3, 2016 10:00:00", "The vote is set for May.", `[]`))
	// Directories old enough for their times to be kept.
	old := time.Now().Add(-time.Hour)
	for _, d := range []string{dir, filepath.Join(dir, "sub")} {
		os.Chtimes(d, old, old)
	}
	titlesOf := func(r result) string {
		var out []string
		for _, l := range jsonLines(t, r.stdout) {
			out = append(out, l["title"].(string))
		}
		return strings.Join(out, "|")
	}
	for range 2 {
		if got := titlesOf(h.ok("search", "--json", "pipeline", dir)); got != "Gas Pipeline Deal Signed" {
			t.Fatalf("search: %s", got)
		}
	}
	writeFile(t, filepath.Join(dir, "sub", "p2.txt"), articleFile("Energy Summit", "Fri Sep 2, 2016 10:00:00", "Ministers discussed a new gas pipeline.", `[]`))
	if got := titlesOf(h.ok("search", "--json", "pipeline", dir)); got != "Gas Pipeline Deal Signed|Energy Summit" {
		t.Errorf("after adding a file: %s", got)
	}
	os.Remove(filepath.Join(dir, "sub", "p1.txt"))
	if got := titlesOf(h.ok("search", "--json", "pipeline", dir)); got != "Energy Summit" {
		t.Errorf("after removing a file: %s", got)
	}
}
