package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
	"bulletin/picture"
)

// pictureServer serves PNGs by path and answers 404 for anything else;
// hits counts the requests.
type pictureServer struct {
	*httptest.Server
	hits atomic.Int32
}

// newPictureServer serves two wide one-colour PNGs, red and blue.
func newPictureServer(t testing.TB) *pictureServer {
	t.Helper()
	return servePictures(t, map[string][]byte{
		"/red.png":  solidPNG(t, color.RGBA{R: 220, A: 255}),
		"/blue.png": solidPNG(t, color.RGBA{B: 230, A: 255}),
	})
}

// servePictures serves pics, PNGs by path, and answers 404 for anything
// else; hits counts the requests.
func servePictures(t testing.TB, pics map[string][]byte) *pictureServer {
	t.Helper()
	ps := &pictureServer{}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.hits.Add(1)
		data, ok := pics[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(data)
	}))
	t.Cleanup(ps.Close)
	return ps
}

// solidPNG is a 60×10 picture of one colour: wide, so it takes a few
// lines of half-blocks.
func solidPNG(t testing.TB, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 10))
	for y := range 10 {
		for x := range 60 {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// httpPictures fetches pictures over HTTP as the feeds' fetcher does,
// naming the address in its errors.
type httpPictures struct{}

func (httpPictures) Picture(ctx context.Context, url string, maxBytes int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxBytes))
}

// pictureSource is one feed item whose body has two pictures between its
// paragraphs and a third that is missing from the server.
func pictureSource(base string) *fakeSource {
	body := "The harbour at dawn, first paragraph.\n\n" +
		"![A red boat](" + base + "/red.png)\n\n" +
		"The second paragraph, after the boat.\n\n" +
		"![A blue sky](" + base + "/blue.png \"Sky\")\n\n" +
		"The third paragraph.\n\n" +
		"![A missing gull](" + base + "/gull.png)\n\n" +
		"Last words."
	return &fakeSource{name: "pics", articles: []model.Article{{
		Ref: "pics/1", Source: "Harbour News", Path: "1", ID: "1", Title: "Boats and sky",
		Published: at(30), HasDate: true, DateText: at(30).Format("Mon Jan 2, 2006 15:04:05"),
		Body: body, Markdown: true,
	}}}
}

func startPictures(t *testing.T, mode picture.Protocol, base string) goldenRun {
	t.Helper()
	return startPicturesFrom(t, mode, pictureSource(base))
}

func startPicturesFrom(t *testing.T, mode picture.Protocol, src *fakeSource) goldenRun {
	t.Helper()
	log := &screenLog{changed: make(chan struct{}, 1)}
	m := New(Options{
		Sources:  []model.Source{src},
		Theme:    "dark",
		Now:      func() time.Time { return testNow },
		Images:   mode,
		Pictures: httpPictures{},
	})
	tm := teatest.NewTestModel(t, probe{Model: m, log: log},
		teatest.WithInitialTermSize(80, 44),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.TrueColor),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		))
	log.waitFor(t, "Boats and sky")
	return goldenRun{tm: tm, log: log}
}

// linesOf is where each of wants first shows on the screen, -1 when not.
func linesOf(screen string, wants ...string) []int {
	lines := strings.Split(screen, "\n")
	out := make([]int, len(wants))
	for i, w := range wants {
		out[i] = -1
		for j, l := range lines {
			if strings.Contains(l, w) {
				out[i] = j
				break
			}
		}
	}
	return out
}

func TestPicturesInPlaceWithHalfBlocks(t *testing.T) {
	srv := newPictureServer(t)
	g := startPictures(t, picture.HalfBlocks, srv.URL)
	g.press(t, []string{"enter"}, "The harbour at dawn")
	g.log.waitFor(t, "A red boat", "A blue sky", "gull.png: 404 Not Found")
	g.log.waitUntil(t, "both pictures drawn", func(s string) bool {
		return !strings.Contains(s, "[picture: A red") && !strings.Contains(s, "[picture: A blue") && strings.Count(s, "▀") > 100
	})

	screen := g.log.screen
	at := linesOf(screen, "first paragraph", "▀", "A red boat", "second paragraph", "A blue sky", "third paragraph", "[picture: A missing gull — ", "Last words")
	for i := 1; i < len(at); i++ {
		if at[i] <= at[i-1] {
			t.Fatalf("out of order (lines %v): text, red picture, its alt, text, blue picture, its alt, text, the failed line, text:\n%s", at, screen)
		}
	}
	// The red picture is between the first and second paragraphs: its
	// half-blocks are red.
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := g.tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	// The server's port changes from run to run.
	content := strings.ReplaceAll(final.View().Content, srv.URL, "http://pictures.test")
	styled := strings.Split(content, "\n")
	red := at[1]
	if !strings.Contains(styled[red], "220;0;0") || strings.Contains(styled[red], "0;0;230") {
		t.Errorf("line %d is not the red picture: %q", red, styled[red])
	}
	t.Run("styled", func(t *testing.T) { golden.RequireEqual(t, content) })
	t.Run("plain", func(t *testing.T) { golden.RequireEqual(t, ansi.Strip(content)) })
}

func TestPicturesOffShowAltLines(t *testing.T) {
	srv := newPictureServer(t)
	g := startPictures(t, picture.Off, srv.URL)
	g.press(t, []string{"enter"}, "The harbour at dawn", "[picture: A red boat]", "[picture: A blue sky]", "[picture: A missing gull]")
	if strings.Contains(g.log.screen, "▀") {
		t.Errorf("half-blocks with images = off:\n%s", g.log.screen)
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d pictures fetched with images = off", n)
	}
	at := linesOf(g.log.screen, "first paragraph", "[picture: A red boat]", "second paragraph")
	if at[0] >= at[1] || at[1] >= at[2] {
		t.Errorf("the alt line is not between its paragraphs (lines %v):\n%s", at, g.log.screen)
	}
	g.finish(t)
}

// kittyCommands are the parameters of each Kitty graphics command in out
// ("a=T,f=100,i=7,..."), without their payloads.
func kittyCommands(out []byte) []string {
	var cmds []string
	for _, part := range strings.Split(string(out), "\x1b_G")[1:] {
		end := strings.IndexAny(part, ";\x1b")
		if end < 0 {
			end = len(part)
		}
		cmds = append(cmds, part[:end])
	}
	return cmds
}

func hasParams(cmd string, want ...string) bool {
	params := strings.Split(cmd, ",")
	for _, w := range want {
		if !slices.Contains(params, w) {
			return false
		}
	}
	return true
}

func TestKittyUploadsOnceAndShowsPlaceholders(t *testing.T) {
	srv := newPictureServer(t)
	src := pictureSource(srv.URL)
	src.articles = append(src.articles, model.Article{Ref: "pics/2", Source: "Harbour News", Path: "2", ID: "2",
		Title: "Another", Published: at(1), HasDate: true, Body: "Nothing to see.", Markdown: true})
	g := startPicturesFrom(t, picture.Kitty, src)
	// What reached the terminal so far. The screen log shows a frame
	// before its tick writes it, and a frame replaced within a tick is
	// never written: the test waits for the terminal itself.
	var out bytes.Buffer
	waitOutput := func(what string, ok func([]byte) bool) {
		t.Helper()
		testwait.Until(t, what, 15*time.Second, func() bool {
			if _, err := io.Copy(&out, g.tm.Output()); err != nil {
				t.Fatal(err)
			}
			return ok(out.Bytes())
		})
	}
	g.press(t, []string{"enter"}, "The harbour at dawn", "A red boat", "A blue sky")
	g.log.waitUntil(t, "placeholders of both pictures", func(s string) bool {
		return strings.Count(s, "\U0010EEEE") >= 12 && strings.Count(s, "A red boat") == 1
	})
	waitOutput("placeholder cells on the terminal", func(b []byte) bool { return bytes.Contains(b, []byte("\U0010EEEE")) })
	// Back to the list and into the article again: the pictures are
	// shown from the cache, not uploaded again.
	g.press(t, []string{"esc"}, "2 articles")
	g.press(t, []string{"enter"}, "The harbour at dawn", "A red boat")
	// Another article: the pictures of the first are freed.
	g.press(t, []string{"esc", "j", "enter"}, "Nothing to see.")
	// The frees are written by commands of their own, which may come
	// after the frame: quitting at once could cut them off.
	waitOutput("both pictures freed", func(b []byte) bool { return bytes.Count(b, []byte("a=d,d=I")) >= 2 })
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(&out, g.tm.FinalOutput(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))); err != nil {
		t.Fatal(err)
	}
	cmds := kittyCommands(out.Bytes())
	for _, name := range []string{"red", "blue"} {
		id := fmt.Sprintf("i=%d", picture.IDFor(srv.URL+"/"+name+".png"))
		uploads, deletes := 0, 0
		for _, c := range cmds {
			if hasParams(c, "a=T", id) {
				uploads++
			}
			if hasParams(c, "a=d", "d=I", id) {
				deletes++
			}
		}
		if uploads != 1 || deletes != 1 {
			t.Errorf("the %s picture (%s) was uploaded %d times and freed %d, want once each; commands: %q", name, id, uploads, deletes, cmds)
		}
	}
}
