package ui

import (
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestKeysDistinctPerPane checks that no two bindings active in one pane
// share a key, in every state of the pane.
func TestKeysDistinctPerPane(t *testing.T) {
	k := NewKeyMap()
	searching := NewKeyMap()
	searching.setSearchActive(true)
	for _, p := range keyPanes(k, searching) {
		seen := map[string]string{}
		bindings := p.bindings()
		for _, b := range bindings {
			if !b.Enabled() {
				continue
			}
			for _, kk := range b.Keys() {
				if other, ok := seen[kk]; ok && other != b.Help().Desc {
					t.Errorf("%s: %q is bound to both %q and %q", p.name, kk, other, b.Help().Desc)
				}
				seen[kk] = b.Help().Desc
			}
		}
	}
}

// TestKeysMatchTheTour checks the keys the tour articles teach.
func TestKeysMatchTheTour(t *testing.T) {
	k := NewKeyMap()
	tests := []struct {
		b    key.Binding
		keys []string
	}{
		{k.Up, []string{"k", "up"}},
		{k.Down, []string{"j", "down"}},
		{k.PageUp, []string{"pgup"}},
		{k.PageDown, []string{"pgdown", "space"}},
		{k.Top, []string{"g"}},
		{k.Bottom, []string{"G"}},
		{k.Open, []string{"enter"}},
		{k.Filter, []string{"/"}},
		{k.ClearFilter, []string{"esc"}},
		{k.Quit, []string{"q"}},
		{k.Help, []string{"?"}},
		{k.ToggleRead, []string{"m"}},
		{k.Follow, []string{"1", "5", "9"}},
		{k.NextLink, []string{"tab"}},
		{k.PrevLink, []string{"shift+tab"}},
		{k.OpenLink, []string{"enter"}},
		{k.Back, []string{"backspace", "h", "alt+left"}},
		{k.Forward, []string{"l", "alt+right"}},
		{k.Search, []string{"/"}},
		{k.Close, []string{"q", "esc"}},
	}
	for _, tt := range tests {
		for _, name := range tt.keys {
			if !key.Matches(press(name), tt.b) {
				t.Errorf("%q does not trigger %q", name, tt.b.Help().Desc)
			}
		}
		have := map[string]bool{}
		for _, kk := range tt.b.Keys() {
			have[kk] = true
		}
		for _, name := range tt.keys {
			if !have[name] {
				t.Errorf("%q is not a key of %q", name, tt.b.Help().Desc)
			}
		}
	}
}
