package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

var syncNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// syncedItems stores a server feed with items of server ids 1..n and
// returns their refs by id.
func syncedItems(t *testing.T, db *DB, n int) map[int64]string {
	t.Helper()
	ctx := context.Background()
	if _, _, err := db.MirrorFeeds(ctx, []ServerFeed{{Stream: "feed/1", URL: "https://harbour.example/feed.xml", Title: "Harbour"}}); err != nil {
		t.Fatal(err)
	}
	r, err := db.NewRefresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var items []SyncedItem
	for id := int64(1); id <= int64(n); id++ {
		items = append(items, SyncedItem{ServerID: id, Stream: "feed/1", Item: feed.Item{Key: "greader:" + string(rune('a'+id)), Title: "Item", HTML: "<p>x</p>",
			Published: syncNow.Add(-time.Duration(id) * time.Hour), Dated: true}})
	}
	if added, orphans, err := r.SaveSynced(ctx, items, syncNow); err != nil || added != n || len(orphans) != 0 {
		t.Fatalf("SaveSynced = %d, %d orphans, %v", added, len(orphans), err)
	}
	refs := map[int64]string{}
	for id := int64(1); id <= int64(n); id++ {
		ref, ok, err := db.SyncedRef(ctx, id)
		if err != nil || !ok {
			t.Fatalf("item %d not stored: %v", id, err)
		}
		refs[id] = ref
	}
	return refs
}

func outbox(t *testing.T, db *DB) []OutboxChange {
	t.Helper()
	out, err := db.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every way the reader marks an article queues the change of a synced
// item for the server, in order; a file's or a feed's of this machine
// only is not queued.
func TestMarksOfSyncedItemsAreQueuedInOrder(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	refs := syncedItems(t, db, 3)
	if err := db.MarkRead(ctx, refs[1], true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, refs[2], true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Visit(ctx, refs[3], syncNow); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Visit(ctx, refs[3], syncNow); err != nil { // read already: nothing new to tell
		t.Fatal(err)
	}
	if err := db.MarkReads(ctx, []model.ReadMark{{Ref: refs[1], Read: false}, {Ref: "file/elsewhere", Read: true}}); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRead(ctx, "file/elsewhere", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPosition(ctx, refs[2], 40); err != nil {
		t.Fatal(err)
	}
	got := outbox(t, db)
	want := []OutboxChange{{ServerID: 1, Field: "read", On: true}, {ServerID: 2, Field: "starred", On: true},
		{ServerID: 3, Field: "read", On: true}, {ServerID: 1, Field: "read", On: false}}
	if len(got) != len(want) {
		t.Fatalf("outbox = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].ServerID != want[i].ServerID || got[i].Field != want[i].Field || got[i].On != want[i].On || (i > 0 && got[i].ID <= got[i-1].ID) {
			t.Errorf("outbox[%d] = %+v, want %+v in order", i, got[i], want[i])
		}
	}
	if err := db.AckOutbox(ctx, []int64{got[0].ID, got[1].ID}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.OutboxLen(ctx); n != 2 {
		t.Errorf("%d changes left after 2 of 4 were acknowledged", n)
	}
}

// The mark and its outbox row are one transaction: a mark that fails
// leaves neither.
func TestMarkAndOutboxRowLandTogether(t *testing.T) {
	db := openTemp(t)
	refs := syncedItems(t, db, 1)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.MarkRead(cancelled, refs[1], true); err == nil {
		t.Fatal("a mark with a cancelled context was stored")
	}
	if st, _ := db.State(context.Background(), refs[1]); st.Read {
		t.Error("the failed mark was stored")
	}
	if got := outbox(t, db); len(got) != 0 {
		t.Errorf("the failed mark queued %+v", got)
	}
}

// The server's state reaches stored items, except a field whose change
// made here still waits: that one keeps the local state.
func TestServerStateYieldsToWaitingChanges(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	refs := syncedItems(t, db, 3)
	if err := db.SetStarred(ctx, refs[1], true); err != nil { // waits in the outbox
		t.Fatal(err)
	}
	n, err := db.ApplyServerState(ctx, []int64{1, 3}, []int64{3})
	if err != nil {
		t.Fatal(err)
	}
	st1, _ := db.State(ctx, refs[1])
	st2, _ := db.State(ctx, refs[2])
	st3, _ := db.State(ctx, refs[3])
	if st1.Read || !st1.Starred || !st2.Read || st2.Starred || st3.Read || !st3.Starred {
		t.Errorf("states: 1 %+v (unread, starred here), 2 %+v (read), 3 %+v (unread, starred)", st1, st2, st3)
	}
	if n != 2 {
		t.Errorf("%d changes, want 2 (2 read, 3 starred)", n)
	}
	if n, _ := db.ApplyServerState(ctx, []int64{1, 3}, []int64{3}); n != 0 {
		t.Errorf("the same state again changed %d", n)
	}
}

func TestMirrorFeedsAddsAndRemovesOnlySyncedFeeds(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if _, err := db.AddFeeds(ctx, "https://local.example/feed"); err != nil {
		t.Fatal(err)
	}
	syncedItems(t, db, 2)
	added, removed, err := db.MirrorFeeds(ctx, []ServerFeed{{Stream: "feed/2", URL: "https://new.example/rss", Title: "New"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 1 || len(removed) != 1 || removed[0] != "https://harbour.example/feed.xml" {
		t.Errorf("added %q, removed %q", added, removed)
	}
	feeds, _ := db.Feeds(ctx)
	if len(feeds) != 2 || feeds[0].URL != "https://local.example/feed" || feeds[1].Title != "New" {
		t.Errorf("feeds after mirroring: %+v", feeds)
	}
}

func TestSyncStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	want := SyncState{Account: "ann@https://h.example/", LastSync: syncNow, LastError: "server \x1b[31munreachable"}
	if err := db.SetSyncState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.SyncState(ctx)
	if err != nil || got.Account != want.Account || !got.LastSync.Equal(syncNow) || got.LastError != "server unreachable" {
		t.Errorf("SyncState = %+v, %v", got, err)
	}
}

// A store of the schema before sync opens with nothing synced, and its
// reading state is kept.
func TestUpgradeToSyncKeepsTheState(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	old, err := open(ctx, path, false, false, migrations()[:6])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.sql.ExecContext(ctx, `INSERT INTO state (ref, starred) VALUES ('feed/1/abc', 1)`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if st, _ := db.State(ctx, "feed/1/abc"); !st.Starred {
		t.Error("the star was lost in the upgrade")
	}
	if err := db.SetStarred(ctx, "feed/1/abc", false); err != nil {
		t.Fatal(err)
	}
	if n, err := db.OutboxLen(ctx); err != nil || n != 0 {
		t.Errorf("outbox %d, %v after unstarring an item never synced", n, err)
	}
	if st, _ := db.SyncState(ctx); !st.LastSync.IsZero() {
		t.Errorf("sync state after the upgrade: %+v", st)
	}
}

// An item fetched here before the feed was synced (by add, or before
// [sync] was set) is the same story when the server sends it: stored
// once, under the ref it had, and a mark made on it reaches the server.
func TestSyncedItemAdoptsTheSameStoryFetchedHere(t *testing.T) {
	ctx := context.Background()
	db, _, r := subscribed(t)
	now := syncNow
	data := rssOf(
		"a|Harbour reopens|Mon, 16 Nov 2026 08:00:00 GMT|<p>The harbour reopened.</p>",
		"b|Storm closes harbour|Sun, 15 Nov 2026 08:00:00 GMT|<p>A storm.</p>",
	)
	local := save(t, r, fetched(t, data, now), now)
	if local.New != 2 {
		t.Fatalf("fetched here: %+v", local)
	}
	if _, _, err := db.MirrorFeeds(ctx, []ServerFeed{{Stream: "feed/7", URL: feedURL, Title: "Example News"}}); err != nil {
		t.Fatal(err)
	}
	items := []SyncedItem{
		{ServerID: 41, Stream: "feed/7", Item: feed.Item{Key: "greader:41", Title: "Harbour reopens", Link: "https://news.example/a", HTML: "<p>The harbour reopened.</p>"}, Read: true},
		{ServerID: 42, Stream: "feed/7", Item: feed.Item{Key: "greader:42", Title: "Ferry news", Link: "https://news.example/c", HTML: "<p>Ferries.</p>"}},
	}
	added, _, err := r.SaveSynced(ctx, items, now)
	if err != nil {
		t.Fatal(err)
	}
	if added != 1 {
		t.Errorf("%d items added by the sync, want 1 (the story fetched here is not new)", added)
	}
	feeds, err := db.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 1 || feeds[0].Items != 3 {
		t.Fatalf("feeds after the sync: %+v, want one of 3 items", feeds)
	}
	ref, ok, err := db.SyncedRef(ctx, 41)
	if err != nil || !ok || !slices.Contains(local.Refs, ref) {
		t.Fatalf("server item 41 is %q (%v, %v), want the ref fetched here, one of %q", ref, ok, err, local.Refs)
	}
	if st, _ := db.State(ctx, ref); !st.Read {
		t.Error("the story fetched here did not take the server's read state")
	}
	if err := db.MarkRead(ctx, ref, false); err != nil {
		t.Fatal(err)
	}
	if out := outbox(t, db); len(out) != 1 || out[0].ServerID != 41 {
		t.Errorf("outbox after marking the adopted story: %+v, want its server id 41", out)
	}
}
