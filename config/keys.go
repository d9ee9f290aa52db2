package config

import (
	"fmt"
	"slices"

	"bulletin/model"
)

// KeyEntry is one line of [keys]: an action of the reader and the keys
// that trigger it (none unbinds it). The reader checks the action and
// the keys; At says where the entry is, for its messages.
type KeyEntry struct {
	Action string
	Keys   []string
	// At is the file and line of the entry ("config.toml:12").
	At string
}

// decodeKeys reads [keys]: each action a key ("x"), a list of keys
// (["x", "ctrl+x"]), or "" to unbind. An entry of another shape is a
// warning, and is left out so the action keeps its default.
func decodeKeys(name string, data []byte, raw map[string]any) ([]KeyEntry, []string) {
	actions := make([]string, 0, len(raw))
	for a := range raw {
		actions = append(actions, a)
	}
	slices.Sort(actions)
	d, _ := index(data)
	type placed struct {
		KeyEntry
		line int
	}
	var entries []placed
	var warnings []string
	for _, a := range actions {
		at, line := keyPos(name, d, a)
		keys, err := keysOf(raw[a])
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: keys.%s: %s; the default stays", at, model.CleanLine(a), err))
			continue
		}
		entries = append(entries, placed{KeyEntry{Action: a, Keys: keys, At: at}, line})
	}
	// The file's order, so that messages follow it.
	slices.SortStableFunc(entries, func(a, b placed) int { return a.line - b.line })
	out := make([]KeyEntry, len(entries))
	for i, e := range entries {
		out[i] = e.KeyEntry
	}
	return out, warnings
}

// keysOf reads one entry as decoded.
func keysOf(v any) ([]string, error) {
	const form = `want a key such as "x", a list such as ["x", "ctrl+x"], or "" to unbind`
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil, nil
		}
		return []string{v}, nil
	case []any:
		keys := make([]string, 0, len(v))
		for _, k := range v {
			s, ok := k.(string)
			if !ok || s == "" {
				return nil, fmt.Errorf("%s", form)
			}
			keys = append(keys, s)
		}
		return keys, nil
	}
	return nil, fmt.Errorf("%s", form)
}

// keyPos is the file and line where an action is set in [keys], and the
// line alone (0 when it is not found); d is the file indexed, nil when it
// could not be.
func keyPos(name string, d *doc, action string) (string, int) {
	if d == nil {
		return name, 0
	}
	if at, ok := d.keyAt("keys", action); ok {
		return fmt.Sprintf("%s:%d", name, d.line(at)), d.line(at)
	}
	return name, 0
}
