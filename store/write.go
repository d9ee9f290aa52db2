package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bulletin/sources"
)

// fileColumns are the columns a read file is written with, in the order
// fileRow.args gives them.
const fileColumns = `id, source_id, dir_id, name, path, size, stamp, kind, error,
	ref, title, article_id, has_date, pub, pub_ns, pub_offset, date_text, related_count, warnings`

const fileColumnCount = 19

// rowsPerInsert is how many files one INSERT writes. In modernc's SQLite a
// statement costs far more than a row, so rows are written many at once;
// 19 columns a row keeps well below SQLite's limit of bound parameters.
const rowsPerInsert = 256

// fileRow is a read file on its way into the index.
type fileRow struct {
	r         *read
	kind      int
	msg       string
	id        int64
	first, lo int64
	hi        int64
}

// newFileRow classifies a read file; ok is false for a file that could not
// be read, which is left out of the index to be read again next time.
func newFileRow(r *read) (row fileRow, ok bool) {
	var perr *sources.ParseError
	row = fileRow{r: r, kind: kindArticle}
	switch {
	case !r.file.Article:
		row.kind = kindSkipped
	case errors.As(r.err, &perr):
		row.kind, row.msg = kindBroken, perr.Err.Error()
	case r.err != nil:
		return row, false
	}
	row.first, row.lo, row.hi = firstID(row.kind, &r.article, r.path)
	row.id = row.first
	return row, true
}

// next moves the row to the next id of its range; false when it went round.
func (row *fileRow) next() bool {
	if row.id++; row.id > row.hi {
		row.id = row.lo
	}
	return row.id != row.first
}

func (row *fileRow) args(sourceID int64) []any {
	r, a := row.r, &row.r.article
	var pub, pubNS, offset int64
	if a.HasDate {
		pub, pubNS = a.Published.Unix(), int64(a.Published.Nanosecond())
		_, off := a.Published.Zone()
		offset = int64(off)
	}
	return []any{row.id, sourceID, r.dir.id, r.file.Name, r.path, r.file.Size, r.file.Stamp, row.kind, nullString(row.msg),
		nullString(a.Ref), nullString(a.Title), nullString(a.ID), a.HasDate, pub, pubNS, offset, nullString(a.DateText), a.RelatedCount, nullString(strings.Join(a.Warnings, "\n"))}
}

// insertSQL is an INSERT of n files that skips those whose id (or name) is
// taken and returns the ids it wrote.
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO files (` + fileColumns + `) VALUES `)
	one := "(?" + strings.Repeat(", ?", fileColumnCount-1) + ")"
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	b.WriteString(` ON CONFLICT DO NOTHING RETURNING id`)
	return b.String()
}

// writeBatch writes read files to the index, and the fingerprint of each
// directory whose files are all written. It stops after maxTx, so that a
// transaction never keeps other processes waiting long, and returns how
// many files it wrote.
func (s *Source) writeBatch(ctx context.Context, tx *sql.Tx, sourceID int64, batch []read) (int, error) {
	start := time.Now()
	w := &batchWriter{ctx: ctx, tx: tx, sourceID: sourceID, used: map[int64]bool{}}
	defer w.close()
	// The batch's effect on the directories is counted aside, and applied
	// once the statements went through.
	pending := map[*dirPlan]int{}
	n := 0
	for n < len(batch) {
		if n > 0 && time.Since(start) > maxTx {
			break
		}
		chunk := batch[n:min(len(batch), n+rowsPerInsert)]
		if err := w.write(chunk); err != nil {
			return 0, err
		}
		for i := range chunk {
			pending[chunk[i].dir]++
			chunk[i].dir.written(&chunk[i].file)
		}
		n += len(chunk)
	}
	for d, k := range pending {
		if d.pending-k == 0 && !d.dirty {
			if _, err := tx.ExecContext(ctx, `UPDATE dirs SET fingerprint = ? WHERE id = ?`, d.fp, d.id); err != nil {
				return 0, err
			}
		}
	}
	// A failed commit ends the update anyway.
	for d, k := range pending {
		d.pending -= k
	}
	return n, nil
}

// batchWriter writes the chunks of one batch in one transaction.
type batchWriter struct {
	ctx       context.Context
	tx        *sql.Tx
	sourceID  int64
	used      map[int64]bool // ids given to rows of this batch
	full      *sql.Stmt      // the INSERT of rowsPerInsert rows
	del, ins1 *sql.Stmt
}

func (w *batchWriter) close() {
	for _, st := range []*sql.Stmt{w.full, w.del, w.ins1} {
		if st != nil {
			st.Close()
		}
	}
}

// write writes one chunk: the rows of directories the index knew replace
// what it had under their names; ids are given so that rows of the chunk
// do not collide, and the chunk goes in one statement, in id order (the
// table's order). A row that finds its id taken by an older row of the
// index is written alone, at the next free id.
func (w *batchWriter) write(chunk []read) error {
	rows := make([]fileRow, 0, len(chunk))
	for i := range chunk {
		r := &chunk[i]
		if !r.dir.isNew {
			if err := w.deleteOld(r); err != nil {
				return err
			}
		}
		row, ok := newFileRow(r)
		if !ok {
			r.dir.dirty = true
			continue
		}
		for w.used[row.id] {
			if !row.next() {
				return fmt.Errorf("no free id for %s", r.path)
			}
		}
		w.used[row.id] = true
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	slices.SortFunc(rows, func(a, b fileRow) int { return cmp.Compare(a.id, b.id) })
	written, err := w.insert(rows)
	if err != nil {
		return err
	}
	for i := range rows {
		if !written[rows[i].id] {
			if err := w.insertAlone(&rows[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *batchWriter) deleteOld(r *read) error {
	if w.del == nil {
		var err error
		if w.del, err = w.tx.PrepareContext(w.ctx, `DELETE FROM files WHERE dir_id = ? AND name = ?`); err != nil {
			return err
		}
	}
	_, err := w.del.ExecContext(w.ctx, r.dir.id, r.file.Name)
	return err
}

// insert writes rows in one statement and returns the ids it wrote.
func (w *batchWriter) insert(rows []fileRow) (map[int64]bool, error) {
	args := make([]any, 0, len(rows)*fileColumnCount)
	for i := range rows {
		args = append(args, rows[i].args(w.sourceID)...)
	}
	var res *sql.Rows
	var err error
	if len(rows) == rowsPerInsert {
		if w.full == nil {
			if w.full, err = w.tx.PrepareContext(w.ctx, insertSQL(rowsPerInsert)); err != nil {
				return nil, err
			}
		}
		res, err = w.full.QueryContext(w.ctx, args...)
	} else {
		res, err = w.tx.QueryContext(w.ctx, insertSQL(len(rows)), args...)
	}
	if err != nil {
		return nil, err
	}
	defer res.Close()
	written := make(map[int64]bool, len(rows))
	for res.Next() {
		var id int64
		if err := res.Scan(&id); err != nil {
			return nil, err
		}
		written[id] = true
	}
	return written, res.Err()
}

// insertAlone writes a row whose id was taken, trying the next ids of its
// range (articles of the same second), and replacing a row of the same
// name that another process wrote meanwhile.
func (w *batchWriter) insertAlone(row *fileRow) error {
	if err := w.deleteOld(row.r); err != nil {
		return err
	}
	if w.ins1 == nil {
		var err error
		if w.ins1, err = w.tx.PrepareContext(w.ctx, insertSQL(1)); err != nil {
			return err
		}
	}
	// The row's own id first: it may have been refused for the name.
	for again := false; ; again = true {
		if again {
			if !row.next() {
				return fmt.Errorf("no free id for %s", row.r.path)
			}
			if w.used[row.id] {
				continue
			}
		}
		var id int64
		err := w.ins1.QueryRowContext(w.ctx, row.args(w.sourceID)...).Scan(&id)
		switch {
		case err == nil:
			w.used[row.id] = true
			return nil
		case err != sql.ErrNoRows:
			return err
		}
	}
}
