package main

import (
	"fmt"
	"strings"
	"time"
)

// The screens bench-ui.sh waits for: tests on the text capture-pane gives
// (trailing blanks dropped).

// timeLess presses j in less, on a long file, keys times.
func timeLess(s *session, w *writer, keys int) error {
	prev, _, err := s.until("less's first screen", func(scr string) bool { return line(scr, 0) != "" })
	if err != nil {
		return err
	}
	for range keys {
		// The whole screen, not its first line: two blank lines in a row
		// would scroll by unseen.
		was := prev
		ms, scr, err := s.timeKey("j", "the screen to scroll", func(scr string) bool { return scr != was })
		if err != nil {
			return err
		}
		w.add("less", ms)
		prev = scr
	}
	return nil
}

// press sends k and waits, untimed, for the screen to satisfy ok.
func (s *session) press(k, what string, ok func(string) bool) (string, error) {
	if _, err := s.key(k); err != nil {
		return "", err
	}
	scr, _, err := s.until(what, ok)
	return scr, err
}

// timeBulletin opens an article (Enter), its first related story (1),
// goes back (Backspace) and types a filter letter, keys times, moving down
// the list between rounds.
func timeBulletin(s *session, w *writer, keys int, b bulletinScreens) error {
	scr, _, err := s.until("the library listed and indexed", b.indexed)
	if err != nil {
		return err
	}
	for range keys {
		want := selectedTitle(scr)
		ms, _, err := s.timeKey("Enter", "the article "+want, func(scr string) bool { return articleIs(scr, want) })
		if err != nil {
			return err
		}
		w.add("enter", ms)
		// A fifth of the corpus's related stories are not in it: such an
		// article is passed over.
		ms, scr, err = s.timeKey("1", "a related story", func(scr string) bool {
			return articleNotList(scr, want) || strings.Contains(scr, "not in your library")
		})
		if err != nil {
			return err
		}
		if !strings.Contains(scr, "not in your library") {
			w.add("related", ms)
			ms, _, err = s.timeKey("BSpace", "back to "+want, func(scr string) bool { return articleIs(scr, want) })
			if err != nil {
				return err
			}
			w.add("back", ms)
		}
		if _, err := s.press("Escape", "the list", b.hasHeadline); err != nil {
			return err
		}
		if _, err := s.press("/", "an empty filter", func(scr string) bool { return filtered(scr, "") }); err != nil {
			return err
		}
		ms, _, err = s.timeKey("e", "the filter e", func(scr string) bool { return filtered(scr, "e") })
		if err != nil {
			return err
		}
		w.add("filter", ms)
		// One Escape at a time: two at once read as alt+escape.
		scr, err = s.press("Escape", "the list without a filter", func(scr string) bool {
			return b.hasHeadline(scr) && !strings.Contains(scr, "Filter:")
		})
		if err != nil {
			return err
		}
		if scr, err = s.down(b, scr); err != nil {
			return err
		}
	}
	return nil
}

// down moves the list's selection one headline down from the screen scr
// and returns the screen it moved on: the next round reads the selected
// headline from it.
func (s *session) down(b bulletinScreens, scr string) (string, error) {
	was := selectedTitle(scr)
	return s.press("j", "the next headline", func(scr string) bool {
		return b.hasHeadline(scr) && selectedTitle(scr) != was
	})
}

// openArticles opens n articles one after the other (Enter, Esc, j), for
// the memory run, which reads the reader's RSS after it.
func openArticles(s *session, n int, b bulletinScreens) error {
	scr, _, err := s.until("the library listed and indexed", b.indexed)
	if err != nil {
		return err
	}
	for range n {
		want := selectedTitle(scr)
		if _, err := s.press("Enter", "the article "+want, func(scr string) bool { return articleIs(scr, want) }); err != nil {
			return err
		}
		if scr, err = s.press("Escape", "the list", b.hasHeadline); err != nil {
			return err
		}
		if scr, err = s.down(b, scr); err != nil {
			return err
		}
	}
	return nil
}

// startLess starts less (Enter to the waiting shell) and prints how long
// its first screen took.
func startLess(s *session) error {
	ms, _, err := s.timeKey("Enter", "less's first screen", func(scr string) bool { return line(scr, 0) != "" })
	if err == nil {
		fmt.Printf("%.1f\n", ms)
	}
	return err
}

// startBulletin starts the reader (Enter to the waiting shell) and prints
// how long it took to show a headline, then to count every article.
func startBulletin(s *session, b bulletinScreens) error {
	sent, err := s.key("Enter")
	if err != nil {
		return err
	}
	_, first, err := s.until("a headline", b.hasHeadline)
	if err != nil {
		return err
	}
	_, all, err := s.until("every article listed", b.listed)
	if err != nil {
		return err
	}
	fmt.Printf("%.1f %.1f\n", ms(first.Sub(sent)), ms(all.Sub(sent)))
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type bulletinScreens struct{ name, total string }

// hasHeadline: the selection bar, then a headline's second line, "date ·
// source · n related" (an article's byline has " · source" too, but no
// bar).
func (b bulletinScreens) hasHeadline(scr string) bool {
	_, after, ok := strings.Cut(scr, "┃")
	return ok && strings.Contains(after, " · "+b.name)
}

// listed: the status bar counts every article ("100,000 unread of
// 100,000 articles") and is done loading.
func (b bulletinScreens) listed(scr string) bool {
	return strings.Contains(scr, " of "+b.total+" articles") && !strings.Contains(scr, "loading")
}

// indexed: the background work (listing and full-text indexing) is over,
// and the list shows a headline.
func (b bulletinScreens) indexed(scr string) bool {
	return b.listed(scr) && !strings.Contains(scr, "indexing") && !strings.Contains(scr, "%") && b.hasHeadline(scr)
}

// line is line i of the screen, from 0.
func line(scr string, i int) string {
	lines := strings.Split(scr, "\n")
	if i >= len(lines) {
		return ""
	}
	return lines[i]
}

// selectedTitle is the selected headline's title, without the read and
// star marks.
func selectedTitle(scr string) string {
	for _, l := range strings.Split(scr, "\n") {
		if rest, ok := strings.CutPrefix(l, "┃"); ok {
			return strings.TrimLeft(rest, " ✓★")
		}
	}
	return ""
}

// articleIs: an article, not the list (no selection bar), whose second
// line begins with the title (cut with "…" in the list, maybe wrapped in
// the article), loaded.
func articleIs(scr, want string) bool {
	t := strings.TrimSuffix(want, "…")
	return !strings.Contains(scr, "┃") && strings.HasPrefix(line(scr, 1), "  "+t) && !strings.Contains(scr, "Loading…")
}

// articleNotList: another article than want, loaded.
func articleNotList(scr, want string) bool {
	t := strings.TrimSuffix(want, "…")
	l := line(scr, 1)
	return !strings.Contains(scr, "┃") && len(l) > 2 && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "  "+t) && !strings.Contains(scr, "Loading…")
}

// filtered: the filter line shows text ("Filter:" alone when empty).
func filtered(scr, text string) bool {
	if text == "" {
		return strings.Contains(scr, "Filter:")
	}
	return strings.Contains(scr, "Filter: "+text)
}
