package feeds

import (
	"context"
	"fmt"

	"bulletin/model"
	"bulletin/sources/feed"
)

// Readable returns the article with the readable text of its web page (its
// Link) as a markdown Body, and the page's links as its related list. The
// text is fetched once and then kept in the store, so the article reads
// offline after. Only http and https pages are fetched: a Link of another
// scheme (file://) could make a feed read the user's disk.
func (s *Service) Readable(ctx context.Context, a *model.Article) (model.Article, error) {
	out := *a
	if err := checkPage(a); err != nil {
		return out, err
	}
	md, cached, err := s.db.Readable(ctx, a.Ref)
	if err != nil {
		return out, err
	}
	var related []model.Related
	if cached {
		related = feed.Related(feed.MarkdownLinks(md))
	} else {
		page, err := s.fetcher.Readable(ctx, a.Link)
		if err != nil {
			return out, err
		}
		md = model.CleanText(feed.WithByline(page.Byline, page.Markdown))
		related = feed.Related(page.Links)
		// Not kept is only slower next time: the page is fetched again.
		if err := s.db.SetReadable(ctx, a.Ref, md); err != nil && ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	out.Body, out.Markdown, out.Loaded = md, true, true
	out.Related, out.RelatedCount = related, len(related)
	return out, nil
}

// checkPage refuses to fetch the page of an article that has none, or
// whose link is not an http or https address.
func checkPage(a *model.Article) error {
	if _, err := model.WebLink(a.Link); err != nil {
		if a.Link == "" {
			return fmt.Errorf("feeds: %s: the article has no web page", model.CleanLine(a.Title))
		}
		return fmt.Errorf("feeds: %s: only http and https pages are fetched (%v)", model.CleanLine(a.Link), err)
	}
	return nil
}
