package ui

import (
	"image/color"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/model"
	"bulletin/picture"
)

// storyPictureServer serves the media of the tour's folder: the picture
// of "Keys" (tour/2) and of the web story 9001 as PNGs under /media, and
// 404 for the rest, "Sources" (tour/3) among them.
func storyPictureServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	ps := servePictures(t, map[string][]byte{
		"/media/tour/2.jpg":    solidPNG(t, color.RGBA{G: 200, A: 255}),
		"/media/tour/9001.jpg": solidPNG(t, color.RGBA{R: 200, G: 200, A: 255}),
	})
	return ps.Server, &ps.hits
}

// startStoryPictures runs the reader over the tour, whose folder says its
// pictures live on srv (picture_url), and opens the Tour article.
func startStoryPictures(t *testing.T, mode picture.Protocol, srv *httptest.Server, feeds model.Feeds) goldenRun {
	t.Helper()
	src := tourSource()
	site, err := model.ParseSite(storyURL+"{id}", srv.URL+"/media{pic}")
	if err != nil {
		t.Fatal(err)
	}
	src.site = site
	log := &screenLog{changed: make(chan struct{}, 1)}
	m := New(Options{
		Sources:  []model.Source{src},
		Theme:    "dark",
		Now:      func() time.Time { return testNow },
		Images:   mode,
		Pictures: httpPictures{},
		Feeds:    feeds,
	})
	tm := teatest.NewTestModel(t, probe{Model: m, log: log},
		teatest.WithInitialTermSize(80, 44),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.TrueColor),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		))
	t.Cleanup(func() { tm.Quit() })
	log.waitFor(t, "Tour")
	g := goldenRun{tm: tm, log: log}
	g.press(t, []string{"enter"}, "Welcome to the tour")
	return g
}

// pictureAbove checks that the screen shows a picture drawn in
// half-blocks, then alt as the line under it, then text.
func pictureAbove(t *testing.T, screen, alt, text string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	first, last := -1, -1
	for i, l := range lines {
		if strings.Contains(l, "▀") {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || last-first < 2 {
		t.Fatalf("no picture of several half-block lines:\n%s", screen)
	}
	if last+1 >= len(lines) || strings.TrimSpace(lines[last+1]) != alt {
		t.Fatalf("the line under the picture is not its alt text %q:\n%s", alt, screen)
	}
	at := linesOf(screen, text)[0]
	if at <= last+1 {
		t.Fatalf("%q is not below the picture (line %d, picture ends at %d):\n%s", text, at, last, screen)
	}
}

func halfBlocksDrawn(s string) bool { return strings.Count(s, "▀") > 100 }

func TestRelatedStoryShowsItsPictureAboveItsText(t *testing.T) {
	srv, _ := storyPictureServer(t)
	g := startStoryPictures(t, picture.HalfBlocks, srv, nil)
	if strings.Contains(screenNow(g.log), "▀") {
		t.Fatalf("the Tour, opened from the list, has no picture:\n%s", screenNow(g.log))
	}
	g.press(t, []string{"1"}, "The keys of bulletin")
	g.log.waitUntil(t, "the picture of Keys drawn", halfBlocksDrawn)
	pictureAbove(t, screenNow(g.log), "Keys", "The keys of bulletin")

	// Back, then Forward: the picture comes with the story again.
	g.press(t, []string{"backspace"}, "Welcome to the tour")
	g.log.waitUntil(t, "the Tour without a picture", func(s string) bool { return !strings.Contains(s, "▀") })
	g.press(t, []string{"l"}, "The keys of bulletin")
	g.log.waitUntil(t, "the picture of Keys drawn again", halfBlocksDrawn)
	pictureAbove(t, screenNow(g.log), "Keys", "The keys of bulletin")
}

func TestRelatedStoryPictureThatFailsSaysWhy(t *testing.T) {
	srv, _ := storyPictureServer(t)
	g := startStoryPictures(t, picture.HalfBlocks, srv, nil)
	g.press(t, []string{"2"}, "Where articles come from", "[picture: Sources — ", "404 Not Found")
	if strings.Contains(screenNow(g.log), "▀") {
		t.Errorf("half-blocks for a picture that is not there:\n%s", screenNow(g.log))
	}
	at := linesOf(screenNow(g.log), "[picture: Sources — ", "Where articles come from")
	if at[0] >= at[1] {
		t.Errorf("the failure line is not above the text (lines %v):\n%s", at, screenNow(g.log))
	}
}

func TestRelatedStoryPictureOffShowsItsTitle(t *testing.T) {
	srv, hits := storyPictureServer(t)
	g := startStoryPictures(t, picture.Off, srv, nil)
	g.press(t, []string{"1"}, "The keys of bulletin", "[picture: Keys]")
	at := linesOf(screenNow(g.log), "[picture: Keys]", "The keys of bulletin")
	if at[0] >= at[1] {
		t.Errorf("the alt line is not above the text (lines %v):\n%s", at, screenNow(g.log))
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d pictures fetched with images = off", n)
	}
}

// A story fetched from its site shows the picture of the link followed.
func TestStoryFromItsSiteShowsItsPicture(t *testing.T) {
	srv, _ := storyPictureServer(t)
	feeds := &fakeFeeds{readable: map[string]string{storyURL + "9001": "The story from the web."}}
	g := startStoryPictures(t, picture.HalfBlocks, srv, feeds)
	g.press(t, []string{"3"}, "The story from the web.")
	g.log.waitUntil(t, "the picture of the web story drawn", halfBlocksDrawn)
	pictureAbove(t, screenNow(g.log), "Somewhere else", "The story from the web.")
}

// thumbnailUnder is the half-block lines right under the line holding
// after, trimmed of the focus marker and spaces.
func thumbnailUnder(screen, after string) []string {
	lines := strings.Split(screen, "\n")
	at := linesOf(screen, after)[0]
	var thumb []string
	for i := at + 1; at >= 0 && i < len(lines) && strings.Contains(lines[i], "▀"); i++ {
		thumb = append(thumb, strings.Trim(lines[i], "┃ "))
	}
	return thumb
}

func TestFocusedRelatedStoryShowsAThumbnail(t *testing.T) {
	srv, _ := storyPictureServer(t)
	g := startStoryPictures(t, picture.HalfBlocks, srv, nil)
	g.press(t, []string{"tab"}, "picture "+srv.URL+"/media/tour/2.jpg")
	g.log.waitUntil(t, "the thumbnail of Keys", func(s string) bool {
		return len(thumbnailUnder(s, "picture "+srv.URL+"/media/tour/2.jpg")) > 0
	})
	thumb := thumbnailUnder(screenNow(g.log), "picture "+srv.URL+"/media/tour/2.jpg")
	if len(thumb) > 4 {
		t.Errorf("the thumbnail takes %d rows, want at most 4:\n%s", len(thumb), screenNow(g.log))
	}
	for _, l := range thumb {
		if n := len([]rune(l)); n > 16 {
			t.Errorf("a thumbnail line is %d columns wide, want at most 16: %q", n, l)
		}
	}
	// The next story's picture is missing: its line says so, and the
	// thumbnail of Keys is gone with the focus.
	g.press(t, []string{"tab"}, "picture "+srv.URL+"/media/tour/3.jpg")
	g.log.waitFor(t, "[picture: 404 Not Found]")
	if strings.Contains(screenNow(g.log), "▀") {
		t.Errorf("a thumbnail stayed after the focus moved on:\n%s", screenNow(g.log))
	}
	at := linesOf(screenNow(g.log), "picture "+srv.URL+"/media/tour/3.jpg", "404 Not Found")
	if at[1] != at[0]+1 {
		t.Errorf("the failure is not the line under the focused story (lines %v):\n%s", at, screenNow(g.log))
	}
}

func TestNoThumbnailWithPicturesOff(t *testing.T) {
	srv, hits := storyPictureServer(t)
	g := startStoryPictures(t, picture.Off, srv, nil)
	g.press(t, []string{"tab"}, "picture "+srv.URL+"/media/tour/2.jpg")
	g.log.waitUntil(t, "a settled screen", func(s string) bool { return true })
	if strings.Contains(screenNow(g.log), "▀") || strings.Contains(screenNow(g.log), "[picture") {
		t.Errorf("a thumbnail or its line with images = off:\n%s", screenNow(g.log))
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d pictures fetched with images = off", n)
	}
}

// screenNow is the latest screen, read under its lock: the program may
// still be drawing.
func screenNow(l *screenLog) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.screen
}
