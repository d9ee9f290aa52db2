package clipboard

import (
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"
)

// decode checks that seq is one bare OSC 52 sequence for the clipboard and
// returns the text it carries.
func decode(t *testing.T, seq string) string {
	t.Helper()
	const head, tail = "\x1b]52;c;", "\a"
	if !strings.HasPrefix(seq, head) || !strings.HasSuffix(seq, tail) {
		t.Fatalf("not an OSC 52 sequence: %q", seq)
	}
	payload := strings.TrimSuffix(strings.TrimPrefix(seq, head), tail)
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		t.Fatalf("payload %q: %v", payload, err)
	}
	return string(data)
}

func TestSequenceRoundTrip(t *testing.T) {
	for _, text := range []string{
		"",
		"https://example.com/story?id=1&x=2",
		"two\nlines\twith tab",
		"naïve café — 東京 🚀",
		"\x1b]0;not a title\a", // escapes in the text stay inside the base64
	} {
		seq := Sequence(text)
		if got := decode(t, seq); got != text {
			t.Errorf("decoded %q, want %q", got, text)
		}
		if strings.Count(seq, "\x1b") != 1 || strings.Count(seq, "\a") != 1 {
			t.Errorf("%q: text leaked into the sequence: %q", text, seq)
		}
	}
}

func TestSequenceCapsAtACharacterBoundary(t *testing.T) {
	ascii := strings.Repeat("a", MaxText+10)
	if got := decode(t, Sequence(ascii)); got != ascii[:MaxText] {
		t.Errorf("kept %d bytes, want %d", len(got), MaxText)
	}
	if !Truncated(ascii) || Truncated(ascii[:MaxText]) {
		t.Error("Truncated is wrong at the cap")
	}

	exact := strings.Repeat("b", MaxText)
	if got := decode(t, Sequence(exact)); got != exact {
		t.Errorf("text of exactly MaxText bytes was cut to %d", len(got))
	}

	// "€" is three bytes; two ASCII bytes first make byte MaxText fall
	// inside a character (2+3k never equals 100 000), which must be
	// dropped whole.
	euros := "xy" + strings.Repeat("€", MaxText/3+5)
	got := decode(t, Sequence(euros))
	if !utf8.ValidString(got) {
		t.Fatal("the cut split a character")
	}
	if len(got) != MaxText-2 {
		t.Errorf("kept %d bytes, want %d, the most whole characters that fit", len(got), MaxText-2)
	}
	if !strings.HasPrefix(euros, got) {
		t.Error("the kept text is not a prefix of the original")
	}
}

func TestWrap(t *testing.T) {
	seq := Sequence("hello")
	if got := Wrap(seq, false); got != seq {
		t.Errorf("outside tmux: %q, want %q", got, seq)
	}
	got := Wrap(seq, true)
	want := seq + "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\a\x1b\\"
	if got != want {
		t.Errorf("inside tmux: %q, want %q", got, want)
	}
	// Undoing the passthrough gives back the sequence and its text.
	inner := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(got, seq), "\x1bPtmux;"), "\x1b\\")
	inner = strings.ReplaceAll(inner, "\x1b\x1b", "\x1b")
	if text := decode(t, inner); text != "hello" {
		t.Errorf("unwrapped text %q", text)
	}
}

func TestOSC52FollowsTMUX(t *testing.T) {
	const text = "copy me"
	t.Setenv("TMUX", "")
	if got := decode(t, OSC52(text)); got != text {
		t.Errorf("outside tmux: decoded %q", got)
	}
	t.Setenv("TMUX", "/tmp/tmux-1000/default,1234,0")
	if got, want := OSC52(text), Wrap(Sequence(text), true); got != want {
		t.Errorf("inside tmux: %q, want %q", got, want)
	}
}
