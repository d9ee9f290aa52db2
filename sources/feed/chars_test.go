package feed

import (
	"strings"
	"testing"
)

func TestRepairText(t *testing.T) {
	tests := []struct{ in, want string }{
		// Windows-1252 read as Latin-1: C1 controls where the punctuation was.
		{"It\u0092s", "It’s"},
		{"Wait\u0085", "Wait…"},
		{"\u0093quoted\u0094 \u0096 \u0080 5", "“quoted” – € 5"},
		{"undefined \u0081 stays", "undefined \u0081 stays"},
		// UTF-8 decoded twice.
		{"cafÃ©", "café"},
		{"Itâ€™s", "It’s"},
		{"Waitâ€¦", "Wait…"},
		{"StraÃŸe", "Straße"},
		{"Â£5", "£5"},
		{"Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"},
		{"smile ðŸ˜€", "smile 😀"},
		// Latin text that only looks like it.
		{"Ã", "Ã"},
		{"SÃO PAULO", "SÃO PAULO"},
		{"ÂNGULO", "ÂNGULO"},
		{"IRMÃ”", "IRMÃ”"},
		{"CAFÉ”", "CAFÉ”"},
		{"café…”", "café…”"},
		{"déjà vu", "déjà vu"},
	}
	for _, tt := range tests {
		if got := repairText(tt.in); got != tt.want {
			t.Errorf("repairText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// charsFeed is a feed with the character trouble feeds have: space
// entities, Windows-1252 punctuation as C1 controls, UTF-8 decoded twice,
// a script in an HTML title, and a chart and a formula in a body.
const charsFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title type="html">&lt;script&gt;x()&lt;/script&gt;News</title>
<subtitle type="html">&lt;style&gt;p{}&lt;/style&gt;Prices in&amp;nbsp;€</subtitle>
<entry><id>spaces</id><title type="html">10&amp;nbsp;% off&amp;ensp;a&amp;emsp;b&amp;thinsp;c&amp;#160;d&amp;#x2009;e</title>
<content type="html">&lt;p&gt;Up 10&amp;nbsp;%&amp;#x2009;today&lt;/p&gt;</content></entry>
<entry><id>c1</id><title>Wait` + "\u0085" + ` it` + "\u0092" + `s here</title><content type="html">&lt;p&gt;` + "\u0093" + `Hi` + "\u0094" + ` ` + "\u0096" + ` ` + "\u0080" + `5&lt;/p&gt;</content></entry>
<entry><id>twice</id><title>Itâ€™s a cafÃ©</title><content type="html">&lt;p&gt;Waitâ€¦ for the SÃO PAULO bus&lt;/p&gt;</content></entry>
<entry><id>script</id><title type="html">&lt;script&gt;alert(1)&lt;/script&gt;Harbour reopens</title><content>x</content></entry>
<entry><id>unclosed</id><title type="html">Why &lt;script&gt; tags matter</title><content>x</content></entry>
<entry><id>figures</id><title>Figures</title><content type="html">&lt;p&gt;See &lt;svg&gt;&lt;title&gt;tip&lt;/title&gt;&lt;text&gt;Chart: sales&lt;/text&gt;&lt;/svg&gt; where &lt;math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;mo&gt;=&lt;/mo&gt;&lt;mn&gt;2&lt;/mn&gt;&lt;/math&gt;.&lt;/p&gt;</content></entry>
</feed>`

func TestParseKeepsCharacters(t *testing.T) {
	f := mustParse(t, charsFeed, ParseOptions{})
	if f.Title != "News" || f.Description != "Prices in\u00a0€" {
		t.Errorf("feed title %q, description %q", f.Title, f.Description)
	}
	want := map[string]struct{ title, body string }{
		"spaces":   {"10\u00a0% off\u2002a\u2003b\u2009c\u00a0d\u2009e", "Up 10\u00a0%\u2009today"},
		"c1":       {"Wait… it’s here", "“Hi” – €5"},
		"twice":    {"It’s a café", "Wait… for the SÃO PAULO bus"},
		"script":   {"Harbour reopens", "x"},
		"unclosed": {"Why tags matter", "x"},
		"figures":  {"Figures", "See Chart: sales where x=2."},
	}
	for _, it := range f.Items {
		w := want[it.GUID]
		if it.Title != w.title {
			t.Errorf("%s: title %q, want %q", it.GUID, it.Title, w.title)
		}
		if it.Body != w.body {
			t.Errorf("%s: body %q, want %q", it.GUID, it.Body, w.body)
		}
		if text := PlainText(it.HTML); !strings.Contains(text, strings.TrimSuffix(w.body, ".")) {
			t.Errorf("%s: plain text %q, want %q in it", it.GUID, text, w.body)
		}
	}
}
