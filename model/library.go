package model

import (
	"cmp"
	"html"
	"slices"
	"strings"
	"unicode"
)

// Library is the set of articles from every source, newest first, with the
// indexes that turn a related item into an article in constant time.
// It is not safe for concurrent use.
type Library struct {
	articles []*Article
	sorted   bool
	byRef    map[string]*Article
	byID     map[string]*Article
	byTitle  map[string]*Article
}

// NewLibrary returns an empty library.
func NewLibrary() *Library {
	return &Library{
		sorted:  true,
		byRef:   map[string]*Article{},
		byID:    map[string]*Article{},
		byTitle: map[string]*Article{},
	}
}

// Add puts articles into the library. An article whose Ref is already present
// replaces the earlier one.
func (l *Library) Add(articles ...Article) {
	for i := range articles {
		a := new(Article)
		*a = articles[i]
		if old, ok := l.byRef[a.Ref]; ok {
			*old = *a
			l.index(old)
			l.sorted = false
			continue
		}
		l.articles = append(l.articles, a)
		l.byRef[a.Ref] = a
		l.index(a)
		l.sorted = false
	}
}

func (l *Library) index(a *Article) {
	if a.ID != "" {
		l.byID[a.ID] = a
	}
	if k := TitleKey(a.Title); k != "" {
		// The first article with a title keeps it, so adding a copy later
		// does not move links that already resolved.
		if _, taken := l.byTitle[k]; !taken {
			l.byTitle[k] = a
		}
	}
}

// Len is the number of articles.
func (l *Library) Len() int { return len(l.articles) }

// Articles returns the articles newest first; undated ones come last. The
// slice is the library's own: do not modify it.
func (l *Library) Articles() []*Article {
	if !l.sorted {
		slices.SortStableFunc(l.articles, CompareNewestFirst)
		l.sorted = true
	}
	return l.articles
}

// CompareNewestFirst orders articles newest first, undated last, then by ref
// so that the order never depends on load order.
func CompareNewestFirst(a, b *Article) int {
	switch {
	case a.HasDate && !b.HasDate:
		return -1
	case !a.HasDate && b.HasDate:
		return 1
	case a.HasDate && b.HasDate && !a.Published.Equal(b.Published):
		return b.Published.Compare(a.Published)
	}
	return cmp.Compare(a.Ref, b.Ref)
}

// ByRef finds an article by its ref.
func (l *Library) ByRef(ref string) (*Article, bool) {
	a, ok := l.byRef[ref]
	return a, ok
}

// Resolve finds the article a related item points to: by id where the
// article's id is known, else by normalised title.
func (l *Library) Resolve(r Related) (*Article, bool) {
	if r.ID != "" {
		if a, ok := l.byID[r.ID]; ok {
			return a, true
		}
	}
	if k := TitleKey(r.Title); k != "" {
		if a, ok := l.byTitle[k]; ok {
			return a, true
		}
	}
	return nil, false
}

// TitleKey normalises a title for matching: HTML entities decoded, case
// folded, curly quotes made straight, every dash a hyphen, white space
// collapsed.
func TitleKey(title string) string {
	if strings.IndexByte(title, '&') >= 0 {
		title = html.UnescapeString(title)
	}
	var b strings.Builder
	b.Grow(len(title))
	space := false
	for _, r := range title {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == '\u2018' || r == '\u2019' || r == '\u201a' || r == '\u201b' || r == '\u2032' || r == '`' || r == '\u00b4':
			r = '\''
		case r == '\u201c' || r == '\u201d' || r == '\u201e' || r == '\u201f' || r == '\u2033' || r == '\u00ab' || r == '\u00bb':
			r = '"'
		case r >= '\u2010' && r <= '\u2015' || r == '\u2212' || r == '\ufe58' || r == '\ufe63' || r == '\uff0d':
			r = '-'
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
