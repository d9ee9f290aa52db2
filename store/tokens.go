package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The full-text index splits text with SQLite's unicode61 tokenizer: a word
// is a run of letters, digits and private-use characters, folded to lower
// case, with diacritics removed from Latin letters (a test holds the two
// together). tokenize follows it
// closely enough to highlight matches and to count words for "more like
// this"; where it differs, a word is merely not highlighted or not counted.

// isTokenRune reports a character that is part of a word.
func isTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	// Beyond the Basic Multilingual Plane, the tokenizer takes every
	// character as part of a word (emoji, for one).
	return r > 0xffff || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Mn, r)
}

// tokenize calls fn for each word of text with its folded form and its byte
// offsets.
func tokenize(text string, fn func(word string, start, end int)) {
	var buf []byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isTokenRune(r) {
			i += size
			continue
		}
		start := i
		buf = buf[:0]
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !isTokenRune(r) {
				break
			}
			buf = appendFolded(buf, r)
			i += size
		}
		if len(buf) > 0 {
			fn(string(buf), start, i)
		}
	}
}

// words returns the folded words of text.
func words(text string) []string {
	var out []string
	tokenize(text, func(w string, _, _ int) { out = append(out, w) })
	return out
}

// appendFolded appends r in lower case without diacritics.
func appendFolded(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if unicode.Is(unicode.Mn, r) {
		return dst // a combining mark: a diacritic
	}
	r = unicode.ToLower(r)
	if r < 0x250 || r >= 0x1e00 && r < 0x1f00 {
		// Latin: drop the diacritics.
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		d := norm.NFD.Bytes(buf[:n])
		if base, size := utf8.DecodeRune(d); size > 0 && base < 0x250 {
			return utf8.AppendRune(dst, base)
		}
	}
	return utf8.AppendRune(dst, r)
}

// ftsString quotes text as an FTS5 string: inside it, every character is
// literal, so user input can never be read as query syntax.
func ftsString(text string) string {
	return `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
}
