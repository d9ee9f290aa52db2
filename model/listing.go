package model

import (
	"context"
	"reflect"
	"time"
)

// Listing is what the library keeps of an article: what the list shows,
// sorts and filters on, and what opening it needs. A library of 100,000
// headlines holds 100,000 of them, so it is less than half the size of an
// Article, and what every article of a source shares (its label, feed,
// tags and loader) is held once, by the source. Article gives back the
// article it was made from, all of it: a listing loaded from its source
// is kept as it is; one whose body, related stories, links or warnings
// are known already (an article built in memory, a loaded one) keeps the
// whole article beside it, as these cannot be read again.
type Listing struct {
	// Ref, Path, ID, Title and DateText are the article's own.
	Ref      string
	Path     string
	ID       string
	Title    string
	DateText string

	// when is Published for a dated article, Seen for an undated one: an
	// article has one or the other (else it keeps its whole self in full).
	when    time.Time
	from    *provenance
	full    *Article
	related int32
	flags   listingFlags
}

type listingFlags uint8

const (
	hasDate listingFlags = 1 << iota
	// linkIsID: the article's web page is its id (a feed item's link).
	linkIsID
)

// provenance is what every article of one source shares.
type provenance struct {
	source string
	feed   string
	tags   []string
	origin Loader
}

// provenanceKey tells provenances apart; tags are told apart by their
// backing array, which a source shares among its articles.
type provenanceKey struct {
	source, feed string
	tags         *string
	ntags        int
	origin       Loader
}

// provenances interns what the articles of a library share.
type provenances struct {
	m       map[provenanceKey]*provenance
	last    *provenance
	lastKey provenanceKey
}

// of returns the shared provenance of a, nil when a's loader cannot be
// compared (a's listing then keeps the whole article).
func (ps *provenances) of(a *Article) *provenance {
	if a.Origin != nil && !reflect.TypeOf(a.Origin).Comparable() {
		return nil
	}
	k := provenanceKey{source: a.Source, feed: a.Feed, ntags: len(a.Tags), origin: a.Origin}
	if len(a.Tags) > 0 {
		k.tags = &a.Tags[0]
	}
	// Articles come source by source: most are the last one's.
	if ps.last != nil && ps.lastKey == k {
		return ps.last
	}
	if ps.m == nil {
		ps.m = map[provenanceKey]*provenance{}
	}
	p, ok := ps.m[k]
	if !ok {
		p = &provenance{source: a.Source, feed: a.Feed, tags: a.Tags, origin: a.Origin}
		ps.m[k] = p
	}
	ps.last, ps.lastKey = p, k
	return p
}

// newListing makes the listing of a, sharing what its source shares
// through ps.
func newListing(a *Article, ps *provenances) *Listing {
	l := &Listing{Ref: a.Ref, Path: a.Path, ID: a.ID, Title: a.Title, DateText: a.DateText,
		when: a.Published, related: int32(a.RelatedCount)}
	if a.HasDate {
		l.flags |= hasDate
	} else {
		l.when = a.Seen
	}
	if a.Link != "" && a.Link == a.ID {
		l.flags |= linkIsID
	}
	l.from = ps.of(a)
	if l.from == nil || !listedOnly(a) {
		full := *a
		l.full = &full
	}
	return l
}

// listedOnly reports whether a holds no more than a listing keeps: what
// else it has can be read again from its source when it is opened.
func listedOnly(a *Article) bool {
	return a.Origin != nil && !a.Loaded && a.Body == "" && !a.Markdown &&
		a.Related == nil && a.Enclosures == nil && a.Warnings == nil &&
		a.Author == "" && (a.Link == "" || a.Link == a.ID) &&
		int(int32(a.RelatedCount)) == a.RelatedCount &&
		(a.HasDate && a.Seen.IsZero() || !a.HasDate && a.Published.IsZero())
}

// Article is the article the listing was made from.
func (l *Listing) Article() Article {
	if l.full != nil {
		return *l.full
	}
	a := Article{Ref: l.Ref, Path: l.Path, ID: l.ID, Title: l.Title, DateText: l.DateText,
		HasDate: l.HasDate(), RelatedCount: int(l.related),
		Source: l.from.source, Feed: l.from.feed, Tags: l.from.tags, Origin: l.from.origin}
	if a.HasDate {
		a.Published = l.when
	} else {
		a.Seen = l.when
	}
	if l.flags&linkIsID != 0 {
		a.Link = l.ID
	}
	return a
}

// HasDate is false when the source gives no usable date.
func (l *Listing) HasDate() bool { return l.flags&hasDate != 0 }

// Published is the article's date, zero when it has none.
func (l *Listing) Published() time.Time {
	if l.HasDate() {
		return l.when
	}
	return time.Time{}
}

// Seen is when an undated feed item was first seen, zero otherwise.
func (l *Listing) Seen() time.Time {
	if l.HasDate() {
		return time.Time{}
	}
	return l.when
}

// RelatedCount is how many related stories the article lists.
func (l *Listing) RelatedCount() int { return int(l.related) }

// Source is the label of the source the article came from.
func (l *Listing) Source() string {
	if l.full != nil {
		return l.full.Source
	}
	return l.from.source
}

// Feed is the URL of the feed the article came from, "" for others.
func (l *Listing) Feed() string {
	if l.full != nil {
		return l.full.Feed
	}
	return l.from.feed
}

// Tags are the labels the user gave the article's source.
func (l *Listing) Tags() []string {
	if l.full != nil {
		return l.full.Tags
	}
	return l.from.tags
}

// Link is the article's web page, "" when it has none.
func (l *Listing) Link() string {
	switch {
	case l.full != nil:
		return l.full.Link
	case l.flags&linkIsID != 0:
		return l.ID
	}
	return ""
}

// Origin reads the full article; nil for articles built in memory.
func (l *Listing) Origin() Loader {
	if l.full != nil {
		return l.full.Origin
	}
	return l.from.origin
}

// Warned reports whether the source had something wrong but survivable
// to say about the article.
func (l *Listing) Warned() bool { return l.full != nil && len(l.full.Warnings) > 0 }

// Load returns the full article, reading it through its Origin when the
// listing does not hold it.
func (l *Listing) Load(ctx context.Context) (Article, error) {
	a := l.Article()
	return Load(ctx, &a)
}

// ListingOf makes the listing of a on its own, outside any library.
func ListingOf(a Article) *Listing {
	var ps provenances
	return newListing(&a, &ps)
}
