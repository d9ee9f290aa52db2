package feed

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"bulletin/model"
)

var firstSeen = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func mustParse(t testing.TB, data string, opts ParseOptions) *Feed {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = firstSeen
	}
	f, err := Parse([]byte(data), opts)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	assertCleanFeed(t, f)
	return f
}

// assertCleanFeed checks the package's promise on every field: one-line
// fields pass CleanLine's rules, bodies CleanText's, and bodies are markdown
// without raw HTML whose links are http, https or mailto.
func assertCleanFeed(t testing.TB, f *Feed) {
	t.Helper()
	for name, s := range map[string]string{"feed title": f.Title, "feed link": f.Link, "description": f.Description, "format": f.Format} {
		if msg := model.Unclean(s, false); msg != "" {
			t.Fatalf("%s %q: %s", name, s, msg)
		}
	}
	for i, it := range f.Items {
		fields := map[string]string{"key": it.Key, "guid": it.GUID, "title": it.Title, "link": it.Link, "author": it.Author, "date": it.DateText}
		for j, c := range it.Categories {
			fields[fmt.Sprint("category ", j)] = c
		}
		for j, l := range it.Links {
			fields[fmt.Sprint("link url ", j)] = l.URL
			fields[fmt.Sprint("link title ", j)] = l.Title
			if !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "https://") {
				t.Fatalf("item %d: link %q is not http or https", i, l.URL)
			}
		}
		for j, e := range it.Enclosures {
			fields[fmt.Sprint("enclosure url ", j)] = e.URL
			fields[fmt.Sprint("enclosure type ", j)] = e.Type
			if !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
				t.Fatalf("item %d: enclosure %q is not http or https", i, e.URL)
			}
		}
		for j, w := range f.Warnings {
			fields[fmt.Sprint("warning ", j)] = w
		}
		for name, s := range fields {
			if name == "key" {
				// Keys join a title and a date: one line, clean.
				s = strings.TrimSpace(s)
			}
			if msg := model.Unclean(s, false); msg != "" {
				t.Fatalf("item %d %s %q: %s", i, name, s, msg)
			}
		}
		if it.Title == "" {
			t.Fatalf("item %d has no title", i)
		}
		if msg := model.Unclean(it.Body, true); msg != "" {
			t.Fatalf("item %d body %q: %s", i, it.Body, msg)
		}
		if msg := unsafeMarkdown(it.Body); msg != "" {
			t.Fatalf("item %d body %q: %s", i, it.Body, msg)
		}
	}
}

// unsafeMarkdown parses md as CommonMark and reports raw HTML or a link that
// is not http, https or mailto.
func unsafeMarkdown(md string) string {
	src := []byte(md)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var msg string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch n := n.(type) {
		case *ast.HTMLBlock:
			msg = "raw HTML block"
		case *ast.RawHTML:
			msg = fmt.Sprintf("raw HTML %q", n.Segments.Value(src))
		case *ast.Link:
			dest = string(n.Destination)
		case *ast.Image:
			dest = string(n.Destination)
		case *ast.AutoLink:
			dest = string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				dest = "mailto:" + dest
			}
		}
		if dest != "" && !strings.HasPrefix(dest, "http://") && !strings.HasPrefix(dest, "https://") && !strings.HasPrefix(dest, "mailto:") {
			msg = fmt.Sprintf("link to %q", dest)
		}
		if msg != "" {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return msg
}

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Example &amp; Co</title>
<link>https://example.com/</link>
<description>News</description>
<item>
  <title>First &lt;b&gt;post&lt;/b&gt;</title>
  <link>/2026/first</link>
  <guid isPermaLink="false">id-1</guid>
  <pubDate>Mon, 02 Feb 2026 10:00:00 +0100</pubDate>
  <dc:creator>Ann Author</dc:creator>
  <category>Go</category><category>Go</category><category>Terminals</category>
  <description>short</description>
  <content:encoded><![CDATA[<p>Hello <b>world</b>, see <a href="/about">about</a> and <a href="https://other.example/x">x</a>.</p><ul><li>one</li></ul><ol><li>two</li></ol><img src="img/a.png" alt="pic"><script>alert(1)</script>]]></content:encoded>
</item>
<item>
  <title>Second</title>
  <link>https://example.com/2026/second</link>
  <description>&lt;p&gt;Plain &amp;amp; simple&lt;/p&gt;</description>
</item>
</channel>
</rss>`

func TestParseRSS2(t *testing.T) {
	f := mustParse(t, rss2, ParseOptions{URL: "https://example.com/feed.xml"})
	if f.Title != "Example & Co" || f.Link != "https://example.com/" || f.Format != "rss 2.0" {
		t.Fatalf("feed = %q %q %q", f.Title, f.Link, f.Format)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items, want 2", len(f.Items))
	}
	it := f.Items[0]
	if it.Title != "First post" {
		t.Errorf("title %q: HTML in a title should become its text", it.Title)
	}
	if it.Link != "https://example.com/2026/first" {
		t.Errorf("link %q not resolved against the feed URL", it.Link)
	}
	if it.Key != "guid:id-1" || it.GUID != "id-1" {
		t.Errorf("key %q guid %q", it.Key, it.GUID)
	}
	want := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	if !it.Published.Equal(want) || !it.Dated || it.DateText != "Mon, 02 Feb 2026 10:00:00 +0100" {
		t.Errorf("published %v dated %v text %q", it.Published, it.Dated, it.DateText)
	}
	if it.Author != "Ann Author" {
		t.Errorf("author %q", it.Author)
	}
	if strings.Join(it.Categories, ",") != "Go,Terminals" {
		t.Errorf("categories %q", it.Categories)
	}
	for _, want := range []string{"Hello **world**", "[about](https://example.com/about)", "[x](https://other.example/x)", "- one", "1. two", "![pic](https://example.com/img/a.png)"} {
		if !strings.Contains(it.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, it.Body)
		}
	}
	if strings.Contains(it.Body, "alert") {
		t.Errorf("script survived: %s", it.Body)
	}
	if len(it.Links) != 2 || it.Links[0] != (Link{URL: "https://example.com/about", Title: "about"}) || it.Links[1].URL != "https://other.example/x" {
		t.Errorf("links %+v", it.Links)
	}
	if got := f.Items[1].Body; got != "Plain &amp; simple" && got != "Plain & simple" {
		t.Errorf("second body %q", got)
	}
	if f.Items[1].Key != "link:https://example.com/2026/second" {
		t.Errorf("second key %q", f.Items[1].Key)
	}
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, data, format, title, item, link string
		date                                  time.Time
	}{
		{"rss 0.91", `<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://old.example/</link>
<item><title>Ninety-one</title><link>http://old.example/91</link><description>d</description></item></channel></rss>`,
			"rss 0.91", "Old", "Ninety-one", "http://old.example/91", time.Time{}},
		{"rss 0.92", `<rss version="0.92"><channel><title>Old</title><item><title>Ninety-two</title><link>http://old.example/92</link></item></channel></rss>`,
			"rss 0.92", "Old", "Ninety-two", "http://old.example/92", time.Time{}},
		{"rss 1.0", `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://rdf.example/"><title>RDF</title><link>http://rdf.example/</link></channel>
<item rdf:about="http://rdf.example/1"><title>One</title><link>http://rdf.example/1</link><dc:date>2026-01-05T08:00:00Z</dc:date></item>
</rdf:RDF>`, "rss 1.0", "RDF", "One", "http://rdf.example/1", time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)},
		{"atom 0.3", `<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A03</title>
<link rel="alternate" type="text/html" href="http://a03.example/"/>
<entry><title>Entry</title><link rel="alternate" type="text/html" href="http://a03.example/e"/><id>tag:a03,1</id><issued>2026-01-06T08:00:00Z</issued><modified>2026-01-06T09:00:00Z</modified></entry></feed>`,
			"atom 0.3", "A03", "Entry", "http://a03.example/e", time.Date(2026, 1, 6, 8, 0, 0, 0, time.UTC)},
		{"atom 1.0", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;i&gt;1&lt;/i&gt;</title>
<link href="https://a1.example/"/><id>urn:a1</id><updated>2026-01-07T00:00:00Z</updated>
<entry><title>E1</title><link href="https://a1.example/e1"/><id>urn:a1:e1</id><updated>2026-01-07T08:00:00Z</updated><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`,
			"atom 1.0", "A 1", "E1", "https://a1.example/e1", time.Date(2026, 1, 7, 8, 0, 0, 0, time.UTC)},
		{"json 1.0", `{"version":"https://jsonfeed.org/version/1","title":"J1","home_page_url":"https://j.example/","items":[{"id":"1","title":"Jay","url":"https://j.example/1","content_text":"a *b* <c>","date_published":"2026-01-08T08:00:00Z"}]}`,
			"json 1.0", "J1", "Jay", "https://j.example/1", time.Date(2026, 1, 8, 8, 0, 0, 0, time.UTC)},
		{"json 1.1", `{"version":"https://jsonfeed.org/version/1.1","title":"J11","items":[{"id":"2","url":"https://j.example/2","content_html":"<p>Only <em>html</em></p>","date_modified":"2026-01-09T08:00:00Z","authors":[{"name":"Jo"}]}]}`,
			"json 1.1", "J11", "Only html", "https://j.example/2", time.Date(2026, 1, 9, 8, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.data, ParseOptions{URL: "https://feeds.example/f"})
			if f.Format != tt.format || f.Title != tt.title {
				t.Fatalf("format %q title %q, want %q %q", f.Format, f.Title, tt.format, tt.title)
			}
			if len(f.Items) != 1 {
				t.Fatalf("%d items", len(f.Items))
			}
			it := f.Items[0]
			if it.Title != tt.item || it.Link != tt.link {
				t.Errorf("item %q %q, want %q %q", it.Title, it.Link, tt.item, tt.link)
			}
			if tt.date.IsZero() {
				if it.Dated || !it.Published.Equal(firstSeen) {
					t.Errorf("undated item: published %v dated %v, want first seen", it.Published, it.Dated)
				}
			} else if !it.Dated || !it.Published.Equal(tt.date) {
				t.Errorf("published %v, want %v", it.Published, tt.date)
			}
		})
	}
}

func TestParseJSONTextIsEscaped(t *testing.T) {
	f := mustParse(t, `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"t","content_text":"a *b* [c](https://x.example/) <i>not</i>\nline\n\npara"}]}`, ParseOptions{})
	if got, want := f.Items[0].Body, "a \\*b* \\[c](https://x.example/) &lt;i&gt;not&lt;/i&gt;  \nline\n\npara"; got != want {
		t.Fatalf("body %q, want %q: text stays text", got, want)
	}
}

func TestParseXMLBase(t *testing.T) {
	f := mustParse(t, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://base.example/blog/">
<title>B</title><entry xml:base="posts/"><title>e</title><id>e</id><link href="one.html"/>
<content type="html">&lt;a href="two.html"&gt;two&lt;/a&gt; &lt;a href="/root"&gt;root&lt;/a&gt;</content></entry></feed>`,
		ParseOptions{URL: "https://elsewhere.example/feed"})
	it := f.Items[0]
	if it.Link != "http://base.example/blog/posts/one.html" {
		t.Errorf("link %q, want it resolved against xml:base", it.Link)
	}
	if !strings.Contains(it.Body, "(http://base.example/blog/posts/two.html)") || !strings.Contains(it.Body, "(http://base.example/root)") {
		t.Errorf("body links not resolved against xml:base: %s", it.Body)
	}
}

func TestParseLocalFeedResolvesAgainstSite(t *testing.T) {
	f := mustParse(t, `<rss version="2.0"><channel><title>L</title><link>https://site.example/news/</link>
<item><title>t</title><link>a.html</link><description>&lt;a href="b.html"&gt;b&lt;/a&gt;</description></item></channel></rss>`,
		ParseOptions{URL: "file:///tmp/feed.xml"})
	if it := f.Items[0]; it.Link != "https://site.example/news/a.html" || !strings.Contains(it.Body, "(https://site.example/news/b.html)") {
		t.Fatalf("link %q body %q: a local feed's links resolve against its site", it.Link, it.Body)
	}
}

func TestParseCharsets(t *testing.T) {
	cp1251 := func(s string) string {
		b, err := charmap.Windows1251.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	latin1 := func(s string) string {
		b, err := charmap.ISO8859_1.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(s string) string {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	feed := func(decl, title string) string {
		return decl + `<rss version="2.0"><channel><title>` + title + `</title><item><title>` + title + `</title><guid>1</guid></item></channel></rss>`
	}
	tests := []struct {
		name, data, ctype, want string
	}{
		{"windows-1251 in the XML declaration", cp1251(feed(`<?xml version="1.0" encoding="windows-1251"?>`, "Привет, мир")), "text/xml", "Привет, мир"},
		{"windows-1251 declared, Content-Type wrongly utf-8", cp1251(feed(`<?xml version="1.0" encoding="windows-1251"?>`, "Новости")), "application/rss+xml; charset=utf-8", "Новости"},
		{"ISO-8859-1 in Content-Type only", latin1(feed(`<?xml version="1.0"?>`, "Café crème")), "text/xml; charset=ISO-8859-1", "Café crème"},
		{"no charset anywhere, Latin-1 bytes", latin1(feed("", "Zürich")), "", "Zürich"},
		{"declared windows-1251 but really UTF-8", feed(`<?xml version="1.0" encoding="windows-1251"?>`, "Ελλάδα"), "text/xml; charset=windows-1251", "Ελλάδα"},
		{"UTF-16 with a BOM", utf16(feed(`<?xml version="1.0" encoding="UTF-16"?>`, "東京")), "", "東京"},
		{"UTF-8 BOM", "\xef\xbb\xbf" + feed(`<?xml version="1.0" encoding="utf-8"?>`, "naïve"), "", "naïve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.data, ParseOptions{ContentType: tt.ctype})
			if f.Title != tt.want || f.Items[0].Title != tt.want {
				t.Fatalf("title %q / %q, want %q", f.Title, f.Items[0].Title, tt.want)
			}
		})
	}
}

func TestParseDedup(t *testing.T) {
	f := mustParse(t, `<rss version="2.0"><channel><title>D</title>
<item><title>a</title><guid>g1</guid><link>https://d.example/1</link></item>
<item><title>a again</title><guid>g1</guid><link>https://d.example/1b</link></item>
<item><title>b</title><link>https://d.example/2</link></item>
<item><title>b again</title><link>https://d.example/2</link></item>
<item><title>b</title><link>https://d.example/2</link></item>
<item><title>e1</title><guid>e1</guid><link>https://d.example/home</link></item>
<item><title>e2</title><guid>e2</guid><link>https://d.example/home</link></item>
<item><title>f</title><link>https://d.example/f</link><pubDate>Mon, 02 Feb 2026 10:00:00 GMT</pubDate></item>
<item><title>f</title><link>https://d.example/f</link><pubDate>Mon, 09 Feb 2026 10:00:00 GMT</pubDate></item>
<item><title>c</title><pubDate>Mon, 02 Feb 2026 10:00:00 GMT</pubDate></item>
<item><title>c</title><pubDate>Mon, 02 Feb 2026 10:00:00 GMT</pubDate></item>
<item><title>c</title><pubDate>Tue, 03 Feb 2026 10:00:00 GMT</pubDate></item>
<item><description>only a body</description></item>
<item><description>only a body</description></item>
<item><description>another body</description></item>
</channel></rss>`, ParseOptions{})
	var titles []string
	for _, it := range f.Items {
		titles = append(titles, it.Title)
	}
	// Only the same item is merged: the same guid, or without guids the
	// same link, title and date. Items sharing a link are otherwise apart.
	if got := strings.Join(titles, "|"); got != "a|b|b again|e1|e2|f|f|c|c|only a body|another body" {
		t.Fatalf("items %q", got)
	}
	if f.Items[1].Key == f.Items[2].Key || f.Items[5].Key == f.Items[6].Key {
		t.Fatalf("items sharing a link share a key: %q %q", f.Items[1].Key, f.Items[2].Key)
	}
	ids := map[string]bool{}
	for _, it := range f.Items {
		if ids[it.ID()] {
			t.Fatalf("duplicate id %s", it.ID())
		}
		ids[it.ID()] = true
	}
}

func TestParseUndatedGetsFirstSeen(t *testing.T) {
	f := mustParse(t, `<rss version="2.0"><channel><title>U</title>
<item><title>x</title><guid>x</guid><pubDate>not a date</pubDate></item>
<item><title>y</title><guid>y</guid><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item></channel></rss>`, ParseOptions{})
	for _, it := range f.Items {
		if it.Dated || !it.Published.Equal(firstSeen) {
			t.Errorf("%s: published %v dated %v, want first seen %v", it.Title, it.Published, it.Dated, firstSeen)
		}
	}
}

func TestParseHostile(t *testing.T) {
	data := "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>" +
		"<title>Evil &#x1b;]52;c;SGVsbG8=&#x7; feed \x1b[2J</title>" +
		"<link>javascript:alert(1)</link>" +
		"<description>&#27;[31mred</description>" +
		"<item><title>osc8 &#x1b;]8;;http://evil&#x1b;\\click&#x1b;]8;;&#x1b;\\ &#x9b;31m \u202eevil\u202c</title>" +
		"<guid>g&#x1b;[0m</guid>" +
		"<link>javascript:alert(1)</link>" +
		"<author>\x1b]0;title\x07bob</author>" +
		"<category>&#x1b;[5mblink</category>" +
		"<description><![CDATA[<p>body &#x1b;]52;c;SGVsbG8=&#7; \x1b[31m red \u009d0;x\u009c <a href=\"javascript:alert(1)\">js</a> <a href=\"data:text/html,x\">data</a>" +
		"<img src=\"data:image/png;base64,AAAA\"> <a href=\"https://ok.example/&#x1b;[2J\">ok</a> &lt;script&gt;raw&lt;/script&gt; &lt;b&gt;tag&lt;/b&gt;</p>" +
		"<ul><li>a</li></ul><ul><li>b</li></ul><div>&lt;!-- comment --&gt;</div><svg><text>svg text</text></svg>]]></description>" +
		"</item>" +
		"<item><title>&amp;#x1b;[2Jdouble escaped</title><description>&amp;lt;img src=x onerror=alert(1)&amp;gt; &lt;iframe src=\"https://x\"&gt;&lt;/iframe&gt;</description></item>" +
		"</channel></rss>"
	f := mustParse(t, data, ParseOptions{URL: "https://evil.example/feed"})
	t.Logf("title %q\nbody %q", f.Items[0].Title, f.Items[0].Body)
	if f.Link != "" {
		t.Errorf("feed link %q: only http and https links are kept", f.Link)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items, want 2", len(f.Items))
	}
	it := f.Items[0]
	if it.Link != "" {
		t.Errorf("item link %q", it.Link)
	}
	for _, bad := range []string{"javascript", "data:", "<svg", "<text", "52;c", "8;;"} {
		if strings.Contains(it.Body, bad) || strings.Contains(it.Title, bad) {
			t.Errorf("%q survived: title %q body %q", bad, it.Title, it.Body)
		}
	}
	if !strings.Contains(it.Body, "js") || !strings.Contains(it.Body, "body") || !strings.Contains(it.Body, "red") || !strings.Contains(it.Body, "svg text") {
		t.Errorf("text was lost: %q", it.Body)
	}
	if !strings.Contains(it.Title, "click") || !strings.Contains(it.Title, "evil") {
		t.Errorf("title text was lost: %q", it.Title)
	}
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"J\u001b[2J\u009b1m","items":[{"id":"1\u001b]52;c;x\u0007","title":"t\u001b]8;;http://x\u0007y","content_html":"<p>\u001b]52;c;SGk=\u0007hi</p>","content_text":"x","authors":[{"name":"\u001b[31mEve"}],"tags":["\u202etag"]}]}`
	jf := mustParse(t, json, ParseOptions{})
	// U+009B is a C1 CSI, or a Windows-1252 › read as Latin-1: it shows
	// as ›, which no terminal takes for a control.
	if jf.Title != "J›1m" || jf.Items[0].Title != "ty" || jf.Items[0].Body != "hi" || jf.Items[0].Author != "Eve" {
		t.Errorf("json feed: %q %q %q %q", jf.Title, jf.Items[0].Title, jf.Items[0].Body, jf.Items[0].Author)
	}
}

func TestParseNotAFeed(t *testing.T) {
	for name, data := range map[string]string{
		"html":  "<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>",
		"empty": "  \n ",
		"text":  "just some text",
		"png":   "\x89PNG\r\n\x1a\n\x00\x00",
	} {
		if _, err := Parse([]byte(data), ParseOptions{}); !errors.Is(err, ErrNotFeed) {
			t.Errorf("%s: err = %v, want ErrNotFeed", name, err)
		}
	}
	// The XML parser is lenient (a mistyped end tag passes), but not with
	// what cannot be read as XML at all.
	for _, data := range []string{
		`<rss version="2.0"><channel><title>x</title><item><<title>a</title></item></channel></rss>`,
		`<rss version="2.0"><channel><title>x</title><item><title>a`,
		`{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{]}`,
	} {
		if _, err := Parse([]byte(data), ParseOptions{}); err == nil || errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q) = %v, want a parse error", data, err)
		}
	}
}

func TestParseUntitledItem(t *testing.T) {
	long := strings.Repeat("word ", 40)
	f := mustParse(t, `<rss version="2.0"><channel><title>M</title>
<item><guid>1</guid><description>&lt;p&gt;Short note.&lt;/p&gt;&lt;p&gt;Second para&lt;/p&gt;</description></item>
<item><guid>2</guid><description>`+long+`</description></item>
<item><guid>3</guid></item></channel></rss>`, ParseOptions{})
	if got := f.Items[0].Title; got != "Short note." {
		t.Errorf("title %q, want the first line of the text", got)
	}
	if got := f.Items[1].Title; !strings.HasSuffix(got, "…") || len([]rune(got)) > 81 {
		t.Errorf("title %q, want it cut near 80 characters", got)
	}
	if got := f.Items[2].Title; got != "(untitled)" {
		t.Errorf("title %q", got)
	}
}

func TestItemArticle(t *testing.T) {
	f := mustParse(t, rss2, ParseOptions{URL: "https://example.com/feed.xml"})
	it := f.Items[0]
	a := it.Article(f.Title, "feed/7/"+it.ID())
	if a.Ref != "feed/7/"+it.ID() || a.Source != "Example & Co" || a.Title != it.Title || a.Body != it.Body ||
		a.ID != it.Link || !a.HasDate || !a.Published.Equal(it.Published) || !a.Loaded || a.Path != it.ID() {
		t.Fatalf("article %+v", a)
	}
	if len(it.ID()) != 16 {
		t.Fatalf("id %q", it.ID())
	}
}
