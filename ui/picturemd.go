package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// A body's pictures are taken out of its markdown before Glamour renders
// it: each image reference becomes a paragraph holding only a marker
// word, which Glamour wraps and indents like any word, and the article
// puts the picture's lines where the marker's line is. One Glamour render
// of the whole body keeps lists, quotes and links intact around the
// pictures, where rendering the pieces between them apart would cut them.

// pictureMarkerWord starts the marker of picture n: letters only, so no
// markdown rule and no word wrap touches it.
const pictureMarkerWord = "BULLETINPICTURE"

// pictureRef is one picture of an article: where it is and what it says.
type pictureRef struct {
	src string
	alt string
	// thumb: drawn small under the focused related story.
	thumb bool
}

func pictureMarker(n int) string { return pictureMarkerWord + strconv.Itoa(n) + "Z" }

// markerIndex is the number of the picture whose marker a rendered line
// holds, or -1.
func markerIndex(line string) int {
	plain := ansi.Strip(line)
	i := strings.Index(plain, pictureMarkerWord)
	if i < 0 {
		return -1
	}
	rest := plain[i+len(pictureMarkerWord):]
	end := strings.IndexByte(rest, 'Z')
	if end <= 0 {
		return -1
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// splitPictures replaces the image references of a markdown body with
// markers on lines of their own and returns the pictures in order. A
// linked image keeps its link after the picture. Code blocks and code
// spans are left as they are: an image written there is text.
func splitPictures(md string) (string, []pictureRef) {
	if !strings.Contains(md, "![") {
		return md, nil
	}
	var b strings.Builder
	var refs []pictureRef
	fence := ""
	for line := range strings.SplitAfterSeq(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if f := fenceOf(trimmed); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(trimmed, fence):
				fence = ""
			}
			b.WriteString(line)
			continue
		}
		if fence != "" || !strings.Contains(line, "![") {
			b.WriteString(line)
			continue
		}
		b.WriteString(splitLine(line, &refs))
	}
	return b.String(), refs
}

func fenceOf(line string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(line, f) {
			return f
		}
	}
	return ""
}

// splitLine replaces the images of one line outside code spans.
func splitLine(line string, refs *[]pictureRef) string {
	var b strings.Builder
	ticks := 0
	for i := 0; i < len(line); {
		c := line[i]
		if c == '\\' && i+1 < len(line) {
			b.WriteString(line[i : i+2])
			i += 2
			continue
		}
		if c == '`' {
			ticks++
		}
		if ticks%2 == 0 {
			if end, ref, link, ok := imageAt(line, i); ok {
				n := len(*refs)
				*refs = append(*refs, ref)
				b.WriteString("\n\n" + pictureMarker(n) + "\n\n")
				if link != "" {
					b.WriteString(link)
				}
				i = end
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// imageAt reads an image reference at line[i:]: ![alt](src "title"), or
// one wrapped in a link, [![alt](src)](href). end is where it stops; link
// is the markdown of the wrapping link, kept with the alt text as its
// words.
func imageAt(line string, i int) (end int, ref pictureRef, link string, ok bool) {
	if strings.HasPrefix(line[i:], "[![") {
		inner, r, ok := plainImage(line, i+1)
		if ok && inner < len(line) && line[inner] == ']' {
			if hEnd, href, ok := parens(line, inner+1); ok {
				words := r.alt
				if words == "" {
					words = "picture"
				}
				href, _, _ = strings.Cut(strings.TrimSpace(href), " ")
				return hEnd, r, "[" + escapeLinkText(words) + "](" + href + ")", true
			}
		}
	}
	end, ref, ok = plainImage(line, i)
	return end, ref, "", ok
}

// plainImage reads ![alt](src "title") at line[i:].
func plainImage(line string, i int) (int, pictureRef, bool) {
	if !strings.HasPrefix(line[i:], "![") {
		return 0, pictureRef{}, false
	}
	altEnd, ok := closing(line, i+2)
	if !ok {
		return 0, pictureRef{}, false
	}
	end, target, ok := parens(line, altEnd+1)
	if !ok {
		return 0, pictureRef{}, false
	}
	src, title := splitTarget(target)
	if src == "" {
		return 0, pictureRef{}, false
	}
	alt := unescapeMarkdown(line[i+2 : altEnd])
	if alt == "" {
		alt = title
	}
	return end, pictureRef{src: src, alt: model.CleanLine(alt)}, true
}

// closing finds the ] that closes a [ opened before line[from:], minding
// nested brackets and backslash escapes.
func closing(line string, from int) (int, bool) {
	depth := 0
	for j := from; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			if depth == 0 {
				return j, true
			}
			depth--
		}
	}
	return 0, false
}

// parens reads "(...)" at line[i:], returning what is inside and where it
// ends; a <...> address may hold parentheses.
func parens(line string, i int) (int, string, bool) {
	if i >= len(line) || line[i] != '(' {
		return 0, "", false
	}
	depth, angle := 0, false
	for j := i + 1; j < len(line); j++ {
		switch c := line[j]; {
		case c == '\\':
			j++
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case angle:
		case c == '(':
			depth++
		case c == ')' && depth == 0:
			return j + 1, line[i+1 : j], true
		case c == ')':
			depth--
		}
	}
	return 0, "", false
}

// splitTarget splits `src "title"` (src maybe in <>).
func splitTarget(t string) (src, title string) {
	t = strings.TrimSpace(t)
	if strings.HasPrefix(t, "<") {
		if end := strings.IndexByte(t, '>'); end > 0 {
			src, t = t[1:end], t[end+1:]
		}
	} else {
		src, t, _ = strings.Cut(t, " ")
	}
	t = strings.TrimSpace(t)
	if len(t) >= 2 && (t[0] == '"' || t[0] == '\'') && t[len(t)-1] == t[0] {
		title = unescapeMarkdown(t[1 : len(t)-1])
	}
	return strings.TrimSpace(src), title
}

func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}
