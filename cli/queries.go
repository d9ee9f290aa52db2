package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"bulletin/model"
)

// queryCount is a saved search ([[queries]]) with what it finds in the
// library: how many articles, and how many of them are unread. Articles the
// filters hide are not counted, as in the reader.
type queryCount struct {
	Name   string `json:"name"`
	Query  string `json:"query"`
	Total  int    `json:"total"`
	Unread int    `json:"unread"`
}

// countQueries answers the saved searches of the configuration over the
// user's library in the store.
func countQueries(cmd *cobra.Command, st *libraryStore) ([]queryCount, error) {
	ctx := cmd.Context()
	sel, err := openSelection(nil)
	if err != nil || sel.cfg == nil || len(sel.cfg.Queries) == 0 {
		return nil, err
	}
	lib := st.db.Library(sel.folders...)
	lib.AddFeeds(sel.feeds...)
	ls := &libraryStore{db: st.db, lib: lib}
	if ls.indexed() {
		if err := ls.indexText(cmd); err != nil {
			return nil, err
		}
	}
	states, err := st.db.States(ctx)
	if err != nil {
		return nil, err
	}
	kill, _, err := newKillfile(cmd, sel.cfg, ls)
	if err != nil {
		return nil, err
	}
	var out []queryCount
	for _, q := range sel.cfg.Queries {
		refs, err := lib.MatchRefs(ctx, q.Query)
		if err != nil {
			return nil, fmt.Errorf("%s: saved search %q: %w", q.At, q.Name, err)
		}
		c := queryCount{Name: q.Name, Query: model.CleanLine(q.Query)}
		for ref := range refs {
			if kill != nil {
				if a, ok, err := lib.Lookup(ctx, ref); err == nil && ok && kill.hides(&a) {
					continue
				}
			}
			c.Total++
			if !states[ref].Read {
				c.Unread++
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// writeQueriesJSON writes a line a saved search, after the feeds' lines:
// they have a name and a query where feeds have a url.
func writeQueriesJSON(w io.Writer, qs []queryCount) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return nil
}

// writeQueriesTable prints the saved searches under the feeds' table.
func writeQueriesTable(w io.Writer, qs []queryCount) {
	if len(qs) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SAVED SEARCH\tQUERY\tITEMS\tUNREAD")
	for _, q := range qs {
		fields := []string{q.Name, q.Query, strconv.Itoa(q.Total), strconv.Itoa(q.Unread)}
		for i, s := range fields {
			fields[i] = strings.ReplaceAll(model.CleanLine(s), "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(fields, "\t"))
	}
	tw.Flush()
}
