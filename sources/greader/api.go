package greader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Subscription is a feed the account follows.
type Subscription struct {
	// ID is the server's stream id ("feed/12").
	ID    string
	Title string
	// URL is the feed's address, SiteURL its web site's.
	URL, SiteURL string
	// Tags are the labels (folders) it is filed under.
	Tags []string
}

type subscriptionList struct {
	Subscriptions []struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		URL        string `json:"url"`
		HTMLURL    string `json:"htmlUrl"`
		Categories []struct {
			ID    string `json:"id"`
			Label string `json:"label"`
		} `json:"categories"`
	} `json:"subscriptions"`
}

// decodeSubscriptions reads a subscription/list answer.
func decodeSubscriptions(data []byte) ([]Subscription, error) {
	var list subscriptionList
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	out := make([]Subscription, 0, len(list.Subscriptions))
	for _, s := range list.Subscriptions {
		if s.ID == "" {
			return nil, errors.New("a subscription without an id")
		}
		sub := Subscription{ID: s.ID, Title: s.Title, URL: s.URL, SiteURL: s.HTMLURL}
		for _, c := range s.Categories {
			if label := labelOf(c.ID, c.Label); label != "" {
				sub.Tags = append(sub.Tags, label)
			}
		}
		out = append(out, sub)
	}
	return out, nil
}

// labelOf is a tag's name: its label, else its id without the prefix; ""
// for a state, which is not a tag.
func labelOf(id, label string) string {
	name, ok := strings.CutPrefix(id, labelPrefix)
	if !ok {
		return ""
	}
	if label != "" {
		return label
	}
	return name
}

// Subscriptions lists the feeds the account follows.
func (c *Client) Subscriptions(ctx context.Context) ([]Subscription, error) {
	const path = "reader/api/0/subscription/list"
	body, err := c.get(ctx, path, url.Values{"output": {"json"}})
	if err != nil {
		return nil, err
	}
	subs, err := decodeSubscriptions(body)
	if err != nil {
		return nil, &BadAnswerError{URL: c.endpoint(path, nil), Err: err}
	}
	return subs, nil
}

type tagList struct {
	Tags []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	} `json:"tags"`
}

func decodeTags(data []byte) ([]string, error) {
	var list tagList
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	var out []string
	for _, t := range list.Tags {
		if label := labelOf(t.ID, t.Label); label != "" {
			out = append(out, label)
		}
	}
	return out, nil
}

// Tags lists the account's labels (not the states).
func (c *Client) Tags(ctx context.Context) ([]string, error) {
	const path = "reader/api/0/tag/list"
	body, err := c.get(ctx, path, url.Values{"output": {"json"}})
	if err != nil {
		return nil, err
	}
	tags, err := decodeTags(body)
	if err != nil {
		return nil, &BadAnswerError{URL: c.endpoint(path, nil), Err: err}
	}
	return tags, nil
}

// Query picks item ids from a stream.
type Query struct {
	Stream string
	// Exclude leaves out the items in this state (Read for unread only).
	Exclude string
	// Since leaves out items older than this (zero for all).
	Since time.Time
	// PerPage is how many ids one request asks for (1000 when 0).
	PerPage int
}

type idPage struct {
	ItemRefs []struct {
		ID string `json:"id"`
	} `json:"itemRefs"`
	Continuation json.RawMessage `json:"continuation"`
}

// decodeIDs reads one page of stream/items/ids: the ids and the
// continuation for the next page ("" when it is the last).
func decodeIDs(data []byte) ([]ItemID, string, error) {
	var page idPage
	if err := json.Unmarshal(data, &page); err != nil {
		return nil, "", err
	}
	ids := make([]ItemID, 0, len(page.ItemRefs))
	for _, r := range page.ItemRefs {
		id, err := ParseItemID(r.ID)
		if err != nil {
			return nil, "", err
		}
		ids = append(ids, id)
	}
	cont, err := continuation(page.Continuation)
	return ids, cont, err
}

// continuation is the continuation as a string; servers write it as a
// string or as a number.
func continuation(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("continuation %s is neither a string nor a number", clip(string(raw)))
	}
	if n.String() == "0" {
		return "", nil
	}
	return n.String(), nil
}

// maxPages bounds the pages of one stream, so that a server that answers
// with a continuation for ever cannot keep a sync going for ever.
const maxPages = 10000

// ItemIDs lists the ids of a stream, every page of it, newest first.
func (c *Client) ItemIDs(ctx context.Context, q Query) ([]ItemID, error) {
	const path = "reader/api/0/stream/items/ids"
	per := q.PerPage
	if per <= 0 {
		per = 1000
	}
	v := url.Values{"output": {"json"}, "s": {q.Stream}, "n": {strconv.Itoa(per)}}
	if q.Exclude != "" {
		v.Set("xt", q.Exclude)
	}
	if !q.Since.IsZero() {
		v.Set("ot", strconv.FormatInt(q.Since.Unix(), 10))
	}
	var all []ItemID
	seen := map[string]bool{}
	for range maxPages {
		body, err := c.get(ctx, path, v)
		if err != nil {
			return nil, err
		}
		ids, cont, err := decodeIDs(body)
		if err != nil {
			return nil, &BadAnswerError{URL: c.endpoint(path, v), Err: err}
		}
		all = append(all, ids...)
		if cont == "" || len(ids) == 0 {
			return all, nil
		}
		if seen[cont] {
			return nil, &BadAnswerError{URL: c.endpoint(path, v), Err: fmt.Errorf("continuation %q given twice", clip(cont))}
		}
		seen[cont] = true
		v.Set("c", cont)
	}
	return nil, &BadAnswerError{URL: c.endpoint(path, v), Err: fmt.Errorf("more than %d pages", maxPages)}
}

// BatchSize is how many items one contents request asks for.
const BatchSize = 100

// Contents fetches the items with these ids, BatchSize a request, and
// hands each batch to got as it comes (so a caller stores what arrived
// before a later batch fails).
func (c *Client) Contents(ctx context.Context, ids []ItemID, got func([]Item) error) error {
	const path = "reader/api/0/stream/items/contents"
	for len(ids) > 0 {
		batch := ids[:min(len(ids), BatchSize)]
		ids = ids[len(batch):]
		form := url.Values{"output": {"json"}}
		for _, id := range batch {
			form.Add("i", id.Long())
		}
		body, err := c.post(ctx, path, form)
		if err != nil {
			return err
		}
		items, err := DecodeItems(body)
		if err != nil {
			return &BadAnswerError{URL: c.endpoint(path, nil), Err: err}
		}
		if err := got(items); err != nil {
			return err
		}
	}
	return nil
}

// EditTag adds the state or label add and removes remove ("" for none) on
// the items, in batches.
func (c *Client) EditTag(ctx context.Context, ids []ItemID, add, remove string) error {
	for len(ids) > 0 {
		batch := ids[:min(len(ids), BatchSize)]
		ids = ids[len(batch):]
		form := url.Values{}
		for _, id := range batch {
			form.Add("i", id.Long())
		}
		if add != "" {
			form.Set("a", add)
		}
		if remove != "" {
			form.Set("r", remove)
		}
		if _, err := c.post(ctx, "reader/api/0/edit-tag", form); err != nil {
			return err
		}
	}
	return nil
}

// MarkAllAsRead marks every item of a stream read, up to before (zero for
// all).
func (c *Client) MarkAllAsRead(ctx context.Context, stream string, before time.Time) error {
	form := url.Values{"s": {stream}}
	if !before.IsZero() {
		form.Set("ts", strconv.FormatInt(before.UnixMicro(), 10))
	}
	_, err := c.post(ctx, "reader/api/0/mark-all-as-read", form)
	return err
}

// SubscriptionEdit is one change of a subscription.
type SubscriptionEdit struct {
	// Action is "subscribe", "unsubscribe" or "edit" (rename, tags).
	Action string
	// Stream is the subscription: "feed/<url>" to subscribe, its ID after.
	Stream string
	// Title renames it ("" keeps the name).
	Title string
	// AddTag and RemoveTag file it under a label or take it out.
	AddTag, RemoveTag string
}

// EditSubscription subscribes, unsubscribes, renames or files a feed.
func (c *Client) EditSubscription(ctx context.Context, e SubscriptionEdit) error {
	form := url.Values{"ac": {e.Action}, "s": {e.Stream}}
	if e.Title != "" {
		form.Set("t", e.Title)
	}
	if e.AddTag != "" {
		form.Set("a", labelPrefix+e.AddTag)
	}
	if e.RemoveTag != "" {
		form.Set("r", labelPrefix+e.RemoveTag)
	}
	_, err := c.post(ctx, "reader/api/0/subscription/edit", form)
	return err
}

// Subscribe follows the feed at feedURL, under title when not "".
func (c *Client) Subscribe(ctx context.Context, feedURL, title string) error {
	return c.EditSubscription(ctx, SubscriptionEdit{Action: "subscribe", Stream: feedPrefix + feedURL, Title: title})
}

// Unsubscribe stops following the subscription with that stream id.
func (c *Client) Unsubscribe(ctx context.Context, stream string) error {
	return c.EditSubscription(ctx, SubscriptionEdit{Action: "unsubscribe", Stream: stream})
}
