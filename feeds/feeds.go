// Package feeds is the user's feed subscriptions put together: the
// configuration file that lists them, the library store that keeps their
// items, and the fetcher that brings those items. Its Service implements
// model.Feeds for the reader and does what the subscription commands of
// the command line ask (add, remove, import, export, refresh).
//
// The configuration file is the truth about what the user subscribes to:
// the Service reads it again at each call, so hand edits made while the
// reader runs count, and changes it (a feed added, or moved by a permanent
// redirect) through config.Update, which keeps the user's comments. The
// store follows it: a feed listed in the file is added to the store before
// it is fetched.
package feeds

import (
	"context"
	"net/url"
	"sync"
	"time"

	"bulletin/config"
	"bulletin/model"
	"bulletin/sources/feed"
	"bulletin/store"
)

// Service is the user's feeds. It is safe for concurrent use, but two
// Refreshes at once fetch the same feeds twice: the reader runs one at a
// time.
type Service struct {
	path    string
	db      *store.DB
	fetcher *feed.Fetcher
	// Now tells the time (default time.Now): first-seen times and the
	// times of the last fetch.
	Now func() time.Time
	// SkipArticles leaves FeedProgress.Articles empty. A headless refresh
	// has no list to add them to, and looking up 50,000 new items one by
	// one would cost it a second.
	SkipArticles bool

	mu sync.Mutex
	// shown are the feeds whose items the caller lists already (see
	// Shown); nil until told.
	shown map[string]bool
}

// Shown tells the service that the caller (the reader) lists the items of
// these feeds already. A refresh sends only new and changed items of those;
// of any other feed, the first time it reports it, it sends every item the
// store holds: a feed added by another bulletin while the reader runs
// arrives whole, not only with what is new since that bulletin fetched it.
func (s *Service) Shown(urls ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown == nil {
		s.shown = map[string]bool{}
	}
	for _, u := range urls {
		s.shown[u] = true
	}
}

// firstShown reports whether url's items reach the caller for the first
// time, and counts them as shown from now on.
func (s *Service) firstShown(url string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown == nil {
		s.shown = map[string]bool{}
	}
	first := !s.shown[url]
	s.shown[url] = true
	return first
}

var _ model.Feeds = (*Service)(nil)

// New returns the feeds listed in the configuration file at configPath,
// stored in db and fetched with f.
func New(configPath string, db *store.DB, f *feed.Fetcher) *Service {
	return &Service{path: configPath, db: db, fetcher: f}
}

// NewFetcher returns a fetcher with the configuration's settings (a zero
// setting is the fetcher's default) and a User-Agent naming this version of
// bulletin. Items keep their HTML (SkipMarkdown): the store makes markdown
// of an item when it is read, which halves the cost of a refresh.
func NewFetcher(s config.Settings, version string) *feed.Fetcher {
	f := feed.NewFetcher(version, "")
	f.Workers = max(0, s.Workers)
	f.PerHost = max(0, s.PerHost)
	f.ConnectTimeout = s.ConnectTimeout.Duration
	f.Timeout = s.Timeout.Duration
	f.Deadline = s.RefreshDeadline.Duration
	f.SkipMarkdown = true
	return f
}

// Fetcher is the service's fetcher.
func (s *Service) Fetcher() *feed.Fetcher { return s.fetcher }

// ConfigPath is the configuration file the service reads.
func (s *Service) ConfigPath() string { return s.path }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// config reads the configuration file as it is now.
func (s *Service) config() (*config.Config, error) {
	return config.LoadFile(s.path)
}

// Subs returns the configuration's feeds as the library shows them, in the
// file's order; entries without a URL are left out (config warns of them).
func Subs(c *config.Config) []store.FeedSub {
	subs := make([]store.FeedSub, 0, len(c.Feeds))
	seen := map[string]bool{}
	for _, f := range c.Feeds {
		if f.URL == "" || seen[f.URL] {
			continue
		}
		seen[f.URL] = true
		subs = append(subs, store.FeedSub{URL: f.URL, Title: f.Title, Tags: f.Tags})
	}
	return subs
}

// Status lists the subscriptions in the configuration's order, with what
// the store knows of each.
func (s *Service) Status(ctx context.Context) ([]model.FeedStatus, error) {
	c, err := s.config()
	if err != nil {
		return nil, err
	}
	infos, err := s.infos(ctx)
	if err != nil {
		return nil, err
	}
	subs := Subs(c)
	out := make([]model.FeedStatus, len(subs))
	for i, sub := range subs {
		info, ok := infos[sub.URL]
		out[i] = status(sub, info, ok)
	}
	return out, nil
}

// infos is what the store knows of each feed, by URL.
func (s *Service) infos(ctx context.Context) (map[string]store.FeedInfo, error) {
	list, err := s.db.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]store.FeedInfo, len(list))
	for _, fi := range list {
		m[fi.URL] = fi
	}
	return m, nil
}

// status is a subscription's status; known is false for a feed the store
// does not hold yet.
func status(sub store.FeedSub, info store.FeedInfo, known bool) model.FeedStatus {
	st := model.FeedStatus{URL: model.CleanLine(sub.URL), Tags: sub.Tags, Title: model.CleanLine(sub.Title)}
	if st.Title == "" && known {
		st.Title = model.CleanLine(info.Title)
	}
	if st.Title == "" {
		st.Title = host(sub.URL)
	}
	if !known {
		return st
	}
	st.Status, st.Error = info.LastStatus, model.CleanLine(info.LastError)
	for _, w := range info.Warnings {
		st.Warnings = append(st.Warnings, model.CleanLine(w))
	}
	st.LastAttempt, st.LastSuccess = info.LastAttempt, info.LastSuccess
	st.Items, st.Unread, st.Gone = info.Items, info.Unread, info.Gone
	return st
}

// host labels a feed that has no title: its URL's host, or the URL.
func host(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return model.CleanLine(u.Host)
	}
	return model.CleanLine(raw)
}
