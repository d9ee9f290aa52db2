package ui

// The picture of a related story whose folder says where pictures live
// (picture_url): the story opened from a link that carries one shows it
// above its text, like a feed item's picture file. The picture belongs to
// the link, not to the story's file, so it is remembered by the story's
// ref when the link is followed: Back and Forward show it again.

import (
	"slices"

	"bulletin/model"
	"bulletin/render"
)

// rememberStoryPicture keeps the picture of link l for the story ref it
// opens; a link without a picture leaves what an earlier one gave.
func (s *session) rememberStoryPicture(ref string, l render.Link) {
	if ref == "" || l.Picture == "" {
		return
	}
	if s.storyPics == nil {
		s.storyPics = map[string]pictureRef{}
	}
	s.storyPics[ref] = pictureRef{src: l.Picture, alt: l.Title}
}

// storyPicture is the picture remembered for the story ref.
func (s *session) storyPicture(ref string) (pictureRef, bool) {
	p, ok := s.storyPics[ref]
	return p, ok
}

// linkByURL is the article's related link to the story at url.
func (a *article) linkByURL(url string) (render.Link, bool) {
	i := slices.IndexFunc(a.links, func(l render.Link) bool { return l.URL == url })
	if i < 0 {
		return render.Link{}, false
	}
	return a.links[i], true
}

// shownPictures are the pictures of the article shown: its story picture
// first, when it was opened from a link with one, then its own.
func (m Model) shownPictures() (top, inline []pictureRef) {
	top, inline = articlePictures(&m.article.art)
	p, ok := m.s.storyPicture(m.article.ref)
	if !ok || pictureIn(p.src, top) || pictureIn(p.src, inline) {
		return top, inline
	}
	if title := model.CleanLine(m.article.art.Title); title != "" {
		p.alt = title
	}
	return append([]pictureRef{p}, top...), inline
}

func pictureIn(src string, refs []pictureRef) bool {
	return slices.ContainsFunc(refs, func(r pictureRef) bool { return r.src == src })
}
