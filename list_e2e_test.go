//go:build unix

package main

import (
	"io"
	"os"
	"syscall"
	"testing"
)

// A first listing of a folder ends its output before it writes the index,
// so that `bulletin list --json DIR | jq` does not wait for the index; a
// listing stopped then (SIGTERM) leaves an index that the next completes.
func TestListEndsItsOutputBeforeWritingTheIndex(t *testing.T) {
	t.Parallel()
	n := sized(3000)
	dir := corpus(t, n)
	h := newHome(t)
	cmd := h.command("list", "--json", dir)
	out, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = out
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	listing, err := io.ReadAll(pr)
	if err != nil {
		t.Fatal(err)
	}
	// Writing thousands of rows takes far longer than this signal takes
	// to arrive after the end of the output.
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() {
		t.Errorf("the output ended only when bulletin exited (%v): it must end before the index is written", cmd.ProcessState)
	}
	if got := len(jsonLines(t, string(listing))); got != n {
		t.Fatalf("the listing had %d articles, want %d", got, n)
	}
	var written int
	h.query(`SELECT count(*) FROM files WHERE kind = 0`, &written)
	t.Logf("%d of %d articles written to the index when it was stopped", written, n)

	again := h.ok("list", "--json", dir)
	if again.stdout != string(listing) {
		t.Errorf("the listing after the stopped one differs from it")
	}
	h.query(`SELECT count(*) FROM files WHERE kind = 0`, &written)
	if written != n {
		t.Errorf("after the next listing, %d articles in the index, want %d", written, n)
	}
}
