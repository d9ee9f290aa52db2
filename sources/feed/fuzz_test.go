package feed

import (
	"bulletin/model"
	"testing"
)

// FuzzParse checks that no input panics Parse, and that what it returns
// keeps the package's promise: clean one-line fields and bodies, markdown
// without raw HTML or links other than http, https and mailto, titles on
// every item, and keys without duplicates.
func FuzzParse(f *testing.F) {
	f.Add([]byte(rss2), "")
	f.Add([]byte(`<rss version="0.91"><channel><title>t</title><item><title>i</title><link>/x</link></item></channel></rss>`), "text/xml; charset=iso-8859-1")
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>r</title></channel><item><title>i</title><link>http://x/1</link></item></rdf:RDF>`), "")
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://b/"><title type="html">&lt;b&gt;A&lt;/b&gt;</title><entry><id>1</id><link href="e"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="javascript:x">j</a></div></content></entry></feed>`), "")
	f.Add([]byte(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>a</title><entry><title>e</title><issued>2026-01-01T00:00:00Z</issued></entry></feed>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"j\u001b[2J","items":[{"id":"1","content_html":"<p>\u001b]8;;x\u0007a<img src=data:x></p>","content_text":"t"}]}`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"/a"},{"url":"/a"}]}`), "application/feed+json")
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>\xcf\xf0\xe8</title><item><description>&#x1b;]52;c;eA==&#7;\x1b[2J&lt;!--x--&gt;</description></item></channel></rss>"), "")
	f.Add([]byte("<rss><channel><item><description><![CDATA[<ul><li>a</li></ul><ul><li>b</li></ul><table><tr><td>x|y</td></tr></table><pre>&lt;b&gt;</pre>]]></description></item></channel></rss>"), "")
	f.Fuzz(func(t *testing.T, data []byte, ctype string) {
		feed, err := Parse(data, ParseOptions{URL: "https://fuzz.example/feed", ContentType: ctype, Now: firstSeen})
		if err != nil {
			return
		}
		assertCleanFeed(t, feed)
		keys := map[string]bool{}
		for _, it := range feed.Items {
			if text := PlainText(it.HTML); model.Unclean(text, true) != "" {
				t.Fatalf("PlainText(%q) = %q: %s", it.HTML, text, model.Unclean(text, true))
			}
			if md, _ := Markdown(it.HTML, it.Base); md != it.Body {
				t.Fatalf("Markdown(%q, %q) = %q, Parse gave %q", it.HTML, it.Base, md, it.Body)
			}
			if keys[it.Key] {
				t.Fatalf("duplicate key %q", it.Key)
			}
			keys[it.Key] = true
		}
	})
}
