package picture

import (
	"slices"
	"strconv"

	uv "github.com/charmbracelet/ultraviolet"
)

// Observe takes one answer to Query as Bubble Tea delivers it, for a
// program that sends Query with tea.Raw from Init rather than reading the
// terminal before Bubble Tea starts (which would race Bubble Tea for the
// terminal's input). Bubble Tea hands Update the Kitty, DA1 and cell size
// answers as the ultraviolet events taken here; convert its
// tea.TerminalVersionMsg with uv.TerminalVersionEvent(msg). done is true
// at the DA1 answer, the last: then c is complete and Choose can decide.
// Other messages are ignored.
func (c *Caps) Observe(msg any) (done bool) {
	switch e := msg.(type) {
	case uv.KittyGraphicsEvent:
		if strconv.Itoa(e.Options.ID) == kittyQueryID && string(e.Payload) == "OK" {
			c.Kitty = true
		}
	case uv.CellSizeEvent:
		if cell := (CellSize{W: e.Width, H: e.Height}); cell.plausible() {
			c.Cell = cell
		}
	case uv.TerminalVersionEvent:
		c.Name = cleanName(e.Name)
	case uv.PrimaryDeviceAttributesEvent:
		c.Answered = true
		c.Sixel = slices.Contains(e, 4)
		return true
	}
	return false
}
