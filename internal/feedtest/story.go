package feedtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// StoryPage is the page of story n of a test news site: a title ("Site
// story n"), a byline, two paragraphs long enough to be read as an article
// ("the text of site story n"), a link to story n+1 ("story number n+1")
// and one elsewhere on the site.
func StoryPage(n int) string {
	return fmt.Sprintf(`<html><head><title>Site story %[1]d</title></head><body><article>
<h1>Site story %[1]d</h1><p class="byline">By A. Reporter</p>
<p>This is the text of site story %[1]d, served by the test site. It is long enough to be read
as an article: paragraphs of real length, about the news of the day and what it means.</p>
<p>A second paragraph follows, and the walk goes on to <a href="/news/%[2]d">story number %[2]d</a>
or to <a href="/about">the about page</a>.</p></article></body></html>`, n, n+1)
}

// ServeStory answers /news/N with StoryPage(N), reporting whether the path
// was a story's; anything else is left to the caller.
func ServeStory(w http.ResponseWriter, r *http.Request) bool {
	id, ok := strings.CutPrefix(r.URL.Path, "/news/")
	n, err := strconv.Atoi(id)
	if !ok || err != nil {
		return false
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, StoryPage(n))
	return true
}
