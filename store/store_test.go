package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenCreatesTheSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deep", "er", "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var version, app int
	var mode string
	if err := db.sql.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), (SELECT journal_mode FROM pragma_journal_mode)`).Scan(&version, &app, &mode); err != nil {
		t.Fatal(err)
	}
	if version != SchemaVersion() || app != applicationID || mode != "wal" {
		t.Errorf("user_version %d, application_id %d, journal_mode %s; want %d, %d, wal", version, app, mode, SchemaVersion(), applicationID)
	}
	var fk, busy, sync int
	if err := db.sql.QueryRowContext(ctx, `SELECT (SELECT foreign_keys FROM pragma_foreign_keys), (SELECT timeout FROM pragma_busy_timeout), (SELECT synchronous FROM pragma_synchronous)`).Scan(&fk, &busy, &sync); err != nil {
		t.Fatal(err)
	}
	if fk != 1 || busy != int(BusyTimeout.Milliseconds()) || sync != 1 {
		t.Errorf("foreign_keys %d, busy_timeout %d, synchronous %d; want 1, %d, 1 (NORMAL)", fk, busy, sync, BusyTimeout.Milliseconds())
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	db.Close()
	// Opening again finds it up to date.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// refused opens a file that must be refused, and checks the error and that
// the file was not touched.
func refused(t *testing.T, path string, want error, words ...string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded")
	}
	if !errors.Is(err, want) {
		t.Errorf("error %q is not %q", err, want)
	}
	msg := err.Error()
	for _, w := range append(words, path) {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not say %q", msg, w)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error %q is more than one line", msg)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the refused file was changed")
	}
}

func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bulletin.db")
	if err := os.WriteFile(path, []byte("these are my notes, not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refused(t, path, ErrDamaged, "mv "+path+" "+path+".bad")
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Error("a -wal file was made next to it")
	}
}

// damage overwrites part of a good database.
func damage(t *testing.T, at int64, garbage []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRead(context.Background(), "s/a", true); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(garbage, at); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func TestOpenRefusesADamagedDatabase(t *testing.T) {
	t.Run("header", func(t *testing.T) {
		refused(t, damage(t, 16, bytes.Repeat([]byte{0xff}, 84)), ErrDamaged, "mv ")
	})
	t.Run("schema page", func(t *testing.T) {
		refused(t, damage(t, 100, bytes.Repeat([]byte("garbage!"), 400)), ErrDamaged, "mv ")
	})
	t.Run("magic", func(t *testing.T) {
		refused(t, damage(t, 0, []byte("SQLite format 2")), ErrDamaged, "not an SQLite database")
	})
}

func TestOpenRefusesAnotherProgramsDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE mine (x)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	refused(t, path, ErrDamaged, "some other program")
}

func TestOpenRefusesANewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	refused(t, path, ErrNewer, "newer bulletin", "schema version 99", "upgrade bulletin")
}

func TestMigrationIsOneTransaction(t *testing.T) {
	// A step that fails leaves the database as it was: version 0, no
	// tables, so the next start migrates from the beginning.
	steps := append(migrations(), `CREATE TABLE extra (x); THIS IS NOT SQL;`)
	path := filepath.Join(t.TempDir(), "bulletin.db")
	if _, err := open(context.Background(), path, false, false, steps); err == nil || !strings.Contains(err.Error(), "upgrade the library store") {
		t.Fatalf("Open with a broken migration: %v", err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var version, tables int
	if err := raw.QueryRow(`SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&version, &tables); err != nil {
		t.Fatal(err)
	}
	if version != 0 || tables != 0 {
		t.Errorf("after a failed migration: version %d, %d schema objects; want 0, 0", version, tables)
	}
}

func TestReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, "s/a", true); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// As Open does when the file or its folder cannot be written.
	for _, immutable := range []bool{false, true} {
		ro, err := open(ctx, path, true, immutable, migrations())
		if err != nil {
			t.Fatal(err)
		}
		if !ro.ReadOnly() {
			t.Error("ReadOnly() = false")
		}
		if st, err := ro.State(ctx, "s/a"); err != nil || !st.Starred {
			t.Errorf("reading a read-only store: %+v, %v", st, err)
		}
		for name, change := range map[string]error{
			"MarkRead":    ro.MarkRead(ctx, "s/a", true),
			"SetStarred":  ro.SetStarred(ctx, "s/a", false),
			"SetPosition": ro.SetPosition(ctx, "s/a", 3),
		} {
			if !errors.Is(change, ErrReadOnly) || !strings.Contains(change.Error(), path) {
				t.Errorf("%s on a read-only store: %v, want ErrReadOnly naming the file", name, change)
			}
		}
		if _, err := ro.Visit(ctx, "s/a", time.Now()); !errors.Is(err, ErrReadOnly) {
			t.Errorf("Visit on a read-only store: %v", err)
		}
		ro.Close()
	}
}

func TestDefaultPathFollowsTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	if p, err := DefaultPath(); err != nil || p != filepath.Join(dir, "bulletin", "bulletin.db") {
		t.Errorf("DefaultPath() = %q, %v", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	home := t.TempDir()
	t.Setenv("HOME", home)
	if p, err := DefaultPath(); err != nil || !strings.HasPrefix(p, home) && !strings.HasPrefix(p, os.Getenv("LOCALAPPDATA")) {
		t.Errorf("DefaultPath() = %q, %v; want it under HOME %s", p, err, home)
	}
}

// Many openers of one new database at once: all of them work.
func TestOpenNewDatabaseAtOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data", "bulletin.db")
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			db, err := Open(ctx, path)
			if err == nil {
				err = db.MarkRead(ctx, fmt.Sprintf("s/%d", i), true)
				db.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if states, err := db.States(ctx); err != nil || len(states) != n {
		t.Errorf("%d states saved, want %d (%v)", len(states), n, err)
	}
}
