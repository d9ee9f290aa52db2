package cli

import (
	"fmt"
	"io"

	"bulletin/config"
	"bulletin/internal/firstscreen"
	"bulletin/store"
)

// nextScreen is the first screen of the next start, as the reader gave it
// on its way out, until it is saved.
type nextScreen struct {
	screen        []byte
	width, height int
}

func (n *nextScreen) take(screen []byte, width, height int) {
	n.screen, n.width, n.height = screen, width, height
}

// save remembers the screen (firstscreen.Save) with the files it was made
// from: the store and its log, as they are once closed, and the
// configuration. A screen that cannot be saved only costs the next start
// its head start, which the warning says.
func (n *nextScreen) save(stderr io.Writer) {
	if n == nil || n.screen == nil {
		return
	}
	files, err := screenFiles()
	if err == nil {
		err = firstscreen.Save(n.screen, n.width, n.height, files)
	}
	if err != nil {
		fmt.Fprintf(stderr, "bulletin: warning: cannot remember the first screen for the next start: %v\n", err)
	}
}

// screenFiles are the files a first screen is made from: when one of them
// changed, the screen is out of date.
func screenFiles() ([]string, error) {
	db, err := store.DefaultPath()
	if err != nil {
		return nil, err
	}
	cfg, err := config.Path()
	if err != nil {
		return nil, err
	}
	return []string{db, db + "-wal", cfg}, nil
}

// undoPaint takes a remembered screen off the terminal before the first
// thing is written.
type undoPaint struct{ w io.Writer }

func (u undoPaint) Write(p []byte) (int, error) {
	firstscreen.Undo()
	return u.w.Write(p)
}
