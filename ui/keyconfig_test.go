package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// newKeysModel is the reader over the tour-like library with the user's
// keys, sized w x h, with the scan done.
func newKeysModel(t *testing.T, user []UserKey, w, h int) Model {
	t.Helper()
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", Now: func() time.Time { return testNow }, Keys: user})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return drive(t, m, m.Init())
}

func TestReboundKeyWorksAndOldOneDoesNot(t *testing.T) {
	user := []UserKey{{Action: "toggle_read", Keys: []string{"x"}, At: "config.toml:3"}}
	m := newKeysModel(t, user, 100, 30)
	mustContain(t, plain(m), "12 unread of 12 articles")
	m = keys(t, m, "m")
	mustContain(t, plain(m), "12 unread of 12 articles")
	m = keys(t, m, "x")
	mustContain(t, plain(m), "11 unread of 12 articles")
}

func TestHelpShowsTheUsersKeys(t *testing.T) {
	user := []UserKey{{Action: "toggle_read", Keys: []string{"x", "ctrl+t", "f5"}, At: "config.toml:3"}}
	m := keys(t, newKeysModel(t, user, 100, 40), "?")
	s := plain(m)
	if !regexp.MustCompile(`x/ctrl\+t +toggle read`).MatchString(s) {
		t.Fatalf("help lacks x/ctrl+t toggle read:\n%s", s)
	}
	if regexp.MustCompile(`\sm +toggle read`).MatchString(s) {
		t.Fatalf("help still shows m toggle read:\n%s", s)
	}
}

func TestEmptyKeyUnbinds(t *testing.T) {
	user := []UserKey{{Action: "quit", Keys: nil, At: "config.toml:2"}}
	m := newKeysModel(t, user, 100, 30)
	if strings.Contains(footerLine(m), "quit") {
		t.Fatalf("footer still offers quit: %q", footerLine(m))
	}
	mustNotContain(t, plain(keys(t, m, "?")), "q quit")
	m, quit := sendQuit(t, m, press("q"))
	if quit {
		t.Fatal("q still quits once unbound")
	}
	if _, quit := sendQuit(t, m, press("ctrl+c")); !quit {
		t.Fatal("ctrl+c no longer quits")
	}
}

func TestClashKeepsBothDefaults(t *testing.T) {
	user := []UserKey{
		{Action: "toggle_read", Keys: []string{"z"}, At: "config.toml:2"},
		{Action: "star", Keys: []string{"z"}, At: "config.toml:3"},
	}
	k, problems := KeyMapFor(user)
	if len(problems) != 1 || !strings.HasPrefix(problems[0], "config.toml:2: ") ||
		!strings.Contains(problems[0], `"z" is bound to both toggle_read and star`) {
		t.Fatalf("problems %q, want one naming config.toml:2, the key and both actions", problems)
	}
	if got := k.ToggleRead.Keys(); len(got) != 1 || got[0] != "m" {
		t.Errorf("toggle read keys %q, want the default m", got)
	}
	if got := k.Star.Keys(); len(got) != 1 || got[0] != "s" {
		t.Errorf("star keys %q, want the default s", got)
	}
	m := newKeysModel(t, user, 100, 30)
	mustContain(t, plain(m), "config.toml:2", "12 unread of 12 articles")
	m = keys(t, m, "m")
	mustContain(t, plain(m), "11 unread of 12 articles")
}

// TestClashWithADefaultKeepsTheDefault: a key another action of the pane
// already has is refused, so the reader never has a dead key.
func TestClashWithADefaultKeepsTheDefault(t *testing.T) {
	k, problems := KeyMapFor([]UserKey{{Action: "toggle_read", Keys: []string{"s"}, At: "c.toml:4"}})
	if len(problems) != 1 || !strings.Contains(problems[0], "c.toml:4") {
		t.Fatalf("problems %q, want one at c.toml:4", problems)
	}
	if k.ToggleRead.Keys()[0] != "m" || k.Star.Keys()[0] != "s" {
		t.Fatalf("toggle read %q, star %q: want the defaults", k.ToggleRead.Keys(), k.Star.Keys())
	}
}

func TestKeyProblemsKeepTheDefault(t *testing.T) {
	for _, tt := range []struct {
		u    UserKey
		want string
	}{
		{UserKey{Action: "toggle_reed", Keys: []string{"x"}, At: "c.toml:5"}, "c.toml:5: keys.toggle_reed: is not an action"},
		{UserKey{Action: "toggle_read", Keys: []string{"ctrl+"}, At: "c.toml:6"}, `c.toml:6: keys.toggle_read: "ctrl+" is not a key name`},
		{UserKey{Action: "toggle_read", Keys: []string{"xy"}, At: "c.toml:7"}, `"xy" is not a key name`},
		{UserKey{Action: "toggle_read", Keys: []string{"\x1b[31m"}, At: "c.toml:8"}, `is not a key name`},
		{UserKey{Action: "follow", Keys: []string{"x"}, At: "c.toml:9"}, "keys.follow: is the digits 1-9"},
	} {
		k, problems := KeyMapFor([]UserKey{tt.u})
		if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
			t.Errorf("%+v: problems %q, want %q", tt.u, problems, tt.want)
			continue
		}
		if strings.ContainsRune(problems[0], '\x1b') {
			t.Errorf("problem holds an escape: %q", problems[0])
		}
		if k.ToggleRead.Keys()[0] != "m" {
			t.Errorf("%+v: toggle read lost its default", tt.u)
		}
	}
}

// TestRebindingCloseKeepsTheSearch: esc clears an article's search and
// the user's own closing keys come back after it.
func TestRebindingCloseKeepsTheSearch(t *testing.T) {
	k, problems := KeyMapFor([]UserKey{{Action: "close", Keys: []string{"x", "esc"}, At: "c:1"}})
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	k.setSearchActive(true)
	if got := k.Close.Keys(); len(got) != 1 || got[0] != "x" {
		t.Fatalf("close keys with a search %q, want x", got)
	}
	k.setSearchActive(false)
	if got := k.Close.Keys(); len(got) != 2 || got[1] != "esc" {
		t.Fatalf("close keys after the search %q, want x, esc", got)
	}
	if got := (helpKeys{k: k, fromArticle: true}).leave().Keys(); len(got) != 1 || got[0] != "x" {
		t.Fatalf("help over an article leaves with %q, want x", got)
	}
}

func TestActionsNameEveryBinding(t *testing.T) {
	acts := Actions()
	for _, want := range []string{"next_unread", "mark_all_read", "open", "back", "toggle_read", "close_feeds"} {
		found := false
		for _, a := range acts {
			found = found || a == want
		}
		if !found {
			t.Errorf("actions lack %s", want)
		}
	}
	for _, a := range acts {
		if _, err := bindingOf(new(KeyMap), a); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
}
