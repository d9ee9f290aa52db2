package ui

import (
	"context"
	"image/color"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/feedtest"
	"bulletin/model"
	"bulletin/store"
)

// matchStore is a store whose full-text index finds the refs set for a
// query.
type matchStore struct {
	*fakeStore
	refs, authors map[string]map[string]bool
}

func (s *matchStore) MatchRefs(_ context.Context, q string) (map[string]bool, error) {
	return s.refs[q], nil
}

func (s *matchStore) AuthorRefs(_ context.Context, q string) (map[string]bool, error) {
	return s.authors[q], nil
}

// newKillModel is the reader over the tour-like folder and three feed
// items, with filters and saved searches, over a store that finds refs.
func newKillModel(t *testing.T, st model.Store, filters []model.FilterRule, queries []SavedQuery) Model {
	t.Helper()
	m := New(Options{
		Sources: []model.Source{tourSource(), feedSource()},
		Theme:   "dark",
		Now:     func() time.Time { return testNow },
		Feeds:   &fakeFeeds{status: feedStatuses()},
		Store:   st,
		Filters: filters,
		Queries: queries,
	})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 40})
	return drive(t, m, m.Init())
}

func TestFiltersHideArticlesAndHShowsThem(t *testing.T) {
	m := newKillModel(t, nil, []model.FilterRule{{Title: "headline numb*"}, {Feed: "beta"}}, nil)
	s := listedTitles(m)
	mustNotContain(t, s, "Headline number 6", "Beta one")
	mustContain(t, s, "Alpha one", "Tour")
	// 15 articles: 7 headlines and Beta's item are hidden.
	mustContain(t, plain(m), "7 unread of 7 articles · 8 hidden")

	m = keys(t, m, "H")
	mustContain(t, listedTitles(m), "Headline number 6", "Beta one")
	mustContain(t, plain(m), "8 hidden shown")
	m = keys(t, m, "H")
	mustNotContain(t, listedTitles(m), "Headline number 6", "Beta one")

	// The feed pane counts only what is shown: Beta's one item is hidden.
	m = keys(t, m, "F")
	if l := rowLine(t, plain(m), "Beta ·"); strings.HasSuffix(l, " 1") {
		t.Errorf("Beta's only item is hidden, but its row counts it: %q", l)
	}
}

// TestSkippedRuleShowsAtStart: a rule the configuration could not read is
// named in the status bar when the reader starts.
func TestSkippedRuleShowsAtStart(t *testing.T) {
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", Now: func() time.Time { return testNow },
		FilterProblems: []string{`config.toml:7: filters: unknown key "colour" (title, author, feed, tag, text); the rule is skipped`}})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 30})
	m = drive(t, m, m.Init())
	mustContain(t, plain(m), `config.toml:7: filters: unknown key "colour"`)
}

func TestTextAndAuthorFiltersAskTheStore(t *testing.T) {
	st := &matchStore{fakeStore: newFakeStore(),
		refs:    map[string]map[string]bool{`"sponsored content"`: {"feed/a1": true}},
		authors: map[string]map[string]bool{"staff": {"feed/g1": true}}}
	m := newKillModel(t, st, []model.FilterRule{{Text: `"sponsored content"`}, {Author: "staff"}}, nil)
	s := listedTitles(m)
	mustNotContain(t, s, "Alpha one", "Gamma one")
	mustContain(t, s, "Beta one")
	mustContain(t, plain(m), "13 unread of 13 articles · 2 hidden")
}

func TestSavedSearchIsAFeedOfItsOwn(t *testing.T) {
	st := &matchStore{fakeStore: newFakeStore(),
		refs: map[string]map[string]bool{"elect*": {"tour/2": true, "tour/3": true, "feed/b1": true}}}
	st.states["tour/3"] = model.State{Read: true}
	m := newKillModel(t, st, nil, []SavedQuery{{Name: "Elections", Query: "elect*"}})
	m = keys(t, m, "F")
	s := plain(m)
	if l := rowLine(t, s, "Elections"); !strings.HasSuffix(l, " 2") {
		t.Errorf("the saved search's row %q does not end with its 2 unread", l)
	}
	mustContain(t, s, "saved search · 3 items")
	m = keys(t, m, "G", "enter")
	if got := listedTitles(m); got != "Keys\nSources\nBeta one" {
		t.Errorf("the saved search lists:\n%s\nwant its three matches, newest first", got)
	}
	mustContain(t, plain(m), "search Elections")
}

// TestSavedSearchCountRisesWithARefresh: a refresh from a loopback feed
// brings an item the saved search finds; once the index has it, the
// feed pane counts it.
func TestSavedSearchCountRisesWithARefresh(t *testing.T) {
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", loopbackRSS(srv.URL, "Loopback story one"))
	svc, db := subscribe(t, url)
	lib := db.Library()
	lib.AddFeeds(store.FeedSub{URL: url})
	// No validator: the refresh fetches the feed whole.
	srv.Handle("/news.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(loopbackRSS(srv.URL, "Loopback story one", "Harbour strike begins")))
	})

	log := &screenLog{changed: make(chan struct{}, 1)}
	m := New(Options{Sources: lib.Sources(), Store: lib, Feeds: svc, Theme: "dark", Now: func() time.Time { return testNow },
		Queries: []SavedQuery{{Name: "Harbour news", Query: "harbour"}}})
	tm := teatest.NewTestModel(t, probe{Model: m, log: log},
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	log.waitFor(t, "Loopback story one", "1 unread of 1 article")
	tm.Send(press("F"))
	log.waitFor(t, "Harbour news", "saved search · 0 items")
	tm.Send(press("r"))
	// The row's name, its unread count, then how many it finds.
	log.waitUntil(t, "the saved search counting the new item", func(s string) bool {
		return strings.Contains(s, "saved search · 1 item") && strings.Contains(s, "Harbour news") &&
			strings.HasSuffix(strings.TrimRight(lineWith(s, "Harbour news"), " │"), " 1")
	})
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
}

// lineWith is the line of screen that holds text, "" when none does.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// listedTitles are the titles of the headline list, one a line.
func listedTitles(m Model) string {
	var out []string
	for _, it := range m.headlines.list.Items() {
		out = append(out, it.(headline).title())
	}
	return strings.Join(out, "\n")
}
