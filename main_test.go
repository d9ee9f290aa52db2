package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"bulletin/internal/minifluxtest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// The tests of this package run the binary as a user would, in parallel
// (t.Parallel): each has its own home, folders, servers and tmux session,
// and waits on the tests' one time scale (testwait), so that a loaded
// machine makes them slower, not red. A new test does the same.
//
// The TestSync... tests are the exception: they share one real Miniflux
// (minifluxtest.Shared), so they do not run in parallel.
func TestMain(m *testing.M) {
	code := minifluxtest.Run(m)
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// binary builds bulletin once for all the tests that run it as a user would.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "bulletin-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "bulletin")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		args := []string{"build", "-o", binPath}
		if raceEnabled {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// goraceEnv is the GORACE setting the binary runs with, "" without the race
// detector. A program built with it sleeps a second before it exits with
// status 0 (atexit_sleep_ms, 1000 by default), to catch the races of
// goroutines still running at exit; the tests run it well over a hundred
// times, so here it sleeps 50 ms, long enough for a goroutine under way to
// make its next access. A race is still reported on stderr when it happens
// (execute fails the test on it) and turns an exit status of 0 into 66. A
// GORACE of your own comes after, so its settings win.
func goraceEnv() string {
	if !raceEnabled {
		return ""
	}
	return strings.TrimSpace("GORACE=atexit_sleep_ms=50 " + os.Getenv("GORACE"))
}

// testEnv is the tests' environment for the binary, before the settings of
// each test.
func testEnv() []string {
	if g := goraceEnv(); g != "" {
		return append(os.Environ(), g)
	}
	return os.Environ()
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the binary with a clean environment: no colour, no terminal, and
// configuration folders of its own.
func run(t testing.TB, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	home := t.TempDir()
	cmd.Env = append(testEnv(), "NO_COLOR=1", "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	return execute(t, cmd)
}

// execute runs cmd to its end and returns what it printed and its exit
// status; a Go panic trace fails the test, whatever the status.
func execute(t testing.TB, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "panic:") {
		t.Fatalf("bulletin %v panicked:\n%s", cmd.Args[1:], stderr.String())
	}
	return result{stdout.String(), stderr.String(), code}
}

func jsonLines(t testing.TB, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func sampleFile(t testing.TB) string {
	t.Helper()
	p := filepath.Join("..", "shared", "corpus-sample", "000_6a4efd1afba59cf5.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the corpus sample is not at %s: skipping", p)
	}
	return p
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func articleFile(title, date, body, payload string) string {
	s := title + "\n\n" + title + "\n"
	if date != "" {
		s += date + "\n"
	}
	return s + "\n" + body + "\n\n\n" + fmt.Sprintf("string(%d) \"%s\"", len(payload), payload)
}

func TestListSample(t *testing.T) {
	t.Parallel()
	r := run(t, "list", "--json", filepath.Dir(sampleFile(t)))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := jsonLines(t, r.stdout)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	a := lines[0]
	want := map[string]any{
		"ref":       "corpus-sample/000_6a4efd1afba59cf5",
		"source":    "corpus-sample",
		"title":     "If US Separates Terrorists & Opposition in Syria, Lavrov, Kerry Could Meet at G20",
		"published": "2016-09-03T16:03:52Z",
		"related":   6.0,
	}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %v, want %v", k, a[k], v)
		}
	}
	if w, ok := a["warnings"].([]any); !ok || len(w) != 0 {
		t.Errorf("warnings = %v, want []", a["warnings"])
	}

	text := run(t, "list", filepath.Dir(sampleFile(t)))
	if !strings.Contains(text.stdout, "Sat Sep 3, 2016 16:03:52") || !strings.Contains(text.stdout, "Kerry Could Meet at G20") || !strings.Contains(text.stdout, "6 related") {
		t.Errorf("text list: %q", text.stdout)
	}
}

func TestReadSample(t *testing.T) {
	t.Parallel()
	r := run(t, "read", "--json", sampleFile(t))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var a struct {
		Ref, Title, Body string
		Published        *string
		Warnings         []string
		Related          []struct {
			ID, Title, Pic string
			Video          bool
			Ref            *string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	if a.Published == nil || *a.Published != "2016-09-03T16:03:52Z" {
		t.Errorf("published = %v", a.Published)
	}
	if n := strings.Count(a.Body, "\n\n") + 1; n != 5 {
		t.Errorf("%d paragraphs, want 5", n)
	}
	if len(a.Related) != 6 {
		t.Fatalf("%d related, want 6", len(a.Related))
	}
	videos := 0
	for _, rel := range a.Related {
		if rel.Ref != nil {
			t.Errorf("%q resolved to %s, but the corpus has one file", rel.Title, *rel.Ref)
		}
		if rel.Video {
			videos++
		}
	}
	if videos != 2 || a.Related[0].ID != "1856739" || !strings.HasSuffix(a.Related[3].Pic, ".mp4") {
		t.Errorf("related = %+v", a.Related)
	}

	plain := run(t, "read", sampleFile(t))
	for _, want := range []string{"If US Separates Terrorists & Opposition", "Related stories", " 4. Shocking VIDEO: Daesh Prison for Women as Sex Slaves Found in Syria’s Manbij (video, not in your library)"} {
		if !strings.Contains(plain.stdout, want) {
			t.Errorf("read output lacks %q:\n%s", want, plain.stdout)
		}
	}
	if strings.Contains(plain.stdout, "\x1b") {
		t.Error("piped output holds escape sequences")
	}
}

func TestFolderWithBrokenFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "100_1.txt"), articleFile("Older story", "Thu Sep 1, 2016 10:00:00", "Body one.", `[{"id":"2","title":"Newer story"} ,{"id":"77","title":"Elsewhere","pic":"/x.mp4"} ]`))
	writeFile(t, filepath.Join(dir, "sub", "100_2.txt"), articleFile("Newer story", "Fri Sep 2, 2016 10:00:00", "Body two.", `[{"id":"1","title":"Older story"} ]`))
	writeFile(t, filepath.Join(dir, "nodate_3.txt"), articleFile("Undated story", "", "Body three.", `[]`))
	writeFile(t, filepath.Join(dir, "bad_4.txt"), "Broken block\n\nBroken block\nSat Sep 3, 2016 10:00:00\n\nBody.\n\n\nstring(999) \"[{\"id\":\"1\",\"title\":\"Older story\"}")
	writeFile(t, filepath.Join(dir, "binary.txt"), "\x89PNG\r\n\x1a\n\x00\x00")
	writeFile(t, filepath.Join(dir, "empty.txt"), "")
	writeFile(t, filepath.Join(dir, "README.md"), "# notes")
	writeFile(t, filepath.Join(dir, "picture.jpg"), "\xff\xd8\xff")

	r := run(t, "list", "--json", dir)
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (some input had errors)", r.code)
	}
	for _, name := range []string{"binary.txt", "empty.txt"} {
		if !strings.Contains(r.stderr, name) {
			t.Errorf("stderr does not name %s:\n%s", name, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "README") || strings.Contains(r.stderr, "picture") {
		t.Errorf("skipped files reported as errors:\n%s", r.stderr)
	}
	lines := jsonLines(t, r.stdout)
	var titles []string
	for _, l := range lines {
		titles = append(titles, l["title"].(string))
	}
	if want := "Broken block|Newer story|Older story|Undated story"; strings.Join(titles, "|") != want {
		t.Fatalf("titles = %q, want %s", titles, want)
	}
	if w := lines[0]["warnings"].([]any); len(w) == 0 {
		t.Error("the broken related block gave no warning")
	}
	if lines[3]["published"] != nil {
		t.Errorf("undated published = %v, want null", lines[3]["published"])
	}

	// A related item resolves to its neighbour in the folder.
	read := run(t, "read", "--json", filepath.Join(dir, "100_1.txt"))
	if read.code != 0 {
		t.Fatalf("read: exit %d: %s", read.code, read.stderr)
	}
	var a struct {
		Related []struct {
			Title string
			Video bool
			Ref   *string
		}
	}
	if err := json.Unmarshal([]byte(read.stdout), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Related) != 2 || a.Related[0].Ref == nil || *a.Related[0].Ref != filepath.Base(dir)+"/sub/100_2" {
		t.Errorf("related[0] = %+v, want a ref to sub/100_2", a.Related)
	}
	if a.Related[1].Ref != nil || !a.Related[1].Video {
		t.Errorf("related[1] = %+v, want not in the library, video", a.Related[1])
	}
}

func TestTourIsTheDefaultLibrary(t *testing.T) {
	t.Parallel()
	r := run(t, "list", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := jsonLines(t, r.stdout)
	if len(lines) < 8 || lines[0]["title"] != "Welcome to bulletin" {
		t.Fatalf("%d tour articles, first %v", len(lines), lines[0]["title"])
	}
	ref := lines[0]["ref"].(string)
	read := run(t, "read", ref)
	if read.code != 0 || !strings.Contains(read.stdout, "Welcome to bulletin") || !strings.Contains(read.stdout, "Related stories") {
		t.Errorf("read %s: exit %d\n%s%s", ref, read.code, read.stdout, read.stderr)
	}
	// Piped, the root command prints the list.
	if root := run(t); root.code != 0 || !strings.Contains(root.stdout, "Welcome to bulletin") {
		t.Errorf("bulletin with no arguments: exit %d\n%s", root.code, root.stdout)
	}
}

func TestExitStatuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"read"}, 2, "takes 1 argument"},
		{[]string{"read", "a", "b"}, 2, "takes 1 argument"},
		{[]string{"list", "--no-such-flag"}, 2, "unknown flag"},
		{[]string{"list", "/no/such/folder"}, 1, "/no/such/folder"},
		{[]string{"read", "no/such-ref"}, 1, "no/such-ref"},
		{[]string{"--version"}, 0, ""},
		{[]string{"--help"}, 0, ""},
	}
	for _, tt := range tests {
		r := run(t, tt.args...)
		if r.code != tt.code {
			t.Errorf("bulletin %v: exit %d, want %d\n%s", tt.args, r.code, tt.code, r.stderr)
		}
		if !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("bulletin %v: stderr %q lacks %q", tt.args, r.stderr, tt.msg)
		}
	}
}

func TestHostileFileNameAndText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := "evil\x1b]52;c;eA==\x07.txt"
	writeFile(t, filepath.Join(dir, name), articleFile("Title \x1b[2J\x1b]8;;http://x\x07", "Sat Sep 3, 2016 10:00:00", "Body \x1b]52;c;eA==\x07 text", `[]`))
	writeFile(t, filepath.Join(dir, "bin\x1b[31m.txt"), "\x00\x01")
	for _, args := range [][]string{{"list", dir}, {"list", "--json", dir}, {"read", filepath.Join(dir, name)}, {"read", "--json", filepath.Join(dir, name)}} {
		r := run(t, args...)
		if strings.ContainsAny(r.stdout, "\x1b\x07") || strings.ContainsAny(r.stderr, "\x1b\x07") {
			t.Errorf("bulletin %q printed control characters:\n%q\n%q", args, r.stdout, r.stderr)
		}
	}
}
