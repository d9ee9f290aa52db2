package opml_test

import (
	"fmt"
	"os"
	"strings"

	"bulletin/sources/opml"
)

func ExampleRead() {
	urls := `# my feeds
https://go.dev/blog/feed.atom tech "~The Go Blog"
https://lwn.net/headlines/rss tech linux
`
	l, err := opml.Read(strings.NewReader(urls))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range l.Feeds {
		fmt.Printf("%s %q %v\n", f.URL, f.Title, f.Tags)
	}
	opml.Write(os.Stdout, l)
	// Output:
	// https://go.dev/blog/feed.atom "The Go Blog" [tech]
	// https://lwn.net/headlines/rss "" [tech linux]
	// <?xml version="1.0" encoding="UTF-8"?>
	// <opml version="2.0">
	//   <head>
	//     <title></title>
	//   </head>
	//   <body>
	//     <outline text="tech" title="tech">
	//       <outline type="rss" text="The Go Blog" title="The Go Blog" xmlUrl="https://go.dev/blog/feed.atom" category="/tech"/>
	//       <outline type="rss" text="https://lwn.net/headlines/rss" xmlUrl="https://lwn.net/headlines/rss" category="/tech,/linux"/>
	//     </outline>
	//   </body>
	// </opml>
}
