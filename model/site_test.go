package model

import (
	"strings"
	"testing"
)

func TestParseSiteRefusesBadTemplates(t *testing.T) {
	for _, tc := range []struct{ article, picture, want string }{
		{"https://news.example/news", "", "has no {id}"},
		{"https://news.example/{id}/{id}", "", "more than once"},
		{"ftp://news.example/{id}", "", "unsupported scheme"},
		{"javascript:alert({id})", "", "unsupported scheme"},
		{"news/{id}", "", "not an absolute URL"},
		{"", "https://media.example/uploads", "has no {pic}"},
		{"", "file:///{pic}", "unsupported scheme"},
	} {
		_, err := ParseSite(tc.article, tc.picture)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseSite(%q, %q) = %v, want an error with %q", tc.article, tc.picture, err, tc.want)
		}
	}
}

func TestSiteAddressesRoundTrip(t *testing.T) {
	s, err := ParseSite("https://news.example/news/{id}.html", "https://media.example/uploads{pic}")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.ArticleFor("1856739")
	if err != nil || u != "https://news.example/news/1856739.html" {
		t.Fatalf("ArticleFor = %q, %v", u, err)
	}
	if id, ok := s.IDFrom(u); !ok || id != "1856739" {
		t.Fatalf("IDFrom(%q) = %q, %v", u, id, ok)
	}
	// An id that is not a path segment is escaped, and read back whole.
	u, _ = s.ArticleFor("a b/c")
	if id, ok := s.IDFrom(u); !ok || id != "a b/c" {
		t.Fatalf("IDFrom(%q) = %q, %v", u, id, ok)
	}
	for _, other := range []string{"https://news.example/about", "https://evil.example/news/1.html", "https://news.example/news/1.html?x", "https://news.example/news/.html"} {
		if id, ok := s.IDFrom(other); ok {
			t.Errorf("IDFrom(%q) = %q, want no story", other, id)
		}
	}
	if p, ok := s.PictureFor("/2016/08/photo.jpg"); !ok || p != "https://media.example/uploads/2016/08/photo.jpg" {
		t.Fatalf("PictureFor = %q, %v", p, ok)
	}
	if _, err := (Site{}).ArticleFor("1"); err != ErrNoSite {
		t.Fatalf("a zero site made an address: %v", err)
	}
}
