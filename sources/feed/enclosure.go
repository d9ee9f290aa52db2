package feed

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// Enclosure is a file an item carries: a podcast's audio, a video, an
// image (RSS <enclosure>, Atom link rel="enclosure", a JSON Feed
// attachment, Media RSS media:content).
type Enclosure struct {
	// URL is absolute, http or https.
	URL string
	// Type is the media type the feed gives, "" when none.
	Type string
	// Length is the size in bytes the feed gives, 0 when unknown.
	Length int64
}

// enclosures gathers an item's enclosures, each URL once, resolved
// against base like the item's links; those that cannot be made http or
// https URLs are left out (there is nothing a reader could fetch).
func enclosures(gi *gofeed.Item, base *url.URL) []Enclosure {
	var out []Enclosure
	seen := map[string]bool{}
	add := func(raw, typ, length string) {
		u := resolveHTTP(base, raw)
		if u == "" || seen[u] {
			return
		}
		seen[u] = true
		n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
		if err != nil || n < 0 {
			n = 0
		}
		out = append(out, Enclosure{URL: u, Type: cleanLine(strings.TrimSpace(typ)), Length: n})
	}
	for _, e := range gi.Enclosures {
		if e != nil {
			add(e.URL, e.Type, e.Length)
		}
	}
	media := gi.Extensions["media"]
	contents := media["content"]
	for _, g := range media["group"] {
		contents = append(contents, g.Children["content"]...)
	}
	for _, c := range contents {
		add(c.Attrs["url"], mediaType(c), c.Attrs["fileSize"])
	}
	return out
}

// mediaType is a media:content's type, else its medium ("video").
func mediaType(c ext.Extension) string {
	if t := c.Attrs["type"]; t != "" {
		return t
	}
	return c.Attrs["medium"]
}
