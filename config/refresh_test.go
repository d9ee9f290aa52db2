package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRefreshSettings(t *testing.T) {
	c, err := Parse("c.toml", []byte("[settings]\nrefresh_on_start = true\nrefresh_interval = \"30m\"\n"))
	if err != nil || !c.Settings.RefreshOnStart || c.Settings.RefreshInterval.Duration != 30*time.Minute {
		t.Fatalf("read as %+v, %v", c.Settings, err)
	}
	for _, doc := range []string{"[settings]\ntheme = \"dark\"\n", "[settings]\nrefresh_interval = \"0\"\n", "[settings]\nrefresh_interval = 0\n"} {
		c, err := Parse("c.toml", []byte(doc))
		if err != nil || c.Settings.RefreshOnStart || c.Settings.RefreshInterval.Duration != 0 {
			t.Errorf("%q: automatic refresh is on: %+v, %v", doc, c.Settings, err)
		}
	}
	if c, err := Parse("c.toml", []byte("[settings]\nrefresh_interval = 60\n")); err != nil || c.Settings.RefreshInterval.Duration != time.Minute {
		t.Errorf("60 seconds, the minimum, read as %+v, %v", c, err)
	}
}

func TestRefreshIntervalErrorsNameTheLine(t *testing.T) {
	for doc, why := range map[string]string{
		"[settings]\nworkers = 2\n\nrefresh_interval = \"30s\"\n": `c.toml:4:1: settings.refresh_interval: 30s is shorter than the minimum of one minute (0 turns it off)`,
		"[settings]\nrefresh_interval = 59\n":                     `c.toml:2:1: settings.refresh_interval: 59s is shorter`,
		"[settings]\nrefresh_interval = \"often\"\n":              `c.toml:2:1: settings.refresh_interval: "often" is not a duration`,
		"[settings]\nrefresh_interval = \"-5m\"\n":                `c.toml:2:1: settings.refresh_interval: "-5m" is negative`,
		"[settings]\nrefresh_on_start = \"yes\"\n":                `c.toml:2`,
	} {
		if _, err := Parse("c.toml", []byte(doc)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want %q", doc, err, why)
		}
	}
}

func TestRefreshSettingsSaved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[settings]\nrefresh_interval = \"45m\" # mine\n"), 0o600)
	c, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Settings.RefreshOnStart = true
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	back, err := Parse(path, data)
	if err != nil || !back.Settings.RefreshOnStart || back.Settings.RefreshInterval.Duration != 45*time.Minute {
		t.Fatalf("saved as\n%s\nread back %+v, %v", data, back.Settings, err)
	}
	if !strings.Contains(string(data), "refresh_interval = \"45m\" # mine") {
		t.Errorf("the interval lost its comment:\n%s", data)
	}
	back, err = LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	back.Settings.RefreshInterval = Duration{}
	if err := back.Save(); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if again, err := Parse(path, data); err != nil || again.Settings.RefreshInterval.Duration != 0 {
		t.Errorf("turned off, saved as\n%s\nread back %+v, %v", data, again, err)
	}
}
