package ui

// Automatic refresh: the feeds refreshed once when the reader opens
// (refresh_on_start) and every so often while it runs (refresh_interval).
// What it brings is merged as r's refresh is: the reader stays on the
// article it was on, and the status bar says how many came.

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// autoRefresh is when the reader refreshes the feeds by itself.
type autoRefresh struct {
	onStart bool
	every   time.Duration
	// gen numbers the ticking: a tick of an older generation is one the
	// reader has since replaced (by a refresh of every feed with r), and is
	// dropped so that two tickers never run side by side.
	gen int
}

// autoStartMsg asks for the refresh on start, once Init has started the
// first page, so the refresh never holds up the first frame.
type autoStartMsg struct{}

// autoTickMsg is the interval's tick of generation gen.
type autoTickMsg struct{ gen int }

func newAutoRefresh(opts Options) autoRefresh {
	return autoRefresh{onStart: opts.RefreshOnStart, every: opts.RefreshInterval}
}

// initCmd is what Init starts: the refresh on start and the first tick.
func (a autoRefresh) initCmd() tea.Cmd {
	var start tea.Cmd
	if a.onStart {
		start = func() tea.Msg { return autoStartMsg{} }
	}
	return tea.Batch(start, a.tick())
}

// tick waits one interval, for the current generation; nil when off.
func (a autoRefresh) tick() tea.Cmd {
	if a.every <= 0 {
		return nil
	}
	gen := a.gen
	return tea.Tick(a.every, func(time.Time) tea.Msg { return autoTickMsg{gen: gen} })
}

// restart counts the interval again from now: after the reader refreshed
// every feed itself, the next automatic one is a whole interval away.
func (a *autoRefresh) restart() tea.Cmd {
	if a.every <= 0 {
		return nil
	}
	a.gen++
	return a.tick()
}

// autoTicked refreshes on a current tick and waits for the next one; a
// tick that finds a refresh running skips its turn.
func (m *Model) autoTicked(msg autoTickMsg) tea.Cmd {
	if msg.gen != m.auto.gen {
		return nil
	}
	return tea.Batch(m.autoRefreshNow(), m.auto.tick())
}

// autoRefreshNow refreshes every feed unless a refresh is running or
// there is nothing to refresh: a reader over folders only keeps feed
// items out of its list, so it does not fetch them by itself either.
func (m *Model) autoRefreshNow() tea.Cmd {
	if m.s.refresh.running || m.s.foldersOnly || !m.s.hasFeeds() {
		return nil
	}
	said := m.s.refresh.summary
	cmd := m.s.startRefresh(nil)
	m.s.refresh.auto = true
	m.s.refresh.summary = said
	return cmd
}
