package opml

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"bulletin/model"
)

const opml2 = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline text="Go blog" title="The Go Blog" type="rss" xmlUrl="https://go.dev/blog/feed.atom" htmlUrl="https://go.dev/blog"/>
      <outline text="Linux">
        <outline text="LWN" type="rss" xmlurl="https://lwn.net/headlines/rss" category="/kernel,/news"/>
      </outline>
    </outline>
    <outline text="News">
      <outline text="Again" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net/"/>
      <outline text="empty folder"/>
    </outline>
    <outline type="rss" text="https://untitled.example/feed" xmlUrl="https://untitled.example/feed"/>
    <outline text="no url, no children"/>
    <outline text="Evil &#x1b;]52;c;eA==&#x7;feed" XMLURL="https://evil.example/&#x1b;[2Jfeed" category="/a&#x1b;[5m,b, with comma"/>
  </body>
</opml>`

func TestParseOPML(t *testing.T) {
	l, err := Parse(strings.NewReader(opml2))
	if err != nil {
		t.Fatal(err)
	}
	assertClean(t, l)
	want := []Feed{
		{URL: "https://go.dev/blog/feed.atom", Title: "The Go Blog", Site: "https://go.dev/blog", Tags: []string{"Tech"}},
		{URL: "https://lwn.net/headlines/rss", Title: "LWN", Site: "https://lwn.net/", Tags: []string{"Tech", "Linux", "kernel", "news", "News"}},
		{URL: "https://untitled.example/feed"},
		{URL: "https://evil.example/feed", Title: "Evil feed", Tags: []string{"a", "b", "with comma"}},
	}
	if l.Title != "My feeds" || fmt.Sprint(l.Feeds) != fmt.Sprint(want) {
		t.Fatalf("title %q feeds\n%v\nwant\n%v", l.Title, l.Feeds, want)
	}
	if len(l.Skipped) != 3 || !strings.Contains(l.Skipped[0], "more than once") || !strings.Contains(l.Skipped[1], "empty folder") || !strings.Contains(l.Skipped[2], "no url, no children") {
		t.Errorf("skipped %q", l.Skipped)
	}
}

func TestParseOPML1Latin1(t *testing.T) {
	doc, err := charmap.Windows1252.NewEncoder().String(`<?xml version="1.0" encoding="windows-1252"?>
<opml version="1.0"><head><title>Café</title></head><body>
<outline title="Für dich"><outline text="Zürich" type="rss" xmlUrl="http://z.example/rss"/></outline>
</body></opml>`)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Read(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "Café" || len(l.Feeds) != 1 || l.Feeds[0].Title != "Zürich" || l.Feeds[0].Tags[0] != "Für dich" {
		t.Fatalf("%+v", l)
	}
}

func TestParseOPMLErrors(t *testing.T) {
	for _, doc := range []string{`<opml><body><outline`, `<html></html>`, ``} {
		if _, err := Parse(strings.NewReader(doc)); err == nil || !strings.HasPrefix(err.Error(), "opml: ") {
			t.Errorf("Parse(%q) = %v, want an opml: error", doc, err)
		}
	}
	deep := strings.Repeat("<outline text='x'>", 100) + `<outline xmlUrl="http://deep/"/>` + strings.Repeat("</outline>", 100)
	l, err := Parse(strings.NewReader("<opml><body>" + deep + "</body></opml>"))
	if err != nil || len(l.Feeds) != 0 || len(l.Skipped) != 1 {
		t.Fatalf("deep nesting: %v %+v", err, l)
	}
}

const urlsFile = `# newsboat urls
https://go.dev/blog/feed.atom tech go "~The Go Blog"
  https://lwn.net/headlines/rss   "linux news" tech # trailing comment
"https://quoted.example/feed" "say \"hi\"" back\slash

# skipped
"query:Unread:unread = \"yes\""
exec:~/bin/make-feed.sh
filter:~/bin/f.sh:https://x.example/
https://lwn.net/headlines/rss extra
https://fragment.example/feed#section #comment
https://evil.example/` + "\x1b[2J" + ` "~Evil` + "\x1b]52;c;eA==\x07" + `" "tag` + "\u202e" + `"
`

func TestParseURLs(t *testing.T) {
	l, err := ParseURLs(strings.NewReader(urlsFile))
	if err != nil {
		t.Fatal(err)
	}
	assertClean(t, l)
	want := []Feed{
		{URL: "https://go.dev/blog/feed.atom", Title: "The Go Blog", Tags: []string{"tech", "go"}},
		{URL: "https://lwn.net/headlines/rss", Tags: []string{"linux news", "tech", "extra"}},
		{URL: "https://quoted.example/feed", Tags: []string{`say "hi"`, `back\slash`}},
		{URL: "https://fragment.example/feed#section"},
		{URL: "https://evil.example/", Title: "Evil", Tags: []string{"tag"}},
	}
	if fmt.Sprint(l.Feeds) != fmt.Sprint(want) {
		t.Fatalf("feeds\n%q\nwant\n%q", l.Feeds, want)
	}
	if len(l.Skipped) != 4 {
		t.Errorf("skipped %q", l.Skipped)
	}
	for _, s := range l.Skipped[:3] {
		if !strings.Contains(s, "not supported") {
			t.Errorf("skipped %q", s)
		}
	}
	// Read tells the formats apart.
	if r, err := Read(strings.NewReader(urlsFile)); err != nil || len(r.Feeds) != 5 {
		t.Fatalf("Read: %v %d feeds", err, len(r.Feeds))
	}
	if r, err := Read(strings.NewReader("\ufeff  \n" + opml2)); err != nil || r.Title != "My feeds" {
		t.Fatalf("Read OPML: %v %+v", err, r)
	}
}

func TestRoundTrip(t *testing.T) {
	l, err := Parse(strings.NewReader(opml2))
	if err != nil {
		t.Fatal(err)
	}
	u, err := ParseURLs(strings.NewReader(urlsFile))
	if err != nil {
		t.Fatal(err)
	}
	l.Feeds = append(l.Feeds, u.Feeds[2:]...)
	l.Feeds = append(l.Feeds, Feed{URL: "https://t.example/", Title: "https://t.example/", Tags: []string{"/slash", "a/b", "Tech"}},
		Feed{URL: `https://q.example/?a=1&b="2"`, Title: `<b>"quoted" & 'apos'</b>`, Site: "https://q.example/?x=<y>"})
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	assertSameList(t, l, back)
	if len(back.Skipped) != 0 {
		t.Errorf("skipped on the way back: %q", back.Skipped)
	}
	// Writing what was read gives the same document.
	var again bytes.Buffer
	Write(&again, back)
	if again.String() != buf.String() {
		t.Errorf("second export differs:\n%s\nfirst:\n%s", again.String(), buf.String())
	}
	if !strings.Contains(buf.String(), `<opml version="2.0">`) {
		t.Errorf("not OPML 2.0:\n%s", buf.String())
	}

	// And through a urls file (which has no place for site links).
	buf.Reset()
	if err := WriteURLs(&buf, u); err != nil {
		t.Fatal(err)
	}
	backURLs, err := ParseURLs(&buf)
	if err != nil {
		t.Fatal(err)
	}
	assertSameList(t, u, backURLs)
}

// assertSameList compares the feeds of two lists, in URL order.
func assertSameList(t testing.TB, want, got *List) {
	t.Helper()
	if want.Title != got.Title {
		t.Fatalf("title %q, want %q", got.Title, want.Title)
	}
	sorted := func(l *List) string {
		fs := slices.Clone(l.Feeds)
		slices.SortFunc(fs, func(a, b Feed) int { return strings.Compare(a.URL, b.URL) })
		return fmt.Sprintf("%q", fs)
	}
	if w, g := sorted(want), sorted(got); w != g {
		t.Fatalf("feeds\n%s\nwant\n%s", g, w)
	}
}

func assertClean(t testing.TB, l *List) {
	t.Helper()
	check := func(what, s string) {
		if msg := model.Unclean(s, false); msg != "" {
			t.Fatalf("%s %q: %s", what, s, msg)
		}
	}
	check("title", l.Title)
	for _, s := range l.Skipped {
		check("skipped", s)
	}
	for _, f := range l.Feeds {
		if f.URL == "" {
			t.Fatal("a feed without a URL")
		}
		check("url", f.URL)
		check("title", f.Title)
		check("site", f.Site)
		for _, tag := range f.Tags {
			check("tag", tag)
			if tag == "" || strings.Contains(tag, ",") {
				t.Fatalf("tag %q", tag)
			}
		}
	}
}

func TestParseURLsHiddenMarkIsNotATag(t *testing.T) {
	const file = "https://hidden.example/rss \"!\" news \"~Quiet one\"\n" +
		"https://bare.example/atom ! \n" +
		"https://shown.example/feed news\n"
	l, err := ParseURLs(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{
		{URL: "https://hidden.example/rss", Title: "Quiet one", Tags: []string{"news"}},
		{URL: "https://bare.example/atom"},
		{URL: "https://shown.example/feed", Tags: []string{"news"}},
	}
	if fmt.Sprint(l.Feeds) != fmt.Sprint(want) {
		t.Fatalf("feeds\n%q\nwant\n%q", l.Feeds, want)
	}
	if len(l.Skipped) != 0 {
		t.Errorf("skipped %q: a hidden feed is still a subscription", l.Skipped)
	}
	if len(l.Notes) != 2 || !strings.Contains(l.Notes[0], "line 1: https://hidden.example/rss is marked hidden") ||
		!strings.Contains(l.Notes[1], "line 2: https://bare.example/atom") {
		t.Errorf("notes %q, want one a hidden feed naming its line and URL", l.Notes)
	}
}
