package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"bulletin/config"
)

// userHome gives the test a home of its own, with its configuration and
// library store, as a user's; it returns the home and the config file.
// The tests that use it change the environment, so they do not run in
// parallel.
func userHome(t *testing.T) (home, cfgFile string) {
	t.Helper()
	home = t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("NO_COLOR", "1")
	return home, filepath.Join(home, "config", "bulletin", "config.toml")
}

type ran struct {
	stdout, stderr string
	code           int
}

// bulletin runs the command line in the test's process.
func bulletin(t *testing.T, args ...string) ran {
	t.Helper()
	var out, errs bytes.Buffer
	code := Execute(context.Background(), args, &out, &errs)
	return ran{out.String(), errs.String(), code}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAddFolderWithSite(t *testing.T) {
	home, cfgFile := userHome(t)
	alalam := filepath.Join(home, "news", "alalam")
	other := filepath.Join(home, "news", "other")
	os.MkdirAll(alalam, 0o755)
	os.MkdirAll(other, 0o755)
	writeText(t, cfgFile, `# mine
[[folders]]
path = "~/news/alalam"   # scraped in 2016
`)

	// A folder already in the configuration, written with ~: its entry
	// gets the templates, the comments stay.
	r := bulletin(t, "add", alalam, "--article-url", "https://news.example/news/{id}", "--picture-url", "https://media.example/uploads{pic}")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if want := "updated the folder " + alalam + " (stories at https://news.example/news/{id}, pictures at https://media.example/uploads{pic})\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	want := `# mine
[[folders]]
path = "~/news/alalam"   # scraped in 2016
article_url = "https://news.example/news/{id}"
picture_url = "https://media.example/uploads{pic}"
`
	if got := readText(t, cfgFile); got != want {
		t.Fatalf("config:\n%s\nwant:\n%s", got, want)
	}

	// A new folder with its templates.
	r = bulletin(t, "add", other, "--article-url", "https://other.example/a/{id}")
	if r.code != 0 || r.stdout != "added the folder "+other+" (stories at https://other.example/a/{id})\n" {
		t.Fatalf("exit %d: %q %q", r.code, r.stdout, r.stderr)
	}
	c, err := config.LoadFile(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Folders) != 2 || c.Folders[1].Path != other || c.Folders[1].ArticleURL != "https://other.example/a/{id}" || c.Folders[1].PictureURL != "" {
		t.Fatalf("folders %+v", c.Folders)
	}

	// Again: nothing to change, and the file is left as it was.
	before := readText(t, cfgFile)
	r = bulletin(t, "add", other, "--article-url", "https://other.example/a/{id}")
	if r.code != 0 || !strings.Contains(r.stdout, "in your library already (stories at https://other.example/a/{id})") || readText(t, cfgFile) != before {
		t.Fatalf("exit %d: %q %q", r.code, r.stdout, r.stderr)
	}

	// One flag changes one template; an empty one removes it.
	r = bulletin(t, "add", alalam, "--picture-url", "")
	if r.code != 0 || !strings.Contains(r.stdout, "updated the folder") || strings.Contains(r.stdout, "pictures at") {
		t.Fatalf("exit %d: %q %q", r.code, r.stdout, r.stderr)
	}
	if got := readText(t, cfgFile); strings.Contains(got, "picture_url") || !strings.Contains(got, `article_url = "https://news.example/news/{id}"`) || !strings.Contains(got, "# scraped in 2016") {
		t.Fatalf("config:\n%s", got)
	}
}

func TestAddFolderWithBadSite(t *testing.T) {
	home, cfgFile := userHome(t)
	dir := filepath.Join(home, "news")
	os.MkdirAll(dir, 0o755)
	writeText(t, cfgFile, "# mine\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--article-url", "https://news.example/news"}, `--article-url "https://news.example/news" has no {id}`},
		{[]string{"--article-url", "ftp://news.example/{id}"}, `--article-url "ftp://news.example/{id}": unsupported scheme "ftp"`},
		{[]string{"--article-url", "/news/{id}"}, `--article-url "/news/{id}"`},
		{[]string{"--picture-url", "https://m.example/{pic}{pic}"}, `--picture-url "https://m.example/{pic}{pic}" has {pic} more than once`},
		{[]string{"--picture-url", "javascript:{pic}"}, `--picture-url "javascript:{pic}"`},
	} {
		r := bulletin(t, append([]string{"add", dir}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "bulletin: "+tc.want) {
			t.Errorf("%q: exit %d, stderr %q\nwant exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	// The flags are for folders: a feed, a file or a missing folder with
	// them is refused, and nothing else named is added.
	file := filepath.Join(dir, "a.txt")
	writeText(t, file, "x")
	for _, arg := range []string{"https://go.dev/blog/feed.atom", file, filepath.Join(home, "missing")} {
		r := bulletin(t, "add", dir, arg, "--article-url", "https://news.example/{id}")
		if r.code != exitUsage || !strings.Contains(r.stderr, arg+" is not a folder: --article-url is for folders of article files") {
			t.Errorf("%s: exit %d, stderr %q", arg, r.code, r.stderr)
		}
	}
	if got := readText(t, cfgFile); got != "# mine\n" {
		t.Fatalf("the configuration was changed:\n%s", got)
	}
}

// sampleDir is the shared corpus sample beside the repository; the tests
// that need it skip when it is absent (it is never copied into the repo).
func sampleDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus-sample")
	if _, err := os.Stat(filepath.Join(dir, "000_6a4efd1afba59cf5.txt")); err != nil {
		t.Skipf("the corpus sample is not at %s: skipping", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

type readJSON struct {
	Ref     string
	Related []map[string]any
}

func readAsJSON(t *testing.T, arg string) readJSON {
	t.Helper()
	r := bulletin(t, "read", "--json", arg)
	if r.code != 0 {
		t.Fatalf("read --json %s: exit %d: %s", arg, r.code, r.stderr)
	}
	var out readJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if len(out.Related) != 6 {
		t.Fatalf("%d related, want the sample's 6: %s", len(out.Related), r.stdout)
	}
	return out
}

func TestReadJSONGivesRelatedAddresses(t *testing.T) {
	dir := sampleDir(t)
	file := filepath.Join(dir, "000_6a4efd1afba59cf5.txt")
	_, cfgFile := userHome(t)

	// Without a configuration the related stories have no addresses.
	for _, rel := range readAsJSON(t, file).Related {
		if _, ok := rel["url"]; ok {
			t.Errorf("url without a site: %v", rel)
		}
		if _, ok := rel["picture"]; ok {
			t.Errorf("picture without a site: %v", rel)
		}
	}

	writeText(t, cfgFile, "[[folders]]\npath = "+strconv.Quote(dir)+"\narticle_url = \"https://news.example/news/{id}\"\npicture_url = \"https://media.example/uploads{pic}\"\n")
	check := func(how string, got readJSON) {
		t.Helper()
		first, video := got.Related[0], got.Related[3]
		for k, want := range map[string]any{
			"id":      "1856739",
			"url":     "https://news.example/news/1856739",
			"pic":     "/2016/08/31/alalam_636082647031354247_25f_4x3.jpg",
			"picture": "https://media.example/uploads/2016/08/31/alalam_636082647031354247_25f_4x3.jpg",
		} {
			if first[k] != want {
				t.Errorf("%s: related[0].%s = %v, want %v", how, k, first[k], want)
			}
		}
		if video["url"] != "https://news.example/news/1857061" || video["picture"] != "https://media.example/uploads/2016/09/01/alalam_636083405366563666_25f_4x3.mp4" || video["video"] != true {
			t.Errorf("%s: the video: %v", how, video)
		}
		for i, rel := range got.Related {
			if u, _ := rel["url"].(string); u != "https://news.example/news/"+rel["id"].(string) {
				t.Errorf("%s: related[%d]: url %q for id %v", how, i, u, rel["id"])
			}
		}
	}
	// A file of a configured folder, and the article by its ref in the
	// library the configuration lists.
	check("read FILE", readAsJSON(t, file))
	byRef := readAsJSON(t, "corpus-sample/000_6a4efd1afba59cf5")
	if byRef.Ref != "corpus-sample/000_6a4efd1afba59cf5" {
		t.Fatalf("ref %q", byRef.Ref)
	}
	check("read REF", byRef)

	// Only an article_url: no pictures.
	writeText(t, cfgFile, "[[folders]]\npath = "+strconv.Quote(dir)+"\narticle_url = \"https://news.example/news/{id}\"\n")
	for _, rel := range readAsJSON(t, file).Related {
		if _, ok := rel["picture"]; ok || rel["url"] == nil {
			t.Errorf("with an article_url alone: %v", rel)
		}
	}
}

func TestSitesOfArguments(t *testing.T) {
	home, cfgFile := userHome(t)
	alalam := filepath.Join(home, "news", "alalam")
	os.MkdirAll(filepath.Join(alalam, "2016"), 0o755)
	os.MkdirAll(filepath.Join(home, "news", "other"), 0o755)
	writeText(t, cfgFile, "[[folders]]\npath = \"~/news/alalam\"\narticle_url = \"https://news.example/news/{id}\"\n")
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{
		alalam:                               "https://news.example/news/{id}",
		alalam + string(filepath.Separator):  "https://news.example/news/{id}",
		filepath.Join(alalam, "2016"):        "https://news.example/news/{id}",
		filepath.Join(home, "news", "other"): "",
		filepath.Join(home, "news"):          "",
	} {
		folders, err := openFolders([]string{arg})
		if err != nil {
			t.Fatal(err)
		}
		setSites(cfg, folders...)
		if got := folders[0].Site().ArticleURL; got != want {
			t.Errorf("%s: site %q, want %q", arg, got, want)
		}
	}
	// The folders of the configuration get theirs.
	sel, err := openSelection(nil)
	if err != nil || len(sel.folders) != 1 || sel.folders[0].Site().ArticleURL != "https://news.example/news/{id}" {
		t.Fatalf("openSelection: %v %+v", err, sel)
	}
}
