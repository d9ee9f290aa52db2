package feed

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"bulletin/model"
)

// Enclosure is a file an item carries: a podcast's audio, a video, an
// image (RSS <enclosure>, Atom link rel="enclosure", a JSON Feed
// attachment, Media RSS media:content, and a media:thumbnail when there is
// no image among those).
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
	if !slices.ContainsFunc(out, isImage) {
		// A video's still or an article's photo, for the reader to show
		// above the text: the first one only, as the others are the same
		// picture at other sizes.
		for _, th := range thumbnails(media) {
			n := len(out)
			add(th.Attrs["url"], thumbnailType, "")
			if len(out) > n {
				break
			}
		}
	}
	return out
}

// thumbnailType is the type given to a media:thumbnail, which has none: an
// image of some kind.
const thumbnailType = "image/*"

// thumbnails are an item's media:thumbnail elements, its own then those
// of its media:group and media:content elements.
func thumbnails(media map[string][]ext.Extension) []ext.Extension {
	out := slices.Clone(media["thumbnail"])
	for _, g := range media["group"] {
		out = append(out, g.Children["thumbnail"]...)
		for _, c := range g.Children["content"] {
			out = append(out, c.Children["thumbnail"]...)
		}
	}
	for _, c := range media["content"] {
		out = append(out, c.Children["thumbnail"]...)
	}
	return out
}

func isImage(e Enclosure) bool {
	return model.Enclosure{URL: e.URL, Type: e.Type}.Kind() == "image"
}

// mediaType is a media:content's type, else its medium ("video").
func mediaType(c ext.Extension) string {
	if t := c.Attrs["type"]; t != "" {
		return t
	}
	return c.Attrs["medium"]
}
