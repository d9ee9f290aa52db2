package config

import (
	"testing"
)

// FuzzSave checks that whatever file bulletin reads, changing it gives a
// file that reads back as the configuration wanted.
func FuzzSave(f *testing.F) {
	f.Add([]byte(handEdited), uint8(0))
	f.Add(Example(), uint8(1))
	f.Add([]byte("feeds = [{url = \"a\"}]\nsettings.workers = 2\n"), uint8(2))
	f.Add([]byte("[[feeds]]\nurl = \"a\"\n[feeds.x]\ny = 1\n[[feeds]]\nurl = \"b\"\ntags = [\n  \"t\", # c\n]\n"), uint8(3))
	f.Add([]byte("[[folders]]\npath = \"p\"\r\n[settings]\r\ntheme = 'light'"), uint8(4))
	f.Add([]byte("[settings]\nrefresh_deadline = \"90s\" # a whole refresh\ntimeout = 5\n[[feeds]]\nurl = \"a\"\n"), uint8(3))
	f.Add([]byte("settings.refresh_deadline = 'soon'\n"), uint8(2))
	f.Add([]byte("[[folders]]\npath = \"p\" # c\narticle_url = 'https://a.example/{id}'\n[folders.x]\ny = 1\n[[folders]]\npath = \"q\"\n"), uint8(5))
	f.Add([]byte("# players\n[openers]\naudio = [\"mpv\", \"--no-video\"] # c\nvideo = { command = [\"mpv\"], terminal = false }\n[[feeds]]\nurl = \"a\"\n"), uint8(0))
	f.Add([]byte("[openers.\"image/gif\"]\ncommand = [\"imv\"]\nterminal = false\n[settings]\nworkers = 2\n"), uint8(3))
	f.Add([]byte("openers.audio = [\"mpv\"]\n[[folders]]\npath = \"p\"\n"), uint8(4))
	f.Add([]byte("[settings]\npipe_command = [\"less\", \"-R\"] # pager\nsave_folder = \"~/clips\"\nbrowser_terminal = true\n"), uint8(3))
	f.Add([]byte("settings.pipe_command = [\"a\", [\"b\"]]\n"), uint8(3))
	f.Add([]byte("# mine\n[keys]\ntoggle_read = \"x\" # c\nquit = \"\"\nnext_unread = [\"n\", \"ctrl+j\"]\n[[feeds]]\nurl = \"a\"\n"), uint8(0))
	f.Add([]byte("keys.star = 3\n[keys.list]\nopen = [\"o\", 4]\n"), uint8(3))
	f.Add([]byte("[settings]\npipe_command = [\n  \"x\", # c\n]\nsave_folder = 'rel'\n"), uint8(0))
	f.Add([]byte("[settings]\nrefresh_on_start = true # at once\nrefresh_interval = \"30m\"\n[[feeds]]\nurl = \"a\"\n"), uint8(3))
	f.Add([]byte("settings.refresh_interval = 59\n"), uint8(3))
	f.Add([]byte("[settings]\nrefresh_interval = '0' # off\nrefresh_on_start = false\n"), uint8(0))
	f.Add([]byte("# server\n[sync]\nurl = \"https://r.example/\" # mine\nusername = \"ann\"\npassword_command = [\"pass\", \"feeds\"]\n[[feeds]]\nurl = \"a\"\n"), uint8(3))
	f.Add([]byte("sync.url = 'http://h'\nsync.username = 'u'\n[settings]\nworkers = 2\n"), uint8(0))
	f.Add([]byte("[sync]\nurl = 3\npassword = 'x'\n"), uint8(2))
	f.Add([]byte("# killfile\n[[filters]]\ntitle = \"horoscope\" # c\n[[filters]]\nfeed = 'Daily'\ntext = '\"paid post\"'\n[[feeds]]\nurl = \"a\"\n"), uint8(0))
	f.Add([]byte("[[filters]]\n[[filters]]\ncolour = 'red'\n[[filters]]\ntag = 3\nfilters.x = 1\n"), uint8(3))
	f.Add([]byte("queries = [{name = 'Elections', query = 'elect*'}, 'x']\n[[folders]]\npath = \"p\"\n"), uint8(4))
	f.Add([]byte("filters = 'horoscope'\n[[queries]]\nname = \"A\"\nquery = \"b\"\n[[queries]]\nname = \"a\"\nquery = \"c\"\n"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, op uint8) {
		c, err := Parse("fuzz.toml", data)
		if err != nil {
			return
		}
		c.raw = data
		switch op % 6 {
		case 0:
			c.AddFeed(Feed{URL: "https://new.example/", Title: "N\"ew", Tags: []string{"a", "b"}})
		case 1:
			if len(c.Feeds) > 0 {
				c.RemoveFeed(c.Feeds[0].URL)
			}
		case 2:
			if len(c.Feeds) > 0 {
				c.Feeds[len(c.Feeds)-1].URL = "https://moved.example/"
				c.Feeds[len(c.Feeds)-1].Tags = nil
			}
		case 3:
			c.Settings.Workers++
			c.Settings.Theme = ""
		case 4:
			c.AddFolder("/new/folder")
			if len(c.Folders) > 1 {
				c.RemoveFolder(c.Folders[0].Path)
			}
		case 5:
			for i := range c.Folders {
				if c.Folders[i].ArticleURL == "" {
					c.Folders[i].ArticleURL = "https://news.example/news/{id}"
				} else {
					c.Folders[i].ArticleURL = ""
				}
				c.Folders[i].PictureURL = "https://media.example{pic}"
			}
			c.Folders = append(c.Folders, Folder{Path: "/new/site", PictureURL: "https://m.example/{pic}"})
		}
		want := c.ordered()
		out, err := c.render()
		if err != nil {
			// Only a layout that even a rewrite cannot carry may fail.
			t.Skip(err)
		}
		got, err := Parse("out.toml", out)
		if err != nil {
			t.Fatalf("the new file does not parse: %v\n%s", err, out)
		}
		if !sameConfig(got, want) {
			t.Fatalf("the new file reads as\n%+v\nwant\n%+v\n%s", got, want, out)
		}
	})
}
