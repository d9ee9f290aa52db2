// Package render turns articles into text for the screen: escaped markdown
// rendered with Glamour for terminals, and plain text for pipes.
package render

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"

	"bulletin/model"
)

// Style names a Glamour style.
type Style string

// The styles bulletin uses: dark and light backgrounds, and no colour.
const (
	Dark    Style = styles.DarkStyle
	Light   Style = styles.LightStyle
	NoColor Style = styles.NoTTYStyle
)

// StyleFor picks the style for a background and colour setting.
func StyleFor(dark, color bool) Style {
	switch {
	case !color:
		return NoColor
	case dark:
		return Dark
	}
	return Light
}

// Escape makes untrusted plain text literal in markdown. Characters with a
// markdown meaning get a backslash where Glamour then drops it, and a
// numeric character reference where it would show the backslash: & (entity
// references), ~ (strikethrough), : and @ (autolinked URLs and mail
// addresses). So no emphasis, link, heading, list, code, HTML, autolink or
// strikethrough can form, and nothing shows but the text.
func Escape(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if escapeOf(s[i]) != "" {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4*n)
	for i := 0; i < len(s); i++ {
		if e := escapeOf(s[i]); e != "" {
			b.WriteString(e)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// escapes maps each ASCII byte to its markdown escape, "" for none.
var escapes = func() (t [128]string) {
	for _, c := range "\\`*_{}[]()<>#+-.!|" {
		t[c] = "\\" + string(c)
	}
	for _, c := range "&~:@" {
		t[c] = "&#" + strconv.Itoa(int(c)) + ";"
	}
	return t
}()

func escapeOf(c byte) string {
	if c < 128 {
		return escapes[c]
	}
	return ""
}

// BodyMarkdown is the article's body as markdown: one escaped paragraph per
// paragraph of text.
func BodyMarkdown(a *model.Article) string {
	if a.Markdown {
		// Feed bodies are markdown already, made safe when parsed (no raw
		// HTML, only http, https and mailto links); cleaning again keeps
		// any other source of markdown bodies to the same rule.
		return model.CleanText(a.Body) + "\n"
	}
	paras := a.Paragraphs()
	for i, p := range paras {
		paras[i] = Escape(p)
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// Link is a related item as shown: its title, whether it is a video, and
// the ref of the library's article it opens, "" when it is not in the
// library.
type Link struct {
	Title string
	Video bool
	Ref   string
	// URL is the story's web address, when its folder says where its
	// stories live (article_url); a story not in the library can then be
	// fetched.
	URL string
	// Picture is the address of the story's picture, when its folder says
	// where pictures live (picture_url).
	Picture string
}

// Fetchable reports whether the story is not in the library but can be
// fetched from its site.
func (l Link) Fetchable() bool { return l.Ref == "" && l.URL != "" }

// InLibrary reports whether the link opens an article of the library.
func (l Link) InLibrary() bool { return l.Ref != "" }

// Links resolves an article's related items against a library: each title
// made one clean line, each resolved item with the ref of its article.
func Links(lib *model.Library, a *model.Article) []Link {
	links := make([]Link, 0, len(a.Related))
	site := model.SiteOf(a)
	for _, r := range a.Related {
		l := Link{Title: model.CleanLine(r.Title), Video: r.Video}
		if target, ok := lib.Resolve(r); ok {
			l.Ref = target.Ref
			if r.Link {
				// A link's text ("more here") says less than the title
				// of the story it leads to.
				l.Title = model.CleanLine(target.Title)
			}
		}
		// A feed item's body links are related stories only when they lead
		// to another item of the library; the rest stay in the body.
		if r.Link && (l.Ref == "" || l.Ref == a.Ref) {
			continue
		}
		if !r.Link {
			l.URL, _ = site.ArticleFor(r.ID)
			l.Picture, _ = site.PictureFor(r.Pic)
		}
		links = append(links, l)
	}
	return links
}

// Byline is the line under a title: the date as written and the source.
func Byline(a *model.Article) string {
	date := a.DateText
	if date == "" {
		date = "undated"
	}
	return date + " · " + a.Source
}

// LinkNote is what follows a link's title: its video and library marks.
func LinkNote(l Link) string {
	var notes []string
	if l.Video {
		notes = append(notes, "video")
	}
	switch {
	case l.Fetchable():
		notes = append(notes, "not fetched yet")
	case !l.InLibrary():
		notes = append(notes, "not in your library")
	}
	if len(notes) == 0 {
		return ""
	}
	return "(" + strings.Join(notes, ", ") + ")"
}

// Warnings are the article's warnings as shown under its byline: what was
// wrong with its source and how it was read anyway, each one marked so
// that it is not taken for the article's own text.
func Warnings(a *model.Article) []string {
	out := make([]string, 0, len(a.Warnings))
	for _, w := range a.Warnings {
		if w = model.CleanLine(w); w != "" {
			out = append(out, "⚠ "+w)
		}
	}
	return out
}

// Document is the whole article as markdown: title, byline, warnings, body
// and the numbered related stories.
func Document(a *model.Article, links []Link) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n*%s*\n\n", Escape(a.Title), Escape(Byline(a)))
	if warns := Warnings(a); len(warns) > 0 {
		// One paragraph each: Glamour joins lines, hard breaks included.
		for _, w := range warns {
			fmt.Fprintf(&b, "*%s*\n\n", Escape(w))
		}
	}
	b.WriteString(BodyMarkdown(a))
	if len(links) > 0 {
		b.WriteString("\n## Related stories\n\n")
		for i, l := range links {
			fmt.Fprintf(&b, "%d. %s", i+1, Escape(l.Title))
			if note := LinkNote(l); note != "" {
				fmt.Fprintf(&b, " *%s*", Escape(note))
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Plain is the article as plain text, for pipes and NO_COLOR.
func Plain(a *model.Article, links []Link) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", a.Title, Byline(a))
	for _, w := range Warnings(a) {
		b.WriteString(w + "\n")
	}
	b.WriteString("\n")
	if body := a.Body; body != "" {
		b.WriteString(body)
		b.WriteString("\n")
	}
	if len(links) > 0 {
		b.WriteString("\nRelated stories\n")
		for i, l := range links {
			fmt.Fprintf(&b, "%2d. %s", i+1, l.Title)
			if note := LinkNote(l); note != "" {
				b.WriteString(" " + note)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Markdown renders markdown with Glamour, word-wrapped to width. A renderer
// keeps internal state, so each call builds its own (about 30 µs).
func Markdown(md string, style Style, width int) (string, error) {
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(string(style)),
		glamour.WithWordWrap(max(width, 10)),
	)
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	return out, nil
}
