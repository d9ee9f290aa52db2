package picture

import (
	"os"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

func envOf(vars map[string]string) Env {
	return EnvFrom(func(k string) string { return vars[k] })
}

// detect decodes a terminal's replies to Query into the events Bubble Tea
// delivers, as it does, and observes them, as the reader does. done is
// true when the DA1 answer came, and came last.
func detect(reply []byte, env Env) (c Caps, done bool) {
	c.Env = env
	var dec uv.EventDecoder
	for len(reply) > 0 {
		n, ev := dec.Decode(reply)
		if n == 0 {
			break
		}
		reply = reply[n:]
		if c.Observe(ev) {
			done = len(reply) == 0
		}
	}
	return c, done
}

// detected is the caps detect finds in reply.
func detected(reply []byte, env Env) Caps {
	c, _ := detect(reply, env)
	return c
}

const (
	da1Sixel  = "\x1b[?62;4;22c"
	da1Plain  = "\x1b[?62;22c"
	kittyOK   = "\x1b_Gi=31;OK\x1b\\"
	cellReply = "\x1b[6;18;9t"
)

func TestDetectFromScriptedReplies(t *testing.T) {
	for _, c := range []struct {
		name  string
		reply string
		env   map[string]string
		want  Protocol
		cell  CellSize
	}{
		{"kitty", kittyOK + cellReply + "\x1bP>|kitty(0.36.4)\x1b\\" + da1Plain, nil, Kitty, CellSize{9, 18}},
		{"kitty before placeholders (0.28)", kittyOK + cellReply + "\x1bP>|kitty(0.26.5)\x1b\\" + da1Plain, nil, HalfBlocks, CellSize{9, 18}},
		{"kitty 0.28 draws placeholders", kittyOK + "\x1bP>|kitty(0.28.0)\x1b\\" + da1Plain, nil, Kitty, CellSize{}},
		{"a kitty whose version makes no sense", kittyOK + "\x1bP>|kitty(0.x)\x1b\\" + da1Plain, nil, Kitty, CellSize{}},
		{"sixel only", "\x1bP>|XTerm(390)\x1b\\" + da1Sixel, map[string]string{"TERM": "xterm-256color"}, Sixel, CellSize{}},
		{"nothing but DA1", da1Plain, map[string]string{"TERM": "xterm-256color"}, HalfBlocks, CellSize{}},
		{"no answer at all", "", nil, HalfBlocks, CellSize{}},
		{"iTerm2 by its name", "\x1bP>|iTerm2 3.5.4\x1b\\" + da1Plain, nil, ITerm2, CellSize{}},
		{"WezTerm answers kitty but draws no placeholders", kittyOK + "\x1bP>|WezTerm 20240203\x1b\\" + da1Sixel, map[string]string{"TERM_PROGRAM": "WezTerm"}, Sixel, CellSize{}},
		{"kitty behind tmux, by its environment", da1Plain, map[string]string{"TMUX": "tmux-socket,1,0", "KITTY_WINDOW_ID": "3"}, Kitty, CellSize{}},
		{"iTerm2 behind tmux is not used", da1Plain, map[string]string{"TMUX": "x", "TERM_PROGRAM": "tmux", "ITERM_SESSION_ID": "w0"}, HalfBlocks, CellSize{}},
		{"NO_COLOR", kittyOK + da1Sixel, map[string]string{"NO_COLOR": "1"}, Off, CellSize{}},
		{"a reply split by noise", "junk\x1b[?1;2" + "x\x1b[O" + kittyOK + da1Plain, nil, Kitty, CellSize{}},
	} {
		caps := detected([]byte(c.reply), envOf(c.env))
		if got := Choose(Auto, caps); got != c.want {
			t.Errorf("%s: chose %v, want %v (caps %+v)", c.name, got, c.want, caps)
		}
		if caps.Cell != c.cell {
			t.Errorf("%s: cell %v, want %v", c.name, caps.Cell, c.cell)
		}
	}
}

func TestDetectKeepsTheNameClean(t *testing.T) {
	caps := detected([]byte("\x1bP>|evil\x07\x9b2J term\x1b\\"+da1Plain), Env{})
	if strings.ContainsAny(caps.Name, "\x07\x1b") || !strings.Contains(caps.Name, "evil") {
		t.Errorf("name %q", caps.Name)
	}
}

func TestSettingOverridesDetection(t *testing.T) {
	kitty := detected([]byte(kittyOK+da1Sixel), Env{})
	for _, p := range []Protocol{Off, HalfBlocks, ITerm2, Sixel, Kitty} {
		if got := Choose(p, kitty); got != p {
			t.Errorf("images = %v chose %v", p, got)
		}
	}
	if got := Choose(HalfBlocks, detected(nil, envOf(map[string]string{"NO_COLOR": "1"}))); got != Off {
		t.Errorf("half-blocks under NO_COLOR: %v, want off", got)
	}
}

func TestQueryEndsWithDA1AndPassesKittyThroughTmux(t *testing.T) {
	if q := Query(false); !strings.HasSuffix(q, "\x1b[c") || !strings.HasPrefix(q, "\x1b_G") {
		t.Errorf("query %q", q)
	}
	if q := Query(true); !strings.HasPrefix(q, "\x1bPtmux;\x1b\x1b_G") {
		t.Errorf("tmux query %q", q)
	}
}

// TestObserveTakesEachAnswer checks that observing the answers as Bubble
// Tea delivers them finds each, and ends at the DA1 answer, the last.
func TestObserveTakesEachAnswer(t *testing.T) {
	for _, c := range []struct {
		reply string
		want  Caps
	}{
		{kittyOK + cellReply + "\x1bP>|kitty(0.36.4)\x1b\\" + da1Plain, Caps{Answered: true, Kitty: true, Name: "kitty(0.36.4)", Cell: CellSize{W: 9, H: 18}}},
		{"\x1bP>|XTerm(390)\x1b\\" + da1Sixel, Caps{Answered: true, Sixel: true, Name: "XTerm(390)"}},
		{da1Plain, Caps{Answered: true}},
	} {
		got, done := detect([]byte(c.reply), Env{})
		if !done || got != c.want {
			t.Errorf("%q: observed %+v (done %v), want %+v", c.reply, got, done, c.want)
		}
	}
}

func TestCellForPrefersTheAnswerThenTheWindowSize(t *testing.T) {
	window := cellOfWindow(900, 570, 100, 30)
	if window != (CellSize{W: 9, H: 19}) {
		t.Fatalf("a 900×570 window of 100×30 cells has %v cells, want 9×19", window)
	}
	for _, tt := range []struct {
		name string
		caps Caps
		want CellSize
	}{
		{"answered", Caps{Cell: CellSize{W: 8, H: 16}, Env: Env{Cell: window}}, CellSize{W: 8, H: 16}},
		{"window only", Caps{Env: Env{Cell: window}}, window},
		{"neither", Caps{}, CellSize{}},
	} {
		if got := tt.caps.CellFor(); got != tt.want {
			t.Errorf("%s: cell %v, want %v", tt.name, got, tt.want)
		}
	}
	// Terminals that leave the pixels out, or a size no cell has.
	for _, px := range [][4]int{{0, 0, 100, 30}, {900, 570, 0, 0}, {900000, 570, 1, 30}, {-5, 570, 100, 30}} {
		if c := cellOfWindow(px[0], px[1], px[2], px[3]); c != (CellSize{}) {
			t.Errorf("cellOfWindow%v = %v, want none", px, c)
		}
	}
}

func TestWindowCellOfAFileIsNone(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "not-a-terminal")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if c := WindowCell(f.Fd()); c != (CellSize{}) {
		t.Errorf("a file has cells of %v", c)
	}
}
