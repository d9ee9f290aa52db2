package model

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrNoLink is WebLink's error for an empty link.
var ErrNoLink = errors.New("no web link")

// WebLink checks that link is a web page bulletin may fetch or hand to a
// browser: an absolute http or https URL with a host. Any other scheme
// (file:, javascript:, data:) could read the user's disk or run code when
// it comes from a feed. The error says why not, in a few words.
func WebLink(link string) (*url.URL, error) {
	if link == "" {
		return nil, ErrNoLink
	}
	u, err := url.Parse(link)
	if err != nil {
		return nil, errors.New("not a valid URL")
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return nil, errors.New("not an absolute URL (http or https)")
	default:
		return nil, fmt.Errorf("unsupported scheme %q (http or https)", CleanLine(u.Scheme))
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, errors.New("the URL has no host")
	}
	return u, nil
}

// DisguisedHost reports a web link that carries user info
// ("https://bank.example@evil.example/"), which reads as one site's address
// and goes to another: host is where the link really goes and disguise is
// the user info up to its "@", both cleaned for the screen. ok is false for
// a link without user info. A feed has no business logging the reader in,
// so such a link is opened, if at all, without its user info
// (WithoutUserInfo) and only once the reader has seen the real host.
func DisguisedHost(u *url.URL) (host, disguise string, ok bool) {
	if u == nil || u.User == nil {
		return "", "", false
	}
	return CleanLine(u.Hostname()), CleanLine(u.User.String()) + "@", true
}

// WithoutUserInfo is u's address with its user info left out.
func WithoutUserInfo(u *url.URL) string {
	bare := *u
	bare.User = nil
	return bare.String()
}

// FetchFailure says in words why fetching url failed: when the site could
// not be reached at all, that it may be offline, with the network's error
// as detail; else the error itself, without the packages' prefixes and
// the address, which the caller names beside it (detail is then "").
func FetchFailure(url string, err error) (why, detail string) {
	msg := err.Error()
	for _, p := range []string{"store: ", "feeds: ", "feed: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	msg = CleanLine(strings.TrimPrefix(msg, CleanLine(url)+": "))
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		return "offline, or the site's name does not resolve", msg
	case errors.As(err, &op) && op.Op == "dial":
		return "offline, or the site cannot be reached", msg
	}
	return msg, ""
}
