package model

import (
	"errors"
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
