package model

import (
	"context"
	"strings"
	"sync"
)

// FilterRule is one [[filters]] rule of the configuration: it hides the
// articles that match every field it sets. Title, Author and Text are
// search queries (see ParseQuery) on the title, the author, and the title
// with the body. Feed is a feed's title or URL, matched whole with case
// not mattering, or else a query on the title of the article's feed or
// folder. Tag is a tag the article's feed carries, case not mattering.
type FilterRule struct {
	Title, Author, Feed, Tag, Text string
	// At is the file and line of the rule, for messages.
	At string
}

// Filters are the rules that hide articles, ready to test articles in
// memory. A nil *Filters hides nothing.
type Filters struct {
	rules []rule
	// feedHits remembers, by rule and feed title, whether the rule's feed
	// matches: a library has a few hundred feeds and folders for its
	// 100,000 articles.
	mu       sync.Mutex
	feedHits map[feedKey]bool
}

type feedKey struct {
	rule         int
	source, feed string
}

type rule struct {
	title, author, feedQuery Matcher
	feed, tag                string
	text                     string
	has                      ruleFields
}

// ruleFields says which fields a rule sets.
type ruleFields struct{ title, author, feed, tag, text bool }

// NewFilters prepares the rules; a rule with no field set is left out, as
// it would hide everything.
func NewFilters(rules []FilterRule) *Filters {
	f := &Filters{}
	for _, r := range rules {
		c := rule{
			title: NewMatcher(r.Title), author: NewMatcher(r.Author), feedQuery: NewMatcher(r.Feed),
			feed: strings.ToLower(strings.TrimSpace(r.Feed)), tag: strings.ToLower(strings.TrimSpace(r.Tag)), text: r.Text,
			has: ruleFields{title: r.Title != "", author: r.Author != "", feed: r.Feed != "", tag: r.Tag != "", text: r.Text != ""},
		}
		if c.has != (ruleFields{}) {
			f.rules = append(f.rules, c)
		}
	}
	return f
}

// Len is how many rules there are.
func (f *Filters) Len() int {
	if f == nil {
		return 0
	}
	return len(f.rules)
}

// TextQueries are the text queries of the rules, by rule number ("" for a
// rule without one): bodies are not in memory, so whoever holds them (the
// store's full-text index) answers them for Hides.
func (f *Filters) TextQueries() []string {
	if f == nil {
		return nil
	}
	out := make([]string, len(f.rules))
	for i, r := range f.rules {
		out[i] = r.text
	}
	return out
}

// AuthorQueries are the author queries of the rules, by rule number (""
// for a rule without one): a listing does not carry the author, so whoever
// holds it answers them for Hides when the article has none.
func (f *Filters) AuthorQueries() []string {
	if f == nil {
		return nil
	}
	out := make([]string, len(f.rules))
	for i, r := range f.rules {
		if r.has.author {
			out[i] = r.author.query
		}
	}
	return out
}

// AsksStore reports whether a rule has a text or an author query, which
// a store answers (see AskStore).
func (f *Filters) AsksStore() bool {
	if f == nil {
		return false
	}
	for _, r := range f.rules {
		if r.has.text || r.has.author {
			return true
		}
	}
	return false
}

// FilterHits are a store's answers to the text and author queries of
// Filters (see TextQueries and AuthorQueries): the refs each matches, by
// rule. The zero FilterHits matches nothing.
type FilterHits struct {
	texts, authors []map[string]bool
}

// AskStore has rm answer the text and author queries of the rules.
func (f *Filters) AskStore(ctx context.Context, rm RefMatcher) (FilterHits, error) {
	var h FilterHits
	var err error
	if h.texts, err = MatchEach(ctx, rm.MatchRefs, f.TextQueries()); err != nil {
		return FilterHits{}, err
	}
	if h.authors, err = MatchEach(ctx, rm.AuthorRefs, f.AuthorQueries()); err != nil {
		return FilterHits{}, err
	}
	return h, nil
}

// Hit answers for Hides (it is a Hits).
func (h FilterHits) Hit(i int, ref string) (text, author bool) {
	return i < len(h.texts) && h.texts[i][ref], i < len(h.authors) && h.authors[i][ref]
}

// MatchEach answers each query with match, by query; "" matches nothing
// (a nil map).
func MatchEach(ctx context.Context, match func(context.Context, string) (map[string]bool, error), queries []string) ([]map[string]bool, error) {
	out := make([]map[string]bool, len(queries))
	for i, q := range queries {
		if q == "" {
			continue
		}
		refs, err := match(ctx, q)
		if err != nil {
			return nil, err
		}
		out[i] = refs
	}
	return out, nil
}

// Hits answers, for rule i and an article's ref, whether the rule's text
// query matches it (text) and, for an article listed without its author,
// whether the author query does (author).
type Hits func(i int, ref string) (text, author bool)

// Hides reports whether a rule hides the article; hits answers what is not
// in memory (nil: nothing matches).
func (f *Filters) Hides(a *Article, hits Hits) bool {
	if f == nil {
		return false
	}
	for i := range f.rules {
		r := &f.rules[i]
		if !r.hides(a) || r.has.feed && !f.feedMatches(i, a) {
			continue
		}
		var text, author bool
		if hits != nil && (r.has.text || r.has.author && a.Author == "") {
			text, author = hits(i, a.Ref)
		}
		if r.has.text && !text || r.has.author && a.Author == "" && !author {
			continue
		}
		return true
	}
	return false
}

// hides reports whether every field of the rule but the text matches.
func (r *rule) hides(a *Article) bool {
	switch {
	case r.has.title && !r.title.Match(a.Title):
		return false
	case r.has.author && a.Author != "" && !r.author.Match(a.Author):
		return false
	case r.has.tag && !hasTag(a.Tags, r.tag):
		return false
	}
	return true
}

// feedMatches reports whether rule i's feed names the article's feed.
func (f *Filters) feedMatches(i int, a *Article) bool {
	k := feedKey{i, a.Source, a.Feed}
	f.mu.Lock()
	hit, ok := f.feedHits[k]
	f.mu.Unlock()
	if ok {
		return hit
	}
	hit = f.rules[i].feedMatches(a)
	f.mu.Lock()
	if f.feedHits == nil {
		f.feedHits = map[feedKey]bool{}
	}
	f.feedHits[k] = hit
	f.mu.Unlock()
	return hit
}

// feedMatches reports a feed named by its URL or title, whole, or a title
// the feed query matches.
func (r *rule) feedMatches(a *Article) bool {
	if a.Feed != "" && strings.EqualFold(a.Feed, r.feed) || strings.EqualFold(strings.TrimSpace(a.Source), r.feed) {
		return true
	}
	return r.feedQuery.Match(a.Source)
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}
