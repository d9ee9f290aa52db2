package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/model"
)

func TestCompileQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"havana pipeline", `"havana" AND "pipeline"`},
		{`"foreign minister" talks`, `"foreign minister" AND "talks"`},
		{"elect*", `"elect" *`},
		{`“curly quotes” too`, `"curly quotes" AND "too"`},
		{`"an open phrase`, `"an open phrase"`},
		{"AND OR NOT", `"AND" AND "OR" AND "NOT"`},
		{`* " ( ) : ^ - + ""`, ``},
		{"title:x NEAR(a b)", `"title:x" AND "NEAR(a" AND "b)"`},
		{`it's "say ""no"""`, `"it's" AND "say" AND "no"`},
		{"  café\tCAFÉ\n", `"café" AND "CAFÉ"`},
		{"gas\x00 pipe\x00line", `"gas" AND "pipeline"`},
		{"\"gas\x00\" \x1b[31mred\x1b[0m", `"gas" AND "red"`},
		{"elect\x00*", `"elect" *`},
	}
	for _, tt := range tests {
		if got, _ := compileQuery(tt.in, nil); got != tt.want {
			t.Errorf("compileQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// searchLibrary is a small library on two topics, indexed in full.
func searchLibrary(t testing.TB) (*Library, string) {
	t.Helper()
	dir := t.TempDir()
	files := []struct{ name, title, date, body string }{
		{"p1", "Gas Pipeline Deal Signed in Havana", day(1), "The gas pipeline will run from the coast. Officials hailed the pipeline deal."},
		{"p2", "Pipeline Talks Stall", day(2), "Talks on the gas pipeline stalled over prices, officials said."},
		{"p3", "Havana Hosts Energy Summit", day(3), "Energy ministers met in Havana to discuss a gas pipeline and prices."},
		{"p4", "Drilling Begins Offshore", day(4), "Drilling for gas began offshore; a pipeline to the coast is planned."},
		{"e1", "Election Day Set", day(5), "The election commission set the day of the vote. Candidates registered for the ballot."},
		{"e2", "Candidates Debate Before Election", day(6), "Election candidates debated taxes; the ballot opens next week."},
		{"e3", "Ballot Counting Continues", day(7), "Officials counted ballots through the night after the election."},
		{"o1", "Floods Hit the North", day(8), "Heavy rain flooded rivers in the north. Rescue teams worked through the night."},
		{"o2", "Café Owners Protest Rents", "", "Owners of cafés protested new rents in the capital."},
	}
	for _, f := range files {
		writeFile(t, filepath.Join(dir, f.name+".txt"), articleFile(f.title, f.date, f.body, "[]"))
	}
	lib := openTemp(t).Library(openFolder(t, dir))
	update(t, lib)
	if err := lib.IndexText(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return lib, filepath.Base(dir) + "/"
}

func refsOf(hits []model.Hit, prefix string) []string {
	var out []string
	for _, h := range hits {
		out = append(out, strings.TrimPrefix(h.Ref, prefix))
	}
	return out
}

func TestSearch(t *testing.T) {
	lib, prefix := searchLibrary(t)
	ctx := context.Background()
	tests := []struct {
		query string
		want  []string // in order; nil for "no hits"
		sets  bool     // compare as sets: the order is bm25's business
	}{
		{"pipeline", []string{"p2", "p1", "p3", "p4"}, true},
		{"havana pipeline", []string{"p1", "p3"}, true},
		{`"gas pipeline"`, []string{"p1", "p2", "p3"}, true},
		{"ballot*", []string{"e1", "e2", "e3"}, true},
		{"elect*", []string{"e1", "e2", "e3"}, true},
		{"cafe", []string{"o2"}, false},
		{"CAFÉS", []string{"o2"}, false},
		{"nothing-like-this", nil, false},
	}
	for _, tt := range tests {
		hits, err := lib.Search(ctx, tt.query, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", tt.query, err)
			continue
		}
		got := refsOf(hits, prefix)
		want := slices.Clone(tt.want)
		if tt.sets {
			slices.Sort(got)
			slices.Sort(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %q, want %q", tt.query, got, want)
		}
	}
	// A title counts more than the body: both p2 and p1 have the word in
	// their title; p3 and p4 only in the body.
	hits, _ := lib.Search(ctx, "pipeline", 10)
	if got := refsOf(hits, prefix); len(got) != 4 || !slices.Contains(got[:2], "p1") || !slices.Contains(got[:2], "p2") {
		t.Errorf("Search(pipeline) ranked %q: title matches first", got)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("scores not in order: %v", hits)
		}
	}
	if hits, _ := lib.Search(ctx, "pipeline", 2); len(hits) != 2 {
		t.Errorf("limit 2 gave %d hits", len(hits))
	}
}

func TestSearchSnippets(t *testing.T) {
	lib, prefix := searchLibrary(t)
	hits, err := lib.Search(context.Background(), `"gas pipeline" hav*`, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range hits {
		got[strings.TrimPrefix(h.Ref, prefix)] = h.Snippet
	}
	want := map[string]string{
		"p1": "The \x01gas pipeline\x02 will run from the coast. Officials hailed the pipeline deal.",
		"p3": "Energy ministers met in \x01Havana\x02 to discuss a \x01gas pipeline\x02 and prices.",
	}
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("snippet of %s = %q, want %q", ref, got[ref], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("hits %q", got)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here. ", 20)
	body := long + "The minister signed\n\nthe pipeline deal today. " + long
	terms := func(q string) []queryTerm { _, ts := compileQuery(q, nil); return ts }
	tests := []struct {
		name, body, query, want string
		n                       int
	}{
		{"window around the match", body, "pipeline", "…signed the \x01pipeline\x02 deal today. filler words here…", 8},
		{"the most terms win", "pipeline alone. Then much later, with more words: the minister and the pipeline.", "minister pipeline", "…with more words: the \x01minister\x02 and the \x01pipeline\x02.", 8},
		{"phrase marked whole", "a gas pipeline and a gas field", `"gas pipeline"`, "a \x01gas pipeline\x02 and a gas field", 10},
		{"prefix", "Electoral rolls and elections", "elect*", "\x01Electoral\x02 rolls and \x01elections\x02", 10},
		{"no match: the start", "Nothing matches in this body at all", "zebra", "Nothing matches in this…", 4},
		{"accents", "Le café est fermé", "cafe ferme", "Le \x01café\x02 est \x01fermé\x02", 10},
	}
	for _, tt := range tests {
		if got := snippet(tt.body, terms(tt.query), tt.n); got != tt.want {
			t.Errorf("%s: snippet = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A control character pasted into a query is cleaned out; it used to end
// the quoted FTS5 string early, and the search failed with SQLite's
// "unterminated string".
func TestSearchWithControlCharacters(t *testing.T) {
	lib, prefix := searchLibrary(t)
	for _, q := range []string{"havana\x00", "\x00havana", "hav\x00ana", `"havana` + "\x00" + `"`, "hava\x00*", "\x1b]0;title\x07havana", "havana\x7f"} {
		hits, err := lib.Search(context.Background(), q, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		if got := refsOf(hits, prefix); !slices.Equal(sorted(got), []string{"p1", "p3"}) {
			t.Errorf("Search(%q) = %q, want the two Havana articles", q, got)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// A query of hundreds of words (a pasted article) is refused with a
// message, instead of keeping the search busy for seconds.
func TestSearchRefusesAHugeQuery(t *testing.T) {
	lib, _ := searchLibrary(t)
	q := strings.Repeat("pipeline ", maxQueryTerms+1)
	_, err := lib.Search(context.Background(), q, 10)
	if !errors.Is(err, ErrQuery) || !strings.Contains(err.Error(), fmt.Sprintf("%d words or phrases", maxQueryTerms+1)) {
		t.Fatalf("Search of %d words: %v", maxQueryTerms+1, err)
	}
	// Punctuation is no term: a query of it costs nothing.
	if hits, err := lib.Search(context.Background(), strings.Repeat("* ", 1000)+"pipeline", 10); err != nil || len(hits) != 4 {
		t.Fatalf("punctuation and one word: %d hits, %v", len(hits), err)
	}
	if hits, err := lib.Search(context.Background(), strings.Repeat("pipeline ", maxQueryTerms), 10); err != nil || len(hits) != 4 {
		t.Fatalf("%d words: %d hits, %v", maxQueryTerms, len(hits), err)
	}
}

// No input makes search fail but for a query error (ErrQuery, in words),
// never an SQL error, and a snippet is clean text with marks.
func FuzzSearchQuery(f *testing.F) {
	for _, q := range []string{"gas\x00pipeline", "\x00\"", "a\x00*", "\"a\x00b\" c", "NEAR(a\x00", "\x1b[2Jhavana", "title:\x00", strings.Repeat("w ", 70), strings.Repeat("p* ", 65), "{body title}: x", "- a", "a:b:c", "\"\"\"", "\x7f\u0085\u2028"} {
		f.Add(q)
	}
	for _, q := range []string{`"`, `""`, `"a" "`, `*`, `a*b`, `-a`, `a OR b`, `NOT a`, `a AND`, `NEAR(a, b)`, `{title}: a`, `title:a`, `^a`, `a + b`, `(a`, `a)`, `'a'`, "\x00", "\x1b[2J", "\u202e", "\xff", `a"b"c`, `"" ""`, "pipe*line", "***", "a\\b"} {
		f.Add(q)
	}
	lib, _ := searchLibrary(f)
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := lib.Search(context.Background(), q, 5)
		if err != nil && (!errors.Is(err, ErrQuery) || strings.Contains(strings.ToLower(err.Error()), "sql")) {
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, h := range hits {
			plain := strings.NewReplacer(model.MarkStart, "", model.MarkEnd, "").Replace(h.Snippet)
			if msg := model.Unclean(plain, false); msg != "" {
				t.Errorf("Search(%q) snippet %q: %s", q, h.Snippet, msg)
			}
		}
	})
}

func TestSearchStaysInTheLibrary(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var dirs []string
	for i := range 2 {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "a.txt"), articleFile(fmt.Sprintf("Pipeline story %d", i), day(1+i), "Body.", "[]"))
		dirs = append(dirs, dir)
		lib := db.Library(openFolder(t, dir))
		update(t, lib)
		if err := lib.IndexText(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	lib := db.Library(openFolder(t, dirs[0]))
	hits, err := lib.Search(ctx, "pipeline", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Title != "Pipeline story 0" {
		t.Errorf("hits = %+v, want only the library's story 0", hits)
	}
	if a, ok, err := lib.Lookup(ctx, hits[0].Ref); err != nil || !ok || a.Title != "Pipeline story 0" {
		t.Errorf("Lookup(%s) = %+v, %v, %v", hits[0].Ref, a, ok, err)
	}
	// The hit opens: it carries its loader.
	if full, err := model.Load(ctx, &hits[0].Article); err != nil || full.Body != "Body." {
		t.Errorf("Load(hit) = %q, %v", full.Body, err)
	}
}

// A search bounded to its newest matches still ranks the older ones with
// the word in their title, up to its own bound: "pipeline" is in the
// titles of p1 and p2, and in the bodies of p3 and p4 (the newest).
func TestSearchDepthRanksTheNewestMatchesAndTitleMatches(t *testing.T) {
	lib, prefix := searchLibrary(t)
	for _, c := range []struct {
		depth, titleDepth int
		want              []string
	}{
		{1, 10, []string{"p1", "p2", "p4"}},
		{1, 1, []string{"p2", "p4"}},
		{2, 1, []string{"p2", "p3", "p4"}},
	} {
		lib.SearchDepth, lib.TitleDepth = c.depth, c.titleDepth
		hits, err := lib.Search(context.Background(), "pipeline", 10)
		if err != nil {
			t.Fatal(err)
		}
		got := refsOf(hits, prefix)
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("depth %d, title depth %d: %q, want %q", c.depth, c.titleDepth, got, c.want)
		}
	}
}

func TestSimilar(t *testing.T) {
	lib, prefix := searchLibrary(t)
	ctx := context.Background()
	for ref, want := range map[string][]string{"p1": {"p2", "p3", "p4"}, "e2": {"e1", "e3"}} {
		hits, err := lib.Similar(ctx, prefix+ref, 3)
		if err != nil {
			t.Fatal(err)
		}
		got := refsOf(hits, prefix)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("Similar(%s) = %q, want the others of its topic %q", ref, got, want)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("Similar(%s): scores not in order: %+v", ref, hits)
			}
		}
	}
	if hits, _ := lib.Similar(ctx, prefix+"p1", 1); len(hits) != 1 {
		t.Errorf("Similar with limit 1: %d hits", len(hits))
	}
	if hits, err := lib.Similar(ctx, prefix+"no-such", 5); err != nil || len(hits) != 0 {
		t.Errorf("Similar(unknown ref) = %v, %v; want none", hits, err)
	}
	// The window of articles nearest in date: p4's neighbours are p3 and
	// e1, so p1 and p2 are not ranked.
	lib.SimilarDepth = 2
	hits, err := lib.Similar(ctx, prefix+"p4", 5)
	if err != nil {
		t.Fatal(err)
	}
	got := refsOf(hits, prefix)
	if len(got) == 0 || got[0] != "p3" || slices.Contains(got, "p1") || slices.Contains(got, "p2") {
		t.Errorf("Similar(p4) with depth 2 = %q, want p3 first and nothing outside [p3 e1]", got)
	}
}

// A prefix expanded to its words finds what FTS5's own prefix query finds.
func TestPrefixExpansion(t *testing.T) {
	lib, _ := searchLibrary(t)
	ctx := context.Background()
	ids := func(expr string) []int64 {
		t.Helper()
		rows, err := lib.db.sql.QueryContext(ctx, `SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid`, expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	expanded := 0
	for _, q := range []string{"pipe*", "elect*", "ca*", "ball*", "o*", "t*", "gas pipe*", "zz*"} {
		native, _ := compileQuery(q, nil)
		expr, _ := compileQuery(q, func(p string) []string {
			words := lib.db.expandPrefix(ctx, p)
			if words != nil {
				expanded++
			}
			return words
		})
		if got, want := ids(expr), ids(native); !slices.Equal(got, want) {
			t.Errorf("%q: expanded %s finds %v, FTS5's prefix %s finds %v", q, expr, got, native, want)
		}
	}
	if expanded == 0 {
		t.Error("no prefix was expanded")
	}
}

// Words of articles indexed since the last word count are found by prefix.
func TestNewWordsAreFoundByPrefix(t *testing.T) {
	dir := t.TempDir()
	for i := range 30 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%d.txt", i)), articleFile(fmt.Sprintf("Pipeline story %d", i), day(1+i%28), "The pipeline grows.", "[]"))
	}
	lib := openTemp(t).Library(openFolder(t, dir))
	ctx := context.Background()
	index := func() {
		t.Helper()
		update(t, lib)
		if err := lib.IndexText(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	index()
	writeFile(t, filepath.Join(dir, "new.txt"), articleFile("Pipework", day(2), "New pipework was laid.", "[]"))
	index()
	hits, err := lib.Search(ctx, "pipe*", 50)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		found = found || h.Title == "Pipework"
	}
	if len(hits) != 31 || !found {
		t.Errorf("pipe* found %d articles (the new one: %v), want 31 with it", len(hits), found)
	}
}
