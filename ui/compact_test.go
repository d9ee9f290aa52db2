package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// newsSource is a source of n headlines a minute apart, from three
// sources, some titles too long for a line.
func newsSource(n int) *fakeSource {
	src := &fakeSource{name: "news"}
	outlets := []string{"Harbour Gazette", "Valley Radio", "The Northern Ledger of Record"}
	for i := range n {
		title := fmt.Sprintf("Headline %02d: the council meets about the bridge", i+1)
		if i%7 == 3 {
			title += " and the long argument over who pays for the repairs that nobody wants to fund"
		}
		src.articles = append(src.articles, model.Article{
			Ref: fmt.Sprintf("news/%02d", i+1), Source: outlets[i%3], Path: fmt.Sprintf("%02d", i+1),
			Title: title, Published: time.Date(2026, 11, 24, 8, i, 0, 0, time.UTC), HasDate: true,
			Body: "Text of " + title,
		})
	}
	return src
}

// headlineRows counts the rows of the screen that show a headline.
func headlineRows(screen string) int {
	return strings.Count(screen, "Headline ")
}

func TestGoldenCompactList(t *testing.T) {
	m := New(Options{
		Sources:     []model.Source{newsSource(40)},
		Theme:       "auto",
		Now:         func() time.Time { return testNow },
		CompactList: true,
	})
	tm, log := startProbe(t, m, 100, 30, colorprofile.TrueColor)
	log.waitUntil(t, "the whole library", func(s string) bool {
		return strings.Contains(s, "40 unread of 40 articles") && !strings.Contains(s, "loading")
	})
	// Marks show in the compact rows: the first read, the second starred.
	for _, k := range []string{"m", "j", "s", "j"} {
		tm.Send(press(k))
	}
	log.waitFor(t, "39 unread of 40 articles", "★")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	content := final.View().Content
	if n := headlineRows(ansi.Strip(content)); n < 25 {
		t.Errorf("the compact list shows %d headlines at 100x30, want at least 25:\n%s", n, ansi.Strip(content))
	}
	t.Run("styled", func(t *testing.T) { golden.RequireEqual(t, content) })
	t.Run("plain", func(t *testing.T) { golden.RequireEqual(t, ansi.Strip(content)) })
}

func TestCompactKeySwitchesTheLayout(t *testing.T) {
	m := New(Options{Sources: []model.Source{newsSource(40)}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	twoLines := headlineRows(plain(m))
	m = keys(t, m, "c")
	compact := headlineRows(plain(m))
	if compact < 25 || compact < 2*twoLines {
		t.Errorf("c shows %d headlines, after %d in two lines; want at least 25 and twice as many", compact, twoLines)
	}
	// A compact row holds the date, the source and the title on one line.
	line := rowLine(t, plain(m), "Headline 40")
	for _, want := range []string{"Nov 24 08:39", "Harbour Gaze", "Headline 40: the council"} {
		if !strings.Contains(line, want) {
			t.Errorf("compact row %q lacks %q", line, want)
		}
	}
	// Moving and marking work on one-line rows: j then m marks the second.
	m = keys(t, m, "j", "m")
	if !m.s.read["news/39"] {
		t.Error("j m in the compact list did not mark the second headline read")
	}
	if !strings.Contains(rowLine(t, plain(m), "Headline 39"), "✓") {
		t.Error("the compact row does not show the read mark")
	}
	found := false
	for _, group := range (listKeys{k: NewKeyMap()}).FullHelp() {
		for _, b := range group {
			found = found || b.Help().Key == "c" && strings.Contains(b.Help().Desc, "compact")
		}
	}
	if !found {
		t.Error("the help of the list does not offer c for the compact list")
	}
	m = keys(t, m, "c")
	if n := headlineRows(plain(m)); n != twoLines {
		t.Errorf("c again shows %d headlines, want the two-line %d", n, twoLines)
	}
}
