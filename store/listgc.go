package store

import (
	"os"
	"runtime/debug"
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
