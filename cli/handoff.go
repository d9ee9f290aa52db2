package cli

import (
	"bulletin/config"
	"bulletin/ui"
)

// readerSettings passes the reader what S, |, o and the automatic refresh
// need from [settings]: without a configuration, the defaults. A save folder that cannot be
// found leaves S saying how to set one, not the reader unable to start.
func readerSettings(opts *ui.Options, cfg *config.Config) {
	var s config.Settings
	if cfg != nil {
		s = cfg.Settings
	}
	if dir, err := s.SaveDir(); err == nil {
		opts.SaveFolder = dir
	}
	opts.PipeCommand = s.PipeCommand
	opts.BrowserTerminal = s.BrowserTerminal
	opts.RefreshOnStart = s.RefreshOnStart
	opts.RefreshInterval = s.RefreshInterval.Duration
}
