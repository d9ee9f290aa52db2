package feed

import (
	"testing"
	"time"
)

// dateCases are dates as feeds write them and the instant each means; the
// fuzz target starts from them too.
var dateCases = []struct {
	in   string
	want string // RFC 3339
}{
	{"Mon, 02 Feb 2026 10:00:00 +0100", "2026-02-02T10:00:00+01:00"},
	{"Mon 02 Feb 2026 10:00:00 +0100", "2026-02-02T10:00:00+01:00"},
	{"Mon,, 02 Feb, 2026, 10:00:00 +0100", "2026-02-02T10:00:00+01:00"},
	{"02 Feb 26 10:00 GMT", "2026-02-02T10:00:00Z"},
	{"Tue, 5 Jan 99 23:59:59 UT", "1999-01-05T23:59:59Z"},
	{"Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"},
	{"Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"},
	{"Wed, 15 Jan 2025 09:30:00 EST", "2025-01-15T09:30:00-05:00"},
	{"Wed, 16 Jul 2025 09:30:00 EDT", "2025-07-16T09:30:00-04:00"},
	{"Wed, 15 Jan 2025 09:30:00 CST", "2025-01-15T09:30:00-06:00"},
	{"Wed, 16 Jul 2025 09:30:00 CDT", "2025-07-16T09:30:00-05:00"},
	{"Wed, 15 Jan 2025 09:30:00 MST", "2025-01-15T09:30:00-07:00"},
	{"Wed, 16 Jul 2025 09:30:00 MDT", "2025-07-16T09:30:00-06:00"},
	{"Wed, 15 Jan 2025 09:30:00 PST", "2025-01-15T09:30:00-08:00"},
	{"Wed, 16 Jul 2025 09:30:00 PDT", "2025-07-16T09:30:00-07:00"},
	{"Wed, 15 Jan 2025 09:30:00 ET", "2025-01-15T09:30:00-05:00"},
	{"Wed, 16 Jul 2025 09:30:00 ET", "2025-07-16T09:30:00-04:00"},
	{"Wed, 16 Jul 2025 09:30:00 CT", "2025-07-16T09:30:00-05:00"},
	{"Wed, 15 Jan 2025 09:30:00 MT", "2025-01-15T09:30:00-07:00"},
	{"Wed, 16 Jul 2025 09:30:00 PT", "2025-07-16T09:30:00-07:00"},
	{"Wed, 15 Jan 2025 09:30:00 AT", "2025-01-15T09:30:00-04:00"},
	{"Sat, 1 Apr 2006 12:00:00 ET", "2006-04-01T12:00:00-05:00"}, // before 2007's earlier start
	{"Sun, 11 Mar 2007 12:00:00 ET", "2007-03-11T12:00:00-04:00"},
	{"Wed, 15 Jan 2025 09:30:00 MET", "2025-01-15T09:30:00+01:00"},
	{"Wed, 16 Jul 2025 09:30:00 MEST", "2025-07-16T09:30:00+02:00"},
	{"Wed, 15 Jan 2025 09:30:00 CET", "2025-01-15T09:30:00+01:00"},
	{"Wed, 16 Jul 2025 09:30:00 CEST", "2025-07-16T09:30:00+02:00"},
	{"Wed, 15 Jan 2025 09:30:00 Etc/GMT+5", "2025-01-15T09:30:00-05:00"},
	{"Wed, 15 Jan 2025 09:30:00 Etc/GMT-3", "2025-01-15T09:30:00+03:00"},
	{"Wed, 15 Jan 2025 09:30:00 GMT+01:00", "2025-01-15T09:30:00+01:00"},
	{"Wed, 15 Jan 2025 09:30:00 GMT-0700", "2025-01-15T09:30:00-07:00"},
	{"Wed, 15 Jan 2025 09:30:00 -0800 (PST)", "2025-01-15T09:30:00-08:00"},
	{"2003-12", "2003-12-01T00:00:00Z"},
	{"2003", "2003-01-01T00:00:00Z"},
	{"2003-12-31", "2003-12-31T00:00:00Z"},
	{"2003-12-31T10:14", "2003-12-31T10:14:00Z"},
	{"2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"},
	{"2003-12-31T10:14:55.25-05:00", "2003-12-31T10:14:55.25-05:00"},
	{"2003-12-31 10:14:55 +0100", "2003-12-31T10:14:55+01:00"},
	{"2003-12-31 10:14:55+01", "2003-12-31T10:14:55+01:00"},
	{"mar., 12 déc. 2023 10:00:00 +0100", "2023-12-12T10:00:00+01:00"},
	{"mardi 12 décembre 2023", "2023-12-12T00:00:00Z"},
	{"le 1er janvier 2024 à 10h30", "2024-01-01T10:30:00Z"},
	{"Mittwoch, 3. Januar 2024", "2024-01-03T00:00:00Z"},
	{"Di, 12. März 2024 08:15:00 MEZ", "2024-03-12T08:15:00+01:00"},
	{"12 maggio 2021", "2021-05-12T00:00:00Z"},
	{"mercoledì 12 maggio 2021 alle ore 10:00", "2021-05-12T10:00:00Z"},
	{"12 de maio de 2021", "2021-05-12T00:00:00Z"},
	{"quarta-feira, 12 de maio de 2021 às 10:00", "2021-05-12T10:00:00Z"},
	{"miércoles, 12 de mayo de 2021 10:00", "2021-05-12T10:00:00Z"},
	{"mar, 12 dic 2023 10:00:00 +0100", "2023-12-12T10:00:00+01:00"},
	{"woensdag 12 mei 2021 10:00", "2021-05-12T10:00:00Z"},
	{"12 mrt. 2021", "2021-03-12T00:00:00Z"},
	{"March 3rd, 2024 3:04 PM", "2024-03-03T15:04:00Z"},
	{"Jan 2, 2006 12:30 a.m.", "2006-01-02T00:30:00Z"},
	{"1601-01-01T00:00:00Z", "1601-01-01T00:00:00Z"},
	{"0099-06-01", "0099-06-01T00:00:00Z"},
}

func TestParseDate(t *testing.T) {
	for _, tt := range dateCases {
		got, ok := parseDate(tt.in)
		want, err := time.Parse(time.RFC3339Nano, tt.want)
		if err != nil {
			t.Fatal(err)
		}
		_, gotOff := got.Zone()
		_, wantOff := want.Zone()
		if !ok || !got.Equal(want) || gotOff != wantOff {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, ok, want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, in := range []string{
		"", "yesterday", "soon, maybe", "02/03/2024", "2.3.2024", "31 Feb 2024",
		"2024-13-01", "Wed, 15 Jan 2025 25:00:00 GMT", "15 Jan", "Jan 2025 2026",
		"Wed, 15 Jan 2025 09:30:00 +2500", "2003-12-31T", "2003-12-31X10:14",
	} {
		if got, ok := parseDate(in); ok {
			t.Errorf("parseDate(%q) = %v, want no date", in, got)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, tt := range dateCases {
		f.Add(tt.in)
	}
	f.Add("Etc/GMT+")
	f.Add("2003-12-31T10:14:55.1234567890123+01:00")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDate(s)
		if !ok {
			return
		}
		// What it reads, written back as RFC 3339, reads the same.
		if back, ok := parseDate(got.Format(time.RFC3339Nano)); got.Year() >= 0 && got.Year() <= 9999 && (!ok || !back.Equal(got)) {
			t.Fatalf("parseDate(%q) = %v, which reads back as %v, %v", s, got, back, ok)
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	for b.Loop() {
		for _, tt := range dateCases {
			parseDate(tt.in)
		}
	}
}

// dateFeed has items dated in the ways feeds get wrong, one dated with
// text no one can read, and one dated as old as dates go.
const dateFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Dates</title>
<item><guid>et</guid><title>Eastern</title><pubDate>Wed, 16 Jul 2025 09:30:00 ET</pubDate></item>
<item><guid>fr</guid><title>French</title><pubDate>mar., 12 déc. 2023 10:00:00 +0100</pubDate></item>
<item><guid>dc</guid><title>German, in dc:date</title><dc:date>Mittwoch, 3. Januar 2024</dc:date></item>
<item><guid>old</guid><title>Old</title><pubDate>Mon, 01 Jan 1601 00:00:00 GMT</pubDate></item>
<item><guid>odd</guid><title>Odd</title><pubDate>the week after next</pubDate></item>
<item><guid>epoch</guid><title>Epoch</title><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
<item><guid>none</guid><title>None</title></item>
</channel></rss>`

func TestParseKeepsFeedDates(t *testing.T) {
	f := mustParse(t, dateFeed, ParseOptions{})
	want := map[string]struct {
		date string // RFC 3339, "" for undated
		text string
	}{
		"et":    {"2025-07-16T09:30:00-04:00", "Wed, 16 Jul 2025 09:30:00 ET"},
		"fr":    {"2023-12-12T10:00:00+01:00", "mar., 12 déc. 2023 10:00:00 +0100"},
		"dc":    {"2024-01-03T00:00:00Z", "Mittwoch, 3. Januar 2024"},
		"old":   {"1601-01-01T00:00:00Z", "Mon, 01 Jan 1601 00:00:00 GMT"},
		"odd":   {"", "the week after next"},
		"epoch": {"", "Thu, 01 Jan 1970 00:00:00 GMT"},
		"none":  {"", ""},
	}
	if len(f.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(f.Items), len(want))
	}
	for _, it := range f.Items {
		w := want[it.GUID]
		if it.DateText != w.text {
			t.Errorf("%s: date text %q, want %q", it.GUID, it.DateText, w.text)
		}
		a := it.Article("Dates", "feed/1/"+it.ID())
		if w.date == "" {
			if it.Dated || a.HasDate || !it.Published.Equal(firstSeen) {
				t.Errorf("%s: dated %v (article %v) at %v, want undated, first seen %v", it.GUID, it.Dated, a.HasDate, it.Published, firstSeen)
			}
			continue
		}
		if !it.Dated || !a.HasDate || it.Published.Format(time.RFC3339) != w.date {
			t.Errorf("%s: dated %v at %s, want %s", it.GUID, it.Dated, it.Published.Format(time.RFC3339), w.date)
		}
	}
}
