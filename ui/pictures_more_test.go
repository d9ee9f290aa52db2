package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"

	"bulletin/model"
	"bulletin/picture"
)

// countingPictures serves pictures from memory and counts the fetches.
type countingPictures struct {
	memPictures
	fetches *int
}

func (c countingPictures) Picture(ctx context.Context, url string, n int64) ([]byte, error) {
	*c.fetches++
	return c.memPictures.Picture(ctx, url, n)
}

// pictureModel is the reader over src at w×h with pictures drawn as mode,
// fetched from web.
func pictureModel(t *testing.T, src *fakeSource, mode picture.Protocol, web picture.Getter, env picture.Env, w, h int) Model {
	t.Helper()
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow },
		Images: mode, ImageEnv: env, Pictures: web})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return drive(t, m, m.Init())
}

// blockWidths is how wide each line of half-blocks on the screen is.
func blockWidths(screen string) []int {
	var out []int
	for _, l := range strings.Split(screen, "\n") {
		if n := strings.Count(l, "▀"); n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func TestPictureFilesGoAboveTheText(t *testing.T) {
	web := memPictures{"https://pics.test/cover.png": solidPNG(t, color.RGBA{G: 200, A: 255})}
	src := &fakeSource{name: "pod", articles: []model.Article{{
		Ref: "pod/1", Source: "Pod", Path: "1", ID: "1", Title: "Episode one", Published: at(1), HasDate: true,
		Body: "The notes of the episode.", Markdown: true,
		Enclosures: []model.Enclosure{{URL: "https://pics.test/audio.mp3", Type: "audio/mpeg"}, {URL: "https://pics.test/cover.png", Type: "image/png"}},
	}}}
	m := pictureModel(t, src, picture.HalfBlocks, web, picture.Env{}, 80, 40)
	m = keys(t, m, "enter")
	at := linesOf(plain(m), "Episode one", "▀", "cover.png", "The notes of the episode.")
	for i := 1; i < len(at); i++ {
		if at[i] <= at[i-1] {
			t.Fatalf("want title, picture, its name, then the text (lines %v):\n%s", at, plain(m))
		}
	}
	// The same picture in the text is shown there only.
	src.articles[0].Body = "The notes.\n\n![The cover](https://pics.test/cover.png)"
	m = pictureModel(t, src, picture.HalfBlocks, web, picture.Env{}, 80, 40)
	m = keys(t, m, "enter")
	if n := len(blockWidths(plain(m))); n != 7 || !strings.Contains(plain(m), "The cover") {
		t.Errorf("%d lines of picture, want the 7 of one:\n%s", n, plain(m))
	}
}

func TestResizeRendersPicturesAgain(t *testing.T) {
	srv := newPictureServer(t)
	m := pictureModel(t, pictureSource(srv.URL), picture.HalfBlocks, httpPictures{}, picture.Env{}, 80, 40)
	m = keys(t, m, "enter")
	wide := blockWidths(plain(m))
	m = send(t, m, tea.WindowSizeMsg{Width: 50, Height: 40})
	narrow := blockWidths(plain(m))
	if len(wide) == 0 || len(narrow) == 0 || narrow[0] >= wide[0] || narrow[0] > 50-4 {
		t.Fatalf("pictures %v cells wide at 80 columns, %v at 50:\n%s", wide, narrow, plain(m))
	}
}

func TestBackShowsPicturesWithoutFetchingAgain(t *testing.T) {
	fetches := 0
	web := countingPictures{memPictures{"https://pics.test/a.png": solidPNG(t, color.RGBA{G: 200, A: 255})}, &fetches}
	src := &fakeSource{name: "p", articles: []model.Article{
		{Ref: "p/1", Source: "P", Path: "1", ID: "1", Title: "With a picture", Published: at(2), HasDate: true,
			Body: "Text.\n\n![A square](https://pics.test/a.png)\n\nMore.", Markdown: true},
		{Ref: "p/2", Source: "P", Path: "2", ID: "2", Title: "Without", Published: at(1), HasDate: true, Body: "Plain.", Markdown: true},
	}}
	m := pictureModel(t, src, picture.HalfBlocks, web, picture.Env{}, 80, 40)
	m = keys(t, m, "enter")
	mustContain(t, plain(m), "A square", "▀")
	m = keys(t, m, "esc", "j", "enter")
	mustContain(t, plain(m), "Plain.")
	m = keys(t, m, "esc", "k")
	nm, _ := m.Update(press("enter"))
	m = nm.(Model)
	// In the very frame that opens it, from the caches.
	mustContain(t, plain(m), "A square", "▀")
	if fetches != 1 {
		t.Errorf("%d fetches, want 1", fetches)
	}
}

func TestStalePictureIsDropped(t *testing.T) {
	srv := newPictureServer(t)
	src := pictureSource(srv.URL)
	src.articles = append(src.articles, model.Article{Ref: "pics/2", Source: "Harbour News", Path: "2", ID: "2",
		Title: "Another", Published: at(1), HasDate: true, Body: "Nothing to see.", Markdown: true})
	m := pictureModel(t, src, picture.HalfBlocks, httpPictures{}, picture.Env{}, 80, 40)
	m = keys(t, m, "enter")
	// The picture jobs of the first article are cancelled when the
	// second opens: a late result is dropped.
	k := m.pictureKey(pictureRef{src: srv.URL + "/red.png"})
	j, _ := m.s.jobs.start(m.s.ctx, job{kind: jobPicture, keys: []string{k.String()}}, nil)
	late := jobMsg{id: j.id, msg: pictureMsg{key: k, err: fmt.Errorf("late")}}
	m = keys(t, m, "esc", "j", "enter")
	mustContain(t, plain(m), "Nothing to see.")
	m = send(t, m, late)
	if d, ok := m.s.cache.picture(k); ok && d.err != nil {
		t.Errorf("a result of a cancelled job was taken: %v", d.err)
	}
}

func TestDetectionFromTerminalReplies(t *testing.T) {
	kittyOK := uv.KittyGraphicsEvent{Options: kitty.Options{ID: 31}, Payload: []byte("OK")}
	tests := []struct {
		name    string
		env     picture.Env
		replies []tea.Msg
		want    picture.Protocol
	}{
		{"kitty", picture.Env{}, []tea.Msg{kittyOK, uv.PrimaryDeviceAttributesEvent{62, 22}}, picture.Kitty},
		{"sixel", picture.Env{}, []tea.Msg{uv.PrimaryDeviceAttributesEvent{62, 4, 22}}, picture.Sixel},
		{"plain", picture.Env{}, []tea.Msg{uv.PrimaryDeviceAttributesEvent{62, 22}}, picture.HalfBlocks},
		{"silent", picture.Env{}, []tea.Msg{detectTimeoutMsg{}}, picture.HalfBlocks},
		{"no colour", picture.Env{NoColor: true}, nil, picture.Off},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", ImageEnv: tt.env})
			m.pics.ask = true
			for _, r := range tt.replies {
				if m.pics.proto != picture.Auto {
					t.Fatalf("decided %v before the DA1 answer", m.pics.proto)
				}
				nm, _ := m.Update(r)
				m = nm.(Model)
			}
			if m.pics.proto != tt.want {
				t.Errorf("chose %v, want %v", m.pics.proto, tt.want)
			}
		})
	}
}

func TestSixelDrawnAfterTheFrameAtItsCells(t *testing.T) {
	srv := newPictureServer(t)
	m := pictureModel(t, pictureSource(srv.URL), picture.Sixel, httpPictures{}, picture.Env{}, 80, 16)
	m = keys(t, m, "enter")
	place := m.picturePlace()
	if place == "" {
		t.Fatal("no picture on screen")
	}
	// As before the draw that keys ran.
	m.pics.drawn = ""
	cmd := m.drawPictures(drawPicturesMsg{place: place})
	if cmd == nil {
		t.Fatal("nothing drawn")
	}
	raw, ok := cmd().(tea.RawMsg)
	if !ok {
		t.Fatalf("draw is %T, want tea.RawMsg", cmd())
	}
	s := fmt.Sprint(raw.Msg)
	row := m.article.pics.start[0] - m.article.vp.YOffset() + 1
	if !strings.HasPrefix(s, fmt.Sprintf("\x1b7\x1b[%d;%dH\x1bP", row, pictureIndent+1)) || !strings.HasSuffix(s, "\x1b8") {
		t.Errorf("the Sixel is not drawn at row %d with the cursor saved and restored: %q…", row, ansi.Strip(s[:min(len(s), 40)]))
	}
	// The view holds only blank cells where it goes.
	if strings.Contains(m.View().Content, "\x1bP") {
		t.Error("a Sixel sequence in the view")
	}
	// Once drawn, the same place is not drawn again, even by a second
	// draw scheduled for it (seen in xterm: each Sixel sent twice); a
	// scroll is.
	m.pics.drawn = place
	if m.scheduleDraw() != nil {
		t.Error("drawn again without a change")
	}
	if m.drawPictures(drawPicturesMsg{place: place}) != nil {
		t.Error("a second draw for the same place sends the pictures again")
	}
	m = keys(t, m, "j")
	if now := m.picturePlace(); now == place || m.pics.drawn != now {
		t.Errorf("after a scroll (%q to %q) the pictures were drawn at %q", place, now, m.pics.drawn)
	}
}

func TestNoColourTerminalGetsAltLines(t *testing.T) {
	srv := newPictureServer(t)
	m := pictureModel(t, pictureSource(srv.URL), picture.HalfBlocks, httpPictures{}, picture.Env{}, 80, 40)
	m = send(t, m, tea.ColorProfileMsg{Profile: colorprofile.Ascii})
	m = keys(t, m, "enter")
	mustContain(t, plain(m), "[picture: A red boat]", "[picture: A blue sky]")
	mustNotContain(t, plain(m), "▀")
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d pictures fetched for a terminal without colours", n)
	}
}

func TestHostilePictureTextIsCleaned(t *testing.T) {
	src := &fakeSource{name: "h", articles: []model.Article{{
		Ref: "h/1", Source: "H", Path: "1", ID: "1", Title: "Hostile", Published: at(1), HasDate: true, Markdown: true,
		Body: "Text.\n\n![boat\x1b]0;pwned\x07 \x1b[2Jsunk](https://pics.test/x\x1b[31m.png)\n\nMore.",
	}}}
	for _, mode := range []picture.Protocol{picture.Off, picture.HalfBlocks} {
		m := pictureModel(t, src, mode, memPictures{}, picture.Env{}, 80, 30)
		m = keys(t, m, "enter")
		view := m.View().Content
		for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x07", "pwned\x07"} {
			if strings.Contains(view, bad) {
				t.Errorf("%v: %q reached the screen", mode, bad)
			}
		}
		mustContain(t, plain(m), "[picture: boat")
	}
}

// clearsScreen runs cmd and its batches once, and reports whether they
// ask Bubble Tea to clear the screen, with a command that hands on the
// other messages they gave.
func clearsScreen(t *testing.T, cmd tea.Cmd) (bool, tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return false, nil
	}
	switch msg := runCmd(t, cmd).(type) {
	case tea.BatchMsg:
		clear, rest := false, make([]tea.Cmd, 0, len(msg))
		for _, c := range msg {
			cl, r := clearsScreen(t, c)
			clear = clear || cl
			rest = append(rest, r)
		}
		return clear, tea.Batch(rest...)
	default:
		if msg == tea.ClearScreen() {
			return true, nil
		}
		return false, func() tea.Msg { return msg }
	}
}

// A Sixel's pixels are not cells: where the view leaves blank cells blank,
// Bubble Tea repaints nothing and the old pixels stay. Seen in xterm: after
// scrolling, pieces of a picture over the status bar; after Esc, the
// pictures over the headline list.
func TestMovedSixelsAreClearedOffTheScreen(t *testing.T) {
	srv := newPictureServer(t)
	m := pictureModel(t, pictureSource(srv.URL), picture.Sixel, httpPictures{}, picture.Env{}, 80, 16)
	m = keys(t, m, "enter")
	drawn := func() Model {
		t.Helper()
		m = send(t, m, drawPicturesMsg{place: m.picturePlace()})
		if m.pics.drawn == "" {
			t.Fatal("no picture drawn")
		}
		return m
	}
	for _, step := range []struct {
		name string
		msg  tea.Msg
	}{
		{"scroll down", press("j")},
		{"scroll up", press("k")},
		{"page down", press("pgdown")},
		{"resize", tea.WindowSizeMsg{Width: 70, Height: 18}},
		{"back to the list", press("esc")},
	} {
		m = drawn()
		nm, cmd := m.Update(step.msg)
		clear, rest := clearsScreen(t, cmd)
		if !clear {
			t.Errorf("%s: the screen is not cleared of the pictures drawn", step.name)
		}
		m = drive(t, nm.(Model), rest)
		if step.msg == press("esc") {
			break
		}
	}
	// Nothing drawn, nothing to clear: no flicker on every key.
	m = keys(t, m, "enter")
	m.pics.drawn = ""
	_, cmd := m.Update(press("j"))
	if clear, _ := clearsScreen(t, cmd); clear {
		t.Error("the screen is cleared with no Sixel drawn")
	}
}

// Seen in xterm, whose default settings do not answer the cell size query:
// pictures scaled for 20-pixel cells in 19-pixel ones ran over the caption
// under them. The window size in pixels gives the cell.
func TestSixelFitsTheCellsTheWindowSizeGives(t *testing.T) {
	tall := image.NewRGBA(image.Rect(0, 0, 90, 180))
	for i := range tall.Pix {
		tall.Pix[i] = 200
	}
	var b bytes.Buffer
	if err := png.Encode(&b, tall); err != nil {
		t.Fatal(err)
	}
	web := memPictures{"https://pics.test/tall.png": b.Bytes()}
	src := &fakeSource{name: "p", articles: []model.Article{{Ref: "p/1", Source: "P", Path: "1", ID: "1",
		Title: "A tall picture", Published: at(1), HasDate: true, Markdown: true,
		Body: "Before.\n\n![The mast of the sloop](https://pics.test/tall.png)\n\nAfter."}}}
	cell := picture.CellSize{W: 9, H: 19}
	m := pictureModel(t, src, picture.Sixel, web, picture.Env{Cell: cell}, 80, 40)
	m = keys(t, m, "enter")
	m.pics.drawn = ""
	cmd := m.drawPictures(drawPicturesMsg{place: m.picturePlace()})
	if cmd == nil {
		t.Fatalf("no Sixel drawn:\n%s", plain(m))
	}
	s := fmt.Sprint(cmd().(tea.RawMsg).Msg)
	var top, col, w, h int
	if _, err := fmt.Sscanf(s, "\x1b7\x1b[%d;%dH\x1bP0;1q\"1;1;%d;%d", &top, &col, &w, &h); err != nil {
		t.Fatalf("cannot read where the Sixel goes and its size (%v): %q…", err, s[:min(len(s), 40)])
	}
	caption := linesOf(plain(m), "The mast of the sloop")[0] + 1
	if (caption-top)*cell.H < h {
		t.Errorf("a Sixel %d pixels high at row %d runs over its caption at row %d (%d-pixel cells)", h, top, caption, cell.H)
	}
}
