package ui

import (
	"strings"
	"testing"
)

// hintAfter is what follows prompt on the first line of screen holding
// it, up to a gap of two spaces (where the status bar's right side
// begins).
func hintAfter(t *testing.T, screen, prompt string) string {
	t.Helper()
	line := firstLineWith(screen, prompt)
	if line == "" {
		t.Fatalf("no %q on the screen:\n%s", prompt, screen)
	}
	rest := line[strings.Index(line, prompt)+len(prompt):]
	if i := strings.Index(rest, "  "); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSpace(rest)
}

func TestPromptHintsWholeOrNone(t *testing.T) {
	fields := []struct {
		name, prompt, hint string
		open               []string
	}{
		{"library search", "Search:", librarySearchHint, []string{":"}},
		{"article search", "/", articleSearchHint, []string{"enter", "/"}},
	}
	for _, f := range fields {
		shown, dropped := 0, 0
		for w := minWidth; w <= 100; w++ {
			m := keys(t, newTestModel(t, w, 20), f.open...)
			switch got := hintAfter(t, plain(m), f.prompt); got {
			case f.hint:
				shown++
			case "":
				dropped++
			default:
				t.Fatalf("%s at %d cells shows %q after its prompt: want the whole hint %q or none", f.name, w, got, f.hint)
			}
		}
		// Both cases happen: wide windows show the hint, narrow ones drop it.
		if shown == 0 || dropped == 0 {
			t.Fatalf("%s: hint shown at %d widths, dropped at %d; want both", f.name, shown, dropped)
		}
		// Typed text is never taken for the hint, nor dropped.
		m := typeText(t, keys(t, newTestModel(t, minWidth, 20), f.open...), "ab")
		if got := hintAfter(t, plain(m), f.prompt); got != "ab" {
			t.Fatalf("%s at %d cells shows %q after typing ab", f.name, minWidth, got)
		}
	}
}
