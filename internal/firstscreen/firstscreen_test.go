package firstscreen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSystem is a start in a terminal of 100x30 with the given files.
func fakeSystem(t *testing.T, files map[string]FileID) system {
	t.Helper()
	vars := map[string]string{"TERM": "xterm-256color", "HOME": "/home/u", "COLORTERM": "truecolor"}
	return system{
		args:   []string{"--theme", "dark"},
		getwd:  func() (string, error) { return "/home/u/news", nil },
		getenv: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		stat:   func(p string) FileID { return files[p] },
		exe:    func() FileID { return FileID{Exists: true, Size: 9_000_000, ModNs: 1, Ino: 7} },
		now:    func() time.Time { return time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC) },
		cols:   100,
		rows:   30,
	}
}

var (
	dbPath  = "/data/bulletin/bulletin.db"
	walPath = dbPath + "-wal"
	cfgPath = "/config/bulletin/config.toml"
	paths   = []string{dbPath, walPath, cfgPath}
)

func startFiles() map[string]FileID {
	return map[string]FileID{
		dbPath:  {Exists: true, Size: 4096, ModNs: 1764680000123456789, Ino: 11},
		cfgPath: {Exists: true, Size: 120, ModNs: 1764600000000000000, Ino: 12},
	}
}

func savedBy(sys system, screen string) []byte {
	return append(sys.key(paths).encode(), screen...)
}

func TestSavedScreenMatchesTheSameStart(t *testing.T) {
	sys := fakeSystem(t, startFiles())
	saved := savedBy(sys, "\x1b[?1049hheadlines")
	if got := sys.match(saved); string(got) != "\x1b[?1049hheadlines" {
		t.Fatalf("the same start got %q, want the saved screen", got)
	}
}

func TestAnyChangeOfTheKeyPaintsNothing(t *testing.T) {
	inTmux := fakeSystem(t, startFiles())
	inTmux.getenv = withVar(inTmux.getenv, "TMUX", "/tmp/tmux-0/default,1,0")
	saved := savedBy(inTmux, "screen")
	changes := map[string]func(s *system){
		"another argument": func(s *system) { s.args = []string{"--theme", "light"} },
		"no argument":      func(s *system) { s.args = nil },
		"another folder":   func(s *system) { s.getwd = func() (string, error) { return "/tmp", nil } },
		"another binary": func(s *system) {
			s.exe = func() FileID { return FileID{Exists: true, Size: 9_000_001, ModNs: 1, Ino: 7} }
		},
		"a wider terminal":   func(s *system) { s.cols = 101 },
		"a shorter terminal": func(s *system) { s.rows = 29 },
		"a new year":         func(s *system) { s.now = func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) } },
		"NO_COLOR set": func(s *system) {
			get := s.getenv
			s.getenv = func(k string) (string, bool) {
				if k == "NO_COLOR" {
					return "1", true
				}
				return get(k)
			}
		},
		"TMUX unset": func(s *system) {
			get := s.getenv
			s.getenv = func(k string) (string, bool) {
				if k == "TMUX" {
					return "", false
				}
				return get(k)
			}
		},
		"COLORTERM unset": func(s *system) {
			get := s.getenv
			s.getenv = func(k string) (string, bool) {
				if k == "COLORTERM" {
					return "", false
				}
				return get(k)
			}
		},
		"COLORTERM empty": func(s *system) {
			get := s.getenv
			s.getenv = func(k string) (string, bool) {
				if k == "COLORTERM" {
					return "", true
				}
				return get(k)
			}
		},
	}
	for what, change := range changes {
		sys := fakeSystem(t, startFiles())
		sys.getenv = withVar(sys.getenv, "TMUX", "/tmp/tmux-0/default,1,0")
		change(&sys)
		if got := sys.match(saved); got != nil {
			t.Errorf("%s: painted %q, want nothing", what, got)
		}
	}
}

// withVar is getenv with name set to value.
func withVar(getenv func(string) (string, bool), name, value string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		if k == name {
			return value, true
		}
		return getenv(k)
	}
}

// Another tmux session or SSH login is the same terminal: the screen is
// painted there too.
func TestAnotherSessionOfTheSameTerminalPaints(t *testing.T) {
	sys := fakeSystem(t, startFiles())
	sys.getenv = withVar(withVar(sys.getenv, "TMUX", "/tmp/tmux-0/default,100,0"), "SSH_TTY", "/dev/pts/1")
	saved := savedBy(sys, "screen")
	sys.getenv = withVar(withVar(sys.getenv, "TMUX", "/tmp/tmux-0/other,200,3"), "SSH_TTY", "/dev/pts/7")
	if got := sys.match(saved); string(got) != "screen" {
		t.Fatalf("another tmux session got %q, want the screen", got)
	}
}

func TestAChangedFilePaintsNothing(t *testing.T) {
	saved := savedBy(fakeSystem(t, startFiles()), "screen")
	changes := map[string]func(f map[string]FileID){
		"the store grew": func(f map[string]FileID) {
			f[dbPath] = FileID{Exists: true, Size: 8192, ModNs: f[dbPath].ModNs, Ino: 11}
		},
		"the store was written": func(f map[string]FileID) {
			f[dbPath] = FileID{Exists: true, Size: 4096, ModNs: f[dbPath].ModNs + 1, Ino: 11}
		},
		"the store was replaced": func(f map[string]FileID) {
			f[dbPath] = FileID{Exists: true, Size: 4096, ModNs: f[dbPath].ModNs, Ino: 99}
		},
		"the store is gone": func(f map[string]FileID) { delete(f, dbPath) },
		"a log appeared":    func(f map[string]FileID) { f[walPath] = FileID{Exists: true, Size: 32, ModNs: 5, Ino: 13} },
		"the configuration edited": func(f map[string]FileID) {
			f[cfgPath] = FileID{Exists: true, Size: 121, ModNs: f[cfgPath].ModNs, Ino: 12}
		},
	}
	for what, change := range changes {
		files := startFiles()
		change(files)
		if got := fakeSystem(t, files).match(saved); got != nil {
			t.Errorf("%s: painted %q, want nothing", what, got)
		}
	}
}

func TestDamagedSavedFilePaintsNothing(t *testing.T) {
	sys := fakeSystem(t, startFiles())
	saved := savedBy(sys, "screen")
	for what, data := range map[string][]byte{
		"empty":         nil,
		"other file":    []byte("hello\n\nworld"),
		"cut in key":    saved[:len(saved)/2],
		"no screen":     saved[:len(saved)-len("screen")],
		"older version": append([]byte("bulletin first screen 0\n"), saved[len(magic):]...),
		"bad file line": bytes.Replace(saved, []byte("file \""), []byte("file x\""), 1),
	} {
		if got := sys.match(data); got != nil {
			t.Errorf("%s: painted %q, want nothing", what, got)
		}
	}
}

func TestPathsAndArgumentsWithOddCharactersRoundTrip(t *testing.T) {
	odd := "/tmp/a \"b\"\n\\c\x1b[31m/bulletin.db"
	files := map[string]FileID{odd: {Exists: true, Size: 1, ModNs: 2, Ino: 3}}
	sys := fakeSystem(t, files)
	sys.args = []string{"", "news\n\nfile \"x\"", "--theme=dark"}
	saved := append(sys.key([]string{odd}).encode(), "screen"...)
	if got := sys.match(saved); string(got) != "screen" {
		t.Fatalf("got %q, want the screen", got)
	}
	files[odd] = FileID{Exists: true, Size: 2, ModNs: 2, Ino: 3}
	if got := sys.match(saved); got != nil {
		t.Fatalf("a changed file with an odd name painted %q", got)
	}
}

func TestEncodeDrawsEveryRowInPlace(t *testing.T) {
	got := string(Encode("\x1b[1mone\x1b[m\ntwo", 3))
	want := "\x1b[?1049h\x1b[?25l\x1b[H" +
		"\x1b[1;1H\x1b[m\x1b[K\x1b[1mone\x1b[m\x1b[m" +
		"\x1b[2;1H\x1b[m\x1b[Ktwo\x1b[m" +
		"\x1b[3;1H\x1b[m\x1b[K"
	if got != want {
		t.Fatalf("Encode:\n got %q\nwant %q", got, want)
	}
	if strings.Contains(got, "\n") {
		t.Fatal("a new line could scroll the screen")
	}
}

func TestEncodeDropsLinesPastTheScreen(t *testing.T) {
	got := string(Encode("a\nb\nc", 2))
	if strings.Contains(got, "c") || strings.Contains(got, "[3;1H") {
		t.Fatalf("Encode drew a third row on a screen of two: %q", got)
	}
}

func TestSaveWritesAPrivateFileAtomically(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "bulletin")
	sys := fakeSystem(t, startFiles())
	if err := save(dir, fileName, sys.key(paths), []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := save(dir, fileName, sys.key(paths), []byte("second")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fileName)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("the saved screen is %v, want -rw------- (it holds headlines)", perm)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the cache folder holds %d files, want the saved screen alone (no temporary file left)", len(entries))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := sys.match(data); string(got) != "second" {
		t.Errorf("read back %q, want the last screen saved", got)
	}
}

func TestCacheDirFollowsXDG(t *testing.T) {
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"XDG_CACHE_HOME": "/c", "HOME": "/h"}, "/c/bulletin"},
		{map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/h"}, "/h/.cache/bulletin"},
		{map[string]string{"HOME": "/h/"}, "/h/.cache/bulletin"},
		{map[string]string{}, ""},
	} {
		if got := cacheDir(env(c.vars)); got != c.want {
			t.Errorf("cacheDir(%v) = %q, want %q", c.vars, got, c.want)
		}
	}
}
