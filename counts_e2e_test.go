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
