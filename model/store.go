package model

import (
	"context"
	"strings"
	"time"
)

// Store remembers what the reader did and finds articles by their words: the
// port through which the reader reaches the library store. main wires the
// real one (package store, over SQLite); tests pass fakes.
//
// Every method may fail: a read-only or full disk, a damaged database. An
// error is one line that says what went wrong and names the file, fit for a
// status bar; reading goes on without the store.
type Store interface {
	// States returns the remembered state of every article that has one,
	// keyed by ref. An article missing from the map is unread, not starred,
	// and was never opened.
	States(ctx context.Context) (map[string]State, error)
	// Visit records that the article was opened at the given time and marks
	// it read. It returns the state as it was before, so the reader can
	// restore the reading position.
	Visit(ctx context.Context, ref string, at time.Time) (State, error)
	// MarkRead marks the article read or unread.
	MarkRead(ctx context.Context, ref string, read bool) error
	// SetStarred stars or unstars the article.
	SetStarred(ctx context.Context, ref string, starred bool) error
	// SetPosition records the reading position: the first line shown.
	SetPosition(ctx context.Context, ref string, line int) error

	// Search finds up to limit articles of the library that match query,
	// best first. The query syntax is that of ParseQuery; a query that
	// holds no word finds nothing, and no query is a syntax error.
	Search(ctx context.Context, query string, limit int) ([]Hit, error)
	// Similar finds up to limit other articles of the library that share
	// the article's most telling words, most similar first ("more like
	// this"). It works for any article, with or without a related list.
	Similar(ctx context.Context, ref string, limit int) ([]Hit, error)
	// IndexText brings the full-text index of the library up to date, so
	// that Search and Similar see every article; until it returns they see
	// those indexed so far. progress, when not nil, is called now and then
	// with how many of the articles waiting to be indexed are done.
	IndexText(ctx context.Context, progress func(done, total int)) error
}

// State is what the store remembers about one article.
type State struct {
	Read    bool
	Starred bool
	// Opened is when the article was last opened; zero when never.
	Opened time.Time
	// Position is the reading position: the first line shown, 0 for the top.
	Position int
}

// Hit is one article found by Search or Similar.
type Hit struct {
	// Article is the article as listed (no body): Ref, Title, dates, source.
	Article
	// Snippet is a passage of the body around the words that matched, one
	// line, with each match between MarkStart and MarkEnd; "" for Similar
	// and when only the title matched.
	Snippet string
	// Score ranks the hits of one result: higher is better. Scores of
	// different searches are not comparable.
	Score float64
}

// The marks around matched words in a Hit's Snippet. They are control
// characters, which article text never holds (CleanText removes them), so
// they cannot be confused with the text; a view replaces them with its own
// styling and must never print them raw.
const (
	MarkStart = "\x01"
	MarkEnd   = "\x02"
)

// Span is a piece of a snippet: matched words or the text between them.
type Span struct {
	Text  string
	Match bool
}

// SplitMarks cuts a snippet into its matched and unmatched pieces, dropping
// the marks. An unbalanced mark is dropped too.
func SplitMarks(snippet string) []Span {
	var spans []Span
	match := false
	for snippet != "" {
		i := strings.IndexAny(snippet, MarkStart+MarkEnd)
		if i < 0 {
			spans = append(spans, Span{Text: snippet, Match: match})
			break
		}
		if i > 0 {
			spans = append(spans, Span{Text: snippet[:i], Match: match})
		}
		match = snippet[i] == MarkStart[0]
		snippet = snippet[i+1:]
	}
	return spans
}

// QuerySyntax explains the search syntax, for help screens.
const QuerySyntax = `word word     articles with all the words, in any order
"a phrase"    the words one after another
elect*        words that start with elect (election, electoral)
Case and accents do not matter; other punctuation is ignored.`

// QueryTerm is one part of a search query: a word, a word prefix, or a
// phrase of words that must follow one another.
type QueryTerm struct {
	// Words are the term's words as typed; one for a word or a prefix.
	Words  []string
	Prefix bool
}

// ParseQuery reads a search query as the reader types it. Words are
// separated by spaces and all must match; "words in quotes" match as a
// phrase; a word ending in * matches every word that starts with it
// (elect* finds election and electoral). Case and accents do not matter.
// Anything else is taken literally, so no input is an error: a quote left
// open runs to the end, and stray operators or punctuation are ignored.
func ParseQuery(q string) []QueryTerm {
	var terms []QueryTerm
	for q != "" {
		q = strings.TrimLeft(q, " \t\r\n\u00a0\u3000")
		if q == "" {
			break
		}
		if open, size := quoteAt(q); size > 0 {
			rest := q[size:]
			end, endSize := len(rest), 0
			if i := closingQuote(rest, open); i >= 0 {
				end = i
				_, endSize = quoteAt(rest[i:])
			}
			if words := strings.Fields(rest[:end]); len(words) > 0 {
				terms = append(terms, QueryTerm{Words: words})
			}
			q = rest[min(end+endSize, len(rest)):]
			continue
		}
		end := strings.IndexAny(q, " \t\r\n\"\u00a0\u201c\u201d\u3000")
		if end < 0 {
			end = len(q)
		}
		word := q[:end]
		q = q[end:]
		prefix := strings.HasSuffix(word, "*")
		word = strings.TrimRight(word, "*")
		if word == "" {
			continue
		}
		terms = append(terms, QueryTerm{Words: []string{word}, Prefix: prefix})
	}
	return terms
}

// quoteAt reports an opening quote at the start of s: straight or curly.
func quoteAt(s string) (rune, int) {
	switch {
	case strings.HasPrefix(s, `"`):
		return '"', 1
	case strings.HasPrefix(s, "\u201c"), strings.HasPrefix(s, "\u201d"):
		return '\u201c', len("\u201c")
	}
	return 0, 0
}

// closingQuote finds the quote that closes one opened with open.
func closingQuote(s string, open rune) int {
	if open == '"' {
		return strings.IndexByte(s, '"')
	}
	return strings.IndexAny(s, "\u201c\u201d\"")
}

// RefMatcher is a store that finds every article matching a search query
// (all of them, unranked): filters with a text rule and saved searches use
// it when the store has it.
type RefMatcher interface {
	MatchRefs(ctx context.Context, query string) (map[string]bool, error)
	// AuthorRefs finds the articles whose author the query matches.
	AuthorRefs(ctx context.Context, query string) (map[string]bool, error)
}
