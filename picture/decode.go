package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"mime"
	"net/http"
	"strings"

	// The formats a feed's pictures come in: the standard library's, and
	// WebP, which news sites now serve widely.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"

	"bulletin/model"
)

// MaxBytes bounds the bytes of one picture: a news photo is well under it,
// and anything over it is not worth the memory of a terminal preview.
const MaxBytes = 20 << 20

// MaxPixels bounds a picture's width × height. It is checked from the
// header alone, before decoding, so a small file claiming a huge size (a
// decompression bomb) never gets its pixels allocated: 40 megapixels take
// 160 MB as RGBA, the most a preview may cost.
const MaxPixels = 40_000_000

// decoding bounds the pictures decoded at once. A few bytes may claim up
// to MaxPixels, whose pixels a decoder allocates before it finds the data
// missing: 160 MB for one, so an article of ten such pictures decoded
// side by side would take 1.6 GB; two at a time take at most 320 MB.
var decoding = make(chan struct{}, 2)

// ErrTooLarge marks a picture over MaxBytes or MaxPixels.
var ErrTooLarge = errors.New("picture too large")

// ErrNotPicture marks bytes that are not a picture of a known format.
var ErrNotPicture = errors.New("not a picture")

// Error is a picture that could not be read: Name is its URL or file name,
// cleaned for the screen.
type Error struct {
	Name string
	Err  error
}

func (e *Error) Error() string { return "picture: " + e.Name + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func failed(name string, err error) error {
	return &Error{Name: model.CleanLine(name), Err: err}
}

// Decode decodes a PNG, JPEG, GIF (its first frame) or WebP picture named
// name (a URL or file name, used in errors). It reads the header first and
// refuses a picture over MaxPixels, or bytes over MaxBytes, before
// decoding anything.
func Decode(name string, data []byte) (image.Image, error) {
	if len(data) > MaxBytes {
		return nil, failed(name, fmt.Errorf("%w: %d MB (the limit is %d MB)", ErrTooLarge, len(data)>>20, MaxBytes>>20))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, failed(name, readError(format, data, err))
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, failed(name, err)
	}
	if format == "png" && tooShortPNG(data, cfg.Width, cfg.Height) {
		return nil, failed(name, errors.New("truncated PNG"))
	}
	decoding <- struct{}{}
	img, _, err := image.Decode(bytes.NewReader(data))
	<-decoding
	if err != nil {
		return nil, failed(name, readError(format, data, err))
	}
	// A decoder's frame may differ from its header's size (a GIF frame is
	// checked against the screen, but be sure): what was decoded is what
	// gets scaled, so check it too.
	if b := img.Bounds(); checkSize(b.Dx(), b.Dy()) != nil {
		return nil, failed(name, checkSize(b.Dx(), b.Dy()))
	}
	return img, nil
}

// deflateMaxRatio is the most deflate can compress: 258 bytes from one
// length/distance code of at least 2 bits, about 1032 to 1.
const deflateMaxRatio = 1032

// tooShortPNG says whether a PNG's bytes cannot hold the pixels its header
// claims, however well they compress. The decoder allocates the whole
// picture before it reads the pixels, so a 76-byte file claiming
// 6000×6000 (under MaxPixels) would otherwise cost 137 MB to find out.
func tooShortPNG(data []byte, w, h int) bool {
	// The IHDR chunk's bit depth and colour type, after the signature
	// (8), the chunk's length and type (8), and the width and height (8).
	if len(data) < 26 {
		return false
	}
	depth, channels := int(data[24]), map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[data[25]]
	if depth == 0 || channels == 0 {
		return false
	}
	raw := int64(h) * (1 + (int64(w)*int64(depth*channels)+7)/8)
	return int64(len(data)) < raw/deflateMaxRatio
}

// checkSize refuses an empty picture or one over MaxPixels.
func checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("empty picture: %d×%d", w, h)
	}
	if int64(w)*int64(h) > MaxPixels {
		return fmt.Errorf("%w: %d×%d (the limit is %d megapixels)", ErrTooLarge, w, h, MaxPixels/1_000_000)
	}
	return nil
}

// readError says in words why data could not be read: not a picture (with
// the type it looks like instead), a truncated file, or a broken one.
func readError(format string, data []byte, err error) error {
	if errors.Is(err, image.ErrFormat) {
		return fmt.Errorf("%w: %s", ErrNotPicture, sniff(data))
	}
	kind := strings.ToUpper(format)
	if kind == "" {
		kind = "picture"
	}
	if truncated(err) {
		return fmt.Errorf("truncated %s", kind)
	}
	return fmt.Errorf("broken %s: %s", kind, model.CleanLine(err.Error()))
}

// truncated says whether err is a decoder running out of bytes: the
// standard decoders say so with io.ErrUnexpectedEOF, or only in words
// (GIF formats it into its message; PNG and GIF, whose pixels are
// compressed, complain of missing pixel data).
func truncated(err error) bool {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "not enough pixel data") ||
		strings.Contains(msg, "not enough image data")
}

// sniff names what data looks like, for an error: "text/html", "empty".
func sniff(data []byte) string {
	if len(data) == 0 {
		return "empty"
	}
	mt, _, err := mime.ParseMediaType(http.DetectContentType(data))
	if err != nil {
		return "unknown data"
	}
	return mt
}
