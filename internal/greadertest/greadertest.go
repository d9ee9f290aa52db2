// Package greadertest is a Google Reader API server on loopback for tests,
// built to answer as Miniflux's does: a text ClientLogin answer, a write
// token checked in the T field of every POST (401 with
// X-Reader-Google-Bad-Token when stale), decimal ids in stream/items/ids
// with an offset as continuation and ot= compared with the published
// date, long ids in stream/items/contents. It counts the requests by path
// and can be made to fail, so a test can tell what a sync did.
package greadertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	readState    = "user/-/state/com.google/read"
	starredState = "user/-/state/com.google/starred"
	readingList  = "user/-/state/com.google/reading-list"
	labelPrefix  = "user/-/label/"
	itemPrefix   = "tag:google.com,2005:reader/item/"
)

// Item is an item the server holds.
type Item struct {
	ID        int64
	FeedID    int64
	Title     string
	Link      string
	Author    string
	HTML      string
	Published time.Time
	Read      bool
	Starred   bool
}

// Feed is a subscription the server holds.
type Feed struct {
	ID    int64
	Title string
	URL   string
	Site  string
	Tags  []string
}

// Server is the fake. Its fields are guarded by its lock: use the methods.
type Server struct {
	*httptest.Server
	User, Password string

	mu     sync.Mutex
	feeds  []Feed
	items  map[int64]*Item
	nextID int64
	token  string
	hits   map[string]int
	// order is the items newest first, nil when an item was added since.
	order []*Item
	// fail answers the nth request (counted from when it was set) to a
	// path with a status.
	fail map[string]failure
}

type failure struct {
	after, status int
}

// New starts a server with one account, closed when the test ends.
func New(t testing.TB, user, password string) *Server {
	s := Start(user, password)
	t.Cleanup(s.Close)
	return s
}

// Start starts a server with one account, for a program (a benchmark's
// server) rather than a test; Close stops it.
func Start(user, password string) *Server {
	s := &Server{User: user, Password: password, items: map[int64]*Item{}, hits: map[string]int{},
		fail: map[string]failure{}, token: "token-1", nextID: 1}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AddFeed adds a subscription and returns its id.
func (s *Server) AddFeed(title, url string, tags ...string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := int64(len(s.feeds) + 1)
	s.feeds = append(s.feeds, Feed{ID: id, Title: title, URL: url, Site: url + "/site", Tags: tags})
	return id
}

// AddItem adds an item to a feed and returns its id.
func (s *Server) AddItem(it Item) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it.ID == 0 {
		it.ID = s.nextID
	}
	s.nextID = max(s.nextID, it.ID) + 1
	s.items[it.ID] = &it
	s.order = nil
	return it.ID
}

// Item returns a copy of an item as the server holds it.
func (s *Server) Item(id int64) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return Item{}, false
	}
	return *it, true
}

// SetState sets an item's state as another client of the server would.
func (s *Server) SetState(id int64, read, starred bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it, ok := s.items[id]; ok {
		it.Read, it.Starred = read, starred
	}
}

// Feeds returns the subscriptions.
func (s *Server) Feeds() []Feed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.feeds)
}

// Hits is how many requests reached path (e.g.
// "/reader/api/0/stream/items/contents").
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// ExpireToken makes the write token stale, as a server restart does.
func (s *Server) ExpireToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token += "x"
}

// FailAfter answers path with status once after letting n more requests to
// it through; status 0 stops failing.
func (s *Server) FailAfter(path string, n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		delete(s.fail, path)
		return
	}
	s.fail[path] = failure{after: n, status: status}
}

// needsJSON are the routes Miniflux answers 400 without output=json.
var needsJSON = map[string]bool{
	"GET subscription/list":      true,
	"GET tag/list":               true,
	"GET stream/items/ids":       true,
	"POST stream/items/contents": true,
}

// auth is the login token of the account.
func (s *Server) auth() string { return s.User + "/auth" }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	if f, ok := s.fail[r.URL.Path]; ok {
		if f.after == 0 {
			delete(s.fail, r.URL.Path)
			http.Error(w, "failing as asked", f.status)
			return
		}
		f.after--
		s.fail[r.URL.Path] = f
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.URL.Path == "/accounts/ClientLogin" && r.Method == http.MethodPost {
		s.login(w, r)
		return
	}
	if !s.authorized(w, r) {
		return
	}
	route := r.Method + " " + strings.TrimPrefix(r.URL.Path, "/reader/api/0/")
	if needsJSON[route] && r.Form.Get("output") != "json" {
		// Miniflux answers only JSON, and refuses a request that does
		// not ask for it.
		http.Error(w, "output=json is required", http.StatusBadRequest)
		return
	}
	switch route {
	case "GET token":
		fmt.Fprintln(w, s.token)
	case "GET subscription/list":
		s.subscriptionList(w)
	case "GET tag/list":
		s.tagList(w)
	case "GET stream/items/ids":
		s.itemIDs(w, r)
	case "POST stream/items/contents":
		s.contents(w, r)
	case "POST edit-tag":
		s.editTag(w, r)
	case "POST mark-all-as-read":
		s.markAllRead(w, r)
	case "POST subscription/edit":
		s.editSubscription(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if r.PostForm.Get("Email") != s.User || r.PostForm.Get("Passwd") != s.Password || s.User == "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error_message":"Access Unauthorized"}`)
		return
	}
	a := s.auth()
	fmt.Fprintf(w, "SID=%s\nLSID=%s\nAuth=%s\n", a, a, a)
}

// authorized checks the login header on a GET and the write token on a
// POST, as Miniflux does.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	ok := r.Header.Get("Authorization") == "GoogleLogin auth="+s.auth()
	if r.Method == http.MethodPost {
		ok = r.PostForm.Get("T") == s.token
	}
	if !ok {
		w.Header().Set("X-Reader-Google-Bad-Token", "true")
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	}
	return ok
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

type category struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	Type  string `json:"type,omitempty"`
}

func (s *Server) subscriptionList(w http.ResponseWriter) {
	type sub struct {
		ID         string     `json:"id"`
		Title      string     `json:"title"`
		Categories []category `json:"categories"`
		URL        string     `json:"url"`
		HTMLURL    string     `json:"htmlUrl"`
		IconURL    string     `json:"iconUrl"`
	}
	out := struct {
		Subscriptions []sub `json:"subscriptions"`
	}{Subscriptions: []sub{}}
	for _, f := range s.feeds {
		cats := []category{}
		for _, t := range f.Tags {
			cats = append(cats, category{ID: labelPrefix + t, Label: t})
		}
		out.Subscriptions = append(out.Subscriptions, sub{ID: "feed/" + strconv.FormatInt(f.ID, 10), Title: f.Title,
			Categories: cats, URL: f.URL, HTMLURL: f.Site})
	}
	writeJSON(w, out)
}

func (s *Server) tagList(w http.ResponseWriter) {
	tags := []category{{ID: starredState}}
	seen := map[string]bool{}
	for _, f := range s.feeds {
		for _, t := range f.Tags {
			if !seen[t] {
				seen[t] = true
				tags = append(tags, category{ID: labelPrefix + t, Label: t, Type: "folder"})
			}
		}
	}
	writeJSON(w, struct {
		Tags []category `json:"tags"`
	}{tags})
}

// sorted are the items newest first, then by id, as Miniflux sorts.
func (s *Server) sorted() []*Item {
	if s.order == nil {
		s.order = make([]*Item, 0, len(s.items))
		for _, it := range s.items {
			s.order = append(s.order, it)
		}
		slices.SortFunc(s.order, func(a, b *Item) int {
			if c := b.Published.Compare(a.Published); c != 0 {
				return c
			}
			return int(b.ID - a.ID)
		})
	}
	subscribed := map[int64]bool{}
	for _, f := range s.feeds {
		subscribed[f.ID] = true
	}
	out := make([]*Item, 0, len(s.order))
	for _, it := range s.order {
		if subscribed[it.FeedID] {
			out = append(out, it)
		}
	}
	return out
}

func (s *Server) feedIndex(id int64) int {
	return slices.IndexFunc(s.feeds, func(f Feed) bool { return f.ID == id })
}

func (s *Server) itemIDs(w http.ResponseWriter, r *http.Request) {
	q := r.Form
	n, _ := strconv.Atoi(q.Get("n"))
	if n <= 0 {
		n = 20
	}
	offset, _ := strconv.Atoi(q.Get("c"))
	since, _ := strconv.ParseInt(q.Get("ot"), 10, 64)
	var match []*Item
	for _, it := range s.sorted() {
		switch {
		case q.Get("s") == starredState && !it.Starred,
			q.Get("s") == readState && !it.Read,
			q.Get("s") != starredState && q.Get("s") != readState && q.Get("s") != readingList,
			q.Get("xt") == readState && it.Read,
			since > 0 && !it.Published.After(time.Unix(since, 0)):
			continue
		}
		match = append(match, it)
	}
	type ref struct {
		ID string `json:"id"`
	}
	out := struct {
		ItemRefs     []ref `json:"itemRefs"`
		Continuation int   `json:"continuation,omitempty,string"`
	}{ItemRefs: []ref{}}
	for i := offset; i < len(match) && i < offset+n; i++ {
		out.ItemRefs = append(out.ItemRefs, ref{ID: strconv.FormatInt(match[i].ID, 10)})
	}
	if offset+n < len(match) {
		out.Continuation = offset + n
	}
	writeJSON(w, out)
}

func parseID(s string) (int64, bool) {
	if h, ok := strings.CutPrefix(s, itemPrefix); ok {
		n, err := strconv.ParseUint(h, 16, 64)
		return int64(n), err == nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func (s *Server) requested(w http.ResponseWriter, r *http.Request) ([]*Item, bool) {
	var out []*Item
	for _, raw := range r.PostForm["i"] {
		id, ok := parseID(raw)
		if !ok {
			http.Error(w, "bad item id "+raw, http.StatusBadRequest)
			return nil, false
		}
		if it, ok := s.items[id]; ok {
			out = append(out, it)
		}
	}
	return out, true
}

func (s *Server) contents(w http.ResponseWriter, r *http.Request) {
	items, ok := s.requested(w, r)
	if !ok {
		return
	}
	type href struct {
		Href string `json:"href"`
		Type string `json:"type,omitempty"`
	}
	type content struct {
		Direction string `json:"direction"`
		Content   string `json:"content"`
	}
	type item struct {
		ID            string   `json:"id"`
		Categories    []string `json:"categories"`
		Title         string   `json:"title"`
		CrawlTimeMsec string   `json:"crawlTimeMsec"`
		TimestampUsec string   `json:"timestampUsec"`
		Published     int64    `json:"published"`
		Updated       int64    `json:"updated"`
		Author        string   `json:"author"`
		Alternate     []href   `json:"alternate"`
		Canonical     []href   `json:"canonical"`
		Summary       content  `json:"summary"`
		Content       content  `json:"content"`
		Origin        struct {
			StreamID string `json:"streamId"`
			Title    string `json:"title"`
		} `json:"origin"`
	}
	out := struct {
		ID    string `json:"id"`
		Items []item `json:"items"`
	}{ID: readingList, Items: []item{}}
	for _, it := range items {
		cats := []string{readingList}
		if it.Read {
			cats = append(cats, readState)
		}
		if it.Starred {
			cats = append(cats, starredState)
		}
		o := item{ID: fmt.Sprintf("%s%016x", itemPrefix, it.ID), Categories: cats, Title: it.Title,
			Published: it.Published.Unix(), Updated: it.Published.Unix(), Author: it.Author,
			TimestampUsec: strconv.FormatInt(it.Published.UnixMicro(), 10), CrawlTimeMsec: strconv.FormatInt(it.Published.UnixMilli(), 10),
			Alternate: []href{{Href: it.Link, Type: "text/html"}}, Canonical: []href{{Href: it.Link}},
			Summary: content{"ltr", it.HTML}, Content: content{"ltr", it.HTML}}
		o.Origin.StreamID = "feed/" + strconv.FormatInt(it.FeedID, 10)
		if i := s.feedIndex(it.FeedID); i >= 0 {
			o.Origin.Title = s.feeds[i].Title
		}
		out.Items = append(out.Items, o)
	}
	writeJSON(w, out)
}

func (s *Server) editTag(w http.ResponseWriter, r *http.Request) {
	items, ok := s.requested(w, r)
	if !ok {
		return
	}
	for _, it := range items {
		for _, tag := range r.PostForm["a"] {
			setTag(it, tag, true)
		}
		for _, tag := range r.PostForm["r"] {
			setTag(it, tag, false)
		}
	}
	fmt.Fprint(w, "OK")
}

func setTag(it *Item, tag string, on bool) {
	switch tag {
	case readState:
		it.Read = on
	case starredState:
		it.Starred = on
	}
}

func (s *Server) markAllRead(w http.ResponseWriter, r *http.Request) {
	stream := r.PostForm.Get("s")
	for _, it := range s.items {
		if stream == readingList || stream == "feed/"+strconv.FormatInt(it.FeedID, 10) {
			it.Read = true
		}
	}
	fmt.Fprint(w, "OK")
}

func (s *Server) editSubscription(w http.ResponseWriter, r *http.Request) {
	stream := r.PostForm.Get("s")
	switch r.PostForm.Get("ac") {
	case "subscribe":
		u := strings.TrimPrefix(stream, "feed/")
		id := int64(len(s.feeds) + 1)
		for _, f := range s.feeds {
			id = max(id, f.ID+1)
		}
		s.feeds = append(s.feeds, Feed{ID: id, Title: r.PostForm.Get("t"), URL: u})
	case "unsubscribe":
		s.feeds = slices.DeleteFunc(s.feeds, func(f Feed) bool { return "feed/"+strconv.FormatInt(f.ID, 10) == stream })
	case "edit":
		for i := range s.feeds {
			f := &s.feeds[i]
			if "feed/"+strconv.FormatInt(f.ID, 10) != stream {
				continue
			}
			if t := r.PostForm.Get("t"); t != "" {
				f.Title = t
			}
			if a, ok := strings.CutPrefix(r.PostForm.Get("a"), labelPrefix); ok && !slices.Contains(f.Tags, a) {
				f.Tags = append(f.Tags, a)
			}
			if rm, ok := strings.CutPrefix(r.PostForm.Get("r"), labelPrefix); ok {
				f.Tags = slices.DeleteFunc(f.Tags, func(t string) bool { return t == rm })
			}
		}
	default:
		http.Error(w, "unknown action", http.StatusBadRequest)
		return
	}
	fmt.Fprint(w, "OK")
}
