package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"bulletin/model"
	"bulletin/store"
)

func newSearchCmd() *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "search QUERY [SOURCE...]",
		Short: "Search the titles and text of articles",
		Long: "Search the title and text of every article in the sources, best matches first,\n" +
			"each with a passage of its text around the matches. SOURCE is as for list;\n" +
			"with none, your library. The first search of a folder indexes its text.\n\n" +
			"Query syntax:\n  " + strings.ReplaceAll(model.QuerySyntax, "\n", "\n  "),
		Example: "  bulletin search 'pipeline' ~/news\n" +
			"  bulletin search --json '\"foreign minister\" talks' ~/news",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("search needs a QUERY")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd, args[0], args[1:], asJSON, limit)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines: the fields of list --json, with snippet and score")
	cmd.Flags().IntVarP(&limit, "limit", "n", 20, "print at most this many articles")
	return cmd
}

// searchEntry is one line of `search --json`.
type searchEntry struct {
	listEntry
	// Snippet marks each match between U+0001 and U+0002.
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

func runSearch(cmd *cobra.Command, query string, args []string, asJSON bool, limit int) error {
	if !store.Searchable(query) {
		return usageError{errors.New("the query has no words to search for")}
	}
	if limit <= 0 {
		return usageError{fmt.Errorf("--limit must be at least 1, not %d", limit)}
	}
	sel, err := openSelection(args)
	if err != nil {
		return err
	}
	sel.warn(cmd.ErrOrStderr())
	st, err := openStore(cmd, sel, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	var stats model.ScanStats
	if st.indexed() {
		if err := st.updateChanged(ctx, stderr, &stats); err != nil {
			return err
		}
		if err := st.indexText(cmd); err != nil {
			return err
		}
	}
	hits, err := st.lib.Search(ctx, query, limit)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(cmd.OutOrStdout())
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, h := range hits {
			state, err := st.db.State(ctx, h.Ref)
			if err != nil {
				return err
			}
			e := searchEntry{listEntry: newListEntry(&h.Article, state), Snippet: h.Snippet, Score: roundScore(h.Score)}
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
	} else {
		writeHitsText(w, hits, styledMarks(cmd.OutOrStdout()))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if stats.Errors > 0 {
		return errReported
	}
	return nil
}

// styledMarks returns how matches are shown: in bold on a terminal with
// colour, else between « and ».
func styledMarks(out io.Writer) func(string) string {
	if isTerminal(out) && os.Getenv("NO_COLOR") == "" {
		bold := lipgloss.NewStyle().Bold(true).Underline(true)
		return func(s string) string { return bold.Render(s) }
	}
	return func(s string) string { return "«" + s + "»" }
}

// writeHitsText prints each hit as its date and title, then its snippet,
// indented.
func writeHitsText(w io.Writer, hits []model.Hit, mark func(string) string) {
	for _, h := range hits {
		date := h.DateText
		if date == "" {
			date = "undated"
		}
		fmt.Fprintf(w, "%-24s  %s\n", date, h.Title)
		if h.Snippet != "" {
			var b strings.Builder
			for _, sp := range model.SplitMarks(h.Snippet) {
				if sp.Match {
					b.WriteString(mark(sp.Text))
				} else {
					b.WriteString(sp.Text)
				}
			}
			fmt.Fprintf(w, "    %s\n", b.String())
		}
	}
}

// updateChanged is update for the folders whose directories changed since
// they were last indexed (see store.Library.UpdateChanged): a search of an
// unchanged library walks none.
func (s *libraryStore) updateChanged(ctx context.Context, stderr io.Writer, stats *model.ScanStats) error {
	return updateWith(stderr, stats, func(progress func(store.Progress), problem func(model.ScanResult)) error {
		return s.lib.UpdateChanged(ctx, progress, problem)
	})
}
