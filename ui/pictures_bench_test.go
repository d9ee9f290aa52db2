package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/picture"
)

// photoJPEG is an 800×500 JPEG with detail everywhere, the size of a news
// photo.
func photoJPEG(b testing.TB) []byte {
	b.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 800, 500))
	for y := range 500 {
		for x := range 800 {
			img.Set(x, y, color.RGBA{R: uint8(x * y), G: uint8(x + 3*y), B: uint8(7 * x), A: 255})
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}

// memPictures serves pictures from memory.
type memPictures map[string][]byte

func (m memPictures) Picture(_ context.Context, url string, _ int64) ([]byte, error) {
	if d, ok := m[url]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("%s: not found", url)
}

// BenchmarkOpenArticleFivePictures times the frame that shows an article
// whose body and five pictures are cached (opened before): the text, with
// the pictures in place, must be on screen within one frame (16 ms).
func BenchmarkOpenArticleFivePictures(b *testing.B) {
	photo := photoJPEG(b)
	web := memPictures{}
	var body strings.Builder
	for i := range 5 {
		url := fmt.Sprintf("https://pics.test/%d.jpg", i)
		web[url] = photo
		fmt.Fprintf(&body, "Paragraph %d of a long report on the harbour, with words enough to wrap.\n\n![Photo %d](%s)\n\n", i, i, url)
	}
	src := &fakeSource{name: "pics", articles: []model.Article{{
		Ref: "pics/1", Source: "Harbour News", Path: "1", ID: "1", Title: "Five photos",
		Published: at(30), HasDate: true, DateText: "today", Body: body.String(), Markdown: true,
	}}}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow },
		Images: picture.HalfBlocks, Pictures: web})
	m = benchSend(b, m, tea.WindowSizeMsg{Width: benchW, Height: benchH}, nil)
	m = benchDrive(b, m, m.Init(), func(m Model) bool { return !m.s.loading })
	open := func(m Model) Model {
		return benchSend(b, m, press("enter"), func(m Model) bool { return m.article.complete() && !m.s.jobs.busy("", jobPicture) })
	}
	m = open(m)
	if got := strings.Count(plain(m), "▀"); got == 0 {
		b.Fatalf("no picture drawn:\n%s", plain(m))
	}
	var frames timings
	b.ResetTimer()
	for range b.N {
		m = benchSend(b, m, press("esc"), nil)
		start := time.Now()
		nm, _ := m.Update(press("enter"))
		m = nm.(Model)
		sink = m.View().Content
		frames = append(frames, time.Since(start))
		if !strings.Contains(sink, "Photo 0") || !strings.Contains(sink, "▀") {
			b.Fatalf("the frame lacks the cached picture:\n%s", plain(m))
		}
	}
	frames.report(b)
}

// BenchmarkPictureFromCache times what a picture's job does once its bytes
// are on disk: decode an 800×500 JPEG and render it for a 96×14 box.
func BenchmarkPictureFromCache(b *testing.B) {
	photo := photoJPEG(b)
	for _, p := range []picture.Protocol{picture.HalfBlocks, picture.Kitty, picture.Sixel} {
		b.Run(p.String(), func(b *testing.B) {
			var each timings
			for range b.N {
				start := time.Now()
				img, err := picture.Decode("photo.jpg", photo)
				if err != nil {
					b.Fatal(err)
				}
				pic := picture.Render(img, picture.Options{Protocol: p, Box: picture.BoxFor(96, 28), ID: 7})
				each = append(each, time.Since(start))
				sink = strings.Join(pic.Lines, "")
			}
			each.report(b)
		})
	}
}
