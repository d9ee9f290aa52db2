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
// standard error and exits with CODE.
const helperEnv = "BULLETIN_UI_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "record" {
		os.Exit(record(os.Args[1:]))
	}
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
