// Package ansifix rewrites a tmux `capture-pane -p -e` capture so that
// charmbracelet/freeze (v0.2.2) renders it the way the terminal showed it.
//
// freeze's ANSI reader handles only a few SGR codes, and only one at a time:
// it ignores 39 and 49 (default colours), the attribute-off codes 22-29,
// reverse video and the 16-colour backgrounds 40-47, gives 30-37 its own
// palette, and ends a background at every newline, whereas tmux emits only the
// codes that change and carries the state from one line to the next. tmux
// also leaves out the end of each line: it trims trailing spaces, and cells
// past the last one written never appear even when the program coloured them
// by erasing (EL, ECH) with a background set, as Bubble Tea does for a bar
// that runs to the edge of the screen. Such a bar loses its end.
//
// Fix therefore keeps the full SGR state (foreground, background, bold,
// faint, italic, underline, reverse, strikethrough) and writes it out whole,
// starting from a reset, at the start of every line and before every cell
// whose state differs from the last one written. Reverse video is resolved by
// swapping the colours (default colours become Options.DefaultFG and
// Options.DefaultBG), 16-colour codes become the equivalent 256-colour
// indexes, and each line is padded to Options.Width cells and the capture to
// Options.Height lines with spaces in the current background (the background
// an erase at the end of the line would have used). Other escape sequences
// are dropped, tabs are expanded and carriage returns removed. Bold and faint
// are kept in the output, but freeze v0.2.2 draws neither.
package ansifix

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// ColorKind says which form a Color has.
type ColorKind uint8

// The forms of a Color.
const (
	Default ColorKind = iota // the terminal's default colour (SGR 39 or 49)
	Indexed                  // one of the 256 palette colours (38;5;n)
	RGB                      // a true colour (38;2;r;g;b)
)

// Color is a foreground or background colour.
type Color struct {
	Kind    ColorKind
	Index   uint8 // when Kind is Indexed
	R, G, B uint8 // when Kind is RGB
}

// Hex returns the RGB colour written as "#rrggbb", or ok false when s is not
// of that form (the "#" is optional).
func Hex(s string) (c Color, ok bool) {
	s = strings.TrimPrefix(s, "#")
	if len(s) != 6 {
		return Color{}, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return Color{}, false
	}
	return Color{Kind: RGB, R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}, true
}

// State is the SGR state of one cell.
type State struct {
	FG, BG        Color
	Bold, Faint   bool
	Italic        bool
	Underline     bool
	Reverse       bool
	Strikethrough bool
}

// Options control Fix.
type Options struct {
	// Width pads every line to this many cells and cuts longer ones;
	// 0 leaves the lengths alone.
	Width int
	// Height pads the capture with blank lines to this many lines and drops
	// any beyond it; 0 keeps the lines there are.
	Height int
	// DefaultFG and DefaultBG stand for the default colours when reverse
	// video swaps them. They should match the renderer: freeze's defaults
	// are #c4c4c4 text on #171717. A Default colour here leaves the swapped
	// colour as the default.
	DefaultFG, DefaultBG Color
	// PadDefault pads lines in the default background instead: for
	// screens whose lines end in coloured cells that were never erased in
	// colour (pictures drawn as half-blocks), which the capture cannot
	// tell apart from a bar erased to the edge.
	PadDefault bool
}

// FreezeFG and FreezeBG are freeze v0.2.2's default text and window colours.
var (
	FreezeFG = Color{Kind: RGB, R: 0xc4, G: 0xc4, B: 0xc4}
	FreezeBG = Color{Kind: RGB, R: 0x17, G: 0x17, B: 0x17}
)

// Fix rewrites capture as described in the package documentation. The
// result has one "\n"-terminated line per input line (or Options.Height
// lines), each ending with a reset "\x1b[0m" when it has any cells.
func Fix(capture string, opt Options) string {
	capture = strings.TrimSuffix(capture, "\n")
	var lines []string
	if capture != "" || opt.Height > 0 {
		lines = strings.Split(capture, "\n")
	}
	if opt.Height > 0 {
		if len(lines) > opt.Height {
			lines = lines[:opt.Height]
		}
		for len(lines) < opt.Height {
			lines = append(lines, "")
		}
	}
	f := fixer{opt: opt}
	var out strings.Builder
	for _, line := range lines {
		f.line(&out, line)
	}
	return out.String()
}

type fixer struct {
	opt   Options
	state State // carried from line to line, as tmux does
}

// line writes one input line, its padding and its newline.
func (f *fixer) line(out *strings.Builder, line string) {
	var (
		col     int
		emitted bool  // has this line written a state yet
		last    State // the state last written on this line
	)
	put := func(s State, text string, width int) {
		if !emitted || s != last {
			out.WriteString(f.sgr(s))
			last, emitted = s, true
		}
		out.WriteString(text)
		col += width
	}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == 0x1b:
			i = f.escape(line, i)
			continue
		case c == '\t':
			n := 8 - col%8
			if f.opt.Width > 0 {
				n = min(n, f.opt.Width-col)
			}
			if n > 0 {
				put(f.state, strings.Repeat(" ", n), n)
			}
			i++
			continue
		case c < 0x20 || c == 0x7f:
			i++ // CR and other controls
			continue
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		i += size
		if r >= 0x80 && r < 0xa0 {
			continue // C1 controls
		}
		w := runeWidth(r)
		if f.opt.Width > 0 && col+w > f.opt.Width {
			continue
		}
		put(f.state, string(r), w)
	}
	if f.opt.Width > col {
		pad := f.state
		pad.Underline, pad.Strikethrough = false, false
		if f.opt.PadDefault {
			pad.BG = Color{}
		}
		put(pad, strings.Repeat(" ", f.opt.Width-col), f.opt.Width-col)
	}
	if emitted {
		out.WriteString("\x1b[0m")
	}
	out.WriteByte('\n')
}

func runeWidth(r rune) int {
	if r == utf8.RuneError {
		return 1
	}
	return ansi.StringWidthWc(string(r))
}

// escape handles the escape sequence at line[i] and returns the index after
// it. SGR sequences update the state; everything else is dropped.
func (f *fixer) escape(line string, i int) int {
	n := len(line)
	if i+1 >= n {
		return n
	}
	switch line[i+1] {
	case '[': // CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e
		j := i + 2
		for j < n && line[j] >= 0x30 && line[j] <= 0x3f {
			j++
		}
		params := line[i+2 : j]
		for j < n && line[j] >= 0x20 && line[j] <= 0x2f {
			j++
		}
		if j >= n {
			return n
		}
		if line[j] == 'm' && j == i+2+len(params) &&
			(params == "" || params[0] < '<') {
			f.sgrParams(params)
		}
		return j + 1
	case ']', 'P', '_', '^', 'X': // strings, ended by BEL or ST (ESC \)
		for j := i + 2; j < n; j++ {
			if line[j] == 0x07 {
				return j + 1
			}
			if line[j] == 0x1b && j+1 < n && line[j+1] == '\\' {
				return j + 2
			}
		}
		return n
	default: // ESC, intermediates, final
		j := i + 1
		for j < n && line[j] >= 0x20 && line[j] <= 0x2f {
			j++
		}
		return min(j+1, n)
	}
}

// sgrParams applies the parameters of one SGR sequence to the state.
func (f *fixer) sgrParams(s string) {
	params := strings.Split(s, ";")
	num := func(k int) (int, bool) {
		if k >= len(params) {
			return 0, false
		}
		p, _, _ := strings.Cut(params[k], ":")
		return atoi(p)
	}
	st := &f.state
	for k := 0; k < len(params); k++ {
		sub := strings.Split(params[k], ":")
		v, ok := atoi(sub[0])
		if !ok {
			continue
		}
		switch {
		case v == 0:
			*st = State{}
		case v == 1:
			st.Bold = true
		case v == 2:
			st.Faint = true
		case v == 3:
			st.Italic = true
		case v == 4:
			on := true
			if len(sub) > 1 {
				style, _ := atoi(sub[1])
				on = style != 0
			}
			st.Underline = on
		case v == 7:
			st.Reverse = true
		case v == 9:
			st.Strikethrough = true
		case v == 21:
			st.Underline = true // double underline
		case v == 22:
			st.Bold, st.Faint = false, false
		case v == 23:
			st.Italic = false
		case v == 24:
			st.Underline = false
		case v == 27:
			st.Reverse = false
		case v == 29:
			st.Strikethrough = false
		case v >= 30 && v <= 37:
			st.FG = Color{Kind: Indexed, Index: uint8(v - 30)}
		case v >= 90 && v <= 97:
			st.FG = Color{Kind: Indexed, Index: uint8(v - 90 + 8)}
		case v == 39:
			st.FG = Color{}
		case v >= 40 && v <= 47:
			st.BG = Color{Kind: Indexed, Index: uint8(v - 40)}
		case v >= 100 && v <= 107:
			st.BG = Color{Kind: Indexed, Index: uint8(v - 100 + 8)}
		case v == 49:
			st.BG = Color{}
		case v == 38 || v == 48 || v == 58:
			var c Color
			var ok bool
			if len(sub) > 1 {
				c, ok = colonColor(sub[1:])
			} else {
				c, ok, k = semicolonColor(num, k)
			}
			if !ok || v == 58 { // 58 is the underline colour: not drawn
				continue
			}
			if v == 38 {
				st.FG = c
			} else {
				st.BG = c
			}
		}
	}
}

// colonColor reads the sub-parameters after 38/48 in the forms 5:n, 2:r:g:b
// and 2:colourspace:r:g:b.
func colonColor(sub []string) (Color, bool) {
	vals := make([]int, len(sub))
	for i, s := range sub {
		vals[i], _ = atoi(s)
	}
	switch {
	case vals[0] == 5 && len(vals) >= 2:
		return indexed(vals[1])
	case vals[0] == 2 && len(vals) >= 5:
		return rgb(vals[len(vals)-3], vals[len(vals)-2], vals[len(vals)-1])
	case vals[0] == 2 && len(vals) == 4:
		return rgb(vals[1], vals[2], vals[3])
	}
	return Color{}, false
}

// semicolonColor reads 38;5;n or 38;2;r;g;b starting at parameter k (the 38)
// and returns the index of the last parameter it used.
func semicolonColor(num func(int) (int, bool), k int) (Color, bool, int) {
	mode, ok := num(k + 1)
	if !ok {
		return Color{}, false, k
	}
	switch mode {
	case 5:
		n, ok := num(k + 2)
		if !ok {
			return Color{}, false, k + 2
		}
		c, ok := indexed(n)
		return c, ok, k + 2
	case 2:
		r, ok1 := num(k + 2)
		g, ok2 := num(k + 3)
		b, ok3 := num(k + 4)
		if !ok1 || !ok2 || !ok3 {
			return Color{}, false, k + 4
		}
		c, ok := rgb(r, g, b)
		return c, ok, k + 4
	}
	return Color{}, false, k + 1
}

func indexed(n int) (Color, bool) {
	if n < 0 || n > 255 {
		return Color{}, false
	}
	return Color{Kind: Indexed, Index: uint8(n)}, true
}

func rgb(r, g, b int) (Color, bool) {
	for _, v := range [3]int{r, g, b} {
		if v < 0 || v > 255 {
			return Color{}, false
		}
	}
	return Color{Kind: RGB, R: uint8(r), G: uint8(g), B: uint8(b)}, true
}

// atoi reads a parameter; an empty one is 0.
func atoi(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// sgr writes the state as one sequence that starts from a reset, with
// reverse video resolved and only codes freeze understands (plus bold and
// faint, which it ignores).
func (f *fixer) sgr(s State) string {
	fg, bg := s.FG, s.BG
	if s.Reverse {
		fg, bg = bg, fg
		if fg.Kind == Default {
			fg = f.opt.DefaultBG
		}
		if bg.Kind == Default {
			bg = f.opt.DefaultFG
		}
	}
	b := []byte("\x1b[0")
	for _, a := range [...]struct {
		on   bool
		code string
	}{
		{s.Bold, ";1"}, {s.Faint, ";2"}, {s.Italic, ";3"},
		{s.Underline, ";4"}, {s.Strikethrough, ";9"},
	} {
		if a.on {
			b = append(b, a.code...)
		}
	}
	b = appendColor(b, "38", fg)
	b = appendColor(b, "48", bg)
	return string(append(b, 'm'))
}

func appendColor(b []byte, code string, c Color) []byte {
	switch c.Kind {
	case Indexed:
		b = append(b, ';')
		b = append(b, code...)
		b = append(b, ";5;"...)
		b = strconv.AppendUint(b, uint64(c.Index), 10)
	case RGB:
		b = append(b, ';')
		b = append(b, code...)
		b = append(b, ";2;"...)
		b = strconv.AppendUint(b, uint64(c.R), 10)
		b = append(b, ';')
		b = strconv.AppendUint(b, uint64(c.G), 10)
		b = append(b, ';')
		b = strconv.AppendUint(b, uint64(c.B), 10)
	}
	return b
}
