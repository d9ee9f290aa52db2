package model

import (
	"context"
	"fmt"
	"testing"
)

// batchStore is a logStore that stores many read marks as one write.
type batchStore struct{ *logStore }

func (s batchStore) MarkReads(_ context.Context, marks []ReadMark) error {
	return s.write(fmt.Sprintf("reads %d", len(marks)), func() {
		for _, m := range marks {
			s.read[m.Ref] = m.Read
		}
	})
}

func TestWriterStoresReadMarksInOneBatch(t *testing.T) {
	st := batchStore{&logStore{read: map[string]bool{"b": true}}}
	w := NewWriter(st)
	defer w.Close()
	marks := []ReadMark{{Ref: "a", Read: true}, {Ref: "b", Read: false}, {Ref: "c", Read: true}}
	w.Add(Change{Kind: ChangeRead, Ref: "a", On: false})
	w.Add(Change{Kind: ChangeReads, Marks: marks})
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(st.log) != 2 || st.log[1] != "reads 3" {
		t.Fatalf("writes %q; want the single mark, then one batch of 3", st.log)
	}
	if !st.read["a"] || st.read["b"] || !st.read["c"] {
		t.Errorf("read states %v after the batch", st.read)
	}
}

func TestWriterStoresReadMarksOneByOneWithoutBatch(t *testing.T) {
	st := &logStore{read: map[string]bool{}}
	w := NewWriter(st)
	defer w.Close()
	w.Add(Change{Kind: ChangeReads, Marks: []ReadMark{{Ref: "a", Read: true}, {Ref: "b", Read: true}}})
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(st.log) != 2 || !st.read["a"] || !st.read["b"] {
		t.Fatalf("writes %q, read %v; want both marks stored", st.log, st.read)
	}
}
