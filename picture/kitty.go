package picture

import (
	"bytes"
	"encoding/base64"
	"hash/fnv"
	"image"
	"image/png"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// MaxKittyID is the largest Kitty image id: placeholders carry the id in
// their 24-bit foreground colour.
const MaxKittyID = 1<<24 - 1

// maxPlaceholderCells bounds the rows and columns of a placeholder
// picture: each is named by one of the protocol's row/column diacritics.
var maxPlaceholderCells = len(diacriticsProbe())

func diacriticsProbe() []rune {
	var rs []rune
	for i := 0; ; i++ {
		r := kitty.Diacritic(i)
		if i > 0 && r == kitty.Diacritic(0) {
			return rs
		}
		rs = append(rs, r)
	}
}

// IDFor is a Kitty image id for a picture's URL: the same picture keeps
// its id, so it is uploaded once however often it is shown.
func IDFor(url string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(url))
	return h.Sum32()%MaxKittyID + 1
}

// SmallID is a Kitty image id under 256 for a picture's URL, for a
// terminal Bubble Tea draws in 256 colours: fewer ids, so two pictures on
// screen at once may need the caller to pick another.
func SmallID(url string) uint32 { return IDFor(url)%255 + 1 }

// KittyUpload is the sequence that sends img (already scaled) to a Kitty
// terminal as image id, quietly (q=2: the terminal answers nothing, which
// Bubble Tea would otherwise read as input), with a virtual placement
// (U=1) of l's cells, which the placeholders show. It is sent as PNG in
// chunks of 4096 bytes; under tmux each chunk goes through passthrough on
// its own.
func KittyUpload(img image.Image, id uint32, l Layout, tmux bool) string {
	o := kitty.Options{
		Action:           kitty.TransmitAndPut,
		Quiet:            2,
		ID:               int(id),
		Format:           kitty.PNG,
		VirtualPlacement: true,
		Columns:          l.Cols,
		Rows:             l.Rows,
	}
	payload := base64.StdEncoding.EncodeToString(fastPNG(img))
	var b strings.Builder
	for start := 0; start == 0 || start < len(payload); start += kitty.MaxChunkSize {
		end := min(len(payload), start+kitty.MaxChunkSize)
		var keys []string
		if start == 0 {
			keys = o.Options()
		} else {
			keys = []string{"q=2"}
		}
		if end < len(payload) {
			keys = append(keys, "m=1")
		} else if start > 0 {
			keys = append(keys, "m=0")
		}
		chunk := ansi.KittyGraphics([]byte(payload[start:end]), keys...)
		if tmux {
			chunk = Passthrough(chunk)
		}
		b.WriteString(chunk)
	}
	return b.String()
}

// fastPNG encodes img as PNG at the fastest compression: the default
// level took two thirds of the time of a Kitty picture, for bytes that
// mostly go down a local pipe.
func fastPNG(img image.Image) []byte {
	var b bytes.Buffer
	// Writing to a bytes.Buffer cannot fail.
	_ = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes()
}

// KittyDelete is the sequence that frees image id in the terminal, for
// when its article is closed.
func KittyDelete(id uint32, tmux bool) string {
	seq := ansi.KittyGraphics(nil, "a=d", "d=I", "i="+strconv.FormatUint(uint64(id), 10), "q=2")
	if tmux {
		return Passthrough(seq)
	}
	return seq
}

// KittyPlaceholders are the lines of cells that show image id's virtual
// placement: U+10EEEE in each cell, the id in the foreground colour, and
// the cell's row and column as combining diacritics. They are ordinary
// text, so they scroll, repaint and pass through tmux like any other.
//
// An id under 256 is written as a 256-colour index, the others in true
// colour. Bubble Tea converts colours to the terminal's profile, so where
// it did not find true colour, only ids under 256 reach the terminal
// intact (see SmallID).
func KittyPlaceholders(id uint32, l Layout) []string {
	rows, cols := min(l.Rows, maxPlaceholderCells), min(l.Cols, maxPlaceholderCells)
	fg := "\x1b[38;2;" + strconv.Itoa(int(id>>16&0xff)) + ";" + strconv.Itoa(int(id>>8&0xff)) + ";" + strconv.Itoa(int(id&0xff)) + "m"
	if id < 256 {
		fg = "\x1b[38;5;" + strconv.Itoa(int(id)) + "m"
	}
	lines := make([]string, rows)
	var b bytes.Buffer
	for r := range rows {
		b.Reset()
		b.WriteString(fg)
		for c := range cols {
			b.WriteRune(kitty.Placeholder)
			b.WriteRune(kitty.Diacritic(r))
			b.WriteRune(kitty.Diacritic(c))
		}
		b.WriteString("\x1b[39m")
		lines[r] = b.String()
	}
	return lines
}

// Passthrough wraps seq in tmux's passthrough, so that tmux hands it to
// the terminal it runs in (tmux needs "set -g allow-passthrough on").
func Passthrough(seq string) string { return ansi.TmuxPassthrough(seq) }
