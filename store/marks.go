package store

import (
	"context"
	"database/sql"
	"strings"

	"bulletin/model"
)

// marksPerInsert is how many read marks one statement writes: in modernc's
// SQLite a statement costs far more than a row.
const marksPerInsert = 500

// MarkReads sets the read state of many articles in one transaction: all
// land, or none. Stars, positions and opening times are kept.
func (db *DB) MarkReads(ctx context.Context, marks []model.ReadMark) error {
	if len(marks) == 0 {
		return nil
	}
	return db.tx(ctx, "save the read marks", func(tx *sql.Tx) error {
		if err := queueReadMarks(ctx, tx, marks); err != nil {
			return err
		}
		var full *sql.Stmt
		defer func() {
			if full != nil {
				full.Close()
			}
		}()
		for len(marks) > 0 {
			chunk := marks[:min(len(marks), marksPerInsert)]
			marks = marks[len(chunk):]
			args := make([]any, 0, 2*len(chunk))
			for _, m := range chunk {
				args = append(args, m.Ref, m.Read)
			}
			var err error
			if len(chunk) == marksPerInsert {
				if full == nil {
					if full, err = tx.PrepareContext(ctx, markReadsSQL(marksPerInsert)); err != nil {
						return err
					}
				}
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, markReadsSQL(len(chunk)), args...)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// markReadsSQL is the upsert of n read marks. A ref given twice takes the
// last mark given, as it would one mark after another.
func markReadsSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO state (ref, read) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?, ?)")
	}
	b.WriteString(` ON CONFLICT (ref) DO UPDATE SET read = excluded.read`)
	return b.String()
}

// MarkReads sets the read state of many articles in one transaction.
func (l *Library) MarkReads(ctx context.Context, marks []model.ReadMark) error {
	return l.db.MarkReads(ctx, marks)
}

var _ model.ReadMarker = (*Library)(nil)
