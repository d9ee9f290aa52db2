package ui

import (
	"slices"

	"bulletin/model"
)

// Cache budgets, in bytes: renders are the costly part (a Glamour render
// of a long article takes milliseconds); full articles are kept so Back
// needs no I/O. A budget of bytes, not of entries, so that a few very long
// articles cannot hold the reader's memory up: a hundred typical ones fit.
const (
	renderBudget  = 4 << 20
	articleBudget = 2 << 20
	// pictureBudget keeps the rendered pictures of the last articles, so
	// Back shows them at once: a picture at a 100-column width takes
	// 30 to 300 KB.
	pictureBudget = 24 << 20
)

// cache keeps loaded articles and rendered bodies. Only Update uses it;
// what is being loaded or rendered is known from the session's jobs.
type cache struct {
	renders  bounded[renderKey, string]
	articles bounded[string, model.Article]
	pictures bounded[pictureKey, pictureDone]
	// failed are the articles a prefetch could not load or render: the
	// prefetches, which follow one another, pass them over rather than
	// try them again and again. Opening one still tries, and says why it
	// fails.
	failed map[string]bool
}

func newCache() *cache {
	return &cache{
		renders:  newBounded[renderKey](renderBudget, func(s string) int { return len(s) }),
		articles: newBounded[string](articleBudget, articleSize),
		pictures: newBounded[pictureKey](pictureBudget, pictureSize),
		failed:   map[string]bool{},
	}
}

// articleSize is about what a loaded article holds beyond its listing:
// its body, related stories and warnings.
func articleSize(a model.Article) int {
	n := len(a.Body)
	for _, r := range a.Related {
		n += len(r.ID) + len(r.Sort) + len(r.ContentType) + len(r.Title) + len(r.Pic)
	}
	for _, w := range a.Warnings {
		n += len(w)
	}
	return n
}

func (c *cache) render(k renderKey) (string, bool)        { return c.renders.get(k) }
func (c *cache) addRender(k renderKey, out string)        { c.renders.add(k, out) }
func (c *cache) article(ref string) (model.Article, bool) { return c.articles.get(ref) }
func (c *cache) addArticle(ref string, a model.Article)   { c.articles.add(ref, a) }

func (c *cache) picture(k pictureKey) (pictureDone, bool) { return c.pictures.get(k) }
func (c *cache) addPicture(k pictureKey, d pictureDone)   { c.pictures.add(k, d) }

// forget drops what is kept of an article and its renders: a refresh
// brought a new version of it.
func (c *cache) forget(ref string) {
	c.articles.remove(ref)
	delete(c.failed, ref)
	for k := range c.renders.m {
		if k.ref == ref {
			c.renders.remove(k)
		}
	}
}

// bounded is a map that forgets its oldest entries once their sizes add
// up past a budget; the newest entry stays whatever its size, as it is the
// one being shown.
type bounded[K comparable, V any] struct {
	m      map[K]V
	order  []K
	sizeOf func(V) int
	budget int
	used   int
}

func newBounded[K comparable, V any](budget int, sizeOf func(V) int) bounded[K, V] {
	return bounded[K, V]{m: map[K]V{}, budget: budget, sizeOf: sizeOf}
}

func (b *bounded[K, V]) get(k K) (V, bool) {
	v, ok := b.m[k]
	return v, ok
}

func (b *bounded[K, V]) add(k K, v V) {
	if old, ok := b.m[k]; ok {
		b.used -= b.sizeOf(old)
		b.order = slices.DeleteFunc(b.order, func(o K) bool { return o == k })
	}
	b.order = append(b.order, k)
	b.m[k] = v
	b.used += b.sizeOf(v)
	for b.used > b.budget && len(b.order) > 1 {
		oldest := b.order[0]
		b.used -= b.sizeOf(b.m[oldest])
		delete(b.m, oldest)
		b.order = b.order[1:]
	}
}

func (b *bounded[K, V]) remove(k K) {
	v, ok := b.m[k]
	if !ok {
		return
	}
	b.used -= b.sizeOf(v)
	delete(b.m, k)
	b.order = slices.DeleteFunc(b.order, func(o K) bool { return o == k })
}
