package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
	"bulletin/render"
)

// maxBodyWidth caps the width bodies are wrapped to: long lines are hard
// to read, and a wider window gains nothing from a wider render.
const maxBodyWidth = 100

// renderKey names one render of an article body: the article, the width
// it was wrapped to, the Glamour style, and whether the body is the
// article's readable web page rather than its own text.
type renderKey struct {
	ref      string
	width    int
	style    render.Style
	readable bool
}

// loadedMsg carries a fully read article (body and related list).
type loadedMsg struct {
	ref string
	art model.Article
	err error
}

// renderedMsg carries a rendered body for the key it was made for; a
// result whose key is no longer wanted is cached but not shown.
type renderedMsg struct {
	key renderKey
	out string
	err error
}

// String names the render among the keys of jobs.
func (k renderKey) String() string {
	return fmt.Sprintf("render %s %d %v %v", k.ref, k.width, k.style, k.readable)
}

// load reads the full article behind a listing. It gets its own copy of
// the listing, so it never reads the library.
func load(ctx context.Context, listing model.Article) loadedMsg {
	a, err := model.Load(ctx, &listing)
	return loadedMsg{ref: listing.Ref, art: a, err: err}
}

// renderBody renders an article body with Glamour, off the UI goroutine.
func renderBody(key renderKey, a model.Article) renderedMsg {
	// Sources clean bodies already; cleaning again is cheap for clean
	// text and keeps an unclean source from reaching the screen.
	a.Body = model.CleanText(a.Body)
	// The pictures are drawn apart, where their markers are.
	md, _ := splitPictures(render.BodyMarkdown(&a))
	out, err := render.Markdown(md, key.style, key.width)
	return renderedMsg{key: key, out: out, err: err}
}

// prefetchJob is a related story to make ready: loaded already (loaded),
// or only listed.
type prefetchJob struct {
	key    renderKey
	art    model.Article
	loaded bool
}

// prefetchedMsg carries what a prefetch read and rendered, as the messages
// a load and a render would have sent.
type prefetchedMsg struct {
	loads   []loadedMsg
	renders []renderedMsg
	// ahead: it read the selected headline ahead (jobReadAhead), not the
	// related stories of the article on screen.
	ahead bool
}

// prefetch loads and renders related stories one after another, until ctx
// ends.
func prefetch(ctx context.Context, jobs []prefetchJob) prefetchedMsg {
	var msg prefetchedMsg
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		a := j.art
		if !j.loaded {
			l := load(ctx, a)
			msg.loads = append(msg.loads, l)
			if l.err != nil {
				continue
			}
			a = l.art
		}
		msg.renders = append(msg.renders, renderBody(j.key, a))
	}
	return msg
}

// match is one search hit: a content line and the cells it spans.
type match struct{ line, start, end int }

// article shows one article in a viewport: a header drawn with lipgloss,
// the body rendered by Glamour (in a command, cached by the root model),
// then the numbered related stories, drawn with lipgloss so that moving the
// focus among them does not re-render the body.
type article struct {
	st *Styles
	vp viewport.Model

	ref    string
	art    model.Article
	loaded bool
	// readable is set when art's body is the readable web page of the
	// article (f), not the feed's text.
	readable bool
	read     bool
	starred  bool
	err      string
	// links are the related stories, then the "more like this" ones
	// (similar): they are numbered, focused and followed alike.
	links   []render.Link
	related int // how many of links are related stories
	similar []render.Link
	focus   int // focused link, -1 for none

	body      []string // rendered body lines; may be for an older width
	bodyKey   renderKey
	bodyLinks []bodyLink // the links drawn in body
	// bodyStart and fileStart are the content lines where the body and
	// the files of a feed item start, -1 while they are not shown.
	bodyStart, fileStart int

	// rawBody is body as Glamour drew it, with a marker line where each
	// picture goes; pics are the pictures' lines (pictures.go).
	rawBody []string
	pics    articlePics

	linkStart []int // first content line of each link
	linkLines []int // how many lines each link takes
	lines     []string
	// shown are the lines on the viewport: lines with search matches
	// highlighted.
	shown []string

	// restore is the position to return to once the body is shown, when
	// pending.
	restore model.Page
	pending bool
	// anchored holds the restored position while the reader has not moved:
	// content that arrives later ("more like this", a render at another
	// width) would otherwise clamp or shift it.
	anchored bool

	input     textinput.Model
	searching bool // the search field has the keys
	query     string
	matches   []match
	cur       int
}

func newArticle(st *Styles) article {
	vp := viewport.New()
	vp.FillHeight = true
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = articleSearchHint
	in.CharLimit = 80
	a := article{st: st, vp: vp, focus: -1, input: in, bodyStart: -1, fileStart: -1}
	a.setStyles(st)
	return a
}

func (a *article) setStyles(st *Styles) {
	a.st = st
	is := st.List.Filter
	is.Focused.Prompt = st.Status.Prompt
	is.Focused.Text = st.Status.Info
	is.Focused.Placeholder = st.Status.Placeholder
	a.input.SetStyles(is)
	a.rebuild()
}

func (a *article) setSize(w, h int) {
	if w == a.vp.Width() && h == a.vp.Height() {
		return
	}
	a.vp.SetWidth(w)
	a.vp.SetHeight(h)
	a.rebuild()
}

// bodyWidth is the width bodies are rendered to for the current size.
func (a article) bodyWidth() int { return max(10, min(a.vp.Width(), maxBodyWidth)) }

// wantKey is the render the article needs now; its ref is "" when it needs
// none.
func (a article) wantKey() renderKey {
	if a.ref == "" || !a.loaded {
		return renderKey{}
	}
	k := a.renderKeyFor(a.ref)
	k.readable = a.readable
	return k
}

// renderKeyFor is the render article ref would need if it were shown now
// at the top, with its own text.
func (a article) renderKeyFor(ref string) renderKey {
	return renderKey{ref: ref, width: a.bodyWidth(), style: a.st.Glamour}
}

// show puts an article on screen: a listing (loaded false) or the full
// article. A different article starts without a body; the same one keeps
// its body until a new render arrives.
func (a *article) show(art model.Article, loaded bool, links []render.Link, read, starred bool, restore *model.Page) {
	if art.Ref != a.ref {
		a.body, a.bodyKey, a.bodyLinks = nil, renderKey{}, nil
		a.rawBody, a.pics = nil, articlePics{}
		a.clearSearch()
		a.searching = false
		a.input.Blur()
		a.vp.SetYOffset(0)
	}
	if art.Ref != a.ref {
		a.similar = nil
		a.readable = false
	}
	a.ref = art.Ref
	a.art = art
	a.loaded = loaded
	a.related = len(links)
	a.links = a.joinLinks(links)
	a.read = read
	a.starred = starred
	a.err = ""
	a.focus = -1
	a.setRestore(restore)
	a.rebuild()
	a.applyRestore()
}

// setRestore remembers a position to return to (nil: none).
func (a *article) setRestore(p *model.Page) {
	a.pending = p != nil
	a.anchored = false
	if p != nil {
		a.restore = *p
	}
}

// pendingRestore is the position still to be restored, or nil.
func (a article) pendingRestore() *model.Page {
	if !a.pending {
		return nil
	}
	p := a.restore
	return &p
}

// clear empties the pane.
func (a *article) clear() {
	*a = article{st: a.st, vp: a.vp, focus: -1, input: a.input, bodyStart: -1, fileStart: -1}
	a.input.Blur()
	a.vp.SetYOffset(0)
	a.rebuild()
}

// setLinks replaces the resolved links (the library grew), keeping focus.
func (a *article) setLinks(links []render.Link) {
	a.replaceLinks(a.joinLinks(links), len(links))
}

// joinLinks is the related stories, then up to maxSimilar of the similar
// ones that are not among them.
func (a *article) joinLinks(related []render.Link) []render.Link {
	out := related[:len(related):len(related)]
	n := 0
	for _, l := range a.similar {
		if n == maxSimilar {
			break
		}
		if l.Ref != "" && (l.Ref == a.ref || slices.ContainsFunc(related, func(r render.Link) bool { return r.Ref == l.Ref })) {
			continue
		}
		out = append(out, l)
		n++
	}
	return out
}

// setSimilar sets the "more like this" stories, shown after the related
// ones.
func (a *article) setSimilar(similar []render.Link) {
	a.similar = similar
	a.replaceLinks(a.joinLinks(a.links[:a.related]), a.related)
}

func (a *article) replaceLinks(links []render.Link, related int) {
	same := len(links) == len(a.links) && related == a.related
	for i := 0; same && i < len(links); i++ {
		same = links[i] == a.links[i]
	}
	if same {
		return
	}
	a.links, a.related = links, related
	a.rebuild()
	if a.focus >= a.targetCount() {
		a.focus = -1
		a.rebuild()
	}
	if a.anchored && a.restore.Focus >= 0 && a.restore.Focus < a.targetCount() && a.focus != a.restore.Focus {
		a.focus = a.restore.Focus
		a.rebuild()
	}
}

func (a *article) setStarred(v bool) {
	if a.starred != v {
		a.starred = v
		a.rebuild()
	}
}

func (a *article) setRead(v bool) {
	if a.read != v {
		a.read = v
		a.rebuild()
	}
}

func (a *article) setError(err error) {
	a.err = model.CleanLine(trimPrefix(err))
	a.rebuild()
}

// setBody shows a rendered body.
func (a *article) setBody(key renderKey, out string) {
	a.rawBody = strings.Split(strings.TrimRight(out, "\n "), "\n")
	a.bodyKey = key
	a.expandBody()
	a.rebuild()
	a.applyRestore()
}

// complete reports whether the whole article is on screen.
func (a article) complete() bool { return a.loaded && a.bodyKey.ref == a.ref && a.ref != "" }

// applyRestore returns to a remembered position once the article is whole.
func (a *article) applyRestore() {
	if !a.pending || !a.complete() {
		return
	}
	p := a.restore
	a.pending = false
	a.anchored = true
	focus := -1
	if p.Focus >= 0 && p.Focus < a.targetCount() {
		focus = p.Focus
	}
	if focus != a.focus {
		a.focus = focus
		a.rebuild()
	}
	a.vp.SetYOffset(p.Offset)
}

// unanchor lets go of a restored position: the reader moved.
func (a *article) unanchor() { a.anchored = false }

// untouched reports whether the reader has not moved in the article: at
// its top, no link focused.
func (a article) untouched() bool {
	p := a.page()
	return p.Offset == 0 && p.Focus < 0
}

// page is where the reader is: what History.Update records.
func (a article) page() model.Page {
	off := a.vp.YOffset()
	focus := a.focus
	if a.pending || a.anchored {
		// Not shown yet, or shown while content may still arrive: keep the
		// position it is to return to.
		off, focus = a.restore.Offset, a.restore.Focus
	}
	return model.Page{Ref: a.ref, Offset: off, Focus: focus}
}

// rebuild lays out the content lines: header, body, related stories.
func (a *article) rebuild() {
	w := a.vp.Width()
	if w <= 0 {
		return
	}
	s := &a.st.Article
	var lines []string
	if a.ref == "" {
		lines = []string{"", "  " + s.Empty.Render(ansi.Truncate("Select a headline to read it here.", max(1, w-2), "…"))}
		a.linkStart, a.linkLines = nil, nil
		a.bodyStart, a.fileStart = -1, -1
		a.setLines(lines)
		return
	}
	lines = append(lines, a.header(w)...)
	a.bodyStart, a.fileStart = -1, -1
	a.pics.thumbStart = -1
	lines = a.topPictures(lines)
	shown := false
	switch {
	case a.err != "":
		lines = append(lines, "")
		for _, l := range strings.Split(wrapText(a.err, max(1, w-4)), "\n") {
			lines = append(lines, "  "+s.Error.Render(l))
		}
		shown = true
	case a.body != nil && a.bodyKey.ref == a.ref:
		a.bodyStart = len(lines)
		lines = append(lines, a.body...)
		a.pics.placeInline(a.bodyStart)
		shown = true
	default:
		lines = append(lines, "", "  "+s.Message.Render("Loading…"))
	}
	if shown && a.loaded && len(a.art.Enclosures) > 0 {
		a.fileStart = len(lines) + 3 // after the heading
		lines = append(lines, a.filesView(w)...)
	}
	if shown && a.loaded && len(a.links) > 0 {
		// One blank line above, as between paragraphs.
		a.linkStart = make([]int, len(a.links))
		a.linkLines = make([]int, len(a.links))
		for i := range a.links {
			switch {
			case i == 0 && a.related > 0:
				lines = append(lines, "", "  "+s.Heading.Render("Related stories"), "")
			case i == a.related:
				lines = append(lines, "", "  "+s.Heading.Render("More like this"), "")
			}
			item := a.linkView(i, w)
			if i == a.focused() && len(a.pics.thumb) > 0 {
				a.pics.thumbStart = len(lines) + len(item) - len(a.pics.thumb)
			}
			a.linkStart[i] = len(lines)
			a.linkLines[i] = len(item)
			lines = append(lines, item...)
		}
	} else {
		a.linkStart, a.linkLines = nil, nil
	}
	lines = append(lines, "")
	a.setLines(lines)
}

// header is the title (wrapped), then the date, the source and the read
// mark, then the article's warnings, drawn with lipgloss outside Glamour.
func (a article) header(w int) []string {
	s := &a.st.Article
	tw := max(1, w-4)
	var lines []string
	lines = append(lines, "")
	for _, l := range strings.Split(wrapText(model.CleanLine(a.art.Title), tw), "\n") {
		lines = append(lines, "  "+s.Title.Render(l))
	}
	by := ansi.Truncate(model.CleanLine(render.Byline(&a.art)), tw, "…")
	byline := "  " + s.Byline.Render(by)
	if a.read {
		byline += s.Byline.Render(" · ") + s.ReadTag.Render("✓ read")
	}
	if a.starred {
		byline += s.Byline.Render(" · ") + s.StarTag.Render("★ starred")
	}
	if a.readable {
		byline += s.Byline.Render(" · ") + s.ReadTag.Render("web page")
	}
	lines = append(lines, byline)
	// What was wrong with the file, and how it was read anyway: the reader
	// sees it with the article, not only a listing on stderr.
	for _, w := range render.Warnings(&a.art) {
		for _, l := range strings.Split(wrapText(w, tw), "\n") {
			lines = append(lines, "  "+s.Error.Render(l))
		}
	}
	return lines
}

// linkView draws related story i: marker, number, title and note, wrapped
// with a hanging indent. The focused one is drawn in one style, so its
// highlight is not broken by inner styles.
func (a article) linkView(i int, w int) []string {
	s := &a.st.Article
	l := a.links[i]
	const indent = 2 + 4 // marker, number
	tw := max(1, w-indent-2)
	note := render.LinkNote(l)

	var wrapped []string
	if i == a.focused() {
		plain := l.Title
		if note != "" {
			plain += " " + note
		}
		wrapped = strings.Split(wrapText(plain, tw), "\n")
		for j, text := range wrapped {
			wrapped[j] = s.Focused.Render(text + strings.Repeat(" ", max(0, tw-lipgloss.Width(text))))
		}
		// Where the story and its picture live, for o and y, O and Y.
		for _, addr := range [][2]string{{"web ", l.URL}, {"picture ", l.Picture}} {
			if addr[1] != "" {
				wrapped = append(wrapped, s.Note.Render(ansi.Truncate(addr[0]+model.CleanLine(addr[1]), tw, "…")))
			}
		}
		for _, l := range a.pics.thumb {
			wrapped = append(wrapped, ansi.Truncate(l, tw, "…"))
		}
	} else {
		titleStyle, noteStyle := s.Link, s.Note
		if !l.InLibrary() {
			titleStyle = s.Dimmed
		}
		if l.Video {
			noteStyle = s.Video
		}
		styled := titleStyle.Render(l.Title)
		if note != "" {
			styled += " " + noteStyle.Render(note)
		}
		wrapped = strings.Split(lipgloss.Wrap(styled, tw, ""), "\n")
	}

	out := make([]string, len(wrapped))
	for j, text := range wrapped {
		marker, prefix := "  ", "    "
		if j == 0 {
			prefix = fmt.Sprintf("%2d. ", i+1)
		}
		switch {
		case i == a.focused():
			marker = a.st.List.Marker.Render(a.st.Marker) + " "
			prefix = s.Focused.Render(prefix)
		case l.InLibrary():
			prefix = s.Number.Render(prefix)
		default:
			prefix = s.Dimmed.Render(prefix)
		}
		out[j] = marker + prefix + text
	}
	return out
}

// setLines sets the viewport content, with search matches highlighted.
func (a *article) setLines(lines []string) {
	a.lines = lines
	a.findMatches()
	a.showLines()
}

func (a *article) showLines() {
	out := make([]string, len(a.lines))
	copy(out, a.lines)
	if len(a.matches) > 0 {
		byLine := map[int][]lipgloss.Range{}
		for i, m := range a.matches {
			style := a.st.Article.Match
			if i == a.cur {
				style = a.st.Article.MatchCur
			}
			byLine[m.line] = append(byLine[m.line], lipgloss.NewRange(m.start, m.end, style))
		}
		for line, ranges := range byLine {
			out[line] = lipgloss.StyleRanges(out[line], ranges...)
		}
	}
	for line, spans := range a.focusRanges() {
		if line < len(out) {
			ranges := make([]lipgloss.Range, len(spans))
			for i, sp := range spans {
				ranges[i] = lipgloss.NewRange(sp.start, sp.end, a.st.Article.Focused)
			}
			out[line] = lipgloss.StyleRanges(out[line], ranges...)
		}
	}
	off := a.vp.YOffset()
	if a.anchored {
		off = a.restore.Offset
	}
	a.shown = out
	a.vp.SetContentLines(out)
	a.vp.SetYOffset(off)
}

// findMatches finds the query in the content lines, ignoring case. A match
// does not span lines.
func (a *article) findMatches() {
	a.matches = nil
	if a.query == "" {
		return
	}
	q := strings.ToLower(a.query)
	for i, line := range a.lines {
		plain := ansi.Strip(line)
		hay := strings.ToLower(plain)
		needle := q
		if len(hay) != len(plain) {
			hay, needle = plain, a.query
		}
		for from := 0; ; {
			k := strings.Index(hay[from:], needle)
			if k < 0 {
				break
			}
			start := from + k
			end := start + len(needle)
			cs := ansi.StringWidth(plain[:start])
			a.matches = append(a.matches, match{line: i, start: cs, end: cs + ansi.StringWidth(plain[start:end])})
			from = end
		}
	}
	if a.cur >= len(a.matches) {
		a.cur = 0
	}
}

// startSearch gives the keys to the search field.
func (a *article) startSearch() tea.Cmd {
	a.searching = true
	a.input.SetValue("")
	return a.input.Focus()
}

// confirmSearch searches for what was typed and shows the first match at or
// below the top of the view.
func (a *article) confirmSearch() {
	a.searching = false
	a.input.Blur()
	a.query = strings.TrimSpace(a.input.Value())
	a.cur = 0
	a.findMatches()
	top := a.vp.YOffset()
	for i, m := range a.matches {
		if m.line >= top {
			a.cur = i
			break
		}
	}
	a.showLines()
	a.showMatch()
}

func (a *article) cancelSearch() {
	a.searching = false
	a.input.Blur()
}

func (a *article) clearSearch() {
	a.query = ""
	a.matches = nil
	a.cur = 0
	if a.lines != nil {
		a.showLines()
	}
}

// nextMatch moves to the next (d = 1) or previous (d = -1) match.
func (a *article) nextMatch(d int) {
	if len(a.matches) == 0 {
		return
	}
	a.cur = (a.cur + d + len(a.matches)) % len(a.matches)
	a.showLines()
	a.showMatch()
}

func (a *article) showMatch() {
	if a.cur < len(a.matches) {
		a.ensureVisible(a.matches[a.cur].line, 1)
	}
}

// ensureVisible scrolls as little as possible to show n lines from line.
func (a *article) ensureVisible(line, n int) {
	a.unanchor()
	top, h := a.vp.YOffset(), a.vp.Height()
	switch {
	case line < top:
		a.vp.SetYOffset(line)
	case line+n > top+h:
		a.vp.SetYOffset(min(line, line+n-h))
	}
}

// moveFocus moves the focus to the next (d = 1) or previous (d = -1) link
// of the body, file or related story, wrapping, and scrolls to show it.
func (a *article) moveFocus(d int) {
	n := a.targetCount()
	if n == 0 {
		return
	}
	a.unanchor()
	switch {
	case a.focus < 0 && d > 0:
		a.focus = 0
	case a.focus < 0:
		a.focus = n - 1
	default:
		a.focus = (a.focus + d + n) % n
	}
	a.rebuild()
	a.ensureVisible(a.targetLines(a.focus))
}

// focused is the focused related story, -1 for none (the focus may be on
// a link of the body or a file).
func (a article) focused() int {
	if kind, i := a.target(a.focus); kind == targetStory {
		return i
	}
	return -1
}

// link is link i of the article (related stories, then "more like this").
func (a article) link(i int) (render.Link, bool) {
	if i < 0 || i >= len(a.links) {
		return render.Link{}, false
	}
	return a.links[i], true
}

func (a article) linkCount() int { return len(a.links) }

func (a article) scrollPercent() float64 { return a.vp.ScrollPercent() }

// linkAtRow returns the link drawn on a row of the pane, or -1.
func (a article) linkAtRow(y int) int { return a.linkAtLine(a.vp.YOffset() + y) }

// linkAtLine returns the related story drawn on a content line, or -1.
func (a article) linkAtLine(line int) int {
	for i, start := range a.linkStart {
		if line >= start && line < start+a.linkLines[i] {
			return i
		}
	}
	return -1
}

// update handles the keys that move the view; the root model handles the
// rest.
func (a article) scroll(k KeyMap, msg tea.KeyPressMsg) (article, bool) {
	switch {
	case keyMatches(msg, k.Up):
		a.vp.ScrollUp(1)
	case keyMatches(msg, k.Down):
		a.vp.ScrollDown(1)
	case keyMatches(msg, k.PageUp):
		a.vp.PageUp()
	case keyMatches(msg, k.PageDown):
		a.vp.PageDown()
	case keyMatches(msg, k.Top):
		a.vp.GotoTop()
	case keyMatches(msg, k.Bottom):
		a.vp.GotoBottom()
	default:
		return a, false
	}
	a.unanchor()
	return a, true
}

// updateInput hands a key to the search field.
func (a article) updateInput(msg tea.Msg) (article, tea.Cmd) {
	var cmd tea.Cmd
	a.input, cmd = a.input.Update(msg)
	return a, cmd
}

// updateViewport hands a message (the mouse wheel) to the viewport.
func (a article) updateViewport(msg tea.Msg) (article, tea.Cmd) {
	a.unanchor()
	var cmd tea.Cmd
	a.vp, cmd = a.vp.Update(msg)
	return a, cmd
}

// searchInfo describes the search for the status bar: "2/5" or "no match".
func (a article) searchInfo() string {
	if a.query == "" {
		return ""
	}
	if len(a.matches) == 0 {
		return "no match for " + a.query
	}
	return fmt.Sprintf("match %d/%d", a.cur+1, len(a.matches))
}

// view draws the lines in the viewport's window. The viewport keeps the
// scroll position; drawing the window here, with box, costs a tenth of the
// viewport's own View, which word-wraps every line to pad it.
func (a article) view() string {
	w, h := a.vp.Width(), a.vp.Height()
	end := min(len(a.shown), a.vp.YOffset()+h)
	start := max(0, min(a.vp.YOffset(), end))
	return box(strings.Join(a.shown[start:end], "\n"), w, h)
}

// wrapText wraps plain text to width cells.
func wrapText(s string, w int) string { return ansi.Wrap(s, w, "") }
