package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/internal/synth"
	"bulletin/store"
)

// Tests of the library store through the real binary: state that lasts,
// the index, search, "more like this", and what happens when processes are
// killed, run at once, or meet a damaged or read-only database.

// home is a user's environment that lasts across runs of the binary, so
// they share one library store.
type home struct {
	t   testing.TB
	dir string
	env []string
}

func newHome(t testing.TB) *home {
	dir := t.TempDir()
	return homeAt(t, dir)
}

func homeAt(t testing.TB, dir string) *home {
	return &home{t: t, dir: dir, env: append(testEnv(), "NO_COLOR=1", "HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))}
}

// screenEnv is the environment of a reader run in tmux on this home: its
// folders, with the terminal's colours (no NO_COLOR).
func (h *home) screenEnv(extra ...string) []string {
	return append([]string{"HOME=" + h.dir, "XDG_CONFIG_HOME=" + filepath.Join(h.dir, "config"),
		"XDG_DATA_HOME=" + filepath.Join(h.dir, "data")}, extra...)
}

// dbPath is where the store lives in this home.
func (h *home) dbPath() string { return filepath.Join(h.dir, "data", "bulletin", "bulletin.db") }

func (h *home) command(args ...string) *exec.Cmd {
	cmd := exec.Command(binary(h.t), args...)
	cmd.Env = h.env
	return cmd
}

// run runs the binary in this home with stdin.
func (h *home) run(stdin string, args ...string) result {
	h.t.Helper()
	cmd := h.command(args...)
	cmd.Stdin = strings.NewReader(stdin)
	return execute(h.t, cmd)
}

// ok runs the binary and fails the test unless it exits 0.
func (h *home) ok(args ...string) result {
	h.t.Helper()
	r := h.run("", args...)
	if r.code != 0 {
		h.t.Fatalf("bulletin %q: exit %d\n%s", args, r.code, r.stderr)
	}
	return r
}

// openStore opens the home's store directly, as the next run of bulletin
// would.
func (h *home) openStore() *store.DB {
	h.t.Helper()
	db, err := store.Open(context.Background(), h.dbPath())
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

// query runs one query on the home's database file, read-only.
func (h *home) query(q string, dest ...any) {
	h.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+h.dbPath()+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow(q).Scan(dest...); err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
}

// corpus makes a synthetic corpus of n files.
func corpus(t testing.TB, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "news")
	if _, err := synth.Generate(dir, n, 7); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestStoreCommandsAreRegistered(t *testing.T) {
	t.Parallel()
	r := run(t, "--help")
	for _, c := range []string{"search", "index", "mark"} {
		if !regexp.MustCompile(`(?m)^\s+` + c + `\s`).MatchString(r.stdout) {
			t.Errorf("bulletin --help lists no %q command: cli/root.go must add storeCommands() to the root\n%s", c, r.stdout)
		}
	}
}

func TestListRemembersStateAndFollowsTheFolder(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	dir := t.TempDir()
	name := filepath.Base(dir)
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", "Thu Sep 1, 2016 10:00:00", "Body a.", `[]`))
	writeFile(t, filepath.Join(dir, "b_2.txt"), articleFile("Story B", "Fri Sep 2, 2016 10:00:00", "Body b.", `[]`))
	writeFile(t, filepath.Join(dir, "broken.txt"), "\x00\x01")

	titles := func(r result) (out []string) {
		for _, l := range jsonLines(t, r.stdout) {
			s := l["title"].(string)
			if l["read"] == true {
				s += " (read)"
			}
			if l["starred"] == true {
				s += " (starred)"
			}
			out = append(out, s)
		}
		return out
	}
	first := h.run("", "list", "--json", dir)
	if first.code != 1 || !strings.Contains(first.stderr, "broken.txt") {
		t.Errorf("first list: exit %d, stderr %q; want 1 naming broken.txt", first.code, first.stderr)
	}
	if got := strings.Join(titles(first), "|"); got != "Story B|Story A" {
		t.Errorf("first list: %s", got)
	}
	h.ok("mark", "--read", "--star", name+"/a_1")
	h.ok("mark", "--star", name+"/b_2")
	h.ok("mark", "--unstar", name+"/b_2")
	// From the index this time: the same, with the state, and the broken
	// file still reported.
	warm := h.run("", "list", "--json", dir)
	if warm.code != 1 || !strings.Contains(warm.stderr, "broken.txt: not an article") {
		t.Errorf("warm list: exit %d, stderr %q", warm.code, warm.stderr)
	}
	if got := strings.Join(titles(warm), "|"); got != "Story B|Story A (read) (starred)" {
		t.Errorf("warm list: %s", got)
	}

	writeFile(t, filepath.Join(dir, "b_2.txt"), articleFile("Story B, updated", "Fri Sep 2, 2016 10:00:00", "Body b.", `[]`))
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "b_2.txt"), later, later)
	writeFile(t, filepath.Join(dir, "sub", "c_3.txt"), articleFile("Story C", "Sat Sep 3, 2016 10:00:00", "Body c.", `[]`))
	os.Remove(filepath.Join(dir, "a_1.txt"))
	os.Remove(filepath.Join(dir, "broken.txt"))
	changed := h.ok("list", "--json", dir)
	if got := strings.Join(titles(changed), "|"); got != "Story C|Story B, updated" {
		t.Errorf("after changes: %s", got)
	}
	text := h.ok("list", dir)
	if !strings.Contains(text.stdout, "Sat Sep 3, 2016 10:00:00  Story C  (0 related)") {
		t.Errorf("text list: %q", text.stdout)
	}
	// The state outlives the file: put it back, and it is read again.
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Story A", "Thu Sep 1, 2016 10:00:00", "Body a.", `[]`))
	if got := titles(h.ok("list", "--json", dir)); len(got) != 3 || got[2] != "Story A (read) (starred)" {
		t.Errorf("the state of a file put back: %q", got)
	}
}

func TestSearchCommand(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p1.txt"), articleFile("Gas Pipeline Deal Signed", "Thu Sep 1, 2016 10:00:00", "The gas pipeline will run from the coast.", `[]`))
	writeFile(t, filepath.Join(dir, "p2.txt"), articleFile("Energy Summit", "Fri Sep 2, 2016 10:00:00", "Ministers discussed a new gas pipeline.", `[]`))
	writeFile(t, filepath.Join(dir, "e1.txt"), articleFile("Election Day Set", "Sat Sep 3, 2016 10:00:00", "The vote is set for May.", `[]`))

	r := h.ok("search", "--json", "pipeline", dir)
	lines := jsonLines(t, r.stdout)
	if len(lines) != 2 || lines[0]["title"] != "Gas Pipeline Deal Signed" {
		t.Fatalf("search --json pipeline: %q", r.stdout)
	}
	for _, k := range []string{"ref", "source", "path", "id", "title", "published", "date", "related", "warnings", "read", "starred", "snippet", "score"} {
		if _, ok := lines[0][k]; !ok {
			t.Errorf("search --json lacks %q: %v", k, lines[0])
		}
	}
	if s := lines[1]["snippet"]; s != "Ministers discussed a new gas \x01pipeline\x02." {
		t.Errorf("snippet = %q", s)
	}
	text := h.ok("search", `"gas pipeline`, dir)
	if !strings.Contains(text.stdout, "Energy Summit\n    Ministers discussed a new «gas pipeline».") {
		t.Errorf("text search: %q", text.stdout)
	}
	if strings.ContainsAny(text.stdout, "\x01\x02\x1b") {
		t.Errorf("text search printed control characters: %q", text.stdout)
	}
	for _, q := range []string{`"vote`, `AND (`, `NEAR(x`, `elect*`, `-vote ^`, `title:election`, `x OR`} {
		if r := h.run("", "search", "--", q, dir); r.code != 0 || r.stderr != "" {
			t.Errorf("search %q: exit %d, stderr %q", q, r.code, r.stderr)
		}
	}
	if r := h.run("", "search", `* "" ()`, dir); r.code != 2 || !strings.Contains(r.stderr, "no words") {
		t.Errorf("a query of no words: exit %d, %q", r.code, r.stderr)
	}
	// With no SOURCE, the library: the tour.
	if r := h.ok("search", "--json", "related"); len(jsonLines(t, r.stdout)) == 0 {
		t.Error("searching the tour found nothing")
	}
}

func TestReadJSONHasSimilarArticles(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	var a struct {
		Ref     string
		Related []json.RawMessage
		Similar []struct {
			Ref, Title string
			Score      float64
		}
	}
	r := h.ok("read", "--json", "tour/01_1001")
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Similar) == 0 || len(a.Similar) > 5 {
		t.Fatalf("%d similar articles, want 1 to 5", len(a.Similar))
	}
	for i, s := range a.Similar {
		if s.Ref == a.Ref || !strings.HasPrefix(s.Ref, "tour/") || s.Title == "" || s.Score <= 0 || i > 0 && s.Score > a.Similar[i-1].Score {
			t.Errorf("similar[%d] = %+v", i, s)
		}
	}

	// An article with no related list has similar articles too.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p1.txt"), articleFile("Gas Pipeline Deal Signed", "Thu Sep 1, 2016 10:00:00", "The gas pipeline will run from the coast to the capital.", `[]`))
	writeFile(t, filepath.Join(dir, "p2.txt"), articleFile("Energy Summit", "Fri Sep 2, 2016 10:00:00", "Ministers discussed a new gas pipeline to the capital.", `[]`))
	writeFile(t, filepath.Join(dir, "e1.txt"), articleFile("Election Day Set", "Sat Sep 3, 2016 10:00:00", "The vote is set for May.", `[]`))
	r = h.ok("read", "--json", filepath.Join(dir, "p1.txt"))
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Related) != 0 || len(a.Similar) != 1 || a.Similar[0].Title != "Energy Summit" {
		t.Errorf("similar to p1: %+v", a.Similar)
	}
}

// progressRE matches a progress line of `bulletin index`.
var progressRE = regexp.MustCompile(`^bulletin: indexing (?:.* )?(\d+) of (\d+) (files|articles for search)$`)

// sized picks a corpus size: a binary built with the race detector is
// about ten times slower.
func sized(n int) int {
	if raceEnabled {
		return n / 4
	}
	return n
}

func TestKillDuringIndexingLosesNothingCommitted(t *testing.T) {
	t.Parallel()
	n := sized(3000)
	dir := corpus(t, n)
	h := newHome(t)
	cmd := h.command("index", "--batch", strconv.Itoa(n/15), dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := map[string]int{}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		m := progressRE.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Errorf("not a progress line: %q", sc.Text())
			continue
		}
		done, _ := strconv.Atoi(m[1])
		committed[m[3]] = done
		if m[3] == "articles for search" {
			break
		}
	}
	// Killed while it indexes the text, after one transaction of it.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stderr)
	cmd.Wait()
	if committed["files"] != n || committed["articles for search"] == 0 || committed["articles for search"] >= n {
		t.Fatalf("killed after %v: want all %d files listed and some, not all, text", committed, n)
	}

	db := h.openStore()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	var listedFiles, texts int
	h.query(`SELECT (SELECT count(*) FROM files WHERE kind = 0), (SELECT count(*) FROM files WHERE text = 1)`, &listedFiles, &texts)
	if listedFiles != n || texts < committed["articles for search"] {
		t.Errorf("after the kill: %d files listed, %d texts; want %d and at least %d", listedFiles, texts, n, committed["articles for search"])
	}
	// The next run takes up where it stopped.
	r := h.ok("index", dir)
	left := n - texts
	if !strings.Contains(r.stderr, fmt.Sprintf("%d of %d articles for search", left, left)) || strings.Contains(r.stderr, "files\n") {
		t.Errorf("the second run did not resume: %q", r.stderr)
	}
	if got := len(jsonLines(t, h.ok("list", "--json", dir).stdout)); got != n {
		t.Errorf("%d articles listed, want %d", got, n)
	}
}

func TestKillWhileMarkingReadLosesNothingCommitted(t *testing.T) {
	t.Parallel()
	dir := corpus(t, 300)
	h := newHome(t)
	var refs []string
	for _, l := range jsonLines(t, h.ok("list", "--json", dir).stdout) {
		refs = append(refs, l["ref"].(string))
	}
	cmd := h.command("mark", "--read", "--verbose", "-")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Keep it busy: every ref, over and over, until it is killed.
	go func() {
		for {
			for _, ref := range refs {
				if _, err := io.WriteString(stdin, ref+"\n"); err != nil {
					return
				}
			}
		}
	}()
	saved := map[string]bool{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && len(saved) < 100 {
		saved[sc.Text()] = true
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	stdin.Close()
	if len(saved) < 100 {
		t.Fatalf("only %d refs marked before the kill", len(saved))
	}
	db := h.openStore()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	states, err := db.States(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for ref := range saved {
		if !states[ref].Read {
			t.Errorf("%s was reported saved but is not read", ref)
		}
	}
}

func TestTwoProcessesAtOnce(t *testing.T) {
	t.Parallel()
	n := sized(1500)
	dirs := []string{corpus(t, n), corpus(t, n)}
	h := newHome(t)
	var wg sync.WaitGroup
	results := make([]result, 4)
	for i := range results {
		wg.Go(func() {
			switch i {
			case 0, 1:
				results[i] = h.run("", "index", "--batch", strconv.Itoa(n/15), dirs[i])
			case 2:
				results[i] = h.run("", "list", "--json", dirs[0])
			case 3:
				results[i] = h.run("", "search", "--json", "minister", dirs[1])
			}
		})
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 || strings.Contains(r.stderr, "locked") || strings.Contains(r.stderr, "busy") {
			t.Errorf("process %d: exit %d\n%s", i, r.code, r.stderr)
		}
	}
	if got := len(jsonLines(t, results[2].stdout)); got != n {
		t.Errorf("the list run alongside printed %d articles, want %d", got, n)
	}
	db := h.openStore()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	var files, texts int
	h.query(`SELECT (SELECT count(*) FROM files WHERE kind = 0), (SELECT count(*) FROM files WHERE text = 1)`, &files, &texts)
	if files != 2*n || texts != 2*n {
		t.Errorf("%d files and %d texts indexed, want %d of each", files, texts, 2*n)
	}
}

// refusedStore runs commands on a store file that must be refused and
// checks the message and that the file is untouched.
func refusedStore(t *testing.T, h *home, words ...string) {
	t.Helper()
	before, err := os.ReadFile(h.dbPath())
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"list"}, {"search", "x"}, {"mark", "--read", "tour/01_1001"}, {"read", "tour/01_1001"}} {
		r := h.run("", args...)
		if r.code != 1 {
			t.Errorf("bulletin %q: exit %d, want 1", args, r.code)
		}
		for _, w := range append(words, h.dbPath()) {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("bulletin %q: stderr %q does not say %q", args, r.stderr, w)
			}
		}
	}
	after, err := os.ReadFile(h.dbPath())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the store file was changed")
	}
}

func TestDamagedStoreIsLeftAlone(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	writeFile(t, h.dbPath(), "my notes, not a database\n")
	refusedStore(t, h, "not a bulletin database", "mv "+h.dbPath()+" "+h.dbPath()+".bad")

	h = newHome(t)
	h.ok("list")
	f, err := os.OpenFile(h.dbPath(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(bytes.Repeat([]byte("garbage!"), 512), 100)
	f.Close()
	refusedStore(t, h, "damaged", "mv ")
}

func TestNewerStoreIsRefused(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	h.ok("list")
	raw, err := sql.Open("sqlite", h.dbPath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA user_version = 1000`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	refusedStore(t, h, "newer bulletin", "schema version 1000")
}
