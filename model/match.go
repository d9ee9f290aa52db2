package model

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Matcher is a search query (see ParseQuery) made ready to test texts in
// memory the way the full-text index would: every term must match, a
// phrase as words one after the other, a prefix as the start of a word,
// case and accents not mattering. A query without a word matches nothing.
//
// A text is folded into its words, each after a space and the last
// followed by one (" ministers meet "), and each term is a pattern in
// that: " meet " for a word, " ministers meet " for a phrase, " min" for
// a prefix. So a test is a few byte searches over one buffer, without a
// string a word: about a microsecond for a headline.
type Matcher struct {
	patterns [][]byte
	// query is the query as given, for those who answer it elsewhere.
	query string
}

// NewMatcher prepares query for Match.
func NewMatcher(query string) Matcher {
	m := Matcher{query: query}
	for _, t := range ParseQuery(CleanLine(query)) {
		ws := FoldedWords(strings.Join(t.Words, " "))
		if len(ws) == 0 {
			continue
		}
		p := " " + strings.Join(ws, " ")
		if !t.Prefix {
			p += " "
		}
		m.patterns = append(m.patterns, []byte(p))
	}
	return m
}

// Empty reports a query with no word to look for.
func (m Matcher) Empty() bool { return len(m.patterns) == 0 }

// Match reports whether text holds every term of the query.
func (m Matcher) Match(text string) bool {
	if len(m.patterns) == 0 {
		return false
	}
	var space [256]byte
	words := appendSpacedWords(space[:0], text)
	for _, p := range m.patterns {
		if !bytes.Contains(words, p) {
			return false
		}
	}
	return true
}

// appendSpacedWords appends the folded words of text, each after a space,
// and a space after the last.
func appendSpacedWords(dst []byte, text string) []byte {
	start := -1 // where the word being read starts, after its space
	for i := 0; i < len(text); {
		var folded byte // an ASCII character folded, 0 for none
		r, size := rune(text[i]), 1
		if r < utf8.RuneSelf {
			folded = asciiFold[r]
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		if folded == 0 && (r < utf8.RuneSelf || !IsWordRune(r)) {
			if start == len(dst) {
				dst = dst[:start-1] // only combining marks: no word
			}
			start = -1
			continue
		}
		if start < 0 {
			dst = append(dst, ' ')
			start = len(dst)
		}
		if folded != 0 {
			dst = append(dst, folded)
		} else {
			dst = AppendFolded(dst, r)
		}
	}
	if start == len(dst) {
		dst = dst[:start-1]
	}
	return append(dst, ' ')
}

// asciiFold is each ASCII letter and digit folded, 0 for the rest.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = c, c
	}
	return t
}()
