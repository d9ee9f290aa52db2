package cli

import (
	"strconv"
	"time"
	"unicode/utf8"

	"bulletin/model"
)

// appendListLine appends the line of `list --json` for an article: the
// bytes encoding/json writes for its listEntry (HTML not escaped), without
// the reflection, which was a quarter of a warm listing's printing.
// TestListLineIsEncodingJSON and FuzzListLine hold the two equal.
func appendListLine(b []byte, a *model.Article, st model.State, hidden bool) []byte {
	b = append(b, `{"ref":`...)
	b = appendJSONString(b, a.Ref)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, a.Source)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, a.Path)
	b = append(b, `,"id":`...)
	b = appendOptional(b, a.ID)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, a.Title)
	b = append(b, `,"published":`...)
	if a.HasDate {
		// RFC 3339 needs no escaping: digits, '-', ':', '.', 'T', 'Z', '+'.
		b = append(b, '"')
		b = a.Published.AppendFormat(b, time.RFC3339)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"date":`...)
	b = appendOptional(b, a.DateText)
	b = append(b, `,"related":`...)
	b = strconv.AppendInt(b, int64(a.RelatedCount), 10)
	b = append(b, `,"warnings":[`...)
	for i, w := range a.Warnings {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, w)
	}
	b = append(b, `],"read":`...)
	b = strconv.AppendBool(b, st.Read)
	b = append(b, `,"starred":`...)
	b = strconv.AppendBool(b, st.Starred)
	if hidden {
		b = append(b, `,"hidden":true`...)
	}
	return append(b, "}\n"...)
}

// appendOptional appends s as a JSON string, or null when it is empty, as
// optional makes it for encoding/json.
func appendOptional(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendJSONString(b, s)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off: '"' and '\\' escaped, control characters as \b, \f,
// \n, \r, \t or \u00xx, invalid UTF-8 as \ufffd, and U+2028 and U+2029
// escaped (JavaScript reads them as line ends).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedByte(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			switch r {
			case utf8.RuneError:
				b = append(b, `\ufffd`...)
			default:
				b = append(b, `\u202`...)
				b = append(b, hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscapedByte appends the escape of an ASCII byte that JSON strings
// cannot hold as it is.
func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
