package ui

// Sync with a feed server. When the feeds are a model.Syncer, r (and R,
// and the automatic refresh) runs a sync through the same refresh job:
// its steps drive the progress bar, the marks the server set reach the
// list and the counts, and the new items arrive feed by feed as a
// refresh's do. The status bar says how sync stands.

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// syncState is how sync stands, as the reader last read it.
type syncState struct {
	status model.SyncStatus
	known  bool
	// fresh is set when the status was read at start or after a sync:
	// it shows until the next key. A failure or changes waiting show
	// until a sync clears them.
	fresh bool
	// again asks for another read once the one under way answers: a
	// mark was stored after it began.
	again bool
	// afterSync shows the next status read, as a sync has just ended.
	afterSync bool
}

// syncStatusMsg carries the sync status.
type syncStatusMsg struct {
	status model.SyncStatus
	err    error
}

// marksEvent: a sync changed marks the reader shows.
type marksEvent struct{}

// loadSyncStatus reads the sync status in a job; nil without sync. One
// read at a time: a read asked for meanwhile runs when it answers.
func (s *session) loadSyncStatus() tea.Cmd {
	if s.syncer == nil {
		return nil
	}
	if _, ok := s.jobs.find(jobSyncStatus, ""); ok {
		s.sync.again = true
		return nil
	}
	syncer := s.syncer
	_, cmd := s.jobs.start(s.ctx, job{kind: jobSyncStatus}, func(ctx context.Context) tea.Msg {
		st, err := syncer.SyncStatus(ctx)
		return syncStatusMsg{status: st, err: err}
	})
	return cmd
}

// takeSyncStatus keeps the sync status and reads it again when a mark
// was stored while it was read.
func (s *session) takeSyncStatus(msg syncStatusMsg) tea.Cmd {
	if msg.err != nil {
		s.storeErr = model.CleanLine(msg.err.Error())
	} else {
		fresh := !s.sync.known || s.sync.afterSync || s.sync.status.Text != msg.status.Text
		s.sync.status, s.sync.known = msg.status, true
		s.sync.fresh = s.sync.fresh || fresh
		s.sync.afterSync = false
	}
	if !s.sync.again {
		return nil
	}
	s.sync.again = false
	return s.loadSyncStatus()
}

// syncEnded reads the status a sync left, to show it.
func (s *session) syncEnded() tea.Cmd {
	s.sync.afterSync = true
	return s.loadSyncStatus()
}

// afterWrite reads the sync status again once a change is stored: a mark
// of a synced item waits for the server, and the count says so.
func (s *session) afterWrite() tea.Cmd { return s.loadSyncStatus() }

// takeSyncStep takes a step of a sync into the refresh under way: its
// progress, the marks the server set, and the items of feeds it dropped.
// It reports whether the list changed.
func (s *session) takeSyncStep(p model.FeedProgress) bool {
	r := &s.refresh
	r.step = model.CleanLine(p.Step)
	r.done, r.total = p.Done, p.Total
	changed := len(p.Removed) > 0
	s.removeFromLibrary(p.Removed...)
	for _, c := range p.Changed {
		if r.touched[c.Ref] {
			// Marked here during the sync: that mark is stored after
			// the server's, and wins.
			continue
		}
		if s.read[c.Ref] != c.Read || s.starred[c.Ref] != c.Starred {
			changed = true
		}
		s.markRead(c.Ref, c.Read)
		s.starred[c.Ref] = c.Starred
	}
	return changed
}

// touch records that the reader marked ref while a sync runs.
func (s *session) touch(c model.Change) {
	if s.syncer == nil || !s.refresh.running {
		return
	}
	if s.refresh.touched == nil {
		s.refresh.touched = map[string]bool{}
	}
	s.refresh.touched[c.Ref] = true
	for _, mk := range c.Marks {
		s.refresh.touched[mk.Ref] = true
	}
}

// showMarks shows the marks the session holds on the article on screen:
// once they are known, and after a sync changed them (the list is rebuilt
// for those as for new items, libraryGrewEvent).
func (m *Model) showMarks() {
	if a := &m.article; a.ref != "" {
		a.setRead(m.s.isRead(a.ref))
		a.setStarred(m.s.isStarred(a.ref))
	}
}

// syncSummary is the status bar's word on a finished sync: what came.
// Errors are the sync status's to say, which stays until a sync goes
// well; a failed sync that brought nothing adds nothing to it.
func (r refreshRun) syncSummary(err error) string {
	switch {
	case r.cancelled:
		return "sync cancelled · " + plural(r.fresh, "new item")
	case r.auto && r.fresh == 0:
		return r.summary
	case err != nil && r.fresh == 0:
		return ""
	}
	return plural(r.fresh, "new item")
}

// forSync names r and R for what they do with a feed server, in the help
// and the footer; the keys stay the user's.
func (k KeyMap) forSync() KeyMap {
	k.Refresh.SetHelp(k.Refresh.Help().Key, "sync")
	k.RefreshFeed.SetHelp(k.RefreshFeed.Help().Key, "sync every feed")
	return k
}

// startSync is what R does with sync on: the server fetches the feeds,
// so one feed cannot be refreshed alone; every feed is synced.
func (m *Model) startSync() tea.Cmd {
	cmd := m.startRefresh(nil)
	if cmd != nil {
		m.note.text = "syncing every feed: the feed server fetches them"
	}
	return cmd
}

// syncProgress is a sync under way in the status bar: its step, with a
// bar while the step has counts.
func (m Model) syncProgress() string {
	r := m.s.refresh
	s := &m.look.styles.Status
	hint := " (esc cancels)"
	if r.cancelled {
		hint = " cancelling…"
	}
	if r.total == 0 {
		return s.Info.Render(r.step + "…" + hint)
	}
	pct := float64(r.done) / float64(r.total)
	return m.look.bar.ViewAs(pct) + s.Info.Render(fmt.Sprintf(" %s %d/%d", r.step, r.done, r.total)+hint)
}

// syncStatusView is the sync status in the status bar: after start and
// after each sync until the next key, and for as long as the last sync
// failed or changes wait. Never while a sync runs: its progress shows.
func (m Model) syncStatusView() string {
	st := m.s.sync
	if !st.known || m.s.refresh.running || !(st.fresh || st.status.Failed || st.status.Waiting > 0) {
		return ""
	}
	return m.look.styles.Status.Info.Render(ansi.Truncate(model.CleanLine(st.status.Text), max(10, m.width*2/3), "…"))
}
