package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"bulletin/model"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Page is the readable part of a web page, as Readable extracts it.
type Page struct {
	// URL is the page's address after redirects, which its relative links
	// were resolved against.
	URL string
	// Title and Byline are the article's, cleaned; "" when the page gives
	// none.
	Title  string
	Byline string
	// Published is when the page says the article was published (its
	// metadata: article:published_time, JSON-LD and the like); zero when
	// it says nothing readable.
	Published time.Time
	// Markdown is the article's text as clean markdown, made by Markdown.
	Markdown string
	// Links are the article's http and https links, in order, each once.
	Links []Link
}

// ErrNotReadable marks a page in which no article was found.
var ErrNotReadable = errors.New("no readable content in the page")

// ErrNotHTML marks a response that is not an HTML page.
var ErrNotHTML = errors.New("not an HTML page")

// acceptHTML asks for a page; anything else is refused after the fact, by
// its Content-Type.
const acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

// Readable fetches the web page at pageURL (http or https only) with the
// fetcher's settings, finds its main article as a reader view does, and
// returns the article as clean markdown. Errors name the URL.
func (f *Fetcher) Readable(ctx context.Context, pageURL string) (Page, error) {
	f.init()
	name := model.CleanLine(pageURL)
	fail := func(err error) (Page, error) {
		return Page{}, fmt.Errorf("feed: %s: %w", name, err)
	}
	data, ctype, final, err := f.get(ctx, pageURL, acceptHTML, f.MaxBytes)
	if err != nil {
		return fail(err)
	}
	if err := checkHTML(ctype, data); err != nil {
		return fail(err)
	}
	page, err := readable(data, ctype, final)
	if err != nil {
		return fail(err)
	}
	return page, nil
}

// get fetches rawURL (http or https only) with the fetcher's settings,
// sending accept, and reads at most maxBytes of a 2xx answer: its body,
// Content-Type and address after redirects. Errors do not name the URL.
func (f *Fetcher) get(ctx context.Context, rawURL, accept string, maxBytes int64) (data []byte, ctype string, final *url.URL, err error) {
	u, err := pageTarget(rawURL)
	if err != nil {
		return nil, "", nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()
	req, err := f.request(ctx, u, accept)
	if err != nil {
		return nil, "", nil, err
	}
	resp, err := f.do(ctx, req, nil)
	if err != nil {
		return nil, "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		drain(resp.Body)
		return nil, "", nil, statusError(resp)
	}
	data, err = readCapped(resp.Body, maxBytes, resp.ContentLength)
	if err != nil {
		return nil, "", nil, httpError(ctx, err, f.Timeout)
	}
	return data, resp.Header.Get("Content-Type"), resp.Request.URL, nil
}

// pageTarget accepts only web addresses: a reader view of a local file or
// of another scheme has no use here, and file:// would read the disk.
func pageTarget(raw string) (*url.URL, error) {
	return model.WebLink(strings.TrimSpace(raw))
}

// checkHTML refuses what is declared as something else, and sniffs what is
// declared as nothing in particular, since many servers omit the type.
func checkHTML(contentType string, data []byte) error {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = ""
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return nil
	case "", "application/octet-stream", "text/plain":
		if looksHTML(data) || strings.HasPrefix(http.DetectContentType(data), "text/html") {
			return nil
		}
		return ErrNotHTML
	}
	return fmt.Errorf("%w (%s)", ErrNotHTML, model.CleanLine(mt))
}

// readable extracts the article of an HTML page and converts it. The page
// is decoded here, by its Content-Type, BOM or <meta charset>, because the
// library's own statistical guess ignores what the server declared.
func readable(data []byte, contentType string, pageURL *url.URL) (Page, error) {
	var r io.Reader = bytes.NewReader(data)
	if cr, err := charset.NewReader(r, contentType); err == nil {
		r = cr
	}
	doc, err := html.Parse(r)
	if err != nil {
		return Page{}, err
	}
	parser := readability.NewParser()
	article, err := parser.ParseAndMutate(doc, pageURL)
	if err != nil {
		return Page{}, err
	}
	if article.Node == nil {
		return Page{}, ErrNotReadable
	}
	var b strings.Builder
	if err := article.RenderHTML(&b); err != nil {
		return Page{}, err
	}
	base := pageURL.String()
	md, links := Markdown(b.String(), base)
	if md == "" {
		return Page{}, ErrNotReadable
	}
	page := Page{
		URL:      model.CleanLine(base),
		Title:    model.CleanLine(article.Title()),
		Byline:   model.CleanLine(article.Byline()),
		Markdown: md,
		Links:    links,
	}
	if t, err := article.PublishedTime(); err == nil && t.Year() > 1 {
		page.Published = t
	}
	return page, nil
}
