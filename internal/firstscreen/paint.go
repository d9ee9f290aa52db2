package firstscreen

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
)

// painted is set when init painted a saved screen that nothing has taken
// over yet; mu guards it.
var (
	mu      sync.Mutex
	painted bool
)

func init() {
	if !onTerminal() {
		return
	}
	cols, rows, ok := terminalSize(os.Stdout.Fd())
	if !ok {
		return
	}
	sys := processSystem(cols, rows)
	exeID() // the binary as it started, for Save
	if sys.cacheAt == "" {
		return
	}
	saved, err := os.ReadFile(sys.cacheAt + "/" + fileName)
	if err != nil {
		return
	}
	if screen := sys.match(saved); screen != nil {
		if _, err := os.Stdout.Write(screen); err == nil {
			painted = true
		}
	}
}

// onTerminal reports whether the reader could start here: standard input
// and output are terminals that can draw a screen.
func onTerminal() bool {
	if t := os.Getenv("TERM"); t == "" || t == "dumb" {
		return false
	}
	return isTerminal(os.Stdin.Fd()) && isTerminal(os.Stdout.Fd())
}

// Painted reports whether a saved screen is on the terminal that nothing
// has taken over yet.
func Painted() bool {
	mu.Lock()
	defer mu.Unlock()
	return painted
}

// HandOver says the reader now owns the screen: it draws over the painted
// one and leaves the alternate screen itself when it ends.
func HandOver() {
	mu.Lock()
	defer mu.Unlock()
	painted = false
}

// leaveSequence gives the terminal back as it was before the paint: the
// cursor shown, the normal screen with the cursor where it was.
const leaveSequence = "\x1b[?25h\x1b[?1049l"

// Undo takes the painted screen away when the reader will not draw over
// it (an error stops the start before it runs), so that what is printed
// next shows on the normal screen. It does nothing when nothing is painted.
func Undo() {
	mu.Lock()
	defer mu.Unlock()
	if painted {
		os.Stdout.WriteString(leaveSequence)
		painted = false
	}
}

// Encode turns a screen, as lines of text with colours already made for
// the terminal, into what draws it: the alternate screen entered and the
// cursor hidden as Bubble Tea does, then each of rows lines drawn at its
// place, from a cleared line. A row past the screen's lines is left blank;
// a line past rows is dropped, so the screen never scrolls.
func Encode(screen string, rows int) []byte {
	var b bytes.Buffer
	b.WriteString("\x1b[?1049h\x1b[?25l\x1b[H")
	lines := strings.Split(screen, "\n")
	for row := 0; row < rows; row++ {
		// The line is cleared before it is drawn, not after: after a
		// full line the cursor sits on its last cell, which an erase to
		// the end of the line would blank in many terminals.
		b.WriteString("\x1b[" + strconv.Itoa(row+1) + ";1H\x1b[m\x1b[K")
		if row < len(lines) {
			b.WriteString(strings.TrimSuffix(lines[row], "\r"))
			b.WriteString("\x1b[m")
		}
	}
	return b.Bytes()
}

// Save remembers screen (made by Encode) as the first screen of the next
// start with the same arguments, binary, environment and terminal size,
// while each of files is as it is now. The file is the user's (it holds
// headlines): only they may read it.
func Save(screen []byte, cols, rows int, files []string) error {
	sys := processSystem(cols, rows)
	if sys.cacheAt == "" {
		return errNoCache
	}
	return save(sys.cacheAt, fileName, sys.key(files), screen)
}

// errNoCache is a system with no cache folder to remember a screen in.
var errNoCache = errors.New("no cache folder: set XDG_CACHE_HOME or HOME")

// save writes the key and the screen to dir/name at once: a start reading the
// file sees the old one or the new one whole, never a part.
func save(dir, name string, k Key, screen []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // once renamed, there is nothing left to remove
	data := append(k.encode(), screen...)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), dir+"/"+name)
}
