//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package sources

import "io/fs"

// openListing opens a file of the folder to list it.
func (f *Folder) openListing(p string) (fs.File, error) { return f.FS.Open(p) }
