package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// fakeTerminalBrowser is a browser that draws in the terminal, as w3m
// does: it shows the address it was given and waits for Enter.
const fakeTerminalBrowser = `package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	fmt.Printf("\x1b[2J\x1b[Hfake w3m showing %s\npress Enter to leave\n", os.Args[len(os.Args)-1])
	bufio.NewReader(os.Stdin).ReadString('\n')
}
`

// buildW3m builds fakeTerminalBrowser as a program named w3m in a folder of
// its own, and returns its path.
func buildW3m(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	writeFile(t, src, fakeTerminalBrowser)
	bin := filepath.Join(dir, "bin", "w3m")
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GO111MODULE=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// o with a terminal browser first in $BROWSER gives it the terminal: it
// shows the item's address, and when it exits the reader is back where it
// was, its keys working.
func TestE2ETerminalBrowserSuspendsTheReader(t *testing.T) {
	t.Parallel()
	w3m := buildW3m(t)
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", rssFeed("Harbour News", srv.URL, "Ferry timetable changes"))
	h := newHome(t)
	h.ok("add", url)
	env := h.screenEnv("BROWSER=bulletin-no-such-browser:" + w3m)
	s := startTmux(t, 100, 30, env)
	s.waitForText("Ferry timetable changes")
	s.keys("Enter")
	s.waitForText("All about Ferry timetable changes.")
	s.keys("o")
	link := srv.URL + "/HarbourNews/0"
	s.waitForText("fake w3m showing " + link)
	s.keys("Enter")
	sc := s.waitForText("back from w3m: " + link)
	if !strings.Contains(sc, "All about Ferry timetable changes.") {
		t.Fatalf("the reader did not come back to the article:\n%s", sc)
	}
	s.keys("q")
	s.waitForText("1 article")
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
}
