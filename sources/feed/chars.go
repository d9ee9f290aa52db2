package feed

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// repairText undoes the two commonest ways a feed's text gets its
// characters wrong before it reaches us: UTF-8 that went through a
// Windows-1252 (or Latin-1) decoder once too often ("cafÃ©", "â€™"), and
// Windows-1252 text decoded as Latin-1, which leaves C1 controls where the
// curly quotes, dashes and € were (U+0092 for ’). It runs before
// model.CleanText, which still removes every control left.
func repairText(s string) string {
	// Double-encoded UTF-8 always holds a rune from U+00C2 to U+00F4
	// (bytes C3 82 to C3 B4), and C1 controls are C2 80 to C2 9F.
	if strings.IndexByte(s, 0xc3) < 0 && strings.IndexByte(s, 0xc2) < 0 {
		return s
	}
	if strings.IndexByte(s, 0xc3) >= 0 {
		s = repairDoubleUTF8(s)
	}
	if strings.IndexByte(s, 0xc2) >= 0 {
		s = mapC1(s)
	}
	return s
}

// mapC1 replaces each C1 control with the character Windows-1252 has at
// that byte; the five bytes Windows-1252 leaves undefined stay controls.
// Two of those, DCS and OSC, open control strings that C1 ST (0x9c) may
// close: inside one, ST stays, so that model.CleanText removes the string
// whole, as it would have without the mapping.
func mapC1(s string) string {
	inString := false
	return replaceRunes(s, func(_ int, r rune) (rune, int, bool) {
		switch {
		case r == 0x90 || r == 0x9d:
			inString = true
		case r == 0x07 || r == 0x1b || r == '\n' || r == 0x9c && inString:
			inString = false
			return 0, 0, false // kept as it is
		}
		if r < 0x80 || r > 0x9f {
			return 0, 0, false
		}
		c := charmap.Windows1252.DecodeByte(byte(r))
		if c == r || c == utf8.RuneError {
			return 0, 0, false
		}
		return c, utf8.RuneLen(r), true
	})
}

// repairDoubleUTF8 decodes again each run of characters that, written back
// as Windows-1252 (or Latin-1) bytes, is one valid multi-byte UTF-8
// character, where that reading is not in doubt (see plausibleRepair).
// Legitimate Latin text is left alone: "Ã" or "Â" followed by a letter is
// no UTF-8, and "CAFÉ”" would decode to an IPA letter glued to a word.
func repairDoubleUTF8(s string) string {
	prevEnd := -1 // where the last repaired character ended
	return replaceRunes(s, func(i int, r rune) (rune, int, bool) {
		if r < 0xc2 || r > 0xf4 {
			return 0, 0, false
		}
		n, c, ok := doubleEncodedAt(s, i)
		if !ok || !plausibleRepair(s, i, n, c, prevEnd == i) {
			return 0, 0, false
		}
		prevEnd = i + n
		return c, n, true
	})
}

// replaceRunes returns s with some of its characters replaced: at is asked
// at each rune of s, in order, whether the n bytes from i become the rune
// c. s itself comes back, unallocated, when nothing is replaced.
func replaceRunes(s string, at func(i int, r rune) (c rune, n int, ok bool)) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if c, n, ok := at(i, r); ok {
			if b.Cap() == 0 {
				b.Grow(len(s))
				b.WriteString(s[:i])
			}
			b.WriteRune(c)
			i += n
			continue
		}
		if b.Cap() > 0 {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if b.Cap() == 0 {
		return s
	}
	return b.String()
}

// doubleEncodedAt reads the runes at s[i:] as the bytes of one UTF-8
// character: a lead rune U+00C2 to U+00F4 and as many runes as it needs
// that stand for continuation bytes. It returns how many bytes of s they
// take and the character.
func doubleEncodedAt(s string, i int) (int, rune, bool) {
	lead, size := utf8.DecodeRuneInString(s[i:])
	if lead < 0xc2 || lead > 0xf4 {
		return 0, 0, false
	}
	var buf [utf8.UTFMax]byte
	buf[0] = byte(lead)
	need := 1
	switch {
	case lead >= 0xf0:
		need = 3
	case lead >= 0xe0:
		need = 2
	}
	j := i + size
	for k := 1; k <= need; k++ {
		r, n := utf8.DecodeRuneInString(s[j:])
		c, ok := cp1252Byte(r)
		if n == 0 || !ok || c < 0x80 || c > 0xbf {
			return 0, 0, false
		}
		buf[k] = c
		j += n
	}
	c, n := utf8.DecodeRune(buf[:need+1])
	if c == utf8.RuneError || n != need+1 {
		return 0, 0, false
	}
	return j - i, c, true
}

// cp1252Byte is the byte a rune came from when bytes were read as
// Windows-1252, or as Latin-1 for the bytes Windows-1252 leaves undefined.
func cp1252Byte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	return charmap.Windows1252.EncodeRune(r)
}

// plausibleRepair tells a double-encoded character from Latin text that
// happens to read as one. Latin-1 results (é from Ã©, £ from Â£),
// punctuation and symbols (’ from â€™), and characters beyond the BMP
// (emoji) are what double encoding makes and real text does not; a letter
// of another script is taken only as part of a run of them (Ð¿Ñ€Ð¸ for
// при) or standing apart from ASCII letters.
func plausibleRepair(s string, i, n int, c rune, afterRepair bool) bool {
	switch {
	case c >= 0x80 && c <= 0x9f:
		return false
	case c < 0x100:
		// Ã with a curly quote or dash after it is as likely a Portuguese
		// word in capitals closing a quote ("IRMÃ”") as a double-encoded
		// capital (Ô); a letter after it settles it ("Ã‰tat", "StraÃŸe").
		if second, _ := utf8.DecodeRuneInString(s[i+len("Ã"):]); second > 0xff {
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			return unicode.IsLetter(next)
		}
		return true
	case c >= 0x10000, c >= 0x2000 && c <= 0x2bff:
		return true
	case afterRepair:
		return true
	}
	if _, _, ok := doubleEncodedAt(s, i+n); ok {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+n:])
	return !isASCIILetter(prev) && !isASCIILetter(next)
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
