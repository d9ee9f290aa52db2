package ui

import "bulletin/model"

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
	renders      map[renderKey]string
	renderOrder  []renderKey
	articles     map[string]model.Article
	articleOrder []string
	loading      map[string]bool
	rendering    map[renderKey]bool
}

func newCache() *cache {
	return &cache{
		renders:   map[renderKey]string{},
		articles:  map[string]model.Article{},
		loading:   map[string]bool{},
		rendering: map[renderKey]bool{},
	}
}

func (c *cache) render(k renderKey) (string, bool) {
	out, ok := c.renders[k]
	return out, ok
}

func (c *cache) addRender(k renderKey, out string) {
	if _, ok := c.renders[k]; !ok {
		c.renderOrder = append(c.renderOrder, k)
	}
	c.renders[k] = out
	for len(c.renderOrder) > maxRenders {
		delete(c.renders, c.renderOrder[0])
		c.renderOrder = c.renderOrder[1:]
	}
}

// startRender reports whether a render should start: false when it is
// already under way.
func (c *cache) startRender(k renderKey) bool {
	if c.rendering[k] {
		return false
	}
	c.rendering[k] = true
	return true
}

func (c *cache) endRender(k renderKey) { delete(c.rendering, k) }

func (c *cache) article(ref string) (model.Article, bool) {
	a, ok := c.articles[ref]
	return a, ok
}

func (c *cache) addArticle(ref string, a model.Article) {
	if _, ok := c.articles[ref]; !ok {
		c.articleOrder = append(c.articleOrder, ref)
	}
	c.articles[ref] = a
	for len(c.articleOrder) > maxArticles {
		delete(c.articles, c.articleOrder[0])
		c.articleOrder = c.articleOrder[1:]
	}
}

func (c *cache) startLoad(ref string) bool {
	if c.loading[ref] {
		return false
	}
	c.loading[ref] = true
	return true
}

func (c *cache) endLoad(ref string) { delete(c.loading, ref) }
