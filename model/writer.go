package model

import (
	"context"
	"sync"
	"time"
)

// ChangeKind says what a Change does.
type ChangeKind int

const (
	// ChangeRead marks the article read (On) or unread.
	ChangeRead ChangeKind = iota + 1
	// ChangeStar stars (On) or unstars the article.
	ChangeStar
	// ChangePosition records the reading position (Line).
	ChangePosition
	// ChangeVisit records that the article was opened (At) and marks it
	// read.
	ChangeVisit
	// ChangeReads sets the read state of many articles (Marks) in one
	// batch; Ref is not used.
	ChangeReads
)

// Change is one change of state the reader made, to be stored.
type Change struct {
	Kind ChangeKind
	Ref  string
	On   bool
	Line int
	At   time.Time
	// Marks are the read states of a ChangeReads.
	Marks []ReadMark
}

// apply writes the change to st.
func (c Change) apply(ctx context.Context, st Store) error {
	switch c.Kind {
	case ChangeRead:
		return st.MarkRead(ctx, c.Ref, c.On)
	case ChangeStar:
		return st.SetStarred(ctx, c.Ref, c.On)
	case ChangePosition:
		return st.SetPosition(ctx, c.Ref, c.Line)
	case ChangeVisit:
		_, err := st.Visit(ctx, c.Ref, c.At)
		return err
	case ChangeReads:
		return markReads(ctx, st, c.Marks)
	}
	return nil
}

// Writer applies the reader's changes to a Store one at a time, in the
// order they were added. The reader adds a change the moment the user
// makes it, so the stored state follows the keys pressed even when the
// commands that report the writes finish in another order. A change that
// fails stays first in the queue and is tried again (after a pause, when
// another change is added, or on Flush): none is dropped, and none
// overtakes it.
type Writer struct {
	st Store

	mu      sync.Mutex
	queue   []Change // not yet stored; queue[0] is next
	added   uint64   // ticket of the last change added
	stored  uint64   // ticket of the last change stored
	failed  uint64   // ticket of the change whose last try failed, 0 if none
	err     error    // why it failed
	closed  bool
	changed chan struct{} // closed and replaced on every change of the above
	wake    chan struct{} // asks the loop to try now
	done    chan struct{} // closed when the loop ends
}

// Writer timings: how long a change that failed waits before it is tried
// again, doubling up to the longest pause.
const (
	retryFirst = 500 * time.Millisecond
	retryMost  = 30 * time.Second
)

// NewWriter starts a writer over st. Close stops it.
func NewWriter(st Store) *Writer {
	w := &Writer{
		st:      st,
		changed: make(chan struct{}),
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	go w.loop()
	return w
}

// Add queues a change and returns its ticket, for Wait. It never blocks.
func (w *Writer) Add(c Change) uint64 {
	w.mu.Lock()
	w.added++
	t := w.added
	w.queue = append(w.queue, c)
	w.mu.Unlock()
	w.poke()
	return t
}

func (w *Writer) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// notify wakes every waiter; w.mu is held.
func (w *Writer) notify() {
	close(w.changed)
	w.changed = make(chan struct{})
}

// WriteStatus is how the writes stand.
type WriteStatus struct {
	// Pending is how many changes are not stored yet.
	Pending int
	// Err is why the first of them could not be stored, nil when its last
	// try did not fail.
	Err error
}

// Wait waits until the change with the ticket has been stored, or a try of
// it (or of a change before it) has failed, or ctx ends.
func (w *Writer) Wait(ctx context.Context, ticket uint64) WriteStatus {
	for {
		w.mu.Lock()
		st := w.statusLocked()
		ch := w.changed
		settled := w.stored >= ticket || (w.failed != 0 && w.failed <= ticket)
		w.mu.Unlock()
		if settled {
			return st
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return st
		}
	}
}

// Status is how the writes stand now.
func (w *Writer) Status() WriteStatus {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.statusLocked()
}

func (w *Writer) statusLocked() WriteStatus {
	return WriteStatus{Pending: len(w.queue), Err: w.err}
}

// Flush stores every change added so far, trying a failed one again at
// once and then as often as the pause allows, until all are stored or ctx
// ends. It returns the last failure when changes remain.
//
// After the first try it waits for the writer's own pauses, so a store
// that keeps failing is not hammered while the reader shuts down.
func (w *Writer) Flush(ctx context.Context) error {
	w.mu.Lock()
	target := w.added
	w.mu.Unlock()
	w.poke()
	for {
		w.mu.Lock()
		stored, err, ch := w.stored, w.err, w.changed
		w.mu.Unlock()
		if stored >= target {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
			return err
		}
	}
}

// Close stops the writer once it is idle or failing; changes still queued
// are not stored (Flush first).
func (w *Writer) Close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.poke()
	<-w.done
}

func (w *Writer) loop() {
	defer close(w.done)
	pause := retryFirst
	var retry <-chan time.Time
	for {
		w.mu.Lock()
		if w.closed {
			w.mu.Unlock()
			return
		}
		if len(w.queue) == 0 || retry != nil {
			w.mu.Unlock()
			select {
			case <-w.wake:
				retry = nil
			case <-retry:
				retry = nil
			}
			continue
		}
		c := w.queue[0]
		ticket := w.stored + 1
		w.mu.Unlock()

		// Writes outlive the reader's context: a change made before
		// quitting must still be stored while the reader shuts down.
		err := c.apply(context.Background(), w.st)

		w.mu.Lock()
		if err != nil {
			w.failed, w.err = ticket, err
			retry = time.After(pause)
			pause = min(2*pause, retryMost)
		} else {
			w.queue = w.queue[1:]
			if len(w.queue) == 0 {
				w.queue = nil
			}
			w.stored = ticket
			w.failed, w.err = 0, nil
			pause = retryFirst
		}
		w.notify()
		w.mu.Unlock()
	}
}
