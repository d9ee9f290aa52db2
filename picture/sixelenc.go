package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/color/palette"
	"strconv"

	"github.com/charmbracelet/x/ansi/sixel"
)

// encodeSixel writes img's Sixel payload (what goes between DCS q and
// ST): raster attributes, palette, then six rows at a time. A picture of
// fewer than 255 colours keeps them exactly; a photo is dithered to the
// 216 web-safe colours, whose nearest colour is arithmetic rather than a
// search, so encoding costs a few milliseconds.
func encodeSixel(b *bytes.Buffer, img *image.RGBA) {
	idx, pal := quantize(img)
	w, h := idx.Bounds().Dx(), idx.Bounds().Dy()
	sixel.WriteRaster(b, 1, 1, w, h)
	for i, c := range pal {
		r, g, bl, _ := c.RGBA()
		b.WriteString("#" + strconv.Itoa(i) + ";2;" + percent(r) + ";" + percent(g) + ";" + percent(bl))
	}
	writeSixelBands(b, idx, len(pal))
}

// transparentIndex marks a pixel left undrawn in quantize's result.
const transparentIndex = 0xff

// quantize maps img to palette indices: its own colours when there are
// fewer than transparentIndex of them, else the web-safe palette.
func quantize(img *image.RGBA) (*image.Paletted, color.Palette) {
	if own, ok := ownColors(img); ok {
		return own, own.Palette
	}
	return webSafe(img), palette.WebSafe
}

// ownColors is img with its own palette, if it has fewer than
// transparentIndex drawn colours.
func ownColors(img *image.RGBA) (*image.Paletted, bool) {
	b := img.Bounds()
	out := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), nil)
	index := map[[3]uint8]uint8{}
	for y := range b.Dy() {
		for x := range b.Dx() {
			px := img.Pix[img.PixOffset(b.Min.X+x, b.Min.Y+y):]
			if px[3] < 0x80 {
				out.Pix[y*out.Stride+x] = transparentIndex
				continue
			}
			c := [3]uint8{px[0], px[1], px[2]}
			k, seen := index[c]
			if !seen {
				if len(out.Palette) == transparentIndex {
					return nil, false
				}
				k = uint8(len(out.Palette))
				index[c] = k
				out.Palette = append(out.Palette, color.RGBA{c[0], c[1], c[2], 0xff})
			}
			out.Pix[y*out.Stride+x] = k
		}
	}
	return out, true
}

// webSafe maps img to the web-safe palette (six levels a channel, index
// r*36 + g*6 + b) with Floyd–Steinberg dithering.
func webSafe(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewPaletted(image.Rect(0, 0, w, h), palette.WebSafe)
	// Errors carried to this row and the next, in sixteenths, with a
	// column of margin on each side.
	cur, next := make([]int, (w+2)*3), make([]int, (w+2)*3)
	for y := range h {
		for x := range w {
			px := img.Pix[img.PixOffset(b.Min.X+x, b.Min.Y+y):]
			if px[3] < 0x80 {
				out.Pix[y*out.Stride+x] = transparentIndex
				continue
			}
			k := 0
			for ch := range 3 {
				v := min(255, max(0, int(px[ch])+cur[(x+1)*3+ch]/16))
				q := (v + 25) / 51
				k = k*6 + q
				e := v - q*51
				cur[(x+2)*3+ch] += e * 7
				next[x*3+ch] += e * 3
				next[(x+1)*3+ch] += e * 5
				next[(x+2)*3+ch] += e
			}
			out.Pix[y*out.Stride+x] = uint8(k)
		}
		cur, next = next, cur
		clear(next)
	}
	return out
}

// percent is a 16-bit colour channel as Sixel's 0–100.
func percent(v uint32) string { return strconv.Itoa(int((v*100 + 0x7fff) / 0xffff)) }

// writeSixelBands writes the pixels six rows at a time: for each colour in
// the band, one character per column whose six bits are that colour's
// rows, and "$" to go back over the band for the next colour.
func writeSixelBands(b *bytes.Buffer, idx *image.Paletted, colors int) {
	w, h := idx.Bounds().Dx(), idx.Bounds().Dy()
	rows := make([][]byte, colors)
	inBand := make([]bool, colors)
	var used []int
	for y0 := 0; y0 < h; y0 += 6 {
		used = used[:0]
		for dy := 0; dy < 6 && y0+dy < h; dy++ {
			for x := range w {
				k := int(idx.ColorIndexAt(x, y0+dy))
				if k >= colors {
					continue
				}
				if !inBand[k] {
					inBand[k] = true
					used = append(used, k)
					if rows[k] == nil {
						rows[k] = make([]byte, w)
					}
				}
				rows[k][x] |= 1 << dy
			}
		}
		for i, k := range used {
			if i > 0 {
				b.WriteByte('$')
			}
			b.WriteString("#" + strconv.Itoa(k))
			writeRuns(b, rows[k])
			clear(rows[k])
			inBand[k] = false
		}
		b.WriteByte('-')
	}
}

// writeRuns writes one colour's row of sixels, a run of more than three
// of one character as "!count" and the character.
func writeRuns(b *bytes.Buffer, row []byte) {
	for i := 0; i < len(row); {
		j := i
		for j < len(row) && row[j] == row[i] {
			j++
		}
		ch := row[i] + '?'
		if n := j - i; n > 3 {
			b.WriteString("!" + strconv.Itoa(n))
			b.WriteByte(ch)
		} else {
			for range n {
				b.WriteByte(ch)
			}
		}
		i = j
	}
}
