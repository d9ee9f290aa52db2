// Package clipboard copies text to the clipboard of the terminal the reader
// runs in, with the OSC 52 escape sequence: it works over ssh and inside
// tmux, where no local clipboard program could reach the user's desktop.
package clipboard

import (
	"encoding/base64"
	"os"
	"strings"
	"unicode/utf8"
)

// MaxText caps the text put in one sequence. Terminals silently drop an
// OSC 52 payload past their own limit (often around 100 kB), and a copy
// that keeps most of a long article is more useful than none.
const MaxText = 100_000

// OSC52 returns the escape sequence that asks the terminal to put text in
// its clipboard, wrapped for tmux when $TMUX says the reader runs inside
// it. Text longer than MaxText bytes is cut, at a character boundary, to at
// most MaxText bytes; Truncated reports whether that happens.
func OSC52(text string) string {
	return Wrap(Sequence(text), os.Getenv("TMUX") != "")
}

// Truncated reports whether OSC52 cuts text.
func Truncated(text string) bool {
	return len(text) > MaxText
}

// Sequence returns the bare OSC 52 sequence for text ("c" is the clipboard
// selection, BEL ends it as most terminals accept), cut as OSC52 does.
func Sequence(text string) string {
	text = cut(text, MaxText)
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a"
}

// Wrap returns seq as it must be written for the terminal: as it is, or,
// inside tmux, in tmux's DCS passthrough, which hands it on to the outer
// terminal instead of tmux eating it. Every ESC within is doubled, as the
// passthrough requires. tmux 3.3 and later pass it on only with the
// allow-passthrough option set.
//
// Inside tmux the bare sequence comes first: tmux takes it itself when its
// set-clipboard option is on, and drops the passthrough unless
// allow-passthrough is; either setting is then enough.
func Wrap(seq string, tmux bool) string {
	if !tmux {
		return seq
	}
	return seq + "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

// cut returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
