package ansifix

import (
	"strings"
	"testing"
)

// esc lets the tables write ESC as "^[", the way cat -v shows it.
func esc(s string) string { return strings.ReplaceAll(s, "^[", "\x1b") }

func TestFix(t *testing.T) {
	defaults := Options{DefaultFG: FreezeFG, DefaultBG: FreezeBG}
	sized := func(w, h int) Options {
		o := defaults
		o.Width, o.Height = w, h
		return o
	}
	tests := []struct {
		name string
		opt  Options
		in   string
		want string
	}{
		// Plain text and line structure.
		{"plain line", defaults, "hello\n", "^[[0mhello^[[0m\n"},
		{"no final newline", defaults, "a\nb", "^[[0ma^[[0m\n^[[0mb^[[0m\n"},
		{"empty lines keep no codes", defaults, "a\n\nb\n", "^[[0ma^[[0m\n\n^[[0mb^[[0m\n"},
		{"empty capture", defaults, "", ""},

		// 16-colour codes become 256-colour indexes.
		{"fg 30-37", defaults, "^[[31mr^[[37mw\n", "^[[0;38;5;1mr^[[0;38;5;7mw^[[0m\n"},
		{"fg 90-97", defaults, "^[[90mk^[[97mw\n", "^[[0;38;5;8mk^[[0;38;5;15mw^[[0m\n"},
		{"bg 40-47", defaults, "^[[40mk^[[46mc\n", "^[[0;48;5;0mk^[[0;48;5;6mc^[[0m\n"},
		{"bg 100-107", defaults, "^[[100mk^[[107mw\n", "^[[0;48;5;8mk^[[0;48;5;15mw^[[0m\n"},

		// 256-colour and true colour pass through, in both notations.
		{"256 fg and bg", defaults, "^[[38;5;252;48;5;17mx\n", "^[[0;38;5;252;48;5;17mx^[[0m\n"},
		{"truecolour fg and bg", defaults, "^[[38;2;169;155;255m^[[48;2;38;38;38mx\n",
			"^[[0;38;2;169;155;255;48;2;38;38;38mx^[[0m\n"},
		{"colon forms", defaults, "^[[38:5:9mx^[[38:2::1:2:3my^[[48:2:4:5:6mz\n",
			"^[[0;38;5;9mx^[[0;38;2;1;2;3my^[[0;38;2;1;2;3;48;2;4;5;6mz^[[0m\n"},
		{"colour then attribute in one sequence", defaults, "^[[38;2;1;2;3;1mx\n", "^[[0;1;38;2;1;2;3mx^[[0m\n"},
		{"underline colour ignored", defaults, "^[[58;5;1;4mx\n", "^[[0;4mx^[[0m\n"},
		{"out of range colour ignored", defaults, "^[[31;38;5;300mx\n", "^[[0;38;5;1mx^[[0m\n"},

		// Resets.
		{"39 resets fg only", defaults, "^[[31;42ma^[[39mb\n", "^[[0;38;5;1;48;5;2ma^[[0;48;5;2mb^[[0m\n"},
		{"49 resets bg only", defaults, "^[[31;42ma^[[49mb\n", "^[[0;38;5;1;48;5;2ma^[[0;38;5;1mb^[[0m\n"},
		{"0 resets all", defaults, "^[[1;3;31;42ma^[[0mb\n", "^[[0;1;3;38;5;1;48;5;2ma^[[0mb^[[0m\n"},
		{"empty SGR resets all", defaults, "^[[4;31ma^[[mb\n", "^[[0;4;38;5;1ma^[[0mb^[[0m\n"},
		{"22 ends bold and faint", defaults, "^[[1;2;3ma^[[22mb\n", "^[[0;1;2;3ma^[[0;3mb^[[0m\n"},
		{"23 ends italic", defaults, "^[[1;3ma^[[23mb\n", "^[[0;1;3ma^[[0;1mb^[[0m\n"},
		{"24 ends underline", defaults, "^[[4;9ma^[[24mb\n", "^[[0;4;9ma^[[0;9mb^[[0m\n"},
		{"4:0 ends underline, 4:3 starts it", defaults, "^[[4:3ma^[[4:0mb\n", "^[[0;4ma^[[0mb^[[0m\n"},
		{"29 ends strikethrough", defaults, "^[[9;4ma^[[29mb\n", "^[[0;4;9ma^[[0;4mb^[[0m\n"},
		{"27 ends reverse", defaults, "^[[7;31;42ma^[[27mb\n", "^[[0;38;5;2;48;5;1ma^[[0;38;5;1;48;5;2mb^[[0m\n"},

		// Reverse video.
		{"reverse swaps colours", defaults, "^[[38;2;1;2;3;48;5;4;7mx\n", "^[[0;38;5;4;48;2;1;2;3mx^[[0m\n"},
		{"reverse of defaults uses the default colours", defaults, "^[[7mx\n",
			"^[[0;38;2;23;23;23;48;2;196;196;196mx^[[0m\n"},
		{"reverse with only fg set", defaults, "^[[31;7mx\n", "^[[0;38;2;23;23;23;48;5;1mx^[[0m\n"},
		{"reverse with Default defaults", Options{}, "^[[31;7mx\n", "^[[0;48;5;1mx^[[0m\n"},

		// The full state is written after every change, and only then.
		{"state accumulates", defaults, "^[[1ma^[[31mb^[[44mc\n",
			"^[[0;1ma^[[0;1;38;5;1mb^[[0;1;38;5;1;48;5;4mc^[[0m\n"},
		{"unchanged state not rewritten", defaults, "^[[31ma^[[31mb^[[1m^[[22mc\n", "^[[0;38;5;1mabc^[[0m\n"},
		{"codes without cells write nothing", defaults, "a^[[31m^[[0m\n", "^[[0ma^[[0m\n"},

		// tmux carries the state over the newline; freeze needs it again.
		{"state carried to the next line", defaults, "^[[31;48;5;4ma\nb\n^[[0mc\n",
			"^[[0;38;5;1;48;5;4ma^[[0m\n^[[0;38;5;1;48;5;4mb^[[0m\n^[[0mc^[[0m\n"},

		// Padding to a fixed size.
		{"pad to width", sized(5, 0), "ab\n", "^[[0mab   ^[[0m\n"},
		{"pad with the current background", sized(5, 0), "^[[48;2;38;38;38mab\n",
			"^[[0;48;2;38;38;38mab   ^[[0m\n"},
		{"padding drops underline and strikethrough", sized(4, 0), "^[[4;9;31;42mab\n",
			"^[[0;4;9;38;5;1;48;5;2mab^[[0;38;5;1;48;5;2m  ^[[0m\n"},
		{"padding keeps reverse video", sized(3, 0), "^[[7mab\n",
			"^[[0;38;2;23;23;23;48;2;196;196;196mab ^[[0m\n"},
		{"pad after a reset", sized(4, 0), "^[[41mab^[[49m\n", "^[[0;48;5;1mab^[[0m  ^[[0m\n"},
		{"pad height with the carried background", sized(2, 3), "^[[44ma\n",
			"^[[0;48;5;4ma ^[[0m\n^[[0;48;5;4m  ^[[0m\n^[[0;48;5;4m  ^[[0m\n"},
		{"pad empty capture", sized(2, 2), "", "^[[0m  ^[[0m\n^[[0m  ^[[0m\n"},
		{"cut to height", sized(1, 2), "a\nb\nc\n", "^[[0ma^[[0m\n^[[0mb^[[0m\n"},
		{"cut to width", sized(3, 0), "abcdef\n", "^[[0mabc^[[0m\n"},
		{"height only", sized(0, 2), "a\n", "^[[0ma^[[0m\n\n"},

		// Cell widths.
		{"wide rune counts two cells", sized(4, 0), "日a\n", "^[[0m日a ^[[0m\n"},
		{"wide rune that does not fit is dropped", sized(3, 0), "ab日\n", "^[[0mab ^[[0m\n"},
		{"narrow symbols count one cell", sized(4, 0), "›•┃\n", "^[[0m›•┃ ^[[0m\n"},

		// Everything else is dropped or expanded.
		{"other CSI dropped", defaults, "^[[2J^[[?25la^[[1;1Hb\n", "^[[0mab^[[0m\n"},
		{"private SGR-like sequence dropped", defaults, "^[[>4;1ma\n", "^[[0ma^[[0m\n"},
		{"OSC 8 link dropped", defaults, "^[]8;;http://x^[\\a^[]8;;\x07b\n", "^[[0mab^[[0m\n"},
		{"charset designation dropped", defaults, "^[(Ba\n", "^[[0ma^[[0m\n"},
		{"carriage returns dropped", defaults, "a\r\nb\r\n", "^[[0ma^[[0m\n^[[0mb^[[0m\n"},
		{"tab expanded", sized(10, 0), "ab\tc\n", "^[[0mab      c ^[[0m\n"},
		{"cut escape at end of line", defaults, "a^[[38;5\n", "^[[0ma^[[0m\n"},
		{"truncated colour", defaults, "^[[38;5ma^[[48;2;1;2mb\n", "^[[0mab^[[0m\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fix(esc(tt.in), tt.opt)
			if want := esc(tt.want); got != want {
				t.Errorf("Fix(%q)\n got  %q\n want %q", esc(tt.in), got, want)
			}
		})
	}
}

// A status bar as tmux captures it: the background runs to the last written
// cell, the trailing spaces are trimmed, and the next line starts with the
// codes that end it.
func TestFixStatusBar(t *testing.T) {
	in := esc("^[[38;2;138;138;138m^[[48;2;38;38;38m ^[[1m^[[38;2;221;221;221mTitle^[[0m^[[39m^[[48;2;38;38;38m  ^[[38;2;138;138;138m1%\n" +
		"^[[39m^[[49m ^[[38;2;138;138;138mq^[[39m quit\n")
	want := esc("^[[0;38;2;138;138;138;48;2;38;38;38m ^[[0;1;38;2;221;221;221;48;2;38;38;38mTitle" +
		"^[[0;48;2;38;38;38m  ^[[0;38;2;138;138;138;48;2;38;38;38m1%  ^[[0m\n" +
		"^[[0m ^[[0;38;2;138;138;138mq^[[0m quit     ^[[0m\n")
	if got := Fix(in, Options{Width: 12, DefaultFG: FreezeFG, DefaultBG: FreezeBG}); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestHex(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Color
		ok   bool
	}{
		{"#c4c4c4", Color{Kind: RGB, R: 0xc4, G: 0xc4, B: 0xc4}, true},
		{"171717", Color{Kind: RGB, R: 0x17, G: 0x17, B: 0x17}, true},
		{"#FFa000", Color{Kind: RGB, R: 0xff, G: 0xa0}, true},
		{"#fff", Color{}, false},
		{"#gggggg", Color{}, false},
		{"", Color{}, false},
	} {
		got, ok := Hex(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Hex(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPadDefaultLeavesTheBackgroundOut(t *testing.T) {
	// A half-block picture's line: tmux put the reset on the next line.
	capture := "\x1b[38;5;1m\x1b[48;5;2m▀▀\nok\x1b[39m\x1b[49m\n"
	carried := Fix(capture, Options{Width: 4})
	if !strings.HasPrefix(carried, "\x1b[0;38;5;1;48;5;2m▀▀  \x1b[0m\n") {
		t.Fatalf("without PadDefault the padding should carry the background: %q", carried)
	}
	got := Fix(capture, Options{Width: 4, PadDefault: true})
	first, _, _ := strings.Cut(got, "\n")
	if !strings.HasPrefix(first, "\x1b[0;38;5;1;48;5;2m▀▀\x1b[0;38;5;1m  ") {
		t.Errorf("the padding of %q has the picture's background: %q", capture, first)
	}
}
