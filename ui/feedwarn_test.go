package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

func TestFeedPaneShowsWarnings(t *testing.T) {
	p := newFeedPane(NewKeyMap(), newStyles(true, true), func() time.Time { return testNow })
	p.setSize(200, 20)
	feeds := feedStatuses()
	feeds[0].Warnings = []string{"the document is cut off before its end"}
	p.setFeeds(feeds)
	view := ansi.Strip(p.view())
	if !strings.Contains(view, "warning: the document is cut off") {
		t.Fatalf("the feed pane shows no warning:\n%s", view)
	}
	// Alpha is listed under each of its tags, with its warning each time.
	if strings.Count(view, "warning:") != strings.Count(view, "Alpha ·") {
		t.Fatalf("a warning shown for a feed without one:\n%s", view)
	}
}
