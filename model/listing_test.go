package model

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

// fileLoader stands for a folder: it reads the body and related stories
// of the articles it listed.
type fileLoader struct{ name string }

func (f *fileLoader) Load(_ context.Context, a *Article) (Article, error) {
	if a.Path == "" {
		return Article{}, errors.New("no path")
	}
	full := *a
	full.Body = "Body of " + a.Path
	full.Related = []Related{{ID: "9", Title: "Related of " + a.Path}}
	full.Loaded = true
	return full, nil
}

// A listed article kept compactly gives back the very article it was listed
// as, and opens with its body and related stories read from its source.
func TestListingGivesBackTheListedArticle(t *testing.T) {
	src := &fileLoader{name: "news"}
	tags := []string{"world"}
	listed := []Article{
		{Ref: "news/a/1", Source: "news", Path: "a/1.txt", ID: "1", Title: "Dated",
			Published: time.Date(2020, 5, 1, 9, 30, 0, 0, time.FixedZone("", 3600)), HasDate: true,
			DateText: "Fri May 1, 2020 09:30:00", RelatedCount: 4, Tags: tags, Origin: src},
		{Ref: "feed/2", Source: "A feed", Path: "2", ID: "https://example.com/2", Title: "Undated item",
			Seen: time.Unix(500, 0).UTC(), DateText: "sometime", Feed: "https://example.com/feed",
			Link: "https://example.com/2", Tags: tags, Origin: src},
	}
	lib := NewLibrary()
	lib.Add(listed...)
	for _, want := range listed {
		l, ok := lib.ByRef(want.Ref)
		if !ok {
			t.Fatalf("%s is not in the library", want.Ref)
		}
		if l.full != nil {
			t.Errorf("%s: a listed article is kept whole", want.Ref)
		}
		if got := l.Article(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the listing gives back\n%+v\nwant\n%+v", want.Ref, got, want)
		}
		full, err := l.Load(context.Background())
		if err != nil || full.Body != "Body of "+want.Path || len(full.Related) != 1 || full.Title != want.Title {
			t.Errorf("%s opens as %+v, %v", want.Ref, full, err)
		}
	}
	a, _ := lib.ByRef("news/a/1")
	if a.Source() != "news" || a.Feed() != "" || a.RelatedCount() != 4 || !a.HasDate() || a.Link() != "" || a.Warned() {
		t.Errorf("what the list shows: source %q feed %q related %d dated %v link %q warned %v",
			a.Source(), a.Feed(), a.RelatedCount(), a.HasDate(), a.Link(), a.Warned())
	}
	item, _ := lib.ByRef("feed/2")
	if item.Feed() != "https://example.com/feed" || item.Link() != "https://example.com/2" || item.HasDate() || !item.Seen().Equal(time.Unix(500, 0)) {
		t.Errorf("the item: feed %q link %q dated %v seen %v", item.Feed(), item.Link(), item.HasDate(), item.Seen())
	}
}

// What cannot be read again (an article built in memory, a loaded one, one
// with warnings) is kept whole: nothing the source gave is lost.
func TestListingKeepsWhatCannotBeReadAgain(t *testing.T) {
	src := &fileLoader{}
	cases := []Article{
		{Ref: "mem/1", Title: "In memory", Body: "Only here", Related: []Related{{ID: "2"}}},
		{Ref: "s/2", Path: "2.txt", Title: "Loaded", Body: "Read", Loaded: true, Origin: src},
		{Ref: "s/3", Path: "3.txt", Title: "Warned", Warnings: []string{"the date is unreadable"}, Origin: src},
		{Ref: "s/4", Path: "4.txt", Title: "Authored", Author: "Ann", Origin: src},
		{Ref: "s/5", Path: "5.txt", Title: "Linked", Link: "https://example.com/5", Origin: src},
	}
	lib := NewLibrary()
	lib.Add(cases...)
	for _, want := range cases {
		l, _ := lib.ByRef(want.Ref)
		if got := l.Article(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the listing gives back\n%+v\nwant\n%+v", want.Ref, got, want)
		}
	}
	if l, _ := lib.ByRef("s/3"); !l.Warned() {
		t.Error("an article with warnings is not flagged")
	}
}

// Every article of a source shares one copy of what the source gives
// them all.
func TestListingsShareTheirSource(t *testing.T) {
	src := &fileLoader{}
	tags := []string{"t"}
	lib := NewLibrary()
	for _, ref := range []string{"s/1", "s/2", "s/3"} {
		lib.Add(Article{Ref: ref, Path: ref, Source: "s", Tags: tags, Origin: src})
	}
	lib.Add(Article{Ref: "o/1", Path: "1", Source: "o", Origin: src})
	one, _ := lib.ByRef("s/1")
	for _, ref := range []string{"s/2", "s/3"} {
		if l, _ := lib.ByRef(ref); l.from != one.from {
			t.Errorf("%s does not share its source with s/1", ref)
		}
	}
	if other, _ := lib.ByRef("o/1"); other.from == one.from || other.Source() != "o" {
		t.Errorf("o/1 has source %q, shared with s/1: %v", other.Source(), other.from == one.from)
	}
}
