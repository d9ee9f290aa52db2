package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"bulletin/internal/testwait"
)

// now is the fetcher's clock in these tests.
var now = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// testFetcher has timeouts that hold on a loaded machine (on the tests'
// time scale), so that only a test of a stall, which sets its own timeout,
// ever meets one; a gzip bomb inflated under the race detector on a busy
// machine takes seconds.
func testFetcher() *Fetcher {
	f := NewFetcher("1.2.3", "https://bulletin.example/")
	f.ConnectTimeout = testwait.D(10 * time.Second)
	f.Timeout = testwait.D(30 * time.Second)
	f.Now = func() time.Time { return now }
	return f
}

func rssFeed(title string, items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://site.example/</link>`, title)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><guid>%s-%d</guid><link>/item/%d</link><description>&lt;p&gt;text %d&lt;/p&gt;</description></item>`, it, title, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// serve starts a loopback test server (httptest binds 127.0.0.1).
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchETag(t *testing.T) {
	var full, notModified atomic.Int32
	var ua, accept atomic.Value
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		accept.Store(r.Header.Get("Accept-Encoding"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssFeed("E", "one", "two"))
	})
	f := testFetcher()
	r := f.Fetch(context.Background(), State{URL: srv.URL + "/feed"})
	if r.Status != Fetched || r.Err != nil || r.Code != 200 {
		t.Fatalf("first fetch: %v %v %d", r.Status, r.Err, r.Code)
	}
	if r.State.ETag != `"v1"` || len(r.Feed.Items) != 2 || r.Feed.Title != "E" {
		t.Fatalf("state %+v, feed %+v", r.State, r.Feed)
	}
	if it := r.Feed.Items[0]; it.Link != srv.URL+"/item/0" || !it.Published.Equal(now) || it.Dated {
		t.Errorf("item link %q published %v: relative links resolve against the feed URL, undated items get the fetch time", it.Link, it.Published)
	}
	if got := ua.Load(); got != "bulletin/1.2.3 (+https://bulletin.example/)" {
		t.Errorf("User-Agent %q", got)
	}
	if got := accept.Load(); got != "gzip" {
		t.Errorf("Accept-Encoding %q, want the transport's gzip", got)
	}
	r2 := f.Fetch(context.Background(), r.State)
	if r2.Status != NotModified || r2.Feed != nil || r2.State.ETag != `"v1"` {
		t.Fatalf("second fetch: %v %+v", r2.Status, r2.State)
	}
	if full.Load() != 1 || notModified.Load() != 1 {
		t.Fatalf("%d full responses, %d 304s", full.Load(), notModified.Load())
	}
}

func TestFetchLastModified(t *testing.T) {
	const stamp = "Mon, 02 Mar 2026 07:00:00 GMT"
	var conditional atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			t.Errorf("If-None-Match %q sent with no ETag", r.Header.Get("If-None-Match"))
		}
		if r.Header.Get("If-Modified-Since") == stamp {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", stamp)
		fmt.Fprint(w, rssFeed("L", "one"))
	})
	f := testFetcher()
	r := f.Fetch(context.Background(), State{URL: srv.URL})
	if r.Status != Fetched || r.State.LastModified != stamp || r.State.ETag != "" {
		t.Fatalf("first fetch: %v %v %+v", r.Status, r.Err, r.State)
	}
	r = f.Fetch(context.Background(), r.State)
	if r.Status != NotModified || r.State.LastModified != stamp || conditional.Load() != 1 {
		t.Fatalf("second fetch: %v %+v (%d conditional)", r.Status, r.State, conditional.Load())
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssFeed("R", "x")) })
	mux.Handle("/301", http.RedirectHandler("/feed", http.StatusMovedPermanently))
	mux.Handle("/308", http.RedirectHandler("/feed", http.StatusPermanentRedirect))
	mux.Handle("/302", http.RedirectHandler("/feed", http.StatusFound))
	mux.Handle("/307", http.RedirectHandler("/feed", http.StatusTemporaryRedirect))
	mux.Handle("/301-to-302", http.RedirectHandler("/302", http.StatusMovedPermanently))
	mux.Handle("/302-to-301", http.RedirectHandler("/301", http.StatusFound))
	mux.HandleFunc("/loop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/loop/%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusMovedPermanently)
	})
	f := testFetcher()
	tests := []struct{ path, moved string }{
		{"/301", "/feed"},
		{"/308", "/feed"},
		{"/302", ""},
		{"/307", ""},
		{"/301-to-302", "/302"},
		{"/302-to-301", ""},
	}
	for _, tt := range tests {
		r := f.Fetch(context.Background(), State{URL: srv.URL + tt.path, ETag: `"old"`})
		if r.Status != Fetched {
			t.Errorf("%s: %v %v", tt.path, r.Status, r.Err)
			continue
		}
		want, wantURL := "", srv.URL+tt.path
		if tt.moved != "" {
			want, wantURL = srv.URL+tt.moved, srv.URL+tt.moved
		}
		if r.MovedTo != want || r.State.URL != wantURL {
			t.Errorf("%s: moved to %q, state URL %q; want %q", tt.path, r.MovedTo, r.State.URL, want)
		}
	}
	// Five redirects are followed, a sixth is not.
	r := f.Fetch(context.Background(), State{URL: srv.URL + "/loop/5"})
	if r.Status != Failed || !strings.Contains(r.Err.Error(), "more than 5 redirects") || !strings.Contains(r.Err.Error(), srv.URL+"/loop/5") {
		t.Fatalf("redirect loop: %v %v", r.Status, r.Err)
	}
	mux.HandleFunc("/loop/10", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssFeed("end", "x")) })
	if r := f.Fetch(context.Background(), State{URL: srv.URL + "/loop/5"}); r.Status != Fetched || r.MovedTo != srv.URL+"/loop/10" {
		t.Fatalf("five redirects: %v %v moved to %q", r.Status, r.Err, r.MovedTo)
	}
}

func TestFetchGone(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	r := testFetcher().Fetch(context.Background(), State{URL: srv.URL + "/old", ETag: `"x"`})
	if r.Status != Gone || r.Code != 410 || r.Err == nil || !strings.Contains(r.Err.Error(), srv.URL+"/old") {
		t.Fatalf("%v %d %v", r.Status, r.Code, r.Err)
	}
	if r.State.ETag != `"x"` {
		t.Errorf("state %+v: validators kept", r.State)
	}
}

func TestFetchRetryAfter(t *testing.T) {
	var requests atomic.Int32
	retry := "120"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path == "/503" {
			w.Header().Set("Retry-After", now.Add(time.Hour).Format(http.TimeFormat))
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	f := testFetcher()
	start := time.Now()
	r := f.Fetch(context.Background(), State{URL: srv.URL + "/429"})
	if el := time.Since(start); el > testwait.D(time.Second) {
		t.Errorf("the fetch waited %v: it must not sleep (Retry-After was 120 s)", el)
	}
	if r.Status != RetryLater || r.Code != 429 || !r.State.NotBefore.Equal(now.Add(120*time.Second)) {
		t.Fatalf("429: %v %d not before %v (err %v)", r.Status, r.Code, r.State.NotBefore, r.Err)
	}
	if !strings.Contains(r.Err.Error(), srv.URL) {
		t.Errorf("error %q does not name the URL", r.Err)
	}
	// Until then the feed is not fetched.
	d := f.Fetch(context.Background(), r.State)
	if d.Status != Deferred || requests.Load() != 1 {
		t.Fatalf("before Retry-After: %v, %d requests", d.Status, requests.Load())
	}
	// After it, it is.
	later := testFetcher()
	later.Now = func() time.Time { return now.Add(121 * time.Second) }
	if r := later.Fetch(context.Background(), r.State); r.Status != RetryLater || requests.Load() != 2 {
		t.Fatalf("after Retry-After: %v, %d requests", r.Status, requests.Load())
	}
	r = f.Fetch(context.Background(), State{URL: srv.URL + "/503"})
	if r.Status != RetryLater || r.Code != 503 || !r.State.NotBefore.Equal(now.Add(time.Hour)) {
		t.Fatalf("503: %v %d not before %v", r.Status, r.Code, r.State.NotBefore)
	}
	retry = "99999999"
	if r := f.Fetch(context.Background(), State{URL: srv.URL + "/429"}); !r.State.NotBefore.Equal(now.Add(MaxRetryAfter)) {
		t.Fatalf("a huge Retry-After gives %v, want it capped at %v", r.State.NotBefore, MaxRetryAfter)
	}
	retry = ""
	if r := f.Fetch(context.Background(), State{URL: srv.URL + "/429"}); r.Status != RetryLater || !r.State.NotBefore.IsZero() {
		t.Fatalf("429 without Retry-After: %v %v", r.Status, r.State.NotBefore)
	}
}

func TestRetryAfterParse(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"0", now, true},
		{"30", now.Add(30 * time.Second), true},
		{now.Add(time.Minute).Format(http.TimeFormat), now.Add(time.Minute), true},
		{"Monday, 02-Mar-26 09:00:00 GMT", now.Add(time.Hour), true},
		{now.Add(-time.Hour).Format(http.TimeFormat), now, true},
		{"-5", time.Time{}, false},
		{"soon", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("retryAfter(%q) = %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFetchStall(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/body" {
			// Headers, a little body, then nothing.
			w.Header().Set("Content-Length", "100000")
			w.Write([]byte("<rss version=\"2.0\"><channel>"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	f := testFetcher()
	// The timeout under test, scaled so that the headers of /body still
	// come in time on a loaded machine; the server never ends either.
	f.Timeout = testwait.D(200 * time.Millisecond)
	for _, path := range []string{"/headers", "/body"} {
		start := time.Now()
		r := f.Fetch(context.Background(), State{URL: srv.URL + path})
		if el := time.Since(start); el > 10*f.Timeout {
			t.Errorf("%s: the stalled fetch took %v", path, el)
		}
		if r.Status != Failed || !errors.Is(r.Err, context.DeadlineExceeded) || !strings.Contains(r.Err.Error(), "timed out") || !strings.Contains(r.Err.Error(), srv.URL+path) {
			t.Errorf("%s: %v %v", path, r.Status, r.Err)
		}
	}
}

func TestFetchConnectionRefused(t *testing.T) {
	// (A connect that stalls needs an address that drops packets, which a
	// loopback-only test cannot have; ConnectTimeout is the dialer's.)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := testFetcher().Fetch(context.Background(), State{URL: "http://" + addr + "/x"})
	if r.Status != Failed || !strings.Contains(r.Err.Error(), "feed: http://"+addr+"/x: ") || strings.Count(r.Err.Error(), "http://") != 1 {
		t.Fatalf("closed port: %v %v", r.Status, r.Err)
	}
}

func TestFetchResetMidBody(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n")
		buf.WriteString(rssFeed("half", "a", "b")[:100])
		buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with RST
		}
		conn.Close()
	})
	r := testFetcher().Fetch(context.Background(), State{URL: srv.URL})
	if r.Status != Failed || r.Feed != nil || !strings.Contains(r.Err.Error(), srv.URL) {
		t.Fatalf("%v %v", r.Status, r.Err)
	}
}

func TestFetchEndlessBody(t *testing.T) {
	var sent atomic.Int64
	done := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>endless</title><description>`))
		chunk := bytes.Repeat([]byte("spam "), 8192)
		for sent.Load() < 256<<20 {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	f := testFetcher()
	f.MaxBytes = 1 << 20
	r := f.Fetch(context.Background(), State{URL: srv.URL})
	if r.Status != Failed || !errors.Is(r.Err, ErrTooLarge) || r.Bytes > 1<<20 {
		t.Fatalf("%v %v, %d bytes kept", r.Status, r.Err, r.Bytes)
	}
	<-done
	// The server gets ahead by what the sockets buffer, no more.
	if sent.Load() > 64<<20 {
		t.Fatalf("the server sent %d MiB: reading did not stop at the cap", sent.Load()>>20)
	}
	// A Content-Length over the cap fails before reading.
	big := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(2<<20))
		w.Write(make([]byte, 1000))
	})
	if r := f.Fetch(context.Background(), State{URL: big.URL}); !errors.Is(r.Err, ErrTooLarge) || r.Bytes != 0 {
		t.Fatalf("declared too large: %v, %d bytes read", r.Err, r.Bytes)
	}
}

// countingReader yields n bytes and counts what was read.
type countingReader struct{ left, read int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), c.left))
	clear(p[:n])
	c.left -= int64(n)
	c.read += int64(n)
	return n, nil
}

func TestReadCappedStopsAtTheCap(t *testing.T) {
	src := &countingReader{left: 64 << 20}
	data, err := readCapped(src, 1<<20, -1)
	if !errors.Is(err, ErrTooLarge) || len(data) > 1<<20 || src.read > 1<<20+1 {
		t.Fatalf("err %v, kept %d, read %d bytes", err, len(data), src.read)
	}
	src = &countingReader{left: 1 << 20}
	if data, err := readCapped(src, 1<<20, 1<<20); err != nil || len(data) != 1<<20 {
		t.Fatalf("exactly the cap: %v, %d bytes", err, len(data))
	}
}

// gzipBomb is n MiB of zeros, compressed as n gzip members of 1 MiB each
// (a gzip reader reads concatenated members as one stream).
func gzipBomb(t *testing.T, n int) []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.Repeat(member.Bytes(), n)
}

func TestFetchGzipBomb(t *testing.T) {
	bomb := gzipBomb(t, 64)
	var sent atomic.Int64
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("no Accept-Encoding: gzip")
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		n, _ := w.Write(bomb)
		sent.Add(int64(n))
	})
	f := testFetcher() // the default cap: 16 MiB
	r := f.Fetch(context.Background(), State{URL: srv.URL})
	if r.Status != Failed || !errors.Is(r.Err, ErrTooLarge) || !strings.Contains(r.Err.Error(), "16 MiB") {
		t.Fatalf("%v %v", r.Status, r.Err)
	}
	if r.Bytes > DefaultMaxBytes {
		t.Fatalf("kept %d bytes, over the cap", r.Bytes)
	}
	t.Logf("%d KiB compressed, 64 MiB inflated: stopped at %d MiB", len(bomb)>>10, r.Bytes>>20)

	// A gzipped feed under the cap is read whole.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(rssFeed("zipped", "a", "b", "c")))
	zw.Close()
	ok := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	})
	if r := f.Fetch(context.Background(), State{URL: ok.URL}); r.Status != Fetched || len(r.Feed.Items) != 3 {
		t.Fatalf("gzipped feed: %v %v", r.Status, r.Err)
	}
}

func TestFetchCharsetFromContentType(t *testing.T) {
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(rssFeed("Café", "Crème brûlée"))
	cp1251, _ := charmap.Windows1251.NewEncoder().String(strings.Replace(rssFeed("Новости", "Статья"), `encoding="UTF-8"`, `encoding="windows-1251"`, 1))
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/latin1" {
			w.Header().Set("Content-Type", "text/xml; charset=ISO-8859-1")
			strings.NewReader(strings.Replace(latin1, `encoding="UTF-8"`, ``, 1)).WriteTo(w)
			return
		}
		w.Header().Set("Content-Type", "text/xml") // no charset: the XML declaration says it
		strings.NewReader(cp1251).WriteTo(w)
	})
	f := testFetcher()
	for path, want := range map[string][2]string{"/latin1": {"Café", "Crème brûlée"}, "/cp1251": {"Новости", "Статья"}} {
		r := f.Fetch(context.Background(), State{URL: srv.URL + path})
		if r.Status != Fetched || r.Feed.Title != want[0] || r.Feed.Items[0].Title != want[1] {
			t.Errorf("%s: %v %v %+v", path, r.Status, r.Err, r.Feed)
		}
	}
}

func TestFetchAllGoodNextToBad(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	for i := range 3 {
		mux.HandleFunc(fmt.Sprintf("/good%d", i), func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, rssFeed(fmt.Sprint("good", i), "a", "b"))
		})
	}
	mux.HandleFunc("/malformed", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>bad</title><item><<title>`)
	})
	mux.HandleFunc("/panic-prone", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "{") })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!DOCTYPE html><html><head><link rel="alternate" type="application/atom+xml" href="/good1"></head></html>`)
	})
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	feeds := []State{
		{URL: srv.URL + "/good0"},
		{URL: srv.URL + "/malformed"},
		{URL: srv.URL + "/good1"},
		{URL: srv.URL + "/missing"},
		{URL: closed.URL + "/feed"},
		{URL: "gopher://example.com/feed"},
		{URL: srv.URL + "/panic-prone"},
		{URL: srv.URL + "/html"},
		{URL: srv.URL + "/good2"},
	}
	got := map[int]Result{}
	for r := range testFetcher().FetchAll(context.Background(), feeds) {
		if _, dup := got[r.Index]; dup {
			t.Fatalf("two results for feed %d", r.Index)
		}
		got[r.Index] = r
	}
	if len(got) != len(feeds) {
		t.Fatalf("%d results for %d feeds", len(got), len(feeds))
	}
	for i, s := range feeds {
		r := got[i]
		good := strings.Contains(s.URL, "/good")
		if good != (r.Status == Fetched) {
			t.Errorf("%s: %v %v", s.URL, r.Status, r.Err)
			continue
		}
		if good {
			if len(r.Feed.Items) != 2 {
				t.Errorf("%s: %d items", s.URL, len(r.Feed.Items))
			}
			continue
		}
		if r.Err == nil || !strings.Contains(r.Err.Error(), s.URL) {
			t.Errorf("%s: error %v does not name the URL", s.URL, r.Err)
		}
	}
	if r := got[7]; !errors.Is(r.Err, ErrNotFeed) || len(r.Alternates) != 1 || r.Alternates[0].URL != srv.URL+"/good1" {
		t.Errorf("html page: %v %+v", r.Err, r.Alternates)
	}
}

func TestFetchAllPerHostLimit(t *testing.T) {
	type counter struct {
		mu             sync.Mutex
		inFlight, peak int
		conns          atomic.Int32
	}
	var all struct {
		mu             sync.Mutex
		inFlight, peak int
	}
	newServer := func(c *counter) *httptest.Server {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.mu.Lock()
			c.inFlight++
			c.peak = max(c.peak, c.inFlight)
			c.mu.Unlock()
			all.mu.Lock()
			all.inFlight++
			all.peak = max(all.peak, all.inFlight)
			all.mu.Unlock()
			// Long enough, on the tests' time scale, for the other
			// requests to arrive while this one is under way.
			time.Sleep(testwait.D(20 * time.Millisecond))
			fmt.Fprint(w, rssFeed("h", "a"))
			c.mu.Lock()
			c.inFlight--
			c.mu.Unlock()
			all.mu.Lock()
			all.inFlight--
			all.mu.Unlock()
		}))
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				c.conns.Add(1)
			}
		}
		srv.Start()
		t.Cleanup(srv.Close)
		return srv
	}
	var a, b counter
	srvA, srvB := newServer(&a), newServer(&b)
	var feeds []State
	for i := range 24 {
		feeds = append(feeds, State{URL: fmt.Sprintf("%s/a/%d", srvA.URL, i)})
	}
	for i := range 8 {
		feeds = append(feeds, State{URL: fmt.Sprintf("%s/b/%d", srvB.URL, i)})
	}
	f := testFetcher() // 32 workers, 4 per host
	n := 0
	for r := range f.FetchAll(context.Background(), feeds) {
		if r.Status != Fetched {
			t.Errorf("%s: %v %v", feeds[r.Index].URL, r.Status, r.Err)
		}
		n++
	}
	if n != len(feeds) {
		t.Fatalf("%d results", n)
	}
	if a.peak > 4 || b.peak > 4 {
		t.Fatalf("peak requests at once: %d and %d, over the limit of 4 per host", a.peak, b.peak)
	}
	if a.conns.Load() > 4 || b.conns.Load() > 4 {
		t.Fatalf("%d and %d connections: over the limit of 4 per host, or no keep-alive", a.conns.Load(), b.conns.Load())
	}
	if a.peak < 2 || all.peak <= 4 {
		t.Fatalf("peak %d on one host, %d in all: the pool should fetch in parallel and let hosts interleave", a.peak, all.peak)
	}
	t.Logf("peak per host %d/%d, in all %d; connections %d/%d", a.peak, b.peak, all.peak, a.conns.Load(), b.conns.Load())
}

func TestFetchAllCancel(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(testwait.D(5 * time.Second)):
		}
	})
	var feeds []State
	for i := range 50 {
		feeds = append(feeds, State{URL: fmt.Sprintf("%s/%d", srv.URL, i)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := testFetcher()
	f.Timeout = testwait.D(10 * time.Second)
	ch := f.FetchAll(ctx, feeds)
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	for range ch {
	}
	// Without the cancel, the server would hold each request for 5 s.
	if el := time.Since(start); el > testwait.D(2*time.Second) {
		t.Fatalf("FetchAll took %v to end after its context was cancelled", el)
	}
}

func TestFetchFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.xml")
	if err := os.WriteFile(path, []byte(rssFeed("local", "a", "b")), 0o644); err != nil {
		t.Fatal(err)
	}
	f := testFetcher()
	fileURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	for _, u := range []string{path, fileURL} {
		r := f.Fetch(context.Background(), State{URL: u})
		if r.Status != Fetched || len(r.Feed.Items) != 2 || r.State.ETag == "" {
			t.Fatalf("%s: %v %v", u, r.Status, r.Err)
		}
		if it := r.Feed.Items[0]; it.Link != "https://site.example/item/0" {
			t.Errorf("%s: link %q, want it resolved against the feed's site", u, it.Link)
		}
		if r2 := f.Fetch(context.Background(), r.State); r2.Status != NotModified {
			t.Errorf("%s: unchanged file: %v", u, r2.Status)
		}
	}
	r := f.Fetch(context.Background(), State{URL: filepath.Join(dir, "missing.xml")})
	if r.Status != Failed || !strings.Contains(r.Err.Error(), "missing.xml") || !errors.Is(r.Err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", r.Err)
	}
	if r := f.Fetch(context.Background(), State{URL: dir}); r.Status != Failed {
		t.Fatalf("folder: %v", r.Status)
	}
	if r := f.Fetch(context.Background(), State{URL: "file://elsewhere/x.xml"}); r.Status != Failed {
		t.Fatalf("file URL with a host: %v", r.Status)
	}
}

func TestFetchNoURL(t *testing.T) {
	for _, u := range []string{"", "http:///nohost", "ftp://example.com/x"} {
		if r := testFetcher().Fetch(context.Background(), State{URL: u}); r.Status != Failed || r.Err == nil {
			t.Errorf("%q: %v %v", u, r.Status, r.Err)
		}
	}
}

func TestZeroFetcher(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != "bulletin/dev" {
			t.Errorf("User-Agent %q", ua)
		}
		fmt.Fprint(w, rssFeed("z", "a"))
	})
	var f Fetcher
	if r := f.Fetch(context.Background(), State{URL: srv.URL}); r.Status != Fetched {
		t.Fatalf("%v %v", r.Status, r.Err)
	}
	if f.Workers != DefaultWorkers || f.PerHost != DefaultPerHost || f.Timeout != DefaultTimeout || f.MaxBytes != DefaultMaxBytes {
		t.Fatalf("defaults: %d workers, %d per host, timeout %v, cap %d", f.Workers, f.PerHost, f.Timeout, f.MaxBytes)
	}
	f.CloseIdleConnections()
}

func TestQueue(t *testing.T) {
	var feeds []State
	for i := range 6 {
		feeds = append(feeds, State{URL: fmt.Sprintf("http://a.example/%d", i)})
	}
	feeds = append(feeds, State{URL: "http://B.example/0"}, State{URL: "http://b.example/1"}, State{URL: "/local/file.xml"})
	q := newQueue(context.Background(), feeds, 2, 32)
	var order []int
	var held []*hostQueue
	for range 5 { // a: 2 (its limit), b: 2, the file: 1
		i, h, ok := q.take()
		if !ok {
			break
		}
		order = append(order, i)
		held = append(held, h)
	}
	if fmt.Sprint(order) != "[0 6 8 1 7]" {
		t.Fatalf("order %v: hosts should take turns, each up to its limit", order)
	}
	// Every host with feeds left is at its limit: take waits for a done.
	got := make(chan int)
	go func() {
		i, _, _ := q.take()
		got <- i
	}()
	select {
	case i := <-got:
		t.Fatalf("take returned %d past the host's limit", i)
	case <-time.After(testwait.D(50 * time.Millisecond)):
	}
	q.done(held[0]) // one of a's
	select {
	case i := <-got:
		if i != 2 {
			t.Fatalf("took %d, want 2", i)
		}
	case <-time.After(testwait.D(2 * time.Second)):
		t.Fatal("take did not wake when the host had room again")
	}
	q.close()
	if _, _, ok := q.take(); ok {
		t.Fatal("take after close")
	}
}

func TestFetchSkipMarkdown(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssFeed("s", "a")) })
	f := testFetcher()
	f.SkipMarkdown = true
	r := f.Fetch(context.Background(), State{URL: srv.URL + "/f"})
	if r.Status != Fetched {
		t.Fatal(r.Err)
	}
	it := r.Feed.Items[0]
	if it.Body != "" || it.HTML != "<p>text 0</p>" || it.Base != srv.URL+"/f" {
		t.Fatalf("body %q html %q base %q", it.Body, it.HTML, it.Base)
	}
	if md, _ := Markdown(it.HTML, it.Base); md != "text 0" {
		t.Fatalf("markdown %q", md)
	}
}

// hungServer accepts every request and never answers it, until the test
// ends; it counts the requests it got.
func hungServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	return srv, &requests
}

// fetchAllByIndex runs FetchAll and returns its results by index, failing
// the test if a feed has none or two.
func fetchAllByIndex(t *testing.T, f *Fetcher, feeds []State) map[int]Result {
	t.Helper()
	got := map[int]Result{}
	for r := range f.FetchAll(context.Background(), feeds) {
		if _, dup := got[r.Index]; dup {
			t.Fatalf("two results for %s", feeds[r.Index].URL)
		}
		got[r.Index] = r
	}
	if len(got) != len(feeds) {
		t.Fatalf("%d results for %d feeds: some were dropped", len(got), len(feeds))
	}
	return got
}

// A host that accepts connections and never answers costs a refresh about
// one timeout, not one per PerHost of its feeds: after HostTimeouts
// timeouts its other feeds fail at once, and the healthy host's are all
// fetched.
func TestFetchAllGivesUpAHostThatDoesNotAnswer(t *testing.T) {
	hung, hungRequests := hungServer(t)
	healthy := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssFeed("ok", "a")) })
	var feeds []State
	for i := range 200 {
		base := healthy.URL
		if i%10 == 3 {
			base = hung.URL
		}
		feeds = append(feeds, State{URL: fmt.Sprintf("%s/feed/%d", base, i)})
	}
	f := testFetcher()
	// The timeout under test, long enough on the tests' time scale for
	// each healthy fetch to fit in it on a loaded machine.
	f.Timeout = testwait.D(time.Second)
	start := time.Now()
	got := fetchAllByIndex(t, f, feeds)
	elapsed := time.Since(start)

	var fetched, timedOut, notAnswering int
	for i, s := range feeds {
		r := got[i]
		if !strings.HasPrefix(s.URL, hung.URL) {
			if r.Status != Fetched {
				t.Errorf("%s on the healthy host: %v %v", s.URL, r.Status, r.Err)
			}
			fetched++
			continue
		}
		switch {
		case r.Status != Failed || r.Err == nil || !strings.Contains(r.Err.Error(), s.URL):
			t.Errorf("%s on the hung host: %v %v", s.URL, r.Status, r.Err)
		case errors.Is(r.Err, ErrHostNotAnswering) && strings.Contains(r.Err.Error(), "host not answering"):
			notAnswering++
		case errors.Is(r.Err, context.DeadlineExceeded) && strings.Contains(r.Err.Error(), "timed out"):
			timedOut++
		default:
			t.Errorf("%s: %v, want a timeout or host not answering", s.URL, r.Err)
		}
	}
	if fetched != 180 || timedOut < HostTimeouts || notAnswering < 20-DefaultPerHost {
		t.Errorf("%d fetched, %d timed out, %d given up", fetched, timedOut, notAnswering)
	}
	// Without giving up, all 20 would be asked, PerHost at a time: five
	// timeouts in a row.
	if n := hungRequests.Load(); n > DefaultPerHost+HostTimeouts {
		t.Errorf("the hung host got %d requests; it should have been given up after %d timeouts", n, HostTimeouts)
	}
	if elapsed > 3*f.Timeout {
		t.Errorf("the refresh took %v, over 3 timeouts of %v", elapsed, f.Timeout)
	}
	t.Logf("%d fetched, %d timed out, %d given up in %v (timeout %v); the hung host got %d requests", fetched, timedOut, notAnswering, elapsed, f.Timeout, hungRequests.Load())
}

// The refresh deadline cuts off the fetches under way and fails the feeds
// not started, saying so; what was fetched before it is kept.
func TestFetchAllDeadline(t *testing.T) {
	hung, _ := hungServer(t)
	healthy := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssFeed("ok", "a")) })
	var feeds []State
	for i := range 10 {
		feeds = append(feeds, State{URL: fmt.Sprintf("%s/feed/%d", healthy.URL, i)}, State{URL: fmt.Sprintf("%s/feed/%d", hung.URL, i)})
	}
	f := testFetcher() // a feed's timeout far beyond the deadline
	f.Deadline = testwait.D(time.Second)
	start := time.Now()
	got := fetchAllByIndex(t, f, feeds)
	elapsed := time.Since(start)
	want := "refresh deadline (" + seconds(f.Deadline) + ") reached"
	for i, s := range feeds {
		r := got[i]
		if strings.HasPrefix(s.URL, healthy.URL) {
			if r.Status != Fetched {
				t.Errorf("%s: %v %v", s.URL, r.Status, r.Err)
			}
			continue
		}
		if r.Status != Failed || !errors.Is(r.Err, ErrDeadline) || !strings.Contains(r.Err.Error(), s.URL+": "+want) {
			t.Errorf("%s: %v %v, want %q", s.URL, r.Status, r.Err, want)
		}
	}
	if elapsed > 3*f.Deadline {
		t.Errorf("FetchAll took %v with a deadline of %v", elapsed, f.Deadline)
	}
}

func TestSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{60 * time.Second: "60s", 90 * time.Second: "90s", 1500 * time.Millisecond: "1.5s", 200 * time.Millisecond: "200ms"} {
		if got := seconds(d); got != want {
			t.Errorf("seconds(%v) = %q, want %q", d, got, want)
		}
	}
}
