package sources

import (
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"bulletin/model"
)

// outsideID is the one related item of the tour that deliberately points
// outside it, so that readers meet the "not in your library" state.
const outsideID = "9001"

// tourNames returns the tour's file names in name order.
func tourNames(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(Tour().FS, "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 10 || len(names) > 13 {
		t.Fatalf("the tour has %d articles, want 10 to 13", len(names))
	}
	return names
}

// parseTour parses every tour file in full, in name order.
func parseTour(t *testing.T) []model.Article {
	t.Helper()
	var out []model.Article
	for _, name := range tourNames(t) {
		data, err := fs.ReadFile(Tour().FS, name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, a)
	}
	return out
}

func TestTourFilesParse(t *testing.T) {
	for _, a := range parseTour(t) {
		if len(a.Warnings) > 0 {
			t.Errorf("%s: warnings %q", a.ID, a.Warnings)
		}
		if a.ID == "" {
			t.Errorf("%q: no id in the file name", a.Title)
		}
		if !a.HasDate {
			t.Errorf("%s: no date", a.ID)
		}
		if strings.TrimSpace(a.Body) == "" {
			t.Errorf("%s: empty body", a.ID)
		}
		if n := len(a.Related); n < 2 || n > 6 {
			t.Errorf("%s: %d related items, want 2 to 6", a.ID, n)
		}
		if a.RelatedCount != len(a.Related) {
			t.Errorf("%s: RelatedCount %d, Related %d", a.ID, a.RelatedCount, len(a.Related))
		}
		// The body is shown as plain text: markdown marks would show literally.
		if strings.ContainsAny(a.Body, "*#`") {
			t.Errorf("%s: the body holds markdown marks", a.ID)
		}
	}
}

// TestTourLayout checks the bytes the parser forgives: the tour is the
// reference example of the file layout, so it must follow it exactly.
func TestTourLayout(t *testing.T) {
	for _, name := range tourNames(t) {
		data, err := fs.ReadFile(Tour().FS, name)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
			t.Errorf("%s: starts with a byte order mark", name)
		case bytes.IndexByte(data, '\r') >= 0:
			t.Errorf("%s: has a carriage return", name)
		case bytes.HasSuffix(data, []byte("\n")):
			t.Errorf("%s: ends with a newline", name)
		}
		lines := strings.Split(string(data), "\n")
		if len(lines) < 9 {
			t.Errorf("%s: only %d lines", name, len(lines))
			continue
		}
		if lines[1] != "" || lines[2] != lines[0] || lines[4] != "" {
			t.Errorf("%s: the head is not title, empty, title, date, empty", name)
		}
		if _, text, ok := parseDate([]byte(lines[3])); !ok || text != lines[3] {
			t.Errorf("%s: line 4 %q is not a date line", name, lines[3])
		}
		n := len(lines)
		if lines[n-2] != "" || lines[n-3] != "" || lines[n-4] == "" {
			t.Errorf("%s: the body is not followed by exactly two empty lines", name)
		}
		if !strings.HasPrefix(lines[n-1], "string(") {
			t.Errorf("%s: the last line is not the related block", name)
		}
		for i, l := range lines[5 : n-3] {
			if (l == "") != (i%2 == 1) {
				t.Errorf("%s: line %d: paragraphs must be single lines with one empty line between", name, 6+i)
				break
			}
		}
	}
}

// loadTour lists the tour through Scan, as the app does, and loads every
// article in full.
func loadTour(t *testing.T) (*model.Library, []model.Article) {
	t.Helper()
	lib := model.NewLibrary()
	for r := range Tour().Scan(context.Background(), 0) {
		if r.Err != nil {
			t.Fatalf("scan %s: %v", r.Path, r.Err)
		}
		if r.Skipped {
			t.Fatalf("scan skipped %s", r.Path)
		}
		lib.Add(r.Article)
	}
	var full []model.Article
	for _, listed := range lib.Articles() {
		a, err := listed.Load(context.Background())
		if err != nil {
			t.Fatalf("load %s: %v", listed.Ref, err)
		}
		if !a.Loaded {
			t.Fatalf("load %s: not loaded", listed.Ref)
		}
		full = append(full, a)
	}
	return lib, full
}

func TestTourLinksResolve(t *testing.T) {
	lib, full := loadTour(t)
	if lib.Len() != len(tourNames(t)) {
		t.Fatalf("library holds %d articles, want %d", lib.Len(), len(tourNames(t)))
	}
	var unresolved, videos []string
	linkedTo := map[string]bool{}
	for _, a := range full {
		for _, r := range a.Related {
			if r.Video {
				videos = append(videos, a.ID+"->"+r.ID)
			}
			target, ok := lib.Resolve(r)
			if !ok {
				unresolved = append(unresolved, r.ID)
				continue
			}
			if target.ID != r.ID {
				t.Errorf("%s: related %s %q resolved to %s", a.ID, r.ID, r.Title, target.ID)
			}
			if target.Title != r.Title {
				t.Errorf("%s: related %s is titled %q, the article %q", a.ID, r.ID, r.Title, target.Title)
			}
			if target.ID == a.ID {
				t.Errorf("%s: links to itself", a.ID)
			}
			linkedTo[target.ID] = true
		}
	}
	if !slices.Equal(unresolved, []string{outsideID}) {
		t.Errorf("unresolved related items %q, want exactly [%s]", unresolved, outsideID)
	}
	if len(videos) != 1 {
		t.Errorf("video items %q, want exactly one", videos)
	}
	// Every article is reachable from another one.
	for _, a := range full {
		if !linkedTo[a.ID] {
			t.Errorf("%s %q: no tour article links to it", a.ID, a.Title)
		}
	}
}

func TestTourWelcomeFirst(t *testing.T) {
	_, full := loadTour(t)
	if full[0].Title != "Welcome to bulletin" {
		t.Errorf("the newest tour article is %q, want the welcome", full[0].Title)
	}
}

func TestTourOrder(t *testing.T) {
	lib, _ := loadTour(t)
	var paths []string
	for i, a := range lib.Articles() {
		paths = append(paths, a.Path)
		if i > 0 && !a.Published().Before(lib.Articles()[i-1].Published()) {
			t.Errorf("%s is not older than the article before it", a.Path)
		}
	}
	if names := tourNames(t); !slices.Equal(paths, names) {
		t.Errorf("listing order %q, want file-name order %q", paths, names)
	}
}
