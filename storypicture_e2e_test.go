package main

import (
	"fmt"
	"image/color"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

// The sample's first related story, fetched from a loopback site that
// also serves its picture (picture_url): the picture shows above the
// story's text in half-blocks, leaves with Back and comes again with
// Forward.
func TestE2ERelatedStoryShowsItsPicture(t *testing.T) {
	t.Parallel()
	pic := gradientPNG(t, color.RGBA{G: 120})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/media/2016/08/31/alalam_636082647031354247_25f_4x3.jpg" {
			w.Header().Set("Content-Type", "image/png")
			w.Write(pic)
			return
		}
		if !feedtest.ServeStory(w, r) {
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	sample, err := os.ReadFile(sampleFile(t))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "000_6a4efd1afba59cf5.txt"), string(sample))
	home := filepath.Join(t.TempDir(), "home")
	writeFile(t, filepath.Join(home, "config", "bulletin", "config.toml"),
		fmt.Sprintf("[settings]\nimages = \"halfblocks\"\n\n[[folders]]\npath = %q\narticle_url = %q\npicture_url = %q\n",
			dir, srv.URL+"/news/{id}", srv.URL+"/media{pic}"))
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}

	s := startTmux(t, 100, 30, env)
	s.waitForText("If US Separates Terrorists")
	s.keys("Enter")
	s.waitForText("Russia's deputy foreign minister")
	if strings.Contains(s.screen(), "▀") {
		t.Fatalf("the sample itself has no picture:\n%s", s.screen())
	}
	s.keys("1")
	drawn := func(sc string) bool {
		return strings.Count(sc, "▀") > 100 && strings.Contains(sc, "text of site story 1856739")
	}
	sc := s.waitFor("the story's picture above its text", drawn)
	if last, text := strings.LastIndex(sc, "▀"), strings.Index(sc, "text of site story 1856739"); last > text {
		t.Fatalf("the picture is not above the story's text:\n%s", sc)
	}
	s.keys("BSpace")
	s.waitFor("the sample without a picture", func(sc string) bool {
		return strings.Contains(sc, "Russia's deputy foreign minister") && !strings.Contains(sc, "▀")
	})
	s.keys("l")
	s.waitFor("the picture again after Forward", drawn)
	s.keys("q", "q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
}
