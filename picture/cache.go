package picture

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/adrg/xdg"
)

// DefaultCacheBytes is the default size of the picture cache: a few
// hundred news photos.
const DefaultCacheBytes = 200 << 20

// CacheDir is the picture cache's folder under the XDG cache folder.
func CacheDir() string { return filepath.Join(xdg.CacheHome, "bulletin", "pictures") }

// Cache keeps fetched pictures on disk, at most MaxBytes of them: when a
// picture is added over the cap, the least recently used go first. Files
// are named by a hash of the URL, never by the URL, which is untrusted. It
// is safe for concurrent use within one process; two processes sharing
// the folder can only make each other fetch again.
type Cache struct {
	Dir      string
	MaxBytes int64
	// Now tells the time of a use (default time.Now).
	Now func() time.Time

	mu sync.Mutex
}

// NewCache returns a cache in dir of at most maxBytes.
func NewCache(dir string, maxBytes int64) *Cache {
	return &Cache{Dir: dir, MaxBytes: maxBytes}
}

const cacheExt = ".pic"

func (c *Cache) path(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:])+cacheExt)
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Get returns the bytes cached for url, and marks them used now.
func (c *Cache) Get(url string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.path(url)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	t := c.now()
	_ = os.Chtimes(p, t, t)
	return data, true
}

// Put stores data for url, then evicts the least recently used pictures
// until the cache is under MaxBytes. A picture larger than the whole cache
// is not stored.
func (c *Cache) Put(url string, data []byte) error {
	if int64(len(data)) > c.MaxBytes {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	p := c.path(url)
	tmp, err := os.CreateTemp(c.Dir, "put-*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	t := c.now()
	_ = os.Chtimes(tmp.Name(), t, t)
	// Rename, so that a reader never sees half a picture.
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return c.evict(p)
}

type cached struct {
	path string
	size int64
	used time.Time
}

// evict removes the least recently used pictures, never keep, until the
// cache holds at most MaxBytes.
func (c *Cache) evict(keep string) error {
	entries, err := os.ReadDir(c.Dir)
	if err != nil {
		return err
	}
	var files []cached
	var total int64
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), cacheExt) {
			continue
		}
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		files = append(files, cached{filepath.Join(c.Dir, e.Name()), info.Size(), info.ModTime()})
		total += info.Size()
	}
	slices.SortFunc(files, func(a, b cached) int { return a.used.Compare(b.used) })
	for _, f := range files {
		if total <= c.MaxBytes {
			break
		}
		if f.path == keep {
			continue
		}
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		total -= f.size
	}
	return nil
}
