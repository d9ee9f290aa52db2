package sources

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"bulletin/internal/synth"
)

// benchCorpus generates n synthetic article files into a temporary folder and
// returns the folder with the files' names and contents.
func benchCorpus(b *testing.B, n int) (dir string, names []string, files [][]byte, total int64) {
	b.Helper()
	dir = b.TempDir()
	if _, err := synth.Generate(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		names = append(names, p)
		files = append(files, data)
		total += int64(len(data))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir, names, files, total
}

// benchParse parses the corpus file after file, one file per op, so ns/op
// and allocs/op are per file; SetBytes takes the mean file size, which makes
// MB/s exact over whole passes and near enough otherwise.
func benchParse(b *testing.B, withBody bool) {
	_, names, files, total := benchCorpus(b, 200)
	b.SetBytes(total / int64(len(files)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a, err := parse(names[i], files[i], withBody, 0)
		if err != nil || len(a.Warnings) > 0 {
			b.Fatalf("%s: %v %q", names[i], err, a.Warnings)
		}
		if i++; i == len(files) {
			i = 0
		}
	}
}

// BenchmarkParse is the full parse a reader does when it opens an article.
func BenchmarkParse(b *testing.B) { benchParse(b, true) }

// BenchmarkParseListing is the headline-only parse a listing does.
func BenchmarkParseListing(b *testing.B) { benchParse(b, false) }

// BenchmarkScan lists a 2,000-file folder (two subfolders) through
// OpenFolder and Scan, as the list command does. Files are in the page cache
// after the first pass. One op is the whole scan; ns/file and allocs/file
// are reported too.
func BenchmarkScan(b *testing.B) {
	const n = 2000
	dir, _, _, total := benchCorpus(b, n)
	f, err := OpenFolder(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(total)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		got := 0
		for r := range f.Scan(context.Background(), 0) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			if !r.Skipped {
				got++
			}
		}
		if got != n {
			b.Fatalf("scanned %d articles, want %d", got, n)
		}
	}
	runtime.ReadMemStats(&after)
	files := float64(b.N) * n
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/files, "ns/file")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/files, "allocs/file")
}
