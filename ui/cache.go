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

// cache keeps loaded articles and rendered bodies, and what is being loaded
// or rendered, so a key pressed twice starts one command. Only Update uses
// it.
type cache struct {
	renders   bounded[renderKey, string]
	articles  bounded[string, model.Article]
	loading   inFlight[string]
	rendering inFlight[renderKey]
}

func newCache() *cache {
	return &cache{
		renders:   newBounded[renderKey, string](maxRenders),
		articles:  newBounded[string, model.Article](maxArticles),
		loading:   inFlight[string]{},
		rendering: inFlight[renderKey]{},
	}
}

func (c *cache) render(k renderKey) (string, bool)        { return c.renders.get(k) }
func (c *cache) addRender(k renderKey, out string)        { c.renders.add(k, out) }
func (c *cache) startRender(k renderKey) bool             { return c.rendering.start(k) }
func (c *cache) endRender(k renderKey)                    { delete(c.rendering, k) }
func (c *cache) article(ref string) (model.Article, bool) { return c.articles.get(ref) }
func (c *cache) addArticle(ref string, a model.Article)   { c.articles.add(ref, a) }
func (c *cache) startLoad(ref string) bool                { return c.loading.start(ref) }
func (c *cache) endLoad(ref string)                       { delete(c.loading, ref) }

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

// inFlight is the set of work under way.
type inFlight[K comparable] map[K]bool

// start reports whether work on k should start: false when it is already
// under way.
func (f inFlight[K]) start(k K) bool {
	if f[k] {
		return false
	}
	f[k] = true
	return true
}
