package picture

import (
	"context"
	"errors"
	"fmt"
	"image"

	"bulletin/model"
)

// Getter fetches a picture from the web; sources/feed's Fetcher.Picture is
// one, so pictures are fetched as politely as feeds.
type Getter interface {
	Picture(ctx context.Context, url string, maxBytes int64) ([]byte, error)
}

// Loader gets a picture's bytes: from the cache, else from the web, which
// it then caches. It does I/O, so it runs in a command, never in Update.
type Loader struct {
	Web   Getter
	Cache *Cache // nil: no cache
}

// Load returns the bytes of the picture at url, an http or https URL.
// ctx cuts the fetch off (the article was closed).
func (l *Loader) Load(ctx context.Context, url string) ([]byte, error) {
	if _, err := model.WebLink(url); err != nil {
		return nil, failed(url, err)
	}
	if l.Cache != nil {
		if data, ok := l.Cache.Get(url); ok {
			return data, nil
		}
	}
	if l.Web == nil {
		return nil, failed(url, errors.New("no way to fetch pictures"))
	}
	data, err := l.Web.Picture(ctx, url, MaxBytes)
	if err != nil {
		// The fetcher's error already names the URL.
		return nil, fmt.Errorf("picture: %w", err)
	}
	if l.Cache != nil {
		// A cache that cannot be written costs a fetch next time, no
		// more: the picture is still shown.
		_ = l.Cache.Put(url, data)
	}
	return data, nil
}

// LoadDecoded is Load then Decode.
func (l *Loader) LoadDecoded(ctx context.Context, url string) (image.Image, error) {
	data, err := l.Load(ctx, url)
	if err != nil {
		return nil, err
	}
	return Decode(url, data)
}
