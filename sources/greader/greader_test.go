package greader_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/internal/greadertest"
	"bulletin/sources/greader"
)

var ctx = context.Background()

func client(t *testing.T, s *greadertest.Server, password string) *greader.Client {
	t.Helper()
	c, err := greader.New(s.URL, s.User, password)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }

func TestSubscriptionsAndTags(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	s.AddFeed("Harbour news", "https://harbour.example/feed.xml", "Local", "Boats")
	s.AddFeed("Plain", "https://plain.example/rss")
	c := client(t, s, "secret")
	subs, err := c.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].ID != "feed/1" || subs[0].Title != "Harbour news" || subs[0].URL != "https://harbour.example/feed.xml" ||
		!slices.Equal(subs[0].Tags, []string{"Local", "Boats"}) || len(subs[1].Tags) != 0 {
		t.Errorf("subscriptions = %+v", subs)
	}
	tags, err := c.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tags, []string{"Local", "Boats"}) {
		t.Errorf("tags = %q, want the labels without the starred state", tags)
	}
}

func TestItemIDsBothForms(t *testing.T) {
	cases := map[string]greader.ItemID{
		"tag:google.com,2005:reader/item/000000000000002a": 42,
		"tag:google.com,2005:reader/item/2a":               42,
		"000000000000002a":                                 42,
		"42":                                               42,
		"-1":                                               -1,
		"18446744073709551615":                             -1,
		"tag:google.com,2005:reader/item/ffffffffffffffff": -1,
	}
	for in, want := range cases {
		got, err := greader.ParseItemID(in)
		if err != nil || got != want {
			t.Errorf("ParseItemID(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "tag:google.com,2005:reader/item/", "tag:google.com,2005:reader/item/zz", "4 2", "tag:google.com,2005:reader/item/00000000000000000001"} {
		if _, err := greader.ParseItemID(bad); err == nil {
			t.Errorf("ParseItemID(%q) took it", bad)
		}
	}
	if got := greader.ItemID(42).Long(); got != "tag:google.com,2005:reader/item/000000000000002a" {
		t.Errorf("Long = %q", got)
	}
}

func TestItemIDsPagesIncrementalAndUnread(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	f := s.AddFeed("Harbour", "https://harbour.example/feed.xml")
	for d := 1; d <= 25; d++ {
		s.AddItem(greadertest.Item{FeedID: f, Title: fmt.Sprint("Story ", d), Published: day(d), Read: d%2 == 0, Starred: d == 3})
	}
	c := client(t, s, "secret")
	all, err := c.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 25 || all[0] != 25 || all[24] != 1 {
		t.Errorf("reading list: %d ids %v, want 25 newest first", len(all), all)
	}
	if n := s.Hits("/reader/api/0/stream/items/ids"); n != 3 {
		t.Errorf("%d requests for 25 ids by 10, want 3 pages", n)
	}
	unread, err := c.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList, Exclude: greader.Read})
	if err != nil || len(unread) != 13 {
		t.Errorf("unread: %v, %v; want 13", unread, err)
	}
	starred, err := c.ItemIDs(ctx, greader.Query{Stream: greader.Starred})
	if err != nil || !slices.Equal(starred, []greader.ItemID{3}) {
		t.Errorf("starred: %v, %v", starred, err)
	}
	recent, err := c.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList, Since: day(23)})
	if err != nil || !slices.Equal(recent, []greader.ItemID{25, 24}) {
		t.Errorf("since day 23: %v, %v", recent, err)
	}
}

func TestContentsInBatchesAsFeedItems(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	f := s.AddFeed("Harbour", "https://harbour.example/feed.xml")
	var ids []greader.ItemID
	for i := 1; i <= 250; i++ {
		ids = append(ids, greader.ItemID(s.AddItem(greadertest.Item{FeedID: f, Title: fmt.Sprint("Story ", i), Published: day(1 + i%28),
			Link: fmt.Sprintf("https://harbour.example/%d", i), HTML: "<p>Body <b>bold</b></p>", Starred: i == 7})))
	}
	c := client(t, s, "secret")
	var got []greader.Item
	batches := 0
	err := c.Contents(ctx, ids, func(items []greader.Item) error {
		batches++
		got = append(got, items...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if batches != 3 || len(got) != 250 || s.Hits("/reader/api/0/stream/items/contents") != 3 {
		t.Fatalf("%d batches, %d items, %d requests; want 3, 250, 3", batches, len(got), s.Hits("/reader/api/0/stream/items/contents"))
	}
	it := got[6]
	if it.ID != 7 || !it.Starred || it.Read || it.Stream != "feed/1" || it.Link != "https://harbour.example/7" {
		t.Errorf("item 7 = %+v", it)
	}
	fi := it.FeedItem()
	if fi.Title != "Story 7" || !fi.Dated || !fi.Published.Equal(day(8)) || fi.HTML != "<p>Body <b>bold</b></p>" || fi.Key == "" {
		t.Errorf("as a feed item: %+v", fi)
	}
}

func TestFeedItemStripsTerminalControls(t *testing.T) {
	items, err := greader.DecodeItems([]byte(`{"items":[{"id":"5","title":"Evil \u001b]52;c;AAAA\u0007title\u001b[2J",
		"author":"Mal\u001b[31mlory","published":0,"content":{"content":"<p>Untitled start of text</p>"},
		"categories":["user/-/label/Te\u001b[1mch"],
		"alternate":[{"href":"javascript:alert(1)"},{"href":"https://ok.example/a"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	fi := items[0].FeedItem()
	for _, s := range append([]string{fi.Title, fi.Author}, fi.Categories...) {
		if strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("control characters left in %q", s)
		}
	}
	if fi.Link != "https://ok.example/a" || fi.Dated {
		t.Errorf("link %q (want the web one), dated %v (want undated)", fi.Link, fi.Dated)
	}
	items, _ = greader.DecodeItems([]byte(`{"items":[{"id":"6","content":{"content":"<p>Untitled start of text</p>"}}]}`))
	if got := items[0].FeedItem().Title; got != "Untitled start of text" {
		t.Errorf("an item without a title is called %q, want the start of its text", got)
	}
	// Titled as a fetched feed item would be: its first line, cut at a
	// word; nothing but "(untitled)" without text.
	long := strings.Repeat("word ", 30)
	items, _ = greader.DecodeItems([]byte(`{"items":[{"id":"7","content":{"content":"<p>First line</p><p>second</p>"}},
		{"id":"8","content":{"content":"<p>` + long + `</p>"}},{"id":"9","content":{"content":"<img src=x>"}}]}`))
	for i, want := range []string{"First line", strings.TrimSpace(long[:80]) + "…", "(untitled)"} {
		if got := items[i].FeedItem().Title; got != want {
			t.Errorf("untitled item %d is called %q, want %q", i+7, got, want)
		}
	}
}

func TestEditsReachTheServer(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	f := s.AddFeed("Harbour", "https://harbour.example/feed.xml")
	a := s.AddItem(greadertest.Item{FeedID: f, Title: "A", Published: day(1)})
	b := s.AddItem(greadertest.Item{FeedID: f, Title: "B", Published: day(2)})
	c := client(t, s, "secret")
	if err := c.EditTag(ctx, []greader.ItemID{greader.ItemID(a)}, greader.Read, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.EditTag(ctx, []greader.ItemID{greader.ItemID(b)}, greader.Starred, ""); err != nil {
		t.Fatal(err)
	}
	if it, _ := s.Item(a); !it.Read || it.Starred {
		t.Errorf("after marking A read: %+v", it)
	}
	if it, _ := s.Item(b); it.Read || !it.Starred {
		t.Errorf("after starring B: %+v", it)
	}
	if err := c.EditTag(ctx, []greader.ItemID{greader.ItemID(a)}, "", greader.Read); err != nil {
		t.Fatal(err)
	}
	if it, _ := s.Item(a); it.Read {
		t.Error("A still read after marking it unread")
	}
	if err := c.MarkAllAsRead(ctx, greader.ReadingList, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if ia, _ := s.Item(a); !ia.Read {
		t.Error("mark-all-as-read left A unread")
	}

	if err := c.Subscribe(ctx, "https://new.example/feed", "New one"); err != nil {
		t.Fatal(err)
	}
	if err := c.EditSubscription(ctx, greader.SubscriptionEdit{Action: "edit", Stream: "feed/1", Title: "Port", AddTag: "Sea"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Unsubscribe(ctx, "feed/2"); err != nil {
		t.Fatal(err)
	}
	feeds := s.Feeds()
	if len(feeds) != 1 || feeds[0].Title != "Port" || !slices.Equal(feeds[0].Tags, []string{"Sea"}) {
		t.Errorf("server feeds after subscribe, rename, tag and unsubscribe: %+v", feeds)
	}
}

// A server that restarted forgets the write token: the client fetches a
// new one and the edit goes through.
func TestStaleWriteTokenIsRenewed(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	f := s.AddFeed("Harbour", "https://harbour.example/feed.xml")
	a := s.AddItem(greadertest.Item{FeedID: f, Title: "A", Published: day(1)})
	c := client(t, s, "secret")
	if err := c.EditTag(ctx, []greader.ItemID{greader.ItemID(a)}, greader.Starred, ""); err != nil {
		t.Fatal(err)
	}
	s.ExpireToken()
	if err := c.EditTag(ctx, []greader.ItemID{greader.ItemID(a)}, greader.Read, ""); err != nil {
		t.Fatalf("after the token went stale: %v", err)
	}
	if it, _ := s.Item(a); !it.Read {
		t.Error("the edit after a stale token did not land")
	}
	if n := s.Hits("/reader/api/0/token"); n != 2 {
		t.Errorf("token fetched %d times, want 2", n)
	}
}

func TestErrorsInWords(t *testing.T) {
	s := greadertest.New(t, "ann", "secret")
	err := client(t, s, "wrong").Login(ctx)
	if !errors.Is(err, greader.ErrWrongPassword) || !strings.Contains(err.Error(), "wrong user name or password") || !strings.Contains(err.Error(), s.URL) {
		t.Errorf("wrong password: %v", err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String() + "/"
	l.Close()
	c, _ := greader.New(down, "ann", "secret")
	if _, err := c.Subscriptions(ctx); !errors.Is(err, greader.ErrUnreachable) || !strings.Contains(err.Error(), down) {
		t.Errorf("server down: %v", err)
	}

	s.FailAfter("/reader/api/0/subscription/list", 0, http.StatusInternalServerError)
	_, err = client(t, s, "secret").Subscriptions(ctx)
	var se *greader.StatusError
	if !errors.As(err, &se) || se.Status != 500 || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Errorf("server error: %v", err)
	}
}

func TestAnswersThatAreNotTheAPI(t *testing.T) {
	body := ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/accounts/ClientLogin" {
			fmt.Fprint(w, "Auth=x\n")
			return
		}
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	for _, b := range []string{"<html>login page</html>", `{"subscriptions":[{"title":"no id"}]}`, strings.Repeat("x", 5000)} {
		body = b
		c, _ := greader.New(srv.URL, "ann", "secret")
		c.MaxBody = 4096
		_, err := c.Subscriptions(ctx)
		var bad *greader.BadAnswerError
		if !errors.As(err, &bad) || !strings.Contains(err.Error(), srv.URL+"/reader/api/0/subscription/list") {
			t.Errorf("answer %.20q: %v, want an error naming the URL", b, err)
		}
	}
	body = `{"itemRefs":[{"id":"1"}],"continuation":"again"}`
	c, _ := greader.New(srv.URL, "ann", "secret")
	if _, err := c.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList}); err == nil || !strings.Contains(err.Error(), "continuation") {
		t.Errorf("a server that gives the same continuation for ever: %v", err)
	}
}
