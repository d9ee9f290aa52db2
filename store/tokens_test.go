package store

import (
	"context"
	"slices"
	"testing"
)

// The words tokenize finds are the words the full-text index holds.
func TestTokenizeAgreesWithTheIndex(t *testing.T) {
	texts := []string{
		"Café, CAFÉ and cafe\u0301 — naïve Straße in Łódź and São Paulo",
		"al-Assad's G20 summit; U.S. talks: don't stop — 3.5% and $100",
		"東京 and Москва and Αθήνα, ΑΘΉΝΑ; emoji 🙂 and ™ symbols",
		"İstanbul ǅ ﬁnance Ⅻ ½ x²",
		"𝐁old 𝔉raktur 𓀀 ‰ ¶ § ℃",
	}
	db := openTemp(t)
	ctx := context.Background()
	for i, text := range texts {
		if _, err := db.sql.ExecContext(ctx, `INSERT INTO fts (rowid, title, body) VALUES (?, '', ?)`, i+1, text); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT term FROM fts_vocab`)
	if err != nil {
		t.Fatal(err)
	}
	var indexed []string
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			t.Fatal(err)
		}
		indexed = append(indexed, term)
	}
	rows.Close()
	var ours []string
	for _, text := range texts {
		ours = append(ours, words(text)...)
	}
	slices.Sort(ours)
	ours = slices.Compact(ours)
	for _, w := range ours {
		if _, found := slices.BinarySearch(indexed, w); !found {
			t.Errorf("tokenize found %q, which the index does not hold", w)
		}
	}
	for _, w := range indexed {
		if _, found := slices.BinarySearch(ours, w); !found {
			t.Errorf("the index holds %q, which tokenize did not find", w)
		}
	}
}
