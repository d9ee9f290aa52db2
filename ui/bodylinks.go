package ui

// Links in an article's body, and the files a feed item carries: both
// take part in the Tab focus, before the related stories. Glamour draws
// every link of a markdown body as an OSC 8 hyperlink (its text, then its
// address, each wrapped in the same hyperlink), so the links are read back
// from the rendered lines, where they are, in reading order, at whatever
// width the body was rendered to.

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// bodyLink is a link drawn in the rendered body.
type bodyLink struct {
	url  string
	text string
	// spans are where it is drawn: body lines and cells, in order.
	spans []cellSpan
}

// cellSpan is a run of cells [start, end) on a line.
type cellSpan struct{ line, start, end int }

// osc8 starts an OSC 8 hyperlink sequence: ESC ] 8 ; params ; URI, ended
// by BEL or ST.
const osc8 = "\x1b]8;"

// findBodyLinks reads the hyperlinks of rendered body lines. A link's
// pieces (its text and its address, each maybe wrapped over lines) make
// one link as long as only white space (or an image's arrow) comes
// between them; the same address again after other text is another link.
func findBodyLinks(lines []string) []bodyLink {
	var links []bodyLink
	var cur *bodyLink // the link whose pieces are being read
	var texts []string
	finish := func() {
		if cur != nil {
			cur.text = linkText(strings.Join(texts, " "), cur.url)
			links = append(links, *cur)
			cur, texts = nil, nil
		}
	}
	for i, line := range lines {
		col := 0
		open := "" // the address of the hyperlink open at col, "" for none
		start := 0 // where it opened
		var piece strings.Builder
		rest := line
		for {
			k := strings.Index(rest, osc8)
			chunk := rest
			if k >= 0 {
				chunk = rest[:k]
			}
			if open != "" {
				piece.WriteString(ansi.Strip(chunk))
			} else if strings.Trim(ansi.Strip(chunk), " →") != "" {
				// Text between (not the arrow Glamour puts between an
				// image's text and its address): another link follows.
				finish()
			}
			col += ansi.StringWidth(chunk)
			if k < 0 {
				break
			}
			uri, after, ok := cutOSC8(rest[k+len(osc8):])
			if !ok {
				break
			}
			rest = after
			if open != "" && col > start {
				cur.spans = append(cur.spans, cellSpan{line: i, start: start, end: col})
				texts = append(texts, piece.String())
			}
			piece.Reset()
			open, start = uri, col
			if uri != "" && (cur == nil || cur.url != uri) {
				finish()
				cur = &bodyLink{url: uri}
			}
		}
		if open != "" && col > start {
			// Not closed on its line: it ends there.
			cur.spans = append(cur.spans, cellSpan{line: i, start: start, end: col})
			texts = append(texts, piece.String())
		}
	}
	finish()
	return links
}

// cutOSC8 reads the rest of an OSC 8 sequence after its "ESC ] 8 ;": the
// URI ("" closes the hyperlink) and what follows the sequence.
func cutOSC8(s string) (uri, rest string, ok bool) {
	end, size := strings.IndexByte(s, '\a'), 1
	if st := strings.Index(s, "\x1b\\"); st >= 0 && (end < 0 || st < end) {
		end, size = st, 2
	}
	if end < 0 {
		return "", "", false
	}
	_, uri, _ = strings.Cut(s[:end], ";")
	return uri, s[end+size:], true
}

// linkText is what a link says: its pieces without the address Glamour
// prints after the text (which may be wrapped, so spaces in it are
// skipped); the address itself when that is all there is.
func linkText(text, uri string) string {
	i, j := len(text), len(uri)
	for i > 0 && j > 0 {
		switch {
		case text[i-1] == ' ':
			i--
		case text[i-1] == uri[j-1]:
			i--
			j--
		default:
			return model.CleanLine(text)
		}
	}
	if j > 0 {
		return model.CleanLine(text)
	}
	if t := model.CleanLine(text[:i]); t != "" {
		return t
	}
	return model.CleanLine(uri)
}

// target is what the Tab focus can rest on in an article: a link of the
// body, a file the item carries, or a related story, in that order.
type targetKind int

const (
	targetNone targetKind = iota
	targetBody
	targetFile
	targetStory
)

// shownBodyLinks are the body's links while the body is on screen.
func (a article) shownBodyLinks() []bodyLink {
	if a.bodyStart < 0 {
		return nil
	}
	return a.bodyLinks
}

// shownFiles are the files the item carries while they are on screen.
func (a article) shownFiles() []model.Enclosure {
	if a.fileStart < 0 {
		return nil
	}
	return a.art.Enclosures
}

// targetCount is how many places the focus can rest on.
func (a article) targetCount() int {
	return len(a.shownBodyLinks()) + len(a.shownFiles()) + len(a.linkStart)
}

// target says what focus index i is: its kind and its index among those
// of its kind.
func (a article) target(i int) (targetKind, int) {
	nb, nf := len(a.shownBodyLinks()), len(a.shownFiles())
	switch {
	case i < 0:
		return targetNone, -1
	case i < nb:
		return targetBody, i
	case i < nb+nf:
		return targetFile, i - nb
	case i < nb+nf+len(a.linkStart):
		return targetStory, i - nb - nf
	}
	return targetNone, -1
}

// storyTarget is the focus index of related story i.
func (a article) storyTarget(i int) int {
	return len(a.shownBodyLinks()) + len(a.shownFiles()) + i
}

// focusedBodyLink is the focused link of the body.
func (a article) focusedBodyLink() (bodyLink, bool) {
	if kind, i := a.target(a.focus); kind == targetBody {
		return a.bodyLinks[i], true
	}
	return bodyLink{}, false
}

// focusedFile is the index of the focused file, -1 for none.
func (a article) focusedFile() int {
	if kind, i := a.target(a.focus); kind == targetFile {
		return i
	}
	return -1
}

// focusedAddress is the web address of what has the focus: a body link,
// a file, or a related story that has one; "" for none.
func (a article) focusedAddress() string {
	switch kind, i := a.target(a.focus); kind {
	case targetBody:
		return a.bodyLinks[i].url
	case targetFile:
		return a.art.Enclosures[i].URL
	case targetStory:
		return a.links[i].URL
	}
	return ""
}

// targetLines are the content lines target i is drawn on: first, count.
func (a article) targetLines(i int) (int, int) {
	switch kind, k := a.target(i); kind {
	case targetBody:
		spans := a.bodyLinks[k].spans
		first, last := spans[0].line, spans[len(spans)-1].line
		return a.bodyStart + first, last - first + 1
	case targetFile:
		return a.fileStart + k, 1
	case targetStory:
		return a.linkStart[k], a.linkLines[k]
	}
	return 0, 0
}

// focusRanges are the cells to highlight for a focused body link, by
// content line.
func (a article) focusRanges() map[int][]cellSpan {
	l, ok := a.focusedBodyLink()
	if !ok {
		return nil
	}
	out := map[int][]cellSpan{}
	for _, s := range l.spans {
		line := a.bodyStart + s.line
		out[line] = append(out[line], s)
	}
	return out
}

// focusNote says in the status bar what has the focus, when it is not a
// related story (those show their addresses under their titles).
func (a article) focusNote() string {
	switch kind, i := a.target(a.focus); kind {
	case targetBody:
		return fmt.Sprintf("link %d of %d: %s", i+1, len(a.bodyLinks), model.CleanLine(a.bodyLinks[i].url))
	case targetFile:
		return fmt.Sprintf("file %d of %d: e opens it, o in the browser", i+1, len(a.art.Enclosures))
	}
	return ""
}

// filesView draws the files the item carries, one a line: type, size and
// name; the focused one highlighted.
func (a article) filesView(w int) []string {
	s := &a.st.Article
	lines := []string{"", "  " + s.Heading.Render("Files"), ""}
	focused := a.focusedFile()
	for i, e := range a.art.Enclosures {
		text := ansi.Truncate(e.Describe(), max(1, w-6), "…")
		if i == focused {
			lines = append(lines, a.st.List.Marker.Render(a.st.Marker)+" "+s.Focused.Render("  "+text))
			continue
		}
		lines = append(lines, "    "+s.Link.Render(text))
	}
	return lines
}
