package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompactListSetting(t *testing.T) {
	c, err := Parse("c.toml", []byte("[settings]\ncompact_list = true\n"))
	if err != nil || !c.Settings.CompactList {
		t.Fatalf("compact_list = true read as %+v, %v", c.Settings, err)
	}
	if c, _ := Parse("c.toml", []byte("[settings]\ntheme = \"dark\"\n")); c.Settings.CompactList {
		t.Error("compact_list is on without being set; two lines are the default")
	}
	if _, err := Parse("c.toml", []byte("[settings]\ncompact_list = \"yes\"\n")); err == nil || !strings.Contains(err.Error(), "c.toml:2") {
		t.Errorf("a compact_list that is no boolean: %v", err)
	}
	// Saved and read back.
	path := filepath.Join(t.TempDir(), "config.toml")
	c, err = LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Settings.CompactList = true
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	back, err := Parse(path, data)
	if err != nil || !back.Settings.CompactList {
		t.Errorf("saved as\n%s\nread back %+v, %v", data, back.Settings, err)
	}
}
