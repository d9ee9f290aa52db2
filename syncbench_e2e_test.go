package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/minifluxtest"
	"bulletin/sources/greader"
)

// BenchEnv, set to a number of entries, runs TestSyncMinifluxTimes:
// scripts/bench-sync-miniflux.sh sets it. It is off by default, as
// filling Miniflux with 10,000 entries and syncing them twice takes a
// while that the suite should not spend on every run.
const benchEnv = "BULLETIN_BENCH_SYNC"

// TestSyncMinifluxTimes times `bulletin sync` against the real Miniflux:
// a first sync of N entries of 10 feeds, then a sync with nothing new,
// each with its wall time and peak RSS from GNU time.
func TestSyncMinifluxTimes(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(benchEnv))
	if n <= 0 {
		t.Skipf("set %s=10000 to time sync against Miniflux", benchEnv)
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skip("needs GNU time (/usr/bin/time) for the peak RSS")
	}
	mf := minifluxtest.Shared(t)
	feeds := feedtest.NewServer(t)
	const nFeeds = 10
	began := time.Now()
	for f := range nFeeds {
		name := fmt.Sprintf("Bench%d", f)
		id := mf.Subscribe(t, feeds.Feed("/"+name+".xml", rssFeed(name, feeds.URL, name+" first")), 0)
		mf.AddEntries(t, id, name, n/nFeeds)
	}
	total := nFeeds + n/nFeeds*nFeeds
	t.Logf("Miniflux filled with %d entries in %v", total, time.Since(began).Round(time.Millisecond))
	_, pass := mf.ReaderLogin()
	h := syncHome(t, mf, mf.URL(), pass)
	for _, which := range []string{"first sync", "sync with nothing new"} {
		timeFile := filepath.Join(h.dir, "time")
		cmd := exec.Command("/usr/bin/time", "-f", "%e %M", "-o", timeFile, binary(t), "sync")
		cmd.Env = h.env
		if r := execute(t, cmd); r.code != 0 {
			t.Fatalf("%s: exit %d\n%s", which, r.code, r.stderr)
		} else {
			t.Logf("%s: %s", which, lastLine(r.stderr))
		}
		b, err := os.ReadFile(timeFile)
		if err != nil {
			t.Fatal(err)
		}
		var secs float64
		var kb int
		if _, err := fmt.Sscan(string(b), &secs, &kb); err != nil {
			t.Fatalf("GNU time wrote %q: %v", b, err)
		}
		fmt.Printf("| %s of %d entries | %.2f s | %.0f MB |\n", which, total, secs, float64(kb)/1024)
	}
	// What telling new entries by id costs: the list of every id.
	user, _ := mf.ReaderLogin()
	c, err := greader.New(mf.URL(), user, pass)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ids, err := c.ItemIDs(context.Background(), greader.Query{Stream: greader.ReadingList, PerPage: 10000})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("| listing every id (%d) | %.2f s | |\n", len(ids), time.Since(start).Seconds())
	if got := len(listByTitle(t, h)); got != total {
		t.Errorf("%d articles listed after the syncs, want %d", got, total)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
