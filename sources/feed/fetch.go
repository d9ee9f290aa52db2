package feed

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"bulletin/model"
)

// Defaults of a Fetcher's settings.
const (
	DefaultWorkers = 32
	DefaultPerHost = 4
	// DefaultStreamsPerHost is 32 because HTTP/2 streams cost a host no
	// more connections, only requests at once: 32 is what a browser loading
	// one page sends a host, a third of the 100 streams RFC 9113 asks
	// servers to allow (so the server's own limit is never what holds us
	// back), and the default pool of Workers, beyond which more streams
	// could not be used anyway. At 50 ms a response it turns 1000 feeds of
	// one host from 13 s at 4 at once into under 2 s.
	DefaultStreamsPerHost = 32
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxBytes       = 16 << 20
	DefaultMaxRedirects   = 5
	DefaultDeadline       = 60 * time.Second
	// HostTimeouts is how many timeouts of one host, in one FetchAll,
	// make it give up that host's other feeds: a host that accepts
	// connections and never answers would otherwise hold PerHost
	// workers for a Timeout per PerHost of its feeds.
	HostTimeouts = 2
	// MaxRetryAfter caps how long a Retry-After can keep a feed waiting, so
	// a hostile or broken server cannot park a feed for ever.
	MaxRetryAfter = 24 * time.Hour
)

// ErrTooLarge marks a body, after decompression, larger than MaxBytes.
var ErrTooLarge = errors.New("the feed is larger than the limit")

// ErrDeadline marks a feed that FetchAll's Deadline cut off, or left
// unfetched.
var ErrDeadline = errors.New("refresh deadline reached")

// ErrHostNotAnswering marks a feed that FetchAll gave up because its host
// timed out HostTimeouts times.
var ErrHostNotAnswering = errors.New("host not answering")

// deadlineError is why a feed was cut off by FetchAll's Deadline.
type deadlineError struct{ d time.Duration }

func (e deadlineError) Error() string {
	return "refresh deadline (" + seconds(e.d) + ") reached"
}

func (e deadlineError) Is(target error) bool { return target == ErrDeadline }

// hostError is why the feeds of a host that stopped answering were given
// up.
type hostError struct {
	timeouts int
	timeout  time.Duration
}

func (e hostError) Error() string {
	return fmt.Sprintf("host not answering: %d of its feeds timed out after %s in this refresh", e.timeouts, seconds(e.timeout))
}

func (e hostError) Is(target error) bool { return target == ErrHostNotAnswering }

// seconds writes a duration as a reader would: "60s", not "1m0s".
func seconds(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return d.String()
}

// State is what a caller keeps about a feed between fetches.
type State struct {
	// URL is the feed's address: http or https, file://, or a local path.
	URL string
	// ETag and LastModified are the validators of the last full response,
	// sent back so that an unchanged feed costs a 304.
	ETag         string
	LastModified string
	// NotBefore is when the server allows the next request (from a
	// Retry-After); a fetch before then is not made (Status Deferred).
	NotBefore time.Time
}

// Status says how a fetch ended.
type Status int

const (
	// Failed: an error (Result.Err) before a usable response.
	Failed Status = iota
	// Fetched: the feed was read and parsed (Result.Feed).
	Fetched
	// NotModified: the server answered 304; nothing new.
	NotModified
	// Gone: the server answered 410; the feed should be marked gone.
	Gone
	// RetryLater: the server answered 429 or 503; State.NotBefore holds
	// its Retry-After when it gave one.
	RetryLater
	// Deferred: not fetched, because State.NotBefore is still ahead.
	Deferred
)

var statusNames = [...]string{"failed", "fetched", "not modified", "gone", "retry later", "deferred"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Result is the outcome of fetching one feed.
type Result struct {
	// Index is the feed's position in the slice given to FetchAll.
	Index int
	// State is the state to keep for the next fetch: validators from this
	// response (kept from before on a 304 or a failure), NotBefore, and the
	// new URL after a permanent redirect.
	State State
	// MovedTo is the new URL when every redirect up to it was permanent
	// (301 or 308); the caller should store it in place of the old one.
	MovedTo string
	Status  Status
	// Code is the HTTP status of the last response, 0 for files and for
	// failures before a response.
	Code int
	// Feed is the parsed feed when Status is Fetched.
	Feed *Feed
	// Alternates are the feeds an HTML page links to, when the URL named a
	// page instead of a feed (Err then wraps ErrNotFeed).
	Alternates []Link
	// Err names the URL and says what went wrong; nil unless Failed,
	// RetryLater or Gone.
	Err error
	// Bytes is the size of the body read (after decompression).
	Bytes   int64
	Elapsed time.Duration

	// proto is the major HTTP version the feed's own host answered in; 0
	// when it did not answer, or a redirect made another host answer.
	proto int
}

// Fetcher fetches feeds. Its zero value is ready to use with the defaults;
// set the fields before the first fetch, and not after. It is safe for
// concurrent use, and keeps connections alive between fetches.
type Fetcher struct {
	// Workers bounds the feeds fetched at once (default 32).
	Workers int
	// PerHost bounds the connections to one host, and the feeds of one
	// host fetched at once over HTTP/1 (default 4).
	PerHost int
	// StreamsPerHost bounds the feeds of one host fetched at once once
	// the host has answered over HTTP/2 (default DefaultStreamsPerHost):
	// they share its connections, still at most PerHost, as streams.
	StreamsPerHost int
	// ConnectTimeout bounds connecting, TLS included (default 10 s).
	ConnectTimeout time.Duration
	// Timeout bounds one feed's fetch, from the request to the end of the
	// body (default 30 s).
	Timeout time.Duration
	// Deadline bounds a whole FetchAll (default 60 s): the fetches under
	// way then are cut off and the feeds not started fail at once, each
	// with an error that wraps ErrDeadline.
	Deadline time.Duration
	// MaxBytes bounds a body after decompression (default 16 MiB).
	MaxBytes int64
	// MaxRedirects bounds the redirects followed (default 5).
	MaxRedirects int
	// UserAgent is sent with every request (default UserAgent("", "")).
	UserAgent string
	// Now tells the time (default time.Now): first-seen times and
	// Retry-After.
	Now func() time.Time
	// SkipMarkdown parses feeds with ParseOptions.SkipMarkdown: items keep
	// their HTML for a later Markdown, which halves the cost of a refresh.
	SkipMarkdown bool

	// rootCAs, when set, is trusted in place of the system's
	// certificates: for tests, whose HTTPS servers sign their own.
	rootCAs *x509.CertPool

	once      sync.Once
	transport *http.Transport
}

// NewFetcher returns a Fetcher with the default settings and a User-Agent
// naming this version of bulletin and its homepage.
func NewFetcher(version, homepage string) *Fetcher {
	return &Fetcher{UserAgent: UserAgent(version, homepage)}
}

// UserAgent is the User-Agent of a bulletin version: "bulletin/1.2
// (+https://...)".
func UserAgent(version, homepage string) string {
	if version = strings.TrimSpace(version); version == "" {
		version = "dev"
	}
	ua := "bulletin/" + version
	if homepage != "" {
		ua += " (+" + homepage + ")"
	}
	return ua
}

func (f *Fetcher) init() {
	f.once.Do(func() {
		if f.Workers <= 0 {
			f.Workers = DefaultWorkers
		}
		if f.PerHost <= 0 {
			f.PerHost = DefaultPerHost
		}
		if f.StreamsPerHost <= 0 {
			f.StreamsPerHost = DefaultStreamsPerHost
		}
		if f.ConnectTimeout <= 0 {
			f.ConnectTimeout = DefaultConnectTimeout
		}
		if f.Timeout <= 0 {
			f.Timeout = DefaultTimeout
		}
		if f.Deadline <= 0 {
			f.Deadline = DefaultDeadline
		}
		if f.MaxBytes <= 0 {
			f.MaxBytes = DefaultMaxBytes
		}
		if f.MaxRedirects <= 0 {
			f.MaxRedirects = DefaultMaxRedirects
		}
		if f.UserAgent == "" {
			f.UserAgent = UserAgent("", "")
		}
		if f.Now == nil {
			f.Now = time.Now
		}
		dialer := &net.Dialer{Timeout: f.ConnectTimeout, KeepAlive: 30 * time.Second}
		var tlsConfig *tls.Config
		if f.rootCAs != nil {
			tlsConfig = &tls.Config{RootCAs: f.rootCAs}
		}
		f.transport = &http.Transport{
			Proxy:           http.ProxyFromEnvironment,
			DialContext:     dialer.DialContext,
			TLSClientConfig: tlsConfig,
			// A custom DialContext or TLSClientConfig turns HTTP/2 off
			// unless it is forced.
			ForceAttemptHTTP2: true,
			// Strict: at the server's stream limit a request waits for a
			// stream rather than opening one more connection, since
			// net/http stops counting a full HTTP/2 connection in
			// MaxConnsPerHost; so PerHost bounds HTTP/2 connections too.
			HTTP2:                 &http.HTTP2Config{StrictMaxConcurrentRequests: true},
			MaxConnsPerHost:       f.PerHost,
			MaxIdleConnsPerHost:   f.PerHost,
			MaxIdleConns:          max(100, f.Workers*2),
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   f.ConnectTimeout,
			ExpectContinueTimeout: time.Second,
		}
	})
}

// CloseIdleConnections closes the connections kept alive for later fetches.
func (f *Fetcher) CloseIdleConnections() {
	f.init()
	f.transport.CloseIdleConnections()
}

// FetchAll fetches every feed with a pool of Workers, never more than
// PerHost of one host at a time (feeds of different hosts interleave), or
// StreamsPerHost once the host has answered over HTTP/2, and
// sends each Result as soon as it is ready, so a caller can show progress.
// One feed's failure never stops the others, and every feed has its
// Result, even one not fetched: once Deadline has passed, or once its host
// has timed out HostTimeouts times (ErrHostNotAnswering), a feed fails at
// once. The channel closes when every feed is done; after ctx is
// cancelled, feeds not yet started are dropped and the channel closes as
// soon as the fetches under way end.
func (f *Fetcher) FetchAll(ctx context.Context, feeds []State) <-chan Result {
	f.init()
	out := make(chan Result, min(len(feeds), 64))
	// The deadline is not the caller's cancel: its feeds are reported
	// (failed), not dropped.
	dctx, cancelDeadline := context.WithTimeoutCause(ctx, f.Deadline, deadlineError{f.Deadline})
	q := newQueue(dctx, feeds, f.PerHost, f.Workers)
	stop := context.AfterFunc(ctx, q.close)
	stopExpire := context.AfterFunc(dctx, q.expire)
	var wg sync.WaitGroup
	for range min(f.Workers, len(feeds)) {
		wg.Go(func() {
			for {
				i, h, ok := q.take()
				if !ok {
					return
				}
				r := f.Fetch(h.ctx, feeds[i])
				r.Index = i
				if r.proto != 0 {
					q.answered(h, r.proto == 2, f.PerHost, f.StreamsPerHost)
				}
				if isTimeout(r.Err) {
					q.timedOut(h, f.Timeout)
				}
				q.done(h)
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		stop()
		stopExpire()
		q.release()
		cancelDeadline()
		close(out)
	}()
	return out
}

// isTimeout reports a fetch that ran out of time on its own: its Timeout,
// or the network's, not FetchAll's deadline nor a host given up.
func isTimeout(err error) bool {
	if err == nil || errors.Is(err, ErrDeadline) || errors.Is(err, ErrHostNotAnswering) {
		return false
	}
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// Fetch fetches and parses one feed. It never sleeps: a feed whose
// NotBefore is ahead is Deferred at once, and a 429 or 503 reports the next
// allowed time in State.NotBefore.
func (f *Fetcher) Fetch(ctx context.Context, s State) Result {
	f.init()
	start := f.Now()
	r := f.fetch(ctx, s, start)
	r.Elapsed = f.Now().Sub(start)
	return r
}

func (f *Fetcher) fetch(ctx context.Context, s State, now time.Time) Result {
	r := Result{State: s}
	name := model.CleanLine(s.URL)
	if !s.NotBefore.IsZero() && now.Before(s.NotBefore) {
		r.Status = Deferred
		return r
	}
	r.State.NotBefore = time.Time{}
	u, local, err := Target(s.URL)
	if err != nil {
		return failed(r, name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()
	if local != "" {
		return f.fetchFile(ctx, r, name, local, now)
	}
	return f.fetchHTTP(ctx, r, name, u, now)
}

func failed(r Result, name string, err error) Result {
	r.Status = Failed
	r.Err = fmt.Errorf("feed: %s: %w", name, err)
	return r
}

// Target reads a feed address: an http or https URL, or a local file (a
// file:// URL or a path), returned as local.
func Target(raw string) (*url.URL, string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, "", errors.New("no URL")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || len(u.Scheme) == 1 { // a path, or C:\ on Windows
		return nil, raw, nil
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return nil, "", errors.New("the URL has no host")
		}
		return u, "", nil
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, "", fmt.Errorf("file URLs name no host, not %q", u.Host)
		}
		p := u.Path
		if p == "" {
			p = u.Opaque
		}
		return nil, filepath.FromSlash(p), nil
	}
	return nil, "", fmt.Errorf("unsupported scheme %q (http, https or file)", u.Scheme)
}

// fetchFile reads a local feed. Its validator is an ETag made of the file's
// size and modification time, so an unchanged file is NotModified.
func (f *Fetcher) fetchFile(ctx context.Context, r Result, name, path string, now time.Time) Result {
	file, err := os.Open(path)
	if err != nil {
		return failed(r, name, unwrapPathError(err))
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return failed(r, name, unwrapPathError(err))
	}
	if st.IsDir() {
		return failed(r, name, errors.New("is a folder, not a feed"))
	}
	etag := fmt.Sprintf(`"%x-%x"`, st.Size(), st.ModTime().UnixNano())
	if r.State.ETag == etag {
		r.Status = NotModified
		return r
	}
	if ctx.Err() != nil {
		return failed(r, name, context.Cause(ctx))
	}
	data, err := readCapped(file, f.MaxBytes, st.Size())
	r.Bytes = int64(len(data))
	if err != nil {
		return failed(r, name, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	fileURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	feed, err := Parse(data, ParseOptions{URL: fileURL, Now: now, SkipMarkdown: f.SkipMarkdown})
	if err != nil {
		if errors.Is(err, ErrNotFeed) {
			r.Alternates = DiscoverHTML(data, "", "")
		}
		return failed(r, name, err)
	}
	r.State.ETag, r.State.LastModified = etag, ""
	r.Status, r.Feed = Fetched, feed
	return r
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// acceptHeader prefers feeds, and takes anything (a page to discover feeds
// in).
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

func (f *Fetcher) fetchHTTP(ctx context.Context, r Result, name string, u *url.URL, now time.Time) Result {
	req, err := f.request(ctx, u, acceptHeader)
	if err != nil {
		return failed(r, name, err)
	}
	if r.State.ETag != "" {
		req.Header.Set("If-None-Match", r.State.ETag)
	}
	if r.State.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.State.LastModified)
	}

	// moved follows the redirects while all of them are permanent.
	moved, permanent := "", true
	resp, err := f.do(ctx, req, func(code int, to *url.URL) {
		if permanent && (code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect) {
			moved = to.String()
		} else {
			permanent = false
		}
	})
	if err != nil {
		return failed(r, name, err)
	}
	defer resp.Body.Close()
	if moved != "" {
		r.MovedTo = model.CleanLine(moved)
		r.State.URL = r.MovedTo
	}
	r.Code = resp.StatusCode
	if strings.EqualFold(resp.Request.URL.Host, u.Host) {
		r.proto = resp.ProtoMajor
	}

	switch code := resp.StatusCode; {
	case code == http.StatusNotModified:
		drain(resp.Body)
		r.Status = NotModified
		r.State.ETag = firstNonEmpty(resp.Header.Get("ETag"), r.State.ETag)
		r.State.LastModified = firstNonEmpty(resp.Header.Get("Last-Modified"), r.State.LastModified)
		return r
	case code == http.StatusGone:
		drain(resp.Body)
		r.Status = Gone
		r.Err = fmt.Errorf("feed: %s: %s: the feed is gone", name, resp.Status)
		return r
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		drain(resp.Body)
		r.Status = RetryLater
		wait := ""
		if at, ok := retryAfter(resp.Header.Get("Retry-After"), now); ok {
			r.State.NotBefore = at
			wait = ", retry after " + at.UTC().Format(time.RFC3339)
		}
		r.Err = fmt.Errorf("feed: %s: %s%s", name, model.CleanLine(resp.Status), wait)
		return r
	case code < 200 || code > 299:
		drain(resp.Body)
		return failed(r, name, statusError(resp))
	}

	data, err := f.readBody(ctx, resp)
	r.Bytes = int64(len(data))
	if err != nil {
		return failed(r, name, err)
	}
	finalURL := resp.Request.URL.String()
	ctype := resp.Header.Get("Content-Type")
	feed, err := Parse(data, ParseOptions{URL: finalURL, ContentType: ctype, ContentLocation: resp.Header.Get("Content-Location"), Now: now, SkipMarkdown: f.SkipMarkdown})
	if err != nil {
		if errors.Is(err, ErrNotFeed) {
			r.Alternates = DiscoverHTML(data, finalURL, ctype)
		}
		return failed(r, name, err)
	}
	r.State.ETag = resp.Header.Get("ETag")
	r.State.LastModified = resp.Header.Get("Last-Modified")
	r.Status, r.Feed = Fetched, feed
	return r
}

// request makes a GET for u that carries the fetcher's User-Agent.
func (f *Fetcher) request(ctx context.Context, u *url.URL, accept string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", accept)
	return req, nil
}

// do sends req on the shared transport, following at most MaxRedirects
// redirects; redirected, when not nil, hears the status and target of each
// one followed, before the next request. Its error is already readable
// (httpError).
func (f *Fetcher) do(ctx context.Context, req *http.Request, redirected func(code int, to *url.URL)) (*http.Response, error) {
	client := &http.Client{
		Transport: f.transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > f.MaxRedirects {
				return fmt.Errorf("more than %d redirects", f.MaxRedirects)
			}
			if redirected != nil {
				redirected(req.Response.StatusCode, req.URL)
			}
			return nil
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, httpError(ctx, err, f.Timeout)
	}
	return resp, nil
}

// readBody reads a response's body up to MaxBytes.
func (f *Fetcher) readBody(ctx context.Context, resp *http.Response) ([]byte, error) {
	data, err := readCapped(resp.Body, f.MaxBytes, resp.ContentLength)
	if err != nil {
		return data, httpError(ctx, err, f.Timeout)
	}
	return data, nil
}

// statusError reports an unwanted HTTP status; the server's reason phrase
// is untrusted text.
func statusError(resp *http.Response) error {
	return errors.New(model.CleanLine(resp.Status))
}

// httpError makes a transport error readable: without net/http's repeat of
// the method and URL, saying "timed out" for a deadline, and why FetchAll
// cut the fetch off when it did.
func httpError(ctx context.Context, err error, timeout time.Duration) error {
	if cause := context.Cause(ctx); errors.Is(cause, ErrDeadline) || errors.Is(cause, ErrHostNotAnswering) {
		return cause
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s: %w", seconds(timeout), context.DeadlineExceeded)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// drain reads a little of an unwanted body, so the connection can be
// reused.
func drain(body io.Reader) {
	io.Copy(io.Discard, io.LimitReader(body, 64<<10))
}

// readCapped reads all of r, failing with ErrTooLarge past limit bytes.
// size is the expected size, -1 when unknown.
func readCapped(r io.Reader, limit, size int64) ([]byte, error) {
	if size > limit {
		return nil, fmt.Errorf("%w of %d MiB (%d bytes)", ErrTooLarge, limit>>20, size)
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + 1)
	} else {
		buf.Grow(64 << 10)
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return buf.Bytes(), err
	}
	if n > limit {
		return buf.Bytes()[:limit], fmt.Errorf("%w of %d MiB", ErrTooLarge, limit>>20)
	}
	return buf.Bytes(), nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date, capped at
// MaxRetryAfter from now.
func retryAfter(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	var at time.Time
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return time.Time{}, false
		}
		at = now.Add(time.Duration(min(secs, int64(MaxRetryAfter/time.Second))) * time.Second)
	} else if t, err := http.ParseTime(v); err == nil {
		at = t
	} else {
		return time.Time{}, false
	}
	if at.Before(now) {
		at = now
	}
	if limit := now.Add(MaxRetryAfter); at.After(limit) {
		at = limit
	}
	return at, true
}

// queue hands out the feeds of FetchAll to the workers: hosts take turns,
// and no host has more than its limit of feeds under way, until the
// deadline has passed or the host is given up: its feeds then go at once,
// to fail without a request.
type queue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	hosts   []*hostQueue
	cursor  int
	pending int
	closed  bool
	expired bool
}

type hostQueue struct {
	jobs   []int
	active int
	limit  int
	// remote is false for local files, which have no host to give up.
	remote   bool
	timeouts int
	// ctx is what the host's feeds are fetched under: cancelled, with a
	// hostError as its cause, once the host is given up.
	ctx    context.Context
	cancel context.CancelCauseFunc
}

func (h *hostQueue) givenUp() bool { return h.ctx.Err() != nil }

func newQueue(ctx context.Context, feeds []State, perHost, workers int) *queue {
	q := &queue{pending: len(feeds)}
	q.cond = sync.NewCond(&q.mu)
	byHost := map[string]*hostQueue{}
	for i, s := range feeds {
		key, limit, remote := "", workers, false // local files: no host to spare
		if u, _, err := Target(s.URL); err == nil && u != nil {
			key, limit, remote = strings.ToLower(u.Host), perHost, true
		}
		h := byHost[key]
		if h == nil {
			hctx, cancel := context.WithCancelCause(ctx)
			h = &hostQueue{limit: limit, remote: remote, ctx: hctx, cancel: cancel}
			byHost[key] = h
			q.hosts = append(q.hosts, h)
		}
		h.jobs = append(h.jobs, i)
	}
	return q
}

// take returns the next feed to fetch and its host, waiting while every
// host with feeds left is at its limit; ok is false when none are left or
// the queue is closed.
func (q *queue) take() (int, *hostQueue, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.closed || q.pending == 0 {
			return 0, nil, false
		}
		for i := range q.hosts {
			k := (q.cursor + i) % len(q.hosts)
			h := q.hosts[k]
			if len(h.jobs) > 0 && (h.active < h.limit || q.expired || h.givenUp()) {
				job := h.jobs[0]
				h.jobs = h.jobs[1:]
				h.active++
				q.pending--
				q.cursor = (k + 1) % len(q.hosts)
				return job, h, true
			}
		}
		q.cond.Wait()
	}
}

// answered sets the host's limit by the protocol it answered in: over
// HTTP/2 its feeds share its connections as streams, so more of them at
// once cost it no more connections; over HTTP/1 each takes a connection.
// A host can change protocol (behind a balancer, say), so it can go back.
func (q *queue) answered(h *hostQueue, multiplexed bool, perHost, streams int) {
	limit := perHost
	if multiplexed {
		limit = streams
	}
	q.mu.Lock()
	raised := h.remote && limit > h.limit
	if h.remote {
		h.limit = limit
	}
	q.mu.Unlock()
	if raised {
		q.cond.Broadcast()
	}
}

// done frees the host's place taken by take.
func (q *queue) done(h *hostQueue) {
	q.mu.Lock()
	h.active--
	q.mu.Unlock()
	q.cond.Broadcast()
}

// timedOut counts a timeout of the host's; at the HostTimeouts-th, the
// host is given up: its fetches under way end and its feeds left fail.
func (q *queue) timedOut(h *hostQueue, timeout time.Duration) {
	q.mu.Lock()
	h.timeouts++
	giveUp := h.remote && h.timeouts == HostTimeouts
	q.mu.Unlock()
	if giveUp {
		h.cancel(hostError{timeouts: h.timeouts, timeout: timeout})
		q.cond.Broadcast()
	}
}

// expire lets every feed left go at once, past the host limits: the
// deadline has passed, and each fails without a request.
func (q *queue) expire() {
	q.mu.Lock()
	q.expired = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// release frees the hosts' contexts once every fetch has ended.
func (q *queue) release() {
	for _, h := range q.hosts {
		h.cancel(nil)
	}
}
