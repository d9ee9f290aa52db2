package ui

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
)

// helperEnv turns the test binary into a small program a test hands the
// terminal to, so no shell and no build is needed: "record FILE CODE
// STDERR" copies its standard input to FILE, writes STDERR on its
// standard error and exits with CODE; "browse FILE URL" writes URL to
// FILE, as a browser that was given it.
const helperEnv = "BULLETIN_UI_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "record":
		os.Exit(record(os.Args[1:]))
	case "browse":
		if len(os.Args) != 3 || os.WriteFile(os.Args[1], []byte(os.Args[2]), 0o644) != nil {
			os.Exit(2)
		}
		os.Exit(0)
	}
	// o decides by $BROWSER whether a browser gets the terminal: the
	// tests must not depend on the one of whoever runs them.
	os.Unsetenv("BROWSER")
	os.Exit(m.Run())
}

func record(args []string) int {
	if len(args) != 3 {
		fmt.Fprintln(os.Stderr, "record: want FILE CODE STDERR")
		return 2
	}
	in, err := io.ReadAll(os.Stdin)
	if err == nil {
		err = os.WriteFile(args[0], in, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		return 2
	}
	if args[2] != "" {
		fmt.Fprintf(os.Stderr, "\n%s\nmore that is not shown\n", args[2])
	}
	code, _ := strconv.Atoi(args[1])
	return code
}
