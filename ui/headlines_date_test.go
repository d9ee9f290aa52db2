package ui

import (
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"bulletin/model"
)

// A feed item whose date could not be read shows the date as the feed
// wrote it, not a made-up one; one with no date at all says "undated".
func TestHeadlineUndatedShowsDateText(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	seen := now.Add(-time.Hour)
	tests := []struct {
		a    model.Article
		want string
	}{
		{model.Article{Ref: "f/1", DateText: "sometime soon", Seen: seen}, "sometime soon"},
		{model.Article{Ref: "f/2", Seen: seen}, "undated"},
		{model.Article{Ref: "f/3", Published: time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), HasDate: true}, "Jan  1, 1601"},
	}
	for _, tt := range tests {
		if got := shortDate(model.ListingOf(tt.a), now); got != tt.want {
			t.Errorf("%s: date %q, want %q", tt.a.Ref, got, tt.want)
		}
	}
	long := model.Article{Ref: "f/4", DateText: "le premier lundi du mois prochain, vers midi"}
	got := shortDate(model.ListingOf(long), now)
	if w := lipgloss.Width(got); w > maxDateText || got[len(got)-len("…"):] != "…" {
		t.Errorf("long date text shown as %q (%d cells)", got, w)
	}
}
