package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/model"
	"bulletin/store"
)

// libraryStore is the library store opened for one command, with the
// command's sources as its library.
type libraryStore struct {
	db  *store.DB
	lib *store.Library
	// subs are the feeds of the library.
	subs []store.FeedSub
}

// openStore opens the library store at its place (store.DefaultPath) with
// the selection (nil: none) as its library. A damaged file, or one from a
// newer bulletin, is an error. A store that cannot be opened for another
// reason (no place to make it) is an error when required; otherwise it is
// reported on stderr as a warning and openStore returns nil, and the
// command reads the folders directly.
func openStore(cmd *cobra.Command, sel *selection, required bool) (*libraryStore, error) {
	ls, warn, err := openStoreQuiet(cmd, sel, required)
	if warn != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: warning: %s; going on without it\n", warn)
	}
	return ls, err
}

// openStoreQuiet is openStore returning the warning instead of printing it.
func openStoreQuiet(cmd *cobra.Command, sel *selection, required bool) (*libraryStore, string, error) {
	path, err := store.DefaultPath()
	var db *store.DB
	if err == nil {
		db, err = store.Open(cmd.Context(), path)
	}
	if err != nil {
		if required || errors.Is(err, store.ErrDamaged) || errors.Is(err, store.ErrNewer) {
			return nil, "", err
		}
		return nil, trimPrefix(err), nil
	}
	if sel == nil {
		sel = &selection{}
	}
	if sel.orStore {
		// The configuration file is gone (or was never written, by a
		// script that filled the store): what the store holds is still
		// the user's, so it is shown rather than the tour.
		infos, err := db.Feeds(cmd.Context())
		if err != nil {
			db.Close()
			return nil, "", err
		}
		if len(infos) > 0 {
			sel.folders, sel.feeds = nil, make([]store.FeedSub, len(infos))
			for i, fi := range infos {
				sel.feeds[i] = store.FeedSub{URL: fi.URL}
			}
		}
		sel.orStore = false
	}
	lib := db.Library(sel.folders...)
	lib.AddFeeds(sel.feeds...)
	return &libraryStore{db: db, lib: lib, subs: sel.feeds}, "", nil
}

func (s *libraryStore) Close() {
	if s != nil {
		s.db.Close()
	}
}

// indexed reports whether the library can be read from the index: the
// store is there and can be written, so the index can be brought up to date.
func (s *libraryStore) indexed() bool { return s != nil && !s.db.ReadOnly() }

// update brings the index of the library up to date. Files and folders that
// cannot be read are reported on stderr, one line each, and counted in
// stats; on a terminal, progress is shown while files are read.
func (s *libraryStore) update(ctx context.Context, stderr io.Writer, stats *model.ScanStats) error {
	return updateWith(stderr, stats, func(progress func(store.Progress), problem func(model.ScanResult)) error {
		return s.lib.Update(ctx, progress, problem)
	})
}

// updateWith runs an update of the index with progress on a terminal and
// each problem reported on stderr and counted in stats.
func updateWith(stderr io.Writer, stats *model.ScanStats, update func(progress func(store.Progress), problem func(model.ScanResult)) error) error {
	p := newProgress(stderr, isTerminal(stderr), false)
	defer p.done()
	return update(p.report, func(r model.ScanResult) {
		p.clear()
		stats.Count(r)
		fmt.Fprintf(stderr, "bulletin: %v\n", trimPrefix(r.Err))
	})
}

// indexText completes the full-text index of the library, showing progress
// on a terminal.
func (s *libraryStore) indexText(cmd *cobra.Command) error {
	stderr := cmd.ErrOrStderr()
	p := newProgress(stderr, isTerminal(stderr), false)
	defer p.done()
	return s.lib.IndexTextProgress(cmd.Context(), p.report)
}

// progress shows indexing progress on stderr: on a terminal, one line that
// is rewritten; elsewhere, when lines is set, a line a report, else nothing.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	lines    bool
	shown    int // width of the line shown on the terminal
}

func newProgress(w io.Writer, terminal, lines bool) *progress {
	return &progress{w: w, terminal: terminal, lines: lines}
}

func (p *progress) report(pr store.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	what := "files"
	if pr.Stage == store.Text {
		what = "articles for search"
	}
	msg := fmt.Sprintf("indexing %s: %d of %d %s", pr.Source, pr.Done, pr.Total, what)
	if pr.Source == "" {
		msg = fmt.Sprintf("indexing %d of %d %s", pr.Done, pr.Total, what)
	}
	p.showLocked(msg)
}

// show shows msg as the progress line.
func (p *progress) show(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.showLocked(msg)
}

func (p *progress) showLocked(msg string) {
	switch {
	case p.terminal:
		line := "bulletin: " + model.CleanLine(msg) + "…"
		// Widths in runes (fmt pads by runes too): in bytes, a bar of
		// "█" would pad past the edge of the terminal and wrap.
		fmt.Fprintf(p.w, "\r%-*s", p.shown, line)
		p.shown = utf8.RuneCountInString(line)
	case p.lines:
		fmt.Fprintf(p.w, "bulletin: %s\n", model.CleanLine(msg))
	}
}

// clear removes the progress line from the terminal, before other output.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.shown > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.shown))
		p.shown = 0
	}
}

func (p *progress) done() { p.clear() }

// openReaderLibrary opens what the interactive reader needs for the
// selection: its sources, listed through the library store (so a large
// folder lists at once from the index, and only changed files are read),
// the store itself for reading state, search and "more like this", and
// the user's feeds. Without a store (see openStore) the sources are the
// plain folders, st and fs are nil and warn says why, for the reader's
// status bar. close releases the store when the reader ends.
func openReaderLibrary(cmd *cobra.Command, sel *selection) (srcs []model.Source, st model.Store, fs model.Feeds, close func(), warn string, err error) {
	ls, warn, err := openStoreQuiet(cmd, sel, false)
	if err != nil {
		return nil, nil, nil, nil, "", err
	}
	if ls == nil {
		return sourcesOf(sel.folders), nil, nil, func() {}, warn, nil
	}
	if svc := ls.feeds(sel.cfg); svc != nil {
		fs = svc
		if sel.cfg.Sync != nil {
			fs = &syncFeeds{Service: svc, cfg: sel.cfg, db: ls.db}
		}
	}
	return ls.lib.Sources(), ls.lib, fs, ls.Close, "", nil
}

// feeds returns the user's feeds kept in this store; nil when the
// configuration could not be read or the store cannot be written.
func (s *libraryStore) feeds(cfg *config.Config) *feeds.Service {
	if cfg == nil || s.db.ReadOnly() {
		return nil
	}
	svc := feeds.New(cfg.File(), s.db, feeds.NewFetcher(cfg.Settings, version()))
	// The reader lists the items of the library's feeds from the start.
	urls := make([]string, len(s.subs))
	for i, f := range s.subs {
		urls[i] = f.URL
	}
	svc.Shown(urls...)
	return svc
}

// storeCommands are the commands of the library store, for the root
// command: search, index and mark, those of the subscriptions, and fetch.
func storeCommands() []*cobra.Command {
	return []*cobra.Command{newSearchCmd(), newIndexCmd(), newMarkCmd(),
		newAddCmd(), newRemoveCmd(), newFeedsCmd(), newImportCmd(), newExportCmd(), newRefreshCmd(), newFetchCmd(), newSyncCmd()}
}

// openWritableStore is openStore for a command that changes the store:
// a read-only store is closed again and an error.
func openWritableStore(cmd *cobra.Command, sel *selection) (*libraryStore, error) {
	st, err := openStore(cmd, sel, true)
	if err != nil {
		return nil, err
	}
	if st.db.ReadOnly() {
		st.Close()
		return nil, errReadOnlyStore(st)
	}
	return st, nil
}

// errReadOnlyStore is the error of a command that changes a read-only store.
func errReadOnlyStore(st *libraryStore) error {
	return fmt.Errorf("cannot save: %w (%s)", store.ErrReadOnly, st.db.Path())
}
