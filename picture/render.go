package picture

import (
	"fmt"
	"image"
	"strings"

	"bulletin/model"
)

// Protocol is how pictures are drawn on a terminal.
type Protocol int

const (
	// Auto asks the terminal (see Detect and Choose); it is a setting,
	// never the protocol a picture is drawn with.
	Auto Protocol = iota
	// Off shows a line of alt text in place of each picture.
	Off
	// HalfBlocks draws two pixels a cell with ▀ and colours: any terminal
	// with colours.
	HalfBlocks
	// ITerm2 is the inline images of iTerm2 and WezTerm (OSC 1337).
	ITerm2
	// Sixel is DEC's bitmap graphics: xterm, foot, mlterm, WezTerm, tmux...
	Sixel
	// Kitty is the Kitty graphics protocol with Unicode placeholders:
	// kitty, Ghostty, WezTerm (partly).
	Kitty
)

var protocolNames = [...]string{"auto", "off", "halfblocks", "iterm2", "sixel", "kitty"}

func (p Protocol) String() string {
	if p < 0 || int(p) >= len(protocolNames) {
		return fmt.Sprintf("Protocol(%d)", int(p))
	}
	return protocolNames[p]
}

// ParseProtocol reads the images setting: "auto", "kitty", "sixel",
// "iterm2", "halfblocks" or "off" (any case; "" is auto).
func ParseProtocol(s string) (Protocol, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Auto, nil
	}
	for i, name := range protocolNames {
		if s == name {
			return Protocol(i), nil
		}
	}
	return Auto, fmt.Errorf("images = %q: want one of %s", model.CleanLine(s), strings.Join(protocolNames[:], ", "))
}

// Options say how to render one picture.
type Options struct {
	Protocol Protocol
	// Box is the room the picture may take, in cells.
	Box Box
	// Cell is the terminal's cell size in pixels, zero when unknown.
	Cell CellSize
	// ID is the Kitty image id, from 1 to MaxKittyID; IDFor makes one
	// from a URL. Every picture on the screen at once needs its own.
	ID uint32
	// Tmux wraps what must reach the outer terminal (the Kitty upload) in
	// tmux's passthrough.
	Tmux bool
	// Colors256 draws half-blocks with the 256-colour palette, for a
	// terminal without true colour.
	Colors256 bool
	// Alt is the picture's alt text or caption, for the Off protocol.
	Alt string
}

// Picture is a rendered picture, made to fit how Bubble Tea draws: the
// view holds only Lines, ordinary cells its renderer can diff, scroll and
// repaint; anything else is sent once, out of band, with tea.Raw.
type Picture struct {
	Protocol Protocol
	Layout   Layout
	// Lines are what the view shows, Layout.Rows lines of Layout.Cols
	// cells: Kitty placeholders, half-blocks, blanks that Sixel or
	// iTerm2 draw over, or the alt text line.
	Lines []string
	// Upload is sent once, before the first view that shows Lines: the
	// Kitty image and its virtual placement. Lines can then be repainted
	// and scrolled at no cost, in tmux too. "" for the other protocols.
	Upload string
	// image is the Sixel or iTerm2 sequence that At positions.
	image string
}

// Render scales img into o.Box and encodes it for o.Protocol. Auto is
// taken as HalfBlocks: choose the protocol first with Choose.
func Render(img image.Image, o Options) Picture {
	b := img.Bounds()
	switch o.Protocol {
	case Off:
		return Picture{Protocol: Off, Layout: Layout{Cols: 1, Rows: 1}, Lines: []string{AltLine(o.Alt)}}
	case Kitty:
		l := Fit(b.Dx(), b.Dy(), o.Box, o.Cell)
		scaled := Scale(img, l.W, l.H)
		return Picture{Protocol: Kitty, Layout: l, Upload: KittyUpload(scaled, o.ID, l, o.Tmux), Lines: KittyPlaceholders(o.ID, l)}
	case Sixel:
		l := Fit(b.Dx(), b.Dy(), o.Box, o.Cell)
		return Picture{Protocol: Sixel, Layout: l, Lines: blankLines(l), image: SixelImage(Scale(img, l.W, l.H))}
	case ITerm2:
		l := Fit(b.Dx(), b.Dy(), o.Box, o.Cell)
		return Picture{Protocol: ITerm2, Layout: l, Lines: blankLines(l), image: ITerm2Image(Scale(img, l.W, l.H), l)}
	default:
		l := FitHalfBlocks(b.Dx(), b.Dy(), o.Box, o.Cell)
		return Picture{Protocol: HalfBlocks, Layout: l, Lines: HalfBlockLines(Scale(img, l.W, l.H), !o.Colors256)}
	}
}

// At is the sequence that draws a Sixel or iTerm2 picture with its top
// left corner at row, col of the screen (from 0), and puts the cursor back
// where it was, so Bubble Tea's idea of the cursor still holds. It is
// sent with tea.Raw after the frame that shows the blank Lines (not in the
// same one: Bubble Tea writes raw output before the frame, and the blanks
// it paints would erase the picture), and again whenever the blanks are
// repainted (scrolling). "" for the other protocols, whose Lines are the
// picture.
func (p Picture) At(row, col int) string {
	if p.image == "" {
		return ""
	}
	return "\x1b7" + fmt.Sprintf("\x1b[%d;%dH", row+1, col+1) + p.image + "\x1b8"
}

// AltLine is the line shown in place of a picture: "[picture: alt]".
func AltLine(alt string) string {
	if alt = model.CleanLine(alt); alt == "" {
		return "[picture]"
	}
	return "[picture: " + alt + "]"
}

// FailedLine is the line shown for a picture that could not be shown: its
// alt text and the reason, in one line.
func FailedLine(alt string, err error) string {
	alt = model.CleanLine(alt)
	reason := model.CleanLine(err.Error())
	if alt == "" {
		return "[picture: " + reason + "]"
	}
	return "[picture: " + alt + " — " + reason + "]"
}

func blankLines(l Layout) []string {
	lines := make([]string, l.Rows)
	for i := range lines {
		lines[i] = strings.Repeat(" ", l.Cols)
	}
	return lines
}
