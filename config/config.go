// Package config reads and writes bulletin's configuration file,
// $XDG_CONFIG_HOME/bulletin/config.toml: the feeds, the article folders and
// the settings. example.toml (Example) documents the format.
//
// The file is the user's as much as bulletin's: Save changes only the lines
// of what changed, so comments, blank lines, the order of entries and every
// key bulletin does not know stay as the user wrote them. Where the file is
// laid out in a way that cannot be edited line by line (feeds as an inline
// array, dotted keys), Save rewrites it whole, keeping every key and value
// but not the comments. Writes are atomic, and a file that does not parse
// is never written over.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/pelletier/go-toml/v2"

	"bulletin/model"
)

// Config is the configuration. Its zero value is an empty configuration
// that Save cannot write (it has no path): use Load or LoadFile.
type Config struct {
	Feeds    []Feed   `toml:"feeds"`
	Folders  []Folder `toml:"folders"`
	Settings Settings `toml:"settings"`
	// Openers open the files feed items carry, by kind ("audio", "video",
	// "image") or media type ("audio/mpeg"), in lower case. They are read
	// only: Save keeps the file's [openers] as it is.
	Openers map[string]Opener `toml:"-"`
	// Keys are [keys], the user's keys for the reader's actions, in the
	// file's order. Read only: Save keeps the file's [keys] as it is.
	Keys []KeyEntry `toml:"-"`
	// Sync is [sync], the feed server to sync with; nil when not set.
	// Read only: Save keeps the file's [sync] as it is.
	Sync *Sync `toml:"-"`
	// Filters are the [[filters]] rules that hide articles, and Queries the
	// [[queries]] saved searches, in the file's order. Read only: Save
	// keeps them as the file has them, comments and all.
	Filters []model.FilterRule `toml:"-"`
	Queries []Query            `toml:"-"`
	// FilterWarnings are the rules and saved searches skipped, with the
	// file and line (in Warnings too), for the reader's status bar.
	FilterWarnings []string `toml:"-"`

	// Warnings are problems that do not stop bulletin, with the file and
	// line: a feed without a url, a feed listed twice.
	Warnings []string `toml:"-"`

	// keyWarnings are the entries of [keys] that could not be read.
	keyWarnings []string

	path string
	// raw is the file as read; nil when there was none.
	raw []byte
	// orig is what raw decoded to, for Save to tell what changed.
	orig *Config
}

// Feed is a subscription.
type Feed struct {
	URL   string   `toml:"url"`
	Title string   `toml:"title"`
	Tags  []string `toml:"tags"`
	// orig is the 1-based position of the entry in the file, 0 for a feed
	// added since.
	orig int
}

// Folder is a folder of article files.
type Folder struct {
	Path string `toml:"path"`
	// ArticleURL, when set, says where the folder's stories live on the
	// web: an http or https address with {id} where a story's id goes,
	// such as "https://news.example/news/{id}".
	ArticleURL string `toml:"article_url"`
	// PictureURL, when set, is the address of a picture with {pic} where
	// its path on the site goes, such as "https://media.example/uploads{pic}".
	PictureURL string `toml:"picture_url"`
	orig       int
}

// Site is where the folder's stories live on the web, from its templates;
// a zero Site when it has none. The templates of a loaded configuration
// are already checked: an error comes only from ones set since.
func (f Folder) Site() (model.Site, error) {
	return model.ParseSite(f.ArticleURL, f.PictureURL)
}

// Settings tune bulletin. A zero value means the default.
type Settings struct {
	// Workers bounds the feeds fetched at once (default 32).
	Workers int `toml:"workers"`
	// PerHost bounds the connections to one host (default 4).
	PerHost int `toml:"per_host"`
	// ConnectTimeout bounds connecting to a server (default 10s).
	ConnectTimeout Duration `toml:"connect_timeout"`
	// Timeout bounds fetching one feed (default 30s).
	Timeout Duration `toml:"timeout"`
	// RefreshDeadline bounds a whole refresh (default 60s): the feeds not
	// fetched by then fail, saying so, and the others are kept.
	RefreshDeadline Duration `toml:"refresh_deadline"`
	// Theme is "auto" (the default), "dark", "light" or "none".
	Theme string `toml:"theme"`
	// PrefetchRelated fetches, in the background, the related stories of
	// the article being read that live on its folder's site (article_url)
	// and are not kept yet, so that their number opens them at once.
	PrefetchRelated bool `toml:"prefetch_related"`
	// CompactList lists the headlines one line each (date, source, title,
	// marks) in place of two.
	CompactList bool `toml:"compact_list"`
	// SaveFolder is where S saves articles as markdown files; "" means
	// the documents folder's bulletin folder (see SaveDir). A leading ~
	// is the home folder.
	SaveFolder string `toml:"save_folder"`
	// PipeCommand is the program | hands an article's markdown to, on
	// its standard input: a program and its arguments, run directly,
	// never through a shell. Empty means none.
	PipeCommand []string `toml:"pipe_command"`
	// BrowserTerminal says that $BROWSER runs in the terminal: o then
	// hands it the terminal until it exits, as it does for the browsers
	// known to (lynx, w3m, links, elinks) without this setting.
	BrowserTerminal bool `toml:"browser_terminal"`
	// RefreshOnStart refreshes the feeds when the reader opens, behind its
	// first page.
	RefreshOnStart bool `toml:"refresh_on_start"`
	// RefreshInterval refreshes the feeds in the reader this often; zero
	// is never. Less than MinRefreshInterval is refused.
	RefreshInterval Duration `toml:"refresh_interval"`
	// Images is how the reader draws pictures: "auto" (the default: ask
	// the terminal), "kitty", "sixel", "iterm2", "halfblocks" or "off"
	// (a line of alt text).
	Images string `toml:"images"`
}

// ImageModes are the values images may take.
var ImageModes = []string{"auto", "kitty", "sixel", "iterm2", "halfblocks", "off"}

// MinRefreshInterval is the shortest refresh_interval accepted (one
// minute, as the error says): shorter would hammer the feeds' servers for
// news that rarely comes faster.
const MinRefreshInterval = time.Minute

// SaveDir is the folder S saves into: save_folder with ~ expanded, else
// bulletin in the user's documents folder (XDG_DOCUMENTS_DIR, as read when
// bulletin started).
func (s Settings) SaveDir() (string, error) {
	if s.SaveFolder != "" {
		return ExpandPath(s.SaveFolder)
	}
	if xdg.UserDirs.Documents == "" {
		return "", errors.New("config: no documents folder to save into: set save_folder in [settings]")
	}
	return filepath.Join(xdg.UserDirs.Documents, "bulletin"), nil
}

// Duration is a time.Duration written as a string: "10s", "1m30s".
type Duration struct{ time.Duration }

// UnmarshalText reads a duration such as "10s"; a plain number is seconds.
func (d *Duration) UnmarshalText(b []byte) error {
	if n, err := strconv.ParseUint(string(b), 10, 32); err == nil {
		d.Duration = time.Duration(n) * time.Second
		return nil
	}
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as \"10s\"", b)
	}
	if v < 0 {
		return fmt.Errorf("%q is negative", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

//go:embed example.toml
var example []byte

// Example returns the documented example configuration.
func Example() []byte { return bytes.Clone(example) }

// ErrChanged marks a Save that found the file changed since it was read.
var ErrChanged = errors.New("the file changed since it was read")

// Path returns the configuration file's path: config.toml in the bulletin
// folder of $XDG_CONFIG_HOME, or of ~/.config when that is unset or not
// absolute. The environment is read at each call.
func Path() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "bulletin", "config.toml"), nil
	}
	if runtime.GOOS == "windows" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("config: %w", err)
		}
		return filepath.Join(dir, "bulletin", "config.toml"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	return filepath.Join(home, ".config", "bulletin", "config.toml"), nil
}

// Load reads the configuration file at Path. A missing file is an empty
// configuration, not an error.
func Load() (*Config, error) {
	path, err := Path()
	if err != nil {
		return nil, err
	}
	return LoadFile(path)
}

// LoadFile reads the configuration file at path. A missing file is an empty
// configuration; a file that does not parse is an error naming the file,
// line and column.
func LoadFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{path: path, orig: &Config{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := parse(path, data)
	if err != nil {
		return nil, err
	}
	c.path, c.raw = path, data
	return c, nil
}

// Parse reads a configuration from data; name is used in errors. The result
// cannot be saved.
func Parse(name string, data []byte) (*Config, error) {
	return parse(name, data)
}

func parse(name string, data []byte) (*Config, error) {
	c, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	if err := c.checkSites(name, data); err != nil {
		return nil, err
	}
	c.Warnings = append(c.check(name, data), c.keyWarnings...)
	orig, _ := decode(name, data)
	c.orig = orig
	return c, nil
}

// fileConfig is Config as decoded: durations are checked after, so that an
// error can name their line.
type fileConfig struct {
	Feeds    []Feed   `toml:"feeds"`
	Folders  []Folder `toml:"folders"`
	Settings struct {
		Workers        int    `toml:"workers"`
		PerHost        int    `toml:"per_host"`
		ConnectTimeout any    `toml:"connect_timeout"`
		Timeout        any    `toml:"timeout"`
		Deadline       any    `toml:"refresh_deadline"`
		Theme          string `toml:"theme"`
		Prefetch       bool   `toml:"prefetch_related"`
		CompactList    bool   `toml:"compact_list"`
		SaveFolder     string `toml:"save_folder"`
		// PipeCommand is checked after decoding, so that an error can
		// name its line.
		PipeCommand     any  `toml:"pipe_command"`
		BrowserTerminal bool `toml:"browser_terminal"`
		RefreshOnStart  bool `toml:"refresh_on_start"`
		RefreshInterval any  `toml:"refresh_interval"`
		Images          any  `toml:"images"`
	} `toml:"settings"`
	Openers map[string]any `toml:"openers"`
	Keys    map[string]any `toml:"keys"`
	Sync    map[string]any `toml:"sync"`
	// Filters and Queries are checked entry by entry, so that one wrong
	// entry leaves the others in force.
	Filters any `toml:"filters"`
	Queries any `toml:"queries"`
}

// decode parses data into a Config whose entries know their place in it.
func decode(name string, data []byte) (*Config, error) {
	var fc fileConfig
	if err := toml.Unmarshal(data, &fc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, fmt.Errorf("config: %s:%d:%d: %s", name, line, col, strings.TrimPrefix(de.Error(), "toml: "))
		}
		return nil, fmt.Errorf("config: %s: %w", name, err)
	}
	c := Config{Feeds: fc.Feeds, Folders: fc.Folders}
	s := &fc.Settings
	c.Settings = Settings{Workers: s.Workers, PerHost: s.PerHost, Theme: s.Theme, PrefetchRelated: s.Prefetch,
		CompactList: s.CompactList, SaveFolder: s.SaveFolder, BrowserTerminal: s.BrowserTerminal,
		RefreshOnStart: s.RefreshOnStart}
	settingErr := func(key string, err error) error {
		pos := name
		if doc, ierr := index(data); ierr == nil {
			if at, ok := doc.keyAt("settings", key); ok {
				pos = fmt.Sprintf("%s:%d:%d", name, doc.line(at), at-lineStart(data, at)+1)
			}
		}
		return fmt.Errorf("config: %s: settings.%s: %w", pos, key, err)
	}
	for _, d := range []struct {
		key string
		v   any
		to  *Duration
	}{
		{"connect_timeout", s.ConnectTimeout, &c.Settings.ConnectTimeout},
		{"timeout", s.Timeout, &c.Settings.Timeout},
		{"refresh_deadline", s.Deadline, &c.Settings.RefreshDeadline},
		{"refresh_interval", s.RefreshInterval, &c.Settings.RefreshInterval},
	} {
		if err := d.to.set(d.v); err != nil {
			return nil, settingErr(d.key, err)
		}
	}
	if err := checkRefreshInterval(c.Settings.RefreshInterval.Duration); err != nil {
		return nil, settingErr("refresh_interval", err)
	}
	images, err := imageMode(s.Images)
	if err != nil {
		return nil, settingErr("images", err)
	}
	c.Settings.Images = images
	openers, err := decodeOpeners(name, data, fc.Openers)
	if err != nil {
		return nil, err
	}
	c.Openers = openers
	c.Keys, c.keyWarnings = decodeKeys(name, data, fc.Keys)
	if c.Sync, err = decodeSync(name, data, fc.Sync); err != nil {
		return nil, err
	}
	var fw, qw []string
	c.Filters, fw = decodeFilters(name, data, fc.Filters)
	c.Queries, qw = decodeQueries(name, data, fc.Queries)
	c.FilterWarnings = append(fw, qw...)
	c.keyWarnings = append(c.keyWarnings, c.FilterWarnings...)
	argv, err := commandArgs(s.PipeCommand)
	if err != nil {
		return nil, settingErr("pipe_command", err)
	}
	c.Settings.PipeCommand = argv
	if err := checkSaveFolder(s.SaveFolder); err != nil {
		return nil, settingErr("save_folder", err)
	}
	for i := range c.Feeds {
		c.Feeds[i].orig = i + 1
	}
	for i := range c.Folders {
		c.Folders[i].orig = i + 1
	}
	return &c, nil
}

// checkRefreshInterval refuses an interval that is on but too short.
func checkRefreshInterval(d time.Duration) error {
	if d != 0 && d < MinRefreshInterval {
		return fmt.Errorf("%s is shorter than the minimum of one minute (0 turns it off)", d)
	}
	return nil
}

// set reads a duration as decoded: a string such as "10s", or a number of
// seconds.
func (d *Duration) set(v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case int64:
		if v < 0 || v > 1<<31 {
			return fmt.Errorf("%d seconds is out of range", v)
		}
		d.Duration = time.Duration(v) * time.Second
		return nil
	}
	return fmt.Errorf("%v is not a duration such as \"10s\"", v)
}

// commandArgs reads a command as decoded: a list of strings whose first
// names the program. Nothing at all is no command.
func commandArgs(v any) ([]string, error) {
	const want = `want a list such as ["less", "-R"]: the program, then its arguments`
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%v is not a list of strings; %s", v, want)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("the list is empty; %s", want)
	}
	argv := make([]string, len(list))
	for i, a := range list {
		s, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("item %d (%v) is not a string; %s", i+1, a, want)
		}
		if strings.ContainsRune(s, 0) {
			return nil, fmt.Errorf("item %d holds a NUL byte", i+1)
		}
		argv[i] = s
	}
	if strings.TrimSpace(argv[0]) == "" {
		return nil, fmt.Errorf("the program name is empty; %s", want)
	}
	return argv, nil
}

// checkSaveFolder refuses a save folder that depends on the folder
// bulletin happens to be started from.
func checkSaveFolder(p string) error {
	if p == "" || p == "~" || strings.HasPrefix(p, "~/") || filepath.IsAbs(p) {
		if strings.ContainsRune(p, 0) {
			return errors.New("the path holds a NUL byte")
		}
		return nil
	}
	return fmt.Errorf("%q is relative: write an absolute path or one starting with ~/", p)
}

// check lists what is wrong but survivable.
func (c *Config) check(name string, data []byte) []string {
	d, _ := index(data)
	line := func(kind string, i int) string {
		if d != nil {
			if blocks := d.blocks(kind); i < len(blocks) {
				return fmt.Sprintf("%s:%d", name, d.line(blocks[i].header))
			}
		}
		return name
	}
	var warns []string
	seen := map[string]bool{}
	for i, f := range c.Feeds {
		switch {
		case f.URL == "":
			warns = append(warns, line("feeds", i)+": a feed without a url is ignored")
		case seen[f.URL]:
			warns = append(warns, line("feeds", i)+": "+f.URL+" is listed twice")
		}
		seen[f.URL] = true
	}
	for i, f := range c.Folders {
		if f.Path == "" {
			warns = append(warns, line("folders", i)+": a folder without a path is ignored")
		}
	}
	switch c.Settings.Theme {
	case "", "auto", "dark", "light", "none":
	default:
		warns = append(warns, fmt.Sprintf("%s: theme %q is not auto, dark, light or none", name, c.Settings.Theme))
	}
	if c.Settings.Workers < 0 || c.Settings.PerHost < 0 {
		warns = append(warns, name+": workers and per_host cannot be negative; the defaults are used")
	}
	return warns
}

// checkSites checks the address templates of the folders. A bad one is an
// error, not a warning: bulletin must never make an address that is not
// http or https from it. The error names the file and the template's line.
func (c *Config) checkSites(name string, data []byte) error {
	d, _ := index(data)
	for i, f := range c.Folders {
		if _, err := f.Site(); err != nil {
			pos := name
			if d != nil {
				if at, ok := d.entryKey("folders", i, siteKey(f)); ok {
					pos = fmt.Sprintf("%s:%d", name, d.line(at))
				}
			}
			return fmt.Errorf("config: %s: folder %s: %w", pos, model.CleanLine(f.Path), err)
		}
	}
	return nil
}

// siteKey is the key of a folder whose template is wrong: article_url when
// it is, else picture_url.
func siteKey(f Folder) string {
	if _, err := model.ParseSite(f.ArticleURL, ""); err != nil {
		return "article_url"
	}
	return "picture_url"
}

// ExpandPath expands a leading ~ in a folder path to the home folder
// ($HOME, read at each call).
func ExpandPath(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") && !strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	return filepath.Join(home, p[1:]), nil
}

// File is the path the configuration was read from.
func (c *Config) File() string { return c.path }

// Exists reports whether the configuration was read from a file.
func (c *Config) Exists() bool { return c.raw != nil }

// FeedIndex returns the position of the feed with the URL, or -1.
func (c *Config) FeedIndex(url string) int {
	return slices.IndexFunc(c.Feeds, func(f Feed) bool { return f.URL == url })
}

// AddFeed adds a feed unless one with its URL is there; it reports whether
// it added it.
func (c *Config) AddFeed(f Feed) bool {
	if f.URL == "" || c.FeedIndex(f.URL) >= 0 {
		return false
	}
	f.orig = 0
	c.Feeds = append(c.Feeds, f)
	return true
}

// RemoveFeed removes the feed with the URL; it reports whether there was one.
func (c *Config) RemoveFeed(url string) bool {
	i := c.FeedIndex(url)
	if i < 0 {
		return false
	}
	c.Feeds = slices.Delete(c.Feeds, i, i+1)
	return true
}

// MoveFeed gives the feed at from the URL to (after a permanent redirect),
// keeping its place, title, tags and hand-written keys. It reports whether
// it found the feed; when a feed with the new URL is already there, the old
// one is removed instead.
func (c *Config) MoveFeed(from, to string) bool {
	i := c.FeedIndex(from)
	if i < 0 {
		return false
	}
	if c.FeedIndex(to) >= 0 {
		c.Feeds = slices.Delete(c.Feeds, i, i+1)
		return true
	}
	c.Feeds[i].URL = to
	return true
}

// FolderIndex returns the position of the folder at dir, or -1. Paths are
// compared as absolute, clean paths with ~ expanded, so "~/news" in the
// file is the folder a command names as /home/me/news.
func (c *Config) FolderIndex(dir string) int {
	want, ok := absPath(dir)
	if !ok {
		return -1
	}
	return slices.IndexFunc(c.Folders, func(f Folder) bool {
		p, ok := absPath(f.Path)
		return ok && p == want
	})
}

// FolderOf returns the position of the folder that holds dir: the folder
// at dir, else the nearest one above it (a folder is read with its
// subfolders); -1 when none does. Paths are compared as FolderIndex does.
func (c *Config) FolderOf(dir string) int {
	want, ok := absPath(dir)
	if !ok {
		return -1
	}
	best, bestLen := -1, -1
	for i, f := range c.Folders {
		p, ok := absPath(f.Path)
		if !ok || len(p) <= bestLen {
			continue
		}
		if p == want || strings.HasPrefix(want, strings.TrimSuffix(p, string(filepath.Separator))+string(filepath.Separator)) {
			best, bestLen = i, len(p)
		}
	}
	return best
}

// absPath is a folder's path expanded (~), absolute and clean.
func absPath(p string) (string, bool) {
	if p == "" {
		return "", false
	}
	p, err := ExpandPath(p)
	if err != nil {
		return "", false
	}
	p, err = filepath.Abs(p)
	return p, err == nil
}

// AddFolder adds a folder unless it is there; it reports whether it added
// it.
func (c *Config) AddFolder(path string) bool {
	if path == "" || slices.ContainsFunc(c.Folders, func(f Folder) bool { return f.Path == path }) {
		return false
	}
	c.Folders = append(c.Folders, Folder{Path: path})
	return true
}

// RemoveFolder removes a folder; it reports whether it was there.
func (c *Config) RemoveFolder(path string) bool {
	i := slices.IndexFunc(c.Folders, func(f Folder) bool { return f.Path == path })
	if i < 0 {
		return false
	}
	c.Folders = slices.Delete(c.Folders, i, i+1)
	return true
}

// Update loads the configuration at path, lets fn change it and saves it,
// loading it again once if it changed on disk meanwhile. fn may run twice.
func Update(path string, fn func(*Config) error) error {
	for try := 0; ; try++ {
		c, err := LoadFile(path)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		err = c.Save()
		if errors.Is(err, ErrChanged) && try == 0 {
			continue
		}
		return err
	}
}

// imageMode checks the images setting: a string among ImageModes, in any
// case; nil (not set) is "".
func imageMode(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	str, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want a string, one of %s", strings.Join(ImageModes, ", "))
	}
	mode := strings.ToLower(strings.TrimSpace(str))
	if mode != "" && !slices.Contains(ImageModes, mode) {
		return "", fmt.Errorf("%q is not one of %s", model.CleanLine(str), strings.Join(ImageModes, ", "))
	}
	return mode, nil
}
