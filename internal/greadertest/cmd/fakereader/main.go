// Command fakereader serves a Google Reader API account on loopback with
// generated feeds and items, for timing a sync (scripts/bench-sync.sh). It
// prints its URL on the first line of stdout and serves until killed.
//
//	fakereader -user ann -password secret -feeds 50 -items 10000
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"bulletin/internal/greadertest"
)

func main() {
	user := flag.String("user", "ann", "the account's user name")
	password := flag.String("password", "secret", "the account's password")
	feeds := flag.Int("feeds", 50, "how many subscriptions")
	items := flag.Int("items", 10000, "how many items, spread over the feeds")
	flag.Parse()
	if *feeds < 1 || *items < 0 {
		fmt.Fprintln(os.Stderr, "fakereader: -feeds must be at least 1 and -items not negative")
		os.Exit(2)
	}
	s := greadertest.Start(*user, *password)
	defer s.Close()
	ids := make([]int64, *feeds)
	for f := range ids {
		ids[f] = s.AddFeed(fmt.Sprintf("Feed %d", f+1), fmt.Sprintf("https://feed%d.example/rss", f+1))
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	para := "<p>" + strings.Repeat("Harbour news of the day, with the tides and the ships that came in. ", 20) + "</p>"
	for i := range *items {
		s.AddItem(greadertest.Item{FeedID: ids[i%*feeds], Title: fmt.Sprintf("Story %d of the harbour", i+1),
			Link: fmt.Sprintf("https://feed%d.example/story/%d", i%*feeds+1, i+1), Author: "Port desk",
			HTML: para + para, Published: start.Add(time.Duration(i) * time.Minute), Read: i%4 == 0, Starred: i%97 == 0})
	}
	fmt.Println(s.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
