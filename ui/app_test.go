package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

func TestListShowsTitles(t *testing.T) {
	m := newTestModel(t, 100, 30)
	s := plain(m)
	mustContain(t, s, "Tour", "Keys", "Sources", "Nov 24 09:59 · tour · 5 related", "12 unread of 12 articles")
	// The count is said once, in the status bar.
	mustNotContain(t, s, "12 headlines")
	if m.nav.screen != screenList {
		t.Fatalf("screen = %v, want the list", m.nav.screen)
	}
}

func TestFirstScreenBeforeScan(t *testing.T) {
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark"})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	mustContain(t, plain(m), "Loading headlines…", "loading…")
}

func TestEmptyLibrary(t *testing.T) {
	m := New(Options{Sources: []model.Source{&fakeSource{name: "empty"}}, Theme: "dark"})
	m = send(t, m, tea.WindowSizeMsg{Width: 130, Height: 30})
	m = drive(t, m, m.Init())
	mustContain(t, plain(m), "No articles.", "Select a headline to read it here.", "0 articles")
	m = keys(t, m, "enter", "j", "m", "/", "esc", "?", "?")
	if m.nav.screen != screenList {
		t.Fatal("keys on an empty list left the list")
	}
}

func TestEnterOpensAndMarksRead(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter")
	if m.nav.screen != screenArticle || m.article.ref != "tour/1" {
		t.Fatalf("screen %v, article %q; want tour/1 open", m.nav.screen, m.article.ref)
	}
	s := plain(m)
	mustContain(t, s, "Tour", "Tue Nov 24, 2026 09:59:00 · tour", "Welcome to the tour of bulletin.", "✓ read")
	if !m.s.read["tour/1"] {
		t.Fatal("opened article not marked read")
	}
	m = keys(t, m, "q")
	if m.nav.screen != screenList {
		t.Fatal("q in an article did not return to the list")
	}
	mustContain(t, plain(m), "11 unread of 12 articles")
}

func TestDigitOpensRelated(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "1")
	if m.article.ref != "tour/2" {
		t.Fatalf("article %q after 1, want tour/2 (Keys)", m.article.ref)
	}
	mustContain(t, plain(m), "The keys of bulletin.", "Tour › Keys")
	m = keys(t, m, "1")
	mustContain(t, plain(m), "Where articles come from.", "Tour › Keys › Sources")
	if !m.s.read["tour/2"] || !m.s.read["tour/3"] {
		t.Fatal("followed articles not marked read")
	}
}

func TestBackRestoresOffsetAndFocus(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "G", "tab", "tab")
	off, focus := m.article.vp.YOffset(), m.article.focus
	if off == 0 || focus != 1 {
		t.Fatalf("offset %d focus %d; want scrolled, focus on link 2", off, focus)
	}
	m = keys(t, m, "enter") // follows the focused link: Sources
	if m.article.ref != "tour/3" {
		t.Fatalf("enter on link 2 opened %q, want tour/3", m.article.ref)
	}
	m = keys(t, m, "j", "j", "j")
	keysOff := m.article.vp.YOffset()

	m = keys(t, m, "backspace")
	if m.article.ref != "tour/1" || m.article.vp.YOffset() != off || m.article.focus != focus {
		t.Fatalf("after Back: %q offset %d focus %d; want tour/1 offset %d focus %d",
			m.article.ref, m.article.vp.YOffset(), m.article.focus, off, focus)
	}
	mustContain(t, plain(m), "┃  2. Sources")

	m = keys(t, m, "l")
	if m.article.ref != "tour/3" || m.article.vp.YOffset() != keysOff {
		t.Fatalf("after Forward: %q offset %d; want tour/3 offset %d", m.article.ref, m.article.vp.YOffset(), keysOff)
	}
	// h and Alt-Left are Back too; Alt-Right is Forward.
	m = keys(t, m, "h")
	if m.article.ref != "tour/1" {
		t.Fatalf("h went to %q", m.article.ref)
	}
	m = keys(t, m, "alt+right", "alt+left")
	if m.article.ref != "tour/1" {
		t.Fatalf("alt+right, alt+left went to %q", m.article.ref)
	}
	// Back from the first page returns to the list.
	m = keys(t, m, "backspace")
	if m.nav.screen != screenList {
		t.Fatal("Back from the first page did not return to the list")
	}
}

func TestVisitClearsForward(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "1", "backspace", "2") // Tour → Keys, back, → Sources
	if m.article.ref != "tour/3" {
		t.Fatalf("at %q, want tour/3", m.article.ref)
	}
	m = keys(t, m, "l")
	if m.article.ref != "tour/3" || m.history.CanForward() {
		t.Fatal("a new visit did not clear Forward")
	}
	mustContain(t, plain(m), "Tour › Sources")
}

func TestTabMovesFocus(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter")
	if m.article.focus != -1 {
		t.Fatal("an article opens with a focused link")
	}
	m = keys(t, m, "tab")
	if m.article.focus != 0 {
		t.Fatalf("focus %d after tab, want 0", m.article.focus)
	}
	// The view scrolled to show the focused link.
	mustContain(t, plain(m), "┃  1. Keys")
	m = keys(t, m, "tab", "tab", "shift+tab")
	if m.article.focus != 1 {
		t.Fatalf("focus %d, want 1", m.article.focus)
	}
	m = keys(t, m, "shift+tab", "shift+tab")
	if m.article.focus != 4 {
		t.Fatalf("focus %d after wrapping back, want 4 (the last)", m.article.focus)
	}
}

func TestNotInLibraryDoesNotOpen(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "G")
	mustContain(t, plain(m), "3. Somewhere else (not in your library)", "4. Reading (video)")
	m = keys(t, m, "3")
	if m.article.ref != "tour/1" {
		t.Fatalf("3 opened %q; a story not in the library must not open", m.article.ref)
	}
	m = keys(t, m, "tab", "tab", "tab", "enter")
	if m.article.ref != "tour/1" || m.article.focus != 2 {
		t.Fatalf("enter on a missing story: at %q focus %d", m.article.ref, m.article.focus)
	}
	// 9 is past the end: nothing happens.
	m = keys(t, m, "9")
	if m.article.ref != "tour/1" {
		t.Fatal("9 with five links moved")
	}
	// The video opens like any other link.
	m = keys(t, m, "4")
	if m.article.ref != "tour/4" {
		t.Fatalf("4 opened %q, want the video story tour/4", m.article.ref)
	}
}

func TestToggleRead(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "j", "m")
	if !m.s.read["tour/2"] {
		t.Fatal("m did not mark the selected headline read")
	}
	mustContain(t, plain(m), "✓ Keys", "11 unread of 12 articles")
	m = keys(t, m, "m")
	if m.s.read["tour/2"] {
		t.Fatal("m again did not mark it unread")
	}
	m = keys(t, m, "enter", "m")
	if m.s.read["tour/2"] {
		t.Fatal("m in an article did not mark it unread")
	}
	mustNotContain(t, plain(m), "✓ read")
}

func TestFilterNarrows(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	if !m.headlines.filtering() {
		t.Fatal("/ did not start a filter")
	}
	m = typeText(t, m, "srcq") // q types, it does not quit
	if got := len(m.headlines.list.VisibleItems()); got != 0 {
		t.Fatalf("%d headlines match srcq", got)
	}
	m = keys(t, m, "backspace")
	items := m.headlines.list.VisibleItems()
	if len(items) != 1 || items[0].(headline).title() != "Sources" {
		t.Fatalf("filter src kept %v", items)
	}
	s := plain(m)
	mustContain(t, s, "Filter: src", "Sources", "1 of 12 articles")
	mustNotContain(t, s, "Keys")
	m = keys(t, m, "enter") // accept the filter
	m = keys(t, m, "enter") // open the one headline
	if m.article.ref != "tour/3" {
		t.Fatalf("opened %q from the filtered list", m.article.ref)
	}
	m = keys(t, m, "q", "esc") // back to the list, clear the filter
	if got := len(m.headlines.list.VisibleItems()); got != 12 {
		t.Fatalf("%d headlines after Esc, want 12", got)
	}
}

func TestFilterAppliedThenCleared(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "e")
	m = keys(t, m, "enter", "j") // apply, then move in the matches
	if m.headlines.filtering() || !m.headlines.filtered() {
		t.Fatal("enter did not apply the filter")
	}
	picked := m.headlines.selectedRef()
	mustContain(t, plain(m), "esc clear filter")
	// / takes up the filter where it was.
	m = keys(t, m, "/")
	if !m.headlines.filtering() || m.headlines.input.Value() != "e" {
		t.Fatalf("/ on a filtered list: filtering %v, text %q", m.headlines.filtering(), m.headlines.input.Value())
	}
	m = keys(t, m, "enter", "esc")
	if m.headlines.filtered() || len(m.headlines.list.Items()) != 12 {
		t.Fatalf("esc left %d headlines", len(m.headlines.list.Items()))
	}
	if got := m.headlines.selectedRef(); got != picked {
		t.Fatalf("esc selected %q, want %q still selected", got, picked)
	}
	mustContain(t, plain(m), "12 unread of 12 articles")
	// Esc while typing goes back to the headline selected before.
	m = keys(t, m, "g", "j", "j", "/")
	m = typeText(t, m, "tour")
	m = keys(t, m, "esc")
	if got := m.headlines.selectedRef(); got != "tour/3" {
		t.Fatalf("esc while typing selected %q, want tour/3 again", got)
	}
	// Enter on an empty filter, or one that matches nothing, clears it.
	m = keys(t, m, "/", "enter")
	if m.headlines.filtering() || m.headlines.filtered() {
		t.Fatal("enter on an empty filter left it on")
	}
	m = keys(t, m, "/")
	m = typeText(t, m, "zzz")
	mustContain(t, plain(m), "No headline matches.", "0 of 12 articles")
	m = keys(t, m, "enter")
	if m.headlines.filtered() || len(m.headlines.list.Items()) != 12 {
		t.Fatal("enter on a filter that matches nothing did not clear it")
	}
}

func TestFilterFollowsTheLibrary(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "extra")
	if n := len(m.headlines.list.Items()); n != 0 {
		t.Fatalf("extra matched %d", n)
	}
	// An article arrives while the filter is typed: the filter runs again.
	extra := tourSource().articles[0]
	extra.Ref, extra.Title, extra.ID = "tour/99", "An extra story", "99"
	m = send(t, m, jobResult(m, jobScan, true, scanMsg{results: []model.ScanResult{{Article: extra}}, done: true}))
	items := m.headlines.list.Items()
	if len(items) != 1 || items[0].(headline).title() != "An extra story" {
		t.Fatalf("after the library grew the filter shows %v", items)
	}
}

func TestFilterHighlightsMatches(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "rdng")
	items := m.headlines.list.VisibleItems()
	if len(items) != 1 || items[0].(headline).title() != "Reading" {
		t.Fatalf("rdng kept %v", items)
	}
	// Matched letters are underlined.
	if !strings.Contains(m.View().Content, "\x1b[4") && !strings.Contains(m.View().Content, ";4m") && !strings.Contains(m.View().Content, ";4;") {
		t.Fatalf("no underlined match in %q", m.View().Content)
	}
}

func TestStaleFilterResultDropped(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "keys")
	// A late result for "k" must not replace the one for "keys".
	stale := &filterResult{term: "k", index: m.headlines.index}
	m = send(t, m, jobResult(m, jobRender, false, stale))
	items := m.headlines.list.VisibleItems()
	if len(items) != 1 || items[0].(headline).title() != "Keys" {
		t.Fatalf("a stale filter result was applied: %v", items)
	}
}

func TestFooterOffersTheRelatedCount(t *testing.T) {
	m := newTestModel(t, 100, 30)
	footer := func(m Model) string {
		lines := strings.Split(plain(m), "\n")
		return lines[len(lines)-1]
	}
	m = keys(t, m, "enter") // Tour: 5 related
	mustContain(t, footer(m), "1-5 open related", "tab next link")
	m = keys(t, m, "q", "j", "j", "j", "enter") // Reading: 1 related
	mustContain(t, footer(m), "1 open related")
	// An article without related stories offers no digit.
	src := tourSource()
	src.articles[0].Related = nil
	m = New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	m = keys(t, m, "enter")
	mustContain(t, plain(m), "Welcome to the tour")
	mustNotContain(t, footer(m), "open related", "next link")
}

func TestNoteWhenLinkDoesNotOpen(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "3")
	mustContain(t, plain(m), "3 is not in your library")
	m = keys(t, m, "j")
	mustNotContain(t, plain(m), "not in your library ·")
	m = keys(t, m, "8")
	mustContain(t, plain(m), "no related story 8")
}

func TestQuit(t *testing.T) {
	m := newTestModel(t, 100, 30)
	if _, quit := sendQuit(t, m, press("q")); !quit {
		t.Fatal("q on the list did not quit")
	}
	m = keys(t, m, "enter")
	if _, quit := sendQuit(t, m, press("q")); quit {
		t.Fatal("q in an article quit")
	}
	if _, quit := sendQuit(t, m, press("ctrl+c")); !quit {
		t.Fatal("ctrl+c did not quit")
	}
}

func TestHelpToggles(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "?")
	if m.nav.screen != screenHelp {
		t.Fatal("? did not show help")
	}
	s := plain(m)
	mustContain(t, s, "Headlines", "Article", "open related", "back", "forward", "filter", "search")
	// The bars speak of the help screen, not of the article beneath.
	lines := strings.Split(s, "\n")
	status, footer := lines[len(lines)-2], lines[len(lines)-1]
	mustContain(t, status, "12 articles")
	mustNotContain(t, status, "Tour", "%")
	mustContain(t, footer, "?/esc close", "q headlines")
	mustNotContain(t, footer, "? help")
	// The columns of the sections line up.
	col := func(text string) int {
		for _, l := range lines {
			if i := strings.Index(l, text); i >= 0 {
				return ansi.StringWidth(l[:i])
			}
		}
		t.Fatalf("no %q on the help screen", text)
		return 0
	}
	// Within a section, whatever the width.
	if col("1-9") != col("tab ") || col("open related") != col("next link") {
		t.Fatalf("help columns do not line up:\n%s", s)
	}
	m = keys(t, m, "?")
	if m.nav.screen != screenArticle {
		t.Fatal("? again did not return to the article")
	}
	m = keys(t, m, "?", "esc")
	if m.nav.screen != screenArticle {
		t.Fatal("esc did not close the help")
	}
	// q closes the help and does what it does beneath: from an article, the
	// list; from the list, quit. So ? then q twice leaves bulletin.
	m = keys(t, m, "?", "q")
	if m.nav.screen != screenList {
		t.Fatalf("q in the help over an article went to %v, want the list", m.nav.screen)
	}
	m = keys(t, m, "?")
	if _, quit := sendQuit(t, m, press("q")); !quit {
		t.Fatal("q in the help over the list did not quit")
	}
}

func TestSearchInArticle(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "/")
	if !m.article.searching {
		t.Fatal("/ did not start a search")
	}
	m = typeText(t, m, "paragraph 7")
	m = keys(t, m, "enter")
	if len(m.article.matches) != 1 {
		t.Fatalf("%d matches for 'paragraph 7', want 1", len(m.article.matches))
	}
	mustContain(t, plain(m), "match 1/1", "Paragraph 7 about the tour")
	m = keys(t, m, "/")
	m = typeText(t, m, "edge")
	m = keys(t, m, "enter")
	if len(m.article.matches) != 9 {
		t.Fatalf("%d matches for edge, want 9", len(m.article.matches))
	}
	m = keys(t, m, "n", "n", "N")
	if m.article.cur != 1 {
		t.Fatalf("current match %d, want 1", m.article.cur)
	}
	// Esc first clears the search, then returns to the list.
	m = keys(t, m, "esc")
	if m.nav.screen != screenArticle || m.article.query != "" {
		t.Fatal("Esc did not clear the search first")
	}
	m = keys(t, m, "esc")
	if m.nav.screen != screenList {
		t.Fatal("second Esc did not return to the list")
	}
}

func TestWindowTooSmall(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = send(t, m, tea.WindowSizeMsg{Width: 19, Height: 10})
	mustContain(t, plain(m), "window too small")
	m = send(t, m, tea.WindowSizeMsg{Width: 12, Height: 3})
	mustContain(t, plain(m), "too small")
	m = send(t, m, tea.WindowSizeMsg{Width: 50, Height: 5})
	mustContain(t, plain(m), "window too small")
	m = keys(t, m, "j", "enter", "tab", "1", "backspace", "?", "?", "q")
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	mustNotContain(t, plain(m), "window too small")
	for _, size := range [][2]int{{1, 1}, {20, 6}, {0, 0}, {3, 40}} {
		m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		_ = m.View()
	}
}

func TestResizeReflows(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter")
	if m.article.bodyKey.width != 100 {
		t.Fatalf("body rendered at %d, want 100", m.article.bodyKey.width)
	}
	// The new size asks for a new render; the old one stays until it comes.
	nm, cmd := m.Update(tea.WindowSizeMsg{Width: 60, Height: 30})
	m = nm.(Model)
	if m.article.bodyKey.width != 100 || !strings.Contains(plain(m), "Welcome to the tour") {
		t.Fatal("the old render did not stay while the new one was made")
	}
	m = drive(t, m, cmd)
	if m.article.bodyKey.width != 60 {
		t.Fatalf("body at %d after resize, want 60", m.article.bodyKey.width)
	}
	for _, line := range strings.Split(plain(m), "\n") {
		if w := len([]rune(line)); w > 60 {
			t.Fatalf("line wider than the window (%d): %q", w, line)
		}
	}
	// Wide: side by side.
	m = send(t, m, tea.WindowSizeMsg{Width: 130, Height: 30})
	s := plain(m)
	mustContain(t, s, " bulletin ", "│", "Welcome to the tour")
}

func TestStaleRenderDropped(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter")
	want := m.article.bodyKey
	stale := renderedMsg{key: renderKey{ref: want.ref, width: 77, style: want.style}, out: "STALE BODY"}
	m = send(t, m, jobResult(m, jobRender, false, stale))
	if strings.Contains(plain(m), "STALE BODY") {
		t.Fatal("a render for another width was shown")
	}
	other := renderedMsg{key: renderKey{ref: "tour/5", width: want.width, style: want.style}, out: "OTHER ARTICLE"}
	m = send(t, m, jobResult(m, jobRender, false, other))
	if strings.Contains(plain(m), "OTHER ARTICLE") {
		t.Fatal("a render for another article was shown")
	}
	m = send(t, m, jobResult(m, jobLoad, false, loadedMsg{ref: "tour/5", err: errors.New("LATE ERROR")}))
	mustNotContain(t, plain(m), "LATE ERROR")
}

func TestRenderCachedPerArticleWidthStyle(t *testing.T) {
	src := tourSource()
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	m = keys(t, m, "enter", "1")
	loads := src.loads
	m = keys(t, m, "backspace")
	if src.loads != loads {
		t.Fatalf("Back read %d articles; it must read nothing", src.loads-loads)
	}
	n := len(m.s.cache.renders.m)
	nm, cmd := m.Update(press("l"))
	if cmd != nil {
		t.Fatal("Forward to a rendered article started a command")
	}
	m = nm.(Model)
	if len(m.s.cache.renders.m) != n || m.article.ref != "tour/2" {
		t.Fatal("Forward did not use the cache")
	}
}

func TestPrefetch(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter")
	// The related stories in the library are ready before they are asked for.
	for _, ref := range []string{"tour/2", "tour/3", "tour/4", "tour/5"} {
		k := m.article.wantKey()
		k.ref = ref
		if _, ok := m.s.cache.render(k); !ok {
			t.Errorf("%s was not prefetched", ref)
		}
	}
	nm, cmd := m.Update(press("1"))
	m = nm.(Model)
	if !m.article.complete() || m.article.ref != "tour/2" {
		t.Fatal("a prefetched story did not show at once")
	}
	_ = cmd // its own related stories are prefetched in turn
}

func TestSideBySide(t *testing.T) {
	m := newTestModel(t, 130, 30)
	s := plain(m)
	mustContain(t, s, "Tour", "│", "Welcome to the tour")
	// Moving in the list previews the selected article.
	m = keys(t, m, "j")
	mustContain(t, plain(m), "The keys of bulletin.")
	if m.s.read["tour/2"] {
		t.Fatal("a preview marked the article read")
	}
	m = keys(t, m, "enter")
	if m.nav.screen != screenArticle || !m.s.read["tour/2"] {
		t.Fatal("enter did not open the previewed article")
	}
	m = keys(t, m, "1", "q")
	if m.nav.screen != screenList || m.headlines.selectedRef() != "tour/3" {
		t.Fatalf("q selected %q, want the article read last (tour/3)", m.headlines.selectedRef())
	}
}

func TestMouse(t *testing.T) {
	m := newTestModel(t, 100, 30)
	// Rows: title bar, status line, then 3 rows per headline.
	click := func(x, y int) tea.MouseClickMsg { return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft} }
	m = send(t, m, click(10, listTop+headlineHeight+headlineSpacing)) // Keys
	if m.nav.screen != screenArticle || m.article.ref != "tour/2" {
		t.Fatalf("click on the second headline opened %q", m.article.ref)
	}
	m = keys(t, m, "G")
	line := m.article.linkStart[1] - m.article.vp.YOffset()
	m = send(t, m, click(8, line)) // Tour
	if m.article.ref != "tour/1" {
		t.Fatalf("click on link 2 opened %q, want tour/1", m.article.ref)
	}
	m = send(t, m, tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	if m.article.vp.YOffset() == 0 {
		t.Fatal("the wheel did not scroll the article")
	}
	m = keys(t, m, "q")
	m = send(t, m, tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	if m.headlines.selectedRef() != "tour/2" {
		t.Fatalf("the wheel selected %q, want tour/2", m.headlines.selectedRef())
	}
}

func TestNoColor(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = send(t, m, tea.ColorProfileMsg{Profile: colorprofile.Ascii})
	m = keys(t, m, "enter", "tab")
	content := m.View().Content
	if strings.Contains(content, "38;") || strings.Contains(content, "48;") {
		t.Fatalf("colour in a NO_COLOR screen: %q", content)
	}
	mustContain(t, plain(m), ">  1. Keys")
	if m.article.bodyKey.style != "notty" {
		t.Fatalf("body style %q, want notty", m.article.bodyKey.style)
	}
}

func TestTheme(t *testing.T) {
	m := New(Options{Theme: "auto"})
	if !m.look.dark {
		t.Fatal("auto does not start dark")
	}
	m = send(t, m, tea.BackgroundColorMsg{Color: lightColor{}})
	if m.look.dark || m.look.styles.Glamour != "light" {
		t.Fatal("a light background did not switch to the light theme")
	}
	m = New(Options{Theme: "dark"})
	m = send(t, m, tea.BackgroundColorMsg{Color: lightColor{}})
	if !m.look.dark {
		t.Fatal("--theme dark followed the terminal")
	}
	if New(Options{Theme: "light"}).look.dark {
		t.Fatal("--theme light is dark")
	}
}

type lightColor struct{}

func (lightColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

// TestHostileText checks that text from an article cannot put an escape
// sequence on the screen, even if a source failed to clean it: only our own
// SGR styling reaches the screen.
func TestHostileText(t *testing.T) {
	src := tourSource()
	src.articles[0].Title = "Evil \x1b[2J\x1b]52;c;aGk=\x07title \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"
	src.articles[0].Body = "Body \x1b[2J with \x1b]0;pwned\x07 escapes and [a link](http://evil) <b>html</b> https://example.com"
	src.articles[0].Related[0].Title = "Keys \x1b[31mred"
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	check := func(what string) {
		t.Helper()
		content := m.View().Content
		for i := 0; i < len(content); i++ {
			if content[i] != 0x1b {
				continue
			}
			j := i + 1
			if j >= len(content) || content[j] != '[' {
				t.Fatalf("%s: non-CSI escape at %d: %q", what, i, content[i:min(len(content), i+20)])
			}
			for j++; j < len(content) && (content[j] < 0x40 || content[j] > 0x7e); j++ {
			}
			if j >= len(content) || content[j] != 'm' {
				t.Fatalf("%s: a CSI other than SGR at %d: %q", what, i, content[i:min(len(content), j+1)])
			}
		}
	}
	check("list")
	m = keys(t, m, "enter")
	mustContain(t, plain(m), "[a link](http://evil)", "<b>html</b>")
	check("article")
	m = keys(t, m, "G", "tab")
	check("related")
}

func TestBreadcrumb(t *testing.T) {
	tests := []struct {
		titles []string
		width  int
		want   string
	}{
		{[]string{"Tour", "Keys", "Sources"}, 40, "Tour › Keys › Sources"},
		{[]string{"Tour", "Keys", "Sources"}, 21, "Tour › Keys › Sources"},
		{[]string{"Tour", "Keys", "Sources"}, 20, "… › Keys › Sources"},
		{[]string{"Tour", "Keys", "Sources"}, 12, "… › Sources"},
		{[]string{"Tour", "Keys", "Sources"}, 7, "Sources"},
		{[]string{"Tour", "Keys", "Sources"}, 6, "…urces"},
		{[]string{"A very long title indeed"}, 10, "…le indeed"},
		{nil, 10, ""},
	}
	for _, tt := range tests {
		got := strings.Join(breadcrumb(tt.titles, tt.width), crumbSep)
		if got != tt.want {
			t.Errorf("breadcrumb(%q, %d) = %q, want %q", tt.titles, tt.width, got, tt.want)
		}
	}
}

func TestScanErrorsInStatus(t *testing.T) {
	src := &errSource{fakeSource: tourSource()}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	mustContain(t, plain(m), "2 unreadable", "cannot read tour/bad1.txt: no date")
}

// errSource adds two unreadable files to a fake source.
type errSource struct{ *fakeSource }

func (e *errSource) Scan(ctx context.Context, n int) <-chan model.ScanResult {
	in := e.fakeSource.Scan(ctx, n)
	out := make(chan model.ScanResult, cap(in)+2)
	out <- model.ScanResult{Path: "tour/bad1.txt", Err: errors.New("sources: tour/bad1.txt: no date")}
	for r := range in {
		out <- r
	}
	out <- model.ScanResult{Path: "tour/bad2.txt", Err: errors.New("sources: tour/bad2.txt: empty")}
	close(out)
	return out
}
