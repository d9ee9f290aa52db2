package serversync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/minifluxtest"
	"bulletin/sources/greader"
	"bulletin/store"
)

// The tests named TestMiniflux... sync with a real Miniflux on a real
// PostgreSQL (one for the package, emptied before each), and check each
// scenario on both sides: the store here and Miniflux's own /v1 API.
// They share the server, so none of them runs in parallel.

func TestMain(m *testing.M) { minifluxtest.Main(m) }

// rssFeed is a feed called name of n items, item i published i hours
// before the test's start, each linking to a page of base.
func rssFeed(base, name string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/%s</link>`, name, base, name)
	now := time.Now().UTC()
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<item><title>%[1]s story %[2]d</title><link>%[3]s/%[1]s/%[2]d</link><guid>%[1]s-%[2]d</guid>`+
			`<pubDate>%[4]s</pubDate><description>&lt;p&gt;What happened in %[1]s, part %[2]d.&lt;/p&gt;</description></item>`,
			name, i, base, now.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// proxy stands between the client and Miniflux, to count what the client
// asks and to break a request on purpose.
type proxy struct {
	*httptest.Server
	mu       sync.Mutex
	hits     map[string]int
	failNth  map[string]int // the path's nth request from now answers 500
	failSeen map[string]int
}

func newProxy(t testing.TB, target string) *proxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{hits: map[string]int{}, failNth: map[string]int{}, failSeen: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.count(r.URL.Path) {
			http.Error(w, "failing on purpose", http.StatusInternalServerError)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// count counts a request and says whether it must fail.
func (p *proxy) count(path string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hits[path]++
	n, ok := p.failNth[path]
	if !ok {
		return false
	}
	p.failSeen[path]++
	if p.failSeen[path] == n {
		delete(p.failNth, path)
		return true
	}
	return false
}

func (p *proxy) Hits(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

// failNext makes the nth request to path from now answer 500, once.
func (p *proxy) failNext(path string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failNth[path], p.failSeen[path] = n, 0
}

func realEngine(t testing.TB, base, user, password string, db *store.DB) *Engine {
	t.Helper()
	c, err := greader.New(base, user, password)
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{Client: c, DB: db, Account: user + "@" + base}
}

// threeFeeds subscribes Miniflux to three loopback feeds of n items each.
func threeFeeds(t *testing.T, mf *minifluxtest.Server, n int) []int64 {
	t.Helper()
	feeds := feedtest.NewServer(t)
	var ids []int64
	for _, name := range []string{"harbour", "market", "weather"} {
		u := feeds.Feed("/"+name+".xml", rssFeed(feeds.URL, name, n))
		ids = append(ids, mf.Subscribe(t, u, 0))
	}
	return ids
}

// entriesByTitle are the server's entries by title.
func entriesByTitle(t *testing.T, mf *minifluxtest.Server) map[string]minifluxtest.Entry {
	t.Helper()
	out := map[string]minifluxtest.Entry{}
	for _, e := range mf.Entries(t) {
		out[e.Title] = e
	}
	return out
}

func TestMinifluxFirstSyncThenNothingNew(t *testing.T) {
	mf := minifluxtest.Shared(t)
	threeFeeds(t, mf, 4)
	p := newProxy(t, mf.URL())
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	e := realEngine(t, p.URL, user, pass, db)

	sum := syncOK(t, e)
	if sum.Feeds != 3 || sum.NewItems != 12 || len(sum.Warnings) != 0 {
		t.Errorf("first sync: %+v, want 3 feeds, 12 new items, no warning", sum)
	}
	feeds, err := db.Feeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]int{}
	for _, f := range feeds {
		titles[f.Title] = f.Items
	}
	for _, name := range []string{"harbour", "market", "weather"} {
		if titles[name] != 4 {
			t.Errorf("feed %s holds %d items here, want 4 (feeds: %v)", name, titles[name], titles)
		}
	}
	for _, en := range mf.Entries(t) {
		if _, ok, err := db.SyncedRef(context.Background(), en.ID); err != nil || !ok {
			t.Errorf("Miniflux entry %d %q not stored here (%v)", en.ID, en.Title, err)
		}
	}

	bodies := p.Hits(contentsPath)
	if sum = syncOK(t, e); sum.NewItems != 0 || p.Hits(contentsPath) != bodies {
		t.Errorf("a sync with nothing new stored %d items and made %d contents requests, want none", sum.NewItems, p.Hits(contentsPath)-bodies)
	}
	if n := storedItems(t, db); n != 12 {
		t.Errorf("%d items after two syncs, want 12", n)
	}
}

// Miniflux filters ot= on the published date; an entry it stored after the
// last sync with an old date, read already elsewhere, must still arrive.
func TestMinifluxBackdatedEntryArrives(t *testing.T) {
	mf := minifluxtest.Shared(t)
	ids := threeFeeds(t, mf, 2)
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	e := realEngine(t, mf.URL(), user, pass, db)
	syncOK(t, e)
	late := mf.AddEntries(t, ids[0], "archive", 1)[0]
	mf.SQL(t, fmt.Sprintf(`UPDATE entries SET published_at = now() - interval '90 days', status = 'read' WHERE id = %d`, late))
	if sum := syncOK(t, e); sum.NewItems != 1 {
		t.Errorf("a backdated entry read on the server: %d new items, want 1", sum.NewItems)
	}
	if read, _ := localState(t, db, late); !read {
		t.Error("the backdated entry is unread here, read on Miniflux")
	}
}

func TestMinifluxMarksGoBothWays(t *testing.T) {
	ctx := context.Background()
	mf := minifluxtest.Shared(t)
	threeFeeds(t, mf, 3)
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	e := realEngine(t, mf.URL(), user, pass, db)
	syncOK(t, e)
	en := entriesByTitle(t, mf)
	readHere, starHere := en["harbour story 1"], en["market story 2"]
	readThere, starThere := en["weather story 3"], en["harbour story 2"]

	// Both sides change different entries before the same sync.
	if err := db.MarkRead(ctx, ref(t, db, readHere.ID), true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, ref(t, db, starHere.ID), true); err != nil {
		t.Fatal(err)
	}
	mf.MarkRead(t, readThere.ID)
	mf.Star(t, starThere.ID)
	sum := syncOK(t, e)
	if sum.Pushed != 2 {
		t.Errorf("pushed %d changes, want 2", sum.Pushed)
	}
	if got := mf.Entry(t, readHere.ID); !got.Read() {
		t.Errorf("Miniflux: %q is %s, read here", got.Title, got.Status)
	}
	if got := mf.Entry(t, starHere.ID); !got.Starred {
		t.Errorf("Miniflux: %q not starred, starred here", got.Title)
	}
	if read, _ := localState(t, db, readThere.ID); !read {
		t.Errorf("here: %q unread, read on Miniflux", readThere.Title)
	}
	if _, starred := localState(t, db, starThere.ID); !starred {
		t.Errorf("here: %q not starred, starred on Miniflux", starThere.Title)
	}
	for _, other := range []minifluxtest.Entry{en["market story 1"], en["weather story 1"]} {
		if read, starred := localState(t, db, other.ID); read || starred {
			t.Errorf("here: %q read %v starred %v, untouched on both sides", other.Title, read, starred)
		}
		if got := mf.Entry(t, other.ID); got.Read() || got.Starred {
			t.Errorf("Miniflux: %q %s starred %v, untouched on both sides", got.Title, got.Status, got.Starred)
		}
	}
	if n, _ := db.OutboxLen(ctx); n != 0 {
		t.Errorf("%d changes still waiting after a sync", n)
	}
}

// A change waiting here wins over the server's state of the same entry.
func TestMinifluxWaitingChangeWins(t *testing.T) {
	ctx := context.Background()
	mf := minifluxtest.Shared(t)
	threeFeeds(t, mf, 2)
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	e := realEngine(t, mf.URL(), user, pass, db)
	syncOK(t, e)
	en := entriesByTitle(t, mf)["market story 1"]
	mf.MarkRead(t, en.ID)
	mf.Star(t, en.ID)
	// Here it was read, then unread again, and starred then unstarred:
	// the last of each stands.
	r := ref(t, db, en.ID)
	for _, step := range []func() error{
		func() error { return db.MarkRead(ctx, r, true) },
		func() error { return db.SetStarred(ctx, r, true) },
		func() error { return db.MarkRead(ctx, r, false) },
		func() error { return db.SetStarred(ctx, r, false) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	syncOK(t, e)
	if got := mf.Entry(t, en.ID); got.Read() || got.Starred {
		t.Errorf("Miniflux: %s starred %v; the change waiting here (unread, not starred) must win", got.Status, got.Starred)
	}
	if read, starred := localState(t, db, en.ID); read || starred {
		t.Errorf("here: read %v starred %v, want neither", read, starred)
	}

	// A mark made here while a sync pulls (after its push) waits in the
	// outbox: the server's older state does not undo it, the next sync
	// takes it there.
	other := entriesByTitle(t, mf)["weather story 2"]
	mf.MarkRead(t, other.ID)
	r2 := ref(t, db, other.ID)
	e.Progress = func(p Progress) {
		if p.Step == Applying {
			if err := db.MarkRead(ctx, r2, true); err != nil {
				t.Error(err)
			}
			if err := db.MarkRead(ctx, r2, false); err != nil {
				t.Error(err)
			}
		}
	}
	syncOK(t, e)
	e.Progress = nil
	if read, _ := localState(t, db, other.ID); read {
		t.Error("here: the unread mark made during the sync was undone by the server's read state")
	}
	syncOK(t, e)
	if got := mf.Entry(t, other.ID); got.Read() {
		t.Errorf("Miniflux: %q %s after the next sync, unread here", got.Title, got.Status)
	}
}

func TestMinifluxStoppedKeepsChangesUntilItIsBack(t *testing.T) {
	ctx := context.Background()
	mf := minifluxtest.Shared(t)
	threeFeeds(t, mf, 2)
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	e := realEngine(t, mf.URL(), user, pass, db)
	syncOK(t, e)
	en := entriesByTitle(t, mf)
	read, star := en["weather story 2"], en["market story 1"]

	mf.Stop(t)
	if err := db.MarkRead(ctx, ref(t, db, read.ID), true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, ref(t, db, star.ID), true); err != nil {
		t.Fatal(err)
	}
	_, err := e.Sync(ctx)
	if !errors.Is(err, greader.ErrUnreachable) || !strings.HasPrefix(Words(err), "server unreachable") {
		t.Errorf("sync with Miniflux stopped: %v (%q), want server unreachable", err, Words(err))
	}
	st, _ := ReadStatus(ctx, db)
	if st.Waiting != 2 || !strings.Contains(st.String(), "2 changes waiting") {
		t.Errorf("status with Miniflux stopped: %+v %q, want 2 changes waiting", st, st)
	}

	mf.Restart(t)
	if sum := syncOK(t, e); sum.Pushed != 2 {
		t.Errorf("after the restart: pushed %d, want 2", sum.Pushed)
	}
	if got := mf.Entry(t, read.ID); !got.Read() {
		t.Errorf("Miniflux: %q %s, read here while it was down", got.Title, got.Status)
	}
	if got := mf.Entry(t, star.ID); !got.Starred {
		t.Errorf("Miniflux: %q not starred, starred here while it was down", got.Title)
	}
	if st, _ := ReadStatus(ctx, db); st.Waiting != 0 || st.LastError != "" {
		t.Errorf("status after the restart: %+v", st)
	}
}

func TestMinifluxWrongPasswordKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	mf := minifluxtest.Shared(t)
	threeFeeds(t, mf, 2)
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	syncOK(t, realEngine(t, mf.URL(), user, pass, db))
	en := entriesByTitle(t, mf)["harbour story 2"]
	if err := db.MarkRead(ctx, ref(t, db, en.ID), true); err != nil {
		t.Fatal(err)
	}
	_, err := realEngine(t, mf.URL(), user, pass+"x", db).Sync(ctx)
	if !errors.Is(err, greader.ErrWrongPassword) || !strings.HasPrefix(Words(err), "wrong password") || !strings.Contains(Words(err), user) {
		t.Errorf("sync with a wrong password: %q, want wrong password naming %s", Words(err), user)
	}
	if n, _ := db.OutboxLen(ctx); n != 1 {
		t.Errorf("%d changes waiting after the refused login, want 1", n)
	}
	if got := mf.Entry(t, en.ID); got.Read() {
		t.Error("Miniflux took the change from a client it refused")
	}
	if sum := syncOK(t, realEngine(t, mf.URL(), user, pass, db)); sum.Pushed != 1 {
		t.Errorf("with the right password: pushed %d, want 1", sum.Pushed)
	}
	if got := mf.Entry(t, en.ID); !got.Read() {
		t.Errorf("Miniflux: %s, want read", got.Status)
	}
}

// A 500 for the second contents batch stops the sync with the status in
// words; the first batch is kept, and the next sync fetches the rest.
func TestMinifluxErrorMidPullThenResync(t *testing.T) {
	ctx := context.Background()
	mf := minifluxtest.Shared(t)
	ids := threeFeeds(t, mf, 1)
	bulk := mf.AddEntries(t, ids[1], "bulk", 2*greader.BatchSize+50)
	p := newProxy(t, mf.URL())
	user, pass := mf.ReaderLogin()
	db := openStore(t)
	e := realEngine(t, p.URL, user, pass, db)
	p.failNext(contentsPath, 2)
	_, err := e.Sync(ctx)
	var se *greader.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusInternalServerError || !strings.HasPrefix(Words(err), "server error 500") {
		t.Fatalf("a 500 mid pull: %v (%q), want server error 500", err, Words(err))
	}
	if n := storedItems(t, db); n != greader.BatchSize {
		t.Errorf("%d items kept from before the 500, want the first batch of %d", n, greader.BatchSize)
	}
	if st, _ := ReadStatus(ctx, db); !strings.Contains(st.LastError, "500") {
		t.Errorf("status after the 500: %q", st.LastError)
	}
	sum := syncOK(t, e)
	total := len(bulk) + 3
	if n := storedItems(t, db); n != total || sum.NewItems != total-greader.BatchSize {
		t.Errorf("after the next sync: %d stored (%d new), want %d, no duplicate", n, sum.NewItems, total)
	}
	for _, id := range bulk {
		if _, ok, _ := db.SyncedRef(ctx, id); !ok {
			t.Errorf("Miniflux entry %d missing here", id)
		}
	}
}
