//go:build linux || darwin || freebsd || netbsd || openbsd

package sources

import (
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// openListing opens a file of the folder to list it. On disk it is a bare
// descriptor: os.Open also sets the file non-blocking and offers it to the
// poller, which for a regular file only costs system calls, and a listing
// opens every file of the folder.
func (f *Folder) openListing(p string) (fs.File, error) {
	if f.dir == "" {
		return f.FS.Open(p)
	}
	// p comes from a walk of the folder, clean and relative, so the two
	// are joined as they are: filepath.Join cleans the result again, which
	// cost 2% of a first listing.
	name := f.dir + "/" + p
	if strings.HasSuffix(f.dir, "/") {
		name = f.dir + p
	}
	for {
		fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "open", Path: p, Err: err}
		}
		return rawFile{fd: fd, name: p}, nil
	}
}

// rawFile is an open file of the folder read with plain system calls.
type rawFile struct {
	fd   int
	name string
}

func (r rawFile) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(r.fd, b)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: r.name, Err: err}
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (r rawFile) ReadAt(b []byte, off int64) (int, error) {
	done := 0
	for done < len(b) {
		n, err := unix.Pread(r.fd, b[done:], off+int64(done))
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return done, &fs.PathError{Op: "read", Path: r.name, Err: err}
		case n == 0:
			return done, io.EOF
		}
		done += n
	}
	return done, nil
}

func (r rawFile) Stat() (fs.FileInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstat(r.fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: r.name, Err: err}
	}
	sec, nsec := st.Mtim.Unix()
	return rawInfo{name: filepath.Base(r.name), size: st.Size, stamp: sec*1e9 + nsec}, nil
}

func (r rawFile) Close() error { return unix.Close(r.fd) }

// rawInfo is what a listing asks of a file's information: its size and
// modification time (in nanoseconds).
type rawInfo struct {
	name  string
	size  int64
	stamp int64
}

func (i rawInfo) Name() string       { return i.name }
func (i rawInfo) Size() int64        { return i.size }
func (i rawInfo) Mode() fs.FileMode  { return 0 }
func (i rawInfo) ModTime() time.Time { return time.Unix(0, i.stamp) }
func (i rawInfo) IsDir() bool        { return false }
func (i rawInfo) Sys() any           { return nil }
