package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFolderSiteRoundTrip(t *testing.T) {
	path := setHome(t)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	c.Folders = append(c.Folders, Folder{Path: "/srv/alalam", ArticleURL: "https://news.example/news/{id}", PictureURL: "https://media.example/uploads{pic}"})
	c.AddFolder("/srv/plain")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	want := header + `
[[folders]]
path = "/srv/alalam"
article_url = "https://news.example/news/{id}"
picture_url = "https://media.example/uploads{pic}"

[[folders]]
path = "/srv/plain"
`
	if got := readFile(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	back, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Folders) != 2 || back.Folders[0] != c.Folders[0] || back.Folders[1].ArticleURL != "" {
		t.Fatalf("read back %+v, want %+v", back.Folders, c.Folders)
	}
	site, err := back.Folders[0].Site()
	if err != nil {
		t.Fatal(err)
	}
	if u, err := site.ArticleFor("1856739"); err != nil || u != "https://news.example/news/1856739" {
		t.Errorf("ArticleFor = %q, %v", u, err)
	}
	if site, err := back.Folders[1].Site(); err != nil || site.ArticleURL != "" {
		t.Errorf("a folder without templates: %+v, %v", site, err)
	}
}

const handFolders = `# My folders.

# The Alalam archive, scraped in 2016.
[[folders]]
path = "~/news/alalam"   # the big one
shelf = 3                # not bulletin's

# Another site.
[[folders]]
path = "~/news/other"
article_url = "https://other.example/a/{id}" # their story pages
picture_url = "https://other.example{pic}"

[[feeds]]
url = "https://go.dev/blog/feed.atom"
`

func TestFolderSiteEditKeepsComments(t *testing.T) {
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte(handFolders), 0o600)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Folders[1].ArticleURL != "https://other.example/a/{id}" || c.Folders[1].PictureURL != "https://other.example{pic}" {
		t.Fatalf("loaded %+v", c.Folders)
	}
	// Templates set on a folder that had none, changed on one that had,
	// removed, and a new folder with templates.
	c.Folders[0].ArticleURL = "https://news.example/news/{id}"
	c.Folders[0].PictureURL = "https://media.example/uploads{pic}"
	c.Folders[1].ArticleURL = "https://other.example/story/{id}"
	c.Folders[1].PictureURL = ""
	c.Folders = append(c.Folders, Folder{Path: "/srv/new", ArticleURL: "http://new.example/?id={id}"})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	want := `# My folders.

# The Alalam archive, scraped in 2016.
[[folders]]
path = "~/news/alalam"   # the big one
shelf = 3                # not bulletin's
article_url = "https://news.example/news/{id}"
picture_url = "https://media.example/uploads{pic}"

# Another site.
[[folders]]
path = "~/news/other"
article_url = "https://other.example/story/{id}" # their story pages

[[folders]]
path = "/srv/new"
article_url = "http://new.example/?id={id}"

[[feeds]]
url = "https://go.dev/blog/feed.atom"
`
	if got := readFile(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	back, err := Load()
	if err != nil || !sameConfig(back, c) {
		t.Fatalf("read back %+v %v", back, err)
	}
}

func TestFolderIndex(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	c, err := Parse("c.toml", []byte("[[folders]]\npath = \"~/news/alalam/\"\n[[folders]]\npath = \"/srv/x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]int{
		filepath.Join(home, "news", "alalam"):                 0,
		filepath.Join(home, "news", "alalam", "..", "alalam"): 0,
		"/srv/x":  1,
		"/srv/x/": 1,
		"/srv/y":  -1,
		"":        -1,
	} {
		if got := c.FolderIndex(dir); got != want {
			t.Errorf("FolderIndex(%q) = %d, want %d", dir, got, want)
		}
	}
}

func TestFolderOf(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	c, err := Parse("c.toml", []byte("[[folders]]\npath = \"~/news\"\n[[folders]]\npath = \"~/news/alalam\"\n[[folders]]\npath = \"/srv/x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]int{
		filepath.Join(home, "news"):                         0,
		filepath.Join(home, "news", "other"):                0,
		filepath.Join(home, "news", "alalam"):               1,
		filepath.Join(home, "news", "alalam", "2016", "09"): 1,
		filepath.Join(home, "news", "alalamx"):              0,
		home:                                                -1,
		"/srv/x/y":                                          2,
		"/srv/xy":                                           -1,
		"/":                                                 -1,
	} {
		if got := c.FolderOf(dir); got != want {
			t.Errorf("FolderOf(%q) = %d, want %d", dir, got, want)
		}
	}
	root, _ := Parse("c.toml", []byte("[[folders]]\npath = \"/\"\n"))
	if got := root.FolderOf("/srv"); got != 0 {
		t.Errorf("the root folder holds /srv: %d", got)
	}
}

func TestBadSiteTemplateIsAnError(t *testing.T) {
	for _, tc := range []struct {
		doc, line, want string
	}{
		{"[[folders]]\npath = \"/a\"\n\n[[folders]]\npath = \"/b\"\narticle_url = \"ftp://news.example/{id}\"\n", ":6", `folder /b: article_url "ftp://news.example/{id}"`},
		{"[[folders]]\npath = \"/a\"\narticle_url = \"https://news.example/news\"\n", ":3", "has no {id}"},
		{"[[folders]]\npath = \"/a\"\narticle_url = \"https://n.example/{id}/{id}\"\n", ":3", "more than once"},
		{"# pictures\n[[folders]]\npath = \"/a\"\narticle_url = \"https://n.example/{id}\"\npicture_url = \"javascript:alert({pic})\"\n", ":5", "picture_url"},
		{"[[folders]]\npath = \"/a\"\npicture_url = \"/uploads{pic}\"\n", ":3", "picture_url"},
		{"folders = [{path = \"/a\", article_url = \"{id}\"}]\n", ":1", "article_url"},
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(path, []byte(tc.doc), 0o600)
		c, err := LoadFile(path)
		if err == nil {
			t.Errorf("%q loaded: %+v", tc.doc, c.Folders)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, path+tc.line+": ") || !strings.Contains(msg, tc.want) {
			t.Errorf("%q: %v\nwant %s%s: ... %s", tc.doc, err, path, tc.line, tc.want)
		}
		// Save never writes a file with a bad template either.
		if err := Update(path, func(*Config) error { return nil }); err == nil {
			t.Errorf("%q: Update worked", tc.doc)
		}
		if readFile(t, path) != tc.doc {
			t.Errorf("%q was written over", tc.doc)
		}
	}

	// A template set since loading is refused by Save, which writes nothing.
	path := setHome(t)
	c, _ := Load()
	c.Folders = append(c.Folders, Folder{Path: "/srv/x", ArticleURL: "file:///etc/{id}"})
	if err := c.Save(); err == nil || !strings.Contains(err.Error(), "folder /srv/x: article_url") {
		t.Fatalf("Save of a bad template: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a file was written: %v", err)
	}
}
