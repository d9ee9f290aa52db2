package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"slices"
	"strings"

	"bulletin/model"
)

// "More like this" looks for the article's most telling words: those it
// uses often and the library seldom (tf·idf, from the word counts that
// refreshTerms copies from fts5vocab). It ranks other articles with bm25 on
// those words. Its cost grows with how many articles hold the words and
// how many articles it ranks, so both are bounded.
const (
	// similarTerms is the most words a query uses.
	similarTerms = 12
	// similarPostings bounds the words: their article counts may add up to
	// this much (the first word is always taken). A library whose words are
	// all common gets fewer words; one with rare words, up to similarTerms.
	similarPostings = 40_000
	// SimilarDepth bounds the articles ranked: the SimilarDepth articles
	// nearest in date to the article (all of them in a smaller library).
	SimilarDepth = 5_000
)

// Similar finds up to limit other articles of the library that share the
// article's most telling words, most similar first. It reads the article
// from its file, so it works before the article's own text is indexed; an
// article not in the library has no similar articles.
func (l *Library) Similar(ctx context.Context, ref string, limit int) ([]model.Hit, error) {
	if limit <= 0 {
		return nil, nil
	}
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return nil, err
	}
	row, src, err := l.lookup(ctx, scope, ref)
	if err != nil || src == nil {
		return nil, err
	}
	full, err := src.indexText(ctx, row.article.Path)
	if err != nil {
		return nil, err
	}
	terms, err := l.db.salientTerms(ctx, full.Title, full.Body)
	if err != nil || len(terms) == 0 {
		return nil, err
	}
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = ftsString(t)
	}
	depth := l.SimilarDepth
	if depth <= 0 {
		depth = SimilarDepth
	}
	lo, hi, err := l.db.dateWindow(ctx, row.id, max(depth/2, 1))
	if err != nil {
		return nil, err
	}
	rows, err := l.ranked(ctx, scope, `fts MATCH ? AND rowid BETWEEN ? AND ? AND rowid <> ?`, limit+1, strings.Join(parts, " OR "), lo, hi, row.id)
	if err != nil {
		return nil, l.db.fail("find similar articles", err)
	}
	hits, err := l.scanHits(rows, scope, ref)
	if err != nil {
		return nil, err
	}
	return hits[:min(len(hits), limit)], nil
}

// salientTerms picks the article's most telling words.
func (db *DB) salientTerms(ctx context.Context, title, body string) ([]string, error) {
	tf := map[string]int{}
	for _, w := range words(title) {
		tf[w] += 2 // a title word counts twice
	}
	for _, w := range words(body) {
		tf[w]++
	}
	candidates := make([]string, 0, len(tf))
	for w := range tf {
		if isCountable(w) {
			candidates = append(candidates, w)
		}
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(candidates)
	if err != nil {
		return nil, err
	}
	var n int64
	if err := db.sql.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'terms_docs'), 0)`).Scan(&n); err != nil {
		return nil, db.fail("find similar articles", err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT term, docs FROM terms WHERE term IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, db.fail("find similar articles", err)
	}
	defer rows.Close()
	type scored struct {
		word  string
		docs  int64
		score float64
	}
	var all []scored
	for rows.Next() {
		var s scored
		if err := rows.Scan(&s.word, &s.docs); err != nil {
			return nil, db.fail("find similar articles", err)
		}
		// bm25's idf: a word in half the articles or more tells nothing.
		idf := math.Log((float64(n) - float64(s.docs) + 0.5) / (float64(s.docs) + 0.5))
		if idf <= 0 || s.docs < 2 {
			continue // in no other article, or in too many
		}
		s.score = float64(tf[s.word]) * idf
		all = append(all, s)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("find similar articles", err)
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.word, b.word)
	})
	var picked []string
	var postings int64
	for _, s := range all {
		if len(picked) == similarTerms {
			break
		}
		if len(picked) > 0 && postings+s.docs > similarPostings {
			continue
		}
		picked = append(picked, s.word)
		postings += s.docs
	}
	return picked, nil
}

// isCountable reports a word worth weighing: not a bare number, and longer
// than one letter.
func isCountable(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return true
		}
	}
	return false
}

// dateWindow returns the ids that bound the n articles on each side of id:
// the nearest in date.
func (db *DB) dateWindow(ctx context.Context, id int64, n int) (lo, hi int64, err error) {
	lo, hi = math.MinInt64, math.MaxInt64
	err = db.sql.QueryRowContext(ctx, `SELECT id FROM files WHERE id < ? AND kind = 0 ORDER BY id DESC LIMIT 1 OFFSET ?`, id, n-1).Scan(&lo)
	if err != nil && err != sql.ErrNoRows {
		return 0, 0, db.fail("find similar articles", err)
	}
	err = db.sql.QueryRowContext(ctx, `SELECT id FROM files WHERE id > ? AND kind = 0 ORDER BY id LIMIT 1 OFFSET ?`, id, n-1).Scan(&hi)
	if err != nil && err != sql.ErrNoRows {
		return 0, 0, db.fail("find similar articles", err)
	}
	return lo, hi, nil
}
