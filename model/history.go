package model

// Page is one place in the reading history: an article and where the reader
// was in it, so Back can restore the view exactly.
type Page struct {
	Ref    string
	Offset int // scroll offset in lines
	Focus  int // focused related link, -1 for none
}

// History is a browser-style trail: Visit adds a page and clears Forward;
// Back and Forward move along the trail. The zero value is empty.
type History struct {
	pages []Page
	at    int // index of the current page; meaningless when pages is empty
}

// Visit makes p the current page, dropping every page ahead of the old one.
func (h *History) Visit(p Page) {
	if len(h.pages) > 0 {
		h.pages = h.pages[:h.at+1]
	}
	h.pages = append(h.pages, p)
	h.at = len(h.pages) - 1
}

// Current returns the current page.
func (h *History) Current() (Page, bool) {
	if len(h.pages) == 0 {
		return Page{}, false
	}
	return h.pages[h.at], true
}

// Update records the reader's position on the current page.
func (h *History) Update(p Page) {
	if len(h.pages) > 0 && h.pages[h.at].Ref == p.Ref {
		h.pages[h.at] = p
	}
}

// CanBack and CanForward report whether Back or Forward would move.
func (h *History) CanBack() bool    { return len(h.pages) > 0 && h.at > 0 }
func (h *History) CanForward() bool { return len(h.pages) > 0 && h.at < len(h.pages)-1 }

// Back moves one page back and returns it.
func (h *History) Back() (Page, bool) {
	if !h.CanBack() {
		return Page{}, false
	}
	h.at--
	return h.pages[h.at], true
}

// Forward moves one page forward and returns it.
func (h *History) Forward() (Page, bool) {
	if !h.CanForward() {
		return Page{}, false
	}
	h.at++
	return h.pages[h.at], true
}

// Trail returns the pages from the first to the current one, for a breadcrumb.
func (h *History) Trail() []Page {
	if len(h.pages) == 0 {
		return nil
	}
	return h.pages[:h.at+1]
}

// Clear forgets every page.
func (h *History) Clear() { h.pages, h.at = nil, 0 }
