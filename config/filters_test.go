package config

import (
	"strings"
	"testing"
)

// TestFiltersAndQueries reads rules and saved searches in the file's order,
// each with its line.
func TestFiltersAndQueries(t *testing.T) {
	doc := `[[filters]]
title = "horoscope"

[[filters]]
feed = "Example Daily"
text = '"sponsored content"'

[[queries]]
name = "Elections"
query = "elect* ballot"
`
	c, err := Parse("config.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings: %q", c.Warnings)
	}
	if len(c.Filters) != 2 || c.Filters[0].Title != "horoscope" || c.Filters[1].Feed != "Example Daily" ||
		c.Filters[1].Text != `"sponsored content"` || c.Filters[1].At != "config.toml:4" {
		t.Errorf("filters = %+v", c.Filters)
	}
	if len(c.Queries) != 1 || c.Queries[0] != (Query{Name: "Elections", Query: "elect* ballot", At: "config.toml:8"}) {
		t.Errorf("queries = %+v", c.Queries)
	}
}

// TestFilterMistakes skips each wrong rule with its line and keeps the
// others: an unknown key, a value that is not a string, an empty rule, a
// query without a name or named twice.
func TestFilterMistakes(t *testing.T) {
	doc := `[[filters]]
colour = "red"

[[filters]]
title = "horoscope"

[[filters]]
tag = 3

[[filters]]

[[queries]]
name = "Elections"
query = "elect*"

[[queries]]
name = "elections"
query = "vote"

[[queries]]
query = "nameless"
`
	c, err := Parse("config.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Filters) != 1 || c.Filters[0].Title != "horoscope" {
		t.Errorf("filters = %+v, want only the horoscope rule", c.Filters)
	}
	if len(c.Queries) != 1 || c.Queries[0].Name != "Elections" {
		t.Errorf("queries = %+v, want only Elections", c.Queries)
	}
	want := []string{
		`config.toml:1: filters: unknown key "colour"`,
		`config.toml:7: filters: tag is not a string`,
		`config.toml:10: filters: sets none of`,
		`config.toml:16: queries: "elections" is named twice`,
		`config.toml:20: queries: needs a name and a query`,
	}
	got := strings.Join(c.Warnings, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("warnings:\n%s\nwant one starting %q", got, w)
		}
	}
	if len(c.FilterWarnings) != len(want) {
		t.Errorf("FilterWarnings %q, want the %d of the rules and searches", c.FilterWarnings, len(want))
	}
	if len(c.Warnings) != len(want) {
		t.Errorf("%d warnings, want %d:\n%s", len(c.Warnings), len(want), got)
	}
}

// TestFiltersNotAList says so when filters is not a list of tables.
func TestFiltersNotAList(t *testing.T) {
	c, err := Parse("config.toml", []byte("filters = \"horoscope\"\n\n[settings]\nworkers = 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Filters) != 0 || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "filters is not a list of [[filters]] tables") {
		t.Errorf("filters %+v, warnings %q", c.Filters, c.Warnings)
	}
}

// TestSaveKeepsFilters: adding a feed leaves the rules and saved searches
// as written, comments and all.
func TestSaveKeepsFilters(t *testing.T) {
	doc := `# my killfile
[[filters]]
title = "horoscope" # daily nonsense
tag = "sport"

[[queries]]
name = "Elections" # the big one
query = "elect*"
`
	back, err := savedOver(t, doc)
	if err != nil || len(back.Filters) != 1 || back.Filters[0].Tag != "sport" || len(back.Queries) != 1 || back.Queries[0].Query != "elect*" {
		t.Fatalf("read back %+v %+v, %v", back.Filters, back.Queries, err)
	}
}
