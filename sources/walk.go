package sources

import (
	"context"
	"errors"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"bulletin/model"
)

// FileStat is one file met by Walk: enough to tell whether it changed since
// it was last read, without reading it.
type FileStat struct {
	// Name is the file's base name.
	Name string
	// Article reports an article file by its name (Scan lists it); other
	// files (README, images, hidden files) are skipped, and carry no size
	// or stamp.
	Article bool
	Size    int64
	// Stamp is the modification time in nanoseconds; in a file system that
	// keeps no times (the embedded tour) it is a hash of the content.
	Stamp int64
}

// DirStat is one directory met by Walk with the files directly in it, in no
// particular order. Err is set when the directory could not be read in full.
type DirStat struct {
	// Path is the directory's slash-separated path in the folder, "." for
	// the folder itself.
	Path  string
	Files []FileStat
	Err   error
	// Unstated reports a directory read by WalkNames: its article files
	// carry no size or stamp yet, so it has no Fingerprint until they are
	// read (see ListingStat).
	Unstated bool
}

// Fingerprint sums up the directory's files (names, sizes, stamps), so a
// directory whose fingerprint did not change holds the same files as before.
// It does not depend on the order of the files.
func (d *DirStat) Fingerprint() int64 {
	var sum uint64
	for _, f := range d.Files {
		sum += f.FingerprintPart()
	}
	return Fingerprint(sum, len(d.Files))
}

// Fingerprint is a directory's fingerprint from the sum of its files'
// FingerprintPart and their number: the parts of a directory read by
// WalkNames are summed as its files are read.
func Fingerprint(sum uint64, files int) int64 { return int64(sum ^ uint64(files)) }

// FingerprintPart is the file's share of its directory's Fingerprint.
func (f *FileStat) FingerprintPart() uint64 {
	var buf [17]byte
	h := fnv.New64a()
	h.Write([]byte(f.Name))
	if f.Article {
		buf[0] = 1
	}
	for i := range 8 {
		buf[1+i] = byte(f.Size >> (8 * i))
		buf[9+i] = byte(f.Stamp >> (8 * i))
	}
	h.Write(buf[:])
	// Mixed, so that two files cannot cancel out.
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return x
}

// FilePath is the slash-separated path of one of the directory's files.
func (d *DirStat) FilePath(name string) string {
	if d.Path == "." {
		return name
	}
	return d.Path + "/" + name
}

// Key names the folder across runs, for the library store: its absolute
// path on disk, the file's for a one-file source, or its name for a folder
// that is not on disk (the embedded tour).
func (f *Folder) Key() string {
	switch {
	case f.dir == "":
		return "fs:" + f.Name
	case f.only != "":
		return "file:" + filepath.Join(f.dir, f.only)
	}
	return "dir:" + f.dir
}

// DisplayPath names a file of the folder for messages: the folder as the
// user gave it, joined with the path inside it.
func (f *Folder) DisplayPath(p string) string { return f.display(p) }

// Listing reads what a listing needs from the file at p (title, date,
// related count, warnings), as Scan does.
func (f *Folder) Listing(p string) (model.Article, error) { return f.list(p, nil) }

// ListingStat is Listing for a file of a directory read by WalkNames: it
// also gives the file's size and stamp as Walk would have, taken from the
// file it read. They are 0 when the file could not be opened.
func (f *Folder) ListingStat(p string) (a model.Article, size, stamp int64, err error) {
	var info fs.FileInfo
	a, err = f.list(p, &info)
	if info != nil {
		size, stamp = info.Size(), info.ModTime().UnixNano()
		if info.ModTime().IsZero() {
			stamp = contentStamp(f.FS, p)
		}
	}
	return a, size, stamp, err
}

// Walk lists the folder's directories and their files with sizes and stamps,
// reading no article file, with up to workers directories read at once
// (<= 0: a default). Hidden folders are not entered, as in Scan. A
// directory that cannot be read is returned with its Err set. Walk stops
// early, returning ctx's error, when ctx is cancelled.
func (f *Folder) Walk(ctx context.Context, workers int) ([]DirStat, error) {
	return f.walk(ctx, workers, true)
}

// WalkNames is Walk without a stat of each article file on disk: their
// sizes and stamps are left for ListingStat to take from the open file, and
// the directories read are Unstated. A folder's first listing has no index
// to compare stats with, and stating every file cost it a tenth of its CPU
// and came before the first file was read. A folder that is not on disk is
// walked as Walk does.
func (f *Folder) WalkNames(ctx context.Context, workers int) ([]DirStat, error) {
	return f.walk(ctx, workers, f.dir == "")
}

func (f *Folder) walk(ctx context.Context, workers int, stat bool) ([]DirStat, error) {
	if workers <= 0 {
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	if f.only != "" {
		return f.walkOne()
	}
	var mu sync.Mutex
	var dirs []DirStat
	var wg sync.WaitGroup
	queue := make(chan string, 1024)
	var pending sync.WaitGroup
	add := func(p string) {
		pending.Add(1)
		select {
		case queue <- p:
		default:
			// The queue is full: read the directory in a goroutine of its own
			// rather than block a worker that feeds the queue.
			go func() { queue <- p }()
		}
	}
	read := f.readDirFS
	if f.dir != "" {
		read = func(p string) (DirStat, []string) { return f.readDirDisk(p, stat) }
	}
	for range workers {
		wg.Go(func() {
			for p := range queue {
				if ctx.Err() == nil {
					d, subdirs := read(p)
					mu.Lock()
					dirs = append(dirs, d)
					mu.Unlock()
					for _, s := range subdirs {
						add(s)
					}
				}
				pending.Done()
			}
		})
	}
	add(".")
	pending.Wait()
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(dirs, func(a, b DirStat) int { return strings.Compare(a.Path, b.Path) })
	return dirs, nil
}

// walkOne is Walk for a one-file source.
func (f *Folder) walkOne() ([]DirStat, error) {
	d := DirStat{Path: "."}
	info, err := fs.Stat(f.FS, f.only)
	if err != nil {
		d.Err = err
		if errors.Is(err, fs.ErrNotExist) {
			d.Err = nil
		}
		return []DirStat{d}, nil
	}
	d.Files = []FileStat{{Name: f.only, Article: true, Size: info.Size(), Stamp: info.ModTime().UnixNano()}}
	return []DirStat{d}, nil
}

// readDirFS reads one directory of any file system.
func (f *Folder) readDirFS(p string) (DirStat, []string) {
	d := DirStat{Path: p}
	entries, err := fs.ReadDir(f.FS, p)
	if err != nil {
		d.Err = unwrapPath(err)
	}
	var subdirs []string
	for _, e := range entries {
		name := e.Name()
		hidden := strings.HasPrefix(name, ".")
		if e.IsDir() {
			if !hidden {
				subdirs = append(subdirs, d.FilePath(name))
			}
			continue
		}
		fst := FileStat{Name: name, Article: !hidden && isArticleName(name)}
		if fst.Article {
			info, err := e.Info()
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					d.Err = unwrapPath(err)
				}
				continue
			}
			fst.Size, fst.Stamp = info.Size(), info.ModTime().UnixNano()
			if info.ModTime().IsZero() {
				fst.Stamp = contentStamp(f.FS, d.FilePath(name))
			}
		}
		d.Files = append(d.Files, fst)
	}
	return d, subdirs
}

// contentStamp hashes a file's content, for file systems without times.
func contentStamp(fsys fs.FS, p string) int64 {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return 0
	}
	h := fnv.New64a()
	h.Write(data)
	return int64(h.Sum64())
}

// readDirDisk reads one directory on disk: its names, then a stat of each
// relative to the open directory, which costs one system call a file.
func (f *Folder) readDirDisk(p string, statFiles bool) (DirStat, []string) {
	d := DirStat{Path: p, Unstated: !statFiles}
	dir, err := os.Open(filepath.Join(f.dir, filepath.FromSlash(p)))
	if err != nil {
		d.Err = unwrapPath(err)
		return d, nil
	}
	defer dir.Close()
	entries, err := dir.ReadDir(-1)
	if err != nil {
		d.Err = unwrapPath(err)
	}
	var subdirs []string
	stat := newDirStatter(dir)
	d.Files = make([]FileStat, 0, len(entries))
	for _, e := range entries {
		name := e.Name()
		hidden := strings.HasPrefix(name, ".")
		article := !hidden && isArticleName(name)
		if !statFiles && e.Type().IsRegular() {
			// The directory's entry says it is a plain file; a link or
			// an entry of unknown type is stated as by Walk.
			d.Files = append(d.Files, FileStat{Name: name, Article: article})
			continue
		}
		size, stamp, isDir, err := stat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue // removed since the directory was read
		case err != nil:
			d.Err = err
			continue
		case isDir:
			// Scan does not enter hidden folders; a link to a folder is
			// entered here, where Scan would skip it as no article file.
			if !hidden {
				subdirs = append(subdirs, d.FilePath(name))
			}
			continue
		}
		fst := FileStat{Name: name, Article: article}
		if article {
			fst.Size, fst.Stamp = size, stamp
		}
		d.Files = append(d.Files, fst)
	}
	return d, subdirs
}
