package greader

import (
	"fmt"
	"strconv"
	"strings"
)

// longPrefix starts the long form of an item id; the 16 hex digits after
// it are the same 64 bits the short (decimal) form gives.
const longPrefix = "tag:google.com,2005:reader/item/"

// ItemID is a server's item id, whichever form it came in. The 64 bits are
// kept as a signed integer, as servers that use the decimal form write it,
// so an id stores as one SQLite integer.
type ItemID int64

// ParseItemID reads an item id in either form: long
// ("tag:google.com,2005:reader/item/000000000000002a", with or without
// the zero padding, or the 16 hex digits alone) or short ("42", or
// negative when the top bit is set).
func ParseItemID(s string) (ItemID, error) {
	if hexDigits, ok := strings.CutPrefix(s, longPrefix); ok {
		return parseHexID(s, hexDigits)
	}
	if len(s) == 16 {
		if id, err := parseHexID(s, s); err == nil {
			return id, nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return ItemID(n), nil
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return ItemID(n), nil
	}
	return 0, fmt.Errorf("%q is not an item id (neither %s<hex> nor a decimal number)", clip(s), longPrefix)
}

func parseHexID(whole, digits string) (ItemID, error) {
	if digits == "" || len(digits) > 16 {
		return 0, fmt.Errorf("%q is not an item id: want 1 to 16 hex digits", clip(whole))
	}
	n, err := strconv.ParseUint(digits, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not an item id: %q is not hexadecimal", clip(whole), clip(digits))
	}
	return ItemID(n), nil
}

// Long is the id in the long form every server takes.
func (id ItemID) Long() string { return fmt.Sprintf("%s%016x", longPrefix, uint64(id)) }

// String is the short (decimal) form.
func (id ItemID) String() string { return strconv.FormatInt(int64(id), 10) }

// clip shortens untrusted text quoted in an error.
func clip(s string) string {
	const most = 80
	if len(s) > most {
		return s[:most] + "…"
	}
	return s
}
