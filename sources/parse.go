// Package sources reads articles from where they live: article folders and
// the built-in tour. Every string that leaves this package is cleaned with
// model.CleanText or model.CleanLine.
package sources

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"html"
	"math/bits"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bulletin/model"
)

// ErrNotArticle marks a file that is not an article at all: empty, or
// binary. Any text is an article, however little of the layout it follows.
var ErrNotArticle = errors.New("not an article")

// ParseError names the file a parse failed on.
type ParseError struct {
	File string
	Err  error
}

func (e *ParseError) Error() string { return "sources: " + e.File + ": " + e.Err.Error() }
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads one article file. name is the file's path, used in errors and
// for the article id (a base name that is a number, or ends in _<number>).
// A file whose related block is broken still yields its title and body, and
// the trouble is listed in Warnings.
func Parse(name string, data []byte) (model.Article, error) {
	return parse(name, data, true, 0)
}

// parse does the work of Parse; with withBody false it skips the body, for
// listings that show only headlines. skippedNULs counts the NUL bytes of a
// part of the file that data leaves out (the middle of a large file a
// listing does not read), so that the listing's warning tells the same
// count as the full parse.
func parse(name string, data []byte, withBody bool, skippedNULs int) (model.Article, error) {
	fail := func(format string, args ...any) (model.Article, error) {
		return model.Article{}, &ParseError{File: model.CleanLine(name), Err: fmt.Errorf("%w: "+format, append([]any{ErrNotArticle}, args...)...)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return fail("the file is empty")
	}
	if what := notText(data); what != "" {
		return fail("%s", what)
	}
	nuls := skippedNULs + bytes.Count(data, []byte{0})
	if nuls > 0 {
		data = bytes.ReplaceAll(data, []byte{0}, nil)
		if len(bytes.TrimSpace(data)) == 0 {
			return fail("the file holds nothing but %d NUL bytes", nuls)
		}
	}

	var a model.Article
	a.ID = IDFromName(name)
	warn := func(format string, args ...any) {
		a.Warnings = append(a.Warnings, model.CleanLine(fmt.Sprintf(format, args...)))
	}
	if nuls > 0 {
		warn("%d NUL %s dropped from the text", nuls, plural(nuls, "byte was", "bytes were"))
	}

	headEnd, dump := findDump(data)
	head := data[:headEnd]
	if bytes.IndexByte(head, '\r') >= 0 {
		head = normalizeNewlines(head)
	}

	// A listing reads no further than the date line: the lines are split
	// as they are asked for, not the whole body up front.
	lines := &lineSplitter{rest: head}
	i := 0
	for lines.has(i) && isBlank(lines.at(i)) {
		i++
	}
	// A file that is nothing but a related block still lists its stories.
	onlyRelated := !lines.has(i)
	var titleLine []byte
	if !onlyRelated {
		titleLine = lines.at(i)
		a.Title = cleanTitle(titleLine)
		i++
	}
	for lines.has(i) && isBlank(lines.at(i)) {
		i++
	}
	// Line 3 repeats the title; it may be missing, or edited, in which case
	// the date follows it directly.
	if lines.has(i) && (bytes.Equal(lines.at(i), titleLine) || cleanTitle(lines.at(i)) == a.Title) {
		i++
	} else if lines.has(i+1) && !isDateLine(lines.at(i)) && isDateLine(lines.at(i+1)) {
		i++
	}
	if lines.has(i) {
		if t, text, ok := parseDate(lines.at(i)); ok {
			a.Published, a.DateText, a.HasDate = t, text, true
			i++
		}
	}
	if onlyRelated {
		a.Title = "(untitled)"
		warn("the file holds only a related-stories block: no title, no date, no text")
	} else {
		if a.Title == "" {
			a.Title = "(untitled)"
			warn("the title line is empty")
		}
		if !a.HasDate {
			warn("no date line")
		}
	}

	if withBody {
		a.Body = buildBody(lines.from(i))
		a.Loaded = true
	}
	related, warns := decodeDump(data, dump, !withBody)
	for _, w := range warns {
		warn("related stories: %s", w)
	}
	a.RelatedCount = len(related)
	if withBody {
		a.Related = related
	}
	return a, nil
}

// sniffSize is how much of a file's head decides whether it is text.
const sniffSize = 4096

// notText says what a file looks like when it is not text, "" when it is
// text. Only real evidence counts: a known file signature, a head dense with
// NUL and control bytes, or a head that is mostly not UTF-8. A few stray NUL
// bytes in a scraped text do not make it binary.
func notText(data []byte) string {
	if kind := signatureOf(data); kind != "" {
		return kind + ", not text"
	}
	sample := data[:min(len(data), sniffSize)]
	// Text has almost no control bytes; one in eight is far more than any
	// scrape leaves, and UTF-16 or binary formats have many more.
	if controlDense(sample) {
		odd := controlBytes(sample)
		return fmt.Sprintf("binary data, not text (%d of its first %d bytes are NUL or control bytes)", odd, len(sample))
	}
	// A cut at the sample's end or a stray Latin-1 byte is text; a third of
	// bad bytes is not.
	if bad := invalidUTF8(sample); bad*3 > len(sample) {
		return fmt.Sprintf("binary data or text in an unknown encoding, not UTF-8 (%d of its first %d bytes are not UTF-8)", bad, len(sample))
	}
	return ""
}

// signatures are the magic numbers of the files most often found by
// mistake among text files: pictures, videos, documents and archives.
var signatures = []struct {
	offset int
	magic  string
	kind   string
}{
	{0, "\x89PNG\r\n\x1a\n", "a PNG image"},
	{0, "\xff\xd8\xff", "a JPEG image"},
	{0, "GIF87a", "a GIF image"},
	{0, "GIF89a", "a GIF image"},
	{8, "WEBP", "a WebP image"}, // after "RIFF" and a size, checked below
	{0, "%PDF-", "a PDF document"},
	{0, "PK\x03\x04", "a zip archive"},
	{0, "PK\x05\x06", "a zip archive"},
	{0, "\x1f\x8b", "a gzip archive"},
	{0, "BZh", "a bzip2 archive"}, // with "1AY&SY" at 4, checked below
	{0, "\xfd7zXZ\x00", "an xz archive"},
	{0, "7z\xbc\xaf\x27\x1c", "a 7z archive"},
	{0, "\x28\xb5\x2f\xfd", "a zstd archive"},
	{4, "ftyp", "an MP4 or QuickTime video"},
	{0, "\x1aE\xdf\xa3", "a WebM or Matroska video"},
	{0, "SQLite format 3\x00", "an SQLite database"},
	{0, "\x7fELF", "an executable program"},
	{0, "\xff\xfe", "UTF-16 text, which bulletin does not read (save it as UTF-8)"},
	{0, "\xfe\xff", "UTF-16 text, which bulletin does not read (save it as UTF-8)"},
}

// signatureOf names the kind of file data starts like, "" for none.
func signatureOf(data []byte) string {
	for _, s := range signatures {
		if len(data) < s.offset+len(s.magic) || string(data[s.offset:s.offset+len(s.magic)]) != s.magic {
			continue
		}
		// Short magics that a line of text could start with need their
		// second mark too.
		switch s.magic {
		case "WEBP":
			if string(data[:4]) != "RIFF" {
				continue
			}
		case "BZh":
			if len(data) < 10 || string(data[4:10]) != "1AY&SY" {
				continue
			}
		}
		return s.kind
	}
	return ""
}

// controlDense reports whether more than one byte in eight of b is a
// control byte (see controlBytes).
func controlDense(b []byte) bool {
	// Text's only control byte is mostly the newline: bytes below 0x20,
	// counted eight at a time, less the newlines, bound the count from
	// above, and only a head that might be dense is counted exactly.
	if upper := lowBytes(b) - bytes.Count(b, []byte{'\n'}); upper*8 <= len(b) {
		return false
	}
	return controlBytes(b)*8 > len(b)
}

// lowBytes counts the bytes of b below 0x20.
func lowBytes(b []byte) int {
	n := 0
	for ; len(b) >= 8; b = b[8:] {
		w := binary.LittleEndian.Uint64(b)
		// The high bit of each byte is set when the byte is 0x20 or more:
		// its low seven bits plus 0x60 carry into it, or it was set.
		high := ((w & 0x7f7f7f7f7f7f7f7f) + 0x6060606060606060 | w) & 0x8080808080808080
		n += 8 - bits.OnesCount64(high)
	}
	for _, c := range b {
		if c < 0x20 {
			n++
		}
	}
	return n
}

// controlBytes counts the bytes no text holds: NUL, and the C0 controls but
// tab, newline, vertical tab, form feed, carriage return and escape (escape
// sequences are cleaned from text, not taken as binary).
func controlBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1b {
			n++
		}
	}
	return n
}

// invalidUTF8 counts the bytes of b that are not part of a UTF-8 sequence.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	bad := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		i += n
	}
	return bad
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func normalizeNewlines(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// lineSplitter splits text into lines (without their '\n') as far as they
// are asked for.
type lineSplitter struct {
	lines [][]byte
	rest  []byte
	done  bool
}

// has reports whether the text has a line i (from 0), splitting up to it.
func (l *lineSplitter) has(i int) bool {
	for len(l.lines) <= i && !l.done {
		j := bytes.IndexByte(l.rest, '\n')
		switch {
		case len(l.rest) == 0:
			l.done = true
		case j < 0:
			l.lines = append(l.lines, l.rest)
			l.rest, l.done = nil, true
		default:
			l.lines = append(l.lines, l.rest[:j])
			l.rest = l.rest[j+1:]
		}
	}
	return i < len(l.lines)
}

// at is line i, which has reported.
func (l *lineSplitter) at(i int) []byte { return l.lines[i] }

// from is every line from i on.
func (l *lineSplitter) from(i int) [][]byte {
	for !l.done {
		l.has(len(l.lines))
	}
	if i >= len(l.lines) {
		return nil
	}
	return l.lines[i:]
}

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// cleanTitle decodes entities, drops leftover tags and cleans a title line.
func cleanTitle(b []byte) string {
	s := string(b)
	if strings.IndexByte(s, '<') >= 0 {
		s = dropBreakTags(s, " ")
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return model.CleanLine(s)
}

// buildBody turns the body lines into paragraphs joined by a blank line.
// Each non-blank line is a paragraph (the layout puts one paragraph on one
// line), and leftover <p> and <br> tags from the scrape split paragraphs too.
func buildBody(lines [][]byte) string {
	size := 0
	for _, l := range lines {
		size += len(l) + 2
	}
	var b strings.Builder
	b.Grow(size)
	add := func(p string) {
		if p = model.CleanLine(p); p != "" {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(p)
		}
	}
	for _, l := range lines {
		if bytes.IndexByte(l, '<') < 0 && bytes.IndexByte(l, '&') < 0 {
			add(string(l))
			continue
		}
		s := string(l)
		if strings.IndexByte(s, '<') >= 0 {
			s = dropBreakTags(s, "\n")
		}
		if strings.IndexByte(s, '&') >= 0 {
			s = html.UnescapeString(s)
		}
		for p := range strings.SplitSeq(s, "\n") {
			add(p)
		}
	}
	return b.String()
}

// dropBreakTags replaces <p>, </p> and <br> (any case, with or without a
// slash or attributes on p) by sep. Any other tag is text and stays.
func dropBreakTags(s, sep string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if n := breakTagLen(s[i:]); n > 0 {
			b.WriteString(sep)
			s = s[i+n:]
			continue
		}
		b.WriteByte('<')
		s = s[i+1:]
	}
}

func breakTagLen(s string) int {
	end := strings.IndexByte(s, '>')
	if end < 0 || end > 64 {
		return 0
	}
	tag := strings.ToLower(strings.TrimSpace(strings.Trim(s[1:end], "/ ")))
	if tag == "p" || tag == "br" || strings.HasPrefix(tag, "p ") || strings.HasPrefix(tag, "br ") {
		return end + 1
	}
	return 0
}

// IDFromName returns the site id a file name carries: the base name without
// extension when it is a number, or the number after its last underscore.
func IDFromName(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	if i := strings.LastIndexByte(base, '_'); i >= 0 {
		base = base[i+1:]
	}
	if base == "" || len(base) > 19 {
		return ""
	}
	for i := 0; i < len(base); i++ {
		if base[i] < '0' || base[i] > '9' {
			return ""
		}
	}
	// Ids in related lists carry no leading zeros.
	if t := strings.TrimLeft(base, "0"); t != "" {
		return t
	}
	return "0"
}

// Date layouts, the observed one first. Go's day field accepts "3" and "03".
// UsualDateLayout is how most article files write their date.
const UsualDateLayout = "Mon Jan 2, 2006 15:04:05"

var dateLayouts = []string{
	UsualDateLayout,
	"Mon Jan 2, 2006 3:04:05 PM",
	"Mon Jan 2, 2006 15:04",
	"Mon Jan 2, 2006 3:04 PM",
	"Mon Jan 2, 2006 15:04:05 -0700",
	"Mon Jan 2, 2006 15:04:05 -07:00",
	"Mon Jan 2, 2006 15:04:05 MST",
	"Mon Jan 2, 2006 3:04:05 PM MST",
	"Mon Jan 2 2006 15:04:05",
	"Jan 2, 2006 15:04:05",
	"Jan 2, 2006 3:04:05 PM",
	"Monday, January 2, 2006 15:04:05",
	"Mon Jan 2, 2006",
	"Jan 2, 2006",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05Z07:00",
}

func isDateLine(b []byte) bool {
	_, _, ok := parseDate(b)
	return ok
}

// parseDate reads a date line. A time without a zone is read as UTC; a named
// zone Go does not know is read as UTC too, and kept in the text.
func parseDate(b []byte) (time.Time, string, bool) {
	if len(b) < 8 || len(b) > 64 {
		return time.Time{}, "", false
	}
	c := b[0]
	if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
		return time.Time{}, "", false
	}
	if t, ok := parseUsualDate(b); ok {
		return t, string(b), true
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if _, off := t.Zone(); off == 0 {
				t = t.UTC()
			}
			return t, model.CleanLine(s), true
		}
	}
	return time.Time{}, "", false
}

// parseUsualDate reads a date written exactly in UsualDateLayout, as
// time.Parse would, without its generic work (a third of a listing's
// parse); ok is false for anything else, left to time.Parse.
func parseUsualDate(b []byte) (t time.Time, ok bool) {
	// "Sat Mar 1, 2014 00:12:34": the day and the hour may have one digit.
	if len(b) < 22 || len(b) > 24 || b[3] != ' ' || b[7] != ' ' {
		return time.Time{}, false
	}
	if _, ok := nameIndex(shortDayNames[:], b[:3]); !ok {
		return time.Time{}, false
	}
	month, ok := nameIndex(shortMonthNames[:], b[4:7])
	if !ok {
		return time.Time{}, false
	}
	rest := b[8:]
	day, rest, ok := digits(rest, 1, 2)
	if !ok || len(rest) < 2 || rest[0] != ',' || rest[1] != ' ' {
		return time.Time{}, false
	}
	year, rest, ok := digits(rest[2:], 4, 4)
	if !ok || len(rest) < 1 || rest[0] != ' ' {
		return time.Time{}, false
	}
	hour, rest, ok := digits(rest[1:], 1, 2)
	if !ok || len(rest) != 6 || rest[0] != ':' || rest[3] != ':' {
		return time.Time{}, false
	}
	minute, _, ok1 := digits(rest[1:3], 2, 2)
	second, _, ok2 := digits(rest[4:6], 2, 2)
	if !ok1 || !ok2 || hour > 23 || minute > 59 || second > 59 || day < 1 ||
		day > time.Date(year, time.Month(month+2), 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month+1), day, hour, minute, second, 0, time.UTC), true
}

var (
	shortDayNames   = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	shortMonthNames = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// nameIndex finds b among names of three letters, ignoring ASCII case as
// time.Parse does.
func nameIndex(names []string, b []byte) (int, bool) {
	lower := func(c byte) byte {
		if 'A' <= c && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	for i, n := range names {
		if lower(b[0]) == lower(n[0]) && lower(b[1]) == lower(n[1]) && lower(b[2]) == lower(n[2]) {
			return i, true
		}
	}
	return 0, false
}

// digits reads between least and most decimal digits from the start of b.
func digits(b []byte, least, most int) (n int, rest []byte, ok bool) {
	i := 0
	for i < len(b) && i < most && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int(b[i]-'0')
		i++
	}
	return n, b[i:], i >= least
}

// AppendUsualDate appends t written in UsualDateLayout, as t.AppendFormat
// would: a listing writes the date of every article read.
func AppendUsualDate(b []byte, t time.Time) []byte {
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	if year < 1000 || year > 9999 {
		return t.AppendFormat(b, UsualDateLayout)
	}
	b = append(b, shortDayNames[t.Weekday()]...)
	b = append(b, ' ')
	b = append(b, shortMonthNames[month-1]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, int64(year), 10)
	b = append(b, ' ')
	b = appendTwo(b, hour)
	b = append(b, ':')
	b = appendTwo(b, minute)
	b = append(b, ':')
	return appendTwo(b, second)
}

func appendTwo(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

type dumpKind int

const (
	dumpNone dumpKind = iota
	dumpString
	dumpNull
	dumpFalse
	dumpArray
	// dumpCut is the first bytes of a dump at the very end of a file cut
	// off before the dump's first line was whole ("str", "string(11");
	// count holds them.
	dumpCut
)

type dumpInfo struct {
	kind  dumpKind
	start int // offset of the dump's first byte
	// n is the declared byte count of a dumpString; -1 when the count
	// written (count) is not a number of bytes.
	n     int
	count string
	// payload is the offset just past `string(N) "`.
	payload int
}

// findDump finds the var_dump that ends the file: the last line that starts
// at column 0 with string(N) ", NULL, bool( or array(N) {, or, as the file's
// last line, the start of one cut off. It returns where the head ends and
// what was found.
func findDump(data []byte) (int, dumpInfo) {
	end := len(bytes.TrimRight(data, " \t\r\n"))
	if start, ok := cutDumpAtEnd(data); ok {
		return start, dumpInfo{kind: dumpCut, start: start, count: string(data[start:])}
	}
	for end > 0 {
		start := lastIndexByte(data[:end], '\n') + 1
		line := data[start:end]
		if d, ok := dumpAt(line); ok {
			d.start = start
			d.payload += start
			return start, d
		}
		if start == 0 {
			break
		}
		end = start - 1
	}
	return len(data), dumpInfo{}
}

// lastIndexByte is bytes.LastIndexByte, eight bytes at a time: the
// standard one compares a byte at a time, and findDump walks back through
// a file's related block, one line of kilobytes, for every file listed.
func lastIndexByte(b []byte, c byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	pattern := ones * uint64(c)
	end := len(b)
	for ; end >= 8; end -= 8 {
		// A byte equal to c is a zero byte of w, and a word with a zero
		// byte, and only such a word, has a high bit left in the test.
		w := binary.LittleEndian.Uint64(b[end-8:end]) ^ pattern
		if (w-ones)&^w&highs != 0 {
			break
		}
	}
	return bytes.LastIndexByte(b[:end], c)
}

// cutDumpAtEnd finds a file cut off inside its dump's first line: the file
// ends, with no newline, in a line after a blank one that is the start of
// `string(N) "` or `array(N) {` ("str", "string(11", "array(2) ").
func cutDumpAtEnd(data []byte) (int, bool) {
	start := lastIndexByte(data, '\n') + 1
	if start == 0 || !isDumpHeaderStart(data[start:]) {
		return 0, false
	}
	prev := data[:start-1]
	return start, isBlank(prev[lastIndexByte(prev, '\n')+1:])
}

func isDumpHeaderStart(line []byte) bool {
	for _, word := range []string{"string(", "array("} {
		if len(line) < len(word) {
			if len(line) > 0 && strings.HasPrefix(word, string(line)) {
				return true
			}
			continue
		}
		if rest, ok := bytes.CutPrefix(line, []byte(word)); ok {
			rest = bytes.TrimLeft(rest, "0123456789")
			for _, c := range []byte(") ") {
				rest = bytes.TrimPrefix(rest, []byte{c})
			}
			return len(rest) == 0
		}
	}
	return false
}

// dumpAt reads line as the first line of a dump. A count that is not a
// number still marks a string dump; its payload is read to the last quote.
func dumpAt(line []byte) (dumpInfo, bool) {
	switch {
	case bytes.HasPrefix(line, []byte("string(")):
		count, rest, ok := cutCount(line[len("string("):])
		if !ok || !bytes.HasPrefix(rest, []byte(" \"")) {
			return dumpInfo{}, false
		}
		d := dumpInfo{kind: dumpString, payload: len(line) - len(rest) + 2}
		if n, ok := byteCount(count); ok {
			d.n = n
		} else {
			d.n, d.count = -1, string(count)
		}
		return d, true
	case bytes.HasPrefix(line, []byte("array(")):
		_, rest, ok := parseCount(line[len("array("):])
		if !ok || !bytes.HasPrefix(bytes.TrimSpace(rest), []byte(") {")) {
			return dumpInfo{}, false
		}
		return dumpInfo{kind: dumpArray}, true
	}
	switch string(bytes.TrimSpace(line)) {
	case "NULL":
		return dumpInfo{kind: dumpNull}, true
	case "bool(false)", "bool(true)":
		return dumpInfo{kind: dumpFalse}, true
	}
	return dumpInfo{}, false
}

// maxCountLen bounds what a dump's count may be, so that a line of text
// that merely starts with "string(" is not taken for a dump.
const maxCountLen = 32

// cutCount splits "N) rest" into the count as written and the rest after
// the parenthesis.
func cutCount(b []byte) (count, rest []byte, ok bool) {
	end := bytes.IndexByte(b[:min(len(b), maxCountLen+1)], ')')
	if end < 0 || bytes.ContainsAny(b[:end], " \t\"") {
		return nil, b, false
	}
	return b[:end], b[end+1:], true
}

// byteCount reads a dump's count: a decimal number of bytes that fits in
// memory.
func byteCount(count []byte) (int, bool) {
	n, rest, ok := parseCount(count)
	return n, ok && len(rest) == 0
}

// parseCount reads the decimal count at the start of b.
func parseCount(b []byte) (int, []byte, bool) {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 {
		return 0, b, false
	}
	n, err := strconv.Atoi(string(b[:i]))
	return n, b[i:], err == nil
}

// decodeDump returns the related items of the dump and what was wrong with
// it. With countOnly the items are zero values, for their count.
func decodeDump(data []byte, d dumpInfo, countOnly bool) ([]model.Related, []string) {
	switch d.kind {
	case dumpString:
		payload, warns := stringPayload(data, d)
		items, err := parseRelatedJSON(payload, countOnly)
		if err != nil {
			warns = append(warns, err.Error())
		}
		return items, warns
	case dumpArray:
		items, err := parsePHPArray(data[d.start:])
		if err != nil {
			return items, []string{err.Error()}
		}
		return items, nil
	case dumpCut:
		return nil, []string{fmt.Sprintf("the file ends in %q, the start of a block cut off: its stories are lost", d.count)}
	}
	return nil, nil
}

// stringPayload takes the payload of a string dump by its byte count, as
// FORMAT.md says. When the count is wrong or not a number (a truncated or
// edited file), it takes everything up to the last quote instead: a cut
// there always falls inside a string, so an item cut off never looks whole.
func stringPayload(data []byte, d dumpInfo) ([]byte, []string) {
	if d.n >= 0 {
		end := d.payload + d.n
		if end < len(data) && data[end] == '"' {
			var warns []string
			if rest := bytes.TrimSpace(data[end+1:]); len(rest) > 0 {
				warns = append(warns, fmt.Sprintf("%d unexpected bytes after the block", len(rest)))
			}
			return data[d.payload:end], warns
		}
		if end <= len(data) && isBlank(data[end:]) {
			// Only the closing quote is missing: the payload is whole.
			return data[d.payload:end], []string{"the block has no closing quote"}
		}
	}
	var warns []string
	last := bytes.LastIndexByte(data, '"')
	if last < d.payload {
		last = len(bytes.TrimRight(data, " \t\r\n"))
		warns = append(warns, "the block has no closing quote")
	}
	payload := data[d.payload:max(last, d.payload)]
	if d.n < 0 {
		warns = append(warns, fmt.Sprintf("the block's length %q is not a number of bytes; read to its last quote (%d bytes)", d.count, len(payload)))
	} else {
		warns = append(warns, fmt.Sprintf("the block declares %d bytes but holds %d", d.n, len(payload)))
	}
	return payload, warns
}

// relatedFields collects the raw values of one related item.
type relatedFields struct{ id, sort, contentType, pic, title string }

// setBytes is set for raw bytes (the switch on string(key) does not
// allocate). With idAndTitle, only the fields that decide whether the item
// is kept are taken.
func (f *relatedFields) setBytes(key, value []byte, idAndTitle bool) {
	switch string(key) {
	case "id":
		f.id = string(value)
	case "title":
		f.title = string(value)
	case "sort", "contenttypeid", "pic":
		if !idAndTitle {
			f.set(string(key), string(value))
		}
	}
}

func (f *relatedFields) set(key, value string) {
	switch key {
	case "id":
		f.id = value
	case "sort":
		f.sort = value
	case "contenttypeid":
		f.contentType = value
	case "pic":
		f.pic = value
	case "title":
		f.title = value
	}
}

// followable reports whether item would keep the entry, without building it:
// a title or an id that survives cleaning. Plain ASCII needs no cleaning.
func (f *relatedFields) followable() bool {
	return survivesCleaning(f.id, false) || survivesCleaning(f.title, true)
}

func survivesCleaning(s string, entities bool) bool {
	plain, text := true, false
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && !(entities && c == '&')
		text = text || c > ' '
	}
	if plain {
		return text
	}
	if entities {
		s = html.UnescapeString(s)
	}
	return model.CleanLine(s) != ""
}

// item builds a clean related item; ok is false when it has neither a title
// nor an id to follow.
func (f *relatedFields) item() (model.Related, bool) {
	title := f.title
	if strings.IndexByte(title, '&') >= 0 {
		title = html.UnescapeString(title)
	}
	r := model.Related{
		ID:          model.CleanLine(f.id),
		Sort:        model.CleanLine(f.sort),
		ContentType: model.CleanLine(f.contentType),
		Title:       model.CleanLine(title),
		Pic:         model.CleanLine(f.pic),
	}
	r.Video = model.IsVideoPath(r.Pic)
	return r, r.Title != "" || r.ID != ""
}

// RestoreParseError rebuilds the error Parse gave for a file that is not an
// article from its reason (the text of ParseError.Err), as the library store
// keeps it.
func RestoreParseError(file, reason string) error {
	if rest, ok := strings.CutPrefix(reason, ErrNotArticle.Error()+": "); ok {
		return &ParseError{File: file, Err: fmt.Errorf("%w: %s", ErrNotArticle, rest)}
	}
	return &ParseError{File: file, Err: errors.New(reason)}
}
