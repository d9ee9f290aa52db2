package main

import (
	"slices"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// Tests of the unread counts through the real binary: feeds, list and the
// reader's status bar and feed pane.

func TestFeedsAndListCountUnread(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	a := srv.Feed("/a.xml", rssFeed("Feed A", srv.URL, "A one", "A two", "A three"))
	b := srv.Feed("/b.xml", rssFeed("Feed B", srv.URL, "B one"))
	h := newHome(t)
	h.ok("add", a, b)
	var aOne string
	for _, l := range jsonLines(t, h.ok("list", "--json").stdout) {
		if l["title"] == "A one" {
			aOne = l["ref"].(string)
		}
	}
	h.ok("mark", "--read", aOne)

	fa, fb := feedByURL(t, h, a), feedByURL(t, h, b)
	if fa["unread"] != 2.0 || fa["total"] != 3.0 || fb["unread"] != 1.0 || fb["total"] != 1.0 {
		t.Errorf("feeds --json: %v\n%v", fa, fb)
	}
	table := h.ok("feeds").stdout
	if !strings.Contains(table, "UNREAD") {
		t.Errorf("the table has no UNREAD column:\n%s", table)
	}
	for _, l := range strings.Split(table, "\n") {
		if f := strings.Fields(l); strings.Contains(l, a) && !slices.Equal(f[len(f)-2:], []string{"3", "2"}) {
			t.Errorf("feed A's row lacks 3 items and 2 unread: %q", l)
		}
	}

	var unread []string
	for _, l := range jsonLines(t, h.ok("list", "--json", "--unread").stdout) {
		if l["read"] != false {
			t.Errorf("list --unread listed a read article: %v", l)
		}
		unread = append(unread, l["title"].(string))
	}
	slices.Sort(unread)
	if !slices.Equal(unread, []string{"A three", "A two", "B one"}) {
		t.Errorf("list --json --unread: %q", unread)
	}
	plain := h.ok("list", "--unread").stdout
	if strings.Contains(plain, "A one") || strings.Count(plain, "\n") != 3 {
		t.Errorf("list --unread:\n%s", plain)
	}
}

func TestE2EUnreadCountsInTheReader(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	a := srv.Feed("/a.xml", rssFeed("Feed A", srv.URL, "A one", "A two", "A three"))
	b := srv.Feed("/b.xml", rssFeed("Feed B", srv.URL, "B one"))
	h := newHome(t)
	h.ok("add", a, "--tag", "news")
	h.ok("add", b, "--tag", "news")
	s := startTmux(t, 100, 30, h.screenEnv())
	s.waitForText("4 unread of 4 articles")
	// m marks the selected headline read: the status bar counts it at once.
	s.keys("m")
	s.waitForText("3 unread of 4 articles")
	s.keys("F")
	// The tag is shown only in the pane; the feeds' names are in the list
	// too.
	screen := s.waitForText("news")
	counts := map[string]string{}
	for _, l := range strings.Split(screen, "\n") {
		f := strings.Fields(l)
		for _, name := range []string{"news", "Feed A", "Feed B"} {
			if strings.Contains(l, name) && len(f) > 0 {
				counts[name] = f[len(f)-1]
			}
		}
	}
	// The newest item is B's or A's: either way the tag counts 3.
	if counts["news"] != "3" || counts["Feed A"]+counts["Feed B"] != "21" && counts["Feed A"]+counts["Feed B"] != "31" {
		t.Errorf("feed pane counts %v:\n%s", counts, screen)
	}
	// q leaves the pane (an Escape just before a q would read as alt+q).
	s.keys("q")
	s.waitForText("↑/k up")
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
}
