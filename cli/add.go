package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"bulletin/model"
)

func newAddCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "add URL|FOLDER...",
		Short: "Subscribe to feeds, or add folders of article files to your library",
		Long: "Subscribe to each feed and store its items at once, or add each folder of\n" +
			"article files to your library. URL is a feed (http, https, a file:// URL or\n" +
			"the path of a feed file), or a web page: its feed is found through the page's\n" +
			"<link rel=\"alternate\">. With sources of your own, bulletin opens them instead\n" +
			"of the tour. The subscriptions are kept in the configuration file.",
		Example: "  bulletin add https://go.dev/blog/feed.atom\n" +
			"  bulletin add https://lwn.net/          # finds the site's feed\n" +
			"  bulletin add ~/news                    # a folder of article files",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("add needs a URL or a FOLDER")}
			}
			return nil
		},
		RunE: runAdd,
	}
}

// runAdd adds each argument on its own: one that fails is reported on
// stderr, and the others are still added.
func runAdd(cmd *cobra.Command, args []string) error {
	svc, st, err := openFeeds(cmd, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	failed := false
	for _, arg := range args {
		if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
			added, err := svc.AddFolder(arg)
			switch {
			case err != nil:
				cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
				failed = true
			case added:
				fmt.Fprintf(out, "added the folder %s\n", model.CleanLine(arg))
			default:
				fmt.Fprintf(out, "the folder %s is in your library already\n", model.CleanLine(arg))
			}
			continue
		}
		a, err := svc.Add(ctx, arg)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
			failed = true
			continue
		}
		url := model.CleanLine(a.URL)
		switch {
		case a.Already:
			fmt.Fprintf(out, "already subscribed to %s\n", url)
		case a.Page != "":
			fmt.Fprintf(out, "subscribed to %s (%s, %s), the feed of %s\n", url, model.CleanLine(a.Title), items(a.Items), model.CleanLine(a.Page))
		default:
			fmt.Fprintf(out, "subscribed to %s (%s, %s)\n", url, model.CleanLine(a.Title), items(a.Items))
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// items counts items in words.
func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}
