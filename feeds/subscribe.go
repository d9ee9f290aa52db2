package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
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
	// Down, when not "", says why the feed could not be fetched: it was
	// subscribed to without its items, cleaned.
	Down string
	// Renamed is set when a feed subscribed to before got the title or
	// tags given.
	Renamed bool
}

// Naming is what the user calls a feed: a title in place of the feed's own
// ("" keeps it) and tags. The zero value names nothing.
type Naming struct {
	Title string
	Tags  []string
}

// Empty reports whether n names nothing.
func (n Naming) Empty() bool { return n.Title == "" && len(n.Tags) == 0 }

// apply gives the feed the title, when one is given, and the tags it lacks.
func (n Naming) apply(f *config.Feed) {
	if n.Title != "" {
		f.Title = n.Title
	}
	for _, t := range n.Tags {
		if !slices.Contains(f.Tags, t) {
			f.Tags = append(f.Tags, t)
		}
	}
}

// Add subscribes to the feed at raw (see FeedURL; a relative path is taken
// from the working folder), fetching it once: its items are stored at
// once. When raw is a web page, Add subscribes to the first feed the page
// links to that can be read. Errors name the URL and what is wrong.
func (s *Service) Add(ctx context.Context, raw string) (Added, error) {
	return s.AddNamed(ctx, raw, Naming{})
}

// AddNamed is Add that gives the feed the user's title and tags; for a
// feed subscribed to already, it sets them on it. A feed that cannot be
// fetched now (the server is down, refuses, or times out) is subscribed to
// all the same, unfetched, with Down saying why: a subscription outlives
// an outage, and the next refresh fetches it.
func (s *Service) AddNamed(ctx context.Context, raw string, n Naming) (Added, error) {
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
		return s.already(Added{URL: u}, n)
	}
	r := s.fetcher.Fetch(ctx, feed.State{URL: u})
	if r.Status == feed.Fetched {
		return s.subscribe(ctx, cmp.Or(r.MovedTo, u), r, n)
	}
	if isDown(r) {
		return s.subscribeDown(ctx, u, r, n)
	}
	if r.Status != feed.Failed {
		return Added{}, fmt.Errorf("feeds: %s: %s", model.CleanLine(u), resultError(r))
	}
	if len(r.Alternates) == 0 {
		return Added{}, fmt.Errorf("%w, and the page names no feed (no <link rel=\"alternate\">)", r.Err)
	}
	// A web page: its first feed that can be read.
	var errs []string
	for _, alt := range r.Alternates {
		if c.FeedIndex(alt.URL) >= 0 {
			return s.already(Added{URL: alt.URL, Page: u}, n)
		}
		ar := s.fetcher.Fetch(ctx, feed.State{URL: alt.URL})
		if ar.Status == feed.Fetched {
			a, err := s.subscribe(ctx, cmp.Or(ar.MovedTo, alt.URL), ar, n)
			a.Page = u
			return a, err
		}
		errs = append(errs, resultError(ar))
	}
	return Added{}, fmt.Errorf("feeds: %s: the page names %d feed(s), and none could be read: %s",
		model.CleanLine(u), len(r.Alternates), strings.Join(errs, "; "))
}

// isDown tells a feed that cannot be reached now from an address that is
// no feed: a failure to connect or an error status is an outage to wait
// out, while a page that is not a feed (or a 410 Gone) is a wrong address.
func isDown(r feed.Result) bool {
	switch r.Status {
	case feed.RetryLater, feed.Deferred:
		return true
	case feed.Failed:
		return !errors.Is(r.Err, feed.ErrNotFeed)
	}
	return false
}

// already reports a feed subscribed to before, giving it the naming.
func (s *Service) already(a Added, n Naming) (Added, error) {
	a.Already = true
	if n.Empty() {
		return a, nil
	}
	err := config.Update(s.path, func(c *config.Config) error {
		if i := c.FeedIndex(a.URL); i >= 0 {
			n.apply(&c.Feeds[i])
		}
		return nil
	})
	a.Renamed = err == nil
	return a, err
}

// subscribeDown subscribes to a feed that could not be fetched: into the
// store, so the reader lists it, and the configuration.
func (s *Service) subscribeDown(ctx context.Context, u string, r feed.Result, n Naming) (Added, error) {
	// The message names the URL already: drop the fetcher's own prefix,
	// which names it again.
	a := Added{URL: u, Down: strings.TrimPrefix(resultError(r), "feed: "+model.CleanLine(u)+": ")}
	if _, err := s.db.AddFeeds(ctx, u); err != nil {
		return a, err
	}
	return a, s.saveSubscription(u, n)
}

// saveSubscription adds the feed to the configuration with its naming.
func (s *Service) saveSubscription(u string, n Naming) error {
	return config.Update(s.path, func(c *config.Config) error {
		f := config.Feed{URL: u}
		n.apply(&f)
		c.AddFeed(f)
		return nil
	})
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
func (s *Service) subscribe(ctx context.Context, u string, r feed.Result, n Naming) (Added, error) {
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
	return a, s.saveSubscription(u, n)
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
	// Notes say what of the list was read differently from what it meant
	// (opml.List.Notes), one line each.
	Notes []string
}

// Import subscribes to the feeds of a list (opml.Read), keeping their
// titles and tags, without fetching them. Local files in the list are
// taken relative to dir. A feed subscribed to already is left as it is.
func (s *Service) Import(ctx context.Context, l *opml.List, dir string) (Imported, error) {
	var im Imported
	im.Skipped = append(im.Skipped, l.Skipped...)
	im.Notes = append(im.Notes, l.Notes...)
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
