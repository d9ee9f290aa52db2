package feed

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"bulletin/model"
)

// feedTypes are the media types of <link rel="alternate"> that name feeds.
var feedTypes = map[string]bool{
	"application/rss+xml":    true,
	"application/atom+xml":   true,
	"application/rdf+xml":    true,
	"application/feed+json":  true,
	"application/x.atom+xml": true,
	"application/x-atom+xml": true,
}

// maxDiscoverLinks bounds what one page can offer.
const maxDiscoverLinks = 32

// DiscoverHTML finds the feeds an HTML page names in its <link
// rel="alternate" type="application/rss+xml|atom+xml|feed+json"> elements,
// resolved against the page's <base href> or pageURL, in page order and
// each once. contentType, the page's Content-Type, gives its charset.
func DiscoverHTML(page []byte, pageURL, contentType string) []Link {
	var r io.Reader = bytes.NewReader(page)
	if cr, err := charset.NewReader(r, contentType); err == nil {
		r = cr
	}
	base, _ := url.Parse(pageURL)
	if base != nil && base.Scheme == "" {
		base = nil
	}
	local := base != nil && base.Scheme == "file"
	var links []Link
	seen := map[string]bool{}
	z := html.NewTokenizer(r)
	for len(links) < maxDiscoverLinks {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr || (string(name) != "link" && string(name) != "base") {
			continue
		}
		attrs := map[string]string{}
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			if _, dup := attrs[string(k)]; !dup {
				attrs[string(k)] = string(v)
			}
		}
		if string(name) == "base" {
			if u := resolve(base, attrs["href"]); u != nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				base, local = u, false
			}
			continue
		}
		if !hasToken(attrs["rel"], "alternate") {
			continue
		}
		typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
		if i := strings.IndexByte(typ, ';'); i >= 0 {
			typ = strings.TrimSpace(typ[:i])
		}
		if !feedTypes[typ] {
			continue
		}
		u := resolve(base, attrs["href"])
		if u == nil || u.Host == "" && !(local && u.Scheme == "file") {
			continue
		}
		if u.Scheme != "http" && u.Scheme != "https" && !(local && u.Scheme == "file") {
			continue
		}
		s := model.CleanLine(u.String())
		if seen[s] {
			continue
		}
		seen[s] = true
		links = append(links, Link{URL: s, Title: textLine(attrs["title"]), Type: typ})
	}
	return links
}

func hasToken(list, token string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

// Discover finds the feeds behind a URL a user gave: the URL itself when it
// is a feed, else the feeds its HTML page links to. It fails when it finds
// none.
func (f *Fetcher) Discover(ctx context.Context, rawURL string) ([]Link, error) {
	r := f.Fetch(ctx, State{URL: rawURL})
	switch {
	case r.Status == Fetched:
		return []Link{{URL: r.State.URL, Title: r.Feed.Title, Type: r.Feed.Format}}, nil
	case len(r.Alternates) > 0:
		return r.Alternates, nil
	case r.Err != nil:
		return nil, r.Err
	}
	return nil, fmt.Errorf("feed: %s: %s", model.CleanLine(rawURL), r.Status)
}
