package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"slices"

	"modernc.org/sqlite"

	"bulletin/model"
)

// title_key is model.TitleKey in SQL, for the index files_by_title_key
// (see titleIndex), so that a related item finds its article by title
// without the whole library in memory. SQLite recomputes it when a row is
// updated or deleted and expects the same key as when the row was indexed:
// a change to model.TitleKey needs a schema step that drops
// files_by_title_key (it is made again when next needed).
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("title_key", 1, titleKeySQL)
}

func titleKeySQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var key string
	switch v := args[0].(type) {
	case string:
		key = model.TitleKey(v)
	case []byte:
		key = model.TitleKey(string(v))
	}
	if key == "" {
		return nil, nil
	}
	return key, nil
}

// Linked finds the articles of the library that the related items point to,
// as model.Library.Resolve does over the whole library: by id, the last
// article with that id in the order of List; else, unless the item is a
// link, by normalised title, the first. Each comes once, as listed (no
// body), in the order of List, so that a model.Library they are added to
// resolves the items to the same articles as one of the whole library.
func (l *Library) Linked(ctx context.Context, related []model.Related) ([]model.Article, error) {
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return nil, err
	}
	// The index of titles is made (or found) once for all the items, when
	// the first of them needs it.
	var titles *string
	titleIndex := func() (string, error) {
		if titles == nil {
			index, err := l.db.titleIndex(ctx)
			if err != nil {
				return "", err
			}
			titles = &index
		}
		return *titles, nil
	}
	byRef := map[string]*model.Article{}
	for _, r := range related {
		a, err := l.linkedTo(ctx, scope, r, titleIndex)
		if err != nil {
			return nil, err
		}
		if a != nil && byRef[a.Ref] == nil {
			byRef[a.Ref] = a
		}
	}
	found := make([]*model.Article, 0, len(byRef))
	for _, a := range byRef {
		found = append(found, a)
	}
	slices.SortFunc(found, model.CompareNewestFirst)
	out := make([]model.Article, len(found))
	for i, a := range found {
		out[i] = *a
	}
	return out, nil
}

// linkedTo is the article one related item points to; nil when none.
func (l *Library) linkedTo(ctx context.Context, scope map[int64]*Source, r model.Related, titleIndex func() (string, error)) (*model.Article, error) {
	if r.ID != "" {
		a, err := l.firstWhere(ctx, scope, `files_by_article_id`, `f.article_id = ?`, `f.has_date, f.pub, f.pub_ns, f.ref DESC`, r.ID)
		if a != nil || err != nil {
			return a, err
		}
	}
	if r.Link {
		return nil, nil
	}
	key := model.TitleKey(r.Title)
	if key == "" {
		return nil, nil
	}
	index, err := titleIndex()
	if err != nil {
		return nil, err
	}
	return l.firstWhere(ctx, scope, index, `title_key(f.title) = ?`, `f.has_date DESC, f.pub DESC, f.pub_ns DESC, f.ref`, key)
}

// titleIndex makes the index of titles, unless it is there, and returns
// its name; "" when it cannot be made (a read-only store), and each
// lookup then reads the whole table. The index is not kept while folders
// are indexed in bulk (see dropTitleIndex): titles come in no order, so
// each new file wrote all over it, which doubled the time of a first
// listing (10.9 s instead of 5.7 s of CPU for 100,000 files), while making
// it afresh takes a sort.
func (db *DB) titleIndex(ctx context.Context) (string, error) {
	if db.readOnly {
		var n int
		err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'files_by_title_key'`).Scan(&n)
		if err != nil || n == 0 {
			return "", err
		}
		return "files_by_title_key", nil
	}
	_, err := db.sql.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS files_by_title_key ON files (title_key(title)) WHERE kind = 0`)
	if err != nil {
		return "", db.fail("index the titles", err)
	}
	return "files_by_title_key", nil
}

// bulkFiles is how many files to write make the index of titles cheaper
// to drop and make again than to keep.
const bulkFiles = 2000

// dropTitleIndex drops the index of titles before many files are written.
func dropTitleIndex(ctx context.Context, tx *sql.Tx, files int) error {
	if files < bulkFiles {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DROP INDEX IF EXISTS files_by_title_key`)
	return err
}

// firstWhere is the first article of the scope that meets cond, in order;
// nil when none does. cond is looked up through index: left to itself,
// SQLite would rather walk the whole source in order.
func (l *Library) firstWhere(ctx context.Context, scope map[int64]*Source, index, cond, order string, args ...any) (*model.Article, error) {
	var sourceID int64
	indexed := ""
	if index != "" {
		indexed = "INDEXED BY " + index
	}
	rows, err := l.db.sql.QueryContext(ctx, `SELECT `+articleColumns+`, f.source_id FROM files f `+indexed+`
		WHERE `+cond+` AND f.kind = 0 AND `+scopeSQL(scope)+` ORDER BY `+order+` LIMIT 1`, args...)
	if err != nil {
		return nil, l.db.fail("read the index", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, l.db.fail("read the index", err)
		}
		return nil, nil
	}
	r, err := scanArticle(rows, nil, &sourceID)
	if err != nil {
		return nil, l.db.fail("read the index", err)
	}
	scope[sourceID].dress(&r.article)
	return &r.article, nil
}

// EachProblem calls fn for each indexed file of the library that is not an
// article, as List does before the articles: skipped files (Skipped set)
// and files that are not articles (Err set). It reads the index as it is.
func (l *Library) EachProblem(ctx context.Context, fn func(r model.ScanResult)) error {
	scope, err := l.scope(ctx)
	if err != nil {
		return err
	}
	for id, s := range scope {
		if s.feed != nil {
			continue // items are stored only as articles
		}
		err := s.eachOther(ctx, id, func(_, _ int64, r model.ScanResult) bool {
			fn(r)
			return true
		})
		if err != nil {
			return err
		}
	}
	return nil
}
