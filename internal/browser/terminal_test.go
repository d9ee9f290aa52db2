package browser

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestInTerminalChoosesTheFirstBrowserThatExists(t *testing.T) {
	installed := map[string]bool{"w3m": true, "/opt/bin/lynx": true, "firefox": true, "my-reader": true}
	lookPath := func(p string) (string, error) {
		if installed[p] {
			return "/usr/bin/" + p, nil
		}
		return "", errors.New("not found")
	}
	const u = "https://news.example/a"
	for _, tt := range []struct {
		env   string
		force bool
		want  []string // nil: open detached
	}{
		{"w3m", false, []string{"w3m", u}},
		{"/opt/bin/lynx -accept_all_cookies", false, []string{"/opt/bin/lynx", "-accept_all_cookies", u}},
		{"missing-browser:w3m:firefox", false, []string{"w3m", u}},
		{"firefox:w3m", false, nil}, // the first that exists is graphical
		{"ELINKS", false, nil},      // not installed under that name
		{"my-reader %s --fast", true, []string{"my-reader", u, "--fast"}}, // browser_terminal
		{"missing-browser", true, nil},
		{"", true, nil},
		{"sh -c %s:w3m", false, []string{"w3m", u}}, // a shell entry is never run
	} {
		argv, ok, err := inTerminal(u, tt.env, tt.force, lookPath)
		if err != nil {
			t.Fatalf("%q: %v", tt.env, err)
		}
		if ok != (tt.want != nil) || !reflect.DeepEqual(argv, tt.want) {
			t.Errorf("BROWSER=%q force=%v: %q %v, want %q", tt.env, tt.force, argv, ok, tt.want)
		}
	}
}

func TestInTerminalKeepsTheLinkRules(t *testing.T) {
	lookPath := func(p string) (string, error) { return p, nil }
	for _, bad := range []string{"file:///etc/passwd", "javascript:alert(1)", "https://bank.example@evil.example/"} {
		if _, ok, err := inTerminal(bad, "w3m", true, lookPath); ok || err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("%q: ok %v err %v, want refused", bad, ok, err)
		}
	}
}
