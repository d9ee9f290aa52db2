package cli

import (
	"strings"
	"testing"

	"bulletin/config"
	"bulletin/picture"
	"bulletin/ui"
)

func TestImagesFromConfigAndFlag(t *testing.T) {
	cfg, err := config.Parse("c.toml", []byte("[settings]\nimages = \"off\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var opts ui.Options
	readerSettings(&opts, cfg)
	pictureSettings(&opts, cfg, nil, "")
	if opts.Images != picture.Off || opts.Pictures == nil || opts.PictureCache == nil {
		t.Errorf("images = \"off\" gave %v (fetcher %v, cache %v)", opts.Images, opts.Pictures != nil, opts.PictureCache != nil)
	}
	var flag imagesFlag
	if err := flag.Set("HalfBlocks"); err != nil {
		t.Fatal(err)
	}
	pictureSettings(&opts, cfg, nil, flag)
	if opts.Images != picture.HalfBlocks {
		t.Errorf("--images halfblocks over images = \"off\" gave %v", opts.Images)
	}
	for _, bad := range []string{"", "png", "kitty2"} {
		if err := flag.Set(bad); err == nil || !strings.Contains(err.Error(), "halfblocks") {
			t.Errorf("--images %q: %v", bad, err)
		}
	}
}
