package feed

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"bulletin/model"
)

// Related makes links a related list: each link is matched to the
// library's articles by its URL alone (model.Related.Link).
func Related(links []Link) []model.Related {
	out := make([]model.Related, len(links))
	for i, l := range links {
		out[i] = model.Related{ID: l.URL, Title: l.Title, Link: true}
	}
	return out
}

// MarkdownLinks finds the http and https links of markdown again, as
// Markdown returned them with it: each URL once, in order, with its text,
// images left out. A cached page keeps only its markdown.
func MarkdownLinks(md string) []Link {
	src := []byte(md)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var out []Link
	seen := map[string]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		link, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		u := string(link.Destination)
		if (strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) && !seen[u] {
			seen[u] = true
			out = append(out, Link{URL: u, Title: model.CleanLine(strings.Join(strings.Fields(inlineText(link, src)), " "))})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// inlineText is the text of an inline node's children, markup left out.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan, *ast.Emphasis, *ast.Image: // an image: its alt text
			b.WriteString(inlineText(c, src))
		}
	}
	return b.String()
}

// MarkdownText is the plain text of markdown, for the full-text index and
// snippets: its words without the markup and the links' addresses, a blank
// line between blocks.
func MarkdownText(md string) string {
	src := []byte(md)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteString("\n\n")
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(n.Segment.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	blocks := strings.Split(b.String(), "\n\n")
	out := blocks[:0]
	for _, p := range blocks {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
