package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// Filters and saved searches through the real binary: list leaves out
// what a [[filters]] rule hides, feeds counts what a [[queries]] entry
// finds, and the reader says how many are hidden and lists the search in
// its feed pane.

const killfileConfig = `
# Hidden: a title, and a phrase of the text.
[[filters]]
title = "horoscope"

[[filters]]
feed = "Daily News"
text = '"about rain"'

# Finds only what a filter hides: it counts nothing.
[[queries]]
name = "Rain watch"
query = "rain"

[[queries]]
name = "Harbour watch"
query = "harbour"
`

// killfileHome is a home subscribed to a loopback feed of four items, with
// killfileConfig after the subscription.
func killfileHome(t *testing.T) *home {
	t.Helper()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", rssFeed("Daily News", srv.URL, "Rain expected", "Bridge opens", "Your horoscope", "Harbour strike"))
	h := newHome(t)
	h.ok("add", url)
	path := filepath.Join(h.dir, "config", "bulletin", "config.toml")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(killfileConfig); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return h
}

func TestListLeavesOutWhatFiltersHide(t *testing.T) {
	t.Parallel()
	h := killfileHome(t)
	if got := listTitles(t, h); !slices.Equal(got, []string{"Bridge opens", "Harbour strike"}) {
		t.Errorf("list --json: %q, want the horoscope and the rain hidden", got)
	}
	var all, hidden []string
	for _, l := range jsonLines(t, h.ok("list", "--json", "--hidden").stdout) {
		all = append(all, l["title"].(string))
		if l["hidden"] == true {
			hidden = append(hidden, l["title"].(string))
		}
	}
	slices.Sort(hidden)
	if len(all) != 4 || !slices.Equal(hidden, []string{"Rain expected", "Your horoscope"}) {
		t.Errorf("list --hidden: %q, hidden %q: want all four, two marked hidden", all, hidden)
	}
	if out := h.ok("list").stdout; strings.Contains(out, "horoscope") || !strings.Contains(out, "Bridge opens") {
		t.Errorf("list:\n%s", out)
	}

	lines := jsonLines(t, h.ok("feeds", "--json").stdout)
	if len(lines) != 3 || lines[1]["name"] != "Rain watch" || lines[1]["total"] != 0.0 || lines[1]["unread"] != 0.0 ||
		lines[2]["name"] != "Harbour watch" || lines[2]["total"] != 1.0 || lines[2]["unread"] != 1.0 {
		t.Errorf("feeds --json: %v, want the feed, then the rain search finding nothing (its match is hidden), then the harbour search with 1 of 1 unread", lines)
	}
	if table := h.ok("feeds").stdout; !strings.Contains(table, "SAVED SEARCH") || !strings.Contains(table, "Harbour watch") {
		t.Errorf("feeds:\n%s", table)
	}
}

func TestE2EFiltersAndSavedSearch(t *testing.T) {
	t.Parallel()
	h := killfileHome(t)
	s := startTmux(t, 100, 30, h.screenEnv())
	screen := s.waitForText("2 hidden")
	if !strings.Contains(screen, "2 unread of 2 articles") || strings.Contains(screen, "Your horoscope") {
		t.Fatalf("the filters did not hide two items:\n%s", screen)
	}
	s.keys("H")
	screen = s.waitForText("2 hidden shown")
	if !strings.Contains(screen, "Your horoscope") || !strings.Contains(screen, "Rain expected") {
		t.Fatalf("H did not show the hidden items:\n%s", screen)
	}
	s.keys("F")
	s.waitForText("saved search · 1 item")
	s.keys("G", "Enter")
	screen = s.waitForText("search Harbour watch")
	if !strings.Contains(screen, "Harbour strike") || strings.Contains(screen, "Bridge opens") {
		t.Fatalf("the saved search does not list its match alone:\n%s", screen)
	}
}
