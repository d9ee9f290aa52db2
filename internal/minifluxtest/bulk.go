package minifluxtest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// AddEntries puts n unread entries into the feed straight into the
// database, as if Miniflux had fetched them, for tests of a large pull
// (10,000 items) that a feed fetch would take minutes to fill. Entry i of
// 1..n is titled "<prefix> item i", links to https://bulk.example/<prefix>/i,
// has a body of about a kilobyte, and was published i minutes ago. It
// returns the new entries' ids, newest published first; a prefix used
// twice on one feed is an error (Miniflux keeps one entry per hash).
func (s *Server) AddEntries(t testing.TB, feed int64, prefix string, n int) []int64 {
	t.Helper()
	out := s.SQL(t, fmt.Sprintf(`INSERT INTO entries
		(title, hash, url, published_at, content, author, user_id, feed_id, changed_at)
		SELECT %[1]s || ' item ' || g, 'bulk-' || %[1]s || '-' || g, 'https://bulk.example/' || %[1]s || '/' || g,
			now() - g * interval '1 minute',
			'<p>' || repeat('Body of ' || %[1]s || ' item ' || g || ', a paragraph of bulk text. ', 16) || '</p>',
			'', f.user_id, f.id, now()
		FROM feeds f, generate_series(1, %[2]d) g WHERE f.id = %[3]d
		ORDER BY g
		RETURNING id`, sqlString(prefix), n, feed))
	ids := make([]int64, 0, n)
	for _, line := range strings.Fields(out) {
		id, err := strconv.ParseInt(line, 10, 64)
		if err != nil {
			t.Fatalf("AddEntries: psql answered %q", line)
		}
		ids = append(ids, id)
	}
	if len(ids) != n {
		t.Fatalf("AddEntries: %d entries made in feed %d, want %d (no such feed?)", len(ids), feed, n)
	}
	return ids
}
