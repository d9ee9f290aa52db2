package model

import "slices"

// Remove takes articles out of the library by ref: a reader that listed
// articles ahead of a scan drops those the scan no longer found.
func (l *Library) Remove(refs ...string) {
	gone := map[*Listing]bool{}
	for _, ref := range refs {
		if a, ok := l.byRef[ref]; ok {
			gone[a] = true
			delete(l.byRef, ref)
		}
	}
	if len(gone) == 0 {
		return
	}
	drop := func(a *Listing) bool { return gone[a] }
	l.articles = slices.DeleteFunc(l.articles, drop)
	// A removed article may hold a title or an id that another article
	// shares: link everything again rather than leave a link to nothing.
	l.byID, l.byTitle = nil, nil
	l.unlinked = slices.Clone(l.articles)
}
