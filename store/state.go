package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"bulletin/model"
)

// States returns the remembered state of every article that has one.
func (db *DB) States(ctx context.Context) (map[string]model.State, error) {
	states := map[string]model.State{}
	return states, db.readStates(ctx, states, `SELECT ref, read, starred, opened, position FROM state`)
}

// statesChunk is how many refs one query of StatesOf asks for: under
// SQLite's limit on parameters.
const statesChunk = 500

// StatesOf returns the remembered states of those of refs that have one.
func (db *DB) StatesOf(ctx context.Context, refs []string) (map[string]model.State, error) {
	states := map[string]model.State{}
	for chunk := range slices.Chunk(refs, statesChunk) {
		args := make([]any, len(chunk))
		for i, ref := range chunk {
			args[i] = ref
		}
		q := `SELECT ref, read, starred, opened, position FROM state WHERE ref IN (?` +
			strings.Repeat(",?", len(chunk)-1) + `)`
		if err := db.readStates(ctx, states, q, args...); err != nil {
			return nil, err
		}
	}
	return states, nil
}

// readStates adds the states the query returns to states.
func (db *DB) readStates(ctx context.Context, states map[string]model.State, query string, args ...any) error {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return db.fail("read the reading state", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		var st model.State
		var opened sql.NullInt64
		if err := rows.Scan(&ref, &st.Read, &st.Starred, &opened, &st.Position); err != nil {
			return db.fail("read the reading state", err)
		}
		if opened.Valid {
			st.Opened = time.UnixMilli(opened.Int64)
		}
		states[ref] = st
	}
	if err := rows.Err(); err != nil {
		return db.fail("read the reading state", err)
	}
	return nil
}

// State returns the remembered state of one article.
func (db *DB) State(ctx context.Context, ref string) (model.State, error) {
	return db.state(ctx, db.sql, ref)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (db *DB) state(ctx context.Context, q queryer, ref string) (model.State, error) {
	var st model.State
	var opened sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT read, starred, opened, position FROM state WHERE ref = ?`, ref).
		Scan(&st.Read, &st.Starred, &opened, &st.Position)
	switch {
	case err == sql.ErrNoRows:
		return model.State{}, nil
	case err != nil:
		return model.State{}, db.fail("read the reading state", err)
	}
	if opened.Valid {
		st.Opened = time.UnixMilli(opened.Int64)
	}
	return st, nil
}

// Visit records that the article was opened at the given time and marks it
// read, and returns its state as it was before.
func (db *DB) Visit(ctx context.Context, ref string, at time.Time) (model.State, error) {
	var before model.State
	err := db.tx(ctx, "save that the article was read", func(tx *sql.Tx) error {
		var err error
		if before, err = db.state(ctx, tx, ref); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO state (ref, read, opened) VALUES (?, 1, ?)
			ON CONFLICT (ref) DO UPDATE SET read = 1, opened = excluded.opened`, ref, at.UnixMilli()); err != nil {
			return err
		}
		if before.Read {
			return nil
		}
		return queueChange(ctx, tx, ref, "read", true)
	})
	return before, err
}

// MarkRead marks the article read or unread.
func (db *DB) MarkRead(ctx context.Context, ref string, read bool) error {
	return db.setState(ctx, "save that the article was read", `read`, ref, read)
}

// SetStarred stars or unstars the article.
func (db *DB) SetStarred(ctx context.Context, ref string, starred bool) error {
	return db.setState(ctx, "save the star", `starred`, ref, starred)
}

// SetPosition records the reading position of the article.
func (db *DB) SetPosition(ctx context.Context, ref string, line int) error {
	return db.setState(ctx, "save the reading position", `position`, ref, max(line, 0))
}

// setState sets one column of an article's state; column is a constant.
// A change of read or starred state is queued for the feed server in the
// same transaction, so that it is never stored here and lost there.
func (db *DB) setState(ctx context.Context, doing, column, ref string, value any) error {
	return db.tx(ctx, doing, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO state (ref, `+column+`) VALUES (?, ?)
			ON CONFLICT (ref) DO UPDATE SET `+column+` = excluded.`+column, ref, value)
		if err != nil {
			return err
		}
		if on, ok := value.(bool); ok && (column == "read" || column == "starred") {
			return queueChange(ctx, tx, ref, column, on)
		}
		return nil
	})
}

// HasArticle reports whether the index holds an article with that ref, in
// any source.
func (db *DB) HasArticle(ctx context.Context, ref string) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM files WHERE ref = ? AND kind = 0`, ref).Scan(&n)
	if err != nil {
		return false, db.fail("read the index", err)
	}
	return n > 0, nil
}
