package store

import (
	"context"
	"fmt"
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
