//go:build unix

package cli

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// releaseOutput ends the output of a command that has more to do after
// printing (list writes the index behind its listing): a pipe or file
// given as standard output sees its end now, so `bulletin list | jq`
// finishes without waiting for the index. The descriptor is pointed at
// /dev/null rather than closed, so that no file the rest of the run opens
// (the store's) can take its number and receive a stray write. A terminal
// is left as it is: the shell waits for the exit anyway.
func releaseOutput(w io.Writer) {
	f, ok := w.(*os.File)
	if !ok || isTerminal(f) {
		return
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer null.Close()
	_ = unix.Dup2(int(null.Fd()), int(f.Fd()))
}
