package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/model"
	"bulletin/sources"
	"bulletin/store"
)

// errReported means the command ran but some input had errors, each already
// reported on stderr; the exit status is 1.
var errReported = errors.New("some input had errors")

// usageError is bad usage of the command line; the exit status is 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// selection is what a command reads: folders of article files, and the
// user's feeds when it reads the user's library.
type selection struct {
	folders []*sources.Folder
	feeds   []store.FeedSub
	// cfg is the configuration, nil when SOURCE arguments were given and
	// it could not be read (it is not needed then).
	cfg *config.Config
	// warnings are problems with the configuration that do not stop the
	// command: a folder it lists that is not there.
	warnings []string
	// named is set when the folders were named on the command line (or
	// are the tour): the reader then lists them alone, not the feeds.
	named bool
	// orStore is set when there is no configuration file: the tour stands
	// for the library, unless the store holds feeds, which then do.
	orStore bool
}

// openSelection turns SOURCE arguments into folders. No argument means the
// user's library: the folders and feeds of the configuration file, or the
// tour when it lists none.
func openSelection(args []string) (*selection, error) {
	if len(args) > 0 {
		folders, err := openFolders(args)
		if err != nil {
			return nil, err
		}
		cfg, _ := config.Load()
		setSites(cfg, folders...)
		return &selection{folders: folders, cfg: cfg, named: true}, nil
	}
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	sel := &selection{cfg: cfg, feeds: feeds.Subs(cfg), warnings: cfg.Warnings}
	for _, f := range cfg.Folders {
		if f.Path == "" {
			continue
		}
		path, err := config.ExpandPath(f.Path)
		if err == nil {
			var site model.Site
			if site, err = f.Site(); err == nil {
				var folder *sources.Folder
				if folder, err = sources.OpenFolder(path); err == nil {
					folder.SetSite(site)
					sel.folders = append(sel.folders, folder)
					continue
				}
			}
		}
		sel.warnings = append(sel.warnings, fmt.Sprintf("%s: folder %s: %v", cfg.File(), model.CleanLine(f.Path), trimPrefix(unwrapPathError(err))))
	}
	if len(cfg.Folders) == 0 && len(sel.feeds) == 0 {
		sel.folders = []*sources.Folder{sources.Tour()}
		sel.orStore = !cfg.Exists()
	}
	return sel, nil
}

// tourSelection is the built-in tour alone.
func tourSelection() *selection {
	cfg, _ := config.Load()
	return &selection{folders: []*sources.Folder{sources.Tour()}, cfg: cfg, named: true}
}

// warn prints the selection's warnings on stderr, one line each.
func (s *selection) warn(stderr io.Writer) {
	for _, w := range s.warnings {
		fmt.Fprintf(stderr, "bulletin: warning: %s\n", model.CleanLine(w))
	}
}

// openFolders opens the folders and files named by SOURCE arguments.
func openFolders(args []string) ([]*sources.Folder, error) {
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

// setSites gives folders opened from arguments the site of the configured
// folder that holds them (see config.FolderOf): where their stories live on
// the web. Without a configuration they have none.
func setSites(cfg *config.Config, folders ...*sources.Folder) {
	if cfg == nil {
		return
	}
	for _, f := range folders {
		if f.Dir() == "" {
			continue
		}
		if i := cfg.FolderOf(f.Dir()); i >= 0 {
			if site, err := cfg.Folders[i].Site(); err == nil {
				f.SetSite(site)
			}
		}
	}
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
	for _, p := range []string{"sources: ", "store: ", "feeds: ", "config: "} {
		if len(s) > len(p) && s[:len(p)] == p {
			return s[len(p):]
		}
	}
	return s
}
