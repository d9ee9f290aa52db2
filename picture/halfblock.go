package picture

import (
	"image"
	"image/color"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// HalfBlockLines draws img two pixels a cell: ▀ with the upper pixel as
// foreground and the lower one as background, in true colour, or the
// 256-colour palette when trueColor is false. A transparent pixel is left
// to the terminal's background. Each line ends with its colours reset, so
// lines can be laid out and cut like text.
func HalfBlockLines(img image.Image, trueColor bool) []string {
	b := img.Bounds()
	rows := (b.Dy() + 1) / 2
	lines := make([]string, rows)
	var sb strings.Builder
	for r := range rows {
		sb.Reset()
		var last string
		for x := b.Min.X; x < b.Max.X; x++ {
			y := b.Min.Y + 2*r
			top := img.At(x, y)
			bottom := color.Color(color.Transparent)
			if y+1 < b.Max.Y {
				bottom = img.At(x, y+1)
			}
			style, glyph := halfBlock(top, bottom, trueColor)
			if style != last {
				sb.WriteString(style)
				last = style
			}
			sb.WriteString(glyph)
		}
		sb.WriteString("\x1b[m")
		lines[r] = sb.String()
	}
	return lines
}

// halfBlock is the SGR and glyph of a cell with top over bottom.
func halfBlock(top, bottom color.Color, trueColor bool) (string, string) {
	topOn, bottomOn := opaque(top), opaque(bottom)
	switch {
	case topOn && bottomOn:
		return "\x1b[0;" + colorParam(38, top, trueColor) + ";" + colorParam(48, bottom, trueColor) + "m", "▀"
	case topOn:
		return "\x1b[0;" + colorParam(38, top, trueColor) + "m", "▀"
	case bottomOn:
		return "\x1b[0;" + colorParam(38, bottom, trueColor) + "m", "▄"
	default:
		return "\x1b[0m", " "
	}
}

// opaque says whether a pixel is drawn: a pixel more than half
// transparent is left to the background.
func opaque(c color.Color) bool {
	_, _, _, a := c.RGBA()
	return a >= 0x8000
}

// colorParam is the SGR parameter setting the foreground (38) or
// background (48) to c.
func colorParam(which int, c color.Color, trueColor bool) string {
	w := strconv.Itoa(which)
	if !trueColor {
		return w + ";5;" + strconv.Itoa(int(ansi.Convert256(c)))
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return w + ";2;" + strconv.Itoa(int(n.R)) + ";" + strconv.Itoa(int(n.G)) + ";" + strconv.Itoa(int(n.B))
}
