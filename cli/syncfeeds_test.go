package cli

import (
	"context"
	"strings"
	"testing"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/model"
	"bulletin/sources/greader"
	"bulletin/store"
)

// readerSync is the reader's feeds with [sync] set, as openReaderLibrary
// makes them, over the home's store.
func readerSync(t *testing.T) *syncFeeds {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	path, err := store.DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &syncFeeds{Service: feeds.New(cfg.File(), db, feeds.NewFetcher(cfg.Settings, version())), cfg: cfg, db: db}
}

// syncReports runs the reader's refresh and collects what it reports.
func syncReports(t *testing.T, f *syncFeeds) ([]model.FeedProgress, error) {
	t.Helper()
	var got []model.FeedProgress
	err := f.Refresh(context.Background(), nil, func(p model.FeedProgress) { got = append(got, p) })
	return got, err
}

// The reader's r with [sync] set reports a sync as a refresh: its steps,
// the marks the server holds, and each feed's new items as listed.
func TestReaderSyncReportsStepsMarksAndItems(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	f := readerSync(t)
	got, err := syncReports(t, f)
	if err != nil {
		t.Fatal(err)
	}
	steps, read := 0, 0
	items := map[string]int{}
	for _, p := range got {
		if p.Step != "" {
			steps++
			for _, c := range p.Changed {
				if c.Read {
					read++
				}
			}
			continue
		}
		if p.New != len(p.Articles) {
			t.Errorf("%s: %d new, %d articles", p.Feed.URL, p.New, len(p.Articles))
		}
		for _, a := range p.Articles {
			if a.Feed != p.Feed.URL || !strings.HasPrefix(a.Title, "Story ") {
				t.Errorf("an item of %s listed as %+v", p.Feed.URL, a)
			}
			items[a.Title]++
		}
	}
	if steps == 0 {
		t.Error("no step of the sync reported")
	}
	if read != 3 {
		t.Errorf("%d items reported read, want the server's 3", read)
	}
	if len(items) != 12 {
		t.Errorf("%d items reported, want 12: %v", len(items), items)
	}
	st, err := f.SyncStatus(context.Background())
	if err != nil || st.Failed || !strings.HasPrefix(st.Text, "synced ") {
		t.Errorf("status after a good sync: %+v, %v", st, err)
	}

	// Another client stars and reads one: the next sync reports that
	// item's marks, and no item again.
	if it, ok := s.Item(2); !ok || it.Title != "Story 1.2" {
		t.Fatalf("item 2 is %+v", it)
	}
	s.SetState(2, true, true)
	got, err = syncReports(t, f)
	if err != nil {
		t.Fatal(err)
	}
	var changed []model.StateChange
	for _, p := range got {
		if p.Step == "" {
			t.Errorf("a feed reported with nothing new: %+v", p)
		}
		changed = append(changed, p.Changed...)
	}
	if len(changed) != 1 || !changed[0].Read || !changed[0].Starred {
		t.Fatalf("changed marks %+v, want Story 1.2 read and starred", changed)
	}
}

// A refused login is the status, and a mark made meanwhile is counted
// first, where a narrow status bar still shows it.
func TestReaderSyncStatusAfterAWrongPassword(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	f := readerSync(t)
	if _, err := syncReports(t, f); err != nil {
		t.Fatal(err)
	}
	s.FailAfter("/accounts/ClientLogin", 0, 401)
	if _, err := syncReports(t, f); err == nil {
		t.Fatal("a refused login is no error")
	}
	ctx := context.Background()
	ref, ok, err := f.db.SyncedRef(ctx, 3)
	if err != nil || !ok {
		t.Fatalf("item 3 not stored: %v", err)
	}
	if err := f.db.MarkRead(ctx, ref, true); err != nil {
		t.Fatal(err)
	}
	st, err := f.SyncStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Failed || st.Waiting != 1 || !strings.HasPrefix(st.Text, "offline: 1 change waiting · wrong password") {
		t.Errorf("status %+v", st)
	}
}

// Quitting the reader during a sync cancels it: the store stays whole,
// and the next sync brings each item once.
func TestReaderSyncCancelledKeepsTheStoreWhole(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	f := readerSync(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := f.Refresh(ctx, nil, func(p model.FeedProgress) {
		if p.Step == "fetching items" {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("a cancelled sync reported no error")
	}
	if _, err := syncReports(t, f); err != nil {
		t.Fatal(err)
	}
	r := bulletin(t, "list", "--json")
	if n := strings.Count(r.stdout, `"Story `); n != 12 {
		t.Errorf("%d stories listed after a cancelled sync and another, want 12", n)
	}
}

// A feed the server drops takes its items out of the store at the next
// sync, and the reader is told which, so its list follows.
func TestReaderSyncReportsTheItemsOfADroppedFeed(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	f := readerSync(t)
	if _, err := syncReports(t, f); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c, err := greader.New(s.URL, "ann", "secret")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Unsubscribe(ctx, "feed/1"); err != nil {
		t.Fatal(err)
	}
	got, err := syncReports(t, f)
	if err != nil {
		t.Fatal(err)
	}
	var removed []string
	for _, p := range got {
		removed = append(removed, p.Removed...)
	}
	if len(removed) != 4 {
		t.Fatalf("%d items reported removed, want the dropped feed's 4: %q", len(removed), removed)
	}
}
