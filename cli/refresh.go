package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/model"
)

func newRefreshCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "refresh [URL...]",
		Short: "Fetch your feeds and store their new items",
		Long: "Fetch every feed you subscribe to (or the feeds named), many at once and\n" +
			"politely, and store what is new. On a terminal a progress bar shows on\n" +
			"stderr; elsewhere each feed that fails is a line there. A summary follows.\n" +
			"Exit status 1 when a feed failed. Ctrl-C stops it; the feeds stored so far\n" +
			"stay stored.",
		Example: "  bulletin refresh\n  bulletin refresh https://go.dev/blog/feed.atom",
		Args:    cobra.ArbitraryArgs,
		RunE:    runRefresh,
	}
}

// refreshTally counts how a refresh went, for its summary.
type refreshTally struct {
	fetched, notModified, failed, gone, later, deferred int
	newItems, updated                                   int
}

func (t *refreshTally) count(p model.FeedProgress) (problem bool) {
	t.newItems += p.New
	t.updated += p.Updated
	switch p.Feed.Status {
	case "fetched":
		t.fetched++
	case "not modified":
		t.notModified++
	case "gone":
		t.gone++
		return true
	case "retry later":
		t.later++
		return true
	case "deferred":
		t.deferred++
	default:
		t.failed++
		return true
	}
	return false
}

func (t *refreshTally) String() string {
	parts := []string{fmt.Sprintf("%d fetched", t.fetched), fmt.Sprintf("%d not modified", t.notModified),
		fmt.Sprintf("%d failed", t.failed), fmt.Sprintf("%d gone", t.gone)}
	if t.later > 0 {
		parts = append(parts, fmt.Sprintf("%d to retry later", t.later))
	}
	if t.deferred > 0 {
		parts = append(parts, fmt.Sprintf("%d waiting for their Retry-After", t.deferred))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf("; %d new items, %d updated", t.newItems, t.updated)
}

func runRefresh(cmd *cobra.Command, args []string) error {
	// With a feed server, the server fetches the feeds: fetching them
	// here too would store each item twice (by its feed's id and by the
	// server's).
	if cfg, err := config.Load(); err == nil && cfg.Sync != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: [sync] is set: syncing with %s, which fetches the feeds\n", model.CleanLine(cfg.Sync.URL))
		return runSync(cmd, nil)
	}
	// Ctrl-C ends the refresh between two feeds' transactions, and the
	// summary still says what was stored.
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A second Ctrl-C, while the fetches under way end, kills at once.
	context.AfterFunc(ctx, stop)
	svc, st, err := openFeeds(cmd, true)
	if err != nil {
		return err
	}
	defer st.Close()
	collectLess()
	// The terminal's progress bar and the summary say enough.
	svc.SkipArticles = true
	stderr := cmd.ErrOrStderr()
	terminal := isTerminal(stderr)
	p := newProgress(stderr, terminal, false)
	var tally refreshTally
	start := time.Now()
	total := 0
	err = svc.Refresh(ctx, args, func(fp model.FeedProgress) {
		total = fp.Total
		if tally.count(fp) {
			p.clear()
			what := fp.Feed.Error
			if what == "" {
				what = fp.Feed.Status
			}
			// Errors of feed name the URL already.
			if !strings.Contains(what, fp.Feed.URL) {
				what = fp.Feed.URL + ": " + what
			}
			fmt.Fprintf(stderr, "bulletin: %s\n", model.CleanLine(strings.TrimPrefix(what, "feed: ")))
		}
		// A feed read with trouble (cut off) is fetched, not failed, but
		// what may be missing from it is said.
		for _, w := range fp.Feed.Warnings {
			p.clear()
			fmt.Fprintf(stderr, "bulletin: %s: warning: %s\n", model.CleanLine(fp.Feed.URL), model.CleanLine(w))
		}
		if fp.MovedTo != "" {
			p.clear()
			fmt.Fprintf(stderr, "bulletin: a feed moved for good to %s; your subscription follows it\n", model.CleanLine(fp.MovedTo))
		}
		if terminal {
			p.show(progressBar(fp.Done, fp.Total, tally.failed+tally.gone+tally.later))
		}
	})
	p.done()
	interrupted := errors.Is(err, context.Canceled) && ctx.Err() != nil
	if err != nil && !interrupted {
		return err
	}
	done := tally.fetched + tally.notModified + tally.failed + tally.gone + tally.later + tally.deferred
	elapsed := time.Since(start).Round(time.Millisecond)
	if done == 0 && !interrupted {
		fmt.Fprintln(stderr, "bulletin: no feeds to refresh: add some with bulletin add URL, or bulletin import FILE")
		return nil
	}
	if interrupted {
		fmt.Fprintf(stderr, "bulletin: interrupted after %d of %d feeds in %v: %s\n", done, total, elapsed, &tally)
		return errReported
	}
	fmt.Fprintf(stderr, "bulletin: %d feeds in %v: %s\n", done, elapsed, &tally)
	if tally.failed+tally.gone+tally.later > 0 {
		return errReported
	}
	return nil
}

// refreshMemory is the heap a refresh lets grow before collecting. A cold
// refresh allocates its feeds' bytes several times over (bodies, parsed
// trees, items) and holds little: with the default, collecting costs a
// fifth of its CPU; within this limit, the process stays under 100 MB.
const refreshMemory = 64 << 20

// collectLess lets the heap grow to refreshMemory before the garbage
// collector runs, unless GOGC or GOMEMLIMIT say otherwise.
func collectLess() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(refreshMemory)
	debug.SetGCPercent(-1)
}

// progressBar is the terminal's progress line: a bar of 30 cells, the
// feeds done and the failures so far.
func progressBar(done, total, failed int) string {
	s := fmt.Sprintf("refreshing %s %d/%d feeds", bar(done, total), done, total)
	if failed > 0 {
		s += fmt.Sprintf(", %d failed", failed)
	}
	return s
}

// bar is a bar of 30 cells, filled for done of total.
func bar(done, total int) string {
	const width = 30
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}
