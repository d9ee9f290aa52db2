package render

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"

	"bulletin/model"
)

func TestExportFrontMatterAndParagraphs(t *testing.T) {
	a := model.Article{
		Title: "Harbour \"reopens\" at dawn", Source: "Port News", Link: "https://port.example/a",
		Author:    "Ana Reyes",
		Published: time.Date(2026, 12, 2, 7, 30, 0, 0, time.FixedZone("", 3600)), HasDate: true,
		Body: "First paragraph: ships wait & crews rest.\n\n# not a heading\n\n1. not a list, *not* bold, [not](a link) <b>no html</b> &amp; no entity",
		Related: []model.Related{
			{ID: "7", Title: "Storm closes harbour"},
			{ID: "https://port.example/b", Title: "a body link", Link: true},
		},
	}
	got := Export(&a)
	want := `---
title: "Harbour \"reopens\" at dawn"
date: 2026-12-02T07:30:00+01:00
source: "Port News"
link: "https://port.example/a"
author: "Ana Reyes"
related:
  - title: "Storm closes harbour"
---

# Harbour "reopens" at dawn

First paragraph: ships wait & crews rest.

\# not a heading

1\. not a list, \*not\* bold, \[not\](a link) \<b\>no html\</b\> \&amp; no entity
`
	if got != want {
		t.Fatalf("export:\n%s\nwant:\n%s", got, want)
	}
}

// An undated article has no date line; a markdown body is kept as it is;
// hostile fields cannot break out of their front matter line.
func TestExportUndatedMarkdownHostile(t *testing.T) {
	a := model.Article{
		Title:    "Line one\n---\nevil: true\x1b]0;pwned\x07",
		Source:   "feed\u2028x",
		Markdown: true,
		Body:     "Some **bold** text and [a link](https://x.example/).\n",
	}
	got := Export(&a)
	if strings.Contains(got, "date:") {
		t.Errorf("an undated article has a date:\n%s", got)
	}
	head, body, ok := strings.Cut(strings.TrimPrefix(got, "---\n"), "\n---\n")
	if !ok {
		t.Fatalf("no front matter:\n%s", got)
	}
	for _, l := range strings.Split(head, "\n") {
		if !strings.HasPrefix(l, "title: \"") && !strings.HasPrefix(l, "source: \"") {
			t.Errorf("front matter line %q is no field of the article", l)
		}
		if strings.ContainsAny(l, "\x1b\x07\u2028") {
			t.Errorf("control character in %q", l)
		}
	}
	if !strings.Contains(body, "Some **bold** text and [a link](https://x.example/).") {
		t.Errorf("markdown body changed:\n%s", body)
	}
}

func TestTextMarkdownKeepsProseReadable(t *testing.T) {
	for in, want := range map[string]string{
		"Dr. Smith said: \"Yes!\" - at 9.30 (or so) & left.": "Dr. Smith said: \"Yes!\" - at 9.30 (or so) & left.",
		"    indented code":       "indented code",
		"- item\n+ item\n> quote": "\\- item\n\\+ item\n\\> quote",
		"Title\n===":              "Title\n\\===",
		"2024) year":              "2024\\) year",
		"~~struck~~ `code`":       "\\~\\~struck\\~\\~ \\`code\\`",
		"a | b":                   "a \\| b",
		"AT&T and &#38; and &x":   "AT&T and \\&#38; and &x",
	} {
		if got := TextMarkdown(in); got != want {
			t.Errorf("TextMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzTextMarkdown checks that a CommonMark renderer shows plain text made
// markdown by TextMarkdown as one paragraph of exactly that text: no
// heading, list, quote, code, emphasis, link or HTML forms from it.
func FuzzTextMarkdown(f *testing.F) {
	f.Add("**bold** [x](y) <b> http://a.b ~s~ &amp; #")
	f.Add("1) x")
	f.Add("Dr. Smith said: \"Yes!\" - at 9.30 (or so) & left.")
	f.Add("- item")
	f.Add("    code")
	f.Add("a\\")
	f.Add("![img](x.png) `tick` _under_ &#x41; 12. list")
	f.Add("> quote")
	f.Add("<!-- c --> &copy")
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.Join(strings.Fields(model.CleanLine(s)), " ")
		if s == "" || strings.ContainsRune(s, '\ufffd') {
			return
		}
		var out bytes.Buffer
		if err := goldmark.Convert([]byte(TextMarkdown(s)), &out); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSpace(out.String())
		inner, ok := strings.CutPrefix(got, "<p>")
		inner, ok2 := strings.CutSuffix(inner, "</p>")
		if !ok || !ok2 || strings.ContainsAny(inner, "<>") {
			t.Fatalf("%q made markup: %s", s, got)
		}
		if text := html.UnescapeString(inner); text != s {
			t.Fatalf("%q shows as %q", s, text)
		}
	})
}
