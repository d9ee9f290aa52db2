package store

import (
	"context"
	"strconv"
	"strings"
)

// SyncedMark is a synced item's feed and marks.
type SyncedMark struct {
	// Feed is the URL of the item's feed.
	Feed          string
	Read, Starred bool
}

// SyncedMarks lists every synced item by ref with its feed and marks, so
// that the reader can be told what a sync brought and which marks it set:
// the difference of two lists, one taken before the sync and one after.
func (db *DB) SyncedMarks(ctx context.Context) (map[string]SyncedMark, error) {
	urls, err := db.feedURLs(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT s.ref, coalesce(st.read, 0), coalesce(st.starred, 0)
		FROM sync_items s LEFT JOIN state st ON st.ref = s.ref`)
	if err != nil {
		return nil, db.fail("read the synced items", err)
	}
	defer rows.Close()
	out := map[string]SyncedMark{}
	for rows.Next() {
		var ref string
		var m SyncedMark
		if err := rows.Scan(&ref, &m.Read, &m.Starred); err != nil {
			return nil, db.fail("read the synced items", err)
		}
		m.Feed = urls[feedIDOfRef(ref)]
		out[ref] = m
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the synced items", err)
	}
	return out, nil
}

// feedURLs are the URLs of the stored feeds by id.
func (db *DB) feedURLs(ctx context.Context) (map[int64]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, url FROM feeds`)
	if err != nil {
		return nil, db.fail("read the feeds", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var u string
		if err := rows.Scan(&id, &u); err != nil {
			return nil, db.fail("read the feeds", err)
		}
		out[id] = u
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the feeds", err)
	}
	return out, nil
}

// feedIDOfRef is the feed id in a feed item's ref ("feed/12/..."), 0 for
// another ref.
func feedIDOfRef(ref string) int64 {
	rest, ok := strings.CutPrefix(ref, "feed/")
	if !ok {
		return 0
	}
	id, _, _ := strings.Cut(rest, "/")
	n, _ := strconv.ParseInt(id, 10, 64)
	return n
}
