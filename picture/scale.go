package picture

import (
	"image"
	"math"

	"golang.org/x/image/draw"
)

// CellSize is a terminal cell's size in pixels; the zero value means
// unknown, and then a cell is taken to be twice as tall as wide.
type CellSize struct{ W, H int }

// defaultCell is the 1:2 cell assumed when the terminal does not say.
var defaultCell = CellSize{W: 10, H: 20}

func (c CellSize) orDefault() CellSize {
	if c.W <= 0 || c.H <= 0 {
		return defaultCell
	}
	return c
}

// Box is the room a picture may take on the screen, in cells: the text's
// width and at most half the window's height, for example.
type Box struct{ Cols, Rows int }

// BoxFor is the box for a picture in an article: the text's width, and
// half the window's height.
func BoxFor(textWidth, windowHeight int) Box {
	return Box{Cols: max(1, textWidth), Rows: max(1, windowHeight/2)}
}

// Layout is where a picture goes: the cells it takes, and the pixels it is
// scaled to for a graphics protocol.
type Layout struct {
	Cols, Rows int
	// W and H are the scaled picture's pixels.
	W, H int
}

// cellOfWindow is the cell size of a window of cols×rows cells that is
// w×h pixels; zero when the terminal left the pixels out (0, as under
// many multiplexers) or gave a size no cell has.
func cellOfWindow(w, h, cols, rows int) CellSize {
	if w <= 0 || h <= 0 || cols <= 0 || rows <= 0 {
		return CellSize{}
	}
	c := CellSize{W: w / cols, H: h / rows}
	if !c.plausible() {
		return CellSize{}
	}
	return c
}

// plausible: a cell size a terminal may have, not a garbled answer.
func (c CellSize) plausible() bool {
	return c.W > 0 && c.H > 0 && c.W < 1000 && c.H < 1000
}

// Fit places a w×h picture in box with the terminal's cell size, keeping
// its aspect ratio. A picture smaller than the box keeps its own size
// (enlarging only blurs it), but takes at least one cell.
func Fit(w, h int, box Box, cell CellSize) Layout {
	cell = cell.orDefault()
	if w <= 0 || h <= 0 || box.Cols <= 0 || box.Rows <= 0 {
		return Layout{}
	}
	s := math.Min(float64(box.Cols*cell.W)/float64(w), float64(box.Rows*cell.H)/float64(h))
	s = math.Min(s, 1)
	pw := max(1, int(math.Round(float64(w)*s)))
	ph := max(1, int(math.Round(float64(h)*s)))
	return Layout{
		Cols: min(box.Cols, ceilDiv(pw, cell.W)),
		Rows: min(box.Rows, ceilDiv(ph, cell.H)),
		W:    pw,
		H:    ph,
	}
}

// FitHalfBlocks places a w×h picture in box for half-blocks, where each
// cell shows two pixels, one above the other. The picture fills the width
// it can (half-blocks are coarse enough that a small picture is better
// enlarged) and keeps its aspect ratio with the cell size.
func FitHalfBlocks(w, h int, box Box, cell CellSize) Layout {
	cell = cell.orDefault()
	if w <= 0 || h <= 0 || box.Cols <= 0 || box.Rows <= 0 {
		return Layout{}
	}
	// In cell pixels, one half-block pixel is cell.W wide and cell.H/2 tall.
	s := math.Min(float64(box.Cols*cell.W)/float64(w), float64(box.Rows*cell.H)/float64(h))
	cols := max(1, min(box.Cols, int(math.Round(float64(w)*s/float64(cell.W)))))
	halves := max(1, min(2*box.Rows, int(math.Round(float64(h)*s*2/float64(cell.H)))))
	return Layout{Cols: cols, Rows: ceilDiv(halves, 2), W: cols, H: halves}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Scaler is the interpolation used to scale: CatmullRom is the sharpest,
// ApproxBiLinear the cheapest. The benchmarks measure both.
var Scaler draw.Interpolator = draw.CatmullRom

// Scale returns img scaled to w×h pixels as RGBA, with its origin at 0,0.
func Scale(img image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, max(1, w), max(1, h)))
	Scaler.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst
}
