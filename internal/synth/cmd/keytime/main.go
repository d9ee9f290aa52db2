// Command keytime times keys in tmux, from the key sent to the screen
// showing its result, for scripts/bench-ui.sh:
//
//	keytime -S SOCKET -t TARGET -out DIR less
//	keytime -S SOCKET -t TARGET -out DIR -name FOLDER -total 100,000 bulletin
//	keytime -S SOCKET -t TARGET start-less
//	keytime -S SOCKET -t TARGET -name FOLDER -total 100,000 start-bulletin
//	keytime -S SOCKET -t TARGET -name FOLDER -total 100,000 -opens 50 open-bulletin
//
// keytime attaches to the tmux server in control mode, where tmux says at
// once when the pane's program writes (%output), sends each key through
// the same connection and looks at the screen (capture-pane) after every
// write, never by polling on a clock. A key's time is from the send-keys
// to the first capture that shows its result.
//
//   - less, bulletin: the program already runs in TARGET; each time, in ms,
//     is appended to a file of DIR per key: k.less (less's j), or k.enter,
//     k.related, k.back and k.filter.
//   - start-less, start-bulletin: TARGET runs a shell that waits for a line
//     before it execs the program (sh -c 'read _; exec PROGRAM'); keytime
//     sends Enter and prints how long the first screen took (less: text;
//     bulletin: a headline, then every article counted), in ms.
//   - open-bulletin: opens -opens articles one after the other, untimed,
//     for a memory measure taken after it.
//
// Polling from a shell (a capture-pane process every few ms) was too coarse
// to compare a program that draws in 0.3 ms (less) with one that draws at
// its next frame, 4 to 8 ms later (Bubble Tea): the first was always seen
// by the first poll, the second a poll or two later, and the difference
// moved by 10 ms between runs of the same binary.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	sock := flag.String("S", "", "the tmux server's socket")
	target := flag.String("t", "app", "the pane the program runs in")
	out := flag.String("out", ".", "the folder of the k.* files")
	keys := flag.Int("keys", 15, "presses of each key")
	opens := flag.Int("opens", 50, "open-bulletin: the articles opened")
	name := flag.String("name", "", "bulletin: the corpus folder's name, as headlines show it")
	total := flag.String("total", "", "bulletin: the article count as the status bar writes it (100,000)")
	limit := flag.Duration("timeout", 120*time.Second, "the longest wait for a screen")
	pause := flag.Duration("pause", 150*time.Millisecond, "the pause before each key, as a person reads the screen first")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: keytime -S SOCKET [flags] less|bulletin|start-less|start-bulletin|open-bulletin\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	w := &writer{dir: *out}
	b := bulletinScreens{name: *name, total: *total}
	modes := map[string]func(*session) error{
		"less":           func(s *session) error { return timeLess(s, w, *keys) },
		"bulletin":       func(s *session) error { return timeBulletin(s, w, *keys, b) },
		"start-less":     startLess,
		"start-bulletin": func(s *session) error { return startBulletin(s, b) },
		"open-bulletin":  func(s *session) error { return openArticles(s, *opens, b) },
	}
	mode := flag.Arg(0)
	run, known := modes[mode]
	if *sock == "" || flag.NArg() != 1 || !known || (strings.HasSuffix(mode, "bulletin") && (*name == "" || *total == "")) {
		flag.Usage()
		os.Exit(2)
	}
	s, err := attach(*sock, *target, *limit, *pause)
	if err == nil {
		err = run(s)
		s.close()
	}
	if err == nil {
		err = w.err
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "keytime:", err)
		os.Exit(1)
	}
}

// session is a pane watched through a control client.
type session struct {
	c      *client
	cmd    *exec.Cmd
	target string
	limit  time.Duration
	// pause comes before every key: a person looks at the screen before
	// the next key, and a program may use that time (bulletin reads the
	// headline under the cursor ahead); keys sent the moment the screen
	// shows would measure a reader no one is.
	pause time.Duration
}

func attach(sock, target string, limit, pause time.Duration) (*session, error) {
	cmd := exec.Command("tmux", "-S", sock, "-C", "attach", "-t", target)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &session{c: newClient(in, out), cmd: cmd, target: target, limit: limit, pause: pause}
	// The attach is answered by a block of its own, before any command's:
	// skip replies until the marker's.
	if _, err := fmt.Fprintln(in, "display-message -p keytime-ready"); err != nil {
		return nil, err
	}
	deadline := time.After(limit)
	for {
		select {
		case r := <-s.c.replies:
			if len(r.lines) == 1 && r.lines[0] == "keytime-ready" {
				return s, nil
			}
		case <-s.c.closed:
			return nil, fmt.Errorf("tmux -C attach to %s ended", target)
		case <-deadline:
			return nil, fmt.Errorf("tmux -C attach to %s: no answer in %v", target, limit)
		}
	}
}

func (s *session) close() {
	_, _ = s.c.run("detach-client", s.limit)
	_ = s.cmd.Wait()
}

// key sends one key (a tmux key name), after the pause, and returns when
// it was sent; the program's writes before it are not its answer.
func (s *session) key(k string) (time.Time, error) {
	time.Sleep(s.pause)
	s.c.lastOutput()
	sent := time.Now()
	if debug {
		fmt.Fprintf(os.Stderr, "key %s at %s\n", k, sent.Format("05.000000"))
	}
	_, err := s.c.run("send-keys -t "+s.target+" "+k, s.limit)
	return sent, err
}

func (s *session) screen() (string, error) {
	r, err := s.c.run("capture-pane -p -t "+s.target, s.limit)
	return strings.Join(r.lines, "\n"), err
}

// until waits for the screen to satisfy ok and returns it, with the time
// it was first seen to. It looks after each write of the program that
// tmux reports, and again every 2 ms for 50 ms after one: tmux reports a
// write as it reads it, and may put it on its screen a moment later.
func (s *session) until(what string, ok func(string) bool) (string, time.Time, error) {
	deadline := time.Now().Add(s.limit)
	var wrote time.Time
	for {
		if t := s.c.lastOutput(); !t.IsZero() {
			wrote = t
		}
		scr, err := s.screen()
		looked := time.Now()
		if err != nil {
			return "", time.Time{}, err
		}
		if debug {
			fmt.Fprintf(os.Stderr, "  look %s wrote=%s ok=%v\n", looked.Format("05.000000"), wrote.Format("05.000000"), ok(scr))
		}
		if ok(scr) {
			return scr, looked, nil
		}
		if looked.After(deadline) {
			return "", time.Time{}, fmt.Errorf("timed out waiting for %s; last screen:\n%s", what, scr)
		}
		again := 100 * time.Millisecond
		if looked.Sub(wrote) < 50*time.Millisecond {
			again = 2 * time.Millisecond
		}
		select {
		case t := <-s.c.outputs:
			wrote = t
		case <-time.After(again):
		case <-s.c.closed:
			return "", time.Time{}, errGone
		}
	}
}

// timeKey sends k and returns how long the screen took to satisfy ok,
// and that screen.
func (s *session) timeKey(k, what string, ok func(string) bool) (float64, string, error) {
	sent, err := s.key(k)
	if err != nil {
		return 0, "", err
	}
	scr, at, err := s.until(what, ok)
	return ms(at.Sub(sent)), scr, err
}

// writer appends times to the k.* files, keeping the first error.
type writer struct {
	dir string
	err error
}

func (w *writer) add(key string, ms float64) {
	if w.err != nil {
		return
	}
	f, err := os.OpenFile(filepath.Join(w.dir, "k."+key), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		w.err = err
		return
	}
	_, err = fmt.Fprintf(f, "%.1f\n", ms)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	w.err = err
}

// debug (KEYTIME_DEBUG=1) prints each key and each look at the screen, to
// see where a slow time went.
var debug = os.Getenv("KEYTIME_DEBUG") != ""
