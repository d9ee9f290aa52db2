package ui

import (
	"strings"
	"testing"

	"bulletin/model"
)

// Long articles cannot hold the reader's memory up: the renders kept add up
// to no more than the budget, the newest first to stay, and the one being
// shown stays even when it alone is larger than the budget.
func TestCacheBoundedByBytes(t *testing.T) {
	c := newCache()
	long := strings.Repeat("x", renderBudget/4)
	for i := range 20 {
		c.addRender(renderKey{ref: string(rune('a' + i))}, long)
	}
	if c.renders.used > renderBudget {
		t.Errorf("renders hold %d bytes, budget %d", c.renders.used, renderBudget)
	}
	if _, ok := c.render(renderKey{ref: "t"}); !ok {
		t.Error("the newest render was dropped")
	}
	if _, ok := c.render(renderKey{ref: "a"}); ok {
		t.Error("the oldest render was kept past the budget")
	}
	huge := strings.Repeat("y", 2*renderBudget)
	c.addRender(renderKey{ref: "huge"}, huge)
	if _, ok := c.render(renderKey{ref: "huge"}); !ok || len(c.renders.m) != 1 {
		t.Errorf("after a render larger than the budget: %d kept, it among them: %v", len(c.renders.m), ok)
	}
	c.forget("huge")
	if c.renders.used != 0 || len(c.renders.m) != 0 {
		t.Errorf("forget left %d bytes in %d renders", c.renders.used, len(c.renders.m))
	}
}

// Short articles are many to a budget: the last hundred read come back
// from the cache.
func TestCacheKeepsManyShortArticles(t *testing.T) {
	c := newCache()
	for i := range 300 {
		ref := "s/" + strings.Repeat("a", i%7) + string(rune('0'+i%10)) + string(rune('A'+i/10))
		c.addArticle(ref, model.Article{Ref: ref, Body: strings.Repeat("p", 4000), Loaded: true})
	}
	if n := len(c.articles.m); n < 100 {
		t.Errorf("%d articles of 4 KB kept, want at least 100", n)
	}
	if c.articles.used > articleBudget {
		t.Errorf("articles hold %d bytes, budget %d", c.articles.used, articleBudget)
	}
}
