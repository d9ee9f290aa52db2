package model

import (
	"slices"
	"strings"
)

// Matcher is a search query (see ParseQuery) made ready to test texts in
// memory the way the full-text index would: every term must match, a
// phrase as words one after the other, a prefix as the start of a word,
// case and accents not mattering. A query without a word matches nothing.
type Matcher struct {
	terms []matchTerm
}

// matchTerm is a term's folded words; prefix applies to its last.
type matchTerm struct {
	words  []string
	prefix bool
}

// NewMatcher prepares query for Match.
func NewMatcher(query string) Matcher {
	var m Matcher
	for _, t := range ParseQuery(CleanLine(query)) {
		ws := FoldedWords(strings.Join(t.Words, " "))
		if len(ws) == 0 {
			continue
		}
		m.terms = append(m.terms, matchTerm{words: ws, prefix: t.Prefix})
	}
	return m
}

// Empty reports a query with no word to look for.
func (m Matcher) Empty() bool { return len(m.terms) == 0 }

// Match reports whether text holds every term of the query.
func (m Matcher) Match(text string) bool {
	if len(m.terms) == 0 {
		return false
	}
	return m.MatchWords(FoldedWords(text))
}

// MatchWords is Match for text already split into folded words.
func (m Matcher) MatchWords(words []string) bool {
	if len(m.terms) == 0 {
		return false
	}
	for _, t := range m.terms {
		if !t.in(words) {
			return false
		}
	}
	return true
}

// in reports whether the term occurs in words.
func (t matchTerm) in(words []string) bool {
	n := len(t.words)
	for i := 0; i+n <= len(words); i++ {
		if t.at(words[i : i+n]) {
			return true
		}
	}
	return false
}

// at reports whether words, as long as the term, are the term.
func (t matchTerm) at(words []string) bool {
	last := len(t.words) - 1
	if !slices.Equal(words[:last], t.words[:last]) {
		return false
	}
	if t.prefix {
		return strings.HasPrefix(words[last], t.words[last])
	}
	return words[last] == t.words[last]
}
