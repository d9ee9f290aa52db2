package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

// queueChange puts a change of read or starred state in the outbox when
// the article is a synced item; field is "read" or "starred".
func queueChange(ctx context.Context, tx *sql.Tx, ref, field string, on bool) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (server_id, field, value)
		SELECT server_id, ?, ? FROM sync_items WHERE ref = ?`, field, on, ref)
	return err
}

// queueReadMarks is queueChange for a batch of read marks, in their order.
// A library that never synced pays one query for it.
func queueReadMarks(ctx context.Context, tx *sql.Tx, marks []model.ReadMark) error {
	var synced bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_items)`).Scan(&synced); err != nil || !synced {
		return err
	}
	for _, m := range marks {
		if err := queueChange(ctx, tx, m.Ref, "read", m.Read); err != nil {
			return err
		}
	}
	return nil
}

// OutboxChange is a change made here that the server has not acknowledged.
type OutboxChange struct {
	// ID orders the changes as they were made.
	ID       int64
	ServerID int64
	// Field is "read" or "starred".
	Field string
	On    bool
}

// Outbox lists the changes waiting for the server, oldest first.
func (db *DB) Outbox(ctx context.Context) ([]OutboxChange, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, server_id, field, value FROM outbox ORDER BY id`)
	if err != nil {
		return nil, db.fail("read the sync outbox", err)
	}
	defer rows.Close()
	var out []OutboxChange
	for rows.Next() {
		var c OutboxChange
		if err := rows.Scan(&c.ID, &c.ServerID, &c.Field, &c.On); err != nil {
			return nil, db.fail("read the sync outbox", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the sync outbox", err)
	}
	return out, nil
}

// OutboxLen is how many changes wait for the server.
func (db *DB) OutboxLen(ctx context.Context) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
		return 0, db.fail("read the sync outbox", err)
	}
	return n, nil
}

// AckOutbox removes the changes the server acknowledged.
func (db *DB) AckOutbox(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, _ := json.Marshal(ids)
	return db.tx(ctx, "clear the sync outbox", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))`, string(list))
		return err
	})
}

// SyncedIDs are the server ids of the items the store holds.
func (db *DB) SyncedIDs(ctx context.Context) (map[int64]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT server_id FROM sync_items`)
	if err != nil {
		return nil, db.fail("read the synced items", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, db.fail("read the synced items", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the synced items", err)
	}
	return out, nil
}

// SyncedRef is the ref of the item with that server id; false when the
// store does not hold it.
func (db *DB) SyncedRef(ctx context.Context, serverID int64) (string, bool, error) {
	var ref string
	err := db.sql.QueryRowContext(ctx, `SELECT ref FROM sync_items WHERE server_id = ?`, serverID).Scan(&ref)
	switch {
	case err == sql.ErrNoRows:
		return "", false, nil
	case err != nil:
		return "", false, db.fail("read the synced items", err)
	}
	return ref, true, nil
}

// ServerFeed is a subscription as the server lists it.
type ServerFeed struct {
	// Stream is the server's id of it ("feed/12").
	Stream     string
	URL, Title string
	Site       string
	Tags       []string
}

// MirrorFeeds makes the store's synced feeds those the server lists, in
// one transaction: new ones are added, and those the server no longer
// lists are removed with their items (their read and starred state stays,
// as for any feed removed). Feeds never synced are left alone. It returns
// the URLs added and removed.
func (db *DB) MirrorFeeds(ctx context.Context, feeds []ServerFeed) (added, removed []string, err error) {
	err = db.tx(ctx, "store the server's subscriptions", func(tx *sql.Tx) error {
		added, removed = nil, nil
		listed := map[string]bool{}
		for _, f := range feeds {
			listed[f.URL] = true
			isNew, err := mirrorFeed(ctx, tx, f)
			if err != nil {
				return err
			}
			if isNew {
				added = append(added, f.URL)
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT url FROM feeds WHERE server_stream <> ''`)
		if err != nil {
			return err
		}
		var gone []string
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			if !listed[u] {
				gone = append(gone, u)
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, u := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE key = ?`, feedKey(u)); err != nil {
				return err
			}
			removed = append(removed, u)
		}
		return nil
	})
	return added, removed, err
}

// mirrorFeed adds or updates one server feed; true when it was new to the
// store.
func mirrorFeed(ctx context.Context, tx *sql.Tx, f ServerFeed) (bool, error) {
	title := model.CleanLine(f.Title)
	res, err := tx.ExecContext(ctx, `UPDATE feeds SET server_stream = ?, title = ?, site = ? WHERE url = ?`, f.Stream, title, f.Site, f.URL)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		_, err := tx.ExecContext(ctx, `UPDATE sources SET name = ? WHERE key = ? AND ? <> ''`, title, feedKey(f.URL), title)
		return false, err
	}
	name := title
	if name == "" {
		name = hostOf(f.URL)
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO sources (key, name) VALUES (?, ?)`, feedKey(f.URL), name)
	if err != nil {
		return false, err
	}
	sourceID, _ := res.LastInsertId()
	res, err = tx.ExecContext(ctx, `INSERT INTO dirs (source_id, path) VALUES (?, '')`, sourceID)
	if err != nil {
		return false, err
	}
	dirID, _ := res.LastInsertId()
	_, err = tx.ExecContext(ctx, `INSERT INTO feeds (source_id, dir_id, url, title, site, server_stream, last_status) VALUES (?, ?, ?, ?, ?, ?, 'synced')`,
		sourceID, dirID, f.URL, title, f.Site, f.Stream)
	return true, err
}

// adoptFetchedHere gives a synced item the key of the item of the same
// feed and link that bulletin fetched itself (before [sync] was set, or
// by add), so that it is stored once, under the ref marks were made on,
// and not a second time under its server id. An item already linked to a
// server id is not taken twice.
func adoptFetchedHere(ctx context.Context, tx *sql.Tx, feedID int64, items []SyncedItem) error {
	rows, err := tx.QueryContext(ctx, `SELECT key, link FROM items WHERE feed_id = ? AND link <> '' AND key NOT LIKE 'greader:%'`, feedID)
	if err != nil {
		return err
	}
	byLink := map[string]string{}
	for rows.Next() {
		var key, link string
		if err := rows.Scan(&key, &link); err != nil {
			rows.Close()
			return err
		}
		byLink[link] = key
	}
	if err := rows.Close(); err != nil || len(byLink) == 0 {
		return err
	}
	for i := range items {
		it := &items[i].Item
		key, ok := byLink[it.Link]
		if !ok {
			continue
		}
		delete(byLink, it.Link)
		var linked int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sync_items WHERE ref = ? AND server_id <> ?`,
			feedRef(feedID, &feed.Item{Key: key}), items[i].ServerID).Scan(&linked)
		if err != nil {
			return err
		}
		if linked == 0 {
			it.Key = key
		}
	}
	return nil
}

// SyncedItem is an item fetched from the server, to store.
type SyncedItem struct {
	ServerID int64
	// Stream is the server's id of its feed ("feed/12").
	Stream string
	Item   feed.Item
	// Read and Starred are its state on the server.
	Read, Starred bool
}

// SaveSynced stores items the server gave, with their server ids and
// state, in one transaction: an item is stored with its id or not at
// all, so a sync cut short and run again neither misses nor doubles one.
// It returns how many were new, and the items of feeds the store does not
// hold (the server listed them after the subscriptions were read), which
// are not stored.
func (r *Refresh) SaveSynced(ctx context.Context, items []SyncedItem, now time.Time) (added int, orphans []SyncedItem, err error) {
	if len(items) == 0 {
		return 0, nil, nil
	}
	byStream := map[string][]SyncedItem{}
	var streams []string
	for _, it := range items {
		if _, ok := byStream[it.Stream]; !ok {
			streams = append(streams, it.Stream)
		}
		byStream[it.Stream] = append(byStream[it.Stream], it)
	}
	err = r.db.tx(ctx, "store the synced items", func(tx *sql.Tx) error {
		added, orphans = 0, nil
		for _, s := range streams {
			n, known, err := r.saveSyncedFeed(ctx, tx, s, byStream[s], now)
			if err != nil {
				return err
			}
			if !known {
				orphans = append(orphans, byStream[s]...)
			}
			added += n
		}
		return nil
	})
	return added, orphans, err
}

// saveSyncedFeed stores the items of one server feed; false when the store
// does not hold that feed.
func (r *Refresh) saveSyncedFeed(ctx context.Context, tx *sql.Tx, stream string, items []SyncedItem, now time.Time) (int, bool, error) {
	var feedID, sourceID, dirID int64
	err := tx.QueryRowContext(ctx, `SELECT id, source_id, dir_id FROM feeds WHERE server_stream = ?`, stream).Scan(&feedID, &sourceID, &dirID)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if err := adoptFetchedHere(ctx, tx, feedID, items); err != nil {
		return 0, true, err
	}
	fitems := make([]feed.Item, len(items))
	keys := make([]string, len(items))
	for i := range items {
		fitems[i], keys[i] = items[i].Item, items[i].Item.Key
	}
	have, err := storedItems(ctx, tx, feedID, keys)
	if err != nil {
		return 0, true, err
	}
	var saved Saved
	if err := r.saveItemsOver(ctx, tx, feedID, sourceID, dirID, fitems, have, now, &saved); err != nil {
		return 0, true, err
	}
	link, err := tx.PrepareContext(ctx, `INSERT INTO sync_items (server_id, ref) VALUES (?, ?)
		ON CONFLICT (server_id) DO UPDATE SET ref = excluded.ref`)
	if err != nil {
		return 0, true, err
	}
	defer link.Close()
	state, err := tx.PrepareContext(ctx, `INSERT INTO state (ref, read, starred) VALUES (?, ?, ?)
		ON CONFLICT (ref) DO UPDATE SET read = excluded.read, starred = excluded.starred
		WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE server_id = ?)`)
	if err != nil {
		return 0, true, err
	}
	defer state.Close()
	for i := range items {
		it := &items[i]
		ref := feedRef(feedID, &it.Item)
		if _, err := link.ExecContext(ctx, it.ServerID, ref); err != nil {
			return 0, true, err
		}
		if _, err := state.ExecContext(ctx, ref, it.Read, it.Starred, it.ServerID); err != nil {
			return 0, true, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE feeds SET last_success = ?, last_attempt = ?, last_status = 'synced', last_error = '' WHERE id = ?`,
		now.UnixMilli(), now.UnixMilli(), feedID)
	return saved.New, true, err
}

// ApplyServerState sets the read and starred state of every synced item
// to the server's, given as the ids of its unread and of its starred
// items, except where a change made here still waits in the outbox: that
// change wins, and reaches the server at the next push. It returns how
// many items changed.
func (db *DB) ApplyServerState(ctx context.Context, unread, starred []int64) (int, error) {
	u, _ := json.Marshal(nonNil(unread))
	s, _ := json.Marshal(nonNil(starred))
	changed := 0
	err := db.tx(ctx, "store the server's read state", func(tx *sql.Tx) error {
		changed = 0
		if _, err := tx.ExecContext(ctx, `INSERT INTO state (ref) SELECT ref FROM sync_items WHERE true ON CONFLICT (ref) DO NOTHING`); err != nil {
			return err
		}
		for _, q := range []struct{ field, ids, want string }{
			{"read", string(u), "s.server_id NOT IN (SELECT value FROM json_each(?1))"},
			{"starred", string(s), "s.server_id IN (SELECT value FROM json_each(?1))"},
		} {
			res, err := tx.ExecContext(ctx, `UPDATE state SET `+q.field+` = `+q.want+` FROM sync_items s
				WHERE s.ref = state.ref AND state.`+q.field+` <> (`+q.want+`)
				AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.server_id = s.server_id AND o.field = '`+q.field+`')`, q.ids)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			changed += int(n)
		}
		return nil
	})
	return changed, err
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// SyncState is where the last sync left off.
type SyncState struct {
	// Account is the server and user the synced items came from.
	Account string
	// LastSync is when the last sync ended well, zero before the first.
	LastSync time.Time
	// LastError is why the last sync failed, in words; "" when it went well.
	LastError string
}

// SyncState reads where the last sync left off.
func (db *DB) SyncState(ctx context.Context) (SyncState, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT key, value FROM sync_state`)
	if err != nil {
		return SyncState{}, db.fail("read the sync state", err)
	}
	defer rows.Close()
	var st SyncState
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return SyncState{}, db.fail("read the sync state", err)
		}
		switch k {
		case "account":
			st.Account = v
		case "last_sync":
			st.LastSync = unixMilli(parseInt(v))
		case "last_error":
			st.LastError = v
		}
	}
	return st, rows.Err()
}

func parseInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// SetSyncState records where a sync left off.
func (db *DB) SetSyncState(ctx context.Context, st SyncState) error {
	return db.tx(ctx, "save the sync state", func(tx *sql.Tx) error {
		for k, v := range map[string]string{
			"account":    st.Account,
			"last_sync":  strconv.FormatInt(milli(st.LastSync), 10),
			"last_error": model.CleanLine(st.LastError),
		} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_state (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// ServerStream is the server's id of the feed at url ("feed/12"); false
// when the feed is not one the server listed at the last sync.
func (db *DB) ServerStream(ctx context.Context, url string) (string, bool, error) {
	var stream string
	err := db.sql.QueryRowContext(ctx, `SELECT server_stream FROM feeds WHERE url = ?`, url).Scan(&stream)
	switch {
	case err == sql.ErrNoRows:
		return "", false, nil
	case err != nil:
		return "", false, db.fail("read the feeds", err)
	}
	return stream, stream != "", nil
}

// ForgetServer drops what ties the store to a sync account: the server ids
// of its items and its feeds, and the sync state. Items, feeds and reading
// state stay. It refuses while changes wait in the outbox: they belong to
// that account.
func (db *DB) ForgetServer(ctx context.Context) error {
	return db.tx(ctx, "forget the sync account", func(tx *sql.Tx) error {
		var waiting int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&waiting); err != nil {
			return err
		}
		if waiting > 0 {
			return fmt.Errorf("%d changes wait to be pushed to the account synced before", waiting)
		}
		for _, q := range []string{`DELETE FROM sync_items`, `UPDATE feeds SET server_stream = '' WHERE server_stream <> ''`, `DELETE FROM sync_state`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}
