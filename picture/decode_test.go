package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/gif"
	"image/jpeg"
	"runtime"
	"strings"
	"testing"
	"time"

	"bulletin/internal/testwait"
)

func TestDecodeReadsEachFormat(t *testing.T) {
	img := quadrants(16, 8)
	var j, g bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	if err := gif.Encode(&g, img, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"a.png": encodePNG(t, img), "a.jpg": j.Bytes(), "a.gif": g.Bytes()} {
		got, err := Decode(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// JPEG blurs the edges between quadrants; their middles stay.
		samePixels(t, name, got.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(image.Rect(2, 1, 6, 3)), img.SubImage(image.Rect(2, 1, 6, 3)), 24)
	}
}

// pngHeader is a PNG's signature and IHDR chunk claiming w×h pixels of
// 8-bit RGBA, followed by a little zlib data: all a decoder needs to
// believe it must allocate w×h×4 bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk := func(kind string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})
	return b.Bytes()
}

// allocated is how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestDecodeRefusesABombBeforeDecoding(t *testing.T) {
	bomb := pngHeader(100000, 100000)
	var err error
	n := allocated(func() { _, err = Decode("https://example.net/bomb.png", bomb) })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	for _, want := range []string{"https://example.net/bomb.png", "picture too large: 100000×100000"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// Decoding would take 40 GB; refusing takes the header's bytes.
	if n > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", n)
	}
}

func TestDecodeRefusesBytesOverTheCap(t *testing.T) {
	_, err := Decode("big.png", make([]byte, MaxBytes+1))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "big.png") {
		t.Fatalf("error %v, want ErrTooLarge naming big.png", err)
	}
}

// webpHeader is a lossless WebP's header claiming w×h pixels.
func webpHeader(w, h int) []byte {
	bits := uint32(w-1) | uint32(h-1)<<14
	vp8l := []byte{0x2f, byte(bits), byte(bits >> 8), byte(bits >> 16), byte(bits >> 24), 0, 0, 0}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+len(vp8l)))
	b.WriteString("WEBPVP8L")
	binary.Write(&b, binary.LittleEndian, uint32(len(vp8l)))
	b.Write(vp8l)
	return b.Bytes()
}

func TestDecodeReadsWebPHeadersAndCapsThem(t *testing.T) {
	_, err := Decode("huge.webp", webpHeader(16384, 16384))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "16384×16384") {
		t.Fatalf("huge WebP: %v, want picture too large: 16384×16384", err)
	}
	// A small WebP header with no pixels after it is a broken WebP, not
	// an unknown format: the decoder is registered.
	_, err = Decode("cut.webp", webpHeader(4, 4))
	if err == nil || errors.Is(err, ErrNotPicture) || !strings.Contains(err.Error(), "WEBP") {
		t.Fatalf("cut WebP: %v, want an error about a WEBP", err)
	}
}

func TestDecodeSaysWhatIsWrong(t *testing.T) {
	whole := encodePNG(t, gradient(64, 48))
	var j, g bytes.Buffer
	jpeg.Encode(&j, gradient(64, 48), nil)
	gif.Encode(&g, gradient(64, 48), nil)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"https://example.net/page", []byte("<!DOCTYPE html><html><body>Moved</body></html>"), "not a picture: text/html"},
		{"empty.png", nil, "not a picture: empty"},
		{"half.png", whole[:len(whole)/2], "truncated PNG"},
		{"half.jpg", j.Bytes()[:j.Len()/2], "truncated JPEG"},
		{"half.gif", g.Bytes()[:g.Len()/2], "truncated GIF"},
		{"head.gif", g.Bytes()[:15], "truncated GIF"},
		{"zero.png", pngHeader(0, 10), "PNG"},
		{"evil\x1b]0;x\x07.png", []byte("plain text"), "not a picture: text/plain"},
	} {
		_, err := Decode(c.name, c.data)
		if err == nil {
			t.Errorf("%q decoded", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %q does not say %q", c.name, err, c.want)
		}
		if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%q: error %q carries an escape", c.name, err)
		}
	}
}

func TestDecodeOfATruncatedPictureTakesBoundedMemory(t *testing.T) {
	// 1000×1000 is 4 MB decoded: a truncated file must not cost more
	// than a few times that.
	whole := encodePNG(t, gradient(1000, 1000))
	cut := whole[:len(whole)/3]
	var err error
	n := allocated(func() { _, err = Decode("cut.png", cut) })
	if err == nil || !strings.Contains(err.Error(), "truncated PNG") {
		t.Fatalf("error %v, want truncated PNG", err)
	}
	if n > 16<<20 {
		t.Errorf("a truncated 1000×1000 PNG took %d MB", n>>20)
	}
	t.Logf("truncated 1000×1000 PNG: %.1f MB allocated", float64(n)/(1<<20))
}

func TestDecodesRunSideBySide(t *testing.T) {
	data := encodePNG(t, quadrants(64, 64))
	errs := make(chan error)
	for range 8 {
		go func() { _, err := Decode("a.png", data); errs <- err }()
	}
	for range 8 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(testwait.D(30 * time.Second)):
			t.Fatal("decodes side by side never finished")
		}
	}
}

func TestDecodeRefusesAPNGTooShortForItsPixelsWithoutAllocatingThem(t *testing.T) {
	// 6000×6000 is under the pixel cap, but 76 bytes cannot hold it.
	var err error
	n := allocated(func() { _, err = Decode("short.png", pngHeader(6000, 6000)) })
	if err == nil || !strings.Contains(err.Error(), "truncated PNG") {
		t.Fatalf("error %v, want truncated PNG", err)
	}
	if n > 1<<20 {
		t.Errorf("refusing it allocated %d MB", n>>20)
	}
	// A real picture of one flat colour compresses near the limit and
	// still decodes.
	flat := image.NewGray(image.Rect(0, 0, 3000, 3000))
	if _, err := Decode("flat.png", encodePNG(t, flat)); err != nil {
		t.Errorf("a flat 3000×3000 PNG: %v", err)
	}
}
