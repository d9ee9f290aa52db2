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
		line = strings.Join(strings.Fields(line), " ")
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
