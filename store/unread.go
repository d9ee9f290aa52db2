package store

import "context"

// unreadByFeed counts the unread items of every feed, by feed id, in one
// grouped query: an item is unread unless its state says read. Feeds with
// none unread are missing from the map.
func (db *DB) unreadByFeed(ctx context.Context) (map[int64]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT f.id, count(*)
		FROM feeds f
		JOIN files fi ON fi.source_id = f.source_id AND fi.kind = 0
		LEFT JOIN state s ON s.ref = fi.ref
		WHERE s.read IS NULL OR s.read = 0
		GROUP BY f.id`)
	if err != nil {
		return nil, db.fail("count the unread items", err)
	}
	defer rows.Close()
	unread := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, db.fail("count the unread items", err)
		}
		unread[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("count the unread items", err)
	}
	return unread, nil
}

// withUnread sets the Unread count of each feed.
func (db *DB) withUnread(ctx context.Context, infos []FeedInfo) error {
	unread, err := db.unreadByFeed(ctx)
	if err != nil {
		return err
	}
	for i := range infos {
		infos[i].Unread = unread[infos[i].ID]
	}
	return nil
}
