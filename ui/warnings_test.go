package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// TestReaderShowsTheArticlesWarnings: what was wrong with an article's file
// is on screen under its byline when it is read, long warnings wrapped.
func TestReaderShowsTheArticlesWarnings(t *testing.T) {
	src := tourSource()
	src.articles[0].Warnings = []string{
		"3 NUL bytes were dropped from the text",
		"related stories: the block's length \"abc\" is not a number of bytes; read to its last quote (1157 bytes)",
	}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 60, Height: 30})
	m = drive(t, m, m.Init())
	m = keys(t, m, "enter")
	mustContain(t, plain(m), "Tue Nov 24, 2026 09:59:00 · tour", "⚠ 3 NUL bytes were dropped from the text",
		"⚠ related stories: the block's length \"abc\" is not", "read to its last quote (1157 bytes)", "Welcome to the tour of bulletin.")

	m = keys(t, m, "1")
	mustNotContain(t, plain(m), "⚠")
}
