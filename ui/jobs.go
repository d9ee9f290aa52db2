package ui

// Background work. Every piece of it (a scan, a load, a render, a
// prefetch, "more like this", a library search, a refresh, a readable
// page, indexing) is a job: it has an id and a cancel function, its
// results reach Update wrapped in a jobMsg, and the results of a job that
// has ended or was cancelled are dropped in one place, accept.

import (
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
)

type jobKind int

const (
	jobScan jobKind = iota + 1
	// jobFirstPage lists the newest indexed headlines before the scan.
	jobFirstPage
	// jobStates reads the remembered marks and positions; jobFeedStatus
	// the feeds' status.
	jobStates
	jobFeedStatus
	jobLoad
	jobRender
	jobPrefetch
	jobSimilar
	jobSearch
	jobRefresh
	jobReadable
	jobIndex
	// jobStoryPrefetch fetches related stories from their site ahead.
	jobStoryPrefetch
	// jobOpenFile runs the opener of a file an item carries.
	jobOpenFile
	// jobHandOff saves an article as a file (S) or readies the command
	// it is piped to (|).
	jobHandOff
	// jobMatch finds the matches of the filters' text rules and of the
	// saved searches in the full-text index.
	jobMatch
	// jobSyncStatus reads how sync with the feed server stands.
	jobSyncStatus
	// jobPicture fetches and renders a picture of the article.
	jobPicture
	// jobReadAhead loads and renders the selected headline while the
	// list has the whole window, so Enter shows it at once.
	jobReadAhead
)

// job is one piece of background work under way.
type job struct {
	id   int
	kind jobKind
	// keys are what it works on (refs, render keys, a query), so the same
	// work is not started twice.
	keys []string
	// what names it for the status bar (the URL of a page).
	what string
	// stream jobs send many messages and end when their handler says so;
	// the others end with their one result. A stream job that is
	// cancelled still sends what it has (a refresh reports the feeds
	// stored so far) until it ends.
	stream bool
	cancel context.CancelFunc
}

// jobMsg carries a message of job id to Update.
type jobMsg struct {
	id  int
	msg tea.Msg
}

type jobs struct {
	last    int
	running map[int]*job
}

func newJobs() jobs { return jobs{running: map[int]*job{}} }

// start starts a job: run gets a context that ends when the job is
// cancelled or the reader quits.
func (js *jobs) start(parent context.Context, j job, run func(ctx context.Context) tea.Msg) (*job, tea.Cmd) {
	js.last++
	ctx, cancel := context.WithCancel(parent)
	nj := j
	nj.id, nj.cancel = js.last, cancel
	js.running[nj.id] = &nj
	id := nj.id
	return &nj, func() tea.Msg { return jobMsg{id: id, msg: run(ctx)} }
}

// next is the command that waits for the next message of a stream job.
func (js *jobs) next(id int, run func() tea.Msg) tea.Cmd {
	if _, ok := js.running[id]; !ok {
		return nil
	}
	return func() tea.Msg { return jobMsg{id: id, msg: run()} }
}

// accept returns the job a message belongs to, or false when the job has
// ended or was cancelled: its result is stale and dropped. A job that is
// not a stream ends with its result.
func (js *jobs) accept(msg jobMsg) (*job, bool) {
	j, ok := js.running[msg.id]
	if !ok {
		return nil, false
	}
	if !j.stream {
		js.end(j.id)
	}
	return j, true
}

// end ends a job: later messages of it are dropped.
func (js *jobs) end(id int) {
	if j, ok := js.running[id]; ok {
		j.cancel()
		delete(js.running, id)
	}
}

// find returns a running job of the kind that works on key ("" for any).
func (js *jobs) find(kind jobKind, key string) (*job, bool) {
	for _, j := range js.running {
		if j.kind == kind && (key == "" || slices.Contains(j.keys, key)) {
			return j, true
		}
	}
	return nil, false
}

// busy reports whether a job of any of the kinds works on key.
func (js *jobs) busy(key string, kinds ...jobKind) bool {
	for _, k := range kinds {
		if _, ok := js.find(k, key); ok {
			return true
		}
	}
	return false
}

// cancel cancels the running jobs of a kind and reports whether there
// were any. A stream job keeps sending what it has until it ends; any
// other is dropped at once.
func (js *jobs) cancel(kind jobKind) bool {
	found := false
	for id, j := range js.running {
		if j.kind != kind {
			continue
		}
		found = true
		j.cancel()
		if !j.stream {
			delete(js.running, id)
		}
	}
	return found
}

// cancelAll cancels every job: the reader quits.
func (js *jobs) cancelAll() {
	for id, j := range js.running {
		j.cancel()
		delete(js.running, id)
	}
}

// afterFrame waits d before work ahead starts (session.frameWait), and
// reports whether the work is still wanted then.
func afterFrame(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
