package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"bulletin/model"
)

func newListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [SOURCE...]",
		Short: "List headlines, newest first",
		Long: "List the headlines of every article in the sources, newest first.\n" +
			"SOURCE is a folder of article files or one file; with none, your library.",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd, args, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines, one object per article")
	return cmd
}

// listEntry is one line of `list --json`.
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
}

func newListEntry(a *model.Article) listEntry {
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

func runList(cmd *cobra.Command, args []string, asJSON bool) error {
	srcs, err := openSources(args)
	if err != nil {
		return err
	}
	lib, stats := loadLibrary(cmd.Context(), srcs, cmd.ErrOrStderr())
	w := bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10)
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, a := range lib.Articles() {
			if err := enc.Encode(newListEntry(a)); err != nil {
				return err
			}
		}
	} else {
		writeListText(w, lib.Articles(), cmd.ErrOrStderr())
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if stats.Errors > 0 {
		return errReported
	}
	return nil
}

// writeListText prints one line per article: date, title and related count.
// Warnings go to stderr, so the list stays clean for pipes.
func writeListText(w io.Writer, articles []*model.Article, stderr io.Writer) {
	for _, a := range articles {
		date := a.DateText
		if date == "" {
			date = "undated"
		}
		fmt.Fprintf(w, "%-24s  %s  (%d related)\n", date, a.Title, a.RelatedCount)
		for _, warn := range a.Warnings {
			fmt.Fprintf(stderr, "bulletin: warning: %s: %s\n", a.Ref, warn)
		}
	}
}
