// Package opml reads and writes subscription lists: OPML 1.0 and 2.0, and
// newsboat-style urls files. Every string it returns is cleaned with
// model.CleanLine.
package opml

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"bulletin/internal/xmlctl"
	"bulletin/model"
)

// Feed is one subscription.
type Feed struct {
	// URL is the feed's address (OPML xmlUrl).
	URL string
	// Title is the name the user gave the feed, "" for none.
	Title string
	// Site is the feed's web site (OPML htmlUrl), "" when unknown.
	Site string
	// Tags are the feed's folders and categories, in order, each once.
	// A tag never holds a comma.
	Tags []string
}

// List is a subscription list.
type List struct {
	// Title is the list's title (OPML head/title).
	Title string
	// Feeds are the subscriptions in the file's order, each URL once: a
	// URL listed again adds its tags to the first.
	Feeds []Feed
	// Skipped says what was left out and why, one line each: entries
	// without a URL, newsboat query and exec feeds, duplicates.
	Skipped []string
	// Notes say what was read differently from what the file meant, one
	// line each: newsboat's hidden mark, which bulletin does not hide by.
	Notes []string
}

// maxSize bounds what Read, Parse and ParseURLs accept.
const maxSize = 32 << 20

// ErrTooLarge marks a list over 32 MiB.
var ErrTooLarge = errors.New("opml: the list is larger than 32 MiB")

// Read reads a subscription list in either format: OPML when it starts with
// "<" (after white space and a byte order mark), else a urls file.
func Read(r io.Reader) (*List, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("<")) {
		return parseOPML(data)
	}
	return parseURLs(data), nil
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	if len(data) > maxSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// Parse reads an OPML 1.0 or 2.0 document. Every outline with an xmlUrl is
// a feed; the outlines it sits in (folders) become its tags, followed by
// those of its category attribute ("/tag,/other").
func Parse(r io.Reader) (*List, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parseOPML(data)
}

type document struct {
	XMLName xml.Name  `xml:"opml"`
	Title   string    `xml:"head>title"`
	Body    []outline `xml:"body>outline"`
}

type outline struct {
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []outline  `xml:"outline"`
}

// attr finds an attribute by name, ignoring case (xmlUrl, xmlurl, XMLURL
// all occur in the wild).
func (o *outline) attr(name string) string {
	for _, a := range o.Attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value
		}
	}
	return ""
}

// maxDepth bounds the nesting of outlines.
const maxDepth = 64

func parseOPML(data []byte) (*List, error) {
	var doc document
	if utf8.Valid(data) {
		data = xmlctl.Protect(data)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	l := &List{Title: clean(doc.Title)}
	b := builder{list: l, index: map[string]int{}}
	b.outlines(doc.Body, nil, 0)
	return l, nil
}

type builder struct {
	list  *List
	index map[string]int // URL → position in list.Feeds
}

func (b *builder) outlines(os []outline, folders []string, depth int) {
	if depth > maxDepth {
		b.list.Skipped = append(b.list.Skipped, fmt.Sprintf("outlines nested deeper than %d", maxDepth))
		return
	}
	for i := range os {
		o := &os[i]
		title := clean(o.attr("title"))
		text := clean(o.attr("text"))
		url := clean(o.attr("xmlUrl"))
		if url == "" {
			name := cleanTag(cmp.Or(title, text))
			if len(o.Children) == 0 {
				if name != "" && !strings.EqualFold(o.attr("type"), "folder") {
					b.skip("outline %q has no xmlUrl", cmp.Or(title, text))
				}
				continue
			}
			inner := folders
			if name != "" {
				inner = append(slices.Clip(folders), name)
			}
			b.outlines(o.Children, inner, depth+1)
			continue
		}
		f := Feed{URL: url, Title: title, Site: clean(o.attr("htmlUrl"))}
		if f.Title == "" && text != url {
			// Export writes the URL as the text of an untitled feed.
			f.Title = text
		}
		f.Tags = addTags(nil, folders...)
		for c := range strings.SplitSeq(o.attr("category"), ",") {
			f.Tags = addTags(f.Tags, strings.TrimPrefix(strings.TrimSpace(c), "/"))
		}
		b.add(f)
		if len(o.Children) > 0 {
			b.outlines(o.Children, folders, depth+1)
		}
	}
}

func (b *builder) skip(format string, args ...any) {
	b.list.Skipped = append(b.list.Skipped, clean(fmt.Sprintf(format, args...)))
}

func (b *builder) note(format string, args ...any) {
	b.list.Notes = append(b.list.Notes, clean(fmt.Sprintf(format, args...)))
}

// add appends a feed, or merges it into the first with its URL.
func (b *builder) add(f Feed) {
	if i, ok := b.index[f.URL]; ok {
		first := &b.list.Feeds[i]
		first.Tags = addTags(first.Tags, f.Tags...)
		if first.Title == "" {
			first.Title = f.Title
		}
		if first.Site == "" {
			first.Site = f.Site
		}
		b.skip("%s is listed more than once", f.URL)
		return
	}
	b.index[f.URL] = len(b.list.Feeds)
	b.list.Feeds = append(b.list.Feeds, f)
}

// clean is model.CleanLine for text that went through xmlctl.Protect, and
// makes the characters XML cannot carry
// (U+FFFE, U+FFFF) U+FFFD, so that what is read can be written.
func clean(s string) string {
	s = model.CleanLine(xmlctl.Restore(s))
	if strings.ContainsAny(s, "\ufffe\uffff") {
		s = strings.NewReplacer("\ufffe", "\ufffd", "\uffff", "\ufffd").Replace(s)
	}
	return s
}

// cleanTag makes a tag: one clean line without commas.
func cleanTag(s string) string {
	return clean(strings.ReplaceAll(s, ",", " "))
}

// addTags appends the tags not already in tags.
func addTags(tags []string, more ...string) []string {
	for _, t := range more {
		if t = cleanTag(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// Write writes the list as OPML 2.0. Feeds are grouped in folders by their
// first tag, in the order the tags first appear, untagged feeds last; every
// tag is also in the category attribute, so a feed's tags read back whole.
// Parse reads what Write writes back to the same list, but for the order of
// feeds across folders.
func Write(w io.Writer, l *List) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	bw.WriteString("<opml version=\"2.0\">\n  <head>\n    <title>")
	xml.EscapeText(bw, []byte(l.Title))
	bw.WriteString("</title>\n  </head>\n  <body>\n")
	var folders []string
	byFolder := map[string][]Feed{}
	for _, f := range l.Feeds {
		folder := ""
		if len(f.Tags) > 0 {
			folder = f.Tags[0]
		}
		if _, ok := byFolder[folder]; !ok && folder != "" {
			folders = append(folders, folder)
		}
		byFolder[folder] = append(byFolder[folder], f)
	}
	for _, folder := range folders {
		bw.WriteString("    <outline")
		writeAttr(bw, "text", folder)
		writeAttr(bw, "title", folder)
		bw.WriteString(">\n")
		for _, f := range byFolder[folder] {
			writeFeed(bw, f, "      ")
		}
		bw.WriteString("    </outline>\n")
	}
	for _, f := range byFolder[""] {
		writeFeed(bw, f, "    ")
	}
	bw.WriteString("  </body>\n</opml>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	return nil
}

func writeFeed(w *bufio.Writer, f Feed, indent string) {
	w.WriteString(indent + "<outline type=\"rss\"")
	writeAttr(w, "text", cmp.Or(f.Title, f.URL))
	if f.Title != "" {
		writeAttr(w, "title", f.Title)
	}
	writeAttr(w, "xmlUrl", f.URL)
	if f.Site != "" {
		writeAttr(w, "htmlUrl", f.Site)
	}
	if len(f.Tags) > 0 {
		cats := make([]string, len(f.Tags))
		for i, t := range f.Tags {
			cats[i] = "/" + t
		}
		writeAttr(w, "category", strings.Join(cats, ","))
	}
	w.WriteString("/>\n")
}

func writeAttr(w *bufio.Writer, name, value string) {
	w.WriteString(" " + name + "=\"")
	xml.EscapeText(w, []byte(value))
	w.WriteString("\"")
}
