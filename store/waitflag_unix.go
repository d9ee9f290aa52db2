//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// waitFlag lets a process that waits for the write lock ask the process
// holding it to step aside: a waiting process holds a shared lock on the
// file <database>-wait, and a long run of transactions (indexing) looks for
// such a lock after each commit and, while there is one, leaves the write
// lock free. SQLite's own busy wait polls, and a process busy indexing
// would otherwise take the lock back before a poll came.
type waitFlag struct {
	mu   sync.Mutex
	path string
	f    *os.File
}

func newWaitFlag(dbPath string) *waitFlag { return &waitFlag{path: dbPath + "-wait"} }

// file opens the flag file once; POSIX locks of a process go when any of
// its descriptors of the file closes, so there is one.
func (w *waitFlag) file() *os.File {
	if w.f == nil {
		if f, err := os.OpenFile(w.path, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
			w.f = f
		}
	}
	return w.f
}

func (w *waitFlag) lock(typ int16) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if f := w.file(); f != nil {
		lk := unix.Flock_t{Type: typ, Whence: 0, Start: 0, Len: 1}
		unix.FcntlFlock(f.Fd(), unix.F_SETLK, &lk)
	}
}

// raise says this process waits for the write lock; lower, that it no
// longer does.
func (w *waitFlag) raise() { w.lock(unix.F_RDLCK) }
func (w *waitFlag) lower() { w.lock(unix.F_UNLCK) }

// raised reports whether another process waits for the write lock.
func (w *waitFlag) raised() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.file()
	if f == nil {
		return false
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 0, Len: 1}
	if err := unix.FcntlFlock(f.Fd(), unix.F_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != unix.F_UNLCK
}

func (w *waitFlag) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
}
