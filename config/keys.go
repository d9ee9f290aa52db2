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
	var out []KeyEntry
	var warnings []string
	var lines []int
	for _, a := range actions {
		at, line := keyPos(name, data, a)
		keys, err := keysOf(raw[a])
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: keys.%s: %s; the default stays", at, model.CleanLine(a), err))
			continue
		}
		out = append(out, KeyEntry{Action: a, Keys: keys, At: at})
		lines = append(lines, line)
	}
	// The file's order, so that messages follow it.
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return lines[a] - lines[b] })
	sorted := make([]KeyEntry, len(out))
	for i, j := range order {
		sorted[i] = out[j]
	}
	return sorted, warnings
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
// line alone (0 when it is not found).
func keyPos(name string, data []byte, action string) (string, int) {
	d, err := index(data)
	if err != nil {
		return name, 0
	}
	if at, ok := d.keyAt("keys", action); ok {
		return fmt.Sprintf("%s:%d", name, d.line(at)), d.line(at)
	}
	return name, 0
}
