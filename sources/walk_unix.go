//go:build linux || darwin || freebsd || netbsd || openbsd

package sources

import (
	"os"

	"golang.org/x/sys/unix"
)

// newDirStatter stats files relative to an open directory (fstatat), which
// spares the kernel a path lookup a file. A symbolic link is followed for
// its size and time, as reading the file does, but is never a directory:
// Walk does not enter linked folders, as Scan does not.
func newDirStatter(dir *os.File) func(name string) (size, stamp int64, isDir bool, err error) {
	fd := int(dir.Fd())
	return func(name string) (int64, int64, bool, error) {
		var st unix.Stat_t
		if err := fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return 0, 0, false, err
		}
		if st.Mode&unix.S_IFMT == unix.S_IFLNK {
			if err := fstatat(fd, name, &st, 0); err != nil {
				return 0, 0, false, err
			}
			sec, nsec := st.Mtim.Unix()
			return int64(st.Size), sec*1e9 + nsec, false, nil
		}
		sec, nsec := st.Mtim.Unix()
		return int64(st.Size), sec*1e9 + nsec, st.Mode&unix.S_IFMT == unix.S_IFDIR, nil
	}
}

func fstatat(fd int, name string, st *unix.Stat_t, flags int) error {
	for {
		err := unix.Fstatat(fd, name, st, flags)
		if err != unix.EINTR {
			return err
		}
	}
}
