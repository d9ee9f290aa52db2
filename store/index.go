package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"bulletin/model"
	"bulletin/sources"
)

// Library is the set of sources the reader looks at, seen through the store:
// their index, search and "more like this" over them, and the reading state
// (which is the store's, whatever the sources). It implements model.Store
// and is safe for concurrent use; set its fields before using it.
type Library struct {
	db      *DB
	sources []*Source
	// Workers bounds the files read at once (<= 0: twice the CPUs).
	Workers int
	// BatchSize is how many files one transaction of the index writes
	// (<= 0: 1000). Each transaction is committed before the next starts,
	// so an interrupted indexing keeps what it committed.
	BatchSize int
	// SearchDepth, TitleDepth and SimilarDepth bound the articles a
	// search and "more like this" rank (<= 0: the constants of the same
	// names).
	SearchDepth, TitleDepth, SimilarDepth int
}

var _ model.Store = (*Library)(nil)

// Library returns the library of the given folders.
func (db *DB) Library(folders ...*sources.Folder) *Library {
	l := &Library{db: db}
	for _, f := range folders {
		l.sources = append(l.sources, &Source{lib: l, folder: f}, &Source{lib: l, folder: f, stories: true})
	}
	return l
}

// Sources returns the library's sources, for the reader to scan: each
// folder lists from the index and reads only the files that changed; after
// each folder come the stories fetched from its site (DB.KeepStory), from
// the store.
func (l *Library) Sources() []model.Source {
	out := make([]model.Source, len(l.sources))
	for i, s := range l.sources {
		out[i] = s
	}
	return out
}

func (l *Library) workers() int {
	if l.Workers > 0 {
		return l.Workers
	}
	return 2 * runtime.GOMAXPROCS(0)
}

// textWorkers is how many files are read at once for the full-text index:
// writing it is the slow part and takes a core, so one fewer than the CPUs.
func (l *Library) textWorkers() int {
	if l.Workers > 0 {
		return l.Workers
	}
	return max(1, runtime.GOMAXPROCS(0)-1)
}

func (l *Library) batchSize() int {
	if l.BatchSize > 0 {
		return l.BatchSize
	}
	return 1000
}

// Stage is a stage of indexing.
type Stage int

const (
	// Listing reads what the list shows: titles, dates, related counts.
	Listing Stage = iota
	// Text reads the full text of articles into the full-text index.
	Text
)

func (s Stage) String() string {
	if s == Text {
		return "text"
	}
	return "listing"
}

// Progress reports indexing: Done of Total files of one source, in one
// stage. It is reported after each committed transaction.
type Progress struct {
	Source      string
	Stage       Stage
	Done, Total int
}

// Source is one folder of a library, kept in the index. Its Scan is the
// folder's, made fast by the index.
type Source struct {
	lib *Library
	// One of folder and feed is set. stories makes the source the
	// stories fetched from the folder's site, not the folder.
	folder  *sources.Folder
	feed    *FeedSub
	stories bool
	mu      sync.Mutex
	id      int64  // the sources row, 0 until known
	name    string // a feed's label, once its row is known
}

var _ model.Source = (*Source)(nil)

// Load reads the full article, from its file.
func (s *Source) Load(ctx context.Context, a *model.Article) (model.Article, error) {
	switch {
	case s.feed != nil:
		return s.loadItem(ctx, a)
	case s.stories:
		return s.loadStory(ctx, a)
	}
	return s.folder.Load(ctx, a)
}

// indexText reads the title and body of an article for the full-text index.
func (s *Source) indexText(ctx context.Context, path string) (model.Article, error) {
	switch {
	case s.feed != nil:
		return s.itemText(ctx, path)
	case s.stories:
		return s.storyText(ctx, path)
	}
	return s.folder.Load(ctx, &model.Article{Path: path})
}

// dress sets what a listed article takes from its source.
func (s *Source) dress(a *model.Article) {
	a.Origin = s
	if s.stories {
		s.dressStory(a)
		return
	}
	if s.feed == nil {
		a.Source = s.folder.Name
		return
	}
	a.Source, a.Feed, a.Link, a.Tags = s.label(), s.feed.URL, a.ID, s.feed.Tags
}

// display is how a path of the source is shown in messages.
func (s *Source) display(path string) string {
	switch {
	case s.feed != nil:
		return s.feed.URL
	case s.stories && path != "":
		return model.CleanLine(path) // the story's ref
	}
	return s.folder.DisplayPath(path)
}

// sourceID returns the source's row, creating it when create is true and
// the store can be written; 0 when there is none.
func (s *Source) sourceID(ctx context.Context, create bool) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.id != 0 {
		return s.id, nil
	}
	if s.feed != nil {
		return s.feedSourceID(ctx)
	}
	if s.stories {
		return s.storiesSourceID(ctx)
	}
	db := s.lib.db
	key := s.folder.Key()
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM sources WHERE key = ?`, key).Scan(&s.id)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return 0, db.fail("read the index", err)
	}
	if s.id != 0 || !create || db.readOnly {
		return s.id, nil
	}
	err = db.tx(ctx, "index "+s.folder.Name, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sources (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, s.folder.Name); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE key = ?`, key).Scan(&s.id)
	})
	return s.id, err
}

// Scan lists the folder: it walks it (reading no file), sends the articles
// of the index whose files did not change, newest first, then reads the
// files that changed or are new, sends them and writes them to the index,
// and drops the removed ones from the index. On a read-only store it is the
// folder's own Scan.
func (s *Source) Scan(ctx context.Context, workers int) <-chan model.ScanResult {
	if s.feed != nil || s.stories {
		return scanning(ctx, func(emit func(model.ScanResult) bool) { s.scanItems(ctx, emit) })
	}
	if s.lib.db.readOnly {
		return s.folder.Scan(ctx, workers)
	}
	return scanning(ctx, func(emit func(model.ScanResult) bool) {
		if err := s.update(ctx, workers, true, emit, nil); err != nil && ctx.Err() == nil {
			emit(model.ScanResult{Path: s.folder.Root, Err: err})
		}
	})
}

// scanning runs scan in a goroutine, its results sent on the channel it
// returns, which closes when scan returns. emit reports false once ctx is
// cancelled: scan should stop then.
func scanning(ctx context.Context, scan func(emit func(model.ScanResult) bool)) <-chan model.ScanResult {
	out := make(chan model.ScanResult, 256)
	go func() {
		defer close(out)
		scan(func(r model.ScanResult) bool {
			select {
			case out <- r:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	return out
}

// eachArticle calls fn with each indexed article of the source, newest
// first (undated last), until fn returns false.
func (s *Source) eachArticle(ctx context.Context, sourceID int64, fn func(r articleRow) bool) error {
	db := s.lib.db
	rows, err := db.sql.QueryContext(ctx, `SELECT `+articleColumns+` FROM files f
		WHERE f.source_id = ? AND f.kind = 0 ORDER BY f.has_date DESC, f.pub DESC, f.pub_ns DESC, f.ref`, sourceID)
	if err != nil {
		return db.fail("read the index", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanArticle(rows, nil)
		if err != nil {
			return db.fail("read the index", err)
		}
		s.dress(&r.article)
		if !fn(r) {
			return ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return db.fail("read the index", err)
	}
	return nil
}

// update brings the source's index up to date with its folder, sending
// with emit the files it reads and those it cannot, and with sendIndexed
// the indexed files that did not change too (as Scan does). progress, when
// not nil, reports the files read.
func (s *Source) update(ctx context.Context, workers int, sendIndexed bool, emit func(model.ScanResult) bool, progress func(Progress)) error {
	id, err := s.sourceID(ctx, true)
	if err != nil {
		return err
	}
	p, err := s.plan(ctx, id, workers)
	if err != nil {
		return err
	}
	for _, r := range p.problems {
		if !emit(r) {
			return ctx.Err()
		}
	}
	if sendIndexed {
		if err := s.emitIndexed(ctx, id, p, emit); err != nil {
			return err
		}
	}
	return s.apply(ctx, id, p, workers, emit, progress)
}

// dirPlan is what an update does to one directory.
type dirPlan struct {
	stat    sources.DirStat
	id      int64 // the dirs row, 0 for a new directory
	fp      int64
	pending int  // files to write before the fingerprint may be
	isNew   bool // not in the index before this update: no file rows to replace
	dirty   bool // a file could not be read: leave the fingerprint unset
	changed bool
	// For a directory the walk did not stat (sources.DirStat.Unstated),
	// fp is made from its files as they are written: the sum of their
	// parts so far, and how many files it has.
	fpSum uint64
	files int
}

// written counts a file of the directory as written: for an unstated
// directory, its part of the fingerprint, with the size and stamp its
// reader took from it.
func (d *dirPlan) written(f *sources.FileStat) {
	if d.stat.Unstated {
		d.fpSum += f.FingerprintPart()
		d.fp = sources.Fingerprint(d.fpSum, d.files)
	}
}

// job is one file to read and write to the index.
type job struct {
	dir  *dirPlan
	file sources.FileStat
	path string
}

// plan is what an update of one source does.
type plan struct {
	dirs         []*dirPlan
	jobs         jobList
	removedDirs  []int64
	removedFiles []int64
	// stale are the indexed files that are not to be sent: removed, or
	// changed since they were indexed.
	stale     map[int64]bool
	staleDirs map[int64]bool
	problems  []model.ScanResult
	// jobNames are the names of the jobs by directory, once asked for.
	jobNames map[int64]map[string]bool
}

type storedFile struct {
	id          int64
	size, stamp int64
	kind        int
}

// plan walks the folder and compares it with the index: directories whose
// fingerprint did not change are skipped whole; in the others, files are
// compared by size and time.
func (s *Source) plan(ctx context.Context, sourceID int64, workers int) (*plan, error) {
	db := s.lib.db
	type storedDir struct {
		id int64
		fp sql.NullInt64
	}
	stored := map[string]storedDir{}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, path, fingerprint FROM dirs WHERE source_id = ?`, sourceID)
	if err != nil {
		return nil, db.fail("read the index", err)
	}
	for rows.Next() {
		var d storedDir
		var path string
		if err := rows.Scan(&d.id, &path, &d.fp); err != nil {
			rows.Close()
			return nil, db.fail("read the index", err)
		}
		stored[path] = d
	}
	if err := rows.Close(); err != nil {
		return nil, db.fail("read the index", err)
	}
	// With nothing indexed, no stat is compared with the index: the files'
	// sizes and stamps are taken as they are read.
	walk := s.folder.Walk
	if len(stored) == 0 {
		walk = s.folder.WalkNames
	}
	walked, err := walk(ctx, workers)
	if err != nil {
		return nil, err
	}

	p := &plan{stale: map[int64]bool{}, staleDirs: map[int64]bool{}}
	var unreadable []string
	for _, d := range walked {
		sd, known := stored[d.Path]
		delete(stored, d.Path)
		dp := &dirPlan{stat: d, id: sd.id, fp: d.Fingerprint(), isNew: !known, files: len(d.Files)}
		if d.Unstated {
			dp.fp = sources.Fingerprint(0, 0)
		}
		p.dirs = append(p.dirs, dp)
		if d.Err != nil {
			dp.dirty = true
			unreadable = append(unreadable, d.Path)
			name := s.folder.DisplayPath(d.Path)
			p.problems = append(p.problems, model.ScanResult{Path: name, Err: fmt.Errorf("sources: %s: %w", name, d.Err)})
		}
		if known && sd.fp.Valid && sd.fp.Int64 == dp.fp && d.Err == nil {
			continue
		}
		dp.changed = true
		files := map[string]storedFile{}
		if known {
			if files, err = s.storedFiles(ctx, sd.id); err != nil {
				return nil, err
			}
		}
		for _, f := range d.Files {
			old, ok := files[f.Name]
			delete(files, f.Name)
			if ok && sameFile(old, f) {
				continue
			}
			if ok {
				p.stale[old.id] = true
			}
			p.jobs.add(len(p.dirs)-1, f)
			dp.pending++
		}
		if d.Err == nil {
			for _, old := range files {
				p.stale[old.id] = true
				p.removedFiles = append(p.removedFiles, old.id)
			}
		}
	}
	// Directories gone from the folder, unless they are below one that
	// could not be read.
	for path, d := range stored {
		kept := false
		for _, u := range unreadable {
			if u == "." || strings.HasPrefix(path, u+"/") {
				kept = true
				break
			}
		}
		if !kept {
			p.removedDirs = append(p.removedDirs, d.id)
			p.staleDirs[d.id] = true
		}
	}
	return p, nil
}

func sameFile(old storedFile, f sources.FileStat) bool {
	if !f.Article {
		return old.kind == kindSkipped
	}
	return old.kind != kindSkipped && old.size == f.Size && old.stamp == f.Stamp
}

// Kinds of files in the index.
const (
	kindArticle = 0
	kindSkipped = 1
	kindBroken  = 2 // not an article; the reason is in files.error
)

func (s *Source) storedFiles(ctx context.Context, dirID int64) (map[string]storedFile, error) {
	db := s.lib.db
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, size, stamp, kind FROM files WHERE dir_id = ?`, dirID)
	if err != nil {
		return nil, db.fail("read the index", err)
	}
	defer rows.Close()
	files := map[string]storedFile{}
	for rows.Next() {
		var f storedFile
		var name string
		if err := rows.Scan(&f.id, &name, &f.size, &f.stamp, &f.kind); err != nil {
			return nil, db.fail("read the index", err)
		}
		files[name] = f
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read the index", err)
	}
	return files, nil
}

// articleColumns are what a listed article is read from; scanArticle reads
// them.
const articleColumns = `f.id, f.dir_id, f.path, f.ref, f.title, f.article_id, f.has_date, f.pub, f.pub_ns, f.pub_offset, f.date_text, f.related_count, f.warnings`

type articleRow struct {
	id, dirID int64
	article   model.Article
}

func scanArticle(rows interface{ Scan(...any) error }, folder *sources.Folder, extra ...any) (articleRow, error) {
	var r articleRow
	var id, dateText, warnings sql.NullString
	var pub, pubNS, offset int64
	a := &r.article
	dest := append([]any{&r.id, &r.dirID, &a.Path, &a.Ref, &a.Title, &id, &a.HasDate, &pub, &pubNS, &offset, &dateText, &a.RelatedCount, &warnings}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return r, err
	}
	finishArticle(a, id.String, dateText.String, warnings.String, pub, pubNS, offset)
	if folder != nil {
		a.Source = folder.Name
		a.Origin = folder
	}
	return r, nil
}

// finishArticle fills in what an article's row holds in another form
// than the article's.
func finishArticle(a *model.Article, id, dateText, warnings string, pub, pubNS, offset int64) {
	a.ID, a.DateText = id, dateText
	shareRefPath(a)
	switch {
	case a.HasDate:
		a.Published = time.Unix(pub, pubNS).In(zone(offset))
	case pub != 0:
		// Only undated feed items have a pub: when they were first seen.
		a.Seen = time.Unix(pub, 0)
	}
	if warnings != "" {
		a.Warnings = strings.Split(warnings, "\n")
	}
}

// listedColumns are what List reads of an article and its source (not the
// row's ids, which only an update needs), as one text: the driver takes
// SQLite's lock and makes a Go value for every column of every row, and
// twelve columns cost it twice the stepping of the index. The numbers come
// first, then the byte lengths of the texts but the last, then the texts
// one after another (see parse). concat takes NULL as empty, as the
// listing does.
const listedColumns = `concat(f.has_date, ' ', f.pub, ' ', f.pub_ns, ' ', f.pub_offset, ' ', f.related_count, ' ', f.source_id, ' ',
	octet_length(f.path), ' ', octet_length(f.ref), ' ', octet_length(f.title), ' ', octet_length(f.article_id), ' ', octet_length(f.date_text), ' ',
	f.path, f.ref, f.title, f.article_id, f.date_text, f.warnings)`

// listedRow is a row of listedColumns as read, before it is made an
// article: the listing read ahead of a walk holds it for every article
// (see listAhead), and it is less than half the size of a model.Article.
type listedRow struct {
	// text is the row's path, ref, title, id, date text and warnings,
	// each ending at ends[i] (the last at len(text)).
	text               string
	ends               [5]uint32
	hasDate            bool
	related            int
	pub, pubNS, offset int64
	sourceID           int64
}

// listedNumbers is how many numbers start a row of listedColumns.
const listedNumbers = 11

// errListedRow is a row of listedColumns that is not as they make it.
var errListedRow = errors.New("a listed row is not as the index writes it")

// parse reads a row of listedColumns.
func (r *listedRow) parse(s string) error {
	var nums [listedNumbers]int64
	i := 0
	for k := range nums {
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			return errListedRow
		}
		if j > 0 {
			n, err := strconv.ParseInt(s[i:i+j], 10, 64)
			if err != nil {
				return errListedRow
			}
			nums[k] = n
		}
		i += j + 1
	}
	r.text = s[i:]
	r.hasDate, r.pub, r.pubNS, r.offset = nums[0] != 0, nums[1], nums[2], nums[3]
	r.related, r.sourceID = int(nums[4]), nums[5]
	end := int64(0)
	for k, n := range nums[6:] {
		end += n
		if n < 0 || end > int64(len(r.text)) {
			return errListedRow
		}
		r.ends[k] = uint32(end)
	}
	return nil
}

// part is the row's k-th text (see text).
func (r *listedRow) part(k int) string {
	start, end := uint32(0), uint32(len(r.text))
	if k > 0 {
		start = r.ends[k-1]
	}
	if k < len(r.ends) {
		end = r.ends[k]
	}
	return r.text[start:end]
}

func (r *listedRow) ref() string { return r.part(1) }

// article is the row's article, as scanArticle gives it.
func (r *listedRow) article() model.Article {
	a := model.Article{Path: r.part(0), Ref: r.part(1), Title: r.part(2), HasDate: r.hasDate, RelatedCount: r.related}
	finishArticle(&a, r.part(3), r.part(4), r.part(5), r.pub, r.pubNS, r.offset)
	return a
}

// result is the row as List sends it, dressed by its source.
func (r *listedRow) result(src *Source) model.ScanResult {
	a := r.article()
	src.dress(&a)
	return model.ScanResult{Article: a}
}

// shareRefPath makes an article's ref, path and id one string where they
// can be: a folder's ref ends with the path without its extension, and the
// id is part of the file name. The reader holds every listed article, and
// three copies of each would cost it megabytes for 100,000.
func shareRefPath(a *model.Article) {
	ext := path.Ext(a.Path)
	stem := a.Path[:len(a.Path)-len(ext)]
	n := len(a.Ref) - len(stem)
	if stem == "" || n < 2 || a.Ref[n-1] != '/' || a.Ref[n:] != stem {
		return
	}
	joined := a.Ref + ext
	a.Ref, a.Path = joined[:len(a.Ref)], joined[n:]
	if i := strings.LastIndex(a.Path, a.ID); a.ID != "" && i >= 0 {
		a.ID = a.Path[i : i+len(a.ID)]
	}
}

func zone(offset int64) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	// One Location an offset, not one a row: a library of 100,000
	// articles with zones would otherwise hold 100,000 of them.
	if loc, ok := zones.Load(offset); ok {
		return loc.(*time.Location)
	}
	loc, _ := zones.LoadOrStore(offset, time.FixedZone("", int(offset)))
	return loc.(*time.Location)
}

var zones sync.Map // offset in seconds: *time.Location

// emitIndexed sends the indexed files that the plan keeps: articles newest
// first, then the files that are not articles.
func (s *Source) emitIndexed(ctx context.Context, sourceID int64, p *plan, emit func(model.ScanResult) bool) error {
	err := s.eachArticle(ctx, sourceID, func(r articleRow) bool {
		if p.stale[r.id] || p.staleDirs[r.dirID] {
			return true
		}
		return emit(model.ScanResult{Article: r.article})
	})
	if err != nil {
		return err
	}
	return s.eachOther(ctx, sourceID, func(id, dirID int64, r model.ScanResult) bool {
		if p.stale[id] || p.staleDirs[dirID] {
			return true
		}
		return emit(r)
	})
}

// eachOther calls fn for each indexed file of the source that is not an
// article: skipped files, and files that are not articles with the reason.
func (s *Source) eachOther(ctx context.Context, sourceID int64, fn func(id, dirID int64, r model.ScanResult) bool) error {
	db := s.lib.db
	rows, err := db.sql.QueryContext(ctx, `SELECT id, dir_id, path, kind, error FROM files WHERE source_id = ? AND kind <> 0`, sourceID)
	if err != nil {
		return db.fail("read the index", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, dirID int64
		var path string
		var kind int
		var msg sql.NullString
		if err := rows.Scan(&id, &dirID, &path, &kind, &msg); err != nil {
			return db.fail("read the index", err)
		}
		r := model.ScanResult{Path: s.folder.DisplayPath(path), Skipped: kind == kindSkipped}
		if kind == kindBroken {
			r.Err = sources.RestoreParseError(r.Path, msg.String)
		}
		if !fn(id, dirID, r) {
			return ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return db.fail("read the index", err)
	}
	return nil
}

// read is a job done: the file read, or why not.
type read struct {
	job
	seq     int // the job's place in the plan
	article model.Article
	err     error
}

// apply carries out a plan: it drops what was removed, reads the changed
// and new files with a pool of workers, and writes them in batched
// transactions, sending each file with emit after its transaction commits.
func (s *Source) apply(ctx context.Context, sourceID int64, p *plan, workers int, emit func(model.ScanResult) bool, progress func(Progress)) error {
	if err := s.prepare(ctx, sourceID, p); err != nil || p.jobs.len() == 0 {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return s.write(ctx, sourceID, p, s.readAll(ctx, p, workers), emit, progress)
}

// prepare does the part of a plan that comes before the files are read:
// it drops what was removed and writes the rows of new directories, so
// files can point at them.
func (s *Source) prepare(ctx context.Context, sourceID int64, p *plan) error {
	db := s.lib.db
	if p.noop() {
		return nil
	}
	return db.tx(ctx, "update the index of "+s.folder.Name, func(tx *sql.Tx) error {
		if err := dropTitleIndex(ctx, tx, p.jobs.len()); err != nil {
			return err
		}
		for _, ids := range chunks(p.removedFiles, 500) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM files WHERE id IN (`+intList(ids)+`)`); err != nil {
				return err
			}
		}
		for _, ids := range chunks(p.removedDirs, 500) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM files WHERE dir_id IN (`+intList(ids)+`)`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM dirs WHERE id IN (`+intList(ids)+`)`); err != nil {
				return err
			}
		}
		for _, d := range p.dirs {
			if !d.changed {
				continue
			}
			if d.id == 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO dirs (source_id, path) VALUES (?, ?) ON CONFLICT DO NOTHING`, sourceID, d.stat.Path); err != nil {
					return err
				}
				if err := tx.QueryRowContext(ctx, `SELECT id FROM dirs WHERE source_id = ? AND path = ?`, sourceID, d.stat.Path).Scan(&d.id); err != nil {
					return err
				}
			}
			if d.pending == 0 && !d.dirty {
				if _, err := tx.ExecContext(ctx, `UPDATE dirs SET fingerprint = ? WHERE id = ?`, d.fp, d.id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// readAll reads the files of jobs with a pool of workers, sending each on
// the channel it returns, which closes when all are read or ctx is done.
func (s *Source) readAll(ctx context.Context, p *plan, workers int) <-chan read {
	todo := make(chan int)
	done := make(chan read, 256)
	go func() {
		defer close(todo)
		for i := range p.jobs.len() {
			select {
			case todo <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range todo {
				j := p.job(i)
				r := read{job: j, seq: i}
				switch {
				case j.file.Article && j.dir.stat.Unstated:
					r.article, r.file.Size, r.file.Stamp, r.err = s.folder.ListingStat(j.path)
					p.jobs.setStat(i, r.file.Size, r.file.Stamp)
				case j.file.Article:
					r.article, r.err = s.folder.Listing(j.path)
				}
				select {
				case done <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}

// write writes the files read for a plan to the index in batched
// transactions, sending each file with emit after its transaction commits.
func (s *Source) write(ctx context.Context, sourceID int64, p *plan, done <-chan read, emit func(model.ScanResult) bool, progress func(Progress)) error {
	db := s.lib.db
	batch := make([]read, 0, s.lib.batchSize())
	written := 0
	flush := func() error {
		for len(batch) > 0 {
			n := 0
			if err := db.tx(ctx, "index "+s.folder.Name, func(tx *sql.Tx) error {
				var err error
				n, err = s.writeBatch(ctx, tx, sourceID, batch)
				return err
			}); err != nil {
				return err
			}
			written += n
			if progress != nil {
				progress(Progress{Source: s.folder.Name, Stage: Listing, Done: written, Total: p.jobs.len()})
			}
			if written < p.jobs.len() {
				db.yield(ctx)
			}
			for _, r := range batch[:n] {
				res := model.ScanResult{Article: r.article, Err: r.err, Skipped: !r.file.Article}
				if res.Err != nil || res.Skipped {
					res.Path = s.folder.DisplayPath(r.path)
				}
				if !emit(res) {
					return ctx.Err()
				}
			}
			batch = append(batch[:0], batch[n:]...)
		}
		return nil
	}
	// A batch is written when it is full, or when reading has gone on for
	// a while, so a slow folder still shows its files early.
	if err := drain(ctx, done, &batch, 250*time.Millisecond, flush); err != nil {
		return err
	}
	return ctx.Err()
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// noop reports whether the plan leaves the index as it is, with nothing to
// read or report: the folder is as indexed.
func (p *plan) noop() bool {
	return len(p.removedDirs) == 0 && len(p.removedFiles) == 0 && p.jobs.len() == 0 && len(p.problems) == 0 && !anyChanged(p.dirs)
}

func anyChanged(dirs []*dirPlan) bool {
	for _, d := range dirs {
		if d.changed {
			return true
		}
	}
	return false
}

// Ids: an article's id grows with its date, so that the full-text index's
// rowids are in date order and a range of rowids is a range of dates. A
// dated article's id is its second (from 1698 to 2242; dates beyond are
// clamped) times idPerSecond, plus a sequence for articles of the same
// second; when a second is full, the next seconds' ids are used. Undated
// articles have ids below every dated one, and files that are not articles
// negative ids. The ids of articles near in date are near, which keeps the
// full-text index small (it stores the differences between rowids).
const (
	idPerSecond = 16
	idSecLimit  = 1 << 33
	idUndated   = 1 << 32 // undated articles: 1 to idUndated-1
	idMax       = idUndated + 2*idSecLimit*idPerSecond
)

// firstID is the id to try first for a file, and the range of ids it may
// take: the sequence comes from a hash of the path, so the same file tends
// to keep its id.
func firstID(kind int, a *model.Article, path string) (first, lo, hi int64) {
	h := fnv.New64a()
	h.Write([]byte(path))
	seq := int64(h.Sum64() >> 1)
	switch {
	case kind != kindArticle:
		return -1 - seq%(idUndated-1), -idUndated + 1, -1
	case !a.HasDate:
		return 1 + seq%(idUndated-1), 1, idUndated - 1
	}
	base := dateID(a.Published.Unix())
	return base + seq%idPerSecond, base, idMax
}

// dateID is the first id of a second.
func dateID(sec int64) int64 {
	sec = min(max(sec, -idSecLimit+1), idSecLimit-1)
	return idUndated + (sec+idSecLimit)*idPerSecond
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func chunks(ids []int64, n int) [][]int64 {
	var out [][]int64
	for len(ids) > 0 {
		k := min(n, len(ids))
		out = append(out, ids[:k])
		ids = ids[k:]
	}
	return out
}

func intList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	return b.String()
}
