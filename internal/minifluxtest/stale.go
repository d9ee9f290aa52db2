package minifluxtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// tempDir makes a folder for this test binary, named with its process id
// so that a later run can tell it from the folders of runs still going.
func tempDir(kind string) (string, error) {
	removeStaleOnce()
	return os.MkdirTemp("", fmt.Sprintf("minifluxtest-%d-%s-", os.Getpid(), kind))
}

var removeStaleOnce = sync.OnceFunc(removeStale)

// removeStale removes the folders of test binaries that died without
// cleaning up (killed, or timed out: their servers die with them, their
// files do not).
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "minifluxtest-*-*"))
	for _, d := range dirs {
		if pid, ok := ownerPID(filepath.Base(d)); ok && !processExists(pid) {
			os.RemoveAll(d)
		}
	}
}

// ownerPID reads the process id out of a tempDir name.
func ownerPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "minifluxtest-")
	if !ok {
		return 0, false
	}
	pidText, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(pidText)
	return pid, ok && err == nil && pid > 0
}

func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
