package picture

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// kittyQueryID is the image id of the detection query; the terminal's
// answer names it.
const kittyQueryID = "31"

// kittyQuery asks a Kitty terminal to check (a=q: nothing is stored or
// shown) a 1×1 RGB image; a terminal that knows the protocol answers OK,
// any other ignores the APC.
var kittyQuery = ansi.KittyGraphics([]byte("AAAA"), "i="+kittyQueryID, "s=1", "v=1", "a=q", "t=d", "f=24")

// Query is what to write to the terminal to learn what it can draw: the
// Kitty graphics query, the cell size in pixels (CSI 16 t), the
// terminal's name and version (XTVERSION), and last the primary device
// attributes (DA1), which every terminal answers, and answers after the
// others: its reply ends the wait. Under tmux the Kitty query is passed
// through to the outer terminal.
func Query(tmux bool) string {
	kq := kittyQuery
	if tmux {
		kq = Passthrough(kq)
	}
	return kq + "\x1b[16t" + ansi.RequestNameVersion + ansi.RequestPrimaryDeviceAttributes
}

// Caps is what the terminal said it can do.
type Caps struct {
	// Answered is true when the terminal answered DA1: a terminal that
	// answers nothing is treated as knowing nothing.
	Answered bool
	// Kitty is true when the terminal answered the Kitty graphics query
	// with OK, Sixel when its DA1 lists attribute 4.
	Kitty, Sixel bool
	// Name is the terminal's XTVERSION answer ("kitty(0.36.4)"), cleaned.
	Name string
	// Cell is the cell size in pixels it gave, zero when it gave none.
	Cell CellSize
	// Env is what the environment said.
	Env Env
}

// Env is what the environment tells of the terminal; EnvFrom reads it.
type Env struct {
	// Tmux: the program runs in tmux, whose passthrough reaches the
	// outer terminal.
	Tmux bool
	// KittyLike: the environment names kitty or Ghostty (KITTY_WINDOW_ID,
	// TERM=xterm-kitty or xterm-ghostty, TERM_PROGRAM=ghostty).
	KittyLike bool
	// ITerm2Like: the environment names iTerm2 or WezTerm.
	ITerm2Like bool
	// NoPlaceholders: a terminal that answers the Kitty query but does
	// not draw Unicode placeholders (WezTerm, Konsole).
	NoPlaceholders bool
	// NoColor: NO_COLOR is set to something.
	NoColor bool
	// TrueColor: COLORTERM says truecolor or 24bit.
	TrueColor bool
	// Cell is the cell size the terminal's window size gives (WindowCell),
	// zero when unknown.
	Cell CellSize
}

// EnvFrom reads Env with getenv (os.Getenv, or a test's map).
func EnvFrom(getenv func(string) string) Env {
	term, prog := getenv("TERM"), getenv("TERM_PROGRAM")
	wez := getenv("WEZTERM_EXECUTABLE") != "" || getenv("WEZTERM_PANE") != "" || prog == "WezTerm"
	ct := strings.ToLower(getenv("COLORTERM"))
	return Env{
		Tmux:           getenv("TMUX") != "" || prog == "tmux",
		KittyLike:      getenv("KITTY_WINDOW_ID") != "" || term == "xterm-kitty" || term == "xterm-ghostty" || prog == "ghostty",
		ITerm2Like:     prog == "iTerm.app" || getenv("ITERM_SESSION_ID") != "" || wez,
		NoPlaceholders: wez || getenv("KONSOLE_VERSION") != "",
		NoColor:        getenv("NO_COLOR") != "",
		TrueColor:      ct == "truecolor" || ct == "24bit",
	}
}

// CellFor is the cell size to draw pictures for: the terminal's answer to
// Query, else the one its window size gives, else zero (the default).
// Without it, a picture scaled for cells taller than the terminal's
// overflows its blank rows onto the line below: in xterm, whose default
// settings do not answer CSI 16 t, the caption under each Sixel.
func (c Caps) CellFor() CellSize {
	if c.Cell.plausible() {
		return c.Cell
	}
	return c.Env.Cell
}

// cleanName is a terminal's name made safe to show, as short as a name.
func cleanName(s string) string {
	s = model.CleanLine(s)
	if len(s) > 64 {
		s = strings.ToValidUTF8(s[:64], "")
	}
	return s
}

// kittyBeforePlaceholders: name is the XTVERSION answer of a kitty older
// than 0.28, the first to draw Unicode placeholders. Older ones answer the
// Kitty query all the same and then show the placeholders as they are: a
// box of coloured tofu (seen in kitty 0.26.5, Debian 12's).
func kittyBeforePlaceholders(name string) bool {
	v, ok := strings.CutPrefix(name, "kitty(")
	if !ok {
		return false
	}
	v, _, _ = strings.Cut(v, ")")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return err1 == nil && err2 == nil && major == 0 && minor < 28
}

// Choose decides how to draw pictures: the setting, unless it is Auto;
// then Kitty, Sixel, iTerm2 and half-blocks in that order, as far as the
// terminal said it can. NO_COLOR turns Auto and half-blocks (which are
// only colours) into alt text.
func Choose(setting Protocol, c Caps) Protocol {
	if setting != Auto {
		if setting == HalfBlocks && c.Env.NoColor {
			return Off
		}
		return setting
	}
	if c.Env.NoColor {
		return Off
	}
	name := strings.ToLower(c.Name)
	placeholders := !c.Env.NoPlaceholders && !strings.Contains(name, "wezterm") && !strings.Contains(name, "konsole") &&
		!kittyBeforePlaceholders(name)
	switch {
	// Under tmux the outer terminal's answer rarely comes back through
	// tmux, so the environment it left behind counts.
	case placeholders && (c.Kitty || (c.Env.Tmux && c.Env.KittyLike)):
		return Kitty
	case c.Sixel:
		return Sixel
	// iTerm2 images are drawn at the cursor of the outer terminal, which
	// under tmux is not where the pane thinks it is.
	case !c.Env.Tmux && (c.Env.ITerm2Like || strings.Contains(name, "iterm2") || strings.Contains(name, "wezterm")):
		return ITerm2
	}
	return HalfBlocks
}
