package feed

import (
	"strings"
	"testing"
)

// TestParseWhereTheBodyIs checks that an item's text is found wherever the
// feed puts it, the full text before the summary.
func TestParseWhereTheBodyIs(t *testing.T) {
	const rss = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:xhtml="http://www.w3.org/1999/xhtml"><channel><title>B</title><item><title>i</title><guid>1</guid>%s</item></channel></rss>`
	const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><entry><title>e</title><id>1</id>%s</entry></feed>`
	const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>B</title><entry><title>e</title><id>1</id>%s</entry></feed>`
	tests := []struct {
		name, doc, inner string
		want             []string
		not              string
	}{
		{"content:encoded wins over description", rss, `<description>the summary</description><content:encoded>&lt;p&gt;the &lt;b&gt;full&lt;/b&gt; text&lt;/p&gt;</content:encoded>`, []string{"the **full** text"}, "summary"},
		{"description when there is no content", rss, `<description>the summary</description><content:encoded>  </content:encoded>`, []string{"the summary"}, ""},
		{"RSS body element", rss, `<body><p>Body with <a href="/in">a link</a></p></body>`, []string{"Body with [a link](https://b.example/in)"}, ""},
		{"xhtml:body", rss, `<description>short</description><xhtml:body><xhtml:p>Namespaced <xhtml:em>XHTML</xhtml:em> body</xhtml:p></xhtml:body>`, []string{"Namespaced *XHTML* body"}, "short"},
		{"body in the XHTML default namespace", rss, `<body xmlns="http://www.w3.org/1999/xhtml"><h2>Head</h2><p>Para</p></body>`, []string{"## Head", "Para"}, ""},
		{"fullitem", rss, `<description>short</description><fullitem>&lt;p&gt;The &lt;i&gt;whole&lt;/i&gt; story&lt;/p&gt;</fullitem>`, []string{"The *whole* story"}, "short"},
		{"media:description in a media:group", rss, `<media:group><media:content url="https://v.example/a.mp4" type="video/mp4"/><media:description>What the video shows</media:description></media:group>`, []string{"What the video shows"}, ""},
		{"media:description of the item, html", rss, `<media:description type="html">&lt;b&gt;Bold&lt;/b&gt; caption</media:description>`, []string{"**Bold** caption"}, ""},
		{"Atom 0.3 content in base64 mode", atom03, `<content type="text/html" mode="base64">PHA+RGVjb2RlZCA8Yj5ib2R5PC9iPjwvcD4=</content>`, []string{"Decoded **body**"}, "PHA+"},
		{"Atom content typed ;base64", atom, `<content type="text/plain;base64">UGxhaW4gPHRleHQ+</content>`, []string{"Plain &lt;text&gt;"}, "UGxh"},
		{"Atom content elsewhere", atom, `<summary>What it is about</summary><content type="text/html" src="/full/1.html"/>`, []string{"What it is about", "[https://b.example/full/1.html](https://b.example/full/1.html)"}, ""},
		{"Atom content elsewhere, no summary", atom, `<content src="https://other.example/doc"/>`, []string{"The full content is at [https://other.example/doc](https://other.example/doc)"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, strings.Replace(tt.doc, "%s", tt.inner, 1), ParseOptions{URL: "https://b.example/feed.xml"})
			if len(f.Items) != 1 {
				t.Fatalf("%d items", len(f.Items))
			}
			it := f.Items[0]
			for _, w := range tt.want {
				if !strings.Contains(it.Body, w) {
					t.Errorf("body %q lacks %q", it.Body, w)
				}
			}
			if tt.not != "" && strings.Contains(it.Body, tt.not) {
				t.Errorf("body %q holds %q", it.Body, tt.not)
			}
			if it.HTML == "" {
				t.Error("no HTML kept for the store")
			}
		})
	}
}

func TestParseContentElsewhereIsTheLink(t *testing.T) {
	f := mustParse(t, `<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><entry><title>e</title><id>1</id><content src="/doc/7"/></entry></feed>`, ParseOptions{URL: "https://b.example/feed.xml"})
	if got := f.Items[0].Link; got != "https://b.example/doc/7" {
		t.Fatalf("link %q, want the content's address", got)
	}
}

// TestParseBodiesStayWithTheirItems checks that bodies found in the raw XML
// go to their own items when only some items have one.
func TestParseBodiesStayWithTheirItems(t *testing.T) {
	f := mustParse(t, `<rss version="2.0"><channel><title>B</title>
<item><title>a</title><guid>a</guid><description>plain a</description></item>
<item><title>b</title><guid>b</guid><body><p>body of b</p></body></item>
<item><title>c</title><guid>c</guid><description>plain c</description></item></channel></rss>`, ParseOptions{})
	for i, want := range []string{"plain a", "body of b", "plain c"} {
		if f.Items[i].Body != want {
			t.Errorf("item %d body %q, want %q", i, f.Items[i].Body, want)
		}
	}
}
