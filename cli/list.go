package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"bulletin/model"
	"bulletin/store"
)

func newListCmd() *cobra.Command {
	var asJSON, unread, hidden bool
	cmd := &cobra.Command{
		Use:   "list [SOURCE...]",
		Short: "List headlines, newest first",
		Long: "List the headlines of every article in the sources, newest first.\n" +
			"SOURCE is a folder of article files or one file; with none, your library.\n" +
			"With --unread, only the articles not read yet. Articles that [[filters]]\n" +
			"in config.toml hide are left out; --hidden lists them too (\"hidden\": true in --json).",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd, args, listOptions{json: asJSON, unread: unread, hidden: hidden})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines, one object per article")
	cmd.Flags().BoolVar(&unread, "unread", false, "list only the articles not read yet")
	cmd.Flags().BoolVar(&hidden, "hidden", false, "list the articles the filters hide too")
	return cmd
}

// listEntry is one line of `list --json`, as appendListLine writes it.
type listEntry struct {
	Ref       string   `json:"ref"`
	Source    string   `json:"source"`
	Path      string   `json:"path"`
	ID        *string  `json:"id"`
	Title     string   `json:"title"`
	Published *string  `json:"published"`
	Date      *string  `json:"date"`
	Related   int      `json:"related"`
	Warnings  []string `json:"warnings"`
	Read      bool     `json:"read"`
	Starred   bool     `json:"starred"`
	// Hidden marks, in list --hidden, what a filter hides.
	Hidden bool `json:"hidden,omitempty"`
}

func newListEntry(a *model.Article, st model.State) listEntry {
	e := listEntry{
		Ref:       a.Ref,
		Source:    a.Source,
		Path:      a.Path,
		ID:        optional(a.ID),
		Title:     a.Title,
		Published: published(a),
		Date:      optional(a.DateText),
		Related:   a.RelatedCount,
		Warnings:  a.Warnings,
		Read:      st.Read,
		Starred:   st.Starred,
	}
	if e.Warnings == nil {
		e.Warnings = []string{}
	}
	return e
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// published is the date in RFC 3339, Z when the source gives no zone.
func published(a *model.Article) *string {
	if !a.HasDate {
		return nil
	}
	s := a.Published.Format(time.RFC3339)
	return &s
}

// listOptions are list's flags.
type listOptions struct {
	json bool
	// unread lists only the articles not read yet.
	unread bool
	// hidden lists the articles the filters hide too.
	hidden bool
}

func runList(cmd *cobra.Command, args []string, opts listOptions) error {
	sel, err := openSelection(args)
	if err != nil {
		return err
	}
	return listSelection(cmd, sel, opts)
}

// listSelection prints the headlines of the selection, newest first.
func listSelection(cmd *cobra.Command, sel *selection, opts listOptions) error {
	asJSON := opts.json
	st, err := openStore(cmd, sel, false)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10)
	stderr := cmd.ErrOrStderr()
	sel.warn(stderr)
	var stats model.ScanStats
	var line []byte
	kill, warn, err := newKillfile(cmd, sel.cfg, st)
	if err != nil {
		return err
	}
	if warn != "" {
		fmt.Fprintln(stderr, warn)
	}
	write := func(a *model.Article, state model.State) error {
		hidden := kill.hides(a)
		if opts.unread && state.Read || hidden && !opts.hidden {
			return nil
		}
		if asJSON {
			line = appendListLine(line[:0], a, state, hidden)
			_, err := w.Write(line)
			return err
		}
		writeListText(w, a, stderr)
		return nil
	}
	listed := false
	if st.indexed() {
		// The files that changed are listed as they are read, and written
		// to the index behind the listing: the output is complete (and
		// flushed) before the index is.
		err = st.listUpdating(cmd.Context(), stderr, &stats, func(r model.ScanResult, state model.State) error {
			stats.Count(r)
			switch {
			case r.Err != nil:
				fmt.Fprintf(stderr, "bulletin: %v\n", trimPrefix(r.Err))
			case !r.Skipped:
				return write(&r.Article, state)
			}
			return nil
		}, func() error {
			if err := w.Flush(); err != nil {
				return err
			}
			releaseOutput(cmd.OutOrStdout())
			return nil
		})
		if err != nil {
			return err
		}
		listed = true
	} else {
		// Without a usable index: read the folders, with what state there
		// is. Feed items are only in the store, so a read-only store still
		// lists them.
		states := map[string]model.State{}
		if st != nil {
			if states, err = st.db.States(cmd.Context()); err != nil {
				return err
			}
		}
		srcs := sourcesOf(sel.folders)
		if st != nil && len(sel.feeds) > 0 {
			feedLib := st.db.Library()
			feedLib.AddFeeds(sel.feeds...)
			srcs = append(srcs, feedLib.Sources()...)
		}
		lib, scanned := loadLibrary(cmd.Context(), srcs, stderr)
		stats = scanned
		for _, listed := range lib.Articles() {
			a := listed.Article()
			if err := write(&a, states[a.Ref]); err != nil {
				return err
			}
		}
	}
	if !listed {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if stats.Errors > 0 {
		return errReported
	}
	return nil
}

// writeListText prints one line for an article: date, title and related
// count. Warnings go to stderr, so the list stays clean for pipes.
func writeListText(w io.Writer, a *model.Article, stderr io.Writer) {
	date := a.DateText
	if date == "" {
		date = "undated"
	}
	fmt.Fprintf(w, "%-24s  %s  (%d related)\n", date, a.Title, a.RelatedCount)
	for _, warn := range a.Warnings {
		fmt.Fprintf(stderr, "bulletin: warning: %s: %s\n", a.Ref, warn)
	}
}

// listUpdating lists the library through fn, reading the files that
// changed and writing them to the index behind the listing; listed is
// called when fn had every file. Problems are reported as update does.
func (s *libraryStore) listUpdating(ctx context.Context, stderr io.Writer, stats *model.ScanStats,
	fn func(model.ScanResult, model.State) error, listed func() error) error {
	p := newProgress(stderr, isTerminal(stderr), false)
	defer p.done()
	// No progress line while the list is printed: on a terminal it would
	// cut into the headlines.
	var printing atomic.Bool
	report := func(pr store.Progress) {
		if !printing.Load() {
			p.report(pr)
		}
	}
	return s.lib.ListUpdating(ctx, report, func(r model.ScanResult) {
		p.clear()
		stats.Count(r)
		fmt.Fprintf(stderr, "bulletin: %v\n", trimPrefix(r.Err))
	}, func(r model.ScanResult, st model.State) error {
		if !printing.Load() {
			printing.Store(true)
			p.clear()
		}
		return fn(r, st)
	}, func() error {
		err := listed()
		printing.Store(false)
		return err
	})
}
