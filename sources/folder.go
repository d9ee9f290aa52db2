package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"bulletin/model"
)

// Folder is a source of article files: every *.txt file below a root, in any
// file system (a directory on disk, or the embedded tour).
type Folder struct {
	// Name labels the source in the list and starts every ref.
	Name string
	// Root is the folder as the user named it, for messages.
	Root string
	FS   fs.FS
	// only, when set, limits the folder to one file (a FILE argument).
	only string
	// dir is the folder's absolute path on disk, "" when it is not on disk.
	dir string
	// site is where the folder's stories live on the web; see SetSite.
	site model.Site
}

var _ model.Sited = (*Folder)(nil)

// Site is where the folder's stories live on the web: the addresses of its
// stories and pictures. A zero Site (the default) knows none.
func (f *Folder) Site() model.Site { return f.site }

// SetSite says where the folder's stories live on the web (from the
// configuration). Set it before the folder is read: it is not synchronised
// with readers.
func (f *Folder) SetSite(s model.Site) { f.site = s }

// Dir is the folder's absolute, clean path on disk (for a one-file source,
// the folder that holds the file); "" for a folder not on disk, such as the
// tour.
func (f *Folder) Dir() string { return f.dir }

// OpenFolder returns the folder source at dir, named after its base name.
func OpenFolder(dir string) (*Folder, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("sources: %s is not a folder", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return &Folder{Name: sourceName(abs), Root: dir, FS: os.DirFS(dir), dir: abs}, nil
}

// OpenFile returns a one-file source for the article file at name, labelled
// with the name of the folder that holds it.
func OpenFile(name string) (*Folder, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("sources: %s is a folder, not a file", name)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	dir := filepath.Dir(abs)
	return &Folder{Name: sourceName(dir), Root: name, FS: os.DirFS(dir), only: filepath.Base(abs), dir: dir}, nil
}

func sourceName(dir string) string {
	name := model.CleanLine(filepath.Base(dir))
	if name == "" || name == "." || name == string(filepath.Separator) {
		return "articles"
	}
	return name
}

// ScanResult is one file met by Scan.
type ScanResult = model.ScanResult

// listReadSize is how much of a file a listing reads from each end: the
// title and date are at the head, the related block at the tail.
const listReadSize = 32 << 10

// Scan lists the folder: it walks it recursively and parses each file's head
// and tail with a bounded pool of workers, sending results as they come, so a
// caller can show headlines before the scan ends. The channel closes when the
// scan is done or ctx is cancelled. workers <= 0 means one per CPU, twice.
func (f *Folder) Scan(ctx context.Context, workers int) <-chan ScanResult {
	if workers <= 0 {
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	paths := make(chan string, 256)
	out := make(chan ScanResult, 256)
	send := func(r ScanResult) bool {
		select {
		case out <- r:
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(paths)
		if f.only != "" {
			paths <- f.only
			return
		}
		err := fs.WalkDir(f.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if !send(ScanResult{Path: f.display(p), Err: fmt.Errorf("sources: %s: %w", f.display(p), unwrapPath(err))}) {
					return fs.SkipAll
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && p != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				send(ScanResult{Path: f.display(p), Skipped: true})
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !isArticleName(d.Name()) {
				if !send(ScanResult{Path: f.display(p), Skipped: true}) {
					return fs.SkipAll
				}
				return nil
			}
			select {
			case paths <- p:
				return nil
			case <-ctx.Done():
				return fs.SkipAll
			}
		})
		if err != nil && !errors.Is(err, fs.SkipAll) {
			send(ScanResult{Path: f.Root, Err: fmt.Errorf("sources: %s: %w", f.Root, err)})
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for p := range paths {
				a, err := f.list(p, nil)
				r := ScanResult{Article: a, Err: err}
				if err != nil {
					r.Path = f.display(p)
				}
				if !send(r) {
					// Drain so the walker is not left blocked.
					for range paths {
					}
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// isArticleName tells article files from the rest of a folder by name.
func isArticleName(name string) bool {
	if !strings.EqualFold(path.Ext(name), ".txt") {
		return false
	}
	base := strings.ToLower(strings.TrimSuffix(name, path.Ext(name)))
	switch base {
	case "readme", "license", "licence", "copying", "notes", "changelog":
		return false
	}
	return true
}

// list reads what a listing needs from the file at p: the whole file when it
// is small, else its head and tail.
// When info is not nil, it is set to the open file's information.
func (f *Folder) list(p string, info *fs.FileInfo) (model.Article, error) {
	buf := listBuffers.Get().(*[]byte)
	defer listBuffers.Put(buf)
	data, middleNULs, err := readEnds(f.FS, f.openListing, p, *buf, info)
	if err != nil {
		return model.Article{}, fmt.Errorf("sources: %s: %w", f.display(p), unwrapPath(err))
	}
	// parse copies what it keeps, so the buffer can be reused. It names
	// the file only in an error, so the name the user knows is made only
	// then (joining it cost 4% of a first listing).
	a, err := parse(p, data, false, middleNULs)
	if perr, ok := err.(*ParseError); ok {
		perr.File = f.display(p)
	}
	if err != nil {
		return a, err
	}
	f.stamp(&a, p)
	return a, nil
}

// listBuffers hold whole small files, or a large file's two ends.
var listBuffers = sync.Pool{New: func() any {
	b := make([]byte, 2*listReadSize+3)
	return &b
}}

// Load reads the whole file of a listed article: its body and related list.
func (f *Folder) Load(_ context.Context, listed *model.Article) (model.Article, error) {
	data, err := fs.ReadFile(f.FS, listed.Path)
	if err != nil {
		return model.Article{}, fmt.Errorf("sources: %s: %w", f.display(listed.Path), unwrapPath(err))
	}
	a, err := Parse(f.display(listed.Path), data)
	if err != nil {
		return a, err
	}
	f.stamp(&a, listed.Path)
	return a, nil
}

// stamp gives an article its place: source, path, ref and loader.
func (f *Folder) stamp(a *model.Article, p string) {
	a.Source = f.Name
	a.Path = p
	a.Ref = model.CleanLine(f.Name + "/" + strings.TrimSuffix(p, path.Ext(p)))
	a.Origin = f
}

// display names a file for messages: the folder as the user gave it, joined
// with the path inside it.
func (f *Folder) display(p string) string {
	switch {
	case f.Root == "":
	case f.only != "":
		p = f.Root
	default:
		p = filepath.Join(f.Root, filepath.FromSlash(p))
	}
	return model.CleanLine(p)
}

// readEnds reads a file into buf: whole when it fits, else its first and
// last len(buf)/2 bytes joined by blank lines, which keeps the title, date
// and related block and drops the middle of the body. Most files fit, and
// then it costs one open, one read and one close. The middle it drops is
// still read through, for its count of NUL bytes: the full parse warns
// about them, and the listing must say the same.
// When info is not nil, it is set to the open file's information.
func readEnds(fsys fs.FS, open func(string) (fs.File, error), p string, buf []byte, info *fs.FileInfo) (data []byte, middleNULs int, err error) {
	file, err := open(p)
	if err != nil {
		return nil, 0, err
	}
	defer file.Close()
	var st fs.FileInfo
	if info != nil {
		if st, err = file.Stat(); err != nil {
			return nil, 0, err
		}
		*info = st
	}
	n, err := readFull(file, buf, st)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return buf[:n], 0, nil
	case err != nil:
		return nil, 0, err
	}
	if st == nil {
		if st, err = file.Stat(); err != nil {
			return nil, 0, err
		}
	}
	ra, seekable := file.(io.ReaderAt)
	if !seekable {
		data, err := fs.ReadFile(fsys, p)
		return data, 0, err
	}
	half := (len(buf) - 3) / 2
	tail := buf[half+3:]
	tailStart := st.Size() - int64(len(tail))
	middleNULs, err = countMiddleNULs(file, buf, half, tailStart)
	if err != nil {
		return nil, 0, err
	}
	copy(buf[half:], "\n\n\n")
	if _, err := ra.ReadAt(tail, tailStart); err != nil && err != io.EOF {
		return nil, 0, err
	}
	// The related block is one line; if the tail does not hold its start,
	// the block is larger than the tail and the whole file is needed.
	if _, d := findDump(buf); d.kind == dumpNone || d.start < half+3 {
		data, err := fs.ReadFile(fsys, p)
		return data, 0, err
	}
	return buf, middleNULs, nil
}

// readFull is io.ReadFull, but when the file's information is known it
// stops once it has the file's size, which it holds whole: the read that
// would only find the end is one more system call a file.
func readFull(file io.Reader, buf []byte, st fs.FileInfo) (int, error) {
	if st == nil || st.Size() >= int64(len(buf)) {
		return io.ReadFull(file, buf)
	}
	n := 0
	for {
		k, err := file.Read(buf[n:])
		n += k
		switch {
		case n == len(buf):
			return n, nil // the file grew since: read as io.ReadFull would
		case int64(n) >= st.Size() || err == io.EOF:
			return n, io.ErrUnexpectedEOF
		case err != nil:
			return n, err
		case k == 0:
			return n, io.ErrNoProgress
		}
	}
}

// countMiddleNULs counts the NUL bytes of the file between offsets half and
// tailStart, which a listing leaves out. buf holds the file's first len(buf)
// bytes, and file is positioned just after them; the part of buf past half
// is free to read the rest of the middle through.
func countMiddleNULs(file io.Reader, buf []byte, half int, tailStart int64) (int, error) {
	read := int64(len(buf))
	nuls := bytes.Count(buf[half:min(read, max(tailStart, int64(half)))], []byte{0})
	if tailStart <= read {
		return nuls, nil
	}
	scratch := buf[half:]
	rest := io.LimitReader(file, tailStart-read)
	for {
		n, err := rest.Read(scratch)
		nuls += bytes.Count(scratch[:n], []byte{0})
		if err == io.EOF {
			return nuls, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// unwrapPath drops the *PathError wrapper, whose path is the internal one;
// callers name the file as the user knows it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
