package feed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"bulletin/sources/feed"
)

func ExampleParse() {
	data := []byte(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example</title><link>https://example.com/</link>
<item><title>Hello</title><link>/hello</link><guid>1</guid>
<pubDate>Mon, 02 Feb 2026 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Hello, &lt;b&gt;world&lt;/b&gt;! &lt;a href="/more"&gt;More&lt;/a&gt;&lt;/p&gt;</description></item>
</channel></rss>`)
	f, err := feed.Parse(data, feed.ParseOptions{URL: "https://example.com/feed.xml"})
	if err != nil {
		fmt.Println(err)
		return
	}
	it := f.Items[0]
	fmt.Println(f.Title, "·", f.Format)
	fmt.Println(it.Title, it.Link, it.Published.Format(time.DateOnly))
	fmt.Println(it.Body)
	// Output:
	// Example · rss 2.0
	// Hello https://example.com/hello 2026-02-02
	// Hello, **world**! [More](https://example.com/more)
}

func ExampleFetcher_FetchAll() {
	dir, _ := os.MkdirTemp("", "feeds")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "local.xml")
	os.WriteFile(path, []byte(`<rss version="2.0"><channel><title>Local</title><item><title>One</title><guid>1</guid></item></channel></rss>`), 0o644)

	f := feed.NewFetcher("1.0", "")
	states := []feed.State{{URL: path}, {URL: filepath.Join(dir, "missing.xml")}}
	fetched := 0
	for r := range f.FetchAll(context.Background(), states) {
		// Keep r.State for the next fetch: validators, Retry-After, a moved URL.
		states[r.Index] = r.State
		if r.Status == feed.Fetched {
			fetched += len(r.Feed.Items)
		}
	}
	fmt.Println(fetched, "item")
	// A second refresh finds the file unchanged.
	fmt.Println(f.Fetch(context.Background(), states[0]).Status)
	// Output:
	// 1 item
	// not modified
}
