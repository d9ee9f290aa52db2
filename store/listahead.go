package store

import (
	"context"
	"sync"

	"bulletin/model"
)

// aheadBatch is how many listed files go to the listing at once, and
// aheadBatches how many batches may wait for it: the index is read ahead of
// the walk by at most their product, so that a large folder is never held
// whole in memory. 128 Ki rows (about 40 MB with their strings) hold a
// folder of 100,000 articles whole: reading them all while the folders are
// walked, rather than a sixth of them, takes the rest of the index read
// off the time between the end of the walk and the end of the listing.
const (
	aheadBatch   = 512
	aheadBatches = 256
)

// listedFile is one file as List sends it: a file that is not an article,
// or the index row of an article, made an article when it is sent (a row
// is half the size).
type listedFile struct {
	other *model.ScanResult
	row   listedRow
	src   *Source
	st    model.State
}

// result is the file as List sends it.
func (f *listedFile) result() (model.ScanResult, model.State) {
	if f.other != nil {
		return *f.other, model.State{}
	}
	return f.row.result(f.src), f.st
}

// listingAhead is List run in the background while the folders are walked,
// its files kept until the walk tells whether the index was up to date.
type listingAhead struct {
	cancel   context.CancelFunc
	batches  chan []listedFile
	done     chan struct{}
	err      error // List's, once done is closed
	once     sync.Once
	restore  func() // the collector's percent, see collectLessOften
	stopped  bool
	consumed bool
}

// listAhead starts reading the index as List would.
func (l *Library) listAhead(ctx context.Context) *listingAhead {
	ctx, cancel := context.WithCancel(ctx)
	a := &listingAhead{cancel: cancel, batches: make(chan []listedFile, aheadBatches), done: make(chan struct{}),
		restore: collectLessOften()}
	go func() {
		defer close(a.done)
		defer close(a.batches)
		batch := make([]listedFile, 0, aheadBatch)
		put := func() error {
			select {
			case a.batches <- batch:
				batch = make([]listedFile, 0, aheadBatch)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		add := func(f listedFile) error {
			batch = append(batch, f)
			if len(batch) < aheadBatch {
				return nil
			}
			return put()
		}
		a.err = l.listRows(ctx, func(r model.ScanResult) error {
			return add(listedFile{other: &r})
		}, func(row *listedRow, src *Source, st model.State) error {
			return add(listedFile{row: *row, src: src, st: st})
		})
		if a.err == nil && len(batch) > 0 {
			a.err = put()
		}
	}()
	return a
}

// stop gives up the listing read ahead: the index is about to change, or
// the listing is over. It waits for the reading to end.
func (a *listingAhead) stop() {
	a.once.Do(func() {
		a.stopped = !a.consumed
		a.cancel()
		for range a.batches {
		}
		<-a.done
		a.restore()
	})
}

// valid reports whether what was read ahead is the listing: nothing
// stopped it before the walk ended.
func (a *listingAhead) valid() bool { return !a.stopped }

// send calls fn with every file read ahead, in List's order, as they come.
func (a *listingAhead) send(ctx context.Context, fn func(model.ScanResult, model.State) error) error {
	a.consumed = true
	for batch := range a.batches {
		for i := range batch {
			if err := fn(batch[i].result()); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	<-a.done
	return a.err
}
