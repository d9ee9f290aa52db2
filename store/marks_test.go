package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/model"
)

// TestMarkReadsAndUndo marks articles of every prior state read in one
// batch, then restores each one's prior read state in another, as the
// reader's mark-all and its undo do; stars, positions and opening times
// survive both, and the marks outlast the store's closing.
func TestMarkReadsAndUndo(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	for _, err := range []error{
		db.MarkRead(ctx, "s/read", true),
		db.MarkRead(ctx, "s/unread-row", false),
		db.SetStarred(ctx, "s/starred", true),
		db.SetPosition(ctx, "s/starred", 17),
		func() error { _, err := db.Visit(ctx, "s/opened", opened); return err }(),
		db.MarkRead(ctx, "s/opened", false),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	before, err := db.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	refs := []string{"s/read", "s/unread-row", "s/starred", "s/opened", "s/never-seen"}
	var all, undo []model.ReadMark
	for _, ref := range refs {
		all = append(all, model.ReadMark{Ref: ref, Read: true})
		undo = append(undo, model.ReadMark{Ref: ref, Read: before[ref].Read})
	}
	if err := db.MarkReads(ctx, all); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	marked, err := db.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		want := before[ref]
		want.Read = true
		if got := marked[ref]; !sameState(got, want) {
			t.Errorf("after the batch, %s: %+v, want %+v", ref, got, want)
		}
	}

	if err := db.MarkReads(ctx, undo); err != nil {
		t.Fatal(err)
	}
	restored, err := db.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		if got := restored[ref]; !sameState(got, before[ref]) {
			t.Errorf("after the undo, %s: %+v, want %+v as before", ref, got, before[ref])
		}
	}
}

func sameState(a, b model.State) bool {
	return a.Read == b.Read && a.Starred == b.Starred && a.Position == b.Position && a.Opened.Equal(b.Opened)
}

// TestMarkReadsLastMarkWins gives one ref twice in a batch: the later mark
// is stored, as if the marks had been stored one after another.
func TestMarkReadsLastMarkWins(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	if err := db.MarkReads(ctx, []model.ReadMark{{Ref: "s/a", Read: true}, {Ref: "s/a", Read: false}, {Ref: "s/b", Read: false}, {Ref: "s/b", Read: true}}); err != nil {
		t.Fatal(err)
	}
	a, _ := db.State(ctx, "s/a")
	b, _ := db.State(ctx, "s/b")
	if a.Read || !b.Read {
		t.Errorf("s/a read %v, s/b read %v; want the later marks (false, true)", a.Read, b.Read)
	}
}

// TestMarkReadsManyInOneBatch stores 50,000 marks, more than one statement
// holds, and checks that every one landed.
func TestMarkReadsManyInOneBatch(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	const n = 50_000
	marks := make([]model.ReadMark, n)
	for i := range marks {
		marks[i] = model.ReadMark{Ref: fmt.Sprintf("feed/%d", i), Read: i%3 != 0}
	}
	start := time.Now()
	if err := db.MarkReads(ctx, marks); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d marks stored in %v", n, time.Since(start))
	states, err := db.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != n {
		t.Fatalf("%d states stored, want %d", len(states), n)
	}
	for _, m := range marks {
		if states[m.Ref].Read != m.Read {
			t.Fatalf("%s read %v, want %v", m.Ref, states[m.Ref].Read, m.Read)
		}
	}
}

func TestMarkReadsOnReadOnlyStoreNamesTheFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := open(ctx, path, true, false, migrations())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	err = ro.MarkReads(ctx, []model.ReadMark{{Ref: "s/a", Read: true}})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) {
		t.Errorf("MarkReads on a read-only store: %v, want ErrReadOnly naming the file", err)
	}
}
