package feed

import (
	"slices"
	"testing"
)

// MarkdownLinks finds again the links Markdown made, with their text, so a
// page kept as markdown alone gives the same related list.
func TestMarkdownLinksRoundTrip(t *testing.T) {
	for _, html := range []string{
		`<p>See <a href="/a">the [first] *story*</a> and <a href="https://x.example/b"><em>second</em> one</a>.</p>`,
		`<p><a href="https://x.example/b">again</a> <a href="https://x.example/b">twice</a> <img src="/pic.png" alt="pic"> <a href="javascript:alert(1)">bad</a></p>`,
		`<ul><li><a href="/c">back\slash_under</a></li></ul><p><a href="/d"><code>code</code> text</a></p>`,
		`<p><a href="/e">one
line</a> <a href="/f"><img src="/g.png" alt="only a picture"></a></p>`,
	} {
		md, want := Markdown(html, "https://news.example/page/")
		if got := MarkdownLinks(md); !slices.Equal(got, want) {
			t.Errorf("from %q\nmarkdown %q\nfound %+v\nwant  %+v", html, md, got, want)
		}
	}
}

func TestRelated(t *testing.T) {
	got := Related([]Link{{URL: "https://x.example/a", Title: "A"}})
	if len(got) != 1 || got[0].ID != "https://x.example/a" || got[0].Title != "A" || !got[0].Link {
		t.Errorf("Related = %+v", got)
	}
}

func TestMarkdownText(t *testing.T) {
	md := "*Ada \\*Byline\\**\n\nThe [harbour](https://x.example/h) reopened,\nat last.\n\n![a boat](https://x.example/b.jpg)\n\n- one\n- two <https://x.example/auto>\n\n```\ncode line\n```"
	want := "Ada *Byline*\n\nThe harbour reopened, at last.\n\na boat\n\none\n\ntwo\n\ncode line"
	if got := MarkdownText(md); got != want {
		t.Errorf("MarkdownText:\n%q\nwant\n%q", got, want)
	}
}
