package ui

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// helpScreens opens the help at w x h and scrolls it down with j to its
// end, returning the main area of every screen seen on the way.
func helpScreens(t *testing.T, w, h int) []string {
	t.Helper()
	m := keys(t, newTestModel(t, w, h), "?")
	var screens []string
	for range 500 {
		s := helpArea(plain(m))
		if len(screens) > 0 && s == screens[len(screens)-1] {
			return screens
		}
		screens = append(screens, s)
		m = keys(t, m, "j")
	}
	t.Fatal("j never reached the end of the help")
	return nil
}

// helpArea is a screen without its status bar and footer.
func helpArea(screen string) string {
	lines := strings.Split(screen, "\n")
	return strings.Join(lines[:max(0, len(lines)-footerHeight)], "\n")
}

// keyMapBindings are the bindings of every field of KeyMap, by field name.
func keyMapBindings() map[string]key.Binding {
	k := reflect.ValueOf(NewKeyMap())
	out := map[string]key.Binding{}
	for i := range k.NumField() {
		if !k.Type().Field(i).IsExported() {
			continue
		}
		if b, ok := k.Field(i).Interface().(key.Binding); ok {
			out[k.Type().Field(i).Name] = b
		}
	}
	return out
}

func TestHelpShowsEveryKey(t *testing.T) {
	bindings := keyMapBindings()
	if len(bindings) < 40 {
		t.Fatalf("found %d bindings in KeyMap: the reflection misses fields", len(bindings))
	}
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			screens := helpScreens(t, size[0], size[1])
			if len(screens) < 2 {
				t.Fatalf("the help fits one screen at %dx%d: nothing proves it scrolls", size[0], size[1])
			}
			all := strings.Join(screens, "\n")
			for name, b := range bindings {
				h := b.Help()
				// Key and description whole, side by side on one line.
				re := regexp.MustCompile(`(?m)(^|\s)` + regexp.QuoteMeta(h.Key) + ` +` + regexp.QuoteMeta(h.Desc) + `(\s|$)`)
				if !re.MatchString(all) {
					t.Errorf("help lacks %s (%q %q)", name, h.Key, h.Desc)
				}
			}
			for _, s := range screens {
				for _, l := range strings.Split(s, "\n") {
					if ansi.StringWidth(l) > size[0] {
						t.Fatalf("help line wider than %d: %q", size[0], l)
					}
				}
			}
		})
	}
}

// firstLineWith is the first line of s holding text, or "".
func firstLineWith(s, text string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

func TestHelpColumnsFollowTheWidth(t *testing.T) {
	// The Headlines section starts with up: the columns beside it show on
	// its line, as many as fit.
	columns := func(w int) int {
		m := keys(t, newTestModel(t, w, 40), "?")
		line := firstLineWith(plain(m), "↑/k")
		return len(regexp.MustCompile(`\S+ +\S+( \S+)*`).FindAllString(strings.TrimSpace(line), -1))
	}
	narrow, mid, wide := columns(40), columns(80), columns(140)
	if !(narrow == 1 && mid >= 2 && wide > mid) {
		t.Fatalf("help columns at 40, 80, 140 cells: %d, %d, %d; want 1, 2 or more, more still", narrow, mid, wide)
	}
}

func TestHelpScrolls(t *testing.T) {
	m := keys(t, newTestModel(t, 60, 20), "?")
	top := helpArea(plain(m))
	mustContain(t, top, "Headlines")
	mustNotContain(t, top, "This screen")
	moved := func(what string, m Model) {
		t.Helper()
		if helpArea(plain(m)) == top {
			t.Fatalf("%s did not scroll the help", what)
		}
	}
	for _, k := range []string{"j", "down", "pgdown", "space", "G"} {
		moved(k, keys(t, m, k))
	}
	moved("the mouse wheel", send(t, m, tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelDown}))
	bottom := keys(t, m, "G")
	mustContain(t, helpArea(plain(bottom)), "This screen", "G", "bottom")
	mustNotContain(t, helpArea(plain(bottom)), "Headlines")
	for _, k := range []string{"g", "pgup"} {
		if got := helpArea(plain(keys(t, bottom, k))); k == "g" && got != top {
			t.Fatalf("g did not return to the top of the help:\n%s", got)
		}
	}
	if got := helpArea(plain(keys(t, bottom, "k"))); got == helpArea(plain(bottom)) {
		t.Fatal("k did not scroll the help up")
	}
	if got := helpArea(plain(send(t, bottom, tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelUp}))); got == helpArea(plain(bottom)) {
		t.Fatal("the mouse wheel did not scroll the help up")
	}
	// A new window keeps the help scrollable to its end.
	resized := send(t, bottom, tea.WindowSizeMsg{Width: 80, Height: 24})
	mustContain(t, helpArea(plain(keys(t, resized, "G"))), "This screen")
	for _, k := range []string{"?", "esc"} {
		if closed := keys(t, bottom, k); closed.nav.screen != screenList {
			t.Fatalf("%s did not close the help", k)
		}
	}
	// Opened again, the help starts at its top.
	if again := keys(t, bottom, "?", "?"); helpArea(plain(again)) != top {
		t.Fatalf("the help opened again does not start at its top:\n%s", plain(again))
	}
}

func TestHelpGoldenSizes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		for _, end := range []string{"top", "bottom"} {
			t.Run(fmt.Sprintf("%dx%d_%s", size[0], size[1], end), func(t *testing.T) {
				g := startGoldenSized(t, size[0], size[1], colorprofile.TrueColor)
				g.press(t, []string{"?"}, "Headlines", "?/esc close")
				if end == "bottom" {
					g.press(t, []string{"G"}, "This screen", "G", "bottom")
				}
				g.finish(t)
			})
		}
	}
}
