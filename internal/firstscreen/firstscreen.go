// Package firstscreen paints the reader's remembered first screen the
// moment the process starts, before the packages of the user interface
// have even been initialised (Chroma's lexers, Glamour's styles and the
// rest take some 50 ms, more than a first screen may).
//
// On its way out the reader saves the screen the next start would show
// first (Save), with a key: everything that screen depends on, down to
// the stat of the library store and of the configuration. The init of this
// package paints that screen when the key still holds exactly, then the
// reader draws its real first frame over it; when anything changed,
// nothing is painted and the start is as it always was.
//
// Its init must run before the heavy ones: Go initialises the packages
// that are ready in the order of their import paths, so this package
// imports only small parts of the standard library, and "bulletin/..."
// comes before "github.com/...".
package firstscreen

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// magic opens a saved screen; a new layout of the file gets a new number,
// so an old file only fails to match.
const magic = "bulletin first screen 1\n"

// env are the variables that change how the screen looks or what it
// shows: the terminal and its colours (as colorprofile and Bubble Tea read
// them), the folders of the configuration, store and cache, and the time
// zone and locale of the dates.
var env = []string{
	"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TTY_FORCE",
	"TMUX", "TERM_PROGRAM", "WT_SESSION", "GOOGLE_CLOUD_SHELL", "ANSICON", "ANSICON_VER",
	"SSH_TTY", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
	"TZ", "LANG", "LC_ALL", "LC_CTYPE", "LC_TIME",
}

// presenceOnly are the variables of env whose value names a session
// (another in each tmux session or SSH login) and whose presence alone
// changes the look.
var presenceOnly = map[string]bool{"TMUX": true, "WT_SESSION": true, "SSH_TTY": true}

// FileID is what tells a file changed: its size, modification time and
// inode (a file replaced by a rename has another). A missing file is one
// too: it must still be missing.
type FileID struct {
	Exists bool
	Size   int64
	ModNs  int64
	Ino    uint64
}

// File is a file the screen was made from, with its identity then.
type File struct {
	Path string
	ID   FileID
}

// Key is everything a first screen depends on; a saved screen is painted
// only when the key of the start is the same in every field.
type Key struct {
	// Args are the command line's arguments, and Dir the working folder
	// when there are any (a relative folder names another library
	// elsewhere).
	Args []string
	Dir  string
	// Exe is the binary: another build may draw another screen.
	Exe        FileID
	Cols, Rows int
	// Env holds NAME=value, or NAME alone when unset, for each of env.
	Env []string
	// Year is when the dates of this year show without it.
	Year  int
	Files []File
}

// encode writes the key in its text form, one field a line, ending with an
// empty line.
func (k Key) encode() []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	for _, a := range k.Args {
		b.WriteString("arg " + strconv.Quote(a) + "\n")
	}
	b.WriteString("dir " + strconv.Quote(k.Dir) + "\n")
	b.WriteString("exe " + k.Exe.text() + "\n")
	b.WriteString("size " + strconv.Itoa(k.Cols) + " " + strconv.Itoa(k.Rows) + "\n")
	for _, e := range k.Env {
		b.WriteString("env " + strconv.Quote(e) + "\n")
	}
	b.WriteString("year " + strconv.Itoa(k.Year) + "\n")
	for _, f := range k.Files {
		b.WriteString("file " + strconv.Quote(f.Path) + " " + f.ID.text() + "\n")
	}
	b.WriteString("\n")
	return b.Bytes()
}

func (id FileID) text() string {
	if !id.Exists {
		return "none"
	}
	return strconv.FormatInt(id.Size, 10) + " " + strconv.FormatInt(id.ModNs, 10) + " " + strconv.FormatUint(id.Ino, 10)
}

// errNoKey is a saved file that holds no key this package wrote.
var errNoKey = errors.New("not a saved first screen")

// split parts a saved file into its key and the screen, and reads the
// paths of the files the key names.
func split(saved []byte) (key, screen []byte, paths []string, err error) {
	if !bytes.HasPrefix(saved, []byte(magic)) {
		return nil, nil, nil, errNoKey
	}
	end := bytes.Index(saved, []byte("\n\n"))
	if end < 0 {
		return nil, nil, nil, errNoKey
	}
	key, screen = saved[:end+2], saved[end+2:]
	for _, line := range strings.Split(string(key[:end]), "\n") {
		rest, ok := strings.CutPrefix(line, "file ")
		if !ok {
			continue
		}
		quoted, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return nil, nil, nil, errNoKey
		}
		path, err := strconv.Unquote(quoted)
		if err != nil {
			return nil, nil, nil, errNoKey
		}
		paths = append(paths, path)
	}
	return key, screen, paths, nil
}

// system is what a key is made of, read from the process and the
// machine; tests give their own.
type system struct {
	args    []string
	getwd   func() (string, error)
	getenv  func(string) (string, bool)
	stat    func(string) FileID
	exe     func() FileID
	now     func() time.Time
	cols    int
	rows    int
	cacheAt string
}

// key is the key of a start with the given files.
func (s system) key(paths []string) Key {
	k := Key{Args: s.args, Exe: s.exe(), Cols: s.cols, Rows: s.rows, Year: s.now().Year()}
	if len(s.args) > 0 {
		k.Dir, _ = s.getwd()
	}
	for _, name := range env {
		v, ok := s.getenv(name)
		switch {
		case !ok:
			k.Env = append(k.Env, name)
		case presenceOnly[name]:
			k.Env = append(k.Env, name+" set")
		default:
			k.Env = append(k.Env, name+"="+v)
		}
	}
	for _, p := range paths {
		k.Files = append(k.Files, File{Path: p, ID: s.stat(p)})
	}
	return k
}

// match returns the screen of a saved file when its key is the key of
// this start, exactly; nil otherwise.
func (s system) match(saved []byte) []byte {
	key, screen, paths, err := split(saved)
	if err != nil || len(screen) == 0 {
		return nil
	}
	if !bytes.Equal(key, s.key(paths).encode()) {
		return nil
	}
	return screen
}

// statFile is the identity of the file at path now.
func statFile(path string) FileID {
	fi, err := os.Stat(path)
	if err != nil {
		return FileID{}
	}
	return FileID{Exists: true, Size: fi.Size(), ModNs: fi.ModTime().UnixNano(), Ino: inode(fi)}
}

// cacheDir is bulletin's folder in the user's cache: $XDG_CACHE_HOME, else
// ~/.cache, as the picture cache finds it. Paths are joined by hand:
// path/filepath would be initialised late, and this package with it.
func cacheDir(getenv func(string) (string, bool)) string {
	if dir, _ := getenv("XDG_CACHE_HOME"); strings.HasPrefix(dir, "/") {
		return strings.TrimSuffix(dir, "/") + "/bulletin"
	}
	if home, _ := getenv("HOME"); home != "" {
		return strings.TrimSuffix(home, "/") + "/.cache/bulletin"
	}
	return ""
}

// fileName is the saved screen's name in the cache folder.
const fileName = "first-screen"

// exeID is the binary's identity as the process started, read once: a
// binary rebuilt while the reader ran is another one, whose screen the
// reader must not save as its own.
var exeID = sync.OnceValue(func() FileID {
	path, err := os.Executable()
	if err != nil {
		return FileID{}
	}
	return statFile(path)
})

// processSystem is the system of this process, with the terminal's size.
func processSystem(cols, rows int) system {
	return system{
		args:    os.Args[1:],
		getwd:   os.Getwd,
		getenv:  os.LookupEnv,
		stat:    statFile,
		exe:     exeID,
		now:     time.Now,
		cols:    cols,
		rows:    rows,
		cacheAt: cacheDir(os.LookupEnv),
	}
}
