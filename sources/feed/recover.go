package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// wideEncoding tells UTF-32 (with or without a byte order mark) and UTF-16
// without one from the first character of the document, which for XML is
// '<' of "<?xml" or of the root element: the zero bytes around it say how
// wide and in which order the characters are. nil for anything else (UTF-16
// with a mark is read by toUTF8 already).
func wideEncoding(data []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(data, []byte("\x00\x00\xfe\xff")):
		return utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(data, []byte("\xff\xfe\x00\x00")):
		return utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(data, []byte("\x00\x00\x00<")):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case bytes.HasPrefix(data, []byte("<\x00\x00\x00")):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case bytes.HasPrefix(data, []byte("\x00<\x00")):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case bytes.HasPrefix(data, []byte("<\x00")) && len(data) > 2 && data[2] != 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	}
	return nil
}

// completeItems repairs an XML feed that ends early, as a download cut
// short does: it keeps the document up to the end of its last whole item
// (<item> or <entry>) and closes the elements still open there. It returns
// the repaired document and how many whole items it keeps; false when the
// document is not cut off at its end (a syntax error elsewhere is not a
// truncation) or has no whole item.
func completeItems(data []byte) ([]byte, int, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack, kept []xml.Name
	cut, items := int64(-1), 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			if !cutOff(err, stack) || cut < 0 {
				return nil, 0, false
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
		case xml.EndElement:
			// A mismatched end tag is a broken document, not a cut one.
			if len(stack) == 0 || stack[len(stack)-1] != t.Name {
				return nil, 0, false
			}
			stack = stack[:len(stack)-1]
			if t.Name.Local == "item" || t.Name.Local == "entry" {
				cut, items = d.InputOffset(), items+1
				kept = append(kept[:0], stack...)
			}
		}
	}
	out := make([]byte, 0, int(cut)+64)
	out = append(out, data[:cut]...)
	for i := len(kept) - 1; i >= 0; i-- {
		out = append(out, "</"...)
		if kept[i].Space != "" {
			out = append(out, kept[i].Space...)
			out = append(out, ':')
		}
		out = append(out, kept[i].Local...)
		out = append(out, '>')
	}
	return out, items, true
}

// cutOff tells an error at the end of the document (a tag, text or the
// closing part missing) from one in its middle.
func cutOff(err error, open []xml.Name) bool {
	if err == io.EOF {
		return len(open) > 0
	}
	var se *xml.SyntaxError
	return errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF")
}

// notFeed says what a document that is not a feed looks like instead, for
// the error: an HTML page, an XML document of another kind, JSON that is
// not a JSON Feed, an image, plain text. raw is the document as it came,
// data the same made UTF-8.
func notFeed(raw, data []byte) error {
	return fmt.Errorf("%w: %s", ErrNotFeed, looksLike(raw, data))
}

func looksLike(raw, data []byte) string {
	switch firstByte(data) {
	case '<':
		if looksHTML(data) {
			return "an HTML page"
		}
		if entityBomb(data) {
			return "an entity-expansion bomb refused (entities defined through other entities)"
		}
		if root := xmlRoot(data); root != "" {
			return "an XML document with root <" + root + ">, neither RSS nor Atom"
		}
	case '{', '[':
		if json.Valid(data) {
			return "JSON that is not a JSON Feed (no version/items)"
		}
	}
	ctype := http.DetectContentType(raw)
	media, _, _ := strings.Cut(ctype, ";")
	switch {
	case strings.HasPrefix(media, "image/"):
		return "a " + strings.ToUpper(strings.TrimPrefix(media, "image/")) + " image"
	case media == "text/plain" && utf8.Valid(data) && !bytes.ContainsRune(data, 0):
		return "plain text"
	case media == "application/octet-stream" || media == "text/plain":
		return "binary data"
	}
	return "a file of type " + media
}

// xmlRoot names the first element of an XML document, "" when there is
// none to read.
func xmlRoot(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 64 {
		tok, err := d.RawToken()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			name := se.Name.Local
			if se.Name.Space != "" {
				name = se.Name.Space + ":" + name
			}
			return cleanLine(strings.ToValidUTF8(name, ""))
		}
	}
	return ""
}

// entityBomb reports a document type that defines entities through other
// entities, the shape of the "billion laughs" attack. Go's XML parser
// never expands them, so the document is refused as what it is rather
// than read as an empty one.
func entityBomb(data []byte) bool {
	head := data[:min(len(data), 64<<10)]
	start := bytes.Index(head, []byte("<!DOCTYPE"))
	if start < 0 {
		return false
	}
	end := bytes.Index(head[start:], []byte("]>"))
	if end < 0 {
		end = len(head) - start
	}
	nested := 0
	for decl := range bytes.SplitSeq(head[start:start+end], []byte("<!ENTITY")) {
		if bytes.Contains(decl, []byte("&")) {
			nested++
		}
	}
	return nested >= 2
}
