package sources

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"
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

// countingReader hands out its data at most step bytes a call, then
// io.EOF, counting the calls.
type countingReader struct {
	data  []byte
	step  int
	calls int
}

func (r *countingReader) Read(b []byte) (int, error) {
	r.calls++
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(b[:min(len(b), r.step)], r.data)
	r.data = r.data[n:]
	return n, nil
}

type sizeInfo int64

func (s sizeInfo) Name() string       { return "f" }
func (s sizeInfo) Size() int64        { return int64(s) }
func (s sizeInfo) Mode() fs.FileMode  { return 0 }
func (s sizeInfo) ModTime() time.Time { return time.Time{} }
func (s sizeInfo) IsDir() bool        { return false }
func (s sizeInfo) Sys() any           { return nil }

// A listing reads a small file whose size it knows with one read, where
// io.ReadFull needs a second to find the end; it still gathers a file
// handed out in pieces, and reads one that grew past the buffer as
// io.ReadFull would.
func TestReadFullStopsAtTheKnownSize(t *testing.T) {
	for _, c := range []struct {
		name      string
		file      string
		stated    fs.FileInfo
		step      int
		want      string
		whole     bool
		wantCalls int
	}{
		{"known size, one read", "hello", sizeInfo(5), 64, "hello", true, 1},
		{"size unknown", "hello", nil, 64, "hello", true, 2},
		{"in pieces", "hello", sizeInfo(5), 2, "hello", true, 3},
		{"shrank since", "hel", sizeInfo(5), 64, "hel", true, 2},
		{"grew past the buffer", "hello, world", sizeInfo(5), 64, "hello, w", false, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &countingReader{data: []byte(c.file), step: c.step}
			buf := make([]byte, 8)
			n, err := readFull(r, buf, c.stated)
			whole := err == io.EOF || err == io.ErrUnexpectedEOF
			if string(buf[:n]) != c.want || whole != c.whole || (err != nil && !whole) {
				t.Errorf("read %q, %v; want %q, whole %v", buf[:n], err, c.want, c.whole)
			}
			if r.calls != c.wantCalls {
				t.Errorf("%d reads, want %d", r.calls, c.wantCalls)
			}
		})
	}
}

// The usual date's own reader and writer must agree with the time package
// on every input: parseUsualDate may decline what time.Parse reads (the
// generic layouts then read it), but what it reads must be what time.Parse
// gives.
func FuzzUsualDate(f *testing.F) {
	for _, s := range []string{"Sat Sep 3, 2016 16:03:52", "sat SEP 03, 2016 6:03:52", "Mon Feb 29, 2016 00:00:00", "Mon Feb 29, 2015 00:00:00",
		"Sun Dec 31, 0999 23:59:59", "Fri Jan 1, 2016 24:00:00", "Fri Jan 1, 2016 10:60:00", "Fri Jan 1, 2016 10:00:60", "Fri Jan 0, 2016 10:00:00",
		"Fri Jan 1, 2016 10:00:00 ", "Fri Jan 1,2016 10:00:00", "Xyz Jan 1, 2016 10:00:00", "Fri Jan 123, 2016 10:00:00", "Fri Jan 1, 20166 10:00:00"} {
		f.Add(s, int64(1472918632))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		got, ok := parseUsualDate([]byte(s))
		want, err := time.Parse(UsualDateLayout, s)
		if ok && (err != nil || !got.Equal(want) || got.Location() != want.Location()) {
			t.Fatalf("parseUsualDate(%q) = %v; time.Parse: %v, %v", s, got, want, err)
		}
		if err == nil && !ok && strings.Join(strings.Fields(s), " ") == s && len(s) <= 24 {
			t.Fatalf("parseUsualDate(%q) declined what time.Parse reads as %v", s, want)
		}
		for _, at := range []time.Time{time.Unix(unix%(1<<40), 0).UTC(), time.Unix(unix%(1<<40), 0).In(time.FixedZone("", -7*3600))} {
			if got, want := string(AppendUsualDate(nil, at)), at.Format(UsualDateLayout); got != want {
				t.Fatalf("AppendUsualDate(%v) = %q, want %q", at, got, want)
			}
		}
	})
}
