package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// scrollPercent is the article's scroll position as the status bar shows
// it ("38%"), "" when it shows none.
func scrollPercent(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) < 2 {
		return ""
	}
	return regexp.MustCompile(`(\d+)%\s*$`).FindString(lines[len(lines)-2])
}

// Back from a related story opened at the very bottom of an article
// returns to the bottom, after "more like this" has arrived.
func TestE2EBackAtTheBottom(t *testing.T) {
	t.Parallel()
	s := startTmux(t, 60, 20, nil, "tour")
	s.waitForText("Welcome to bulletin")
	s.keys("Enter")
	s.waitForText("news reader for your terminal")
	s.settle()
	s.keys("G")
	s.waitFor("the bottom", func(sc string) bool { return strings.Contains(scrollPercent(sc), "100") })
	before := body(s.settle())
	if !strings.Contains(before, "More like this") {
		t.Fatalf("the bottom of the article shows no \"More like this\":\n%s", before)
	}
	s.keys("1")
	s.waitFor("the related story", func(sc string) bool { return strings.Contains(sc, "›") && body(sc) != before })
	s.settle()
	s.keys("BSpace")
	s.waitFor("the bottom of the first article again", func(sc string) bool { return body(sc) == before })
	if sc := s.settle(); body(sc) != before || !strings.Contains(scrollPercent(sc), "100") {
		t.Fatalf("Back did not stay at the bottom once everything arrived:\n%s\nwant:\n%s", sc, before)
	}
}

// bulletinPID is the process id of the reader running in the session.
func (s *tmuxSession) bulletinPID() int {
	s.t.Helper()
	shell := strings.TrimSpace(s.tmux("list-panes", "-t", "app", "-F", "#{pane_pid}"))
	out, err := exec.Command("pgrep", "-P", shell).Output()
	if err != nil {
		s.t.Fatalf("pgrep -P %s: %v", shell, err)
	}
	pid, err := strconv.Atoi(strings.Fields(string(out))[0])
	if err != nil {
		s.t.Fatal(err)
	}
	return pid
}

// Every way out keeps the reading position and the last change of state:
// ctrl+c, SIGTERM (kill) and SIGHUP (the terminal closed), as q does.
func TestE2EEveryWayOutKeepsThePlace(t *testing.T) {
	t.Parallel()
	ways := map[string]func(s *tmuxSession){
		"q":       func(s *tmuxSession) { s.keys("q", "q") },
		"ctrl+c":  func(s *tmuxSession) { s.keys("C-c") },
		"SIGTERM": func(s *tmuxSession) { _ = syscall.Kill(s.bulletinPID(), syscall.SIGTERM) },
		"SIGHUP":  func(s *tmuxSession) { _ = syscall.Kill(s.bulletinPID(), syscall.SIGHUP) },
	}
	for name, quit := range ways {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			home := filepath.Join(t.TempDir(), "home")
			env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}
			s := startTmux(t, 100, 30, env, "tour")
			s.waitForText("Welcome to bulletin")
			s.keys("Enter")
			s.waitForText("Related stories")
			s.keys("s")
			s.waitForText("★ starred")
			s.keys("j", "j", "j", "j", "j", "j")
			sc := s.waitFor("a scroll position", func(sc string) bool { return !strings.Contains(sc, "★ starred") })
			place := scrollPercent(sc)
			if place == "" || strings.HasPrefix(strings.TrimSpace(place), "0%") {
				t.Fatalf("no scroll position to keep:\n%s", sc)
			}
			want := body(s.settle())
			quit(s)
			code := s.exitStatus()
			if name == "q" && code != "0" {
				t.Fatalf("exit status %s", code)
			}

			again := startTmux(t, 100, 30, env, "tour")
			again.waitForText("Welcome to bulletin")
			again.keys("Enter")
			again.waitFor("the article where it was left", func(sc string) bool { return body(sc) == want })
			again.keys("g")
			again.waitForText("★ starred")
		})
	}
}
