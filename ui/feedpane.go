package ui

// The feed pane (F): the subscriptions grouped by tag, each with its item
// count, how its last refresh went, when it last succeeded and its error.
// Enter on a feed or a tag shows its items in the headline list.

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// untagged is the group of feeds without a tag.
const untagged = "untagged"

// feedRow is a row of the feed pane: a tag heading (feed nil) with the
// feeds under it, or one feed of the tag.
type feedRow struct {
	tag   string
	feed  *model.FeedStatus
	feeds []model.FeedStatus // a heading's feeds
	// query is a saved search's row: its number and name.
	query *queryRow
}

type queryRow struct {
	i    int
	name string
}

func (r feedRow) FilterValue() string {
	if r.query != nil {
		return r.query.name
	}
	if r.feed != nil {
		return r.feed.Title
	}
	return r.tag
}

// key identifies the row across a rebuild, to keep the selection: a feed
// listed under two tags is two rows.
func (r feedRow) key() string {
	if r.query != nil {
		return "\x00query\x00" + r.query.name
	}
	if r.feed != nil {
		return r.tag + "\x00" + r.feed.URL
	}
	return r.tag
}

// urls are the feeds the row stands for, for R.
func (r feedRow) urls() []string {
	if r.query != nil {
		return nil
	}
	if r.feed != nil {
		return []string{r.feed.URL}
	}
	urls := make([]string, len(r.feeds))
	for i, f := range r.feeds {
		urls[i] = f.URL
	}
	return urls
}

// scope is what Enter on the row shows in the list.
func (r feedRow) scope() scope {
	switch {
	case r.query != nil:
		return scope{query: r.query.name, qi: r.query.i}
	case r.feed != nil:
		return scope{feed: r.feed.URL, title: r.feed.Title}
	case r.tag == untagged:
		s := scope{tag: untagged, feeds: map[string]bool{}}
		for _, f := range r.feeds {
			s.feeds[f.URL] = true
		}
		return s
	}
	return scope{tag: r.tag}
}

// groupFeeds makes the rows: the tags in alphabetical order, "untagged"
// last, each heading followed by its feeds in the order of the
// configuration. A feed with several tags is under each.
func groupFeeds(feeds []model.FeedStatus) []list.Item {
	byTag := map[string][]model.FeedStatus{}
	for _, f := range feeds {
		f.Title = model.CleanLine(f.Title)
		if len(f.Tags) == 0 {
			byTag[untagged] = append(byTag[untagged], f)
			continue
		}
		seen := map[string]bool{}
		for _, t := range f.Tags {
			t = model.CleanLine(t)
			if t == "" || seen[t] {
				continue
			}
			seen[t] = true
			byTag[t] = append(byTag[t], f)
		}
	}
	tags := make([]string, 0, len(byTag))
	for t := range byTag {
		if t != untagged {
			tags = append(tags, t)
		}
	}
	sort.Strings(tags)
	if _, ok := byTag[untagged]; ok {
		tags = append(tags, untagged)
	}
	var rows []list.Item
	for _, t := range tags {
		fs := byTag[t]
		rows = append(rows, feedRow{tag: t, feeds: fs})
		for i := range fs {
			rows = append(rows, feedRow{tag: t, feed: &fs[i]})
		}
	}
	return rows
}

// feedDelegate draws a row in two lines: a tag with its counts, or a feed's
// title and item count, then its status, last success and error.
type feedDelegate struct {
	st  *Styles
	now time.Time
	// counts are read as each row is drawn, so a mark shows at once; nil
	// shows no unread counts.
	counts *tally
	// queryCounts are a saved search's matches and unread ones; nil shows
	// no counts.
	queryCounts func(i int) (total, unread int)
}

func (d feedDelegate) Height() int                         { return 2 }
func (d feedDelegate) Spacing() int                        { return 0 }
func (d feedDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d feedDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	r, ok := item.(feedRow)
	if !ok || m.Width() <= 0 {
		return
	}
	s := &d.st.Feeds
	marker := "  "
	if index == m.Index() {
		marker = d.st.List.Marker.Render(d.st.Marker) + " "
	}
	width := max(1, m.Width()-6)
	if r.query != nil {
		d.renderQuery(w, r.query, marker, width)
		return
	}
	if r.feed == nil {
		items := 0
		for _, f := range r.feeds {
			items += f.Items
		}
		d.renderHeading(w, marker, r.tag, d.unreadCount(r.urls()...), plural(len(r.feeds), "feed")+" · "+plural(items, "item"), width)
		return
	}
	f := r.feed
	count := d.unreadCount(f.URL)
	title := ansi.Truncate(f.Title, max(1, width-12-lipgloss.Width(count)), "…")
	line1 := s.Title.Render(title) + s.Meta.Render(" · "+plural(f.Items, "item"))
	line1 = rightAlign(ansi.Truncate(line1, max(1, width-1-lipgloss.Width(count)), "…"), s.Meta.Render(count), width)
	status := f.Status
	if status == "" {
		status = "not fetched yet"
	}
	meta := status
	if !f.LastSuccess.IsZero() {
		meta += " · last success " + ago(f.LastSuccess, d.now)
	} else if f.Status != "" {
		meta += " · never succeeded"
	}
	line2 := s.Meta.Render(meta)
	if f.Error != "" {
		line2 += s.Meta.Render(" · ") + s.Error.Render(model.CleanLine(f.Error))
	}
	for _, warn := range f.Warnings {
		line2 += s.Meta.Render(" · ") + s.Error.Render("warning: "+model.CleanLine(warn))
	}
	line2 = ansi.Truncate(line2, width, "…")
	fmt.Fprintf(w, "%s  %s\n%s  %s", marker, line1, marker, line2)
}

// unreadCount is how many items of the feeds are unread, as the pane
// shows it: "" for none, so that a read feed is quiet.
func (d feedDelegate) unreadCount(urls ...string) string {
	if d.counts == nil {
		return ""
	}
	n := 0
	for _, u := range urls {
		n += d.counts.feedUnread(u)
	}
	return countText(n)
}

// countText is an unread count as the pane shows it: "" for none.
func countText(n int) string {
	if n == 0 {
		return ""
	}
	return withThousands(n)
}

// renderHeading draws a row of a tag or a saved search: its name with its
// unread count at the end, then meta. Headings start two cells left of the
// feeds: their counts end in the same column.
func (d feedDelegate) renderHeading(w io.Writer, marker, name, count, meta string, width int) {
	s := &d.st.Feeds
	title := s.Tag.Render(ansi.Truncate(name, max(1, width+2-lipgloss.Width(count)-1), "…"))
	title = rightAlign(title, s.Meta.Render(count), width+2)
	fmt.Fprintf(w, "%s%s\n%s%s", marker, title, marker, s.Meta.Render(ansi.Truncate(meta, width, "…")))
}

// rightAlign puts right at the end of width cells, after left.
func rightAlign(left, right string, width int) string {
	if right == "" {
		return left
	}
	gap := max(1, width-lipgloss.Width(left)-lipgloss.Width(right))
	return left + strings.Repeat(" ", gap) + right
}

// ago is how long before now t was, in the largest whole unit.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

// feedPane is the feed pane: a bubbles list of feedRows under a title.
type feedPane struct {
	list   list.Model
	st     *Styles
	now    func() time.Time
	counts *tally
	// queries are the saved searches, listed after the feeds; queryCounts
	// counts their matches.
	queries     []SavedQuery
	queryCounts func(i int) (total, unread int)
	loaded      bool
	// err is why the feeds could not be listed.
	err string
}

func newFeedPane(keys KeyMap, st *Styles, now func() time.Time) feedPane {
	l := list.New(nil, feedDelegate{st: st, now: now()}, 0, 0)
	l.KeyMap = keys.listKeyMap()
	l.DisableQuitKeybindings()
	l.SetShowHelp(false)
	l.SetShowTitle(false)
	l.SetShowStatusBar(false)
	l.SetFilteringEnabled(false)
	p := feedPane{list: l, now: now}
	p.setStyles(st)
	return p
}

func (p *feedPane) setStyles(st *Styles) {
	p.st = st
	p.list.Styles = st.listStyles()
	p.list.SetDelegate(p.delegate())
}

// withCounts shows the unread counts of counts beside the feeds and tags.
func (p feedPane) withCounts(counts *tally) feedPane {
	p.counts = counts
	p.list.SetDelegate(p.delegate())
	return p
}

func (p *feedPane) delegate() feedDelegate {
	return feedDelegate{st: p.st, now: p.now(), counts: p.counts, queryCounts: p.queryCounts}
}

func (p *feedPane) setSize(w, h int) { p.list.SetSize(w, max(1, h-listTop)) }

// setFeeds lists feeds, keeping the selected row selected.
func (p *feedPane) setFeeds(feeds []model.FeedStatus) {
	keep := ""
	// Rows of saved searches alone (the feeds not known yet) are no
	// selection of the reader's to keep.
	if r, ok := p.selected(); ok && len(p.list.Items()) > len(p.queries) {
		keep = r.key()
	}
	p.loaded = true
	p.list.SetItems(append(groupFeeds(feeds), queryRows(p.queries)...))
	// The clock moves: "2h ago" is measured when the rows are made.
	p.list.SetDelegate(p.delegate())
	for i, it := range p.list.Items() {
		if it.(feedRow).key() == keep {
			p.list.Select(i)
			return
		}
	}
}

// setError shows why the feeds' status could not be read ("" for none).
func (p *feedPane) setError(err string) { p.err = err }

func (p feedPane) selected() (feedRow, bool) {
	r, ok := p.list.SelectedItem().(feedRow)
	return r, ok
}

// update moves in the list.
func (p feedPane) update(msg tea.Msg) (feedPane, tea.Cmd) {
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return p, cmd
}

func (p feedPane) view() string {
	w := p.list.Width()
	top := " " + p.st.List.Title.Render("Feeds")
	var msg string
	switch {
	case p.err != "":
		return top + "\n\n  " + p.st.Feeds.Error.Render(ansi.Truncate("cannot list the feeds: "+p.err, max(1, w-2), "…"))
	case !p.loaded:
		msg = "Loading the feeds…"
	case len(p.list.Items()) == 0:
		msg = "No feeds. Subscribe with: bulletin add URL"
	}
	if msg != "" {
		return top + "\n\n  " + p.st.List.Empty.Render(ansi.Truncate(msg, max(1, w-2), "…"))
	}
	return top + "\n\n" + p.list.View()
}

// withQueries lists the saved searches after the feeds, counted by counts.
func (p feedPane) withQueries(queries []SavedQuery, counts func(i int) (total, unread int)) feedPane {
	p.queries, p.queryCounts = queries, counts
	p.list.SetDelegate(p.delegate())
	return p
}

// queryRows are the rows of the saved searches.
func queryRows(queries []SavedQuery) []list.Item {
	rows := make([]list.Item, len(queries))
	for i, q := range queries {
		rows[i] = feedRow{query: &queryRow{i: i, name: model.CleanLine(q.Name)}}
	}
	return rows
}

// renderQuery draws a saved search's row: its name and unread count, then
// how many articles it finds.
func (d feedDelegate) renderQuery(w io.Writer, q *queryRow, marker string, width int) {
	total, unread := 0, 0
	if d.queryCounts != nil {
		total, unread = d.queryCounts(q.i)
	}
	d.renderHeading(w, marker, q.name, countText(unread), "saved search · "+plural(total, "item"), width)
}
