package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
)

// storySite is a loopback news site: an article page per numeric id at
// /news/<id> with a title, a byline, a body, a link to the next story and
// a link elsewhere; anything else is not found. /news/slow answers only
// when the request is cancelled. hits counts the requests for stories.
type storySite struct {
	*httptest.Server
	hits atomic.Int64
	slow atomic.Int64 // requests for /news/slow under way
}

func newStorySite(t *testing.T) *storySite {
	t.Helper()
	s := &storySite{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := strings.CutPrefix(r.URL.Path, "/news/")
		if ok && id == "slow" {
			s.slow.Add(1)
			<-r.Context().Done()
			return
		}
		if !feedtest.ServeStory(w, r) {
			http.NotFound(w, r)
			return
		}
		s.hits.Add(1)
	}))
	t.Cleanup(s.Close)
	return s
}

// fetchHome is a user's home whose library is the corpus sample, with its
// stories on the site.
func fetchHome(t *testing.T, site *storySite) {
	t.Helper()
	dir := sampleDir(t)
	_, cfgFile := userHome(t)
	writeText(t, cfgFile, "[[folders]]\npath = "+strconv.Quote(dir)+"\narticle_url = "+strconv.Quote(site.URL+"/news/{id}")+"\n")
}

type fetchedJSON struct {
	Ref     string
	Source  string
	Title   string
	Body    string
	Related []struct {
		ID    *string
		Title string
		Ref   *string
		URL   string
	}
}

func decodeFetched(t *testing.T, out string) []fetchedJSON {
	t.Helper()
	var got []fetchedJSON
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var e fetchedJSON
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		got = append(got, e)
	}
	return got
}

func TestFetchKeepsTheStoryUnderItsFolder(t *testing.T) {
	site := newStorySite(t)
	fetchHome(t, site)
	url := site.URL + "/news/1856739"

	r := bulletin(t, "fetch", url)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Site story 1856739\n", "A. Reporter", "This is the text of site story 1856739", "Related stories", "story number 1856740"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") || r.stderr != "" {
		t.Errorf("styled output or a progress line outside a terminal: %q %q", r.stdout, r.stderr)
	}
	if n := site.hits.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}

	// It is kept under the sample folder: read finds it by its ref, and the
	// sample's related story 1 resolves to it.
	read := bulletin(t, "read", "--json", "corpus-sample/web/1856739")
	if read.code != 0 || !strings.Contains(read.stdout, "This is the text of site story 1856739") {
		t.Fatalf("read the kept story: exit %d: %s %s", read.code, read.stdout, read.stderr)
	}
	sample := readAsJSON(t, "corpus-sample/000_6a4efd1afba59cf5")
	if ref, _ := sample.Related[0]["ref"].(string); ref != "corpus-sample/web/1856739" {
		t.Errorf("the sample's first related story resolves to %v, want the kept story", sample.Related[0]["ref"])
	}

	// With the site gone, the same story comes from the store, by its
	// address or its ref, as read --json prints it.
	site.Close()
	for _, arg := range []string{url, "corpus-sample/web/1856739"} {
		r = bulletin(t, "fetch", "--json", arg)
		if r.code != 0 {
			t.Fatalf("fetch --json %s offline: exit %d: %s", arg, r.code, r.stderr)
		}
		got := decodeFetched(t, r.stdout)
		if len(got) != 1 {
			t.Fatalf("%d objects: %s", len(got), r.stdout)
		}
		e := got[0]
		if e.Ref != "corpus-sample/web/1856739" || e.Source != "corpus-sample" || e.Title != "Site story 1856739" || !strings.Contains(e.Body, "text of site story 1856739") {
			t.Errorf("%s: %+v", arg, e)
		}
		var next bool
		for _, rel := range e.Related {
			if rel.ID != nil && *rel.ID == "1856740" {
				next = rel.URL == site.URL+"/news/1856740" && rel.Ref == nil
			}
		}
		if !next {
			t.Errorf("%s: the next story is not a related story of the site, with its address and not fetched: %+v", arg, e.Related)
		}
	}
	if n := site.hits.Load(); n != 1 {
		t.Errorf("%d requests, want the first alone", n)
	}

	// A story never fetched cannot be, offline: the line says why.
	r = bulletin(t, "fetch", site.URL+"/news/1856741")
	if r.code != exitInput || !strings.HasPrefix(r.stderr, "bulletin: cannot fetch "+site.URL+"/news/1856741: offline, or the site cannot be reached (") || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
		t.Errorf("offline: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestFetchSeveralAndFailures(t *testing.T) {
	site := newStorySite(t)
	fetchHome(t, site)

	// One story of two is not found: the other is printed and kept, the
	// failure is one line naming the address, and the exit status is 1.
	missing := site.URL + "/news/nope"
	r := bulletin(t, "fetch", "--json", site.URL+"/news/100", missing, "corpus-sample/web/200")
	if r.code != exitInput {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	if want := "bulletin: cannot fetch " + missing + ": 404 Not Found\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	got := decodeFetched(t, r.stdout)
	if len(got) != 2 || got[0].Ref != "corpus-sample/web/100" || got[1].Ref != "corpus-sample/web/200" || got[1].Title != "Site story 200" {
		t.Fatalf("stories %+v", got)
	}
}

func TestFetchUsage(t *testing.T) {
	site := newStorySite(t)
	fetchHome(t, site)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "fetch takes at least one REF or URL"},
		{[]string{"https://other.example/news/1"}, "https://other.example/news/1: no folder's article_url matches this address"},
		{[]string{site.URL + "/news/1", site.URL + "/about"}, site.URL + "/about: no folder's article_url matches this address"},
		{[]string{"ftp://news.example/news/1"}, `ftp://news.example/news/1: unsupported scheme "ftp"`},
		{[]string{"elsewhere/web/1"}, "elsewhere/web/1: no folder named elsewhere in your library"},
		{[]string{"corpus-sample/000_6a4efd1afba59cf5"}, "corpus-sample/000_6a4efd1afba59cf5: neither an http or https address nor a story ref (FOLDER/web/ID)"},
		{[]string{"corpus-sample/web/"}, "corpus-sample/web/: neither an http or https address nor a story ref"},
	} {
		r := bulletin(t, append([]string{"fetch"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "bulletin: "+tc.want) {
			t.Errorf("%q: exit %d, stderr %q\nwant exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if n := site.hits.Load(); n != 0 {
		t.Errorf("%d requests for bad usage", n)
	}

	// A folder without article_url has no stories to fetch.
	_, cfgFile := userHome(t)
	writeText(t, cfgFile, "[[folders]]\npath = "+strconv.Quote(sampleDir(t))+"\n")
	r := bulletin(t, "fetch", "corpus-sample/web/1")
	if r.code != exitUsage || !strings.Contains(r.stderr, "the folder corpus-sample has no article_url") {
		t.Errorf("no article_url: exit %d, stderr %q", r.code, r.stderr)
	}
	r = bulletin(t, "fetch", site.URL+"/news/1")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no folder of your library has one") {
		t.Errorf("no article_url, by address: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestFetchCancels(t *testing.T) {
	site := newStorySite(t)
	fetchHome(t, site)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- Execute(ctx, []string{"fetch", site.URL + "/news/slow"}, &out, &errs) }()
	testwait.Until(t, "the request for the story", 10*time.Second, func() bool { return site.slow.Load() > 0 })
	cancel()
	var code int
	testwait.Until(t, "fetch to end once cancelled", 10*time.Second, func() bool {
		select {
		case code = <-done:
			return true
		default:
			return false
		}
	})
	if want := "bulletin: cannot fetch " + site.URL + "/news/slow: interrupted\n"; code != exitInput || errs.String() != want || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, out.String(), errs.String(), want)
	}
}
