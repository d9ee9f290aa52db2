package store

import (
	"context"
	"slices"

	"bulletin/model"
)

// FirstPage returns the newest n articles of the library's folders as the
// index last saw them, newest first, without walking the folders: the
// reader paints them at once, while Scan checks the folders and brings the
// rest. An article may have changed or gone since; Scan says so.
func (l *Library) FirstPage(ctx context.Context, n int) ([]model.Article, error) {
	var page []*model.Article
	for _, s := range l.sources {
		if s.feed != nil || s.stories {
			continue
		}
		newest, err := s.newest(ctx, n)
		if err != nil {
			return nil, err
		}
		page = append(page, newest...)
	}
	slices.SortFunc(page, model.CompareNewestFirst)
	out := make([]model.Article, 0, min(n, len(page)))
	for _, a := range page[:min(n, len(page))] {
		out = append(out, *a)
	}
	return out, nil
}

// newest reads the source's newest n indexed articles; none when the
// folder was never indexed.
func (s *Source) newest(ctx context.Context, n int) ([]*model.Article, error) {
	id, err := s.sourceID(ctx, false)
	if err != nil || id == 0 {
		return nil, err
	}
	db := s.lib.db
	rows, err := db.sql.QueryContext(ctx, `SELECT `+articleColumns+` FROM files f
		WHERE f.source_id = ? AND f.kind = 0 ORDER BY f.has_date DESC, f.pub DESC, f.pub_ns DESC, f.ref LIMIT ?`, id, n)
	if err != nil {
		return nil, db.fail("read the index", err)
	}
	defer rows.Close()
	var out []*model.Article
	for rows.Next() {
		r, err := scanArticle(rows, nil)
		if err != nil {
			return nil, db.fail("read the index", err)
		}
		s.dress(&r.article)
		out = append(out, &r.article)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the index", err)
	}
	return out, nil
}
