package feeds

import (
	"context"
	"fmt"
	"slices"

	"bulletin/config"
	"bulletin/model"
	"bulletin/sources/feed"
	"bulletin/store"
)

// maxBatch bounds the feeds stored in one transaction, which keeps the
// store's write lock from others (the reader marking an article read) for
// well under a second.
const maxBatch = 64

// Refresh fetches the feeds at urls, every subscription when urls is empty,
// and stores each feed's items as soon as it arrives, with the other feeds
// that arrived meanwhile in one transaction: a refresh cut short (ctx
// cancelled, the process killed) keeps every feed it stored. A feed the server said is gone (410) is left out of
// a refresh of every feed; name it to try it again. A URL that is not a
// subscription is an error, before anything is fetched.
//
// progress, when not nil, is called after each feed is stored, from the
// goroutine that called Refresh. A feed that moved for good (301, 308)
// follows in the configuration too. Refresh returns ctx.Err() when it was
// cancelled, and an error of the store or the configuration that stops it.
func (s *Service) Refresh(ctx context.Context, urls []string, progress func(model.FeedProgress)) error {
	c, err := s.config()
	if err != nil {
		return err
	}
	subs := Subs(c)
	all := make([]string, len(subs))
	byURL := make(map[string]store.FeedSub, len(subs))
	for i, sub := range subs {
		all[i] = sub.URL
		byURL[sub.URL] = sub
	}
	for _, u := range urls {
		if _, ok := byURL[u]; !ok {
			return fmt.Errorf("feeds: %s is not one of your feeds (%s)", model.CleanLine(u), s.path)
		}
	}
	// The store follows the configuration, which the user may have edited.
	if _, err := s.db.AddFeeds(ctx, all...); err != nil {
		return err
	}
	infos, err := s.infos(ctx)
	if err != nil {
		return err
	}
	var targets []string
	if len(urls) > 0 {
		for _, u := range urls {
			if !slices.Contains(targets, u) {
				targets = append(targets, u)
			}
		}
	} else {
		for _, u := range all {
			if !infos[u].Gone {
				targets = append(targets, u)
			}
		}
	}
	states := make([]feed.State, len(targets))
	for i, u := range targets {
		states[i] = infos[u].State
		states[i].URL = u
	}

	rf, err := s.db.NewRefresh(ctx)
	if err != nil {
		return err
	}
	// Stopping early (an error of the store) must stop the fetches, whose
	// workers would otherwise wait for ever to hand over their results.
	fetchCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := 0
	results := s.fetcher.FetchAll(fetchCtx, states)
	for open := true; open; {
		r, ok := <-results
		if !ok {
			break
		}
		// With what else has arrived, without waiting for more: one
		// transaction for many feeds costs far less than one each, and
		// a feed that is slow to come holds back no other's progress.
		batch := []store.Fetched{{URL: targets[r.Index], Result: r}}
	more:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-results:
				if !ok {
					open = false
					break more
				}
				batch = append(batch, store.Fetched{URL: targets[r.Index], Result: r})
			default:
				break more
			}
		}
		// Fetches cut short by a cancel end as failures, which must not
		// be stored over the feeds' last status.
		if err := ctx.Err(); err != nil {
			return err
		}
		saved, errs, err := rf.SaveAll(ctx, batch, s.now())
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		// The batch is stored: it is reported even when an interrupt
		// came meanwhile, so that the summary says what was stored.
		stored := context.WithoutCancel(ctx)
		for i, f := range batch {
			done++
			res := f.Result
			if errs[i] != nil {
				// Not stored (the feed left the store meanwhile): a
				// failure of this feed, not of the refresh.
				res.Status, res.Err = feed.Failed, errs[i]
			}
			p, err := s.progress(stored, byURL[f.URL], res, saved[i])
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return err
			}
			p.Done, p.Total = done, len(targets)
			if progress != nil {
				progress(p)
			}
		}
	}
	return ctx.Err()
}

// progress reports one feed stored, following it in the configuration when
// it moved.
func (s *Service) progress(ctx context.Context, sub store.FeedSub, r feed.Result, saved store.Saved) (model.FeedProgress, error) {
	p := model.FeedProgress{New: saved.New, Updated: saved.Updated}
	origURL := sub.URL
	moveErr := ""
	if saved.MovedTo != "" {
		err := config.Update(s.path, func(c *config.Config) error {
			c.MoveFeed(sub.URL, saved.MovedTo)
			return nil
		})
		if err != nil {
			// The store moved it already; the next refresh fetches the
			// old URL again and is redirected again, so nothing is lost.
			moveErr = fmt.Sprintf("moved to %s, but the configuration could not be updated: %v", saved.MovedTo, err)
		}
		p.MovedTo = model.CleanLine(saved.MovedTo)
		// The store holds the feed under its new URL from now on.
		sub.URL = saved.MovedTo
	}
	info, known, err := s.db.Feed(ctx, sub.URL)
	if err != nil {
		return p, err
	}
	p.Feed = status(sub, info, known)
	// Status and Error as this fetch ended, even if the store has not them.
	p.Feed.Status = r.Status.String()
	if r.Err != nil {
		p.Feed.Error = model.CleanLine(r.Err.Error())
	}
	if moveErr != "" {
		if p.Feed.Error != "" {
			moveErr = p.Feed.Error + "; " + moveErr
		}
		p.Feed.Error = model.CleanLine(moveErr)
	}
	if s.SkipArticles {
		return p, nil
	}
	// A library of this one feed: its lookups are cheap.
	lib := s.db.Library()
	lib.AddFeeds(sub)
	if first := s.firstShown(origURL); first && known {
		for r := range lib.Sources()[0].Scan(ctx, 0) {
			if r.Err != nil {
				return p, r.Err
			}
			p.Articles = append(p.Articles, r.Article)
		}
		return p, nil
	}
	if len(saved.Refs) == 0 {
		return p, nil
	}
	for _, ref := range saved.Refs {
		a, ok, err := lib.Lookup(ctx, ref)
		if err != nil {
			return p, err
		}
		if ok {
			p.Articles = append(p.Articles, a)
		}
	}
	return p, nil
}
