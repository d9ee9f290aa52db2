package sources

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input panics the parser, and that what it returns
// keeps the package's promise: clean text, a related count that matches the
// list, and a listing that agrees with the full parse.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus-sample", sampleName)); err == nil {
		f.Add(data)
	}
	f.Add([]byte(article("Title", "Title", okDate, okBody, dumpOf(twoJSON))))
	f.Add([]byte(article("T", "", "Sat Sep 03, 2016 4:03:52 PM", "a\r\nb", "NULL")))
	f.Add([]byte(article("T", "T", okDate, "<p>x<br>y", fmt.Sprintf("string(%d) \"%s\"", 3, twoJSON))))
	f.Add([]byte(article("T", "T", okDate, "b", dumpOf(`[{"id":"1","title":"\u2019\ud83c\udf0d\/\""}]`))))
	f.Add([]byte(article("T", "T", okDate, "b", "array(1) {\n  [0]=>\n  array(1) {\n    [\"title\"]=>\n    string(1) \"x\"\n  }\n}")))
	f.Add([]byte("\ufeffT\r\n\r\nT\r\nSat Sep 3, 2016 16:03:52\r\n\r\n\x1b]52;c;eA==\x07\r\n\r\n\r\nbool(false)\r\n"))
	f.Add([]byte("\x00\x01binary"))
	f.Add([]byte(article("Ti\x00tle", "Title", okDate, "First\x00 paragraph.\n\nSecond\x00\x00", dumpOf(twoJSON))))
	f.Add([]byte(article("T", "T", okDate, "b", dumpOf("[{\"id\":\"1\x00\",\"title\":\"A\"}]"))))
	f.Add([]byte("\x00\x00\n \x00"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	f.Add([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "))
	f.Add([]byte("\x00\x00\x00\x18ftypmp42"))
	f.Add([]byte("\xff\xfeT\x00i\x00t\x00"))
	f.Add([]byte("Just a headline"))
	f.Add([]byte("\n\n\n" + dumpOf(twoJSON)))
	f.Add([]byte(article("T", "T", okDate, okBody, `string(abc) "`+twoJSON+`"`)))
	f.Add([]byte(article("T", "T", okDate, okBody, `string(99999999999999999999999) "`+twoJSON+`"`)))
	f.Add([]byte(article("T", "T", okDate, okBody, `string() "[]"`)))
	f.Add([]byte(article("T", "T", okDate, okBody, dumpOf(twoJSON)[:len(dumpOf(twoJSON))-1])))
	f.Add([]byte(article("T", "T", okDate, okBody, dumpOf(twoJSON)[:90])))
	f.Add([]byte(article("T", "T", okDate, okBody, "string(11")))
	f.Add([]byte(article("T", "T", okDate, okBody, "str")))
	f.Add([]byte(article("T", "T", okDate, okBody, "array(2) ")))
	f.Add([]byte(article("T", "T", okDate, okBody, "array(2) {\n  [0]=>\n  array(2) {\n    [\"id\"]=>\n    string(2) \"11\"\n    [\"title\"]=>\n    string(3) \"On")))
	f.Add([]byte(article("T", "T", okDate, "b", dumpOf(`[{"id":"1","pic":"/a.MP4?v=2#t","title":"A"}]`))))
	f.Add([]byte("RIFF raff in WEBP row\n\nSat Sep 3, 2016 16:03:52\n\nb"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("fuzz/123.txt", data)
		l, lerr := parse("fuzz/123.txt", data, false, 0)
		if (err == nil) != (lerr == nil) {
			t.Fatalf("full parse error %v, listing error %v", err, lerr)
		}
		if err != nil {
			return
		}
		assertClean(t, a)
		if a.RelatedCount != len(a.Related) {
			t.Fatalf("related count %d for %d items", a.RelatedCount, len(a.Related))
		}
		if l.Title != a.Title || l.RelatedCount != a.RelatedCount || l.HasDate != a.HasDate || !l.Published.Equal(a.Published) ||
			strings.Join(l.Warnings, "\n") != strings.Join(a.Warnings, "\n") {
			t.Fatalf("listing %q/%d/%v/%q differs from full parse %q/%d/%v/%q", l.Title, l.RelatedCount, l.Published, l.Warnings, a.Title, a.RelatedCount, a.Published, a.Warnings)
		}
	})
}
