package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"bulletin/render"
)

// Styles is every style of the reader, built once from the background
// (dark or light) and whether colour is allowed, and rebuilt when either
// changes. Without colour, emphasis is bold, reverse video and markers, so
// the screen stays usable.
type Styles struct {
	Dark    bool
	NoColor bool
	// Glamour is the style article bodies are rendered with.
	Glamour render.Style

	// Marker starts the selected headline and the focused link: a bar in
	// colour, ">" without.
	Marker string

	List struct {
		Title       lipgloss.Style
		Status      lipgloss.Style
		Empty       lipgloss.Style
		FilterCount lipgloss.Style
		Pagination  lipgloss.Style
		ActiveDot   lipgloss.Style
		InactiveDot lipgloss.Style
		Filter      textinput.Styles

		Marker       lipgloss.Style // selected, focused list
		MarkerDimmed lipgloss.Style // selected, list not focused
		Title1       lipgloss.Style // an unread headline
		TitleRead    lipgloss.Style
		TitleSel     lipgloss.Style
		Match        lipgloss.Style // filter matches, added to the title style
		Meta         lipgloss.Style
		Badge        lipgloss.Style
		ReadMark     lipgloss.Style
		StarMark     lipgloss.Style
	}

	Article struct {
		Title    lipgloss.Style
		Byline   lipgloss.Style
		ReadTag  lipgloss.Style
		StarTag  lipgloss.Style
		Heading  lipgloss.Style
		Number   lipgloss.Style
		Link     lipgloss.Style
		Focused  lipgloss.Style // the focused link's line
		Dimmed   lipgloss.Style // a link not in the library
		Note     lipgloss.Style
		Video    lipgloss.Style
		Message  lipgloss.Style // loading, errors
		Error    lipgloss.Style
		Match    lipgloss.Style
		MatchCur lipgloss.Style
		Empty    lipgloss.Style
	}

	Status struct {
		Bar     lipgloss.Style
		Crumb   lipgloss.Style
		Current lipgloss.Style
		Sep     lipgloss.Style
		Info    lipgloss.Style
		Error   lipgloss.Style
		Spinner lipgloss.Style
		Prompt  lipgloss.Style
		// Placeholder is the hint of an empty search field: dim, so
		// that it never reads as typed text.
		Placeholder lipgloss.Style
		// Progress fills the refresh's progress bar.
		Progress color.Color
	}

	// Feeds is the feed pane.
	Feeds struct {
		Tag   lipgloss.Style
		Title lipgloss.Style
		Meta  lipgloss.Style
		Error lipgloss.Style // a feed's last error: a warning
	}

	Search struct {
		Message lipgloss.Style
		Error   lipgloss.Style
		Snippet lipgloss.Style
		Match   lipgloss.Style // matched words in a snippet
	}

	Help struct {
		Model   help.Styles
		Heading lipgloss.Style
		Box     lipgloss.Style
	}

	Divider  lipgloss.Style
	TooSmall lipgloss.Style
}

// NewStyles builds the styles for a dark or light background, with or
// without colour.
func NewStyles(isDark, noColor bool) Styles {
	if noColor {
		return plainStyles(isDark)
	}
	ld := lipgloss.LightDark(isDark)
	var (
		fg      = ld(lipgloss.Color("#1C1C1C"), lipgloss.Color("#DDDDDD"))
		muted   = ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#8A8A8A"))
		faint   = ld(lipgloss.Color("#A8A8A8"), lipgloss.Color("#5A5A5A"))
		accent  = ld(lipgloss.Color("#5B4BDB"), lipgloss.Color("#A99BFF"))
		accentB = ld(lipgloss.Color("#E9E5FF"), lipgloss.Color("#36305E"))
		badge   = ld(lipgloss.Color("#0B7A75"), lipgloss.Color("#5FD7C8"))
		video   = ld(lipgloss.Color("#A34E00"), lipgloss.Color("#FFAF5F"))
		errc    = ld(lipgloss.Color("#C0262D"), lipgloss.Color("#FF6B6B"))
		barBg   = ld(lipgloss.Color("#EDEDED"), lipgloss.Color("#262626"))
		matchBg = ld(lipgloss.Color("#FFE680"), lipgloss.Color("#5C4E00"))
		curBg   = ld(lipgloss.Color("#FFA94D"), lipgloss.Color("#B36B00"))
		matchFg = ld(lipgloss.Color("#1C1C1C"), lipgloss.Color("#FFFFFF"))
	)
	var s Styles
	s.Dark = isDark
	s.Glamour = render.StyleFor(isDark, true)
	s.Marker = "┃"

	s.List.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.List.Status = lipgloss.NewStyle().Foreground(muted)
	s.List.Empty = lipgloss.NewStyle().Foreground(muted)
	s.List.FilterCount = lipgloss.NewStyle().Foreground(faint)
	s.List.Pagination = lipgloss.NewStyle().PaddingLeft(2)
	s.List.ActiveDot = lipgloss.NewStyle().Foreground(accent).SetString("•")
	s.List.InactiveDot = lipgloss.NewStyle().Foreground(faint).SetString("•")
	s.List.Filter = textinput.DefaultStyles(isDark)
	s.List.Filter.Focused.Prompt = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.List.Filter.Blurred.Prompt = s.List.Filter.Focused.Prompt
	s.List.Filter.Cursor.Color = accent
	s.List.Filter.Cursor.Blink = false

	s.List.Marker = lipgloss.NewStyle().Foreground(accent)
	s.List.MarkerDimmed = lipgloss.NewStyle().Foreground(faint)
	s.List.Title1 = lipgloss.NewStyle().Foreground(fg).Bold(true)
	s.List.TitleRead = lipgloss.NewStyle().Foreground(muted)
	s.List.TitleSel = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.List.Match = lipgloss.NewStyle().Underline(true).Foreground(badge)
	s.List.Meta = lipgloss.NewStyle().Foreground(muted)
	s.List.Badge = lipgloss.NewStyle().Foreground(badge)
	s.List.ReadMark = lipgloss.NewStyle().Foreground(badge)
	s.List.StarMark = lipgloss.NewStyle().Foreground(accent).Bold(true)

	s.Article.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Article.Byline = lipgloss.NewStyle().Foreground(muted)
	s.Article.ReadTag = lipgloss.NewStyle().Foreground(badge)
	s.Article.StarTag = s.List.StarMark
	s.Article.Heading = lipgloss.NewStyle().Bold(true).Foreground(badge)
	s.Article.Number = lipgloss.NewStyle().Foreground(accent)
	s.Article.Link = lipgloss.NewStyle().Foreground(fg)
	s.Article.Focused = lipgloss.NewStyle().Background(accentB).Foreground(accent).Bold(true)
	s.Article.Dimmed = lipgloss.NewStyle().Foreground(faint)
	s.Article.Note = lipgloss.NewStyle().Foreground(faint).Italic(true)
	s.Article.Video = lipgloss.NewStyle().Foreground(video)
	s.Article.Message = lipgloss.NewStyle().Foreground(muted).Italic(true)
	s.Article.Error = lipgloss.NewStyle().Foreground(errc)
	s.Article.Match = lipgloss.NewStyle().Background(matchBg).Foreground(matchFg)
	s.Article.MatchCur = lipgloss.NewStyle().Background(curBg).Foreground(matchFg).Bold(true)
	s.Article.Empty = lipgloss.NewStyle().Foreground(muted)

	s.Status.Bar = lipgloss.NewStyle().Background(barBg).Foreground(muted)
	s.Status.Crumb = lipgloss.NewStyle().Background(barBg).Foreground(muted)
	s.Status.Current = lipgloss.NewStyle().Background(barBg).Foreground(fg).Bold(true)
	s.Status.Sep = lipgloss.NewStyle().Background(barBg).Foreground(faint)
	s.Status.Placeholder = s.Status.Sep
	s.Status.Info = lipgloss.NewStyle().Background(barBg).Foreground(muted)
	s.Status.Error = lipgloss.NewStyle().Background(barBg).Foreground(errc)
	s.Status.Spinner = lipgloss.NewStyle().Background(barBg).Foreground(accent)
	s.Status.Prompt = lipgloss.NewStyle().Background(barBg).Foreground(accent).Bold(true)
	s.Status.Progress = accent

	s.Feeds.Tag = lipgloss.NewStyle().Bold(true).Foreground(badge)
	s.Feeds.Title = lipgloss.NewStyle().Foreground(fg).Bold(true)
	s.Feeds.Meta = lipgloss.NewStyle().Foreground(muted)
	s.Feeds.Error = lipgloss.NewStyle().Foreground(video)

	s.Help.Model = help.DefaultStyles(isDark)
	s.Help.Model.ShortKey = lipgloss.NewStyle().Foreground(muted)
	s.Help.Model.ShortDesc = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#9A9A9A"), lipgloss.Color("#6C6C6C")))
	s.Help.Model.ShortSeparator = lipgloss.NewStyle().Foreground(faint)
	s.Help.Model.FullKey = lipgloss.NewStyle().Foreground(accent)
	s.Help.Model.FullDesc = lipgloss.NewStyle().Foreground(fg)
	s.Help.Heading = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Help.Box = lipgloss.NewStyle().Padding(1, 2)

	s.Search.Message = s.Article.Message
	s.Search.Error = s.Article.Error
	s.Search.Snippet = lipgloss.NewStyle().Foreground(muted)
	s.Search.Match = s.Article.Match

	s.Divider = lipgloss.NewStyle().Foreground(faint)
	s.TooSmall = lipgloss.NewStyle().Foreground(muted)
	return s
}

// plainStyles are the styles for NO_COLOR: no colour at all; bold, italic
// and reverse video where emphasis helps, and markers that work even where
// attributes are dropped.
func plainStyles(isDark bool) Styles {
	plain := lipgloss.NewStyle()
	bold := plain.Bold(true)
	var s Styles
	s.Dark = isDark
	s.NoColor = true
	s.Glamour = render.StyleFor(isDark, false)
	s.Marker = ">"

	s.List.Title = bold
	s.List.Status = plain
	s.List.Empty = plain
	s.List.FilterCount = plain
	s.List.Pagination = plain.PaddingLeft(2)
	s.List.ActiveDot = plain.SetString("*")
	s.List.InactiveDot = plain.SetString(".")
	s.List.Filter = textinput.Styles{
		Focused: textinput.StyleState{Text: plain, Placeholder: plain.Faint(true), Suggestion: plain, Prompt: bold},
		Blurred: textinput.StyleState{Text: plain, Placeholder: plain.Faint(true), Suggestion: plain, Prompt: bold},
		Cursor:  textinput.CursorStyle{Blink: false},
	}
	s.List.Marker = bold
	s.List.MarkerDimmed = plain
	s.List.Title1 = bold
	s.List.TitleRead = plain
	s.List.TitleSel = bold.Reverse(true)
	s.List.Match = plain.Underline(true)
	s.List.Meta = plain
	s.List.Badge = plain
	s.List.ReadMark = plain
	s.List.StarMark = plain.Bold(true)

	s.Article.Title = bold
	s.Article.Byline = plain
	s.Article.ReadTag = plain
	s.Article.StarTag = plain.Bold(true)
	s.Article.Heading = bold.Underline(true)
	s.Article.Number = plain
	s.Article.Link = plain
	s.Article.Focused = bold.Reverse(true)
	s.Article.Dimmed = plain.Faint(true)
	s.Article.Note = plain
	s.Article.Video = plain
	s.Article.Message = plain
	s.Article.Error = bold
	s.Article.Match = plain.Underline(true)
	s.Article.MatchCur = plain.Reverse(true)
	s.Article.Empty = plain

	s.Status.Bar = plain.Reverse(true)
	s.Status.Crumb = plain.Reverse(true)
	s.Status.Current = bold.Reverse(true)
	s.Status.Sep = plain.Reverse(true)
	s.Status.Placeholder = plain.Reverse(true).Faint(true)
	s.Status.Info = plain.Reverse(true)
	s.Status.Error = bold.Reverse(true)
	s.Status.Spinner = plain.Reverse(true)
	s.Status.Prompt = bold.Reverse(true)
	s.Status.Progress = lipgloss.NoColor{}

	s.Feeds.Tag = bold.Underline(true)
	s.Feeds.Title = bold
	s.Feeds.Meta = plain
	s.Feeds.Error = bold

	s.Help.Model = help.Styles{
		Ellipsis: plain, ShortKey: bold, ShortDesc: plain, ShortSeparator: plain,
		FullKey: bold, FullDesc: plain, FullSeparator: plain,
	}
	s.Help.Heading = bold.Underline(true)
	s.Help.Box = plain.Padding(1, 2)

	s.Search.Message = plain.Italic(true)
	s.Search.Error = bold
	s.Search.Snippet = plain
	s.Search.Match = plain.Reverse(true)

	s.Divider = plain
	s.TooSmall = plain
	return s
}

// listStyles are the bubbles list's styles for our title bar, status line
// and pagination: one line each, so a click maps to a row simply.
func (s Styles) listStyles() list.Styles {
	ls := list.DefaultStyles(s.Dark)
	ls.TitleBar = lipgloss.NewStyle().PaddingLeft(1)
	ls.Title = s.List.Title
	ls.Spinner = s.List.Status
	ls.Filter = s.List.Filter
	ls.DefaultFilterCharacterMatch = s.List.Match
	ls.StatusBar = s.List.Status.PaddingLeft(1)
	ls.StatusEmpty = s.List.Empty
	ls.StatusBarActiveFilter = s.List.Status
	ls.StatusBarFilterCount = s.List.FilterCount
	ls.NoItems = s.List.Empty.PaddingLeft(2)
	ls.PaginationStyle = s.List.Pagination
	ls.HelpStyle = lipgloss.NewStyle()
	ls.ActivePaginationDot = s.List.ActiveDot
	ls.InactivePaginationDot = s.List.InactiveDot
	ls.ArabicPagination = s.List.Status
	ls.DividerDot = s.List.FilterCount.SetString(" • ")
	return ls
}
