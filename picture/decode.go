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
	img, _, err := image.Decode(bytes.NewReader(data))
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
