package opml

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// ParseURLs reads a newsboat-style urls file: one feed a line, its URL first
// and then its tags, separated by white space. A tag in double quotes may
// hold spaces ("tag with space", with \" and \\ inside); a tag "~Name" names
// the feed. A tag "!" is newsboat's mark of a hidden feed: bulletin has no
// hidden feeds, so the feed is subscribed to and listed like the others, and
// a note in Notes says so (the mark is not kept as a tag). A line or token
// starting with # is a comment to the line's end.
// Newsboat's query: feeds and exec: and filter: URLs (commands to run) are
// skipped, never run.
func ParseURLs(r io.Reader) (*List, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parseURLs(data), nil
}

func parseURLs(data []byte) *List {
	l := &List{}
	b := builder{list: l, index: map[string]int{}}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), maxSize)
	for n := 1; sc.Scan(); n++ {
		tokens := splitTokens(sc.Text())
		if len(tokens) == 0 {
			continue
		}
		url := clean(tokens[0])
		switch lower := strings.ToLower(url); {
		case url == "":
			continue
		case strings.HasPrefix(lower, "query:"):
			b.skip("line %d: newsboat query feeds are not supported", n)
			continue
		case strings.HasPrefix(lower, "exec:"), strings.HasPrefix(lower, "filter:"):
			b.skip("line %d: %s feeds run commands and are not supported", n, lower[:strings.IndexByte(lower, ':')])
			continue
		}
		f := Feed{URL: url}
		for _, t := range tokens[1:] {
			t = clean(t)
			if cleanTag(t) == hiddenMark {
				b.note("line %d: %s is marked hidden (\"!\"); bulletin lists it with the other feeds", n, url)
				continue
			}
			if name, ok := strings.CutPrefix(t, "~"); ok {
				if f.Title == "" {
					f.Title = clean(name)
				}
				continue
			}
			f.Tags = addTags(f.Tags, t)
		}
		b.add(f)
	}
	if err := sc.Err(); err != nil {
		b.skip("the rest of the file: %v", err)
	}
	return l
}

// hiddenMark is the tag by which newsboat hides a feed from its feed list.
const hiddenMark = "!"

// splitTokens cuts a line into tokens: runs of non-space, or double-quoted
// strings with backslash escapes. A token that starts with # begins a
// comment.
func splitTokens(line string) []string {
	var tokens []string
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			return tokens
		case c == '"':
			var b strings.Builder
			i++
			for i < len(line) && line[i] != '"' {
				if line[i] == '\\' && i+1 < len(line) {
					i++
				}
				b.WriteByte(line[i])
				i++
			}
			i++ // the closing quote, if any
			tokens = append(tokens, b.String())
		default:
			j := i
			for j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' {
				j++
			}
			tokens = append(tokens, line[i:j])
			i = j
		}
	}
	return tokens
}

// WriteURLs writes the list as a urls file that ParseURLs reads back to the
// same list, but for site links, which the format has no place for, and
// tags that start with "~", which it reads as titles, and a tag "!", which
// it reads as newsboat's hidden mark.
func WriteURLs(w io.Writer, l *List) error {
	bw := bufio.NewWriter(w)
	for _, f := range l.Feeds {
		bw.WriteString(quoteToken(f.URL))
		if f.Title != "" {
			bw.WriteString(" " + quoteToken("~"+f.Title))
		}
		for _, t := range f.Tags {
			bw.WriteString(" " + quoteToken(t))
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	return nil
}

// quoteToken quotes a token when it needs it.
func quoteToken(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"\\#") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
