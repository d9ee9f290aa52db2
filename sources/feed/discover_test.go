package feed

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

const sitePage = `<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts &amp; news" href="/feed.xml">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" title="Atom" href="atom.xml">
<link rel="alternate" type="application/feed+json" href="https://cdn.example/feed.json">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/1">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" title="&#x1b;]52;c;eA==&#7;evil" href="/evil.xml">
</head><body><a href="/other.xml">not a link element</a></body></html>`

func TestDiscoverHTML(t *testing.T) {
	links := DiscoverHTML([]byte(sitePage), "https://site.example/blog/", "text/html")
	want := []Link{
		{URL: "https://site.example/feed.xml", Title: "Posts & news", Type: "application/rss+xml"},
		{URL: "https://site.example/blog/atom.xml", Title: "Atom", Type: "application/atom+xml"},
		{URL: "https://cdn.example/feed.json", Type: "application/feed+json"},
		{URL: "https://site.example/evil.xml", Title: "evil", Type: "application/rss+xml"},
	}
	if fmt.Sprint(links) != fmt.Sprint(want) {
		t.Fatalf("links\n%v\nwant\n%v", links, want)
	}
	// <base href> moves the base.
	page := `<html><head><base href="https://cdn.example/x/"><link rel="alternate" type="application/atom+xml" href="a.xml"></head></html>`
	if l := DiscoverHTML([]byte(page), "https://site.example/", ""); len(l) != 1 || l[0].URL != "https://cdn.example/x/a.xml" {
		t.Fatalf("with <base>: %v", l)
	}
	// The page's charset is honoured for titles.
	latin, _ := charmap.Windows1252.NewEncoder().String(`<html><head><link rel="alternate" type="application/rss+xml" title="Café" href="/f"></head></html>`)
	if l := DiscoverHTML([]byte(latin), "https://site.example/", "text/html; charset=windows-1252"); len(l) != 1 || l[0].Title != "Café" {
		t.Fatalf("charset: %v", l)
	}
	if l := DiscoverHTML([]byte(`<html><link rel="alternate" type="application/rss+xml" href="/rel"></html>`), "", ""); len(l) != 0 {
		t.Fatalf("a relative link with no base: %v", l)
	}
}

func TestDiscover(t *testing.T) {
	mux := http.NewServeMux()
	srv := serve(t, mux.ServeHTTP)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, sitePage)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssFeed("Posts", "a")) })
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>no feeds</body></html>") })
	f := testFetcher()
	links, err := f.Discover(context.Background(), srv.URL+"/")
	if err != nil || len(links) != 4 || links[0].URL != srv.URL+"/feed.xml" {
		t.Fatalf("site: %v %v", links, err)
	}
	links, err = f.Discover(context.Background(), srv.URL+"/feed.xml")
	if err != nil || len(links) != 1 || links[0].URL != srv.URL+"/feed.xml" || links[0].Title != "Posts" || links[0].Type != "rss 2.0" {
		t.Fatalf("feed: %v %v", links, err)
	}
	if _, err := f.Discover(context.Background(), srv.URL+"/plain"); err == nil || !strings.Contains(err.Error(), "not a feed") || !strings.Contains(err.Error(), srv.URL+"/plain") {
		t.Fatalf("page without feeds: %v", err)
	}
}
