// Command gencorpus writes a synthetic article corpus for benchmarks.
//
//	go run ./internal/synth/cmd/gencorpus -n 100000 -seed 1 DIR
//
// The same -n and -seed always give byte-identical files.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"bulletin/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of article files")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gencorpus [-n N] [-seed S] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	start := time.Now()
	st, err := synth.Generate(dir, *n, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d files, %.1f MB (mean %.0f bytes) in %s\n", dir, st.Files,
		float64(st.Bytes)/1e6, float64(st.Bytes)/float64(max(st.Files, 1)), time.Since(start).Round(time.Millisecond))
}
