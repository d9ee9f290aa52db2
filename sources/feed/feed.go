// Package feed fetches and parses web feeds: RSS 0.9x, 1.0 and 2.0, Atom 0.3
// and 1.0, and JSON Feed 1.0 and 1.1, over HTTP or from local files.
//
// A Fetcher fetches many feeds at once, politely (a bounded pool of workers,
// at most a few connections per host, conditional requests, Retry-After),
// and streams a Result per feed as each finishes. A host that stops
// answering is given up after two timeouts, and a deadline bounds the
// whole batch, so one hung server cannot hold up the rest; every feed still
// gets its Result, saying why it was not fetched. Parse turns the bytes of
// one feed into a Feed whose Items are safe to show: every one-line field is
// cleaned with model.CleanLine, and each body is markdown (converted from the
// item's HTML) cleaned with model.CleanText, whose links are absolute
// http, https or mailto URLs and which carries no raw HTML.
//
// The package keeps no state between calls: the caller stores each feed's
// State (validators, Retry-After) and the items it has seen.
package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"bulletin/model"
)

// Feed is one parsed feed.
type Feed struct {
	// Title is the feed's title; the feed URL's host when it has none.
	Title string
	// Link is the web site the feed belongs to, "" when unknown.
	Link        string
	Description string
	// Format names the format and version as parsed: "rss 2.0", "atom 1.0",
	// "json 1.1".
	Format string
	// Items are the feed's items in the feed's order, de-duplicated.
	Items []Item
	// Warnings say what was wrong with the document but did not stop it
	// being read (it was cut off, so items may be missing): one clean line
	// each, for the user to see.
	Warnings []string
}

// Item is one entry of a feed.
type Item struct {
	// Key identifies the item within its feed across refreshes: its guid,
	// else its link, else its title and date (prefixed "guid:", "link:",
	// "title:"), else a digest of its body ("body:"). Items without a guid
	// that share a link but not their title and date are keyed
	// "link:<link>|<title>|<date>", so that they stay apart.
	Key string
	// GUID is the item's guid (RSS), id (Atom, JSON Feed), or "".
	GUID  string
	Title string
	// Link is the item's web page: an absolute URL, or "".
	Link   string
	Author string
	// Published is when the item was published (or else updated). For an
	// item with no usable date it is the first-seen time passed to Parse,
	// and Dated is false: a store should keep the first-seen time it
	// recorded on an earlier refresh, and list the item after the dated
	// ones.
	Published time.Time
	Dated     bool
	// DateText is the date as the feed wrote it (cleaned), "" when it gave
	// none; kept when it could not be read, to show as it is.
	DateText string
	// Updated is when the item was last updated, zero when not given.
	Updated time.Time
	// Body is markdown: the item's content (or summary), cleaned; "" when
	// parsed with SkipMarkdown.
	Body string
	// HTML is the item's content (or summary) exactly as the feed gave it:
	// untrusted, never to be shown as it is. Markdown(HTML, Base) makes
	// Body from it, and PlainText(HTML) the text to index.
	HTML string
	// Base is the URL relative links in HTML resolve against, "" for none.
	Base string
	// Categories are the item's categories, cleaned, without duplicates.
	Categories []string
	// Links are the http and https links in the body, in order, each once;
	// nil when parsed with SkipMarkdown.
	Links []Link
	// Enclosures are the files the item carries, in the feed's order.
	Enclosures []Enclosure
}

// Link is a link found in a page or an item.
type Link struct {
	URL string
	// Title is the link's text (or the title attribute of a <link>).
	Title string
	// Type is the media type of a discovered feed, "" for links in items.
	Type string
}

// ID is a short stable identifier of the item within its feed: 16 hex digits
// of the SHA-256 of its Key. It is fit for a file-name-like article path.
func (it *Item) ID() string {
	sum := sha256.Sum256([]byte(it.Key))
	return hex.EncodeToString(sum[:8])
}

// Article returns the item as a library article. source labels the feed (its
// title, or the name the user gave it) and ref names the article across the
// library, for example "feed/<feed id>/" + it.ID().
//
// Body is markdown, not the plain text model.Article documents: until the
// model carries a body format, a view that escapes bodies shows the markup
// literally, which is safe but plain. ID is the item's link, so related
// items given by URL resolve through model.Library by id.
func (it *Item) Article(source, ref string) model.Article {
	return model.Article{
		Ref:       ref,
		Source:    source,
		Path:      it.ID(),
		ID:        it.Link,
		Title:     it.Title,
		Published: it.Published,
		HasDate:   it.Dated,
		DateText:  it.DateText,
		Body:      it.Body,
		Loaded:    true,
	}
}
