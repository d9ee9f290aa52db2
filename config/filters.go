package config

import (
	"fmt"
	"slices"
	"strings"

	"bulletin/model"
)

// Query is one [[queries]] entry: a saved library search that the feed
// pane lists as a feed of its own.
type Query struct {
	Name, Query string
	// At is the file and line of the entry ("config.toml:12").
	At string
}

// filterFields are the keys a [[filters]] rule may set.
var filterFields = []string{"title", "author", "feed", "tag", "text"}

// decodeFilters reads [[filters]]. A rule with an unknown key, a value that
// is not a string, or no field at all is a warning naming its line, and is
// left out; the other rules stay in force.
func decodeFilters(name string, data []byte, raw any) ([]model.FilterRule, []string) {
	entries, warn := arrayOfTables(name, data, "filters", raw)
	var out []model.FilterRule
	pos := entryPositions(name, data, "filters")
	for i, e := range entries {
		at := pos(i)
		fields, err := stringFields(e, filterFields)
		if err == nil && len(fields) == 0 {
			err = fmt.Errorf("sets none of %s, and would hide everything", strings.Join(filterFields, ", "))
		}
		if err != nil {
			warn = append(warn, fmt.Sprintf("%s: filters: %s; the rule is skipped", at, err))
			continue
		}
		out = append(out, model.FilterRule{Title: fields["title"], Author: fields["author"], Feed: fields["feed"],
			Tag: fields["tag"], Text: fields["text"], At: at})
	}
	return out, warn
}

// decodeQueries reads [[queries]]: each a name and a query. An entry
// without both, with another key, or naming a query twice is a warning
// naming its line, and is left out.
func decodeQueries(name string, data []byte, raw any) ([]Query, []string) {
	entries, warn := arrayOfTables(name, data, "queries", raw)
	var out []Query
	seen := map[string]bool{}
	pos := entryPositions(name, data, "queries")
	for i, e := range entries {
		at := pos(i)
		fields, err := stringFields(e, []string{"name", "query"})
		switch {
		case err != nil:
		case strings.TrimSpace(fields["name"]) == "" || strings.TrimSpace(fields["query"]) == "":
			err = fmt.Errorf("needs a name and a query")
		case seen[strings.ToLower(fields["name"])]:
			err = fmt.Errorf("%q is named twice", model.CleanLine(fields["name"]))
		}
		if err != nil {
			warn = append(warn, fmt.Sprintf("%s: queries: %s; the entry is skipped", at, err))
			continue
		}
		seen[strings.ToLower(fields["name"])] = true
		out = append(out, Query{Name: model.CleanLine(fields["name"]), Query: fields["query"], At: at})
	}
	return out, warn
}

// arrayOfTables reads raw as an array of tables; anything else is one
// warning, and no entries.
func arrayOfTables(name string, data []byte, key string, raw any) ([]any, []string) {
	if raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, []string{fmt.Sprintf("%s: %s is not a list of [[%s]] tables; it is ignored", entryPositions(name, data, key)(0), key, key)}
	}
	return list, nil
}

// stringFields reads an entry whose keys, all among known, are strings.
func stringFields(e any, known []string) (map[string]string, error) {
	m, ok := e.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("is not a table of %s", strings.Join(known, ", "))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := map[string]string{}
	for _, k := range keys {
		if !slices.Contains(known, k) {
			return nil, fmt.Errorf("unknown key %q (%s)", model.CleanLine(k), strings.Join(known, ", "))
		}
		s, ok := m[k].(string)
		if !ok {
			return nil, fmt.Errorf("%s is not a string", k)
		}
		if strings.TrimSpace(s) != "" {
			out[k] = s
		}
	}
	return out, nil
}

// entryPositions returns the file and line of the i-th [[key]] entry. The
// file is indexed at the first call, once for every entry: indexing it for
// each took most of the time of reading a configuration with a few dozen
// rules, at every start.
func entryPositions(name string, data []byte, key string) func(i int) string {
	var d *doc
	var err error
	return func(i int) string {
		if d == nil && err == nil {
			d, err = index(data)
		}
		if err != nil {
			return name
		}
		if at, ok := d.entryKey(key, i, ""); ok {
			return fmt.Sprintf("%s:%d", name, d.line(at))
		}
		return name
	}
}
