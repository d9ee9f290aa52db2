package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// Tests of what add and import keep of a subscription: the user's title
// and tags, a feed that is down, newsboat's marks.

// feedByURL is the `feeds --json` line of the feed at url.
func feedByURL(t *testing.T, h *home, url string) map[string]any {
	t.Helper()
	for _, l := range jsonLines(t, h.ok("feeds", "--json").stdout) {
		if l["url"] == url {
			return l
		}
	}
	t.Fatalf("%s is not among the feeds", url)
	return nil
}

func tagsOf(l map[string]any) string {
	var tags []string
	for _, t := range l["tags"].([]any) {
		tags = append(tags, t.(string))
	}
	return strings.Join(tags, ",")
}

func TestAddWithTitleAndTags(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", rssFeed("Daily News", srv.URL, "Rain expected"))
	h := newHome(t)
	h.ok("add", url, "--title", "My paper", "--tag", "local", "--tag", "morning")
	f := feedByURL(t, h, url)
	if f["title"] != "My paper" || tagsOf(f) != "local,morning" {
		t.Errorf("feeds --json after add --title --tag: %v", f)
	}
	r := h.ok("add", url, "--tag", "weekend")
	if !strings.Contains(r.stdout, "already subscribed to "+url+"; now tagged weekend") {
		t.Errorf("adding a tag to a subscription said %q", r.stdout)
	}
	if f := feedByURL(t, h, url); tagsOf(f) != "local,morning,weekend" {
		t.Errorf("tags after adding one: %v", f)
	}
	if r := h.run("", "add", url, "--tag", "a,b"); r.code != 2 || !strings.Contains(r.stderr, "cannot hold a comma") {
		t.Errorf("a tag with a comma: exit %d, %q", r.code, r.stderr)
	}
}

func TestAddAFeedThatIsDown(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	srv.Handle("/late.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusBadGateway)
	})
	url := srv.URL + "/late.xml"
	h := newHome(t)
	r := h.ok("add", url, "--tag", "news")
	if !strings.Contains(r.stdout, "subscribed to "+url+" (not fetched yet)") {
		t.Errorf("stdout %q", r.stdout)
	}
	if !strings.Contains(r.stderr, "warning: subscribed, but the feed cannot be fetched now") ||
		!strings.Contains(r.stderr, url) || !strings.Contains(r.stderr, "502") {
		t.Errorf("stderr %q: want a warning naming the URL and the error", r.stderr)
	}
	if f := feedByURL(t, h, url); tagsOf(f) != "news" {
		t.Errorf("the feed that was down: %v", f)
	}
	srv.Feed("/late.xml", rssFeed("Late News", srv.URL, "Finally"))
	h.ok("refresh")
	if got := listTitles(t, h); len(got) != 1 || got[0] != "Finally" {
		t.Errorf("after a refresh: %q", got)
	}
}

func TestImportNewsboatMarks(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	urls := filepath.Join(t.TempDir(), "urls")
	writeFile(t, urls, "https://a.example/rss \"~Feed A\" tech \"!\"\nhttps://b.example/rss ! \"~B, mine\"\nhttps://c.example/rss\n")
	r := h.ok("import", urls)
	if !strings.Contains(r.stdout, "3 added, 0 already there, 0 skipped") {
		t.Errorf("import said %q", r.stdout)
	}
	if !strings.Contains(r.stderr, "note: line 1: https://a.example/rss is marked hidden") {
		t.Errorf("no note of the hidden mark: %q", r.stderr)
	}
	a, b := feedByURL(t, h, "https://a.example/rss"), feedByURL(t, h, "https://b.example/rss")
	if a["title"] != "Feed A" || tagsOf(a) != "tech" {
		t.Errorf("feed a: %v", a)
	}
	if b["title"] != "B, mine" || tagsOf(b) != "" {
		t.Errorf("feed b: %v", b)
	}
}
