package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"bulletin/render"
)

func TestFindBodyLinks(t *testing.T) {
	md := "See [the long report on the harbour](https://news.example/a/very/long/path/to/the/harbour/report) " +
		"and <https://auto.example/x>, then [again](https://news.example/a/very/long/path/to/the/harbour/report).\n\n" +
		"- [in a list](https://list.example/) and ![a chart](https://img.example/c.png)\n\n" +
		"Write to [us](mailto:desk@news.example)."
	out, err := render.Markdown(md, render.Dark, 40)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	links := findBodyLinks(lines)
	want := []struct{ text, url string }{
		{"the long report on the harbour", "https://news.example/a/very/long/path/to/the/harbour/report"},
		{"https://auto.example/x", "https://auto.example/x"},
		{"again", "https://news.example/a/very/long/path/to/the/harbour/report"},
		{"in a list", "https://list.example/"},
		{"a chart", "https://img.example/c.png"},
		{"us", "mailto:desk@news.example"},
	}
	if len(links) != len(want) {
		t.Fatalf("found %d links %+v, want %d", len(links), links, len(want))
	}
	for i, w := range want {
		if links[i].text != w.text || links[i].url != w.url {
			t.Errorf("link %d = %q %q, want %q %q", i+1, links[i].text, links[i].url, w.text, w.url)
		}
	}
	// The long one wraps: its spans cover its text and its address over
	// several lines, and each names cells that hold them.
	if len(links[0].spans) < 2 {
		t.Errorf("the wrapped link has spans %+v", links[0].spans)
	}
	first := links[0].spans[0]
	got := ansi.Cut(ansi.Strip(lines[first.line]), first.start, first.end)
	if !strings.HasPrefix("the long report on the harbour", got) || got == "" {
		t.Errorf("the first span of the first link holds %q", got)
	}
}

// FuzzFindBodyLinks renders any markdown and reads its links back: no
// panic, and every span lies on its line.
func FuzzFindBodyLinks(f *testing.F) {
	f.Add("[a](https://a.example/) b <https://c.example/>")
	f.Add("x [long text that wraps over the line](https://a.example/" + strings.Repeat("p/", 30) + ")")
	f.Add("| h |\n|---|\n| [t](https://t.example/) |\n")
	f.Add("![i](https://i.example/i.png) [](https://e.example/) [x](#frag)")
	f.Add("\x1b]8;;https://raw.example/\atext\x1b]8;;\a and \x1b]8;;https://open.example/")
	// Pictures, taken out of the body before it is rendered.
	f.Add("Before.\n\n![A grey sky \\[over\\] the bay](https://pics.test/sky.png \"Sky\")\n\nAfter.")
	f.Add("[![](https://pics.test/small.png)](https://pics.test/big.png) and `![code](https://pics.test/c.png)`")
	f.Add("```\n![fenced](https://pics.test/f.png)\n```\n- ![in a list](<https://pics.test/a (1).png>)")
	f.Add("![no close ![alt](  ![a](b ![c](d \"t)")
	f.Fuzz(func(t *testing.T, md string) {
		md = checkSplitPictures(t, md)
		out, err := render.Markdown(md, render.NoColor, 30)
		if err != nil {
			return
		}
		for _, lines := range [][]string{strings.Split(out, "\n"), strings.Split(md, "\n")} {
			for _, l := range findBodyLinks(lines) {
				if l.url == "" {
					t.Fatalf("a link without an address: %+v", l)
				}
				for _, s := range l.spans {
					if s.line < 0 || s.line >= len(lines) || s.start < 0 || s.end <= s.start || s.end > ansi.StringWidth(lines[s.line]) {
						t.Fatalf("span %+v outside its line %q", s, lines[s.line])
					}
				}
			}
		}
	})
}

// checkSplitPictures takes the pictures out of md as the reader does and
// checks that each left a marker, in order, and has an address.
func checkSplitPictures(t *testing.T, md string) string {
	t.Helper()
	split, refs := splitPictures(md)
	next := 0
	for _, l := range strings.Split(split, "\n") {
		if n := markerIndex(l); n >= 0 && strings.TrimSpace(l) == pictureMarker(n) {
			if n != next {
				t.Fatalf("marker %d where %d was due in\n%q", n, next, split)
			}
			next++
		}
	}
	if next < len(refs) {
		t.Fatalf("%d pictures but %d markers in\n%q", len(refs), next, split)
	}
	for _, r := range refs {
		if r.src == "" {
			t.Fatalf("a picture without an address: %+v", r)
		}
	}
	return split
}
