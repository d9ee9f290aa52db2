// Package testwait gives every test of bulletin one time scale for waiting.
//
// Tests must pass on a loaded machine: under the race detector, with both
// cores busy, or on a slow CI runner, work that takes milliseconds on an
// idle laptop can take seconds. A test that waits for something therefore
// never uses a fixed short deadline. It polls with Until, or scales its
// limit with D, so that one knob stretches every wait of the suite:
//
//	BULLETIN_TEST_TIMESCALE=5 go test -race ./...
//
// The scale is 1 by default and 3 when the race detector is on. Limits are
// upper bounds, not delays: a test that succeeds returns as soon as its
// condition holds, so a generous limit costs nothing but the time it takes
// to report a real failure.
//
// Timeouts of the product under test are not test deadlines: a test of a
// timeout sets the one it tests, and may scale it with D so that the work
// around it still fits under load; the product keeps its own defaults.
package testwait

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Env is the environment variable that sets the scale.
const Env = "BULLETIN_TEST_TIMESCALE"

// Every is how often Until polls.
const Every = 20 * time.Millisecond

// scale reads Env once; a value that is not a positive number stops the
// tests, rather than silently waiting for the wrong time.
var scale = sync.OnceValue(func() float64 {
	f, err := parse(os.Getenv(Env), raceEnabled)
	if err != nil {
		panic(err)
	}
	return f
})

// parse reads a value of Env; empty is the default for the build.
func parse(s string, race bool) (float64, error) {
	if s == "" {
		if race {
			return 3, nil
		}
		return 1, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || f > 1e6 {
		return 0, fmt.Errorf("testwait: %s=%q: want a positive number", Env, s)
	}
	return f, nil
}

// Scale is the factor every test limit is multiplied by: BULLETIN_TEST_TIMESCALE,
// else 3 under the race detector, else 1.
func Scale() float64 { return scale() }

// D is d on the test-wide time scale.
func D(d time.Duration) time.Duration { return time.Duration(float64(d) * Scale()) }

// Until polls cond every Every until it holds, and fails the test, naming
// what it waited for, if it still does not hold once the scaled limit has
// passed. cond is always tried at least once, and once more at the limit.
// Like t.Fatal, Until must be called from the test's own goroutine.
func Until(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	if !Poll(limit, cond) {
		t.Fatalf("gave up after %v waiting for %s", D(limit), what)
	}
}

// Poll is Until for callers that report a failure themselves (with what
// they saw): it reports whether cond held within the scaled limit.
func Poll(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(D(limit))
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(min(Every, max(time.Until(deadline), time.Millisecond)))
	}
}
