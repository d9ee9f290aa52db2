// Package feedtest serves feeds and pages on loopback for tests, and counts
// the requests, so that a test can tell what a refresh fetched.
package feedtest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// ETag is the validator Feed serves.
const ETag = `"v1"`

// Server is a loopback web server of handlers by path. Paths without one
// are 404.
type Server struct {
	*httptest.Server
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   map[string]int
	// Conditional counts the requests that sent an If-None-Match, Full
	// the full responses Feed gave.
	Conditional, Full atomic.Int32
	// ended is closed when the test ends, to let hung requests go before
	// the server waits for them to finish.
	ended chan struct{}
}

// NewServer starts a server, closed when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{routes: map[string]http.HandlerFunc{}, hits: map[string]int{}, ended: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h := s.routes[r.URL.Path]
		s.mu.Unlock()
		if r.Header.Get("If-None-Match") != "" {
			s.Conditional.Add(1)
		}
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.ended) }) // runs before Close
	return s
}

// Hang serves path as a host that takes the request and never answers,
// until the client gives up or the test ends; it returns the URL.
func (s *Server) Hang(path string) string {
	s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-s.ended:
		case <-r.Context().Done():
		}
	})
	return s.URL + path
}

// Handle serves path with h, in place of what served it before.
func (s *Server) Handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = h
}

// Hits is how many requests path had.
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Feed serves body at path as an RSS feed with ETag, and 304 to a request
// that sends it back; it returns the feed's URL.
func (s *Server) Feed(path, body string) string {
	s.Handle(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == ETag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.Full.Add(1)
		w.Header().Set("ETag", ETag)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body))
	})
	return s.URL + path
}
