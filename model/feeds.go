package model

import (
	"context"
	"time"
)

// Feeds is what the reader asks of the user's feed subscriptions: their
// status, a refresh, and the readable web page behind an item. main wires
// the real one; tests pass fakes.
type Feeds interface {
	// Status lists the subscriptions, in the order of the configuration.
	Status(ctx context.Context) ([]FeedStatus, error)
	// Refresh fetches the feeds at urls (every feed when urls is empty)
	// and stores what they bring. progress is called from one goroutine
	// after each feed is stored, in the order they finish; Refresh returns
	// when every feed is done or ctx is cancelled. An error is one that
	// stops the whole refresh (the store cannot be written); a feed that
	// fails is reported through progress.
	Refresh(ctx context.Context, urls []string, progress func(FeedProgress)) error
	// Readable fetches the web page of an article (its Link) and returns
	// the article with the page's readable text as its markdown Body,
	// from the store's cache when it was fetched before.
	Readable(ctx context.Context, a *Article) (Article, error)
}

// FeedStatus is one subscription and how its last refresh went.
type FeedStatus struct {
	URL string
	// Title is the name the user gave the feed, else its own title, else
	// its host.
	Title string
	Tags  []string
	// Status is how the last fetch ended: "fetched", "not modified",
	// "failed", "gone", "retry later", "deferred"; "" before the first.
	Status string
	// Error says what went wrong in the last fetch, "" when nothing did.
	Error string
	// Warnings say what was wrong but survivable in the last document
	// fetched (it was cut off, so items may be missing).
	Warnings                 []string
	LastAttempt, LastSuccess time.Time
	Items                    int
	// Unread is how many of the items are not read.
	Unread int
	Gone   bool
}

// FeedProgress reports one feed done during a refresh.
type FeedProgress struct {
	// Done of Total feeds are finished, this one included.
	Done, Total int
	Feed        FeedStatus
	// New and Updated count the items this feed brought.
	New, Updated int
	// Articles are those items, as listed (Origin set, body not loaded).
	Articles []Article
	// MovedTo is the feed's new URL after a permanent redirect.
	MovedTo string
	// Step, when set, names what a sync is doing ("fetching items"):
	// Done of Total are then the step's own counts and Feed is empty.
	Step string
	// Changed are the articles whose read or starred state a sync set
	// (the server's), reported with a Step.
	Changed []StateChange
	// Removed are the refs of the articles a sync took out of the store
	// (the server dropped their feed), reported with a Step.
	Removed []string
}
