package cli

import (
	"errors"
	"os"
	"strings"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/model"
	"bulletin/picture"
	"bulletin/ui"
)

// imagesFlag is the value of --images; "" leaves the configuration's.
type imagesFlag string

func (f *imagesFlag) String() string { return string(*f) }
func (f *imagesFlag) Type() string   { return "mode" }
func (f *imagesFlag) Set(v string) error {
	if _, err := picture.ParseProtocol(v); err != nil || strings.TrimSpace(v) == "" {
		return errors.New("want one of " + strings.Join(config.ImageModes, ", "))
	}
	*f = imagesFlag(strings.ToLower(strings.TrimSpace(v)))
	return nil
}

// pictureSettings gives the reader what it draws pictures with: the mode
// (--images over the configuration's images), what the environment says
// of the terminal, the feeds' fetcher (so pictures are fetched as
// politely as feeds) and the disk cache in the XDG cache folder.
func pictureSettings(opts *ui.Options, cfg *config.Config, fs model.Feeds, flag imagesFlag) {
	if flag != "" {
		opts.Images, _ = picture.ParseProtocol(string(flag))
	}
	opts.ImageEnv = picture.EnvFrom(os.Getenv)
	// Bubble Tea draws on standard output.
	opts.ImageEnv.Cell = picture.WindowCell(os.Stdout.Fd())
	if svc, ok := fs.(*feeds.Service); ok && svc != nil {
		opts.Pictures = svc.Fetcher()
	} else {
		var s config.Settings
		if cfg != nil {
			s = cfg.Settings
		}
		opts.Pictures = feeds.NewFetcher(s, version())
	}
	opts.PictureCache = picture.NewCache(picture.CacheDir(), picture.DefaultCacheBytes)
}
