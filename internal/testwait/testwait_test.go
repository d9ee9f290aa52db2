package testwait

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		race bool
		want float64
		ok   bool
	}{
		{"", false, 1, true},
		{"", true, 3, true},
		{"2.5", false, 2.5, true},
		{"10", true, 10, true},
		{"0.5", true, 0.5, true},
		{"0", false, 0, false},
		{"-1", false, 0, false},
		{"NaN", false, 0, false},
		{"Inf", false, 0, false},
		{"slow", true, 0, false},
	} {
		got, err := parse(tt.in, tt.race)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parse(%q, race %v) = %v, %v; want %v (ok %v)", tt.in, tt.race, got, err, tt.want, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), Env) {
			t.Errorf("the error %q does not name %s", err, Env)
		}
	}
}

func TestD(t *testing.T) {
	if got, want := D(2*time.Second), time.Duration(2*Scale()*float64(time.Second)); got != want {
		t.Errorf("D(2s) = %v at scale %v, want %v", got, Scale(), want)
	}
	if want, _ := parse("", raceEnabled); os.Getenv(Env) == "" && Scale() != want {
		t.Errorf("scale %v with %s unset, want %v (race detector on: %v)", Scale(), Env, want, raceEnabled)
	}
}

// recorder is a testing.TB that keeps what Fatalf said.
type recorder struct {
	testing.TB
	fatal string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
}

func TestUntilReturnsOnceTheConditionHolds(t *testing.T) {
	r := &recorder{TB: t}
	calls := 0
	start := time.Now()
	Until(r, "the third call", time.Hour, func() bool { calls++; return calls == 3 })
	if r.fatal != "" || calls != 3 {
		t.Errorf("Until failed (%q) or polled %d times, want 3", r.fatal, calls)
	}
	if el := time.Since(start); el > D(time.Minute) {
		t.Errorf("Until took %v to see the condition", el)
	}
}

func TestUntilFailsNamingWhatItWaitedFor(t *testing.T) {
	r := &recorder{TB: t}
	calls := 0
	start := time.Now()
	const limit = 50 * time.Millisecond
	Until(r, "the moon", limit, func() bool { calls++; return false })
	el := time.Since(start)
	if !strings.Contains(r.fatal, "waiting for the moon") {
		t.Errorf("Until said %q; want it to name what it waited for", r.fatal)
	}
	if calls < 2 {
		t.Errorf("cond was tried %d times; want it polled until the limit", calls)
	}
	if el < D(limit) {
		t.Errorf("Until gave up after %v, before its limit", el)
	}
}

func TestPoll(t *testing.T) {
	if Poll(0, func() bool { return false }) {
		t.Error("Poll reported a condition that never held")
	}
	if !Poll(0, func() bool { return true }) {
		t.Error("Poll missed a condition that held at once")
	}
}
