package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// migrations build the schema, one numbered step at a time: migrations()[i]
// takes a database from version i to i+1 (PRAGMA user_version). A released
// step is never edited; a change is a new step at the end.
func migrations() []string {
	return []string{
		// 1: sources, their folders and files, the full-text index, state.
		`
PRAGMA application_id = 1651862636; -- "bull"

CREATE TABLE sources (
	id   INTEGER PRIMARY KEY,
	key  TEXT NOT NULL UNIQUE, -- dir:/abs/path, file:/abs/path.txt or fs:name
	name TEXT NOT NULL
);

-- One row a directory of a source. fingerprint sums up the names, sizes
-- and times of its files when they were last all indexed; NULL until then.
CREATE TABLE dirs (
	id          INTEGER PRIMARY KEY,
	source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	path        TEXT NOT NULL,
	fingerprint INTEGER,
	UNIQUE (source_id, path)
);

-- One row a file. Articles (kind 0) have ids that grow with their date, so
-- the full-text index's rowids are in date order (see firstID); other files
-- (kind 1 skipped, kind 2 not an article, with the reason in error) have
-- negative ids.
CREATE TABLE files (
	id            INTEGER PRIMARY KEY,
	source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	dir_id        INTEGER NOT NULL REFERENCES dirs(id) ON DELETE CASCADE,
	name          TEXT NOT NULL,
	path          TEXT NOT NULL,
	size          INTEGER NOT NULL,
	stamp         INTEGER NOT NULL,
	kind          INTEGER NOT NULL,
	error         TEXT,
	ref           TEXT,
	title         TEXT,
	article_id    TEXT,
	has_date      INTEGER NOT NULL DEFAULT 0,
	pub           INTEGER NOT NULL DEFAULT 0, -- Unix seconds
	pub_ns        INTEGER NOT NULL DEFAULT 0,
	pub_offset    INTEGER NOT NULL DEFAULT 0, -- zone offset, seconds east of UTC
	date_text     TEXT,
	related_count INTEGER NOT NULL DEFAULT 0,
	warnings      TEXT,    -- one a line
	text          INTEGER NOT NULL DEFAULT 0 -- 0 waiting, 1 in fts, 2 unreadable
);
CREATE UNIQUE INDEX files_by_name ON files (dir_id, name);
CREATE INDEX files_newest_first ON files (source_id, has_date DESC, pub DESC, pub_ns DESC, ref) WHERE kind = 0;
CREATE INDEX files_by_ref ON files (ref) WHERE kind = 0;
CREATE INDEX files_waiting ON files (source_id) WHERE kind = 0 AND text = 0;
CREATE INDEX files_not_articles ON files (source_id) WHERE kind <> 0;

-- Titles and bodies, without a copy of the text (the files are the
-- content); rowid is files.id.
CREATE VIRTUAL TABLE fts USING fts5 (
	title, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE fts_vocab USING fts5vocab (fts, row);
CREATE TRIGGER files_out_of_fts AFTER DELETE ON files WHEN old.text = 1 BEGIN
	DELETE FROM fts WHERE rowid = old.id;
END;

-- How many articles hold each word, copied from fts_vocab now and then
-- (reading fts_vocab for a word costs as much as the word is common).
CREATE TABLE terms (
	term TEXT PRIMARY KEY,
	docs INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;

-- What the reader did, by article ref: it outlives the files.
CREATE TABLE state (
	ref      TEXT PRIMARY KEY,
	read     INTEGER NOT NULL DEFAULT 0,
	starred  INTEGER NOT NULL DEFAULT 0,
	opened   INTEGER, -- Unix milliseconds
	position INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`,
		// 2: feeds and their items. A feed is a source with one directory;
		// its items are files rows (so the list, search and "more like
		// this" see them like articles) with an items row beside each.
		`
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	source_id     INTEGER NOT NULL UNIQUE REFERENCES sources(id) ON DELETE CASCADE,
	dir_id        INTEGER NOT NULL REFERENCES dirs(id) ON DELETE CASCADE,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '', -- the feed's own title
	site          TEXT NOT NULL DEFAULT '',
	format        TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	not_before    INTEGER NOT NULL DEFAULT 0, -- Unix milliseconds, from Retry-After
	gone          INTEGER NOT NULL DEFAULT 0,
	last_attempt  INTEGER NOT NULL DEFAULT 0, -- Unix milliseconds
	last_success  INTEGER NOT NULL DEFAULT 0,
	last_status   TEXT NOT NULL DEFAULT '',
	last_error    TEXT NOT NULL DEFAULT ''
);

-- One row an item, beside its files row. The item's HTML is kept as the
-- feed gave it (untrusted) and made markdown when read.
CREATE TABLE items (
	-- Rows in the order they came, so that writing a refresh appends to
	-- the table; files ids go by date, all over the table.
	id         INTEGER PRIMARY KEY,
	file_id    INTEGER NOT NULL UNIQUE REFERENCES files(id) ON DELETE CASCADE,
	feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	guid       TEXT NOT NULL DEFAULT '',
	link       TEXT NOT NULL DEFAULT '',
	author     TEXT NOT NULL DEFAULT '',
	first_seen INTEGER NOT NULL, -- Unix seconds
	html       TEXT NOT NULL DEFAULT '',
	base       TEXT NOT NULL DEFAULT '',
	categories TEXT NOT NULL DEFAULT '', -- one a line
	digest     TEXT NOT NULL DEFAULT '', -- tells a changed item
	readable   TEXT, -- the web page's readable article as markdown, once fetched
	UNIQUE (feed_id, key) -- also finds a feed's items
);
`,
		// 3: stories fetched from the site of a folder (model.Stories).
		// The stories of one folder are a source of their own (key
		// site:<the folder's key>) with one directory, so the folder's
		// index, which follows the disk, never drops them; each story is a
		// files row (kind 0: listed, searched and marked like an article)
		// with a pages row beside it.
		`
CREATE TABLE pages (
	file_id  INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
	url      TEXT NOT NULL,    -- the story's address on the site
	markdown TEXT NOT NULL,    -- the readable article, cleaned, byline first
	fetched  INTEGER NOT NULL  -- Unix milliseconds
);
`,
		// 4: the files items carry (enclosures), and what was wrong but
		// survivable in a feed's last document (cut off, so items may be
		// missing), for the user to see.
		`
ALTER TABLE items ADD COLUMN enclosures TEXT NOT NULL DEFAULT ''; -- one a line: url, type, length, tab-separated
ALTER TABLE feeds ADD COLUMN warnings TEXT NOT NULL DEFAULT ''; -- one a line
`,
		// 5: no schema, only what the readers of this version read
		// differently. Article files are read again once (the index
		// keeps a file by size and time, so a file refused before, say
		// for stray NULs, would stay refused until edited, and cached
		// listings would lack the new warnings). Feed items that were
		// dated by when they were first seen ("seen ...") become undated,
		// as new ones are: pub keeps the first-seen time, for order.
		`
UPDATE dirs SET fingerprint = NULL
	WHERE source_id IN (SELECT id FROM sources WHERE key LIKE 'dir:%' OR key LIKE 'file:%' OR key LIKE 'fs:%');
UPDATE files SET stamp = -1
	WHERE source_id IN (SELECT id FROM sources WHERE key LIKE 'dir:%' OR key LIKE 'file:%' OR key LIKE 'fs:%');
UPDATE files SET has_date = 0, date_text = NULL
	WHERE kind = 0 AND date_text LIKE 'seen %' AND id IN (SELECT file_id FROM items);
`,
		// 6: what reading one article and searching need without loading
		// the whole library. The related items of an article are found by
		// id, and by normalised title through an index made when first
		// needed (see titleIndex in lookup.go); and a folder whose
		// directories did not change since their files were all indexed
		// is not walked again (dir_stamps keeps each directory's time and
		// size as they were then, with its path, so a reused dirs id
		// cannot pass for another directory).
		`
CREATE INDEX files_by_article_id ON files (article_id) WHERE kind = 0;
CREATE TABLE dir_stamps (
	dir_id INTEGER PRIMARY KEY REFERENCES dirs(id) ON DELETE CASCADE,
	path   TEXT NOT NULL,
	stamp  INTEGER NOT NULL
);
`,
		// 7: sync with a feed server (Google Reader API). A synced item
		// is a feed item with its server id beside it (the id is the key:
		// an item fetched twice is stored once); a feed the server lists
		// keeps its server stream id; the outbox holds every change of
		// read or starred state of a synced item made here, in the order
		// made, until the server acknowledged it; sync_state is where the
		// last sync left off.
		`
CREATE TABLE sync_items (
	server_id INTEGER PRIMARY KEY, -- the item's 64-bit id on the server
	ref       TEXT NOT NULL
);
CREATE INDEX sync_items_by_ref ON sync_items (ref);
ALTER TABLE feeds ADD COLUMN server_stream TEXT NOT NULL DEFAULT ''; -- "feed/12", '' for a feed of this machine only
CREATE TABLE outbox (
	id        INTEGER PRIMARY KEY, -- the order the changes were made in
	server_id INTEGER NOT NULL,
	field     TEXT NOT NULL,       -- read or starred
	value     INTEGER NOT NULL
);
CREATE INDEX outbox_by_item ON outbox (server_id, field);
CREATE TABLE sync_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
`,
		// 8: the listing, newest first, read from one index alone. The
		// index by date held only the order, so every listed row was
		// looked up again in the table: a quarter of the time of a
		// listing of 100,000 articles. This one holds every column a
		// listing reads (listedColumns and articleColumns, the rowid
		// being id), in the order of the old one, which it replaces.
		`
DROP INDEX files_newest_first;
CREATE INDEX files_listed ON files (
	source_id, has_date DESC, pub DESC, pub_ns DESC, ref,
	dir_id, path, title, article_id, pub_offset, date_text, related_count, warnings
) WHERE kind = 0;
`,
	}
}

// SchemaVersion is the schema this bulletin writes.
func SchemaVersion() int { return len(migrations()) }

// applicationID marks a bulletin database in the SQLite header.
const applicationID = 1651862636

// setUp checks the database and applies the migrations (steps) it lacks,
// all in one transaction. A database of a newer schema is refused untouched.
// Several processes may set up one new database at once.
func (db *DB) setUp(ctx context.Context, steps []string) error {
	latest := len(steps)
	// One statement, so one snapshot: another process may be creating the
	// schema meanwhile. Reading the schema reads the first pages, so a
	// damaged file fails here, before anything is written to it.
	v, err := db.checkSchema(ctx, db.sql, latest)
	if err != nil {
		return err
	}
	if db.readOnly {
		if v < latest {
			return fmt.Errorf("store: %s needs an upgrade to this bulletin's schema, but %w", db.path, ErrReadOnly)
		}
		return nil
	}
	if err := db.useWAL(ctx); err != nil {
		return err
	}
	if v == latest {
		return nil
	}
	return db.tx(ctx, "upgrade the library store", func(tx *sql.Tx) error {
		// Another process may have done it since the first look.
		v, err := db.checkSchema(ctx, tx, latest)
		if err != nil {
			return err
		}
		for i := v; i < latest; i++ {
			if _, err := tx.ExecContext(ctx, steps[i]); err != nil {
				return fmt.Errorf("to schema version %d: %w", i+1, err)
			}
		}
		_, err = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, latest))
		return err
	})
}

// checkSchema reads the schema version and refuses a database that is not
// bulletin's or is newer than latest.
func (db *DB) checkSchema(ctx context.Context, q queryer, latest int) (int, error) {
	var v, app, objects int
	err := q.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)`).Scan(&v, &app, &objects)
	switch {
	case err != nil:
		return 0, db.openFail(err)
	case v > latest:
		return 0, db.newer(v, latest)
	case v == 0 && objects > 0 || v > 0 && app != applicationID:
		return 0, damaged(db.path, errors.New("it is some other program's SQLite database"))
	}
	return v, nil
}

// useWAL puts the database in WAL mode, which lasts in the file. Another
// process may do it at the same moment, and then holds the database open
// in WAL mode, which stops this one from switching: so it looks again.
func (db *DB) useWAL(ctx context.Context) error {
	for start := time.Now(); ; {
		var mode string
		if err := db.sql.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			return db.openFail(err)
		}
		if strings.EqualFold(mode, "wal") {
			return nil
		}
		err := db.sql.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
		switch {
		case err == nil:
			return nil // in WAL mode, or in the mode SQLite keeps on this file system
		case !isBusy(err) || time.Since(start) > BusyTimeout:
			return db.openFail(err)
		}
		sleep(ctx, 10*time.Millisecond)
	}
}

func (db *DB) newer(v, latest int) error {
	return fmt.Errorf("store: %s was %w (schema version %d; this bulletin knows up to %d); bulletin leaves it as it is: upgrade bulletin, or move the file aside with `mv %s %s`",
		db.path, ErrNewer, v, latest, shellQuote(db.path), shellQuote(db.path+".old"))
}

func (db *DB) openFail(err error) error {
	return db.fail("open the library store", err)
}

// tx runs fn in a write transaction and commits it. Writes are one at a
// time: in this process, in turn; across processes, a transaction that
// finds another process writing tries again every millisecond (rather than
// on SQLite's busy schedule, which backs off to 100 ms and can miss the
// short pauses between the transactions of a long indexing for ever) for
// up to BusyTimeout.
func (db *DB) tx(ctx context.Context, doing string, fn func(tx *sql.Tx) error) error {
	if db.readOnly {
		return fmt.Errorf("store: cannot %s: %w (%s)", doing, ErrReadOnly, db.path)
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return db.fail(doing, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return db.fail(doing, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, BusyTimeout.Milliseconds()))
	var tx *sql.Tx
	raised := false
	for start := time.Now(); ; {
		tx, err = conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
		if err == nil || !isBusy(err) || time.Since(start) > BusyTimeout {
			break
		}
		if !raised {
			db.wait.raise()
			raised = true
		}
		select {
		case <-time.After(time.Millisecond):
		case <-ctx.Done():
			db.wait.lower()
			return ctx.Err()
		}
	}
	if raised {
		db.wait.lower()
	}
	if err != nil {
		return db.fail(doing, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		if errors.Is(err, errStop) {
			return nil
		}
		return db.fail(doing, err)
	}
	if err := tx.Commit(); err != nil {
		return db.fail(doing, err)
	}
	return nil
}

// pause is how long a long run of transactions (indexing) leaves the write
// lock free between two, for other processes to take it; maxYield, how long
// it waits at most for a process that asks for the lock (see waitFlag).
// maxTx bounds one transaction of such a run: it commits what it wrote by
// then, and writes the rest in the next.
const (
	pause    = 5 * time.Millisecond
	maxYield = 500 * time.Millisecond
	maxTx    = 250 * time.Millisecond
)

// yield is what a long run of transactions does between two: it pauses,
// and while another process waits for the write lock, it waits too.
func (db *DB) yield(ctx context.Context) {
	sleep(ctx, pause)
	for start := time.Now(); db.wait.raised() && time.Since(start) < maxYield && ctx.Err() == nil; {
		sleep(ctx, time.Millisecond)
	}
}

func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}

// errStop ends a transaction early without an error, rolling it back.
var errStop = errors.New("stop")
