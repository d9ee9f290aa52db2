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

// FuzzDetect reads terminal replies: any bytes give a choice, never a
// panic or a hang.
func FuzzDetect(f *testing.F) {
	f.Add([]byte(kittyOK + cellReply + "\x1bP>|kitty(0.26.5)\x1b\\" + da1Plain))
	f.Add([]byte(kittyOK + "\x1bP>|kitty(0.28.0)\x1b\\" + da1Plain))
	f.Add([]byte("\x1bP>|kitty(0.x)\x1b\\" + da1Sixel))
	f.Add([]byte("\x1bP>|kitty(99999999999999999999.1)\x1b\\"))
	f.Add([]byte("\x1bP>|kitty(\x1b\\" + da1Plain))
	f.Add([]byte("\x1bP>|XTerm(390)\x1b\\" + da1Sixel))
	f.Add([]byte("\x1b[6;0;-3t\x1b[?c"))
	f.Fuzz(func(t *testing.T, reply []byte) {
		caps := detected(reply, Env{})
		if p := Choose(Auto, caps); p == Auto {
			t.Errorf("Choose gave auto for %q", reply)
		}
		_ = caps.CellFor()
	})
}
