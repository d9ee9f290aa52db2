package feed

import (
	"net/url"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"bulletin/model"
)

// markdownConverter is built once; a Converter is safe for concurrent use
// and never changes after it is built.
var markdownConverter = sync.OnceValue(func() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			// The default separates adjacent lists with an HTML comment.
			commonmark.WithListEndComment(false),
			commonmark.WithLinkEmptyHrefBehavior(commonmark.LinkBehaviorSkip),
			commonmark.WithLinkEmptyContentBehavior(commonmark.LinkBehaviorSkip),
		),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(),
	))
})

// Markdown converts an item's HTML to clean markdown, as Parse does for
// Item.Body: links resolved against base (a URL, or "" for none), links that
// are not http, https or mailto turned into their text, images that are not
// http or https dropped, no raw HTML, every text cleaned with
// model.CleanText. It returns the markdown and the body's http and https
// links.
func Markdown(html, base string) (string, []Link) {
	md, links, _ := htmlToMarkdown(html, parseBase(base))
	return md, links
}

// maxLinkText bounds the text kept for one link.
const maxLinkText = 200

// htmlToMarkdown converts an item's HTML to clean markdown. Before the
// conversion it resolves links against base, turns links that are not
// http, https or mailto into plain text, drops images that are not http or
// https and elements that carry no readable text, and cleans every text
// node. It returns the markdown, the body's http and https links, and the
// start of its text (for a title when the item has none).
func htmlToMarkdown(s string, base *url.URL) (string, []Link, string) {
	if strings.TrimSpace(s) == "" {
		return "", nil, ""
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		// html.Parse fails only on reader errors; keep the text, escaped.
		doc = &html.Node{Type: html.DocumentNode}
		doc.AppendChild(&html.Node{Type: html.TextNode, Data: s})
	}
	w := walker{base: base, seen: map[string]bool{}}
	w.walk(doc)
	md, err := markdownConverter().ConvertNode(doc)
	if err != nil {
		return cleanText(w.lead.String()), w.links, w.lead.String()
	}
	return strings.TrimSpace(cleanText(string(md))), w.links, w.lead.String()
}

type walker struct {
	base  *url.URL
	links []Link
	seen  map[string]bool
	lead  strings.Builder
}

// dropped are elements whose content is no text to read.
var dropped = map[atom.Atom]bool{
	atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Template: true, atom.Form: true, atom.Button: true,
	atom.Select: true, atom.Audio: true, atom.Video: true,
	atom.Source: true, atom.Track: true, atom.Frame: true, atom.Frameset: true,
	atom.Applet: true, atom.Iframe: true, atom.Script: true, atom.Style: true,
	atom.Noscript: true, atom.Head: true, atom.Title: true,
}

func (w *walker) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
			c.Data = cleanText(c.Data)
			if w.lead.Len() < 400 {
				w.lead.WriteString(c.Data)
			}
		case html.CommentNode, html.DoctypeNode:
			n.RemoveChild(c)
		case html.ElementNode:
			switch {
			case dropped[c.DataAtom] || c.DataAtom == 0 && strings.Contains(c.Data, ":"):
				// Namespaced leftovers (<o:p>, <svg:rect>) too.
				n.RemoveChild(c)
			case c.DataAtom == atom.Svg || c.DataAtom == atom.Math:
				// A chart's labels and a formula are text to read.
				text := &html.Node{Type: html.TextNode, Data: cleanText(foreignText(c))}
				n.InsertBefore(text, c)
				n.RemoveChild(c)
				if w.lead.Len() < 400 {
					w.lead.WriteString(text.Data)
				}
			case c.DataAtom == atom.Img:
				w.image(n, c)
			case c.DataAtom == atom.A:
				w.link(c)
				w.walk(c)
			default:
				if blockLike(c.DataAtom) && w.lead.Len() > 0 && w.lead.Len() < 400 {
					w.lead.WriteByte('\n')
				}
				keepAttrs(c, "colspan", "rowspan", "align", "start", "class")
				w.walk(c)
			}
		default:
			w.walk(c)
		}
		c = next
	}
}

func blockLike(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Pre, atom.Tr, atom.Section, atom.Article, atom.Figure, atom.Figcaption:
		return true
	}
	return false
}

// link keeps an http, https or mailto href, resolved, and records http and
// https links; any other link becomes its text.
func (w *walker) link(a *html.Node) {
	href, _ := attr(a, "href")
	title, _ := attr(a, "title")
	keepAttrs(a)
	u := resolve(w.base, href)
	if u == nil {
		return
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return
		}
	case "mailto":
	default:
		return
	}
	s := cleanLine(u.String())
	setAttr(a, "href", s)
	if t := cleanLine(title); t != "" {
		setAttr(a, "title", t)
	}
	if u.Scheme != "mailto" && !w.seen[s] {
		w.seen[s] = true
		text := cleanLine(textOf(a, maxLinkText))
		w.links = append(w.links, Link{URL: s, Title: text})
	}
}

// image keeps an http or https image, resolved, with its alt text; any other
// image is removed.
func (w *walker) image(parent, img *html.Node) {
	src, _ := attr(img, "src")
	alt, _ := attr(img, "alt")
	title, _ := attr(img, "title")
	keepAttrs(img)
	u := resolve(w.base, src)
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		parent.RemoveChild(img)
		return
	}
	setAttr(img, "src", cleanLine(u.String()))
	if alt = cleanLine(alt); alt != "" {
		setAttr(img, "alt", alt)
	}
	if title = cleanLine(title); title != "" {
		setAttr(img, "title", title)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// keepAttrs drops every attribute but the named ones.
func keepAttrs(n *html.Node, keep ...string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		for _, k := range keep {
			if a.Namespace == "" && a.Key == k {
				a.Val = cleanLine(a.Val)
				out = append(out, a)
				break
			}
		}
	}
	n.Attr = out
}

// textOf returns up to limit bytes of the text below n.
func textOf(n *html.Node, limit int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < limit; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Img {
					if alt, ok := attr(c, "alt"); ok {
						b.WriteString(alt)
					}
				}
				walk(c)
			}
		}
	}
	walk(n)
	s := b.String()
	if len(s) > limit {
		s = strings.ToValidUTF8(s[:limit], "")
	}
	return s
}

// textLine turns a one-line field that may hold HTML (an Atom title of type
// html, an RSS title with escaped tags or entities) into clean text.
func textLine(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = lineText(s)
	}
	return cleanLine(s)
}

// WithByline puts an author's name, in italics, above a markdown body; the
// body alone when there is no name. The name is one clean line whose
// markup characters are escaped, so it shows as written.
func WithByline(author, body string) string {
	author = model.CleanLine(author)
	if author == "" || bylineFirst(author, body) {
		return body
	}
	var b strings.Builder
	b.WriteByte('*')
	for _, c := range author {
		if strings.ContainsRune("\\`*_[]<>#!|~&", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteString("*\n\n")
	b.WriteString(body)
	return b.String()
}

// bylineFirst reports whether the body already starts with the byline, as
// a page whose byline paragraph the readable text kept does: once is
// enough.
func bylineFirst(author, body string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(body), "\n\n")
	first = strings.Trim(strings.TrimSpace(first), "*_ ")
	bare := func(s string) string {
		s = strings.ToLower(model.CleanLine(s))
		return strings.TrimPrefix(s, "by ")
	}
	return bare(first) == bare(author)
}
