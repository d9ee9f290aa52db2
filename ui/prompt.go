package ui

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// The hints of the empty search fields.
const (
	articleSearchHint = "search this article"
	librarySearchHint = `words, "a phrase", prefix*`
)

// withPlaceholder is in showing hint when its prompt, the whole hint and
// the cursor fit width cells, and no hint otherwise: a hint cut to its
// first letters reads as text the reader typed ("Search: w").
func withPlaceholder(in textinput.Model, hint string, width int) textinput.Model {
	hw := lipgloss.Width(hint)
	if lipgloss.Width(in.Prompt)+hw+1 > width {
		in.Placeholder = ""
		return in
	}
	in.Placeholder = hint
	if in.Value() == "" && in.Width() < hw {
		// A textinput without a width draws only the first letter of
		// its placeholder.
		in.SetWidth(hw)
	}
	return in
}
