package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// TestE2ERefreshOverAFolder opens the reader on a folder named on the
// command line, in a home subscribed to a feed, and presses r: the feed
// is refreshed, and its items stay out of the folder's list.
func TestE2ERefreshOverAFolder(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", rssFeed("Harbour News", srv.URL, "Ferry timetable changes"))
	h := newHome(t)
	h.ok("add", url)
	// A new item since the add, with no validator: the refresh brings it.
	srv.Handle("/news.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssFeed("Harbour News", srv.URL, "Ferry timetable changes", "Lighthouse repainted")))
	})

	dir := filepath.Join(t.TempDir(), "mynews")
	for _, name := range []string{"01_1001.txt", "02_1002.txt"} {
		data, err := os.ReadFile(filepath.Join("sources", "tour", name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), string(data))
	}
	env := h.screenEnv()
	s := startTmux(t, 100, 30, env, dir)
	s.waitForText("2 articles")
	s.keys("r")
	sc := s.waitForText("1 new item, not in this folder's list")
	if !strings.Contains(sc, "2 articles") || strings.Contains(sc, "Lighthouse") || strings.Contains(sc, "Ferry") {
		t.Fatalf("the refresh poured feed items into the folder's list:\n%s", sc)
	}
	if srv.Hits("/news.xml") < 2 {
		t.Errorf("r did not fetch the feed (%d requests)", srv.Hits("/news.xml"))
	}
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
}
