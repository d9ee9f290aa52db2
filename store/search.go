package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"bulletin/model"
)

// Ranking: bm25 over the full-text index, a word in the title counting
// titleWeight times one in the body.
const (
	titleWeight = "5.0"
	bm25        = "bm25(fts, " + titleWeight + ", 1.0)"
)

// SearchDepth and TitleDepth bound the work of one search: a query that
// matches more articles than these ranks the SearchDepth newest of them
// and, of the older ones, the TitleDepth newest with a word of the query
// in their title. Ranking costs about 2 µs an article, so a query that
// matches most of a 100,000-article library still answers in tens of
// milliseconds. A word in the title counts five times one in the body, so
// the best matches are mostly among those: ranking the 10,000 newest
// matches alone found 55% of an unbounded ranking's 20 best, these two
// bounds find 64%, in less time (BenchmarkSearchDepthRecall,
// BenchmarkSearch).
const (
	SearchDepth = 2500
	TitleDepth  = 1000
)

// queryTerm is a term of a query with its words as the index sees them.
type queryTerm struct {
	words  []string
	prefix bool
	// fts is the term as an FTS5 expression.
	fts string
}

// maxQueryTerms bounds the terms of one query: each costs a look-up in
// the index (and a prefix one more), so a paste of a whole article would
// keep the search busy for seconds to find, in the end, that one article.
const maxQueryTerms = 64

// ErrQuery marks a query that cannot be searched as it is; its message
// says why in the reader's words.
var ErrQuery = errors.New("store: query")

// compileQuery turns a query as the reader types it (see model.ParseQuery)
// into an FTS5 expression in which every word is quoted, so nothing the
// reader types is read as FTS5 syntax. Control characters are cleaned out
// first: FTS5 reads a string only up to a NUL, which would leave its quote
// unclosed. Terms without a word are dropped; "" means nothing to search
// for. expand, when not nil, may turn a one-word prefix into the words it
// stands for (see expandPrefix).
func compileQuery(q string, expand func(prefix string) []string) (string, []queryTerm) {
	var parts []string
	var terms []queryTerm
	for _, t := range model.ParseQuery(model.CleanLine(q)) {
		text := strings.Join(t.Words, " ")
		ws := words(text)
		if len(ws) == 0 {
			continue
		}
		part := ftsString(text)
		if t.Prefix {
			part += " *"
			if len(ws) == 1 && expand != nil {
				if words := expand(ws[0]); len(words) > 0 {
					quoted := make([]string, len(words))
					for i, w := range words {
						quoted[i] = ftsString(w)
					}
					part = "(" + strings.Join(quoted, " OR ") + ")"
				}
			}
		}
		parts = append(parts, part)
		terms = append(terms, queryTerm{words: ws, prefix: t.Prefix, fts: part})
	}
	return strings.Join(parts, " AND "), terms
}

// maxExpansion is the most words a prefix is expanded to.
const maxExpansion = 16

// expandPrefix returns the indexed words that start with prefix, when there
// are a few (up to maxExpansion): FTS5 answers a prefix query by merging
// the lists of all its words over the whole index before it ranks anything,
// which for a common prefix costs tens of milliseconds, where an OR of the
// words reads them as it goes. nil means: leave the prefix to FTS5. The
// words come from the terms table, which holds every indexed word.
func (db *DB) expandPrefix(ctx context.Context, prefix string) []string {
	rows, err := db.sql.QueryContext(ctx, `SELECT term FROM terms WHERE term >= ? AND term < ? LIMIT ?`, prefix, prefix+"\U0010FFFF", maxExpansion+1)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if rows.Scan(&w) != nil {
			return nil
		}
		out = append(out, w)
	}
	if rows.Err() != nil || len(out) > maxExpansion || len(out) == 0 {
		return nil
	}
	return out
}

// Searchable reports whether a query holds a word to search for: Search
// finds nothing for one that does not (say, only punctuation).
func Searchable(query string) bool {
	expr, _ := compileQuery(query, nil)
	return expr != ""
}

// Search finds up to limit articles of the library that match the query,
// best first, each with a snippet of its body around the matches.
// A query of more than maxQueryTerms terms is an error that wraps ErrQuery.
func (l *Library) Search(ctx context.Context, query string, limit int) ([]model.Hit, error) {
	if _, terms := compileQuery(query, nil); len(terms) > maxQueryTerms {
		return nil, fmt.Errorf("%w: %d words or phrases, more than the %d searched at once", ErrQuery, len(terms), maxQueryTerms)
	}
	expr, terms := compileQuery(query, func(prefix string) []string { return l.db.expandPrefix(ctx, prefix) })
	if expr == "" || limit <= 0 {
		return nil, nil
	}
	scope, err := l.scope(ctx)
	if err != nil || len(scope) == 0 {
		return nil, err
	}
	db := l.db
	// The oldest of the SearchDepth newest matches bounds the ranking.
	var floor int64 = -1 << 62
	depth := l.SearchDepth
	if depth <= 0 {
		depth = SearchDepth
	}
	err = db.sql.QueryRowContext(ctx, `SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`, expr, depth-1).Scan(&floor)
	if err != nil && err != sql.ErrNoRows {
		return nil, db.fail("search", err)
	}
	titleDepth := l.TitleDepth
	if titleDepth <= 0 {
		titleDepth = TitleDepth
	}
	titled := make([]string, len(terms))
	for i, t := range terms {
		titled[i] = t.fts
	}
	// The older matches with a query word in their title are ranked too;
	// the walk of the matches starts at the oldest of them.
	inTitle := "(" + expr + ") AND {title} : (" + strings.Join(titled, " OR ") + ")"
	older, err := rowids(ctx, db, `SELECT rowid FROM fts WHERE fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?`, inTitle, floor, titleDepth)
	if err != nil {
		return nil, db.fail("search", err)
	}
	cond, args := `fts MATCH ? AND rowid >= ?`, []any{expr, floor}
	if len(older) > 0 {
		cond = `fts MATCH ? AND rowid >= ? AND (rowid >= ? OR rowid IN (` + intList(older) + `))`
		args = []any{expr, older[len(older)-1], floor}
	}
	rows, err := l.ranked(ctx, scope, cond, limit, args...)
	if err != nil {
		return nil, db.fail("search", err)
	}
	hits, err := l.scanHits(rows, scope, "")
	if err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].Snippet = snippetOf(ctx, &hits[i].Article, terms)
	}
	return hits, nil
}

// rowids runs a query of one integer column.
func rowids(ctx context.Context, db *DB, query string, args ...any) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ranked runs a ranking query (cond on fts, then its arguments) and joins
// the best limit articles with their rows: the ranking reads the full-text
// index only, which is the costly part. When the store holds sources
// outside the library, it ranks more, as some are dropped.
func (l *Library) ranked(ctx context.Context, scope map[int64]*Source, cond string, limit int, args ...any) (*sql.Rows, error) {
	var all int
	if err := l.db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sources`).Scan(&all); err != nil {
		return nil, err
	}
	n := limit
	if all > len(scope) {
		n = 4*limit + 50
	}
	return l.db.sql.QueryContext(ctx, `SELECT `+articleColumns+`, f.source_id, -h.score
		FROM (SELECT rowid AS id, `+bm25+` AS score FROM fts WHERE `+cond+` ORDER BY score LIMIT ?) h
		JOIN files f ON f.id = h.id
		WHERE `+scopeSQL(scope)+` ORDER BY h.score LIMIT ?`, append(args, n, limit)...)
}

// scanHits reads hits (article columns, source, score), once each ref and
// never the article skip.
func (l *Library) scanHits(rows *sql.Rows, scope map[int64]*Source, skip string) ([]model.Hit, error) {
	defer rows.Close()
	var hits []model.Hit
	seen := map[string]bool{skip: true}
	for rows.Next() {
		var h model.Hit
		var sourceID int64
		r, err := scanArticle(rows, nil, &sourceID, &h.Score)
		if err != nil {
			return nil, l.db.fail("search", err)
		}
		if seen[r.article.Ref] {
			continue
		}
		seen[r.article.Ref] = true
		scope[sourceID].dress(&r.article)
		h.Article = r.article
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, l.db.fail("search", err)
	}
	return hits, nil
}

// snippetWords is how many words a snippet shows.
const snippetWords = 28

// snippetOf reads the article's body from its file and cuts a snippet; ""
// when the file cannot be read.
func snippetOf(ctx context.Context, a *model.Article, terms []queryTerm) string {
	src, ok := a.Origin.(*Source)
	if !ok {
		return ""
	}
	full, err := src.indexText(ctx, a.Path)
	if err != nil {
		return ""
	}
	return snippet(full.Body, terms, snippetWords)
}

// snippet cuts from body the passage of n words that holds the most of the
// query's terms, on one line, with each match between model.MarkStart and
// model.MarkEnd, and "…" where it cuts the text. Without a match it is the
// body's start.
func snippet(body string, terms []queryTerm, n int) string {
	type tok struct {
		word       string
		start, end int
		term       int // the term it matched, -1 for none
	}
	var toks []tok
	tokenize(body, func(w string, start, end int) { toks = append(toks, tok{w, start, end, -1}) })
	if len(toks) == 0 {
		return ""
	}
	for ti, t := range terms {
		for i := 0; i+len(t.words) <= len(toks); i++ {
			ok := true
			for k, w := range t.words {
				got := toks[i+k].word
				if got != w && !(t.prefix && k == len(t.words)-1 && strings.HasPrefix(got, w)) {
					ok = false
					break
				}
			}
			if ok {
				for k := range t.words {
					toks[i+k].term = ti
				}
			}
		}
	}
	// The window with the most distinct terms, then the most matches, the
	// earliest on a tie.
	best, bestDistinct, bestCount := 0, -1, -1
	counts := make([]int, len(terms))
	distinct, count := 0, 0
	for i := range toks {
		if t := toks[i].term; t >= 0 {
			if counts[t] == 0 {
				distinct++
			}
			counts[t]++
			count++
		}
		if j := i - n; j >= 0 {
			if t := toks[j].term; t >= 0 {
				counts[t]--
				if counts[t] == 0 {
					distinct--
				}
				count--
			}
		}
		if start := max(i-n+1, 0); distinct > bestDistinct || distinct == bestDistinct && count > bestCount {
			best, bestDistinct, bestCount = start, distinct, count
		}
	}
	if bestCount <= 0 {
		best = 0
	} else if best > 0 {
		// Start a quarter of the window before the first match, for
		// context.
		first := best
		for first < len(toks) && toks[first].term < 0 {
			first++
		}
		best = max(min(first-n/4, len(toks)-n), 0)
	}
	end := min(best+n, len(toks))
	var b strings.Builder
	if best > 0 {
		b.WriteString("…")
	}
	inMatch := false
	for i := best; i < end; i++ {
		if i > best {
			gap := body[toks[i-1].end:toks[i].start]
			if inMatch && (toks[i].term < 0 || strings.TrimSpace(gap) != "") {
				b.WriteString(model.MarkEnd)
				inMatch = false
			}
			b.WriteString(oneLine(gap))
		}
		if toks[i].term >= 0 && !inMatch {
			b.WriteString(model.MarkStart)
			inMatch = true
		}
		b.WriteString(body[toks[i].start:toks[i].end])
	}
	if inMatch {
		b.WriteString(model.MarkEnd)
	}
	if end < len(toks) {
		b.WriteString("…")
	} else {
		b.WriteString(oneLine(body[toks[end-1].end:]))
	}
	return strings.TrimSpace(b.String())
}

// oneLine makes the text between words fit on one line: each run of white
// space becomes one space.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
