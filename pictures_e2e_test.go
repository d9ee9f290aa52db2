package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"bulletin/internal/feedtest"
)

// gradientPNG is a 80×24 picture that changes colour across and down, so
// that a half-block picture drawn in the wrong place shows.
func gradientPNG(t *testing.T, base color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 80, 24))
	for y := range 24 {
		for x := range 80 {
			img.Set(x, y, color.RGBA{R: base.R + uint8(x), G: base.G + uint8(4*y), B: base.B, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pictureFeed is an RSS feed of one item whose long body has two pictures
// between its paragraphs, served by the feed's own server.
func pictureFeed(t *testing.T, srv *feedtest.Server) string {
	t.Helper()
	for name, c := range map[string]color.RGBA{"boat": {R: 150}, "sky": {B: 200}} {
		data := gradientPNG(t, c)
		srv.Handle("/pics/"+name+".png", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(data)
		})
	}
	var html strings.Builder
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&html, "<p>Paragraph %d of the harbour report, long enough to wrap over a line or two of the reader's window.</p>", i)
		switch i {
		case 2:
			fmt.Fprintf(&html, `<img src="%s/pics/boat.png" alt="A red boat at dawn">`, srv.URL)
		case 6:
			fmt.Fprintf(&html, `<img src="%s/pics/sky.png" alt="The sky over the bay">`, srv.URL)
		}
	}
	var escaped bytes.Buffer
	for _, r := range html.String() {
		switch r {
		case '<':
			escaped.WriteString("&lt;")
		case '>':
			escaped.WriteString("&gt;")
		case '&':
			escaped.WriteString("&amp;")
		default:
			escaped.WriteRune(r)
		}
	}
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>` + srv.URL + `/</link>` +
		`<item><title>Boats in the harbour</title><link>` + srv.URL + `/boats</link><guid>boats-1</guid>` +
		`<pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><description>` + escaped.String() + `</description></item></channel></rss>`
	return srv.Feed("/harbour.xml", feed)
}

func TestPicturesScrollWithoutStrayCells(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	url := pictureFeed(t, srv)
	h := newHome(t)
	h.ok("add", url)
	cfg := filepath.Join(h.dir, "config", "bulletin", "config.toml")
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "\n[settings]\nimages = \"halfblocks\"")
	f.Close()

	s := startTmux(t, 100, 30, h.screenEnv("XDG_CACHE_HOME="+filepath.Join(h.dir, "cache")))
	s.waitForText("Boats in the harbour")
	s.keys("Enter")
	s.waitFor("the first picture drawn", func(screen string) bool {
		return strings.Contains(screen, "A red boat at dawn") && !strings.Contains(screen, "[picture:") && strings.Contains(screen, "▀")
	})
	before := s.settle()
	beforeColours := s.tmux("capture-pane", "-p", "-e", "-t", "app")
	at := strings.Index(before, "Paragraph 2 of")
	if at < 0 || strings.Index(before, "▀") < at || strings.Index(before, "A red boat at dawn") < strings.Index(before, "▀") {
		t.Fatalf("the picture is not after paragraph 2 with its alt text below:\n%s", before)
	}

	s.keys("j", "j", "j", "NPage")
	s.waitFor("the second picture", func(screen string) bool { return strings.Contains(screen, "The sky over the bay") })
	s.keys("NPage", "PPage", "PPage", "k", "k", "k")
	after := s.waitFor("the top again", func(screen string) bool { return body(screen) == body(before) })
	after = s.settle()
	if body(after) != body(before) {
		t.Fatalf("after scrolling down and back up the screen differs.\nbefore:\n%s\nafter:\n%s", before, after)
	}
	afterColours := s.tmux("capture-pane", "-p", "-e", "-t", "app")
	b, a := cellColours(body(beforeColours)), cellColours(body(afterColours))
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			t.Fatalf("after scrolling down and back up, line %d has other colours (stray cells).\nbefore: %.300s\nafter:  %.300s", i, lineAt(b, i), lineAt(a, i))
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(no line)"
}

// cellColours is each line of a `capture-pane -e` screen as its cells'
// colours and characters, so that two screens compare by what shows, not
// by where tmux chose to put its colour codes (it carries colours across
// lines and sets them before or after a line break as it likes).
func cellColours(screen string) []string {
	var lines []string
	fg, bg := "", ""
	var cur strings.Builder
	for i := 0; i < len(screen); {
		c := screen[i]
		switch {
		case c == 0x1b && i+1 < len(screen) && screen[i+1] == '[':
			end := i + 2
			for end < len(screen) && (screen[end] < 0x40 || screen[end] > 0x7e) {
				end++
			}
			if end < len(screen) && screen[end] == 'm' {
				fg, bg = applySGR(screen[i+2:end], fg, bg)
			}
			i = end + 1
		case c == '\n':
			lines = append(lines, strings.TrimRight(cur.String(), " "))
			cur.Reset()
			i++
		default:
			r, size := utf8.DecodeRuneInString(screen[i:])
			if r == ' ' && bg == "" {
				cur.WriteString(" ")
			} else {
				fmt.Fprintf(&cur, "[%s/%s]%c", fg, bg, r)
			}
			i += size
		}
	}
	return append(lines, strings.TrimRight(cur.String(), " "))
}

// applySGR follows the colours of one SGR sequence; other attributes are
// left out.
func applySGR(params, fg, bg string) (string, string) {
	p := strings.Split(params, ";")
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case "", "0":
			fg, bg = "", ""
		case "39":
			fg = ""
		case "49":
			bg = ""
		case "38", "48":
			n := 3
			if i+1 < len(p) && p[i+1] == "2" {
				n = 5
			}
			v := strings.Join(p[i:min(len(p), i+n)], ";")
			if p[i] == "38" {
				fg = v
			} else {
				bg = v
			}
			i += n - 1
		default:
			if len(p[i]) == 2 && (p[i][0] == '3' || p[i][0] == '9') {
				fg = p[i]
			} else if len(p[i]) == 2 && (p[i][0] == '4') || len(p[i]) == 3 && p[i][0] == '1' {
				bg = p[i]
			}
		}
	}
	return fg, bg
}
