package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

const storyURL = "https://tour.example/story/"

// newSiteModel is the tour whose stories live at tour.example, with a
// site that serves story 9001 (which links to 9002 and elsewhere) and
// 9002.
func newSiteModel(t *testing.T) (Model, *fakeFeeds) {
	t.Helper()
	src := tourSource()
	site, err := model.ParseSite(storyURL+"{id}", "")
	if err != nil {
		t.Fatal(err)
	}
	src.site = site
	feeds := &fakeFeeds{
		readable: map[string]string{
			storyURL + "9001": "The story from the web, with [a deeper story](" + storyURL + "9002).",
			storyURL + "9002": "Deeper still, on the web.",
		},
		pageLinks: map[string][]model.Related{
			storyURL + "9001": {
				{ID: storyURL + "9002", Title: "A deeper story", Link: true},
				{ID: "https://elsewhere.example/about", Title: "About us", Link: true},
			},
		},
	}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Feeds: feeds})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	return m, feeds
}

func TestFollowAStoryFromItsSite(t *testing.T) {
	m, _ := newSiteModel(t)
	m = keys(t, m, "enter", "G")
	mustContain(t, plain(m), "Somewhere else (not fetched yet)")

	m = keys(t, m, "3")
	s := plain(m)
	mustContain(t, s, "Somewhere else", "The story from the web", "Tour › Somewhere else", "1. A deeper story (not fetched yet)")
	// A link elsewhere on the web stays in the body, not in the list.
	mustNotContain(t, s, "About us")
	if m.article.ref != model.StoryRef("tour", "9001") {
		t.Fatalf("on %q, want the fetched story", m.article.ref)
	}

	// The walk goes on across the site.
	m = keys(t, m, "G", "1")
	mustContain(t, plain(m), "Deeper still, on the web.", "Tour › Somewhere else › A deeper story")

	// Back to the start: the story is in the library now.
	m = keys(t, m, "backspace", "backspace", "G")
	s = plain(m)
	mustContain(t, s, "Paragraph 9 about the tour", "3. Somewhere else")
	mustNotContain(t, s, "not fetched yet", "not in your library")
	// And it is listed (without a date, at the end).
	m = keys(t, m, "q", "G")
	mustContain(t, plain(m), "Somewhere else", "A deeper story")
}

func TestAStoryThatCannotBeFetchedSaysWhy(t *testing.T) {
	m, feeds := newSiteModel(t)
	delete(feeds.readable, storyURL+"9001")
	m = keys(t, m, "enter", "3")
	mustContain(t, plain(m), "not fetched yet: 404 Not Found: "+storyURL+"9001", "Welcome to the tour")
	if m.article.ref != "tour/1" {
		t.Fatalf("moved to %q", m.article.ref)
	}
}

// Without article_url nothing changes: the story is not in the library.
func TestNoSiteNoFetch(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "3")
	mustContain(t, plain(m), "3 is not in your library")
}

// keepingFeeds is a feeds layer that keeps the stories it fetches.
type keepingFeeds struct {
	*fakeFeeds
	kept map[string]model.Article
}

func (k *keepingFeeds) Story(ctx context.Context, a *model.Article) (model.Article, error) {
	if s, ok := k.kept[a.Ref]; ok {
		return s, nil
	}
	s, err := k.fakeFeeds.Story(ctx, a)
	if err == nil {
		k.kept[a.Ref] = s
	}
	return s, err
}

// A story the feeds layer keeps opens again with the site gone, in a
// reader started afresh.
func TestStoriesAreKeptByTheFeedsLayer(t *testing.T) {
	_, feeds := newSiteModel(t)
	k := &keepingFeeds{fakeFeeds: feeds, kept: map[string]model.Article{}}
	src := tourSource()
	src.site, _ = model.ParseSite(storyURL+"{id}", "")
	open := func() Model {
		m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Feeds: k})
		m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
		return drive(t, m, m.Init())
	}
	m := keys(t, open(), "enter", "3")
	mustContain(t, plain(m), "The story from the web")
	clear(feeds.readable) // the site is gone
	m = keys(t, open(), "enter", "3")
	mustContain(t, plain(m), "The story from the web")
	if _, ok := k.kept[model.StoryRef("tour", "9001")]; !ok {
		t.Fatal("the story was not kept under its ref")
	}
}

// With prefetch_related, the related stories of the article being read
// are fetched ahead: their number opens them at once.
func TestPrefetchRelatedStories(t *testing.T) {
	m, _ := newSiteModel(t)
	m.s.prefetchRelated = true
	m = keys(t, m, "enter", "G")
	s := plain(m)
	mustContain(t, s, "3. Somewhere else")
	mustNotContain(t, s, "not fetched yet")
	if _, ok := m.s.lib.ByRef(model.StoryRef("tour", "9001")); !ok {
		t.Fatal("the related story was not fetched ahead")
	}
}

// Moving on cancels the stories fetched ahead for the article left.
func TestPrefetchCancelledOnMovingOn(t *testing.T) {
	m, feeds := newSiteModel(t)
	m.s.prefetchRelated = true
	feeds.readStep = make(chan struct{})
	c := newConcurrent(t, m)
	c.press("enter")
	// The prefetch is under way, waiting for the site.
	testwait.Until(t, "the prefetch to start", 10*time.Second, func() bool {
		c.pump()
		_, ok := c.m.s.jobs.find(jobStoryPrefetch, "")
		return ok
	})
	c.press("q")
	m = c.settle()
	if _, ok := m.s.jobs.find(jobStoryPrefetch, ""); ok {
		t.Fatal("the prefetch still runs after the article was left")
	}
	if _, ok := m.s.lib.ByRef(model.StoryRef("tour", "9001")); ok {
		t.Fatal("a cancelled prefetch put its story in the library")
	}
}

// A focused related story shows where it and its picture live; o and y
// act on the story's address, O and Y on its picture's.
func TestFocusedStoryAddresses(t *testing.T) {
	src := tourSource()
	src.site, _ = model.ParseSite(storyURL+"{id}", "https://media.example/uploads{pic}")
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	var opened []string
	m.openURL = func(_ context.Context, u string) error { opened = append(opened, u); return nil }
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	m = keys(t, m, "enter", "tab", "tab", "tab")
	mustContain(t, plain(m), "web "+storyURL+"9001", "picture https://media.example/uploads/tour/9001.jpg")
	m = keys(t, m, "o", "O")
	if want := []string{storyURL + "9001", "https://media.example/uploads/tour/9001.jpg"}; !slices.Equal(opened, want) {
		t.Fatalf("opened %q, want %q", opened, want)
	}
	m = keys(t, m, "Y")
	mustContain(t, plain(m), "copied https://media.example/uploads/tour/9001.jpg")
	m = keys(t, m, "y")
	mustContain(t, plain(m), "copied "+storyURL+"9001")
}
