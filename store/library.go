package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"bulletin/model"
	"bulletin/sources"
)

// Update brings the index of every source up to date with its folder, one
// source after another: see Source.Scan. A file or folder that cannot be
// read is passed to problem (when not nil) and the update goes on (a file
// that is not an article is not a problem: it is indexed as such, and List
// reports it); progress (when not nil) reports the files read. Update
// writes nothing on a read-only store.
func (l *Library) Update(ctx context.Context, progress func(Progress), problem func(model.ScanResult)) error {
	if l.db.readOnly {
		return nil
	}
	for _, s := range l.sources {
		if s.feed != nil || s.stories {
			continue // stored as they are fetched, not read from a folder
		}
		if err := s.update(ctx, l.workers(), false, problemsTo(problem), progress); err != nil {
			return err
		}
	}
	return nil
}

// problemsTo is what Update does with the files an update reads: the files
// that could not be read go to problem (when not nil). Files that are not
// articles are kept in the index, and List sends them.
func problemsTo(problem func(model.ScanResult)) func(model.ScanResult) bool {
	return func(r model.ScanResult) bool {
		var perr *sources.ParseError
		if r.Err != nil && !errors.As(r.Err, &perr) && problem != nil {
			problem(r)
		}
		return true
	}
}

// scope is the sources of the library that have rows in the index, by row.
func (l *Library) scope(ctx context.Context) (map[int64]*Source, error) {
	ids := map[int64]*Source{}
	for _, s := range l.sources {
		id, err := s.sourceID(ctx, false)
		if err != nil {
			return nil, err
		}
		if id != 0 {
			ids[id] = s
		}
	}
	return ids, nil
}

// scopeSQL is a condition on files.source_id (as f) for the scope.
func scopeSQL(scope map[int64]*Source) string {
	if len(scope) == 0 {
		return "0"
	}
	ids := make([]int64, 0, len(scope))
	for id := range scope {
		ids = append(ids, id)
	}
	if len(ids) == 1 {
		return "f.source_id = " + intList(ids)
	}
	return "f.source_id IN (" + intList(ids) + ")"
}

// List calls fn for each indexed file of the library that is not an article
// (Err set, or Skipped), then for each article, newest first (undated last,
// then by ref), with its state. An article whose ref came up already (the
// same file through two sources) is sent once. It lists the index as it is:
// call Update first.
func (l *Library) List(ctx context.Context, fn func(r model.ScanResult, st model.State) error) error {
	return l.listRows(ctx, func(r model.ScanResult) error {
		return fn(r, model.State{})
	}, func(row *listedRow, src *Source, st model.State) error {
		return fn(row.result(src), st)
	})
}

// listRows is List with the articles as rows of the index, not yet made
// articles: other gets the files that are not articles, article the rows
// of the articles, in List's order. A row is never reused: article may
// keep it.
func (l *Library) listRows(ctx context.Context, other func(model.ScanResult) error,
	article func(row *listedRow, src *Source, st model.State) error) error {
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return err
	}
	for id, s := range scope {
		var ferr error
		err := s.eachOther(ctx, id, func(_, _ int64, r model.ScanResult) bool {
			ferr = other(r)
			return ferr == nil
		})
		if ferr != nil {
			return ferr
		}
		if err != nil {
			return err
		}
	}
	// The states are looked up here rather than joined: few articles have
	// one, and the join cost SQLite a search of the state table a row, a
	// third of reading the rows.
	states, err := l.db.States(ctx)
	if err != nil {
		return err
	}
	rows, err := l.db.sql.QueryContext(ctx, listedSQL(scope))
	if err != nil {
		return l.db.fail("read the index", err)
	}
	defer rows.Close()
	batches, scanErr, stop := readListed(rows)
	defer stop()
	var seen map[string]bool
	if len(scope) > 1 {
		seen = map[string]bool{}
	}
	for batch := range batches {
		for i := range batch {
			row := &batch[i]
			if seen != nil {
				if seen[row.ref()] {
					continue
				}
				seen[row.ref()] = true
			}
			if err := article(row, scope[row.sourceID], states[row.ref()]); err != nil {
				return err
			}
		}
	}
	if err := *scanErr; err != nil {
		return l.db.fail("read the index", err)
	}
	return nil
}

// listedSQL is List's query of the articles of the scope, newest first:
// with one source, a scan of the index files_listed alone.
func listedSQL(scope map[int64]*Source) string {
	return `SELECT ` + listedColumns + `
		FROM files f WHERE ` + scopeSQL(scope) + ` AND f.kind = 0
		ORDER BY f.has_date DESC, f.pub DESC, f.pub_ns DESC, f.ref`
}

// listedBatch is how many rows readListed sends at once.
const listedBatch = 256

// readListed reads the rows of listedColumns in a goroutine of its own, in
// batches: SQLite's stepping and the driver's conversions are most of a
// listing's time, and the rows read are made articles and sent meanwhile.
// The error is set once batches is closed; stop ends the reading early and
// waits for it, and must be called before rows is closed. Each batch is
// new, so that its rows can be kept.
func readListed(rows *sql.Rows) (batches <-chan []listedRow, err *error, stop func()) {
	out := make(chan []listedRow, 4)
	quit := make(chan struct{})
	err = new(error)
	go func() {
		defer close(out)
		var r listedRow
		var text string
		batch := make([]listedRow, 0, listedBatch)
		send := func() bool {
			select {
			case out <- batch:
				batch = make([]listedRow, 0, listedBatch)
				return true
			case <-quit:
				return false
			}
		}
		for rows.Next() {
			if *err = rows.Scan(&text); *err != nil {
				return
			}
			if *err = r.parse(text); *err != nil {
				return
			}
			batch = append(batch, r)
			if len(batch) == listedBatch && !send() {
				return
			}
		}
		if *err = rows.Err(); *err == nil && len(batch) > 0 {
			send()
		}
	}()
	var once sync.Once
	return out, err, func() {
		once.Do(func() {
			close(quit)
			for range out {
			}
		})
	}
}

// Lookup finds an article of the library by its ref, as listed (no body).
func (l *Library) Lookup(ctx context.Context, ref string) (model.Article, bool, error) {
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return model.Article{}, false, err
	}
	row, src, err := l.lookup(ctx, scope, ref)
	if err != nil || src == nil {
		return model.Article{}, false, err
	}
	return row.article, true, nil
}

// lookupSQL finds one article of the scope by its ref. Left to itself,
// SQLite (3.54) walks the whole source through the covering listing index
// when the scope is one source: 3,000 pages read at 100,000 articles, 25 ms
// of every `read REF`, instead of a few pages through the ref.
func lookupSQL(scope map[int64]*Source) string {
	return `SELECT ` + articleColumns + `, f.source_id FROM files f INDEXED BY files_by_ref
		WHERE f.ref = ? AND f.kind = 0 AND ` + scopeSQL(scope) + ` LIMIT 1`
}

func (l *Library) lookup(ctx context.Context, scope map[int64]*Source, ref string) (articleRow, *Source, error) {
	var sourceID int64
	r, err := scanArticle(l.db.sql.QueryRowContext(ctx, lookupSQL(scope), ref), nil, &sourceID)
	switch {
	case err == sql.ErrNoRows:
		return r, nil, nil
	case err != nil:
		return r, nil, l.db.fail("read the index", err)
	}
	src := scope[sourceID]
	src.dress(&r.article)
	return r, src, nil
}

// The reading state is the store's, whatever the library's sources.

// States returns the remembered state of every article that has one.
func (l *Library) States(ctx context.Context) (map[string]model.State, error) {
	return l.db.States(ctx)
}

// StatesOf returns the remembered states of those of refs that have one.
func (l *Library) StatesOf(ctx context.Context, refs []string) (map[string]model.State, error) {
	return l.db.StatesOf(ctx, refs)
}

// Visit records that the article was opened and marks it read.
func (l *Library) Visit(ctx context.Context, ref string, at time.Time) (model.State, error) {
	return l.db.Visit(ctx, ref, at)
}

// MarkRead marks the article read or unread.
func (l *Library) MarkRead(ctx context.Context, ref string, read bool) error {
	return l.db.MarkRead(ctx, ref, read)
}

// SetStarred stars or unstars the article.
func (l *Library) SetStarred(ctx context.Context, ref string, starred bool) error {
	return l.db.SetStarred(ctx, ref, starred)
}

// SetPosition records the reading position.
func (l *Library) SetPosition(ctx context.Context, ref string, line int) error {
	return l.db.SetPosition(ctx, ref, line)
}
