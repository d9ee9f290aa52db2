package feed

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"html"
	"io"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
)

// rawBody is what the XML of one item holds that gofeed loses: an XHTML
// <body> (gofeed keeps its text without the markup) and Atom content in
// base64 (gofeed leaves it encoded when its type is text/html).
type rawBody struct {
	body    string // the body's XHTML, made HTML
	decoded string // the base64 content, decoded
	text    bool   // decoded is plain text, not HTML
}

// scanRawBodies reads the bodies gofeed loses, one entry per item (<item>
// or <entry>) in document order; nil when the document has none, which a
// look for the few bytes they need tells without parsing, so that the
// common feed is parsed once.
func scanRawBodies(data []byte) []rawBody {
	if !bytes.Contains(data, []byte("base64")) && !hasBodyElement(data) {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var out []rawBody
	depth, itemDepth := 0, -1
	found := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case itemDepth < 0 && (t.Name.Local == "item" || t.Name.Local == "entry"):
				itemDepth = depth
				out = append(out, rawBody{})
			case itemDepth >= 0 && depth == itemDepth+1 && t.Name.Local == "body":
				out[len(out)-1].body = xhtmlAsHTML(d)
				found = true
				depth--
			case itemDepth >= 0 && depth == itemDepth+1 && t.Name.Local == "content" && base64Content(t):
				out[len(out)-1].decoded, out[len(out)-1].text = decodeBase64Content(d, t)
				found = true
				depth--
			}
		case xml.EndElement:
			if depth == itemDepth {
				itemDepth = -1
			}
			depth--
		}
	}
	if !found {
		return nil
	}
	return out
}

// hasBodyElement looks for a <body> or <prefix:body> start tag.
func hasBodyElement(data []byte) bool {
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("body"))
		if j < 0 {
			return false
		}
		at := i + j
		i = at + 4
		if at > 0 && (data[at-1] == '<' || data[at-1] == ':') {
			return true
		}
	}
}

// xhtmlAsHTML reads the rest of an element whose start tag was just read
// and writes its content as HTML: namespace prefixes and xmlns attributes
// dropped (the HTML parser reads <xhtml:p> as an unknown element), text
// escaped.
func xhtmlAsHTML(d *xml.Decoder) string {
	var b strings.Builder
	for depth := 1; ; {
		tok, err := d.RawToken()
		if err != nil {
			return b.String()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			b.WriteByte('<')
			b.WriteString(t.Name.Local)
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" && a.Name.Space == "" {
					continue
				}
				b.WriteByte(' ')
				b.WriteString(a.Name.Local)
				b.WriteString(`="`)
				b.WriteString(html.EscapeString(a.Value))
				b.WriteByte('"')
			}
			b.WriteByte('>')
		case xml.EndElement:
			if depth--; depth == 0 {
				return b.String()
			}
			b.WriteString("</")
			b.WriteString(t.Name.Local)
			b.WriteByte('>')
		case xml.CharData:
			b.WriteString(html.EscapeString(string(t)))
		}
	}
}

// base64Content reports Atom content that says it is base64: mode="base64"
// (Atom 0.3) or a type such as "text/html;base64".
func base64Content(t xml.StartElement) bool {
	for _, a := range t.Attr {
		v := strings.ToLower(strings.TrimSpace(a.Value))
		if a.Name.Local == "mode" && v == "base64" || a.Name.Local == "type" && strings.HasSuffix(v, ";base64") {
			return true
		}
	}
	return false
}

// decodeBase64Content reads base64 content to its end tag and decodes it;
// whether it is plain text goes by its type. Content that does not decode
// is kept as it is, so that no text is lost.
func decodeBase64Content(d *xml.Decoder, t xml.StartElement) (string, bool) {
	typ := ""
	for _, a := range t.Attr {
		if a.Name.Local == "type" {
			typ = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(a.Value), ";base64")))
		}
	}
	var b strings.Builder
	for depth := 1; depth > 0; {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(t)
		}
	}
	enc := strings.Join(strings.Fields(b.String()), "")
	out, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		if out, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(enc, "=")); err != nil {
			return b.String(), true
		}
	}
	text := typ == "text" || typ == "text/plain"
	return string(out), text
}

// itemBody chooses an item's body, the full text before the summary: the
// content (content:encoded, Atom content), an XHTML <body>, <fullitem>,
// then the summary (description, Atom summary), the item's or its media
// group's media:description, the iTunes summary. Atom content that is
// elsewhere (src="...") is said to be there, with a link, below the
// summary.
func itemBody(gi *gofeed.Item, raw rawBody, entry *atom.Entry, base *url.URL) string {
	switch {
	case raw.decoded != "" && raw.text:
		return textToHTML(raw.decoded)
	case raw.decoded != "":
		return raw.decoded
	case entry != nil && entry.Content != nil && strings.TrimSpace(entry.Content.Src) != "":
		return firstText(gi.Content, gi.Description, mediaDescription(gi.Extensions)) + elsewhere(base, entry.Content.Src)
	}
	if s := firstText(gi.Content, raw.body, gi.Custom["fullitem"], gi.Description, mediaDescription(gi.Extensions)); s != "" {
		return s
	}
	if gi.ITunesExt != nil {
		return textToHTML(gi.ITunesExt.Summary)
	}
	return ""
}

// elsewhere says where out-of-line content is, as a paragraph with a link.
func elsewhere(base *url.URL, src string) string {
	if abs := resolveHTTP(base, src); abs != "" {
		src = abs
	}
	return `<p>The full content is at <a href="` + html.EscapeString(src) + `">` + html.EscapeString(src) + `</a>.</p>`
}

func firstText(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// mediaDescription is the Media RSS description of an item, or of its
// media group or of one of the group's media: HTML as it is, plain text
// (the default) made HTML.
func mediaDescription(exts ext.Extensions) string {
	media := exts["media"]
	if media == nil {
		return ""
	}
	if s := mediaText(media["description"]); s != "" {
		return s
	}
	for _, g := range media["group"] {
		if s := mediaText(g.Children["description"]); s != "" {
			return s
		}
		for _, c := range g.Children["content"] {
			if s := mediaText(c.Children["description"]); s != "" {
				return s
			}
		}
	}
	for _, c := range media["content"] {
		if s := mediaText(c.Children["description"]); s != "" {
			return s
		}
	}
	return ""
}

func mediaText(descs []ext.Extension) string {
	for _, d := range descs {
		if strings.TrimSpace(d.Value) == "" {
			continue
		}
		if strings.EqualFold(d.Attrs["type"], "html") {
			return d.Value
		}
		return textToHTML(d.Value)
	}
	return ""
}
