package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"mime"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"golang.org/x/net/html/charset"
	"golang.org/x/net/idna"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"

	"bulletin/internal/xmlctl"
	"bulletin/model"
)

// ErrNotFeed marks content that is no feed at all (an HTML page, an image,
// an empty file).
var ErrNotFeed = errors.New("not a feed")

// ParseOptions tell Parse where the feed came from.
type ParseOptions struct {
	// URL is where the feed was read from, after redirects: relative links
	// resolve against it (or against xml:base where the feed sets one).
	URL string
	// ContentType is the Content-Type the server sent, for its charset.
	ContentType string
	// ContentLocation is the Content-Location the server sent, "" for
	// none: where the document really is, which relative links resolve
	// against before URL (xml:base still comes first).
	ContentLocation string
	// Now is the first-seen time given to items without a date; zero
	// means time.Now().
	Now time.Time
	// SkipMarkdown leaves Item.Body and Item.Links empty: the caller keeps
	// Item.HTML and converts it with Markdown when the item is read, and
	// indexes PlainText(Item.HTML). The conversion is about two thirds of
	// the cost of parsing a feed.
	SkipMarkdown bool
}

// Parse reads one feed. Any declared charset (in Content-Type or in the XML
// declaration) is converted to UTF-8, and a body that is not valid UTF-8 and
// declares nothing is read as Windows-1252. Items are de-duplicated by key
// (see Item.Key); every string is cleaned.
func Parse(data []byte, opts ParseOptions) (*Feed, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	raw := data
	data = toUTF8(data, opts.ContentType)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the document is empty", ErrNotFeed)
	}
	if c := firstByte(data); c == '<' {
		data = xmlctl.Protect(data)
	}
	p := gofeed.NewParser()
	// The scan for a first image parses every item's HTML again.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	// JSON Feed's content_text is text, not HTML: only the original says
	// which one an item has.
	p.KeepOriginalFeed = true
	gf, err := p.Parse(bytes.NewReader(data))
	var warnings []string
	if err != nil && firstByte(data) == '<' && !errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		// A feed cut off on its way keeps the items that arrived whole.
		if whole, n, ok := completeItems(data); ok {
			if gf2, err2 := p.Parse(bytes.NewReader(whole)); err2 == nil {
				warnings = append(warnings, cleanLine(fmt.Sprintf("the document is cut off before its end (%v): %d whole items read, anything after them is lost", err, n)))
				gf, err = gf2, nil
			}
		}
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, notFeed(raw, data)
		}
		return nil, fmt.Errorf("parse: %w", err)
	}
	if jf, ok := gf.OriginalFeed().(*jsonfeed.Feed); ok && jf.Version == "" && len(jf.Items) == 0 {
		return nil, notFeed(raw, data)
	}
	f := convert(gf, opts, now, scanRawBodies(data))
	f.Warnings = append(warnings, f.Warnings...)
	return f, nil
}

// convert builds a clean Feed from what gofeed parsed.
// raws are the bodies gofeed loses, by item (see scanRawBodies).
func convert(gf *gofeed.Feed, opts ParseOptions, now time.Time, raws []rawBody) *Feed {
	feedURL, markdown := opts.URL, !opts.SkipMarkdown
	base := baseURL(feedURL, opts.ContentLocation, gf.Link)
	f := &Feed{
		Title:       textLine(gf.Title),
		Link:        resolveHTTP(base, gf.Link),
		Description: textLine(gf.Description),
		Format:      format(gf.FeedType, gf.FeedVersion),
	}
	if f.Title == "" {
		if u, err := url.Parse(feedURL); err == nil && u.Host != "" {
			f.Title = cleanLine(u.Hostname())
		} else if f.Link != "" {
			if u, err := url.Parse(f.Link); err == nil {
				f.Title = cleanLine(u.Hostname())
			}
		}
	}
	var textOnly []bool // JSON Feed items with content_text only
	if jf, ok := gf.OriginalFeed().(*jsonfeed.Feed); ok && len(jf.Items) == len(gf.Items) {
		textOnly = make([]bool, len(jf.Items))
		for i, ji := range jf.Items {
			textOnly[i] = ji != nil && ji.ContentHTML == "" && ji.ContentText != ""
		}
	}
	var entries []*atom.Entry
	if af, ok := gf.OriginalFeed().(*atom.Feed); ok && len(af.Entries) == len(gf.Items) {
		entries = af.Entries
	}
	if len(raws) != len(gf.Items) {
		raws = nil // not the same items: better none than the wrong ones
	}
	seen := make(map[string]bool, len(gf.Items))
	f.Items = make([]Item, 0, len(gf.Items))
	for i, gi := range gf.Items {
		if gi == nil {
			continue
		}
		if textOnly != nil && textOnly[i] {
			gi.Content = textToHTML(gi.Content)
		}
		var raw rawBody
		if raws != nil {
			raw = raws[i]
		}
		var entry *atom.Entry
		if entries != nil {
			entry = entries[i]
		}
		f.Items = append(f.Items, convertItem(gi, base, now, markdown, raw, entry))
	}
	tellLinksApart(f.Items)
	kept := f.Items[:0]
	for _, it := range f.Items {
		if !seen[it.Key] {
			seen[it.Key] = true
			kept = append(kept, it)
		}
	}
	f.Items = kept
	return f
}

// tellLinksApart keys items without a guid that share a link by their
// title and date too: they are different items (an index page listing
// several stories, a feed whose links all lead home), which one key would
// merge into one. Items whose link is theirs alone keep the plain link key
// that stores already hold, and items alike in link, title and date stay
// one.
func tellLinksApart(items []Item) {
	kinds := map[string]map[string]bool{} // link key: the title and date of each item
	for i := range items {
		if k := items[i].Key; strings.HasPrefix(k, "link:") {
			if kinds[k] == nil {
				kinds[k] = map[string]bool{}
			}
			kinds[k][titleAndDate(&items[i])] = true
		}
	}
	for i := range items {
		if k := items[i].Key; len(kinds[k]) > 1 {
			items[i].Key = k + "|" + titleAndDate(&items[i])
		}
	}
}

// titleAndDate is what tells apart items without a guid: their title and,
// when dated, their date.
func titleAndDate(it *Item) string {
	date := ""
	if it.Dated {
		date = it.Published.UTC().Format(time.RFC3339Nano)
	}
	return it.Title + "|" + date
}

func convertItem(gi *gofeed.Item, base *url.URL, now time.Time, markdown bool, raw rawBody, entry *atom.Entry) Item {
	it := Item{
		GUID:  cleanLine(gi.GUID),
		Title: textLine(gi.Title),
		Link:  resolveHTTP(base, gi.Link),
	}
	if it.Link == "" {
		for _, l := range gi.Links {
			if it.Link = resolveHTTP(base, l); it.Link != "" {
				break
			}
		}
	}
	// A guid that is a permalink is often the only link an RSS item has.
	if it.Link == "" && (strings.HasPrefix(gi.GUID, "http://") || strings.HasPrefix(gi.GUID, "https://")) {
		it.Link = resolveHTTP(nil, gi.GUID)
	}
	// Out-of-line Atom content is the entry's page when it names none.
	if it.Link == "" && entry != nil && entry.Content != nil {
		it.Link = resolveHTTP(base, entry.Content.Src)
	}

	var names []string
	for _, p := range gi.Authors {
		if p != nil {
			if n := cleanLine(firstNonEmpty(p.Name, p.Email)); n != "" {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 && gi.Author != nil {
		names = append(names, cleanLine(firstNonEmpty(gi.Author.Name, gi.Author.Email)))
	}
	it.Author = cleanLine(strings.Join(names, ", "))

	// A date the feed gave is never replaced by the fetch time: one that
	// cannot be read is kept as its text, and the item is undated.
	published, pubText, pubOK := itemDate(gi.Published, gi.PublishedParsed)
	updated, updText, updOK := itemDate(gi.Updated, gi.UpdatedParsed)
	switch {
	case pubOK:
		it.Published, it.Dated, it.DateText = published, true, pubText
	case updOK:
		it.Published, it.Dated, it.DateText = updated, true, updText
	default:
		it.Published, it.DateText = now, firstNonEmpty(pubText, updText)
	}
	if updOK {
		it.Updated = updated
	}

	it.Enclosures = enclosures(gi, base)
	content := itemBody(gi, raw, entry, base)
	it.HTML = content
	if it.Base = it.Link; base != nil {
		it.Base = base.String()
	}
	if markdown {
		var lead string
		it.Body, it.Links, lead = htmlToMarkdown(content, parseBase(it.Base))
		if it.Title == "" {
			it.Title = headline(lead)
		}
	} else if it.Title == "" {
		it.Title = headline(PlainText(content))
	}
	if it.Title == "" {
		it.Title = "(untitled)"
	}

	seen := map[string]bool{}
	for _, c := range gi.Categories {
		if c = textLine(c); c != "" && !seen[c] {
			seen[c] = true
			it.Categories = append(it.Categories, c)
		}
	}

	switch {
	case it.GUID != "":
		it.Key = "guid:" + it.GUID
	case it.Link != "":
		it.Key = "link:" + it.Link
	case it.Title != "(untitled)" || it.Dated:
		it.Key = "title:" + titleAndDate(&it)
	default:
		sum := sha256.Sum256([]byte(content))
		it.Key = "body:" + hex.EncodeToString(sum[:16])
	}
	return it
}

// textToHTML makes plain text HTML: escaped, a paragraph per block of
// lines, a line break per line.
func textToHTML(text string) string {
	var b strings.Builder
	for para := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(strings.TrimSpace(para)), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// format names a feed's format and version: "rss 2.0", "json 1.1".
func format(typ, version string) string {
	if typ == "json" {
		// JSON Feed names its version with a URL.
		version = version[strings.LastIndexByte(version, '/')+1:]
		if !strings.Contains(version, ".") && version != "" {
			version += ".0"
		}
	}
	return cleanLine(typ + " " + version)
}

// usableDate rejects missing dates and the values a feed writes when it
// has no date: Go's zero time (0001-01-01), the Unix epoch (1970-01-01
// 00:00:00 UTC) and year 0. Any other date, however old (an archive's
// 1601, a history site's year 99), is the date the feed gave.
func usableDate(t *time.Time) bool {
	switch {
	case t == nil || t.IsZero() || t.Year() <= 0 || t.Unix() == 0:
		return false
	case t.Year() == 1 && t.Month() == time.January && t.Day() == 1:
		return false
	}
	return true
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// Untitled is the title of an item that has none, as a fetched feed item
// gets it: the start of its HTML's text (headline), else "(untitled)".
func Untitled(html string) string {
	if t := headline(PlainText(html)); t != "" {
		return t
	}
	return "(untitled)"
}

// headline makes a title out of the start of an untitled item's text: its
// first line, cut at a word near 80 characters.
func headline(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	text = cleanLine(text)
	if utf8.RuneCountInString(text) <= 80 {
		return text
	}
	cut, n := 0, 0
	for i := range text {
		if n == 80 {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(text[:cut], ' '); sp > 40 {
		cut = sp
	}
	return strings.TrimSpace(text[:cut]) + "…"
}

func parseBase(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || s == "" {
		return nil
	}
	return u
}

// baseURL is what relative links resolve against: the Content-Location of
// the response (itself relative to the feed's URL), else the feed's own URL
// when it came over HTTP, else the site link the feed gives, if absolute.
func baseURL(feedURL, contentLocation, siteLink string) *url.URL {
	feed, err := url.Parse(feedURL)
	if err != nil || (feed.Scheme != "http" && feed.Scheme != "https") || feed.Host == "" {
		feed = nil
	}
	if loc := resolve(feed, contentLocation); loc != nil && (loc.Scheme == "http" || loc.Scheme == "https") && loc.Host != "" {
		return loc
	}
	if feed != nil {
		return feed
	}
	if u, err := url.Parse(strings.TrimSpace(siteLink)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u
	}
	return nil
}

// resolveHTTP resolves ref against base and returns it if it is an http or
// https URL with a host, else "".
func resolveHTTP(base *url.URL, ref string) string {
	u := resolve(base, ref)
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return cleanLine(u.String())
}

func resolve(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(xmlctl.Restore(ref))
	if ref == "" || strings.ContainsAny(ref, "\x00\r\n\t") {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	asciiHost(u)
	return u
}

// asciiHost writes an international host name in punycode, as every
// resolved link is, so that one address is always written one way (url
// would percent-encode it, which no DNS resolver reads).
func asciiHost(u *url.URL) {
	if isASCII(u.Host) {
		return
	}
	host, err := idna.Lookup.ToASCII(u.Hostname())
	if err != nil {
		if host, err = idna.Punycode.ToASCII(u.Hostname()); err != nil {
			return
		}
	}
	if port := u.Port(); port != "" {
		host += ":" + port
	}
	u.Host = host
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func firstByte(data []byte) byte {
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

func looksHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

// toUTF8 returns the document as UTF-8 with its XML declaration, if any,
// saying so. A document that is valid UTF-8 is taken as UTF-8 whatever it
// declares (a mislabelled feed is far more common than Latin-1 text that
// happens to be valid UTF-8). Otherwise the charset comes from the
// Content-Type, else the XML declaration, else Windows-1252 (which WHATWG
// also uses for ISO-8859-1).
func toUTF8(data []byte, contentType string) []byte {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case wideEncoding(data) != nil:
		if out, err := decode(wideEncoding(data), data); err == nil {
			return setDeclaredUTF8(out)
		}
	case bytes.HasPrefix(data, []byte("\xfe\xff")), bytes.HasPrefix(data, []byte("\xff\xfe")):
		if out, err := decode(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), data); err == nil {
			return setDeclaredUTF8(out)
		}
	}
	if utf8.Valid(data) {
		return setDeclaredUTF8(data)
	}
	var labels []string
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		labels = append(labels, params["charset"])
	}
	if enc := declaredEncoding(data); enc != "" {
		labels = append(labels, enc)
	}
	labels = append(labels, "windows-1252")
	for _, label := range labels {
		enc, name := charset.Lookup(strings.TrimSpace(label))
		if enc == nil || name == "utf-8" {
			continue
		}
		if out, err := decode(enc, data); err == nil {
			return setDeclaredUTF8(out)
		}
	}
	return data
}

func decode(enc encoding.Encoding, data []byte) ([]byte, error) {
	return enc.NewDecoder().Bytes(data)
}

// xmlDecl returns the XML declaration at the start of data: its start and
// end offsets, or -1.
func xmlDecl(data []byte) (int, int) {
	start := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
	if !bytes.HasPrefix(data[start:], []byte("<?xml")) {
		return -1, -1
	}
	end := bytes.Index(data[start:min(len(data), start+512)], []byte("?>"))
	if end < 0 {
		return -1, -1
	}
	return start, start + end + 2
}

// declaredEncoding returns the encoding named in the XML declaration.
func declaredEncoding(data []byte) string {
	start, end := xmlDecl(data)
	if start < 0 {
		return ""
	}
	_, value, _, ok := encodingAttr(data[start:end])
	if !ok {
		return ""
	}
	return string(value)
}

// encodingAttr finds encoding="..." in a declaration: the offsets of the
// value and the value.
func encodingAttr(decl []byte) (int, []byte, int, bool) {
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return 0, nil, 0, false
	}
	j := i + len("encoding")
	for j < len(decl) && (decl[j] == ' ' || decl[j] == '=' || decl[j] == '\t') {
		j++
	}
	if j >= len(decl) || (decl[j] != '"' && decl[j] != '\'') {
		return 0, nil, 0, false
	}
	q := decl[j]
	k := bytes.IndexByte(decl[j+1:], q)
	if k < 0 {
		return 0, nil, 0, false
	}
	return j + 1, decl[j+1 : j+1+k], j + 1 + k, true
}

// setDeclaredUTF8 makes the XML declaration, if it names an encoding, name
// UTF-8, so that the XML parser does not convert the text a second time.
func setDeclaredUTF8(data []byte) []byte {
	start, end := xmlDecl(data)
	if start < 0 {
		return data
	}
	vs, value, ve, ok := encodingAttr(data[start:end])
	if !ok || strings.EqualFold(string(value), "utf-8") {
		return data
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:start+vs]...)
	out = append(out, "UTF-8"...)
	out = append(out, data[start+ve:]...)
	return out
}

// cleanLine and cleanText are model.CleanLine and model.CleanText for text
// that went through xmlctl.Protect, with its mis-decoded characters
// repaired first (repairText).
func cleanLine(s string) string { return model.CleanLine(repairText(xmlctl.Restore(s))) }
func cleanText(s string) string { return model.CleanText(repairText(xmlctl.Restore(s))) }
