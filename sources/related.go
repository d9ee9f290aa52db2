package sources

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"bulletin/model"
)

// maxDepth bounds nesting in related blocks, so hostile input cannot recurse
// without end.
const maxDepth = 32

// parseRelatedJSON reads the related-stories JSON: an array of objects whose
// values may be strings, numbers, booleans or null (json_encode's \u and \/
// escapes included). It is tolerant: items before an error are kept, unknown
// keys are ignored, and an object of objects is read like an array.
//
// With countOnly, items are checked but not built: the slice holds zero
// values, one per item the full parse would keep, so a listing knows the
// count without the cost.
func parseRelatedJSON(b []byte, countOnly bool) ([]model.Related, error) {
	s := &jsonScanner{b: b, countOnly: countOnly}
	s.ws()
	if s.i == len(b) {
		return nil, nil
	}
	var close byte
	switch b[s.i] {
	case '[':
		close = ']'
	case '{':
		close = '}'
	default:
		return nil, s.errorf("not a JSON array")
	}
	s.i++
	items := make([]model.Related, 0, 8)
	var skipped int
	for first := true; ; first = false {
		s.ws()
		if s.i < len(b) && b[s.i] == close {
			s.i++
			break
		}
		if !first {
			if !s.eat(',') {
				return items, s.errorf("expected , or %c", close)
			}
			s.ws()
		}
		if close == '}' { // {"0": {...}, ...}
			if _, err := s.str(); err != nil {
				return items, err
			}
			s.ws()
			if !s.eat(':') {
				return items, s.errorf("expected :")
			}
			s.ws()
		}
		if s.i < len(b) && b[s.i] == '{' {
			f, err := s.object()
			if err != nil {
				return items, err
			}
			switch {
			case countOnly && f.followable():
				items = append(items, model.Related{})
			case countOnly:
				skipped++
			default:
				if r, ok := f.item(); ok {
					items = append(items, r)
				} else {
					skipped++
				}
			}
			continue
		}
		if err := s.skipValue(0); err != nil {
			return items, err
		}
		skipped++
	}
	s.ws()
	if s.i != len(b) {
		return items, s.errorf("unexpected text after the list")
	}
	if skipped > 0 {
		return items, fmt.Errorf("%d items with neither id nor title were left out", skipped)
	}
	return items, nil
}

type jsonScanner struct {
	b         []byte
	i         int
	countOnly bool
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("invalid JSON at byte %d: "+format, append([]any{s.i}, args...)...)
}

func (s *jsonScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads one flat object into the related fields.
func (s *jsonScanner) object() (relatedFields, error) {
	var f relatedFields
	s.i++ // {
	for first := true; ; first = false {
		s.ws()
		if s.eat('}') {
			return f, nil
		}
		if !first {
			if !s.eat(',') {
				return f, s.errorf("expected , or }")
			}
			s.ws()
		}
		key, err := s.str()
		if err != nil {
			return f, err
		}
		s.ws()
		if !s.eat(':') {
			return f, s.errorf("expected :")
		}
		s.ws()
		v, err := s.scalar()
		if err != nil {
			return f, err
		}
		f.setBytes(key, v, s.countOnly)
	}
}

// scalar reads a value as text: strings unquoted, numbers and literals as
// written, null as empty. Nested values are skipped and read as empty. The
// bytes may alias the input.
func (s *jsonScanner) scalar() ([]byte, error) {
	if s.i >= len(s.b) {
		return nil, s.errorf("unexpected end")
	}
	start := s.i
	switch c := s.b[s.i]; {
	case c == '"':
		return s.str()
	case c == '{' || c == '[':
		return nil, s.skipValue(0)
	case c == 'n':
		return nil, s.literal("null")
	case c == 't':
		err := s.literal("true")
		return s.b[start:s.i], err
	case c == 'f':
		err := s.literal("false")
		return s.b[start:s.i], err
	case c == '-' || c >= '0' && c <= '9':
		for s.i < len(s.b) && strings.IndexByte("+-.eE0123456789", s.b[s.i]) >= 0 {
			s.i++
		}
		return s.b[start:s.i], nil
	}
	return nil, s.errorf("unexpected %q", s.b[s.i])
}

func (s *jsonScanner) literal(word string) error {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return nil
	}
	return s.errorf("expected %s", word)
}

func (s *jsonScanner) skipValue(depth int) error {
	if depth > maxDepth {
		return s.errorf("nested too deep")
	}
	if s.i >= len(s.b) {
		return s.errorf("unexpected end")
	}
	c := s.b[s.i]
	if c != '{' && c != '[' {
		_, err := s.scalar()
		return err
	}
	close := byte(']')
	if c == '{' {
		close = '}'
	}
	s.i++
	for first := true; ; first = false {
		s.ws()
		if s.eat(close) {
			return nil
		}
		if !first && !s.eat(',') {
			return s.errorf("expected , or %c", close)
		}
		s.ws()
		if close == '}' {
			if _, err := s.str(); err != nil {
				return err
			}
			s.ws()
			if !s.eat(':') {
				return s.errorf("expected :")
			}
			s.ws()
		}
		if err := s.skipValue(depth + 1); err != nil {
			return err
		}
	}
}

// str reads a JSON string. Raw bytes are taken as they are (var_dump writes
// UTF-8 raw); escapes are decoded, surrogate pairs included. Without escapes
// the result aliases the input.
func (s *jsonScanner) str() ([]byte, error) {
	if !s.eat('"') {
		return nil, s.errorf("expected a string")
	}
	// The closing quote and a backslash before it are found with
	// bytes.IndexByte, which reads many bytes at a time: a related block
	// is mostly its strings.
	start := s.i
	rest := s.b[s.i:]
	quote := bytes.IndexByte(rest, '"')
	if quote < 0 {
		quote = len(rest)
	}
	if escape := bytes.IndexByte(rest[:quote], '\\'); escape >= 0 {
		s.i += escape
		return s.escapedStr(start)
	}
	s.i += quote
	if s.i == len(s.b) {
		return nil, s.errorf("unterminated string")
	}
	s.i++
	return s.b[start : s.i-1], nil
}

func (s *jsonScanner) escapedStr(start int) ([]byte, error) {
	buf := make([]byte, 0, s.i-start+32)
	buf = append(buf, s.b[start:s.i]...)
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch c {
		case '"':
			s.i++
			return buf, nil
		case '\\':
			s.i++
			if s.i >= len(s.b) {
				return nil, s.errorf("unterminated string")
			}
			e := s.b[s.i]
			s.i++
			switch e {
			case 'n':
				buf = append(buf, '\n')
			case 't':
				buf = append(buf, '\t')
			case 'r':
				buf = append(buf, '\r')
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'u':
				r, ok := s.hex4()
				if !ok {
					return nil, s.errorf("bad \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := utf8.RuneError
					save := s.i
					if s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
						s.i += 2
						if lo, ok := s.hex4(); ok {
							r2 = utf16.DecodeRune(r, lo)
						}
					}
					if r2 == utf8.RuneError {
						s.i = save
					}
					r = r2
				}
				buf = utf8.AppendRune(buf, r)
			default: // \" \\ \/ and anything else stand for themselves
				buf = append(buf, e)
			}
		default:
			buf = append(buf, c)
			s.i++
		}
	}
	return nil, s.errorf("unterminated string")
}

func (s *jsonScanner) hex4() (rune, bool) {
	if len(s.b)-s.i < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(s.b[s.i:s.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	s.i += 4
	return rune(v), true
}

// parsePHPArray reads a PHP var_dump of an array of arrays, the form a
// scraper writes when it dumps the decoded list instead of the JSON text:
//
//	array(1) {
//	  [0]=>
//	  array(2) {
//	    ["id"]=>
//	    string(7) "1856739"
//	    ["sort"]=>
//	    int(3617526)
//	  }
//	}
func parsePHPArray(b []byte) ([]model.Related, error) {
	p := &phpParser{b: b}
	var items []model.Related
	err := p.array(0, func(_ string, depth int) error {
		var f relatedFields
		if !p.peek("array(") {
			_, err := p.value(depth + 1)
			return err
		}
		err := p.array(depth+1, func(key string, d int) error {
			v, err := p.value(d + 1)
			f.set(key, v)
			return err
		})
		if err != nil {
			// An item cut off may lack the fields that tell it apart.
			return err
		}
		if r, ok := f.item(); ok {
			items = append(items, r)
		}
		return nil
	})
	return items, err
}

type phpParser struct {
	b []byte
	i int
}

var errPHP = errors.New("unreadable PHP array dump")

func (p *phpParser) fail() error {
	return fmt.Errorf("%w at byte %d", errPHP, p.i)
}

func (p *phpParser) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\n' || p.b[p.i] == '\r' || p.b[p.i] == '\t') {
		p.i++
	}
}

func (p *phpParser) peek(prefix string) bool {
	p.ws()
	return len(p.b)-p.i >= len(prefix) && string(p.b[p.i:p.i+len(prefix)]) == prefix
}

func (p *phpParser) expect(prefix string) bool {
	if p.peek(prefix) {
		p.i += len(prefix)
		return true
	}
	return false
}

// count reads "N)" after an opening "kind(".
func (p *phpParser) count() (int, bool) {
	n, rest, ok := parseCount(p.b[p.i:])
	if !ok || len(rest) == 0 || rest[0] != ')' {
		return 0, false
	}
	p.i = len(p.b) - len(rest) + 1
	return n, true
}

// array reads `array(N) { [key]=> value ... }`, calling each for every element.
func (p *phpParser) array(depth int, each func(key string, depth int) error) error {
	if depth > maxDepth {
		return p.fail()
	}
	if !p.expect("array(") {
		return p.fail()
	}
	if _, ok := p.count(); !ok || !p.expect("{") {
		return p.fail()
	}
	for {
		if p.expect("}") {
			return nil
		}
		if !p.expect("[") {
			return p.fail()
		}
		end := strings.Index(string(p.b[p.i:min(len(p.b), p.i+256)]), "]=>")
		if end < 0 {
			return p.fail()
		}
		key := strings.Trim(string(p.b[p.i:p.i+end]), `"`)
		p.i += end + len("]=>")
		if err := each(key, depth); err != nil {
			return err
		}
	}
}

// value reads one scalar as text; a nested array is skipped.
func (p *phpParser) value(depth int) (string, error) {
	switch {
	case p.peek("array("):
		return "", p.array(depth, func(_ string, d int) error {
			_, err := p.value(d + 1)
			return err
		})
	case p.expect("string("):
		n, ok := p.count()
		if !ok || !p.expect(`"`) || len(p.b)-p.i < n+1 || p.b[p.i+n] != '"' {
			return "", p.fail()
		}
		v := string(p.b[p.i : p.i+n])
		p.i += n + 1
		return v, nil
	case p.expect("int("), p.expect("float("), p.expect("bool("):
		end := strings.IndexByte(string(p.b[p.i:min(len(p.b), p.i+64)]), ')')
		if end < 0 {
			return "", p.fail()
		}
		v := string(p.b[p.i : p.i+end])
		p.i += end + 1
		return v, nil
	case p.expect("NULL"):
		return "", nil
	}
	return "", p.fail()
}
