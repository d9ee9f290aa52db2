package synth

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"bulletin/model"
	"bulletin/sources"
)

// readCorpus returns every file below dir, keyed by slash path.
func readCorpus(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func generate(t *testing.T, n int, seed uint64) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(dir, n, seed)
	if err != nil {
		t.Fatal(err)
	}
	files := readCorpus(t, dir)
	if st.Files != n || len(files) != n {
		t.Fatalf("Generate reported %d files and wrote %d, want %d", st.Files, len(files), n)
	}
	var total int64
	for _, data := range files {
		total += int64(len(data))
	}
	if st.Bytes != total {
		t.Errorf("Generate reported %d bytes, wrote %d", st.Bytes, total)
	}
	return dir, files
}

func TestGenerateIsDeterministic(t *testing.T) {
	_, a := generate(t, 50, 7)
	// One worker must write what several do.
	procs := runtime.GOMAXPROCS(1)
	_, b := generate(t, 50, 7)
	runtime.GOMAXPROCS(procs)
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	_, c := generate(t, 50, 8)
	same := 0
	for name, data := range a {
		if bytes.Equal(data, c[name]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d files are the same under seeds 7 and 8", same)
	}
}

func TestFolderLayout(t *testing.T) {
	c := corpus{n: 2500, seed: 1}
	for i, want := range map[int]string{0: "00/000000_", 999: "00/000999_", 1000: "01/001000_", 2499: "02/002499_"} {
		if p := c.relPath(i); !strings.HasPrefix(p, want) || !strings.HasSuffix(p, ".txt") {
			t.Errorf("relPath(%d) = %q, want %s<id>.txt", i, p, want)
		}
		if id := sources.IDFromName(c.relPath(i)); id != strconv.Itoa(c.meta(i).id) {
			t.Errorf("the app reads id %q from %s, want %d", id, c.relPath(i), c.meta(i).id)
		}
	}
	if p := (corpus{n: 150_000}).relPath(149_999); !strings.HasPrefix(p, "149/149999_") {
		t.Errorf("relPath in a 150k corpus = %q", p)
	}
	seen := map[int]bool{}
	for i := range c.n {
		m := c.meta(i)
		if seen[m.id] || seen[m.gapID] || m.id == m.gapID {
			t.Fatalf("file %d: id %d or gap id %d is not unique", i, m.id, m.gapID)
		}
		seen[m.id], seen[m.gapID] = true, true
		if i > 0 && m.published.Before(c.meta(i-1).published) {
			t.Fatalf("file %d is older than file %d", i, i-1)
		}
	}
}

var dumpRE = regexp.MustCompile(`\n\n\nstring\((\d+)\) "`)

// TestLayout checks each file against FORMAT.md section 1 byte by byte, and
// that sources.Parse reads it back with no warnings.
func TestLayout(t *testing.T) {
	const n = 300
	_, files := generate(t, n, 1)
	c := corpus{n: n, seed: 1}
	var size, videos, items int
	for i := range n {
		name := c.relPath(i)
		data, ok := files[name]
		if !ok {
			t.Fatalf("missing %s", name)
		}
		size += len(data)
		if len(data) < 1200 || len(data) > 9000 {
			t.Errorf("%s: %d bytes, want 1.2-9 KB", name, len(data))
		}
		if !utf8.Valid(data) || bytes.ContainsAny(data, "\r\t") || bytes.Contains(data, []byte(" \n")) || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			t.Errorf("%s: not BOM-less UTF-8 with LF only, no tabs and no trailing spaces", name)
		}
		if data[len(data)-1] != '"' {
			t.Errorf("%s: does not end with the closing quote", name)
		}

		// Head: title, blank, title, date, blank.
		lines := strings.SplitN(string(data), "\n", 6)
		m := c.meta(i)
		if lines[0] != m.title || lines[1] != "" || lines[2] != m.title || lines[3] != m.published.Format(DateLayout) || lines[4] != "" {
			t.Fatalf("%s: head is %q", name, lines[:5])
		}
		if l := len(m.title); l < 40 || l > 110 {
			t.Errorf("%s: title is %d bytes, want 40-110", name, l)
		}

		// Dump: string(N) "payload" with N the payload's byte length.
		loc := dumpRE.FindAllSubmatchIndex(data, -1)
		if len(loc) != 1 {
			t.Fatalf("%s: %d dump lines", name, len(loc))
		}
		declared, _ := strconv.Atoi(string(data[loc[0][2]:loc[0][3]]))
		payload := data[loc[0][1] : len(data)-1]
		if declared != len(payload) {
			t.Errorf("%s: declares %d bytes, payload has %d", name, declared, len(payload))
		}
		var raw []map[string]any
		if err := json.Unmarshal(payload, &raw); err != nil {
			t.Fatalf("%s: payload is not JSON: %v", name, err)
		}
		if len(raw) > 0 && (!bytes.HasPrefix(payload, []byte(`[{"id":"`)) || !bytes.HasSuffix(payload, []byte(`"} ]`)) ||
			bytes.Count(payload, []byte(`"} ,{"id":"`)) != len(raw)-1) {
			t.Errorf("%s: payload separators are not those of the sample: %.60s", name, payload)
		}
		for _, obj := range raw {
			for _, key := range []string{"id", "sort", "contenttypeid", "pic", "title"} {
				if _, ok := obj[key].(string); !ok {
					t.Errorf("%s: %s is %T, want a string", name, key, obj[key])
				}
			}
			if strings.HasSuffix(obj["pic"].(string), ".mp4") {
				videos++
			}
		}
		items += len(raw)

		// Body: paragraphs of one line each, one blank line between them.
		bodyText := string(data[len(lines[0])*2+len(lines[3])+5 : loc[0][0]])
		paras := strings.Split(bodyText, "\n\n")
		if len(paras) < 3 || len(paras) > 12 {
			t.Errorf("%s: %d paragraphs", name, len(paras))
		}
		for _, p := range paras {
			if p == "" || strings.Contains(p, "\n") || strings.TrimSpace(p) != p {
				t.Errorf("%s: bad paragraph %q", name, p)
			}
		}

		a, err := sources.Parse(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(a.Warnings) > 0 {
			t.Errorf("%s: warnings %q", name, a.Warnings)
		}
		if a.Title != m.title || a.ID != strconv.Itoa(m.id) || !a.HasDate || !a.Published.Equal(m.published) {
			t.Errorf("%s: parsed title %q id %q date %v, want %q %d %v", name, a.Title, a.ID, a.Published, m.title, m.id, m.published)
		}
		if a.Body != bodyText {
			t.Errorf("%s: the parsed body differs from the file's", name)
		}
		if a.RelatedCount != len(raw) || len(a.Related) != len(raw) {
			t.Fatalf("%s: parsed %d related items, the file has %d", name, a.RelatedCount, len(raw))
		}
		for k, r := range a.Related {
			if r.ID != raw[k]["id"] || r.Title != raw[k]["title"] || r.Pic != raw[k]["pic"] || r.Video != strings.HasSuffix(r.Pic, ".mp4") {
				t.Errorf("%s: related %d parsed as %+v, the file has %v", name, k, r, raw[k])
			}
		}
	}
	if mean := size / n; mean < 2500 || mean > 5000 {
		t.Errorf("mean file size %d bytes, want 2.5-5 KB", mean)
	}
	if share := float64(videos) / float64(items); share < 0.2 || share > 0.45 {
		t.Errorf("%.2f of related items are videos, want about a third", share)
	}
	if per := float64(items) / n; per < 4 || per > 6 {
		t.Errorf("%.1f related items per file, want mostly 4-6", per)
	}
}

// TestLibraryResolves builds a library from a generated corpus and checks
// that about 80% of related items resolve, each to the article it names, and
// that some of them need title matching and title normalisation.
func TestLibraryResolves(t *testing.T) {
	const n = 400
	_, files := generate(t, n, 3)
	lib := model.NewLibrary()
	var all []model.Article
	for name, data := range files {
		a, err := sources.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		a.Ref = "synth/" + strings.TrimSuffix(name, ".txt")
		all = append(all, a)
	}
	lib.Add(all...)

	var total, resolved, byTitle, normalised, noID int
	for _, a := range all {
		for _, r := range a.Related {
			total++
			if r.ID == "" {
				noID++
			}
			target, ok := lib.Resolve(r)
			if !ok {
				continue
			}
			resolved++
			if target.Ref == a.Ref {
				t.Errorf("%s links to itself", a.Ref)
			}
			if model.TitleKey(target.Title) != model.TitleKey(r.Title) {
				t.Errorf("%q resolved to %q", r.Title, target.Title)
			}
			if target.ID != r.ID {
				byTitle++
				if target.Title != r.Title {
					normalised++
				}
			}
		}
	}
	ratio := float64(resolved) / float64(total)
	t.Logf("%d of %d related items resolve (%.3f); %d by title, %d of them after normalisation; %d without id",
		resolved, total, ratio, byTitle, normalised, noID)
	if ratio < 0.7 || ratio > 0.9 {
		t.Errorf("%.3f of related items resolve, want 0.7-0.9", ratio)
	}
	if byTitle < total/20 || normalised < total/50 || noID == 0 {
		t.Errorf("too few items exercise title matching: %d by title, %d normalised, %d without id, of %d", byTitle, normalised, noID, total)
	}
}

func TestGenerateErrors(t *testing.T) {
	if _, err := Generate(t.TempDir(), -1, 1); err == nil {
		t.Error("a negative count did not fail")
	}
	st, err := Generate(t.TempDir(), 0, 1)
	if err != nil || st != (Stats{}) {
		t.Errorf("Generate(0) = %+v, %v", st, err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(file, 3, 1); err == nil {
		t.Error("generating into a file did not fail")
	}
}
