package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"path"
	"slices"
	"strings"
	"time"

	"bulletin/model"
	"bulletin/sources"
)

// ListUpdating lists the library as Update then List would, but without
// waiting for the index to be written: the files that changed are read,
// listed from what was read (merged, newest first, with what the index
// holds for the others) and written to the index behind the listing. A
// file or folder that cannot be read is passed to problem, as Update does;
// listed is called once fn had every file, before any file read is
// written. If ctx ends before the writes are done, what was written stays,
// and the next update reads only the rest.
func (l *Library) ListUpdating(ctx context.Context, progress func(Progress), problem func(model.ScanResult),
	fn func(r model.ScanResult, st model.State) error, listed func() error) error {
	if l.db.readOnly {
		if err := l.List(ctx, fn); err != nil {
			return err
		}
		return listed()
	}
	if problem == nil {
		problem = func(model.ScanResult) {}
	}
	// Most listings find the index up to date: its rows are read while the
	// folders are walked, one core each, and sent once the walk found
	// nothing changed.
	early := l.listAhead(ctx)
	defer early.stop()
	todo, err := l.prepareAll(ctx, problem, early.stop)
	if err != nil {
		return err
	}
	if early.valid() {
		if err := early.send(ctx, fn); err != nil {
			return err
		}
		return listed()
	}
	if len(todo) == 0 {
		if err := l.List(ctx, fn); err != nil {
			return err
		}
		return listed()
	}
	m, err := l.snapshot(ctx, todo)
	if err != nil {
		return err
	}
	defer m.rows.Close()
	bound := boundHeap()
	defer bound.restore()

	// The files read wait for the listing to be complete before they are
	// written: on two cores, writing beside the reads took half the
	// machine from them and delayed the output by as much as it saved on
	// the exit.
	held := make([]heldReads, len(todo))
	var fresh []uint32
	var store freshStore
	var freshOthers []otherFile
	for i, w := range todo {
		h := &held[i]
		h.articles = make([]uint32, w.p.jobs.len())
		// The walk's list of files is not needed past the plan, and a
		// large folder's is megabytes.
		w.p.dropWalk()
		for r := range w.s.readAll(ctx, w.p, l.workers()) {
			h.keep(r, &store, i)
			var perr *sources.ParseError
			switch {
			case !r.file.Article:
				freshOthers = append(freshOthers, newOtherFile(w.id, kindSkipped, r.path, model.ScanResult{Path: w.s.folder.DisplayPath(r.path), Skipped: true}))
			case errors.As(r.err, &perr):
				freshOthers = append(freshOthers, newOtherFile(w.id, kindBroken, r.path, model.ScanResult{Path: w.s.folder.DisplayPath(r.path), Err: r.err}))
			case r.err != nil:
				problem(model.ScanResult{Path: w.s.folder.DisplayPath(r.path), Err: r.err})
			default:
				fresh = append(fresh, h.articles[r.seq]-1)
			}
			if r.seq%boundEvery == 0 {
				bound.adjust()
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	store.freeze()
	sortInHalves(fresh, store.compare)
	bound.adjust()
	if err := m.send(ctx, todo, &store, fresh, freshOthers, fn); err != nil {
		return err
	}
	m.rows.Close()
	fresh = nil // the order is not needed to write the index
	if err := listed(); err != nil {
		return err
	}
	// Every file read is held until the index is written, and writing
	// makes garbage beside it: a heap let grow to twice what it holds, the
	// default, doubles a large first listing's memory. The reads and the
	// output only bound the heap's growth (see boundHeap), which costs a
	// large folder's reads a few more collections; the writes, behind the
	// output, collect more often still.
	defer lowerGCPercent(heldGCPercent)()
	for i, w := range todo {
		wctx, cancel := context.WithCancel(ctx)
		err := w.s.write(wctx, w.id, w.p, held[i].reads(wctx, w.p, &store), func(model.ScanResult) bool { return true }, progress)
		cancel()
		if err != nil {
			return err
		}
		held[i] = heldReads{}
	}
	return nil
}

// dropWalk lets go of the files of the walk, once the jobs are planned:
// only the directories' paths are used after.
func (p *plan) dropWalk() {
	for _, d := range p.dirs {
		d.stat.Files = nil
	}
}

// sourceWork is a folder of the library with files to read.
type sourceWork struct {
	s  *Source
	id int64
	p  *plan
}

// prepareAll plans the update of every folder of the library and does
// what comes before reading files (see prepare); it returns the folders
// that have files to read.
// changed is called before anything of the index is changed, or when a
// folder has something to report.
func (l *Library) prepareAll(ctx context.Context, problem func(model.ScanResult), changed func()) ([]sourceWork, error) {
	var todo []sourceWork
	for _, s := range l.sources {
		if s.feed != nil || s.stories {
			continue
		}
		id, err := s.sourceID(ctx, true)
		if err != nil {
			return nil, err
		}
		p, err := s.plan(ctx, id, l.workers())
		if err != nil {
			return nil, err
		}
		if !p.noop() {
			changed()
		}
		for _, r := range p.problems {
			problem(r)
		}
		if err := s.prepare(ctx, id, p); err != nil {
			return nil, err
		}
		if p.jobs.len() > 0 {
			todo = append(todo, sourceWork{s: s, id: id, p: p})
		}
	}
	return todo, nil
}

// merge is the index as it was before any file read for a listing was
// written: the files that are not articles, the reading state, and the
// articles, newest first, still to be read.
type merge struct {
	scope  map[int64]*Source
	others []otherFile
	states map[string]model.State
	rows   *sql.Rows
	more   bool
}

// snapshot reads what the index holds that the listing keeps, as it is
// now: its query of articles has read a first row, which fixes what it
// sees (SQLite reads a snapshot until the statement ends), so the rows
// written behind the listing are not listed twice.
func (l *Library) snapshot(ctx context.Context, todo []sourceWork) (*merge, error) {
	m := &merge{}
	var err error
	if m.scope, err = l.scope(ctx); err != nil {
		return nil, err
	}
	plans := map[int64]*plan{}
	for _, w := range todo {
		plans[w.id] = w.p
	}
	for id, s := range m.scope {
		p := plans[id]
		err := s.eachOther(ctx, id, func(fid, dirID int64, r model.ScanResult) bool {
			if p == nil || !p.stale[fid] && !p.staleDirs[dirID] {
				m.others = append(m.others, otherFile{sourceID: id, id: fid, r: r})
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	if m.states, err = l.db.States(ctx); err != nil {
		return nil, err
	}
	// The states are those read above, not joined: see List.
	m.rows, err = l.db.sql.QueryContext(ctx, `SELECT `+articleColumns+`, f.source_id
		FROM files f WHERE `+scopeSQL(m.scope)+` AND f.kind = 0
		ORDER BY f.has_date DESC, f.pub DESC, f.pub_ns DESC, f.ref`)
	if err != nil {
		return nil, l.db.fail("read the index", err)
	}
	m.more = m.rows.Next()
	return m, nil
}

// otherFile is a file that is not an article, with its source and id, by
// which the index orders them.
type otherFile struct {
	sourceID, id int64
	r            model.ScanResult
}

// newOtherFile is a file read that is not an article, with the id the index
// will most likely give it.
func newOtherFile(sourceID int64, kind int, path string, r model.ScanResult) otherFile {
	id, _, _ := firstID(kind, &model.Article{}, path)
	return otherFile{sourceID: sourceID, id: id, r: r}
}

// indexed is one article row of the snapshot.
type indexed struct {
	row      articleRow
	sourceID int64
	state    model.State
	pub, ns  int64
}

// next reads the snapshot's next article that the update keeps; ok is
// false at the end.
func (m *merge) next(plans map[int64]*plan) (r indexed, ok bool, err error) {
	for m.more {
		r.row, err = scanArticle(m.rows, nil, &r.sourceID)
		if err != nil {
			return r, false, err
		}
		m.more = m.rows.Next()
		if p := plans[r.sourceID]; p != nil && (p.stale[r.row.id] || p.staleDirs[r.row.dirID] || p.isJob(r.row.dirID, r.row.article.Path)) {
			continue
		}
		a := &r.row.article
		r.state = m.states[a.Ref]
		switch {
		case a.HasDate:
			r.pub, r.ns = a.Published.Unix(), int64(a.Published.Nanosecond())
		case !a.Seen.IsZero():
			r.pub = a.Seen.Unix()
		}
		return r, true, nil
	}
	return r, false, m.rows.Err()
}

// isJob reports whether the file is one the plan reads, and so is listed
// as read: its row is another process's, written since the plan was made.
func (p *plan) isJob(dirID int64, filePath string) bool {
	if p.jobNames == nil {
		p.jobNames = map[int64]map[string]bool{}
		for i := range p.jobs.len() {
			dir, f := p.jobs.fileStat(i)
			id := p.dirs[dir].id
			names := p.jobNames[id]
			if names == nil {
				names = map[string]bool{}
				p.jobNames[id] = names
			}
			names[f.Name] = true
		}
	}
	return p.jobNames[dirID][path.Base(filePath)]
}

// send calls fn with the files that are not articles, then with the
// articles of the snapshot and those read, merged newest first, each ref
// once, as List sends them.
func (m *merge) send(ctx context.Context, todo []sourceWork, store *freshStore, fresh []uint32, freshOthers []otherFile, fn func(model.ScanResult, model.State) error) error {
	others := append(m.others, freshOthers...)
	slices.SortStableFunc(others, func(a, b otherFile) int {
		return cmp.Or(cmp.Compare(a.sourceID, b.sourceID), cmp.Compare(a.id, b.id))
	})
	for _, o := range others {
		if err := fn(o.r, model.State{}); err != nil {
			return err
		}
	}
	plans := map[int64]*plan{}
	for _, w := range todo {
		plans[w.id] = w.p
	}
	var seen map[string]bool
	if len(m.scope) > 1 {
		seen = map[string]bool{}
	}
	emit := func(src *Source, a model.Article, st model.State) error {
		if seen != nil {
			if seen[a.Ref] {
				return nil
			}
			seen[a.Ref] = true
		}
		src.dress(&a)
		return fn(model.ScanResult{Article: a}, st)
	}
	stop := make(chan struct{})
	defer close(stop)
	ahead := articlesAhead(store, fresh, stop)
	var made []model.Article
	ix, ok, err := m.next(plans)
	for err == nil && (ok || len(fresh) > 0) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if ok && (len(fresh) == 0 || store.compareIndexed(fresh[0], &ix) > 0) {
			if err = emit(m.scope[ix.sourceID], ix.row.article, ix.state); err == nil {
				ix, ok, err = m.next(plans)
			}
			continue
		}
		if len(made) == 0 {
			made = <-ahead
		}
		a := made[0]
		made = made[1:]
		err = emit(todo[store.get(fresh[0]).source].s, a, m.states[a.Ref])
		fresh = fresh[1:]
	}
	return err
}

// articlesAhead makes the articles of fresh, in order, on a goroutine of its
// own, a batch at a time, a few batches ahead of the output: the output is
// the one part of a first listing that runs on one core. It stops when stop
// is closed.
func articlesAhead(store *freshStore, fresh []uint32, stop <-chan struct{}) <-chan []model.Article {
	const batch = 512
	out := make(chan []model.Article, 4)
	go func() {
		defer close(out)
		for len(fresh) > 0 {
			n := min(batch, len(fresh))
			made := make([]model.Article, n)
			for i, k := range fresh[:n] {
				made[i] = store.article(k)
			}
			fresh = fresh[n:]
			select {
			case out <- made:
			case <-stop:
				return
			}
		}
	}()
	return out
}

// sortInHalves sorts s as slices.SortFunc does, a half on each of two
// goroutines, then merges the halves: the sort of a large first listing
// comes after every file is read, before the first line is printed.
func sortInHalves(s []uint32, cmp func(a, b uint32) int) {
	if len(s) < 1<<14 {
		slices.SortFunc(s, cmp)
		return
	}
	left, right := slices.Clone(s[:len(s)/2]), slices.Clone(s[len(s)/2:])
	done := make(chan struct{})
	go func() {
		slices.SortFunc(left, cmp)
		close(done)
	}()
	slices.SortFunc(right, cmp)
	<-done
	i, j := 0, 0
	for k := range s {
		if j == len(right) || i < len(left) && cmp(left[i], right[j]) <= 0 {
			s[k] = left[i]
			i++
		} else {
			s[k] = right[j]
			j++
		}
	}
}

// freshArticle is an article read for a listing, kept until the listing is
// sorted and the index written: only what the list shows, its texts in the
// listing's arena. It holds no pointer, so the collector never scans the
// articles of a large folder, however many.
type freshArticle struct {
	pub     int64
	ns      int32
	offset  int32
	related int32
	// The texts are at at in arena chunk chunk: ref, path, title, id and
	// date text, each ending at at+ends[i], then the warnings (one a
	// line) to at+size. With shared, the path and the id are stored
	// empty: the first text is the ref followed by the path's extension,
	// which ends with the path (pathLen bytes) and holds the id (idLen
	// bytes) just before the extension (extLen bytes).
	chunk, at, size uint32
	ends            [5]uint32
	pathLen         uint16
	extLen, idLen   uint8
	source          uint16 // index in the listing's sourceWork
	hasDate, shared bool
	// usualDate says the date text is stored empty: it is the date in
	// sources.UsualDateLayout.
	usualDate bool
}

// isUsualDate reports whether text is t written in sources.UsualDateLayout,
// how most article files write their date, so that a listing need not keep
// the text of each.
func isUsualDate(t time.Time, text string) bool {
	var buf [64]byte
	return string(sources.AppendUsualDate(buf[:0], t)) == text
}

// sharesRefAndPath reports whether the article's path and id can be read
// back from its ref followed by the path's extension, as for the files of
// a folder: the ref ends with "/" and the path without its extension, and
// the id ends that.
func sharesRefAndPath(a *model.Article) bool {
	ext := path.Ext(a.Path)
	stem := a.Path[:len(a.Path)-len(ext)]
	return stem != "" && len(a.Path) < 1<<16 && len(ext) < 1<<8 && len(a.ID) < 1<<8 &&
		strings.HasSuffix(a.Ref, "/"+stem) && strings.HasSuffix(stem, a.ID)
}

// add keeps an article read and returns its number in the store.
func (s *freshStore) add(source int, a *model.Article) uint32 {
	f := freshArticle{source: uint16(source), hasDate: a.HasDate, related: int32(a.RelatedCount)}
	if a.HasDate {
		f.pub, f.ns = a.Published.Unix(), int32(a.Published.Nanosecond())
		_, off := a.Published.Zone()
		f.offset = int32(off)
	}
	parts := [...]string{a.Ref, a.Path, a.Title, a.ID, a.DateText}
	var ext string
	if f.shared = sharesRefAndPath(a); f.shared {
		ext = path.Ext(a.Path)
		f.pathLen, f.extLen, f.idLen = uint16(len(a.Path)), uint8(len(ext)), uint8(len(a.ID))
		parts[1], parts[3] = "", ""
	}
	if f.usualDate = a.HasDate && isUsualDate(a.Published, a.DateText); f.usualDate {
		parts[4] = ""
	}
	size := len(ext) + max(len(a.Warnings)-1, 0)
	for _, p := range parts {
		size += len(p)
	}
	for _, w := range a.Warnings {
		size += len(w)
	}
	var b []byte
	f.chunk, f.at, b = s.texts.reserve(size)
	for i, p := range parts {
		b = append(b, p...)
		if i == 0 {
			b = append(b, ext...)
		}
		f.ends[i] = uint32(len(b))
	}
	for i, w := range a.Warnings {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, w...)
	}
	f.size = uint32(len(b))
	return s.keep(f)
}

// text is the article's bytes from start to end, once the store is frozen.
func (s *freshStore) text(f *freshArticle, start, end uint32) string {
	return s.frozen[f.chunk][f.at+start : f.at+end]
}

func (s *freshStore) part(f *freshArticle, i int) string {
	start := uint32(0)
	if i > 0 {
		start = f.ends[i-1]
	}
	end := f.size
	if i < len(f.ends) {
		end = f.ends[i]
	}
	return s.text(f, start, end)
}

func (s *freshStore) ref(f *freshArticle) string {
	if f.shared {
		return s.text(f, 0, f.ends[0]-uint32(f.extLen))
	}
	return s.part(f, 0)
}

// article is the article as the index would give it back.
func (s *freshStore) article(n uint32) model.Article {
	f := s.get(n)
	a := model.Article{Ref: s.ref(f), Path: s.part(f, 1), Title: s.part(f, 2), ID: s.part(f, 3), DateText: s.part(f, 4),
		HasDate: f.hasDate, RelatedCount: int(f.related)}
	if f.shared {
		end := f.ends[0]
		a.Path = s.text(f, end-uint32(f.pathLen), end)
		stemEnd := end - uint32(f.extLen)
		a.ID = s.text(f, stemEnd-uint32(f.idLen), stemEnd)
	}
	if f.hasDate {
		a.Published = time.Unix(f.pub, int64(f.ns)).In(zone(int64(f.offset)))
	}
	if f.usualDate {
		var buf [64]byte
		a.DateText = string(sources.AppendUsualDate(buf[:0], a.Published))
	}
	if w := s.part(f, 5); w != "" {
		a.Warnings = strings.Split(w, "\n")
	}
	return a
}

// compare orders articles as the index lists them: dated first, newest
// first, then by ref.
func (s *freshStore) compare(m, n uint32) int {
	f, g := s.get(m), s.get(n)
	return listOrder(f.hasDate, f.pub, int64(f.ns), s.ref(f), g.hasDate, g.pub, int64(g.ns), s.ref(g))
}

func (s *freshStore) compareIndexed(n uint32, r *indexed) int {
	f := s.get(n)
	a := &r.row.article
	return listOrder(f.hasDate, f.pub, int64(f.ns), s.ref(f), a.HasDate, r.pub, r.ns, a.Ref)
}

func listOrder(aDated bool, aPub, aNS int64, aRef string, bDated bool, bPub, bNS int64, bRef string) int {
	if aDated != bDated {
		if aDated {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(bPub, aPub); c != 0 {
		return c
	}
	if c := cmp.Compare(bNS, aNS); c != 0 {
		return c
	}
	return strings.Compare(aRef, bRef)
}

// heldReads are the files of a folder read for a listing, held until the
// listing is complete and they are written: by job, the number of the
// article in the listing's store plus one (0 when not read as an
// article), and the files that could not be read, with why.
type heldReads struct {
	articles []uint32
	errs     map[int]error
}

func (h *heldReads) keep(r read, store *freshStore, source int) {
	switch {
	case r.err != nil:
		if h.errs == nil {
			h.errs = map[int]error{}
		}
		h.errs[r.seq] = r.err
	case r.file.Article:
		h.articles[r.seq] = store.add(source, &r.article) + 1
	}
}

// reads gives the writer the files held, in the order of the jobs.
func (h *heldReads) reads(ctx context.Context, p *plan, store *freshStore) <-chan read {
	out := make(chan read)
	go func() {
		defer close(out)
		for seq, n := range h.articles {
			r := read{job: p.job(seq), seq: seq, err: h.errs[seq]}
			if n != 0 {
				r.article = store.article(n - 1)
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// freshStore keeps the articles of a listing in chunks, so that growing
// copies none, and their texts in an arena: chunks of bytes while the
// files are read, made strings once (frozen) before anything reads them.
type freshStore struct {
	articles chunked[freshArticle]
	texts    byteArena
	frozen   []string
}

func (s *freshStore) keep(f freshArticle) uint32 { return uint32(s.articles.add(f)) }

func (s *freshStore) get(n uint32) *freshArticle { return s.articles.at(int(n)) }

// freeze makes the arena strings, one chunk at a time so that it is never
// held twice.
func (s *freshStore) freeze() {
	for i, b := range s.texts.chunks {
		s.frozen = append(s.frozen, string(b))
		s.texts.chunks[i] = nil
	}
	s.texts.chunks = nil
}
