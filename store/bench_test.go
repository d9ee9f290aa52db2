package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bulletin/internal/synth"
	"bulletin/model"
)

// Benchmarks on the synthetic corpus of 100,000 files (internal/synth, seed
// 1). They run only with -bench. The corpus and its indexed store are made
// on first use and kept:
//
//	BULLETIN_BENCH_CORPUS  the corpus folder (default
//	                       /tmp/bulletin-bench/n100000-seed1, made if missing)
//	BULLETIN_BENCH_DB      the store (default: bulletin.db beside the corpus,
//	                       as <corpus>.store/bulletin/bulletin.db, indexed
//	                       if missing, which takes a minute or so)
//
// scripts/bench-store.sh runs them with the real binary's timings.

const benchFiles = 100_000

func benchLibrary(b *testing.B) *Library {
	b.Helper()
	corpus := os.Getenv("BULLETIN_BENCH_CORPUS")
	if corpus == "" {
		corpus = filepath.Join(os.TempDir(), "bulletin-bench", fmt.Sprintf("n%d-seed1", benchFiles))
	}
	if _, err := os.Stat(corpus); err != nil {
		b.Logf("generating %d files in %s", benchFiles, corpus)
		if _, err := synth.Generate(corpus, benchFiles, 1); err != nil {
			b.Fatal(err)
		}
	}
	path := os.Getenv("BULLETIN_BENCH_DB")
	if path == "" {
		path = filepath.Join(corpus+".store", "bulletin", "bulletin.db")
	}
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	lib := db.Library(openFolder(b, corpus))
	start := time.Now()
	if err := lib.Update(ctx, nil, nil); err != nil {
		b.Fatal(err)
	}
	if err := lib.IndexText(ctx, nil); err != nil {
		b.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		b.Logf("indexed %s in %v", corpus, d.Round(time.Millisecond))
	}
	return lib
}

// reportPercentiles reports the median, 95th and 99th percentiles of the
// latencies, in milliseconds.
func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(int(p*float64(len(lat))), len(lat)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// benchQueries is a mix of what a reader types: one word (40%), two words
// (30%), a phrase from a headline (15%), a word prefix (15%). Words are drawn
// from the library's own vocabulary, numbers left out.
func benchQueries(b *testing.B, lib *Library, n int) []string {
	b.Helper()
	ctx := context.Background()
	rows, err := lib.db.sql.QueryContext(ctx, `SELECT term FROM terms WHERE docs >= 10 ORDER BY term`)
	if err != nil {
		b.Fatal(err)
	}
	var vocab []string
	for rows.Next() {
		var w string
		rows.Scan(&w)
		if isCountable(w) && len(w) >= 4 {
			vocab = append(vocab, w)
		}
	}
	rows.Close()
	var titles []string
	lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		if r.Err == nil && !r.Skipped && len(titles) < 5000 {
			titles = append(titles, r.Article.Title)
		}
		return nil
	})
	if len(vocab) == 0 || len(titles) == 0 {
		b.Fatal("the bench library is empty")
	}
	r := rand.New(rand.NewPCG(5, 6))
	word := func() string { return vocab[r.IntN(len(vocab))] }
	qs := make([]string, n)
	for i := range qs {
		switch u := r.IntN(100); {
		case u < 40:
			qs[i] = word()
		case u < 70:
			qs[i] = word() + " " + word()
		case u < 85:
			ws := words(titles[r.IntN(len(titles))])
			k := r.IntN(len(ws) - 1)
			qs[i] = `"` + ws[k] + " " + ws[k+1] + `"`
		default:
			w := word()
			qs[i] = w[:4] + "*"
		}
	}
	return qs
}

// BenchmarkSearch is one search of the 100,000-article library, 20 hits
// with their snippets; the latency percentiles are over the query mix.
func BenchmarkSearch(b *testing.B) {
	lib := benchLibrary(b)
	qs := benchQueries(b, lib, 400)
	ctx := context.Background()
	var lat []time.Duration
	i, hits := 0, 0
	for b.Loop() {
		start := time.Now()
		h, err := lib.Search(ctx, qs[i%len(qs)], 20)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		hits += len(h)
		i++
	}
	if hits == 0 {
		b.Fatal("no search found anything")
	}
	reportPercentiles(b, lat)
}

// BenchmarkSimilar is "more like this" for one article: 5 similar articles
// from the 100,000-article library, for articles drawn at random.
func BenchmarkSimilar(b *testing.B) {
	lib := benchLibrary(b)
	ctx := context.Background()
	var refs []string
	lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		if r.Err == nil && !r.Skipped {
			refs = append(refs, r.Article.Ref)
		}
		return nil
	})
	rng := rand.New(rand.NewPCG(7, 8))
	rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	refs = refs[:min(len(refs), 500)]
	var lat []time.Duration
	i, found := 0, 0
	for b.Loop() {
		start := time.Now()
		h, err := lib.Similar(ctx, refs[i%len(refs)], 5)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		found += len(h)
		i++
	}
	if found == 0 {
		b.Fatal("no article had a similar one")
	}
	reportPercentiles(b, lat)
}

// BenchmarkWarmUpdate is what a start costs before the first headline when
// nothing changed: the folder walked, every directory's fingerprint
// compared with the index.
func BenchmarkWarmUpdate(b *testing.B) {
	lib := benchLibrary(b)
	ctx := context.Background()
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		read := 0
		if err := lib.Update(ctx, func(p Progress) { read = p.Total }, nil); err != nil {
			b.Fatal(err)
		}
		if read != 0 {
			b.Fatalf("a warm update read %d files", read)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

// BenchmarkFirstHeadlines is a warm start up to the first 50 headlines, as
// list and the reader see them: the update, then the index read newest
// first.
func BenchmarkFirstHeadlines(b *testing.B) {
	lib := benchLibrary(b)
	ctx := context.Background()
	errEnough := fmt.Errorf("enough")
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := lib.Update(ctx, nil, nil); err != nil {
			b.Fatal(err)
		}
		n := 0
		err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
			if n++; n == 50 {
				return errEnough
			}
			return nil
		})
		if err != errEnough {
			b.Fatalf("List: %v after %d", err, n)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

// BenchmarkList is the whole listing of the 100,000 articles from an index
// up to date, as list --json reads it once the walk found nothing changed.
// cpu-ms is the process's user and system time per listing: the machine is
// shared, and the time on the CPU varies less with its load than the wall.
func BenchmarkList(b *testing.B) {
	lib := benchLibrary(b)
	ctx := context.Background()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		n = 0
		err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if n < benchFiles {
		b.Fatalf("listed %d of %d files", n, benchFiles)
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkWarmListing is list --json's work on the 100,000 files when the
// index is up to date, printing aside: the folder walked while the index is
// read ahead, then every file sent.
func BenchmarkWarmListing(b *testing.B) {
	lib := benchLibrary(b)
	ctx := context.Background()
	var lat []time.Duration
	cpu := cpuTime()
	for b.Loop() {
		start := time.Now()
		n := 0
		err := lib.ListUpdating(ctx, nil, nil, func(model.ScanResult, model.State) error {
			n++
			return nil
		}, func() error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		if n < benchFiles {
			b.Fatalf("listed %d of %d files", n, benchFiles)
		}
		lat = append(lat, time.Since(start))
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	reportPercentiles(b, lat)
}
