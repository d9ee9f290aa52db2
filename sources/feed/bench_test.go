package feed

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// benchFeed is an RSS 2.0 feed of n items shaped like real ones: a title, a
// link, a guid, a date, categories and about 2 KB of HTML with paragraphs,
// links, emphasis, a list and an image.
func benchFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bench &amp; Co</title><link>https://bench.example/</link><description>A synthetic feed</description>
`)
	para := `&lt;p&gt;The council&amp;#8217;s budget &lt;a href="/news/%d"&gt;vote&lt;/a&gt; was &lt;em&gt;delayed&lt;/em&gt; again as members argued over the transport plan, the harbour project and a new &lt;strong&gt;museum&lt;/strong&gt; wing. Critics said the café owners of Zürich would pay for it.&lt;/p&gt;`
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d: the council &amp; the budget</title><link>https://bench.example/item/%d</link><guid isPermaLink=\"false\">bench-%d</guid>", i, i, i)
		fmt.Fprintf(&b, "<pubDate>Mon, %02d Feb 2026 10:%02d:00 +0000</pubDate><dc:creator>Reporter %d</dc:creator><category>news</category><category>city</category><description>", 1+i%28, i%60, i%7)
		for p := range 5 {
			fmt.Fprintf(&b, para, i*10+p)
		}
		b.WriteString(`&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;&lt;img src="/img/a.jpg" alt="a picture"&gt;</description></item>` + "\n")
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// BenchmarkParse measures parsing a 50-item feed, HTML to markdown included.
func BenchmarkParse(b *testing.B) {
	data := benchFeed(50)
	opts := ParseOptions{URL: "https://bench.example/feed.xml", ContentType: "application/rss+xml; charset=utf-8", Now: firstSeen}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse(data, opts)
		if err != nil || len(f.Items) != 50 {
			b.Fatalf("%v, %d items", err, len(f.Items))
		}
	}
	b.ReportMetric(float64(b.N*50)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkParseSkipMarkdown measures what a refresh that converts bodies
// only when they are read pays: the parse, and the plain text to index.
func BenchmarkParseSkipMarkdown(b *testing.B) {
	data := benchFeed(50)
	opts := ParseOptions{URL: "https://bench.example/feed.xml", Now: firstSeen, SkipMarkdown: true}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse(data, opts)
		if err != nil || len(f.Items) != 50 {
			b.Fatalf("%v, %d items", err, len(f.Items))
		}
		for i := range f.Items {
			if PlainText(f.Items[i].HTML) == "" {
				b.Fatal("no text")
			}
		}
	}
	b.ReportMetric(float64(b.N*50)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkMarkdown measures converting one item's body when it is read.
func BenchmarkMarkdown(b *testing.B) {
	f, err := Parse(benchFeed(1), ParseOptions{SkipMarkdown: true})
	if err != nil {
		b.Fatal(err)
	}
	it := f.Items[0]
	b.SetBytes(int64(len(it.HTML)))
	for b.Loop() {
		Markdown(it.HTML, it.Base)
	}
}

// BenchmarkParseParallel is BenchmarkParse on every CPU, as FetchAll's
// workers parse.
func BenchmarkParseParallel(b *testing.B) {
	data := benchFeed(50)
	opts := ParseOptions{URL: "https://bench.example/feed.xml", Now: firstSeen}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Parse(data, opts); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N*50)/b.Elapsed().Seconds(), "items/s")
}

func TestBenchFeedParses(t *testing.T) {
	f := mustParse(t, string(benchFeed(3)), ParseOptions{URL: "https://bench.example/feed.xml"})
	if len(f.Items) != 3 || !strings.Contains(f.Items[0].Body, "[vote](https://bench.example/news/0)") {
		t.Fatalf("%d items, body %q", len(f.Items), f.Items[0].Body)
	}
}

// BenchmarkFetchAll304 refreshes 1000 unchanged feeds of one host that
// takes 50 ms to answer each, as a fresh process does (new connections),
// over HTTP/1.1 and HTTP/2, both over TLS so that only the protocol
// differs. One op is one refresh; run it with -benchtime=1x or 3x.
func BenchmarkFetchAll304(b *testing.B) {
	const n, latency, etag = 1000, 50 * time.Millisecond, `"bench"`
	for _, bc := range []struct {
		name string
		h2   bool
	}{{"HTTP1.1", false}, {"HTTP2", true}} {
		b.Run(bc.name, func(b *testing.B) {
			srv, _ := tlsServer(b, bc.h2, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(latency)
				notModified(w, r, etag)
			}))
			feeds := make([]State, n)
			for i := range feeds {
				feeds[i] = State{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), ETag: etag}
			}
			for b.Loop() {
				f := NewFetcher("bench", "")
				trust(f, srv)
				for r := range f.FetchAll(context.Background(), feeds) {
					if r.Status != NotModified {
						b.Fatalf("%s: %v %v", feeds[r.Index].URL, r.Status, r.Err)
					}
				}
				f.CloseIdleConnections()
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/refresh")
		})
	}
}
