package model

import (
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	w := func(words ...string) QueryTerm { return QueryTerm{Words: words} }
	p := func(word string) QueryTerm { return QueryTerm{Words: []string{word}, Prefix: true} }
	tests := []struct {
		in   string
		want []QueryTerm
	}{
		{"", nil},
		{"   ", nil},
		{"havana pipeline", []QueryTerm{w("havana"), w("pipeline")}},
		{`"foreign minister" talks`, []QueryTerm{w("foreign", "minister"), w("talks")}},
		{`talks"foreign minister"`, []QueryTerm{w("talks"), w("foreign", "minister")}},
		{"elect* *", []QueryTerm{p("elect")}},
		{`"open phrase`, []QueryTerm{w("open", "phrase")}},
		{`“curly” ”odd”`, []QueryTerm{w("curly"), w("odd")}},
		{`"" ""x`, []QueryTerm{w("x")}},
		{"tab\tand\nnewline", []QueryTerm{w("tab"), w("and"), w("newline")}},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestSplitMarks(t *testing.T) {
	got := SplitMarks("…the \x01gas pipeline\x02 and \x01Havana\x02.")
	want := []Span{{"…the ", false}, {"gas pipeline", true}, {" and ", false}, {"Havana", true}, {".", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitMarks = %+v, want %+v", got, want)
	}
	if got := SplitMarks("a\x02b\x01"); !reflect.DeepEqual(got, []Span{{"a", false}, {"b", false}}) {
		t.Errorf("unbalanced marks: %+v", got)
	}
}

func FuzzParseQuery(f *testing.F) {
	f.Add(`"a b" c* "d`)
	f.Add("\u201c\u201d\"*")
	f.Fuzz(func(t *testing.T, q string) {
		for _, term := range ParseQuery(q) {
			if len(term.Words) == 0 {
				t.Fatalf("ParseQuery(%q): a term without words", q)
			}
			for _, w := range term.Words {
				if w == "" {
					t.Fatalf("ParseQuery(%q): an empty word", q)
				}
			}
		}
	})
}
