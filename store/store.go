// Package store is bulletin's library store: one SQLite database that keeps
// what the reader did (read, starred, last opened, reading position), an
// index of every article folder for an instant start, and a full-text index
// for search and "more like this". The reader reaches it through
// model.Store; nothing outside this package sees SQL.
//
// The database runs in WAL mode with a busy timeout, so several bulletin
// processes can use it at once, and every change is a transaction, so a
// crash loses at most the change in flight.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/adrg/xdg"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// BusyTimeout is how long a change waits for another process's change to
// finish before it gives up.
const BusyTimeout = 5 * time.Second

// DB is an open library store.
type DB struct {
	sql      *sql.DB
	path     string
	readOnly bool
	writeMu  sync.Mutex // one write transaction at a time (see tx)
	wait     *waitFlag
}

// Errors a caller may want to tell apart; each is wrapped in an error that
// names the file.
var (
	// ErrReadOnly: the database cannot be written (a read-only file,
	// folder or file system). Reading works.
	ErrReadOnly = errors.New("the library store is read-only")
	// ErrFull: the disk is full.
	ErrFull = errors.New("the disk is full")
	// ErrDamaged: the file is not a bulletin database, or it is corrupt.
	ErrDamaged = errors.New("not a bulletin database, or damaged")
	// ErrNewer: the database was written by a newer bulletin.
	ErrNewer = errors.New("made by a newer bulletin")
)

// DefaultPath is where the store lives: bulletin/bulletin.db in the XDG data
// folder ($XDG_DATA_HOME, else ~/.local/share, or the system's equivalent).
// It reads the environment on every call, unlike xdg.DataHome, which is read
// once when the program starts.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "bulletin", "bulletin.db"), nil
	}
	home := os.Getenv("HOME")
	if home != "" && filepath.IsAbs(home) && home != xdg.Home && runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		// HOME changed since the program started (tests do this).
		return filepath.Join(home, ".local", "share", "bulletin", "bulletin.db"), nil
	}
	if xdg.DataHome == "" {
		return "", errors.New("store: no place for the library store: set XDG_DATA_HOME or HOME")
	}
	return filepath.Join(xdg.DataHome, "bulletin", "bulletin.db"), nil
}

const sqliteHeader = "SQLite format 3\x00"

// Open opens the store at path, creating it (and its folder) when missing,
// and brings its schema up to date. A file that is not a bulletin database,
// or is damaged, or was made by a newer bulletin, is refused with an error
// that names it and says how to move it aside; Open never writes to such a
// file. A database that cannot be written is opened read-only: reading
// works, and changes fail with ErrReadOnly.
func Open(ctx context.Context, path string) (*DB, error) {
	path = filepath.Clean(path)
	readOnly := false
	switch st, err := os.Stat(path); {
	case err == nil:
		if st.IsDir() {
			return nil, damaged(path, errors.New("it is a folder"))
		}
		if err := checkHeader(path, st.Size()); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		switch {
		case err == nil:
			f.Close()
		case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
			readOnly = true
		default:
			return nil, fmt.Errorf("store: %s: %w", path, unwrapPathErr(err))
		}
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("store: cannot create the library store: %w", err)
		}
	default:
		return nil, fmt.Errorf("store: %s: %w", path, unwrapPathErr(err))
	}

	db, err := open(ctx, path, readOnly, false, migrations())
	if err != nil && !errors.Is(err, ErrNewer) && !errors.Is(err, ErrDamaged) {
		// The file, its folder or the file system cannot be written: read
		// the file as it stands, through the WAL when its shared-memory
		// file can be used, else without (immutable).
		for _, immutable := range []bool{false, true} {
			if ro, rerr := open(ctx, path, true, immutable, migrations()); rerr == nil {
				return ro, nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// checkHeader refuses a file that does not start as an SQLite database
// does. An empty file is taken as a new database.
func checkHeader(path string, size int64) error {
	if size == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: %s: %w", path, unwrapPathErr(err))
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return damaged(path, errors.New("it is not an SQLite database"))
	}
	return nil
}

func open(ctx context.Context, path string, readOnly, immutable bool, steps []string) (*DB, error) {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("mode", "ro")
	}
	if immutable {
		q.Set("immutable", "1")
	}
	dsn := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}).String()
	if !strings.HasPrefix(dsn, "file:///") {
		// A Windows path: file:C:/...
		dsn = "file:" + strings.TrimPrefix(dsn, "file://")
	}
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	conn.SetMaxOpenConns(8)
	conn.SetMaxIdleConns(4)
	db := &DB{sql: conn, path: path, readOnly: readOnly, wait: newWaitFlag(path)}
	if err := db.setUp(ctx, steps); err != nil {
		conn.Close()
		return nil, err
	}
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// ReadOnly reports whether the database was opened read-only.
func (db *DB) ReadOnly() bool { return db.readOnly }

// Close closes the database.
func (db *DB) Close() error {
	db.wait.close()
	if err := db.sql.Close(); err != nil {
		return db.fail("close", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and the full-text index's
// own, and reports the first problem found.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.sql.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return db.fail("check", err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return db.fail("check", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Close(); err != nil {
		return db.fail("check", err)
	}
	if len(problems) > 0 {
		return damaged(db.path, errors.New(strings.Join(problems, "; ")))
	}
	if !db.readOnly {
		if _, err := db.sql.ExecContext(ctx, `INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)`); err != nil {
			return db.fail("check the full-text index", err)
		}
	}
	return nil
}

// damaged is the error for a file that is not a usable database. It tells
// how to move the file aside; bulletin never does that itself.
func damaged(path string, cause error) error {
	return fmt.Errorf("store: %s is %w (%v); bulletin leaves it as it is: move it aside with `mv %s %s` and bulletin starts a new one",
		path, ErrDamaged, cause, shellQuote(path), shellQuote(path+".bad"))
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fail wraps an error of the database for the user: what was being done, and
// for the errors a user can act on, why in plain words.
func (db *DB) fail(doing string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || strings.HasPrefix(err.Error(), "store: ") {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return fmt.Errorf("store: cannot %s: %w (%s)", doing, ErrReadOnly, db.path)
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("store: cannot %s: %w (%s)", doing, ErrFull, db.path)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return damaged(db.path, se)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("store: cannot %s: another bulletin kept the library store busy for over %v (%s)", doing, BusyTimeout, db.path)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("store: cannot %s: cannot open %s", doing, db.path)
		}
	}
	if db.readOnly && strings.Contains(err.Error(), "readonly") {
		return fmt.Errorf("store: cannot %s: %w (%s)", doing, ErrReadOnly, db.path)
	}
	return fmt.Errorf("store: cannot %s: %w", doing, err)
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
