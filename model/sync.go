package model

import "context"

// Syncer is a Feeds that keeps the library in step with a feed server:
// its Refresh runs one sync (pushes the marks made here, brings what the
// server has) instead of fetching the feeds, so no item is stored twice.
// The reader shows its status in the status bar.
type Syncer interface {
	Feeds
	// SyncStatus says how sync stands: the last sync, the changes
	// waiting for the server, or why the last sync failed.
	SyncStatus(ctx context.Context) (SyncStatus, error)
}

// SyncStatus is how sync stands, in words for the status bar.
type SyncStatus struct {
	// Text is "synced Jan 2 15:04", "offline: 12 changes waiting", or
	// why the last sync failed ("wrong password: ...").
	Text string
	// Failed is set when the last sync failed: the status stays in
	// sight until a sync goes well.
	Failed bool
	// Waiting is how many changes made here wait for the server.
	Waiting int
}

// StateChange is an article's read and starred state as a sync left it,
// for the marks the reader shows.
type StateChange struct {
	Ref           string
	Read, Starred bool
}
