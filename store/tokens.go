package store

import (
	"strings"

	"bulletin/model"
)

// The full-text index splits text with SQLite's unicode61 tokenizer: a word
// is a run of letters, digits and private-use characters, folded to lower
// case, with diacritics removed from Latin letters (a test holds the two
// together). tokenize follows it
// closely enough to highlight matches and to count words for "more like
// this"; where it differs, a word is merely not highlighted or not counted.

// tokenize calls fn for each word of text with its folded form and its byte
// offsets; the folding is model's, which filters and saved searches match
// with in memory.
func tokenize(text string, fn func(word string, start, end int)) { model.EachWord(text, fn) }

// words returns the folded words of text.
func words(text string) []string { return model.FoldedWords(text) }

// ftsString quotes text as an FTS5 string: inside it, every character is
// literal, so user input can never be read as query syntax.
func ftsString(text string) string {
	return `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
}
