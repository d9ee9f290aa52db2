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

// The configuration checks images against its list and the reader reads
// it with picture.ParseProtocol: the two lists name the same modes, so a
// value the configuration accepts is never read as another.
func TestImageModesAreThePictureProtocols(t *testing.T) {
	seen := map[picture.Protocol]bool{}
	for _, mode := range config.ImageModes {
		p, err := picture.ParseProtocol(mode)
		if err != nil {
			t.Fatalf("images = %q is accepted by the configuration but not by the picture package: %v", mode, err)
		}
		if p.String() != mode {
			t.Errorf("images = %q reads as %v", mode, p)
		}
		seen[p] = true
	}
	for p := picture.Auto; p <= picture.Kitty; p++ {
		if !seen[p] {
			t.Errorf("the picture protocol %v is not among the configuration's image modes", p)
		}
	}
}
