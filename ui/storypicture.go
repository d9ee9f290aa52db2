package ui

// The picture of a related story whose folder says where pictures live
// (picture_url): the story opened from a link that carries one shows it
// above its text, like a feed item's picture file. The picture belongs to
// the link, not to the story's file, so it is remembered by the story's
// ref when the link is followed: Back and Forward show it again.

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/picture"
	"bulletin/render"
)

// thumbBox is the most a related story's thumbnail takes: small enough to
// sit under its line without pushing the list away.
var thumbBox = picture.Box{Cols: 16, Rows: 4}

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

// focusedThumb is the picture of the focused related story, drawn as a
// thumbnail under its line; false when there is none to draw (no picture,
// a video's, or pictures are off: the focused line names its address).
func (m Model) focusedThumb() (pictureRef, bool) {
	l, ok := m.article.link(m.article.focused())
	if !ok || l.Picture == "" || l.Video {
		return pictureRef{}, false
	}
	if p := m.drawWith(); p == picture.Off || p == picture.Auto {
		return pictureRef{}, false
	}
	return pictureRef{src: l.Picture, thumb: true}, true
}

// focusedThumbView is the thumbnail's lines as far as it is ready, with
// what to do for it, as showPicture does for the article's pictures.
func (m *Model) focusedThumbView(wanted map[string]bool, kept map[uint32]bool) ([]string, tea.Cmd) {
	r, ok := m.focusedThumb()
	if !ok {
		return nil, nil
	}
	return m.showPicture(r, wanted, kept)
}

// thumbKey is k made a thumbnail's: its own box, and for Kitty an id of
// its own, so that it never replaces the same picture shown large.
func thumbKey(k pictureKey, trueColor bool) pictureKey {
	k.box = picture.Box{Cols: min(thumbBox.Cols, k.box.Cols), Rows: thumbBox.Rows}
	if k.proto == picture.Kitty {
		k.id = picture.SmallID(k.src + "#thumb")
		if trueColor {
			k.id = picture.IDFor(k.src + "#thumb")
		}
	}
	return k
}

// drawThumb is the Sixel or iTerm2 drawing of the thumbnail at its blank
// cells, "" when it is not wholly on screen.
func (m Model) drawThumb() string {
	a := &m.article
	r, ok := m.focusedThumb()
	if !ok || a.pics.thumbStart < 0 {
		return ""
	}
	done, ok := m.s.cache.picture(m.pictureKey(r))
	if !ok || done.err != nil {
		return ""
	}
	row := a.pics.thumbStart - a.vp.YOffset()
	if row < 0 || row+done.pic.Layout.Rows > a.vp.Height() {
		return ""
	}
	// Under the focused line's marker and number.
	return done.pic.At(row, m.articleX()+6)
}

// keepThumbInView scrolls so that the thumbnail that just took its room
// under the focused story shows, when the reader sees that story's line:
// the focus scrolled to the line before the thumbnail was there.
func (a *article) keepThumbInView() {
	i := a.focused()
	if len(a.pics.thumb) == 0 || i < 0 || i >= len(a.linkStart) {
		return
	}
	top, h := a.vp.YOffset(), a.vp.Height()
	if line := a.linkStart[i]; line >= top && line < top+h {
		a.ensureVisible(a.targetLines(a.focus))
	}
}
