package model

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Site says where the stories of a folder live on the web: the address of a
// story from its id, and of a picture from its path. A zero Site knows no
// addresses.
type Site struct {
	// ArticleURL is a template with {id} where a story's id goes, such as
	// https://news.example/news/{id}.
	ArticleURL string
	// PictureURL is a template with {pic} where a picture's path goes,
	// such as https://media.example/uploads{pic}.
	PictureURL string

	// idPattern reads an id back from an address made by ArticleURL.
	idPattern *regexp.Regexp
}

// Sited is a source whose stories live on a site.
type Sited interface {
	Site() Site
}

// StoryRef is the ref of a story of the folder source fetched from the
// folder's site by id.
func StoryRef(source, id string) string { return source + "/web/" + id }

// SiteOf is the site of an article's source; zero when it names none.
func SiteOf(a *Article) Site {
	if s, ok := a.Origin.(Sited); ok {
		return s.Site()
	}
	return Site{}
}

// ParseSite checks the templates of a site: each, when set, must hold its
// placeholder once and make an absolute http or https address.
func ParseSite(articleURL, pictureURL string) (Site, error) {
	s := Site{ArticleURL: articleURL, PictureURL: pictureURL}
	if articleURL != "" {
		if err := checkTemplate("article_url", articleURL, "{id}", "1234"); err != nil {
			return Site{}, err
		}
		before, after, _ := strings.Cut(articleURL, "{id}")
		s.idPattern = regexp.MustCompile("^" + regexp.QuoteMeta(before) + `([^/?#]+)` + regexp.QuoteMeta(after) + "$")
	}
	if pictureURL != "" {
		if err := checkTemplate("picture_url", pictureURL, "{pic}", "/2016/08/photo.jpg"); err != nil {
			return Site{}, err
		}
	}
	return s, nil
}

func checkTemplate(name, tmpl, placeholder, sample string) error {
	switch n := strings.Count(tmpl, placeholder); {
	case n == 0:
		return fmt.Errorf("%s %q has no %s", name, CleanLine(tmpl), placeholder)
	case n > 1:
		return fmt.Errorf("%s %q has %s more than once", name, CleanLine(tmpl), placeholder)
	}
	if _, err := WebLink(strings.Replace(tmpl, placeholder, sample, 1)); err != nil {
		return fmt.Errorf("%s %q: %w", name, CleanLine(tmpl), err)
	}
	return nil
}

// ErrNoSite is why a story has no address: its folder names no site.
var ErrNoSite = errors.New("the folder has no article_url")

// ArticleFor is the address of the story with id.
func (s Site) ArticleFor(id string) (string, error) {
	if s.ArticleURL == "" {
		return "", ErrNoSite
	}
	if id == "" {
		return "", errors.New("the story has no id")
	}
	return strings.Replace(s.ArticleURL, "{id}", url.PathEscape(id), 1), nil
}

// IDFrom reads a story's id back from its address; false when the address
// is not one of the site's stories.
func (s Site) IDFrom(link string) (string, bool) {
	if s.idPattern == nil {
		return "", false
	}
	m := s.idPattern.FindStringSubmatch(link)
	if m == nil {
		return "", false
	}
	id, err := url.PathUnescape(m[1])
	if err != nil || id == "" {
		return "", false
	}
	return id, true
}

// PictureFor is the address of a picture by its path on the site; false
// when there is none or the path makes no web address.
func (s Site) PictureFor(pic string) (string, bool) {
	if s.PictureURL == "" || pic == "" {
		return "", false
	}
	u := strings.Replace(s.PictureURL, "{pic}", pic, 1)
	if _, err := WebLink(u); err != nil {
		return "", false
	}
	return u, true
}

// Related makes the links of a page of the site that lead to other stories
// of the site related stories, by the id read back from their address; the
// other links stay links.
func (s Site) Related(links []Related) []Related {
	out := make([]Related, 0, len(links))
	for _, r := range links {
		if id, ok := s.IDFrom(r.ID); ok && r.Link {
			r = Related{ID: id, Title: r.Title}
		}
		out = append(out, r)
	}
	return out
}

// CountStories is how many related items are stories rather than links
// elsewhere: what a list shows as an article's related count.
func CountStories(related []Related) int {
	n := 0
	for _, r := range related {
		if !r.Link {
			n++
		}
	}
	return n
}

// Stories fetches the stories a folder's articles link to from the
// folder's site, and keeps them. The feeds service implements it.
type Stories interface {
	// Story returns the story at a.Link, whose Ref, ID, Source, Title and
	// Origin the caller sets (the related item it is followed from): from
	// the store when it was fetched before, so it opens offline, else
	// fetched with the polite fetcher, read as an article (title, date,
	// byline, body as markdown) and stored as an article of a's source, so
	// that from then on it is listed, searchable and markable, and
	// resolves by id for every article that links to it. It comes whole
	// (Loaded), with a's Ref, ID and Origin, its links to other stories of
	// the site as Related by id (Site.Related) and the rest as links.
	Story(ctx context.Context, a *Article) (Article, error)
}
