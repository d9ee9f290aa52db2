package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"bulletin/model"
)

// header starts a configuration file bulletin creates.
const header = `# bulletin's configuration. Edit it as you like: bulletin keeps your
# comments and any keys it does not know when it saves. The README
# documents the format.
`

// Save writes the configuration back to the file it was read from, changing
// only what changed (see the package documentation). The file is written
// atomically: a temporary file in the same folder, synced, then renamed over
// it (through a symbolic link, to its target). Save fails with ErrChanged,
// writing nothing, when the file changed since it was read, and never writes
// over a file that does not parse. On success the Config reflects the file
// as written: new feeds come after the file's, in the file's order.
func (c *Config) Save() error {
	if c.path == "" {
		return errors.New("config: no file to save to")
	}
	target, err := resolveLink(c.path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	current, err := os.ReadFile(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		current = nil
	case err != nil:
		return fmt.Errorf("config: %w", err)
	}
	if !bytes.Equal(current, c.raw) || (current == nil) != (c.raw == nil) {
		if _, perr := decode(c.path, current); perr != nil {
			return fmt.Errorf("%w; not saving over it", perr)
		}
		return fmt.Errorf("config: %s: %w", c.path, ErrChanged)
	}
	for _, f := range c.Folders {
		if _, err := f.Site(); err != nil {
			return fmt.Errorf("config: folder %s: %w", model.CleanLine(f.Path), err)
		}
	}
	out, err := c.render()
	if err != nil {
		return err
	}
	if c.raw == nil || !bytes.Equal(out, c.raw) {
		if err := writeAtomic(target, out); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	}
	saved, err := parse(c.path, out)
	if err != nil {
		return err
	}
	path := c.path
	*c = *saved
	c.path, c.raw = path, out
	return nil
}

// render returns the new file: the old one edited line by line when that
// gives exactly the configuration wanted and keeps every unknown key, else
// the whole file encoded anew from the old keys and the new values.
func (c *Config) render() ([]byte, error) {
	base := c.raw
	if base == nil {
		base = []byte(header)
	}
	want := c.ordered()
	if out, ok := c.edit(base, want); ok {
		return out, nil
	}
	return c.rewrite(want)
}

// ordered is the configuration as it will read back: the file's entries in
// the file's order, then the new ones.
func (c *Config) ordered() *Config {
	w := *c
	w.Feeds = slices.Clone(c.Feeds)
	sort.SliceStable(w.Feeds, func(i, j int) bool { return rank(w.Feeds[i].orig) < rank(w.Feeds[j].orig) })
	w.Folders = slices.Clone(c.Folders)
	sort.SliceStable(w.Folders, func(i, j int) bool { return rank(w.Folders[i].orig) < rank(w.Folders[j].orig) })
	// An entry copied so that two claim one place: the first keeps it.
	seen := map[int]bool{}
	for i := range w.Feeds {
		if o := w.Feeds[i].orig; o > 0 && seen[o] {
			w.Feeds[i].orig = 0
		}
		seen[w.Feeds[i].orig] = true
	}
	clear(seen)
	for i := range w.Folders {
		if o := w.Folders[i].orig; o > 0 && seen[o] {
			w.Folders[i].orig = 0
		}
		seen[w.Folders[i].orig] = true
	}
	return &w
}

func rank(orig int) int {
	if orig == 0 {
		return int(^uint(0) >> 1)
	}
	return orig
}

// edit changes base line by line. ok is false when the result would not be
// exactly want with every unknown key of base kept.
func (c *Config) edit(base []byte, want *Config) ([]byte, bool) {
	d, err := index(base)
	if err != nil {
		return nil, false
	}
	e := editor{d: d, inserts: map[int]string{}}
	orig := c.orig
	if orig == nil {
		orig = &Config{}
	}
	feeds := make([]entry, len(want.Feeds))
	for i, f := range want.Feeds {
		var old map[string]any
		if f.orig > 0 && f.orig <= len(orig.Feeds) {
			o := orig.Feeds[f.orig-1]
			old = feedFields(o)
		}
		feeds[i] = entry{orig: f.orig, old: old, new: feedFields(f)}
	}
	folders := make([]entry, len(want.Folders))
	for i, f := range want.Folders {
		var old map[string]any
		if f.orig > 0 && f.orig <= len(orig.Folders) {
			old = folderFields(orig.Folders[f.orig-1])
		}
		folders[i] = entry{orig: f.orig, old: old, new: folderFields(f)}
	}
	if !e.array("feeds", feedKeys, feeds, len(orig.Feeds)) || !e.array("folders", folderKeys, folders, len(orig.Folders)) {
		return nil, false
	}
	e.table("settings", settingKeys, settingFields(orig.Settings), settingFields(want.Settings))
	out := e.apply()

	// Check the result: it must read back as want, with every key of base
	// that bulletin does not know.
	got, err := decode("", out)
	if err != nil || !sameConfig(got, want) {
		return nil, false
	}
	var before, after map[string]any
	if toml.Unmarshal(base, &before) != nil || toml.Unmarshal(out, &after) != nil {
		return nil, false
	}
	keptFeeds, keptFolders := kept(want.Feeds, func(f Feed) int { return f.orig }), kept(want.Folders, func(f Folder) int { return f.orig })
	if !reflect.DeepEqual(unknown(before, keptFeeds, keptFolders, len(want.Feeds), len(want.Folders)), unknown(after, nil, nil, -1, -1)) {
		return nil, false
	}
	return out, true
}

// kept lists the file positions (0-based) of the entries kept from it.
func kept[T any](entries []T, orig func(T) int) []int {
	var out []int
	for _, e := range entries {
		if o := orig(e); o > 0 {
			out = append(out, o-1)
		}
	}
	return out
}

var (
	feedKeys    = []string{"url", "title", "tags"}
	folderKeys  = []string{"path", "article_url", "picture_url"}
	settingKeys = []string{"workers", "per_host", "connect_timeout", "timeout", "refresh_deadline", "theme", "prefetch_related",
		"compact_list", "save_folder", "pipe_command", "browser_terminal", "refresh_on_start", "refresh_interval", "images"}
)

// feedFields, folderFields and settingFields are the known keys' values; a zero value
// (omitted from the file) is nil.
func feedFields(f Feed) map[string]any {
	m := map[string]any{"url": f.URL, "title": nil, "tags": nil}
	if f.Title != "" {
		m["title"] = f.Title
	}
	if len(f.Tags) > 0 {
		m["tags"] = slices.Clone(f.Tags)
	}
	return m
}

func folderFields(f Folder) map[string]any {
	m := map[string]any{"path": f.Path, "article_url": nil, "picture_url": nil}
	if f.ArticleURL != "" {
		m["article_url"] = f.ArticleURL
	}
	if f.PictureURL != "" {
		m["picture_url"] = f.PictureURL
	}
	return m
}

func settingFields(s Settings) map[string]any {
	m := map[string]any{}
	for _, k := range settingKeys {
		m[k] = nil
	}
	if s.Workers != 0 {
		m["workers"] = int64(s.Workers)
	}
	if s.PerHost != 0 {
		m["per_host"] = int64(s.PerHost)
	}
	if s.ConnectTimeout.Duration != 0 {
		m["connect_timeout"] = s.ConnectTimeout.String()
	}
	if s.Timeout.Duration != 0 {
		m["timeout"] = s.Timeout.String()
	}
	if s.RefreshDeadline.Duration != 0 {
		m["refresh_deadline"] = s.RefreshDeadline.String()
	}
	if s.Theme != "" {
		m["theme"] = s.Theme
	}
	if s.PrefetchRelated {
		m["prefetch_related"] = true
	}
	if s.CompactList {
		m["compact_list"] = true
	}
	if s.SaveFolder != "" {
		m["save_folder"] = s.SaveFolder
	}
	if len(s.PipeCommand) > 0 {
		m["pipe_command"] = slices.Clone(s.PipeCommand)
	}
	if s.BrowserTerminal {
		m["browser_terminal"] = true
	}
	if s.RefreshOnStart {
		m["refresh_on_start"] = true
	}
	if s.RefreshInterval.Duration != 0 {
		m["refresh_interval"] = s.RefreshInterval.String()
	}
	if s.Images != "" {
		m["images"] = s.Images
	}
	return m
}

func sameConfig(a, b *Config) bool {
	norm := func(c *Config) string {
		var s strings.Builder
		for _, f := range c.Feeds {
			fmt.Fprintf(&s, "feed %q %q %q\n", f.URL, f.Title, f.Tags)
		}
		for _, f := range c.Folders {
			fmt.Fprintf(&s, "folder %q %q %q\n", f.Path, f.ArticleURL, f.PictureURL)
		}
		fmt.Fprintf(&s, "%+v\n", c.Settings)
		fmt.Fprintf(&s, "openers %v", c.Openers)
		return s.String()
	}
	return norm(a) == norm(b)
}

// unknown is what a decoded file holds beyond bulletin's keys. For base,
// feeds and folders list the positions of the entries kept, and nFeeds and
// nFolders the entries wanted (new ones have no unknown keys); for the
// result, they are nil and -1: every entry counts.
func unknown(m map[string]any, feeds, folders []int, nFeeds, nFolders int) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		switch k {
		case "feeds", "folders", "settings":
		default:
			out[k] = v
		}
	}
	out["feeds"] = unknownEntries(m["feeds"], feeds, nFeeds, feedKeys)
	out["folders"] = unknownEntries(m["folders"], folders, nFolders, folderKeys)
	settings := map[string]any{}
	if s, ok := m["settings"].(map[string]any); ok {
		for k, v := range s {
			if !slices.Contains(settingKeys, k) {
				settings[k] = v
			}
		}
	} else if v, ok := m["settings"]; ok {
		settings[""] = v
	}
	out["settings"] = settings
	return out
}

func unknownEntries(v any, pick []int, n int, known []string) []map[string]any {
	list, _ := v.([]any)
	if n < 0 {
		pick = nil
		for i := range list {
			pick = append(pick, i)
		}
		n = len(list)
	}
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{}
	}
	for i, p := range pick {
		if p >= len(list) {
			continue
		}
		if e, ok := list[p].(map[string]any); ok {
			for k, v := range e {
				if !slices.Contains(known, k) {
					out[i][k] = v
				}
			}
		}
	}
	return out
}

// rewrite encodes the whole file anew: the old file's keys, with bulletin's
// replaced by the new values. Comments are lost.
func (c *Config) rewrite(want *Config) ([]byte, error) {
	m := map[string]any{}
	if c.raw != nil {
		if err := toml.Unmarshal(c.raw, &m); err != nil {
			return nil, fmt.Errorf("config: %s: %w", c.path, err)
		}
	}
	oldList := func(key string) []any { l, _ := m[key].([]any); return l }
	entries := func(key string, n int, orig func(int) int, fields func(int) map[string]any) []any {
		old := oldList(key)
		out := make([]any, n)
		for i := range n {
			e := map[string]any{}
			if o := orig(i); o > 0 && o <= len(old) {
				if om, ok := old[o-1].(map[string]any); ok {
					for k, v := range om {
						e[k] = v
					}
				}
			}
			for k, v := range fields(i) {
				if v == nil {
					delete(e, k)
				} else {
					e[k] = v
				}
			}
			out[i] = e
		}
		return out
	}
	m["feeds"] = entries("feeds", len(want.Feeds), func(i int) int { return want.Feeds[i].orig }, func(i int) map[string]any { return feedFields(want.Feeds[i]) })
	m["folders"] = entries("folders", len(want.Folders), func(i int) int { return want.Folders[i].orig },
		func(i int) map[string]any { return folderFields(want.Folders[i]) })
	settings, _ := m["settings"].(map[string]any)
	if settings == nil {
		settings = map[string]any{}
	}
	for k, v := range settingFields(want.Settings) {
		if v == nil {
			delete(settings, k)
		} else {
			settings[k] = v
		}
	}
	m["settings"] = settings
	for _, k := range []string{"feeds", "folders"} {
		if len(m[k].([]any)) == 0 {
			delete(m, k)
		}
	}
	if len(settings) == 0 {
		delete(m, "settings")
	}
	body, err := toml.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	out := append([]byte(header+"# (Rewritten whole by bulletin: its layout could not be edited line by line.)\n\n"), body...)
	got, err := decode("", out)
	if err != nil || !sameConfig(got, want) {
		return nil, fmt.Errorf("config: %s: cannot write the configuration back", c.path)
	}
	return out, nil
}

// resolveLink follows symbolic links to the file they name, so that a
// configuration kept elsewhere (a dotfiles repository) stays there.
func resolveLink(path string) (string, error) {
	for range 16 {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", fmt.Errorf("%s: too many symbolic links", path)
}

// writeAtomic writes data to path through a temporary file in the same
// folder, synced and renamed over path; the folder is synced too. A new file
// is private (0600); an existing one keeps its mode.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	mode := fs.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // best effort: not every system syncs folders
		d.Close()
	}
	return nil
}

// doc is where things are in a TOML file: its sections (the root, each
// [table] and each [[array table]] element) and their key-values.
type doc struct {
	data     []byte
	sections []*section
}

type section struct {
	array bool   // [[name]]
	name  string // dotted; "" for the root
	// start is the section's first byte, comment lines right above the
	// header included; header is the header line's start.
	start, header int
	// bodyEnd is the end of the header's or last key-value's line; end is
	// where the next section starts.
	bodyEnd, end int
	keys         []keyval
}

type keyval struct {
	key                  string
	start, end           int // the key-value itself
	lineStart, lineEnd   int // its whole lines
	dotted, multipleLine bool
}

func index(data []byte) (*doc, error) {
	d := &doc{data: data}
	root := &section{bodyEnd: 0}
	d.sections = append(d.sections, root)
	cur := root
	p := unstable.Parser{}
	p.Reset(data)
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := n.Key()
			var parts []string
			first := -1
			for it.Next() {
				k := it.Node()
				if first < 0 {
					first = int(k.Raw.Offset)
				}
				parts = append(parts, string(k.Data))
			}
			h := lineStart(data, first)
			s := &section{array: n.Kind == unstable.ArrayTable, name: strings.Join(parts, "."), header: h, start: h, bodyEnd: lineEnd(data, first)}
			// Comment lines right above the header go with it.
			for s.start > cur.bodyEnd {
				prev := lineStart(data, s.start-1)
				if !bytes.HasPrefix(bytes.TrimLeft(data[prev:s.start], " \t"), []byte("#")) {
					break
				}
				s.start = prev
			}
			cur.end = s.start
			d.sections = append(d.sections, s)
			cur = s
		case unstable.KeyValue:
			it := n.Key()
			var parts []string
			for it.Next() {
				parts = append(parts, string(it.Node().Data))
			}
			start, end := int(n.Raw.Offset), int(n.Raw.Offset+n.Raw.Length)
			kv := keyval{key: strings.Join(parts, "."), start: start, end: end, lineStart: lineStart(data, start), lineEnd: lineEnd(data, max(end-1, start)), dotted: len(parts) > 1}
			kv.multipleLine = bytes.IndexByte(data[start:end], '\n') >= 0
			cur.keys = append(cur.keys, kv)
			cur.bodyEnd = kv.lineEnd
		}
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	cur.end = len(data)
	return d, nil
}

func lineStart(data []byte, i int) int {
	return bytes.LastIndexByte(data[:i], '\n') + 1
}

// lineEnd is just past the newline that ends the line holding i.
func lineEnd(data []byte, i int) int {
	if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(data)
}

// line is the 1-based line number of offset i.
func (d *doc) line(i int) int { return bytes.Count(d.data[:i], []byte("\n")) + 1 }

// keyAt finds where a key of a table is set: in [table], or dotted in the
// root.
func (d *doc) keyAt(table, key string) (int, bool) {
	for _, s := range d.sections {
		for _, kv := range s.keys {
			if s.name == table && kv.key == key || s.name == "" && kv.key == table+"."+key {
				return kv.start, true
			}
		}
	}
	return 0, false
}

// entryKey finds where the i-th element of the array name sets key: the
// key's line in its [[name]] section, else the section's header, else
// (an inline array) the line of the array itself.
func (d *doc) entryKey(name string, i int, key string) (int, bool) {
	if blocks := d.blocks(name); i < len(blocks) {
		s := blocks[i]
		for _, kv := range s.keys {
			if kv.key == key {
				return kv.start, true
			}
		}
		return s.header, true
	}
	for _, s := range d.sections {
		for _, kv := range s.keys {
			if s.name == "" && kv.key == name {
				return kv.start, true
			}
		}
	}
	return 0, false
}

// blocks are the [[name]] elements; each extends over the sub-tables
// ([name.x]) that follow it.
func (d *doc) blocks(name string) []*section {
	var out []*section
	for _, s := range d.sections {
		if s.array && s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// extentEnd is where the element of an array table that starts at s ends,
// its sub-tables included.
func (d *doc) extentEnd(s *section) int {
	i := slices.Index(d.sections, s)
	end := s.end
	for _, next := range d.sections[i+1:] {
		if next.array && next.name == s.name || !strings.HasPrefix(next.name, s.name+".") {
			break
		}
		end = next.end
	}
	return end
}

// extentBodyEnd is the end of the last key-value line of the element that
// starts at s, its sub-tables included: where a new element goes after it.
func (d *doc) extentBodyEnd(s *section) int {
	i := slices.Index(d.sections, s)
	end := s.bodyEnd
	for _, next := range d.sections[i+1:] {
		if next.array && next.name == s.name || !strings.HasPrefix(next.name, s.name+".") {
			break
		}
		end = next.bodyEnd
	}
	return end
}

type entry struct {
	orig     int            // 1-based position in the file, 0 for new
	old, new map[string]any // known keys; nil values are absent
}

type editor struct {
	d       *doc
	deletes [][2]int
	replace []replacement
	inserts map[int]string
}

type replacement struct {
	start, end int
	text       string
}

// array edits the elements of [[name]]: kept ones in place, removed ones
// deleted, new ones appended after the last. It reports false when the file
// does not hold the array as one [[name]] section per element.
func (e *editor) array(name string, keys []string, entries []entry, n int) bool {
	blocks := e.d.blocks(name)
	if len(blocks) != n {
		return false
	}
	for _, s := range e.d.sections {
		if !s.array && s.name == name {
			return false
		}
		for _, kv := range s.keys {
			if s.name == "" && (kv.key == name || strings.HasPrefix(kv.key, name+".")) {
				return false
			}
		}
	}
	used := make([]bool, len(blocks))
	var added strings.Builder
	for _, en := range entries {
		if en.orig > 0 {
			used[en.orig-1] = true
			e.fields(blocks[en.orig-1], keys, en.old, en.new)
			continue
		}
		fmt.Fprintf(&added, "\n[[%s]]\n", name)
		for _, k := range keys {
			if v := en.new[k]; v != nil {
				added.WriteString(k + " = " + encode(v) + "\n")
			}
		}
	}
	for i, s := range blocks {
		if !used[i] {
			e.deletes = append(e.deletes, [2]int{s.start, e.d.extentEnd(s)})
		}
	}
	if added.Len() > 0 {
		at := len(e.d.data)
		if len(blocks) > 0 {
			at = e.d.extentBodyEnd(blocks[len(blocks)-1])
		}
		e.insert(at, added.String())
	}
	return true
}

// table edits the keys of [name], adding the table at the end when it is
// missing and something is to be set.
func (e *editor) table(name string, keys []string, old, new map[string]any) {
	for _, s := range e.d.sections {
		if !s.array && s.name == name {
			e.fields(s, keys, old, new)
			return
		}
	}
	var b strings.Builder
	for _, k := range keys {
		if v := new[k]; v != nil && !reflect.DeepEqual(v, old[k]) {
			b.WriteString(k + " = " + encode(v) + "\n")
		}
	}
	if b.Len() > 0 {
		e.insert(len(e.d.data), "\n["+name+"]\n"+b.String())
	}
}

// fields changes the known keys of a section whose values changed.
func (e *editor) fields(s *section, keys []string, old, new map[string]any) {
	for _, k := range keys {
		nv := new[k]
		if reflect.DeepEqual(nv, old[k]) {
			continue
		}
		i := slices.IndexFunc(s.keys, func(kv keyval) bool { return kv.key == k })
		switch {
		case i >= 0 && nv == nil:
			kv := s.keys[i]
			e.deletes = append(e.deletes, [2]int{kv.lineStart, kv.lineEnd})
		case i >= 0:
			kv := s.keys[i]
			e.replace = append(e.replace, replacement{kv.start, kv.end, k + " = " + encode(nv)})
		case nv != nil:
			e.insert(s.bodyEnd, k+" = "+encode(nv)+"\n")
		}
	}
}

func (e *editor) insert(at int, text string) {
	e.inserts[at] += text
}

// apply makes the edits, from the end of the file back.
func (e *editor) apply() []byte {
	var ops []replacement
	for _, d := range e.deletes {
		ops = append(ops, replacement{d[0], d[1], ""})
	}
	ops = append(ops, e.replace...)
	for at, text := range e.inserts {
		if at > 0 && e.d.data[at-1] != '\n' {
			text = "\n" + text
		}
		ops = append(ops, replacement{at, at, text})
	}
	// From the end back; at one offset, deletions before insertions, so an
	// insertion at the end of a deleted range survives it.
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].start != ops[j].start {
			return ops[i].start > ops[j].start
		}
		return ops[i].end > ops[j].end
	})
	out := slices.Clone(e.d.data)
	for _, o := range ops {
		out = slices.Concat(out[:o.start], []byte(o.text), out[o.end:])
	}
	return out
}

// encode writes a value as TOML: a basic string, an integer, a boolean or
// an array of strings.
func encode(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	panic(fmt.Sprintf("config: cannot encode %T", v))
}

// quote makes a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
