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
// is half the size). It points at the row in the batch readListed read it
// in, and at its state only when it has one: copying 100,000 rows and
// states into batches of their own cost a warm listing of that many 15 MB
// of fresh memory, and the read-ahead a tenth of its time.
type listedFile struct {
	other *model.ScanResult
	row   *listedRow
	src   *Source
	st    *model.State
}

// result is the file as List sends it.
func (f *listedFile) result() (model.ScanResult, model.State) {
	if f.other != nil {
		return *f.other, model.State{}
	}
	var st model.State
	if f.st != nil {
		st = *f.st
	}
	return f.row.result(f.src), st
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
			f := listedFile{row: row, src: src}
			if st != (model.State{}) {
				kept := st // on the heap only for the few with a state
				f.st = &kept
			}
			return add(f)
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
// The rows are made articles on a goroutine of their own, a few batches
// ahead of fn: once the walk is over, making them and fn's work (the
// cli's printing) are all that is left of a listing, and on one goroutine
// they kept the other core idle.
func (a *listingAhead) send(ctx context.Context, fn func(model.ScanResult, model.State) error) error {
	a.consumed = true
	ctx, cancel := context.WithCancel(ctx)
	made, free := a.makeResults(ctx)
	defer func() {
		cancel()
		for range made {
		}
	}()
	for batch := range made {
		for i := range batch {
			if err := fn(batch[i].r, batch[i].st); err != nil {
				return err
			}
		}
		free <- batch[:0]
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	<-a.done
	return a.err
}

// sentFile is a file read ahead made what List sends.
type sentFile struct {
	r  model.ScanResult
	st model.State
}

// sentBatches is how many batches of sentFile go round between the
// goroutine that makes them and send: enough that neither waits for the
// other, few enough that they are reused rather than collected.
const sentBatches = 4

// makeResults makes the files read ahead results, in order, until the
// batches read ahead end or ctx does; the batches sent on made are given
// back on free once used.
func (a *listingAhead) makeResults(ctx context.Context) (made <-chan []sentFile, free chan<- []sentFile) {
	out := make(chan []sentFile, sentBatches)
	back := make(chan []sentFile, sentBatches)
	for range sentBatches {
		back <- make([]sentFile, 0, aheadBatch)
	}
	go func() {
		defer close(out)
		for batch := range a.batches {
			var sent []sentFile
			select {
			case sent = <-back:
			case <-ctx.Done():
				return
			}
			for i := range batch {
				r, st := batch[i].result()
				sent = append(sent, sentFile{r: r, st: st})
			}
			select {
			case out <- sent:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, back
}
