package store

import "testing"

// A small listing keeps the collector's percent as it was; a large one
// lets its heap grow by listHeadroom at most, never collecting more often
// than minListPercent allows, and never less often than the user asked.
func TestHeadroomPercentBoundsOnlyALargeHeap(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live uint64
		old  int
		want int
	}{
		{0, 100, 100},
		{10 * mb, 100, 100},
		{listHeadroom, 100, 100},
		{2 * listHeadroom, 100, 50},
		{100 * listHeadroom, 100, minListPercent},
		{2 * listHeadroom, 30, 30},
		{listHeadroom / 5, 400, 400},
		{listHeadroom / 2, 400, 200},
	} {
		if got := headroomPercent(c.live, c.old); got != c.want {
			t.Errorf("headroomPercent(%d MB, %d) = %d, want %d", c.live/mb, c.old, got, c.want)
		}
	}
}
