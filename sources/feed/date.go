package feed

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// parseDate reads a date the way feeds write them, which is often not the
// way their format says: RFC 822 with missing or extra commas and two-digit
// years, zone names (US, European, Etc/GMT±N, GMT+01:00), ISO 8601 in part
// ("2003-12", "2003-12-31T10:14") or with a space before the time, and
// month and day names in English, French, German, Spanish, Italian,
// Portuguese and Dutch. A date without a zone is read as UTC. Numeric dates
// such as 02/03/2024 are refused: only the feed's country could say which
// number is the month.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 120 {
		return time.Time{}, false
	}
	var d dateParts
	rest, iso := d.isoDate(s)
	if !iso {
		d, rest = dateParts{}, s
	}
	if !d.scan(rest) {
		return time.Time{}, false
	}
	return d.time()
}

// itemDate reads one of an item's dates: raw as the feed wrote it, parsed
// as gofeed read it. Our reading comes first, as gofeed gives zone names
// it does not know (ET, MEST) a zero offset; gofeed's serves for what ours
// refuses. It returns the date, its text cleaned, and whether the date is
// usable.
func itemDate(raw string, parsed *time.Time) (time.Time, string, bool) {
	text := cleanLine(raw)
	if t, ok := parseDate(text); ok && usableDate(&t) {
		return t, text, true
	}
	if usableDate(parsed) {
		return *parsed, text, true
	}
	return time.Time{}, text, false
}

// dateParts collects the fields of a date as they are found.
type dateParts struct {
	year, month, day       int
	hour, min, sec, nsec   int
	hasYear, hasMonth      bool
	hasDay, hasTime        bool
	weakMonth              bool // the month came from a word that may be a weekday ("mar.")
	meridiem               byte // 'a' or 'p' for a 12-hour clock, else 0
	zone                   zone
	hasZone, numericOffset bool
}

// zone is a UTC offset in seconds; us names a US zone whose offset goes by
// the US daylight saving rules of the date (ET, PT, ...).
type zone struct {
	offset int
	us     bool
}

// isoDate reads the YYYY[-MM[-DD]] an ISO 8601 date starts with and
// returns what follows it (the time, after a T or a space).
func (d *dateParts) isoDate(s string) (string, bool) {
	if len(s) < 4 || !allDigits(s[:4]) || len(s) > 4 && s[4] != '-' {
		return "", false
	}
	d.year, d.hasYear = atoi(s[:4]), true
	d.month, d.day, d.hasMonth, d.hasDay = 1, 1, true, true
	i := 4
	for k, field := range []*int{&d.month, &d.day} {
		if i == len(s) || s[i] != '-' {
			break
		}
		if i+3 > len(s) || !allDigits(s[i+1:i+3]) || i+3 < len(s) && isDigit(s[i+3]) {
			return "", false
		}
		*field = atoi(s[i+1 : i+3])
		i += 3
		if k == 0 && i < len(s) && s[i] != '-' {
			// "2003-12" is a month; anything else after it is not ISO.
			return "", false
		}
	}
	if i == len(s) {
		return "", true
	}
	if c := s[i]; c != 'T' && c != 't' && c != ' ' {
		return "", false
	}
	if i+1 == len(s) || !isDigit(s[i+1]) && s[i] != ' ' {
		return "", false
	}
	return s[i+1:], true
}

// scan reads the words and numbers of a date, in any order a feed might
// put them.
func (d *dateParts) scan(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r' || c == '.':
			i++
		case c == '(':
			// A comment, as in "-0800 (PST)": the offset says it all.
			j := strings.IndexByte(s[i:], ')')
			if j < 0 {
				return false
			}
			i += j + 1
		case c == '+' || c == '-' && d.hasTime && i+1 < len(s) && isDigit(s[i+1]):
			n, ok := d.offset(s[i:], false)
			if !ok {
				return false
			}
			i += n
		case c == '-':
			// A separator, as in RFC 850's 02-Jan-06.
			i++
		case isDigit(c):
			n, ok := d.number(s[i:])
			if !ok {
				return false
			}
			i += n
		default:
			n, ok := d.word(s[i:])
			if !ok {
				return false
			}
			i += n
		}
	}
	return true
}

// number reads a number: a time of day, a day (with an ordinal suffix or
// not) or a year.
func (d *dateParts) number(s string) (int, bool) {
	n := digits(s)
	if n > 4 {
		return 0, false
	}
	v := atoi(s[:n])
	if n < len(s) {
		switch c := s[n]; {
		case c == ':' || c == 'h' && n+1 < len(s) && isDigit(s[n+1]):
			return d.clock(s)
		case c == '/' || c == '.' && n+1 < len(s) && isDigit(s[n+1]):
			// 02/03/2024 or 2.3.2024: day first or month first?
			return 0, false
		}
	}
	if suffix := ordinalSuffix(s[n:]); suffix > 0 {
		if d.hasDay || v < 1 || v > 31 {
			return 0, false
		}
		d.day, d.hasDay = v, true
		return n + suffix, true
	}
	switch {
	case n <= 2 && v <= 31 && !d.hasDay:
		d.day, d.hasDay = v, true
	case d.hasYear:
		return 0, false
	case n == 4:
		d.year, d.hasYear = v, true
	case n == 3:
		// RFC 5322: a three-digit year counts from 1900.
		d.year, d.hasYear = v+1900, true
	default:
		// RFC 5322's reading of two-digit years.
		d.year, d.hasYear = v+2000, true
		if v >= 50 {
			d.year = v + 1900
		}
	}
	return n, true
}

// ordinalSuffix returns the length of the ordinal suffix s starts with
// ("st", "th", "er", "º"), 0 for none.
func ordinalSuffix(s string) int {
	for _, suf := range []string{"st", "nd", "rd", "th", "er", "e", "º", "ª", "°"} {
		if len(s) >= len(suf) && strings.EqualFold(s[:len(suf)], suf) {
			if r, _ := utf8.DecodeRuneInString(s[len(suf):]); len(s) == len(suf) || !unicode.IsLetter(r) {
				return len(suf)
			}
		}
	}
	return 0
}

// clock reads hh:mm[:ss[.fraction]] (or the French 10h30).
func (d *dateParts) clock(s string) (int, bool) {
	if d.hasTime {
		return 0, false
	}
	fields := []*int{&d.hour, &d.min, &d.sec}
	i := 0
	for k, f := range fields {
		n := digits(s[i:])
		if n == 0 || n > 2 {
			if k == 2 || k == 1 && s[i-1] == 'h' {
				// "10h" and "15:04:" end early.
				break
			}
			return 0, false
		}
		*f = atoi(s[i : i+n])
		i += n
		if i == len(s) || k == 2 || s[i] != ':' && !(k == 0 && s[i] == 'h') {
			break
		}
		i++
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') && i+1 < len(s) && isDigit(s[i+1]) {
		n := digits(s[i+1:])
		frac := s[i+1 : i+1+min(n, 9)]
		d.nsec = atoi(frac + strings.Repeat("0", 9-len(frac)))
		i += 1 + n
	}
	if d.hour > 23 || d.min > 59 || d.sec > 60 {
		return 0, false
	}
	d.hasTime = true
	return i, true
}

// offset reads a numeric UTC offset: +01, +0100, +01:00, -700. invert is
// for Etc/GMT+N, whose sign is POSIX's, the other way round.
func (d *dateParts) offset(s string, invert bool) (int, bool) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	if invert {
		sign = -sign
	}
	i := 1
	n := digits(s[i:])
	var h, m int
	switch {
	case n == 0 || n > 4:
		return 0, false
	case n <= 2:
		h = atoi(s[i : i+n])
		i += n
		if i < len(s) && s[i] == ':' && digits(s[i+1:]) == 2 {
			m = atoi(s[i+1 : i+3])
			i += 3
		}
	default:
		h, m = atoi(s[i:i+n-2]), atoi(s[i+n-2:i+n])
		i += n
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	d.zone, d.hasZone, d.numericOffset = zone{offset: sign * (h*3600 + m*60)}, true, true
	return i, true
}

// word reads a month, weekday, zone, am/pm or filler word.
func (d *dateParts) word(s string) (int, bool) {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case unicode.IsLetter(r):
		case r == '.' && n > 0:
		case r == '-' && n > 0 && startsWithLetter(s[n+1:]):
			// segunda-feira
		default:
			if n == 0 {
				return 0, false
			}
			return d.known(s, n)
		}
		n += size
	}
	if n == 0 {
		return 0, false
	}
	return d.known(s, n)
}

// known interprets the word s[:n]; zone names may take the offset that
// follows them.
func (d *dateParts) known(s string, n int) (int, bool) {
	w := strings.ToLower(strings.ReplaceAll(s[:n], ".", ""))
	switch {
	case w == "am" || w == "pm":
		if !d.hasTime || d.meridiem != 0 || d.hour == 0 || d.hour > 12 {
			return 0, false
		}
		d.meridiem = w[0]
		return n, true
	case w == "etc" && n < len(s) && s[n] == '/':
		rest := s[n+1:]
		if len(rest) < 3 || !strings.EqualFold(rest[:3], "gmt") && !strings.EqualFold(rest[:3], "utc") {
			return 0, false
		}
		used := n + 4
		if used < len(s) && (s[used] == '+' || s[used] == '-') {
			k, ok := d.offset(s[used:], true)
			return used + k, ok
		}
		return used, d.setZone(zone{})
	}
	if z, ok := zoneNames[w]; ok && (d.hasTime || w != "at") {
		if (w == "gmt" || w == "utc" || w == "ut") && n < len(s) && (s[n] == '+' || s[n] == '-') {
			k, ok := d.offset(s[n:], false)
			return n + k, ok
		}
		return n, d.setZone(z)
	}
	if m, ok := months[w]; ok {
		switch {
		case !d.hasMonth:
			d.month, d.hasMonth, d.weakMonth = m, true, weekdayToo[w]
		case d.weakMonth && !weekdayToo[w]:
			d.month, d.weakMonth = m, false
		case !weekdayToo[w]:
			return 0, false
		}
		return n, true
	}
	if weekdays[w] || fillers[w] {
		return n, true
	}
	return 0, false
}

// setZone records a named zone, unless a numeric offset is given too
// ("-0800 PST"): the number is what the writer meant.
func (d *dateParts) setZone(z zone) bool {
	if d.numericOffset {
		return true
	}
	if d.hasZone {
		return false
	}
	d.zone, d.hasZone = z, true
	return true
}

// time builds the date once everything is read.
func (d *dateParts) time() (time.Time, bool) {
	if !d.hasYear || !d.hasMonth || d.month < 1 || d.month > 12 {
		return time.Time{}, false
	}
	if !d.hasDay {
		d.day = 1
	}
	switch d.meridiem {
	case 'a':
		if d.hour == 12 {
			d.hour = 0
		}
	case 'p':
		if d.hour < 12 {
			d.hour += 12
		}
	}
	if d.sec == 60 {
		// A leap second: time.Time has none.
		d.sec = 59
	}
	if d.day < 1 || d.day > daysIn(d.year, time.Month(d.month)) {
		return time.Time{}, false
	}
	offset := d.zone.offset
	if d.zone.us && usDaylightSaving(d.year, time.Month(d.month), d.day, d.hour) {
		offset += 3600
	}
	loc := time.UTC
	if offset != 0 {
		loc = time.FixedZone("", offset)
	}
	return time.Date(d.year, time.Month(d.month), d.day, d.hour, d.min, d.sec, d.nsec, loc), true
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// usDaylightSaving reports whether US daylight saving time is in effect at
// a local standard wall-clock time, by the federal rules of the year
// (2007 on, 1987-2006, 1967-1986; none before).
func usDaylightSaving(year int, m time.Month, day, hour int) bool {
	var start, end time.Time
	switch {
	case year >= 2007:
		start, end = nthSunday(year, time.March, 2), nthSunday(year, time.November, 1)
	case year >= 1987:
		start, end = nthSunday(year, time.April, 1), lastSunday(year, time.October)
	case year >= 1967:
		start, end = lastSunday(year, time.April), lastSunday(year, time.October)
	default:
		return false
	}
	t := time.Date(year, m, day, hour, 0, 0, 0, time.UTC)
	return !t.Before(start.Add(2*time.Hour)) && t.Before(end.Add(2*time.Hour))
}

func nthSunday(year int, m time.Month, n int) time.Time {
	first := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, (7-int(first.Weekday()))%7+7*(n-1))
}

func lastSunday(year int, m time.Month) time.Time {
	last := time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits counts the digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func allDigits(s string) bool { return digits(s) == len(s) }

// atoi reads a short run of digits (callers bound its length).
func atoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

const hour = 3600

// zoneNames are the zone names seen in feeds. CST is read as US Central
// (not China), as most feeds that write it mean. ET, CT, MT, PT and AT are
// the US generic names, standard or daylight by the date.
var zoneNames = map[string]zone{
	"z": {}, "ut": {}, "utc": {}, "gmt": {}, "zulu": {}, "wet": {},
	"west": {offset: hour}, "bst": {offset: hour},
	"cet": {offset: hour}, "met": {offset: hour}, "mez": {offset: hour},
	"cest": {offset: 2 * hour}, "mest": {offset: 2 * hour}, "mesz": {offset: 2 * hour},
	"eet": {offset: 2 * hour}, "eest": {offset: 3 * hour}, "msk": {offset: 3 * hour},
	"est": {offset: -5 * hour}, "edt": {offset: -4 * hour}, "et": {offset: -5 * hour, us: true},
	"cst": {offset: -6 * hour}, "cdt": {offset: -5 * hour}, "ct": {offset: -6 * hour, us: true},
	"mst": {offset: -7 * hour}, "mdt": {offset: -6 * hour}, "mt": {offset: -7 * hour, us: true},
	"pst": {offset: -8 * hour}, "pdt": {offset: -7 * hour}, "pt": {offset: -8 * hour, us: true},
	"ast": {offset: -4 * hour}, "adt": {offset: -3 * hour}, "at": {offset: -4 * hour, us: true},
	"akst": {offset: -9 * hour}, "akdt": {offset: -8 * hour}, "hst": {offset: -10 * hour},
	"jst": {offset: 9 * hour}, "kst": {offset: 9 * hour}, "hkt": {offset: 8 * hour}, "sgt": {offset: 8 * hour},
	"awst": {offset: 8 * hour}, "aest": {offset: 10 * hour}, "aedt": {offset: 11 * hour},
	"acst": {offset: 9*hour + 1800}, "nzst": {offset: 12 * hour}, "nzdt": {offset: 13 * hour},
}

// months maps month names and abbreviations, lower case, to their number:
// English, French, German, Spanish, Italian, Portuguese and Dutch, with and
// without accents.
var months = func() map[string]int {
	names := [12]string{
		"january jan januari janvier janv januar jänner jänn jän enero ene gennaio gen janeiro",
		"february feb februari février fevrier févr fevr fév fev februar febrero febbraio fevereiro",
		"march mar maart mrt mars märz maerz mär mrz marzo março marco",
		"april apr avril avr abril abr aprile",
		"may mai mei mayo maggio mag maio",
		"june jun juin juni junio jun giugno giu junho",
		"july jul juillet juil juli julio luglio lug julho",
		"august aug augustus août aout aoû agosto ago",
		"september sep sept septembre setiembre septiembre settembre set setembro",
		"october oct oktober okt octobre octubre ottobre ott outubro out",
		"november nov novembre noviembre novembro",
		"december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro",
	}
	m := map[string]int{}
	for i, list := range names {
		for _, w := range strings.Fields(list) {
			m[w] = i + 1
		}
	}
	return m
}()

// weekdayToo are month abbreviations that are weekdays too: French and
// Spanish write Tuesday "mar.".
var weekdayToo = map[string]bool{"mar": true}

// weekdays are day names and their abbreviations; a date's weekday is
// redundant and is not checked.
var weekdays = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun
		lundi lun mardi mercredi mer jeudi jeu vendredi ven samedi sam dimanche dim
		montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sonnabend sa sonntag so
		lunes martes miércoles miercoles mié mie jueves jue viernes vie sábado sabado sáb sab domingo dom
		lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi gio venerdì venerdi sabato domenica
		segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira segunda terça terca quarta quinta sexta seg ter qua qui sex
		maandag ma dinsdag woensdag wo donderdag vrijdag vr zaterdag za zondag zo`) {
		m[w] = true
	}
	return m
}()

// fillers are words dates are written with that carry nothing: "12 de
// maio de 2021", "le 3 mai", "3 May 2021 at 10:00", "um 10:00 Uhr".
var fillers = map[string]bool{
	"de": true, "del": true, "of": true, "the": true, "on": true, "at": true, "le": true,
	"à": true, "a": true, "às": true, "as": true, "um": true, "uhr": true, "om": true, "alle": true, "ore": true,
}
