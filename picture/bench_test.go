package picture

import (
	"testing"

	"golang.org/x/image/draw"
)

// BenchmarkRender scales a 1200×800 photo-like picture to 80×20 cells and
// encodes it, per protocol and scaler.
func BenchmarkRender(b *testing.B) {
	src := gradient(1200, 800)
	box := Box{Cols: 80, Rows: 20}
	for _, s := range []struct {
		name string
		s    draw.Interpolator
	}{{"CatmullRom", draw.CatmullRom}, {"BiLinear", draw.BiLinear}, {"ApproxBiLinear", draw.ApproxBiLinear}} {
		for _, p := range []Protocol{Kitty, Sixel, ITerm2, HalfBlocks} {
			b.Run(s.name+"/"+p.String(), func(b *testing.B) {
				old := Scaler
				Scaler = s.s
				defer func() { Scaler = old }()
				var n int
				for b.Loop() {
					r := Render(src, Options{Protocol: p, Box: box, ID: 1})
					n = len(r.Upload) + len(r.At(0, 0))
					for _, l := range r.Lines {
						n += len(l)
					}
				}
				b.ReportMetric(float64(n), "bytes")
			})
		}
	}
}

func BenchmarkDecodePNG(b *testing.B) {
	data := encodePNG(b, gradient(1200, 800))
	for b.Loop() {
		if _, err := Decode("b.png", data); err != nil {
			b.Fatal(err)
		}
	}
}
