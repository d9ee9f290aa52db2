package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText makes untrusted text safe to put on a terminal. It removes
// escape sequences (ESC- and C1-introduced: CSI, OSC, DCS, APC, PM, SOS and
// two-byte escapes) whole, every other C0 and C1 control except newline and
// tab, and bidi embedding, override and isolate controls; invalid UTF-8
// becomes U+FFFD. Carriage returns are dropped: sources normalise line ends
// before cleaning.
func CleanText(s string) string {
	if isClean(s, true) {
		return s
	}
	return clean(s, true)
}

// CleanLine is CleanText for one-line fields (titles, names): newlines,
// tabs and the Unicode line and paragraph separators become spaces, runs of
// them collapse to one, and white space at the ends is trimmed. The other
// Unicode spaces inside the line (no-break, thin, em...) are kept: they are
// printable, and a writer chose them (a no-break space before "%" or "»").
func CleanLine(s string) string {
	if isClean(s, false) {
		return s
	}
	return clean(s, false)
}

// isClean reports whether s needs no change, the common case that needs no
// copy: valid UTF-8 without controls or bidi overrides, and for one-line
// fields no tab, newline, doubled space or space at either end.
func isClean(s string, multiline bool) bool {
	if !multiline && spaceAtEnd(s) {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c < 0x7f:
				if !multiline && c == ' ' && i+1 < len(s) && s[i+1] == ' ' {
					return false
				}
			case multiline && (c == '\n' || c == '\t'):
			default:
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r <= 0x9f || isBidiControl(r) || !multiline && isLineSeparator(r) {
			return false
		}
		i += size
	}
	return true
}

func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// isSpace is unicode.IsSpace for the runes above ASCII.
func isSpace(r rune) bool {
	switch r {
	case 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isLineSeparator reports the Unicode line and paragraph separators and
// NEL, which break a line as a newline does.
func isLineSeparator(r rune) bool { return r == 0x2028 || r == 0x2029 || r == 0x85 }

// spaceAtEnd reports white space (ASCII or Unicode) at either end of s.
func spaceAtEnd(s string) bool {
	if s == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return first == ' ' || last == ' ' || first >= utf8.RuneSelf && isSpace(first) || last >= utf8.RuneSelf && isSpace(last)
}

// clean copies s without what CleanText (multiline) or CleanLine removes, in
// one pass.
func clean(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	// pending is a space held back until a non-space follows, so one-line
	// fields have single spaces and no space at either end.
	pending := false
	put := func(text string) {
		if pending {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			pending = false
		}
		b.WriteString(text)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			put("\ufffd")
			i++
			continue
		}
		switch {
		case r == 0x1b:
			i = skipEscape(s, i+1)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // C1 DCS, SOS, OSC, PM, APC
			i = skipString(s, i+size)
			continue
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case !multiline && (r == ' ' || r == '\n' || r == '\t' || isLineSeparator(r)):
			pending = true
		case !multiline && isSpace(r):
			// Kept inside the line, dropped at its start; the end is
			// trimmed below.
			if b.Len() > 0 {
				put(s[i : i+size])
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// Other controls carry no text.
		case isBidiControl(r):
			// Bidi overrides can make text read other than it is.
		default:
			put(s[i : i+size])
		}
		i += size
	}
	if multiline {
		return b.String()
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace)
}

// skipEscape returns the index just past the escape sequence whose ESC byte
// ends at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch c := s[i]; {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return skipString(s, i+1)
	case c >= 0x20 && c <= 0x2f: // intermediates, then one final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7e:
		return i + 1
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte. It stops
// early at anything else, which is then handled as ordinary text.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string up to its terminator (BEL, ESC \ or
// C1 ST). An unterminated string ends at the line's end, so a stray
// introducer cannot swallow the rest of an article.
func skipString(s string, i int) int {
	for j := i; j < len(s); j++ {
		switch s[j] {
		case 0x07:
			return j + 1
		case 0x1b:
			if j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
			return j
		case '\n':
			return j
		case 0xc2:
			if j+1 < len(s) && s[j+1] == 0x9c {
				return j + 2
			}
		}
	}
	return len(s)
}

// Unclean describes why s breaks the promise of CleanText (or CleanLine when
// multiline is false), or returns "" when it keeps it. Tests of every source
// use it.
func Unclean(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			if !multiline {
				return "a newline or tab in a one-line field"
			}
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("control character %U", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("bidi control %U", r)
		}
	}
	if !multiline && s != strings.TrimSpace(s) {
		return "space at an end of a one-line field"
	}
	return ""
}
