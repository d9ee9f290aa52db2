package model

import (
	"cmp"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Library is the set of articles from every source, newest first, with the
// indexes that turn a related item into an article in constant time. It
// keeps a Listing of each article, not the article: what the list needs,
// with the rest read again from the source when the article is opened. The
// link indexes are built on the first Resolve, so a listing that never
// follows a link does not pay for them. It is not safe for concurrent use.
type Library struct {
	articles []*Listing
	sorted   bool
	byRef    map[string]*Listing
	// unlinked are articles added since the link indexes were last brought
	// up to date.
	unlinked []*Listing
	byID     map[string]*Listing
	// byTitle is keyed by a hash of TitleKey; a hit is checked against the
	// title itself, so a collision can only miss, never mislead.
	byTitle map[uint64]*Listing
	shared  provenances
}

// NewLibrary returns an empty library.
func NewLibrary() *Library {
	return &Library{sorted: true, byRef: map[string]*Listing{}}
}

// Add puts articles into the library. An article whose Ref is already present
// replaces the earlier one. A listing, once added, is never changed: a
// new version is a new *Listing, so what a reader took from the library
// (a list row, a filter running in the background) may keep reading the
// old one without a lock.
func (l *Library) Add(articles ...Article) {
	var replaced map[*Listing]*Listing
	for i := range articles {
		a := newListing(&articles[i], &l.shared)
		l.unlinked = append(l.unlinked, a)
		l.sorted = false
		if old, ok := l.byRef[a.Ref]; ok {
			if replaced == nil {
				replaced = map[*Listing]*Listing{}
			}
			replaced[old] = a
			l.byRef[a.Ref] = a
			continue
		}
		l.articles = append(l.articles, a)
		l.byRef[a.Ref] = a
	}
	if replaced != nil {
		l.replace(replaced)
	}
}

// replace puts each new version where its old one was: in the list, and
// in the link indexes, so that a link that resolved to the old version
// resolves to the new one, as it would have had the old one changed.
func (l *Library) replace(versions map[*Listing]*Listing) {
	for i, a := range l.articles {
		if _, ok := versions[a]; ok {
			l.articles[i] = l.byRef[a.Ref]
		}
	}
	if l.byID == nil {
		return
	}
	var buf []byte
	for old := range versions {
		a := l.byRef[old.Ref]
		if l.byID[old.ID] == old {
			l.byID[old.ID] = a
		}
		buf = appendTitleKey(buf[:0], old.Title)
		if h := hashKey(buf); len(buf) > 0 && l.byTitle[h] == old {
			l.byTitle[h] = a
		}
	}
}

// Link brings the link indexes up to date now, so a later Resolve does not
// pay for every article added since; a reader calls it as batches arrive.
func (l *Library) Link() {
	if len(l.unlinked) > 0 || l.byID == nil {
		l.link()
	}
}

func (l *Library) link() {
	if l.byID == nil {
		l.byID = make(map[string]*Listing, len(l.articles))
		l.byTitle = make(map[uint64]*Listing, len(l.articles))
	}
	var buf []byte
	for _, a := range l.unlinked {
		if l.byRef[a.Ref] != a {
			continue // replaced since
		}
		if a.ID != "" {
			l.byID[a.ID] = a
		}
		buf = appendTitleKey(buf[:0], a.Title)
		if len(buf) > 0 {
			// The first article with a title keeps it, so adding a copy
			// later does not move links that already resolved.
			h := hashKey(buf)
			if _, taken := l.byTitle[h]; !taken {
				l.byTitle[h] = a
			}
		}
	}
	l.unlinked = nil
}

// Len is the number of articles.
func (l *Library) Len() int { return len(l.articles) }

// Articles returns the articles newest first; undated ones come last. The
// slice is the library's own: do not modify it.
func (l *Library) Articles() []*Listing {
	if !l.sorted {
		slices.SortFunc(l.articles, compareListings)
		l.sorted = true
	}
	return l.articles
}

// CompareNewestFirst orders articles newest first, undated last (the most
// recently seen of them first), then by ref so that the order never depends
// on load order.
func CompareNewestFirst(a, b *Article) int {
	switch {
	case a.HasDate && !b.HasDate:
		return -1
	case !a.HasDate && b.HasDate:
		return 1
	case a.HasDate && !a.Published.Equal(b.Published):
		return b.Published.Compare(a.Published)
	case !a.HasDate && !a.Seen.Equal(b.Seen):
		return b.Seen.Compare(a.Seen)
	}
	return cmp.Compare(a.Ref, b.Ref)
}

// compareListings is CompareNewestFirst for listings.
func compareListings(a, b *Listing) int {
	aDated, bDated := a.HasDate(), b.HasDate()
	switch {
	case aDated && !bDated:
		return -1
	case !aDated && bDated:
		return 1
	case !a.when.Equal(b.when):
		// Published when both are dated, Seen when neither is.
		return b.when.Compare(a.when)
	}
	return cmp.Compare(a.Ref, b.Ref)
}

// ByRef finds an article by its ref.
func (l *Library) ByRef(ref string) (*Listing, bool) {
	a, ok := l.byRef[ref]
	return a, ok
}

// Resolve finds the article a related item points to: by id where the
// article's id is known, else by normalised title.
func (l *Library) Resolve(r Related) (*Listing, bool) {
	l.Link()
	if r.ID != "" {
		if a, ok := l.byID[r.ID]; ok {
			return a, true
		}
	}
	if r.Link {
		return nil, false
	}
	var buf [256]byte
	key := appendTitleKey(buf[:0], r.Title)
	if len(key) == 0 {
		return nil, false
	}
	a, ok := l.byTitle[hashKey(key)]
	if !ok || string(appendTitleKey(key[len(key):], a.Title)) != string(key) {
		return nil, false
	}
	return a, true
}

// hashKey is 64-bit FNV-1a.
func hashKey(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// TitleKey normalises a title for matching: HTML entities decoded, case
// folded, curly quotes made straight, every dash a hyphen, white space
// collapsed.
func TitleKey(title string) string {
	return string(appendTitleKey(nil, title))
}

func appendTitleKey(dst []byte, title string) []byte {
	if strings.IndexByte(title, '&') >= 0 {
		title = html.UnescapeString(title)
	}
	start := len(dst)
	space := false
	for i := 0; i < len(title); {
		c := title[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c >= '\t' && c <= '\r':
				space = len(dst) > start
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == '`':
				c = '\''
			}
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = append(dst, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(title[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			space = len(dst) > start
			continue
		case r == '\u2018' || r == '\u2019' || r == '\u201a' || r == '\u201b' || r == '\u2032' || r == '\u00b4':
			r = '\''
		case r == '\u201c' || r == '\u201d' || r == '\u201e' || r == '\u201f' || r == '\u2033' || r == '\u00ab' || r == '\u00bb':
			r = '"'
		case r >= '\u2010' && r <= '\u2015' || r == '\u2212' || r == '\ufe58' || r == '\ufe63' || r == '\uff0d':
			r = '-'
		default:
			r = unicode.ToLower(r)
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}
