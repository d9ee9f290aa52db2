package feed

import "testing"

func TestParseThumbnails(t *testing.T) {
	f := mustParse(t, `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>V</title>
<item><title>video</title><guid>1</guid>
<media:group><media:content url="https://v.example/clip.mp4" type="video/mp4"/><media:thumbnail url="javascript:alert(1)"/><media:thumbnail url="/still.jpg" width="480"/><media:thumbnail url="/still-small.jpg"/></media:group></item>
<item><title>photo</title><guid>2</guid>
<media:content url="https://p.example/photo.jpg" type="image/jpeg"><media:thumbnail url="https://p.example/photo-thumb.jpg"/></media:content></item>
<item><title>thumb only</title><guid>3</guid><media:thumbnail url="https://p.example/t?id=3"/></item>
</channel></rss>`, ParseOptions{URL: "https://v.example/feed"})
	assertEnclosures(t, "video", f.Items[0].Enclosures, []Enclosure{
		{URL: "https://v.example/clip.mp4", Type: "video/mp4"},
		{URL: "https://v.example/still.jpg", Type: thumbnailType},
	})
	assertEnclosures(t, "photo", f.Items[1].Enclosures, []Enclosure{{URL: "https://p.example/photo.jpg", Type: "image/jpeg"}})
	assertEnclosures(t, "thumb only", f.Items[2].Enclosures, []Enclosure{{URL: "https://p.example/t?id=3", Type: thumbnailType}})
}
