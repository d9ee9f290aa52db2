package ui

// The headline filter: what `/` does. The bubbles list's own filter
// (sahilm/fuzzy, run by the list over every item) takes about 110 ms over
// 100,000 titles, and the list then copies its result several times a
// keystroke; this one takes a few milliseconds. Titles are folded to lower
// case into one string when the filter opens (filterIndex), once for a set
// of rows, so a keystroke scans memory in order; the rows keep no folded
// copy of their own, which would cost as much memory as the titles. The
// list shows the matching rows as its items; the delegate finds where each
// row matches when it draws it, so only the rows on screen pay for their
// highlights.

import (
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/list"
)

// foldTitle folds s to lower case rune by rune, so that the n-th rune of the
// result is the n-th rune of s: match positions in the folded title are
// positions in the title as shown.
func foldTitle(s string) string {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)+8)
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Keep an invalid byte as it is: one rune, as []rune counts it.
			b = append(b, s[i])
		} else {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		i += size
	}
	return string(b)
}

// Match classes, best first. Within a class, headlines keep the list's
// order (newest first).
const (
	matchWordStart  = iota // the text typed, whole, at the start of a word
	matchContiguous        // the text typed, whole, inside a word
	matchScattered         // the typed characters in order, with gaps
	matchClasses
)

// charMask is a bit set of the characters of a folded title: a bit per
// letter and digit, the rest sharing the other bits but one, openerBit,
// which says that the title holds a character that can open a word other
// than a space (see wordStart). A title can hold the text typed only if
// its mask holds the text's: most titles are ruled out by one AND.
func charMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		m |= charBit(r)
		if r != ' ' && !isLetterOrDigit(r) && isOpener(r) {
			m |= openerBit
		}
	}
	return m
}

const openerBit = 1 << 63

// startMask is the set of charBits of the characters that start a word in
// s (see wordStart).
func startMask(s string) uint64 {
	var m uint64
	start := true
	for _, r := range s {
		if start {
			m |= charBit(r)
		}
		start = !isLetterOrDigit(r) && isOpener(r)
	}
	return m
}

func charBit(r rune) uint64 {
	switch {
	case 'a' <= r && r <= 'z':
		return 1 << (r - 'a')
	case '0' <= r && r <= '9':
		return 1 << (26 + r - '0')
	}
	return 1 << (36 + uint(r)%27)
}

func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isOpener reports whether a word can start right after r, r being neither
// a letter nor a digit: after a space, an opening bracket or quote, a dash
// or a slash, but not after an apostrophe ("Syria’s") or a closing mark.
func isOpener(r rune) bool {
	if r < utf8.RuneSelf {
		return strings.ContainsRune(" \t\"([{</-", r)
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Ps, unicode.Pi, unicode.Pd)
}

// filterIndex is what a filter reads: every row of the list, their folded
// titles one after the other in one string, and their charMasks. One is
// made for each set of rows and never changed after it is built, so the
// filters of several keystrokes, running in commands, may share it. A
// filter reads memory in order; reading each title where it was allocated
// (in scan order) would wait on memory for most of them.
type filterIndex struct {
	items []list.Item
	once  sync.Once
	text  string   // the folded titles, one after the other
	ends  []int32  // where each title ends in text
	masks []uint64 // each title's charMask
	// starts are the charBits of the first characters of each title's
	// words: a title can hold a text at a word start only if it has the
	// text's first character's bit.
	starts []uint64
}

func newFilterIndex(items []list.Item) *filterIndex {
	return &filterIndex{items: items}
}

// build builds the index, once: in a command when the filter opens, or in
// the first filter.
func (x *filterIndex) build() {
	x.once.Do(func() {
		var b strings.Builder
		b.Grow(foldedSize(x.items))
		x.ends = make([]int32, len(x.items))
		x.masks = make([]uint64, len(x.items))
		x.starts = make([]uint64, len(x.items))
		for i, it := range x.items {
			key := it.FilterValue()
			b.WriteString(key)
			x.ends[i] = int32(b.Len())
			x.masks[i] = charMask(key)
			x.starts[i] = startMask(key)
		}
		x.text = b.String()
	})
}

// foldedSize is about the size of the items' folded titles: folding keeps
// most titles' length, so the text is made in one allocation.
func foldedSize(items []list.Item) int {
	n := 0
	for _, it := range items {
		if h, ok := it.(headline); ok {
			n += len(h.a.Title)
		} else {
			n += len(it.FilterValue())
		}
	}
	return n + n/64
}

// title returns title i, or false when its mask rules out a text of mask
// qMask.
func (x *filterIndex) title(i int, qMask uint64) (string, bool) {
	if x.masks[i]&qMask != qMask {
		return "", false
	}
	start := int32(0)
	if i > 0 {
		start = x.ends[i-1]
	}
	return x.text[start:x.ends[i]], true
}

// filterResult is what a filter found for a text: the matching rows, best
// first. It is made in a command and never changed after.
type filterResult struct {
	term string
	// q is term folded, as titles are.
	q string
	// index is the set of rows it was found in: a result for an older set
	// is dropped.
	index *filterIndex
	items []list.Item
	// rows are the indexes of the matching rows, in the list's order.
	rows []int32
}

// positions returns the rune positions in title (folded: foldTitle) of
// the characters q matches. Only the rows on screen need them, so they are
// found when drawn, not for every match.
func (r *filterResult) positions(title string) []int {
	if r == nil || r.q == "" {
		return nil
	}
	return matchPositions(r.q, title)
}

// filter finds term in the rows, ignoring case: a row matches when term's
// characters appear in its title in order. Titles that hold term whole
// come first, at a word start before inside a word; within each class the
// rows keep their order (newest first). An empty term matches every row.
//
// prev, when not nil, is an earlier result over the same rows; when its
// text starts term, as it does while a word is typed, only the rows it
// matched can match term, and only they are read.
func (x *filterIndex) filter(term string, prev *filterResult) *filterResult {
	res := &filterResult{term: term, index: x}
	q := foldTitle(term)
	if q == "" {
		res.items = x.items
		return res
	}
	x.build()
	res.q = q
	var rows []int32
	n := len(x.items)
	if prev != nil && prev.index == x && prev.q != "" && strings.HasPrefix(q, prev.q) {
		rows = prev.rows
		n = len(rows)
	}
	// Chunks small enough to spread over the cores, large enough that
	// starting a goroutine is noise.
	const minChunk = 8192
	chunks := max(1, min(runtime.GOMAXPROCS(0), n/minChunk))
	ms := make([]*matcher, chunks)
	size := (n + chunks - 1) / chunks
	var wg sync.WaitGroup
	for k := range ms {
		ms[k] = matcherPool.Get().(*matcher)
		lo := k * size
		hi := min(n, lo+size)
		if k == chunks-1 {
			ms[k].run(q, x, rows, lo, hi)
			continue
		}
		wg.Go(func() { ms[k].run(q, x, rows, lo, hi) })
	}
	wg.Wait()
	total := 0
	for _, m := range ms {
		total += len(m.hits)
	}
	res.rows = make([]int32, 0, total)
	for _, m := range ms {
		for _, h := range m.hits {
			res.rows = append(res.rows, h.index)
		}
	}
	res.items = make([]list.Item, 0, total)
	for c := range uint8(matchClasses) {
		for _, m := range ms {
			for _, h := range m.hits {
				if h.class == c {
					res.items = append(res.items, x.items[h.index])
				}
			}
		}
	}
	for _, m := range ms {
		m.hits = m.hits[:0]
		matcherPool.Put(m)
	}
	return res
}

// rampInts is 0, 1, 2, ...: the positions of a contiguous match are a
// slice of it, so most matches allocate nothing.
var rampInts = func() []int {
	r := make([]int, 512)
	for i := range r {
		r[i] = i
	}
	return r
}()

// ramp returns start, start+1, ... (n of them). The slice is shared: it
// must not be modified (the list only reads match positions).
func ramp(start, n int) []int {
	if start+n <= len(rampInts) {
		return rampInts[start : start+n : start+n]
	}
	r := make([]int, n)
	for k := range r {
		r[k] = start + k
	}
	return r
}

// hit is one matching row and its class. It holds no pointer, so the hits
// of 100,000 rows cost the garbage collector nothing to scan.
type hit struct {
	index int32
	class uint8
}

// matcher matches one chunk of rows. Matchers are pooled: their buffers
// are reused from keystroke to keystroke.
type matcher struct {
	hits []hit
}

var matcherPool = sync.Pool{New: func() any { return new(matcher) }}

// run matches q in rows lo to hi of x, or, when rows is not nil, in rows
// rows[lo:hi]. Most rows fail, so the cheapest test goes first: the mask;
// then whether the title holds q whole, and where; else whether it holds
// q's characters in order.
func (m *matcher) run(q string, x *filterIndex, rows []int32, lo, hi int) {
	qMask := charMask(q)
	r, _ := utf8.DecodeRuneInString(q)
	first := charBit(r)
	// One ASCII letter or digit: the masks, exact for those, tell all.
	exact := len(q) == 1 && isLetterOrDigit(r)
	spaced := " " + q
	for j := lo; j < hi; j++ {
		i := j
		if rows != nil {
			i = int(rows[j])
		}
		t, ok := x.title(i, qMask)
		if !ok || len(q) > len(t) {
			continue
		}
		var class uint8
		canStart := x.starts[i]&first != 0
		switch {
		case exact && canStart:
			class = matchWordStart
		case exact:
			class = matchContiguous
		default:
			class, _ = contiguous(q, spaced, t, x.masks[i]&openerBit != 0, canStart)
			if class == matchScattered && subsequence(q, t) < 0 {
				continue
			}
		}
		m.hits = append(m.hits, hit{index: int32(i), class: class})
	}
}

// contiguous reports the class of q's match in t when t holds q whole, and
// the byte offset of the occurrence: the first at a word start, else the
// first. Otherwise it returns matchScattered. spaced is " "+q; openers
// tells whether t holds a character other than a space that opens a word;
// canStart, whether a word of t starts with q's first character.
func contiguous(q, spaced, t string, openers, canStart bool) (uint8, int) {
	at := strings.Index(t, q)
	switch {
	case at < 0:
		return matchScattered, -1
	case at == 0 || t[at-1] == ' ':
		return matchWordStart, at
	case !canStart:
		return matchContiguous, at
	}
	// Most words start after a space: one search finds them.
	if k := strings.Index(t[at:], spaced); k >= 0 {
		if !openers {
			return matchWordStart, at + k + 1
		}
		// An earlier one may follow another opener.
		t = t[:at+k+1+len(q)]
	} else if !openers {
		return matchContiguous, at
	}
	for from := at; ; {
		if wordStart(t, from) {
			return matchWordStart, from
		}
		next := strings.Index(t[from+1:], q)
		if next < 0 {
			return matchContiguous, at
		}
		from += 1 + next
	}
}

// matchPositions returns the rune positions in t of the characters q
// matches, or nil when it does not match. A contiguous match is the
// occurrence contiguous picks; a scattered one is the first run of q's
// characters, tightened from its end backwards so that they sit close
// together (as fzf's first algorithm does).
func matchPositions(q, t string) []int {
	qRunes := utf8.RuneCountInString(q)
	if _, at := contiguous(q, " "+q, t, charMask(t)&openerBit != 0, true); at >= 0 {
		return ramp(runeIndex(t, at), qRunes)
	}
	end := subsequence(q, t)
	if end < 0 {
		return nil
	}
	offs := make([]int, qRunes)
	from := end
	for k, n := len(q), qRunes; k > 0; {
		_, size := utf8.DecodeLastRuneInString(q[:k])
		from = strings.LastIndex(t[:from], q[k-size:k])
		k -= size
		n--
		offs[n] = from
	}
	// Byte offsets to rune positions, counting runes as the offsets rise.
	n, prev := 0, 0
	for k, off := range offs {
		n += utf8.RuneCountInString(t[prev:off])
		offs[k] = n
		prev = off
	}
	return offs
}

// subsequence reports where the first run of q's characters, in order, in
// t ends, or -1.
func subsequence(q, t string) int {
	end := 0
	for k := 0; k < len(q); {
		var at, size int
		if c := q[k]; c < utf8.RuneSelf {
			at, size = strings.IndexByte(t[end:], c), 1
		} else {
			_, size = utf8.DecodeRuneInString(q[k:])
			at = strings.Index(t[end:], q[k:k+size])
		}
		if at < 0 {
			return -1
		}
		k += size
		end += at + size
	}
	return end
}

// wordStart reports whether byte offset at of t starts a word: it is the
// first, or follows an opener (isOpener).
func wordStart(t string, at int) bool {
	if at == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t[:at])
	return !isLetterOrDigit(r) && isOpener(r)
}

// runeIndex is the rune position of byte offset at in t.
func runeIndex(t string, at int) int {
	for i := 0; i < at; i++ {
		if t[i] >= utf8.RuneSelf {
			return i + utf8.RuneCountInString(t[i:at])
		}
	}
	return at
}
