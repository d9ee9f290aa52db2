package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bulletin/config"
	"bulletin/internal/feedtest"
	"bulletin/internal/minifluxtest"
	"bulletin/internal/testwait"
)

// Tests of `bulletin sync` as a user runs it, against a real Miniflux on a
// real PostgreSQL (shared by these tests, so none runs in parallel), each
// checked in bulletin's output and on Miniflux's /v1 API.

// syncHome is a home whose [sync] is the server at base with Miniflux's
// Google Reader login, the password from the environment.
func syncHome(t *testing.T, mf *minifluxtest.Server, base, password string) *home {
	t.Helper()
	h := newHome(t)
	user, _ := mf.ReaderLogin()
	writeFile(t, filepath.Join(h.dir, "config", "bulletin", "config.toml"),
		"[sync]\nurl = "+strconv.Quote(base)+"\nusername = "+strconv.Quote(user)+"\n")
	h.env = append(h.env, config.PasswordEnv+"="+password)
	return h
}

// threeServerFeeds subscribes Miniflux to three loopback feeds of three
// stories each.
func threeServerFeeds(t *testing.T, mf *minifluxtest.Server) {
	t.Helper()
	feeds := feedtest.NewServer(t)
	for _, name := range []string{"Harbour", "Market", "Weather"} {
		u := feeds.Feed("/"+name+".xml", rssFeed(name, feeds.URL, name+" one", name+" two", name+" three"))
		mf.Subscribe(t, u, 0)
	}
}

// listed is what `list --json` says of each article, by title.
type listed struct {
	ref           string
	read, starred bool
}

func listByTitle(t *testing.T, h *home) map[string]listed {
	t.Helper()
	out := map[string]listed{}
	for _, l := range jsonLines(t, h.ok("list", "--json").stdout) {
		title := l["title"].(string)
		if _, dup := out[title]; dup {
			t.Errorf("%q listed twice", title)
		}
		out[title] = listed{ref: l["ref"].(string), read: l["read"].(bool), starred: l["starred"].(bool)}
	}
	return out
}

func entryByTitle(t *testing.T, mf *minifluxtest.Server, title string) minifluxtest.Entry {
	t.Helper()
	for _, e := range mf.Entries(t) {
		if e.Title == title {
			return e
		}
	}
	t.Fatalf("Miniflux has no entry %q", title)
	return minifluxtest.Entry{}
}

func TestSyncMinifluxMarksWrongPasswordAndServerDown(t *testing.T) {
	t.Parallel()
	mf := minifluxtest.Turn(t)
	threeServerFeeds(t, mf)
	_, pass := mf.ReaderLogin()
	h := syncHome(t, mf, mf.URL(), pass)
	if r := h.ok("sync"); !strings.Contains(r.stderr, "3 feeds, 9 new items, 0 changes pushed") {
		t.Errorf("first sync said %q", r.stderr)
	}
	items := listByTitle(t, h)
	if len(items) != 9 {
		t.Fatalf("list after the first sync: %d articles, want 9", len(items))
	}

	// Read here, read on the server: both cross in the next sync.
	h.ok("mark", "--read", items["Harbour one"].ref)
	mf.MarkRead(t, entryByTitle(t, mf, "Market two").ID)
	if r := h.ok("sync"); !strings.Contains(r.stderr, "1 changes pushed") && !strings.Contains(r.stderr, "1 change pushed") {
		t.Errorf("sync with a mark waiting said %q", r.stderr)
	}
	if e := entryByTitle(t, mf, "Harbour one"); !e.Read() {
		t.Errorf("Miniflux: %q %s, read in bulletin", e.Title, e.Status)
	}
	if !listByTitle(t, h)["Market two"].read {
		t.Error("bulletin: \"Market two\" unread, read on Miniflux")
	}

	// A wrong password: exit 1 in words, the star kept for later.
	h.ok("mark", "--star", items["Weather three"].ref)
	cmd := h.command("sync")
	cmd.Env = append(slices.Clone(h.env), config.PasswordEnv+"="+pass+"-wrong") // the last value wins
	r := execute(t, cmd)
	if r.code != 1 || !strings.Contains(r.stderr, "wrong password") {
		t.Errorf("sync with a wrong password: exit %d, %q", r.code, r.stderr)
	}

	// Miniflux down: exit 1, server unreachable; a change made meanwhile
	// is kept with the star.
	mf.Stop(t)
	h.ok("mark", "--read", items["Weather two"].ref)
	r = h.run("", "sync")
	if r.code != 1 || !strings.Contains(r.stderr, "server unreachable") {
		t.Errorf("sync with Miniflux down: exit %d, %q", r.code, r.stderr)
	}
	mf.Restart(t)
	if r := h.ok("sync"); !strings.Contains(r.stderr, "2 changes pushed") {
		t.Errorf("sync after the restart said %q, want 2 changes pushed", r.stderr)
	}
	if e := entryByTitle(t, mf, "Weather three"); !e.Starred {
		t.Error("Miniflux: \"Weather three\" not starred, starred in bulletin while the password was wrong")
	}
	if e := entryByTitle(t, mf, "Weather two"); !e.Read() {
		t.Error("Miniflux: \"Weather two\" unread, read in bulletin while it was down")
	}
}

// holdingProxy passes requests to Miniflux, but holds the contents
// request number hold until the client goes away.
type holdingProxy struct {
	*httptest.Server
	contents atomic.Int32
	held     chan struct{}
	release  chan struct{}
}

func newHoldingProxy(t *testing.T, target string, hold int32) *holdingProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &holdingProxy{held: make(chan struct{}, 1), release: make(chan struct{})}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/stream/items/contents") && p.contents.Add(1) == hold {
			p.held <- struct{}{}
			select {
			case <-r.Context().Done():
			case <-p.release:
			}
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	t.Cleanup(func() { close(p.release) }) // before Close, which waits for the handlers
	return p
}

// A sync killed with SIGKILL while it fetches leaves the store whole:
// the next sync stores each entry once and loses no change.
func TestSyncMinifluxKilledMidSync(t *testing.T) {
	t.Parallel()
	mf := minifluxtest.Turn(t)
	threeServerFeeds(t, mf)
	feed := mf.Feeds(t)[0].ID
	_, pass := mf.ReaderLogin()
	// The 12th contents request comes after the first 1,000 items are
	// stored (they are saved 1,000 a transaction).
	p := newHoldingProxy(t, mf.URL(), 12)
	h := syncHome(t, mf, p.URL, pass)
	h.ok("sync")
	h.ok("mark", "--read", listByTitle(t, h)["Market one"].ref)
	const bulk = 1500
	mf.AddEntries(t, feed, "bulk", bulk)
	p.contents.Store(0)

	cmd := h.command("sync")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.held:
	case <-time.After(testwait.D(60 * time.Second)):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the sync never reached the 12th contents request")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if e := entryByTitle(t, mf, "Market one"); !e.Read() {
		t.Error("Miniflux: the mark pushed before the kill is not there")
	}
	h.ok("mark", "--star", listByTitle(t, h)["Harbour two"].ref)

	r := h.ok("sync")
	if !strings.Contains(r.stderr, "1 changes pushed") && !strings.Contains(r.stderr, "1 change pushed") {
		t.Errorf("sync after the kill said %q", r.stderr)
	}
	items := listByTitle(t, h) // fails on a title listed twice
	if len(items) != 9+bulk {
		t.Errorf("%d articles after the kill and a sync, want %d", len(items), 9+bulk)
	}
	if !items["Market one"].read || !items["Harbour two"].starred {
		t.Errorf("marks made here lost: %+v %+v", items["Market one"], items["Harbour two"])
	}
	if e := entryByTitle(t, mf, "Harbour two"); !e.Starred {
		t.Error("Miniflux: the star made after the kill did not arrive")
	}
}

func TestSyncMinifluxAddAndRemove(t *testing.T) {
	t.Parallel()
	mf := minifluxtest.Turn(t)
	_, pass := mf.ReaderLogin()
	h := syncHome(t, mf, mf.URL(), pass)
	feeds := feedtest.NewServer(t)
	u := feeds.Feed("/tides.xml", rssFeed("Tides", feeds.URL, "High tide at noon", "Low tide at dusk"))
	h.ok("add", u)
	onServer := func() bool {
		return slices.ContainsFunc(mf.Feeds(t), func(f minifluxtest.Feed) bool { return f.FeedURL == u })
	}
	if !onServer() {
		t.Fatalf("Miniflux does not list the feed added: %+v", mf.Feeds(t))
	}
	// add stored the stories it fetched; the server's copies are the same
	// stories, not new ones.
	if r := h.ok("sync"); !strings.Contains(r.stderr, "1 feeds, 0 new items") {
		t.Errorf("sync after add said %q", r.stderr)
	}
	if titles := listTitles(t, h); fmt.Sprint(titles) != "[High tide at noon Low tide at dusk]" {
		t.Errorf("list after add and sync: %q", titles)
	}
	h.ok("remove", u)
	if onServer() {
		t.Error("Miniflux still lists the feed removed")
	}
	if r := h.ok("sync"); !strings.Contains(r.stderr, "0 feeds") {
		t.Errorf("sync after remove said %q", r.stderr)
	}
}
