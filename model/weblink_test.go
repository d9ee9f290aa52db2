package model

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
)

func TestWebLink(t *testing.T) {
	for _, ok := range []string{"http://example.com/a?b=c", "HTTPS://example.com"} {
		if _, err := WebLink(ok); err != nil {
			t.Errorf("WebLink(%q) = %v", ok, err)
		}
	}
	for link, why := range map[string]string{
		"":                    "no web link",
		"file:///etc/passwd":  `unsupported scheme "file"`,
		"javascript:alert(1)": `unsupported scheme "javascript"`,
		"/relative/page":      "not an absolute URL",
		"http:opaque":         "no host",
		"https:///no-host":    "no host",
		"http://[::1":         "not a valid URL",
		"ftp://example.com/x": `unsupported scheme "ftp"`,
		"data:text/html,<b>x": `unsupported scheme "data"`,
		// Protocol-relative: the feed's scheme is the parser's to add;
		// without it the link is refused, not guessed at.
		"//cdn.example/x": "not an absolute URL",
	} {
		_, err := WebLink(link)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("WebLink(%q) = %v, want an error saying %q", link, err, why)
		}
	}
	if _, err := WebLink(""); !errors.Is(err, ErrNoLink) {
		t.Errorf("empty link: %v, want ErrNoLink", err)
	}
}

func TestDisguisedHost(t *testing.T) {
	for link, want := range map[string][3]string{
		"https://bank.example:secret@evil.example/login": {"evil.example", "bank.example:secret@", "https://evil.example/login"},
		"https://bank.example@evil.example:8443/":        {"evil.example", "bank.example@", "https://evil.example:8443/"},
		"http://%1b%5b2J@evil.example/":                  {"evil.example", "%1B%5B2J@", "http://evil.example/"},
		"http://@evil.example/":                          {"evil.example", "@", "http://evil.example/"},
	} {
		u, err := WebLink(link)
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		host, disguise, ok := DisguisedHost(u)
		if !ok || host != want[0] || disguise != want[1] || WithoutUserInfo(u) != want[2] {
			t.Errorf("%s: host %q, disguise %q, %v, bare %q; want %q", link, host, disguise, ok, WithoutUserInfo(u), want)
		}
	}
	u, _ := WebLink("https://news.example/a@b")
	if _, _, ok := DisguisedHost(u); ok {
		t.Error("an @ in the path is no user info")
	}
}

func TestFetchFailureInWords(t *testing.T) {
	const u = "https://news.example/news/1"
	offline := fmt.Errorf("feed: %s: %w", u, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")})
	if why, detail := FetchFailure(u, offline); why != "offline, or the site cannot be reached" || !strings.Contains(detail, "connection refused") {
		t.Errorf("offline: %q, %q", why, detail)
	}
	noName := fmt.Errorf("feed: %s: %w", u, &net.DNSError{Err: "no such host", Name: "news.example"})
	if why, _ := FetchFailure(u, noName); why != "offline, or the site's name does not resolve" {
		t.Errorf("no name: %q", why)
	}
	notFound := fmt.Errorf("feeds: feed: %s: 404 Not Found", u)
	if why, detail := FetchFailure(u, notFound); why != "404 Not Found" || detail != "" {
		t.Errorf("404: %q, %q", why, detail)
	}
}
