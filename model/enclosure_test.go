package model

import "testing"

func TestEnclosureDescribe(t *testing.T) {
	tests := []struct {
		e    Enclosure
		want string
		kind string
	}{
		{Enclosure{URL: "https://cdn.example/pod/episode.mp3", Type: "audio/mpeg", Length: 34_200_000}, "audio/mpeg · 34.2 MB · episode.mp3", "audio"},
		{Enclosure{URL: "https://cdn.example/v/clip%20one.webm?token=1"}, "video/webm · clip one.webm", "video"},
		{Enclosure{URL: "https://cdn.example/x/photo", Type: "Image/JPEG; q=1", Length: 812}, "image/jpeg · 812 B · photo", "image"},
		{Enclosure{URL: "https://cdn.example/", Length: 1_500_000_000}, "unknown type · 1.5 GB · cdn.example", ""},
		{Enclosure{URL: "https://cdn.example/a/%1b%5b31mred.ogg", Type: "audio/ogg\x1b[2J", Length: 250_000}, "audio/ogg · 250 kB · red.ogg", "audio"},
		{Enclosure{URL: "https://cdn.example/f.bin", Type: "nonsense"}, "unknown type · f.bin", ""},
	}
	for _, tt := range tests {
		if got := tt.e.Describe(); got != tt.want {
			t.Errorf("Describe(%+v) = %q, want %q", tt.e, got, tt.want)
		}
		if got := tt.e.Kind(); got != tt.kind {
			t.Errorf("Kind(%+v) = %q, want %q", tt.e, got, tt.kind)
		}
	}
}

func TestFileSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 34_249_999: "34.2 MB", 345_600_000: "346 MB", 5_000_000_000_000_000: "5000 TB"} {
		if got := FileSize(n); got != want {
			t.Errorf("FileSize(%d) = %q, want %q", n, got, want)
		}
	}
}
