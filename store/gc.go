package store

// The garbage collector's percent through a listing, in one place. A
// listing from an up-to-date index holds little and allocates much, so it
// collects less often (collectLessOften); a first listing holds every file
// it read, so while it reads and prints its heap may only grow so far past
// what it holds (boundHeap), and while it writes the index behind its
// output it collects more often still (lowerGCPercent).

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// aheadGCPercent is the garbage collector's percent while a listing is read
// ahead of the walk and sent from what was read. Its heap stays small (the
// rows read ahead, under 30 MB for 100,000 articles) but it allocates
// several times that for the output, and at the default 100 the collector
// ran some twenty times a listing, stopping the index reading and the walk
// for each: at 400 it runs four times, for some 20 MB more at the peak. A
// listing that reads files goes back to the default before it reads them:
// its heap holds what it read, and five times that would be too much.
const aheadGCPercent = 400

// lessGC counts the listings that asked the collector to run less often,
// so that the last one to end restores the percent the first one found.
var lessGC struct {
	sync.Mutex
	users int
	old   int
}

// collectLessOften sets the collector's percent for a listing read ahead,
// unless the user chose one with GOGC; restore sets it back, once.
func collectLessOften() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	lessGC.Lock()
	if lessGC.users == 0 {
		lessGC.old = debug.SetGCPercent(aheadGCPercent)
	}
	lessGC.users++
	lessGC.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			lessGC.Lock()
			defer lessGC.Unlock()
			if lessGC.users--; lessGC.users == 0 {
				debug.SetGCPercent(lessGC.old)
			}
		})
	}
}

// listHeadroom is how far, at most, the heap may grow past what it holds
// while a listing reads files and sends them, unless the collector's
// percent allows less. At the default percent a heap grows to twice what
// it holds, and what a first listing holds grows with the folder (some
// 220 bytes a file, pointer-free): 300,000 files peaked at 123 MB of heap,
// 204 MB of memory. Collecting more often costs little, as the
// collector need not scan what the listing holds: at 300,000 files, the
// reads' CPU time did not measurably grow.
const listHeadroom = 24 << 20

// minListPercent is the lowest percent a listing sets to bound its heap.
const minListPercent = 25

// gcBound lowers the collector's percent as a listing's heap grows, so
// that the heap's growth past what it holds stays within listHeadroom.
type gcBound struct {
	old, cur int
	sample   []metrics.Sample
}

// boundHeap starts bounding the heap's growth; restore sets the percent
// back to what it was.
func boundHeap() *gcBound {
	old := debug.SetGCPercent(100)
	debug.SetGCPercent(old)
	b := &gcBound{old: old, cur: old, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	b.adjust()
	return b
}

// adjust sets the percent for the heap the last collection found live.
func (b *gcBound) adjust() {
	if b.old < 0 {
		return // the collector is off: the user's choice
	}
	metrics.Read(b.sample)
	if b.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	p := headroomPercent(b.sample[0].Value.Uint64(), b.old)
	if p != b.cur {
		debug.SetGCPercent(p)
		b.cur = p
	}
}

// headroomPercent is the percent that lets a heap of live bytes grow by
// listHeadroom, within [minListPercent, old] (old is never raised).
func headroomPercent(live uint64, old int) int {
	if live == 0 {
		return old
	}
	p := int(min(uint64(listHeadroom)*100/live, 1<<20))
	return min(old, max(p, minListPercent))
}

func (b *gcBound) restore() {
	if b.old >= 0 && b.cur != b.old {
		debug.SetGCPercent(b.old)
		b.cur = b.old
	}
}

// boundEvery is how many files a listing reads between two looks at its
// heap.
const boundEvery = 1024

// heldGCPercent is the collector's GOGC while a listing writes the files it
// read and holds.
const heldGCPercent = 25

// lowerGCPercent sets the collector's GOGC to p, unless it is lower or off,
// and returns what restores it.
func lowerGCPercent(p int) (restore func()) {
	old := debug.SetGCPercent(p)
	if old < p {
		debug.SetGCPercent(old)
		return func() {}
	}
	return func() { debug.SetGCPercent(old) }
}
