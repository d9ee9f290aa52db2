package model

import "testing"

func TestCleanText(t *testing.T) {
	tests := []struct{ in, text, line string }{
		{"plain", "plain", "plain"},
		{"a\nb\tc", "a\nb\tc", "a b c"},
		{"  spaced   out  ", "  spaced   out  ", "spaced out"},
		{"clear \x1b[2Jscreen", "clear screen", "clear screen"},
		{"osc52 \x1b]52;c;SGVsbG8=\x07done", "osc52 done", "osc52 done"},
		{"osc8 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "osc8 link", "osc8 link"},
		{"unterminated \x1b]0;title\nnext", "unterminated \nnext", "unterminated next"},
		{"c1 \u009b31mred", "c1 red", "c1 red"},
		{"c1 osc \u009d0;t\u009c!", "c1 osc !", "c1 osc !"},
		{"dcs \x1bPq#0\x1b\\x", "dcs x", "dcs x"},
		{"two-byte \x1bc reset", "two-byte  reset", "two-byte reset"},
		{"bell\x07 del\x7f nul\x00", "bell del nul", "bell del nul"},
		{"bidi \u202eevil\u202c", "bidi evil", "bidi evil"},
		{"isolate \u2066x\u2069", "isolate x", "isolate x"},
		{"bad \xff\xfe utf8", "bad \ufffd\ufffd utf8", "bad \ufffd\ufffd utf8"},
		{"cr\r\nlf", "cr\nlf", "cr lf"},
		{"ünïcødé ’", "ünïcødé ’", "ünïcødé ’"},
		// Unicode spaces are the writer's choice: kept inside a line,
		// trimmed at its ends; line separators break like newlines.
		{"10 %", "10 %", "10 %"},
		{"« Oui »", "« Oui »", "« Oui »"},
		{"a b c d e", "a b c d e", "a b c d e"},
		{"  lead and trail    ", "  lead and trail    ", "lead and trail"},
		{"a   b", "a   b", "a   b"},
		{"line sep paranel", "line sep para" + "nel", "line sep para nel"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.text {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := CleanLine(tt.in); got != tt.line {
			t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("a \x1b[2J b \x1b]52;c;x\x07 c \u202e d \xff")
	f.Add("\x1b")
	f.Add("\x1b]")
	f.Add("\u009b")
	f.Add("\u00a0 a \u2003\u2028b\u00a0 ")
	f.Add(" \u3000\u0085\u1680")
	f.Fuzz(func(t *testing.T, s string) {
		if msg := Unclean(CleanText(s), true); msg != "" {
			t.Fatalf("CleanText(%q): %s", s, msg)
		}
		if msg := Unclean(CleanLine(s), false); msg != "" {
			t.Fatalf("CleanLine(%q): %s", s, msg)
		}
		if c := CleanText(s); CleanText(c) != c {
			t.Fatalf("CleanText is not idempotent on %q", s)
		}
		if c := CleanLine(s); CleanLine(c) != c {
			t.Fatalf("CleanLine is not idempotent on %q", s)
		}
	})
}
