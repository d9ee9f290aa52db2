package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/model"
	"bulletin/serversync"
	"bulletin/sources/greader"
	"bulletin/store"
)

func newSyncCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync with your feed server: push what you read and starred, bring what is new",
		Long: "Sync with the feed server of [sync] in the configuration (Miniflux, FreshRSS\n" +
			"or any server of the Google Reader API): the read and star marks made here\n" +
			"go to the server first, then its subscriptions, new items and read state\n" +
			"come here. The server owns the subscription list: your feeds follow it.\n" +
			"On a terminal a progress bar shows on stderr; elsewhere a line a step.\n" +
			"Exit status 1 when the sync failed; nothing made here is lost then.",
		Example: "  bulletin sync login\n  bulletin sync",
		Args:    cobra.NoArgs,
		RunE:    runSync,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "login",
		Short: "Check the account of [sync] and say what the server holds",
		Args:  cobra.NoArgs,
		RunE:  runSyncLogin,
	})
	return cmd
}

// syncClient is the client of the configuration's [sync] account.
func syncClient(ctx context.Context, cfg *config.Config) (*greader.Client, error) {
	if cfg.Sync == nil {
		return nil, fmt.Errorf("no feed server to sync with: add a [sync] table (url, username, password_command) to %s", cfg.File())
	}
	password, err := cfg.Sync.Password(ctx)
	if err != nil {
		return nil, err
	}
	return greader.New(cfg.Sync.URL, cfg.Sync.Username, password)
}

// SyncEngine is the sync of the configuration's [sync] account with the
// store, the user's feed list following the server's. The reader runs
// its Sync with a progress callback of its own.
func SyncEngine(ctx context.Context, cfg *config.Config, db *store.DB) (*serversync.Engine, error) {
	c, err := syncClient(ctx, cfg)
	if err != nil {
		return nil, err
	}
	path := cfg.File()
	return &serversync.Engine{
		Client:  c,
		DB:      db,
		Account: cfg.Sync.Username + " at " + cfg.Sync.URL,
		Mirrored: func(feeds []store.ServerFeed, removed []string) error {
			return config.Update(path, func(c *config.Config) error {
				followServer(c, feeds, removed)
				return nil
			})
		},
	}, nil
}

// followServer makes the configuration's feeds the server's: each server
// feed listed, with the server's tags; feeds the server dropped removed.
// Feeds the server never had (a local file) stay.
func followServer(c *config.Config, feeds []store.ServerFeed, removed []string) {
	for _, u := range removed {
		c.RemoveFeed(u)
	}
	for _, f := range feeds {
		tags := make([]string, 0, len(f.Tags))
		for _, t := range f.Tags {
			if t = model.CleanLine(t); t != "" {
				tags = append(tags, t)
			}
		}
		if i := c.FeedIndex(f.URL); i >= 0 {
			if !slices.Equal(c.Feeds[i].Tags, tags) && len(tags) > 0 {
				c.Feeds[i].Tags = tags
			}
			continue
		}
		c.AddFeed(config.Feed{URL: f.URL, Tags: tags})
	}
}

func runSyncLogin(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	c, err := syncClient(ctx, cfg)
	if err != nil {
		return err
	}
	if err := c.Login(ctx); err != nil {
		return errors.New(serversync.Words(err))
	}
	subs, err := c.Subscriptions(ctx)
	if err != nil {
		return errors.New(serversync.Words(err))
	}
	unread, err := c.ItemIDs(ctx, greader.Query{Stream: greader.ReadingList, Exclude: greader.Read})
	if err != nil {
		return errors.New(serversync.Words(err))
	}
	fmt.Fprintf(cmd.OutOrStdout(), "logged in to %s as %s: %d subscriptions, %d unread\n",
		model.CleanLine(cfg.Sync.URL), model.CleanLine(cfg.Sync.Username), len(subs), len(unread))
	return nil
}

func runSync(cmd *cobra.Command, _ []string) error {
	// Ctrl-C ends the sync between two of its transactions; what it
	// stored stays, and what waits to be pushed still waits.
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	st, err := openWritableStore(cmd, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	e, err := SyncEngine(ctx, cfg, st.db)
	if err != nil {
		return err
	}
	collectLess()
	stderr := cmd.ErrOrStderr()
	terminal := isTerminal(stderr)
	p := newProgress(stderr, terminal, !terminal)
	lastStep := serversync.Step("")
	e.Progress = func(pr serversync.Progress) {
		// Piped, a line a step; on a terminal, the bar follows the counts.
		if !terminal && pr.Step == lastStep {
			return
		}
		lastStep = pr.Step
		if !terminal {
			p.show(stepLine(pr))
			return
		}
		p.show(syncLine(pr))
	}
	start := time.Now()
	sum, err := e.Sync(ctx)
	p.done()
	for _, w := range sum.Warnings {
		fmt.Fprintf(stderr, "bulletin: warning: %s\n", model.CleanLine(w))
	}
	if err != nil {
		waiting, _ := st.db.OutboxLen(context.WithoutCancel(ctx))
		msg := serversync.Words(err)
		if waiting > 0 {
			msg += fmt.Sprintf(" (%d changes kept, to push at the next sync)", waiting)
		}
		return errors.New(msg)
	}
	fmt.Fprintf(stderr, "bulletin: synced in %v: %s\n", time.Since(start).Round(time.Millisecond), summaryLine(sum))
	return nil
}

// syncLine is the progress line of a step: a bar when it has counts.
func syncLine(pr serversync.Progress) string {
	if pr.Total == 0 {
		return string(pr.Step)
	}
	return fmt.Sprintf("%s %s %d/%d", pr.Step, bar(pr.Done, pr.Total), pr.Done, pr.Total)
}

// stepLine is the plain line of a step, with how much work it has.
func stepLine(pr serversync.Progress) string {
	if pr.Total == 0 {
		return string(pr.Step)
	}
	return fmt.Sprintf("%s (%d)", pr.Step, pr.Total)
}

func summaryLine(s serversync.Summary) string {
	return fmt.Sprintf("%d feeds, %d new items, %d changes pushed, %d read or star marks taken from the server", s.Feeds, s.NewItems, s.Pushed, s.StateChanges)
}

// serverOf is the client of [sync] when it is set, for add and remove to
// change the server's subscriptions (it owns the list); nil without sync.
func serverOf(ctx context.Context) (*greader.Client, error) {
	cfg, err := config.Load()
	if err != nil || cfg.Sync == nil {
		return nil, err
	}
	return syncClient(ctx, cfg)
}

// subscribeOnServer subscribes the server to a feed added here; a feed
// that is no web address (a local file) stays here only.
func subscribeOnServer(ctx context.Context, c *greader.Client, feedURL, title string) error {
	if _, err := model.WebLink(feedURL); err != nil {
		return nil
	}
	if err := c.Subscribe(ctx, feedURL, title); err != nil {
		return fmt.Errorf("%s is subscribed here, but not on the feed server: %s; bulletin add it again once the server answers", model.CleanLine(feedURL), serversync.Words(err))
	}
	return nil
}

// unsubscribeOnServer unsubscribes the server from a feed it listed; a
// feed it never listed needs nothing there.
func unsubscribeOnServer(ctx context.Context, c *greader.Client, db *store.DB, feedURL string) error {
	stream, ok, err := db.ServerStream(ctx, feedURL)
	if err != nil || !ok {
		return err
	}
	if err := c.Unsubscribe(ctx, stream); err != nil {
		return fmt.Errorf("%s: not removed, as the feed server could not unsubscribe from it: %s", model.CleanLine(feedURL), serversync.Words(err))
	}
	return nil
}
