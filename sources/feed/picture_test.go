package feed

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"bulletin/internal/feedtest"
)

func TestPictureFetchesBytesPolitely(t *testing.T) {
	srv := feedtest.NewServer(t)
	body := "\x89PNG\r\n\x1a\n pretend pixels"
	var agent, accept string
	srv.Handle("/heron.png", func(w http.ResponseWriter, r *http.Request) {
		agent, accept = r.UserAgent(), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte(body))
	})
	f := NewFetcher("1.2", "")
	data, err := f.Picture(context.Background(), srv.URL+"/heron.png", 1<<20)
	if err != nil || string(data) != body {
		t.Fatalf("got %q, %v", data, err)
	}
	if agent != "bulletin/1.2" || !strings.Contains(accept, "image/webp") {
		t.Errorf("sent User-Agent %q and Accept %q", agent, accept)
	}
}

func TestPictureErrorsNameTheURLAndTheReason(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Handle("/big.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 3<<20))
	})
	f := &Fetcher{}
	for _, c := range []struct{ url, want string }{
		{srv.URL + "/missing.png", "404"},
		{srv.URL + "/big.jpg", "picture too large: over 2 MB"},
		{"file:///etc/passwd", "file"},
		{"data:image/png;base64,AAAA", "data"},
	} {
		_, err := f.Picture(context.Background(), c.url, 2<<20)
		if err == nil {
			t.Errorf("%s: no error", c.url)
			continue
		}
		if !strings.Contains(err.Error(), c.url) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want the URL and %q", c.url, err, c.want)
		}
	}
}
