package model

import "testing"

func TestIsVideoPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/2016/08/31/a.mp4":         true,
		"/2016/08/31/a.MP4":         true,
		"/2016/08/31/a.Mp4":         true,
		"/clip.mp4?v=2":             true,
		"/clip.MP4?v=2&size=large":  true,
		"/clip.mp4#t=10":            true,
		"/clip.webm?x=1#t=3":        true,
		"/clip.mov":                 true,
		"/clip.m4v":                 true,
		"/a.jpg":                    false,
		"/a.JPG?v=2":                false,
		"/a.jpg?name=b.mp4":         false,
		"/a.jpg#b.mp4":              false,
		"/videos.mp4/still.jpg":     false,
		"/2016.08/pic":              false,
		"/mp4":                      false,
		"":                          false,
		"?v=2.mp4":                  false,
		"/clip.mp4x":                false,
		"/clip.mp4 ":                false,
		"/uploads/clip.mp4?":        true,
		"https://m.example/x.MP4#a": true,
	} {
		if got := IsVideoPath(p); got != want {
			t.Errorf("IsVideoPath(%q) = %v, want %v", p, got, want)
		}
	}
}
