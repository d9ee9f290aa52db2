package store

import (
	"runtime/debug"
	"runtime/metrics"
)

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
