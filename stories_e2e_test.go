package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// newsSite is a loopback news site in the layout of a real one: an
// article page per id, with a title, a byline, a body and a link to the
// next story by id, and a link elsewhere.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !feedtest.ServeStory(w, r) {
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// From the sample's related list into the site, and three hops on, Back
// to the start: every story opens with its number, inside the terminal.
func TestE2EWalkIntoTheSite(t *testing.T) {
	t.Parallel()
	site := newsSite(t)
	dir := t.TempDir()
	sample, err := os.ReadFile(sampleFile(t))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "000_6a4efd1afba59cf5.txt"), string(sample))
	home := filepath.Join(t.TempDir(), "home")
	writeFile(t, filepath.Join(home, "config", "bulletin", "config.toml"),
		fmt.Sprintf("[[folders]]\npath = %q\narticle_url = %q\n", dir, site.URL+"/news/{id}"))
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}

	s := startTmux(t, 100, 30, env)
	s.waitForText("If US Separates Terrorists")
	s.keys("Enter")
	s.waitForText("Russia's deputy foreign minister")
	s.keys("G")
	s.waitForText("not fetched yet")
	s.keys("g")
	start := body(s.settle())

	s.keys("1")
	s.waitForText("text of site story 1856739")
	for hop := 1856740; hop <= 1856742; hop++ {
		s.keys("1")
		s.waitForText(fmt.Sprintf("text of site story %d", hop))
	}
	sc := s.settle()
	if !strings.Contains(sc, "›") || strings.Contains(sc, "the about page (") {
		t.Errorf("a story of the site lacks its breadcrumb, or lists a link elsewhere as a related story:\n%s", sc)
	}
	s.keys("BSpace", "BSpace", "BSpace", "BSpace")
	s.waitFor("the sample where the walk started", func(sc string) bool { return body(sc) == start })
	s.keys("q", "G")
	s.waitForText("Site story 1856742")
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}

	// Offline the second time: the site is gone, the stories stay.
	site.Close()
	again := startTmux(t, 100, 30, env)
	again.waitForText("If US Separates Terrorists")
	again.keys("Enter")
	again.waitForText("Russia's deputy foreign minister")
	again.keys("1")
	again.waitForText("text of site story 1856739")
	for hop := 1856740; hop <= 1856742; hop++ {
		again.keys("1")
		again.waitForText(fmt.Sprintf("text of site story %d", hop))
	}
	// One step further was never fetched: it says why, in words.
	again.keys("1")
	again.waitForText("not fetched yet: offline, or the site cannot be reached")
}
