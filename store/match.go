package store

import (
	"context"
	"fmt"

	"bulletin/model"
)

// MatchRefs returns the refs of every article of the library that matches
// the query (see model.ParseQuery), unranked and without the SearchDepth
// bound: a filter or a saved search must see all of its matches. A query
// with no word matches nothing.
func (l *Library) MatchRefs(ctx context.Context, query string) (map[string]bool, error) {
	if _, terms := compileQuery(query, nil); len(terms) > maxQueryTerms {
		return nil, fmt.Errorf("%w: %d words or phrases, more than the %d searched at once", ErrQuery, len(terms), maxQueryTerms)
	}
	expr, _ := compileQuery(query, func(prefix string) []string { return l.db.expandPrefix(ctx, prefix) })
	out := map[string]bool{}
	if expr == "" {
		return out, nil
	}
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return out, err
	}
	rows, err := l.db.sql.QueryContext(ctx, `SELECT f.ref FROM fts JOIN files f ON f.id = fts.rowid
		WHERE fts MATCH ? AND f.kind = 0 AND `+scopeSQL(scope), expr)
	if err != nil {
		return nil, l.db.fail("match", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, l.db.fail("match", err)
		}
		out[ref] = true
	}
	if err := rows.Err(); err != nil {
		return nil, l.db.fail("match", err)
	}
	return out, nil
}

// AuthorRefs returns the refs of the feed items of the library whose
// author the query matches: a listing does not carry authors, so a
// filter on them asks here. The authors are matched in memory, as they
// are not in the full-text index.
func (l *Library) AuthorRefs(ctx context.Context, query string) (map[string]bool, error) {
	out := map[string]bool{}
	m := model.NewMatcher(query)
	if m.Empty() {
		return out, nil
	}
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return out, err
	}
	rows, err := l.db.sql.QueryContext(ctx, `SELECT f.ref, i.author FROM items i JOIN files f ON f.id = i.file_id
		WHERE i.author <> '' AND f.kind = 0 AND `+scopeSQL(scope))
	if err != nil {
		return nil, l.db.fail("match", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref, author string
		if err := rows.Scan(&ref, &author); err != nil {
			return nil, l.db.fail("match", err)
		}
		if m.Match(author) {
			out[ref] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, l.db.fail("match", err)
	}
	return out, nil
}
