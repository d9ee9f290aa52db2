package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

var (
	red   = color.RGBA{0xff, 0, 0, 0xff}
	green = color.RGBA{0, 0xff, 0, 0xff}
	blue  = color.RGBA{0, 0, 0xff, 0xff}
	white = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// quadrants is a w×h picture in four flat colours: red, green on top,
// blue, white below.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = white
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// gradient is a w×h picture whose every pixel differs, so that a
// protocol that drops or moves pixels shows it.
func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), uint8((x + y) % 256), 0xff})
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// samePixels fails unless got and want have the same size and each
// channel of each pixel within tol.
func samePixels(t testing.TB, what string, got, want image.Image, tol int) {
	t.Helper()
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("%s: %v pixels, want %v", what, got.Bounds().Size(), want.Bounds().Size())
	}
	gb, wb := got.Bounds(), want.Bounds()
	bad := 0
	for y := range wb.Dy() {
		for x := range wb.Dx() {
			g := color.NRGBAModel.Convert(got.At(gb.Min.X+x, gb.Min.Y+y)).(color.NRGBA)
			w := color.NRGBAModel.Convert(want.At(wb.Min.X+x, wb.Min.Y+y)).(color.NRGBA)
			if far(g.R, w.R, tol) || far(g.G, w.G, tol) || far(g.B, w.B, tol) || far(g.A, w.A, tol) {
				if bad < 5 {
					t.Errorf("%s: pixel %d,%d is %v, want %v", what, x, y, g, w)
				}
				bad++
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%s: %d of %d pixels differ", what, bad, wb.Dx()*wb.Dy())
	}
}

func far(a, b uint8, tol int) bool {
	d := int(a) - int(b)
	return d > tol || -d > tol
}
