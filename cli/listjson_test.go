package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"bulletin/model"
)

// listLineByEncodingJSON is the line as list --json printed it with
// encoding/json, which appendListLine must match byte for byte.
func listLineByEncodingJSON(t testing.TB, a *model.Article, st model.State, hidden bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	e := newListEntry(a, st)
	e.Hidden = hidden
	if err := enc.Encode(e); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestListLineIsEncodingJSON(t *testing.T) {
	east := time.FixedZone("", 5*3600+1800)
	articles := []struct {
		name string
		a    model.Article
		st   model.State
	}{
		{"plain dated", model.Article{Ref: "news/2024/a_17", Source: "news", Path: "2024/a_17.txt", ID: "17",
			Title: "Harbour reopens", Published: time.Date(2024, 3, 9, 8, 30, 0, 0, time.UTC), HasDate: true,
			DateText: "Sat Mar 9, 2024 08:30:00", RelatedCount: 3}, model.State{Read: true}},
		{"zone and fraction", model.Article{Ref: "r", Source: "s", Path: "p", Title: "t",
			Published: time.Date(1999, 12, 31, 23, 59, 59, 250_000_000, east), HasDate: true, DateText: "1999-12-31T23:59:59.25+05:30"}, model.State{Starred: true}},
		{"undated, no id, warnings", model.Article{Ref: "r/x", Source: "s", Path: "x.md", Title: "Untitled",
			Warnings: []string{"no date line", `related block: "[" never closed`}}, model.State{Read: true, Starred: true}},
		{"quotes, backslashes and HTML", model.Article{Ref: `a\b`, Source: `"q"`, Path: `<p>&amp;</p>.txt`,
			ID: `i"d`, Title: `Fish & "Chips" <b>now</b> C:\dir`, DateText: `it's "today"`}, model.State{}},
		{"control characters", model.Article{Ref: "r", Source: "s", Path: "p\x7f",
			Title: "a\x00b\x01c\bd\fe\nf\rg\th\x1bi\x1f", Warnings: []string{"\x0b"}}, model.State{}},
		{"unicode and line separators", model.Article{Ref: "r/é", Source: "日本", Path: "p",
			Title: "caf\u00e9 \u2028 line \u2029 para \U0001F600 \u2027\u202a", DateText: "\u00a0"}, model.State{}},
		{"invalid UTF-8", model.Article{Ref: "r\xff", Source: "s\xc3", Path: "p\xe2\x80",
			Title: "bad \xed\xa0\x80 surrogate, \xf4\x90\x80\x80 too high, \xc0\xaf overlong"}, model.State{}},
		{"negative related count", model.Article{Ref: "r", Source: "s", Path: "p", Title: "t", RelatedCount: -1}, model.State{}},
	}
	for _, c := range articles {
		for _, hidden := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, hidden %v", c.name, hidden), func(t *testing.T) {
				want := listLineByEncodingJSON(t, &c.a, c.st, hidden)
				if got := appendListLine(nil, &c.a, c.st, hidden); !bytes.Equal(got, want) {
					t.Errorf("line\n%s\nwant, as encoding/json writes it,\n%s", got, want)
				}
			})
		}
	}
}

// FuzzListLine: whatever the fields hold, the line is the one encoding/json
// writes.
func FuzzListLine(f *testing.F) {
	f.Add("news/a_1", "news", "a_1.txt", "1", "Harbour reopens", int64(1710000000), int32(0), true, "Sat Mar 9, 2024", 3, "", true, false)
	f.Add(`r\"`, "<s>", "p&", "", "a\x00\n\u2028\xff\U0001F600", int64(-62135596800), int32(-3600), true, "\t", 0, "w1\nw2", false, true)
	f.Add("", "", "", "", "", int64(0), int32(0), false, "", -5, "\x1f\"\\", false, false)
	f.Fuzz(func(t *testing.T, ref, source, path, id, title string, sec int64, offset int32, hasDate bool,
		dateText string, related int, warnings string, read, starred bool) {
		a := model.Article{Ref: ref, Source: source, Path: path, ID: id, Title: title, HasDate: hasDate,
			DateText: dateText, RelatedCount: related}
		if hasDate {
			a.Published = time.Unix(sec, 0).In(time.FixedZone("", int(offset%86400)))
		}
		if warnings != "" {
			a.Warnings = strings.Split(warnings, "\n")
		}
		st := model.State{Read: read, Starred: starred}
		// list --hidden marks what filters hide; the title decides here, so
		// the seeds keep their shape.
		hidden := len(title)%2 == 1
		want := listLineByEncodingJSON(t, &a, st, hidden)
		if got := appendListLine(nil, &a, st, hidden); !bytes.Equal(got, want) {
			t.Errorf("line\n%q\nwant, as encoding/json writes it,\n%q", got, want)
		}
	})
}
