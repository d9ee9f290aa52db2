package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bulletin/model"
)

func newRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "remove URL|FOLDER...",
		Short: "Unsubscribe from feeds, or take folders out of your library",
		Long: "Remove each feed from your subscriptions and its items from the library store,\n" +
			"or each folder from your library (its files stay where they are). What you\n" +
			"read and starred is remembered, should you add them again.",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("remove needs a URL or a FOLDER")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, st, err := openFeeds(cmd, true)
			if err != nil {
				return err
			}
			defer st.Close()
			server, err := serverOf(cmd.Context())
			if err != nil {
				return err
			}
			failed := false
			for _, arg := range args {
				// The server owns the list when sync is on: it lets the
				// feed go first, or the next sync would bring it back.
				if server != nil {
					if err := unsubscribeOnServer(cmd.Context(), server, st.db, strings.TrimSpace(arg)); err != nil {
						cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
						failed = true
						continue
					}
				}
				removed, err := svc.Remove(cmd.Context(), arg)
				if err != nil {
					cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
					failed = true
					continue
				}
				fmt.Fprintf(cmd.OutOrStdout(), "removed %s\n", model.CleanLine(removed))
			}
			if failed {
				return errReported
			}
			return nil
		},
	}
}
