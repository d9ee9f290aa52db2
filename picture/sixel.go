package picture

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"strconv"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/iterm2"
	"github.com/charmbracelet/x/ansi/sixel"
)

// SixelImage is the DCS sequence that draws img (already scaled) as Sixel
// at the cursor, in at most 256 colours. The second parameter is 1 so
// that transparent pixels stay the background rather than turning black.
func SixelImage(img image.Image) string {
	var payload bytes.Buffer
	// Writing to a bytes.Buffer cannot fail.
	_ = (&sixel.Encoder{}).Encode(&payload, img)
	return ansi.SixelGraphics(0, 1, 0, payload.Bytes())
}

// ITerm2Image is the OSC 1337 sequence that draws img (already scaled) as
// an inline PNG over l's cells at the cursor.
func ITerm2Image(img image.Image, l Layout) string {
	var raw bytes.Buffer
	_ = png.Encode(&raw, img)
	return ansi.ITerm2(iterm2.File{
		Name:    base64.StdEncoding.EncodeToString([]byte("picture.png")),
		Size:    int64(raw.Len()),
		Width:   strconv.Itoa(l.Cols),
		Height:  strconv.Itoa(l.Rows),
		Inline:  true,
		Content: []byte(base64.StdEncoding.EncodeToString(raw.Bytes())),
	})
}
