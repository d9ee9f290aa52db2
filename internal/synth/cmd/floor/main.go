// Command floor times the least work a listing of a folder of article
// files can do, for the benchmark scripts to print beside bulletin's
// numbers:
//
//	floor -mode read DIR   # read every file, with 2 workers
//	floor -mode stat DIR   # stat every file
//
// It walks DIR (every regular file under it, at any depth), hands the
// files to -j workers (default 2: bulletin's numbers are taken on 2
// cores), and prints the wall time in seconds on stdout,
// alone, so a script can read it; what it did goes to stderr.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	mode := flag.String("mode", "read", "read (every file's bytes) or stat (every file's metadata)")
	workers := flag.Int("j", 2, "workers reading or stating files")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: floor [-mode read|stat] [-j N] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || (*mode != "read" && *mode != "stat") || *workers < 1 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	files, bytes, err := run(flag.Arg(0), *mode, *workers)
	elapsed := time.Since(start)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "floor: %s %d files, %.1f MB, %d workers\n", *mode, files, float64(bytes)/1e6, *workers)
	fmt.Printf("%.3f\n", elapsed.Seconds())
}

// run walks dir and reads or stats every regular file with workers
// goroutines; it returns the files and their bytes.
func run(dir, mode string, workers int) (int64, int64, error) {
	paths := make(chan string, 256)
	var files, total atomic.Int64
	var mu sync.Mutex
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			// One buffer a worker: the floor is the kernel's copy, not
			// the allocator's.
			buf := make([]byte, 256<<10)
			for p := range paths {
				n, err := visit(p, mode, buf)
				if err != nil {
					fail(err)
					continue
				}
				files.Add(1)
				total.Add(n)
			}
		})
	}
	// The walk only reads directories: the file's own stat, when asked
	// for, is a worker's, as a lister that checks each file would do it.
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			paths <- p
		}
		return nil
	})
	close(paths)
	wg.Wait()
	if err != nil {
		return 0, 0, err
	}
	return files.Load(), total.Load(), firstErr
}

// visit reads or stats one file and returns its size.
func visit(path, mode string, buf []byte) (int64, error) {
	if mode == "stat" {
		st, err := os.Stat(path)
		if err != nil {
			return 0, err
		}
		return st.Size(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	for {
		k, err := f.Read(buf)
		n += int64(k)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
