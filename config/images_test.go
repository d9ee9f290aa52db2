package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImagesSetting(t *testing.T) {
	c, err := Parse("c.toml", []byte("[settings]\nimages = \"HalfBlocks\"\n"))
	if err != nil || c.Settings.Images != "halfblocks" {
		t.Fatalf("images = \"HalfBlocks\" read as %q, %v", c.Settings.Images, err)
	}
	if c, _ := Parse("c.toml", []byte("[settings]\ntheme = \"dark\"\n")); c.Settings.Images != "" {
		t.Errorf("images is %q without being set; auto (\"\") is the default", c.Settings.Images)
	}
	for _, bad := range []string{"images = \"pictures\"", "images = true"} {
		_, err := Parse("c.toml", []byte("[settings]\ntheme = \"dark\"\n"+bad+"\n"))
		if err == nil || !strings.Contains(err.Error(), "c.toml:3") || !strings.Contains(err.Error(), "halfblocks") {
			t.Errorf("%s: %v; want an error at line 3 listing the values", bad, err)
		}
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	c, err = LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Settings.Images = "off"
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	back, err := Parse(path, data)
	if err != nil || back.Settings.Images != "off" {
		t.Errorf("saved as\n%s\nread back %+v, %v", data, back.Settings, err)
	}
}
