package feed

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

func TestParseWideEncodings(t *testing.T) {
	doc := `<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>Zeitung für Köln</title><item><title>Straße 東京</title><guid>1</guid></item></channel></rss>`
	tests := []struct {
		name, label string
		enc         encoding.Encoding
	}{
		{"UTF-16LE without a BOM", "UTF-16", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
		{"UTF-16BE without a BOM", "UTF-16", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
		{"UTF-32LE without a BOM", "UTF-32", utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)},
		{"UTF-32BE without a BOM", "UTF-32", utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)},
		{"UTF-32LE with a BOM", "UTF-32", utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)},
		{"UTF-32BE with a BOM", "UTF-32", utf32.UTF32(utf32.BigEndian, utf32.UseBOM)},
		{"UTF-16LE without declaration or BOM", "", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(doc, "%s", tt.label, 1)
			if tt.label == "" {
				text = text[strings.Index(text, "?>")+2:]
			}
			data, err := tt.enc.NewEncoder().String(text)
			if err != nil {
				t.Fatal(err)
			}
			f := mustParse(t, data, ParseOptions{})
			if f.Title != "Zeitung für Köln" || len(f.Items) != 1 || f.Items[0].Title != "Straße 東京" {
				t.Fatalf("feed %q items %+v", f.Title, f.Items)
			}
		})
	}
}

func TestParseCutOff(t *testing.T) {
	const head = `<?xml version="1.0"?><rss version="2.0"><channel><title>C</title><item><title>one</title><guid>1</guid></item><item><title>two</title><guid>2</guid></item>`
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>one</title><id>1</id></entry><entry><title>two</title><id>2</id></entry>`
	rdf := `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item><title>one</title><link>http://r.example/1</link></item><item><title>two</title><link>http://r.example/2</link></item>`
	for name, data := range map[string]string{
		"rss end tag cut":          head + `</channel></rss`,
		"rss closing part missing": head,
		"rss third item cut":       head + `<item><title>thr`,
		"atom end tag cut":         atom + `</feed`,
		"atom closing missing":     atom,
		"rdf closing missing":      rdf + `</rdf:R`,
	} {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, data, ParseOptions{})
			var titles []string
			for _, it := range f.Items {
				titles = append(titles, it.Title)
			}
			if strings.Join(titles, ",") != "one,two" {
				t.Fatalf("items %q, want the two that arrived whole", titles)
			}
			if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0], "cut off") || !strings.Contains(f.Warnings[0], "2 whole items") {
				t.Fatalf("warnings %q, want one saying the document is cut off", f.Warnings)
			}
		})
	}
	whole := mustParse(t, head+`</channel></rss>`, ParseOptions{})
	if len(whole.Warnings) != 0 {
		t.Fatalf("a whole feed warns %q", whole.Warnings)
	}
	// A syntax error in the middle is no truncation: nothing is guessed.
	if _, err := Parse([]byte(head+`<item><<title>x</title></item></channel></rss>`), ParseOptions{}); err == nil {
		t.Fatal("a broken middle parsed")
	}
}

func TestParseNotAFeedSaysWhatItIs(t *testing.T) {
	tests := map[string]struct{ data, want string }{
		"html":  {"<!DOCTYPE html><html><body>hi</body></html>", "an HTML page"},
		"xml":   {`<?xml version="1.0"?><catalog><book>x</book></catalog>`, "an XML document with root <catalog>"},
		"bomb":  {`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;">]><lolz>&lol2;</lolz>`, "entity-expansion bomb refused"},
		"json":  {`{"title":"x","entries":[]}`, "JSON that is not a JSON Feed (no version/items)"},
		"png":   {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"},
		"gif":   {"GIF89a\x01\x00\x01\x00", "a GIF image"},
		"text":  {"just some text\nover two lines", "plain text"},
		"empty": {"  \n ", "the document is empty"},
	}
	for name, tt := range tests {
		_, err := Parse([]byte(tt.data), ParseOptions{})
		if !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want ErrNotFeed saying %q", name, err, tt.want)
		}
	}
}

func TestParseMismatchedTagIsNoCut(t *testing.T) {
	// The end tag of the item closes an open title: a broken document,
	// whose items are not guessed at.
	_, err := Parse([]byte(`<rss version="2.0"><channel><title>B</title><item><title>Oops</item></channel>`), ParseOptions{})
	if err == nil {
		t.Fatal("a document with a mismatched end tag parsed")
	}
}
