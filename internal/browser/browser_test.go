package browser

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// record replaces the command runner for one test and returns the argv of
// every command started. fail makes the runner fail for those programs.
func record(t *testing.T, fail ...string) *[][]string {
	t.Helper()
	var got [][]string
	old := start
	start = func(argv []string) error {
		got = append(got, append([]string(nil), argv...))
		for _, f := range fail {
			if argv[0] == f {
				return errors.New("executable file not found")
			}
		}
		return nil
	}
	t.Cleanup(func() { start = old })
	return &got
}

func defaultOpener(u string) []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{"open", u}
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", u}
	}
	return []string{"xdg-open", u}
}

func TestOpenAcceptsWebURLs(t *testing.T) {
	for u, passed := range map[string]string{
		"http://example.com/":                             "http://example.com/",
		"https://example.com/news/story?id=7&lang=en#top": "https://example.com/news/story?id=7&lang=en#top",
		// The URL is passed as net/url writes it back.
		"HTTPS://Example.com/a": "https://Example.com/a",
	} {
		t.Setenv("BROWSER", "")
		got := record(t)
		if err := Open(context.Background(), u); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		want := [][]string{defaultOpener(passed)}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: started %q, want %q", u, *got, want)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	for _, u := range []string{
		"file:///etc/passwd",
		"javascript:alert(1)",
		"JavaScript:alert(document.cookie)",
		"data:text/html,<script>alert(1)</script>",
		"mailto:someone@example.com",
		"/relative/path",
		"relative/path",
		"//example.com/no-scheme",
		"-http://example.com/",
		"http:///no-host",
		"http:opaque",
		"",
		"http://example.com/a b",
		"http://example.com/\x00",
		"http://example.com/\nSet-Cookie:x",
		"http://example.com/\x1b]52;c;aGk=\a",
		"http://example.com/\u202egnp.exe",
		"http://example.com/\x7f",
		"http://example.com/\xff",
		"http://example.com/\u00a0",
		"https://bank.example:secret@evil.example/",
		"https://bank.example@evil.example/",
	} {
		t.Setenv("BROWSER", "")
		got := record(t)
		err := Open(context.Background(), u)
		if err == nil {
			t.Errorf("%q: no error", u)
			continue
		}
		if !strings.Contains(err.Error(), strconv.Quote(u)) {
			t.Errorf("%q: error %q does not name the URL", u, err)
		}
		if len(*got) != 0 {
			t.Errorf("%q: started %q", u, *got)
		}
	}
}

func TestOpenBrowserEnv(t *testing.T) {
	const u = "https://example.com/story?a=1&b=2"
	sep := string(filepath.ListSeparator)
	cases := []struct {
		env  string
		fail []string
		want [][]string
	}{
		{"firefox", nil, [][]string{{"firefox", u}}},
		{"firefox --new-tab", nil, [][]string{{"firefox", "--new-tab", u}}},
		{"mybrowser --url=%s --new", nil, [][]string{{"mybrowser", "--url=" + u, "--new"}}},
		{"mybrowser %s --label=100%%", nil, [][]string{{"mybrowser", u, "--label=100%"}}},
		// Entries are tried in turn until one starts.
		{"missing" + sep + "chromium %s", []string{"missing"}, [][]string{{"missing", u}, {"chromium", u}}},
		{sep + " " + sep + "lynx", nil, [][]string{{"lynx", u}}},
		// An interpreter would run the URL as code; it is skipped.
		{"sh -c %s" + sep + "firefox", nil, [][]string{{"firefox", u}}},
		{"/bin/bash -c" + sep + "firefox", nil, [][]string{{"firefox", u}}},
	}
	for _, c := range cases {
		t.Setenv("BROWSER", c.env)
		got := record(t, c.fail...)
		if err := Open(context.Background(), u); err != nil {
			t.Errorf("BROWSER=%q: %v", c.env, err)
		}
		if !reflect.DeepEqual(*got, c.want) {
			t.Errorf("BROWSER=%q: started %q, want %q", c.env, *got, c.want)
		}
	}
}

func TestOpenBrowserEnvOnlyShells(t *testing.T) {
	t.Setenv("BROWSER", "sh -c %s")
	got := record(t)
	if err := Open(context.Background(), "https://example.com/"); err == nil {
		t.Error("no error when $BROWSER names only a shell")
	}
	if len(*got) != 0 {
		t.Errorf("started %q", *got)
	}
}

func TestOpenAllFail(t *testing.T) {
	t.Setenv("BROWSER", "one"+string(filepath.ListSeparator)+"two")
	record(t, "one", "two")
	err := Open(context.Background(), "https://example.com/")
	if err == nil {
		t.Fatal("no error when no browser starts")
	}
	for _, want := range []string{`"https://example.com/"`, "one", "two", "not found"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestOpenCancelled(t *testing.T) {
	t.Setenv("BROWSER", "")
	got := record(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Open(ctx, "https://example.com/"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if len(*got) != 0 {
		t.Errorf("started %q", *got)
	}
}

func TestCommandsPerSystem(t *testing.T) {
	const u = "https://example.com/"
	for goos, want := range map[string][]string{
		"linux":   {"xdg-open", u},
		"freebsd": {"xdg-open", u},
		"openbsd": {"xdg-open", u},
		"darwin":  {"open", u},
		"windows": {"rundll32", "url.dll,FileProtocolHandler", u},
	} {
		if got := commands(goos, "", u); !reflect.DeepEqual(got, [][]string{want}) {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}

// TestStartDetached runs a real, harmless program to check that the runner
// returns without waiting for it and reports a missing program.
func TestStartDetached(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no sleep command")
	}
	if err := startDetached([]string{"sleep", "0.2"}); err != nil {
		t.Errorf("sleep: %v", err)
	}
	if err := startDetached([]string{"bulletin-no-such-browser-program"}); err == nil {
		t.Error("no error for a missing program")
	}
}
