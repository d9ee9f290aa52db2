package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/bubbles/v2/list"

	"bulletin/model"
)

func TestFoldTitleKeepsRunePositions(t *testing.T) {
	for _, s := range []string{
		"", "plain", "Syria’s Army — “Talks” in İstanbul", "ÀÉÎÕÜ straße ΣΑΣ", "bad \xff byte", "日本語のタイトル",
	} {
		f := foldTitle(s)
		if utf8.RuneCountInString(f) != utf8.RuneCountInString(s) {
			t.Errorf("foldTitle(%q) = %q: %d runes, want %d", s, f, utf8.RuneCountInString(f), utf8.RuneCountInString(s))
		}
		if f != foldTitle(f) {
			t.Errorf("foldTitle(%q) = %q is not folded", s, f)
		}
	}
	if got := foldTitle("Syria’s ARMY"); got != "syria’s army" {
		t.Errorf("foldTitle = %q", got)
	}
}

// rows makes list items of titles, as the list holds them.
func rows(titles ...string) []list.Item {
	items := make([]list.Item, len(titles))
	for i, title := range titles {
		items[i] = headline{model.ListingOf(model.Article{Ref: fmt.Sprint(i), Title: title})}
	}
	return items
}

func titlesOf(items []list.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.(headline).title())
	}
	return out
}

func TestFilterOrder(t *testing.T) {
	x := newFilterIndex(rows(
		"Bread prices rise",         // "read" inside a word
		"Readers write in",          // "read" at a word start
		"Rare weather and drought",  // r..e..a..d scattered
		"Nothing to see",            // no match
		"Ministers “read” the bill", // at a word start after a quote
		"Syria’sread",               // after an apostrophe: inside a word
		"READ ALL ABOUT IT",         // at the start, in capitals
	))
	got := titlesOf(x.filter("Read", nil).items)
	want := []string{
		"Readers write in", "Ministers “read” the bill", "READ ALL ABOUT IT", // word starts, newest first
		"Bread prices rise", "Syria’sread", // inside words
		"Rare weather and drought", // scattered
	}
	if !slices.Equal(got, want) {
		t.Errorf("filter read:\n got %q\nwant %q", got, want)
	}
	if got := x.filter("", nil).items; len(got) != 7 {
		t.Errorf("an empty filter kept %d of 7", len(got))
	}
	if got := x.filter("xyz", nil).items; len(got) != 0 {
		t.Errorf("xyz kept %q", titlesOf(got))
	}
}

func TestMatchPositions(t *testing.T) {
	tests := []struct {
		q, title string
		want     []int
	}{
		{"read", "Bread and Readers", []int{10, 11, 12, 13}}, // the word start wins
		{"read", "Bread", []int{1, 2, 3, 4}},
		{"rdng", "Reading an article", []int{0, 3, 5, 6}},
		// Tightened: the last run of r..d before the end, not the first r.
		{"rd", "Rare birds", []int{7, 8}},
		{"’s", "Syria’s army", []int{5, 6}},
		{"ar", "Syria’s “army”", []int{9, 10}}, // rune positions, after multi-byte runes
		{"zz", "Syria", nil},
	}
	for _, tt := range tests {
		got := matchPositions(foldTitle(tt.q), foldTitle(tt.title))
		if !slices.Equal(got, tt.want) {
			t.Errorf("matchPositions(%q, %q) = %v, want %v", tt.q, tt.title, got, tt.want)
		}
	}
}

// TestFilterNarrowingMatchesFullScan checks that a filter narrowed from an
// earlier result finds what a filter over every row finds, on titles with
// multi-byte characters, across the chunks of a parallel scan.
func TestFilterNarrowingMatchesFullScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("syria talks minister warns court pipeline ghana budget “rare” army’s — état 日本 rd")
	titles := make([]string, 20000)
	for i := range titles {
		var b strings.Builder
		for k := range 3 + r.IntN(6) {
			if k > 0 {
				b.WriteByte(' ')
			}
			w := words[r.IntN(len(words))]
			if r.IntN(3) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		titles[i] = b.String()
	}
	x := newFilterIndex(rows(titles...))
	for _, q := range []string{"syria talks", "minister", "rd", "état", "日本 r", "’s —"} {
		var prev *filterResult
		for k := range q {
			if k == 0 {
				continue
			}
			term := q[:k]
			if !utf8.ValidString(term) {
				continue
			}
			narrow := x.filter(term, prev)
			full := x.filter(term, nil)
			if !slices.Equal(titlesOf(narrow.items), titlesOf(full.items)) {
				t.Fatalf("%q narrowed from %q: %d matches, a full scan %d", term, prev.term, len(narrow.items), len(full.items))
			}
			for i, it := range full.items {
				if pos := full.positions(it.(headline).FilterValue()); len(pos) != utf8.RuneCountInString(term) {
					t.Fatalf("%q matches %q at %v", term, titlesOf(full.items[i:i+1]), pos)
				}
			}
			prev = narrow
		}
		if full := x.filter(q, nil); len(full.items) == 0 {
			t.Errorf("%q matched nothing", q)
		}
	}
}

func TestFilterResultForOtherRowsDropped(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "ke")
	old := m.headlines.index
	// The library grows: a result for the old rows is dropped.
	m.headlines.setItems(m.headlines.all, false)
	stale := old.filter("ke", nil)
	stale.items = nil
	m = send(t, m, stale)
	if got := len(m.headlines.list.Items()); got == 0 {
		t.Fatal("a result for the old rows was applied")
	}
}
