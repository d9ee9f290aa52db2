package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/greadertest"
)

// The reader with [sync] set, against the fake Google Reader server on
// loopback: r syncs (pushes a mark made here, brings what is new), the
// status bar says how sync stands, a wrong password keeps the change
// waiting, and no item is stored twice although the feeds themselves
// answer on loopback too (a fetch would store each item again).
func TestE2EReaderSyncs(t *testing.T) {
	t.Parallel()
	feeds := feedtest.NewServer(t)
	feedURL := feeds.Feed("/harbour.xml", rssFeed("Harbour News", feeds.URL, "Ferry returns", "Quay repaired"))
	srv := greadertest.New(t, "ann", "secret")
	fid := srv.AddFeed("Harbour News", feedURL, "local")
	ferry := srv.AddItem(greadertest.Item{FeedID: fid, Title: "Ferry returns", Link: feeds.URL + "/HarbourNews/0", HTML: "<p>All about Ferry returns.</p>",
		Published: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)})
	srv.AddItem(greadertest.Item{FeedID: fid, Title: "Quay repaired", Link: feeds.URL + "/HarbourNews/1", HTML: "<p>All about Quay repaired.</p>",
		Published: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), Read: true})

	h := newHome(t)
	cfg := filepath.Join(h.dir, "config", "bulletin", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, "[sync]\nurl = "+strconv.Quote(srv.URL)+"\nusername = \"ann\"\n")
	h.env = append(h.env, "BULLETIN_SYNC_PASSWORD=secret")
	h.ok("sync")

	s := startTmux(t, 100, 30, h.screenEnv("BULLETIN_SYNC_PASSWORD=secret"))
	s.waitFor("the server's items and the sync status", func(sc string) bool {
		return strings.Contains(sc, "Ferry returns") && strings.Contains(sc, "Quay repaired") && strings.Contains(sc, "synced ")
	})
	// A new item on the server comes with r, as a refresh's would.
	srv.AddItem(greadertest.Item{FeedID: fid, Title: "Tide tables", Link: feeds.URL + "/HarbourNews/2", HTML: "<p>Tides.</p>",
		Published: time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)})
	s.keys("r")
	s.waitFor("the new item and the sync's end", func(sc string) bool {
		return strings.Contains(sc, "Tide tables") && strings.Contains(sc, "1 new item") && strings.Contains(sc, "synced ")
	})

	// Ferry returns, marked read here, waits, then r pushes it.
	selectHeadline(s, "Ferry returns")
	s.keys("m")
	s.waitForText("1 change waiting")
	s.keys("r")
	s.waitFor("the mark pushed", func(sc string) bool {
		return !strings.Contains(sc, "change waiting") && strings.Contains(sc, "synced ")
	})
	if it, _ := srv.Item(ferry); !it.Read {
		t.Fatal("the server did not get the read mark made in the reader")
	}
	if n := srv.Hits("/reader/api/0/edit-tag"); n != 1 {
		t.Fatalf("%d edit-tag requests, want 1", n)
	}

	// The server now refuses the login: the status bar says so, and the
	// change made meanwhile stays waiting, in sight.
	srv.FailAfter("/accounts/ClientLogin", 0, 401)
	s.keys("m")
	s.waitForText("1 change waiting")
	s.keys("r")
	sc := s.waitFor("the wrong password", func(sc string) bool {
		return strings.Contains(sc, "wrong password") && strings.Contains(sc, "1 change waiting")
	})
	if strings.Contains(sc, "refresh stopped") {
		t.Errorf("the error is said twice:\n%s", sc)
	}
	// It stays after other keys, until a sync goes well.
	s.keys("j", "k")
	s.settle()
	s.waitForText("wrong password")
	s.keys("q")
	if st := s.exitStatus(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
	if it, _ := srv.Item(ferry); !it.Read {
		t.Fatal("the mark made while the server refused reached it anyway")
	}

	// Each item once, under the server's ids, though its feed answers too.
	counts := map[string]int{}
	for _, l := range jsonLines(t, h.ok("list", "--json").stdout) {
		counts[l["title"].(string)]++
	}
	for _, title := range []string{"Ferry returns", "Quay repaired", "Tide tables"} {
		if counts[title] != 1 {
			t.Errorf("%q listed %d times, want once: %v", title, counts[title], counts)
		}
	}
	if len(counts) != 3 {
		t.Errorf("listed %v, want the server's 3 items", counts)
	}
	if n := feeds.Hits("/harbour.xml"); n != 0 {
		t.Errorf("the feed was fetched %d times: with sync on, the server fetches it", n)
	}
	r := h.ok("sync")
	if !strings.Contains(r.stderr, ", 1 changes pushed,") {
		t.Errorf("the waiting change was not pushed by the next sync: %q", r.stderr)
	}
	if it, _ := srv.Item(ferry); it.Read {
		t.Fatal("the change kept through the failed sync did not reach the server")
	}
}

// selectHeadline moves the list's selection to the headline with title.
func selectHeadline(s *tmuxSession, title string) {
	s.t.Helper()
	for range 10 {
		for _, line := range strings.Split(s.settle(), "\n") {
			if strings.Contains(line, title) && strings.Contains(line, "┃") {
				return
			}
		}
		s.keys("j")
	}
	s.t.Fatalf("could not select %q:\n%s", title, s.screen())
}
