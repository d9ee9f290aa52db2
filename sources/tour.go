package sources

import (
	"embed"
	"io/fs"
)

//go:embed tour/*.txt
var tourFiles embed.FS

// Tour returns the built-in tour: a few articles, written for bulletin, that
// teach the reader by using it.
func Tour() *Folder {
	sub, err := fs.Sub(tourFiles, "tour")
	if err != nil {
		panic(err) // the pattern above is fixed at build time
	}
	return &Folder{Name: "tour", Root: "built-in tour", FS: sub}
}
