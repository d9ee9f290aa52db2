package feed

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bulletin/internal/testwait"
)

// tlsServer starts a loopback HTTPS server, speaking HTTP/2 when h2 is
// set and only HTTP/1.1 otherwise; it counts the connections it accepts.
func tlsServer(t testing.TB, h2 bool, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = h2
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// trust makes f trust the test server's certificate.
func trust(f *Fetcher, srv *httptest.Server) {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	f.rootCAs = pool
}

// notModified answers 304 to a request that sends back etag, as an
// unchanged feed does on every refresh but the first.
func notModified(w http.ResponseWriter, r *http.Request, etag string) {
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, rssFeed("h2", "a"))
}

// A host that speaks HTTP/2 gets more than PerHost of its feeds at once,
// as streams of no more than PerHost connections, which is what makes a
// refresh of many feeds of one host fast; one that speaks only HTTP/1.1,
// over TLS too, never gets more than PerHost at once.
func TestFetchAllHTTP2Streams(t *testing.T) {
	const perHost, nFeeds, etag = 4, 16, `"h2"`
	for _, tc := range []struct {
		name  string
		h2    bool
		proto int
		// hold is how long a request waits for a crowd of perHost+1
		// under way: over HTTP/2 the crowd forms as soon as the first
		// answer has shown the protocol, so a long wait costs nothing
		// unless the test fails; over HTTP/1.1 it never forms, and the
		// wait is a latency that lets requests overlap.
		hold time.Duration
	}{
		{"HTTP/2", true, 2, testwait.D(2 * time.Second)},
		{"HTTP/1.1", false, 1, testwait.D(50 * time.Millisecond)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var (
				mu             sync.Mutex
				inFlight, peak int
				requests       int
				wrongProto     int
				crowd          = make(chan struct{})
				crowdOnce      sync.Once
			)
			srv, conns := tlsServer(t, tc.h2, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				requests++
				first := requests == 1
				if r.ProtoMajor != tc.proto {
					wrongProto++
				}
				inFlight++
				peak = max(peak, inFlight)
				if inFlight > perHost {
					crowdOnce.Do(func() { close(crowd) })
				}
				mu.Unlock()
				// The first answers at once: until a host has answered,
				// its protocol is unknown and PerHost holds.
				if !first {
					select {
					case <-crowd:
					case <-time.After(tc.hold):
					}
				}
				notModified(w, r, etag)
				mu.Lock()
				inFlight--
				mu.Unlock()
			}))
			f := testFetcher()
			f.PerHost = perHost
			trust(f, srv)
			defer f.CloseIdleConnections()
			var feeds []State
			for i := range nFeeds {
				feeds = append(feeds, State{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), ETag: etag})
			}
			for _, r := range fetchAllByIndex(t, f, feeds) {
				if r.Status != NotModified {
					t.Errorf("%s: %v %v", feeds[r.Index].URL, r.Status, r.Err)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			t.Logf("%d requests, peak %d at once, %d connections", requests, peak, conns.Load())
			if wrongProto > 0 {
				t.Fatalf("%d of %d requests were not HTTP/%d", wrongProto, requests, tc.proto)
			}
			if n := conns.Load(); n > perHost {
				t.Errorf("%d connections, over the limit of %d per host", n, perHost)
			}
			switch {
			case tc.h2 && peak <= perHost:
				t.Errorf("peak %d requests at once over HTTP/2: its streams should carry more than the %d per host", peak, perHost)
			case tc.h2 && peak > DefaultStreamsPerHost:
				t.Errorf("peak %d requests at once over HTTP/2, over the %d streams per host", peak, DefaultStreamsPerHost)
			case !tc.h2 && peak > perHost:
				t.Errorf("peak %d requests at once over HTTP/1.1, over the limit of %d per host", peak, perHost)
			}
		})
	}
}

// The streams of one HTTP/2 host are capped by StreamsPerHost, not by the
// pool of workers.
func TestFetchAllStreamsPerHost(t *testing.T) {
	const streams = 6
	var (
		mu             sync.Mutex
		inFlight, peak int
	)
	srv, _ := tlsServer(t, true, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		// Long enough, on the tests' time scale, for the other requests
		// to arrive while this one is under way.
		time.Sleep(testwait.D(20 * time.Millisecond))
		notModified(w, r, `"s"`)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	f := testFetcher()
	f.PerHost, f.StreamsPerHost = 2, streams
	trust(f, srv)
	defer f.CloseIdleConnections()
	var feeds []State
	for i := range 60 {
		feeds = append(feeds, State{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), ETag: `"s"`})
	}
	for _, r := range fetchAllByIndex(t, f, feeds) {
		if r.Status != NotModified {
			t.Errorf("%s: %v %v", feeds[r.Index].URL, r.Status, r.Err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if peak > streams {
		t.Fatalf("peak %d requests at once, over StreamsPerHost %d", peak, streams)
	}
	t.Logf("peak %d of %d streams", peak, streams)
}

// A host's limit follows the protocol it answers in, both ways, and a
// host's answer moves no other host's limit.
func TestQueueAnswered(t *testing.T) {
	feeds := []State{{URL: "https://a.example/0"}, {URL: "https://a.example/1"}, {URL: "https://a.example/2"}, {URL: "https://b.example/0"}, {URL: "https://b.example/1"}}
	q := newQueue(context.Background(), feeds, 1, 32)
	a, b := q.hosts[0], q.hosts[1]
	q.answered(a, true, 1, 3)
	if a.limit != 3 || b.limit != 1 {
		t.Fatalf("limits %d and %d after a answered over HTTP/2, want 3 and 1", a.limit, b.limit)
	}
	var took []int
	for range 4 { // a: 3 at once, b: 1
		i, _, ok := q.take()
		if !ok {
			t.Fatal("take ended early")
		}
		took = append(took, i)
	}
	if fmt.Sprint(took) != "[0 3 1 2]" {
		t.Fatalf("took %v", took)
	}
	q.answered(a, false, 1, 3)
	if a.limit != 1 {
		t.Fatalf("limit %d after a answered over HTTP/1, want 1", a.limit)
	}
}
