package feed

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// articlePage is a page in the shape of a news site: navigation, a sidebar
// and a footer around one long article, with a script, a style and a
// javascript: link inside the article.
const articlePage = `<!DOCTYPE html>
<html><head>
<title>Harbour reopens after storm | Coast News</title>
<meta name="author" content="Ada Byline">
<style>body { color: red } .secret-style { display: none }</style>
<script>var secretScript = "stolen";</script>
</head>
<body>
<nav class="menu"><ul>
<li><a href="/world">World navigation link</a></li>
<li><a href="/sport">Sport navigation link</a></li>
<li><a href="/weather">Weather navigation link</a></li>
</ul></nav>
<div class="sidebar">Subscribe to our newsletter sidebar promo</div>
<article>
<h1>Harbour reopens after storm</h1>
<p>The harbour at Porthmoor reopened on Tuesday morning, three days after the storm tore through the breakwater and sank two fishing boats at their moorings, according to the harbour master.</p>
<p>Crews worked through the night to clear debris from the channel, and the first ferry left at seven with a full load of passengers and supplies for the islands, which had been cut off since Saturday.</p>
<script>document.write("injectedByScript")</script>
<style>.injectedStyle { color: blue }</style>
<p>Engineers say the breakwater will need months of repairs before the <a href="javascript:alert('pwned')">winter season</a> begins, and the council has asked the government for emergency funding to pay for the work. Read the <a href="/report.pdf">full report</a>.</p>
<p>Local traders said the closure had cost them dearly, but they were relieved to see the boats back in the water and the quayside busy again after a long and anxious weekend for the whole town.</p>
</article>
<footer class="footer">Copyright Coast News footer boilerplate. All rights reserved.</footer>
</body></html>`

func TestReadableExtractsTheArticle(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/story" {
			http.Redirect(w, r, "/story", http.StatusFound)
			return
		}
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "bulletin/1.2.3") {
			t.Errorf("User-Agent = %q", ua)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(articlePage))
	})
	page, err := testFetcher().Readable(context.Background(), srv.URL+"/old")
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.URL + "/story"; page.URL != want {
		t.Errorf("URL = %q, want the final URL %q", page.URL, want)
	}
	if !strings.Contains(page.Title, "Harbour reopens after storm") {
		t.Errorf("Title = %q", page.Title)
	}
	if page.Byline != "Ada Byline" {
		t.Errorf("Byline = %q", page.Byline)
	}
	for _, want := range []string{
		"The harbour at Porthmoor reopened on Tuesday morning",
		"Crews worked through the night",
		"Engineers say the breakwater",
		"Local traders said the closure",
	} {
		if !strings.Contains(page.Markdown, want) {
			t.Errorf("markdown lacks %q:\n%s", want, page.Markdown)
		}
	}
	for _, bad := range []string{
		"navigation link", "newsletter sidebar", "footer boilerplate",
		"secretScript", "injectedByScript", "secret-style", "injectedStyle",
		"javascript:", "alert(", "<script", "<style",
	} {
		if strings.Contains(page.Markdown, bad) {
			t.Errorf("markdown contains %q:\n%s", bad, page.Markdown)
		}
	}
	// The javascript: link keeps its text, as plain text.
	if !strings.Contains(page.Markdown, "winter season") {
		t.Errorf("markdown lost the text of the javascript: link:\n%s", page.Markdown)
	}
	report := srv.URL + "/report.pdf"
	if !strings.Contains(page.Markdown, "]("+report+")") {
		t.Errorf("markdown lacks the resolved link %s:\n%s", report, page.Markdown)
	}
	if len(page.Links) != 1 || page.Links[0].URL != report || page.Links[0].Title != "full report" {
		t.Errorf("Links = %+v, want only %s", page.Links, report)
	}
}

func TestReadableCharsetFromContentType(t *testing.T) {
	page := strings.Replace(articlePage, "harbour at Porthmoor", "harbour at Porthmoor café", 1)
	latin1, err := charmap.ISO8859_1.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte(latin1))
	})
	got, err := testFetcher().Readable(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Markdown, "Porthmoor café") {
		t.Errorf("markdown lost the Latin-1 text:\n%s", got.Markdown)
	}
}

func TestReadableHTTPStatus(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html><body><p>nothing here</p></body></html>", http.StatusNotFound)
	})
	pageURL := srv.URL + "/missing"
	_, err := testFetcher().Readable(context.Background(), pageURL)
	if err == nil {
		t.Fatal("no error for a 404")
	}
	if msg := err.Error(); !strings.Contains(msg, pageURL) || !strings.Contains(msg, "404") {
		t.Errorf("error %q does not name the URL and the status", msg)
	}
}

func TestReadableNotHTML(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7 not a page"))
	})
	_, err := testFetcher().Readable(context.Background(), srv.URL)
	if !errors.Is(err, ErrNotHTML) {
		t.Fatalf("err = %v, want ErrNotHTML", err)
	}
	if msg := err.Error(); !strings.Contains(msg, srv.URL) || !strings.Contains(msg, "application/pdf") {
		t.Errorf("error %q does not name the URL and the type", msg)
	}
}

func TestReadableNoContent(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><script>only()</script></body></html>`))
	})
	_, err := testFetcher().Readable(context.Background(), srv.URL)
	if !errors.Is(err, ErrNotReadable) {
		t.Fatalf("err = %v, want ErrNotReadable", err)
	}
	if !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("error %q does not name the URL", err)
	}
}

func TestReadableRefusesOtherURLs(t *testing.T) {
	for _, raw := range []string{
		"file:///etc/passwd",
		"ftp://example.com/page.html",
		"javascript:alert(1)",
		"/relative/page",
		"http:///no-host",
		"",
	} {
		_, err := testFetcher().Readable(context.Background(), raw)
		if err == nil {
			t.Errorf("%q: no error", raw)
			continue
		}
		if raw != "" && !strings.Contains(err.Error(), raw) {
			t.Errorf("%q: error %q does not name the URL", raw, err)
		}
	}
}

func TestReadableBodyCap(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(articlePage + strings.Repeat("<p>padding</p>", 1000)))
	})
	f := testFetcher()
	f.MaxBytes = 1024
	_, err := f.Readable(context.Background(), srv.URL)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestReadablePublishedDate(t *testing.T) {
	dated := strings.Replace(articlePage, `<meta name="author"`, `<meta property="article:published_time" content="2016-09-03T10:00:00+02:00"><meta name="author"`, 1)
	for _, tc := range []struct {
		page string
		want time.Time
	}{
		{dated, time.Date(2016, 9, 3, 8, 0, 0, 0, time.UTC)},
		{articlePage, time.Time{}},
	} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(tc.page))
		})
		page, err := testFetcher().Readable(context.Background(), srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if !page.Published.Equal(tc.want) {
			t.Errorf("Published = %v, want %v", page.Published, tc.want)
		}
	}
}
