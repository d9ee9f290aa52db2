package ui

import (
	"slices"

	"bulletin/model"
)

// Cache sizes: renders are the costly part (a Glamour render of a long
// article takes milliseconds); full articles are kept so Back needs no I/O.
const (
	maxRenders  = 64
	maxArticles = 256
)

// cache keeps loaded articles and rendered bodies. Only Update uses it;
// what is being loaded or rendered is known from the session's jobs.
type cache struct {
	renders  bounded[renderKey, string]
	articles bounded[string, model.Article]
}

func newCache() *cache {
	return &cache{
		renders:  newBounded[renderKey, string](maxRenders),
		articles: newBounded[string, model.Article](maxArticles),
	}
}

func (c *cache) render(k renderKey) (string, bool)        { return c.renders.get(k) }
func (c *cache) addRender(k renderKey, out string)        { c.renders.add(k, out) }
func (c *cache) article(ref string) (model.Article, bool) { return c.articles.get(ref) }
func (c *cache) addArticle(ref string, a model.Article)   { c.articles.add(ref, a) }

// forget drops what is kept of an article and its renders: a refresh
// brought a new version of it.
func (c *cache) forget(ref string) {
	c.articles.remove(ref)
	for k := range c.renders.m {
		if k.ref == ref {
			c.renders.remove(k)
		}
	}
}

// bounded is a map that forgets its oldest entries past a size.
type bounded[K comparable, V any] struct {
	m     map[K]V
	order []K
	size  int
}

func newBounded[K comparable, V any](size int) bounded[K, V] {
	return bounded[K, V]{m: map[K]V{}, size: size}
}

func (b *bounded[K, V]) get(k K) (V, bool) {
	v, ok := b.m[k]
	return v, ok
}

func (b *bounded[K, V]) add(k K, v V) {
	if _, ok := b.m[k]; !ok {
		b.order = append(b.order, k)
	}
	b.m[k] = v
	for len(b.order) > b.size {
		delete(b.m, b.order[0])
		b.order = b.order[1:]
	}
}

func (b *bounded[K, V]) remove(k K) {
	if _, ok := b.m[k]; !ok {
		return
	}
	delete(b.m, k)
	b.order = slices.DeleteFunc(b.order, func(o K) bool { return o == k })
}
