// Package xmlctl carries control characters through an XML parser.
//
// XML 1.0 forbids most C0 controls, raw or as character references, and Go's
// encoding/xml rejects a whole document for one of them. Feeds and OPML
// files from the web hold them all the same (terminal escapes in titles,
// stray bytes). Protect maps them to private-use characters the parser
// accepts, and Restore maps them back, so that the text can then be cleaned
// with model.CleanText or model.CleanLine, which remove escape sequences
// whole.
package xmlctl

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Protect keeps control characters through the XML parser, which
// rejects a whole document for one of them. data must be UTF-8. Raw C0 bytes (but tab, newline and
// carriage return) and character references to C0 controls (&#x1b;) become
// private-use characters that Restore turns back before cleaning,
// so that model.CleanText removes an escape sequence whole instead of
// leaving its tail; references to the other characters XML forbids are
// dropped.
func Protect(data []byte) []byte {
	if !needsProtection(data) {
		return data
	}
	out := make([]byte, 0, len(data)+64)
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			out = utf8.AppendRune(out, protectBase+rune(c))
			i++
		case c == '&' && i+1 < len(data) && data[i+1] == '#':
			if r, n, ok := charRef(data[i:]); ok && !legalXMLChar(r) {
				if r < 0x20 {
					out = utf8.AppendRune(out, protectBase+rune(r))
				}
				i += n
				continue
			}
			out = append(out, c)
			i++
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}

// protectBase is where Protect maps C0 controls: U+E000 to U+E01F,
// a corner of the private use area that no text uses.
const protectBase = 0xe000

func needsProtection(data []byte) bool {
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return bytes.Contains(data, []byte("&#"))
}

// Restore undoes Protect.
func Restore(s string) string {
	// U+E000 to U+E01F are EE 80 80 to EE 80 9F in UTF-8.
	if !strings.Contains(s, "\xee\x80") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= protectBase && r < protectBase+0x20 {
			return r - protectBase
		}
		return r
	}, s)
}

func legalXMLChar(r int64) bool {
	return r == 0x9 || r == 0xa || r == 0xd || r >= 0x20 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

// charRef reads the numeric character reference at the start of data: its
// code point and length.
func charRef(data []byte) (int64, int, bool) {
	i, hex := 2, false
	if i < len(data) && (data[i] == 'x' || data[i] == 'X') {
		i, hex = i+1, true
	}
	start := i
	var r int64
	for ; i < len(data) && i-start < 10; i++ {
		c := data[i]
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case hex && c >= 'a' && c <= 'f':
			d = int64(c-'a') + 10
		case hex && c >= 'A' && c <= 'F':
			d = int64(c-'A') + 10
		default:
			return r, i + 1, i > start && c == ';'
		}
		if hex {
			r = r*16 + d
		} else {
			r = r*10 + d
		}
	}
	return 0, 0, false
}
