package picture

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// TestKittyPlaceholdersSurviveBubbleTeasRenderer draws a view of
// placeholder lines with the cell renderer Bubble Tea v2 uses, and checks
// that each cell keeps its placeholder, diacritics and id colour, and
// that the terminal is sent them.
func TestKittyPlaceholdersSurviveBubbleTeasRenderer(t *testing.T) {
	const id = 0x01e240 // 123456
	l := Layout{Cols: 4, Rows: 3}
	view := "title\n" + strings.Join(KittyPlaceholders(id, l), "\n") + "\ncaption"
	for _, method := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
		placeholdersDrawn(t, view, l, method)
	}
}

func placeholdersDrawn(t *testing.T, view string, l Layout, method ansi.Method) {
	buf := uv.NewScreenBuffer(10, 5)
	buf.Method = method
	uv.NewStyledString(view).Draw(buf, buf.Bounds())
	for r := range l.Rows {
		for c := range l.Cols + 1 {
			cell := buf.CellAt(c, r+1)
			if c == l.Cols {
				if cell != nil && strings.ContainsRune(cell.Content, kitty.Placeholder) {
					t.Errorf("placeholder past the picture at %d,%d", c, r)
				}
				continue
			}
			want := string([]rune{kitty.Placeholder, kitty.Diacritic(r), kitty.Diacritic(c)})
			if cell == nil || cell.Content != want || cell.Width != 1 {
				t.Fatalf("method %v: cell %d,%d is %+v, want %q one column wide", method, c, r, cell, want)
			}
			if cell.Style.Fg == nil {
				t.Fatalf("cell %d,%d lost its colour", c, r)
			}
			if rr, g, b, _ := cell.Style.Fg.RGBA(); rr>>8 != 0x01 || g>>8 != 0xe2 || b>>8 != 0x40 {
				t.Errorf("cell %d,%d colour %d,%d,%d, want the id 1,226,64", c, r, rr>>8, g>>8, b>>8)
			}
		}
	}
	if got := buf.CellAt(0, 4); got == nil || got.Content != "c" {
		t.Errorf("the caption moved: %+v", got)
	}
	var out bytes.Buffer
	term := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color", "COLORTERM=truecolor"})
	term.SetColorProfile(colorprofile.TrueColor)
	term.Render(buf.RenderBuffer)
	if err := term.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "38;2;1;226;64") || strings.Count(out.String(), string(kitty.Placeholder)) != l.Cols*l.Rows {
		t.Errorf("the terminal is not sent the placeholders in the id's colour: %q", out.String())
	}
}

// TestSmallKittyIDsSurviveA256ColourRenderer: where Bubble Tea found no
// true colour it converts colours to 256; an id under 256 is already an
// index, and reaches the terminal as it is.
func TestSmallKittyIDsSurviveA256ColourRenderer(t *testing.T) {
	id := SmallID("https://example.net/heron.jpg")
	if id == 0 || id > 255 {
		t.Fatalf("SmallID %d", id)
	}
	buf := uv.NewScreenBuffer(4, 1)
	uv.NewStyledString(KittyPlaceholders(id, Layout{Cols: 2, Rows: 1})[0]).Draw(buf, buf.Bounds())
	var out bytes.Buffer
	term := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
	term.SetColorProfile(colorprofile.ANSI256)
	term.Render(buf.RenderBuffer)
	if err := term.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "38;5;" + strconv.Itoa(int(id)) + "m"; !strings.Contains(out.String(), want) {
		t.Errorf("sent %q, want the colour %s", out.String(), want)
	}
}
