package feed

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"bulletin/model"
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
	// Where the body is, links, enclosures, cut-off documents, wide
	// encodings and documents that are no feed.
	f.Add([]byte(`<rss version="2.0" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>b</title><item><title>x</title><xhtml:body><xhtml:p a="1" xmlns:q="u">Hi <xhtml:a href="/r">r</xhtml:a></xhtml:p></xhtml:body></item><item><fullitem>&lt;p&gt;full&lt;/p&gt;</fullitem></item><item><media:group><media:content url="v.mp4" fileSize="-3"/><media:description type="html">&lt;b&gt;m&lt;/b&gt;</media:description></media:group></item><item><body><p>raw <body>nested</body></p></body></item></channel></rss>`), "")
	f.Add([]byte(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><id>1</id><content type="text/html" mode="base64">PHA+YjwvcD4=</content></entry><entry><id>2</id><content type="text/plain;base64">not base64!</content></entry><entry><id>3</id><content src="//o.example/x"/></entry></feed>`), "")
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://b.example/a/"><entry xml:base="b/"><id>1</id><link href="café"/><link rel="enclosure" href="t.ogg" length="x"/><content type="html" xml:base="c/">&lt;a href="http://bücher.example/ö"&gt;i&lt;/a&gt;&lt;a href="//p.example/"&gt;p&lt;/a&gt;</content></entry></feed>`), "")
	f.Add([]byte(`<rss version="2.0"><channel><title>c</title><item><title>a</title><link>/s</link></item><item><title>b</title><link>/s</link></item><item><title>a</title><link>/s</link></item><item><guid>g</guid><enclosure url="e.mp3" type="audio/mpeg" length="12"/></item></channel></rs`), "")
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>i</title></item><item><title>j</title></ite`), "")
	f.Add([]byte("<\x00?\x00x\x00m\x00l\x00 \x00?\x00>\x00<\x00r\x00s\x00s\x00>\x00"), "")
	f.Add([]byte("\x00\x00\xfe\xff\x00\x00\x00<\x00\x00\x00r\x00\x00\x00s\x00\x00\x00s\x00\x00\x00>"), "")
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "x"><!ENTITY b "&a;&a;"><!ENTITY c "&b;&b;">]><l>&c;</l>`), "")
	f.Add([]byte(`{"title":"no version","entries":[1,2]}`), "application/json")
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png")
	f.Add([]byte(dateFeed), "")
	f.Add([]byte(charsFeed), "")
	f.Add([]byte("<rss><channel><title>caf\u00c3\u00a9 \u00e2\u20ac\u2122 \u00c3</title><item><title>\u00c3\u201d \u00c3\u0080\u009d0;x\u009c \u00f0\u0178\u02dc\u20ac</title><description>&lt;svg&gt;&lt;text&gt;a&lt;/text&gt;&lt;style&gt;b&lt;/style&gt;&lt;/svg&gt;&lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/math&gt;&amp;nbsp;</description></item></channel></rss>"), "")
	f.Add([]byte(`<rss><channel><item><title>&lt;script&gt;a&lt;style&gt;b&lt;/script&gt;c&lt;/style&gt;d&amp;ensp;</title></item></channel></rss>`), "text/xml")
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>d</title><entry><id>1</id><title>a</title><published>2003-12</published><updated>Etc/GMT+5</updated></entry><entry><id>2</id><title>b</title><updated>0099-06-01</updated></entry></feed>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"t","date_published":"12 de maio de 2021","date_modified":"2003-12-31 10:14:55 +0100"}]}`), "")
	// Thumbnails: of a group, of a content, alone, not an address.
	f.Add([]byte(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>V</title><item><title>v</title><media:group><media:content url="c.mp4" type="video/mp4"/><media:thumbnail url="javascript:x"/><media:thumbnail url="/s.jpg"/></media:group></item><item><title>p</title><media:content url="p.jpg" type="image/jpeg"><media:thumbnail url="t.jpg"/></media:content></item><item><media:thumbnail url="//x.example/t?id=1"/><media:thumbnail/></item></channel></rss>`), "")
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
			if found := MarkdownLinks(it.Body); !slices.Equal(found, it.Links) {
				t.Fatalf("MarkdownLinks(%q) = %+v, Parse gave %+v", it.Body, found, it.Links)
			}
			if keys[it.Key] {
				t.Fatalf("duplicate key %q", it.Key)
			}
			keys[it.Key] = true
		}
	})
}

// FuzzDiscoverHTML checks that no page panics discovery, and that what it
// finds are clean, absolute http or https links.
func FuzzDiscoverHTML(f *testing.F) {
	f.Add([]byte(`<html><head><link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml"><link rel="alternate feed" type="application/atom+xml" href="https://x.example/atom"></head></html>`), "text/html")
	f.Add([]byte(`<link rel=alternate type=application/feed+json href="javascript:alert(1)" title="&#x1b;[2J">`), "text/html; charset=windows-1251")
	f.Add([]byte(articlePage), "text/html; charset=utf-8")
	f.Fuzz(func(t *testing.T, page []byte, ctype string) {
		for _, l := range DiscoverHTML(page, "https://fuzz.example/site/", ctype) {
			if !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "https://") {
				t.Fatalf("discovered %q, not http or https", l.URL)
			}
			for _, s := range []string{l.URL, l.Title, l.Type} {
				if msg := model.Unclean(s, false); msg != "" {
					t.Fatalf("discovered field %q: %s", s, msg)
				}
			}
		}
	})
}

// FuzzReadable checks that no page panics the readable extraction, and
// that its markdown is as safe as an item's.
func FuzzReadable(f *testing.F) {
	f.Add([]byte(articlePage), "text/html; charset=utf-8")
	f.Add([]byte(`<html><body><article><p>One <a href="javascript:x()">bad</a> and <a href="/good">good</a> link.</p><script>alert(1)</script></article></body></html>`), "text/html")
	f.Add([]byte("<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9 \x1b[2J</p></body></html>"), "")
	base, _ := url.Parse("https://fuzz.example/news/story")
	f.Fuzz(func(t *testing.T, page []byte, ctype string) {
		p, err := readable(page, ctype, base)
		if err != nil {
			return
		}
		for _, s := range []string{p.Title, p.Byline} {
			if msg := model.Unclean(s, false); msg != "" {
				t.Fatalf("field %q: %s", s, msg)
			}
		}
		if msg := model.Unclean(p.Markdown, true); msg != "" {
			t.Fatalf("markdown %q: %s", p.Markdown, msg)
		}
		for _, l := range p.Links {
			if !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "https://") {
				t.Fatalf("link %q is not http or https", l.URL)
			}
		}
	})
}
