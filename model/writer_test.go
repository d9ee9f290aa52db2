package model

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"bulletin/internal/testwait"
)

// logStore records the writes it is given, in order, and fails them while
// failing is set. Writes take a random short while, as a database's do.
type logStore struct {
	Store
	mu      sync.Mutex
	log     []string
	read    map[string]bool
	failing bool
	tries   int
}

func (s *logStore) write(entry string, do func()) error {
	time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tries++
	if s.failing {
		return errors.New("store: disk is full")
	}
	s.log = append(s.log, entry)
	do()
	return nil
}

func (s *logStore) MarkRead(_ context.Context, ref string, read bool) error {
	return s.write("read "+ref, func() { s.read[ref] = read })
}

func (s *logStore) SetStarred(_ context.Context, ref string, on bool) error {
	return s.write("star "+ref, func() {})
}

func (s *logStore) SetPosition(_ context.Context, ref string, line int) error {
	return s.write("pos "+ref, func() {})
}

func (s *logStore) Visit(_ context.Context, ref string, _ time.Time) (State, error) {
	return State{}, s.write("visit "+ref, func() { s.read[ref] = true })
}

func (s *logStore) setFailing(v bool) {
	s.mu.Lock()
	s.failing = v
	s.mu.Unlock()
}

func TestWriterStoresChangesInOrder(t *testing.T) {
	st := &logStore{read: map[string]bool{}}
	w := NewWriter(st)
	defer w.Close()
	// Visit (marks read) then unread, many times over: the last change
	// wins only if the changes are applied in the order added.
	for i := range 200 {
		w.Add(Change{Kind: ChangeVisit, Ref: "a"})
		w.Add(Change{Kind: ChangeRead, Ref: "a", On: i%2 == 0})
	}
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(st.log) != 400 {
		t.Fatalf("stored %d changes, want 400", len(st.log))
	}
	for i, e := range st.log {
		want := "visit a"
		if i%2 == 1 {
			want = "read a"
		}
		if e != want {
			t.Fatalf("change %d stored as %q, want %q", i, e, want)
		}
	}
	if st.read["a"] {
		t.Fatal("last change was unread, but the store says read")
	}
}

func TestWriterKeepsAFailedChangeAndRetries(t *testing.T) {
	st := &logStore{read: map[string]bool{}, failing: true}
	w := NewWriter(st)
	defer w.Close()
	t1 := w.Add(Change{Kind: ChangeRead, Ref: "a", On: true})
	status := w.Wait(context.Background(), t1)
	if status.Err == nil || status.Pending != 1 {
		t.Fatalf("after a failed write: %+v, want the error and 1 pending", status)
	}
	// A change added behind the failed one waits for it.
	t2 := w.Add(Change{Kind: ChangeStar, Ref: "b", On: true})
	if s := w.Wait(context.Background(), t2); s.Err == nil || s.Pending != 2 {
		t.Fatalf("behind a failing write: %+v, want the error and 2 pending", s)
	}
	st.setFailing(false)
	if err := w.Flush(context.Background()); err != nil {
		t.Fatalf("flush after the store recovered: %v", err)
	}
	if got := st.log; len(got) != 2 || got[0] != "read a" || got[1] != "star b" {
		t.Fatalf("stored %q, want [read a, star b]", got)
	}
	if s := w.Status(); s.Err != nil || s.Pending != 0 {
		t.Fatalf("after recovery: %+v, want nothing pending", s)
	}
}

func TestWriterFlushGivesUpWhenTheContextEnds(t *testing.T) {
	st := &logStore{read: map[string]bool{}, failing: true}
	w := NewWriter(st)
	defer w.Close()
	w.Add(Change{Kind: ChangePosition, Ref: "a", Line: 3})
	// Long enough for the first try on a loaded machine, too short for
	// more than two of the writer's pauses.
	ctx, cancel := context.WithTimeout(context.Background(), testwait.D(time.Second))
	defer cancel()
	err := w.Flush(ctx)
	if err == nil || err.Error() != "store: disk is full" {
		t.Fatalf("flush on a failing store returned %v, want the store's error", err)
	}
	st.mu.Lock()
	tries := st.tries
	st.mu.Unlock()
	// 0.5 s, then 1 s, 2 s...: a handful of tries, not a busy loop.
	if most := 2 + int(testwait.Scale()*2); tries > most {
		t.Fatalf("flush tried %d times: it hammers a failing store", tries)
	}
	if s := w.Status(); s.Pending != 1 {
		t.Fatalf("the failed change was dropped: %+v", s)
	}
}
