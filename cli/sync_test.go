package cli

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/config"
	"bulletin/internal/feedtest"
	"bulletin/internal/greadertest"
)

// syncHome is a user's home whose [sync] is the fake server, the password
// in the environment.
func syncHome(t *testing.T, s *greadertest.Server, password string) string {
	t.Helper()
	_, cfgFile := userHome(t)
	writeText(t, cfgFile, "# my server\n[sync]\nurl = "+strconv.Quote(s.URL)+"\nusername = \"ann\"\n\n[[feeds]]\nurl = \"file:///nowhere/local.xml\"\n")
	t.Setenv(config.PasswordEnv, password)
	return cfgFile
}

func syncServer(t *testing.T) *greadertest.Server {
	s := greadertest.New(t, "ann", "secret")
	for f := 1; f <= 3; f++ {
		id := s.AddFeed(fmt.Sprint("Feed ", f), fmt.Sprintf("https://feed%d.example/rss", f), "news")
		for i := 1; i <= 4; i++ {
			s.AddItem(greadertest.Item{FeedID: id, Title: fmt.Sprintf("Story %d.%d", f, i), HTML: "<p>text</p>",
				Published: time.Date(2026, 11, i, 8, 0, 0, 0, time.UTC), Read: i == 1})
		}
	}
	return s
}

func TestSyncLoginSaysWhatItFound(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	r := bulletin(t, "sync", "login")
	want := fmt.Sprintf("logged in to %s as ann: 3 subscriptions, 9 unread\n", s.URL)
	if r.code != 0 || r.stdout != want {
		t.Errorf("sync login: code %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
}

func TestSyncWrongPasswordExits1(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "guess")
	for _, args := range [][]string{{"sync", "login"}, {"sync"}} {
		r := bulletin(t, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "wrong password") || !strings.Contains(r.stderr, `"ann"`) {
			t.Errorf("%q with a wrong password: code %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

func TestSyncStoresItemsAndFollowsTheServersFeeds(t *testing.T) {
	s := syncServer(t)
	cfgFile := syncHome(t, s, "secret")
	r := bulletin(t, "sync")
	if r.code != 0 || !strings.Contains(r.stderr, "3 feeds, 12 new items, 0 changes pushed") {
		t.Fatalf("sync: code %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "bulletin: fetching items (12)\n") {
		t.Errorf("piped, sync said no step lines: %q", r.stderr)
	}
	cfg := readText(t, cfgFile)
	for _, want := range []string{"# my server", "[sync]", `url = "https://feed2.example/rss"`, `tags = ["news"]`, "file:///nowhere/local.xml"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("configuration after sync lacks %q:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, "secret") {
		t.Error("the password was written to the configuration")
	}
	r = bulletin(t, "list", "--json")
	if n := strings.Count(r.stdout, "Story "); n != 12 {
		t.Errorf("list shows %d synced stories, want 12: %s %s", n, r.stdout, r.stderr)
	}
	r = bulletin(t, "sync")
	if r.code != 0 || !strings.Contains(r.stderr, "3 feeds, 0 new items") {
		t.Errorf("second sync: code %d, stderr %q", r.code, r.stderr)
	}
}

func TestSyncServerErrorExits1(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	s.FailAfter("/reader/api/0/subscription/list", 0, http.StatusBadGateway)
	r := bulletin(t, "sync")
	if r.code != 1 || !strings.Contains(r.stderr, "server error 502") {
		t.Errorf("sync with a 502: code %d, stderr %q", r.code, r.stderr)
	}
}

func TestSyncWithoutServerSaysHow(t *testing.T) {
	_, cfgFile := userHome(t)
	writeText(t, cfgFile, "[settings]\nworkers = 2\n")
	r := bulletin(t, "sync")
	if r.code != 1 || !strings.Contains(r.stderr, "add a [sync] table") {
		t.Errorf("sync without [sync]: code %d, stderr %q", r.code, r.stderr)
	}
}

// With sync on, the server owns the subscriptions: add and remove change
// its list, and a remove the server refuses leaves the feed here.
func TestAddAndRemoveGoToTheServer(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	feeds := feedtest.NewServer(t)
	u := feeds.Feed("/tide.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Tides</title>
		<item><title>High tide</title><guid>t1</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>`)
	if r := bulletin(t, "add", u); r.code != 0 {
		t.Fatalf("add: code %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if !slices.ContainsFunc(s.Feeds(), func(f greadertest.Feed) bool { return f.URL == u }) {
		t.Fatalf("the server did not get the feed added: %+v", s.Feeds())
	}
	if r := bulletin(t, "sync"); r.code != 0 || !strings.Contains(r.stderr, "4 feeds") {
		t.Fatalf("sync: %d %q", r.code, r.stderr)
	}
	s.FailAfter("/reader/api/0/subscription/edit", 0, http.StatusInternalServerError)
	r := bulletin(t, "remove", "https://feed1.example/rss")
	if r.code != 1 || !strings.Contains(r.stderr, "not removed") || !strings.Contains(r.stderr, "server error 500") {
		t.Errorf("remove with the server failing: %d %q", r.code, r.stderr)
	}
	if r := bulletin(t, "remove", "https://feed1.example/rss"); r.code != 0 {
		t.Fatalf("remove: %d %q", r.code, r.stderr)
	}
	if slices.ContainsFunc(s.Feeds(), func(f greadertest.Feed) bool { return f.URL == "https://feed1.example/rss" }) {
		t.Error("the server still lists the feed removed")
	}
	if r := bulletin(t, "sync"); r.code != 0 || !strings.Contains(r.stderr, "3 feeds") {
		t.Errorf("sync after remove: %d %q", r.code, r.stderr)
	}
}

// With a server, refresh syncs: fetching the feeds here as well would
// store their items twice.
func TestRefreshSyncsWhenAServerIsSet(t *testing.T) {
	s := syncServer(t)
	syncHome(t, s, "secret")
	r := bulletin(t, "refresh")
	if r.code != 0 || !strings.Contains(r.stderr, "[sync] is set: syncing with "+s.URL) || !strings.Contains(r.stderr, "12 new items") {
		t.Errorf("refresh with [sync]: code %d, stderr %q", r.code, r.stderr)
	}
}
