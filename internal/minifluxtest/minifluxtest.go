// Package minifluxtest runs a real Miniflux on a real PostgreSQL for
// tests, both on loopback and both gone when the tests end, so that sync
// is proven against the server users run and not only against a fake.
//
// Miniflux is the module's pinned tool (go.mod's tool line), built once per
// test binary; PostgreSQL comes from the machine. Without PostgreSQL the
// tests that need it are skipped, unless RequireEnv is set (CI sets it):
//
//	func TestMain(m *testing.M) { minifluxtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		mf := minifluxtest.Shared(t) // empty: no feeds, no entries
//		feeds := feedtest.NewServer(t)
//		id := mf.Subscribe(t, feeds.Feed("/a.xml", rss), 0)
//		...
//	}
//
// Starting takes seconds, so a package shares one server across its tests
// with Shared, which empties it before each test; Start gives a test a
// server of its own. Tests that use Shared must not run in parallel.
package minifluxtest

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"bulletin/internal/testwait"
)

// RequireEnv, set to 1, turns the skip on a machine without PostgreSQL
// into a failure, so that CI cannot pass without running these tests.
const RequireEnv = "BULLETIN_REQUIRE_MINIFLUX"

// The accounts of every server. The Google Reader login is not the
// Miniflux login: Miniflux keeps it apart, in its integrations, and a
// client that sends one for the other must fail as it would for a user.
const (
	adminUser      = "admin"
	adminPassword  = "admin-password-1"
	readerUser     = "bulletin"
	readerPassword = "reader-password-2"
)

// Server is a running Miniflux with its own PostgreSQL.
type Server struct {
	pg      *postgres
	bin     string
	port    int
	logPath string
	mf      *proc
	client  *http.Client
	// StartTook is how long Start took, building Miniflux included.
	StartTook   time.Duration
	startPhases string // where the start's time went, for the test log
}

// URL is Miniflux's address, the one a Google Reader client is given.
func (s *Server) URL() string { return "http://127.0.0.1:" + strconv.Itoa(s.port) }

// ReaderLogin is the Google Reader API's username and password.
func (s *Server) ReaderLogin() (username, password string) { return readerUser, readerPassword }

// Start starts a server for t alone, stopped and removed when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	began := time.Now()
	if _, err := findPostgres(); err != nil {
		skipOrFail(t, err) // before the build, which is long on a new machine
	}
	bin, err := buildMiniflux(t)
	if err != nil {
		t.Fatal(err)
	}
	s, err := start(bin)
	if err != nil {
		skipOrFail(t, err)
	}
	s.StartTook = time.Since(began)
	t.Cleanup(func() {
		if err := s.close(); err != nil {
			t.Errorf("stopping Miniflux and PostgreSQL: %v", err)
		}
	})
	t.Logf("Miniflux and PostgreSQL started in %v (%s)", s.StartTook.Round(time.Millisecond), s.startPhases)
	return s
}

func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, errMissing) {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%v, and %s=1 requires it: install PostgreSQL (Debian/Ubuntu: apt-get install postgresql)", err, RequireEnv)
		}
		t.Skipf("%v: %s", err, installHint)
	}
	t.Fatal(err)
}

// shared is the server of the test binary, started by the first Shared
// and stopped by Main.
var shared struct {
	mu      sync.Mutex
	started bool
	srv     *Server
	err     error
}

// mainRuns is whether Main is running the tests.
var mainRuns atomic.Bool

func runByMain() bool { return mainRuns.Load() }

// Main runs the tests of a package that uses Shared, then stops the
// shared server. Call it from TestMain.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with cleaning of its own to do after the
// tests: it returns the exit code instead of exiting.
func Run(m *testing.M) int {
	mainRuns.Store(true)
	code := m.Run()
	shared.mu.Lock()
	if shared.srv != nil {
		if err := shared.srv.close(); err != nil {
			fmt.Fprintln(os.Stderr, "minifluxtest: stopping the shared server:", err)
			code = 1
		}
	}
	shared.mu.Unlock()
	built.mu.Lock()
	if built.bin != "" {
		os.RemoveAll(filepath.Dir(built.bin))
	}
	built.mu.Unlock()
	return code
}

// turn is held by the test that has the shared server, for tests that
// take it with Turn.
var turn sync.Mutex

// Turn is Shared for a parallel test: it waits until no other test of
// Turn has the server, and keeps it until t ends. Tests of a package whose
// other tests are parallel use it so that the server's tests overlap with
// those, not with each other.
func Turn(t testing.TB) *Server {
	t.Helper()
	turn.Lock()
	t.Cleanup(turn.Unlock)
	return Shared(t)
}

// Shared is the test binary's server, started on first use and emptied
// for t: no feeds, no entries, no categories but the default, Miniflux
// running, the Google Reader login as ReaderLogin says. If it could not
// start, every test that asks for it fails (or skips) with the same error.
func Shared(t testing.TB) *Server {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !runByMain() {
		t.Fatal("minifluxtest.Shared needs TestMain to call minifluxtest.Main(m), which stops the server after the tests")
	}
	if !shared.started {
		shared.started = true
		began := time.Now()
		_, err := findPostgres()
		var bin string
		if err == nil {
			bin, err = buildMiniflux(t)
		}
		built := time.Now()
		if err == nil {
			shared.srv, err = start(bin)
		}
		shared.err = err
		if err == nil {
			shared.srv.StartTook = time.Since(began)
			t.Logf("shared server: Miniflux built in %v, PostgreSQL and Miniflux started in %v (%s)",
				built.Sub(began).Round(time.Millisecond), time.Since(built).Round(time.Millisecond), shared.srv.startPhases)
		}
	}
	if shared.err != nil {
		skipOrFail(t, shared.err)
	}
	shared.srv.Reset(t)
	return shared.srv
}

// built is the Miniflux of a test binary run by Main, built on first use.
var built struct {
	mu  sync.Mutex
	bin string
}

// buildMiniflux builds the pinned Miniflux: once for a test binary run by
// Main (into a folder Main removes), else into t's temporary folder. The
// Go build cache makes every build after the first on a machine take
// seconds.
func buildMiniflux(t testing.TB) (string, error) {
	if !runByMain() {
		return goBuildMiniflux(t.TempDir())
	}
	built.mu.Lock()
	defer built.mu.Unlock()
	if built.bin != "" {
		return built.bin, nil
	}
	dir, err := tempDir("bin")
	if err != nil {
		return "", err
	}
	bin, err := goBuildMiniflux(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	built.bin = bin
	return bin, nil
}

func goBuildMiniflux(dir string) (string, error) {
	bin := filepath.Join(dir, "miniflux")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("building Miniflux: no go command in PATH: %v", err)
	}
	cmd := exec.Command(goCmd, "build", "-o", bin, "miniflux.app/v2")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build miniflux.app/v2 (the tool pinned in go.mod): %v\n%s", err, out)
	}
	return bin, nil
}

// start starts PostgreSQL, then Miniflux on it with the Google Reader API
// switched on.
func start(bin string) (*Server, error) {
	began := time.Now()
	tools, err := findPostgres()
	if err != nil {
		return nil, err
	}
	cred, err := pgCredential()
	if err != nil {
		return nil, err
	}
	pg, err := startPostgres(tools, cred)
	if err != nil {
		return nil, err
	}
	pgUp := time.Now()
	s := &Server{pg: pg, bin: bin, logPath: filepath.Join(pg.dir, "miniflux.log"), client: &http.Client{}}
	if err := s.prepareDatabase(); err != nil {
		pg.stop()
		return nil, err
	}
	if s.port, err = freePort(); err != nil {
		pg.stop()
		return nil, err
	}
	mfBegan := time.Now()
	if err := s.startMiniflux(); err != nil {
		s.close()
		return nil, err
	}
	if err := s.enableGoogleReader(); err != nil {
		s.close()
		return nil, err
	}
	s.StartTook = time.Since(began)
	s.startPhases = fmt.Sprintf("initdb and PostgreSQL %v, Miniflux with its migrations %v",
		pgUp.Sub(began).Round(time.Millisecond), time.Since(mfBegan).Round(time.Millisecond))
	return s, nil
}

func (s *Server) prepareDatabase() error {
	if _, err := s.pg.psql("postgres", "CREATE DATABASE miniflux"); err != nil {
		return err
	}
	// Miniflux's migrations need pgcrypto; so does the password hash of
	// enableGoogleReader.
	_, err := s.pg.psql("miniflux", "CREATE EXTENSION IF NOT EXISTS pgcrypto")
	return err
}

// minifluxEnv configures Miniflux (names from its internal/config). The
// scheduler is off so that Miniflux fetches a feed only when a test says
// (Subscribe, RefreshFeed); a feed is never disabled for its errors, as
// tests serve failures on purpose; media are not rewritten to its proxy,
// so that entries hold what the feed served.
func (s *Server) minifluxEnv() []string {
	return append(baseEnv(),
		"DATABASE_URL="+s.pg.url("miniflux"),
		"DATABASE_MAX_CONNS=8",
		"LISTEN_ADDR=127.0.0.1:"+strconv.Itoa(s.port),
		"BASE_URL="+s.URL(),
		"RUN_MIGRATIONS=1",
		"CREATE_ADMIN=1",
		"ADMIN_USERNAME="+adminUser,
		"ADMIN_PASSWORD="+adminPassword,
		"FETCHER_ALLOW_PRIVATE_NETWORKS=1",
		"DISABLE_SCHEDULER_SERVICE=1",
		"POLLING_FREQUENCY=1440",
		"POLLING_PARSING_ERROR_LIMIT=0",
		"MEDIA_PROXY_MODE=none",
		"WORKER_POOL_SIZE=2",
		"LOG_LEVEL=info",
	)
}

func (s *Server) startMiniflux() error {
	var err error
	s.mf, err = startProc(s.bin, nil, s.minifluxEnv(), nil, s.logPath, syscall.SIGKILL)
	if err != nil {
		return err
	}
	limit := 60 * time.Second
	ok := testwait.Poll(limit, func() bool { return s.mf.exited() || s.healthy() })
	switch {
	case s.mf.exited():
		return fmt.Errorf("miniflux exited at start (%v):\n%s", s.mf.err, s.mf.logTail())
	case !ok:
		return fmt.Errorf("miniflux did not answer %s/healthcheck within %v:\n%s", s.URL(), testwait.D(limit), s.mf.logTail())
	}
	return nil
}

func (s *Server) healthy() bool {
	resp, err := s.client.Get(s.URL() + "/healthcheck")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// enableGoogleReader does what the user does in Miniflux's settings page,
// which has no API: it switches the Google Reader API on with its own
// login, the password stored as the bcrypt hash Miniflux checks.
func (s *Server) enableGoogleReader() error {
	out, err := s.pg.psql("miniflux", fmt.Sprintf(`UPDATE integrations SET
		googlereader_enabled = true,
		googlereader_username = %s,
		googlereader_password = crypt(%s, gen_salt('bf'))
		WHERE user_id = (SELECT id FROM users WHERE username = %s)
		RETURNING user_id`, sqlString(readerUser), sqlString(readerPassword), sqlString(adminUser)))
	if err != nil {
		return fmt.Errorf("switching on the Google Reader API: %v", err)
	}
	if out == "" {
		return fmt.Errorf("switching on the Google Reader API: Miniflux made no integrations row for %s", adminUser)
	}
	return nil
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// SQL runs a statement in Miniflux's database, for what its API cannot
// do (e.g. backdate an entry), and returns psql's unaligned output.
func (s *Server) SQL(t testing.TB, statement string) string {
	t.Helper()
	out, err := s.pg.psql("miniflux", statement)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Reset empties the server for the next test: no feeds or entries (they
// go with their categories), the default category alone, the Google Reader
// login as at start, and Miniflux running.
func (s *Server) Reset(t testing.TB) {
	t.Helper()
	s.SQL(t, `DELETE FROM entries;
		DELETE FROM feeds;
		DELETE FROM categories WHERE id NOT IN (SELECT min(id) FROM categories GROUP BY user_id)`)
	if err := s.enableGoogleReader(); err != nil {
		t.Fatal(err)
	}
	if !s.Running() {
		s.Restart(t)
	}
}

// Running reports whether Miniflux is up (PostgreSQL always is).
func (s *Server) Running() bool { return s.mf != nil && !s.mf.exited() }

// Stop stops Miniflux alone, as a server that goes down: its port refuses
// connections until Restart. The database and everything in it stay.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	if err := s.mf.stop(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// Restart starts Miniflux again, on the same port and database, and waits
// until it answers; a running Miniflux is stopped first.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	if s.Running() {
		s.Stop(t)
	}
	if err := s.startMiniflux(); err != nil {
		t.Fatal(err)
	}
}

// close stops Miniflux, then PostgreSQL, and removes their files.
func (s *Server) close() error {
	var errs []error
	if s.mf != nil {
		errs = append(errs, s.mf.stop(syscall.SIGTERM))
	}
	errs = append(errs, s.pg.stop())
	return errors.Join(errs...)
}
