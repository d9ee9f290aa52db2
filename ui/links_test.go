package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// podSource is a podcast feed as the store gives it: an episode whose
// notes link to a news page, to the previous episode (in the library),
// to a disguised host and, far down, to a map; it carries its audio and
// its cover. The previous episode has no links and no files.
func podSource() *fakeSource {
	filler := strings.Repeat("More notes about the episode, long enough to wrap over several lines of the window. ", 6)
	notes := "Show notes. We talked about [the harbour](https://news.example/harbour) and " +
		"[an old episode](https://pods.example/ep0), and a [bank](https://bank.example@evil.example/login).\n\n" +
		strings.Repeat(filler+"\n\n", 6) + "Last: [the map](https://maps.example/m?q=1)."
	ep1 := model.Article{
		Ref: "pods/ep1", Source: "Pods", Path: "ep1", ID: "https://pods.example/ep1", Title: "Episode one",
		Published: at(50), HasDate: true, DateText: at(50).Format("Mon Jan 2, 2006 15:04:05"),
		Body: notes, Markdown: true, Link: "https://pods.example/ep1",
		Related: []model.Related{
			{ID: "https://news.example/harbour", Title: "the harbour", Link: true},
			{ID: "https://pods.example/ep0", Title: "an old episode", Link: true},
		},
		Enclosures: []model.Enclosure{
			{URL: "https://cdn.example/ep1.mp3", Type: "audio/mpeg", Length: 34_200_000},
			{URL: "https://cdn.example/art/ep1-cover.jpg"},
		},
	}
	ep0 := model.Article{
		Ref: "pods/ep0", Source: "Pods", Path: "ep0", ID: "https://pods.example/ep0", Title: "Episode zero",
		Published: at(40), HasDate: true, DateText: at(40).Format("Mon Jan 2, 2006 15:04:05"),
		Body: "The first one, before the harbour.", Markdown: true, Link: "https://pods.example/ep0",
	}
	return &fakeSource{name: "pods", articles: []model.Article{ep1, ep0}}
}

// newPodModel is the reader over podSource at 100x30, with the browser and
// the openers given; opened lists what went to the browser.
func newPodModel(t *testing.T, openers map[string]Opener) (Model, *[]string) {
	t.Helper()
	m := New(Options{Sources: []model.Source{podSource()}, Theme: "dark", Now: func() time.Time { return testNow }, Openers: openers})
	var opened []string
	m.openURL = func(_ context.Context, u string) error { opened = append(opened, u); return nil }
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	return m, &opened
}

// focusedText reports whether text is drawn in the focus style.
func focusedText(m Model, text string) bool {
	return strings.Contains(m.View().Content, m.look.styles.Article.Focused.Render(text))
}

// Tab goes through the links of the body in reading order, scrolling to
// each, then the files, then the related stories, and round again;
// shift+tab goes back.
func TestTabGoesThroughBodyLinksFilesThenStories(t *testing.T) {
	m, _ := newPodModel(t, nil)
	m = keys(t, m, "enter", "tab")
	mustContain(t, plain(m), "link 1 of 4: https://news.example/harbour")
	if !focusedText(m, "the harbour") {
		t.Fatalf("the first link is not highlighted:\n%s", plain(m))
	}
	m = keys(t, m, "tab")
	mustContain(t, plain(m), "link 2 of 4: https://pods.example/ep0")
	if !focusedText(m, "an old episode") || focusedText(m, "the harbour") {
		t.Fatal("the focus did not move to the second link alone")
	}
	mustNotContain(t, plain(m), "the map")
	m = keys(t, m, "tab", "tab")
	mustContain(t, plain(m), "link 4 of 4: https://maps.example/m?q=1")
	if !focusedText(m, "the map") {
		t.Fatalf("the link far down was not scrolled to:\n%s", plain(m))
	}
	m = keys(t, m, "tab")
	mustContain(t, plain(m), "Files", "audio/mpeg · 34.2 MB · ep1.mp3", "file 1 of 2")
	if !focusedText(m, "  audio/mpeg · 34.2 MB · ep1.mp3") {
		t.Fatal("the first file is not highlighted")
	}
	m = keys(t, m, "tab")
	mustContain(t, plain(m), "image/jpeg · ep1-cover.jpg", "file 2 of 2")
	m = keys(t, m, "tab")
	mustContain(t, plain(m), "Related stories", "Episode zero")
	if m.article.focused() != 0 {
		t.Fatalf("after the files the focus is on %d, want the first related story", m.article.focused())
	}
	m = keys(t, m, "shift+tab")
	mustContain(t, plain(m), "file 2 of 2")
	m = keys(t, m, "tab", "tab")
	mustContain(t, plain(m), "link 1 of 4")
	m = keys(t, m, "shift+tab")
	if m.article.focused() != 0 {
		t.Fatal("shift+tab from the first link did not wrap to the last story")
	}
}

// Enter on a link to an article of the library opens it in place; Back
// returns to the link. Enter on any other link opens the browser.
func TestEnterOnLibraryLinkOpensInPlace(t *testing.T) {
	m, opened := newPodModel(t, nil)
	m = keys(t, m, "enter", "tab", "tab", "enter")
	mustContain(t, plain(m), "Episode zero", "The first one, before the harbour.")
	if len(*opened) != 0 {
		t.Fatalf("a library link went to the browser: %v", *opened)
	}
	m = keys(t, m, "backspace")
	mustContain(t, plain(m), "Episode one", "Show notes.")
	if !focusedText(m, "an old episode") {
		t.Fatalf("Back did not return to the link followed:\n%s", plain(m))
	}
	m = keys(t, m, "shift+tab", "enter")
	if !slices.Equal(*opened, []string{"https://news.example/harbour"}) {
		t.Fatalf("enter on a web link opened %v", *opened)
	}
	mustContain(t, plain(m), "Episode one")
	// o opens the focused link in the browser, a library one too.
	m = keys(t, m, "tab", "o")
	if !slices.Equal(*opened, []string{"https://news.example/harbour", "https://pods.example/ep0"}) {
		t.Fatalf("o on a link opened %v", *opened)
	}
	// A link hiding its host asks first, as every link does.
	m = keys(t, m, "tab", "enter")
	mustContain(t, plain(m), "open evil.example? the link hides it behind bank.example@")
	if len(*opened) != 2 {
		t.Fatalf("a disguised link opened without asking: %v", *opened)
	}
}

// u lists the links and the files, numbered with their addresses; j and k
// move, y copies, o opens in the browser, enter opens as in the article,
// esc closes.
func TestLinkListOverlay(t *testing.T) {
	m, opened := newPodModel(t, nil)
	m = keys(t, m, "enter", "u")
	s := plain(m)
	mustContain(t, s, "Links in this article (6)", " 1. the harbour", "https://news.example/harbour",
		" 2. an old episode", " 5. audio/mpeg · 34.2 MB · ep1.mp3", "https://cdn.example/ep1.mp3",
		"esc close links")
	mustNotContain(t, s, "Show notes.")
	m = keys(t, m, "j", "y")
	mustContain(t, plain(m), "copied https://pods.example/ep0", "Links in this article")
	m = keys(t, m, "j", "j", "o")
	if !slices.Equal(*opened, []string{"https://maps.example/m?q=1"}) {
		t.Fatalf("o in the list opened %v", *opened)
	}
	m = keys(t, m, "esc")
	mustContain(t, plain(m), "Show notes.")
	mustNotContain(t, plain(m), "Links in this article")
	// Enter on a library link closes the list and opens the article.
	m = keys(t, m, "u", "j", "enter")
	mustContain(t, plain(m), "Episode zero", "The first one")
	mustNotContain(t, plain(m), "Links in this article")
	// An article without links says so instead.
	m = keys(t, m, "u")
	mustContain(t, plain(m), "this article has no links")
	m = keys(t, m, "backspace")
	mustContain(t, plain(m), "Show notes.")
}

// What a feed says of its files reaches the screen without its control
// sequences.
func TestLinkListCleansFileAddresses(t *testing.T) {
	src := podSource()
	src.articles[0].Enclosures = []model.Enclosure{{URL: "https://cdn.example/a\x1b]0;pwned\x07b.mp3", Type: "audio/mpeg\x1b[2J"}}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	for _, k := range []string{"enter", "u"} {
		m = keys(t, m, k)
		out := m.View().Content
		if strings.Contains(out, "pwned") || strings.Contains(out, "\x1b[2J") {
			t.Fatalf("a control sequence of the feed reached the screen after %s: %q", k, out)
		}
	}
	mustContain(t, plain(m), "5. audio/mpeg · https://cdn.example/ab.mp3")
}

// e opens the focused file, else the first, with the opener of its kind
// or media type; a file with none opens in the browser.
func TestOpenFileWithoutOpenerUsesTheBrowser(t *testing.T) {
	m, opened := newPodModel(t, nil)
	m = keys(t, m, "enter", "e")
	if !slices.Equal(*opened, []string{"https://cdn.example/ep1.mp3"}) {
		t.Fatalf("e opened %v, want the first file in the browser", *opened)
	}
	m = keys(t, m, "J", "e")
	mustContain(t, plain(m), "Episode zero", "this article carries no files")
}

// An opener that cannot run says why, naming the file.
func TestOpenFileWithMissingProgram(t *testing.T) {
	m, opened := newPodModel(t, map[string]Opener{"image": {Command: []string{"/nonexistent/viewer", "--full"}}})
	m = keys(t, m, "enter")
	for range 6 { // the four links of the body, the audio, the picture
		m = keys(t, m, "tab")
	}
	m = keys(t, m, "e")
	mustContain(t, plain(m), "viewer could not open ep1-cover.jpg")
	if len(*opened) != 0 {
		t.Fatalf("the browser opened %v", *opened)
	}
}

func TestOpenerChoice(t *testing.T) {
	openers := openersByKind(map[string]Opener{
		"audio":       {Command: []string{"player"}},
		"Audio/OGG":   {Command: []string{"ogg-player"}},
		"video":       {Command: []string{""}},
		"image/x-odd": {Command: nil},
	})
	for _, tt := range []struct {
		e    model.Enclosure
		want string
	}{
		{model.Enclosure{URL: "https://a.example/x.mp3"}, "player"},
		{model.Enclosure{URL: "https://a.example/x", Type: "audio/ogg; codecs=opus"}, "ogg-player"},
		{model.Enclosure{URL: "https://a.example/x.mp4"}, ""},
		{model.Enclosure{URL: "https://a.example/x", Type: "image/x-odd"}, ""},
		{model.Enclosure{URL: "https://a.example/x"}, ""},
	} {
		o, ok := openerFor(openers, tt.e)
		got := ""
		if ok {
			got = o.Command[0]
		}
		if got != tt.want {
			t.Errorf("opener of %+v = %q, want %q", tt.e, got, tt.want)
		}
	}
}
