package feeds

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

func TestAddNamedKeepsTheTitleAndTags(t *testing.T) {
	srv := feedtest.NewServer(t)
	url := srv.Feed("/feed.xml", rss("Its own title", srv.URL, "One"))
	s := newService(t)
	ctx := context.Background()
	a, err := s.AddNamed(ctx, url, Naming{Title: "Mine", Tags: []string{"tech", "daily"}})
	if err != nil || a.Items != 1 {
		t.Fatalf("add: %+v, %v", a, err)
	}
	st, _ := s.Status(ctx)
	if len(st) != 1 || st[0].Title != "Mine" || !slices.Equal(st[0].Tags, []string{"tech", "daily"}) {
		t.Fatalf("status: %+v", st)
	}
	// Adding again with another tag keeps the title and adds the tag.
	a, err = s.AddNamed(ctx, url, Naming{Tags: []string{"daily", "late"}})
	if err != nil || !a.Already || !a.Renamed {
		t.Fatalf("again: %+v, %v", a, err)
	}
	st, _ = s.Status(ctx)
	if st[0].Title != "Mine" || !slices.Equal(st[0].Tags, []string{"tech", "daily", "late"}) {
		t.Errorf("after adding a tag: %+v", st[0])
	}
}

func TestAddAFeedThatIsDownSubscribesAnyway(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Handle("/down.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusInternalServerError)
	})
	s := newService(t)
	ctx := context.Background()
	a, err := s.AddNamed(ctx, srv.URL+"/down.xml", Naming{Tags: []string{"news"}})
	if err != nil {
		t.Fatalf("a feed that is down was refused: %v", err)
	}
	if a.URL != srv.URL+"/down.xml" || !strings.Contains(a.Down, "500") || strings.Contains(a.Down, a.URL) {
		t.Errorf("added %q, Down %q: want the URL, and the error without it again", a.URL, a.Down)
	}
	st, _ := s.Status(ctx)
	if len(st) != 1 || st[0].URL != srv.URL+"/down.xml" || !slices.Equal(st[0].Tags, []string{"news"}) {
		t.Fatalf("not subscribed: %+v", st)
	}
	// Once up, a refresh brings its items.
	srv.Feed("/down.xml", rss("Back up", srv.URL, "First", "Second"))
	if err := s.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if st, _ = s.Status(ctx); st[0].Items != 2 {
		t.Errorf("after the refresh: %+v", st[0])
	}

	// A page that is no feed is a wrong address, not an outage.
	srv.Handle("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		write(w, `<html><body>No feed</body></html>`)
	})
	if _, err := s.AddNamed(ctx, srv.URL+"/page", Naming{}); err == nil {
		t.Error("a page without a feed was subscribed to")
	}
}
