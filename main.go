// Command bulletin is a terminal news reader.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"bulletin/cli"
	// Imported first, for its init: it paints the remembered first screen
	// before the heavy packages are initialised.
	"bulletin/internal/firstscreen"
)

func main() {
	os.Exit(runMain())
}

func runMain() int {
	// BULLETIN_CPUPROFILE=FILE writes a CPU profile of the run, to see
	// where the real binary spends its time (go tool pprof FILE).
	if path := os.Getenv("BULLETIN_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "bulletin: BULLETIN_CPUPROFILE: %v\n", err)
			return 2
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	code := cli.Execute(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	// A start that ended before the reader drew, without a word, leaves
	// the terminal as it found it too.
	firstscreen.Undo()
	// BULLETIN_MEMPROFILE=FILE writes what the heap holds at the end.
	if path := os.Getenv("BULLETIN_MEMPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "bulletin: BULLETIN_MEMPROFILE: %v\n", err)
		}
	}
	return code
}
