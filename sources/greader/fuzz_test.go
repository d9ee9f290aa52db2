package greader

import (
	"testing"
)

// FuzzDecode feeds the decoders of every JSON answer the same bytes: none
// may panic, and an item decoded must make a feed item.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"subscriptions":[{"id":"feed/1","title":"T","url":"https://a.example/f","categories":[{"id":"user/-/label/L","label":"L"}]}]}`,
		`{"tags":[{"id":"user/-/state/com.google/starred"},{"id":"user/-/label/News"}]}`,
		`{"itemRefs":[{"id":"12"},{"id":"-3"}],"continuation":"40"}`,
		`{"itemRefs":[],"continuation":40}`,
		`{"itemRefs":[{"id":"tag:google.com,2005:reader/item/ffffffffffffffff"}],"continuation":null}`,
		`{"items":[{"id":"tag:google.com,2005:reader/item/000000000000002a","title":"x","published":1700000000,
			"categories":["user/-/state/com.google/read","user/-/label/A"],"alternate":[{"href":"https://e.example/"}],
			"content":{"content":"<p>hi</p>"},"enclosure":[{"url":"https://e.example/a.mp3","type":"audio/mpeg","length":"12"}]}]}`,
		`{"items":[{"id":"7","published":"soon","enclosure":[{"href":"ftp://x"}]}]}`,
		`{"items":[{"id":"7","published":99999999999999999999}]}`,
		`{"items":null}`, `[]`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeSubscriptions(data)
		decodeTags(data)
		decodeIDs(data)
		items, err := DecodeItems(data)
		if err == nil {
			for i := range items {
				items[i].FeedItem()
			}
		}
	})
}
