package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bulletin/internal/testwait"
)

// paintPrefix is how a remembered first screen starts; the reader's own
// first output (Bubble Tea's) starts otherwise.
const paintPrefix = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[1;1H"

// The init that paints the remembered screen runs before the heavy ones
// (Chroma's lexers and styles, lipgloss's, which runs `tmux info`):
// otherwise it paints no sooner than the reader's own first frame.
func TestFirstScreenInitComesBeforeTheHeavyOnes(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "--version")
	cmd.Env = append(testEnv(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bulletin --version: %v\n%s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i + 1
		}
	}
	first, ok := order["bulletin/internal/firstscreen"]
	if !ok {
		t.Fatalf("no init of bulletin/internal/firstscreen in the trace:\n%s", out)
	}
	for _, heavy := range []string{"github.com/alecthomas/chroma/v2/lexers", "github.com/alecthomas/chroma/v2/styles", "charm.land/lipgloss/v2", "github.com/yuin/goldmark/util"} {
		at, ok := order[heavy]
		if !ok {
			t.Errorf("no init of %s in the trace", heavy)
			continue
		}
		if at < first {
			t.Errorf("%s is initialised (line %d) before bulletin/internal/firstscreen (line %d)", heavy, at, first)
		}
	}
}

// screenLibrary is a home with a folder of three articles in its library,
// indexed.
func screenLibrary(t *testing.T) (*home, string) {
	t.Helper()
	h := newHome(t)
	dir := filepath.Join(h.dir, "news")
	writeFile(t, filepath.Join(dir, "1.txt"), articleFile("Harbour Reopens after the Storm", "Sat Sep 3, 2016 10:00:00", "Boats are back.", `[]`))
	writeFile(t, filepath.Join(dir, "2.txt"), articleFile("Library Extends Its Hours", "Fri Sep 2, 2016 10:00:00", "Open late.", `[]`))
	writeFile(t, filepath.Join(dir, "3.txt"), articleFile("Bridge Works Begin", "Thu Sep 1, 2016 10:00:00", "Slow traffic.", `[]`))
	h.ok("add", dir)
	h.ok("list")
	return h, dir
}

// cacheEnv is the reader's environment in tmux for h, with its own cache.
func cacheEnv(h *home, extra ...string) []string {
	return h.screenEnv(append([]string{"XDG_CACHE_HOME=" + filepath.Join(h.dir, "cache")}, extra...)...)
}

// savedScreen is the path of the remembered first screen of h.
func savedScreen(h *home) string { return filepath.Join(h.dir, "cache", "bulletin", "first-screen") }

// firstRun starts the reader once on h, waits for want, and quits with q,
// which remembers the first screen.
func firstRun(t *testing.T, h *home, width, height int, want string, extra ...string) {
	t.Helper()
	s := startTmux(t, width, height, cacheEnv(h, extra...))
	s.waitForText(want)
	s.settle()
	s.keys("q")
	if status := s.exitStatus(); status != "0" {
		t.Fatalf("the first run exited with %s", status)
	}
	fi, err := os.Stat(savedScreen(h))
	if err != nil {
		t.Fatalf("quitting remembered no first screen: %v", err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("the remembered screen is %v, want -rw------- (it holds headlines)", perm)
	}
}

// recordedStart is a start of the reader in tmux whose every byte of
// output is recorded, with the screens seen while it starts.
type recordedStart struct {
	*tmuxSession
	rec     string
	screens []string
}

// startRecorded starts the reader on h in tmux with its output recorded
// from its first byte, then captures the screen as often as it can until
// it shows want and has settled.
func startRecorded(t *testing.T, h *home, width, height int, want string, extra ...string) *recordedStart {
	t.Helper()
	dir := t.TempDir()
	goFile, rec := filepath.Join(dir, "go"), filepath.Join(dir, "output")
	// The reader waits for the recording to be set up.
	wait := `while [ ! -e "$0" ]; do sleep 0.01; done; exec "$@"`
	s := startTmuxArgv(t, width, height, cacheEnv(h, extra...), []string{"sh", "-c", wait, goFile, binary(t)})
	s.tmux("pipe-pane", "-O", "-t", "app", "cat > "+shellQuote(rec))
	r := &recordedStart{tmuxSession: s, rec: rec}
	if err := os.WriteFile(goFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if !testwait.Poll(screenLimit, func() bool {
		sc := s.screen()
		if len(r.screens) == 0 || r.screens[len(r.screens)-1] != sc {
			r.screens = append(r.screens, sc)
		}
		return strings.Contains(sc, want)
	}) {
		t.Fatalf("gave up waiting for %q; the screen:\n%s", want, s.screen())
	}
	// Capture on, without pause, for a while after: what the reader draws
	// over the painted screen comes then.
	deadline := time.Now().Add(testwait.D(500 * time.Millisecond))
	for time.Now().Before(deadline) {
		if sc := s.screen(); r.screens[len(r.screens)-1] != sc {
			r.screens = append(r.screens, sc)
		}
	}
	s.settle()
	return r
}

// output is what the reader wrote to the terminal so far.
func (r *recordedStart) output() []byte {
	r.t.Helper()
	b, err := os.ReadFile(r.rec)
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

// painted reports whether the start began by painting a remembered screen.
func (r *recordedStart) painted() bool { return bytes.HasPrefix(r.output(), []byte(paintPrefix)) }

func blank(screen string) bool { return strings.TrimSpace(screen) == "" }

// partOf reports whether every line of screen is the same line of final,
// or the start of it, or blank: a capture can come while the terminal is
// part way through taking a frame, but no line may ever show something
// else.
func partOf(screen, final string) bool {
	lines, want := strings.Split(screen, "\n"), strings.Split(final, "\n")
	for i, l := range lines {
		if blank(l) {
			continue
		}
		if i >= len(want) || !strings.HasPrefix(want[i], strings.TrimRight(l, " ")) {
			return false
		}
	}
	return true
}

// A second start paints the screen the first left, at once, and the
// reader's own first frame then draws over it with no blank or other
// screen in between.
func TestE2ESecondStartPaintsTheRememberedScreen(t *testing.T) {
	t.Parallel()
	h, _ := screenLibrary(t)
	firstRun(t, h, 100, 30, "Harbour Reopens")
	r := startRecorded(t, h, 100, 30, "Harbour Reopens")
	if !r.painted() {
		t.Fatalf("the second start did not begin with the remembered screen; it wrote %q", firstBytes(r.output()))
	}
	final := body(r.settle())
	seen := false
	for i, sc := range r.screens {
		if !seen {
			seen = !blank(sc)
			if !seen {
				continue
			}
		}
		if blank(sc) {
			t.Fatalf("screen %d of the start was blank, after the remembered one", i)
		}
		if !partOf(body(sc), final) {
			t.Fatalf("screen %d of the start differs from the reader's:\n%s\nwant:\n%s", i, sc, final)
		}
	}
	r.keys("q")
	if status := r.exitStatus(); status != "0" {
		t.Fatalf("exit status %s", status)
	}
}

// Whatever the first screen depends on changed: the start paints nothing
// early, and the old screen never shows.
func TestE2EAChangedStartIsNeverPaintedStale(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		change func(t *testing.T, h *home, dir string)
		// width of the second start's terminal, and its environment
		width int
		extra []string
		// want is on the second start's first screen
		want string
	}{
		"an article added and listed": {
			change: func(t *testing.T, h *home, dir string) {
				writeFile(t, filepath.Join(dir, "4.txt"), articleFile("Newer Than Them All", "Sun Sep 4, 2016 10:00:00", "Fresh.", `[]`))
				h.ok("list")
			},
			want: "Newer Than Them All",
		},
		"marked read": {
			change: func(t *testing.T, h *home, dir string) { h.ok("mark", "--read", "news/1") },
			want:   "2 unread",
		},
		"the configuration edited": {
			change: func(t *testing.T, h *home, dir string) {
				cfg := filepath.Join(h.dir, "config", "bulletin", "config.toml")
				b, err := os.ReadFile(cfg)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, cfg, string(b)+"\ncompact_list = true\n")
			},
			want: "Harbour Reopens",
		},
		"a terminal of another width": {width: 90, want: "Harbour Reopens"},
		"NO_COLOR set":                {extra: []string{"NO_COLOR=1"}, want: "Harbour Reopens"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h, dir := screenLibrary(t)
			firstRun(t, h, 100, 30, "Harbour Reopens")
			old, err := os.ReadFile(savedScreen(h))
			if err != nil {
				t.Fatal(err)
			}
			if c.change != nil {
				c.change(t, h, dir)
			}
			width := 100
			if c.width != 0 {
				width = c.width
			}
			r := startRecorded(t, h, width, 30, c.want, c.extra...)
			if r.painted() {
				t.Fatalf("the start painted a remembered screen after the change; it wrote %q", firstBytes(r.output()))
			}
			if now, _ := os.ReadFile(savedScreen(h)); !bytes.Equal(now, old) {
				t.Fatal("the remembered screen changed before the reader quit")
			}
			r.keys("q")
			if status := r.exitStatus(); status != "0" {
				t.Fatalf("exit status %s", status)
			}
		})
	}
}

// An error that stops the start after the remembered screen was painted
// shows on the normal screen, with the cursor, not on the painted one.
func TestE2EAnErrorAfterThePaintIsReadable(t *testing.T) {
	t.Parallel()
	h, _ := screenLibrary(t)
	firstRun(t, h, 100, 30, "Harbour Reopens")
	// Break the configuration in place, size, inode and time kept: the
	// key of the remembered screen still holds, the configuration no
	// longer reads.
	cfg := filepath.Join(h.dir, "config", "bulletin", "config.toml")
	fi, err := os.Stat(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(cfg, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte("="), len(b)), 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(cfg, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	r := startRecorded(t, h, 100, 30, "invalid character")
	if status := r.exitStatus(); status != "1" {
		t.Fatalf("exit status %s, want 1", status)
	}
	out := r.output()
	if !r.painted() {
		t.Fatalf("the start did not paint the remembered screen; it wrote %q", firstBytes(out))
	}
	leave := bytes.Index(out, []byte("\x1b[?25h\x1b[?1049l"))
	msg := bytes.Index(out, []byte("config.toml"))
	if leave < 0 || leave > msg {
		t.Fatalf("the error was printed before the painted screen was left: %q", out[len(out)-min(len(out), 400):])
	}
	sc := r.settle()
	if strings.Contains(sc, "Harbour Reopens") {
		t.Fatalf("the painted screen is still on the terminal:\n%s", sc)
	}
	if got := strings.TrimSpace(r.tmux("display-message", "-p", "-t", "app", "#{alternate_on} #{cursor_flag}")); got != "0 1" {
		t.Fatalf("alternate screen and cursor flags are %q, want the normal screen with the cursor shown (0 1)", got)
	}
}

// firstBytes is the start of out, for a failure message.
func firstBytes(out []byte) []byte { return out[:min(len(out), 120)] }

// A reader whose terminal was closed (SIGHUP) only stores its changes and
// ends: there is no terminal to measure a next screen for.
func TestE2EAHangUpRemembersNoScreen(t *testing.T) {
	t.Parallel()
	h, _ := screenLibrary(t)
	s := startTmux(t, 100, 30, cacheEnv(h))
	s.waitForText("Harbour Reopens")
	if err := syscall.Kill(s.bulletinPID(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	s.exitStatus()
	if _, err := os.Stat(savedScreen(h)); !os.IsNotExist(err) {
		t.Fatalf("a screen was remembered after SIGHUP (%v)", err)
	}
}
