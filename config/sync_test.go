package config

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSyncTable(t *testing.T) {
	c, err := Parse("c.toml", []byte("[sync]\nurl = \"https://reader.example/\"\nusername = \"ann\"\npassword_command = [\"pass\", \"show\", \"feeds\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sync == nil || c.Sync.URL != "https://reader.example/" || c.Sync.Username != "ann" || !slices.Equal(c.Sync.PasswordCommand, []string{"pass", "show", "feeds"}) {
		t.Errorf("sync = %+v", c.Sync)
	}
	if c, _ := Parse("c.toml", []byte("[settings]\nworkers = 2\n")); c.Sync != nil {
		t.Errorf("no [sync], yet %+v", c.Sync)
	}
	ex, _ := Parse("example.toml", Example())
	if ex.Sync == nil || ex.Sync.Username != "me" {
		t.Errorf("the example's [sync]: %+v", ex.Sync)
	}
}

func TestSyncErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"[sync]\nurl = \"ftp://x\"\nusername = \"a\"\n", `c.toml:2: sync.url: "ftp://x" is not an http or https address`},
		{"[sync]\nurl = \"https://x/\"\n", "c.toml:1: sync.username: missing"},
		{"[sync]\nurl = \"https://x/\"\nusername = \"a\"\npassword = \"hunter2\"\n", "c.toml:4: sync.password: bulletin reads no password from its configuration"},
		{"[sync]\nurl = \"https://x/\"\nusername = \"a\"\npasword_command = [\"x\"]\n", "c.toml:4: sync.pasword_command: unknown key"},
		{"[sync]\nurl = \"https://x/\"\nusername = \"a\"\npassword_command = \"pass show\"\n", "c.toml:4: sync.password_command: pass show is not a list"},
	} {
		_, err := Parse("c.toml", []byte(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant %q", tc.file, err, tc.want)
		}
	}
}

func TestSaveKeepsSync(t *testing.T) {
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	const table = "[sync]\nurl = \"https://reader.example/\"\nusername = \"ann\"\npassword_command = [\"pass\", \"feeds\"]\n"
	os.WriteFile(path, []byte(table), 0o600)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	c.AddFeed(Feed{URL: "https://new.example/feed"})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c, err = Load()
	if err != nil || c.Sync == nil || c.Sync.Username != "ann" || len(c.Feeds) != 1 {
		t.Errorf("after a save: %+v, %v\n%s", c, err, readFile(t, path))
	}
}

func TestSyncPassword(t *testing.T) {
	ctx := context.Background()
	s := &Sync{URL: "https://reader.example/", Username: "ann", PasswordCommand: []string{"echo", "s3cret; not a shell"}, file: "c.toml"}
	if p, err := s.Password(ctx); err != nil || p != "s3cret; not a shell" {
		t.Errorf("from the command: %q, %v", p, err)
	}
	s.PasswordCommand = []string{"false"}
	if _, err := s.Password(ctx); err == nil || !strings.Contains(err.Error(), `password_command "false" of c.toml failed`) {
		t.Errorf("a failing command: %v", err)
	}
	s.PasswordCommand = nil
	t.Setenv(PasswordEnv, "from-env")
	if p, err := s.Password(ctx); err != nil || p != "from-env" {
		t.Errorf("from the environment: %q, %v", p, err)
	}
	t.Setenv(PasswordEnv, "")
	if _, err := s.Password(ctx); err == nil || !strings.Contains(err.Error(), "c.toml") || !strings.Contains(err.Error(), PasswordEnv) {
		t.Errorf("no password: %v", err)
	}
}
