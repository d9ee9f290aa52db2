package render

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bulletin/model"
)

// Export is an article as a markdown file for other programs: YAML front
// matter (title, date, source, link, author, related stories), the title
// as a heading, then the body. A feed item's body is its markdown; a plain
// text body keeps its paragraphs and reads as written, with only what
// would make markup escaped (see TextMarkdown).
func Export(a *model.Article) string {
	var b strings.Builder
	b.WriteString("---\n")
	field(&b, "title", a.Title)
	if a.HasDate {
		fmt.Fprintf(&b, "date: %s\n", a.Published.Format(time.RFC3339))
	}
	field(&b, "source", a.Source)
	field(&b, "link", a.Link)
	field(&b, "author", a.Author)
	if rel := exportRelated(a); len(rel) > 0 {
		b.WriteString("related:\n")
		for _, r := range rel {
			b.WriteString("  - title: " + yamlString(r.Title) + "\n")
			if r.URL != "" {
				b.WriteString("    link: " + yamlString(r.URL) + "\n")
			}
		}
	}
	b.WriteString("---\n\n")
	if title := model.CleanLine(a.Title); title != "" {
		b.WriteString("# " + TextMarkdown(title) + "\n\n")
	}
	if a.Markdown {
		b.WriteString(strings.TrimSpace(model.CleanText(a.Body)))
	} else {
		paras := a.Paragraphs()
		out := make([]string, 0, len(paras))
		for _, p := range paras {
			if p = TextMarkdown(model.CleanText(p)); p != "" {
				out = append(out, p)
			}
		}
		b.WriteString(strings.Join(out, "\n\n"))
	}
	b.WriteString("\n")
	return b.String()
}

// field writes a front matter line, none for an empty value.
func field(b *strings.Builder, key, value string) {
	if value = model.CleanLine(value); value != "" {
		b.WriteString(key + ": " + yamlString(value) + "\n")
	}
}

// exportRelated are the article's related stories with their address
// where its folder says where stories live. A feed item's links stay in
// its body: they are no list of stories.
func exportRelated(a *model.Article) []Link {
	site := model.SiteOf(a)
	var out []Link
	for _, r := range a.Related {
		if r.Link {
			continue
		}
		l := Link{Title: model.CleanLine(r.Title)}
		if l.Title == "" {
			continue
		}
		l.URL, _ = site.ArticleFor(r.ID)
		out = append(out, l)
	}
	return out
}

// yamlString quotes s as a YAML double-quoted scalar: every character that
// is not printable is escaped, so the value is one line whatever the text.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`)
		case r < 0x10000 && !unicode.IsPrint(r) && r != ' ':
			fmt.Fprintf(&b, `\u%04X`, r)
		case !unicode.IsPrint(r) && r != ' ':
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TextMarkdown makes plain text markdown that shows as written while
// staying readable as a file: unlike Escape, it leaves the punctuation of
// ordinary prose (. : & ! -) alone and escapes only what would make
// emphasis, links, code, HTML, tables or strikethrough anywhere, and
// headings, quotes, lists or code blocks at the start of a line.
func TextMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = lineMarkdown(strings.TrimLeft(l, " \t"))
	}
	return strings.Join(lines, "\n")
}

// inlineMarks are the characters that make markup wherever they are.
const inlineMarks = "\\`*_[]<>|~"

// lineMarkdown escapes one line whose leading blanks are gone.
func lineMarkdown(l string) string {
	var b strings.Builder
	b.Grow(len(l) + 8)
	start := 0
	if l != "" && strings.ContainsRune("#>-+=", rune(l[0])) {
		// A heading, a quote, a list item, or a line that underlines
		// the one before as a heading.
		b.WriteByte('\\')
		b.WriteByte(l[0])
		start = 1
	} else if n := leadingDigits(l); n > 0 && n < len(l) && (l[n] == '.' || l[n] == ')') {
		// An ordered list item.
		b.WriteString(l[:n])
		b.WriteByte('\\')
		b.WriteByte(l[n])
		start = n + 1
	}
	for i := start; i < len(l); i++ {
		c := l[i]
		switch {
		case strings.IndexByte(inlineMarks, c) >= 0:
			b.WriteByte('\\')
		case c == '&' && entityAt(l[i+1:]):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// entityAt reports whether what follows an & would make a character
// reference ("amp;", "#38;"), which markdown would show as the character.
func entityAt(s string) bool {
	n := 0
	for n < len(s) && n < 32 && (s[n] == '#' || s[n] >= '0' && s[n] <= '9' || s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z') {
		n++
	}
	return n > 0 && n < len(s) && s[n] == ';'
}
