//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package sources

import (
	"os"
	"path/filepath"
)

// newDirStatter stats files by their joined path.
func newDirStatter(dir *os.File) func(name string) (size, stamp int64, isDir bool, err error) {
	return statPath(dir.Name())
}

// statPath stats a file by its joined path. A symbolic link is followed for
// its size and time, but is never a directory, as for newDirStatter.
func statPath(dir string) func(name string) (size, stamp int64, isDir bool, err error) {
	return func(name string) (int64, int64, bool, error) {
		p := filepath.Join(dir, name)
		info, err := os.Lstat(p)
		if err != nil {
			return 0, 0, false, unwrapPath(err)
		}
		if info.Mode()&os.ModeSymlink != 0 {
			if info, err = os.Stat(p); err != nil {
				return 0, 0, false, unwrapPath(err)
			}
			return info.Size(), info.ModTime().UnixNano(), false, nil
		}
		return info.Size(), info.ModTime().UnixNano(), info.IsDir(), nil
	}
}
