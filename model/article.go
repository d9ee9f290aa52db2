// Package model holds bulletin's domain: articles, the library that links
// them, and the reading history. It imports only the standard library.
package model

import (
	"context"
	"path"
	"strings"
	"time"
)

// Article is one story from any source. A listing fills everything but Body
// and Related (it keeps RelatedCount); Loader.Load fills the rest.
type Article struct {
	// Ref names the article across the library: "<source>/<path without .txt>".
	Ref string
	// Source is the label of the source the article came from.
	Source string
	// Path locates the article inside its source (a slash-separated file path).
	Path string
	// ID is the site's article id when the file name carries one, else "".
	ID string

	Title string
	// Published is the date as written, read as UTC when the source names no
	// zone. HasDate is false when the source gives no usable date.
	Published time.Time
	HasDate   bool
	// DateText is the date exactly as the source wrote it, for display;
	// an undated article may have one that could not be read.
	DateText string
	// Seen is when an undated feed item was first seen, zero otherwise. It
	// is no date to show: it orders undated articles among themselves.
	Seen time.Time

	// Body is plain text, paragraphs separated by "\n\n", unless Markdown
	// is set: then it is cleaned markdown whose links are absolute http,
	// https or mailto URLs (feed items).
	Body         string
	Markdown     bool
	Related      []Related
	RelatedCount int
	// Feed is the URL of the feed the article came from, "" for others.
	Feed string
	// Link is the article's web page, an absolute http or https URL, or "".
	Link string
	// Author names who wrote it, one clean line, "" when unknown. A feed
	// item's body shows it too, as its byline.
	Author string
	// Tags are the labels the user gave the article's source (a feed's tags).
	Tags []string
	// Enclosures are the files a feed item carries, in the feed's order;
	// filled with Body.
	Enclosures []Enclosure
	// Warnings describe what was wrong but survivable in the source.
	Warnings []string
	// Loaded reports whether Body and Related have been read.
	Loaded bool

	// Origin reads the full article; nil for articles built in memory.
	Origin Loader
}

// Related is one entry of an article's related-stories list.
type Related struct {
	ID          string
	Sort        string
	ContentType string
	Title       string
	// Pic is a media path relative to the publishing site, not a URL.
	Pic   string
	Video bool
	// Link marks a link found in the body of a feed item: ID is its URL,
	// and it is matched by that alone, never by title.
	Link bool
}

// Paragraphs splits the body into its paragraphs.
func (a *Article) Paragraphs() []string {
	if a.Body == "" {
		return nil
	}
	return strings.Split(a.Body, "\n\n")
}

// Loader reads the full article (body and related list) behind a listed one.
type Loader interface {
	Load(ctx context.Context, a *Article) (Article, error)
}

// Load returns the full article, reading it through its Origin when needed.
func Load(ctx context.Context, a *Article) (Article, error) {
	if a.Loaded || a.Origin == nil {
		return *a, nil
	}
	return a.Origin.Load(ctx, a)
}

// IsVideoPath reports whether a media path names a video file. The path
// may carry a query or a fragment (a cache-busting "?v=2"), which says
// nothing about the kind of file, and its extension may be in any case.
func IsVideoPath(p string) bool {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".mp4", ".m4v", ".webm", ".mov":
		return true
	}
	return false
}
