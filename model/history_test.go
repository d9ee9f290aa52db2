package model

import "testing"

func TestHistory(t *testing.T) {
	var h History
	if _, ok := h.Back(); ok {
		t.Fatal("Back on an empty history moved")
	}
	h.Visit(Page{Ref: "a"})
	h.Visit(Page{Ref: "b"})
	h.Update(Page{Ref: "b", Offset: 7, Focus: 2})
	h.Visit(Page{Ref: "c"})

	if p, ok := h.Back(); !ok || p.Ref != "b" || p.Offset != 7 || p.Focus != 2 {
		t.Fatalf("Back = %+v %v, want b at offset 7 focus 2", p, ok)
	}
	if p, ok := h.Forward(); !ok || p.Ref != "c" {
		t.Fatalf("Forward = %+v %v, want c", p, ok)
	}
	if _, ok := h.Forward(); ok {
		t.Fatal("Forward past the end moved")
	}
	h.Back()
	h.Back()
	if p, _ := h.Current(); p.Ref != "a" {
		t.Fatalf("current = %s, want a", p.Ref)
	}
	// A new visit from the middle clears what was ahead.
	h.Visit(Page{Ref: "d"})
	if h.CanForward() {
		t.Fatal("Forward still possible after a new visit")
	}
	var trail []string
	for _, p := range h.Trail() {
		trail = append(trail, p.Ref)
	}
	if got := len(trail); got != 2 || trail[0] != "a" || trail[1] != "d" {
		t.Fatalf("trail = %v, want [a d]", trail)
	}
	if p, _ := h.Back(); p.Ref != "a" {
		t.Fatalf("Back = %s, want a", p.Ref)
	}
}

func TestHistoryUpdateIgnoresOtherPage(t *testing.T) {
	var h History
	h.Visit(Page{Ref: "a"})
	h.Update(Page{Ref: "b", Offset: 3})
	if p, _ := h.Current(); p.Ref != "a" || p.Offset != 0 {
		t.Fatalf("current = %+v", p)
	}
}
