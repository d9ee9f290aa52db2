package serversync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/internal/greadertest"
	"bulletin/sources/greader"
	"bulletin/store"
)

const contentsPath = "/reader/api/0/stream/items/contents"

func day(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }

// server holds 3 feeds of 10 items each, dated one a day from Nov 1; every
// third is read, item 5 starred.
func server(t *testing.T) *greadertest.Server {
	s := greadertest.New(t, "ann", "secret")
	for f := 1; f <= 3; f++ {
		id := s.AddFeed(fmt.Sprint("Feed ", f), fmt.Sprintf("https://feed%d.example/rss", f))
		for i := 1; i <= 10; i++ {
			n := (f-1)*10 + i
			s.AddItem(greadertest.Item{FeedID: id, Title: fmt.Sprint("Story ", n), Link: fmt.Sprintf("https://feed%d.example/%d", f, i),
				HTML: fmt.Sprintf("<p>Body of story %d</p>", n), Published: day(n), Read: n%3 == 0, Starred: n == 5})
		}
	}
	return s
}

func openStore(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "bulletin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func engine(t testing.TB, s *greadertest.Server, db *store.DB) *Engine {
	t.Helper()
	c, err := greader.New(s.URL, "ann", "secret")
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{Client: c, DB: db, Account: "ann@" + s.URL}
}

// synced is the server of server, a store and its engine, after a first
// sync.
func synced(t *testing.T) (*greadertest.Server, *store.DB, *Engine) {
	t.Helper()
	s := server(t)
	db := openStore(t)
	e := engine(t, s, db)
	syncOK(t, e)
	return s, db, e
}

func syncOK(t *testing.T, e *Engine) Summary {
	t.Helper()
	sum, err := e.Sync(context.Background())
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

// storedItems counts the items of every feed of the store.
func storedItems(t *testing.T, db *store.DB) int {
	t.Helper()
	feeds, err := db.Feeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range feeds {
		n += f.Items
	}
	return n
}

// localState is the stored state of the item with that server id.
func localState(t *testing.T, db *store.DB, id int64) (read, starred bool) {
	t.Helper()
	ref, ok, err := db.SyncedRef(context.Background(), id)
	if err != nil || !ok {
		t.Fatalf("item %d not stored (%v)", id, err)
	}
	st, err := db.State(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return st.Read, st.Starred
}

func ref(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	r, ok, err := db.SyncedRef(context.Background(), id)
	if err != nil || !ok {
		t.Fatalf("item %d not stored (%v)", id, err)
	}
	return r
}

func TestFirstSyncThenNothingNewFetchesNoBodies(t *testing.T) {
	s := server(t)
	db := openStore(t)
	e := engine(t, s, db)
	sum := syncOK(t, e)
	if sum.Feeds != 3 || sum.NewItems != 30 || len(sum.Warnings) != 0 {
		t.Errorf("first sync: %+v, want 3 feeds and 30 new items", sum)
	}
	feeds, _ := db.Feeds(context.Background())
	if len(feeds) != 3 || feeds[0].Title != "Feed 1" || feeds[0].Items != 10 {
		t.Errorf("feeds: %+v", feeds)
	}
	for _, id := range []int64{3, 5, 7} {
		read, starred := localState(t, db, id)
		if read != (id%3 == 0) || starred != (id == 5) {
			t.Errorf("item %d: read %v starred %v, not the server's", id, read, starred)
		}
	}
	bodies := s.Hits(contentsPath)
	sum = syncOK(t, e)
	if s.Hits(contentsPath) != bodies || sum.NewItems != 0 {
		t.Errorf("a second sync with nothing new asked for bodies %d times, stored %d", s.Hits(contentsPath)-bodies, sum.NewItems)
	}
	if storedItems(t, db) != 30 {
		t.Errorf("%d items after two syncs, want 30", storedItems(t, db))
	}
	s.AddItem(greadertest.Item{FeedID: 2, Title: "Late news", Published: day(29), HTML: "<p>late</p>"})
	if sum = syncOK(t, e); sum.NewItems != 1 || s.Hits(contentsPath) != bodies+1 {
		t.Errorf("a new item: %+v, %d contents requests", sum, s.Hits(contentsPath)-bodies)
	}
	st, _ := ReadStatus(context.Background(), db)
	if st.LastSync.IsZero() || st.Waiting != 0 || st.LastError != "" {
		t.Errorf("status after syncs: %+v", st)
	}
}

// A server filters ot= on the published date: an item it fetched after
// the last sync but dated weeks before the newest stored, and read
// already on another device (so not in the unread list), must still come.
func TestLateItemWithAnOldDateIsFetched(t *testing.T) {
	s, db, e := synced(t)
	old := s.AddItem(greadertest.Item{FeedID: 1, Title: "Backdated story", Published: day(1).AddDate(0, -2, 0), HTML: "<p>from the archive</p>", Read: true})
	if sum := syncOK(t, e); sum.NewItems != 1 {
		t.Errorf("a backdated item fetched after the last sync: %d new items, want 1", sum.NewItems)
	}
	if read, _ := localState(t, db, old); !read {
		t.Error("the backdated item is unread here, read on the server")
	}
	if n := storedItems(t, db); n != 31 {
		t.Errorf("%d items stored, want 31", n)
	}
}

func TestPushThenPull(t *testing.T) {
	ctx := context.Background()
	s, db, e := synced(t)
	if err := db.MarkRead(ctx, ref(t, db, 1), true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, ref(t, db, 2), true); err != nil {
		t.Fatal(err)
	}
	s.SetState(4, true, true) // another client reads and stars 4
	sum := syncOK(t, e)
	if sum.Pushed != 2 {
		t.Errorf("pushed %d, want 2", sum.Pushed)
	}
	if it, _ := s.Item(1); !it.Read {
		t.Error("the server did not get item 1 read")
	}
	if it, _ := s.Item(2); !it.Starred {
		t.Error("the server did not get item 2 starred")
	}
	if read, starred := localState(t, db, 4); !read || !starred {
		t.Error("item 4, read and starred on the server, is not here")
	}
	if read, _ := localState(t, db, 1); !read {
		t.Error("item 1 lost its read mark")
	}
	if n, _ := db.OutboxLen(ctx); n != 0 {
		t.Errorf("%d changes left after a good sync", n)
	}
}

// Changes of one item are pushed as its final state.
func TestPushCoalescesToTheLastChange(t *testing.T) {
	ctx := context.Background()
	s, db, e := synced(t)
	r := ref(t, db, 1)
	for _, on := range []bool{true, false, true, false} {
		if err := db.SetStarred(ctx, r, on); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetStarred(ctx, ref(t, db, 2), true); err != nil {
		t.Fatal(err)
	}
	s.SetState(1, false, true)
	before := s.Hits("/reader/api/0/edit-tag")
	if sum := syncOK(t, e); sum.Pushed != 5 {
		t.Errorf("pushed %d changes, want all 5 acknowledged", sum.Pushed)
	}
	if it, _ := s.Item(1); it.Starred {
		t.Error("item 1 ends starred on the server; it was last unstarred here")
	}
	if n := s.Hits("/reader/api/0/edit-tag") - before; n != 2 {
		t.Errorf("%d edit-tag requests, want 2 (unstar 1, star 2)", n)
	}
}

// A change made while a sync runs is still in the outbox when the server's
// state is applied: it wins, and reaches the server the next time.
func TestWaitingChangeWinsOverTheServer(t *testing.T) {
	ctx := context.Background()
	s, db, e := synced(t)
	r := ref(t, db, 3) // read on the server
	e.Progress = func(p Progress) {
		if p.Step == Applying {
			if err := db.MarkRead(ctx, r, false); err != nil {
				t.Error(err)
			}
		}
	}
	syncOK(t, e)
	if read, _ := localState(t, db, 3); read {
		t.Error("the server's read state overwrote the unread mark made during the sync")
	}
	e.Progress = nil
	syncOK(t, e)
	if it, _ := s.Item(3); it.Read {
		t.Error("the unread mark did not reach the server")
	}
	if read, _ := localState(t, db, 3); read {
		t.Error("item 3 read again here")
	}
}

func TestServerDownOrFailingKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	s, db, e := synced(t)
	if err := db.SetStarred(ctx, ref(t, db, 7), true); err != nil {
		t.Fatal(err)
	}
	s.FailAfter("/reader/api/0/edit-tag", 0, http.StatusServiceUnavailable)
	_, err := e.Sync(ctx)
	var se *greader.StatusError
	if !errors.As(err, &se) || se.Status != 503 {
		t.Fatalf("sync with a failing server: %v", err)
	}
	st, _ := ReadStatus(ctx, db)
	if st.Waiting != 1 || !strings.Contains(st.LastError, "server error 503") || !strings.Contains(st.String(), "1 change waiting") {
		t.Errorf("status after a failed push: %+v (%s)", st, st)
	}

	down := engine(t, s, db)
	down.Client, _ = greader.New("http://127.0.0.1:1/", "ann", "secret")
	if _, err := down.Sync(ctx); !errors.Is(err, greader.ErrUnreachable) {
		t.Errorf("sync with the server down: %v", err)
	}
	if st, _ := ReadStatus(ctx, db); st.Waiting != 1 || !strings.HasPrefix(st.LastError, "server unreachable") {
		t.Errorf("status with the server down: %+v", st)
	}
	wrong := engine(t, s, db)
	wrong.Client, _ = greader.New(s.URL, "ann", "guess")
	if _, err := wrong.Sync(ctx); !errors.Is(err, greader.ErrWrongPassword) {
		t.Errorf("sync with a wrong password: %v", err)
	}

	syncOK(t, e)
	if it, _ := s.Item(7); !it.Starred {
		t.Error("the star kept through the failures did not reach the server")
	}
	if st, _ := ReadStatus(ctx, db); st.Waiting != 0 || st.LastError != "" {
		t.Errorf("status after the good sync: %+v", st)
	}
}

// A 500 in the middle of fetching items stores what came before it; the
// next sync fetches only the rest.
func TestFailureMidPullThenResync(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	f := s.AddFeed("Big", "https://big.example/rss")
	for i := 1; i <= 250; i++ {
		s.AddItem(greadertest.Item{FeedID: f, Title: fmt.Sprint("Story ", i), Published: day(1).Add(time.Duration(i) * time.Minute)})
	}
	db := openStore(t)
	e := engine(t, s, db)
	s.FailAfter(contentsPath, 1, http.StatusInternalServerError)
	if _, err := e.Sync(context.Background()); err == nil || !strings.Contains(err.Error(), "500") {
		t.Fatalf("sync with a 500 mid-way: %v", err)
	}
	if n := storedItems(t, db); n != 100 {
		t.Errorf("%d items stored before the failure, want the first batch of 100", n)
	}
	before := s.Hits(contentsPath)
	if sum := syncOK(t, e); sum.NewItems != 150 {
		t.Errorf("resync stored %d, want the 150 left", sum.NewItems)
	}
	if n := s.Hits(contentsPath) - before; n != 2 {
		t.Errorf("resync asked for contents %d times, want 2 batches", n)
	}
	if n := storedItems(t, db); n != 250 {
		t.Errorf("%d items after resync, want 250", n)
	}
}

// A sync cancelled at each of its steps in turn, then run again, leaves
// every item once and every change made before it on the server.
func TestCancelAtEveryStepThenResync(t *testing.T) {
	for stop := 1; ; stop++ {
		ctx := context.Background()
		s := server(t)
		db := openStore(t)
		e := engine(t, s, db)
		s.AddItem(greadertest.Item{FeedID: 1, Title: "Seed", Published: day(1)})
		syncOK(t, e)
		s.AddItem(greadertest.Item{FeedID: 2, Title: "New 1", Published: day(28)})
		s.AddItem(greadertest.Item{FeedID: 3, Title: "New 2", Published: day(29)})
		if err := db.SetStarred(ctx, ref(t, db, 8), true); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkRead(ctx, ref(t, db, 9), false); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		calls := 0
		e.Progress = func(Progress) {
			if calls++; calls == stop {
				cancel()
			}
		}
		_, err := e.Sync(cctx)
		cancel()
		if err == nil {
			if stop == 1 {
				t.Fatal("no step reported progress")
			}
			t.Logf("cut at each of %d reports", stop-1)
			return
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cut at report %d: %v", stop, err)
		}
		e.Progress = nil
		syncOK(t, e)
		if n := storedItems(t, db); n != 33 {
			t.Errorf("cut at report %d: %d items after resync, want 33", stop, n)
		}
		if it, _ := s.Item(8); !it.Starred {
			t.Errorf("cut at report %d: the star of 8 was lost", stop)
		}
		if it, _ := s.Item(9); it.Read {
			t.Errorf("cut at report %d: the unread mark of 9 was lost", stop)
		}
		if read, starred := localState(t, db, 8); read || !starred {
			t.Errorf("cut at report %d: 8 here is read %v starred %v", stop, read, starred)
		}
	}
}

func TestUnsubscribedOnTheServerLeavesHere(t *testing.T) {
	s, db, e := synced(t)
	c, _ := greader.New(s.URL, "ann", "secret")
	if err := c.Unsubscribe(context.Background(), "feed/2"); err != nil {
		t.Fatal(err)
	}
	if sum := syncOK(t, e); sum.Feeds != 2 {
		t.Errorf("feeds after an unsubscribe: %d", sum.Feeds)
	}
	feeds, _ := db.Feeds(context.Background())
	if len(feeds) != 2 || storedItems(t, db) != 20 {
		t.Errorf("store after the server dropped feed 2: %d feeds, %d items", len(feeds), storedItems(t, db))
	}
}

// Server ids of one account mean other items on another: a switch of
// account starts afresh, unless changes for the first still wait.
func TestSwitchingAccounts(t *testing.T) {
	ctx := context.Background()
	first := server(t)
	db := openStore(t)
	e := engine(t, first, db)
	syncOK(t, e)
	if err := db.SetStarred(ctx, ref(t, db, 1), true); err != nil {
		t.Fatal(err)
	}
	second := greadertest.New(t, "ann", "secret")
	f := second.AddFeed("Other", "https://other.example/rss")
	second.AddItem(greadertest.Item{FeedID: f, Title: "Other 1", Published: day(3)})
	other := engine(t, second, db)
	if _, err := other.Sync(ctx); err == nil || !strings.Contains(err.Error(), "1 changes wait") || !strings.Contains(err.Error(), first.URL) {
		t.Fatalf("switch with a change waiting: %v", err)
	}
	if it, _ := second.Item(1); it.Starred {
		t.Fatal("the change for the first account reached the second")
	}
	syncOK(t, e)
	sum := syncOK(t, other)
	if sum.NewItems != 1 {
		t.Errorf("the second account's item 1 (an id the first used too) was not fetched: %+v", sum)
	}
	r, ok, _ := db.SyncedRef(ctx, 1)
	if !ok || r == "" {
		t.Fatal("item 1 of the second account not stored")
	}
	if read, _ := localState(t, db, 1); read {
		t.Error("the second account's item 1 took the first's state")
	}
}

// A subscription without a usable address is left out with a warning that
// names it; the other feeds sync.
func TestSubscriptionWithoutAddressIsSaid(t *testing.T) {
	s := server(t)
	bad := s.AddFeed("Broken \x1b[31mfeed", "javascript:alert(1)")
	s.AddItem(greadertest.Item{FeedID: bad, Title: "Lost", Published: day(2)})
	db := openStore(t)
	sum := syncOK(t, engine(t, s, db))
	if sum.NewItems != 30 || storedItems(t, db) != 30 {
		t.Errorf("stored %d (%d new), want the 30 of the good feeds", storedItems(t, db), sum.NewItems)
	}
	var said []string
	for _, w := range sum.Warnings {
		if strings.ContainsRune(w, '\x1b') {
			t.Errorf("a warning carries an escape: %q", w)
		}
		said = append(said, w)
	}
	joined := strings.Join(said, "\n")
	if !strings.Contains(joined, "feed/4 (Broken feed) has no web address") || !strings.Contains(joined, "1 items of feed/4 not stored") {
		t.Errorf("warnings: %q", said)
	}
}

// The status in words, as the reader's status bar shows it.
func TestStatusString(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local)
	for _, c := range []struct {
		st   Status
		want string
	}{
		{Status{}, "never synced"},
		{Status{LastSync: at}, "synced Nov 20 09:30"},
		{Status{LastSync: at, Waiting: 1}, "synced Nov 20 09:30 · 1 change waiting"},
		{Status{Waiting: 12}, "offline: 12 changes waiting"},
		{Status{LastSync: at, LastError: "server error 500: x"}, "sync failed: server error 500: x"},
		{Status{LastSync: at, LastError: "sync cancelled"}, "sync cancelled"},
		{Status{LastSync: at, Waiting: 2, LastError: "server unreachable: x"}, "offline: 2 changes waiting · server unreachable: x"},
	} {
		if got := c.st.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.st, got, c.want)
		}
	}
}
