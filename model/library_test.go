package model

import (
	"strings"
	"testing"
	"time"
)

func TestLibraryNewestFirstUndatedLast(t *testing.T) {
	lib := NewLibrary()
	day := func(d int) time.Time { return time.Date(2016, 9, d, 12, 0, 0, 0, time.UTC) }
	lib.Add(
		Article{Ref: "s/old", Title: "Old", Published: day(1), HasDate: true},
		Article{Ref: "s/undated", Title: "Undated"},
		Article{Ref: "s/new", Title: "New", Published: day(3), HasDate: true},
		Article{Ref: "s/mid", Title: "Mid", Published: day(2), HasDate: true},
	)
	var got []string
	for _, a := range lib.Articles() {
		got = append(got, a.Ref)
	}
	want := []string{"s/new", "s/mid", "s/old", "s/undated"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

// Undated feed items come after every dated article, the most recently
// seen first, and undated files (never seen by a feed) after them by ref.
func TestLibraryUndatedBySeen(t *testing.T) {
	lib := NewLibrary()
	seen := func(h int) time.Time { return time.Date(2026, 3, 1, h, 0, 0, 0, time.UTC) }
	lib.Add(
		Article{Ref: "f/b-seen-early", Seen: seen(1), DateText: "next week"},
		Article{Ref: "d/file"},
		Article{Ref: "f/a-seen-late", Seen: seen(9)},
		Article{Ref: "f/dated-long-ago", Published: time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), HasDate: true},
	)
	var got []string
	for _, a := range lib.Articles() {
		got = append(got, a.Ref)
	}
	want := "f/dated-long-ago f/a-seen-late f/b-seen-early d/file"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}

func TestLibraryAddReplacesSameRef(t *testing.T) {
	lib := NewLibrary()
	lib.Add(Article{Ref: "s/a", Title: "First"})
	lib.Add(Article{Ref: "s/a", Title: "Second"})
	if lib.Len() != 1 {
		t.Fatalf("len = %d, want 1", lib.Len())
	}
	if a, _ := lib.ByRef("s/a"); a.Title != "Second" {
		t.Errorf("title = %q", a.Title)
	}
}

// A row the reader drew from an article keeps the version it was drawn
// from (a filter may be reading it), while the library, its order and its
// links move to the new version.
func TestLibraryReplaceLeavesOldVersionAlone(t *testing.T) {
	lib := NewLibrary()
	lib.Add(Article{Ref: "s/a", ID: "7", Title: "First", HasDate: true, Published: time.Unix(100, 0)},
		Article{Ref: "s/b", Title: "Other", HasDate: true, Published: time.Unix(200, 0)})
	lib.Link()
	old, _ := lib.ByRef("s/a")
	lib.Add(Article{Ref: "s/a", ID: "7", Title: "First", HasDate: true, Published: time.Unix(300, 0)},
		Article{Ref: "s/a", ID: "7", Title: "First", HasDate: true, Published: time.Unix(400, 0)})
	if old.Published().Unix() != 100 {
		t.Errorf("the old version changed: published %d", old.Published().Unix())
	}
	if got := lib.Articles(); len(got) != 2 || got[0].Ref != "s/a" || got[0].Published().Unix() != 400 {
		t.Fatalf("articles = %v, want s/a (published 400) first of 2", got)
	}
	for _, r := range []Related{{ID: "7"}, {Title: "first"}} {
		if a, ok := lib.Resolve(r); !ok || a.Published().Unix() != 400 {
			t.Errorf("Resolve(%+v) = %v, %v, want the newest version", r, a, ok)
		}
	}
}

func TestResolve(t *testing.T) {
	lib := NewLibrary()
	lib.Add(
		Article{Ref: "s/1856739", ID: "1856739", Title: "Russian Jets Bomb Terrorists’ Positions"},
		Article{Ref: "s/hash", Title: "Turkish Army Sends More Tanks — to Northern Syria"},
		Article{Ref: "s/quotes", Title: "He said “no” to Q&A"},
	)
	tests := []struct {
		name string
		r    Related
		want string // ref, "" for not in the library
	}{
		{"by id", Related{ID: "1856739", Title: "another title"}, "s/1856739"},
		{"by title, straight quote", Related{ID: "999", Title: "russian jets bomb terrorists' positions"}, "s/1856739"},
		{"by title, dash and spaces", Related{Title: "Turkish  Army Sends More Tanks - to Northern   Syria"}, "s/hash"},
		{"by title, entities and quotes", Related{Title: "He said &quot;no&quot; to Q&amp;A"}, "s/quotes"},
		{"nowhere", Related{ID: "5", Title: "Not here"}, ""},
		{"empty", Related{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := lib.Resolve(tt.r)
			switch {
			case tt.want == "" && ok:
				t.Errorf("resolved to %s, want not in the library", a.Ref)
			case tt.want != "" && (!ok || a.Ref != tt.want):
				t.Errorf("resolved to %v (%v), want %s", a, ok, tt.want)
			}
		})
	}
}

func TestResolveLongTitleAndLateAdds(t *testing.T) {
	long := strings.Repeat("Very long headline words ", 40)
	lib := NewLibrary()
	lib.Add(Article{Ref: "s/long", Title: long})
	if a, ok := lib.Resolve(Related{Title: strings.ToUpper(long)}); !ok || a.Ref != "s/long" {
		t.Fatalf("long title did not resolve")
	}
	// Articles added after a first Resolve are found too.
	lib.Add(Article{Ref: "s/late", ID: "77", Title: "Late"})
	if a, ok := lib.Resolve(Related{ID: "77"}); !ok || a.Ref != "s/late" {
		t.Fatalf("late article did not resolve by id")
	}
	if a, ok := lib.Resolve(Related{Title: "late"}); !ok || a.Ref != "s/late" {
		t.Fatalf("late article did not resolve by title")
	}
}
