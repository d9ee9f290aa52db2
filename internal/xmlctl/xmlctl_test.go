package xmlctl

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestProtect(t *testing.T) {
	tests := map[string]string{
		"a&#x1b;b&#27;c&#X1B;d\x1be\x07f":             "a\ue01bb\ue01bc\ue01bd\ue01be\ue007f",
		"keep &#x41; &#65; &#x9; &#10; &#xD7FF; \t\n": "keep &#x41; &#65; &#x9; &#10; &#xD7FF; \t\n",
		"drop &#xFFFE; &#xD800; &#x110000;":           "drop   ",
		"partial &#x1b &# &#; &#x;":                   "partial &#x1b &# &#; &#x;",
		"&#99999999999999999999;":                     "&#99999999999999999999;",
	}
	for in, want := range tests {
		got := string(Protect([]byte(in)))
		if got != want {
			t.Errorf("Protect(%q) = %q, want %q", in, got, want)
		}
		if back := Restore(got); strings.Contains(in, "\x1b") && !strings.Contains(back, "\x1b") {
			t.Errorf("Restore(%q) = %q", got, back)
		}
	}
}

func TestThroughTheXMLParser(t *testing.T) {
	doc := "<t a=\"x&#x1b;]0;t&#7;y\">a\x1b[2Jb &#x1b;]52;c;eA==&#x7; <![CDATA[c\x1bd]]></t>"
	if err := xml.Unmarshal([]byte(doc), new(struct{})); err == nil {
		t.Fatal("the XML parser now takes controls: Protect may be unneeded")
	}
	var v struct {
		A    string `xml:"a,attr"`
		Text string `xml:",chardata"`
	}
	if err := xml.Unmarshal(Protect([]byte(doc)), &v); err != nil {
		t.Fatal(err)
	}
	if a, text := Restore(v.A), Restore(v.Text); a != "x\x1b]0;t\x07y" || text != "a\x1b[2Jb \x1b]52;c;eA==\x07 c\x1bd" {
		t.Fatalf("attr %q text %q", a, text)
	}
}

func FuzzProtect(f *testing.F) {
	f.Add([]byte("<a>&#x1b;\x1b&#0;&#xFFFF;</a>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out := Protect(data)
		for _, c := range out {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				t.Fatalf("Protect(%q) = %q keeps a control byte", data, out)
			}
		}
	})
}
