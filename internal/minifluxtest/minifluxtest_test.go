package minifluxtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/minifluxtest"
)

func TestMain(m *testing.M) { minifluxtest.Main(m) }

// rss is a feed named name of n items, item i published at
// first+i hours, each linking to a page of base.
func rss(base, name string, n int, first time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`, name, base)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>%[1]s item %[2]d</title><link>%[3]s/%[1]s/%[2]d</link><guid>%[1]s-%[2]d</guid>`+
			`<pubDate>%[4]s</pubDate><description>Body of %[1]s item %[2]d.</description></item>`,
			name, i, base, first.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// reader is a bare Google Reader client: what a sync client sends, with
// nothing of a client's own logic.
type reader struct {
	t    *testing.T
	base string
	auth string
}

// login posts ClientLogin and returns the status and body.
func login(t *testing.T, base, user, password string) (int, string) {
	t.Helper()
	resp, err := http.PostForm(base+"/accounts/ClientLogin", url.Values{"Email": {user}, "Passwd": {password}})
	if err != nil {
		t.Fatal(err)
	}
	return status(t, resp)
}

func status(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// get calls a GET endpoint of /reader/api/0 with the Auth header.
func (r reader) get(path string, q url.Values) (int, string) {
	r.t.Helper()
	req, err := http.NewRequest(http.MethodGet, r.base+"/reader/api/0/"+path+"?"+q.Encode(), nil)
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("Authorization", "GoogleLogin auth="+r.auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	return status(r.t, resp)
}

// post calls a POST endpoint of /reader/api/0 with the Auth header and
// the form (which carries the T token when the caller puts it there).
func (r reader) post(path string, form url.Values) (int, string) {
	r.t.Helper()
	req, err := http.NewRequest(http.MethodPost, r.base+"/reader/api/0/"+path, strings.NewReader(form.Encode()))
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("Authorization", "GoogleLogin auth="+r.auth)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	return status(r.t, resp)
}

// getJSON is get that wants 200 and decodes the answer.
func (r reader) getJSON(path string, q url.Values, out any) string {
	r.t.Helper()
	code, body := r.get(path, q)
	if code != http.StatusOK {
		r.t.Fatalf("GET %s?%s: %d %s", path, q.Encode(), code, body)
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		r.t.Fatalf("GET %s?%s: %v in %s", path, q.Encode(), err, body)
	}
	return body
}

type itemIDs struct {
	ItemRefs []struct {
		ID string `json:"id"`
	} `json:"itemRefs"`
	Continuation string `json:"continuation"`
}

func (ids itemIDs) list() []string {
	var out []string
	for _, r := range ids.ItemRefs {
		out = append(out, r.ID)
	}
	return out
}

func suffix(s string) func(string) bool {
	return func(c string) bool { return strings.HasSuffix(c, s) }
}

const readingList = "user/-/state/com.google/reading-list"
const readTag = "user/-/state/com.google/read"
const starredTag = "user/-/state/com.google/starred"

func decimal(ids ...int64) []string {
	var out []string
	for _, id := range ids {
		out = append(out, strconv.FormatInt(id, 10))
	}
	return out
}

// entryTitled is the server's entry of that title, per its /v1 API.
func entryTitled(t *testing.T, es []minifluxtest.Entry, title string) minifluxtest.Entry {
	t.Helper()
	for _, e := range es {
		if e.Title == title {
			return e
		}
	}
	t.Fatalf("no entry %q on the server: %+v", title, es)
	return minifluxtest.Entry{}
}

// entriesOf is the ids of the server's entries of feed, per its /v1 API.
func entriesOf(es []minifluxtest.Entry, feed int64) []int64 {
	var out []int64
	for _, e := range es {
		if e.FeedID == feed {
			out = append(out, e.ID)
		}
	}
	return out
}

// TestMinifluxGoogleReaderAnswers pins down what Miniflux's Google Reader
// API answers, the facts a sync client is built on, against the server
// itself: two loopback feeds of three items, one of them old.
func TestMinifluxGoogleReaderAnswers(t *testing.T) {
	mf := minifluxtest.Shared(t)
	site := feedtest.NewServer(t)
	recent := time.Now().Add(-5 * time.Hour).Truncate(time.Second)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	news := mf.CreateCategory(t, "News")
	alpha := mf.Subscribe(t, site.Feed("/alpha.xml", rss(site.URL, "alpha", 3, recent)), news)
	beta := mf.Subscribe(t, site.Feed("/beta.xml", rss(site.URL, "beta", 3, old)), 0)
	mf.RefreshFeed(t, alpha)
	mf.RefreshFeed(t, beta)
	all := mf.Entries(t)
	alphaIDs, betaIDs := entriesOf(all, alpha), entriesOf(all, beta)
	if len(alphaIDs) != 3 || len(betaIDs) != 3 {
		t.Fatalf("Miniflux has %d entries of alpha and %d of beta, want 3 and 3: %+v", len(alphaIDs), len(betaIDs), all)
	}

	user, password := mf.ReaderLogin()
	t.Run("a wrong password is 401", func(t *testing.T) {
		if code, body := login(t, mf.URL(), user, password+"x"); code != http.StatusUnauthorized {
			t.Errorf("ClientLogin with a wrong password: %d %s, want 401", code, body)
		}
		if code, body := login(t, mf.URL(), "admin", "admin-password-1"); code != http.StatusUnauthorized {
			t.Errorf("ClientLogin with the Miniflux (not Google Reader) login: %d %s, want 401", code, body)
		}
		bad := reader{t, mf.URL(), user + "/0000"}
		if code, body := bad.get("subscription/list", url.Values{"output": {"json"}}); code != http.StatusUnauthorized {
			t.Errorf("subscription/list with a made-up Auth: %d %s, want 401", code, body)
		}
	})

	code, body := login(t, mf.URL(), user, password)
	if code != http.StatusOK {
		t.Fatalf("ClientLogin: %d %s", code, body)
	}
	auth := ""
	for line := range strings.Lines(body) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Auth="); ok {
			auth = v
		}
	}
	if auth == "" {
		t.Fatalf("ClientLogin answered no Auth= line: %q", body)
	}
	t.Logf("ClientLogin: %q", body)
	r := reader{t, mf.URL(), auth}

	code, token := r.get("token", nil)
	if code != http.StatusOK || strings.TrimSpace(token) == "" {
		t.Fatalf("token: %d %q", code, token)
	}
	token = strings.TrimSpace(token)
	t.Logf("token: %q (Auth is %q)", token, auth)

	t.Run("subscription/list", func(t *testing.T) {
		var subs struct {
			Subscriptions []struct {
				ID         string `json:"id"`
				Title      string `json:"title"`
				URL        string `json:"url"`
				Categories []struct {
					ID    string `json:"id"`
					Label string `json:"label"`
				} `json:"categories"`
			} `json:"subscriptions"`
		}
		body := r.getJSON("subscription/list", url.Values{"output": {"json"}}, &subs)
		t.Logf("subscription/list: %s", body)
		byID := map[string]string{}
		for _, s := range subs.Subscriptions {
			label := ""
			if len(s.Categories) > 0 {
				label = s.Categories[0].Label
			}
			byID[s.ID] = s.Title + " in " + label
		}
		want := map[string]string{
			"feed/" + strconv.FormatInt(alpha, 10): "alpha in News",
			"feed/" + strconv.FormatInt(beta, 10):  "beta in All",
		}
		if fmt.Sprint(byID) != fmt.Sprint(want) {
			t.Errorf("subscriptions %v, want %v", byID, want)
		}
	})

	t.Run("tag/list", func(t *testing.T) {
		var tags struct {
			Tags []struct {
				ID    string `json:"id"`
				Label string `json:"label"`
				Type  string `json:"type"`
			} `json:"tags"`
		}
		body := r.getJSON("tag/list", url.Values{"output": {"json"}}, &tags)
		t.Logf("tag/list: %s", body)
		var labels []string
		starred := false
		for _, tag := range tags.Tags {
			if strings.HasSuffix(tag.ID, "/state/com.google/starred") {
				starred = true
			}
			if tag.Type == "folder" {
				labels = append(labels, tag.Label)
			}
		}
		slices.Sort(labels)
		if !starred || !slices.Equal(labels, []string{"All", "News"}) {
			t.Errorf("tags: starred %v, folders %v; want the starred state and folders All and News", starred, labels)
		}
	})

	t.Run("stream/items/ids pages with c=", func(t *testing.T) {
		var first, second itemIDs
		body := r.getJSON("stream/items/ids", url.Values{"output": {"json"}, "s": {readingList}, "n": {"4"}}, &first)
		t.Logf("stream/items/ids n=4: %s", body)
		body = r.getJSON("stream/items/ids", url.Values{"output": {"json"}, "s": {readingList}, "n": {"4"}, "c": {first.Continuation}}, &second)
		t.Logf("stream/items/ids n=4 c=%s: %s", first.Continuation, body)
		if len(first.ItemRefs) != 4 || first.Continuation == "" {
			t.Fatalf("first page: %d ids, continuation %q; want 4 and a continuation", len(first.ItemRefs), first.Continuation)
		}
		if len(second.ItemRefs) != 2 || second.Continuation != "" {
			t.Errorf("last page: %d ids, continuation %q; want 2 and none", len(second.ItemRefs), second.Continuation)
		}
		got := slices.Sorted(slices.Values(append(first.list(), second.list()...)))
		want := slices.Sorted(slices.Values(decimal(append(alphaIDs, betaIDs...)...)))
		if !slices.Equal(got, want) {
			t.Errorf("ids %v, want the /v1 entry ids in decimal %v", got, want)
		}
	})

	t.Run("ot= is on the published date, not on arrival", func(t *testing.T) {
		var since itemIDs
		ot := strconv.FormatInt(recent.Add(-time.Hour).Unix(), 10)
		r.getJSON("stream/items/ids", url.Values{"output": {"json"}, "s": {readingList}, "n": {"100"}, "ot": {ot}}, &since)
		// Every entry arrived after ot; only alpha's were published after.
		if got, want := slices.Sorted(slices.Values(since.list())), decimal(alphaIDs...); !slices.Equal(got, want) {
			t.Errorf("ot=%s gave %v, want alpha's %v (beta's were published in 2020)", ot, got, want)
		}
	})

	t.Run("contents, edit-tag and xt=read", func(t *testing.T) {
		// Miniflux numbers a feed's items from its last: alpha item 0 is
		// not alphaIDs[0].
		first := entryTitled(t, all, "alpha item 0")
		long := fmt.Sprintf("tag:google.com,2005:reader/item/%016x", first.ID)
		var contents struct {
			Items []struct {
				ID         string   `json:"id"`
				Title      string   `json:"title"`
				Categories []string `json:"categories"`
				Published  int64    `json:"published"`
				Alternate  []struct {
					Href string `json:"href"`
				} `json:"alternate"`
				Origin struct {
					StreamID string `json:"streamId"`
				} `json:"origin"`
				Summary struct {
					Content string `json:"content"`
				} `json:"summary"`
			} `json:"items"`
		}
		code, body := r.post("stream/items/contents", url.Values{"output": {"json"}, "T": {token},
			"i": {long, strconv.FormatInt(betaIDs[0], 10)}})
		if code != http.StatusOK {
			t.Fatalf("stream/items/contents: %d %s", code, body)
		}
		t.Logf("stream/items/contents: %s", body)
		if err := json.Unmarshal([]byte(body), &contents); err != nil {
			t.Fatal(err)
		}
		if len(contents.Items) != 2 {
			t.Fatalf("contents of 2 ids (one long form, one decimal): %d items", len(contents.Items))
		}
		for _, it := range contents.Items {
			if !strings.HasPrefix(it.ID, "tag:google.com,2005:reader/item/") || len(it.ID) != len(long) {
				t.Errorf("item id %q, want the long hex form", it.ID)
			}
			if !slices.ContainsFunc(it.Categories, suffix("/state/com.google/reading-list")) || slices.ContainsFunc(it.Categories, suffix("/state/com.google/read")) {
				t.Errorf("item %q categories %v: want the reading list and not read", it.Title, it.Categories)
			}
		}
		got := contents.Items[0]
		if got.ID != long && contents.Items[1].ID == long {
			got = contents.Items[1]
		}
		if got.ID != long || got.Title != "alpha item 0" || got.Origin.StreamID != "feed/"+strconv.FormatInt(alpha, 10) ||
			len(got.Alternate) == 0 || got.Alternate[0].Href != site.URL+"/alpha/0" ||
			!strings.Contains(got.Summary.Content, "Body of alpha item 0.") || got.Published != recent.Unix() {
			t.Errorf("alpha item 0 came as %+v", got)
		}

		code, body = r.post("edit-tag", url.Values{"i": {long}, "a": {readTag}})
		if code != http.StatusUnauthorized {
			t.Errorf("edit-tag without T: %d %s, want 401 (the Auth header is not enough for a POST)", code, body)
		}
		code, body = r.post("edit-tag", url.Values{"T": {token}, "i": {long}, "a": {readTag}})
		if code != http.StatusOK || body != "OK" {
			t.Fatalf("edit-tag read: %d %q", code, body)
		}
		code, body = r.post("edit-tag", url.Values{"T": {token}, "i": {strconv.FormatInt(betaIDs[1], 10)}, "a": {starredTag}})
		if code != http.StatusOK || body != "OK" {
			t.Fatalf("edit-tag starred: %d %q", code, body)
		}
		if e := mf.Entry(t, first.ID); !e.Read() || e.Starred {
			t.Errorf("after edit-tag a=read, /v1 shows %+v; want read, not starred", e)
		}
		if e := mf.Entry(t, betaIDs[1]); e.Read() || !e.Starred {
			t.Errorf("after edit-tag a=starred, /v1 shows %+v; want unread, starred", e)
		}

		var unread itemIDs
		r.getJSON("stream/items/ids", url.Values{"output": {"json"}, "s": {readingList}, "n": {"100"}, "xt": {readTag}}, &unread)
		if slices.Contains(unread.list(), strconv.FormatInt(first.ID, 10)) || len(unread.ItemRefs) != 5 {
			t.Errorf("xt=read gave %v: want the 5 unread, not %d", unread.list(), first.ID)
		}
		var starred itemIDs
		r.getJSON("stream/items/ids", url.Values{"output": {"json"}, "s": {starredTag}, "n": {"100"}}, &starred)
		if !slices.Equal(starred.list(), decimal(betaIDs[1])) {
			t.Errorf("starred stream %v, want %d", starred.list(), betaIDs[1])
		}

		mf.MarkUnread(t, first.ID)
		code, body = r.post("stream/items/contents", url.Values{"output": {"json"}, "T": {token}, "i": {long}})
		if code != http.StatusOK || strings.Contains(body, `/state/com.google/read"`) {
			t.Errorf("contents after /v1 marked it unread again: %d, still read: %s", code, body)
		}
	})

	t.Run("mark-all-as-read of one feed", func(t *testing.T) {
		code, body := r.post("mark-all-as-read", url.Values{"T": {token}, "s": {"feed/" + strconv.FormatInt(alpha, 10)}})
		if code != http.StatusOK || body != "OK" {
			t.Fatalf("mark-all-as-read: %d %q", code, body)
		}
		for _, e := range mf.Entries(t) {
			if e.Read() != (e.FeedID == alpha) {
				t.Errorf("after mark-all-as-read of alpha, /v1 shows %q read=%v", e.Title, e.Read())
			}
		}
	})

	t.Run("what Miniflux answers with an empty list", func(t *testing.T) {
		for _, path := range []string{"stream/contents/" + readingList, "unread-count"} {
			code, body := r.get(path, url.Values{"output": {"json"}})
			if code != http.StatusOK || strings.TrimSpace(body) != "[]" {
				t.Errorf("%s: %d %q, want 200 []", path, code, body)
			}
		}
	})

	t.Run("subscription/edit unsubscribes and subscribes", func(t *testing.T) {
		code, body := r.post("subscription/edit", url.Values{"T": {token}, "ac": {"unsubscribe"}, "s": {"feed/" + strconv.FormatInt(beta, 10)}})
		if code != http.StatusOK {
			t.Fatalf("unsubscribe: %d %s", code, body)
		}
		gamma := site.Feed("/gamma.xml", rss(site.URL, "gamma", 1, recent))
		code, body = r.post("subscription/edit", url.Values{"T": {token}, "ac": {"subscribe"}, "s": {"feed/" + gamma}, "a": {"user/-/label/News"}})
		if code != http.StatusOK {
			t.Fatalf("subscribe: %d %s", code, body)
		}
		var urls []string
		for _, f := range mf.Feeds(t) {
			urls = append(urls, strings.TrimPrefix(f.FeedURL, site.URL)+" in "+f.Category.Title)
		}
		slices.Sort(urls)
		if want := []string{"/alpha.xml in News", "/gamma.xml in News"}; !slices.Equal(urls, want) {
			t.Errorf("/v1 feeds %v, want %v", urls, want)
		}
	})
}

// TestStopKeepsTheServersData: a Miniflux stopped refuses connections, as a
// server that is down; restarted, it has what it had, read states too.
func TestStopKeepsTheServersData(t *testing.T) {
	mf := minifluxtest.Shared(t)
	site := feedtest.NewServer(t)
	feed := mf.Subscribe(t, site.Feed("/kept.xml", rss(site.URL, "kept", 2, time.Now().Add(-time.Hour))), 0)
	es := mf.Entries(t)
	if len(es) != 2 {
		t.Fatalf("%d entries after subscribing to a feed of 2", len(es))
	}
	mf.MarkRead(t, es[0].ID)
	mf.Star(t, es[1].ID)

	mf.Stop(t)
	if mf.Running() {
		t.Fatal("Running after Stop")
	}
	user, password := mf.ReaderLogin()
	if resp, err := http.PostForm(mf.URL()+"/accounts/ClientLogin", url.Values{"Email": {user}, "Passwd": {password}}); err == nil {
		resp.Body.Close()
		t.Fatalf("ClientLogin to a stopped Miniflux answered %s", resp.Status)
	}

	mf.Restart(t)
	if code, body := login(t, mf.URL(), user, password); code != http.StatusOK {
		t.Errorf("ClientLogin after Restart: %d %s", code, body)
	}
	if got := mf.Entry(t, es[0].ID); !got.Read() || got.Starred {
		t.Errorf("after a restart %q is read %v starred %v; want read", got.Title, got.Read(), got.Starred)
	}
	if got := mf.Entry(t, es[1].ID); got.Read() || !got.Starred {
		t.Errorf("after a restart %q is read %v starred %v; want starred", got.Title, got.Read(), got.Starred)
	}
	if feeds := mf.Feeds(t); len(feeds) != 1 || feeds[0].ID != feed {
		t.Errorf("feeds after a restart: %+v", feeds)
	}
}

// TestResetEmptiesTheServer: what one test leaves on the shared server,
// the next does not see; a stopped Miniflux is started again for it.
func TestResetEmptiesTheServer(t *testing.T) {
	mf := minifluxtest.Shared(t)
	site := feedtest.NewServer(t)
	cat := mf.CreateCategory(t, "Left over")
	mf.Subscribe(t, site.Feed("/left.xml", rss(site.URL, "left", 2, time.Now())), cat)
	mf.Stop(t)

	mf.Reset(t)
	if !mf.Running() {
		t.Fatal("Miniflux is not running after Reset")
	}
	if feeds, es := mf.Feeds(t), mf.Entries(t); len(feeds) != 0 || len(es) != 0 {
		t.Errorf("after Reset: %d feeds and %d entries, want none", len(feeds), len(es))
	}
	// The category is gone too: a new one of the same name can be made.
	mf.CreateCategory(t, "Left over")
	user, password := mf.ReaderLogin()
	if code, body := login(t, mf.URL(), user, password); code != http.StatusOK {
		t.Errorf("ClientLogin after Reset: %d %s", code, body)
	}
}

// TestAddEntriesFillsBothAPIs: bulk entries are entries like fetched ones
// for both of Miniflux's APIs, and the Google Reader API pages through
// them all.
func TestAddEntriesFillsBothAPIs(t *testing.T) {
	mf := minifluxtest.Shared(t)
	site := feedtest.NewServer(t)
	feed := mf.Subscribe(t, site.Feed("/bulk.xml", rss(site.URL, "fetched", 1, time.Now().Add(-time.Hour))), 0)
	const n = 2500
	began := time.Now()
	ids := mf.AddEntries(t, feed, "bulk", n)
	t.Logf("AddEntries of %d took %v", n, time.Since(began).Round(time.Millisecond))
	if len(mf.Entries(t)) != n+1 {
		t.Fatalf("/v1 lists %d entries, want %d", len(mf.Entries(t)), n+1)
	}

	user, password := mf.ReaderLogin()
	code, body := login(t, mf.URL(), user, password)
	if code != http.StatusOK {
		t.Fatalf("ClientLogin: %d %s", code, body)
	}
	_, auth, _ := strings.Cut(body, "Auth=")
	r := reader{t, mf.URL(), strings.TrimSpace(auth)}
	var got []string
	c := ""
	for pages := 0; ; pages++ {
		if pages > n/1000+1 {
			t.Fatalf("still paging after %d pages of 1000: continuation %q", pages, c)
		}
		q := url.Values{"output": {"json"}, "s": {readingList}, "n": {"1000"}, "xt": {readTag}}
		if c != "" {
			q.Set("c", c)
		}
		var page itemIDs
		r.getJSON("stream/items/ids", q, &page)
		got = append(got, page.list()...)
		if c = page.Continuation; c == "" {
			break
		}
	}
	if len(got) != n+1 || !slices.Contains(got, strconv.FormatInt(ids[0], 10)) || !slices.Contains(got, strconv.FormatInt(ids[n-1], 10)) {
		t.Errorf("paging the reading list gave %d ids, want %d with the first and last bulk entry", len(got), n+1)
	}

	code, body = r.post("stream/items/contents", url.Values{"output": {"json"}, "T": {strings.TrimSpace(auth)}, "i": {strconv.FormatInt(ids[41], 10)}})
	if code != http.StatusOK || !strings.Contains(body, `"title":"bulk item 42"`) || !strings.Contains(body, "Body of bulk item 42, a paragraph") ||
		!strings.Contains(body, "https://bulk.example/bulk/42") {
		t.Errorf("contents of bulk item 42: %d %.400s", code, body)
	}
}
