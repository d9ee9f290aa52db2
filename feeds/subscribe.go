package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"bulletin/config"
	"bulletin/model"
	"bulletin/sources/feed"
	"bulletin/sources/opml"
)

// FeedURL makes the address of a feed as the configuration keeps it: http
// and https URLs as they are, and a local file (a file:// URL, or a path,
// relative to dir when not absolute) as an absolute file:// URL, so that it
// means the same file from any folder. Other schemes are an error.
func FeedURL(raw, dir string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, local, err := feed.Target(raw)
	switch {
	case raw == "":
		return "", err
	case err != nil:
		return "", fmt.Errorf("%s: %w", model.CleanLine(raw), err)
	case u != nil:
		return raw, nil
	case len(raw) > 5 && strings.EqualFold(raw[:5], "file:"):
		if !filepath.IsAbs(local) {
			return "", fmt.Errorf("%s: a file URL needs an absolute path", model.CleanLine(raw))
		}
		return raw, nil
	}
	p, err := config.ExpandPath(local)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if p, err = filepath.Abs(p); err != nil {
		return "", err
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String(), nil
}

// Added is what Add did.
type Added struct {
	// URL is the feed subscribed to.
	URL string
	// Title is the feed's own title.
	Title string
	// Page is the web page the feed was found on, "" when URL was given.
	Page string
	// Items is how many items were stored.
	Items int
	// Already is set when the feed was a subscription before; nothing was
	// fetched then.
	Already bool
	// Warnings say what was wrong but survivable in the feed (cut off...),
	// cleaned.
	Warnings []string
}

// Add subscribes to the feed at raw (see FeedURL; a relative path is taken
// from the working folder), fetching it once: its items are stored at
// once. When raw is a web page, Add subscribes to the first feed the page
// links to that can be read. Errors name the URL and what is wrong.
func (s *Service) Add(ctx context.Context, raw string) (Added, error) {
	wd, _ := os.Getwd()
	u, err := FeedURL(raw, wd)
	if err != nil {
		return Added{}, fmt.Errorf("feeds: %w", err)
	}
	c, err := s.config()
	if err != nil {
		return Added{}, err
	}
	if c.FeedIndex(u) >= 0 {
		return Added{URL: u, Already: true}, nil
	}
	r := s.fetcher.Fetch(ctx, feed.State{URL: u})
	if r.Status == feed.Fetched {
		return s.subscribe(ctx, cmp.Or(r.MovedTo, u), r)
	}
	if r.Status != feed.Failed {
		return Added{}, fmt.Errorf("feeds: %s: %s", model.CleanLine(u), resultError(r))
	}
	if !errors.Is(r.Err, feed.ErrNotFeed) {
		return Added{}, r.Err
	}
	if len(r.Alternates) == 0 {
		return Added{}, fmt.Errorf("%w, and the page names no feed (no <link rel=\"alternate\">)", r.Err)
	}
	// A web page: its first feed that can be read.
	var errs []string
	for _, alt := range r.Alternates {
		if c.FeedIndex(alt.URL) >= 0 {
			return Added{URL: alt.URL, Page: u, Already: true}, nil
		}
		ar := s.fetcher.Fetch(ctx, feed.State{URL: alt.URL})
		if ar.Status == feed.Fetched {
			a, err := s.subscribe(ctx, cmp.Or(ar.MovedTo, alt.URL), ar)
			a.Page = u
			return a, err
		}
		errs = append(errs, resultError(ar))
	}
	return Added{}, fmt.Errorf("feeds: %s: the page names %d feed(s), and none could be read: %s",
		model.CleanLine(u), len(r.Alternates), strings.Join(errs, "; "))
}

// resultError says why a fetch did not bring a feed.
func resultError(r feed.Result) string {
	if r.Err != nil {
		return model.CleanLine(r.Err.Error())
	}
	return r.Status.String()
}

// subscribe stores a fetched feed and adds it to the configuration: the
// store first, so that a feed in the configuration is always in the store.
func (s *Service) subscribe(ctx context.Context, u string, r feed.Result) (Added, error) {
	a := Added{URL: u, Title: r.Feed.Title}
	for _, w := range r.Feed.Warnings {
		a.Warnings = append(a.Warnings, model.CleanLine(w))
	}
	if _, err := s.db.AddFeeds(ctx, u); err != nil {
		return a, err
	}
	rf, err := s.db.NewRefresh(ctx)
	if err != nil {
		return a, err
	}
	saved, err := rf.Save(ctx, u, r, s.now())
	if err != nil {
		return a, err
	}
	a.Items = saved.New + saved.Updated
	err = config.Update(s.path, func(c *config.Config) error {
		c.AddFeed(config.Feed{URL: u})
		return nil
	})
	return a, err
}

// AddFolder adds a folder of article files to the configuration, by its
// absolute path; false when it was there already.
func (s *Service) AddFolder(path string) (bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false, fmt.Errorf("feeds: %s: %w", path, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return false, fmt.Errorf("feeds: %s: %w", path, unwrapPathError(err))
	}
	if !st.IsDir() {
		return false, fmt.Errorf("feeds: %s: not a folder", path)
	}
	added := false
	err = config.Update(s.path, func(c *config.Config) error {
		added = c.AddFolder(abs)
		return nil
	})
	return added, err
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ErrNotSubscribed marks a Remove of something the configuration does not
// list.
var ErrNotSubscribed = errors.New("not one of your feeds or folders")

// Remove removes the feed at raw, or the folder at raw, from the
// configuration, and the feed's items from the store; what the reader did
// with them (read, starred) stays, as for files. It returns what it
// removed: the feed's URL or the folder's path.
func (s *Service) Remove(ctx context.Context, raw string) (string, error) {
	c, err := s.config()
	if err != nil {
		return "", err
	}
	wd, _ := os.Getwd()
	// A folder, by the path as given, absolute, or as written in the file.
	var folder string
	if abs, err := filepath.Abs(raw); err == nil {
		for _, f := range c.Folders {
			p, _ := config.ExpandPath(f.Path)
			if f.Path == raw || p == abs || filepath.Clean(p) == filepath.Clean(raw) {
				folder = f.Path
				break
			}
		}
	}
	if folder != "" {
		return folder, config.Update(s.path, func(c *config.Config) error {
			c.RemoveFolder(folder)
			return nil
		})
	}
	u := strings.TrimSpace(raw)
	if c.FeedIndex(u) < 0 {
		if norm, err := FeedURL(raw, wd); err == nil {
			u = norm
		}
	}
	if c.FeedIndex(u) < 0 {
		return "", fmt.Errorf("feeds: %s: %w (%s)", model.CleanLine(raw), ErrNotSubscribed, s.path)
	}
	if _, err := s.db.RemoveFeed(ctx, u); err != nil {
		return "", err
	}
	return u, config.Update(s.path, func(c *config.Config) error {
		c.RemoveFeed(u)
		return nil
	})
}

// Imported is what Import did.
type Imported struct {
	// Added and Already are the URLs subscribed to now, and before.
	Added, Already []string
	// Skipped says what was left out and why, one line each.
	Skipped []string
}

// Import subscribes to the feeds of a list (opml.Read), keeping their
// titles and tags, without fetching them. Local files in the list are
// taken relative to dir. A feed subscribed to already is left as it is.
func (s *Service) Import(ctx context.Context, l *opml.List, dir string) (Imported, error) {
	var im Imported
	im.Skipped = append(im.Skipped, l.Skipped...)
	var feeds []config.Feed
	for _, f := range l.Feeds {
		u, err := FeedURL(f.URL, dir)
		if err != nil {
			im.Skipped = append(im.Skipped, model.CleanLine(err.Error()))
			continue
		}
		feeds = append(feeds, config.Feed{URL: u, Title: f.Title, Tags: f.Tags})
	}
	err := config.Update(s.path, func(c *config.Config) error {
		im.Added, im.Already = im.Added[:0], im.Already[:0]
		for _, f := range feeds {
			if c.AddFeed(f) {
				im.Added = append(im.Added, f.URL)
			} else {
				im.Already = append(im.Already, f.URL)
			}
		}
		return nil
	})
	if err != nil {
		return im, err
	}
	// The store follows; a refresh would add them too, but the reader
	// lists only what the store holds.
	_, err = s.db.AddFeeds(ctx, im.Added...)
	return im, err
}

// Export returns the subscriptions as a list for opml.Write: their URLs,
// the titles the user gave and tags from the configuration, and the sites
// the feeds name from the store. Import(Export()) subscribes to the same
// feeds with the same titles and tags.
func (s *Service) Export(ctx context.Context) (*opml.List, error) {
	c, err := s.config()
	if err != nil {
		return nil, err
	}
	infos, err := s.infos(ctx)
	if err != nil {
		return nil, err
	}
	l := &opml.List{Title: "bulletin subscriptions"}
	for _, sub := range Subs(c) {
		l.Feeds = append(l.Feeds, opml.Feed{URL: sub.URL, Title: sub.Title, Tags: sub.Tags, Site: infos[sub.URL].Site})
	}
	return l, nil
}
