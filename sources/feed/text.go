package feed

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PlainText is the readable text of an item's HTML, for a full-text index
// and for snippets: tags dropped, entities decoded, the content of scripts,
// styles and the like skipped, a line break between blocks, runs of blank
// lines and spaces collapsed, every character cleaned with model.CleanText.
// It is several times cheaper than Markdown.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapse(cleanText(s))
	}
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside elements whose text is not text
	svg := 0  // depth inside SVG, whose text elements are words apart
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapse(cleanText(b.String()))
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Svg && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					svg++
				} else if svg > 0 {
					svg--
				}
			}
			if svg > 0 {
				b.WriteByte(' ')
			}
			if dropped[a] && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
				continue
			}
			switch {
			case a == atom.Li || a == atom.Br || a == atom.Tr || a == atom.Td || a == atom.Th || a == atom.Hr:
				// A line of its own, without a blank line between.
				if tt != html.EndTagToken {
					b.WriteByte('\n')
				}
			case blockLike(a) || a == atom.Ul || a == atom.Ol || a == atom.Table:
				b.WriteByte('\n')
			}
		}
	}
}

// collapse trims each line, collapses runs of spaces, and keeps at most one
// blank line between paragraphs.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blank := false
	for line := range strings.SplitSeq(s, "\n") {
		line = squeezeSpaces(line)
		if line == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(line)
	}
	return b.String()
}

// squeezeSpaces trims the ASCII white space at the ends of a line and
// collapses each run of it inside to one space. Other spaces (no-break,
// thin) are the writer's and stay.
func squeezeSpaces(line string) string {
	var b strings.Builder
	b.Grow(len(line))
	pending := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\r', '\v', '\f':
			pending = true
		default:
			if pending && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pending = false
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lineText is the text of a one-line field that holds HTML: entities
// decoded, tags dropped, and the content of a script or style element left
// out (a title of type html may carry one). An unclosed script is kept as
// text: it is more likely a title about a <script> tag than code.
func lineText(s string) string {
	var b []byte
	hidden := -1 // where the open script or style's text starts
	var hiding atom.Atom
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return string(b)
		case html.TextToken:
			b = append(b, z.Text()...)
		case html.StartTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); hidden < 0 && (a == atom.Script || a == atom.Style) {
				hidden, hiding = len(b), a
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if hidden >= 0 && atom.Lookup(name) == hiding {
				b, hidden = b[:hidden], -1
			}
		}
	}
}

// foreignText is the text of an inline SVG or MathML element, without the
// content of elements that hold no text to read (style, script, title):
// an SVG's text elements are words apart, a formula's parts are not
// (x=2).
func foreignText(n *html.Node) string {
	sep := ""
	if n.DataAtom == atom.Svg {
		sep = " "
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && !dropped[c.DataAtom] && !dropped[atom.Lookup([]byte(c.Data))]:
				b.WriteString(sep)
				walk(c)
				b.WriteString(sep)
			}
		}
	}
	walk(n)
	return squeezeSpaces(strings.ReplaceAll(b.String(), "\n", " "))
}
