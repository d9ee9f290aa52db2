package ui

// Benchmarks of the reader through its Update and View, without a terminal,
// on the 100,000-file synthetic corpus (internal/synth, seed 1). Each op is
// timed on its own and the 50th and 95th percentiles are reported as p50-ms
// and p95-ms, the figures the targets are stated in:
//
//	go test ./ui/ -run '^$' -bench . -benchtime 200x
//
// The corpus is generated once into $BULLETIN_BENCH_DIR (default
// os.TempDir()/bulletin-bench-ui) and reused; a corpus made by
// scripts/bench-list.sh (os.TempDir()/bulletin-bench/n100000-seed1) is used
// when present. Sources are read with the real folder source: the package
// rule (ui never imports sources) holds for the reader, not its benchmarks.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/internal/synth"
	"bulletin/model"
	"bulletin/sources"
)

const (
	benchFiles = 100_000
	benchSeed  = 1
	benchW     = 100
	benchH     = 30
)

var benchCorpus struct {
	once sync.Once
	dir  string
	err  error
}

// benchDir finds or makes the corpus.
func benchDir() (string, error) {
	name := fmt.Sprintf("n%d-seed%d", benchFiles, benchSeed)
	root := os.Getenv("BULLETIN_BENCH_DIR")
	if root == "" {
		shared := filepath.Join(os.TempDir(), "bulletin-bench", name)
		if _, err := os.Stat(shared + ".done"); err == nil {
			return shared, nil
		}
		root = filepath.Join(os.TempDir(), "bulletin-bench-ui")
	}
	dir := filepath.Join(root, name)
	// The marker sits beside the corpus, so it is not scanned.
	if _, err := os.Stat(dir + ".done"); err == nil {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if _, err := synth.Generate(dir, benchFiles, benchSeed); err != nil {
		return "", err
	}
	return dir, os.WriteFile(dir+".done", []byte("synth\n"), 0o644)
}

// benchModel is the reader at benchW x benchH over the first n articles of
// the corpus, handed to it in batches as a scan does. The scan results are
// not kept, so the heap holds what the reader's does.
func benchModel(b *testing.B, n int) Model {
	b.Helper()
	benchCorpus.once.Do(func() { benchCorpus.dir, benchCorpus.err = benchDir() })
	if benchCorpus.err != nil {
		b.Fatal(benchCorpus.err)
	}
	f, err := sources.OpenFolder(benchCorpus.dir)
	if err != nil {
		b.Fatal(err)
	}
	var results []model.ScanResult
	for r := range f.Scan(context.Background(), 0) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
		if !r.Skipped {
			results = append(results, r)
		}
	}
	if len(results) != benchFiles {
		b.Fatalf("scanned %d articles, want %d", len(results), benchFiles)
	}
	// The same n articles whatever order the scan met them in.
	slices.SortFunc(results, func(x, y model.ScanResult) int { return strings.Compare(x.Path, y.Path) })
	results = results[:n]

	m := New(Options{Theme: "dark", Now: func() time.Time { return testNow }})
	m.spinning = true // no spinner ticks: nothing here waits for timers
	nm, _ := m.Update(tea.WindowSizeMsg{Width: benchW, Height: benchH})
	m = nm.(Model)
	scan := jobResult(m, jobScan, true, nil)
	for start := 0; start < len(results); start += batchSize {
		end := min(start+batchSize, len(results))
		scan.msg = scanMsg{results: results[start:end], done: end == len(results)}
		nm, _ := m.Update(scan)
		m = nm.(Model)
	}
	if m.s.loading || len(m.headlines.list.Items()) != n {
		b.Fatalf("library not loaded: %d items", len(m.headlines.list.Items()))
	}
	runtime.GC()
	return m
}

// benchDrive runs cmd and the commands the resulting messages lead to,
// feeding each message to Update, until until(m) holds or no command is
// left. Commands still queued then (prefetches) are dropped, with what the
// cache holds as under way, so a later op starts them afresh.
func benchDrive(b *testing.B, m Model, cmd tea.Cmd, until func(Model) bool) Model {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 && (until == nil || !until(m)) {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			nm, next := m.Update(msg)
			m = nm.(Model)
			queue = append(queue, next)
		}
	}
	if until != nil && !until(m) {
		b.Fatal("benchDrive: the commands ended before the state was reached")
	}
	// Work left undone would stay "under way" and never be asked again.
	m.s.jobs.cancelAll()
	return m
}

// update sends msg and runs what follows until until holds.
func benchSend(b *testing.B, m Model, msg tea.Msg, until func(Model) bool) Model {
	nm, cmd := m.Update(msg)
	return benchDrive(b, nm.(Model), cmd, until)
}

// timings collects per-op durations and reports their percentiles.
type timings []time.Duration

func (t timings) report(b *testing.B) {
	if len(t) == 0 {
		return
	}
	s := slices.Clone(t)
	slices.Sort(s)
	at := func(p float64) float64 {
		i := min(len(s)-1, int(p*float64(len(s))))
		return float64(s[i].Nanoseconds()) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(1), "max-ms")
}

var sink string

func shown(m Model) Model {
	sink = m.View().Content
	return m
}

func articleShown(m Model) bool { return m.nav.screen == screenArticle && m.article.complete() }

func onList(m Model) bool { return m.nav.screen == screenList }

// BenchmarkOpenArticle is Enter on a headline never opened before, until the
// article is on screen: the file read and parsed, the body rendered by
// Glamour at width 100, the screen drawn. Prefetches of related stories that
// follow are not part of the op.
func BenchmarkOpenArticle(b *testing.B) {
	m := benchModel(b, benchFiles)
	var ts timings
	next := 0
	for b.Loop() {
		b.StopTimer()
		// Headlines far apart, so none is a related story prefetched before.
		next = (next + 7919) % benchFiles
		m.headlines.list.Select(next)
		if _, ok := m.s.cache.article(m.headlines.selectedRef()); ok {
			b.Fatal("the headline was opened before")
		}
		b.StartTimer()
		start := time.Now()
		m = shown(benchSend(b, m, press("enter"), articleShown))
		ts = append(ts, time.Since(start))
		b.StopTimer()
		m = benchSend(b, m, press("q"), onList)
		b.StartTimer()
	}
	ts.report(b)
}

// BenchmarkCloseArticle is q in an article, until the headline list is on
// screen again with the cursor on that article: what Esc or q costs at
// 100,000 headlines.
func BenchmarkCloseArticle(b *testing.B) {
	m := benchModel(b, benchFiles)
	m.headlines.list.Select(benchFiles / 2)
	var ts timings
	for b.Loop() {
		b.StopTimer()
		m = benchSend(b, m, press("enter"), articleShown)
		b.StartTimer()
		start := time.Now()
		m = shown(benchSend(b, m, press("q"), onList))
		ts = append(ts, time.Since(start))
	}
	ts.report(b)
}

// BenchmarkReopenArticle is Enter on the headline of the article just
// closed: open, back to the list, open again; the second open is timed.
func BenchmarkReopenArticle(b *testing.B) {
	m := benchModel(b, benchFiles)
	m.headlines.list.Select(benchFiles / 2)
	m = benchSend(b, m, press("enter"), articleShown)
	m = benchSend(b, m, press("q"), onList)
	var ts timings
	for b.Loop() {
		start := time.Now()
		m = shown(benchSend(b, m, press("enter"), articleShown))
		ts = append(ts, time.Since(start))
		b.StopTimer()
		m = benchSend(b, m, press("q"), onList)
		b.StartTimer()
	}
	ts.report(b)
}

// benchQueries are typed a key at a time, then one Backspace; words of
// the synthetic headlines, some in their order, some scattered.
var benchQueries = []string{"syria", "minister warns", "court", "pipeline talks", "brzl", "ghana budget"}

// BenchmarkFilterKeystroke is one key typed into the headline filter, until
// the list shows the matches for the new text: the filter run over 100,000
// headlines to completion, its result applied, the screen drawn. Each query
// starts from an empty filter, so its first key reads every headline.
func BenchmarkFilterKeystroke(b *testing.B) {
	m := benchModel(b, benchFiles)
	var ts timings
	q, pos := 0, 0
	for b.Loop() {
		if pos == 0 {
			b.StopTimer()
			m = benchSend(b, m, press("esc"), nil)
			m = benchSend(b, m, press("/"), nil)
			b.StartTimer()
		}
		query := benchQueries[q]
		k := press("backspace")
		if pos < len(query) {
			k = tea.KeyPressMsg{Code: rune(query[pos]), Text: query[pos : pos+1]}
		}
		start := time.Now()
		m = shown(benchSend(b, m, k, nil))
		ts = append(ts, time.Since(start))
		want := query[:len(query)-1]
		if pos < len(query) {
			want = query[:pos+1]
		}
		if m.headlines.input.Value() != want || m.headlines.found == nil || m.headlines.found.term != want {
			b.Fatalf("the filter shows %q, want %q", m.headlines.input.Value(), want)
		}
		if pos++; pos > len(query) {
			q, pos = (q+1)%len(benchQueries), 0
		}
	}
	ts.report(b)
}

// BenchmarkScroll is one j and the screen drawn, on lists of 100 and 100,000
// headlines: the costs should match.
func BenchmarkScroll(b *testing.B) {
	for _, n := range []int{100, benchFiles} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchModel(b, n)
			var ts timings
			for b.Loop() {
				if m.headlines.list.Index() == n-1 {
					b.StopTimer()
					m = benchSend(b, m, press("g"), nil)
					b.StartTimer()
				}
				start := time.Now()
				m = shown(benchSend(b, m, press("j"), nil))
				ts = append(ts, time.Since(start))
			}
			ts.report(b)
		})
	}
}
