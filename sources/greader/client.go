// Package greader is a client of the Google Reader API, the subset that
// Miniflux, FreshRSS, Inoreader, BazQux and The Old Reader all answer:
// login, the subscription and tag lists, item ids by stream, item
// contents by id, and the edits of read and starred state and of
// subscriptions. Everything the server sends is untrusted: answers are
// read up to a bound, and a body that is not what the API promises is an
// error naming the URL, never a panic.
package greader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"bulletin/model"
)

// Streams and states of the API.
const (
	ReadingList = "user/-/state/com.google/reading-list"
	Read        = "user/-/state/com.google/read"
	Starred     = "user/-/state/com.google/starred"
	labelPrefix = "user/-/label/"
	feedPrefix  = "feed/"
)

// DefaultMaxBody bounds one answer. A batch of item contents is the
// largest answer; 100 items of a few hundred KB each fit.
const DefaultMaxBody = 64 << 20

// Errors a caller tells apart with errors.Is.
var (
	// ErrWrongPassword is a login the server refused.
	ErrWrongPassword = errors.New("wrong user name or password")
	// ErrUnreachable is a server that could not be reached at all.
	ErrUnreachable = errors.New("server unreachable")
)

// StatusError is an answer with an error status.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: server error: %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// BadAnswerError is an answer that is not what the API promises.
type BadAnswerError struct {
	URL string
	Err error
}

func (e *BadAnswerError) Error() string {
	return fmt.Sprintf("%s: the answer is not what the Google Reader API gives: %v", e.URL, e.Err)
}

func (e *BadAnswerError) Unwrap() error { return e.Err }

// Client talks to one account. It is safe for concurrent use.
type Client struct {
	// Base is the API's root, e.g. https://host/ for Miniflux (the client
	// adds accounts/ClientLogin and reader/api/0/...).
	base     *url.URL
	user     string
	password string
	// HTTP is the client requests go through.
	HTTP *http.Client
	// MaxBody bounds one answer (DefaultMaxBody when 0).
	MaxBody int64

	mu    sync.Mutex
	auth  string
	token string
}

// New returns a client of the account user at base, not logged in yet.
func New(base, user, password string) (*Client, error) {
	u, err := model.WebLink(base)
	if err != nil {
		return nil, fmt.Errorf("sync url %q is not an http or https address", base)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return &Client{base: u, user: user, password: password, HTTP: http.DefaultClient}, nil
}

// URL is the server's address as given.
func (c *Client) URL() string { return c.base.String() }

func (c *Client) endpoint(path string, q url.Values) string {
	u := c.base.JoinPath(path)
	if q != nil {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Login asks the server for an auth token with the user name and password.
func (c *Client) Login(ctx context.Context) error {
	where := c.endpoint("accounts/ClientLogin", nil)
	form := url.Values{"Email": {c.user}, "Passwd": {c.password}}
	body, status, _, err := c.do(ctx, http.MethodPost, where, form, "")
	if err != nil {
		return err
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("%s: %w for %q", c.URL(), ErrWrongPassword, c.user)
	case status != http.StatusOK:
		return &StatusError{URL: where, Status: status}
	}
	auth := authOf(body)
	if auth == "" {
		return &BadAnswerError{URL: where, Err: errors.New("no Auth= line")}
	}
	c.mu.Lock()
	c.auth, c.token = auth, ""
	c.mu.Unlock()
	return nil
}

// authOf finds the Auth token in a ClientLogin answer (lines of key=value).
func authOf(body []byte) string {
	for line := range strings.SplitSeq(string(body), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Auth="); ok {
			return v
		}
	}
	return ""
}

// get fetches an API path with the auth header, logging in first when
// needed and once more when the server forgot the login.
func (c *Client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	where := c.endpoint(path, q)
	for try := 0; ; try++ {
		auth, err := c.authToken(ctx)
		if err != nil {
			return nil, err
		}
		body, status, _, err := c.do(ctx, http.MethodGet, where, nil, auth)
		if err != nil {
			return nil, err
		}
		if status == http.StatusUnauthorized && try == 0 {
			c.forget()
			continue
		}
		return body, checkStatus(where, status)
	}
}

// post sends a write: the form with the write token T, which is fetched
// again when the server answers that it is stale.
func (c *Client) post(ctx context.Context, path string, form url.Values) ([]byte, error) {
	where := c.endpoint(path, nil)
	for try := 0; ; try++ {
		auth, err := c.authToken(ctx)
		if err != nil {
			return nil, err
		}
		token, err := c.writeToken(ctx, auth)
		if err != nil {
			return nil, err
		}
		form.Set("T", token)
		body, status, header, err := c.do(ctx, http.MethodPost, where, form, auth)
		if err != nil {
			return nil, err
		}
		if status == http.StatusUnauthorized && try == 0 {
			if header.Get("X-Reader-Google-Bad-Token") != "" {
				c.mu.Lock()
				c.token = ""
				c.mu.Unlock()
			} else {
				c.forget()
			}
			continue
		}
		return body, checkStatus(where, status)
	}
}

func (c *Client) forget() {
	c.mu.Lock()
	c.auth, c.token = "", ""
	c.mu.Unlock()
}

func (c *Client) authToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	auth := c.auth
	c.mu.Unlock()
	if auth != "" {
		return auth, nil
	}
	if err := c.Login(ctx); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auth, nil
}

func (c *Client) writeToken(ctx context.Context, auth string) (string, error) {
	c.mu.Lock()
	token := c.token
	c.mu.Unlock()
	if token != "" {
		return token, nil
	}
	where := c.endpoint("reader/api/0/token", nil)
	body, status, _, err := c.do(ctx, http.MethodGet, where, nil, auth)
	if err != nil {
		return "", err
	}
	if status == http.StatusUnauthorized {
		c.forget()
		return "", fmt.Errorf("%s: %w for %q (the server refused the login it gave)", c.URL(), ErrWrongPassword, c.user)
	}
	if err := checkStatus(where, status); err != nil {
		return "", err
	}
	token = strings.TrimSpace(string(body))
	if token == "" || strings.ContainsAny(token, "\r\n") {
		return "", &BadAnswerError{URL: where, Err: errors.New("no token")}
	}
	c.mu.Lock()
	c.token = token
	c.mu.Unlock()
	return token, nil
}

func checkStatus(where string, status int) error {
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		return fmt.Errorf("%s: %w (the server answered %d)", where, ErrWrongPassword, status)
	}
	if status < 200 || status > 299 {
		return &StatusError{URL: where, Status: status}
	}
	return nil
}

// do sends one request and reads the answer up to MaxBody.
func (c *Client) do(ctx context.Context, method, where string, form url.Values, auth string) ([]byte, int, http.Header, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, where, body)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("%s: %w", where, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if auth != "" {
		req.Header.Set("Authorization", "GoogleLogin auth="+auth)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, 0, nil, c.transportError(ctx, where, err)
	}
	defer resp.Body.Close()
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, 0, nil, c.transportError(ctx, where, err)
	}
	if int64(len(data)) > limit {
		return nil, 0, nil, &BadAnswerError{URL: where, Err: fmt.Errorf("the answer is larger than %d bytes", limit)}
	}
	return data, resp.StatusCode, resp.Header, nil
}

func (c *Client) transportError(ctx context.Context, where string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return fmt.Errorf("%s: %w: %v", c.URL(), ErrUnreachable, op.Err)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Errorf("%s: %w: %v", c.URL(), ErrUnreachable, dns)
	}
	return fmt.Errorf("%s: %w", where, err)
}
