package store

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"bulletin/model"
)

// IndexText reads the full text of every article of the library that is not
// yet in the full-text index, and adds it, in batched transactions. progress
// (when not nil) is called after each transaction with the articles done
// and the total waiting when it started.
func (l *Library) IndexText(ctx context.Context, progress func(done, total int)) error {
	var report func(Progress)
	if progress != nil {
		report = func(p Progress) { progress(p.Done, p.Total) }
	}
	return l.IndexTextProgress(ctx, report)
}

// IndexTextProgress is IndexText reporting Progress values.
func (l *Library) IndexTextProgress(ctx context.Context, progress func(Progress)) error {
	db := l.db
	if db.readOnly {
		return nil
	}
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return err
	}
	type waiting struct {
		id   int64
		src  *Source
		path string
	}
	var todo []waiting
	rows, err := db.sql.QueryContext(ctx, `SELECT f.id, f.source_id, f.path FROM files f WHERE `+scopeSQL(scope)+` AND f.kind = 0 AND f.text = 0`)
	if err != nil {
		return db.fail("read the index", err)
	}
	for rows.Next() {
		var w waiting
		var sourceID int64
		if err := rows.Scan(&w.id, &sourceID, &w.path); err != nil {
			rows.Close()
			return db.fail("read the index", err)
		}
		w.src = scope[sourceID]
		todo = append(todo, w)
	}
	if err := rows.Close(); err != nil {
		return db.fail("read the index", err)
	}
	if len(todo) == 0 {
		// Nothing came into the full-text index: the word counts stay as
		// good as when they were taken, unless they never were. Checking
		// them needs a count of every indexed article, a scan of the
		// whole table (0.4 s of CPU at 100,000), on every search.
		var copied int64
		if err := db.sql.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'terms_docs'), 0)`).Scan(&copied); err != nil {
			return db.fail("read the index", err)
		}
		if copied > 0 {
			return nil
		}
	}
	if len(todo) > 0 {
		// Every indexed word goes into terms (with a rough count until the
		// next refreshTerms), so a prefix can be expanded from it.
		known, err := db.knownTerms(ctx)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		jobs := make(chan waiting)
		done := make(chan text, 256)
		go func() {
			defer close(jobs)
			for _, w := range todo {
				select {
				case jobs <- w:
				case <-ctx.Done():
					return
				}
			}
		}()
		var wg sync.WaitGroup
		for range l.textWorkers() {
			wg.Go(func() {
				for w := range jobs {
					a, err := w.src.indexText(ctx, w.path)
					var ws []string
					if err == nil {
						ws = distinctWords(a.Title, a.Body)
					}
					select {
					case done <- text{id: w.id, article: a, words: ws, err: err}:
					case <-ctx.Done():
						return
					}
				}
			})
		}
		go func() {
			wg.Wait()
			close(done)
		}()
		batch := make([]text, 0, l.batchSize())
		written := 0
		flush := func() error {
			for len(batch) > 0 {
				n := 0
				err := db.tx(ctx, "index the text of articles", func(tx *sql.Tx) error {
					var err error
					n, err = writeTexts(ctx, tx, batch, known)
					return err
				})
				if err != nil {
					return err
				}
				written += n
				batch = append(batch[:0], batch[n:]...)
				if progress != nil {
					progress(Progress{Stage: Text, Done: written, Total: len(todo)})
				}
				if written < len(todo) {
					db.yield(ctx)
				}
			}
			return nil
		}
		if err := drain(ctx, done, &batch, time.Second, flush); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return db.refreshTerms(ctx, false)
}

// text is an article read for the full-text index.
type text struct {
	id      int64
	article model.Article
	words   []string // its distinct words
	err     error
}

// writeTexts adds articles to the full-text index, and their new words to
// terms (known holds the words there). It stops after maxTx, so that a
// transaction never keeps other processes waiting long, and returns how
// many articles it wrote.
func writeTexts(ctx context.Context, tx *sql.Tx, batch []text, known map[string]struct{}) (int, error) {
	start := time.Now()
	mark, err := tx.PrepareContext(ctx, `UPDATE files SET text = ? WHERE id = ? AND text = 0`)
	if err != nil {
		return 0, err
	}
	defer mark.Close()
	add, err := tx.PrepareContext(ctx, `INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer add.Close()
	addTerm, err := tx.PrepareContext(ctx, `INSERT INTO terms (term, docs) VALUES (?, 1) ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, err
	}
	defer addTerm.Close()
	var added []string
	n := 0
	for _, t := range batch {
		if n > 0 && time.Since(start) > maxTx {
			break
		}
		n++
		state := 1
		if t.err != nil {
			state = 2
		}
		res, err := mark.ExecContext(ctx, state, t.id)
		if err != nil {
			return 0, err
		}
		// A row changed by another process meanwhile is left to it.
		if affected, _ := res.RowsAffected(); affected == 0 || state != 1 {
			continue
		}
		if _, err := add.ExecContext(ctx, t.id, t.article.Title, t.article.Body); err != nil {
			return 0, err
		}
		for _, w := range t.words {
			if _, ok := known[w]; !ok {
				if _, err := addTerm.ExecContext(ctx, w); err != nil {
					return 0, err
				}
				added = append(added, w)
			}
		}
	}
	// A failed commit ends the indexing anyway.
	for _, w := range added {
		known[w] = struct{}{}
	}
	return n, nil
}

// knownTerms returns the words of the terms table.
func (db *DB) knownTerms(ctx context.Context) (map[string]struct{}, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT term FROM terms`)
	if err != nil {
		return nil, db.fail("read the index", err)
	}
	defer rows.Close()
	known := map[string]struct{}{}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, db.fail("read the index", err)
		}
		known[w] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the index", err)
	}
	return known, nil
}

// distinctWords returns the distinct words of a title and a body.
func distinctWords(title, body string) []string {
	seen := map[string]struct{}{}
	var out []string
	for _, text := range []string{title, body} {
		tokenize(text, func(w string, _, _ int) {
			if _, ok := seen[w]; !ok {
				seen[w] = struct{}{}
				out = append(out, w)
			}
		})
	}
	return out
}

// refreshTerms copies how many articles hold each word from fts_vocab into
// terms, when the number of indexed articles changed by a tenth since the
// last copy (or force is set). "More like this" weighs words by it; reading
// fts_vocab itself for a common word costs as much as the word is common.
func (db *DB) refreshTerms(ctx context.Context, force bool) error {
	var docs, copied int64
	err := db.sql.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM files WHERE kind = 0 AND text = 1),
		coalesce((SELECT value FROM meta WHERE key = 'terms_docs'), 0)`).Scan(&docs, &copied)
	if err != nil {
		return db.fail("read the index", err)
	}
	if !force && copied > 0 && 10*abs(docs-copied) < copied || docs == 0 && copied == 0 {
		return nil
	}
	type term struct {
		term string
		docs int64
	}
	var terms []term
	rows, err := db.sql.QueryContext(ctx, `SELECT term, doc FROM fts_vocab`)
	if err != nil {
		return db.fail("read the full-text index", err)
	}
	for rows.Next() {
		var t term
		if err := rows.Scan(&t.term, &t.docs); err != nil {
			rows.Close()
			return db.fail("read the full-text index", err)
		}
		terms = append(terms, t)
	}
	if err := rows.Close(); err != nil {
		return db.fail("read the full-text index", err)
	}
	// In transactions of at most maxTx, like indexing. Words no article
	// holds any more keep a row: they cost nothing but a little room.
	for len(terms) > 0 {
		err := db.tx(ctx, "save word counts", func(tx *sql.Tx) error {
			start := time.Now()
			ins, err := tx.PrepareContext(ctx, `INSERT INTO terms (term, docs) VALUES (?, ?)
				ON CONFLICT (term) DO UPDATE SET docs = excluded.docs`)
			if err != nil {
				return err
			}
			defer ins.Close()
			n := 0
			for _, t := range terms {
				if n > 0 && time.Since(start) > maxTx {
					break
				}
				if _, err := ins.ExecContext(ctx, t.term, t.docs); err != nil {
					return err
				}
				n++
			}
			terms = terms[n:]
			return nil
		})
		if err != nil {
			return err
		}
		if len(terms) > 0 {
			db.yield(ctx)
		}
	}
	return db.tx(ctx, "save word counts", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('terms_docs', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, docs)
		return err
	})
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
