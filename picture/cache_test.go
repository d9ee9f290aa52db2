package picture

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
	"bulletin/sources/feed"
)

// clock is a time that moves a second at each look, so that every use
// in a test has its own time, whatever the file system's resolution.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func TestCacheEvictsTheLeastRecentlyUsed(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := NewCache(t.TempDir(), 300)
	c.Now = clk.now
	put := func(url string) {
		t.Helper()
		if err := c.Put(url, bytes.Repeat([]byte{'x'}, 100)); err != nil {
			t.Fatal(err)
		}
	}
	put("https://a.example/1.png")
	put("https://a.example/2.png")
	put("https://a.example/3.png")
	// Using 1 makes 2 the least recently used.
	if _, ok := c.Get("https://a.example/1.png"); !ok {
		t.Fatal("1 is not cached")
	}
	put("https://a.example/4.png")
	for url, want := range map[string]bool{"https://a.example/1.png": true, "https://a.example/2.png": false, "https://a.example/3.png": true, "https://a.example/4.png": true} {
		if _, ok := c.Get(url); ok != want {
			t.Errorf("%s cached: %v, want %v", url, ok, want)
		}
	}
	var total int64
	entries, _ := os.ReadDir(c.Dir)
	for _, e := range entries {
		info, _ := e.Info()
		total += info.Size()
		if strings.Contains(e.Name(), "example") {
			t.Errorf("file named after the URL: %s", e.Name())
		}
	}
	if total > 300 {
		t.Errorf("cache holds %d bytes, cap 300", total)
	}
}

func TestCacheSkipsAPictureLargerThanItself(t *testing.T) {
	c := NewCache(t.TempDir(), 10)
	if err := c.Put("https://a.example/big.png", make([]byte, 11)); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get("https://a.example/big.png"); ok {
		t.Error("a picture over the cap was cached")
	}
}

func TestLoaderFetchesOnceThenReadsTheCache(t *testing.T) {
	srv := feedtest.NewServer(t)
	pic := encodePNG(t, quadrants(40, 20))
	srv.Handle("/p.png", func(w http.ResponseWriter, r *http.Request) { w.Write(pic) })
	srv.Handle("/page.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><html><body>Not found</body></html>"))
	})
	l := &Loader{Web: &feed.Fetcher{}, Cache: NewCache(t.TempDir(), 1<<20)}
	for range 2 {
		img, err := l.LoadDecoded(context.Background(), srv.URL+"/p.png")
		if err != nil {
			t.Fatal(err)
		}
		samePixels(t, "loaded", img, quadrants(40, 20), 0)
	}
	if n := srv.Hits("/p.png"); n != 1 {
		t.Errorf("fetched %d times, want once", n)
	}
	_, err := l.LoadDecoded(context.Background(), srv.URL+"/page.png")
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/page.png") || !strings.Contains(err.Error(), "not a picture: text/html") {
		t.Errorf("an HTML page: %v", err)
	}
	if _, err := l.Load(context.Background(), "file:///etc/hostname"); err == nil {
		t.Error("a file: URL was loaded")
	}
}

func TestLoaderStopsWhenTheArticleCloses(t *testing.T) {
	srv := feedtest.NewServer(t)
	url := srv.Hang("/slow.png")
	l := &Loader{Web: &feed.Fetcher{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := l.Load(ctx, url); done <- err }()
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a cancelled load succeeded")
		}
	case <-time.After(testwait.D(30 * time.Second)):
		t.Fatal("the load did not stop when cancelled")
	}
}
