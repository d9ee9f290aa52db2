package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// mainArea is the article pane as on screen: what Back must give back
// exactly (the breadcrumb differs, as the trail does, and the list beside
// a wide article marks the story followed as read).
func mainArea(m Model) string { return ansi.Strip(m.article.view()) }

// similarStore is a store whose "more like this" lists make the articles
// longer once they arrive.
func similarStore() *fakeStore {
	st := newFakeStore()
	for _, ref := range []string{"tour/1", "tour/2", "tour/3"} {
		for i := 6; i <= 12; i++ {
			st.similar[ref] = append(st.similar[ref], model.Hit{Article: model.Article{Ref: fmt.Sprintf("tour/%d", i), Title: fmt.Sprintf("Headline number %d", i)}})
		}
	}
	return st
}

// Back after following a related story returns to the exact place: the
// same lines on screen and the same focused link, at the top, in the
// middle and at the bottom of an article, in small, middling and wide
// windows, with and without "more like this" (which arrives after the
// body and makes the article longer).
func TestBackAndForwardReturnToTheExactPlace(t *testing.T) {
	sizes := [][2]int{{60, 20}, {100, 30}, {160, 45}}
	places := map[string][]string{
		"top":     {"g"},
		"middle":  {"g", "j", "j", "j", "j", "j"},
		"bottom":  {"G"},
		"focused": {"g", "tab"},
	}
	for _, similar := range []bool{false, true} {
		for _, size := range sizes {
			for place, moves := range places {
				name := fmt.Sprintf("%dx%d/%s/similar=%v", size[0], size[1], place, similar)
				t.Run(name, func(t *testing.T) {
					var m Model
					if similar {
						m = newStoreModel(t, similarStore(), size[0], size[1])
					} else {
						m = newTestModel(t, size[0], size[1])
					}
					m = keys(t, m, "enter")
					m = keys(t, m, moves...)
					before, page := mainArea(m), m.article.page()
					if place == "bottom" && similar && !strings.Contains(before, "Headline number") {
						t.Fatalf("the bottom shows no \"more like this\":\n%s", before)
					}
					follow := "1"
					if place == "focused" {
						follow = "enter"
					}
					m = keys(t, m, follow)
					if m.article.ref != "tour/2" {
						t.Fatalf("%s opened %q, want tour/2", follow, m.article.ref)
					}
					// Somewhere in the followed story, to come back to.
					m = keys(t, m, "j", "j", "j")
					there, therePage := mainArea(m), m.article.page()

					m = keys(t, m, "backspace")
					if got := m.article.page(); got != page {
						t.Fatalf("Back returned to %+v, want %+v", got, page)
					}
					if after := mainArea(m); after != before {
						t.Fatalf("Back changed the screen.\nbefore:\n%s\nafter:\n%s", before, after)
					}
					m = keys(t, m, "l")
					if got := m.article.page(); got != therePage {
						t.Fatalf("Forward returned to %+v, want %+v", got, therePage)
					}
					if after := mainArea(m); after != there {
						t.Fatalf("Forward changed the screen.\nbefore:\n%s\nafter:\n%s", there, after)
					}
				})
			}
		}
	}
}

// A restored place holds while content arrives after it (here "more like
// this" late, after a resize made the body render again), and the reader
// is free to move once it is shown.
func TestRestoredPlaceSurvivesLateContent(t *testing.T) {
	st := similarStore()
	m := newStoreModel(t, st, 100, 30)
	m = keys(t, m, "enter", "G")
	want := m.article.page()
	m = keys(t, m, "1")
	// Forget the lists, so that Back asks for them again and they arrive
	// after the body.
	clear(m.s.similar)
	m = keys(t, m, "backspace")
	if got := m.article.page(); got != want {
		t.Fatalf("Back returned to %+v, want %+v", got, want)
	}
	if got := m.article.vp.YOffset(); got != want.Offset {
		t.Fatalf("the view is at line %d, want %d", got, want.Offset)
	}
	m = keys(t, m, "k")
	if got := m.article.vp.YOffset(); got != want.Offset-1 {
		t.Fatalf("k after Back went to line %d, want %d", got, want.Offset-1)
	}
}
