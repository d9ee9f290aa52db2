// Package savefile names and writes the files bulletin saves articles to.
//
// A name is made from untrusted text (a feed's title), so it is built only
// of lowercase ASCII letters, digits and dashes: it can name no other
// folder ("/", ".."), hide itself (a leading dot), or carry a control
// character into a terminal that lists it. A file is never written over:
// a name taken already gets -2, -3 and so on.
package savefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"bulletin/model"
)

// MaxSlug is the most characters a title gives a name.
const MaxSlug = 60

// maxTries bounds the numbered names tried for one file.
const maxTries = 1000

// Slug is title made a file name part: lowercase ASCII letters and digits,
// with one dash for each run of anything else, at most MaxSlug long, cut at
// a dash where one is near. Terminal escape sequences go whole, and accents
// are dropped ("Café" is "cafe"); a title with no ASCII letter or digit
// gives "".
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(model.CleanLine(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// The accent of a decomposed letter.
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
		if b.Len() > MaxSlug {
			break
		}
	}
	s := b.String()
	if len(s) > MaxSlug {
		s = s[:MaxSlug]
		// A whole word reads better than a cut one, unless that loses
		// too much.
		if i := strings.LastIndexByte(s, '-'); i >= MaxSlug/2 {
			s = s[:i]
		}
	}
	return strings.Trim(s, "-")
}

// Name is the file name of an article: its date (YYYY-MM-DD, when it has
// one), then the slug of its title, or of fallback (an id) when the title
// gives none, or "article"; ".md" at the end.
func Name(title string, date time.Time, dated bool, fallback string) string {
	slug := Slug(title)
	if slug == "" {
		slug = Slug(fallback)
	}
	if slug == "" {
		slug = "article"
	}
	if dated {
		slug = date.Format("2006-01-02") + "-" + slug
	}
	return slug + ".md"
}

// Write creates a new file named name in dir (made with its parents when
// missing) holding data, and returns its path. When name is taken it tries
// name-2, name-3... before the extension; it never writes over a file. name
// must be one plain file name, as Name makes.
func Write(dir, name string, data []byte) (string, error) {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("savefile: %q is not a plain file name", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("savefile: %w", err)
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 1; n <= maxTries; n++ {
		try := name
		if n > 1 {
			try = stem + "-" + strconv.Itoa(n) + ext
		}
		path := filepath.Join(dir, try)
		err := create(path, data)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("savefile: %w", err)
		}
		return path, nil
	}
	return "", fmt.Errorf("savefile: %s: %d files named %s already", dir, maxTries, name)
}

// create writes a file that must not exist yet; a file it could not write
// whole is removed, so no half article is left behind.
func create(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
