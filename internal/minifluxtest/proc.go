package minifluxtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"bulletin/internal/testwait"
)

// proc is a server program the harness started and waits for.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error // of Wait, once done is closed
}

// startProc starts a long-running program with its output in logPath.
// deathSig reaches it if the test binary dies without cleaning up.
func startProc(name string, args, env []string, cred *syscall.Credential, logPath string, deathSig syscall.Signal) (*proc, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	if cred != nil {
		// The program writes its log itself, as its own user.
		if err := logFile.Chown(int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: deathSig}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %v", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop asks the program to end with sig and waits for it; one that has
// not ended after a generous wait is killed, so that no test leaves a
// process behind.
func (p *proc) stop(sig syscall.Signal) error {
	if p.exited() {
		return nil
	}
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
		return nil
	case <-time.After(testwait.D(30 * time.Second)):
	}
	p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("%s did not stop on %v within %v and was killed:\n%s", p.name, sig, testwait.D(30*time.Second), p.logTail())
}

// logTail is the end of the program's log, for error messages.
func (p *proc) logTail() string {
	b, err := os.ReadFile(p.log)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	const max = 4000
	s := string(b)
	if len(s) > max {
		s = "..." + s[len(s)-max:]
	}
	return strings.TrimRight(s, "\n")
}

// freePort is a loopback port that was free a moment ago. Another
// program may take it before ours listens; the start then fails with the
// server's own "address in use" in its log.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// baseEnv is the environment the servers start from: only what programs
// need to run, so that a developer's DATABASE_URL or PG* settings cannot
// point the tests at a real database.
func baseEnv() []string {
	env := []string{"LC_ALL=C"}
	for _, k := range []string{"PATH", "TZ"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}
