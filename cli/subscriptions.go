package cli

import (
	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/feeds"
)

// openFeeds opens what the subscription commands read and change: the
// configuration file and the library store, which must be writable when
// write is set. The caller closes the store.
func openFeeds(cmd *cobra.Command, write bool) (*feeds.Service, *libraryStore, error) {
	cfg, err := config.Load()
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(cmd, nil, true)
	if err != nil {
		return nil, nil, err
	}
	if write && st.db.ReadOnly() {
		st.Close()
		return nil, nil, errReadOnlyStore(st)
	}
	for _, w := range cfg.Warnings {
		cmd.PrintErrf("bulletin: warning: %s\n", w)
	}
	return feeds.New(cfg.File(), st.db, feeds.NewFetcher(cfg.Settings, version())), st, nil
}
