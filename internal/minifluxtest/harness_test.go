package minifluxtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestStartLeavesNothingBehind: a server of a test's own is gone, processes
// and files, once the test ends, and its ports are free again.
func TestStartLeavesNothingBehind(t *testing.T) {
	var s *Server
	t.Run("own server", func(t *testing.T) {
		s = Start(t)
		if !s.Running() || !s.healthy() {
			t.Fatal("Start returned a Miniflux that does not answer")
		}
	})
	if s == nil {
		t.Fatal("the subtest did not start a server")
	}
	if !s.mf.exited() || !s.pg.proc.exited() {
		t.Errorf("after the test: Miniflux exited %v, PostgreSQL exited %v; want both stopped", s.mf.exited(), s.pg.proc.exited())
	}
	if _, err := os.Stat(s.pg.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the cluster's folder is still there after the test: %v", err)
	}
	for _, port := range []int{s.port, s.pg.port} {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			t.Errorf("port %d still answers after the test", port)
		}
	}
}

// recorder is a testing.TB that notes the first Skip or Fatal instead of
// ending the test.
type recorder struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.note(&r.skipped, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.note(&r.failed, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatal(args ...any) { r.note(&r.failed, fmt.Sprint(args...)) }
func (r *recorder) note(flag *bool, msg string) {
	if !r.skipped && !r.failed {
		*flag, r.msg = true, msg
	}
}

// TestMissingPostgresSkipsUnlessRequired: on a machine without PostgreSQL
// a developer's test run skips, saying how to install it; CI, which sets
// RequireEnv, fails instead.
func TestMissingPostgresSkipsUnlessRequired(t *testing.T) {
	missing := fmt.Errorf("%w: no initdb", errMissing)

	t.Setenv(RequireEnv, "")
	r := &recorder{TB: t}
	skipOrFail(r, missing)
	if !r.skipped || !strings.Contains(r.msg, "apt-get install postgresql") {
		t.Errorf("without %s: skipped %v failed %v %q; want a skip that says how to install PostgreSQL", RequireEnv, r.skipped, r.failed, r.msg)
	}

	t.Setenv(RequireEnv, "1")
	r = &recorder{TB: t}
	skipOrFail(r, missing)
	if !r.failed || !strings.Contains(r.msg, RequireEnv) {
		t.Errorf("with %s=1: skipped %v failed %v %q; want a failure naming %s", RequireEnv, r.skipped, r.failed, r.msg, RequireEnv)
	}

	t.Setenv(RequireEnv, "")
	r = &recorder{TB: t}
	skipOrFail(r, errors.New("postgres exited at start"))
	if !r.failed {
		t.Errorf("a PostgreSQL that fails to start was not a failure: skipped %v %q", r.skipped, r.msg)
	}
}

// TestStaleFoldersOfDeadRunsAreRemoved: the files of a test binary killed
// mid-run do not pile up in the temporary folder; those of a run still
// going are left alone.
func TestStaleFoldersOfDeadRunsAreRemoved(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead, err := os.MkdirTemp("", fmt.Sprintf("minifluxtest-%d-pg-", gone.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dead) })
	live, err := tempDir("pg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(live) })

	removeStale()
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the folder of a dead run is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the folder of this run was removed: %v", err)
	}
}
