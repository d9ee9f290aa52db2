package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// shown is what a reader sees of rendered markdown: the text without styles,
// with white space collapsed (Glamour pads and wraps).
func shown(t testing.TB, md string, style Style) string {
	t.Helper()
	out, err := Markdown(md, style, 2000)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(ansi.Strip(out)), " ")
}

func TestEscapeShowsMarkdownLiterally(t *testing.T) {
	for _, s := range []string{
		"**not bold** _not italic_ `not code` ~not struck~ ~~nor this~~",
		"# not a heading",
		"1. not a list",
		"- not a bullet",
		"> not a quote",
		"[not a link](http://example.com) ![no image](x.png)",
		"<b>not html</b> <script>x</script>",
		"visit http://example.com or www.example.com or mail a@b.com",
		"AT&T &amp; &#65; :smile:",
		"| not | a table |",
		`back\slash "quotes" 'single' 50% a=b; c? ^ $`,
		"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
	} {
		if got := shown(t, Escape(s), Dark); got != s {
			t.Errorf("rendered %q as %q", s, got)
		}
	}
}

func TestEscapedMarkdownEmitsNoHyperlink(t *testing.T) {
	out, err := Markdown(Escape("see https://example.com/x and x@y.org"), Dark, 80)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "\x1b]") {
		t.Errorf("rendered text holds an OSC sequence: %q", out)
	}
}

func TestDocumentAndPlain(t *testing.T) {
	a := &model.Article{Title: "T *x*", DateText: "Sat Sep 3, 2016 16:03:52", Source: "news", Body: "One.\n\nTwo."}
	links := []Link{{Title: "In", Ref: "news/in"}, {Title: "Out"}, {Title: "Clip", Video: true, Ref: "news/clip"}}
	plain := Plain(a, links)
	for _, want := range []string{"T *x*\n", "Sat Sep 3, 2016 16:03:52 · news", "One.\n\nTwo.", " 1. In\n", " 2. Out (not in your library)\n", " 3. Clip (video)\n"} {
		if !strings.Contains(plain, want) {
			t.Errorf("plain text lacks %q:\n%s", want, plain)
		}
	}
	got := shown(t, Document(a, links), Dark)
	for _, want := range []string{"T *x*", "Related stories", "1. In", "2. Out (not in your library)", "3. Clip (video)"} {
		if !strings.Contains(got, want) {
			t.Errorf("document lacks %q: %s", want, got)
		}
	}
}

func TestLinksResolve(t *testing.T) {
	lib := model.NewLibrary()
	lib.Add(model.Article{Ref: "news/123_1", ID: "1", Title: "Talks resume"})
	lib.Add(model.Article{Ref: "news/x", Title: "Rains return"})
	a := &model.Article{Related: []model.Related{
		{ID: "1", Title: "Talks\tresume "}, // by id; the title made one clean line
		{ID: "77", Title: "RAINS  return"}, // by title
		{ID: "78", Title: "Elsewhere", Video: true},
	}}
	got := Links(lib, a)
	want := []Link{
		{Title: "Talks resume", Ref: "news/123_1"},
		{Title: "RAINS return", Ref: "news/x"},
		{Title: "Elsewhere", Video: true},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Links = %+v, want %+v", got, want)
	}
	if !got[0].InLibrary() || got[2].InLibrary() {
		t.Error("InLibrary does not follow Ref")
	}
}

// A feed item's body links are related stories only when they lead into
// the library, and then under the title of the item they lead to.
func TestLinksOfAFeedItem(t *testing.T) {
	lib := model.NewLibrary()
	lib.Add(model.Article{Ref: "feed/1/a", ID: "https://news.example/a", Title: "Harbour reopens"})
	lib.Add(model.Article{Ref: "feed/1/b", ID: "https://news.example/b", Title: "Storm closes harbour"})
	a := &model.Article{Ref: "feed/1/a", Related: []model.Related{
		{ID: "https://news.example/b", Title: "the storm", Link: true},
		{ID: "https://elsewhere.example/", Title: "elsewhere", Link: true},
		{ID: "https://news.example/a", Title: "this page", Link: true},
		{ID: "https://other.example/", Title: "Harbour reopens", Link: true}, // never by title
	}}
	got := Links(lib, a)
	want := []Link{{Title: "Storm closes harbour", Ref: "feed/1/b"}}
	if !slices.Equal(got, want) {
		t.Fatalf("Links = %+v, want %+v", got, want)
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("**bold** [x](y) <b> http://a.b ~s~ &amp; #")
	f.Add("1) x")
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.Join(strings.Fields(model.CleanLine(s)), " ")
		if s == "" || strings.ContainsRune(s, '\ufffd') {
			return
		}
		// Wrapping may break words longer than the width: compare the
		// characters, not the spacing.
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got := shown(t, Escape(s), NoColor); squash(got) != squash(s) {
			t.Fatalf("rendered %q as %q", s, got)
		}
	})
}

func TestDocumentAndPlainShowWarnings(t *testing.T) {
	a := &model.Article{Title: "T", Source: "news", Body: "One.", Warnings: []string{
		"3 NUL bytes were dropped from the text",
		"related stories: the block's length \"abc\" is not a number of bytes; read to its last quote (9 bytes)",
		"\x1b[31mno *date* line",
	}}
	want := []string{
		"⚠ 3 NUL bytes were dropped from the text",
		"⚠ related stories: the block's length \"abc\" is not a number of bytes; read to its last quote (9 bytes)",
		"⚠ no *date* line",
	}
	plain := Plain(a, nil)
	if !strings.Contains(plain, "undated · news\n"+strings.Join(want, "\n")+"\n\nOne.") {
		t.Errorf("plain text does not list the warnings under the byline, one a line:\n%s", plain)
	}
	got := shown(t, Document(a, nil), Dark)
	if !strings.Contains(got, "undated · news "+strings.Join(want, " ")+" One.") {
		t.Errorf("document does not show the warnings under the byline: %s", got)
	}
	out, err := Markdown(Document(a, nil), Dark, 200)
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for l := range strings.SplitSeq(ansi.Strip(out), "\n") {
		if strings.Contains(l, "⚠") {
			lines++
		}
	}
	if lines != 3 {
		t.Errorf("%d rendered lines hold a warning, want one for each of 3:\n%s", lines, ansi.Strip(out))
	}
	if clean := Plain(&model.Article{Title: "T", Source: "news", Body: "One."}, nil); strings.Contains(clean, "⚠") {
		t.Errorf("an article without warnings shows one:\n%s", clean)
	}
}
