//go:build linux || darwin || freebsd || netbsd || openbsd

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyStore: with a store that cannot be written, reading goes on
// (with the state it holds) and changes fail with a message. As root, whom
// file modes do not stop, the reading runs as nobody.
func TestReadOnlyStore(t *testing.T) {
	t.Parallel()
	// Folders everyone may enter, as nobody must.
	base, err := os.MkdirTemp("", "bulletin-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "bulletin")
	// A hard link has no file open for writing that a process forked
	// meanwhile by another test could inherit, which makes exec fail
	// with "text file busy"; a copy is the fallback across file systems.
	if err := os.Link(binary(t), bin); err != nil {
		copyFile(t, binary(t), bin, 0o755)
	}
	news := filepath.Join(base, "news")
	writeFile(t, filepath.Join(news, "a_1.txt"), articleFile("Gas Pipeline Deal", "Thu Sep 1, 2016 10:00:00", "The pipeline will run to the coast.", `[]`))
	writeFile(t, filepath.Join(news, "b_2.txt"), articleFile("Election Day Set", "Fri Sep 2, 2016 10:00:00", "The vote is in May.", `[]`))
	h := homeAt(t, filepath.Join(base, "home"))
	if err := os.MkdirAll(h.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	runAs := func(asNobody bool, args ...string) result {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = h.env
		if asNobody && os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			code = exit.ExitCode()
		case errors.Is(err, syscall.EPERM):
			t.Skipf("cannot run a process as nobody here: %v", err)
		case err != nil:
			t.Fatal(err)
		}
		return result{stdout.String(), stderr.String(), code}
	}
	must := func(r result) result {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		return r
	}
	must(runAs(false, "index", news))
	must(runAs(false, "mark", "--read", "--star", "news/a_1"))
	data := filepath.Dir(h.dbPath())
	// bulletin makes its folder for the owner alone; let nobody in.
	if err := os.Chmod(filepath.Dir(data), 0o755); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name           string
		dirMode, dbMod os.FileMode
	}{
		{"read-only folder and file", 0o555, 0o444},
		{"read-only file in a writable folder", 0o777, 0o444},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.Chmod(h.dbPath(), c.dbMod); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(data, c.dirMode); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(data, 0o755); os.Chmod(h.dbPath(), 0o644) })
			before, err := os.ReadFile(h.dbPath())
			if err != nil {
				t.Fatal(err)
			}

			list := runAs(true, "list", "--json", news)
			if list.code != 0 {
				t.Fatalf("list: exit %d\n%s", list.code, list.stderr)
			}
			lines := jsonLines(t, list.stdout)
			if len(lines) != 2 || lines[1]["ref"] != "news/a_1" || lines[1]["read"] != true || lines[1]["starred"] != true || lines[0]["read"] != false {
				t.Errorf("list on a read-only store: %q", list.stdout)
			}
			if r := runAs(true, "search", "--json", "pipeline", news); r.code != 0 || len(jsonLines(t, r.stdout)) != 1 {
				t.Errorf("search on a read-only store: exit %d, %q\n%s", r.code, r.stdout, r.stderr)
			}
			if r := runAs(true, "read", filepath.Join(news, "b_2.txt")); r.code != 0 || !strings.Contains(r.stdout, "Election Day Set") {
				t.Errorf("read on a read-only store: exit %d\n%s", r.code, r.stderr)
			}
			mark := runAs(true, "mark", "--read", "news/b_2")
			if mark.code != 1 || !strings.Contains(mark.stderr, "read-only") || !strings.Contains(mark.stderr, h.dbPath()) {
				t.Errorf("mark on a read-only store: exit %d, stderr %q; want 1 saying read-only and naming the file", mark.code, mark.stderr)
			}
			after, err := os.ReadFile(h.dbPath())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the read-only store file was changed")
			}
		})
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
