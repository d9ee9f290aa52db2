package sources

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/model"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func bigRelated(n int) string {
	var items []string
	for i := range n {
		items = append(items, fmt.Sprintf(`{"id":"%d","sort":"%d","contenttypeid":"21","pic":"/p/%d.jpg","title":"Related story number %d with a long enough title"}`, i, i, i, i))
	}
	return "[" + strings.Join(items, " ,") + " ]"
}

func TestScanFolder(t *testing.T) {
	dir := t.TempDir()
	longBody := strings.Repeat("A long paragraph of text that goes on. ", 40)
	longBody = strings.Repeat(longBody+"\n\n", 150) + "The end."
	write(t, filepath.Join(dir, "1.txt"), article("Small", "Small", okDate, okBody, dumpOf(twoJSON)))
	write(t, filepath.Join(dir, "a", "b", "2.txt"), article("Nested", "Nested", "Fri Sep 2, 2016 10:00:00", okBody, dumpOf("[]")))
	write(t, filepath.Join(dir, "3.txt"), article("Long body", "Long body", okDate, longBody, dumpOf(twoJSON)))
	write(t, filepath.Join(dir, "4.txt"), article("Long related", "Long related", okDate, longBody, dumpOf(bigRelated(600))))
	write(t, filepath.Join(dir, "README.txt"), "notes")
	write(t, filepath.Join(dir, "cover.jpg"), "\xff\xd8")
	write(t, filepath.Join(dir, ".hidden", "5.txt"), article("Hidden", "Hidden", okDate, okBody, dumpOf("[]")))
	write(t, filepath.Join(dir, "broken.txt"), "\x00\x01\x02")

	folder, err := OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	var stats model.ScanStats
	got := map[string]model.Article{}
	var errs []string
	for r := range folder.Scan(context.Background(), 3) {
		stats.Count(r)
		if r.Err != nil {
			errs = append(errs, r.Err.Error())
		}
		if !r.Skipped && r.Err == nil {
			got[r.Article.Title] = r.Article
		}
	}
	if stats.Articles != 4 || stats.Errors != 1 || stats.Skipped != 2 {
		t.Errorf("stats = %+v, want 4 articles, 1 error, 2 skipped (hidden folders are not entered)", stats)
	}
	if len(errs) != 1 || !strings.Contains(errs[0], filepath.Join(dir, "broken.txt")) {
		t.Errorf("errors = %q, want one naming broken.txt", errs)
	}
	wantRelated := map[string]int{"Small": 2, "Nested": 0, "Long body": 2, "Long related": 600}
	for title, n := range wantRelated {
		a, ok := got[title]
		if !ok {
			t.Errorf("%q not listed", title)
			continue
		}
		if a.RelatedCount != n {
			t.Errorf("%q: %d related, want %d", title, a.RelatedCount, n)
		}
		if a.Loaded || a.Body != "" {
			t.Errorf("%q: the listing read the body", title)
		}
		full, err := model.Load(context.Background(), &a)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Related) != n || full.Body == "" || !full.Loaded {
			t.Errorf("%q loaded: %d related, body %d bytes", title, len(full.Related), len(full.Body))
		}
		if full.Ref != a.Ref || !strings.HasPrefix(a.Ref, filepath.Base(dir)+"/") {
			t.Errorf("%q: ref %q, loaded ref %q", title, a.Ref, full.Ref)
		}
	}
	if a := got["Nested"]; a.Path != "a/b/2.txt" || a.Ref != filepath.Base(dir)+"/a/b/2" {
		t.Errorf("nested path %q ref %q", a.Path, a.Ref)
	}
	if a := got["Long body"]; len(a.Warnings) != 0 {
		t.Errorf("long body listing warned: %q", a.Warnings)
	}
}

func TestScanStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	for i := range 300 {
		write(t, filepath.Join(dir, fmt.Sprintf("%d.txt", i)), article("T", "T", okDate, okBody, dumpOf("[]")))
	}
	folder, err := OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := folder.Scan(ctx, 2)
	<-ch
	cancel()
	n := 0
	for range ch {
		n++
	}
	if n >= 299 {
		t.Errorf("%d results after cancel: the scan did not stop", n)
	}
}

func TestOpenFileAndErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "news_42.txt")
	write(t, p, article("One", "One", okDate, okBody, dumpOf("[]")))
	f, err := OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var arts []model.Article
	for r := range f.Scan(context.Background(), 0) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		arts = append(arts, r.Article)
	}
	if len(arts) != 1 || arts[0].ID != "42" || arts[0].Source != filepath.Base(dir) {
		t.Fatalf("got %+v", arts)
	}
	if _, err := OpenFolder(p); err == nil {
		t.Error("OpenFolder on a file did not fail")
	}
	if _, err := OpenFolder(filepath.Join(dir, "missing")); err == nil {
		t.Error("OpenFolder on a missing folder did not fail")
	}
}

func TestFolderSite(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "000_1856739.txt"), article("Small", "Small", okDate, okBody, dumpOf(twoJSON)))
	f, err := OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.Site().ArticleURL != "" || f.Dir() != dir {
		t.Fatalf("a new folder: site %+v, dir %q", f.Site(), f.Dir())
	}
	site, err := model.ParseSite("https://news.example/news/{id}", "https://media.example/uploads{pic}")
	if err != nil {
		t.Fatal(err)
	}
	f.SetSite(site)
	var listed *model.Article
	for r := range f.Scan(context.Background(), 0) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		if !r.Skipped {
			listed = &r.Article
		}
	}
	a, err := model.Load(context.Background(), listed)
	if err != nil {
		t.Fatal(err)
	}
	// The article's origin tells where its related stories live.
	sited, ok := a.Origin.(model.Sited)
	if !ok {
		t.Fatalf("the origin %T is not Sited", a.Origin)
	}
	if u, err := sited.Site().ArticleFor(a.Related[0].ID); err != nil || u != "https://news.example/news/11" {
		t.Errorf("ArticleFor(%q) = %q, %v", a.Related[0].ID, u, err)
	}
	if id, ok := sited.Site().IDFrom("https://news.example/news/" + a.ID); !ok || id != "1856739" {
		t.Errorf("IDFrom = %q, %v", id, ok)
	}

	file, err := OpenFile(filepath.Join(dir, "000_1856739.txt"))
	if err != nil || file.Dir() != dir || file.Site().ArticleURL != "" {
		t.Fatalf("OpenFile: %v, dir %q, site %+v", err, file.Dir(), file.Site())
	}
	if Tour().Dir() != "" {
		t.Errorf("the tour is on disk at %q", Tour().Dir())
	}
}

// listAndLoad lists the one file in dir through Scan, as a listing does,
// then loads it in full.
func listAndLoad(t *testing.T, dir string) (listed, full model.Article) {
	t.Helper()
	folder, err := OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range folder.Scan(context.Background(), 1) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		listed = r.Article
		n++
	}
	if n != 1 {
		t.Fatalf("%d files listed, want 1", n)
	}
	full, err = model.Load(context.Background(), &listed)
	if err != nil {
		t.Fatal(err)
	}
	return listed, full
}

func TestListingOfALargeFileCountsEveryNUL(t *testing.T) {
	para := strings.Repeat("A long paragraph of text that goes on. ", 40)
	var body strings.Builder
	for i := range 200 {
		body.WriteString(para)
		if i%50 == 25 { // in the middle the listing skips, and near both ends
			body.WriteString("\x00")
		}
		body.WriteString("\n\n")
	}
	dir := t.TempDir()
	file := article("Big\x00 one", "Big one", okDate, body.String()+"The end\x00.", dumpOf(twoJSON))
	if len(file) < 4*listReadSize {
		t.Fatalf("the file is %d bytes: too small to have a middle the listing skips", len(file))
	}
	write(t, filepath.Join(dir, "1.txt"), file)
	listed, full := listAndLoad(t, dir)
	want := []string{"6 NUL bytes were dropped from the text"}
	if strings.Join(full.Warnings, "|") != strings.Join(want, "|") {
		t.Errorf("full parse warnings = %q, want %q", full.Warnings, want)
	}
	if strings.Join(listed.Warnings, "|") != strings.Join(full.Warnings, "|") {
		t.Errorf("listing warnings %q differ from the full parse's %q", listed.Warnings, full.Warnings)
	}
	if listed.Title != "Big one" || listed.RelatedCount != 2 || !listed.HasDate {
		t.Errorf("listing: title %q, %d related, date %v", listed.Title, listed.RelatedCount, listed.HasDate)
	}
}

// TestListingAgreesWithTheFullParse lists files through Scan (whose large
// files are read by their two ends) and loads them in full: both must tell
// the same title, date, related count and warnings.
func TestListingAgreesWithTheFullParse(t *testing.T) {
	long := strings.Repeat(strings.Repeat("Filler text of a long body. ", 60)+"\n\n", 100)
	cut := dumpOf(bigRelated(3))
	inputs := map[string]string{
		"stray NULs":            article("Ti\x00tle", "Title", okDate, "a\x00b\n\nc", dumpOf(twoJSON)),
		"title only":            "Just a headline",
		"only a related block":  dumpOf(twoJSON),
		"length not a number":   article("T", "T", okDate, okBody, `string(abc) "`+twoJSON+`"`),
		"length overflows":      article("T", "T", okDate, okBody, `string(99999999999999999999999) "`+twoJSON+`"`),
		"cut in an item":        article("T", "T", okDate, okBody, cut[:len(cut)/2]),
		"cut before the quote":  article("T", "T", okDate, okBody, cut[:len(cut)-1]),
		"cut in the header":     article("T", "T", okDate, okBody, "string(11"),
		"cut in the first word": article("T", "T", okDate, okBody, "str"),
		"video with a query":    article("T", "T", okDate, okBody, dumpOf(`[{"id":"1","pic":"/v.MP4?v=2","title":"V"}]`)),
	}
	for name, file := range inputs {
		for _, size := range []string{"small", "large"} {
			t.Run(name+", "+size, func(t *testing.T) {
				if size == "large" {
					file = strings.Replace(file, okBody, long+okBody, 1)
					if !strings.Contains(file, long) {
						file += "\n\n" + long // title only: a long body after it
					}
				}
				dir := t.TempDir()
				write(t, filepath.Join(dir, "1.txt"), file)
				listed, full := listAndLoad(t, dir)
				if size == "large" && len(file) < 3*listReadSize {
					t.Fatalf("the large file is only %d bytes", len(file))
				}
				if listed.Title != full.Title || listed.HasDate != full.HasDate || !listed.Published.Equal(full.Published) ||
					listed.RelatedCount != full.RelatedCount || strings.Join(listed.Warnings, "|") != strings.Join(full.Warnings, "|") {
					t.Errorf("listing %q/%v/%d/%q differs from the full parse %q/%v/%d/%q",
						listed.Title, listed.Published, listed.RelatedCount, listed.Warnings, full.Title, full.Published, full.RelatedCount, full.Warnings)
				}
				if full.RelatedCount != len(full.Related) {
					t.Errorf("related count %d for %d items", full.RelatedCount, len(full.Related))
				}
			})
		}
	}
}
