package model

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchWords make headlines for the in-memory library; model may not import
// the synthetic corpus generator, so the articles are built here.
var benchWords = strings.Fields(`Syria Iraq Yemen Iran Turkey Egypt Russia China France Brazil Kenya
	Minister Army Court Bank Council Police Rebels Officials Lawmakers Envoy
	Backs Rejects Warns Signs Halts Extends Probes Hails Urges Approves Blocks
	New Deadly Joint Rare Key Border Nuclear Economic Regional Temporary
	Talks Deal Sanctions Strike Ceasefire Election Budget Protest Summit Pipeline
	Floods Drought Vaccine Tariffs Exports Convoy Inquiry Verdict Alliance Port`)

// benchTitle makes a headline of 6 to 11 words; a fifth carry a curly
// possessive, a tenth an em dash.
func benchTitle(r *rand.Rand) string {
	var b strings.Builder
	for k := range 6 + r.IntN(6) {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(benchWords[r.IntN(len(benchWords))])
		switch r.IntN(50) {
		case 0, 1:
			b.WriteString("\u2019s")
		case 2:
			b.WriteString(" \u2014")
		}
	}
	return b.String()
}

const benchLibrarySize = 100_000

// benchFolder stands for the folder the articles were listed from.
var benchFolder = &fileLoader{name: "bench"}

// benchArticles builds n listed articles: id, title, ref and date, no files.
// They are returned shuffled, as parallel scan workers deliver them.
func benchArticles(n int) []Article {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2014, 3, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]Article, n)
	for i := range arts {
		id := strconv.Itoa(1_200_000 + 5*i)
		arts[i] = Article{
			Ref:       fmt.Sprintf("bench/%02d/%06d_%s", i/1000, i, id),
			Source:    "bench",
			ID:        id,
			Title:     benchTitle(r),
			Published: start.Add(time.Duration(i) * 15 * time.Minute).Add(time.Duration(r.IntN(600)) * time.Second),
			HasDate:   true,
			// Listed from a folder: the body is read again when opened.
			Origin: benchFolder,
		}
	}
	r.Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	return arts
}

// BenchmarkResolve resolves related items against a library of 100,000
// articles; one op is one resolution.
//
//   - id: the id is in the library (one map lookup);
//   - title: the id is unknown, so the title is normalised and looked up,
//     retyped in upper case or with straight quotes half the time;
//   - miss: neither id nor title is known (both lookups fail);
//   - mixed: the corpus's proportions, 70% id, 10% title, 20% miss.
func BenchmarkResolve(b *testing.B) {
	arts := benchArticles(benchLibrarySize)
	lib := NewLibrary()
	lib.Add(arts...)
	r := rand.New(rand.NewPCG(3, 4))
	const items = 8192
	kinds := map[string]func() Related{
		"id": func() Related {
			a := arts[r.IntN(len(arts))]
			return Related{ID: a.ID, Title: a.Title}
		},
		"title": func() Related {
			a := arts[r.IntN(len(arts))]
			t := a.Title
			switch r.IntN(4) {
			case 0:
				t = strings.ToUpper(t)
			case 1:
				t = strings.ReplaceAll(t, "\u2019", "'")
			}
			return Related{ID: "9" + a.ID, Title: t}
		},
		"miss": func() Related {
			return Related{ID: strconv.Itoa(100_000 + r.IntN(1_000_000)), Title: "Unknown " + benchTitle(r)}
		},
	}
	kinds["mixed"] = func() Related {
		switch u := r.IntN(10); {
		case u < 7:
			return kinds["id"]()
		case u < 8:
			return kinds["title"]()
		}
		return kinds["miss"]()
	}
	for _, name := range []string{"id", "title", "miss", "mixed"} {
		rel := make([]Related, items)
		for k := range rel {
			rel[k] = kinds[name]()
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i, found := 0, 0
			for b.Loop() {
				if _, ok := lib.Resolve(rel[i]); ok {
					found++
				}
				i = (i + 1) % items
			}
			if name == "id" && found != b.N || name == "miss" && found != 0 {
				b.Fatalf("%s: %d of %d resolved", name, found, b.N)
			}
		})
	}
}

// BenchmarkLibraryAdd100k builds a library of 100,000 listed articles and
// sorts it once (the first Articles call), as a listing of a large folder
// does. One op is the whole build; ns/article is reported too.
func BenchmarkLibraryAdd100k(b *testing.B) {
	arts := benchArticles(benchLibrarySize)
	b.ReportAllocs()
	for b.Loop() {
		lib := NewLibrary()
		lib.Add(arts...)
		if got := lib.Articles(); len(got) != len(arts) || got[0].Published().Before(got[1].Published()) {
			b.Fatal("library not sorted newest first")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(arts)), "ns/article")
}
