package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

// FeedSub is a subscription as the library shows it: the feed's address,
// the name the user gave it ("" for the feed's own title) and its tags.
type FeedSub struct {
	URL   string
	Title string
	Tags  []string
}

// FeedInfo is what the store knows about a feed.
type FeedInfo struct {
	ID    int64
	URL   string
	Title string // the feed's own title, "" until first fetched
	Site  string
	// Format is the format the feed was last parsed as ("rss 2.0").
	Format string
	// State is what the next fetch sends: validators and Retry-After.
	State feed.State
	// Gone is set once the server answered 410.
	Gone bool
	// LastAttempt and LastSuccess are zero until the first fetch.
	LastAttempt, LastSuccess time.Time
	// LastStatus is how the last fetch ended ("fetched", "not modified",
	// "failed"), LastError what went wrong then ("" when it went well).
	LastStatus, LastError string
	// Warnings say what was wrong but survivable in the feed's last
	// document (it was cut off), one clean line each.
	Warnings []string
	Items    int
	// Unread is how many of the items are not read; Feeds counts them,
	// Feed leaves 0.
	Unread int
}

// feedKey is the key of a feed's sources row.
func feedKey(url string) string { return "feed:" + url }

// feedRef is the ref of a feed item: stable across refreshes and moves.
func feedRef(feedID int64, item *feed.Item) string {
	return "feed/" + strconv.FormatInt(feedID, 10) + "/" + item.ID()
}

// hostOf labels a feed that has no title yet.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// AddFeeds subscribes the store to feeds it does not hold yet, in one
// transaction; the ones it holds are left as they are. It reports how many
// were new.
func (db *DB) AddFeeds(ctx context.Context, urls ...string) (int, error) {
	if db.readOnly {
		return 0, db.fail("add feeds", ErrReadOnly)
	}
	added := 0
	err := db.tx(ctx, "add feeds", func(tx *sql.Tx) error {
		added = 0
		for _, u := range urls {
			res, err := tx.ExecContext(ctx, `INSERT INTO sources (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, feedKey(u), hostOf(u))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			sourceID, _ := res.LastInsertId()
			res, err = tx.ExecContext(ctx, `INSERT INTO dirs (source_id, path) VALUES (?, '')`, sourceID)
			if err != nil {
				return err
			}
			dirID, _ := res.LastInsertId()
			if _, err := tx.ExecContext(ctx, `INSERT INTO feeds (source_id, dir_id, url) VALUES (?, ?, ?)`, sourceID, dirID, u); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

// RemoveFeed drops a feed and its items from the store. What the reader
// did with the items (read, starred) is kept, as it is for files.
func (db *DB) RemoveFeed(ctx context.Context, url string) (bool, error) {
	if db.readOnly {
		return false, db.fail("remove a feed", ErrReadOnly)
	}
	var removed bool
	err := db.tx(ctx, "remove "+url, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE key = ?`, feedKey(url))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		removed = n > 0
		return nil
	})
	return removed, err
}

const feedColumns = `f.id, f.url, f.title, f.site, f.format, f.etag, f.last_modified, f.not_before, f.gone,
	f.last_attempt, f.last_success, f.last_status, f.last_error, f.warnings,
	(SELECT count(*) FROM files WHERE source_id = f.source_id AND kind = 0)`

func scanFeed(row interface{ Scan(...any) error }) (FeedInfo, error) {
	var fi FeedInfo
	var notBefore, attempt, success int64
	var warnings string
	err := row.Scan(&fi.ID, &fi.URL, &fi.Title, &fi.Site, &fi.Format, &fi.State.ETag, &fi.State.LastModified, &notBefore, &fi.Gone,
		&attempt, &success, &fi.LastStatus, &fi.LastError, &warnings, &fi.Items)
	if warnings != "" {
		fi.Warnings = strings.Split(warnings, "\n")
	}
	fi.State.URL = fi.URL
	fi.State.NotBefore = unixMilli(notBefore)
	fi.LastAttempt, fi.LastSuccess = unixMilli(attempt), unixMilli(success)
	return fi, err
}

func unixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

func milli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Feeds returns every feed of the store, by URL.
func (db *DB) Feeds(ctx context.Context) ([]FeedInfo, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds f ORDER BY f.url`)
	if err != nil {
		return nil, db.fail("read the feeds", err)
	}
	defer rows.Close()
	var out []FeedInfo
	for rows.Next() {
		fi, err := scanFeed(rows)
		if err != nil {
			return nil, db.fail("read the feeds", err)
		}
		out = append(out, fi)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the feeds", err)
	}
	return out, db.withUnread(ctx, out)
}

// Feed returns one feed by URL; false when the store does not hold it.
func (db *DB) Feed(ctx context.Context, url string) (FeedInfo, bool, error) {
	fi, err := scanFeed(db.sql.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.url = ?`, url))
	switch {
	case err == sql.ErrNoRows:
		return fi, false, nil
	case err != nil:
		return fi, false, db.fail("read the feeds", err)
	}
	return fi, true, nil
}

// Saved is what storing one fetch changed.
type Saved struct {
	// New and Updated count the items added and changed.
	New, Updated int
	// Refs are the refs of those items.
	Refs []string
	// MovedTo is the feed's new URL after a permanent redirect, "" when it
	// did not move (or could not, as the store holds that URL already).
	MovedTo string
}

// Refresh stores the results of fetching feeds, one transaction a feed,
// so a refresh cut short keeps every feed it stored. It is not safe for
// concurrent use: one goroutine stores the results as they come.
type Refresh struct {
	db *DB
	// after is the highest id given to an item of each second (by its
	// first id), so that items of one second in many feeds do not look
	// for a free id from the second's start again and again.
	after map[int64]int64
}

// NewRefresh starts storing fetch results. The items it stores wait for
// the full-text index (Library.IndexText), which search and "more like
// this" bring up to date before they look, and the reader in the
// background: a refresh stores what there is to read and leaves the slower
// indexing out of the wait.
func (db *DB) NewRefresh(ctx context.Context) (*Refresh, error) {
	if db.readOnly {
		return nil, db.fail("refresh feeds", ErrReadOnly)
	}
	return &Refresh{db: db, after: map[int64]int64{}}, nil
}

// Fetched is the outcome of fetching one feed, to store.
type Fetched struct {
	// URL is the feed's address as the store holds it (not a new one
	// after a redirect: that is Result.MovedTo).
	URL    string
	Result feed.Result
}

// Save stores the outcome of fetching the feed at url: its state for the
// next fetch, its status, and, when fetched, its items. Items the feed no
// longer lists are kept (the store is an archive); an item that changed
// keeps its ref, so its read state and place stay.
func (r *Refresh) Save(ctx context.Context, url string, res feed.Result, now time.Time) (Saved, error) {
	saved, errs, err := r.SaveAll(ctx, []Fetched{{URL: url, Result: res}}, now)
	if err != nil {
		return Saved{}, err
	}
	return saved[0], errs[0]
}

// SaveAll is Save for several feeds in one transaction, which costs far
// less than one each when many feeds come in at once. Each feed is stored
// whole or not at all: errs[i] is why feed i was not (saved[i] is then
// zero); err stops the whole batch, and nothing of it is stored.
func (r *Refresh) SaveAll(ctx context.Context, batch []Fetched, now time.Time) (saved []Saved, errs []error, err error) {
	err = r.db.tx(ctx, "store the feeds", func(tx *sql.Tx) error {
		saved, errs = make([]Saved, len(batch)), make([]error, len(batch))
		for i, f := range batch {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT feed`); err != nil {
				return err
			}
			s, err := r.save(ctx, tx, f.URL, f.Result, now)
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO feed`); rerr != nil {
					return rerr
				}
				errs[i] = fmt.Errorf("store %s: %w", f.URL, err)
			} else {
				saved[i] = s
			}
			if _, err := tx.ExecContext(ctx, `RELEASE feed`); err != nil {
				return err
			}
		}
		return nil
	})
	return saved, errs, err
}

func (r *Refresh) save(ctx context.Context, tx *sql.Tx, url string, res feed.Result, now time.Time) (Saved, error) {
	var saved Saved
	err := func() error {
		var feedID, sourceID, dirID int64
		err := tx.QueryRowContext(ctx, `SELECT id, source_id, dir_id FROM feeds WHERE url = ?`, url).Scan(&feedID, &sourceID, &dirID)
		if err == sql.ErrNoRows {
			return fmt.Errorf("%s is not a feed of the library", url)
		}
		if err != nil {
			return err
		}
		if res.Status == feed.Deferred {
			_, err := tx.ExecContext(ctx, `UPDATE feeds SET last_status = ? WHERE id = ?`, res.Status.String(), feedID)
			return err
		}
		errText := ""
		if res.Err != nil {
			errText = model.CleanLine(res.Err.Error())
		}
		success := int64(0)
		if res.Status == feed.Fetched || res.Status == feed.NotModified {
			success = now.UnixMilli()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET etag = ?, last_modified = ?, not_before = ?,
			gone = (gone OR ?) AND ? = 0, last_attempt = ?, last_success = max(last_success, ?), last_status = ?, last_error = ? WHERE id = ?`,
			res.State.ETag, res.State.LastModified, milli(res.State.NotBefore),
			res.Status == feed.Gone, success, now.UnixMilli(), success, res.Status.String(), errText, feedID); err != nil {
			return err
		}
		if res.MovedTo != "" && res.MovedTo != url {
			var taken int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM feeds WHERE url = ?`, res.MovedTo).Scan(&taken); err != nil {
				return err
			}
			if taken == 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE feeds SET url = ? WHERE id = ?`, res.MovedTo, feedID); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE sources SET key = ? WHERE id = ?`, feedKey(res.MovedTo), sourceID); err != nil {
					return err
				}
				saved.MovedTo = res.MovedTo
			}
		}
		if res.Status != feed.Fetched || res.Feed == nil {
			return nil
		}
		f := res.Feed
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET title = ?, site = ?, format = ?, warnings = ? WHERE id = ?`,
			f.Title, f.Link, f.Format, joinLines(f.Warnings), feedID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET name = ? WHERE id = ? AND name <> ?`, f.Title, sourceID, f.Title); err != nil {
			return err
		}
		return r.saveItems(ctx, tx, feedID, sourceID, dirID, f.Items, now, &saved)
	}()
	return saved, err
}

// itemDigest sums up what is shown of an item, to tell when it changed.
func itemDigest(it *feed.Item) string {
	h := sha256.New()
	for _, s := range []string{it.Title, it.Link, it.Author, it.DateText, it.HTML, it.Base, strings.Join(it.Categories, "\n")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	// Only when there are some, so that the digests stored before items had
	// enclosures still match and an upgrade updates no item that has none.
	if len(it.Enclosures) > 0 {
		h.Write([]byte(enclosureLines(it.Enclosures)))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// storedItem is what saveItems needs of an item the store holds.
type storedItem struct {
	fileID    int64
	firstSeen int64
	digest    string
}

// storedItems reads the items of a feed the store holds, by key: all of
// them when keys is nil (a feed's document lists most of what it holds),
// else only those keys (a sync's batch is a few of a feed's items).
func storedItems(ctx context.Context, tx *sql.Tx, feedID int64, keys []string) (map[string]storedItem, error) {
	q, args := `SELECT key, file_id, first_seen, digest FROM items WHERE feed_id = ?`, []any{feedID}
	if keys != nil {
		list, _ := json.Marshal(keys)
		q += ` AND key IN (SELECT value FROM json_each(?))`
		args = append(args, string(list))
	}
	have := map[string]storedItem{}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var s storedItem
		if err := rows.Scan(&k, &s.fileID, &s.firstSeen, &s.digest); err != nil {
			return nil, err
		}
		have[k] = s
	}
	return have, rows.Close()
}

func (r *Refresh) saveItems(ctx context.Context, tx *sql.Tx, feedID, sourceID, dirID int64, items []feed.Item, now time.Time, saved *Saved) error {
	have, err := storedItems(ctx, tx, feedID, nil)
	if err != nil {
		return err
	}
	return r.saveItemsOver(ctx, tx, feedID, sourceID, dirID, items, have, now, saved)
}

// saveItemsOver stores items of a feed whose stored items (those of the
// same keys at least) are have.
func (r *Refresh) saveItemsOver(ctx context.Context, tx *sql.Tx, feedID, sourceID, dirID int64, items []feed.Item, have map[string]storedItem, now time.Time, saved *Saved) error {
	insFile, err := tx.PrepareContext(ctx, `INSERT INTO files (id, source_id, dir_id, name, path, size, stamp, kind,
		ref, title, article_id, has_date, pub, pub_ns, pub_offset, date_text, related_count)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	defer insFile.Close()
	insItem, err := tx.PrepareContext(ctx, `INSERT INTO items (file_id, feed_id, key, guid, link, author, first_seen, html, base, categories, digest, enclosures)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insItem.Close()
	for i := range items {
		it := &items[i]
		digest := itemDigest(it)
		old, known := have[it.Key]
		if known && old.digest == digest {
			continue
		}
		firstSeen := now.Unix()
		if known {
			firstSeen = old.firstSeen
		}
		// An undated item keeps has_date 0, so it lists after the dated
		// ones, and pub holds when it was first seen, which only orders
		// the undated among themselves (scanArticle reads it as Seen).
		// Its date text is what the feed wrote, if anything.
		pub := it.Published
		if !it.Dated {
			pub = time.Unix(firstSeen, 0).UTC()
		}
		dateText := it.DateText
		_, off := pub.Zone()
		ref := feedRef(feedID, it)
		if known {
			if _, err := tx.ExecContext(ctx, `DELETE FROM fts WHERE rowid = ? AND (SELECT text FROM files WHERE id = ?) = 1`, old.fileID, old.fileID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE files SET size = ?, title = ?, article_id = ?, has_date = ?, pub = ?, pub_ns = ?, pub_offset = ?, date_text = ?, text = 0 WHERE id = ?`,
				len(it.HTML), it.Title, nullString(it.Link), it.Dated, pub.Unix(), pub.Nanosecond(), off, nullString(dateText), old.fileID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE items SET guid = ?, link = ?, author = ?, html = ?, base = ?, categories = ?, digest = ?, enclosures = ? WHERE file_id = ?`,
				it.GUID, it.Link, it.Author, it.HTML, it.Base, strings.Join(it.Categories, "\n"), digest, enclosureLines(it.Enclosures), old.fileID); err != nil {
				return err
			}
			saved.Updated++
			saved.Refs = append(saved.Refs, ref)
			continue
		}
		// An item's id goes by when it arrived, not by its date as a
		// file's does: the items of a refresh then take ids one after
		// another, at the end of the table and of the full-text index,
		// instead of all over them (3.7 s instead of 4.8 s to store 1000
		// feeds of 50 items, and a third less memory). Search's "newest"
		// and "more like this"'s window of nearby dates read arrival
		// time for items, which for news is close to their date.
		listed := model.Article{HasDate: true, Published: time.Unix(firstSeen, 0)}
		first, lo, hi := firstID(kindArticle, &listed, ref)
		start := first
		if last, ok := r.after[lo]; ok && last >= first && last < hi {
			start = last + 1
		}
		id, err := insertItemFile(ctx, tx, insFile, start, lo, hi, func(id int64) []any {
			return []any{id, sourceID, dirID, it.ID(), it.ID(), len(it.HTML), firstSeen,
				ref, it.Title, nullString(it.Link), it.Dated, pub.Unix(), pub.Nanosecond(), off, nullString(dateText)}
		})
		if err != nil {
			return err
		}
		if id == 0 {
			continue
		}
		// Kept even if the transaction fails: it is only where to start.
		r.after[lo] = max(r.after[lo], id)
		if _, err := insItem.ExecContext(ctx, id, feedID, it.Key, it.GUID, it.Link, it.Author, firstSeen, it.HTML, it.Base,
			strings.Join(it.Categories, "\n"), digest, enclosureLines(it.Enclosures)); err != nil {
			return err
		}
		saved.New++
		saved.Refs = append(saved.Refs, ref)
	}
	return nil
}

// insertItemFile inserts an item's files row at the first free id from
// first (wrapping to lo after hi) and returns the id; 0 when the row exists
// already under its name (the feed lists one item twice). Feeds often date
// many items alike, so it looks for the next free id in one query instead
// of trying the ids one by one.
func insertItemFile(ctx context.Context, tx *sql.Tx, ins *sql.Stmt, first, lo, hi int64, args func(id int64) []any) (int64, error) {
	id := first
	for try := 0; try < 3; try++ {
		res, err := ins.ExecContext(ctx, args(id)...)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return id, nil
		}
		if try == 1 {
			// The free id found was refused: the name is taken.
			return 0, nil
		}
		var next sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT f.id + 1 FROM files f WHERE f.id >= ? AND f.id < ?
			AND NOT EXISTS (SELECT 1 FROM files g WHERE g.id = f.id + 1) ORDER BY f.id LIMIT 1`, id, hi).Scan(&next)
		switch {
		case err == sql.ErrNoRows || (err == nil && !next.Valid):
			err = tx.QueryRowContext(ctx, `SELECT coalesce(min(f.id + 1), ?) FROM files f WHERE f.id >= ? AND f.id < ?
				AND NOT EXISTS (SELECT 1 FROM files g WHERE g.id = f.id + 1)`, lo, lo, hi).Scan(&next)
			if err != nil {
				return 0, err
			}
		case err != nil:
			return 0, err
		}
		if next.Int64 > hi || next.Int64 < lo {
			return 0, fmt.Errorf("no free id between %d and %d", lo, hi)
		}
		id = next.Int64
	}
	return 0, nil
}

// AddFeeds adds feeds to the library, as sources after its folders. The
// store must hold them (DB.AddFeeds); the others are left out.
func (l *Library) AddFeeds(subs ...FeedSub) {
	for i := range subs {
		l.sources = append(l.sources, &Source{lib: l, feed: &subs[i]})
	}
}

// feedSourceID finds a feed's sources row and label; s.mu is held.
func (s *Source) feedSourceID(ctx context.Context) (int64, error) {
	db := s.lib.db
	err := db.sql.QueryRowContext(ctx, `SELECT s.id, coalesce(nullif(f.title, ''), s.name) FROM sources s JOIN feeds f ON f.source_id = s.id
		WHERE s.key = ?`, feedKey(s.feed.URL)).Scan(&s.id, &s.name)
	switch {
	case err == sql.ErrNoRows:
		return 0, nil
	case err != nil:
		return 0, db.fail("read the feeds", err)
	}
	if s.feed.Title != "" {
		s.name = model.CleanLine(s.feed.Title)
	}
	return s.id, nil
}

// label names the feed in the list.
func (s *Source) label() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.name != "" {
		return s.name
	}
	if s.feed.Title != "" {
		return model.CleanLine(s.feed.Title)
	}
	return hostOf(s.feed.URL)
}

// scanItems lists the feed's items (or the stories fetched from a folder's
// site) from the store, newest first.
func (s *Source) scanItems(ctx context.Context, emit func(model.ScanResult) bool) {
	id, err := s.sourceID(ctx, false)
	if err == nil && id != 0 {
		err = s.eachArticle(ctx, id, func(r articleRow) bool {
			return emit(model.ScanResult{Article: r.article})
		})
	}
	if err != nil && ctx.Err() == nil {
		emit(model.ScanResult{Path: s.display(""), Err: err})
	}
}

// itemRow is an item as stored.
type itemRow struct {
	title, html, base, link, author, categories string
	enclosures                                  string
	readable                                    sql.NullString
}

func (s *Source) item(ctx context.Context, path string) (itemRow, error) {
	var r itemRow
	id, err := s.sourceID(ctx, false)
	if err != nil {
		return r, err
	}
	db := s.lib.db
	err = db.sql.QueryRowContext(ctx, `SELECT coalesce(f.title, ''), i.html, i.base, i.link, i.author, i.categories, i.enclosures, i.readable
		FROM files f JOIN items i ON i.file_id = f.id WHERE f.source_id = ? AND f.path = ?`, id, path).
		Scan(&r.title, &r.html, &r.base, &r.link, &r.author, &r.categories, &r.enclosures, &r.readable)
	if err == sql.ErrNoRows {
		return r, fmt.Errorf("%s: the item %s is no longer in the store", s.feed.URL, path)
	}
	if err != nil {
		return r, db.fail("read an item", err)
	}
	return r, nil
}

// loadItem reads a feed item: its HTML made markdown, and its links as the
// related list (the reader keeps those that lead to the library).
func (s *Source) loadItem(ctx context.Context, a *model.Article) (model.Article, error) {
	r, err := s.item(ctx, a.Path)
	if err != nil {
		return *a, err
	}
	full := *a
	if full.Title == "" {
		full.Title = r.title
	}
	md, links := feed.Markdown(r.html, r.base)
	md = feed.WithByline(r.author, md)
	full.Body, full.Markdown, full.Link, full.Loaded = md, true, r.link, true
	full.Author = model.CleanLine(r.author)
	full.Related = feed.Related(links)
	full.RelatedCount = len(full.Related)
	full.Enclosures = modelEnclosures(parseEnclosures(r.enclosures))
	return full, nil
}

// modelEnclosures are the parser's enclosures as the reader takes them.
func modelEnclosures(encs []feed.Enclosure) []model.Enclosure {
	if len(encs) == 0 {
		return nil
	}
	out := make([]model.Enclosure, len(encs))
	for i, e := range encs {
		out[i] = model.Enclosure{URL: e.URL, Type: e.Type, Length: e.Length}
	}
	return out
}

// itemText is the title and plain text of an item, for the full-text index.
func (s *Source) itemText(ctx context.Context, path string) (model.Article, error) {
	r, err := s.item(ctx, path)
	if err != nil {
		return model.Article{}, err
	}
	return model.Article{Path: path, Title: r.title, Body: feed.PlainText(r.html)}, nil
}

// itemByRef finds a feed item by its article's ref. Items are articles
// (kind 0): saying so lets SQLite use the ref index, which holds only
// articles; without it, it scanned every file of the store.
const itemByRef = `FROM files f JOIN items i ON i.file_id = f.id WHERE f.ref = ? AND f.kind = 0`

// Readable returns the readable article cached for a feed item by ref;
// false when none was stored.
func (db *DB) Readable(ctx context.Context, ref string) (string, bool, error) {
	var md sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT i.readable `+itemByRef, ref).Scan(&md)
	switch {
	case err == sql.ErrNoRows:
		return "", false, nil
	case err != nil:
		return "", false, db.fail("read an item", err)
	}
	return md.String, md.Valid, nil
}

// Enclosures returns the files a feed item carries, by ref, in the feed's
// order; none for an item without any or not in the store.
func (db *DB) Enclosures(ctx context.Context, ref string) ([]feed.Enclosure, error) {
	var lines string
	err := db.sql.QueryRowContext(ctx, `SELECT i.enclosures `+itemByRef, ref).Scan(&lines)
	switch {
	case err == sql.ErrNoRows:
		return nil, nil
	case err != nil:
		return nil, db.fail("read an item", err)
	}
	return parseEnclosures(lines), nil
}

// SetReadable caches the readable article of a feed item (markdown, made
// safe by the caller).
func (db *DB) SetReadable(ctx context.Context, ref, markdown string) error {
	if db.readOnly {
		return nil
	}
	return db.tx(ctx, "store the readable article", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE items SET readable = ? WHERE file_id IN (SELECT id FROM files WHERE ref = ? AND kind = 0)`, markdown, ref)
		return err
	})
}

// joinLines stores clean one-line texts one a line.
func joinLines(lines []string) string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = model.CleanLine(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// enclosureLines stores enclosures one a line: URL, type and length,
// tab-separated (the parser cleaned the URL and type of tabs and line
// breaks).
func enclosureLines(encs []feed.Enclosure) string {
	var b strings.Builder
	for i, e := range encs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(model.CleanLine(e.URL))
		b.WriteByte('\t')
		b.WriteString(model.CleanLine(e.Type))
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.Length, 10))
	}
	return b.String()
}

// parseEnclosures reads enclosureLines back.
func parseEnclosures(s string) []feed.Enclosure {
	var out []feed.Enclosure
	for line := range strings.SplitSeq(s, "\n") {
		fields := strings.Split(line, "\t")
		if len(fields) != 3 || fields[0] == "" {
			continue
		}
		n, _ := strconv.ParseInt(fields[2], 10, 64)
		out = append(out, feed.Enclosure{URL: fields[0], Type: fields[1], Length: n})
	}
	return out
}
