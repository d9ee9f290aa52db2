package feed

import (
	"context"
	"errors"
	"fmt"

	"bulletin/model"
)

// acceptPicture asks for the formats bulletin decodes.
const acceptPicture = "image/webp, image/png, image/jpeg, image/gif, image/*;q=0.8"

// Picture fetches the picture at rawURL (http or https only) with the
// fetcher's settings (User-Agent, timeouts, connections shared with the
// feeds), reading at most maxBytes of it. What it is, is checked by the
// one who decodes it. Errors name the URL.
func (f *Fetcher) Picture(ctx context.Context, rawURL string, maxBytes int64) ([]byte, error) {
	f.init()
	fail := func(err error) ([]byte, error) {
		return nil, fmt.Errorf("%s: %w", model.CleanLine(rawURL), err)
	}
	data, _, _, err := f.get(ctx, rawURL, acceptPicture, maxBytes)
	if errors.Is(err, ErrTooLarge) {
		return fail(fmt.Errorf("picture too large: over %d MB", maxBytes>>20))
	}
	if err != nil {
		return fail(err)
	}
	return data, nil
}
