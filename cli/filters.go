package cli

import (
	"context"
	"slices"

	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/model"
)

// killfile is the configuration's [[filters]] made ready for a listing:
// title, author, feed and tag are matched on each article, text through
// the store's full-text index as it stands before the listing.
type killfile struct {
	filters        *model.Filters
	texts, authors []map[string]bool
}

// newKillfile reads the filters of cfg (nil: none). Text rules are
// answered by the full-text index, which is first completed with what the
// store has listed but not indexed yet. Without a store to answer them,
// text and author rules hide nothing; the warning says so.
func newKillfile(cmd *cobra.Command, cfg *config.Config, st *libraryStore) (*killfile, string, error) {
	if cfg == nil || len(cfg.Filters) == 0 {
		return nil, "", nil
	}
	ctx := cmd.Context()
	k := &killfile{filters: model.NewFilters(cfg.Filters)}
	if st.indexed() && slices.ContainsFunc(k.filters.TextQueries(), func(q string) bool { return q != "" }) {
		if err := st.indexText(cmd); err != nil {
			return nil, "", err
		}
	}
	warn := ""
	answer := func(queries []string, match func(context.Context, string) (map[string]bool, error)) ([]map[string]bool, error) {
		out := make([]map[string]bool, len(queries))
		for i, q := range queries {
			if q == "" {
				continue
			}
			if st == nil {
				warn = "bulletin: no library store: filters on text or author hide nothing"
				continue
			}
			refs, err := match(ctx, q)
			if err != nil {
				return nil, err
			}
			out[i] = refs
		}
		return out, nil
	}
	var err error
	if k.texts, err = answer(k.filters.TextQueries(), st.matchRefs); err != nil {
		return nil, "", err
	}
	if k.authors, err = answer(k.filters.AuthorQueries(), st.authorRefs); err != nil {
		return nil, "", err
	}
	return k, warn, nil
}

// matchRefs and authorRefs are the store's answers; a nil store has none.
func (s *libraryStore) matchRefs(ctx context.Context, q string) (map[string]bool, error) {
	return s.lib.MatchRefs(ctx, q)
}

func (s *libraryStore) authorRefs(ctx context.Context, q string) (map[string]bool, error) {
	return s.lib.AuthorRefs(ctx, q)
}

// hides reports whether a filter hides a.
func (k *killfile) hides(a *model.Article) bool {
	if k == nil {
		return false
	}
	return k.filters.Hides(a, func(i int, ref string) (bool, bool) { return k.texts[i][ref], k.authors[i][ref] })
}
