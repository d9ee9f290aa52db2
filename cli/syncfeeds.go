package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/model"
	"bulletin/serversync"
	"bulletin/store"
)

// syncFeeds is the reader's feeds when [sync] is set: the server fetches
// the feeds, so a refresh runs one sync instead (fetching them here too
// would store every item twice, under the feed's ids and the server's).
// Status, readable pages and stories are the feeds service's.
type syncFeeds struct {
	*feeds.Service
	cfg *config.Config
	db  *store.DB

	mu sync.Mutex
	// warnings are what the last sync could not store, shown with the
	// status until the next sync.
	warnings []string
}

var _ model.Syncer = (*syncFeeds)(nil)

// listAll is how many new items of one feed make listing the whole feed
// cheaper than looking each one up.
const listAll = 64

// Refresh runs one sync, whatever urls: the server fetches every feed at
// once. progress hears each step of it, then the marks it set and, feed by
// feed, the items it brought, even when it failed or was cancelled part
// way (what it stored stays). An error is recorded in the sync state, so
// the status says it too.
func (f *syncFeeds) Refresh(ctx context.Context, _ []string, progress func(model.FeedProgress)) error {
	report := func(p model.FeedProgress) {
		if progress != nil {
			progress(p)
		}
	}
	before, err := f.db.SyncedMarks(ctx)
	if err != nil {
		return f.failed(ctx, err)
	}
	e, err := SyncEngine(ctx, f.cfg, f.db)
	if err != nil {
		return f.failed(ctx, err)
	}
	e.Progress = func(p serversync.Progress) {
		report(model.FeedProgress{Step: string(p.Step), Done: p.Done, Total: p.Total})
	}
	sum, syncErr := e.Sync(ctx)
	f.setWarnings(sum.Warnings)
	// What a cancelled sync stored is reported too; but the reader may be
	// quitting, its store closing: an error then is no sync's failure.
	stored := context.WithoutCancel(ctx)
	after, err := f.db.SyncedMarks(stored)
	if err == nil {
		err = f.reportSynced(stored, before, after, report)
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		return f.failed(stored, err)
	}
	return syncErr
}

// failed records an error that stopped a sync before or after the engine
// ran (no password, the store), so that the status says it as it says
// the engine's own.
func (f *syncFeeds) failed(ctx context.Context, err error) error {
	ctx = context.WithoutCancel(ctx)
	if st, serr := f.db.SyncState(ctx); serr == nil {
		st.LastError = serversync.Words(err)
		_ = f.db.SetSyncState(ctx, st) // the error is returned all the same
	}
	return err
}

// reportSynced tells the reader what a sync changed, from the synced
// items before and after it: first the marks it set (so new items arrive
// with theirs), then the new items of each feed, as listed.
func (f *syncFeeds) reportSynced(ctx context.Context, before, after map[string]store.SyncedMark, report func(model.FeedProgress)) error {
	changed, removed := changedMarks(before, after), removedRefs(before, after)
	if len(changed) > 0 || len(removed) > 0 {
		report(model.FeedProgress{Step: string(serversync.Applying), Changed: changed, Removed: removed})
	}
	fresh := map[string][]string{}
	for ref, m := range after {
		if _, ok := before[ref]; !ok && m.Feed != "" {
			fresh[m.Feed] = append(fresh[m.Feed], ref)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	statuses, err := f.Status(ctx)
	if err != nil {
		return err
	}
	done := 0
	for _, st := range statuses {
		refs, ok := fresh[st.URL]
		if !ok {
			continue
		}
		done++
		arts, err := f.listed(ctx, st, refs)
		if err != nil {
			return err
		}
		report(model.FeedProgress{Done: done, Total: len(fresh), Feed: st, New: len(refs), Articles: arts})
	}
	return nil
}

// changedMarks are the synced items whose marks differ after a sync; a
// new item counts as changed from unread and not starred.
func changedMarks(before, after map[string]store.SyncedMark) []model.StateChange {
	var out []model.StateChange
	for ref, a := range after {
		b := before[ref]
		if a.Feed == "" {
			continue // not in the store: its feed is gone
		}
		if a.Read != b.Read || a.Starred != b.Starred {
			out = append(out, model.StateChange{Ref: ref, Read: a.Read, Starred: a.Starred})
		}
	}
	slices.SortFunc(out, func(x, y model.StateChange) int { return strings.Compare(x.Ref, y.Ref) })
	return out
}

// removedRefs are the synced items a sync took out of the store, with
// the feeds the server no longer lists: an item whose feed is gone is
// gone, whatever ids the store still keeps of it.
func removedRefs(before, after map[string]store.SyncedMark) []string {
	var out []string
	for ref, b := range before {
		if a := after[ref]; b.Feed != "" && a.Feed == "" {
			out = append(out, ref)
		}
	}
	slices.Sort(out)
	return out
}

// listed lists the items at refs of one feed as the reader lists them.
func (f *syncFeeds) listed(ctx context.Context, st model.FeedStatus, refs []string) ([]model.Article, error) {
	lib := f.db.Library()
	lib.AddFeeds(store.FeedSub{URL: st.URL, Title: st.Title, Tags: st.Tags})
	out := make([]model.Article, 0, len(refs))
	if len(refs) < listAll {
		for _, ref := range refs {
			a, ok, err := lib.Lookup(ctx, ref)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, a)
			}
		}
		return out, nil
	}
	want := make(map[string]bool, len(refs))
	for _, ref := range refs {
		want[ref] = true
	}
	for r := range lib.Sources()[0].Scan(ctx, 0) {
		if r.Err != nil {
			return nil, r.Err
		}
		if want[r.Article.Ref] {
			out = append(out, r.Article)
		}
	}
	return out, nil
}

func (f *syncFeeds) setWarnings(w []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.warnings = w
}

// SyncStatus says how sync stands (serversync.Status.String), with the
// first of the last sync's warnings.
func (f *syncFeeds) SyncStatus(ctx context.Context) (model.SyncStatus, error) {
	st, err := serversync.ReadStatus(ctx, f.db)
	if err != nil {
		return model.SyncStatus{}, err
	}
	out := model.SyncStatus{Text: st.String(), Failed: st.LastError != "", Waiting: st.Waiting}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch len(f.warnings) {
	case 0:
	case 1:
		out.Text += " · " + f.warnings[0]
	default:
		out.Text += fmt.Sprintf(" · %s (and %d more warnings: bulletin sync lists them)", f.warnings[0], len(f.warnings)-1)
	}
	return out, nil
}
