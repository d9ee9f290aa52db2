package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"bulletin/model"
)

func TestStateLasts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	before, err := db.Visit(ctx, "s/a", at)
	if err != nil || before != (model.State{}) {
		t.Fatalf("first Visit = %+v, %v; want the zero state", before, err)
	}
	for _, err := range []error{
		db.SetPosition(ctx, "s/a", 42),
		db.SetStarred(ctx, "s/b", true),
		db.MarkRead(ctx, "s/c", true),
		db.MarkRead(ctx, "s/c", false),
		db.SetPosition(ctx, "s/d", -5),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]model.State{
		"s/a": {Read: true, Opened: at, Position: 42},
		"s/b": {Starred: true},
		"s/c": {},
		"s/d": {},
	}
	if len(got) != len(want) {
		t.Errorf("%d states, want %d: %+v", len(got), len(want), got)
	}
	for ref, w := range want {
		g := got[ref]
		if g.Read != w.Read || g.Starred != w.Starred || g.Position != w.Position || !g.Opened.Equal(w.Opened) {
			t.Errorf("%s: %+v, want %+v", ref, g, w)
		}
	}
	// A second visit returns the state it found: the reader restores the
	// position from it.
	before, err = db.Visit(ctx, "s/a", at.Add(time.Hour))
	if err != nil || before.Position != 42 || !before.Opened.Equal(at) || !before.Read {
		t.Errorf("second Visit = %+v, %v", before, err)
	}
	if st, _ := db.State(ctx, "s/a"); !st.Opened.Equal(at.Add(time.Hour)) || st.Position != 42 {
		t.Errorf("after the second visit: %+v", st)
	}
}

func TestLibraryListCarriesState(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), articleFile("A", day(1), "Body.", "[]"))
	writeFile(t, filepath.Join(dir, "b.txt"), articleFile("B", day(2), "Body.", "[]"))
	db := openTemp(t)
	lib := db.Library(openFolder(t, dir))
	update(t, lib)
	ctx := context.Background()
	ref := filepath.Base(dir) + "/a"
	if err := lib.SetStarred(ctx, ref, true); err != nil {
		t.Fatal(err)
	}
	if err := lib.MarkRead(ctx, ref, true); err != nil {
		t.Fatal(err)
	}
	got := map[string]model.State{}
	lib.List(ctx, func(r model.ScanResult, st model.State) error {
		got[r.Article.Ref] = st
		return nil
	})
	if st := got[ref]; !st.Read || !st.Starred {
		t.Errorf("%s listed with %+v, want read and starred", ref, st)
	}
	if st := got[filepath.Base(dir)+"/b"]; st.Read || st.Starred {
		t.Errorf("b listed with %+v", st)
	}
}

// The reader's first page reads the states of its headlines alone; more
// refs than one query takes are asked in parts.
func TestStatesOfReadsOnlyTheRefsAsked(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bulletin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var refs []string
	for i := range 2*statesChunk + 7 {
		ref := fmt.Sprintf("s/%d", i)
		refs = append(refs, ref)
		if i%3 == 0 {
			if err := db.MarkRead(ctx, ref, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.SetStarred(ctx, "other/x", true); err != nil {
		t.Fatal(err)
	}
	got, err := db.StatesOf(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all)-1 {
		t.Fatalf("StatesOf gave %d states, want %d (all but other/x)", len(got), len(all)-1)
	}
	for ref, st := range got {
		if st != all[ref] || !st.Read {
			t.Errorf("%s: StatesOf %+v, States %+v", ref, st, all[ref])
		}
	}
	if _, ok := got["other/x"]; ok {
		t.Error("StatesOf gave a state it was not asked for")
	}
	if _, ok := got[refs[len(refs)-1]]; ok != ((len(refs)-1)%3 == 0) {
		t.Error("the last part's state is wrong")
	}
}
