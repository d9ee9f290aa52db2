package opml

import (
	"bytes"
	"testing"
)

// FuzzParse checks that no input panics Parse, that what it returns is
// clean, and that exporting it and reading the export back gives the same
// list.
func FuzzParse(f *testing.F) {
	f.Add([]byte(opml2))
	f.Add([]byte(`<opml version="1.0"><head><title>t</title></head><body><outline text="a,b" category="/x,,/y/z,//w"><outline xmlUrl="u" text="u" title=""/></outline></body></opml>`))
	f.Add([]byte(`<opml><body><outline xmlUrl="&#x1b;]52;c;x&#7;" text="&#xFFFE;"/><outline xmlurl="u" text="t"/><outline XMLURL="u" title="&#x202e;"/></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		assertClean(t, l)
		roundTrip(t, l)
	})
}

// FuzzParseURLs is FuzzParse for urls files, and also checks their own
// round trip.
func FuzzParseURLs(f *testing.F) {
	f.Add([]byte(urlsFile))
	f.Add([]byte("u \"~\" \"\" \"a,b\" ~t ~u \"#\" #c\n\"unterminated \\\n\"u\" \"~T\\\"\" x\ry"))
	f.Add([]byte("exec:x\nquery:y\nfilter:z\n\xff\xfe \x1b[2J \"\u202e\""))
	f.Add([]byte("https://hidden.example/rss \"!\" news \"~Quiet one\"\nhttps://bare.example/atom ! \n! \"!!\" ~! \"~\x1b[31m!\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseURLs(bytes.NewReader(data))
		if err != nil {
			return
		}
		assertClean(t, l)
		roundTrip(t, l)
		var buf bytes.Buffer
		if err := WriteURLs(&buf, l); err != nil {
			t.Fatal(err)
		}
		back, err := ParseURLs(&buf)
		if err != nil {
			t.Fatal(err)
		}
		assertSameList(t, l, back)
	})
}

func roundTrip(t *testing.T, l *List) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("reading the export: %v\n%s", err, buf.String())
	}
	assertSameList(t, l, back)
}
