package picture

import (
	"bytes"
	"image/gif"
	"image/jpeg"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds arbitrary bytes through Decode and, when they decode,
// through every protocol: nothing may panic, and what reaches the view is
// the box's cells and no more.
func FuzzDecode(f *testing.F) {
	small := quadrants(6, 4)
	f.Add(encodePNG(f, small))
	var j, g bytes.Buffer
	jpeg.Encode(&j, small, nil)
	gif.Encode(&g, small, nil)
	f.Add(j.Bytes())
	f.Add(g.Bytes())
	whole := encodePNG(f, gradient(30, 20))
	f.Add(whole[:len(whole)/2])
	f.Add(pngHeader(100000, 100000))
	f.Add(pngHeader(3, 5))
	f.Add(pngHeader(6000, 6000))
	f.Add(pngHeader(0, 7))
	f.Add(webpHeader(16384, 16384))
	f.Add(webpHeader(3, 2))
	f.Add([]byte("<!DOCTYPE html><p>moved</p>"))
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Add([]byte{})
	box := Box{Cols: 12, Rows: 5}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode("fuzz.png", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "picture: fuzz.png: ") || !utf8.ValidString(err.Error()) {
				t.Fatalf("error %q", err)
			}
			return
		}
		for _, p := range []Protocol{HalfBlocks, Kitty, Sixel, ITerm2} {
			r := Render(img, Options{Protocol: p, Box: box, ID: 7})
			if len(r.Lines) > box.Rows || r.Layout.Cols > box.Cols {
				t.Fatalf("%v: %d lines of %d cells in a %v box", p, len(r.Lines), r.Layout.Cols, box)
			}
		}
	})
}
