package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/internal/testwait"
)

// screenLimit is how long, on the test-wide time scale, a session waits
// for the screen to show something, to settle, or for the program to exit.
const screenLimit = 20 * time.Second

// tmuxSession drives the real binary in a detached tmux session of fixed
// size, as a person at a terminal would.
type tmuxSession struct {
	t      *testing.T
	socket string
	exit   string // file the exit status is written to
}

// startTmux runs bulletin with args in tmux.
func startTmux(t *testing.T, width, height int, env []string, args ...string) *tmuxSession {
	t.Helper()
	return startTmuxArgv(t, width, height, env, append([]string{binary(t)}, args...))
}

// startTmuxArgv runs argv in tmux, in a clean environment with true colour.
// In CI a missing tmux fails the test; elsewhere it skips.
func startTmuxArgv(t *testing.T, width, height int, env []string, argv []string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), exit: filepath.Join(dir, "exit")}
	home := filepath.Join(dir, "home")
	// The cache is the session's own too: the reader remembers its first
	// screen there.
	base := []string{"env", "-u", "NO_COLOR", "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache"), "TERM=xterm-256color", "COLORTERM=truecolor"}
	if g := goraceEnv(); g != "" {
		base = append(base, g)
	}
	base = append(base, env...)
	script := `"$@"; echo $? > ` + shellQuote(s.exit) + `; sleep 600`
	cmd := append([]string{"-f", "/dev/null", "-S", s.socket, "new-session", "-d", "-s", "app", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "sh", "-c", script, "sh"}, base...)
	cmd = append(cmd, argv...)
	if out, err := exec.Command("tmux", cmd...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	s.tmux("set-option", "-t", "app", "window-size", "manual")
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, BSpace, Escape, Tab, C-c, ...).
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", "app"}, keys...)...)
}

// screen is the visible text of the pane.
func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.tmux("capture-pane", "-p", "-t", "app")
}

// waitFor polls the screen until cond holds, and fails with the screen when
// it does not within the test-wide time limit (testwait).
func (s *tmuxSession) waitFor(what string, cond func(screen string) bool) string {
	s.t.Helper()
	var screen string
	if !testwait.Poll(screenLimit, func() bool {
		screen = s.screen()
		return cond(screen)
	}) {
		s.t.Fatalf("gave up after %v waiting for %s; the screen:\n%s", testwait.D(screenLimit), what, screen)
	}
	return screen
}

func (s *tmuxSession) waitForText(text string) string {
	s.t.Helper()
	return s.waitFor("“"+text+"”", func(screen string) bool { return strings.Contains(screen, text) })
}

// settle waits until the screen stops changing (three equal captures in a
// row, a scaled 60 ms apart) and returns it, so a snapshot is never taken
// mid-redraw; a screen that never stops changing fails the test.
func (s *tmuxSession) settle() string {
	s.t.Helper()
	last, same := s.screen(), 0
	if !testwait.Poll(screenLimit, func() bool {
		time.Sleep(testwait.D(60 * time.Millisecond))
		cur := s.screen()
		if cur == last {
			same++
		} else {
			last, same = cur, 0
		}
		return same >= 2
	}) {
		s.t.Fatalf("the screen did not stop changing in %v; the last one:\n%s", testwait.D(screenLimit), last)
	}
	return last
}

// exitStatus waits for the program to end and returns its exit status.
func (s *tmuxSession) exitStatus() string {
	s.t.Helper()
	var status string
	if !testwait.Poll(screenLimit, func() bool {
		b, err := os.ReadFile(s.exit)
		status = strings.TrimSpace(string(b))
		return err == nil && status != ""
	}) {
		s.t.Fatalf("the program did not exit in %v; the screen:\n%s", testwait.D(screenLimit), s.screen())
	}
	return status
}

// body is the screen without its last two lines (status bar and help), for
// comparing what an article shows before and after a round trip.
func body(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) > 2 {
		lines = lines[:len(lines)-2]
	}
	return strings.Join(lines, "\n")
}

func TestE2ETour(t *testing.T) {
	t.Parallel()
	s := startTmux(t, 100, 30, nil)
	s.waitForText("Welcome to bulletin")
	s.waitForText("Moving around the list")

	s.keys("Enter")
	s.waitForText("Related stories")
	// Scroll a little, so Back has a position to restore.
	s.keys("j", "j", "j")
	before := body(s.settle())

	s.keys("1")
	s.waitFor("the first related story", func(sc string) bool {
		return strings.Contains(sc, "Moving around the list") && strings.Contains(sc, "›") && body(sc) != before
	})
	// "More like this" comes in a moment later.
	opened := s.settle()
	if !strings.Contains(opened, "Welcome") {
		t.Errorf("the breadcrumb does not show where we came from:\n%s", opened)
	}

	s.keys("BSpace")
	s.waitFor("the first article at the same scroll position", func(sc string) bool { return body(sc) == before })

	s.keys("l")
	s.waitFor("Forward to the related story", func(sc string) bool { return body(sc) == body(opened) })
	s.keys("h")
	s.waitFor("Back again", func(sc string) bool { return body(sc) == before })

	s.keys("?")
	s.waitFor("the help", func(sc string) bool {
		return strings.Contains(sc, "back") && strings.Contains(sc, "forward") && strings.Contains(sc, "quit")
	})
	s.keys("?")
	s.waitFor("the article after help", func(sc string) bool { return body(sc) == before })

	s.keys("q")
	s.waitForText("Moving around the list")
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
	// The alternate screen is gone: the terminal shows what it showed before.
	if sc := s.screen(); strings.Contains(sc, "Welcome to bulletin") {
		t.Errorf("the terminal was not restored:\n%s", sc)
	}
}

func TestE2ESample(t *testing.T) {
	t.Parallel()
	sample, err := os.ReadFile(sampleFile(t))
	if err != nil {
		t.Fatal(err)
	}
	// The sample and a story its first related item names, so 1 opens it.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "000_6a4efd1afba59cf5.txt"), string(sample))
	writeFile(t, filepath.Join(dir, "1856739.txt"), articleFile("Russian Fighter Jets Bomb Terrorists’ Positions in Syria’s Aleppo", "Wed Aug 31, 2016 10:00:00", "A story written for this test.", `[]`))

	s := startTmux(t, 100, 30, nil, dir)
	s.waitForText("If US Separates Terrorists")
	s.keys("Enter")
	s.waitForText("Russia's deputy foreign minister")
	s.keys("G")
	end := s.waitForText("not in your library")
	if !strings.Contains(end, "video") {
		t.Errorf("no video mark on the related list:\n%s", end)
	}
	s.keys("g")
	before := body(s.settle())

	s.keys("1")
	s.waitForText("A story written for this test.")
	s.keys("BSpace")
	s.waitFor("the sample at the same position", func(sc string) bool { return body(sc) == before })

	// A related story that is not in the library does not open.
	s.keys("2")
	if sc := s.settle(); body(sc) != before {
		t.Errorf("pressing 2 on a story not in the library changed the screen:\n%s", sc)
	}

	s.keys("?")
	s.waitForText("quit")
	s.keys("?", "q", "q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
}

func TestE2EHostileArticle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hostile := "Hostile \x1b[2J\x1b[H headline \x1b]52;c;cHduZWQ=\x07 with \x1b]8;;http://evil.example\x07link\x1b]8;;\x07"
	writeFile(t, filepath.Join(dir, "1.txt"), articleFile(hostile, "Sat Sep 3, 2016 10:00:00", "Body \x1b[2J cleared? \x1b]52;c;cHduZWQ=\x07 copied? &#x1b;]8;;http://evil.example&#x07;linked?", `[]`))
	writeFile(t, filepath.Join(dir, "2.txt"), articleFile("Calm neighbour", "Fri Sep 2, 2016 10:00:00", "Nothing to see.", `[]`))
	// script(1) records every byte the program writes to its terminal.
	typescript := filepath.Join(t.TempDir(), "typescript")
	s := startTmuxArgv(t, 100, 30, nil, []string{"script", "-q", "-f", "-e", "-c", shellQuote(binary(t)) + " " + shellQuote(dir), typescript})
	s.waitForText("Calm neighbour")
	s.keys("Enter")
	sc := s.waitForText("linked?")
	if !strings.Contains(sc, "Hostile") || !strings.Contains(sc, "cleared?") || !strings.Contains(sc, "copied?") {
		t.Errorf("the article is not on the screen whole:\n%s", sc)
	}
	s.keys("q")
	sc = s.waitForText("Calm neighbour")
	if !strings.Contains(sc, "Hostile") {
		t.Errorf("the list lost a line after the hostile article:\n%s", sc)
	}
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Errorf("exit status %s", code)
	}
	raw, err := os.ReadFile(typescript)
	if err != nil {
		t.Fatal(err)
	}
	for _, seq := range []string{"\x1b]52", "\x1b]8;", "cHduZWQ=", "evil.example"} {
		if strings.Contains(string(raw), seq) {
			t.Errorf("the program wrote %q to the terminal", seq)
		}
	}
}
