package savefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC)

func TestName(t *testing.T) {
	for _, tt := range []struct {
		title, fallback string
		dated           bool
		want            string
	}{
		{"Harbour Reopens, at Last!", "", true, "2026-12-02-harbour-reopens-at-last.md"},
		{"Café société: 3 ÉTÉS", "", true, "2026-12-02-cafe-societe-3-etes.md"},
		{"Undated note", "", false, "undated-note.md"},
		{"\x1b[2JCleared \x1b]8;;https://x.example\x07link", "", false, "cleared-link.md"},
		{"عنوان عربي", "1234", true, "2026-12-02-1234.md"},
		{"عنوان عربي", "", false, "article.md"},
		{strings.Repeat("word ", 30), "", false, "word-word-word-word-word-word-word-word-word-word-word-word.md"},
		{strings.Repeat("x", 80), "", false, strings.Repeat("x", 60) + ".md"},
	} {
		if got := Name(tt.title, day, tt.dated, tt.fallback); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// Titles written to escape the folder, hide the file or reach a terminal
// make plain names inside it.
func TestHostileTitlesStayInTheFolder(t *testing.T) {
	dir := t.TempDir()
	hostile := []string{
		"../../etc/passwd", "/etc/passwd", "..", ".", ".bashrc", "...hidden",
		"a/../../b", `..\..\windows\system32`, "\x1b]0;pwned\x07title", "nul\x00byte",
		"~/.ssh/authorized_keys", "-rf --no-preserve-root", "   ", "\u202egnp.exe", "CON",
	}
	for _, title := range hostile {
		name := Name(title, day, false, "")
		path, err := Write(dir, name, []byte("x"))
		if err != nil {
			t.Fatalf("%q: %v", title, err)
		}
		if filepath.Dir(path) != dir {
			t.Errorf("%q was saved outside the folder: %s", title, path)
		}
		base := filepath.Base(path)
		if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "-") || strings.Trim(base, "abcdefghijklmnopqrstuvwxyz0123456789-.") != "" {
			t.Errorf("%q made the name %q", title, base)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(hostile) {
		t.Errorf("%d files in the folder, want %d", len(entries), len(hostile))
	}
}

func TestWriteNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "made", "here")
	var paths []string
	for i := range 3 {
		p, err := Write(dir, "2026-12-02-same.md", []byte{byte('a' + i)})
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Base(p))
	}
	want := []string{"2026-12-02-same.md", "2026-12-02-same-2.md", "2026-12-02-same-3.md"}
	for i, p := range paths {
		if p != want[i] {
			t.Fatalf("names %q, want %q", paths, want)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, p)); string(b) != string(rune('a'+i)) {
			t.Errorf("%s holds %q", p, b)
		}
	}
	for _, bad := range []string{"", "../x.md", "a/b.md", ".x.md"} {
		if _, err := Write(dir, bad, nil); err == nil {
			t.Errorf("Write(%q) wrote", bad)
		}
	}
}

func TestWriteReportsAFolderItCannotMake(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	_, err := Write(filepath.Join(file, "sub"), "a.md", nil)
	if err == nil || !strings.Contains(err.Error(), file) {
		t.Fatalf("err %v, want one naming %s", err, file)
	}
}

// FuzzName checks that whatever the title, the name is a plain, visible
// file name of lowercase ASCII letters, digits and dashes.
func FuzzName(f *testing.F) {
	f.Add("../../etc/passwd", "1")
	f.Add(".bashrc", "")
	f.Add("Café société", "x/y")
	f.Add("\x1b[31mred", "..")
	f.Add(strings.Repeat("ab ", 40), "")
	f.Fuzz(func(t *testing.T, title, fallback string) {
		name := Name(title, day, len(title)%2 == 0, fallback)
		stem, ok := strings.CutSuffix(name, ".md")
		if !ok || stem == "" || len(stem) > len("2026-12-02-")+MaxSlug {
			t.Fatalf("%q: name %q", title, name)
		}
		if stem[0] == '-' || stem[len(stem)-1] == '-' || strings.Contains(stem, "--") {
			t.Fatalf("%q: name %q has stray dashes", title, name)
		}
		for _, c := range stem {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				t.Fatalf("%q: name %q holds %q", title, name, c)
			}
		}
	})
}
