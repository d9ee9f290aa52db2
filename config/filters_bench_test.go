package config

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseFilters reads a configuration of 40 feeds, 30 filters and
// 10 saved searches, as every command does at start.
func BenchmarkParseFilters(b *testing.B) {
	var s strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&s, "[[feeds]]\nurl = \"https://example.com/%d.xml\"\ntags = [\"a\", \"b\"]\n\n", i)
	}
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&s, "[[filters]]\ntitle = \"sponsored %d\"\nfeed = \"Example\"\n\n", i)
	}
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&s, "[[queries]]\nname = \"Q%d\"\nquery = \"elect* %d\"\n\n", i, i)
	}
	data := []byte(s.String())
	for b.Loop() {
		if _, err := Parse("config.toml", data); err != nil {
			b.Fatal(err)
		}
	}
}
