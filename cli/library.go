package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"bulletin/model"
	"bulletin/sources"
)

// errReported means the command ran but some input had errors, each already
// reported on stderr; the exit status is 1.
var errReported = errors.New("some input had errors")

// usageError is bad usage of the command line; the exit status is 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// openSources turns SOURCE arguments into sources. No argument means the
// user's library, which is the tour until sources are configured.
func openSources(args []string) ([]model.Source, error) {
	folders, err := openFolders(args)
	if err != nil {
		return nil, err
	}
	return sourcesOf(folders), nil
}

// openFolders is openSources for the folders themselves.
func openFolders(args []string) ([]*sources.Folder, error) {
	if len(args) == 0 {
		return []*sources.Folder{sources.Tour()}, nil
	}
	var folders []*sources.Folder
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, unwrapPathError(err))
		}
		var f *sources.Folder
		if st.IsDir() {
			f, err = sources.OpenFolder(arg)
		} else {
			f, err = sources.OpenFile(arg)
		}
		if err != nil {
			return nil, err
		}
		folders = append(folders, f)
	}
	return folders, nil
}

// sourcesOf is folders as sources.
func sourcesOf(folders []*sources.Folder) []model.Source {
	srcs := make([]model.Source, len(folders))
	for i, f := range folders {
		srcs[i] = f
	}
	return srcs
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loadLibrary scans the sources into a library. Errors are written to
// stderr, one line each naming the file, as they come; stats counts them.
func loadLibrary(ctx context.Context, srcs []model.Source, stderr io.Writer) (*model.Library, model.ScanStats) {
	lib := model.NewLibrary()
	var stats model.ScanStats
	for r := range model.ScanAll(ctx, srcs, 0) {
		stats.Count(r)
		switch {
		case r.Err != nil:
			fmt.Fprintf(stderr, "bulletin: %v\n", trimPrefix(r.Err))
		case !r.Skipped:
			lib.Add(r.Article)
		}
	}
	return lib, stats
}

// trimPrefix drops the package prefix from errors shown to users; the file
// name that follows it is what matters.
func trimPrefix(err error) string {
	s := err.Error()
	for _, p := range []string{"sources: ", "store: "} {
		if len(s) > len(p) && s[:len(p)] == p {
			return s[len(p):]
		}
	}
	return s
}
