package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func loadsOf(src *fakeSource, ref string) int {
	src.mu.Lock()
	defer src.mu.Unlock()
	return src.loadsOf[ref]
}

// readAheadKey is the render the selected headline would need if opened.
func readAheadKey(m Model) renderKey { return m.article.renderKeyFor(m.headlines.selectedRef()) }

// A headline the cursor rests on is read and rendered ahead, so Enter
// shows it whole in the key's own frame, with nothing left to load.
func TestEnterShowsARestingHeadlineAtOnce(t *testing.T) {
	c, src := concurrentTour(t, time.Millisecond)
	c.press("j")
	want := c.m.headlines.selectedRef()
	m := c.settle()
	loads := loadCount(src)
	nm, _ := m.Update(press("enter"))
	m = nm.(Model)
	if m.article.ref != want || !m.article.complete() {
		t.Fatalf("Enter on %s showed %q complete=%v, want the whole article at once", want, m.article.ref, m.article.complete())
	}
	mustNotContain(t, plain(m), "Loading")
	if m.s.jobs.busy(want, jobLoad) || m.s.jobs.busy(m.article.wantKey().String(), jobRender) {
		t.Error("Enter started a load or a render of an article read ahead")
	}
	if got := loadCount(src); got != loads {
		t.Errorf("Enter read the article again (%d loads, then %d)", loads, got)
	}
}

// Moving on cancels the read-ahead of the headline left: one at a time,
// for the headline under the cursor.
func TestMovingOnCancelsTheReadAhead(t *testing.T) {
	c, src := concurrentTour(t, time.Hour)
	loads := loadCount(src)
	c.press("j", "j", "j")
	n := 0
	for _, j := range c.m.s.jobs.running {
		if j.kind == jobReadAhead {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d read-aheads under way after three moves, want 1", n)
	}
	if !c.m.s.jobs.busy(readAheadKey(c.m).String(), jobReadAhead) {
		t.Error("the read-ahead under way is not for the headline under the cursor")
	}
	if got := loadCount(src); got != loads {
		t.Errorf("headlines passed over were read (%d loads, then %d)", loads, got)
	}
	c.m.s.jobs.cancelAll()
	c.settle()
}

// While a filter is typed the selection changes with every letter:
// nothing is read ahead until the filter is applied.
func TestNoReadAheadWhileAFilterIsTyped(t *testing.T) {
	c, _ := concurrentTour(t, time.Hour)
	c.press("j")
	if _, ok := c.m.s.jobs.find(jobReadAhead, ""); !ok {
		t.Fatal("no read-ahead after a move")
	}
	c.press("/", "e")
	if _, ok := c.m.s.jobs.find(jobReadAhead, ""); ok {
		t.Error("a read-ahead runs while the filter is typed")
	}
	c.press("enter")
	c.waitFor("a read-ahead once the filter is applied", func(m Model) bool {
		_, ok := m.s.jobs.find(jobReadAhead, readAheadKey(m).String())
		return ok
	})
	// Not settled: the filter's cursor blinks on.
	c.m.s.jobs.cancelAll()
}

// Enter on a headline whose read-ahead is still reading it waits for that
// read rather than starting another, and shows the article when it ends.
func TestEnterDuringTheReadAheadReadsOnce(t *testing.T) {
	c, src := concurrentTour(t, 0)
	held := make(chan struct{})
	src.held = map[string]chan struct{}{"tour/2": held}
	c.press("j")
	if ref := c.m.headlines.selectedRef(); ref != "tour/2" {
		t.Fatalf("j selected %s, want tour/2", ref)
	}
	c.waitFor("the read-ahead reading tour/2", func(Model) bool { return loadsOf(src, "tour/2") == 1 })
	c.press("enter")
	close(held)
	c.waitFor("tour/2 whole", func(m Model) bool { return m.article.ref == "tour/2" && m.article.complete() })
	mustNotContain(t, plain(c.m), "Loading")
	c.settle()
	if n := loadsOf(src, "tour/2"); n != 1 {
		t.Errorf("tour/2 was read %d times, want once", n)
	}
}

// In a wide window the selected headline is previewed, not read ahead.
func TestNoReadAheadBesideAPreview(t *testing.T) {
	c, _ := concurrentTour(t, time.Hour)
	nm, cmd := c.m.Update(tea.WindowSizeMsg{Width: wideWidth, Height: 30})
	c.m = nm.(Model)
	c.run(cmd)
	c.press("j")
	if _, ok := c.m.s.jobs.find(jobReadAhead, ""); ok {
		t.Error("a read-ahead runs beside the preview")
	}
	c.m.s.jobs.cancelAll()
	c.settle()
}
