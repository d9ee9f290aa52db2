package minifluxtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"bulletin/internal/testwait"
)

// errMissing marks a machine without PostgreSQL, which skips the tests
// unless RequireEnv asks for them.
var errMissing = errors.New("PostgreSQL is not installed")

// installHint is what the skip message tells a developer to do.
const installHint = "install PostgreSQL (Debian/Ubuntu: apt-get install postgresql) " +
	"or set " + RequireEnv + "=1 to fail instead of skipping"

// pgTools are the PostgreSQL programs the harness runs, from one
// installation so that initdb and postgres agree on the data format.
type pgTools struct{ initdb, postgres, psql string }

// findPostgres looks for initdb in PATH first (following the link to the
// installation's own bin folder, where psql lives too), then in Debian's
// versioned folders, newest first.
func findPostgres() (pgTools, error) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(versioned)))
	dirs = append(dirs, versioned...)
	for _, d := range dirs {
		t := pgTools{filepath.Join(d, "initdb"), filepath.Join(d, "postgres"), filepath.Join(d, "psql")}
		if isExecutable(t.initdb) && isExecutable(t.postgres) && isExecutable(t.psql) {
			return t, nil
		}
	}
	return pgTools{}, fmt.Errorf("%w: no initdb, postgres and psql in PATH or /usr/lib/postgresql/*/bin", errMissing)
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// pgCredential is who runs initdb and postgres: PostgreSQL refuses to run
// as root, so root hands them to the postgres user; anyone else runs them
// as themselves (nil).
func pgCredential() (*syscall.Credential, error) {
	if os.Getuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and PostgreSQL will not: need a user named postgres to run it as (%v)", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("user postgres has uid %q gid %q: not numbers", u.Uid, u.Gid)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// postgres is one database cluster in its own folder, served on a loopback
// port and a socket in that folder.
type postgres struct {
	tools   pgTools
	cred    *syscall.Credential
	dir     string // owned by the user postgres runs as
	port    int
	proc    *proc
	started time.Time
}

func (pg *postgres) dataDir() string   { return filepath.Join(pg.dir, "data") }
func (pg *postgres) socketDir() string { return pg.dir }

// runAs runs a PostgreSQL program to the end as the cluster's user,
// returning its output in the error when it fails.
func (pg *postgres) runAs(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred, Pdeathsig: syscall.SIGKILL}
	cmd.Dir = pg.dir
	cmd.Env = baseEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	return nil
}

// startPostgres makes a cluster in a new folder and starts its server.
// The server is a child of the test binary, not a daemon of pg_ctl, so
// that a test binary killed mid-run takes it down too (Pdeathsig) instead
// of leaving it running.
func startPostgres(tools pgTools, cred *syscall.Credential) (*postgres, error) {
	dir, err := tempDir("pg")
	if err != nil {
		return nil, err
	}
	pg := &postgres{tools: tools, cred: cred, dir: dir}
	if err := pg.init(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := pg.start(); err != nil {
		pg.stop()
		return nil, err
	}
	return pg, nil
}

func (pg *postgres) init() error {
	if pg.cred != nil {
		if err := os.Chown(pg.dir, int(pg.cred.Uid), int(pg.cred.Gid)); err != nil {
			return fmt.Errorf("giving %s to the postgres user: %v", pg.dir, err)
		}
	}
	// A throwaway cluster: trust on loopback, no fsync, C locale so that
	// the host's locales do not matter.
	return pg.runAs(pg.tools.initdb, "-D", pg.dataDir(), "-U", "postgres", "--auth=trust",
		"--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions")
}

func (pg *postgres) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	pg.port = port
	pg.started = time.Now()
	pg.proc, err = startProc(pg.tools.postgres, []string{
		"-D", pg.dataDir(), "-p", strconv.Itoa(port), "-k", pg.socketDir(),
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
		"-c", "synchronous_commit=off", "-c", "full_page_writes=off",
	}, baseEnv(), pg.cred, filepath.Join(pg.dir, "postgres.log"), syscall.SIGQUIT)
	if err != nil {
		return err
	}
	ok := testwait.Poll(60*time.Second, func() bool {
		if pg.proc.exited() {
			return true
		}
		_, err := pg.psql("postgres", "SELECT 1")
		return err == nil
	})
	switch {
	case pg.proc.exited():
		return fmt.Errorf("postgres exited at start:\n%s", pg.proc.logTail())
	case !ok:
		return fmt.Errorf("postgres did not answer within %v:\n%s", testwait.D(60*time.Second), pg.proc.logTail())
	}
	return nil
}

// psql runs SQL in database db and returns its unaligned output.
func (pg *postgres) psql(db, sql string) (string, error) {
	cmd := exec.Command(pg.tools.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		"-h", pg.socketDir(), "-p", strconv.Itoa(pg.port), "-U", "postgres", "-d", db, "-c", sql)
	cmd.Env = baseEnv()
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("psql %q: %v: %s", sql, err, strings.TrimSpace(errOut.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// stop shuts the server down fast (SIGINT: no waiting for clients) and
// removes the cluster.
func (pg *postgres) stop() error {
	var err error
	if pg.proc != nil {
		err = pg.proc.stop(syscall.SIGINT)
	}
	if rmErr := os.RemoveAll(pg.dir); rmErr != nil && err == nil {
		err = rmErr
	}
	return err
}

// url is the address Miniflux connects to.
func (pg *postgres) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", pg.port, db)
}
