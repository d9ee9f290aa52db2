package store

// Stories fetched from the site of a folder (model.Stories): the stories a
// folder's articles link to, which the folder does not hold. The stories of
// one folder are a source of their own, keyed from the folder's key, with
// one directory; each story is a files row (so the list, search, "more like
// this" and the reading state see it as an article of the folder) with a
// pages row beside it that holds its address and its markdown. The
// folder's own index never touches them: it updates only its own rows.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"bulletin/model"
	"bulletin/sources"
	"bulletin/sources/feed"
)

// storiesKey is the key of the sources row of the stories fetched from the
// site of the folder whose key is folderKey (sources.Folder.Key).
func storiesKey(folderKey string) string { return "site:" + folderKey }

// storyHome is where a story followed from an article of a folder is kept:
// the key and name of that folder's stories. An article of no folder
// (built in memory) has its stories kept by its source's name, which no
// library lists.
func storyHome(a *model.Article) (key, name string) {
	switch o := a.Origin.(type) {
	case *Source:
		if o.folder != nil {
			return storiesKey(o.folder.Key()), o.folder.Name
		}
	case *sources.Folder:
		return storiesKey(o.Key()), o.Name
	}
	return "site:name:" + a.Source, a.Source
}

// storiesSourceID finds the row of the folder's stories; 0 while none was
// kept. s.mu is held.
func (s *Source) storiesSourceID(ctx context.Context) (int64, error) {
	db := s.lib.db
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM sources WHERE key = ?`, storiesKey(s.folder.Key())).Scan(&s.id)
	switch {
	case err == sql.ErrNoRows:
		return 0, nil
	case err != nil:
		return 0, db.fail("read the stories of "+s.folder.Name, err)
	}
	return s.id, nil
}

// dressStory sets what a listed story takes from its folder: the folder's
// name, and its address, made again from its id (the listing does not read
// the pages table; Load sets the address as it was fetched).
func (s *Source) dressStory(a *model.Article) {
	a.Source = s.folder.Name
	if a.Link != "" {
		return
	}
	if _, err := model.WebLink(a.ID); err == nil {
		a.Link = a.ID
	} else if u, err := s.folder.Site().ArticleFor(a.ID); err == nil {
		a.Link = u
	}
}

// storyRow reads a story's page by its path in the source.
func (s *Source) storyRow(ctx context.Context, path string) (title, url, md string, err error) {
	db := s.lib.db
	id, err := s.sourceID(ctx, false)
	if err != nil {
		return "", "", "", err
	}
	err = db.sql.QueryRowContext(ctx, `SELECT coalesce(f.title, ''), p.url, p.markdown FROM files f JOIN pages p ON p.file_id = f.id
		WHERE f.source_id = ? AND f.path = ? AND f.kind = 0`, id, path).Scan(&title, &url, &md)
	switch {
	case err == sql.ErrNoRows:
		return "", "", "", fmt.Errorf("store: %s: the story %s is no longer in the store", s.folder.Name, model.CleanLine(path))
	case err != nil:
		return "", "", "", db.fail("read the story "+model.CleanLine(path), err)
	}
	return title, url, md, nil
}

// loadStory reads a kept story whole, from the store: its markdown, and
// its links as the related list, those to other stories of the folder's
// site by their ids (so they resolve to the library's articles).
func (s *Source) loadStory(ctx context.Context, a *model.Article) (model.Article, error) {
	title, url, md, err := s.storyRow(ctx, a.Path)
	if err != nil {
		return *a, err
	}
	full := *a
	if full.Title == "" {
		full.Title = title
	}
	full.Body, full.Markdown, full.Link, full.Loaded = md, true, url, true
	full.Related = s.folder.Site().Related(feed.Related(feed.MarkdownLinks(md)))
	full.RelatedCount = model.CountStories(full.Related)
	return full, nil
}

// storyText is a story's title and plain text, for the full-text index.
func (s *Source) storyText(ctx context.Context, path string) (model.Article, error) {
	title, _, md, err := s.storyRow(ctx, path)
	if err != nil {
		return model.Article{}, err
	}
	return model.Article{Path: path, Title: title, Body: feed.MarkdownText(md)}, nil
}

// Story returns the story kept under ref, whole: its title, id, address,
// date, markdown Body and its links as Related (as the page gave them);
// Source is the name of the folder it was kept for, Origin is nil. False
// when the store keeps no story with that ref.
func (db *DB) Story(ctx context.Context, ref string) (model.Article, bool, error) {
	var url, md, name string
	r, err := scanArticle(db.sql.QueryRowContext(ctx, `SELECT `+articleColumns+`, p.url, p.markdown, s.name
		FROM files f JOIN pages p ON p.file_id = f.id JOIN sources s ON s.id = f.source_id
		WHERE f.ref = ? AND f.kind = 0 LIMIT 1`, ref), nil, &url, &md, &name)
	switch {
	case err == sql.ErrNoRows:
		return model.Article{}, false, nil
	case err != nil:
		return model.Article{}, false, db.fail("read the story "+model.CleanLine(ref), err)
	}
	a := r.article
	a.Source, a.Link, a.Body, a.Markdown, a.Loaded = name, url, md, true, true
	a.Related = feed.Related(feed.MarkdownLinks(md))
	a.RelatedCount = len(a.Related)
	return a, true, nil
}

// KeepStory stores a story fetched from the site of the folder that
// a.Origin is a source of (the article it was followed from): its Ref, ID,
// Title, Link, date, Body (clean markdown, made safe by the caller) and
// Related (to count its links to other stories of the site).
// From then on the library of that folder lists it, searches it (its text
// is indexed at once) and loads it from the store. A story kept again under
// the same ref replaces the one before; its reading state stays. A
// read-only store keeps nothing, and says nothing.
func (db *DB) KeepStory(ctx context.Context, a *model.Article, fetched time.Time) error {
	if db.readOnly {
		return nil
	}
	doing := "keep the story " + model.CleanLine(a.Link)
	if a.Ref == "" {
		return db.fail(doing, errors.New("it has no ref"))
	}
	key, name := storyHome(a)
	return db.tx(ctx, doing, func(tx *sql.Tx) error {
		var sourceID, dirID int64
		if _, err := tx.ExecContext(ctx, `INSERT INTO sources (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, name); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE key = ?`, key).Scan(&sourceID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dirs (source_id, path) VALUES (?, '') ON CONFLICT DO NOTHING`, sourceID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM dirs WHERE source_id = ? AND path = ''`, sourceID).Scan(&dirID); err != nil {
			return err
		}
		// The story kept before under this ref, its text in the full-text
		// index and its page go (by the trigger and the cascade).
		if _, err := tx.ExecContext(ctx, `DELETE FROM files WHERE dir_id = ? AND name = ?`, dirID, a.Ref); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO files (id, source_id, dir_id, name, path, size, stamp, kind,
			ref, title, article_id, has_date, pub, pub_ns, pub_offset, date_text, related_count)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		var pub, pubNS, offset int64
		if a.HasDate {
			pub, pubNS = a.Published.Unix(), int64(a.Published.Nanosecond())
			_, off := a.Published.Zone()
			offset = int64(off)
		}
		related := model.CountStories(model.SiteOf(a).Related(a.Related))
		first, lo, hi := firstID(kindArticle, a, a.Ref)
		id, err := insertItemFile(ctx, tx, ins, first, lo, hi, func(id int64) []any {
			return []any{id, sourceID, dirID, a.Ref, a.Ref, len(a.Body), fetched.Unix(),
				a.Ref, nullString(model.CleanLine(a.Title)), nullString(a.ID), a.HasDate, pub, pubNS, offset, nullString(a.DateText), related}
		})
		if err != nil {
			return err
		}
		if id == 0 {
			return fmt.Errorf("%s is kept twice", a.Ref)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pages (file_id, url, markdown, fetched) VALUES (?, ?, ?, ?)`, id, a.Link, a.Body, fetched.UnixMilli()); err != nil {
			return err
		}
		// One story is indexed at once: search finds it straight away.
		title, body := model.CleanLine(a.Title), feed.MarkdownText(a.Body)
		_, err = writeTexts(ctx, tx, []text{{id: id, article: model.Article{Title: title, Body: body}, words: distinctWords(title, body)}}, map[string]struct{}{})
		return err
	})
}
