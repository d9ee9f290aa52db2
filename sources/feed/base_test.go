package feed

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestParseNestedXMLBase(t *testing.T) {
	f := mustParse(t, `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://base.example/a/"><title>B</title>
<entry xml:base="b/"><title>e</title><id>e</id><link href="page.html"/>
<content type="html" xml:base="c/">&lt;a href="x.html"&gt;x&lt;/a&gt; &lt;a href="../up.html"&gt;up&lt;/a&gt;</content></entry></feed>`,
		ParseOptions{URL: "https://elsewhere.example/feed", ContentLocation: "https://loc.example/feed"})
	it := f.Items[0]
	if it.Link != "http://base.example/a/b/page.html" {
		t.Errorf("link %q, want it resolved against the entry's xml:base, itself relative to the feed's", it.Link)
	}
	for _, want := range []string{"[x](http://base.example/a/b/c/x.html)", "[up](http://base.example/a/b/up.html)"} {
		if !strings.Contains(it.Body, want) {
			t.Errorf("body %q lacks %q: the content's xml:base is relative to the entry's", it.Body, want)
		}
	}
}

func TestParseContentLocation(t *testing.T) {
	doc := `<rss version="2.0"><channel><title>C</title><item><title>t</title><guid>1</guid><link>item/1</link>
<description>&lt;a href="rel.html"&gt;rel&lt;/a&gt;</description><enclosure url="ep1.mp3" type="audio/mpeg" length="1234"/></item></channel></rss>`
	for name, tt := range map[string]struct{ loc, want string }{
		"absolute":             {"https://cdn.example/feeds/main.xml", "https://cdn.example/feeds/"},
		"relative to the feed": {"/v2/feed.xml", "https://site.example/v2/"},
		"none":                 {"", "https://site.example/news/"},
	} {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, doc, ParseOptions{URL: "https://site.example/news/feed.xml", ContentLocation: tt.loc})
			it := f.Items[0]
			if it.Link != tt.want+"item/1" || !strings.Contains(it.Body, "("+tt.want+"rel.html)") {
				t.Errorf("link %q body %q, want them under %s", it.Link, it.Body, tt.want)
			}
			if len(it.Enclosures) != 1 || it.Enclosures[0] != (Enclosure{URL: tt.want + "ep1.mp3", Type: "audio/mpeg", Length: 1234}) {
				t.Errorf("enclosures %+v", it.Enclosures)
			}
		})
	}
}

func TestFetchPassesContentLocation(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Location", "/real/place/feed.xml")
		w.Header().Set("Content-Type", "application/rss+xml")
		strings.NewReader(`<rss version="2.0"><channel><title>L</title><item><title>t</title><guid>1</guid><link>a.html</link></item></channel></rss>`).WriteTo(w)
	})
	r := testFetcher().Fetch(context.Background(), State{URL: srv.URL + "/feed"})
	if r.Status != Fetched {
		t.Fatalf("%v %v", r.Status, r.Err)
	}
	if got := r.Feed.Items[0].Link; got != srv.URL+"/real/place/a.html" {
		t.Fatalf("link %q, want it under the Content-Location", got)
	}
}

func TestParseLinksOfEveryShape(t *testing.T) {
	f := mustParse(t, `<rss version="2.0"><channel><title>S</title><item><title>t</title><guid>1</guid><link>http://example.com/café</link>
<description>&lt;a href="//cdn.example/p"&gt;proto&lt;/a&gt; &lt;a href="http://bücher.example/ö"&gt;idn&lt;/a&gt; &lt;img src="//img.example/i.png" alt="pic"&gt;</description></item></channel></rss>`,
		ParseOptions{URL: "http://feeds.example/f.xml"})
	it := f.Items[0]
	if it.Link != "http://example.com/caf%C3%A9" {
		t.Errorf("link %q, want the non-ASCII path percent-encoded", it.Link)
	}
	for _, want := range []string{"[proto](http://cdn.example/p)", "[idn](http://xn--bcher-kva.example/%C3%B6)", "![pic](http://img.example/i.png)"} {
		if !strings.Contains(it.Body, want) {
			t.Errorf("body %q lacks %q", it.Body, want)
		}
	}
}

func TestParseNoBaseKeepsTheText(t *testing.T) {
	f := mustParse(t, `<rss version="2.0"><channel><title>N</title><item><title>t</title><guid>1</guid><link>rel/page</link>
<description>see &lt;a href="other.html"&gt;the other page&lt;/a&gt; now</description></item></channel></rss>`, ParseOptions{URL: "file:///feeds/local.xml"})
	it := f.Items[0]
	if it.Body != "see the other page now" || len(it.Links) != 0 {
		t.Errorf("body %q links %+v: a link that cannot be made absolute is its text", it.Body, it.Links)
	}
	if it.Link != "" {
		t.Errorf("link %q without any base", it.Link)
	}
}

func TestParseEnclosures(t *testing.T) {
	rss := mustParse(t, `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>P</title><item><title>ep</title><guid>1</guid>
<enclosure url="/ep1.mp3" type="audio/mpeg" length="98765"/>
<media:content url="https://v.example/ep1.mp4" type="video/mp4" fileSize="5000"/>
<media:group><media:content url="https://v.example/ep1-small.mp4" medium="video"/><media:content url="/ep1.mp3"/></media:group>
<enclosure url="javascript:alert(1)" type="text/html"/></item></channel></rss>`, ParseOptions{URL: "https://pod.example/feed"})
	want := []Enclosure{
		{URL: "https://pod.example/ep1.mp3", Type: "audio/mpeg", Length: 98765},
		{URL: "https://v.example/ep1.mp4", Type: "video/mp4", Length: 5000},
		{URL: "https://v.example/ep1-small.mp4", Type: "video"},
	}
	assertEnclosures(t, "rss", rss.Items[0].Enclosures, want)

	atom := mustParse(t, `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/media/"><title>A</title><entry><title>e</title><id>1</id>
<link rel="enclosure" href="talk.ogg" type="audio/ogg" length="321"/></entry></feed>`, ParseOptions{URL: "https://a.example/feed"})
	assertEnclosures(t, "atom", atom.Items[0].Enclosures, []Enclosure{{URL: "https://a.example/media/talk.ogg", Type: "audio/ogg", Length: 321}})

	json := mustParse(t, `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"j","attachments":[{"url":"/a.m4a","mime_type":"audio/x-m4a","size_in_bytes":42}]}]}`, ParseOptions{URL: "https://j.example/feed.json"})
	assertEnclosures(t, "json", json.Items[0].Enclosures, []Enclosure{{URL: "https://j.example/a.m4a", Type: "audio/x-m4a", Length: 42}})
}

func assertEnclosures(t *testing.T, name string, got, want []Enclosure) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: enclosures %+v, want %+v", name, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: enclosure %d %+v, want %+v", name, i, got[i], want[i])
		}
	}
}
