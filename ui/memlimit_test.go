package ui

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// The soft memory limit leaves the reader room over what it holds, however
// large its library: a limit below that would keep the collector running
// and every key waiting on it.
func TestMemoryLimitLeavesRoomOverWhatIsHeld(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	// A large library, held while the limit is set.
	held := make([][]byte, 0, 64)
	for range 64 {
		held = append(held, make([]byte, 1<<20))
	}
	headroom := int64(8 << 20)
	limitMemory(headroom)()
	got := debug.SetMemoryLimit(-1)
	if got < 64<<20+headroom {
		t.Errorf("limit %d MiB with 64 MiB held and %d MiB of headroom", got>>20, headroom>>20)
	}
	if got > 64<<20+headroom+256<<20 {
		t.Errorf("limit %d MiB: far over what is held", got>>20)
	}
	runtime.KeepAlive(held)
}
