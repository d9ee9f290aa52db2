package picture

import (
	"bytes"
	"image/jpeg"
	"strconv"
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

// BenchmarkFiveCachedPictures is what an article with five cached
// 1200×800 JPEG pictures costs after its text is shown: reading each from
// the disk cache, decoding, scaling and encoding it into 80×20 cells.
func BenchmarkFiveCachedPictures(b *testing.B) {
	var j bytes.Buffer
	if err := jpeg.Encode(&j, gradient(1200, 800), &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	c := NewCache(b.TempDir(), 100<<20)
	for i := range 5 {
		c.Put("https://example.net/"+strconv.Itoa(i)+".jpg", j.Bytes())
	}
	for _, p := range []Protocol{Kitty, Sixel, HalfBlocks} {
		b.Run(p.String(), func(b *testing.B) {
			for b.Loop() {
				for i := range 5 {
					data, ok := c.Get("https://example.net/" + strconv.Itoa(i) + ".jpg")
					if !ok {
						b.Fatal("not cached")
					}
					img, err := Decode("bench.jpg", data)
					if err != nil {
						b.Fatal(err)
					}
					Render(img, Options{Protocol: p, Box: Box{Cols: 80, Rows: 20}, ID: uint32(i + 1)})
				}
			}
		})
	}
}
