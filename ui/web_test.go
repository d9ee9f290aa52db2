package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// linkSource is a library of two articles whose links are not what they
// seem: one hides its host behind user info, one has no scheme.
func linkSource() *fakeSource {
	f := &fakeSource{name: "links"}
	for i, a := range []struct{ id, title, link string }{
		{"1", "Your bank writes", "https://bank.example:secret@evil.example/login"},
		{"2", "Schemeless", "//cdn.example/x"},
	} {
		f.articles = append(f.articles, model.Article{
			Ref: "links/" + a.id, Source: "links", Path: a.id + ".txt", ID: a.id, Title: a.title,
			Published: at(59 - i), HasDate: true, Body: "Body of " + a.title, Link: a.link,
		})
	}
	return f
}

func newLinkModel(t *testing.T) (Model, *[]string) {
	t.Helper()
	m := New(Options{Sources: []model.Source{linkSource()}, Theme: "dark", Now: func() time.Time { return testNow }})
	var opened []string
	m.openURL = func(_ context.Context, u string) error { opened = append(opened, u); return nil }
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 30})
	m = drive(t, m, m.Init())
	return m, &opened
}

// A link whose user info disguises its host opens only after the reader,
// shown the real host, says y; then without the user info.
func TestDisguisedLinkAsksBeforeOpening(t *testing.T) {
	m, opened := newLinkModel(t)
	m = keys(t, m, "o")
	mustContain(t, plain(m), "open evil.example? the link hides it behind bank.example:secret@")
	if len(*opened) != 0 {
		t.Fatalf("opened %v before the answer", *opened)
	}
	// Any key but y cancels, q included: it does not quit either.
	m, quit := sendQuit(t, m, press("q"))
	if quit {
		t.Fatal("q answered the question by quitting")
	}
	mustContain(t, plain(m), "not opened: evil.example")
	mustNotContain(t, plain(m), "the link hides it")
	if len(*opened) != 0 {
		t.Fatalf("opened %v after a no", *opened)
	}
	// From the article too; y opens the real host only.
	m = keys(t, m, "enter", "o")
	mustContain(t, plain(m), "open evil.example?")
	m = keys(t, m, "y")
	mustContain(t, plain(m), "opened in the browser: https://evil.example/login")
	if !slices.Equal(*opened, []string{"https://evil.example/login"}) {
		t.Fatalf("opened %q", *opened)
	}
	// The question is asked again each time.
	m = keys(t, m, "o")
	mustContain(t, plain(m), "open evil.example?")
}

// A protocol-relative link (no scheme) is refused, not guessed at.
func TestSchemelessLinkIsRefused(t *testing.T) {
	m, opened := newLinkModel(t)
	m = keys(t, m, "j", "o")
	mustContain(t, plain(m), "only http and https links open: //cdn.example/x")
	if len(*opened) != 0 {
		t.Fatalf("opened %v", *opened)
	}
}
