package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a detached tmux session of fixed
// size, as a person at a terminal would.
type tmuxSession struct {
	t      *testing.T
	socket string
	exit   string // file the exit status is written to
}

// startTmux runs bulletin with args in tmux. In CI a missing tmux fails the
// test; elsewhere it skips.
func startTmux(t *testing.T, width, height int, env []string, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed")
	}
	bin := binary(t)
	dir := t.TempDir()
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), exit: filepath.Join(dir, "exit")}
	home := filepath.Join(dir, "home")
	base := []string{"env", "-u", "NO_COLOR", "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data"), "TERM=xterm-256color", "COLORTERM=truecolor"}
	base = append(base, env...)
	script := `"$@"; echo $? > ` + shellQuote(s.exit) + `; sleep 600`
	cmd := append([]string{"-f", "/dev/null", "-S", s.socket, "new-session", "-d", "-s", "app", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "sh", "-c", script, "sh"}, base...)
	cmd = append(cmd, bin)
	cmd = append(cmd, args...)
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

// text types literal text.
func (s *tmuxSession) text(text string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", "app", "-l", text)
}

// screen is the visible text of the pane.
func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.tmux("capture-pane", "-p", "-t", "app")
}

// rawScreen is the pane with its escape sequences, as tmux keeps them.
func (s *tmuxSession) rawScreen() string {
	s.t.Helper()
	return s.tmux("capture-pane", "-p", "-e", "-t", "app")
}

// waitFor polls the screen until cond holds, and fails with the screen when
// it does not within the time limit.
func (s *tmuxSession) waitFor(what string, cond func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var screen string
	for time.Now().Before(deadline) {
		screen = s.screen()
		if cond(screen) {
			return screen
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, screen)
	return ""
}

func (s *tmuxSession) waitForText(text string) string {
	s.t.Helper()
	return s.waitFor("“"+text+"”", func(screen string) bool { return strings.Contains(screen, text) })
}

// exitStatus waits for the program to end and returns its exit status.
func (s *tmuxSession) exitStatus() string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(s.exit); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("the program did not exit; the screen:\n%s", s.screen())
	return ""
}
