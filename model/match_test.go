package model

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestFoldMatchesNFD holds the table of Latin bases to Unicode: a letter
// whose lower case is Latin folds to the base of its decomposition.
func TestFoldMatchesNFD(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Mn, r) || !utf8.ValidRune(r) {
			continue
		}
		l := unicode.ToLower(r)
		want := l
		if l < 0x250 || l >= 0x1e00 && l < 0x1f00 {
			if base, size := utf8.DecodeRune(norm.NFD.Bytes([]byte(string(l)))); size > 0 && base < 0x250 {
				want = base
			}
		}
		if got := string(AppendFolded(nil, r)); got != string(want) {
			t.Fatalf("AppendFolded(%U) = %q, want %q", r, got, string(want))
		}
	}
}

func TestMatcher(t *testing.T) {
	for _, c := range []struct {
		query, text string
		want        bool
	}{
		{"horoscope", "Your Horoscope for Tuesday", true},
		{"horoscope", "Horoscopes", false},
		{"horo*", "Horoscopes today", true},
		{"crème brûlée", "CREME BRULEE recipe", true},
		{"Zürich bank", "bank news from zurich", true},
		{"zürich bank", "news from zurich", false},
		{`"sponsored content"`, "This is Sponsored  Content.", true},
		{`"sponsored content"`, "content that is sponsored", false},
		{`"open quote`, "an open quote here", true},
		{"", "anything", false},
		{`*** "" ()`, "anything", false},
		{"AND OR", "and or", true},
		{"élect*", "Election night", true},
		{"vote count", "vote \u0301 count", true},
		{`"vote count"`, "vote \u0301 count", true},
		{"count", "recount", false},
		{"coun*", "a recount", false},
	} {
		if got := NewMatcher(c.query).Match(c.text); got != c.want {
			t.Errorf("NewMatcher(%q).Match(%q) = %v, want %v", c.query, c.text, got, c.want)
		}
	}
}

func TestFiltersHide(t *testing.T) {
	f := NewFilters([]FilterRule{
		{Title: "horoscope"},
		{Feed: "Example Daily", Text: `"sponsored content"`},
		{Author: "staff", Tag: "Sport"},
		{Feed: "https://feeds.example/Tech.xml"},
		{},
	})
	if f.Len() != 4 {
		t.Fatalf("Len = %d, want 4 (the empty rule left out)", f.Len())
	}
	sponsored := map[string]bool{"b": true}
	byStaff := map[string]bool{"g": true}
	hits := func(i int, ref string) (bool, bool) { return i == 1 && sponsored[ref], i == 2 && byStaff[ref] }
	for _, c := range []struct {
		a    Article
		want bool
	}{
		{Article{Ref: "a", Title: "Daily HOROSCOPE"}, true},
		{Article{Ref: "b", Title: "A deal", Source: "example daily"}, true},
		{Article{Ref: "c", Title: "A deal", Source: "Example Daily"}, false},
		{Article{Ref: "b", Title: "A deal", Source: "Other"}, false},
		{Article{Ref: "d", Author: "Sports Staff", Tags: []string{"sport"}}, true},
		{Article{Ref: "d", Author: "Sports Staff", Tags: []string{"news"}}, false},
		{Article{Ref: "e", Feed: "https://feeds.example/tech.xml", Source: "Tech"}, true},
		{Article{Ref: "f", Title: "Markets"}, false},
		// Listed without its author: the store answers.
		{Article{Ref: "g", Tags: []string{"sport"}}, true},
		{Article{Ref: "h", Tags: []string{"sport"}}, false},
	} {
		if got := f.Hides(&c.a, hits); got != c.want {
			t.Errorf("Hides(%+v) = %v, want %v", c.a, got, c.want)
		}
	}
	if (*Filters)(nil).Hides(&Article{Title: "horoscope"}, nil) {
		t.Error("nil filters hide an article")
	}
	if got := strings.Join(f.TextQueries(), "|"); got != `|"sponsored content"||` {
		t.Errorf("TextQueries = %q", got)
	}
	if got := strings.Join(f.AuthorQueries(), "|"); got != `||staff|` {
		t.Errorf("AuthorQueries = %q", got)
	}
}

func FuzzMatcher(f *testing.F) {
	f.Add(`"sponsored content"`, "This is sponsored content.")
	f.Add("horo* crème", "Horoscope: CRÈME")
	f.Add(`"open`, "\x00\x1b[31mopen\xff")
	f.Add("* ** \u201cquote\u201d", "\u201cquote\u201d")
	f.Add("ǅemal İstanbul", "ǆemal i̇stanbul")
	f.Add("a b", "a \u0301 b")
	f.Add("ab*", "\u0301a\u0301b\u0301c")
	f.Fuzz(func(t *testing.T, query, text string) {
		m := NewMatcher(query)
		got := m.Match(text)
		if m.Empty() && got {
			t.Fatalf("an empty query %q matched %q", query, text)
		}
		// A text matches itself as a query of its words.
		if words := FoldedWords(text); len(words) > 0 && len(words) < 50 {
			if !NewMatcher(strings.Join(words, " ")).Match(text) {
				t.Fatalf("the words of %q do not match it", text)
			}
		}
	})
}

// refMatcher answers queries from maps, and records what it was asked.
type refMatcher struct {
	refs, authors map[string]map[string]bool
	asked         []string
}

func (m *refMatcher) MatchRefs(_ context.Context, q string) (map[string]bool, error) {
	m.asked = append(m.asked, "text:"+q)
	return m.refs[q], nil
}

func (m *refMatcher) AuthorRefs(_ context.Context, q string) (map[string]bool, error) {
	m.asked = append(m.asked, "author:"+q)
	return m.authors[q], nil
}

func TestFiltersAskStore(t *testing.T) {
	f := NewFilters([]FilterRule{{Title: "horoscope"}, {Text: `"sponsored content"`}, {Author: "staff"}})
	if !f.AsksStore() {
		t.Error("AsksStore = false with a text and an author rule")
	}
	if NewFilters([]FilterRule{{Title: "horoscope", Tag: "x"}}).AsksStore() || (*Filters)(nil).AsksStore() {
		t.Error("AsksStore = true without a text or an author rule")
	}
	rm := &refMatcher{refs: map[string]map[string]bool{`"sponsored content"`: {"b": true}},
		authors: map[string]map[string]bool{"staff": {"g": true}}}
	h, err := f.AskStore(context.Background(), rm)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rm.asked, "|"); got != `text:"sponsored content"|author:staff` {
		t.Errorf("the store was asked %q, want each query once and no empty one", got)
	}
	if !f.Hides(&Article{Ref: "b", Title: "A deal"}, h.Hit) || !f.Hides(&Article{Ref: "g"}, h.Hit) {
		t.Error("the store's answers hide nothing")
	}
	if f.Hides(&Article{Ref: "c", Title: "A deal"}, h.Hit) {
		t.Error("an article the store did not find is hidden")
	}
	// The zero FilterHits, before the store answered, matches nothing.
	if text, author := (FilterHits{}).Hit(1, "b"); text || author {
		t.Error("the zero FilterHits matches")
	}
}
