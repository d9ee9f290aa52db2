package sources

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/model"
)

const sampleName = "000_6a4efd1afba59cf5.txt"

// sampleDir is the shared corpus sample beside the repository; tests that
// need it skip when it is absent (it is never copied into the repo).
func sampleDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus-sample")
	if _, err := os.Stat(filepath.Join(dir, sampleName)); err != nil {
		t.Skipf("the corpus sample is not at %s: skipping", dir)
	}
	return dir
}

func readSample(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir(t), sampleName))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseSample(t *testing.T) {
	a, err := Parse(sampleName, readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := "If US Separates Terrorists & Opposition in Syria, Lavrov, Kerry Could Meet at G20"; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if want := time.Date(2016, 9, 3, 16, 3, 52, 0, time.UTC); !a.HasDate || !a.Published.Equal(want) {
		t.Errorf("published = %v (has %v), want %v", a.Published, a.HasDate, want)
	}
	if a.DateText != "Sat Sep 3, 2016 16:03:52" {
		t.Errorf("date text = %q", a.DateText)
	}
	if n := len(a.Paragraphs()); n != 5 {
		t.Errorf("%d paragraphs, want 5", n)
	}
	if len(a.Warnings) != 0 {
		t.Errorf("warnings: %q", a.Warnings)
	}
	if a.ID != "" {
		t.Errorf("id = %q: the name ends in a hex hash, not a number", a.ID)
	}
	wantTitles := []string{
		"Russian Fighter Jets Bomb Terrorists’ Positions in Syria’s Aleppo",
		"Hezbollah Fighters Kill Fath al-Sham Front Militants on Lebanon-Syria Border",
		"Turkish Army Sends More Tanks to Northern Syria",
		"Shocking VIDEO: Daesh Prison for Women as Sex Slaves Found in Syria’s Manbij",
		"Fatah Al-Sham's Positions Hit Hard by Hezbollah on Lebanon-Syria Border",
		"VIDEO: Turkey Army Sweeps Mines Left by ISIS at Border with Syria",
	}
	if len(a.Related) != len(wantTitles) || a.RelatedCount != len(wantTitles) {
		t.Fatalf("%d related (count %d), want %d", len(a.Related), a.RelatedCount, len(wantTitles))
	}
	videos, curly := 0, 0
	for i, r := range a.Related {
		if r.Title != wantTitles[i] {
			t.Errorf("related %d title = %q, want %q", i, r.Title, wantTitles[i])
		}
		if r.Video {
			videos++
		}
		if strings.Contains(r.Title, "’") {
			curly++
		}
		if r.ContentType != "21" || r.Pic == "" {
			t.Errorf("related %d: content type %q, pic %q", i, r.ContentType, r.Pic)
		}
	}
	if videos != 2 {
		t.Errorf("%d video items, want 2", videos)
	}
	if curly != 2 {
		t.Errorf("%d titles with U+2019, want 2 (three occurrences)", curly)
	}
	if a.Related[0].ID != "1856739" || a.Related[0].Sort != "3617526" {
		t.Errorf("first related id/sort = %q/%q", a.Related[0].ID, a.Related[0].Sort)
	}
}

// article builds a file in the sample's layout from its parts.
func article(title, title2, date, body, dump string) string {
	var b strings.Builder
	b.WriteString(title + "\n\n")
	if title2 != "" {
		b.WriteString(title2 + "\n")
	}
	if date != "" {
		b.WriteString(date + "\n")
	}
	b.WriteString("\n" + body + "\n\n\n" + dump)
	return b.String()
}

func dumpOf(payload string) string {
	return fmt.Sprintf("string(%d) \"%s\"", len(payload), payload)
}

const (
	okDate  = "Sat Sep 3, 2016 16:03:52"
	okBody  = "First paragraph.\n\nSecond paragraph."
	twoJSON = `[{"id":"11","sort":"1","contenttypeid":"21","pic":"/a.jpg","title":"One’s story"} ,{"id":"12","sort":"2","contenttypeid":"21","pic":"/b.mp4","title":"Two"} ]`
)

func TestParseVariants(t *testing.T) {
	okFile := article("Title", "Title", okDate, okBody, dumpOf(twoJSON))
	sep3 := time.Date(2016, 9, 3, 16, 3, 52, 0, time.UTC)
	tests := []struct {
		name     string
		file     string
		title    string
		date     time.Time // zero: no date
		paras    int
		related  []string // related titles
		warnings int
	}{
		{"sample layout", okFile, "Title", sep3, 2, []string{"One’s story", "Two"}, 0},
		{"BOM", "\ufeff" + okFile, "Title", sep3, 2, []string{"One’s story", "Two"}, 0},
		{"CRLF", strings.ReplaceAll(okFile, "\n", "\r\n"), "Title", sep3, 2, []string{"One’s story", "Two"}, 0},
		{"CR inside a paragraph", article("Title", "Title", okDate, "one\rtwo\r\n\r\nthree", dumpOf("[]")), "Title", sep3, 3, nil, 0},
		{"trailing newline", okFile + "\n", "Title", sep3, 2, []string{"One’s story", "Two"}, 0},
		{"missing date", article("Title", "Title", "", okBody, dumpOf(twoJSON)), "Title", time.Time{}, 2, []string{"One’s story", "Two"}, 1},
		{"zero-padded day", article("Title", "Title", "Sat Sep 03, 2016 16:03:52", okBody, dumpOf("[]")), "Title", sep3, 2, nil, 0},
		{"12-hour clock", article("Title", "Title", "Sat Sep 3, 2016 4:03:52 PM", okBody, dumpOf("[]")), "Title", sep3, 2, nil, 0},
		{"numeric zone", article("Title", "Title", "Sat Sep 3, 2016 20:33:52 +0430", okBody, dumpOf("[]")), "Title", sep3, 2, nil, 0},
		{"missing duplicate title", article("Title", "", okDate, okBody, dumpOf("[]")), "Title", sep3, 2, nil, 0},
		{"edited duplicate title", article("Title", "Shorter title", okDate, okBody, dumpOf("[]")), "Title", sep3, 2, nil, 0},
		{"string(0)", article("Title", "Title", okDate, okBody, `string(0) ""`), "Title", sep3, 2, nil, 0},
		{"empty array", article("Title", "Title", okDate, okBody, `string(2) "[]"`), "Title", sep3, 2, nil, 0},
		{"NULL", article("Title", "Title", okDate, okBody, "NULL"), "Title", sep3, 2, nil, 0},
		{"bool(false)", article("Title", "Title", okDate, okBody, "bool(false)"), "Title", sep3, 2, nil, 0},
		{"no dump", strings.TrimSuffix(article("Title", "Title", okDate, okBody, ""), "\n\n\n"), "Title", sep3, 2, nil, 0},
		{"byte count too small", article("Title", "Title", okDate, okBody, fmt.Sprintf("string(%d) \"%s\"", len(twoJSON)-6, twoJSON)), "Title", sep3, 2, []string{"One’s story", "Two"}, 1},
		{"byte count counted in runes", article("Title", "Title", okDate, okBody, fmt.Sprintf("string(%d) \"%s\"", len([]rune(twoJSON)), twoJSON)), "Title", sep3, 2, []string{"One’s story", "Two"}, 1},
		{"truncated block", article("Title", "Title", okDate, okBody, dumpOf(twoJSON)[:60]), "Title", sep3, 2, nil, 2},
		{"json_encode escapes", article("Title", "Title", okDate, okBody, dumpOf(`[{"id":"11","pic":"\/2016\/08\/31\/a.mp4","title":"One\u2019s \"quoted\" story"}]`)), "Title", sep3, 2, []string{"One’s \"quoted\" story"}, 0},
		{"surrogate pair escape", article("Title", "Title", okDate, okBody, dumpOf(`[{"id":"11","title":"Globe \ud83c\udf0d"}]`)), "Title", sep3, 2, []string{"Globe 🌍"}, 0},
		{"numbers, null and extra fields", article("Title", "Title", okDate, okBody, dumpOf(`[{"id":11,"sort":2.5,"contenttypeid":null,"extra":{"x":[1,2]},"title":"N","flag":true}]`)), "Title", sep3, 2, []string{"N"}, 0},
		{"HTML entities", article("AT&amp;T &quot;deal&quot;", "AT&amp;T &quot;deal&quot;", okDate, "Tom &amp; Jerry&#039;s", dumpOf(`[{"id":"1","title":"Q&amp;A"}]`)), `AT&T "deal"`, sep3, 1, []string{"Q&A"}, 0},
		{"leftover p and br", article("Title", "Title", okDate, "<p>one<br>two</p><P>three<br />four", dumpOf("[]")), "Title", sep3, 4, nil, 0},
		{"paragraphs on single newlines", article("Title", "Title", okDate, "one\ntwo\nthree", dumpOf("[]")), "Title", sep3, 3, nil, 0},
		{"many blank lines", article("Title", "Title", okDate, "one\n\n\n\n\ntwo", dumpOf("[]")), "Title", sep3, 2, nil, 0},
		{"empty body", article("Video only", "Video only", okDate, "", dumpOf(twoJSON)), "Video only", sep3, 0, []string{"One’s story", "Two"}, 0},
		{"broken JSON keeps earlier items", article("Title", "Title", okDate, okBody, dumpOf(`[{"id":"1","title":"A"} ,{"id":"2","title":"B"`)), "Title", sep3, 2, []string{"A"}, 1},
		{"not JSON", article("Title", "Title", okDate, okBody, dumpOf(`hello`)), "Title", sep3, 2, nil, 1},
		{"object of objects", article("Title", "Title", okDate, okBody, dumpOf(`{"0":{"id":"1","title":"A"},"1":{"id":"2","title":"B"}}`)), "Title", sep3, 2, []string{"A", "B"}, 0},
		{"PHP array dump", article("Title", "Title", okDate, okBody, "array(2) {\n  [0]=>\n  array(3) {\n    [\"id\"]=>\n    string(2) \"11\"\n    [\"pic\"]=>\n    string(6) \"/a.mp4\"\n    [\"title\"]=>\n    string(7) \"One’s\"\n  }\n  [1]=>\n  array(2) {\n    [\"id\"]=>\n    int(12)\n    [\"title\"]=>\n    string(3) \"Two\"\n  }\n}"), "Title", sep3, 2, []string{"One’s", "Two"}, 0},
		{"broken PHP array dump", article("Title", "Title", okDate, okBody, "array(1) {\n  [0]=>\n  array(1) {\n    [\"title\"]=>\n    string(99) \"x\"\n  }\n}"), "Title", sep3, 2, nil, 1},
		{"markdown in body stays text", article("Title", "Title", okDate, "*not bold* _x_ # [a](b) `c` <tag>", dumpOf("[]")), "Title", sep3, 1, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x/1234.txt", []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if tt.date.IsZero() {
				if a.HasDate {
					t.Errorf("date = %v, want none", a.Published)
				}
			} else if !a.HasDate || !a.Published.Equal(tt.date) {
				t.Errorf("date = %v (has %v), want %v", a.Published, a.HasDate, tt.date)
			}
			if n := len(a.Paragraphs()); n != tt.paras {
				t.Errorf("%d paragraphs %q, want %d", n, a.Paragraphs(), tt.paras)
			}
			var titles []string
			for _, r := range a.Related {
				titles = append(titles, r.Title)
			}
			if strings.Join(titles, "|") != strings.Join(tt.related, "|") {
				t.Errorf("related = %q, want %q", titles, tt.related)
			}
			if a.RelatedCount != len(a.Related) {
				t.Errorf("related count %d for %d items", a.RelatedCount, len(a.Related))
			}
			if len(a.Warnings) != tt.warnings {
				t.Errorf("warnings = %q, want %d", a.Warnings, tt.warnings)
			}
			if a.ID != "1234" {
				t.Errorf("id = %q, want 1234", a.ID)
			}
			assertClean(t, a)
		})
	}
}

func TestParseKeepsDateAsWritten(t *testing.T) {
	a, err := Parse("a.txt", []byte(article("T", "T", "Sat Sep 03, 2016  4:03:52 PM", "b", dumpOf("[]"))))
	if err != nil {
		t.Fatal(err)
	}
	if a.DateText != "Sat Sep 03, 2016 4:03:52 PM" {
		t.Errorf("date text = %q", a.DateText)
	}
}

func TestParseVideoAndFields(t *testing.T) {
	a, err := Parse("a.txt", []byte(article("T", "T", okDate, "b", dumpOf(twoJSON))))
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Related{
		{ID: "11", Sort: "1", ContentType: "21", Pic: "/a.jpg", Title: "One’s story"},
		{ID: "12", Sort: "2", ContentType: "21", Pic: "/b.mp4", Title: "Two", Video: true},
	}
	for i := range want {
		if a.Related[i] != want[i] {
			t.Errorf("related %d = %+v, want %+v", i, a.Related[i], want[i])
		}
	}
}

func TestParseRejectsNonArticles(t *testing.T) {
	for name, data := range map[string]string{
		"empty":       "",
		"blank":       " \n\n\t\n",
		"bom only":    "\ufeff",
		"binary":      "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"latin-1 mud": strings.Repeat("\xe9\xe0\xff", 100),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("dir/"+name+".txt", []byte(data))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrNotArticle) {
				t.Errorf("error %v is not ErrNotArticle", err)
			}
			if !strings.Contains(err.Error(), "dir/"+name+".txt") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestParseCleansHostileText(t *testing.T) {
	hostile := "Evil \x1b[2J\x1b]52;c;SGVsbG8=\x07title\u202e &#x1b;[31mred &#27;]8;;http://x\x07link"
	file := article(hostile, hostile, okDate, hostile+"\n\n\x9b31m c1 \x1bP dcs \x1b\\ end", dumpOf(`[{"id":"1","title":"\u001b[2J x \u009d8;;y\u0007 z","pic":"\u001b]0;t\u0007.mp4"}]`))
	a, err := Parse("\x1b[31mname.txt", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	assertClean(t, a)
	if a.Title != "Evil title [31mred link" && a.Title != "Evil title red link" {
		t.Errorf("title = %q", a.Title)
	}
	if a.Related[0].Title != "x z" {
		t.Errorf("related title = %q", a.Related[0].Title)
	}
}

func TestIDFromName(t *testing.T) {
	for name, want := range map[string]string{
		"1856739.txt":              "1856739",
		"000_1856739.txt":          "1856739",
		"a/b/news_00042.txt":       "42",
		"000_6a4efd1afba59cf5.txt": "",
		"story.txt":                "",
		"12_.txt":                  "",
		"0.txt":                    "0",
	} {
		if got := IDFromName(name); got != want {
			t.Errorf("IDFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

// assertClean checks the promise of the package: every string that leaves
// it is valid UTF-8 with no control characters but newline and tab, no
// escape sequences and no bidi overrides.
func assertClean(t testing.TB, a model.Article) {
	t.Helper()
	check := func(field, s string, multiline bool) {
		if msg := model.Unclean(s, multiline); msg != "" {
			t.Errorf("%s %q: %s", field, s, msg)
		}
	}
	check("title", a.Title, false)
	check("date", a.DateText, false)
	check("body", a.Body, true)
	check("id", a.ID, false)
	check("ref", a.Ref, false)
	check("source", a.Source, false)
	for _, w := range a.Warnings {
		check("warning", w, false)
	}
	for _, r := range a.Related {
		check("related id", r.ID, false)
		check("related title", r.Title, false)
		check("related pic", r.Pic, false)
		check("related sort", r.Sort, false)
		check("related type", r.ContentType, false)
	}
}

func TestParseDropsStrayNULs(t *testing.T) {
	file := article("Ti\x00tle", "Title", okDate, "First\x00 paragraph.\n\nSecond\x00\x00 paragraph.", dumpOf(twoJSON))
	a, err := Parse("x/7.txt", []byte(file))
	if err != nil {
		t.Fatalf("a text with 4 NUL bytes was refused: %v", err)
	}
	if a.Title != "Title" || a.Body != "First paragraph.\n\nSecond paragraph." {
		t.Errorf("title %q, body %q: want the text without its NULs", a.Title, a.Body)
	}
	if !a.HasDate || len(a.Related) != 2 {
		t.Errorf("date %v, %d related: want the date and 2 related", a.HasDate, len(a.Related))
	}
	if len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "4 NUL bytes were dropped") {
		t.Errorf("warnings = %q, want one saying 4 NUL bytes were dropped", a.Warnings)
	}

	one, err := Parse("x/8.txt", []byte(article("T", "T", okDate, "a\x00b", dumpOf("[]"))))
	if err != nil || len(one.Warnings) != 1 || !strings.Contains(one.Warnings[0], "1 NUL byte was dropped") {
		t.Errorf("one NUL: %v, warnings %q", err, one.Warnings)
	}
}

func TestParseNamesWhatABinaryFileLooksLike(t *testing.T) {
	text := article("Title", "Title", okDate, okBody, dumpOf("[]"))
	for name, tt := range map[string]struct{ data, want string }{
		"png":       {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image, not text"},
		"jpeg":      {"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image, not text"},
		"gif":       {"GIF89a\x01\x00\x01\x00", "a GIF image, not text"},
		"webp":      {"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image, not text"},
		"pdf":       {"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + text, "a PDF document, not text"},
		"zip":       {"PK\x03\x04\x14\x00\x00\x00" + text, "a zip archive, not text"},
		"gzip":      {"\x1f\x8b\x08\x00\x00\x00\x00\x00", "a gzip archive, not text"},
		"mp4":       {"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "an MP4 or QuickTime video, not text"},
		"utf-16":    {"\xff\xfeT\x00i\x00t\x00l\x00e\x00", "UTF-16 text"},
		"nul-dense": {strings.Repeat("T\x00i\x00t\x00l\x00e\x00\n\x00", 20), "binary data, not text (120 of its first 240 bytes are NUL or control bytes)"},
		"controls":  {"\x00\x01\x02", "binary data, not text"},
		"latin-1":   {strings.Repeat("\xe9\xe0\xff", 100), "binary data or text in an unknown encoding, not UTF-8 (300 of its first 300 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("dir/"+name+".txt", []byte(tt.data))
			if err == nil || !errors.Is(err, ErrNotArticle) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if !strings.Contains(err.Error(), "dir/"+name+".txt: not an article: "+tt.want) {
				t.Errorf("err = %q, want it to name the file and say %q", err, tt.want)
			}
		})
	}
}

// TestParseReadsTextThatStartsLikeASignature guards the signatures that are
// short or printable from taking a headline for a file type.
func TestParseReadsTextThatStartsLikeASignature(t *testing.T) {
	for _, title := range []string{"RIFF raff in WEBP row", "BZh and friends", "GIF89 is a year", "PK stands for penalty kick", "ftyp"} {
		a, err := Parse("x/1.txt", []byte(article(title, title, okDate, okBody, dumpOf("[]"))))
		if err != nil || a.Title != title {
			t.Errorf("%q: title %q, err %v", title, a.Title, err)
		}
	}
}

// TestParseReadsAnyText: text that follows little of the layout is still an
// article, shown with what it has; only empty and binary files are refused.
func TestParseReadsAnyText(t *testing.T) {
	tests := []struct {
		name, file, title, body string
		related                 int
		warnings                []string
	}{
		{"one title line, no newline", "Just a headline", "Just a headline", "", 0, []string{"no date line"}},
		{"one title line and a newline", "Just a headline\n", "Just a headline", "", 0, []string{"no date line"}},
		{"notes with no date and no related block", "Shopping list\n\nmilk\neggs\n", "Shopping list", "milk\n\neggs", 0, []string{"no date line"}},
		{"only a related block", dumpOf(twoJSON), "(untitled)", "", 2, []string{"the file holds only a related-stories block: no title, no date, no text"}},
		{"blank lines then a related block", "\n\n\n" + dumpOf(twoJSON), "(untitled)", "", 2, []string{"the file holds only a related-stories block: no title, no date, no text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x/5.txt", []byte(tt.file))
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if a.Title != tt.title || a.Body != tt.body || a.HasDate {
				t.Errorf("title %q, body %q, has date %v; want %q, %q, no date", a.Title, a.Body, a.HasDate, tt.title, tt.body)
			}
			if len(a.Related) != tt.related {
				t.Errorf("%d related, want %d", len(a.Related), tt.related)
			}
			if strings.Join(a.Warnings, "|") != strings.Join(tt.warnings, "|") {
				t.Errorf("warnings = %q, want %q", a.Warnings, tt.warnings)
			}
		})
	}
}

func TestParseRecoversARelatedBlockWithABadLength(t *testing.T) {
	for _, count := range []string{"abc", "99999999999999999999999", "-12", ""} {
		t.Run(count, func(t *testing.T) {
			file := article("Title", "Title", okDate, okBody, "string("+count+") \""+twoJSON+"\"")
			a, err := Parse("x/9.txt", []byte(file))
			if err != nil {
				t.Fatal(err)
			}
			if a.Body != okBody {
				t.Errorf("body = %q, want only the article's text, no block", a.Body)
			}
			if len(a.Related) != 2 || a.Related[0].Title != "One’s story" || a.Related[1].Title != "Two" {
				t.Errorf("related = %+v, want the block's two stories", a.Related)
			}
			want := fmt.Sprintf("related stories: the block's length %q is not a number of bytes; read to its last quote (%d bytes)", count, len(twoJSON))
			if len(a.Warnings) != 1 || a.Warnings[0] != want {
				t.Errorf("warnings = %q, want [%q]", a.Warnings, want)
			}
		})
	}
}

func TestParseCountsTheRelatedVideosWithQueriesAndCase(t *testing.T) {
	dump := dumpOf(`[{"id":"1","pic":"/a.MP4","title":"A"},{"id":"2","pic":"/b.mp4?v=2","title":"B"},{"id":"3","pic":"/c.mp4#t=5","title":"C"},{"id":"4","pic":"/d.jpg?v=x.mp4","title":"D"}]`)
	a, err := Parse("x/1.txt", []byte(article("T", "T", okDate, "b", dump)))
	if err != nil {
		t.Fatal(err)
	}
	var videos []string
	for _, r := range a.Related {
		if r.Video {
			videos = append(videos, r.Title)
		}
	}
	if strings.Join(videos, ",") != "A,B,C" {
		t.Errorf("videos = %q, want A, B and C", videos)
	}
}

// cutDumps are related blocks to cut short: each with stories whose fields
// a cut could leave half there.
func cutDumps(t *testing.T) map[string]string {
	dumps := map[string]string{
		"json": dumpOf(`[{"id":"101","sort":"9","contenttypeid":"21","pic":"/2016/08/31/a.jpg","title":"Raw’s “quotes” and ’"} ,` +
			`{"id":102,"sort":10,"contenttypeid":null,"pic":"\/2016\/09\/01\/b.mp4?v=2","title":"Escaped \"title\" \u2019 \ud83c\udf0d"} ,` +
			`{"id":"103","title":"No pic"} ,{"title":"Title only","pic":"/c.MP4"} ,{"id":"105"} ]`),
		"php": "array(2) {\n  [0]=>\n  array(3) {\n    [\"id\"]=>\n    string(2) \"11\"\n    [\"pic\"]=>\n    string(6) \"/a.mp4\"\n    [\"title\"]=>\n    string(7) \"One’s\"\n  }\n  [1]=>\n  array(2) {\n    [\"id\"]=>\n    int(12)\n    [\"title\"]=>\n    string(3) \"Two\"\n  }\n}",
	}
	if data, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus-sample", sampleName)); err == nil {
		i := strings.LastIndex(string(data), "\nstring(")
		dumps["sample"] = string(data[i+1:])
	} else {
		t.Logf("the corpus sample is absent: cutting only this test's own blocks")
	}
	return dumps
}

// TestParseCutRelatedBlockKeepsOnlyWholeStories cuts related blocks at every
// byte: the stories kept are always whole (equal, field for field, to the
// uncut file's), the body never takes in the block, and a warning is there
// whenever a story was lost.
func TestParseCutRelatedBlockKeepsOnlyWholeStories(t *testing.T) {
	for name, dump := range cutDumps(t) {
		t.Run(name, func(t *testing.T) {
			whole, err := Parse("x/1.txt", []byte(article("Title", "Title", okDate, okBody, dump)))
			if err != nil || len(whole.Related) < 2 || len(whole.Warnings) != 0 {
				t.Fatalf("the uncut file: %v, %d related, warnings %q", err, len(whole.Related), whole.Warnings)
			}
			for cut := 1; cut < len(dump); cut++ {
				file := article("Title", "Title", okDate, okBody, dump[:cut])
				a, err := Parse("x/1.txt", []byte(file))
				if err != nil {
					t.Fatalf("cut at %d: %v", cut, err)
				}
				if a.Body != okBody || a.Title != "Title" || !a.HasDate {
					t.Fatalf("cut at %d: title %q, date %v, body %q", cut, a.Title, a.HasDate, a.Body)
				}
				if len(a.Related) > len(whole.Related) {
					t.Fatalf("cut at %d: %d related, more than the uncut %d", cut, len(a.Related), len(whole.Related))
				}
				for i, r := range a.Related {
					if r != whole.Related[i] {
						t.Fatalf("cut at %d: related %d = %+v, want %+v (whole) or nothing", cut, i, r, whole.Related[i])
					}
				}
				if len(a.Related) < len(whole.Related) && len(a.Warnings) == 0 {
					t.Fatalf("cut at %d: %d of %d related kept, and no warning", cut, len(a.Related), len(whole.Related))
				}
				assertListingAgrees(t, file, a)
			}
		})
	}
}

// assertListingAgrees checks that the headline-only parse a listing does
// tells what the full parse told.
func assertListingAgrees(t *testing.T, file string, full model.Article) {
	t.Helper()
	l, err := parse("x/1.txt", []byte(file), false, 0)
	if err != nil {
		t.Fatalf("the listing failed where the full parse did not: %v", err)
	}
	if l.Title != full.Title || l.HasDate != full.HasDate || !l.Published.Equal(full.Published) ||
		l.RelatedCount != full.RelatedCount || strings.Join(l.Warnings, "|") != strings.Join(full.Warnings, "|") {
		t.Fatalf("listing %q/%v/%d/%q differs from the full parse %q/%v/%d/%q",
			l.Title, l.Published, l.RelatedCount, l.Warnings, full.Title, full.Published, full.RelatedCount, full.Warnings)
	}
}

// TestLowBytesCountsExactly checks the eight-at-a-time count against a
// byte-by-byte one, for every byte value in every place of a word.
func TestLowBytesCountsExactly(t *testing.T) {
	for c := range 256 {
		for pos := range 19 {
			b := []byte(strings.Repeat("a\x7f\x80\xff \x1f\x00\n\x20", 3)[:19])
			b[pos] = byte(c)
			want := 0
			for _, x := range b {
				if x < 0x20 {
					want++
				}
			}
			if got := lowBytes(b); got != want {
				t.Fatalf("lowBytes(%q) = %d, want %d", b, got, want)
			}
		}
	}
}
