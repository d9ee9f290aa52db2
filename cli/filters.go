package cli

import (
	"slices"

	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/model"
)

// killfile is the configuration's [[filters]] made ready for a listing:
// title, author, feed and tag are matched on each article, text through
// the store's full-text index as it stands before the listing.
type killfile struct {
	filters *model.Filters
	hits    model.FilterHits
}

// newKillfile reads the filters of cfg (nil: none). Text rules are
// answered by the full-text index, which is first completed with what the
// store has listed but not indexed yet. Without a store to answer them,
// text and author rules hide nothing; the warning says so.
func newKillfile(cmd *cobra.Command, cfg *config.Config, st *libraryStore) (*killfile, string, error) {
	if cfg == nil || len(cfg.Filters) == 0 {
		return nil, "", nil
	}
	k := &killfile{filters: model.NewFilters(cfg.Filters)}
	if st.indexed() && slices.ContainsFunc(k.filters.TextQueries(), func(q string) bool { return q != "" }) {
		if err := st.indexText(cmd); err != nil {
			return nil, "", err
		}
	}
	if !k.filters.AsksStore() {
		return k, "", nil
	}
	if st == nil {
		return k, "bulletin: no library store: filters on text or author hide nothing", nil
	}
	var err error
	if k.hits, err = k.filters.AskStore(cmd.Context(), st.lib); err != nil {
		return nil, "", err
	}
	return k, "", nil
}

// hides reports whether a filter hides a.
func (k *killfile) hides(a *model.Article) bool {
	if k == nil {
		return false
	}
	return k.filters.Hides(a, k.hits.Hit)
}
