package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// footerLine is the last line of the screen: the short help.
func footerLine(m Model) string {
	lines := strings.Split(plain(m), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// footerStates are the panes and states the footer has, each with the
// hint that opens or closes the help there ("" while text is typed, when
// ? is text).
func footerStates(t *testing.T, w int) []struct {
	name string
	m    Model
	help string
} {
	t.Helper()
	tour := newTestModel(t, w, 24)
	feeds := newFeedsModel(t, &fakeFeeds{status: feedStatuses()}, w, 24)
	filtered := typeText(t, keys(t, tour, "/"), "keys")
	article := keys(t, tour, "enter")
	searched := keys(t, typeText(t, keys(t, article, "/"), "tour"), "enter")
	web := keys(t, typeText(t, keys(t, feeds, "/"), "Alpha one"), "enter", "enter")
	return []struct {
		name string
		m    Model
		help string
	}{
		{"list", tour, "? help"},
		{"typing a filter", filtered, ""},
		{"list filtered", keys(t, filtered, "enter"), "? help"},
		{"list with feeds", feeds, "? help"},
		{"list of one feed", keys(t, feeds, "F", "j", "enter"), "? help"},
		{"article", article, "? help"},
		{"typing a search", keys(t, article, "/"), ""},
		{"article searched", searched, "? help"},
		{"feed item", web, "? help"},
		{"feed pane", keys(t, feeds, "F"), "? help"},
		{"library search", keys(t, tour, ":"), ""},
		{"help over the list", keys(t, tour, "?"), "?/esc close"},
		{"help over an article", keys(t, article, "?"), "?/esc close"},
	}
}

func TestFooterKeepsHelp(t *testing.T) {
	for _, w := range []int{40, 60, 80, 100} {
		for _, st := range footerStates(t, w) {
			t.Run(fmt.Sprintf("%s/%d", st.name, w), func(t *testing.T) {
				got := footerLine(st.m)
				if ansi.StringWidth(got) > w {
					t.Fatalf("footer wider than %d: %q", w, got)
				}
				if st.help != "" && !strings.Contains(got, st.help) {
					t.Fatalf("footer at %d lost %q: %q", w, st.help, got)
				}
				// The same state with room for every hint.
				roomy := st.m
				roomy.width = 1000
				all := strings.TrimSpace(ansi.Strip(roomy.footer()))
				if ansi.StringWidth(all)+2 <= w {
					if strings.TrimSpace(got) != all {
						t.Fatalf("footer at %d dropped hints that fit: %q, want %q", w, got, all)
					}
					return
				}
				if !strings.Contains(got, "…") {
					t.Fatalf("footer at %d dropped hints with no …: %q (all: %q)", w, got, all)
				}
				// What is shown is whole hints of the state, in order.
				rest := all
				for _, hint := range strings.Split(strings.TrimSpace(got), " • ") {
					if hint == "…" {
						continue
					}
					i := strings.Index(rest, hint)
					if i < 0 {
						t.Fatalf("footer at %d shows %q, not a whole hint of %q in order", w, hint, all)
					}
					rest = rest[i+len(hint):]
				}
			})
		}
	}
}
