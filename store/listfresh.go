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

	// The files read wait for the listing to be complete before they are
	// written: on two cores, writing beside the reads took half the
	// machine from them and delayed the output by as much as it saved on
	// the exit.
	held := make([]heldReads, len(todo))
	var fresh []*freshArticle
	var store freshStore
	var freshOthers []otherFile
	for i, w := range todo {
		h := &held[i]
		h.articles = make([]*freshArticle, len(w.p.jobs))
		for r := range w.s.readAll(ctx, w.p.jobs, l.workers()) {
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
				fresh = append(fresh, h.articles[r.seq])
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	slices.SortFunc(fresh, func(a, b *freshArticle) int { return a.compare(b) })
	if err := m.send(ctx, todo, fresh, freshOthers, fn); err != nil {
		return err
	}
	m.rows.Close()
	if err := listed(); err != nil {
		return err
	}
	for i, w := range todo {
		wctx, cancel := context.WithCancel(ctx)
		err := w.s.write(wctx, w.id, w.p, held[i].reads(wctx, w.p.jobs), func(model.ScanResult) bool { return true }, progress)
		cancel()
		if err != nil {
			return err
		}
		held[i] = heldReads{}
	}
	return nil
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
		if len(p.jobs) > 0 {
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
		for _, j := range p.jobs {
			names := p.jobNames[j.dir.id]
			if names == nil {
				names = map[string]bool{}
				p.jobNames[j.dir.id] = names
			}
			names[j.file.Name] = true
		}
	}
	return p.jobNames[dirID][path.Base(filePath)]
}

// send calls fn with the files that are not articles, then with the
// articles of the snapshot and those read, merged newest first, each ref
// once, as List sends them.
func (m *merge) send(ctx context.Context, todo []sourceWork, fresh []*freshArticle, freshOthers []otherFile, fn func(model.ScanResult, model.State) error) error {
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
		return fn(model.ScanResult{Path: src.display(a.Path), Article: a}, st)
	}
	ix, ok, err := m.next(plans)
	for err == nil && (ok || len(fresh) > 0) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if ok && (len(fresh) == 0 || fresh[0].compareIndexed(&ix) > 0) {
			if err = emit(m.scope[ix.sourceID], ix.row.article, ix.state); err == nil {
				ix, ok, err = m.next(plans)
			}
			continue
		}
		f := fresh[0]
		a := f.article()
		err = emit(todo[f.source].s, a, m.states[a.Ref])
		fresh = fresh[1:]
	}
	return err
}

// freshArticle is an article read for a listing, kept until the listing is
// sorted: only what the list shows, its texts in one string to keep a
// large folder small in memory.
type freshArticle struct {
	pub, ns int64
	// text holds ref, path, title, id, date text and warnings (one a
	// line), each ending at ends[i] (the last at len(text)).
	text    string
	ends    [5]uint32
	offset  int32
	related int32
	source  uint16 // index in the listing's sourceWork
	hasDate bool
}

func newFreshArticle(source int, a *model.Article) freshArticle {
	f := freshArticle{source: uint16(source), hasDate: a.HasDate, related: int32(a.RelatedCount)}
	if a.HasDate {
		f.pub, f.ns = a.Published.Unix(), int64(a.Published.Nanosecond())
		_, off := a.Published.Zone()
		f.offset = int32(off)
	}
	var b strings.Builder
	parts := [...]string{a.Ref, a.Path, a.Title, a.ID, a.DateText}
	// Grown once to its size: a builder left to grow doubles, and the
	// slack stayed with every article of the listing.
	size := len(a.Warnings)
	for _, p := range parts {
		size += len(p)
	}
	for _, w := range a.Warnings {
		size += len(w)
	}
	b.Grow(size)
	for i, p := range parts {
		b.WriteString(p)
		f.ends[i] = uint32(b.Len())
	}
	for i, w := range a.Warnings {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(w)
	}
	f.text = b.String()
	return f
}

func (f *freshArticle) part(i int) string {
	start := uint32(0)
	if i > 0 {
		start = f.ends[i-1]
	}
	end := uint32(len(f.text))
	if i < len(f.ends) {
		end = f.ends[i]
	}
	return f.text[start:end]
}

func (f *freshArticle) ref() string { return f.part(0) }

// article is the article as the index would give it back.
func (f *freshArticle) article() model.Article {
	a := model.Article{Ref: f.ref(), Path: f.part(1), Title: f.part(2), ID: f.part(3), DateText: f.part(4),
		HasDate: f.hasDate, RelatedCount: int(f.related)}
	if f.hasDate {
		a.Published = time.Unix(f.pub, f.ns).In(zone(int64(f.offset)))
	}
	if w := f.part(5); w != "" {
		a.Warnings = strings.Split(w, "\n")
	}
	return a
}

// compare orders articles as the index lists them: dated first, newest
// first, then by ref.
func (f *freshArticle) compare(g *freshArticle) int {
	return listOrder(f.hasDate, f.pub, f.ns, f.ref(), g.hasDate, g.pub, g.ns, g.ref())
}

func (f *freshArticle) compareIndexed(r *indexed) int {
	a := &r.row.article
	return listOrder(f.hasDate, f.pub, f.ns, f.ref(), a.HasDate, r.pub, r.ns, a.Ref)
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
// listing is complete and they are written: by job, the article as the
// listing keeps it (nil when not read as an article), and the files that
// could not be read, with why. A pointer a job keeps a large folder small.
type heldReads struct {
	articles []*freshArticle
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
		h.articles[r.seq] = store.add(newFreshArticle(source, &r.article))
	}
}

// reads gives the writer the files held, in the order of the jobs.
func (h *heldReads) reads(ctx context.Context, jobs []job) <-chan read {
	out := make(chan read)
	go func() {
		defer close(out)
		for seq, f := range h.articles {
			r := read{job: jobs[seq], seq: seq, err: h.errs[seq]}
			if f != nil {
				r.article = f.article()
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

// freshStore keeps the articles of a listing in chunks, so that they do
// not move as it grows: the listing and the writer point at them.
type freshStore struct {
	chunks [][]freshArticle
}

func (s *freshStore) add(f freshArticle) *freshArticle {
	if len(s.chunks) == 0 || len(s.chunks[len(s.chunks)-1]) == cap(s.chunks[len(s.chunks)-1]) {
		s.chunks = append(s.chunks, make([]freshArticle, 0, 4096))
	}
	c := &s.chunks[len(s.chunks)-1]
	*c = append(*c, f)
	return &(*c)[len(*c)-1]
}
