package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"bulletin/render"
)

func TestSplitPictures(t *testing.T) {
	md := "Before the storm.\n\n![A grey sky \\[over\\] the bay](https://pics.test/sky.png \"Sky\")\n\n" +
		"Text with `![not](https://pics.test/code.png)` code and [![](https://pics.test/small.png)](https://pics.test/big.png).\n\n" +
		"```\n![fenced](https://pics.test/fenced.png)\n```\n"
	out, refs := splitPictures(md)
	want := []pictureRef{{src: "https://pics.test/sky.png", alt: "A grey sky [over] the bay"}, {src: "https://pics.test/small.png", alt: ""}}
	if !reflect.DeepEqual(refs, want) {
		t.Fatalf("pictures %+v\nwant %+v", refs, want)
	}
	for _, keep := range []string{"`![not](https://pics.test/code.png)`", "![fenced](https://pics.test/fenced.png)", "[picture](https://pics.test/big.png)"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q lost from\n%s", keep, out)
		}
	}
	rendered, err := render.Markdown(out, render.Dark, 40)
	if err != nil {
		t.Fatal(err)
	}
	var found []int
	for _, l := range strings.Split(rendered, "\n") {
		if n := markerIndex(l); n >= 0 {
			found = append(found, n)
			if strings.TrimSpace(ansi.Strip(l)) != pictureMarker(n) {
				t.Errorf("marker line %q holds more than the marker", ansi.Strip(l))
			}
		}
	}
	if !reflect.DeepEqual(found, []int{0, 1}) {
		t.Errorf("markers %v on their own lines after Glamour, want [0 1]:\n%s", found, ansi.Strip(rendered))
	}
}

func TestSplitPicturesLeavesBrokenReferences(t *testing.T) {
	for _, md := range []string{"![no close", "![alt](", "![alt]()", "![a](b", "[![a](b"} {
		out, refs := splitPictures(md)
		if len(refs) != 0 {
			t.Errorf("%q: pictures %+v", md, refs)
		}
		if !strings.Contains(out, "![") {
			t.Errorf("%q became %q", md, out)
		}
	}
}
