// Package serversync keeps the library in step with a feed server through
// the Google Reader API: it pushes the changes waiting in the store's
// outbox, then pulls the server's subscriptions, new items and read and
// starred state. Each step is a transaction or is idempotent, so a sync
// cut short at any point (an error, a cancel, a kill) leaves the store
// whole, and the next sync neither doubles an item nor loses a change.
package serversync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bulletin/model"
	"bulletin/sources/greader"
	"bulletin/store"
)

// Step names what a sync is doing, for progress.
type Step string

const (
	Pushing       Step = "pushing changes"
	Subscriptions Step = "reading subscriptions"
	Listing       Step = "listing items"
	Fetching      Step = "fetching items"
	Applying      Step = "applying read state"
)

// Progress is how far a sync has come.
type Progress struct {
	Step Step
	// Done and Total count the step's work: changes pushed, items fetched.
	Done, Total int
}

// Summary is what a sync did.
type Summary struct {
	// Feeds is how many subscriptions the server lists.
	Feeds int
	// NewItems is how many items were stored for the first time.
	NewItems int
	// Pushed is how many changes made here reached the server.
	Pushed int
	// StateChanges is how many stored items took the server's read or
	// starred state.
	StateChanges int
	// Warnings say what could not be stored, one clean line each.
	Warnings []string
}

// Engine syncs one store with one account.
type Engine struct {
	Client *greader.Client
	DB     *store.DB
	// Account names the server and user, kept with the sync state.
	Account string
	// Now tells the time (time.Now when nil).
	Now func() time.Time
	// Progress is told how the sync goes (nil for nobody). It runs on the
	// sync's goroutine.
	Progress func(Progress)
	// Mirrored, when set, is told the server's subscriptions once the
	// store holds them, and the URLs of the feeds it no longer lists, so
	// the caller can make the user's own list follow the server's.
	Mirrored func(feeds []store.ServerFeed, removed []string) error
}

// perPage is how many ids one stream/items/ids request asks for:
// Miniflux's most. Its continuation is an offset, so an item marked read
// on the server while the unread list is paged would shift the pages;
// with 10,000 a page, only a larger unread list takes that risk.
const perPage = 10000

// saveEvery is how many fetched items are stored in one transaction: a
// transaction a contents request (100) costs a sync of 10,000 items a
// second more in commits; more only delays what a cut-short sync keeps.
const saveEvery = 1000

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) report(p Progress) {
	if e.Progress != nil {
		e.Progress(p)
	}
}

// Sync runs one sync and records how it ended in the store's sync state:
// the time when it went well, the error in words when not.
func (e *Engine) Sync(ctx context.Context) (Summary, error) {
	prev, err := e.DB.SyncState(ctx)
	if err != nil {
		return Summary{}, err
	}
	if prev.Account != "" && prev.Account != e.Account {
		if err := e.switchAccount(ctx, prev.Account); err != nil {
			return Summary{}, err
		}
		prev = store.SyncState{}
	}
	sum, err := e.sync(ctx)
	st := prev
	st.Account = e.Account
	if err != nil {
		st.LastError = Words(err)
	} else {
		st.LastSync, st.LastError = e.now(), ""
	}
	// Recorded even when ctx ended: the status bar says why.
	if serr := e.DB.SetSyncState(context.WithoutCancel(ctx), st); serr != nil && err == nil {
		err = serr
	}
	return sum, err
}

// switchAccount lets the store go of the account synced before: its
// server ids mean other items on another server. Changes still waiting
// for that account stop the switch, rather than reach the wrong server.
func (e *Engine) switchAccount(ctx context.Context, before string) error {
	if err := e.DB.ForgetServer(ctx); err != nil {
		return fmt.Errorf("the library was synced with %s, not %s: %w; sync with that account once more to push them (or put [sync] back as it was)",
			model.CleanLine(before), model.CleanLine(e.Account), err)
	}
	return nil
}

func (e *Engine) sync(ctx context.Context) (Summary, error) {
	var sum Summary
	var err error
	if sum.Pushed, err = e.push(ctx); err != nil {
		return sum, err
	}
	e.report(Progress{Step: Subscriptions})
	subs, err := e.Client.Subscriptions(ctx)
	if err != nil {
		return sum, err
	}
	sum.Feeds = len(subs)
	feeds, skipped := serverFeeds(subs)
	sum.Warnings = append(sum.Warnings, skipped...)
	_, removed, err := e.DB.MirrorFeeds(ctx, feeds)
	if err != nil {
		return sum, err
	}
	if e.Mirrored != nil {
		if err := e.Mirrored(feeds, removed); err != nil {
			return sum, err
		}
	}
	e.report(Progress{Step: Listing})
	unread, starred, all, err := e.list(ctx)
	if err != nil {
		return sum, err
	}
	if err := e.fetchNew(ctx, slices.Concat(unread, starred, all), &sum); err != nil {
		return sum, err
	}
	e.report(Progress{Step: Applying})
	sum.StateChanges, err = e.DB.ApplyServerState(ctx, ints(unread), ints(starred))
	return sum, err
}

// list asks the server for the ids of its unread and starred items and of
// every item it holds. New items are told by their ids, not by a date:
// ot= filters on the published date, so an item the server fetched today
// but dated last month would never be listed as recent. The full list
// costs an id (about 20 bytes) per item; bodies are fetched only for ids
// the store does not hold.
func (e *Engine) list(ctx context.Context) (unread, starred, all []greader.ItemID, err error) {
	if unread, err = e.Client.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList, Exclude: greader.Read, PerPage: perPage}); err != nil {
		return
	}
	if starred, err = e.Client.ItemIDs(ctx, greader.Query{Stream: greader.Starred, PerPage: perPage}); err != nil {
		return
	}
	all, err = e.Client.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList, PerPage: perPage})
	return
}

// fetchNew fetches and stores the items of ids the store does not hold,
// a batch at a time, each batch stored before the next is asked for.
func (e *Engine) fetchNew(ctx context.Context, ids []greader.ItemID, sum *Summary) error {
	have, err := e.DB.SyncedIDs(ctx)
	if err != nil {
		return err
	}
	var want []greader.ItemID
	for _, id := range ids {
		if !have[int64(id)] {
			have[int64(id)] = true
			want = append(want, id)
		}
	}
	e.report(Progress{Step: Fetching, Total: len(want)})
	if len(want) == 0 {
		return nil
	}
	r, err := e.DB.NewRefresh(ctx)
	if err != nil {
		return err
	}
	done := 0
	var pending []store.SyncedItem
	flush := func() error {
		n, orphans, err := r.SaveSynced(ctx, pending, e.now())
		if err != nil {
			return err
		}
		sum.NewItems += n
		if len(orphans) > 0 {
			sum.Warnings = append(sum.Warnings, model.CleanLine(fmt.Sprintf(
				"%d items of %s not stored: that feed is not among the subscriptions stored here (the server added it during the sync, or it has no web address); a sync tries them again", len(orphans), orphans[0].Stream)))
		}
		done += len(pending)
		pending = pending[:0]
		e.report(Progress{Step: Fetching, Done: done, Total: len(want)})
		return nil
	}
	err = e.Client.Contents(ctx, want, func(items []greader.Item) error {
		for i := range items {
			it := &items[i]
			pending = append(pending, store.SyncedItem{ServerID: int64(it.ID), Stream: it.Stream, Item: it.FeedItem(), Read: it.Read, Starred: it.Starred})
		}
		if len(pending) < saveEvery {
			return nil
		}
		return flush()
	})
	// What arrived before a failure is kept; after a cancel, the store
	// is left alone at once.
	if len(pending) > 0 && ctx.Err() == nil {
		if ferr := flush(); err == nil {
			err = ferr
		}
	}
	return err
}

// push sends the outbox to the server, each item's last change of each
// field once, and removes what the server took. It returns how many
// changes it pushed.
func (e *Engine) push(ctx context.Context) (int, error) {
	changes, err := e.DB.Outbox(ctx)
	if err != nil || len(changes) == 0 {
		return 0, err
	}
	groups := coalesce(changes)
	pushed := 0
	e.report(Progress{Step: Pushing, Total: len(changes)})
	for _, g := range groups {
		add, remove := g.tag, ""
		if !g.on {
			add, remove = "", g.tag
		}
		if err := e.Client.EditTag(ctx, g.ids, add, remove); err != nil {
			return pushed, err
		}
		if err := e.DB.AckOutbox(ctx, g.rows); err != nil {
			return pushed, err
		}
		pushed += len(g.rows)
		e.report(Progress{Step: Pushing, Done: pushed, Total: len(changes)})
	}
	return pushed, nil
}

// group is the items whose last change of one field sets it one way, and
// the outbox rows that change stands for.
type group struct {
	tag  string
	on   bool
	ids  []greader.ItemID
	rows []int64
}

// coalesce keeps each item's last change of each field, which is the
// state the server must end in, grouped by what it sets; the groups come
// in the order of their first change.
func coalesce(changes []store.OutboxChange) []*group {
	type key struct {
		id    int64
		field string
	}
	last := map[key]int{}
	for i, c := range changes {
		last[key{c.ServerID, c.Field}] = i
	}
	var groups []*group
	byWhat := map[string]*group{}
	for i, c := range changes {
		k := key{c.ServerID, c.Field}
		final := changes[last[k]]
		what := fmt.Sprint(c.Field, final.On)
		g := byWhat[what]
		if g == nil {
			g = &group{tag: tagOf(c.Field), on: final.On}
			byWhat[what] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, c.ID)
		if last[k] == i {
			g.ids = append(g.ids, greader.ItemID(c.ServerID))
		}
	}
	return groups
}

func tagOf(field string) string {
	if field == "starred" {
		return greader.Starred
	}
	return greader.Read
}

// serverFeeds are the subscriptions to mirror: those with a web address
// (a feed here is known by it), and a warning for each of the others.
func serverFeeds(subs []greader.Subscription) (feeds []store.ServerFeed, skipped []string) {
	for _, s := range subs {
		if _, err := model.WebLink(s.URL); err != nil {
			skipped = append(skipped, model.CleanLine(fmt.Sprintf("the server's subscription %s (%s) has no web address (%q); its items are left out",
				s.ID, s.Title, s.URL)))
			continue
		}
		site := s.SiteURL
		if _, err := model.WebLink(site); err != nil {
			site = ""
		}
		feeds = append(feeds, store.ServerFeed{Stream: s.ID, URL: s.URL, Title: s.Title, Site: site, Tags: s.Tags})
	}
	return feeds, skipped
}

func ints(ids []greader.ItemID) []int64 {
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out
}

// Words is a sync error as the status bar and the command line say it.
func Words(err error) string {
	var se *greader.StatusError
	switch {
	case errors.Is(err, context.Canceled):
		return "sync cancelled"
	case errors.Is(err, greader.ErrWrongPassword):
		return "wrong password: " + model.CleanLine(err.Error())
	case errors.Is(err, greader.ErrUnreachable):
		return "server unreachable: " + model.CleanLine(err.Error())
	case errors.As(err, &se):
		return fmt.Sprintf("server error %d: %s", se.Status, model.CleanLine(err.Error()))
	}
	return model.CleanLine(err.Error())
}

// Status is how sync stands, for the status bar.
type Status struct {
	// LastSync is when the last sync went well, zero before the first.
	LastSync time.Time
	// Waiting is how many changes made here wait for the server.
	Waiting int
	// LastError is why the last sync failed, "" when it went well.
	LastError string
}

// ReadStatus reads the sync status of a store.
func ReadStatus(ctx context.Context, db *store.DB) (Status, error) {
	st, err := db.SyncState(ctx)
	if err != nil {
		return Status{}, err
	}
	n, err := db.OutboxLen(ctx)
	if err != nil {
		return Status{}, err
	}
	return Status{LastSync: st.LastSync, Waiting: n, LastError: st.LastError}, nil
}

// String says the status in a few words, as the reader's status bar
// shows it, waiting changes first (the bar is narrow and an error names
// the server): "synced Jan 2 15:04", "offline: 12 changes waiting · ...",
// "sync failed: ...".
func (s Status) String() string {
	waiting := changesWaiting(s.Waiting)
	switch {
	case s.LastError != "" && s.Waiting > 0:
		return "offline: " + waiting + " · " + s.LastError
	case strings.HasPrefix(s.LastError, "sync "):
		// "sync cancelled" says it already.
		return s.LastError
	case s.LastError != "":
		return "sync failed: " + s.LastError
	case s.Waiting > 0 && s.LastSync.IsZero():
		return "offline: " + waiting
	case s.Waiting > 0:
		return "synced " + s.LastSync.Local().Format("Jan 2 15:04") + " · " + waiting
	case s.LastSync.IsZero():
		return "never synced"
	}
	return "synced " + s.LastSync.Local().Format("Jan 2 15:04")
}

// changesWaiting is "1 change waiting", "12 changes waiting".
func changesWaiting(n int) string {
	if n == 1 {
		return "1 change waiting"
	}
	return fmt.Sprintf("%d changes waiting", n)
}
