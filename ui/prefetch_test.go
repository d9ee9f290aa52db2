package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// concurrentTour is the reader over the tour, driven as Bubble Tea drives
// it once started, with work ahead waiting wait to start; src is its
// source.
func concurrentTour(t *testing.T, wait time.Duration) (*concurrent, *fakeSource) {
	t.Helper()
	src := tourSource()
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	// The start (with its read-ahead of the first headline) is driven to
	// its end; work ahead waits from the first key on.
	m = drive(t, m, m.Init())
	m.s.frameWait = wait
	return newConcurrent(t, m), src
}

func (c *concurrent) waitFor(what string, cond func(Model) bool) {
	c.t.Helper()
	testwait.Until(c.t, what, 10*time.Second, func() bool {
		c.pump()
		return cond(c.m)
	})
}

func loadCount(src *fakeSource) int {
	src.mu.Lock()
	defer src.mu.Unlock()
	return src.loads
}

// The related stories are read and rendered once the frame of the key is
// written, not while it is drawn: an article opened shows whole while
// nothing else has been read.
func TestPrefetchStartsAfterTheFrame(t *testing.T) {
	c, src := concurrentTour(t, time.Hour)
	c.press("enter")
	c.waitFor("the article", func(m Model) bool { return m.article.ref == "tour/1" && m.article.complete() })
	// A prefetch that started at once would have read a story by now.
	if testwait.Poll(100*time.Millisecond, func() bool { return loadCount(src) > 1 }) {
		t.Fatalf("%d articles read before the frame of the one opened was out, want 1", loadCount(src))
	}
	if _, ok := c.m.s.jobs.find(jobPrefetch, ""); !ok {
		t.Fatal("no prefetch waits to start")
	}
	// Quitting ends a prefetch that waits.
	c.m.s.jobs.cancelAll()
	c.settle()
}

// Once the frame is out, every related story in the library is made ready,
// one after the other, and shows at once when followed.
func TestPrefetchGoesOnAfterTheFrame(t *testing.T) {
	c, _ := concurrentTour(t, time.Millisecond)
	c.press("enter")
	m := c.settle()
	for _, ref := range []string{"tour/2", "tour/3", "tour/4", "tour/5"} {
		k := m.article.wantKey()
		k.ref = ref
		if _, ok := m.s.cache.render(k); !ok {
			t.Errorf("%s was not prefetched", ref)
		}
	}
	nm, _ := m.Update(press("2"))
	if m = nm.(Model); m.article.ref != "tour/3" || !m.article.complete() {
		t.Fatal("a prefetched story did not show at once")
	}
}

// A story followed while the prefetch works on another is read and shown
// at once: it does not wait for the stories before it.
func TestFollowDoesNotWaitForOtherPrefetches(t *testing.T) {
	c, src := concurrentTour(t, 0)
	held := make(chan struct{})
	src.held = map[string]chan struct{}{"tour/2": held}
	defer close(held)
	c.press("enter")
	c.waitFor("the prefetch of story 1", func(m Model) bool {
		return m.article.complete() && m.s.jobs.busy("tour/2", jobPrefetch)
	})
	c.press("2")
	c.waitFor("story 2 while story 1 is still being read", func(m Model) bool {
		return m.article.ref == "tour/3" && m.article.complete()
	})
}

// A story that cannot be read is passed over by the prefetches, which go
// on with the next, and is not tried again and again.
func TestPrefetchPassesOverAStoryItCannotRead(t *testing.T) {
	src := tourSource()
	// Keys (story 1) is listed, but cannot be read.
	src.broken = map[string]bool{"tour/2": true}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	c := newConcurrent(t, m)
	c.press("enter")
	m = c.settle()
	k := m.article.wantKey()
	k.ref = "tour/3"
	if _, ok := m.s.cache.render(k); !ok {
		t.Error("the story after the one that cannot be read was not prefetched")
	}
	if loads := loadCount(src); loads > 5 {
		t.Errorf("%d loads for the article and its 4 stories: the one that cannot be read was tried again", loads)
	}
}
