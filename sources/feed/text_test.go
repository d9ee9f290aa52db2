package feed

import (
	"strings"
	"testing"

	"bulletin/model"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<p>One &amp; <b>two</b></p><p>Three</p>", "One & two\n\nThree"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<ul><li>x</li><li>y</li></ul>", "x\ny"},
		{"<script>var a = '<p>';</script><style>p{}</style>text", "text"},
		// Inline SVG and MathML keep their text, not their styles.
		{"Chart <svg><style>.a{}</style><text>sales</text><text>2024</text></svg> done", "Chart sales 2024 done"},
		{"<p><math><mi>x</mi><mo>=</mo><mn>2</mn></math></p>", "x=2"},
		// No-break and thin spaces are the writer's: kept.
		{"<p>10&nbsp;%  and&thinsp;more&#x2009;</p>", "10\u00a0% and\u2009more\u2009"},
		{"<p>esc \x1b[31mred\x1b[0m &#x1b;]52;c;SGk=&#7; osc</p>", "esc red osc"},
		{"  lots   of\t\tspace  \n\n\n\n next ", "lots of space\n\nnext"},
		{"<p>\u202eevil\u202c</p>", "evil"},
	}
	for _, tt := range tests {
		got := PlainText(tt.in)
		if got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if msg := model.Unclean(got, true); msg != "" {
			t.Errorf("PlainText(%q) = %q: %s", tt.in, got, msg)
		}
	}
}

func TestSkipMarkdownThenMarkdown(t *testing.T) {
	full := mustParse(t, rss2, ParseOptions{URL: "https://example.com/feed.xml"})
	lazy := mustParse(t, rss2, ParseOptions{URL: "https://example.com/feed.xml", SkipMarkdown: true})
	if len(full.Items) != len(lazy.Items) {
		t.Fatalf("%d items, %d with SkipMarkdown", len(full.Items), len(lazy.Items))
	}
	for i := range full.Items {
		f, l := full.Items[i], lazy.Items[i]
		if l.Body != "" || l.Links != nil || l.HTML == "" {
			t.Fatalf("item %d with SkipMarkdown: body %q links %v html %q", i, l.Body, l.Links, l.HTML)
		}
		if l.Key != f.Key || l.Title != f.Title || l.Base != "https://example.com/feed.xml" {
			t.Errorf("item %d: key %q title %q base %q", i, l.Key, l.Title, l.Base)
		}
		md, links := Markdown(l.HTML, l.Base)
		if md != f.Body || len(links) != len(f.Links) {
			t.Errorf("item %d: Markdown gives %q %v, Parse gave %q %v", i, md, links, f.Body, f.Links)
		}
		if text := PlainText(l.HTML); i == 0 && !strings.Contains(text, "Hello world, see about and x.") {
			t.Errorf("plain text %q", text)
		}
	}
}

func TestWithByline(t *testing.T) {
	if got := WithByline("  ", "Body."); got != "Body." {
		t.Errorf("no author: %q", got)
	}
	got := WithByline("Ann *the* [editor]\x1b[2J", "Body.")
	if got != `*Ann \*the\* \[editor\]*`+"\n\nBody." {
		t.Errorf("WithByline = %q", got)
	}
	// A body that starts with the byline already keeps it once.
	body := "*By A. Reporter*\n\nThe story."
	if got := WithByline("By A. Reporter", body); got != body {
		t.Errorf("the byline twice: %q", got)
	}
	if got := WithByline("A. Reporter", "By A. Reporter\n\nThe story."); got != "By A. Reporter\n\nThe story." {
		t.Errorf("the byline twice: %q", got)
	}
}
