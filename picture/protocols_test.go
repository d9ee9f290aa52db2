package picture

import (
	"bytes"
	"encoding/base64"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
	"github.com/charmbracelet/x/ansi/sixel"
)

var update = flag.Bool("update", false, "write the half-block goldens in testdata")

// box80 is an 80×20 cell box with a known 8×16 cell.
var (
	box80  = Box{Cols: 80, Rows: 20}
	cell16 = CellSize{W: 8, H: 16}
)

// apcs are the bodies of the APC sequences in s, in order.
func apcs(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	for s != "" {
		i := strings.Index(s, "\x1b_")
		if i < 0 {
			break
		}
		end := strings.Index(s[i:], "\x1b\\")
		if end < 0 {
			t.Fatalf("unterminated APC in %q", s[i:min(len(s), i+40)])
		}
		out = append(out, s[i+2:i+end])
		s = s[i+end+2:]
	}
	return out
}

// unTmux undoes tmux's passthrough: the sequences the outer terminal gets.
func unTmux(t *testing.T, s string) string {
	t.Helper()
	var out strings.Builder
	for s != "" {
		rest, ok := strings.CutPrefix(s, "\x1bPtmux;")
		if !ok {
			t.Fatalf("outside passthrough: %q", s[:min(len(s), 40)])
		}
		// The wrapped data doubles every ESC, so the first single ESC \
		// ends it.
		i := 0
		for {
			if rest[i] == 0x1b && rest[i+1] == 0x1b {
				out.WriteByte(0x1b)
				i += 2
				continue
			}
			if rest[i] == 0x1b && rest[i+1] == '\\' {
				break
			}
			out.WriteByte(rest[i])
			i++
		}
		s = rest[i+2:]
	}
	return out.String()
}

// kittyImage decodes the chunks of a Kitty upload back to its options and
// picture.
func kittyImage(t *testing.T, upload string) (kitty.Options, image.Image) {
	t.Helper()
	chunks := apcs(t, upload)
	if len(chunks) == 0 {
		t.Fatal("no APC in the upload")
	}
	var opts kitty.Options
	var payload strings.Builder
	for i, c := range chunks {
		keys, data, _ := strings.Cut(strings.TrimPrefix(c, "G"), ";")
		if i == 0 {
			if err := opts.UnmarshalText([]byte(keys)); err != nil {
				t.Fatal(err)
			}
		}
		more := strings.Contains(keys, "m=1")
		if more != (i < len(chunks)-1) {
			t.Fatalf("chunk %d of %d says m=%v", i+1, len(chunks), more)
		}
		if len(data) > kitty.MaxChunkSize {
			t.Fatalf("chunk %d carries %d bytes", i+1, len(data))
		}
		payload.WriteString(data)
	}
	raw, err := base64.StdEncoding.DecodeString(payload.String())
	if err != nil {
		t.Fatal(err)
	}
	img, err := (&kitty.Decoder{Format: opts.Format}).Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return opts, img
}

func TestKittyUploadCarriesTheScaledPicture(t *testing.T) {
	src := gradient(600, 400)
	for _, tmux := range []bool{false, true} {
		p := Render(src, Options{Protocol: Kitty, Box: box80, Cell: cell16, ID: 4242, Tmux: tmux})
		upload := p.Upload
		if tmux {
			upload = unTmux(t, upload)
		}
		opts, got := kittyImage(t, upload)
		if opts.ID != 4242 || opts.Action != kitty.TransmitAndPut || !opts.VirtualPlacement || opts.Quiet != 2 {
			t.Errorf("tmux %v: options %s, want a=T,U=1,q=2,i=4242", tmux, opts)
		}
		if opts.Columns != p.Layout.Cols || opts.Rows != p.Layout.Rows {
			t.Errorf("tmux %v: placement %d×%d cells, layout %d×%d", tmux, opts.Columns, opts.Rows, p.Layout.Cols, p.Layout.Rows)
		}
		// 600×400 in 80×20 cells of 8×16: 320 rows of pixels limit it.
		if p.Layout != (Layout{Cols: 60, Rows: 20, W: 480, H: 320}) {
			t.Errorf("layout %+v", p.Layout)
		}
		samePixels(t, "kitty", got, Scale(src, p.Layout.W, p.Layout.H), 0)
	}
}

func TestKittyPlaceholdersNameEachCell(t *testing.T) {
	l := Layout{Cols: 3, Rows: 2}
	lines := KittyPlaceholders(0x0a0b0c, l)
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	for r, line := range lines {
		if !strings.HasPrefix(line, "\x1b[38;2;10;11;12m") {
			t.Errorf("line %d does not carry the id in its colour: %q", r, line)
		}
		if w := ansi.StringWidth(line); w != 3 {
			t.Errorf("line %d is %d cells wide, want 3", r, w)
		}
		cells := []rune(ansi.Strip(line))
		for c := range 3 {
			cell := cells[3*c : 3*c+3]
			if cell[0] != kitty.Placeholder || cell[1] != kitty.Diacritic(r) || cell[2] != kitty.Diacritic(c) {
				t.Errorf("cell %d,%d is %q", r, c, string(cell))
			}
		}
	}
}

func TestSixelDecodesToTheScaledPicture(t *testing.T) {
	// Flat colours: Sixel's palette is in percent, so colours come back
	// within 255/100 of what went in.
	src := quadrants(300, 200)
	p := Render(src, Options{Protocol: Sixel, Box: Box{Cols: 20, Rows: 6}, Cell: cell16})
	seq := p.At(4, 2)
	body, ok := strings.CutPrefix(seq, "\x1b7\x1b[5;3H\x1bP0;1q")
	if !ok {
		t.Fatalf("sequence does not save the cursor, go to row 5 column 3 and start a sixel: %q", seq[:min(len(seq), 30)])
	}
	body, ok = strings.CutSuffix(body, "\x1b\\\x1b8")
	if !ok {
		t.Fatal("sequence does not end the sixel and restore the cursor")
	}
	got, err := (&sixel.Decoder{}).Decode(strings.NewReader(expandRuns(body)))
	if err != nil {
		t.Fatal(err)
	}
	want := Scale(src, p.Layout.W, p.Layout.H)
	samePixels(t, "sixel", got, want, 3)
	if len(p.Lines) != p.Layout.Rows || ansi.StringWidth(p.Lines[0]) != p.Layout.Cols {
		t.Errorf("view lines %q do not reserve %d×%d cells", p.Lines, p.Layout.Cols, p.Layout.Rows)
	}
}

// sixelPixels decodes a SixelImage sequence back to pixels.
func sixelPixels(t *testing.T, seq string) image.Image {
	t.Helper()
	body, ok := strings.CutPrefix(seq, "\x1bP0;1q")
	if !ok {
		t.Fatalf("not a sixel: %q", seq[:min(len(seq), 20)])
	}
	body, ok = strings.CutSuffix(body, "\x1b\\")
	if !ok {
		t.Fatal("the sixel does not end with ST")
	}
	img, err := (&sixel.Decoder{}).Decode(strings.NewReader(expandRuns(body)))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestSixelDithersAPhotoToItsColours(t *testing.T) {
	// Over 255 colours: dithered to the web-safe palette, whose steps
	// are 51 apart; averaged over 4×4 blocks the colours come back.
	src := gradient(96, 48)
	got := sixelPixels(t, SixelImage(src))
	samePixels(t, "sixel photo, 4×4 averages", blockAverages(got, 4), blockAverages(src, 4), 12)
}

// blockAverages is img shrunk n times by averaging n×n blocks.
func blockAverages(img image.Image, n int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/n, b.Dy()/n))
	for by := range b.Dy() / n {
		for bx := range b.Dx() / n {
			var sr, sg, sb, sa uint32
			for y := range n {
				for x := range n {
					r, g, bl, a := img.At(b.Min.X+bx*n+x, b.Min.Y+by*n+y).RGBA()
					sr, sg, sb, sa = sr+r>>8, sg+g>>8, sb+bl>>8, sa+a>>8
				}
			}
			d := uint32(n * n)
			out.Set(bx, by, color.RGBA{uint8(sr / d), uint8(sg / d), uint8(sb / d), uint8(sa / d)})
		}
	}
	return out
}

var runRe = regexp.MustCompile(`!([0-9]+)([?-~])`)

// expandRuns writes out Sixel's runs ("!12~") in full. x/ansi's decoder
// (v0.11.9) reads the characters after a run's one into the run, and so
// drops the pixels that follow each run; terminals do not.
func expandRuns(s string) string {
	return runRe.ReplaceAllStringFunc(s, func(m string) string {
		sm := runRe.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sm[1])
		return strings.Repeat(sm[2], n)
	})
}

var iterm2Re = regexp.MustCompile(`^\x1b\]1337;File=(.*):([A-Za-z0-9+/=]+)\x07$`)

func TestITerm2CarriesThePNGOfTheScaledPicture(t *testing.T) {
	src := gradient(640, 480)
	p := Render(src, Options{Protocol: ITerm2, Box: Box{Cols: 40, Rows: 12}, Cell: cell16})
	seq := strings.TrimSuffix(strings.TrimPrefix(p.At(0, 0), "\x1b7\x1b[1;1H"), "\x1b8")
	m := iterm2Re.FindStringSubmatch(seq)
	if m == nil {
		t.Fatalf("not an OSC 1337 File: %q", seq[:min(len(seq), 60)])
	}
	args := map[string]string{}
	for kv := range strings.SplitSeq(m[1], ";") {
		k, v, _ := strings.Cut(kv, "=")
		args[k] = v
	}
	if args["inline"] != "1" || args["width"] != strconv.Itoa(p.Layout.Cols) || args["height"] != strconv.Itoa(p.Layout.Rows) {
		t.Errorf("arguments %v, want inline=1 width=%d height=%d", args, p.Layout.Cols, p.Layout.Rows)
	}
	raw, err := base64.StdEncoding.DecodeString(m[2])
	if err != nil {
		t.Fatal(err)
	}
	if args["size"] != strconv.Itoa(len(raw)) {
		t.Errorf("size=%s, payload %d bytes", args["size"], len(raw))
	}
	got, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, "iterm2", got, Scale(src, p.Layout.W, p.Layout.H), 0)
}

func TestHalfBlocksGolden(t *testing.T) {
	// A 24×12 picture with a transparent hole, drawn 24 cells wide.
	src := quadrants(24, 12)
	for y := 4; y < 7; y++ {
		for x := 9; x < 15; x++ {
			src.Set(x, y, image.Transparent)
		}
	}
	for _, c := range []struct {
		file      string
		colors256 bool
	}{{"halfblocks.golden", false}, {"halfblocks-256.golden", true}} {
		p := Render(src, Options{Protocol: HalfBlocks, Box: Box{Cols: 24, Rows: 20}, Colors256: c.colors256})
		if p.Layout.Cols != 24 || p.Layout.Rows != 6 {
			t.Errorf("%s: %d×%d cells, want 24×6", c.file, p.Layout.Cols, p.Layout.Rows)
		}
		got := strings.Join(p.Lines, "\n") + "\n"
		path := filepath.Join("testdata", c.file)
		if *update {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update, then look at it: cat %s)", err, path)
		}
		if got != string(want) {
			t.Errorf("%s differs; run go test -update and look at it with cat:\n%s", c.file, got)
		}
	}
}

func TestHalfBlocksShowTheUpperAndLowerPixel(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 1, 2))
	img.SetRGBA(0, 0, red)
	img.SetRGBA(0, 1, blue)
	lines := HalfBlockLines(img, true)
	if want := "\x1b[0;38;2;255;0;0;48;2;0;0;255m▀\x1b[m"; len(lines) != 1 || lines[0] != want {
		t.Errorf("got %q, want %q", lines, want)
	}
	if got := HalfBlockLines(img, false)[0]; got != "\x1b[0;38;5;196;48;5;21m▀\x1b[m" {
		t.Errorf("256 colours: %q", got)
	}
}

func TestOffShowsTheAltText(t *testing.T) {
	p := Render(quadrants(4, 4), Options{Protocol: Off, Alt: "A heron\x1b[2J on the\nriver"})
	if len(p.Lines) != 1 || p.Lines[0] != "[picture: A heron on the river]" {
		t.Errorf("got %q", p.Lines)
	}
	if p.Upload != "" || p.At(0, 0) != "" {
		t.Error("alt text sends escapes")
	}
}

func TestFitKeepsTheAspectRatio(t *testing.T) {
	for _, c := range []struct {
		w, h int
		box  Box
		cell CellSize
		want Layout
	}{
		// Unknown cells are 1:2: a square picture is twice as many
		// columns as rows.
		{1000, 1000, Box{80, 20}, CellSize{}, Layout{Cols: 40, Rows: 20, W: 400, H: 400}},
		// A small picture keeps its size.
		{40, 30, Box{80, 20}, CellSize{10, 20}, Layout{Cols: 4, Rows: 2, W: 40, H: 30}},
		// A wide one is bounded by the width.
		{3000, 500, Box{80, 40}, CellSize{10, 20}, Layout{Cols: 80, Rows: 7, W: 800, H: 133}},
	} {
		if got := Fit(c.w, c.h, c.box, c.cell); got != c.want {
			t.Errorf("Fit(%d×%d, %v, %v) = %+v, want %+v", c.w, c.h, c.box, c.cell, got, c.want)
		}
	}
	if got := FitHalfBlocks(1000, 1000, Box{80, 20}, CellSize{}); got != (Layout{Cols: 40, Rows: 20, W: 40, H: 40}) {
		t.Errorf("half-blocks of a square: %+v", got)
	}
}

func TestParseProtocol(t *testing.T) {
	for s, want := range map[string]Protocol{"": Auto, "auto": Auto, "Kitty": Kitty, "sixel": Sixel, "iterm2": ITerm2, "halfblocks": HalfBlocks, " off ": Off} {
		if got, err := ParseProtocol(s); err != nil || got != want {
			t.Errorf("ParseProtocol(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseProtocol("ascii"); err == nil || !strings.Contains(err.Error(), "kitty") {
		t.Errorf("ParseProtocol(ascii): %v, want an error listing the choices", err)
	}
}

func TestFailedLineGivesTheAltTextAndTheReason(t *testing.T) {
	_, err := Decode("https://example.net/h.png", []byte("<html>gone</html>"))
	got := FailedLine("A heron\non the river", err)
	if strings.Contains(got, "\n") || !strings.HasPrefix(got, "[picture: A heron on the river — ") || !strings.Contains(got, "not a picture: text/html") {
		t.Errorf("got %q", got)
	}
	if got := FailedLine("", err); !strings.HasPrefix(got, "[picture: picture: https://example.net/h.png") {
		t.Errorf("no alt text: %q", got)
	}
}

func TestSixelLeavesTransparentPixelsUndrawn(t *testing.T) {
	src := quadrants(12, 12)
	for y := range 6 {
		for x := range 6 {
			src.Set(x, y, color.Transparent)
		}
	}
	got := sixelPixels(t, SixelImage(src))
	if _, _, _, a := got.At(2, 2).RGBA(); a != 0 {
		t.Errorf("a transparent pixel was drawn: %v", got.At(2, 2))
	}
	samePixels(t, "opaque quarter", got.(*image.RGBA).SubImage(image.Rect(6, 6, 12, 12)), src.SubImage(image.Rect(6, 6, 12, 12)), 3)
}

func TestBoxForIsTheTextWidthAndHalfTheWindow(t *testing.T) {
	if got := BoxFor(72, 41); got != (Box{Cols: 72, Rows: 20}) {
		t.Errorf("BoxFor(72, 41) = %v", got)
	}
	if got := BoxFor(0, 1); got != (Box{Cols: 1, Rows: 1}) {
		t.Errorf("a tiny window: %v", got)
	}
}
