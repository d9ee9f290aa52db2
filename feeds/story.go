package feeds

import (
	"context"

	"bulletin/model"
	"bulletin/sources/feed"
)

var _ model.Stories = (*Service)(nil)

// Story returns the story at a.Link (http or https only), whose Ref, ID,
// Source, Title and Origin the caller sets: from the store when it keeps a
// story under a.Ref, with no request; else fetched with the service's
// fetcher (its caps, timeouts, User-Agent and per-host limit), read as an
// article (the page's title, else a.Title; its date; its byline above its
// markdown, cleaned as Readable cleans it; its links as Related), and kept
// in the store as a story of a's folder, so it lists, searches and opens
// offline from then on. A read-only store keeps nothing: the story is
// fetched each time.
func (s *Service) Story(ctx context.Context, a *model.Article) (model.Article, error) {
	out := *a
	if err := checkPage(a); err != nil {
		return out, err
	}
	if a.Ref != "" {
		kept, ok, err := s.db.Story(ctx, a.Ref)
		if err != nil {
			return out, err
		}
		if ok {
			if a.Source != "" {
				kept.Source = a.Source
			}
			if kept.Title == "" {
				kept.Title = a.Title
			}
			return dress(kept, a), nil
		}
	}
	page, err := s.fetcher.Readable(ctx, a.Link)
	if err != nil {
		return out, err
	}
	if page.Title != "" {
		out.Title = page.Title
	}
	out.Title = model.CleanLine(out.Title)
	if !page.Published.IsZero() {
		out.Published, out.HasDate = page.Published, true
		out.DateText = page.Published.Format("Mon Jan 2, 2006 15:04 MST")
	}
	out.Body, out.Markdown, out.Loaded = model.CleanText(feed.WithByline(page.Byline, page.Markdown)), true, true
	out.Related = feed.Related(page.Links)
	if a.Ref == "" {
		return dress(out, a), nil // nothing to keep it by
	}
	if err := s.db.KeepStory(ctx, &out, s.now()); err != nil {
		return out, err
	}
	return dress(out, a), nil
}

// dress gives a story what its caller asked it by (ref, id, origin) and
// its links to other stories of its site as related stories, by id.
func dress(story model.Article, asked *model.Article) model.Article {
	story.Ref, story.ID, story.Origin, story.Loaded = asked.Ref, asked.ID, asked.Origin, true
	story.Related = model.SiteOf(asked).Related(story.Related)
	story.RelatedCount = model.CountStories(story.Related)
	return story
}
