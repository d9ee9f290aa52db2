// Package synth writes synthetic article corpora for tests and benchmarks.
//
// The files follow the layout of the real sample byte for byte (see
// FORMAT.md in the shared corpus sample): title, blank line, title again,
// date, blank line, one paragraph per line, two blank lines, and a PHP
// var_dump of the related-stories JSON with its exact UTF-8 byte count and
// no final newline. Text is made from word pools written for this package;
// no real article text is used.
//
// Output is a pure function of (n, seed): every file is built from its own
// generator seeded with the corpus seed and the file's index, so the same
// seed gives byte-identical files however the work is spread over goroutines.
package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Stats describes a generated corpus.
type Stats struct {
	Files int
	Bytes int64
}

// FilesPerFolder is how many files go into each subfolder (00/, 01/, ...).
const FilesPerFolder = 1000

// DateLayout is the date line's layout: day not zero-padded, 24-hour clock.
const DateLayout = "Mon Jan 2, 2006 15:04:05"

const (
	idBase     = 1_200_000 // first corpus id
	idStep     = 5         // corpus ids are idBase + i*idStep + [0, idStep)
	outsideMin = 100_000   // ids of stories outside the corpus start here...
	sortBase   = 3_500_000 // ...and related lists number their items from here
	maxRelated = 8
	window     = 300 // related stories are among the nearest 300 by index
)

var (
	epoch = time.Date(2014, time.March, 1, 0, 0, 0, 0, time.UTC)
	span  = 3 * 365 * 24 * time.Hour // dates spread over three years
)

// Random streams, so that each part of a file has its own generator.
const (
	streamMeta uint64 = iota + 1
	streamBody
	streamOutside
)

func newRand(seed, stream uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream<<56^uint64(i)))
}

// Generate writes n article files into dir, 1000 to a subfolder, and returns
// how many files and bytes it wrote. The same n and seed always give the same
// bytes. Existing files of the same names are overwritten; nothing is deleted.
func Generate(dir string, n int, seed uint64) (Stats, error) {
	if n < 0 {
		return Stats{}, fmt.Errorf("synth: negative file count %d", n)
	}
	c := corpus{n: n, seed: seed}
	folders := (n + FilesPerFolder - 1) / FilesPerFolder
	for f := range folders {
		if err := os.MkdirAll(filepath.Join(dir, c.folderName(f)), 0o755); err != nil {
			return Stats{}, fmt.Errorf("synth: %w", err)
		}
	}

	var (
		next  atomic.Int64
		bytes atomic.Int64
		files atomic.Int64
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				buf = c.appendFile(buf[:0], i)
				if err := os.WriteFile(filepath.Join(dir, c.relPath(i)), buf, 0o644); err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("synth: %w", err)
					}
					mu.Unlock()
					next.Store(int64(n)) // stop the others
					return
				}
				files.Add(1)
				bytes.Add(int64(len(buf)))
			}
		})
	}
	wg.Wait()
	return Stats{Files: int(files.Load()), Bytes: bytes.Load()}, first
}

// corpus is the pure description of a generated corpus.
type corpus struct {
	n    int
	seed uint64
}

func (c corpus) folderName(f int) string {
	width := max(2, len(strconv.Itoa((c.n-1)/FilesPerFolder)))
	return fmt.Sprintf("%0*d", width, f)
}

// relPath is the slash-separated path of file i below the corpus folder:
// "<folder>/<index>_<id>.txt", the id after the last underscore.
func (c corpus) relPath(i int) string {
	width := max(6, len(strconv.Itoa(c.n-1)))
	return fmt.Sprintf("%s/%0*d_%d.txt", c.folderName(i/FilesPerFolder), width, i, c.meta(i).id)
}

// meta is what other files need to know about file i to link to it.
type meta struct {
	id        int
	gapID     int // an id next to this one that no corpus file has
	published time.Time
	video     bool
	pic       string
	title     string
}

func (c corpus) meta(i int) meta {
	r := newRand(c.seed, streamMeta, i)
	off := r.IntN(idStep)
	m := meta{
		id:    idBase + i*idStep + off,
		gapID: idBase + i*idStep + (off+1+r.IntN(idStep-1))%idStep,
	}
	step := span / time.Duration(max(c.n, 1))
	m.published = epoch.Add(time.Duration(i)*step + time.Duration(r.Int64N(int64(max(step, time.Second))))).Truncate(time.Second)
	m.video = r.IntN(3) == 0
	m.pic = picPath(r, m.published.Add(-time.Duration(r.IntN(3600))*time.Second), m.video)
	m.title = headline(r, m.video)
	return m
}

// picPath makes a media path of the site's shape:
// /YYYY/MM/DD/media_<.NET ticks>_25f_4x3.jpg (or .mp4).
func picPath(r *rand.Rand, t time.Time, video bool) string {
	const unixToTicks = 62135596800 // seconds from 0001-01-01 to 1970-01-01
	ticks := (t.Unix()+unixToTicks)*10_000_000 + r.Int64N(10_000_000)
	ext := ".jpg"
	if video {
		ext = ".mp4"
	}
	return fmt.Sprintf("/%04d/%02d/%02d/media_%d_25f_4x3%s", t.Year(), int(t.Month()), t.Day(), ticks, ext)
}

// related is one item of a related-stories list.
type related struct {
	id, sort, pic, title string
	key                  int // numeric id, for ordering
}

// appendFile appends the bytes of file i to buf.
func (c corpus) appendFile(buf []byte, i int) []byte {
	m := c.meta(i)
	r := newRand(c.seed, streamBody, i)

	buf = append(buf, m.title...)
	buf = append(buf, "\n\n"...)
	buf = append(buf, m.title...)
	buf = append(buf, '\n')
	buf = m.published.AppendFormat(buf, DateLayout)
	buf = append(buf, "\n\n"...)
	for k, p := range body(r) {
		if k > 0 {
			buf = append(buf, "\n\n"...)
		}
		buf = append(buf, p...)
	}
	buf = append(buf, "\n\n\n"...)

	payload := appendPayload(nil, c.relatedFor(r, i, m))
	buf = append(buf, "string("...)
	buf = strconv.AppendInt(buf, int64(len(payload)), 10)
	buf = append(buf, ") \""...)
	buf = append(buf, payload...)
	return append(buf, '"')
}

// relatedCounts weighs the length of a related list: mostly 4 to 6.
var relatedCounts = [maxRelated + 1]int{3, 2, 3, 7, 20, 25, 25, 8, 7}

func pickWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for k, w := range weights {
		if x < w {
			return k
		}
		x -= w
	}
	return len(weights) - 1
}

// relatedFor builds the related list of file i: about 80% of items point
// into the corpus and 20% outside it. Of those pointing in, most carry the
// target's id and exact title; some carry an id no file has, or none, and a
// title that differs in quotes, dashes or case, so only title matching after
// normalisation finds them.
func (c corpus) relatedFor(r *rand.Rand, i int, m meta) []related {
	count := pickWeighted(r, relatedCounts[:])
	items := make([]related, 0, count)
	used := map[int]bool{i: true}
	for k := range count {
		var it related
		if j, ok := c.target(r, i, used); ok && r.IntN(100) < 80 {
			used[j] = true
			t := c.meta(j)
			it.pic, it.title, it.key = t.pic, t.title, t.id
			switch u := r.IntN(100); {
			case u < 74: // id and exact title
			case u < 78: // id, headline retyped in another case
				it.title = caseVariant(r, t.title)
			case u < 88: // an id the corpus lacks, exact title
				it.key = t.gapID
			case u < 96: // an id the corpus lacks, title variant
				it.key = t.gapID
				it.title = titleVariant(r, t.title)
			default: // no id at all
				it.key = 0
				if r.IntN(2) == 0 {
					it.title = titleVariant(r, t.title)
				}
			}
		} else {
			// A story outside the corpus: older than it, or one of the
			// site's ids between the corpus files.
			o := newRand(c.seed, streamOutside, i*maxRelated+k)
			if o.IntN(2) == 0 || c.n == 0 {
				it.key = outsideMin + o.IntN(idBase-outsideMin)
			} else {
				it.key = c.meta(o.IntN(c.n)).gapID
			}
			video := o.IntN(3) == 0
			when := m.published.Add(-time.Duration(o.Int64N(int64(30 * 24 * time.Hour))))
			it.pic = picPath(o, when, video)
			it.title = headline(o, video)
		}
		if it.key > 0 {
			it.id = strconv.Itoa(it.key)
		}
		items = append(items, it)
	}
	// The site lists related stories by ascending id, and numbers them
	// consecutively in that order.
	slices.SortStableFunc(items, func(a, b related) int { return cmp.Compare(a.key, b.key) })
	for k := range items {
		items[k].sort = strconv.Itoa(sortBase + i*maxRelated + k)
	}
	return items
}

// target picks a file near i to link to, mostly an older one.
func (c corpus) target(r *rand.Rand, i int, used map[int]bool) (int, bool) {
	for range 8 {
		var j int
		older := i > 0 && (i == c.n-1 || r.IntN(10) < 9)
		if older {
			j = i - 1 - r.IntN(min(i, window))
		} else if i < c.n-1 {
			j = i + 1 + r.IntN(min(c.n-1-i, window))
		} else {
			return 0, false
		}
		if !used[j] {
			return j, true
		}
	}
	return 0, false
}

// appendPayload writes the JSON the way the site's var_dump shows it: every
// value a string, objects joined by "} ,{", the array closed by "} ]", and
// non-ASCII left raw.
func appendPayload(buf []byte, items []related) []byte {
	if len(items) == 0 {
		return append(buf, "[]"...)
	}
	buf = append(buf, '[')
	for k, it := range items {
		if k > 0 {
			buf = append(buf, " ,"...)
		}
		buf = append(buf, `{"id":"`...)
		buf = append(buf, it.id...)
		buf = append(buf, `","sort":"`...)
		buf = append(buf, it.sort...)
		buf = append(buf, `","contenttypeid":"21","pic":"`...)
		buf = append(buf, it.pic...)
		buf = append(buf, `","title":"`...)
		buf = append(buf, it.title...)
		buf = append(buf, `"}`...)
	}
	return append(buf, " ]"...)
}

// titleVariant retypes a headline the way another page of the site might:
// curly apostrophes straightened (or the reverse), an em dash typed as a
// hyphen, or a change of case.
func titleVariant(r *rand.Rand, t string) string {
	switch {
	case r.IntN(3) == 0:
		return caseVariant(r, t)
	case strings.Contains(t, "\u2019"):
		return strings.ReplaceAll(t, "\u2019", "'")
	case strings.Contains(t, "'"):
		return strings.ReplaceAll(t, "'", "\u2019")
	case strings.Contains(t, "\u2014"):
		return strings.ReplaceAll(t, "\u2014", "-")
	}
	return caseVariant(r, t)
}

func caseVariant(r *rand.Rand, t string) string {
	if r.IntN(2) == 0 {
		return strings.ToUpper(t)
	}
	// Sentence case: only the first letter stays a capital.
	return t[:1] + strings.ToLower(t[1:])
}

// headline makes a title of 40 to 110 bytes.
func headline(r *rand.Rand, video bool) string {
	for {
		var b strings.Builder
		if video && r.IntN(4) != 0 {
			b.WriteString("VIDEO: ")
		}
		b.WriteString(headSubject(r))
		b.WriteByte(' ')
		b.WriteString(pick(r, headVerbs))
		b.WriteByte(' ')
		b.WriteString(headObject(r))
		for b.Len() < 40 || (b.Len() < 70 && r.IntN(3) == 0) {
			switch r.IntN(6) {
			case 0:
				b.WriteString(" \u2014 ")
				b.WriteString(headSubject(r))
				b.WriteByte(' ')
				b.WriteString(pick(r, headVerbs))
				b.WriteByte(' ')
				b.WriteString(headObject(r))
			case 1:
				b.WriteString(" as ")
				b.WriteString(headSubject(r))
				b.WriteByte(' ')
				b.WriteString(pick(r, headVerbs))
				b.WriteByte(' ')
				b.WriteString(headObject(r))
			case 2:
				b.WriteString(pick(r, []string{": Report", ", Officials Say", ", Sources Say", ": Witnesses"}))
			case 3:
				b.WriteString(" & ")
				b.WriteString(titleCase(pick(r, nouns)))
			default:
				b.WriteByte(' ')
				b.WriteString(pick(r, []string{"in", "near", "after", "amid", "over", "at"}))
				b.WriteByte(' ')
				b.WriteString(pick(r, placesAndCities))
			}
		}
		if t := b.String(); len(t) <= 110 {
			return t
		}
	}
}

func headSubject(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return possessive(r, pick(r, places), 7) + " " + pick(r, roles)
	case 1:
		return pick(r, places) + " " + pick(r, orgs)
	case 2:
		return pick(r, roles) + " " + pick(r, surnames)
	case 3:
		return pick(r, cities) + " " + pick(r, []string{"Mayor", "Governor", "Court", "Police Chief"})
	}
	return pick(r, places)
}

func headObject(r *rand.Rand) string {
	s := titleCase(pick(r, nouns))
	if r.IntN(2) == 0 {
		s = titleCase(pick(r, adjectives)) + " " + s
	}
	if r.IntN(8) == 0 {
		s = "\u201c" + s + "\u201d"
	}
	if r.IntN(2) == 0 {
		s += " " + pick(r, preps) + " " + pick(r, placesAndCities)
	}
	if r.IntN(6) == 0 {
		s += " " + pick(r, []string{"in " + strconv.Itoa(2+r.IntN(40)) + " Years", "for " + strconv.Itoa(2+r.IntN(900)) + " Days", "Worth $" + strconv.Itoa(1+r.IntN(90)) + " Billion"})
	}
	return s
}

// possessive adds 's. Headlines use a curly apostrophe most of the time, as
// the site types them; running text mostly a straight one.
func possessive(r *rand.Rand, s string, curly int) string {
	if r.IntN(10) < curly {
		return s + "\u2019s"
	}
	return s + "'s"
}

func titleCase(s string) string {
	words := strings.Split(s, " ")
	for k, w := range words {
		if k > 0 && smallWords[w] {
			continue
		}
		words[k] = capFirst(w)
	}
	return strings.Join(words, " ")
}

func capFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// body makes 3 to 12 paragraphs of about 15 to 120 words, 160 to 1000 words
// in all (1.3 to 8 KB files, most between 2 and 5 KB).
func body(r *rand.Rand) []string {
	count := 3 + int(10*math.Pow(r.Float64(), 1.3))
	targets := make([]int, 0, 12)
	total := 0
	for k := 0; k < count || (total < 160 && k < 12); k++ {
		w := 15 + int(105*math.Pow(r.Float64(), 1.7))
		if k >= 3 && total+w > 1000 {
			break
		}
		targets = append(targets, w)
		total += w
	}
	paras := make([]string, len(targets))
	for k, w := range targets {
		paras[k] = paragraph(r, w)
	}
	return paras
}

// paragraph writes sentences until it holds about words words. A quarter of
// paragraphs are quotes with an attribution.
func paragraph(r *rand.Rand, words int) string {
	var b strings.Builder
	quote := r.IntN(4) == 0
	if quote {
		b.WriteByte('"')
	}
	n := 0
	for n < words-4 || n == 0 {
		if n > 0 {
			b.WriteByte(' ')
		}
		s := sentence(r)
		n += strings.Count(s, " ") + 1
		b.WriteString(s)
	}
	p := b.String()
	if quote {
		// "...last sentence," Name said.
		p = p[:len(p)-1] + ",\" " + speaker(r) + " " + pick(r, reporting) + "."
	}
	return p
}

func speaker(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return pick(r, surnames)
	case 1:
		return "a spokesman for the " + pick(r, orgs)
	}
	return pick(r, roles) + " " + pick(r, firstNames) + " " + pick(r, surnames)
}

func subject(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return "officials in " + pick(r, cities)
	case 1:
		return "the " + pick(r, orgs)
	case 2:
		return possessive(r, pick(r, places), 1) + " " + pick(r, roles) + " " + pick(r, firstNames) + " " + pick(r, surnames)
	case 3:
		return pick(r, roles) + " " + pick(r, firstNames) + " " + pick(r, surnames)
	case 4:
		return "the " + pick(r, []string{"", "new ", "interim ", "regional "}) + "government in " + pick(r, cities)
	}
	return pick(r, groups)
}

func object(r *rand.Rand) string {
	s := "the " + pick(r, nouns)
	if r.IntN(2) == 0 {
		s = "the " + pick(r, adjectives) + " " + pick(r, nouns)
	}
	if r.IntN(2) == 0 {
		s += " " + pick(r, preps) + " " + pick(r, placesAndCities)
	}
	return s
}

func sentence(r *rand.Rand) string {
	var s string
	switch r.IntN(8) {
	case 0:
		s = subject(r) + " said " + subject(r) + " " + pick(r, modals) + " " + pick(r, verbs)[1] + " " + object(r) + " " + pick(r, times)
	case 1:
		n := 2 + r.IntN(60)
		if r.IntN(4) == 0 {
			n = 100 * (5 + r.IntN(400))
		}
		s = "According to " + subject(r) + ", at least " + formatInt(n) + " people were " + pick(r, casualties) + " " + pick(r, preps[:3]) + " " + pick(r, cities) + " " + pick(r, times)
	case 2:
		s = "the " + pick(r, []string{"move", "decision", "announcement", "step", "visit"}) + " " + pick(r, []string{"comes", "came"}) + " " + pick(r, []string{"after", "amid", "despite"}) + " " + pick(r, adjectives) + " " + pick(r, nouns) + " " + pick(r, preps) + " " + possessive(r, pick(r, places), 1) + " " + pick(r, []string{"north", "south", "capital", "border regions", "east"})
	case 3:
		s = subject(r) + " " + pick(r, verbs)[0] + " " + object(r) + ", " + pick(r, conjunctions) + " " + subject(r) + " " + pick(r, verbs)[0] + " " + object(r)
	case 4:
		sep := ", "
		if r.IntN(4) == 0 {
			sep = " \u2014 "
		}
		s = subject(r) + " " + pick(r, verbs)[0] + " " + object(r) + sep + pick(r, asides)
	case 5:
		s = "it was not immediately clear whether " + subject(r) + " " + pick(r, modals[:3]) + " " + pick(r, verbs)[1] + " " + object(r)
	default:
		s = subject(r) + " " + pick(r, verbs)[0] + " " + object(r) + " " + pick(r, times)
	}
	return capFirst(s) + "."
}

// formatInt writes n with thousands separators.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	for k := len(s) - 3; k > 0; k -= 3 {
		s = s[:k] + "," + s[k:]
	}
	return s
}

// The word pools below are written for this generator. They give headlines
// and paragraphs the shape of wire-service news (proper nouns, numbers, the
// occasional curly apostrophe and em dash) without any real article text.

var places = []string{
	"Syria", "Iraq", "Yemen", "Lebanon", "Iran", "Turkey", "Egypt", "Jordan",
	"Libya", "Tunisia", "Bahrain", "Qatar", "Oman", "Kuwait", "Afghanistan",
	"Pakistan", "India", "China", "Japan", "Russia", "Ukraine", "Germany",
	"France", "Britain", "Italy", "Spain", "Greece", "Brazil", "Venezuela",
	"Mexico", "Canada", "Nigeria", "Kenya", "Ethiopia", "Sudan", "Somalia",
	"Indonesia", "Malaysia", "Vietnam", "Korea", "Australia", "Cuba", "Chile",
	"Argentina", "Poland", "Sweden", "Norway", "Hungary", "Serbia", "Armenia",
	"Azerbaijan", "Georgia", "Kazakhstan", "Algeria", "Morocco", "Bolivia",
	"Peru", "Colombia", "Ghana", "Senegal",
}

var cities = []string{
	"Baghdad", "Damascus", "Beirut", "Cairo", "Tehran", "Ankara", "Moscow",
	"Beijing", "Geneva", "Vienna", "Brussels", "Paris", "London", "Berlin",
	"New Delhi", "Kabul", "Sanaa", "Mosul", "Basra", "Tripoli", "Doha",
	"Riyadh", "Istanbul", "Athens", "Madrid", "Rome", "Tokyo", "Seoul",
	"Nairobi", "Lagos", "Karachi", "Jakarta", "Hanoi", "Caracas", "Havana",
	"Warsaw", "Budapest", "Belgrade", "Yerevan", "Baku", "Tbilisi", "Astana",
	"Algiers", "Rabat", "La Paz", "Lima", "Bogota", "Accra", "Dakar", "Minsk",
}

// orgs are proper names that take "the" in running text.
var orgs = []string{
	"UN", "EU", "Security Council", "World Bank", "IMF", "Red Cross",
	"Interior Ministry", "Defense Ministry", "Foreign Ministry",
	"Health Ministry", "Central Bank", "Supreme Court", "Parliament",
	"Senate", "Army", "Navy", "Air Force", "Police", "Cabinet",
	"Election Commission", "Energy Ministry", "Trade Ministry",
	"Human Rights Council", "Atomic Energy Agency", "Arab League",
	"African Union", "Coast Guard", "Border Guard", "Customs Service",
	"Finance Ministry",
}

// groups are plural subjects that need no article.
var groups = []string{
	"officials", "lawmakers", "protesters", "rebels", "militants",
	"diplomats", "monitors", "aid groups", "refugees", "voters", "farmers",
	"students", "investors", "doctors", "residents", "witnesses", "analysts",
	"security sources", "medical sources", "local officials", "opposition leaders",
	"union leaders", "government forces", "peacekeepers", "firefighters",
	"rescue teams", "teachers", "truck drivers", "business leaders", "judges",
}

var roles = []string{
	"President", "Prime Minister", "Foreign Minister", "Defense Minister",
	"Interior Minister", "Economy Minister", "Health Minister", "Envoy",
	"Spokesman", "Governor", "Mayor", "General", "Commander", "Ambassador",
	"Speaker", "Deputy Foreign Minister", "Oil Minister", "Opposition Leader",
}

var firstNames = []string{
	"Ali", "Sara", "Omar", "Leila", "Ivan", "Elena", "Wei", "Yuki", "Amara",
	"Daniel", "Maria", "Lucas", "Anna", "Reza", "Mehmet", "Aisha", "Jonas",
	"Nadia", "Pablo", "Sofia", "Karim", "Hana", "Tomas", "Ines", "Farid",
	"Mina", "Viktor", "Rania", "Kofi", "Zainab",
}

var surnames = []string{
	"Hassan", "Karimi", "Novak", "Petrov", "Chen", "Tanaka", "Okafor",
	"Mensah", "Silva", "Moreno", "Rossi", "Müller", "Dubois", "Kowalski",
	"Haddad", "Rahimi", "Yilmaz", "Demir", "Ivanova", "Sato", "Kim", "Park",
	"Nguyen", "Singh", "Sharma", "Khan", "Qureshi", "Abdi", "Warsame",
	"Lindqvist", "Andersen", "Fischer", "Garcia", "Lopez", "Ortega", "Costa",
	"Papadopoulos", "Horvat", "Kovacs", "Nasser", "Saleh", "Bakr", "Amini",
	"Farouk", "Osei", "Diallo", "Traoré", "Ramos", "Vargas", "Herrera",
}

// headVerbs are headline verbs in the present tense.
var headVerbs = []string{
	"Condemns", "Warns of", "Rejects", "Backs", "Urges", "Seeks", "Signs",
	"Launches", "Denies", "Slams", "Hails", "Vows", "Calls for", "Plans",
	"Approves", "Blocks", "Halts", "Resumes", "Extends", "Expands", "Cuts",
	"Raises", "Lifts", "Imposes", "Targets", "Hits", "Captures", "Frees",
	"Arrests", "Meets on", "Hosts", "Joins", "Quits", "Boosts", "Eyes",
	"Probes", "Bans", "Delays", "Weighs", "Unveils", "Pushes", "Defends",
}

// verbs are past-tense verbs for running text, each with its base form.
var verbs = [][2]string{
	{"announced", "announce"}, {"warned of", "warn of"}, {"rejected", "reject"},
	{"backed", "back"}, {"urged", "urge"}, {"sought", "seek"}, {"signed", "sign"},
	{"launched", "launch"}, {"denied", "deny"}, {"criticized", "criticize"},
	{"welcomed", "welcome"}, {"called for", "call for"}, {"approved", "approve"},
	{"blocked", "block"}, {"halted", "halt"}, {"resumed", "resume"},
	{"extended", "extend"}, {"expanded", "expand"}, {"cut", "cut"},
	{"raised", "raise"}, {"lifted", "lift"}, {"imposed", "impose"},
	{"targeted", "target"}, {"captured", "capture"}, {"released", "release"},
	{"reviewed", "review"}, {"investigated", "investigate"}, {"banned", "ban"},
	{"delayed", "delay"}, {"confirmed", "confirm"}, {"discussed", "discuss"},
	{"proposed", "propose"}, {"pledged", "pledge"}, {"questioned", "question"},
	{"demanded", "demand"}, {"supported", "support"}, {"opposed", "oppose"},
	{"postponed", "postpone"}, {"finalized", "finalize"}, {"suspended", "suspend"},
}

var adjectives = []string{
	"new", "major", "fresh", "key", "joint", "rare", "deadly", "tough",
	"long-awaited", "controversial", "historic", "urgent", "military",
	"economic", "political", "diplomatic", "regional", "national",
	"international", "local", "border", "humanitarian", "nuclear", "financial",
	"public", "security", "emergency", "temporary", "formal", "direct",
	"bilateral", "landmark", "massive", "limited", "renewed", "failed",
	"possible", "official", "secret", "annual", "early", "final", "crucial",
	"broader", "multi-billion-dollar", "three-day", "year-long", "cross-border",
}

var nouns = []string{
	"talks", "deal", "agreement", "sanctions", "strike", "attack", "offensive",
	"ceasefire", "truce", "election", "vote", "reform", "budget", "crisis",
	"protest", "rally", "summit", "meeting", "investigation", "report", "plan",
	"policy", "law", "bill", "ban", "tax", "tariffs", "exports", "imports",
	"oil output", "gas supplies", "prices", "inflation", "growth", "economy",
	"currency", "debt", "loan", "aid", "troops", "convoy", "camp", "hospital",
	"school", "drought", "floods", "earthquake", "storm", "wildfire",
	"outbreak", "vaccine", "pipeline", "port", "airport", "railway", "bridge",
	"dam", "power plant", "factory", "harvest", "contract", "investment",
	"project", "corridor", "checkpoint", "negotiations", "initiative",
	"inquiry", "court ruling", "verdict", "trial", "appeal", "mission",
	"operation", "campaign", "coalition", "alliance", "partnership",
	"dispute", "tensions", "clashes", "shelling", "airstrikes", "drone program",
	"missile test", "arms shipments", "fuel shortages", "water supply",
	"food prices", "medicine stocks", "jobs plan", "wage talks", "pensions",
	"housing market", "transport strike", "peace process", "trade route",
}

var preps = []string{
	"in", "near", "over", "after", "amid", "despite", "against", "with",
	"for", "along", "across", "outside",
}

var times = []string{
	"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
	"on Saturday", "on Sunday", "last week", "earlier this month",
	"late on Friday", "this year", "in recent days", "overnight",
	"last month", "this morning", "on Sunday evening", "since January",
}

var reporting = []string{
	"said", "told reporters", "said in a statement", "told state television",
	"said at a news conference", "wrote on social media", "told a news agency",
	"said on Saturday", "added", "told lawmakers",
}

var casualties = []string{
	"killed", "injured", "displaced", "evacuated", "arrested", "rescued",
	"detained", "wounded",
}

var conjunctions = []string{"while", "as", "after", "although", "but", "and", "because"}

var modals = []string{"would", "could", "might", "will", "may", "plans to", "is expected to"}

var asides = []string{
	"a move critics called premature",
	"the first such step in years",
	"a claim the government denies",
	"according to two people familiar with the matter",
	"a figure that could still rise",
	"something officials had ruled out only weeks ago",
	"the latest in a series of setbacks",
	"despite repeated warnings",
}

// smallWords stay lower case in a headline.
var smallWords = map[string]bool{
	"in": true, "on": true, "at": true, "for": true, "of": true, "to": true,
	"and": true, "with": true, "as": true, "over": true, "near": true,
	"after": true, "amid": true, "the": true, "a": true, "by": true,
	"from": true, "along": true, "across": true, "against": true,
	"despite": true, "outside": true,
}

var placesAndCities = append(append([]string(nil), places...), cities...)
