package sources

import (
	"bytes"
	"strings"
	"testing"
)

// TestLastIndexByte checks the word-at-a-time search against the standard
// one, with the byte at every place of short and long inputs, and bytes
// that differ from it only in their high bit (a borrow in the word test).
func TestLastIndexByte(t *testing.T) {
	for n := range 40 {
		for at := -1; at < n; at++ {
			b := bytes.Repeat([]byte{'\n' | 0x80}, n)
			if at >= 0 {
				b[at] = '\n'
			}
			if got, want := lastIndexByte(b, '\n'), bytes.LastIndexByte(b, '\n'); got != want {
				t.Fatalf("%d bytes, newline at %d: got %d, want %d", n, at, got, want)
			}
		}
	}
	line := []byte("head\n\nstring(5000) \"" + strings.Repeat("x\x00\x0b\x09", 1250) + "\"")
	if got := lastIndexByte(line, '\n'); got != 5 {
		t.Fatalf("the block's line starts after byte %d, want 5", got)
	}
}

func FuzzLastIndexByte(f *testing.F) {
	f.Add([]byte("a\nb"), byte('\n'))
	f.Add([]byte("\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x0a"), byte('\n'))
	f.Add([]byte{}, byte(0))
	f.Fuzz(func(t *testing.T, b []byte, c byte) {
		if got, want := lastIndexByte(b, c), bytes.LastIndexByte(b, c); got != want {
			t.Fatalf("lastIndexByte(%q, %q) = %d, want %d", b, c, got, want)
		}
	})
}

// strOneByteAtATime is how jsonScanner.str read a string before it used
// bytes.IndexByte: the reference its answers must match.
func strOneByteAtATime(s *jsonScanner) ([]byte, error) {
	if !s.eat('"') {
		return nil, s.errorf("expected a string")
	}
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			v := s.b[start:s.i]
			s.i++
			return v, nil
		case '\\':
			return s.escapedStr(start)
		}
		s.i++
	}
	return nil, s.errorf("unterminated string")
}

func FuzzJSONString(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\"b"`, `"\u2019\ud83c\udf0d\/"`, `"open`, `"ends in \`, `""`, `x`, `"a"b"`, `"tab\there"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, want := &jsonScanner{b: b}, &jsonScanner{b: b}
		v, err := got.str()
		wv, werr := strOneByteAtATime(want)
		if !bytes.Equal(v, wv) || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() || got.i != want.i {
			t.Fatalf("str(%q) = %q, %v at %d; want %q, %v at %d", b, v, err, got.i, wv, werr, want.i)
		}
	})
}
