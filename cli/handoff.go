package cli

import (
	"bulletin/config"
	"bulletin/picture"
	"bulletin/ui"
)

// readerSettings passes the reader what it takes from the configuration:
// [settings] (prefetching, the compact list, S, |, o, the automatic
// refresh), [openers] and [keys]; without a configuration, the defaults.
// A save folder that cannot be found leaves S saying how to set one, not
// the reader unable to start.
func readerSettings(opts *ui.Options, cfg *config.Config) {
	var s config.Settings
	if cfg != nil {
		s = cfg.Settings
	}
	if dir, err := s.SaveDir(); err == nil {
		opts.SaveFolder = dir
	}
	opts.PrefetchRelated = s.PrefetchRelated
	opts.CompactList = s.CompactList
	opts.PipeCommand = s.PipeCommand
	opts.BrowserTerminal = s.BrowserTerminal
	opts.RefreshOnStart = s.RefreshOnStart
	opts.RefreshInterval = s.RefreshInterval.Duration
	if p, err := picture.ParseProtocol(s.Images); err == nil {
		opts.Images = p
	}
	if cfg != nil {
		opts.Openers = uiOpeners(cfg.Openers)
		opts.Keys = uiKeys(cfg.Keys)
		opts.Filters, opts.FilterProblems = cfg.Filters, cfg.FilterWarnings
		for _, q := range cfg.Queries {
			opts.Queries = append(opts.Queries, ui.SavedQuery{Name: q.Name, Query: q.Query})
		}
	}
}

// uiKeys are the configuration's [keys] as the reader takes them.
func uiKeys(in []config.KeyEntry) []ui.UserKey {
	out := make([]ui.UserKey, len(in))
	for i, e := range in {
		out[i] = ui.UserKey{Action: e.Action, Keys: e.Keys, At: e.At}
	}
	return out
}
