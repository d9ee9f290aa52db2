package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/store"
)

// concurrent drives the reader as Bubble Tea does: every command runs in
// its own goroutine, and their messages reach Update in whatever order
// they finish, interleaved with the keys pressed.
type concurrent struct {
	t           *testing.T
	m           Model
	msgs        chan tea.Msg
	outstanding int
}

func newConcurrent(t *testing.T, m Model) *concurrent {
	return &concurrent{t: t, m: m, msgs: make(chan tea.Msg, 64)}
}

func (c *concurrent) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	c.outstanding++
	go func() { c.msgs <- cmd() }()
}

func (c *concurrent) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, cmd := range msg {
			c.run(cmd)
		}
	default:
		nm, next := c.m.Update(msg)
		c.m = nm.(Model)
		c.run(next)
	}
}

// press presses keys with no pause between them: messages that happen to
// have arrived are handled between keys, the rest later.
func (c *concurrent) press(names ...string) {
	for _, n := range names {
		nm, cmd := c.m.Update(press(n))
		c.m = nm.(Model)
		c.run(cmd)
		c.pump()
	}
}

// pump handles the messages that have arrived, without waiting for more.
func (c *concurrent) pump() {
	for {
		select {
		case msg := <-c.msgs:
			c.outstanding--
			c.handle(msg)
		default:
			return
		}
	}
}

// settle handles messages until no command is left.
func (c *concurrent) settle() Model {
	c.t.Helper()
	for c.outstanding > 0 {
		select {
		case msg := <-c.msgs:
			c.outstanding--
			c.handle(msg)
		case <-time.After(cmdLimit()):
			c.t.Fatal("concurrent: a command did not return")
		}
	}
	return c.m
}

// sqliteStore opens a real library store in a temporary folder.
func sqliteStore(t *testing.T) model.Store {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db.Library()
}

func storedState(t *testing.T, st model.Store, ref string) model.State {
	t.Helper()
	states, err := st.States(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return states[ref]
}

// Enter marks an article read (a visit) and m at once marks it unread:
// the store must end as the screen says, however the writes' commands
// are scheduled.
func TestStoredStateEqualsScreenUnderConcurrency(t *testing.T) {
	st := sqliteStore(t)
	c := newConcurrent(t, newStoreModel(t, st, 100, 30))
	const ref = "tour/1"
	for i := range 100 {
		c.press("enter", "m")
		if i%2 == 1 {
			c.press("m")
		}
		m := c.settle()
		want := i%2 == 1
		if m.s.read[ref] != want || m.article.read != want {
			t.Fatalf("round %d: the screen says read=%v, want %v", i, m.article.read, want)
		}
		if got := storedState(t, st, ref).Read; got != want {
			t.Fatalf("round %d: the store says read=%v, the screen %v", i, got, want)
		}
		c.press("q")
		c.settle()
	}
}

func TestStoredStarsEqualScreenUnderConcurrency(t *testing.T) {
	st := sqliteStore(t)
	c := newConcurrent(t, newStoreModel(t, st, 100, 30))
	const ref = "tour/1"
	for i := range 30 {
		c.press("s", "s", "s")
		m := c.settle()
		want := i%2 == 0
		if m.s.starred[ref] != want {
			t.Fatalf("round %d: the list says starred=%v, want %v", i, m.s.starred[ref], want)
		}
		if got := storedState(t, st, ref).Starred; got != want {
			t.Fatalf("round %d: the store says starred=%v, the screen %v", i, got, want)
		}
	}
}
