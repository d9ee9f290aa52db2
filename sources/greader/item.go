package greader

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

// Item is an item as the server gives it, its fields not cleaned yet.
type Item struct {
	ID ItemID
	// Stream is the subscription it belongs to ("feed/12").
	Stream string
	Title  string
	Author string
	Link   string
	// HTML is the content (else the summary): untrusted.
	HTML string
	// Published is zero when the server gave no date.
	Published time.Time
	// Read and Starred are its state on the server when it was fetched;
	// Labels its tags.
	Read, Starred bool
	Labels        []string
	Enclosures    []feed.Enclosure
}

type jsonHref struct {
	Href string `json:"href"`
}

type jsonItem struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Author     string      `json:"author"`
	Published  json.Number `json:"published"`
	Categories []string    `json:"categories"`
	Alternate  []jsonHref  `json:"alternate"`
	Canonical  []jsonHref  `json:"canonical"`
	Content    struct {
		Content string `json:"content"`
	} `json:"content"`
	Summary struct {
		Content string `json:"content"`
	} `json:"summary"`
	Origin struct {
		StreamID string `json:"streamId"`
	} `json:"origin"`
	Enclosure []struct {
		URL    string      `json:"url"`
		Href   string      `json:"href"`
		Type   string      `json:"type"`
		Length json.Number `json:"length"`
	} `json:"enclosure"`
}

// DecodeItems reads a stream/items/contents answer. An item without a
// usable id makes the whole answer an error: without its id the item
// could not be matched, and would come again at every sync.
func DecodeItems(data []byte) ([]Item, error) {
	var page struct {
		Items []jsonItem `json:"items"`
	}
	if err := json.Unmarshal(data, &page); err != nil {
		return nil, err
	}
	out := make([]Item, 0, len(page.Items))
	for i := range page.Items {
		it, err := page.Items[i].item()
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i+1, err)
		}
		out = append(out, it)
	}
	return out, nil
}

func (j *jsonItem) item() (Item, error) {
	id, err := ParseItemID(j.ID)
	if err != nil {
		return Item{}, err
	}
	it := Item{ID: id, Stream: j.Origin.StreamID, Title: j.Title, Author: j.Author, HTML: j.Content.Content}
	if it.HTML == "" {
		it.HTML = j.Summary.Content
	}
	for _, h := range append(j.Canonical, j.Alternate...) {
		if _, err := model.WebLink(h.Href); err == nil {
			it.Link = h.Href
			break
		}
	}
	if secs, err := strconv.ParseInt(j.Published.String(), 10, 64); err == nil && secs > 0 && secs < 1<<40 {
		it.Published = time.Unix(secs, 0).UTC()
	}
	for _, c := range j.Categories {
		switch {
		case c == Read || strings.HasSuffix(c, "/state/com.google/read"):
			it.Read = true
		case c == Starred || strings.HasSuffix(c, "/state/com.google/starred"):
			it.Starred = true
		default:
			if label := labelOf(c, ""); label != "" {
				it.Labels = append(it.Labels, label)
			}
		}
	}
	for _, e := range j.Enclosure {
		link := e.URL
		if link == "" {
			link = e.Href
		}
		if _, err := model.WebLink(link); err != nil {
			continue
		}
		n, _ := strconv.ParseInt(e.Length.String(), 10, 64)
		it.Enclosures = append(it.Enclosures, feed.Enclosure{URL: model.CleanLine(link), Type: model.CleanLine(e.Type), Length: max(n, 0)})
	}
	return it, nil
}

// FeedItem is the item in the form the store keeps feed items in, so that
// the list, search, "more like this" and readable pages take it like any
// feed item. Its key is its server id: the server tells its items apart
// already, and the same item fetched twice is then stored once.
func (it *Item) FeedItem() feed.Item {
	fi := feed.Item{
		Key:        "greader:" + it.ID.Long(),
		GUID:       it.ID.Long(),
		Title:      model.CleanLine(it.Title),
		Link:       it.Link,
		Author:     model.CleanLine(it.Author),
		HTML:       it.HTML,
		Base:       it.Link,
		Enclosures: it.Enclosures,
	}
	if !it.Published.IsZero() {
		fi.Published, fi.Dated, fi.DateText = it.Published, true, it.Published.Format(time.RFC3339)
	}
	if fi.Title == "" {
		fi.Title = feed.Untitled(it.HTML)
	}
	seen := map[string]bool{}
	for _, l := range it.Labels {
		if l = model.CleanLine(l); l != "" && !seen[l] {
			seen[l] = true
			fi.Categories = append(fi.Categories, l)
		}
	}
	return fi
}
