package minifluxtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// The helpers below are the server's side of a check, through Miniflux's
// own REST API (/v1, the admin's basic auth): what a user of its web
// pages or of another client would see and do. They fail t on any error.

// Entry is an entry as Miniflux's API shows it.
type Entry struct {
	ID      int64  `json:"id"`
	FeedID  int64  `json:"feed_id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Content string `json:"content"`
	Status  string `json:"status"` // "read", "unread" or "removed"
	Starred bool   `json:"starred"`
}

// Read reports whether the entry is read on the server.
func (e Entry) Read() bool { return e.Status == "read" }

// Feed is a subscription as Miniflux's API shows it.
type Feed struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	FeedURL  string   `json:"feed_url"`
	SiteURL  string   `json:"site_url"`
	Category Category `json:"category"`
}

// Category is a Miniflux category, a folder (a Google Reader label).
type Category struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// api calls /v1 and decodes the JSON answer into out (when not nil),
// failing t on a status other than want.
func (s *Server) api(t testing.TB, method, path string, body, out any, want int) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL()+"/v1"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(adminUser, adminPassword)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("Miniflux API %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("Miniflux API %s %s: reading the answer: %v", method, path, err)
	}
	if resp.StatusCode != want {
		t.Fatalf("Miniflux API %s %s: %s, want %d: %s", method, path, resp.Status, want, bytes.TrimSpace(got))
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			t.Fatalf("Miniflux API %s %s: %v in %.300s", method, path, err, got)
		}
	}
}

// CreateCategory makes a category and returns its id.
func (s *Server) CreateCategory(t testing.TB, title string) int64 {
	t.Helper()
	var c Category
	s.api(t, http.MethodPost, "/categories", map[string]any{"title": title}, &c, http.StatusCreated)
	return c.ID
}

// Subscribe subscribes to feedURL in category (0: the default one) and
// returns the feed's id. Miniflux fetches the feed at once, so its
// entries are there on return.
func (s *Server) Subscribe(t testing.TB, feedURL string, category int64) int64 {
	t.Helper()
	if category == 0 {
		var cats []Category
		s.api(t, http.MethodGet, "/categories", nil, &cats, http.StatusOK)
		if len(cats) == 0 {
			t.Fatal("Miniflux has no category to subscribe in")
		}
		category = cats[0].ID
	}
	var created struct {
		FeedID int64 `json:"feed_id"`
	}
	s.api(t, http.MethodPost, "/feeds", map[string]any{"feed_url": feedURL, "category_id": category}, &created, http.StatusCreated)
	return created.FeedID
}

// RefreshFeed has Miniflux fetch the feed now and waits until it has
// stored what it found. It forces a full fetch, past the ETag of the
// last one, so a test that changed the feed's body sees the change.
func (s *Server) RefreshFeed(t testing.TB, feed int64) {
	t.Helper()
	s.api(t, http.MethodPut, "/feeds/"+strconv.FormatInt(feed, 10)+"/refresh?force=true", nil, nil, http.StatusNoContent)
}

// Feeds lists the subscriptions.
func (s *Server) Feeds(t testing.TB) []Feed {
	t.Helper()
	var feeds []Feed
	s.api(t, http.MethodGet, "/feeds", nil, &feeds, http.StatusOK)
	return feeds
}

// DeleteFeed unsubscribes from the feed, and its entries go with it.
func (s *Server) DeleteFeed(t testing.TB, feed int64) {
	t.Helper()
	s.api(t, http.MethodDelete, "/feeds/"+strconv.FormatInt(feed, 10), nil, nil, http.StatusNoContent)
}

// Entries lists every entry, read or not, oldest id first.
func (s *Server) Entries(t testing.TB) []Entry {
	t.Helper()
	const page = 1000
	var all []Entry
	for {
		q := url.Values{"order": {"id"}, "direction": {"asc"}, "limit": {strconv.Itoa(page)}, "offset": {strconv.Itoa(len(all))}}
		var got struct {
			Total   int     `json:"total"`
			Entries []Entry `json:"entries"`
		}
		s.api(t, http.MethodGet, "/entries?"+q.Encode(), nil, &got, http.StatusOK)
		all = append(all, got.Entries...)
		if len(got.Entries) < page || len(all) >= got.Total {
			return all
		}
	}
}

// Entry is one entry by id.
func (s *Server) Entry(t testing.TB, id int64) Entry {
	t.Helper()
	var e Entry
	s.api(t, http.MethodGet, "/entries/"+strconv.FormatInt(id, 10), nil, &e, http.StatusOK)
	return e
}

// MarkRead marks entries read on the server.
func (s *Server) MarkRead(t testing.TB, ids ...int64) {
	t.Helper()
	s.setEntries(t, ids, map[string]any{"status": "read"})
}

// MarkUnread marks entries unread on the server.
func (s *Server) MarkUnread(t testing.TB, ids ...int64) {
	t.Helper()
	s.setEntries(t, ids, map[string]any{"status": "unread"})
}

// Star stars entries on the server.
func (s *Server) Star(t testing.TB, ids ...int64) {
	t.Helper()
	s.setEntries(t, ids, map[string]any{"starred": true})
}

// Unstar unstars entries on the server.
func (s *Server) Unstar(t testing.TB, ids ...int64) {
	t.Helper()
	s.setEntries(t, ids, map[string]any{"starred": false})
}

func (s *Server) setEntries(t testing.TB, ids []int64, change map[string]any) {
	t.Helper()
	if len(ids) == 0 {
		t.Fatalf("no entries to set %v on", change)
	}
	change["entry_ids"] = ids
	s.api(t, http.MethodPut, "/entries", change, nil, http.StatusNoContent)
}
