package store

import (
	"context"
	"testing"
)

// The list of synced items names each one's feed and follows its marks,
// so two lists tell what a sync brought and changed.
func TestSyncedMarksNameFeedAndFollowMarks(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	refs := syncedItems(t, db, 2)
	if _, err := db.ApplyServerState(ctx, []int64{2}, []int64{2}); err != nil {
		t.Fatal(err)
	}
	got, err := db.SyncedMarks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d synced items listed, want 2: %v", len(got), got)
	}
	want := map[string]SyncedMark{
		refs[1]: {Feed: "https://harbour.example/feed.xml", Read: true},
		refs[2]: {Feed: "https://harbour.example/feed.xml", Starred: true},
	}
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("%s = %+v, want %+v", ref, got[ref], w)
		}
	}
}
