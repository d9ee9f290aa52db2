package store

import (
	"testing"

	"bulletin/model"
)

// Sharing one string among ref, path and id changes none of them, and
// leaves alone an article whose ref does not end with its path.
func TestShareRefPathKeepsValues(t *testing.T) {
	tests := []model.Article{
		{Ref: "n100k/00/000000_1200001", Path: "00/000000_1200001.txt", ID: "1200001"},
		{Ref: "f/a", Path: "a", ID: "a"},
		{Ref: "f/x/a", Path: "b/a.txt", ID: "7"},
		{Ref: "f/ab", Path: "b.txt", ID: ""},
		{Ref: "feed/item", Path: "", ID: "https://x.example/1"},
		{Ref: "s/a?b", Path: "a\x1bb.txt", ID: "9"},
	}
	for _, want := range tests {
		got := want
		shareRefPath(&got)
		if got.Ref != want.Ref || got.Path != want.Path || got.ID != want.ID {
			t.Errorf("%+v became %+v", want, got)
		}
	}
}
