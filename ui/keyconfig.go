package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"bulletin/model"
)

// UserKey is one entry of the configuration's [keys] table: an action,
// named after a KeyMap field in snake case ("next_unread"), and the keys
// that trigger it. No keys unbinds the action.
type UserKey struct {
	Action string
	Keys   []string
	// At is where the entry is written ("config.toml:12"), for problems.
	At string
}

// fixedActions cannot be rebound: their keys carry meaning the reader
// reads (the digit is the related story's number), or they are the way
// out that must always work.
var fixedActions = map[string]string{
	"follow":     "is the digits 1-9 and cannot be rebound",
	"force_quit": "is ctrl+c and cannot be rebound, so the reader can always be left",
}

// KeyMapFor returns the default KeyMap with the user's keys applied, and
// the problems found, each naming where its entry is. An entry with a
// problem leaves its action's default keys in force; so does a clash,
// for every action in it that the user changed.
func KeyMapFor(user []UserKey) (KeyMap, []string) {
	k := NewKeyMap()
	defaults := NewKeyMap()
	var problems []string
	changed := map[string]UserKey{}
	for _, u := range user {
		b, err := bindingOf(&k, u.Action)
		if err == nil {
			err = checkKeys(u.Keys)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: keys.%s: %v; the default stays", u.At, model.CleanLine(u.Action), err))
			continue
		}
		setKeys(b, u.Keys)
		changed[u.Action] = u
	}
	if len(changed) > 0 {
		// Only a changed action can clash: the defaults have no clash
		// (TestKeysDistinctPerPane), and looking costs milliseconds.
		problems = append(problems, undoClashes(&k, &defaults, changed)...)
	}
	k.closeKeys = k.Close.Keys()
	k.setSearchActive(false)
	return k, problems
}

// bindingOf is the binding of KeyMap named by a snake case action.
func bindingOf(k *KeyMap, action string) (*key.Binding, error) {
	if why, ok := fixedActions[action]; ok {
		return nil, fmt.Errorf("%s", why)
	}
	v := reflect.ValueOf(k).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.IsExported() && snake(f.Name) == action {
			return v.Field(i).Addr().Interface().(*key.Binding), nil
		}
	}
	return nil, fmt.Errorf("is not an action (the actions are listed in the example configuration)")
}

// Actions are the names [keys] takes, in KeyMap's order.
func Actions() []string {
	var out []string
	t := reflect.TypeFor[KeyMap]()
	for i := range t.NumField() {
		f := t.Field(i)
		if _, fixed := fixedActions[snake(f.Name)]; f.IsExported() && !fixed {
			out = append(out, snake(f.Name))
		}
	}
	return out
}

// snake turns a field name into an action name: NextUnread, next_unread.
func snake(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// namedKeys are the keys with names, as Bubble Tea spells them.
var namedKeys = []string{
	"up", "down", "left", "right", "home", "end", "pgup", "pgdown", "insert", "delete",
	"enter", "tab", "esc", "backspace", "space",
}

// modifiers are the prefixes a key may carry, as Bubble Tea spells them.
var modifiers = []string{"ctrl+", "alt+", "shift+", "meta+", "super+", "hyper+"}

// checkKeys accepts keys as Bubble Tea names them: one printable
// character or a named key (enter, pgdown, f5), with modifiers before it.
func checkKeys(keys []string) error {
	seen := map[string]bool{}
	for _, s := range keys {
		if seen[s] {
			return fmt.Errorf("%q is listed twice", model.CleanLine(s))
		}
		seen[s] = true
		if !validKey(s) {
			return fmt.Errorf("%q is not a key name (a character such as \"x\", or one such as \"ctrl+x\", \"enter\", \"pgdown\", \"f5\")", model.CleanLine(s))
		}
	}
	return nil
}

func validKey(s string) bool {
	rest := s
	for {
		i := slices.IndexFunc(modifiers, func(m string) bool { return strings.HasPrefix(rest, m) && len(rest) > len(m) })
		if i < 0 {
			break
		}
		rest = rest[len(modifiers[i]):]
	}
	if slices.Contains(namedKeys, rest) || isFunctionKey(rest) {
		return true
	}
	r, size := utf8.DecodeRuneInString(rest)
	return size == len(rest) && r != utf8.RuneError && unicode.IsGraphic(r) && !unicode.IsSpace(r)
}

// isFunctionKey reports f1 to f63, which Bubble Tea knows.
func isFunctionKey(s string) bool {
	n, ok := strings.CutPrefix(s, "f")
	if !ok || n == "" || len(n) > 2 || n[0] == '0' {
		return false
	}
	v := 0
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
		v = v*10 + int(r-'0')
	}
	return v >= 1 && v <= 63
}

// undoClashes finds keys bound to two actions in one pane and puts the
// defaults back for the actions the user changed in each clash, until no
// clash is left (the defaults have none: TestKeysDistinctPerPane).
func undoClashes(k, defaults *KeyMap, changed map[string]UserKey) []string {
	var problems []string
	for {
		clashes := findClashes(*k)
		reverted := false
		for _, c := range clashes {
			var who []string
			for _, a := range c.actions {
				if u, ok := changed[a]; ok {
					who = append(who, fmt.Sprintf("%s (%s)", a, u.At))
				}
			}
			if len(who) == 0 {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s: keys: %q is bound to both %s and %s in the %s; both keep their defaults",
				changed[firstChanged(c.actions, changed)].At, model.CleanLine(c.key), c.actions[0], c.actions[1], c.pane))
			for _, a := range c.actions {
				if _, ok := changed[a]; ok {
					b, _ := bindingOf(k, a)
					d, _ := bindingOf(defaults, a)
					*b = *d
					delete(changed, a)
					reverted = true
				}
			}
		}
		if !reverted {
			return problems
		}
	}
}

func firstChanged(actions []string, changed map[string]UserKey) string {
	for _, a := range actions {
		if _, ok := changed[a]; ok {
			return a
		}
	}
	return ""
}

// clash is one key bound to two actions in one pane.
type clash struct {
	pane    string
	key     string
	actions []string
}

// findClashes lists the keys two actions share in a pane, in each state
// of the pane, as TestKeysDistinctPerPane checks the defaults.
func findClashes(k KeyMap) []clash {
	k.closeKeys = k.Close.Keys()
	searching := k
	searching.setSearchActive(true)
	k.setSearchActive(false)
	var out []clash
	for _, p := range keyPanes(k, searching) {
		seen := map[string]string{}
		for _, b := range p.bindings() {
			if !b.Enabled() {
				continue
			}
			name := actionOf(p.k, b)
			for _, kk := range b.Keys() {
				if other, ok := seen[kk]; ok && other != name {
					out = append(out, clash{pane: p.name, key: kk, actions: []string{other, name}})
				}
				seen[kk] = name
			}
		}
	}
	return out
}

// actionOf names a binding of k by its help text, which is what tells
// two bindings apart once copied out of the KeyMap.
func actionOf(k KeyMap, b key.Binding) string {
	v := reflect.ValueOf(k)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if o := v.Field(i).Interface().(key.Binding); o.Help().Desc == b.Help().Desc && slices.Equal(o.Keys(), b.Keys()) {
			return snake(f.Name)
		}
	}
	return b.Help().Desc
}

// keyPane is the bindings active together in one pane.
type keyPane struct {
	name string
	keys help.KeyMap
	k    KeyMap
	also help.KeyMap
}

func (p keyPane) bindings() []key.Binding {
	bindings := []key.Binding{p.k.ForceQuit}
	for _, group := range p.keys.FullHelp() {
		bindings = append(bindings, group...)
	}
	if p.also != nil {
		for _, group := range p.also.FullHelp() {
			bindings = append(bindings, group...)
		}
	}
	return bindings
}

// keyPanes are the panes of the reader and their states.
func keyPanes(k, searching KeyMap) []keyPane {
	return []keyPane{
		{"headline list", listKeys{k: k}, k, webKeys{k}},
		{"filter field", filterKeys{k}, k, nil},
		{"article", articleKeys{k: k}, k, webKeys{k}},
		{"article with a search", articleKeys{k: searching}, searching, webKeys{searching}},
		{"feed pane", feedKeys{k}, k, nil},
		{"help over the feed pane", helpKeys{k: k, fromFeeds: true}, k, nil},
		{"search field", searchKeys{k}, k, nil},
		{"library search", librarySearchKeys{k}, k, nil},
		{"link list", linkListKeys{k}, k, nil},
		{"help over the list", helpKeys{k: k}, k, nil},
		{"help over an article", helpKeys{k: k, fromArticle: true}, k, nil},
	}
}

// keysNote is what the status bar says at start about problems with the
// user's keys: the first, and how many more (all are printed when the
// reader ends).
func keysNote(problems []string) note {
	switch len(problems) {
	case 0:
		return note{}
	case 1:
		return note{text: model.CleanLine(problems[0]), err: true}
	}
	return note{text: fmt.Sprintf("%s (and %d more key problems)", model.CleanLine(problems[0]), len(problems)-1), err: true}
}
